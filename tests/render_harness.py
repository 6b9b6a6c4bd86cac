"""Driving the Markdown renderer in-process against a VT100 screen (tests/vt.py).

``stream()`` feeds an answer to :class:`MarkdownRenderer` in given pieces at a given
arrival speed, with an injected clock (no sleeps, no timer thread: the test decides when
the timer would fire by calling ``tick()``), and returns the terminal it drew on.
``chunkings()`` gives the ways an answer is cut: one character at a time, random
1-8 character pieces, word by word, line by line, all at once.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable, Iterator, Sequence

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.markdown import MarkdownRenderer
from tests.vt import VirtualTerminal, console_for

INTERVAL = 0.1  # the renderer's refresh interval at its default 10 per second


class FakeClock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def chunkings(text: str, seed: int = 12) -> Iterator[tuple[str, list[str]]]:
    rnd = random.Random(seed)
    yield "char", list(text)
    pieces, i = [], 0
    while i < len(text):
        size = rnd.randint(1, 8)
        pieces.append(text[i:i + size])
        i += size
    yield "random-1-8", pieces
    yield "words", re.findall(r"\s*\S+\s*", text) or [text]
    yield "lines", text.splitlines(keepends=True) or [text]
    yield "whole", [text]


#: Arrival speeds: the delay before each piece, as a function of the piece's index.
SPEEDS: dict[str, Callable[[random.Random], float]] = {
    "burst": lambda rnd: 0.0,  # everything within one refresh interval
    "steady": lambda rnd: INTERVAL * 1.01,  # a frame after every piece
    "jitter": lambda rnd: rnd.choice((0.0, 0.0, INTERVAL / 3, INTERVAL * 2.5)),
}


def make_renderer(term: VirtualTerminal, clock: FakeClock, *, hide_thinking: bool = False,
                  stderr: io.StringIO | None = None) -> MarkdownRenderer:
    env = Environment(stdout=term, stderr=stderr or io.StringIO(), stdin=io.StringIO(),
                      environ={}, stdout_isatty=True, stderr_isatty=False)
    return MarkdownRenderer(env, hide_thinking=hide_thinking, console=console_for(term),
                            size=lambda: term.size, clock=clock, auto_refresh=False)


def stream(pieces: Sequence[str], speed: str = "steady", *, columns: int = 100,
           lines: int = 40, thinking: Sequence[str] = (), hide_thinking: bool = False,
           seed: int = 3, after_piece: Callable[[MarkdownRenderer, VirtualTerminal], None]
           | None = None) -> VirtualTerminal:
    """The terminal after streaming ``thinking`` then ``pieces`` into a renderer."""
    term = VirtualTerminal(columns, lines)
    clock = FakeClock()
    renderer = make_renderer(term, clock, hide_thinking=hide_thinking)
    rnd = random.Random(seed)
    delay = SPEEDS[speed]
    renderer.waiting()
    for kind, piece in [*(("thinking", t) for t in thinking), *(("answer", p) for p in pieces)]:
        clock.now += delay(rnd)
        if kind == "thinking":
            renderer.reasoning(piece)
        else:
            renderer.content(piece)
        if speed == "jitter" and rnd.random() < 0.3:
            clock.now += INTERVAL
            renderer.tick()  # the timer fires between pieces
        if after_piece is not None:
            after_piece(renderer, term)
    renderer.finish()
    return term
