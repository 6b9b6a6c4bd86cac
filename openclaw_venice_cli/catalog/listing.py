"""Rows and output formats of ``openclaw models list`` (OpenClaw's table, plain, JSON).

Pure functions over a :class:`~openclaw_venice_cli.catalog.Catalog` and the config;
stdlib only (the warm path of ``models list`` must stay near interpreter start-up).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.catalog.compat import old_ids
from openclaw_venice_cli.catalog.model import (
    CAPABILITIES,
    ModelInfo,
    capability_flags,
    has_capability,
)
from openclaw_venice_cli.netloc import is_loopback_url

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.loader import Catalog
    from openclaw_venice_cli.catalog.media import MediaModel
    from openclaw_venice_cli.config.loader import Config

COLUMNS = (("Model", 42), ("Input", 10), ("Ctx", 11), ("Local", 5), ("Auth", 5))
HEADER = " ".join(title.ljust(width) for title, width in COLUMNS) + " Tags"


class ListRow(NamedTuple):
    """One line of the listing (NamedTuples, not dataclasses: cheaper to create at import)."""

    key: str
    name: str
    input: str  # "text" | "text+image" | "-" (missing)
    context_window: int | None
    local: bool | None
    auth: bool | None
    tags: tuple[str, ...]
    model: ModelInfo | None  # None for a default model that is in no catalog

    @property
    def available(self) -> bool:
        return bool(self.auth) and not (self.model is not None and self.model.offline)


def format_token_k(value: int | None) -> str:
    """OpenClaw's formatTokenK: ``-``, the number below 1000, else ``round(v/1000)k``."""
    if value is None:
        return "-"
    if value < 1000:
        return str(value)
    return f"{(value + 500) // 1000}k"


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def _agent_models(config: Config) -> Mapping[str, Any]:
    agents = config.data.get("agents")
    defaults = agents.get("defaults") if isinstance(agents, Mapping) else None
    models = defaults.get("models") if isinstance(defaults, Mapping) else None
    return models if isinstance(models, Mapping) else {}


def _tags(model: ModelInfo, default_ref: str, configured: bool, alias: Any,
          old_ids: list[str]) -> tuple[str, ...]:
    tags = []
    if model.key == default_ref:
        tags.append("default")
    if configured:
        tags.append("configured")
    if isinstance(alias, str) and alias.strip():
        tags.append(f"alias:{alias.strip()}")
    if model.privacy:
        tags.append(model.privacy)
    if model.deprecated:
        tags.append("deprecated")
    if model.offline:
        tags.append("offline")
    tags.extend(f"compat:{old}" for old in old_ids)  # Venice still answers to these ids
    return tuple(tags)


class Filters(NamedTuple):
    view_all: bool = False
    provider: str | None = None
    local: bool = False
    privacy: str | None = None
    capabilities: tuple[str, ...] = ()

    def keep(self, row: ListRow) -> bool:
        model = row.model
        provider = row.key.split("/", 1)[0]
        if self.provider is not None and provider != self.provider:
            return False
        if self.local and not row.local:
            return False
        if self.privacy is not None and (model is None or model.privacy != self.privacy):
            return False
        if self.capabilities and (model is None or not all(
                has_capability(model, c) for c in self.capabilities)):
            return False
        hidden = model is not None and model.deprecated and not (
            {"default", "configured"} & set(row.tags))
        return self.view_all or self.provider is not None or not hidden


def build_rows(catalog: Catalog, config: Config, filters: Filters) -> list[ListRow]:
    """Every catalog row (plus a ``missing`` default), filtered; default first, then by key."""
    default_ref = config.default_model_ref()
    providers = config.providers()
    agent_models = _agent_models(config)
    venice_key = config.venice_key()

    def auth_of(provider: str) -> bool | None:
        if provider == "venice":
            return venice_key is not None
        found = providers.get(provider)
        return None if found is None else found.api_key is not None

    def local_of(provider: str) -> bool | None:
        found = providers.get(provider)
        return None if found is None else is_loopback_url(found.base_url)

    rows: list[ListRow] = []
    for model in catalog.models:
        entry = agent_models.get(model.key)
        configured = model.key in catalog.configured or model.key in agent_models
        alias = entry.get("alias") if isinstance(entry, Mapping) else None
        old = old_ids(catalog.compatibility, model.id) if model.provider == "venice" else []
        rows.append(ListRow(
            key=model.key, name=model.name, input="+".join(model.input),
            context_window=model.context_window, local=local_of(model.provider),
            auth=auth_of(model.provider),
            tags=_tags(model, default_ref, configured, alias, old), model=model,
        ))
    if all(row.key != default_ref for row in rows):
        provider, _, model_id = default_ref.partition("/")
        rows.append(ListRow(
            key=default_ref, name=model_id or default_ref, input="-", context_window=None,
            local=local_of(provider), auth=auth_of(provider) if provider in providers else None,
            tags=("default", "missing"), model=None,
        ))
    kept = [row for row in rows if filters.keep(row)]
    kept.sort(key=lambda row: (row.key != default_ref, row.key))
    return kept


def format_table(rows: Sequence[ListRow]) -> str:
    """The header plus one padded line per row (trailing spaces kept, as OpenClaw)."""
    lines = [HEADER]
    for row in rows:
        cells = (
            _truncate(row.key, 42), row.input, format_token_k(row.context_window),
            _yes_no(row.local), _yes_no(row.auth),
        )
        widths = (width for _, width in COLUMNS)
        padded = " ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        lines.append(padded + " " + ",".join(row.tags))
    return "\n".join(lines) + "\n"


def format_plain(rows: Sequence[ListRow]) -> str:
    return "".join(row.key + "\n" for row in rows)


def json_row(row: ListRow) -> dict[str, Any]:
    """One row as `models list --json` shows it."""
    model = row.model
    flags = capability_flags(model) if model is not None else None
    data: dict[str, Any] = {
        "key": row.key, "name": row.name, "input": row.input,
        "contextWindow": row.context_window, "local": row.local,
        "available": row.available, "tags": list(row.tags),
        "privacy": model.privacy if model else None,
        "capabilities": {
            c.json_key: flags[c.name] for c in CAPABILITIES} if flags is not None else None,
        "pricing": None,
        "maxTokens": model.max_tokens if model else None,
        "offline": model.offline if model else False,
        "deprecated": model.deprecated if model else False,
        "replacement": model.replacement if model else None,
        "compatibilityIds": [t.removeprefix("compat:") for t in row.tags
                             if t.startswith("compat:")],
    }
    if model is not None and model.pricing:
        names = {"input": "input", "output": "output", "cache_input": "cacheInput",
                 "cache_write": "cacheWrite"}
        data["pricing"] = {names[k]: v for k, v in model.pricing.items() if k in names}
    return data


def format_json(rows: Sequence[ListRow]) -> str:
    """``{"count": N, "models": [...]}`` with a 2-space indent."""
    document = {"count": len(rows), "models": [json_row(row) for row in rows]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- other model types (`models list --type image|tts|…`) -----------------------------------
MEDIA_COLUMNS = (("Model", 42), ("Type", 10), ("Auth", 5), ("Details", 34))
MEDIA_HEADER = " ".join(title.ljust(width) for title, width in MEDIA_COLUMNS) + " Tags"


def _media_details(model: MediaModel) -> str:
    """What matters when choosing one: voices, dimensions, ratios, resolutions, formats."""
    parts = []
    if model.voices:
        count = len(model.voices)
        voice = f", default {model.default_voice}" if model.default_voice else ""
        parts.append(f"{count} voice{'s' if count != 1 else ''}{voice}")
    if model.dimensions:
        parts.append(f"{model.dimensions} dims")
    if model.aspect_ratios:
        parts.append(",".join(model.aspect_ratios))
    if model.resolutions:
        parts.append(",".join(model.resolutions))
    return "; ".join(parts) or "-"


def _media_tags(model: MediaModel) -> tuple[str, ...]:
    flags = (("default", model.default), (model.privacy or "", bool(model.privacy)),
             ("deprecated", model.deprecated), ("offline", model.offline))
    return tuple(name for name, on in flags if on)


def media_rows(models: Sequence[MediaModel], *, view_all: bool = False,
               privacy: str | None = None) -> list[MediaModel]:
    """The rows to show: deprecated ones only with ``view_all``; Venice's default first."""
    kept = [m for m in models if (view_all or not m.deprecated)
            and (privacy is None or m.privacy == privacy)]
    return sorted(kept, key=lambda m: (not m.default, m.key))


def format_media_table(models: Sequence[MediaModel], auth: bool) -> str:
    lines = [MEDIA_HEADER]
    for model in models:
        cells = (_truncate(model.key, 42), model.type, _yes_no(auth),
                 _truncate(_media_details(model), 34))
        widths = (width for _, width in MEDIA_COLUMNS)
        padded = " ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        lines.append(padded + " " + ",".join(_media_tags(model)))
    return "\n".join(lines) + "\n"


def format_media_plain(models: Sequence[MediaModel]) -> str:
    return "".join(model.key + "\n" for model in models)


def media_json_row(model: MediaModel) -> dict[str, Any]:
    """One model as `--json` shows it (camelCase, as the text listing)."""
    return {
        "key": model.key, "name": model.name, "type": model.type, "privacy": model.privacy,
        "default": model.default, "offline": model.offline, "deprecated": model.deprecated,
        "voices": list(model.voices), "defaultVoice": model.default_voice,
        "formats": list(model.formats), "defaultFormat": model.default_format,
        "dimensions": model.dimensions, "aspectRatios": list(model.aspect_ratios),
        "resolutions": list(model.resolutions), "promptLimit": model.prompt_limit,
    }


def format_media_json(models: Sequence[MediaModel], kind: str) -> str:
    document = {"count": len(models), "type": kind,
                "models": [media_json_row(model) for model in models]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
