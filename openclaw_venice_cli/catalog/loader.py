"""The model catalog: built-in, discovered (`GET /models`), cached, plus configured rows.

Rules (docs/architecture.md): a fresh cache (< 1 h) is used without network. Discovery
runs on ``refresh``, or when a Venice key resolves and the cache is missing or stale
(and no discovery failed in the last 5 minutes). On failure: the last cache, else the
built-in catalog, with one stderr notice. ``network=False`` (``models set``/``status``)
never touches the network. httpx is imported only when a request really happens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.catalog import cache
from openclaw_venice_cli.catalog.mapping import map_config_row, map_models_payload
from openclaw_venice_cli.catalog.model import CAPABILITIES, ModelInfo, from_dict, to_dict
from openclaw_venice_cli.catalog.static import STATIC_MAX_TOKENS, STATIC_ROWS
from openclaw_venice_cli.errors import OpenclawError

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.media import MediaCatalog
    from openclaw_venice_cli.config.loader import Config, ProviderConfig
    from openclaw_venice_cli.environment import Environment

__all__ = [
    "STATIC_MODELS", "Catalog", "ModelInfo", "find_model", "format_age",
    "load_catalog", "load_media_models", "map_models_payload", "renamed_to",
]

VENICE = "venice"
DISCOVERY_TIMEOUT = 10.0


def _static_model(row: tuple[str, str, int, str, str]) -> ModelInfo:
    model_id, name, context, privacy, capabilities = row
    words = set(capabilities.split())
    # capabilities the row names are True, the others False; tools, schema and web search
    # are not in the seed's table, so they stay unknown (None)
    flags: dict[str, bool | None] = {c.field: (c.name in words) for c in CAPABILITIES[:4]}
    return ModelInfo(
        provider=VENICE, id=model_id, name=name, context_window=context,
        max_tokens=STATIC_MAX_TOKENS, privacy=privacy,
        input=("text", "image") if "vision" in words else ("text",),
        function_calling=None, response_schema=None, web_search=None, pricing=None,
        offline=False, deprecated=False, replacement=None, **flags,  # type: ignore[arg-type]
    )


STATIC_MODELS: tuple[ModelInfo, ...] = tuple(_static_model(row) for row in STATIC_ROWS)


class Catalog:
    """The rows a command works with and where the Venice part came from.

    A plain class, not a dataclass (≈ 1 ms less at import on ``models list``).
    """

    __slots__ = ("compatibility", "configured", "fetched_at", "models", "source")

    def __init__(self, models: list[ModelInfo], source: str, fetched_at: float | None,
                 configured: frozenset[str] = frozenset(),
                 compatibility: dict[str, str] | None = None) -> None:
        self.models = models
        self.source = source  # "live" | "cache" | "static"
        self.fetched_at = fetched_at
        self.configured = configured  # keys from config rows
        # Venice's compatibility mapping (old or foreign id -> model id), see compat.py
        self.compatibility = compatibility or {}


def find_model(catalog: Catalog, model_id: str, provider: str = VENICE) -> ModelInfo | None:
    """The row for ``provider/model_id``, or None."""
    for model in catalog.models:
        if model.id == model_id and model.provider == provider:
            return model
    return None


def renamed_to(catalog: Catalog, model_id: str, provider: str = VENICE) -> str | None:
    """The id Venice's compatibility mapping gives ``model_id`` when the catalog has no
    row of that name (a retired or foreign id), else None."""
    if provider != VENICE or find_model(catalog, model_id, provider) is not None:
        return None
    return catalog.compatibility.get(model_id)


def format_age(seconds: float) -> str:
    """``40 s``, ``12 min``, ``3 h``, ``2 d``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{int(seconds)} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


def _described(rows: Catalog | MediaCatalog, now: float) -> str:
    what = "catalog" if isinstance(rows, Catalog) else "model list"
    if rows.source == "cache" and rows.fetched_at is not None:
        return f"the cached {what} ({format_age(now - rows.fetched_at)} old)"
    return f"the built-in {what}"


def _static_catalog() -> Catalog:
    return Catalog(list(STATIC_MODELS), "static", None)


class _Kind(NamedTuple):
    """How one model type is mapped, cached and replaced when nothing better is known."""

    name: str  # "text" or a Venice media type
    map_payload: Callable[[Any], list[Any]]
    row_in: Callable[[Any], Any]
    row_out: Callable[[Any], dict[str, Any]]
    fallback: Callable[[], Catalog | MediaCatalog]
    rows_of: Callable[[list[Any], str, float | None], Catalog | MediaCatalog]


_TEXT = _Kind("text", lambda payload: map_models_payload(payload, VENICE), from_dict,
              to_dict, _static_catalog, lambda m, source, at: Catalog(m, source, at))


def _media_kind(kind: str) -> _Kind:
    from openclaw_venice_cli.catalog.media import (  # not on the text path (start-up)
        STATIC_MEDIA,
        MediaCatalog,
        map_media_payload,
        media_from_dict,
        media_to_dict,
    )

    return _Kind(kind, lambda payload: map_media_payload(payload, kind), media_from_dict,
                 media_to_dict,
                 lambda: MediaCatalog(kind, list(STATIC_MEDIA.get(kind, ())), "static", None),
                 lambda m, source, at: MediaCatalog(kind, m, source, at))


def _read_cached(env: Environment, base_url: str,
                 kind: _Kind) -> Catalog | MediaCatalog | None:
    entry = cache.read_cache(env.cache_dir, base_url, kind.name)
    if entry is None:
        return None
    rows, fetched_at = entry
    models = [m for m in (kind.row_in(row) for row in rows) if m is not None]
    return kind.rows_of(models, "cache", fetched_at) if models else None


def _discover(env: Environment, provider: ProviderConfig, kind: _Kind) -> list[Any]:
    """GET {base}/models (no Authorization unless the server asks for it; no retries; 10 s)."""
    from openclaw_venice_cli.client.http import ApiClient

    with ApiClient.for_provider(provider, env, max_retries=0,
                                   connect_timeout=DISCOVERY_TIMEOUT) as client:
        payload = client.list_models(
            model_type=None if kind.name == "text" else kind.name, timeout=DISCOVERY_TIMEOUT)
        if kind.name == "text":  # Venice's renamed ids travel with its text models
            from openclaw_venice_cli.catalog import compat

            if compat.is_venice_listing(payload):  # not asked of llama.cpp, vLLM, …
                compat.fetch_and_store(client, env, provider.base_url, time.time(),
                                       DISCOVERY_TIMEOUT)
    models = kind.map_payload(payload)
    if not models:
        raise OpenclawError(f"the server listed no usable {kind.name} models")
    return models


def _discover_or_fallback(env: Environment, provider: ProviderConfig,
                          fallback: Catalog | MediaCatalog, secrets: Iterable[str],
                          kind: _Kind) -> Catalog | MediaCatalog:
    from openclaw_venice_cli.keys import redact_text
    from openclaw_venice_cli.sanitize import one_line

    base_url = provider.base_url
    try:
        models = _discover(env, provider, kind)
    except (OpenclawError, OSError, ValueError) as error:
        now = time.time()
        reason = one_line(redact_text(str(error) or type(error).__name__, env.environ,
                                      secrets), 200)
        cache.write_failure(env.cache_dir, base_url, reason, now, kind.name)
        env.note(f"Model discovery failed ({reason}); showing {_described(fallback, now)}.")
        return fallback
    now = time.time()
    cache.write_cache(env.cache_dir, base_url, [kind.row_out(m) for m in models], now,
                      kind.name)
    cache.clear_failure(env.cache_dir, base_url, kind.name)
    return kind.rows_of(models, "live", now)


def _venice_rows(env: Environment, config: Config, refresh: bool, network: bool,
                 kind: _Kind = _TEXT) -> Catalog | MediaCatalog:
    provider = config.provider(VENICE)
    if provider is None:  # pragma: no cover - config always has an implicit venice
        return kind.fallback()
    now = time.time()
    cached = _read_cached(env, provider.base_url, kind)
    fallback = cached or kind.fallback()
    key = config.venice_key()
    secrets = [key.value] if key is not None else []
    if network and refresh:
        return _discover_or_fallback(env, provider, fallback, secrets, kind)
    if cached is not None and cached.fetched_at is not None and cache.is_fresh(
            cached.fetched_at, now):
        return cached
    if not network:
        return fallback
    if key is None:
        env.note(f"No Venice API key found; showing {_described(fallback, now)}. Set "
                 "VENICE_API_KEY or run `openclaw onboard` to discover live models.")
        return fallback
    failure = cache.read_failure(env.cache_dir, provider.base_url, now, kind.name)
    if failure is not None:
        when, reason = failure
        env.note(f"Model discovery failed {format_age(now - when)} ago ({reason}); "
                 f"showing {_described(fallback, now)}. Use --refresh to retry.")
        return fallback
    return _discover_or_fallback(env, provider, fallback, secrets, kind)


def _merge_configured(config: Config, models: list[ModelInfo]) -> tuple[
        list[ModelInfo], frozenset[str]]:
    """Lay each provider's configured rows over the catalog (or append them)."""
    merged = list(models)
    index = {model.key: i for i, model in enumerate(merged)}
    configured: set[str] = set()
    for name, provider in config.providers().items():
        rows = provider.models if isinstance(provider.models, list) else []
        for row in rows:
            raw_id = row.get("id") if isinstance(row, dict) else None
            position = index.get(f"{name}/{raw_id}")
            base = merged[position] if position is not None else None
            model = map_config_row(name, row, base)
            if model is None:
                continue
            configured.add(model.key)
            if position is None:
                index[model.key] = len(merged)
                merged.append(model)
            else:
                merged[position] = model
    return merged, frozenset(configured)


def load_catalog(env: Environment, config: Config, *, refresh: bool = False,
                 network: bool = True) -> Catalog:
    """The Venice rows (live, cached or built-in) plus every provider's configured rows."""
    rows = _venice_rows(env, config, refresh, network)
    assert isinstance(rows, Catalog)
    models, configured = _merge_configured(config, rows.models)
    compatibility: dict[str, str] = {}
    venice = config.provider(VENICE)
    if rows.source != "static" and venice is not None:
        from openclaw_venice_cli.catalog.compat import read_compatibility

        compatibility = read_compatibility(env, venice.base_url)
    return Catalog(models=models, source=rows.source, fetched_at=rows.fetched_at,
                   configured=configured, compatibility=compatibility)


def load_media_models(env: Environment, config: Config, kind: str, *,
                      refresh: bool = False, network: bool = True) -> MediaCatalog:
    """Venice's models of one non-text ``kind`` (live, cached or built-in), by the same
    rules as the text catalog; each type has its own cache file."""
    rows = _venice_rows(env, config, refresh, network, _media_kind(kind))
    assert not isinstance(rows, Catalog)
    return rows
