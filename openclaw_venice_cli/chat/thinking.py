"""Thinking levels: ``--thinking`` and OpenClaw's config defaults -> ``reasoning_effort``.

Where the level comes from (the first that is set): ``--thinking``, then
``agents.defaults.models["<provider>/<id>"].params.thinking``, then
``agents.defaults.thinkingDefault``. Without any, nothing is sent and the model thinks
as it does by default.

What is sent: a level is ``reasoning_effort`` (Venice's levels are OpenClaw's, with
``none`` for ``off``); ``off`` also sets ``venice_parameters.disable_thinking`` on Venice
(the switch every Venice reasoning model knows), and sends ``none`` only to models
that list it; ``adaptive`` sends nothing (the provider decides). Checks against the
catalog (a level the model does not list, a model that does not reason): an explicit
``--thinking`` is refused before anything is sent (exit 2); a model's own ``params``
level that does not fit is left out with one note; ``thinkingDefault`` applies only
where it fits, silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.errors import UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.model import ModelInfo
    from openclaw_venice_cli.catalog.ref import ModelRef
    from openclaw_venice_cli.chat.options import ChatOptions
    from openclaw_venice_cli.config.loader import Config

FLAG_LEVELS = ("off", "minimal", "low", "medium", "high", "xhigh", "max", "adaptive")
_CONFIG_ONLY = {"ultra": "max"}  # OpenClaw's config enum has one level Venice names "max"


class Thinking(NamedTuple):
    """A chosen level and where it came from (``--thinking`` or a config key)."""

    level: str
    source: str

    @property
    def explicit(self) -> bool:
        return self.source == "--thinking"


class Effort(NamedTuple):
    """What a level adds to a request, and a note when a default was left out."""

    body: dict[str, Any]
    venice: dict[str, Any]
    note: str | None = None


def parse_level(text: str) -> str:
    """A ``--thinking`` value, checked (exit 2 for anything else)."""
    level = text.strip().lower()
    if level not in FLAG_LEVELS:
        raise UsageError(f'--thinking must be one of {", ".join(FLAG_LEVELS[:-1])} '
                         f'(or adaptive), not "{text}".')
    return level


def chosen(options: ChatOptions, config: Config, ref: ModelRef) -> Thinking | None:
    """The level for ``ref``: the flag, the model's params, the global default, or None."""
    if options.thinking is not None:
        return Thinking(parse_level(options.thinking), "--thinking")
    per_model = schema.model_param(config.data, str(ref), schema.THINKING_PARAM)
    if isinstance(per_model, str) and per_model.strip():
        where = f'agents.defaults.models["{ref}"].params.thinking'
        return Thinking(_config_level(per_model), where)
    default = schema.text_at(config.data, schema.THINKING_DEFAULT)
    if default:
        return Thinking(_config_level(default), schema.dotted(schema.THINKING_DEFAULT))
    return None


def _config_level(value: str) -> str:
    level = value.strip().lower()
    return _CONFIG_ONLY.get(level, level)


def effort(thinking: Thinking | None, model: ModelInfo | None, provider: str) -> Effort:
    """The request fields for ``thinking`` on ``model`` (None: not in the catalog).

    Raises UsageError for an explicit level the catalog says the model cannot take.
    """
    if thinking is None or thinking.level == "adaptive":
        return Effort({}, {})
    problem = unsupported(thinking.level, model)
    if problem is not None:
        if thinking.explicit:
            raise UsageError(problem)
        if thinking.source == schema.dotted(schema.THINKING_DEFAULT):
            return Effort({}, {})  # the global default simply does not apply to this model
        return Effort({}, {}, f"Note: {problem} Leaving out {thinking.source}.")
    if thinking.level != "off":
        return Effort({"reasoning_effort": thinking.level}, {})
    if provider != "venice":
        return Effort({"reasoning_effort": "none"}, {})
    if model is not None and model.reasoning_effort is not None and not model.reasoning:
        return Effort({}, {})  # nothing to switch off
    options = model.effort_options if model is not None else None
    body = {"reasoning_effort": "none"} if options and "none" in options else {}
    return Effort(body, {"disable_thinking": True})


def unsupported(level: str, model: ModelInfo | None) -> str | None:
    """Why the catalog says ``model`` cannot take ``level`` (None: it can, or unknown).

    Only a row with Venice's capability flags (``reasoning_effort`` known) counts."""
    if model is None or model.reasoning_effort is None or level == "off":
        return None
    if not model.reasoning:
        return (f"{model.key} does not reason, so it takes no thinking level; pick a "
                "reasoning model (openclaw models list --capability reasoning).")
    if not model.reasoning_effort:
        return f"{model.key} reasons at a fixed level; it takes no --thinking level."
    options = [o for o in model.effort_options or () if o != "none"]
    if options and level not in options:
        return (f'{model.key} takes --thinking {"|".join(["off", *options])}, '
                f'not "{level}".')
    return None
