"""The config keys we read and write: their paths, shapes and defaults, in one place.

Every command that reads or changes ``openclaw.json`` names keys through the paths
below and goes through :func:`lookup` (read) or :func:`ensure_object` (write), so a
missing key, an explicit ``null`` and a value of the wrong type are treated the same
everywhere. Shapes follow OpenClaw's config schema (``agents.defaults.model`` is a
string or ``{primary, fallbacks}``). Stdlib only: this is on every start-up path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openclaw_venice_cli.errors import ConfigError

Path = tuple[str, ...]

DEFAULT_BASE_URL = "https://api.venice.ai/api/v1"
DEFAULT_MODEL_REF = "venice/llama-3.3-70b"
DEFAULT_API = "openai-completions"
KEY_VAR = "VENICE_API_KEY"
KEY_REF = "${VENICE_API_KEY}"

AGENT_DEFAULTS: Path = ("agents", "defaults")
MODEL: Path = (*AGENT_DEFAULTS, "model")  # "provider/id" or {primary, fallbacks}
PRIMARY: Path = (*MODEL, "primary")
FALLBACKS: Path = (*MODEL, "fallbacks")
MODEL_ENTRIES: Path = (*AGENT_DEFAULTS, "models")  # {"provider/id": {alias, params}}
MODELS: Path = ("models",)
MODELS_MODE: Path = ("models", "mode")
PROVIDERS: Path = ("models", "providers")
ENV: Path = ("env",)
ENV_VARS: Path = ("env", "vars")
ENV_SPECIAL = ("vars", "shellEnv")  # keys of the env block that are not variables


def dotted(path: Path) -> str:
    """``agents.defaults.model`` (how messages name a key)."""
    return ".".join(path)


def lookup(data: Any, path: Path) -> Any:
    """The value at ``path``, or None when it (or anything on the way) is absent or not
    an object."""
    node = data
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def object_at(data: Any, path: Path) -> Mapping[str, Any]:
    """The mapping at ``path``, or an empty one when absent, null or not an object."""
    node = lookup(data, path)
    return node if isinstance(node, Mapping) else {}


def text_at(data: Any, path: Path) -> str | None:
    """A non-blank string at ``path`` (stripped), else None."""
    value = lookup(data, path)
    return value.strip() if isinstance(value, str) and value.strip() else None


def ensure_object(raw: dict[str, Any], path: Path, purpose: str = "") -> dict[str, Any]:
    """The dict at ``path`` in a config being written, creating absent or null levels.

    A level holding anything else (a string, a list) is a ConfigError: we never replace
    a value we do not understand.
    """
    node = raw
    for depth, key in enumerate(path):
        value = node.get(key)
        if value is None:
            value = node[key] = {}
        if not isinstance(value, dict):
            where = dotted(path[: depth + 1])
            action = f"Cannot {purpose}" if purpose else f"Cannot update {dotted(path)}"
            raise ConfigError(f"{action}: {where} is not an object in the config.")
        node = value
    return node


# -- the default model --------------------------------------------------------------
def default_model(data: Any) -> str | None:
    """``agents.defaults.model.primary``, or the bare-string form of ``model``."""
    model = lookup(data, MODEL)
    if isinstance(model, str):
        return model.strip() or None
    return text_at(data, PRIMARY)


def fallback_models(data: Any) -> list[str]:
    """``agents.defaults.model.fallbacks`` as written (strings only)."""
    value = lookup(data, FALLBACKS)
    return [f.strip() for f in value if isinstance(f, str) and f.strip()] if isinstance(
        value, list) else []


def set_default_model(raw: dict[str, Any], ref: str) -> None:
    """Make ``ref`` the default model and list it in the model entries (if absent).

    A bare-string ``model`` stays a string (OpenClaw accepts both shapes).
    """
    defaults = ensure_object(raw, AGENT_DEFAULTS, "set the default model")
    if isinstance(defaults.get("model"), str):
        defaults["model"] = ref
    else:
        ensure_object(raw, MODEL, "set the default model")["primary"] = ref
    ensure_object(raw, MODEL_ENTRIES, "set the default model").setdefault(ref, {})
