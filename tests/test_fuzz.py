"""Property-based fuzzing of every parser that meets outside input. No traceback escapes.

Targets: the SSE reader (decoder + chunk parsing + ``<think>`` splitting, arbitrary byte
splits and garbage), the config loader (arbitrary bytes, mutated JSON5, random config
trees through ``load_config``), the model-ref parser and ``${VAR}`` substitution. Each may
raise only its documented :class:`OpenclawError`; anything else would be a traceback.

Profiles (env ``HYPOTHESIS_PROFILE``): ``ci`` (default, 200 examples per property) and
``nightly`` (10,000 per property). The nightly run:

    HYPOTHESIS_PROFILE=nightly .venv/bin/python -m pytest -q -s --timeout=0 tests/test_fuzz.py

``-s`` prints the number of examples each target ran.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import string
import tempfile
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openclaw_venice_cli.catalog.ref import ModelRef, parse_model_ref
from openclaw_venice_cli.client.events import (
    ContentDelta,
    Finished,
    ReasoningDelta,
    ResponseStarted,
    StreamErrorEvent,
    ToolCallDelta,
    UsageInfo,
)
from openclaw_venice_cli.client.sse import SSEDecoder
from openclaw_venice_cli.client.stream import StreamReader
from openclaw_venice_cli.config.loader import load_config, substitute
from openclaw_venice_cli.config.parse import parse_config_bytes, validate_config
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError, ServerError, UsageError

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EVENT_TYPES = (ContentDelta, ReasoningDelta, ToolCallDelta, UsageInfo, Finished,
               StreamErrorEvent, ResponseStarted)
EXAMPLES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_examples() -> Iterator[None]:
    yield
    shutil.rmtree(_WORKDIR, ignore_errors=True)
    print("\nexamples fuzzed per target:", dict(sorted(EXAMPLES.items())))


def _cuts(data: bytes, points: list[int]) -> list[bytes]:
    """``data`` cut at ``points`` (positions wrap around the length)."""
    marks = sorted({p % (len(data) + 1) for p in points})
    edges = [0, *marks, len(data)]
    return [data[a:b] for a, b in pairwise(edges)]


# -- SSE reader ----------------------------------------------------------------------------
line_text = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]),
                    max_size=30)
sse_event = st.tuples(
    st.lists(st.sampled_from(["comment", "event", "id", "retry", "unknown"]), max_size=3),
    st.lists(line_text, min_size=1, max_size=3),
)


@PROFILE
@given(events=st.lists(sse_event, max_size=8), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       points=st.lists(st.integers(0, 10_000), max_size=12))
def test_sse_decoder_any_split_gives_the_same_payloads(
    events: list[tuple[list[str], list[str]]], newline: str, points: list[int]
) -> None:
    EXAMPLES["sse decoder (valid streams, random splits)"] += 1
    lines: list[str] = []
    for fields, data in events:
        lines += {"comment": [": keep-alive"], "event": ["event: message"], "id": ["id: 7"],
                  "retry": ["retry: 3000"], "unknown": ["x-field: 1"]}.get(
                      fields[0], []) if fields else []
        lines += [f"data: {value}" for value in data]
        lines.append("")
    stream = "".join(line + newline for line in lines).encode("utf-8")
    decoder = SSEDecoder()
    got: list[str] = []
    for piece in _cuts(stream, points):
        got += decoder.feed(piece)
    got += decoder.flush()
    assert got == ["\n".join(data) for _fields, data in events]


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64),
                      st.floats(allow_nan=False), st.text(max_size=12),
                      st.sampled_from(["<think>", "</think>", "<thi", "nk>", "stop", ""]))
chunk_keys = st.sampled_from(["choices", "delta", "message", "content", "reasoning_content",
                              "reasoning", "tool_calls", "function", "name", "arguments",
                              "index", "id", "finish_reason", "usage", "cost", "usd", "diem",
                              "prompt_tokens", "completion_tokens", "total_tokens",
                              "completion_tokens_details", "reasoning_tokens", "error",
                              "message", "code", "type", "issues", "path"])
def _json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(chunk_keys, inner, max_size=5))


json_value = st.recursive(json_leaf, _json_containers, max_leaves=25)


def _read(pieces: list[bytes]) -> list[Any]:
    """Run bytes through the client's stream pipeline; only ServerError may result."""
    notices: list[str] = []
    reader = StreamReader(notices.append, cf_ray=None)
    events: list[Any] = []
    for piece in pieces:
        events += reader.feed(piece)
        if reader.error or reader.done:
            break
    else:
        events += reader.end()
    if reader.error is not None:
        assert isinstance(reader.error, ServerError)
        assert str(reader.error).startswith("The server failed during the answer: ")
    assert all(isinstance(event, EVENT_TYPES) for event in events)
    for event in events:
        if isinstance(event, (ContentDelta, ReasoningDelta)):
            assert isinstance(event.text, str) and event.text
    assert len(notices) <= 1  # one "skipped a malformed event" notice per stream at most
    return events


@PROFILE
@given(chunks=st.lists(json_value, max_size=6), garbage=st.lists(st.binary(max_size=20),
       max_size=3), points=st.lists(st.integers(0, 10_000), max_size=10))
def test_stream_reader_survives_any_chunk_shape(
    chunks: list[Any], garbage: list[bytes], points: list[int]
) -> None:
    EXAMPLES["sse reader (random chunk JSON + garbage lines)"] += 1
    body = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks)
    body += b"".join(b"data: " + g + b"\n\n" for g in garbage)
    _read(_cuts(body, points))


@PROFILE
@given(data=st.binary(max_size=400), points=st.lists(st.integers(0, 10_000), max_size=10))
def test_stream_reader_survives_raw_garbage(data: bytes, points: list[int]) -> None:
    EXAMPLES["sse reader (raw bytes)"] += 1
    _read(_cuts(data, points))


# -- config loader ---------------------------------------------------------------------------
VALID_JSON5 = """// comment
{
  agents: { defaults: { model: { primary: "venice/qwen3-4b" }, models: {} } },
  models: { mode: 'merge', providers: { venice: { baseUrl: "${VENICE_BASE}", apiKey: "${K}",
    models: [ { id: "a", name: 'A', contextWindow: 0x10, }, ], }, }, },
  env: { VENICE_API_KEY: "${K}", vars: { K: "secret-value" }, },
  /* end */
}
"""
PATH = Path("/fuzz/openclaw.json")


def _load_bytes(data: bytes) -> None:
    """parse + validate + substitute: anything but ConfigError is a bug."""
    try:
        parsed, _ = parse_config_bytes(PATH, data)
        validate_config(PATH, parsed)
        substitute(parsed, {"K": "v"}, lambda _n, _w: None)
    except ConfigError as exc:
        text = str(exc)
        assert text.startswith(("Failed to read config at /fuzz/openclaw.json: ",
                                "Invalid config at /fuzz/openclaw.json: ")), text
        assert "\n" not in text


@PROFILE
@given(data=st.binary(max_size=300))
def test_config_loader_arbitrary_bytes(data: bytes) -> None:
    EXAMPLES["config loader (arbitrary bytes)"] += 1
    _load_bytes(data)


@PROFILE
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 4),
                                st.text(string.printable + "\x00ü{}[]:,'\"/*\\", max_size=4)),
                      min_size=1, max_size=6))
def test_config_loader_mutated_json5(edits: list[tuple[int, int, str]]) -> None:
    EXAMPLES["config loader (mutated JSON5)"] += 1
    text = VALID_JSON5
    for pos, drop, insert in edits:
        at = pos % (len(text) + 1)
        text = text[:at] + insert + text[at + drop:]
    _load_bytes(text.encode("utf-8", "surrogatepass"))


config_keys = st.sampled_from(["agents", "defaults", "model", "primary", "models", "mode",
                               "providers", "venice", "other", "baseUrl", "apiKey", "api",
                               "id", "name", "env", "vars", "shellEnv", "VENICE_API_KEY",
                               "VENICE_BASE_URL", "gateway"])
config_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.sampled_from(["${VENICE_API_KEY}", "${MISSING}", "$${X}",
                                         "http://127.0.0.1:1/v1", "https://x/${HOST}",
                                         "venice/qwen3-4b", "merge", "", " ", "openai-completions",
                                         "ftp://x", "null", "undefined"]),
                        st.text(max_size=10))
def _config_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(config_keys, inner, max_size=4))


config_tree = st.dictionaries(config_keys, st.recursive(config_leaf, _config_containers,
                                                        max_leaves=20), max_size=5)
_WORKDIR = tempfile.mkdtemp(prefix="openclaw-fuzz-")


@PROFILE
@given(tree=config_tree, process_key=st.sampled_from(["", "k" * 20]))
def test_load_config_random_trees(tree: dict[str, Any], process_key: str) -> None:
    EXAMPLES["load_config (random config trees)"] += 1
    path = Path(_WORKDIR) / "openclaw.json"
    path.write_text(json.dumps(tree))
    environ = {"OPENCLAW_CONFIG_PATH": str(path), "HOME": _WORKDIR, "HOST": "h"}
    if process_key:
        environ["VENICE_API_KEY"] = process_key
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                      environ=environ)
    try:
        config = load_config(env)
        config.default_model_ref()
        config.venice_key()
        for name in ("venice", "other", "Other"):
            config.provider(name)
        config.providers()
    except ConfigError as exc:
        assert str(exc).startswith((f"Failed to read config at {path}",
                                    f"Invalid config at {path}")), str(exc)


# -- model refs ------------------------------------------------------------------------------
@PROFILE
@given(text=st.one_of(st.text(max_size=40), st.from_regex(
    r"[A-Za-z0-9 ._/:=-]{0,12}/[A-Za-z0-9._/:=-]{0,20}", fullmatch=True)),
       require=st.booleans())
def test_model_ref_parser(text: str, require: bool) -> None:
    EXAMPLES["model-ref parser"] += 1
    try:
        ref = parse_model_ref(text, require_provider=require)
    except UsageError as exc:
        assert "\n" not in str(exc).replace(text, "")  # one line (the input aside)
        return
    assert isinstance(ref, ModelRef) and ref.provider and ref.model_id
    assert ref.provider == ref.provider.lower()
    assert parse_model_ref(str(ref), require_provider=True) == ref  # round trip


# -- ${VAR} substitution ---------------------------------------------------------------------
var_name = st.from_regex(r"[A-Z_][A-Z0-9_]{0,6}", fullmatch=True)
template_piece = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=6),
    var_name.map(lambda n: "${" + n + "}"), var_name.map(lambda n: "$${" + n + "}"),
    st.sampled_from(["$", "${", "}", "${lower}", "$$", "${A", "${}"]))


@PROFILE
@given(pieces=st.lists(template_piece, max_size=8),
       environ=st.dictionaries(var_name, st.text(max_size=8), max_size=5),
       shape=st.sampled_from(["str", "list", "dict"]))
def test_substitution(pieces: list[str], environ: dict[str, str], shape: str) -> None:
    EXAMPLES["${VAR} substitution"] += 1
    template = "".join(pieces)
    missing: list[str] = []
    value: Any = {"str": template, "list": [template, 1, None],
                  "dict": {"${KEY}": template, "n": 2}}[shape]
    result = substitute(value, environ, lambda name, _where: missing.append(name))
    text = {"str": result, "list": result[0] if isinstance(result, list) else None,
            "dict": result.get("${KEY}") if isinstance(result, dict) else None}[shape]
    assert isinstance(text, str)
    if shape == "dict":
        assert set(result) == {"${KEY}", "n"}  # keys are never substituted
    if "$" not in template:
        assert text == template
    for name in missing:  # only unset (or empty) variables are reported
        assert not environ.get(name)
    if len(pieces) == 1 and pieces[0].startswith("$${"):
        assert text == pieces[0][1:]  # $${X} is the literal ${X}
    if len(pieces) == 1 and pieces[0].startswith("${") and pieces[0][2:-1] in environ:
        name = pieces[0][2:-1]
        assert text == (environ[name] or pieces[0])
        assert missing == ([] if environ[name] else [name])
