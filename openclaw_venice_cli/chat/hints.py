"""Errors that say the fix: which key a 401 rejected, and where a missing model went.

* 401: the key used, masked, where it came from (the environment, a ``.env`` file, the
  config, OpenClaw's credential store) and what to do about that source.
* 404 for the model: the replacement Venice names for it when the catalog knows one,
  else ``openclaw models list --refresh``.

The error keeps its class (so its exit code) and its CF-RAY.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openclaw_venice_cli.errors import ApiError, AuthError, NotFoundError, OpenclawError
from openclaw_venice_cli.keys import mask_key

if TYPE_CHECKING:
    from openclaw_venice_cli.chat.session import ChatSession
    from openclaw_venice_cli.config.loader import KeyInfo


def with_hint(error: ApiError, hint: str) -> ApiError:
    """``error`` with ``hint`` appended (same class and exit code; CF-RAY stays last)."""
    message = error.api_message.rstrip()
    message += ("" if message.endswith((".", "!", "?")) else ".") + " " + hint
    return type(error)(message, status=error.status, code=error.code, cf_ray=error.cf_ray)


def key_hint(key: KeyInfo, config_path: str) -> str:
    """Which key was used, from where, and how to replace it."""
    kind, _, where = key.source.partition(": ")
    used = f"The key {mask_key(key.value)} comes from"
    onboard = "`openclaw onboard` stores a new one"
    if kind == "env":
        return (f"{used} the {where} environment variable, which wins over every other "
                f"place: if it is stale, `unset {where}` (and remove it from your shell "
                f"profile) or export the right key; {onboard}.")
    if kind == "dotenv":
        return f"{used} {where} (VENICE_API_KEY): correct or remove that line; {onboard}."
    if kind == "store":
        return f"{used} OpenClaw's credential store ({where}); {onboard}."
    if kind == "config":
        if where.startswith("models.providers.") and not where.startswith(
                "models.providers.venice."):
            return f"{used} {where} in {config_path}: correct it there."
        return f"{used} {where} in {config_path}; {onboard}."
    return f"{used} {key.source}; {onboard}."


def explain(error: OpenclawError, session: ChatSession) -> OpenclawError:
    """``error`` with the fix added when it is a rejected key or a missing model."""
    if isinstance(error, AuthError) and error.status == 401:
        provider = session.config.provider(session.model_ref.provider)
        key = provider.api_key if provider is not None else None
        if key is not None:
            return with_hint(error, key_hint(key, session.env.display_path(
                session.config.path)))
    if (isinstance(error, NotFoundError) and error.status == 404
            and "model" in error.api_message.lower()):
        return with_hint(error, model_hint(session))
    return error


def model_hint(session: ChatSession) -> str:
    """Where to find a model that answers instead of the one Venice did not find."""
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog
    from openclaw_venice_cli.chat.checks import base_id

    ref = session.model_ref
    catalog = load_catalog(session.env, session.config, network=False)
    row = find_model(catalog, base_id(ref.model_id), ref.provider)
    if row is not None and row.replacement:
        return (f"{ref} was retired; Venice names {ref.provider}/{row.replacement} as its "
                f"replacement (--model {ref.provider}/{row.replacement}).")
    return "See the models available now with `openclaw models list --refresh`."
