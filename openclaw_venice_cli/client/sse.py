"""Pure Server-Sent-Events decoding for chat streams (no I/O; fuzzable).

* :class:`SSEDecoder` turns raw network bytes into complete ``data:`` payloads: UTF-8
  characters split across reads, CRLF/CR/LF line ends, ``:`` comments, ``event:``/``id:``/
  ``retry:`` lines and multi-line data are all handled.
* :func:`parse_chunk` turns one decoded ``chat.completion.chunk`` object into events,
  tolerating usage chunks with ``choices: []`` or no ``choices``, null-valued delta keys,
  tool-call fragments with nulls, and in-band ``{"error": …}`` objects.
* :class:`ThinkSplitter` separates legacy ``<think>…</think>`` reasoning from content.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Any

from openclaw_venice_cli.client.events import (
    ContentDelta,
    Finished,
    ReasoningDelta,
    Source,
    SourcesFound,
    StreamErrorEvent,
    StreamEvent,
    ToolCallDelta,
    UsageInfo,
)
from openclaw_venice_cli.client.limits import SSE_LINE_LIMIT, too_large
from openclaw_venice_cli.errors import ResponseTooLarge, extract_error_message

OPEN_TAG = "<think>"
CLOSE_TAG = "</think>"
_MAX_LEAD = 4096  # whitespace held back before a possible "<think>" (keeps feed linear)
_LINE_END = re.compile(r"\r\n|\r|\n")


class SSEDecoder:
    """Incremental SSE parser: ``feed(bytes)`` returns the payloads of complete events.

    Linear in the input: each character is scanned once, an unfinished line is kept as
    a list of pieces (joined once, when its end arrives). A line, or one event's data,
    longer than ``max_line`` characters raises :class:`ResponseTooLarge`.
    """

    def __init__(self, max_line: int = SSE_LINE_LIMIT, cf_ray: str | None = None) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending: list[str] = []  # pieces of the unfinished line
        self._pending_size = 0
        self._skip_lf = False  # the last line ended with CR: a following LF is its pair
        self._data: list[str] = []
        self._data_size = 0
        self.max_line = max_line
        self.cf_ray = cf_ray  # named in the error, like every server failure

    def feed(self, data: bytes) -> list[str]:
        """Add bytes; return the ``data`` of every event completed by them."""
        return self._take(self._decoder.decode(data))

    def flush(self) -> list[str]:
        """End of stream: return any event left unterminated (lenient, unlike the spec)."""
        out = self._take(self._decoder.decode(b"", final=True))
        if self._pending:
            self._line("".join(self._pending), out)
            self._pending, self._pending_size = [], 0
        if self._data:
            out.append("\n".join(self._data))
            self._data, self._data_size = [], 0
        return out

    def _take(self, text: str) -> list[str]:
        out: list[str] = []
        start, size = 0, len(text)
        if self._skip_lf and size:
            self._skip_lf = False
            if text[0] == "\n":
                start = 1
        while start < size:
            found = _LINE_END.search(text, start)
            if found is None:
                break
            end = found.start()
            piece = text[start:end]
            if self._pending:
                self._pending.append(piece)
                piece = "".join(self._pending)
                self._pending, self._pending_size = [], 0
            if len(piece) > self.max_line:
                raise self._too_long()
            self._line(piece, out)
            start = found.end()
            if found.group() == "\r" and start == size:
                self._skip_lf = True  # CRLF split across two reads
        if start < size:
            self._pending.append(text[start:])
            self._pending_size += size - start
            if self._pending_size > self.max_line:
                raise self._too_long()
        return out

    def _too_long(self) -> ResponseTooLarge:
        return too_large("one line of its stream", self.max_line, self.cf_ray)

    def _line(self, line: str, out: list[str]) -> None:
        if not line:
            if self._data:
                out.append("\n".join(self._data))
                self._data, self._data_size = [], 0
            return
        if line.startswith(":"):
            return
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data_size += len(value) + 1
            if self._data_size > self.max_line:
                raise too_large("one event of its stream", self.max_line, self.cf_ray)
            self._data.append(value)
        # event:, id:, retry: and unknown fields carry nothing a chat client needs.


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def parse_usage(obj: Mapping[str, Any]) -> UsageInfo | None:
    """Usage and cost of a chunk or completion (``usage`` and sibling ``cost``), if any."""
    usage = obj.get("usage")
    cost = obj.get("cost")
    if not isinstance(usage, dict) and not isinstance(cost, dict):
        return None
    usage = usage if isinstance(usage, dict) else {}
    cost = cost if isinstance(cost, dict) else {}
    details = usage.get("completion_tokens_details")
    reasoning = details.get("reasoning_tokens") if isinstance(details, dict) else None
    prompt_details = usage.get("prompt_tokens_details")
    cached = prompt_details.get("cached_tokens") if isinstance(prompt_details, dict) else None
    if cached is None:  # some model families report a flat count instead
        cached = usage.get("cache_read_input_tokens")
    return UsageInfo(
        prompt_tokens=_int(usage.get("prompt_tokens")),
        completion_tokens=_int(usage.get("completion_tokens")),
        total_tokens=_int(usage.get("total_tokens")),
        reasoning_tokens=_int(reasoning),
        cost_usd=_num(cost.get("usd")),
        cost_diem=_num(cost.get("diem")),
        cached_tokens=_int(cached),
    )


MAX_SOURCES = 50  # web-search results kept from one answer
_MAX_TITLE, _MAX_URL = 300, 2048


def parse_sources(obj: Mapping[str, Any]) -> SourcesFound | None:
    """``venice_parameters.web_search_citations`` (streamed chunk or whole answer):
    http(s) URLs with their titles, bounded; None when there are none."""
    params = obj.get("venice_parameters")
    raw = params.get("web_search_citations") if isinstance(params, dict) else None
    if not isinstance(raw, list):
        return None
    found: list[Source] = []
    for item in raw:
        if len(found) >= MAX_SOURCES:
            break
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or len(url) > _MAX_URL or not url.lower().startswith(
                ("https://", "http://")):
            continue
        title = item.get("title")
        date = item.get("date")
        found.append(Source(title[:_MAX_TITLE] if isinstance(title, str) else "", url,
                            date[:40] if isinstance(date, str) else None))
    return SourcesFound(tuple(found)) if found else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_tool_calls(raw: Any) -> list[ToolCallDelta]:
    """Tool-call fragments from a delta (or whole calls from a message), nulls tolerated."""
    out: list[ToolCallDelta] = []
    if not isinstance(raw, list):
        return out
    for position, call in enumerate(raw):
        if not isinstance(call, dict):
            continue
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        index = _int(call.get("index"))
        name = function.get("name")
        out.append(ToolCallDelta(
            index=position if index is None else index,
            id=call.get("id") if isinstance(call.get("id"), str) and call.get("id") else None,
            name=name if isinstance(name, str) and name else None,
            arguments=_text(function.get("arguments")),
        ))
    return out


def parse_chunk(obj: Any) -> list[StreamEvent]:
    """Events of one decoded stream chunk (see module docstring for the tolerated shapes)."""
    if not isinstance(obj, dict):
        return []
    if obj.get("error"):
        message, code = extract_error_message(obj)
        err = obj.get("error")
        kind = err.get("type") if isinstance(err, dict) else None
        return [StreamErrorEvent(message or "The server reported an error", code,
                                 kind if isinstance(kind, str) else None)]
    events: list[StreamEvent] = []
    choices = obj.get("choices")
    if isinstance(choices, list):
        for choice in choices:
            if not isinstance(choice, dict) or _int(choice.get("index")) not in (0, None):
                continue
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                delta = choice.get("message")
            if isinstance(delta, dict):
                reasoning = delta.get("reasoning_content")
                if not isinstance(reasoning, str):
                    reasoning = delta.get("reasoning")
                if isinstance(reasoning, str) and reasoning:
                    events.append(ReasoningDelta(reasoning))
                content = delta.get("content")
                if isinstance(content, str) and content:
                    events.append(ContentDelta(content))
                events.extend(parse_tool_calls(delta.get("tool_calls")))
            finish = choice.get("finish_reason")
            if isinstance(finish, str) and finish:
                events.append(Finished(finish))
    events.extend(trailer_events(obj))
    return events


def trailer_events(obj: Mapping[str, Any]) -> list[StreamEvent]:
    """The web-search sources and the usage a chunk or a whole answer carries, if any."""
    found: list[StreamEvent] = []
    sources = parse_sources(obj)
    if sources is not None:
        found.append(sources)
    usage = parse_usage(obj)
    if usage is not None:
        found.append(usage)
    return found


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:size]):
            return size
    return 0


class ThinkSplitter:
    """Splits legacy ``<think>…</think>`` reasoning out of streamed content.

    The opening tag counts only before any visible content (whitespace before it is
    dropped); whitespace around the reasoning and right after ``</think>`` is dropped.
    Tags may be split across chunks at any character; an unterminated ``<think>`` makes
    the rest reasoning.
    """

    _START, _THINK, _AFTER, _CONTENT = range(4)

    def __init__(self) -> None:
        self._state = self._START
        self._buf = ""
        self._strip = False

    def feed(self, text: str) -> list[ContentDelta | ReasoningDelta]:
        self._buf += text
        out: list[ContentDelta | ReasoningDelta] = []
        while self._buf:
            if self._state == self._START:
                stripped = self._buf.lstrip()
                if stripped.startswith(OPEN_TAG):
                    self._buf = stripped[len(OPEN_TAG):]
                    self._state, self._strip = self._THINK, True
                    continue
                if OPEN_TAG.startswith(stripped) and len(self._buf) <= _MAX_LEAD:
                    break  # all whitespace or a partial "<think": wait for more
                self._state = self._CONTENT
            elif self._state == self._THINK:
                if self._strip:
                    self._buf = self._buf.lstrip()
                    if not self._buf:
                        break
                    self._strip = False
                end = self._buf.find(CLOSE_TAG)
                if end >= 0:
                    reasoning = self._buf[:end].rstrip()
                    if reasoning:
                        out.append(ReasoningDelta(reasoning))
                    self._buf = self._buf[end + len(CLOSE_TAG):]
                    self._state = self._AFTER
                    continue
                # Hold back a possible partial "</think>" and trailing whitespace.
                cut = len(self._buf) - _partial_suffix(self._buf, CLOSE_TAG)
                cut = len(self._buf[:cut].rstrip())
                if cut:
                    out.append(ReasoningDelta(self._buf[:cut]))
                self._buf = self._buf[cut:]
                break
            elif self._state == self._AFTER:
                self._buf = self._buf.lstrip()
                if self._buf:
                    self._state = self._CONTENT
            else:
                out.append(ContentDelta(self._buf))
                self._buf = ""
        return out

    def flush(self) -> list[ContentDelta | ReasoningDelta]:
        """End of answer: whatever is held back (unterminated reasoning included)."""
        buf, self._buf = self._buf, ""
        if not buf:
            return []
        if self._state == self._THINK:
            return [ReasoningDelta(buf)]
        if self._state == self._AFTER:
            return []
        return [ContentDelta(buf)]
