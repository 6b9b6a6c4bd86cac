"""From decoded SSE payloads (or a whole completion) to the events the client yields."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from openclaw_venice_cli.client.events import (
    ContentDelta,
    Finished,
    ReasoningDelta,
    StreamErrorEvent,
    StreamEvent,
    ToolCallDelta,
)
from openclaw_venice_cli.client.sse import (
    SSEDecoder,
    ThinkSplitter,
    parse_chunk,
    trailer_events,
)
from openclaw_venice_cli.errors import ApiError, ContentFiltered, ServerError

MALFORMED_NOTICE = "Skipped a malformed event in the server's stream."
EMPTY_ANSWER = "The server sent an empty answer (no text, no tool calls)"
UNREADABLE_STREAM = "The server's stream held no readable event (every event was malformed)"
_ANSWER_EVENTS = (ContentDelta, ReasoningDelta, ToolCallDelta)


def stream_error(event: StreamErrorEvent, cf_ray: str | None) -> ApiError:
    """The error raised for an in-band ``{"error": …}`` stream event: ContentFiltered
    (exit 12) when the provider's filter blocked the answer, else ServerError."""
    from openclaw_venice_cli.keys import redact_text

    suffix = f" [{event.code}]" if event.code else ""
    message = redact_text(event.message)  # masked at the source: callers may cut it
    if event.type == "content_filter_error" or event.code == "content_blocked_by_provider":
        return ContentFiltered(f"The provider's content filter stopped the answer: "
                               f"{message}{suffix}", status=200, code=event.code,
                               cf_ray=cf_ray)
    return ServerError(f"The server failed during the answer: {message}{suffix}",
                       status=200, code=event.code, cf_ray=cf_ray)


class StreamReader:
    """Feeds raw bytes through SSE decoding, chunk parsing and ``<think>`` splitting.

    A malformed ``data:`` line is skipped with one notice per stream (the official CLI
    ignores them too); an in-band error yields the partial answer, the
    :class:`StreamErrorEvent`, then raises :class:`ServerError`.
    """

    def __init__(self, on_notice: Callable[[str], None], cf_ray: str | None) -> None:
        self._decoder = SSEDecoder(cf_ray=cf_ray)
        self._splitter = ThinkSplitter()
        self._notice = on_notice
        self._cf_ray = cf_ray
        self._warned = False
        self.done = False  # saw [DONE]
        self.finished = False  # saw a finish_reason
        self.finish_reason: str | None = None
        self.answered = False  # saw text, thinking or a tool call
        self.readable = False  # at least one event parsed as JSON
        self.malformed = 0  # events skipped as unreadable
        self.error: ApiError | None = None  # an in-band error: raise after yielding

    def feed(self, data: bytes) -> list[StreamEvent]:
        """Events completed by ``data`` (stops at ``[DONE]``; raises on in-band errors)."""
        out: list[StreamEvent] = []
        for payload in self._decoder.feed(data):
            self._payload(payload, out)
            if self.done or self.error:
                break
        return out

    def end(self) -> list[StreamEvent]:
        """End of body: any unterminated last event, then held-back text."""
        out: list[StreamEvent] = []
        for payload in self._decoder.flush():
            if self.done or self.error:
                break
            self._payload(payload, out)
        out.extend(self._splitter.flush())
        return out

    def flush(self) -> list[StreamEvent]:
        """Held-back text (used when the connection fails mid-stream)."""
        return list(self._splitter.flush())

    def _payload(self, payload: str, out: list[StreamEvent]) -> None:
        if payload.strip() == "[DONE]":
            self.done = True
            out.extend(self._splitter.flush())
            return
        for obj in self._objects(payload):
            for event in parse_chunk(obj):
                self._event(event, out)
                if self.error:
                    return

    def _objects(self, payload: str) -> list[Any]:
        try:
            objects: list[Any] = [json.loads(payload)]
        except (ValueError, RecursionError):
            objects = []
            for line in payload.split("\n"):  # servers that omit the blank line between events
                try:
                    objects.append(json.loads(line))
                except (ValueError, RecursionError):
                    if line.strip() == "[DONE]":
                        objects.append("[DONE]")
                        continue
                    self.malformed += 1
                    if not self._warned:
                        self._warned = True
                        self._notice(MALFORMED_NOTICE)
                    break
            else:
                if "[DONE]" in objects:
                    self.done = True
        objects = [o for o in objects if o != "[DONE]"]
        self.readable = self.readable or bool(objects)
        return objects

    def _event(self, event: StreamEvent, out: list[StreamEvent]) -> None:
        if isinstance(event, _ANSWER_EVENTS):
            self.answered = True
        if isinstance(event, ContentDelta):
            out.extend(self._splitter.feed(event.text))
        elif isinstance(event, Finished):
            out.extend(self._splitter.flush())
            out.append(event)
            self.finished = True
            self.finish_reason = event.reason
        elif isinstance(event, StreamErrorEvent):
            out.extend(self._splitter.flush())
            out.append(event)
            self.error = stream_error(event, self._cf_ray)
        else:
            out.append(event)


def empty_answer(reader: StreamReader, cf_ray: str | None) -> ServerError | None:
    """The error for a stream that ended without any answer, or None.

    Nothing but malformed events, or no text, thinking or tool call at all, is a server
    failure (exit 8), not a silent success. An answer stopped by the content filter is
    left to the caller (it says so itself).
    """
    if reader.answered or reader.finish_reason == "content_filter":
        return None
    message = UNREADABLE_STREAM if reader.malformed and not reader.readable else EMPTY_ANSWER
    return ServerError(message, status=200, cf_ray=cf_ray)


def completion_events(obj: Mapping[str, Any], cf_ray: str | None) -> list[StreamEvent]:
    """The events of a whole ``chat.completion`` body (the non-streaming answer); one
    without any text, thinking or tool call raises :func:`empty_answer`'s error."""
    if obj.get("error"):
        events = parse_chunk(obj)
        if events and isinstance(events[0], StreamErrorEvent):
            raise stream_error(events[0], cf_ray)
    out: list[StreamEvent] = []
    choices = obj.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else None
    message = choice.get("message") if isinstance(choice, Mapping) else None
    if isinstance(message, Mapping):
        splitter = ThinkSplitter()
        for event in parse_chunk({"choices": [{"index": 0, "delta": message}]}):
            if isinstance(event, ContentDelta):
                out.extend(splitter.feed(event.text))
            else:
                out.append(event)
        out.extend(splitter.flush())
    if isinstance(choice, Mapping) and isinstance(choice.get("finish_reason"), str):
        out.append(Finished(choice["finish_reason"]))
    out.extend(trailer_events(obj))
    reason = next((e.reason for e in out if isinstance(e, Finished)), None)
    if reason != "content_filter" and not any(isinstance(e, _ANSWER_EVENTS) for e in out):
        raise ServerError(EMPTY_ANSWER, status=200, cf_ray=cf_ray)
    return out
