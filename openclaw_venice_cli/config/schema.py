"""The config keys we read and write: their paths, shapes and defaults, in one place.

Every command that reads or changes ``openclaw.json`` names keys through the paths
below and goes through :func:`lookup` (read) or :func:`ensure_object` (write), so a
missing key, an explicit ``null`` and a value of the wrong type are treated the same
everywhere. Shapes follow OpenClaw's config schema (``agents.defaults.model`` is a
string or ``{primary, fallbacks}``). Stdlib only: this is on every start-up path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from openclaw_venice_cli.errors import ConfigError, UsageError

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
PROVIDERS: Path = ("models", "providers")
ENV: Path = ("env",)
ENV_VARS: Path = ("env", "vars")
ENV_SPECIAL = ("vars", "shellEnv")  # keys of the env block that are not variables

# Default models of the `infer` commands, in OpenClaw's places. Each is "provider/model"
# or {primary, fallbacks, timeoutMs} (read with `model_setting`), except memory.search.model.
IMAGE_MODEL: Path = (*AGENT_DEFAULTS, "imageModel")  # vision: `infer image describe`
IMAGE_GENERATION_MODEL: Path = (*AGENT_DEFAULTS, "mediaModels", "image")  # image generate
VOICE_MODEL: Path = (*AGENT_DEFAULTS, "voiceModel")  # tts convert and audio transcribe
EMBEDDING_MODEL: Path = ("memory", "search", "model")  # a string: `infer embedding create`
TTS_VOICE: Path = ("tts", "providers", "venice", "voice")  # a string: tts convert --voice
WEB_SEARCH_PROVIDER: Path = ("tools", "web", "search", "provider")  # "venice" or unset
WEB_SEARCH_LIMIT: Path = ("tools", "web", "search", "maxResults")  # web search --limit


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


# -- aliases and fallbacks (OpenClaw stores both under agents.defaults) --------------
ALIAS_FIELD = "alias"  # agents.defaults.models["provider/id"].alias
ALIAS_MAX = 64
# Thinking levels: the global default, and per model agents.defaults.models[ref].params.thinking
THINKING_DEFAULT: Path = (*AGENT_DEFAULTS, "thinkingDefault")
PARAMS_FIELD = "params"
THINKING_PARAM = "thinking"
THINKING_LEVELS = ("off", "minimal", "low", "medium", "high", "xhigh", "adaptive", "max",
                   "ultra")  # OpenClaw's enum for thinkingDefault


def model_param(data: Any, ref: str, name: str) -> Any:
    """``agents.defaults.models[ref].params[name]`` (None when absent or not reachable)."""
    return lookup(object_at(data, MODEL_ENTRIES).get(ref), (PARAMS_FIELD, name))


def alias_key(alias: str) -> str:
    """How aliases are compared: trimmed, case-insensitive (OpenClaw's normalisation)."""
    return alias.strip().lower()


def model_aliases(data: Any) -> dict[str, str]:
    """``{alias: "provider/id"}`` from the model entries, in file order (blank skipped)."""
    result: dict[str, str] = {}
    for ref, entry in object_at(data, MODEL_ENTRIES).items():
        alias = entry.get(ALIAS_FIELD) if isinstance(entry, Mapping) else None
        if isinstance(alias, str) and alias.strip():
            result[alias.strip()] = ref
    return result


def check_alias(alias: str) -> str:
    """The alias trimmed; a UsageError when it is empty, has ``/`` or is not printable
    (an alias is a word or short phrase such as ``GLM 4.7``)."""
    value = alias.strip()
    if not value:
        raise UsageError("An alias cannot be empty.")
    if "/" in value:
        raise UsageError(f'An alias cannot contain "/" (it would read as provider/model): '
                         f'"{value}".')
    if len(value) > ALIAS_MAX or not value.isprintable():
        raise UsageError(f"An alias is at most {ALIAS_MAX} printable characters.")
    return value


def set_alias(raw: dict[str, Any], alias: str, ref: str) -> None:
    """Point ``alias`` at ``ref`` (``agents.defaults.models[ref].alias``); the caller
    checks first (:func:`find_alias`) that no other model carries it."""
    entries = ensure_object(raw, MODEL_ENTRIES, "add the alias")
    entry = entries.get(ref)
    if entry is None:
        entry = entries[ref] = {}
    if not isinstance(entry, dict):
        raise ConfigError(f"Cannot add the alias: {dotted(MODEL_ENTRIES)}.{ref} is not an "
                          "object in the config.")
    entry[ALIAS_FIELD] = alias


def find_alias(data: Any, alias: str) -> str | None:
    """The ref an alias names (case-insensitive), or None."""
    wanted = alias_key(alias)
    return next((ref for name, ref in model_aliases(data).items()
                 if alias_key(name) == wanted), None)


def remove_alias(raw: dict[str, Any], alias: str) -> str | None:
    """Drop ``alias`` from the entry that carries it; returns that entry's ref (or None).

    The entry itself stays (OpenClaw's model map also lists allowed models).
    """
    wanted = alias_key(alias)
    entries = lookup(raw, MODEL_ENTRIES)
    if not isinstance(entries, dict):
        return None
    for ref, entry in entries.items():
        value = entry.get(ALIAS_FIELD) if isinstance(entry, dict) else None
        if isinstance(value, str) and alias_key(value) == wanted:
            del entry[ALIAS_FIELD]
            return str(ref)
    return None


def set_fallbacks(raw: dict[str, Any], refs: list[str]) -> None:
    """Write ``agents.defaults.model.fallbacks`` (a bare-string model becomes
    ``{primary, fallbacks}``; the primary is kept)."""
    defaults = ensure_object(raw, AGENT_DEFAULTS, "change the fallbacks")
    model = defaults.get("model")
    if isinstance(model, str):
        defaults["model"] = {"primary": model} if model.strip() else {}
    ensure_object(raw, MODEL, "change the fallbacks")["fallbacks"] = list(refs)


# -- the env block: OpenClaw accepts variables only under env.vars ------------------
def move_env_variables(raw: dict[str, Any]) -> list[str]:
    """Move ``env.<NAME>`` strings into ``env.vars`` (OpenClaw rejects the former).

    ``env.<NAME>`` won over ``env.vars.<NAME>`` when both were set, so its value is the
    one kept. Returns the names moved (nothing changes when the list is empty).
    """
    env_block = raw.get("env")
    if not isinstance(env_block, dict):
        return []
    names = [name for name, value in env_block.items()
             if name not in ENV_SPECIAL and isinstance(value, str)]
    if not names:
        return []
    variables = ensure_object(raw, ENV_VARS, "move the env variables")
    for name in names:
        variables[name] = env_block.pop(name)
    return names


# -- the infer commands' models ------------------------------------------------------
class ModelSetting(NamedTuple):
    """A model key's choice: the model ref and its request timeout (ms), each optional."""

    primary: str | None
    timeout_ms: int | None


def model_setting(data: Any, path: Path) -> ModelSetting:
    """Read a key OpenClaw writes as ``"provider/model"`` or ``{primary, timeoutMs}``.

    Absent or null is "not set"; any other shape is a ConfigError naming the key.
    """
    value = lookup(data, path)
    if value is None:
        return ModelSetting(None, None)
    if isinstance(value, str):
        return ModelSetting(value.strip() or None, None)
    primary = value.get("primary") if isinstance(value, Mapping) else None
    timeout = value.get("timeoutMs") if isinstance(value, Mapping) else None
    if not isinstance(value, Mapping) or not isinstance(primary, (str, type(None))) or (
            timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int)
                                     or timeout <= 0)):
        raise ConfigError(f"{dotted(path)} must be a model (\"provider/model\") or an object "
                          "{primary, timeoutMs} in the config.")
    return ModelSetting(primary.strip() or None if primary else None, timeout)
