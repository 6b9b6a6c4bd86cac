"""`ModelInfo`, one catalog row, and its plain-JSON form (the cache format).

Stdlib only: this is on the warm path of ``openclaw models list``.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from openclaw_venice_cli.sanitize import one_line

PRICE_KEYS = ("input", "output", "cache_input", "cache_write")
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


class ModelInfo(NamedTuple):
    """One model of a provider's catalog (static, discovered, cached or configured).

    A NamedTuple rather than a frozen dataclass: ≈ 0.3 ms to create at import instead
    of ≈ 2.7 ms, on the start-up path of ``models list``.
    """

    provider: str
    id: str
    name: str
    context_window: int | None
    max_tokens: int | None
    privacy: str | None  # "private" | "anonymized" (Venice extension; None if unknown)
    input: tuple[str, ...]  # ("text",) or ("text", "image")
    reasoning: bool
    vision: bool
    code: bool
    uncensored: bool
    function_calling: bool | None
    response_schema: bool | None
    web_search: bool | None
    pricing: dict[str, float] | None  # USD per 1M tokens: input/output/cache_input/cache_write
    offline: bool
    deprecated: bool
    replacement: str | None
    # ISO 8601 ``deprecation.removesAt`` of a model Venice will not remap (autoRemap false)
    retires_at: str | None = None
    # supportsReasoningEffort (None: unknown) and its reasoningEffortOptions, if listed
    reasoning_effort: bool | None = None
    effort_options: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        """``provider/id``, the form users type."""
        return f"{self.provider}/{self.id}"

    def retired(self, now: float) -> bool:
        """Past its ``removesAt`` without a remap: Venice no longer serves the id."""
        if not self.retires_at:
            return False
        from datetime import datetime

        try:
            when = datetime.fromisoformat(self.retires_at.replace("Z", "+00:00"))
        except ValueError:
            return False
        return when.tzinfo is not None and when.timestamp() <= now


_FIELD_NAMES = ModelInfo._fields
_REQUIRED_FIELDS = tuple(n for n in _FIELD_NAMES if n not in ModelInfo._field_defaults)


class Capability(NamedTuple):
    """One capability a model may have: how users type it, its JSON key, its field."""

    name: str  # CLI and table spelling: "web-search"
    json_key: str  # `models list --json` key: "webSearch"
    field: str  # the ModelInfo field holding it (True, False or None = unknown)


# The one list of model capabilities: `models list --capability`, its JSON, the
# onboarding picker and the built-in catalog's rows all read it.
CAPABILITIES: tuple[Capability, ...] = (
    Capability("vision", "vision", "vision"),
    Capability("reasoning", "reasoning", "reasoning"),
    Capability("code", "code", "code"),
    Capability("uncensored", "uncensored", "uncensored"),
    Capability("tools", "tools", "function_calling"),
    Capability("schema", "schema", "response_schema"),
    Capability("web-search", "webSearch", "web_search"),
)
CAPABILITY_NAMES: tuple[str, ...] = tuple(c.name for c in CAPABILITIES)


def capability_flags(model: ModelInfo) -> dict[str, bool | None]:
    """``{"vision": True, ..., "web-search": None}`` (None: the catalog does not say)."""
    return {c.name: getattr(model, c.field) for c in CAPABILITIES}


def has_capability(model: ModelInfo, name: str) -> bool:
    """Whether ``model`` has capability ``name`` (unknown counts as no)."""
    return capability_flags(model).get(name) is True


def positive_int(value: Any) -> int | None:
    """A positive finite number floored to int (bools and strings are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    number = int(value)
    return number if number > 0 else None


def price(value: Any) -> float | None:
    """A non-negative finite number (JSON int or float) as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def clean_text(value: Any) -> str | None:
    """A non-blank string on one line, control characters (ANSI escapes included) shown
    as ``^[`` (``sanitize.one_line``); None for anything else."""
    if not isinstance(value, str):
        return None
    return one_line(value) or None


def valid_id(value: Any) -> str | None:
    """A model id usable in ``provider/id``: a non-empty string without spaces/controls."""
    if isinstance(value, str) and value and len(value) <= 256 and not _BAD_ID.search(value):
        return value
    return None


def to_dict(model: ModelInfo) -> dict[str, Any]:
    """The JSON-ready form written to the cache."""
    row = {name: getattr(model, name) for name in _FIELD_NAMES}
    row["input"] = list(model.input)
    row["pricing"] = dict(model.pricing) if model.pricing is not None else None
    if model.effort_options is not None:
        row["effort_options"] = list(model.effort_options)
    return row


def _opt(value: Any, kind: type) -> bool:
    """None, or an instance of ``kind`` (a bool does not count as an int)."""
    if value is None:
        return True
    if kind is int and isinstance(value, bool):
        return False
    return isinstance(value, kind)


def from_dict(row: Any) -> ModelInfo | None:
    """Rebuild a cached row; None when anything is missing or of the wrong type."""
    if not isinstance(row, dict) or any(name not in row for name in _REQUIRED_FIELDS):
        return None
    values: dict[str, Any] = {name: row.get(name) for name in _FIELD_NAMES}  # + newer fields
    if not (valid_id(values["id"]) and isinstance(values["provider"], str)
            and isinstance(values["name"], str)):
        return None
    # A cache file is read back from disk: its text is shown, so it is cleaned again.
    values["name"] = clean_text(values["name"]) or values["id"]
    values["provider"] = clean_text(values["provider"]) or ""
    if isinstance(values["privacy"], str):
        values["privacy"] = clean_text(values["privacy"])
    if isinstance(values["replacement"], str):
        values["replacement"] = valid_id(values["replacement"])
    ok = all(_opt(values[n], int) for n in ("context_window", "max_tokens"))
    ok = ok and all(isinstance(values[n], bool) for n in (
        "reasoning", "vision", "code", "uncensored", "offline", "deprecated"))
    ok = ok and all(_opt(values[n], bool) for n in (
        "function_calling", "response_schema", "web_search", "reasoning_effort"))
    ok = ok and all(_opt(values[n], str) for n in ("privacy", "replacement", "retires_at"))
    inputs = values["input"]
    if not ok or not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        return None
    values["input"] = tuple(inputs)
    options = values["effort_options"]
    if options is not None:
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            return None
        values["effort_options"] = tuple(options)
    pricing = values["pricing"]
    if pricing is not None:
        if not isinstance(pricing, dict):
            return None
        cleaned = {k: price(pricing.get(k)) for k in PRICE_KEYS}
        values["pricing"] = {k: v for k, v in cleaned.items() if v is not None} or None
    return ModelInfo(**values)
