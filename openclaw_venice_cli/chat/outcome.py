"""What a turn reports besides the answer: deprecation warnings, the ``--usage`` line,
a cut-off answer, and a stop by the provider's content filter (exit 12).

All of it goes to stderr; header values and ids come from the server, so they are shown
through ``sanitize.one_line``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from openclaw_venice_cli.errors import ContentFiltered
from openclaw_venice_cli.sanitize import one_line

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.ref import ModelRef
    from openclaw_venice_cli.client.events import ChatResult, ResponseStarted, UsageInfo

CUT_OFF_NOTE = "Note: the answer was cut off at the token limit (finish_reason: length)."


def format_amount(value: float) -> str:
    """``0.0001586`` rather than ``1.586e-04``; integers without a point."""
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def usage_line(usage: UsageInfo | None, started: ResponseStarted | None) -> str:
    """``Tokens: 18 in (12 cached), 43 out (29 reasoning) · cost $0 / 0.0001586 DIEM ·
    balance …``."""
    parts: list[str] = []
    if usage is None or (usage.prompt_tokens is None and usage.completion_tokens is None):
        parts.append("Tokens: not reported")
    else:
        text = f"Tokens: {usage.prompt_tokens or 0} in"
        if usage.cached_tokens:
            text += f" ({usage.cached_tokens} cached)"
        text += f", {usage.completion_tokens or 0} out"
        if usage.reasoning_tokens:
            text += f" ({usage.reasoning_tokens} reasoning)"
        parts.append(text)
        costs = []
        if usage.cost_usd is not None:
            costs.append(f"${format_amount(usage.cost_usd)}")
        if usage.cost_diem is not None:
            costs.append(f"{format_amount(usage.cost_diem)} DIEM")
        if costs:
            parts.append("cost " + " / ".join(costs))
    if started is not None:
        balance = []
        if started.balance_usd:
            balance.append(f"${one_line(started.balance_usd, 40)}")
        if started.balance_diem:
            balance.append(f"{one_line(started.balance_diem, 40)} DIEM")
        if balance:
            parts.append("balance " + ", ".join(balance))
    return " · ".join(parts)


def deprecation_note(started: ResponseStarted, ref: ModelRef) -> str | None:
    """``Warning: venice/x is deprecated: <Venice's words> (until <date>; replacement:
    venice/y).`` from the ``x-venice-model-deprecation-*`` headers, or None."""
    warning = one_line(started.deprecation_warning or "", 300)
    date = one_line(started.deprecation_date or "", 40)
    replacement = one_line(started.replacement or "", 120)
    if not (warning or date or replacement):
        return None
    details = [f"until {date[:10]}" if date else "", f"replacement: {ref.provider}/"
               f"{replacement}" if replacement else ""]
    extra = "; ".join(d for d in details if d)
    text = f"Warning: {ref} is deprecated" + (f": {warning.rstrip('.')}" if warning else "")
    return text + (f" ({extra})." if extra else ".")


def content_filtered(result: ChatResult, ref: ModelRef) -> ContentFiltered | None:
    """The error for an answer that ended with ``finish_reason: content_filter``."""
    if result.finish_reason != "content_filter":
        return None
    what = ("the part before it is shown and saved" if result.content
            else "no answer was returned")
    return ContentFiltered(f"The provider's content filter stopped the answer of {ref} "
                           f"({what}). Rephrase the prompt, or try a private model "
                           "(openclaw models list --privacy private).",
                           cf_ray=result.started.cf_ray)
