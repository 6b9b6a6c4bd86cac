"""Chat answers per scenario: SSE write plans (reference §8.4) and completions (§8.3)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tests.emulator import hostile

CHAT_SCENARIOS = (
    "plain", "reasoning", "think", "think-split", "think-unterminated", "usage-no-choices",
    "null-deltas", "ping", "utf8-split", "inband-error", "truncated", "malformed-line",
    "tool-calls", "long", "slow-first-byte", "stall", "http-error", "echo", "hostile",
    "empty", "all-malformed",
)
DEFAULT_TEXT = ["Hello", "!", " How can I help", " you today?"]
DEFAULT_REASONING = ["The user wants 15% of 240.", " 0.15 x 240 = 36."]
REASONING_ANSWER = ["15% of 240", " is **36**."]
UTF8_TEXT = "Grüße aus København — 東京 👋🏽 ça va? Ωμέγα ✓"
CREATED = 1785312120
# Shaped like the OpenAPI example of venice_parameters.web_search_citations.
DEFAULT_CITATIONS: list[dict[str, Any]] = [
    {"title": "Why is the sky blue? | BBC Sky at Night Magazine",
     "url": "https://www.skyatnightmagazine.com/space-science/why-is-the-sky-blue",
     "date": "2024-08-13T13:45:16",
     "content": "The sky appears blue because nitrogen and oxygen scatter short "
                "wavelengths of light."},
    {"title": "Rayleigh scattering - Wikipedia",
     "url": "https://en.wikipedia.org/wiki/Rayleigh_scattering",
     "content": "Rayleigh scattering is the scattering of light by particles much smaller "
                "than its wavelength."},
]
CITED_TEXT = "Air molecules scatter blue light most^1^, by Rayleigh scattering^2^."


@dataclass
class ChatContext:
    """Everything a scenario needs to answer one chat request."""

    scenario: str
    options: dict[str, Any]
    model: str
    body: dict[str, Any]
    serial: int
    venice_parameters: dict[str, Any]
    cached_tokens: int = 0  # prompt tokens a repeated prompt_cache_key finds cached

    @property
    def searched(self) -> bool:
        """Web search ran for this request (``on``; ``auto`` searches here too)."""
        return self.venice_parameters.get("enable_web_search") in ("on", "auto")

    @property
    def citations(self) -> list[dict[str, Any]]:
        """The ``web_search_citations`` of this answer (none without a search)."""
        if not self.searched:
            return []
        citations = list(self.options.get("citations", DEFAULT_CITATIONS))
        if self.options.get("hostile"):
            citations = [{**c, "title": hostile.text(c.get("title", "")),
                          "url": hostile.header(c.get("url", ""))} for c in citations]
        return citations

    @property
    def completion_id(self) -> str:
        return f"chatcmpl-{self.serial:032x}"

    @property
    def strip_thinking(self) -> bool:
        vp = self.venice_parameters
        return bool(vp.get("strip_thinking_response") or vp.get("disable_thinking"))


@dataclass
class StreamPlan:
    """Byte writes (each flushed as its own HTTP chunk) and how the response ends.

    ``ending``: "end" (clean end of body), "cut" (connection dropped mid-body) or "stall"
    (stop sending and hold the connection open until released or ``stall_seconds``).
    """

    writes: list[bytes] = field(default_factory=list)
    ending: str = "end"
    stall_seconds: float = 30.0


def split_words(text: str) -> list[str]:
    """Split text into word-sized pieces that keep their leading whitespace."""
    pieces = re.findall(r"\s*\S+", text)
    tail = text[len("".join(pieces)):]
    if tail:
        pieces = [*pieces[:-1], pieces[-1] + tail] if pieces else [tail]
    return pieces


def last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return "".join(p.get("text", "") for p in content
                               if isinstance(p, dict) and p.get("type") == "text")
    return ""


def prompt_tokens(body: dict[str, Any]) -> int:
    """A deterministic stand-in for a tokenizer: about four characters per token."""
    size = len(json.dumps(body.get("messages") or [], ensure_ascii=False))
    return max(1, size // 4)


def answer_pieces(ctx: ChatContext) -> list[str]:
    """The content pieces of the answer (before any max-token truncation)."""
    opts = ctx.options
    if isinstance(opts.get("pieces"), list):  # the exact content pieces, as given
        return [str(piece) for piece in opts["pieces"]]
    if ctx.scenario == "echo":
        return split_words(last_user_text(ctx.body))
    if ctx.scenario == "empty":
        return []
    if ctx.scenario == "utf8-split" and "text" not in opts:
        return split_words(UTF8_TEXT)
    if ctx.scenario == "long":  # ``head``, then ``text`` repeated, then ``tail``: ``tokens``
        base = split_words(opts["text"]) if opts.get("text") else None
        head = split_words(str(opts.get("head", "")))
        tail = split_words(str(opts.get("tail", "")))
        count = max(0, int(opts.get("tokens", 20000)) - len(head) - len(tail))
        if base:
            return [*head, *(base[i % len(base)] for i in range(count)), *tail]
        return [f"word{i} " if i % 12 else f"\n\nword{i} " for i in range(count)]
    if "text" in opts:
        return split_words(str(opts["text"]))
    if opts.get("hostile"):
        return split_words(hostile.text("Answer"))
    if ctx.searched and ctx.venice_parameters.get("enable_web_citations"):
        return split_words(CITED_TEXT)
    if ctx.scenario in ("reasoning", "think", "think-split", "think-unterminated"):
        return list(REASONING_ANSWER)
    return list(DEFAULT_TEXT)


def reasoning_pieces(ctx: ChatContext) -> list[str]:
    if "reasoning" in ctx.options:
        return split_words(str(ctx.options["reasoning"]))
    if ctx.options.get("hostile"):
        return split_words(hostile.text("Thinking"))
    return list(DEFAULT_REASONING)


def _max_tokens(ctx: ChatContext) -> int | None:
    for key in ("max_completion_tokens", "max_tokens"):
        value = ctx.body.get(key)
        if isinstance(value, int) and value > 0:
            return value
    return None


def _limit(ctx: ChatContext, pieces: list[str], finish: str) -> tuple[list[str], str]:
    cap = _max_tokens(ctx)
    if cap is not None and len(pieces) > cap:
        return pieces[:cap], "length"
    return pieces, str(ctx.options.get("finish_reason", finish))


def tool_name(ctx: ChatContext) -> str:
    tools = ctx.body.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], dict):
        name = (tools[0].get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    return "get_weather"


def _usage(ctx: ChatContext, completion: int, reasoning: int) -> dict[str, Any]:
    prompt = prompt_tokens(ctx.body)
    usage: dict[str, Any] = {"prompt_tokens": prompt, "total_tokens": prompt + completion,
                             "completion_tokens": completion}
    if reasoning:
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    if ctx.cached_tokens or not reasoning:  # detail objects differ per model family
        usage["prompt_tokens_details"] = {"cached_tokens": ctx.cached_tokens}
    return usage


def _cost(usage: dict[str, Any]) -> dict[str, Any]:
    diem = round(usage["prompt_tokens"] * 7e-7 + usage["completion_tokens"] * 2.8e-6, 10)
    return {"usd": 0, "diem": diem}


class _Frames:
    """Builds the SSE text of one streamed answer."""

    def __init__(self, ctx: ChatContext) -> None:
        self.ctx = ctx
        self.nl = str(ctx.options.get("line_ending", "\n"))
        self.null_deltas = ctx.scenario == "null-deltas"
        self.ping = ctx.scenario == "ping"
        self.frames: list[str] = []
        self._count = 0
        self._template: list[str] | None = None

    def raw(self, text: str) -> None:
        self.frames.append(text if self.nl == "\n" else text.replace("\n", self.nl))

    def data(self, obj: Any) -> None:
        payload = obj if isinstance(obj, str) else json.dumps(
            obj, ensure_ascii=False, separators=(",", ":"))
        self._count += 1
        prefix = ""
        if self.ping:
            prefix = f": ping {self._count}\n\nevent: message\nid: {self._count}\n"
        self.raw(f"{prefix}data: {payload}\n\n")

    def content(self, piece: str) -> None:
        """A content-only chunk (fast path: a template instead of a dict per frame)."""
        if self.null_deltas or self.ping:
            self.chunk({"content": piece})
            return
        if self._template is None:
            marker = "\u0000MARK\u0000"
            text = json.dumps(self._chunk_obj({"content": marker}, None), ensure_ascii=False,
                              separators=(",", ":"))
            self._template = text.split(json.dumps(marker, ensure_ascii=False))
        head, tail = self._template
        self._count += 1
        self.raw(f"data: {head}{json.dumps(piece, ensure_ascii=False)}{tail}\n\n")

    def _chunk_obj(self, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {"id": self.ctx.completion_id, "object": "chat.completion.chunk",
                "created": CREATED, "model": self.ctx.model,
                "choices": [{"index": 0, "delta": delta, "logprobs": None,
                             "finish_reason": finish}]}

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> None:
        if self.null_deltas:
            full = {"role": None, "content": None, "reasoning_content": None,
                    "tool_calls": None}
            full.update(delta)
            delta = full
        obj: dict[str, Any] = {}
        if self.null_deltas:
            obj["service_tier"] = "default"
        obj.update(self._chunk_obj(delta, finish))
        self.data(obj)

    def usage(self, completion: int, reasoning: int) -> None:
        if self.ctx.options.get("usage", True) is False:
            return
        usage = _usage(self.ctx, completion, reasoning)
        if self.ctx.scenario == "usage-no-choices":
            self.data({"id": self.ctx.completion_id, "usage": usage, "model": self.ctx.model})
            return
        self.data({"id": self.ctx.completion_id, "object": "chat.completion.chunk",
                   "created": CREATED, "model": self.ctx.model, "choices": [],
                   "usage": usage, "cost": _cost(usage)})

    def citations(self) -> None:
        """The search results as their own ``choices: []`` chunk, when asked for."""
        vp = self.ctx.venice_parameters
        if self.ctx.citations and vp.get("include_search_results_in_stream"):
            self.data({"id": self.ctx.completion_id, "object": "chat.completion.chunk",
                       "created": CREATED, "model": self.ctx.model, "choices": [],
                       "venice_parameters": {**vp,
                                             "web_search_citations": self.ctx.citations}})

    def encoded(self) -> list[bytes]:
        return [frame.encode("utf-8") for frame in self.frames]


def _content_frames(f: _Frames, pieces: list[str]) -> None:
    for piece in pieces:
        f.content(piece)


def _think_text(ctx: ChatContext, terminated: bool) -> str:
    reasoning = "".join(reasoning_pieces(ctx))
    answer = "".join(answer_pieces(ctx))
    if ctx.strip_thinking:
        return answer
    return f"<think>\n{reasoning}\n</think>\n\n{answer}" if terminated else f"<think>\n{reasoning}"


def build_stream(ctx: ChatContext) -> StreamPlan:
    """The SSE writes for a streamed answer in ``ctx.scenario``."""
    f = _Frames(ctx)
    name = ctx.scenario
    plan = StreamPlan()
    role_delta: dict[str, Any] = {"role": "assistant", "content": ""}
    if name == "reasoning":
        role_delta["reasoning_content"] = None
    at_end = ctx.options.get("citations_at", "first") == "end"
    if not at_end:  # the OpenAPI file: "as the first emitted chunk"
        f.citations()
    if ctx.options.get("role_frame", True):
        f.chunk(role_delta)
    reasoning_count = 0
    finish = "stop"
    if name == "tool-calls":
        _tool_call_frames(f, ctx)
        f.usage(3, 0)
        f.data("[DONE]")
        return _finish_plan(plan, f)
    if name == "reasoning":
        pieces = [] if ctx.strip_thinking else reasoning_pieces(ctx)
        for piece in pieces:
            f.chunk({"content": None, "reasoning_content": piece})
        reasoning_count = len(pieces)
        answer, finish = _limit(ctx, answer_pieces(ctx), "stop")
        for piece in answer:
            f.chunk({"content": piece, "reasoning_content": None})
    elif name in ("think", "think-split", "think-unterminated"):
        text = _think_text(ctx, terminated=name != "think-unterminated")
        if name == "think":
            pieces = [p for p in re.split(r"(<think>|</think>)", text) if p]
        else:
            size = int(ctx.options.get("piece", 3))
            pieces = [text[i:i + size] for i in range(0, len(text), size)]
        pieces, finish = _limit(ctx, pieces, "stop")
        if name == "think-unterminated":
            finish = "length"
        _content_frames(f, pieces)
        reasoning_count = len(reasoning_pieces(ctx))
    else:
        answer, finish = _limit(ctx, answer_pieces(ctx), "stop")
        if name in ("truncated", "stall"):
            return _cut_plan(ctx, f, answer, finish, plan)
        if name == "inband-error":
            return _inband_error_plan(ctx, f, answer, plan)
        if name == "malformed-line" and answer:
            _content_frames(f, answer[:1])
            f.raw('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"lost\n\n')
            answer = answer[1:]
        _content_frames(f, answer)
    completion = len(answer_pieces(ctx)) + reasoning_count
    f.chunk({}, finish)
    f.usage(completion, reasoning_count)
    if at_end:  # Venice's own skills: "at the end of the stream, before [DONE]"
        f.citations()
    f.data("[DONE]")
    return _finish_plan(plan, f)


def _finish_plan(plan: StreamPlan, f: _Frames) -> StreamPlan:
    if f.ctx.scenario == "all-malformed":  # every event cut short: none parses
        f.frames = [frame.replace("}\n\n", "\n\n") if "[DONE]" not in frame else frame
                    for frame in f.frames]
    if f.ctx.scenario == "utf8-split":
        plan.writes = utf8_split_writes(b"".join(f.encoded()))
    elif f.ctx.scenario == "long" and f.ctx.options.get("batch"):
        size = int(f.ctx.options["batch"])
        enc = f.encoded()
        plan.writes = [b"".join(enc[i:i + size]) for i in range(0, len(enc), size)]
    else:
        plan.writes = f.encoded()
    return plan


def _cut_plan(ctx: ChatContext, f: _Frames, answer: list[str], finish: str,
              plan: StreamPlan) -> StreamPlan:
    opts = ctx.options
    if ctx.scenario == "truncated" and opts.get("after_finish"):
        _content_frames(f, answer)
        f.chunk({}, finish)
        f.usage(len(answer), 0)
        plan.writes = f.encoded()
        return plan
    keep = max(1, len(answer) // 2)
    _content_frames(f, answer[:keep])
    plan.writes = f.encoded()
    if ctx.scenario == "stall":
        plan.ending = "stall"
        plan.stall_seconds = float(opts.get("seconds", 30.0))
    else:
        plan.ending = "end" if opts.get("clean") else "cut"
    return plan


def _inband_error_plan(ctx: ChatContext, f: _Frames, answer: list[str],
                       plan: StreamPlan) -> StreamPlan:
    opts = ctx.options
    pieces = answer if "text" in opts or opts.get("hostile") else ["Partial answer"]
    _content_frames(f, pieces)
    default = (hostile.text("Overloaded") if opts.get("hostile")
               else "The model is currently overloaded. Please try again later.")
    f.data({"error": {
        "message": opts.get("message", default),
        "type": opts.get("type", "server_error"), "code": opts.get("code", "model_overloaded"),
        "param": None, "retry_after": 30}})
    f.data("[DONE]")
    plan.writes = f.encoded()
    return plan


def _tool_call_frames(f: _Frames, ctx: ChatContext) -> None:
    args = str(ctx.options.get("arguments", '{"location": "Copenhagen"}'))
    half = len(args) // 2
    f.chunk({"tool_calls": [{"index": 0, "id": "call_0a1b2c3d4e5f", "type": "function",
                             "function": {"name": tool_name(ctx), "arguments": ""}}]})
    for part in (args[:half], args[half:]):
        f.chunk({"tool_calls": [{"index": 0, "function": {"arguments": part}}]})
    f.chunk({"role": None, "content": "", "reasoning_content": None,
             "tool_calls": [{"index": 0, "id": None, "function": {"arguments": "", "name": None},
                             "type": None}]}, "tool_calls")


def utf8_split_writes(data: bytes) -> list[bytes]:
    """Cut ``data`` right after the first byte of every multi-byte UTF-8 character."""
    writes: list[bytes] = []
    start = 0
    for i, byte in enumerate(data):
        if byte >= 0xC0:
            writes.append(data[start:i + 1])
            start = i + 1
    writes.append(data[start:])
    return [w for w in writes if w]


def build_completion(ctx: ChatContext) -> dict[str, Any]:
    """The non-streaming `chat.completion` body for ``ctx.scenario``."""
    name = ctx.scenario
    reasoning: str | None = None
    tool_calls: list[dict[str, Any]] = []
    content: str | None
    reasoning_count = 0
    if name == "tool-calls":
        content = None
        tool_calls = [{"id": "call_0a1b2c3d4e5f", "type": "function", "function": {
            "name": tool_name(ctx),
            "arguments": str(ctx.options.get("arguments", '{"location": "Copenhagen"}'))}}]
        finish = "tool_calls"
        pieces: list[str] = []
    elif name in ("think", "think-split", "think-unterminated"):
        pieces, finish = _limit(ctx, answer_pieces(ctx), "stop")
        content = _think_text(ctx, terminated=name != "think-unterminated")
        if name == "think-unterminated":
            finish = "length"
        reasoning_count = len(reasoning_pieces(ctx))
    else:
        pieces, finish = _limit(ctx, answer_pieces(ctx), "stop")
        content = "".join(pieces)
        if name == "reasoning" and not ctx.strip_thinking:
            reasoning = "".join(reasoning_pieces(ctx))
            reasoning_count = len(reasoning_pieces(ctx))
    usage = _usage(ctx, len(pieces) + reasoning_count or 1, reasoning_count)
    vp = dict(ctx.venice_parameters)
    vp["web_search_citations"] = ctx.citations
    return {
        "id": ctx.completion_id, "object": "chat.completion", "created": CREATED,
        "model": ctx.model,
        "choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": reasoning,
                                             "content": content, "tool_calls": tool_calls},
                     "logprobs": None, "finish_reason": finish, "stop_reason": None}],
        "usage": usage, "prompt_logprobs": None, "cost": _cost(usage), "venice_parameters": vp,
    }
