"""Turning outside data into `ModelInfo` rows: `GET /models` answers and config rows.

Both inputs are untrusted: a field of the wrong type is ignored (or the row skipped),
never an exception. Mapping follows OpenClaw's unknown-id rules (openclaw-cli.md §1.3)
plus Venice extensions: privacy, code, uncensored, tool/schema/web-search flags, pricing,
offline and deprecation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from openclaw_venice_cli.catalog.model import (
    PRICE_KEYS,
    ModelInfo,
    clean_text,
    positive_int,
    price,
    valid_id,
)

_PRIVACY = ("private", "anonymized")
EFFORT_LEVELS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")  # Venice's
_REASONING_HINTS = ("thinking", "reason", "r1")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _flag(caps: Mapping[str, Any], name: str) -> bool | None:
    value = caps.get(name)
    return value if isinstance(value, bool) else None


def _pricing(raw: Any) -> dict[str, float] | None:
    """``{input: {usd: 1.42}, ...}`` -> ``{"input": 1.42, ...}`` (USD per 1M tokens)."""
    spec = _dict(raw)
    result: dict[str, float] = {}
    for key in PRICE_KEYS:
        value = price(_dict(spec.get(key)).get("usd"))
        if value is not None:
            result[key] = value
    return result or None


def _map_row(row: Any, provider: str) -> ModelInfo | None:
    if not isinstance(row, Mapping):
        return None
    model_id = valid_id(row.get("id"))
    kind = row.get("type")
    if model_id is None or (kind is not None and kind != "text"):
        return None
    spec = _dict(row.get("model_spec"))
    caps = _dict(spec.get("capabilities"))
    traits = spec.get("traits")
    trait_list = traits if isinstance(traits, list) else []
    vision = caps.get("supportsVision") is True
    lowered = model_id.lower()
    deprecation = spec.get("deprecation")
    privacy = spec.get("privacy")
    context = positive_int(spec.get("availableContextTokens"))
    return ModelInfo(
        provider=provider,
        id=model_id,
        name=clean_text(spec.get("name")) or model_id,
        context_window=context or positive_int(row.get("context_length")),
        max_tokens=positive_int(spec.get("maxCompletionTokens")),
        privacy=privacy if privacy in _PRIVACY else None,
        input=("text", "image") if vision else ("text",),
        reasoning=caps.get("supportsReasoning") is True
        or any(hint in lowered for hint in _REASONING_HINTS),
        vision=vision,
        code=caps.get("optimizedForCode") is True,
        uncensored=spec.get("uncensored") is True or "most_uncensored" in trait_list,
        function_calling=_flag(caps, "supportsFunctionCalling"),
        response_schema=_flag(caps, "supportsResponseSchema"),
        web_search=_flag(caps, "supportsWebSearch"),
        pricing=_pricing(spec.get("pricing")),
        offline=spec.get("offline") is True,
        deprecated=isinstance(deprecation, Mapping),
        replacement=valid_id(_dict(deprecation).get("replacementModelId")),
        retires_at=_retires_at(deprecation),
        reasoning_effort=_flag(caps, "supportsReasoningEffort"),
        effort_options=_effort_options(caps.get("reasoningEffortOptions")),
    )


def _effort_options(raw: Any) -> tuple[str, ...] | None:
    """``reasoningEffortOptions`` (Venice's levels only, in its order), or None."""
    if not isinstance(raw, list):
        return None
    return tuple(level for level in EFFORT_LEVELS if level in raw)


def _retires_at(deprecation: Any) -> str | None:
    """``removesAt`` of a deprecation Venice will not remap (the id then stops working)."""
    if not isinstance(deprecation, Mapping) or deprecation.get("autoRemap") is True:
        return None
    removes = deprecation.get("removesAt")
    return clean_text(removes) if isinstance(removes, str) and len(removes) <= 40 else None


class _Row(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Row)


def map_rows(payload: Any, map_row: Callable[[Any], R | None]) -> list[R]:
    """``map_row`` over a ``GET /models`` answer's ``data`` (or a bare list): rows it
    rejects, or that break it, are skipped; the first row of an id wins."""
    rows = payload.get("data") if isinstance(payload, Mapping) else payload
    if not isinstance(rows, list):
        return []
    result: list[R] = []
    seen: set[str] = set()
    for row in rows:
        try:
            model = map_row(row)
        except (TypeError, ValueError, AttributeError, OverflowError):
            model = None
        if model is not None and model.id not in seen:
            seen.add(model.id)
            result.append(model)
    return result


def map_models_payload(payload: Any, provider: str = "venice") -> list[ModelInfo]:
    """Map a ``GET /models`` answer (``{"data": [...]}``) to rows; odd rows are skipped.

    Only text models (``type`` "text" or absent) are kept; the first row of an id wins.
    """
    return map_rows(payload, lambda row: _map_row(row, provider))


def _blank_model(provider: str, model_id: str) -> ModelInfo:
    return ModelInfo(
        provider=provider, id=model_id, name=model_id, context_window=None, max_tokens=None,
        privacy=None, input=("text",), reasoning=False, vision=False, code=False,
        uncensored=False, function_calling=None, response_schema=None, web_search=None,
        pricing=None, offline=False, deprecated=False, replacement=None,
    )


def _config_cost(raw: Any) -> dict[str, float] | None:
    """OpenClaw's ``cost: {input, output, cacheRead, cacheWrite}`` -> our pricing keys."""
    cost = _dict(raw)
    names = {"input": "input", "output": "output", "cacheRead": "cache_input",
             "cacheWrite": "cache_write"}
    result = {ours: value for theirs, ours in names.items()
              if (value := price(cost.get(theirs))) is not None}
    return result or None


def map_config_row(provider: str, row: Any, base: ModelInfo | None) -> ModelInfo | None:
    """A ``models.providers.<p>.models[]`` row, laid over the catalog row ``base`` if any.

    Keys follow OpenClaw's ModelDefinitionConfig (id, name, reasoning, input, cost,
    contextWindow, maxTokens) plus our ``privacy``; fields that are absent or of the
    wrong type keep the catalog's value.
    """
    if not isinstance(row, Mapping):
        return None
    model_id = valid_id(row.get("id"))
    if model_id is None:
        return None
    model = base if base is not None else _blank_model(provider, model_id)
    changes: dict[str, Any] = {}
    name = clean_text(row.get("name"))
    if name:
        changes["name"] = name
    for ours, theirs in (("context_window", "contextWindow"), ("max_tokens", "maxTokens")):
        number = positive_int(row.get(theirs))
        if number is not None:
            changes[ours] = number
    if isinstance(row.get("reasoning"), bool):
        changes["reasoning"] = row["reasoning"]
    inputs = row.get("input")
    if isinstance(inputs, list) and all(isinstance(item, str) for item in inputs):
        vision = "image" in inputs
        changes["vision"] = vision
        changes["input"] = ("text", "image") if vision else ("text",)
    cost = _config_cost(row.get("cost"))
    if cost is not None:
        changes["pricing"] = cost
    if row.get("privacy") in _PRIVACY:
        changes["privacy"] = row["privacy"]
    return model._replace(**changes)
