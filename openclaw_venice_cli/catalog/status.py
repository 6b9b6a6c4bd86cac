"""``openclaw models status``: gather the state (no network) and print it.

Keys are shown only through :func:`keys.mask_key`; the full key is never printed.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.catalog.cache import is_fresh
from openclaw_venice_cli.config import schema
from openclaw_venice_cli.keys import mask_key
from openclaw_venice_cli.netloc import is_loopback_url, mask_userinfo

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.loader import Catalog
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.environment import Environment


class ProviderStatus(NamedTuple):
    name: str
    base_url: str
    api: str
    local: bool
    key_source: str | None
    key_preview: str | None
    configured_models: int


class Status(NamedTuple):
    config_path: str
    config_display: str
    config_exists: bool
    default_model: str
    default_known: bool
    fallbacks: list[str]
    aliases: dict[str, str]
    catalog_source: str
    catalog_fetched_at: float | None
    catalog_age: float | None
    catalog_stale: bool
    catalog_count: int
    providers: list[ProviderStatus]
    key_problems: list[str]  # OpenClaw credential stores that could not be read


def _default_ref(config: Config) -> str:
    """The default model as a ``provider/id`` (an alias resolved; unreadable: as written)."""
    from openclaw_venice_cli.catalog.resolve import resolve_default_model
    from openclaw_venice_cli.errors import OpenclawError

    try:
        return str(resolve_default_model(config))
    except OpenclawError:
        return config.default_model_ref()


def gather_status(env: Environment, config: Config, catalog: Catalog) -> Status:
    fallbacks = schema.fallback_models(config.data)
    aliases = schema.model_aliases(config.data)
    default_ref = _default_ref(config)
    providers = []
    for name, provider in config.providers().items():
        key = config.venice_key() if name == "venice" else provider.api_key
        providers.append(ProviderStatus(
            name=name, base_url=mask_userinfo(provider.base_url), api=provider.api,
            local=is_loopback_url(provider.base_url),
            key_source=key.source if key else None,
            key_preview=mask_key(key.value) if key else None,
            configured_models=len(provider.models),
        ))
    fetched_at = catalog.fetched_at
    age = time.time() - fetched_at if fetched_at is not None else None
    return Status(
        config_path=str(config.path), config_display=env.display_path(config.path),
        config_exists=config.exists, default_model=default_ref,
        default_known=any(m.key == default_ref for m in catalog.models),
        fallbacks=fallbacks, aliases=aliases, catalog_source=catalog.source,
        catalog_fetched_at=fetched_at, catalog_age=age,
        catalog_stale=fetched_at is not None and not is_fresh(fetched_at, time.time()),
        catalog_count=sum(1 for m in catalog.models if m.provider == "venice"),
        providers=providers, key_problems=list(config.key_problems),
    )


def _catalog_line(status: Status) -> str:
    from openclaw_venice_cli.catalog.loader import format_age

    if status.catalog_source == "cache" and status.catalog_age is not None:
        stale = ", stale" if status.catalog_stale else ""
        where = f"cache ({format_age(status.catalog_age)} old{stale})"
    elif status.catalog_source == "live":
        where = "live"
    else:
        where = "built-in (static)"
    return f"{where}, {status.catalog_count} Venice models"


def status_text(status: Status) -> str:
    """OpenClaw's ``Label : value`` layout, then one line per provider."""
    config = status.config_display + ("" if status.config_exists else " (not created yet)")
    default = status.default_model + ("" if status.default_known else
                                      " (not in the local catalog)")
    aliases = ", ".join(f"{a} -> {ref}" for a, ref in status.aliases.items()) or "-"
    lines = [
        f"Config        : {config}",
        f"Default       : {default}",
        f"Fallbacks ({len(status.fallbacks)}) : {', '.join(status.fallbacks) or '-'}",
        f"Aliases ({len(status.aliases)})   : {aliases}",
        f"Catalog       : {_catalog_line(status)}",
        "",
        "Auth overview",
    ]
    for p in status.providers:
        auth = (f"effective={p.key_source} | key={p.key_preview}" if p.key_source
                else "effective=missing")
        local = " (local)" if p.local else ""
        line = f"- {p.name} {auth} | baseUrl={p.base_url}{local}"
        if p.key_source is None and p.name == "venice":
            line += " | set VENICE_API_KEY or run `openclaw onboard`"
        lines.append(line)
    lines += [f"  could not read {problem}" for problem in status.key_problems]
    return "\n".join(lines) + "\n"


def status_json(status: Status, extra: dict[str, Any] | None = None) -> str:
    """The status as JSON, with ``extra`` keys (``probe``, ``check``) added."""
    document: dict[str, Any] = {
        "config": {"path": status.config_path, "display": status.config_display,
                   "exists": status.config_exists},
        "defaultModel": status.default_model,
        "defaultModelInCatalog": status.default_known,
        "fallbacks": status.fallbacks,
        "aliases": status.aliases,
        "catalog": {
            "source": status.catalog_source, "fetchedAt": status.catalog_fetched_at,
            "ageSeconds": None if status.catalog_age is None else int(status.catalog_age),
            "stale": status.catalog_stale, "count": status.catalog_count,
        },
        "providers": [
            {"name": p.name, "baseUrl": p.base_url, "api": p.api, "local": p.local,
             "auth": {"source": p.key_source, "preview": p.key_preview}
             if p.key_source else None,
             "configuredModels": p.configured_models}
            for p in status.providers
        ],
        "keyProblems": status.key_problems,
        **(extra or {}),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
