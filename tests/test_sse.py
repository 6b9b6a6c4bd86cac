"""Pure tests of SSE decoding, chunk parsing and <think> splitting on arbitrary splits."""

from __future__ import annotations

import json
from email.utils import formatdate
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openclaw_venice_cli.client.events import (
    ContentDelta,
    Finished,
    ReasoningDelta,
    StreamErrorEvent,
    ToolCallDelta,
    UsageInfo,
)
from openclaw_venice_cli.client.retry import (
    format_seconds,
    parse_reset,
    parse_retry_after,
    wait_for,
)
from openclaw_venice_cli.client.sse import SSEDecoder, ThinkSplitter, parse_chunk

STREAM = (
    ": ping\r\n\r\n"
    "event: message\r\nid: 1\r\nretry: 3000\r\n"
    'data: {"a": "Grüße 東京 👋🏽"}\r\n\r\n'
    "data: line one\ndata: line two\n\n"
    'data:{"b":1}\r\r'
    ": comment only\n\n"
    "data: [DONE]\n\n"
).encode()
EXPECTED = ['{"a": "Grüße 東京 👋🏽"}', "line one\nline two", '{"b":1}', "[DONE]"]


def _decode(pieces: list[bytes]) -> list[str]:
    decoder = SSEDecoder()
    out: list[str] = []
    for piece in pieces:
        out.extend(decoder.feed(piece))
    out.extend(decoder.flush())
    return out


def test_decoder_whole_stream() -> None:
    assert _decode([STREAM]) == EXPECTED


def test_decoder_byte_by_byte() -> None:
    assert _decode([STREAM[i:i + 1] for i in range(len(STREAM))]) == EXPECTED


def test_decoder_every_split_point() -> None:
    for cut in range(len(STREAM) + 1):
        assert _decode([STREAM[:cut], STREAM[cut:]]) == EXPECTED, cut


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(STREAM)), max_size=12))
def test_decoder_arbitrary_splits(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [STREAM[a:b] for a, b in zip([0, *points], [*points, len(STREAM)], strict=True)]
    assert _decode(pieces) == EXPECTED


def test_decoder_flush_returns_unterminated_last_event() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'data: {"x":1}\n\ndata: [DONE]') == ['{"x":1}']
    assert decoder.flush() == ["[DONE]"]


def test_decoder_cr_at_buffer_end_is_not_a_double_line_break() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\ndata: b\r\n\r\n") == ["a\nb"]


def test_decoder_replaces_invalid_utf8() -> None:
    assert _decode([b"data: \xff\xfe ok\n\n"]) == ["\ufffd\ufffd ok"]


def chunk(delta: dict[str, Any] | None = None, finish: str | None = None,
          **extra: Any) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "model": "m",
            "choices": [{"index": 0, "delta": delta or {}, "finish_reason": finish}], **extra}


def test_parse_chunk_content_and_reasoning() -> None:
    assert parse_chunk(chunk({"role": "assistant", "content": ""})) == []
    assert parse_chunk(chunk({"content": "Hi"})) == [ContentDelta("Hi")]
    assert parse_chunk(chunk({"content": None, "reasoning_content": "hm"})) == [
        ReasoningDelta("hm")]


def test_parse_chunk_null_valued_delta_keys() -> None:
    delta = {"role": None, "content": None, "reasoning_content": None, "tool_calls": None}
    assert parse_chunk({**chunk(delta), "service_tier": "default"}) == []
    assert parse_chunk(chunk(delta, "stop")) == [Finished("stop")]


def test_parse_chunk_usage_with_empty_choices() -> None:
    obj = {"id": "c", "choices": [], "usage": {
        "prompt_tokens": 18, "completion_tokens": 43, "total_tokens": 61,
        "completion_tokens_details": {"reasoning_tokens": 29}},
        "cost": {"usd": 0, "diem": 0.0001586}}
    assert parse_chunk(obj) == [UsageInfo(18, 43, 61, 29, 0.0, 0.0001586)]


def test_parse_chunk_usage_without_choices_key() -> None:
    obj = {"id": "c", "usage": {"prompt_tokens": 500, "completion_tokens": 0}, "model": "m"}
    assert parse_chunk(obj) == [UsageInfo(500, 0, None, None, None, None)]


def test_parse_chunk_tool_call_fragments_with_nulls() -> None:
    first = chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                   "function": {"name": "f", "arguments": ""}}]})
    last = chunk({"role": None, "content": "", "tool_calls": [
        {"index": 1, "id": None, "function": {"arguments": "{}", "name": None}, "type": None}]},
        "tool_calls")
    assert parse_chunk(first) == [ToolCallDelta(0, "call_1", "f", "")]
    assert parse_chunk(last) == [ToolCallDelta(1, None, None, "{}"), Finished("tool_calls")]


def test_parse_chunk_in_band_errors() -> None:
    obj = {"error": {"message": "The model is currently overloaded.", "type": "server_error",
                     "code": "model_overloaded", "param": None, "retry_after": 30}}
    assert parse_chunk(obj) == [StreamErrorEvent("The model is currently overloaded.",
                                                 "model_overloaded", "server_error")]
    assert parse_chunk({"error": "Upstream failed"}) == [
        StreamErrorEvent("Upstream failed", None, None)]


def test_parse_chunk_ignores_other_choices_and_junk() -> None:
    obj = {"choices": [{"index": 1, "delta": {"content": "other"}}, "junk"]}
    assert parse_chunk(obj) == []
    assert parse_chunk(["not", "a", "chunk"]) == []
    assert parse_chunk(None) == []


def _split(pieces: list[str]) -> tuple[str, str]:
    splitter = ThinkSplitter()
    events = [e for p in pieces for e in splitter.feed(p)] + splitter.flush()
    content = "".join(e.text for e in events if isinstance(e, ContentDelta))
    reasoning = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    return content, reasoning


THINK_CASES = [
    ("<think>\nThe user wants 15%.\n0.15 × 240 = 36\n</think>\n\n15% of 240 is **36**.",
     ("15% of 240 is **36**.", "The user wants 15%.\n0.15 × 240 = 36")),
    ("  \n<think>plan</think>answer", ("answer", "plan")),
    ("<think>\nunterminated reasoning when the length ran out", (
        "", "unterminated reasoning when the length ran out")),
    ("<think></think>\n\nonly an answer", ("only an answer", "")),
    ("No thinking here, and a literal <think> tag later stays.", (
        "No thinking here, and a literal <think> tag later stays.", "")),
    ("<thinking is not the tag", ("<thinking is not the tag", "")),
    ("<thi", ("<thi", "")),
    ("<think>reason with </thi partial", ("", "reason with </thi partial")),
    ("", ("", "")),
]


def test_think_splitter_every_split_point() -> None:
    for text, expected in THINK_CASES:
        assert _split([text]) == expected, text
        assert _split(list(text)) == expected, text
        for cut in range(len(text) + 1):
            assert _split([text[:cut], text[cut:]]) == expected, (text, cut)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(THINK_CASES), st.lists(st.integers(min_value=0, max_value=80),
                                              max_size=10))
def test_think_splitter_arbitrary_splits(case: tuple[str, tuple[str, str]],
                                         cuts: list[int]) -> None:
    text, expected = case
    points = sorted({c for c in cuts if c <= len(text)})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    assert _split(pieces) == expected


def test_think_splitter_streams_reasoning_before_the_close_tag() -> None:
    splitter = ThinkSplitter()
    assert splitter.feed("<think>step one") == [ReasoningDelta("step one")]
    assert splitter.feed(" and two</th") == [ReasoningDelta(" and two")]
    assert splitter.feed("ink>Answer") == [ContentDelta("Answer")]


def test_emulator_stream_payloads_survive_any_split() -> None:
    lines = [json.dumps(chunk({"content": c})) for c in ["Grü", "ße 👋🏽", " 東京"]]
    data = "".join(f"data: {line}\n\n" for line in lines).encode()
    for cut in range(len(data) + 1):
        assert _decode([data[:cut], data[cut:]]) == lines


def test_retry_after_parsing() -> None:
    now = 1_000_000.0
    assert parse_retry_after("2", now) == 2.0
    assert parse_retry_after(formatdate(now + 10, usegmt=True), now) == 10.0
    assert parse_retry_after("garbage", now) is None
    assert parse_retry_after(None, now) is None


def test_reset_header_units() -> None:
    now = 1_759_504_970.0
    assert parse_reset("1759504980000", now) == 10.0  # epoch milliseconds
    assert parse_reset("1759504980", now) == 10.0  # epoch seconds
    assert parse_reset("7", now) == 7.0  # seconds from now
    assert parse_reset("1759504960000", now) is None  # already past: no hint


def test_wait_prefers_retry_after_then_reset_then_backoff() -> None:
    now = 1_759_504_970.0
    headers = {"Retry-After": "3", "x-ratelimit-reset-requests": "1759504980000"}
    assert wait_for(429, headers, 1, now) == 3.0
    assert wait_for(429, {"x-ratelimit-reset-requests": "1759504980000"}, 1, now) == 10.0
    assert wait_for(503, {}, 1, now, rand=lambda: 0.0) == 0.5
    assert wait_for(503, {}, 3, now, rand=lambda: 1.0) == 3.0


def test_format_seconds() -> None:
    assert [format_seconds(s) for s in (2.0, 0.5, 12.4, 1.96)] == ["2", "0.5", "12", "2"]
