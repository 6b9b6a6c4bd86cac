"""What Venice onboarding writes into ``openclaw.json`` (the seed page's shape).

One pure function, :func:`apply_venice_setup`, mutates the raw config dict in place; it is
passed to :func:`config.update_config`, so a second identical run changes nothing::

    env.vars.VENICE_API_KEY = <key>         (plaintext mode; an env.VENICE_API_KEY is moved here)
    models.mode = "merge"                   (when absent)
    models.providers.venice = {baseUrl, apiKey: "${VENICE_API_KEY}", api: "openai-completions"}
    agents.defaults.model.primary = "venice/<id>"   (an existing primary is kept unless asked)
    agents.defaults.models["venice/<id>"] = {}      (when absent: OpenClaw's allow map)

In ``ref`` mode no key is stored: the provider refers to ``${VENICE_API_KEY}`` only, and
a key stored earlier in the env block (or as a literal ``apiKey``) is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.config.schema import (
    DEFAULT_API,
    DEFAULT_BASE_URL,
    DEFAULT_MODEL_REF,
    KEY_REF,
    KEY_VAR,
)


@dataclass(frozen=True)
class SetupPlan:
    """The outcome of the onboarding questions (or flags), applied in one write."""

    key: str | None  # the key to store (plaintext mode); None keeps whatever is there
    store_key: bool  # False: ref mode, nothing secret in the file
    model_ref: str | None  # "venice/<id>" to set; None keeps an existing primary


def _store_key(raw: dict[str, Any], key: str) -> str | None:
    """Write the key to ``env.vars.VENICE_API_KEY`` (the form OpenClaw accepts).

    A key found at ``env.VENICE_API_KEY`` (the seed page's form, which OpenClaw rejects)
    is replaced, not kept beside it; the returned note says so.
    """
    env_block = schema.ensure_object(raw, schema.ENV)
    moved = env_block.pop(KEY_VAR, None) is not None
    schema.ensure_object(raw, schema.ENV_VARS)[KEY_VAR] = key
    if moved:
        return (f"Moved the key from env.{KEY_VAR} to env.vars.{KEY_VAR} (the form "
                "OpenClaw accepts).")
    return None


def _remove_stored_key(raw: dict[str, Any]) -> list[str]:
    """Drop a stored key from the env block; return the dotted keys removed."""
    removed: list[str] = []
    env_block = raw.get("env")
    if not isinstance(env_block, dict):
        return removed
    variables = env_block.get("vars")
    if isinstance(variables, dict) and KEY_VAR in variables:
        del variables[KEY_VAR]
        removed.append(f"env.vars.{KEY_VAR}")
        if not variables:
            del env_block["vars"]
    if KEY_VAR in env_block:
        del env_block[KEY_VAR]
        removed.append(f"env.{KEY_VAR}")
    if not env_block:
        del raw["env"]
    return removed


def set_primary(raw: dict[str, Any], ref: str | None) -> str:
    """Set (or keep) the default model; list it in the model entries if absent.

    Returns the primary now configured (``ref``, else the existing one, else the default).
    """
    primary = ref or schema.default_model(raw) or DEFAULT_MODEL_REF
    schema.set_default_model(raw, primary)
    return primary


@dataclass(frozen=True)
class SetupOutcome:
    """What :func:`apply_venice_setup` did, for the summary lines."""

    primary: str
    kept_primary: bool  # an existing default model was left as it was
    notes: list[str]


def apply_venice_setup(raw: dict[str, Any], plan: SetupPlan) -> SetupOutcome:
    """Mutate ``raw`` per ``plan``; report the primary and notes (e.g. a removed key)."""
    notes: list[str] = []
    schema.ensure_object(raw, schema.MODELS).setdefault("mode", "merge")
    providers = schema.ensure_object(raw, schema.PROVIDERS)
    existed = isinstance(providers.get("venice"), dict)
    venice = schema.ensure_object(raw, (*schema.PROVIDERS, "venice"))
    old_key = venice.get("apiKey")
    literal = old_key.strip() if isinstance(old_key, str) and "${" not in old_key else None
    if not existed or not isinstance(venice.get("baseUrl"), str):
        venice["baseUrl"] = DEFAULT_BASE_URL
    venice["apiKey"] = KEY_REF
    venice["api"] = DEFAULT_API
    if not existed:  # the seed's key order for a new block
        providers["venice"] = {k: venice[k] for k in ("baseUrl", "apiKey", "api")}
    if plan.store_key:
        key = plan.key or literal
        moved = _store_key(raw, key) if key else None
        if moved:
            notes.append(moved)
        if literal:
            notes.append("Moved the key from models.providers.venice.apiKey to "
                         f"env.vars.{KEY_VAR}; the provider now uses {KEY_REF}.")
    else:
        removed = _remove_stored_key(raw)
        if literal:
            removed.append("models.providers.venice.apiKey")
        if removed:
            notes.append("Removed the stored key from the config (" + ", ".join(removed)
                         + f"); the provider reads {KEY_REF} from your environment.")
    kept = plan.model_ref is None and schema.default_model(raw) is not None
    return SetupOutcome(set_primary(raw, plan.model_ref), kept, notes)
