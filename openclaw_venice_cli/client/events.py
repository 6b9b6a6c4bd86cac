"""Typed events of a chat answer (stdlib only), and folding them into a ChatResult.

The events are small hand-written classes rather than frozen dataclasses: creating
the eight dataclasses cost ≈ 12 ms at import on every chat. :class:`_Event` gives them
what the dataclasses did: keyword constructors, ``==`` by type and fields (so a
``ContentDelta`` never equals a ``ReasoningDelta``), ``hash``, ``repr`` and no assignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeAlias


class _Event:
    """Immutable value object; ``_fields`` names the slots in constructor order."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *values: object) -> None:
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")


class ResponseStarted(_Event):
    """The HTTP answer arrived: status plus the Venice headers worth showing."""

    _fields = ("status", "balance_usd", "balance_diem", "cf_ray", "model_id",
               "deprecation_warning", "deprecation_date", "replacement")
    __slots__ = _fields
    status: int
    balance_usd: str | None
    balance_diem: str | None
    cf_ray: str | None
    model_id: str | None
    deprecation_warning: str | None
    deprecation_date: str | None  # x-venice-model-deprecation-date
    replacement: str | None  # x-venice-deprecated-replacement

    def __init__(self, status: int, balance_usd: str | None = None,
                 balance_diem: str | None = None, cf_ray: str | None = None,
                 model_id: str | None = None, deprecation_warning: str | None = None,
                 deprecation_date: str | None = None, replacement: str | None = None) -> None:
        super().__init__(status, balance_usd, balance_diem, cf_ray, model_id,
                         deprecation_warning, deprecation_date, replacement)


class ContentDelta(_Event):
    _fields = ("text",)
    __slots__ = _fields
    text: str

    def __init__(self, text: str) -> None:
        super().__init__(text)


class ReasoningDelta(_Event):
    _fields = ("text",)
    __slots__ = _fields
    text: str

    def __init__(self, text: str) -> None:
        super().__init__(text)


class ToolCallDelta(_Event):
    """A fragment of tool call ``index``; ``id``/``name`` only on the first fragment."""

    _fields = ("index", "id", "name", "arguments")
    __slots__ = _fields
    index: int
    id: str | None
    name: str | None
    arguments: str

    def __init__(self, index: int, id: str | None, name: str | None,
                 arguments: str) -> None:
        super().__init__(index, id, name, arguments)


class UsageInfo(_Event):
    _fields = ("prompt_tokens", "completion_tokens", "total_tokens", "reasoning_tokens",
               "cost_usd", "cost_diem", "cached_tokens")
    __slots__ = _fields
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    reasoning_tokens: int | None
    cost_usd: float | None
    cost_diem: float | None
    cached_tokens: int | None  # prompt tokens served from the provider's prompt cache

    def __init__(self, prompt_tokens: int | None = None, completion_tokens: int | None = None,
                 total_tokens: int | None = None, reasoning_tokens: int | None = None,
                 cost_usd: float | None = None, cost_diem: float | None = None,
                 cached_tokens: int | None = None) -> None:
        super().__init__(prompt_tokens, completion_tokens, total_tokens, reasoning_tokens,
                         cost_usd, cost_diem, cached_tokens)


class Source(_Event):
    """One web-search result Venice used (``web_search_citations[i]``), untrusted text."""

    _fields = ("title", "url", "date")
    __slots__ = _fields
    title: str
    url: str
    date: str | None

    def __init__(self, title: str, url: str, date: str | None = None) -> None:
        super().__init__(title, url, date)


class SourcesFound(_Event):
    """``venice_parameters.web_search_citations`` of a chunk or a whole answer."""

    _fields = ("sources",)
    __slots__ = _fields
    sources: tuple[Source, ...]

    def __init__(self, sources: tuple[Source, ...]) -> None:
        super().__init__(sources)


class Finished(_Event):
    _fields = ("reason",)
    __slots__ = _fields
    reason: str | None

    def __init__(self, reason: str | None) -> None:
        super().__init__(reason)


class StreamErrorEvent(_Event):
    """An in-band ``data: {"error": …}`` event (the client raises ServerError after it)."""

    _fields = ("message", "code", "type")
    __slots__ = _fields
    message: str
    code: str | None
    type: str | None

    def __init__(self, message: str, code: str | None = None,
                 type: str | None = None) -> None:
        super().__init__(message, code, type)


StreamEvent: TypeAlias = (
    ResponseStarted | ContentDelta | ReasoningDelta | ToolCallDelta | UsageInfo | Finished
    | StreamErrorEvent | SourcesFound
)


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


class ChatResult:
    """A whole answer: text, reasoning, tool calls (OpenAI message shape) and usage.

    The one result type of a chat turn: :meth:`add` folds stream events into it as they
    arrive (so a turn that fails halfway still holds what came), and
    :func:`collect_events` folds a whole stream.
    """

    __slots__ = ("_content", "_reasoning", "_tools", "finish_reason", "sources", "started",
                 "usage")

    def __init__(self) -> None:
        self._content: list[str] = []
        self._reasoning: list[str] = []
        self._tools = ToolCallAccumulator()
        self.usage: UsageInfo | None = None
        self.finish_reason: str | None = None
        self.started = ResponseStarted(status=200)
        self.sources: list[Source] = []  # web-search sources, first seen first, one per URL

    def add(self, event: StreamEvent) -> None:
        """Fold one event into the result."""
        if isinstance(event, ContentDelta):
            self._content.append(event.text)
        elif isinstance(event, ReasoningDelta):
            self._reasoning.append(event.text)
        elif isinstance(event, ToolCallDelta):
            self._tools.add(event)
        elif isinstance(event, UsageInfo):
            self.usage = event
        elif isinstance(event, Finished):
            self.finish_reason = event.reason
        elif isinstance(event, ResponseStarted):
            self.started = event
        elif isinstance(event, SourcesFound):
            seen = {source.url for source in self.sources}
            for source in event.sources:
                if source.url not in seen:
                    seen.add(source.url)
                    self.sources.append(source)

    @property
    def content(self) -> str:
        return "".join(self._content)

    @property
    def reasoning(self) -> str:
        return "".join(self._reasoning)

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        return self._tools.calls()


def collect_events(events: Iterable[StreamEvent]) -> ChatResult:
    """Fold a stream of events into one :class:`ChatResult` (raises what the stream raises)."""
    result = ChatResult()
    for event in events:
        result.add(event)
    return result
