"""The catalog's pure parts: static data, GET /models mapping, cache rows, config rows."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.catalog import cache as catalog_cache
from openclaw_venice_cli.catalog.listing import format_token_k
from openclaw_venice_cli.catalog.loader import STATIC_MODELS, Catalog, find_model, format_age
from openclaw_venice_cli.catalog.mapping import map_config_row, map_models_payload
from openclaw_venice_cli.catalog.model import ModelInfo, from_dict, to_dict
from openclaw_venice_cli.netloc import is_loopback_url
from tests.helpers import SEED_ANONYMIZED, SEED_PRIVATE

# venice-api.md §2 (a): captured verbatim from the live API (key order as received).
GROK_4_3 = (
    '{"context_length":1000000,"created":1776470400,"id":"grok-4-3","model_spec":{"pricing":'
    '{"input":{"usd":1.42,"diem":1.42},"cache_input":{"usd":0.23,"diem":0.23},"output":'
    '{"usd":2.83,"diem":2.83},"extended":{"context_token_threshold":200000,"input":{"usd":'
    '2.83,"diem":2.83},"output":{"usd":5.67,"diem":5.67},"cache_input":{"usd":0.45,"diem":'
    '0.45}}},"availableContextTokens":1000000,"maxCompletionTokens":32000,"capabilities":'
    '{"optimizedForCode":false,"quantization":"not-available","supportsAudioInput":false,'
    '"supportsFunctionCalling":true,"supportsLogProbs":false,"supportsMultipleImages":true,'
    '"maxImages":10,"supportsReasoning":true,"supportsReasoningEffort":true,'
    '"reasoningEffortOptions":["none","low","medium","high"],"defaultReasoningEffort":"low",'
    '"supportsResponseSchema":true,"supportsTeeAttestation":false,"supportsE2EE":false,'
    '"supportsVideoInput":false,"supportsVision":true,"supportsWebSearch":true,'
    '"supportsXSearch":true},"description":"Grok 4.3 is xAI\'s most intelligent and fastest '
    'reasoning model with function calling, structured outputs, and a 1M-token context '
    'window. Suited for agentic workflows, instruction-following tasks, and applications '
    'requiring high factual accuracy.","name":"Grok 4.3","modelSource":'
    '"https://docs.x.ai/developers/models","offline":false,"privacy":"private","traits":[]},'
    '"object":"model","owned_by":"venice.ai","type":"text"}'
)
# §2 (b): verbatim subset, anonymized + vision (no context_length, no offline).
GPT_4O_MINI = (
    '{"id":"openai-gpt-4o-mini-2024-07-18","type":"text","model_spec":{"privacy":"anonymized",'
    '"availableContextTokens":128000,"pricing":{"input":{"usd":0.1875,"diem":0.1875},'
    '"cache_input":{"usd":0.09375,"diem":0.09375},"output":{"usd":0.75,"diem":0.75}},'
    '"traits":[],"name":"GPT-4o Mini","capabilities":{"optimizedForCode":false,"quantization":'
    '"not-available","supportsAudioInput":false,"supportsFunctionCalling":true,'
    '"supportsLogProbs":true,"supportsMultipleImages":true,"maxImages":10,'
    '"supportsReasoning":false,"supportsReasoningEffort":false,"supportsResponseSchema":true,'
    '"supportsTeeAttestation":false,"supportsE2EE":false,"supportsVideoInput":false,'
    '"supportsVision":true,"supportsWebSearch":true,"supportsXSearch":false}},'
    '"created":1772236800}'
)


def payload(*rows: Any) -> dict[str, Any]:
    return {"data": list(rows), "object": "list", "type": "text"}


def one(row: Any) -> ModelInfo:
    models = map_models_payload(payload(row))
    assert len(models) == 1
    return models[0]


# -- static catalog ------------------------------------------------------------------------
def test_static_catalog_is_the_seed_25() -> None:
    assert [(m.id, m.privacy) for m in STATIC_MODELS] == [
        *((model_id, "private") for model_id in SEED_PRIVATE),
        *((model_id, "anonymized") for model_id in SEED_ANONYMIZED)]
    assert all(m.provider == "venice" and m.key == f"venice/{m.id}" for m in STATIC_MODELS)


@pytest.mark.parametrize(("model_id", "context", "caps"), [
    ("llama-3.3-70b", 131072, set()),
    ("qwen3-coder-480b-a35b-instruct", 262144, {"code"}),
    ("qwen3-vl-235b-a22b", 262144, {"vision"}),
    ("qwen3-4b", 32768, {"reasoning"}),
    ("deepseek-v3.2", 163840, {"reasoning"}),
    ("venice-uncensored", 32768, {"uncensored"}),
    ("google-gemma-3-27b-it", 202752, {"vision"}),
    ("claude-opus-45", 202752, {"reasoning", "vision"}),
    ("grok-code-fast-1", 262144, {"reasoning", "code"}),
])
def test_static_rows_follow_the_seed_table(model_id: str, context: int, caps: set[str]) -> None:
    model = next(m for m in STATIC_MODELS if m.id == model_id)
    assert model.context_window == context
    flags = {name for name in ("reasoning", "vision", "code", "uncensored")
             if getattr(model, name)}
    assert flags == caps
    assert model.input == (("text", "image") if "vision" in caps else ("text",))


def test_find_model_matches_provider_and_id() -> None:
    catalog = Catalog(list(STATIC_MODELS), "static", None)
    found = find_model(catalog, "claude-opus-45")
    assert found is not None and found.name == "Claude Opus 4.5"
    assert find_model(catalog, "claude-opus-45", "other") is None
    assert find_model(catalog, "nope") is None


# -- GET /models mapping -------------------------------------------------------------------
def test_verbatim_grok_row_maps_every_field() -> None:
    model = one(json.loads(GROK_4_3))
    assert model == ModelInfo(
        provider="venice", id="grok-4-3", name="Grok 4.3", context_window=1000000,
        max_tokens=32000, privacy="private", input=("text", "image"), reasoning=True,
        vision=True, code=False, uncensored=False, function_calling=True,
        response_schema=True, web_search=True,
        pricing={"input": 1.42, "output": 2.83, "cache_input": 0.23},
        offline=False, deprecated=False, replacement=None,
        # supportsReasoningEffort, reasoningEffortOptions ["none","low","medium","high"]
        reasoning_effort=True, effort_options=("none", "low", "medium", "high"),
    )


def test_verbatim_anonymized_subset_maps() -> None:
    model = one(json.loads(GPT_4O_MINI))
    assert model.privacy == "anonymized"
    assert model.context_window == 128000 and model.max_tokens is None
    assert model.vision and not model.reasoning
    assert model.pricing == {"input": 0.1875, "output": 0.75, "cache_input": 0.09375}


def test_integer_prices_and_context_length_fallback() -> None:
    model = one({"id": "m", "context_length": 4096, "model_spec": {
        "pricing": {"input": {"usd": 1}, "output": {"usd": 3}, "cache_write": {"usd": 0}}}})
    assert model.pricing == {"input": 1.0, "output": 3.0, "cache_write": 0.0}
    assert model.context_window == 4096
    assert model.name == "m" and model.privacy is None and model.input == ("text",)


@pytest.mark.parametrize("model_id", ["deepseek-r1-671b", "my-Thinking-model", "x-reasoner"])
def test_reasoning_id_heuristic(model_id: str) -> None:
    assert one({"id": model_id}).reasoning


def test_code_uncensored_offline_and_deprecation() -> None:
    model = one({"id": "venice-uncensored-1-2", "model_spec": {
        "traits": ["most_uncensored"], "offline": True,
        "capabilities": {"optimizedForCode": True, "supportsFunctionCalling": False},
        "deprecation": {"date": "2026-01-01", "replacementModelId": "venice-uncensored-2"}}})
    assert model.uncensored and model.code and model.offline and model.deprecated
    assert model.function_calling is False and model.response_schema is None
    assert model.replacement == "venice-uncensored-2"
    assert one({"id": "u", "model_spec": {"uncensored": True}}).uncensored


def test_non_text_rows_and_rows_without_string_ids_are_skipped() -> None:
    models = map_models_payload(payload(
        {"id": "img", "type": "image"}, {"id": 7}, {"id": ""}, {"id": "has space"},
        {"id": None}, "junk", None, {"id": "ok", "type": "text"}, {"id": "ok"},
        {"id": "also-ok"},
    ))
    assert [m.id for m in models] == ["ok", "also-ok"]


@pytest.mark.parametrize("garbage", [
    None, 3, "text", [], {}, {"data": None}, {"data": "x"}, {"data": {"id": "a"}},
])
def test_garbage_payloads_map_to_nothing(garbage: Any) -> None:
    assert map_models_payload(garbage) == []


def test_wrong_types_inside_a_row_are_ignored_not_fatal() -> None:
    model = one({"id": "weird", "context_length": "big", "model_spec": {
        "name": ["x"], "availableContextTokens": True, "maxCompletionTokens": -5,
        "privacy": "public", "capabilities": ["supportsVision"], "traits": "most_uncensored",
        "pricing": {"input": {"usd": "1"}, "output": 2, "cache_input": {"usd": float("nan")}},
        "deprecation": "soon", "offline": "yes"}})
    assert model.name == "weird" and model.context_window is None
    assert model.max_tokens is None and model.privacy is None and model.pricing is None
    assert not (model.vision or model.uncensored or model.deprecated or model.offline)


def test_control_characters_in_names_are_shown_not_obeyed() -> None:
    model = one({"id": "x", "model_spec": {"name": "\x1b[31mRed\x1b[0m\tModel\n\x9b2J"}})
    assert model.name == "^[[31mRed^[[0m Model M-^[2J"  # one line, like less and git


def test_bare_list_payload_is_accepted() -> None:
    assert [m.id for m in map_models_payload([{"id": "a"}])] == ["a"]


# -- cache rows ----------------------------------------------------------------------------
def test_cache_rows_round_trip_through_json() -> None:
    models = [*STATIC_MODELS[:3], one(json.loads(GROK_4_3))]
    rows = json.loads(json.dumps([to_dict(m) for m in models]))
    assert [from_dict(row) for row in rows] == models


@pytest.mark.parametrize("mutation", [
    {"id": 3}, {"context_window": "1"}, {"reasoning": 1}, {"input": "text"},
    {"pricing": [1]}, {"privacy": 5}, {"max_tokens": True},
])
def test_malformed_cache_rows_are_rejected(mutation: dict[str, Any]) -> None:
    row = {**to_dict(STATIC_MODELS[0]), **mutation}
    assert from_dict(row) is None
    assert from_dict({"id": "x"}) is None and from_dict("x") is None


def test_cache_file_is_private_atomic_and_versioned(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache" / "openclaw"
    url = "http://127.0.0.1:9/api/v1"
    assert catalog_cache.write_cache(cache_dir, url, [to_dict(STATIC_MODELS[0])], 1000.0)
    path = catalog_cache.cache_path(cache_dir, url)
    assert path.name.startswith("models-") and path.suffix == ".json"
    assert catalog_cache.cache_path(cache_dir, url + "/") == path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert [p.name for p in cache_dir.iterdir()] == [path.name]  # no temp file left
    entry = catalog_cache.read_cache(cache_dir, url)
    assert entry is not None and entry[1] == 1000.0
    path.write_text("{not json")
    assert catalog_cache.read_cache(cache_dir, url) is None
    path.write_text(json.dumps({"version": 99, "fetchedAt": 1, "models": []}))
    assert catalog_cache.read_cache(cache_dir, url) is None


def test_failure_marker_expires(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/api/v1"
    catalog_cache.write_failure(tmp_path, url, "connection refused", 1000.0)
    assert catalog_cache.read_failure(tmp_path, url, 1000.0 + 60) == (1000.0, "connection refused")
    assert catalog_cache.read_failure(tmp_path, url, 1000.0 + 301) is None
    assert catalog_cache.read_failure(tmp_path, url, 999.0) is None  # clock went back
    catalog_cache.clear_failure(tmp_path, url)
    assert not catalog_cache.failure_path(tmp_path, url).exists()


def test_freshness_window() -> None:
    assert catalog_cache.is_fresh(1000.0, 1000.0 + 3599)
    assert not catalog_cache.is_fresh(1000.0, 1000.0 + 3600)
    assert not catalog_cache.is_fresh(1000.0, 900.0)


# -- config rows ---------------------------------------------------------------------------
def test_config_row_overlays_the_catalog_row() -> None:
    base = next(m for m in STATIC_MODELS if m.id == "llama-3.3-70b")
    row = {"id": "llama-3.3-70b", "name": "Llama (mine)", "reasoning": False,
           "input": ["text"], "cost": {"input": 0, "output": 0, "cacheRead": 0,
                                       "cacheWrite": 0},
           "contextWindow": 65536, "maxTokens": 4096}
    model = map_config_row("venice", row, base)
    assert model is not None
    assert (model.name, model.context_window, model.max_tokens) == ("Llama (mine)", 65536, 4096)
    assert model.privacy == "private"  # kept from the catalog
    assert model.pricing == {"input": 0.0, "output": 0.0, "cache_input": 0.0,
                             "cache_write": 0.0}


def test_config_row_without_catalog_row_and_bad_fields() -> None:
    model = map_config_row("local", {"id": "qwen", "contextWindow": "big",
                                     "input": ["text", "image"], "reasoning": "yes"}, None)
    assert model is not None and model.key == "local/qwen"
    assert model.context_window is None and model.vision and not model.reasoning
    assert map_config_row("local", {"name": "no id"}, None) is None
    assert map_config_row("local", "row", None) is None


# -- small formatters ----------------------------------------------------------------------
@pytest.mark.parametrize(("value", "text"), [
    (None, "-"), (999, "999"), (1000, "1k"), (65536, "66k"), (131072, "131k"),
    (163840, "164k"), (202752, "203k"), (1000000, "1000k"), (1500, "2k"), (2500, "3k"),
])
def test_format_token_k(value: int | None, text: str) -> None:
    assert format_token_k(value) == text


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8080/v1", True), ("http://localhost:1/api", True),
    ("http://[::1]:9/v1", True), ("https://api.venice.ai/api/v1", False),
    ("http://10.0.0.1/v1", False), ("not a url", False), ("http://[bad", False),
    # the one predicate (netloc.py) settles the cases two copies used to disagree on
    ("http://127.1:8080/v1", True), ("http://[0:0:0:0:0:0:0:1]:9/v1", True),
    ("http://127.0.0.1.nip.io/v1", False), ("http://2130706433/v1", True),
    ("http://[::ffff:127.0.0.1]/v1", True), ("http://app.localhost:3/v1", True),
    ("http://128.0.0.1/v1", False), ("http://localhost.example.com/v1", False),
])
def test_loopback_detection(url: str, local: bool) -> None:
    assert is_loopback_url(url) is local


@pytest.mark.parametrize(("seconds", "text"), [
    (5, "5 s"), (720, "12 min"), (3 * 3600 + 5, "3 h"), (2 * 86400, "2 d"), (-4, "0 s"),
])
def test_format_age(seconds: float, text: str) -> None:
    assert format_age(seconds) == text


def test_retired_models_are_those_venice_will_not_remap() -> None:
    """``deprecation.removesAt`` in the past and ``autoRemap`` false: the id stops working
    (Venice's OpenAPI: the id is then omitted from GET /models)."""
    from openclaw_venice_cli.catalog.mapping import map_models_payload

    def row(model_id: str, **deprecation: object) -> dict[str, object]:
        return {"id": model_id, "type": "text", "model_spec": {"name": model_id,
                                                               "deprecation": deprecation}}

    models = {m.id: m for m in map_models_payload({"data": [
        row("gone", autoRemap=False, date="2026-01-01T00:00:00.000Z",
            removesAt="2026-01-01T00:00:00.000Z"),
        row("remapped", autoRemap=True, date="2026-01-01T00:00:00.000Z",
            removesAt="2026-01-01T00:00:00.000Z"),
        row("later", autoRemap=False, date="2027-01-01T00:00:00.000Z",
            removesAt="2027-01-01T00:00:00.000Z"),
    ]})}
    now = 1785312120.0  # 2026-07-29
    assert [m.retired(now) for m in models.values()] == [True, False, False]
    assert models["later"].retired(1800000000.0)  # 2027-01-15
    from openclaw_venice_cli.catalog.model import from_dict, to_dict

    assert from_dict(to_dict(models["gone"])) == models["gone"]
    old_row = {k: v for k, v in to_dict(models["gone"]).items() if k != "retires_at"}
    assert from_dict(old_row) == models["gone"]._replace(retires_at=None)  # older caches
