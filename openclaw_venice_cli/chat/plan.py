"""Everything decided before a turn is sent: which id goes out, what the catalog allows,
the thinking level, the prompt-cache key, how much history fits, and the request body.

The catalog is read without network (cache or built-in list). A Venice id the catalog
does not list but Venice's compatibility mapping does (``claude-opus-45`` ->
``claude-opus-4-5``) is sent under its new name, with one note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.chat.checks import base_id, check_capabilities
from openclaw_venice_cli.chat.request import build_body
from openclaw_venice_cli.chat.thinking import chosen, effort
from openclaw_venice_cli.chat.trim import answer_room, fit

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.model import ModelInfo
    from openclaw_venice_cli.chat.session import ChatSession
    from openclaw_venice_cli.config.loader import ProviderConfig


class TurnPlan(NamedTuple):
    """The body to send, the catalog's row for the model (None: unknown), the spinner's
    label, and the notes to show before sending."""

    body: dict[str, Any]
    model: ModelInfo | None
    label: str
    notes: list[str]


def plan_turn(session: ChatSession, provider: ProviderConfig,
              message: dict[str, Any]) -> TurnPlan:
    """The request for ``message`` in ``session``; UsageError (exit 2, nothing sent) when
    the catalog says the model cannot take it."""
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog, renamed_to

    env, options, ref = session.env, session.options, session.model_ref
    catalog = load_catalog(env, session.config, network=False)
    notes: list[str] = []
    model_id = ref.model_id
    renamed = renamed_to(catalog, base_id(model_id), provider.name)
    if renamed is not None:
        suffix = model_id[len(base_id(model_id)):]
        notes.append(f"{ref} is now {provider.name}/{renamed} (Venice's compatibility "
                     "mapping); sending that.")
        model_id = renamed + suffix
    model = find_model(catalog, base_id(model_id), provider.name)
    check_capabilities(model, catalog, options)
    level = effort(chosen(options, session.config, ref), model, provider.name)
    if level.note:
        notes.append(level.note)
    extra = dict(level.body)
    if provider.name == "venice":  # one key per conversation: its turns share a cache
        extra["prompt_cache_key"] = session.conversation.id
    history = session.messages
    if model is not None and model.context_window:
        room = answer_room(model.context_window, options.max_tokens, model.max_tokens)
        trimmed = fit(history, message, model.context_window, room)
        if trimmed.dropped:
            notes.append(
                f"Note: the conversation (about {trimmed.estimate:,} tokens) is longer than "
                f"{model.key}'s context window ({model.context_window:,} tokens); the "
                f"oldest {trimmed.dropped} turn{'s' if trimmed.dropped > 1 else ''} "
                "stay saved but are left out of this request.")
        history = trimmed.messages
    body = build_body(provider.name, model_id, [*history, message], options, extra=extra,
                      venice_extra=level.venice)
    off = (options.disable_thinking or bool(level.venice.get("disable_thinking"))
           or extra.get("reasoning_effort") == "none")
    thinks = model is not None and model.reasoning and not off
    return TurnPlan(body, model, "Thinking…" if thinks else "Waiting…", notes)
