"""The one place a model named by the user becomes a :class:`ModelRef`: aliases first.

Everything that takes a model name (``chat --model``, ``models set``, the REPL's
``/model``, fallbacks, ``agent --model``, ``infer``) calls :func:`resolve_model_ref`, so
an alias works everywhere it works in OpenClaw. As there, a name without ``/`` is looked
up among the aliases (``agents.defaults.models["provider/id"].alias``, trimmed and
case-insensitive) before it is read as a model id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openclaw_venice_cli.catalog.ref import ModelRef, parse_model_ref
from openclaw_venice_cli.config import schema
from openclaw_venice_cli.errors import ConfigError, OpenclawError, UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.environment import Environment


def resolve_model_ref(config: Config, text: str, *,
                      require_provider: bool = False) -> ModelRef:
    """``text`` as a model: an alias's target, else ``provider/id`` (a bare id means
    Venice unless ``require_provider``). Raises UsageError for a malformed name."""
    value = text.strip()
    if value and "/" not in value:
        target = schema.find_alias(config.data, value)
        if target is not None:
            try:
                return parse_model_ref(target)
            except UsageError as error:
                raise ConfigError(
                    f'Alias "{value}" points to "{target}", which is not a provider/model '
                    f"reference; fix {schema.dotted(schema.MODEL_ENTRIES)} in "
                    f"{config.path}.") from error
        if require_provider and value and not any(ch.isspace() for ch in value):
            raise UsageError(f'Model "{value}" needs a provider (provider/model, e.g. '
                             f"venice/{value}) or must be an alias; see "
                             "`openclaw models aliases list`.")
    return parse_model_ref(text, require_provider=require_provider)


def configured_ref(config: Config, ref: ModelRef) -> ModelRef:
    """``ref`` with its provider spelled as configured; an unknown provider is an error
    (exit 1) that says the config was not changed."""
    names = {name.lower(): name for name in config.providers()}
    provider = names.get(ref.provider.lower())
    if provider is None:
        raise OpenclawError(
            f'Unknown model provider "{ref.provider}". Install a plugin that declares it '
            f'or configure it under models.providers before selecting "{ref}". '
            "Config was not changed.")
    return ModelRef(provider, ref.model_id)


def catalog_note(env: Environment, config: Config, ref: ModelRef) -> str | None:
    """A stderr line when ``ref`` cannot be checked against, or is missing from, the
    local catalog (no network): the selection is kept either way, as in OpenClaw."""
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog, renamed_to

    catalog = load_catalog(env, config, network=False)
    provider = ref.provider
    if provider != "venice" and not any(m.provider == provider for m in catalog.models):
        return (f'Note: Provider "{provider}" has no local model catalog, so "{ref}" could '
                "not be checked offline. The selection was saved.")
    if find_model(catalog, ref.model_id, provider) is None:
        renamed = renamed_to(catalog, ref.model_id, provider)
        if renamed is not None:  # a retired id Venice still maps (claude-opus-45 ...)
            return (f'Note: Venice now calls "{ref}" "{provider}/{renamed}"; the old id '
                    "keeps working and was saved as given.")
        return (f'Warning: Model "{ref}" is not in the local model catalog for provider '
                f'"{provider}". The provider is installed or configured, so the selection '
                "was saved; verify the model ID if it is not a newly released or "
                "self-hosted model.")
    return None


def resolve_default_model(config: Config) -> ModelRef:
    """The configured default model (an alias there works too) or the built-in one."""
    return resolve_model_ref(config, config.default_model_ref())


def resolve_fallbacks(config: Config) -> list[ModelRef]:
    """``agents.defaults.model.fallbacks`` resolved, in order, without duplicates; an
    entry that cannot be read is skipped (``config validate`` reports it)."""
    refs: list[ModelRef] = []
    for entry in schema.fallback_models(config.data):
        try:
            ref = resolve_model_ref(config, entry)
        except (UsageError, ConfigError):
            continue
        if ref not in refs:
            refs.append(ref)
    return refs
