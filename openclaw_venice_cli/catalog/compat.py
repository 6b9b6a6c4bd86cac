"""Venice's compatibility mapping: model ids that still reach a model under a new name.

Venice retires and renames ids (``claude-opus-45`` is now ``claude-opus-4-5``) and answers
``GET /models/compatibility_mapping`` with ``{"data": {"<old or foreign id>": "<model
id>"}}``. The mapping is fetched together with the model list and cached beside it
(``models-<hash>-compatibility.json``, same rules); chat sends the id it maps to, and
``models list`` shows the old ids on the rows they reach. The data is untrusted: only
valid ids are kept, at most :data:`MAX_ENTRIES`. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openclaw_venice_cli.catalog import cache
from openclaw_venice_cli.catalog.model import valid_id

if TYPE_CHECKING:
    from openclaw_venice_cli.client.http import ApiClient
    from openclaw_venice_cli.environment import Environment

KIND = "compatibility"
MAX_ENTRIES = 5000


def map_compatibility(payload: Any) -> dict[str, str]:
    """``{"data": {old: new}}`` -> ``{old: new}``; odd entries are skipped."""
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, Mapping):
        return {}
    result: dict[str, str] = {}
    for old, new in data.items():
        if len(result) >= MAX_ENTRIES:
            break
        if valid_id(old) and valid_id(new) and old != new:
            result[old] = new
    return result


def is_venice_listing(payload: Any) -> bool:
    """Does a ``GET /models`` answer come from Venice (rows with ``model_spec``)? Other
    OpenAI-compatible servers have no compatibility mapping to ask for."""
    rows = payload.get("data") if isinstance(payload, Mapping) else None
    return isinstance(rows, list) and any(
        isinstance(row, Mapping) and isinstance(row.get("model_spec"), Mapping)
        for row in rows[:50])


def fetch_and_store(client: ApiClient, env: Environment, base_url: str,
                    fetched_at: float, timeout: float) -> None:
    """Fetch the mapping and cache it; any failure keeps the cached one (a server that
    has no such route, e.g. llama.cpp, simply has no mapping)."""
    from openclaw_venice_cli.errors import OpenclawError

    try:
        mapping = map_compatibility(client.compatibility_mapping(timeout=timeout))
    except (OpenclawError, OSError, ValueError):
        return
    rows = [{"id": old, "model": new} for old, new in sorted(mapping.items())]
    cache.write_cache(env.cache_dir, base_url, rows, fetched_at, KIND)


def read_compatibility(env: Environment, base_url: str) -> dict[str, str]:
    """The cached mapping of the server at ``base_url`` (empty when none is cached)."""
    entry = cache.read_cache(env.cache_dir, base_url, KIND)
    if entry is None:
        return {}
    result: dict[str, str] = {}
    for row in entry[0][:MAX_ENTRIES]:
        old = valid_id(row.get("id")) if isinstance(row, dict) else None
        new = valid_id(row.get("model")) if isinstance(row, dict) else None
        if old is not None and new is not None:
            result[old] = new
    return result


def old_ids(mapping: Mapping[str, str], model_id: str) -> list[str]:
    """The ids that map to ``model_id``, sorted."""
    return sorted(old for old, new in mapping.items() if new == model_id)
