"""Typed events of a chat answer (stdlib only), and folding them into a ChatResult."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias


@dataclass(frozen=True)
class ResponseStarted:
    """The HTTP answer arrived: status plus the Venice headers worth showing."""

    status: int
    balance_usd: str | None = None
    balance_diem: str | None = None
    cf_ray: str | None = None
    model_id: str | None = None
    deprecation_warning: str | None = None


@dataclass(frozen=True)
class ContentDelta:
    text: str


@dataclass(frozen=True)
class ReasoningDelta:
    text: str


@dataclass(frozen=True)
class ToolCallDelta:
    """A fragment of tool call ``index``; ``id``/``name`` only on the first fragment."""

    index: int
    id: str | None
    name: str | None
    arguments: str


@dataclass(frozen=True)
class UsageInfo:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    reasoning_tokens: int | None = None
    cost_usd: float | None = None
    cost_diem: float | None = None


@dataclass(frozen=True)
class Finished:
    reason: str | None


@dataclass(frozen=True)
class StreamErrorEvent:
    """An in-band ``data: {"error": …}`` event (the client raises ServerError after it)."""

    message: str
    code: str | None = None
    type: str | None = None


StreamEvent: TypeAlias = (
    ResponseStarted | ContentDelta | ReasoningDelta | ToolCallDelta | UsageInfo | Finished
    | StreamErrorEvent
)


@dataclass
class ChatResult:
    """A whole answer: text, reasoning, tool calls (OpenAI message shape) and usage."""

    content: str
    reasoning: str
    tool_calls: list[dict[str, Any]]
    usage: UsageInfo | None
    finish_reason: str | None
    started: ResponseStarted = field(default_factory=lambda: ResponseStarted(status=200))


class ToolCallAccumulator:
    """Joins tool-call fragments by ``index`` into ``{"id", "type", "function"}`` dicts."""

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, Any]] = {}

    def add(self, delta: ToolCallDelta) -> None:
        call = self._calls.setdefault(delta.index, {
            "id": None, "type": "function", "function": {"name": None, "arguments": ""}})
        if delta.id and not call["id"]:
            call["id"] = delta.id
        if delta.name and not call["function"]["name"]:
            call["function"]["name"] = delta.name
        call["function"]["arguments"] += delta.arguments

    def calls(self) -> list[dict[str, Any]]:
        return [self._calls[i] for i in sorted(self._calls)]


def collect_events(events: Iterable[StreamEvent]) -> ChatResult:
    """Fold a stream of events into one :class:`ChatResult` (raises what the stream raises)."""
    content: list[str] = []
    reasoning: list[str] = []
    tools = ToolCallAccumulator()
    usage: UsageInfo | None = None
    finish: str | None = None
    started = ResponseStarted(status=200)
    for event in events:
        if isinstance(event, ContentDelta):
            content.append(event.text)
        elif isinstance(event, ReasoningDelta):
            reasoning.append(event.text)
        elif isinstance(event, ToolCallDelta):
            tools.add(event)
        elif isinstance(event, UsageInfo):
            usage = event
        elif isinstance(event, Finished):
            finish = event.reason
        elif isinstance(event, ResponseStarted):
            started = event
    return ChatResult("".join(content), "".join(reasoning), tools.calls(), usage, finish,
                      started)
