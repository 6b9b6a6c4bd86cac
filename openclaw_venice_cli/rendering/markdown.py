"""Live Markdown on a terminal, in time linear in the answer's length (imports rich).

Re-rendering ``Markdown(whole_answer)`` on every token is quadratic (212 s for 5,000
tokens, see docs/benchmarks.md). Instead each finished block (see
:class:`~openclaw_venice_cli.rendering.blocks.BlockSplitter`) is rendered and printed exactly once
(blocks finished within one refresh interval are printed as one batch), above a rich
``Live`` region that shows only the unfinished tail. That region is redrawn
by Live's own thread at most ``refresh_per_second`` times, from a bounded slice of the
tail, and is cropped to the terminal's height so a tall answer never leaves duplicated
lines in the scrollback. Thinking is shown dimmed before the answer (or hidden behind
the spinner with ``--hide-thinking``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.live import Live
from rich.markdown import Markdown
from rich.segment import Segment
from rich.spinner import Spinner
from rich.text import Text

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.blocks import BlockSplitter

_DIM = "dim"


class _LiveView:
    """Rich renderable for the live region: delegates to its renderer's current state."""

    def __init__(self, owner: MarkdownRenderer) -> None:
        self.owner = owner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        yield from self.owner.live_segments(console, options)


class MarkdownRenderer:
    """Finished blocks printed once; only the unfinished tail is live (refresh capped)."""

    def __init__(
        self,
        env: Environment,
        *,
        hide_thinking: bool = False,
        console: Console | None = None,
        refresh_per_second: float = 10.0,
        flush_interval: float | None = None,
    ) -> None:
        self.env = env
        self.hide_thinking = hide_thinking
        self.console = console or Console(
            file=env.stdout, force_terminal=True, highlight=False, emoji=False,
            soft_wrap=False,
        )
        self.refresh_per_second = refresh_per_second
        # Finished blocks are printed together at most this often (one Markdown parse
        # and one terminal write per batch instead of per block); until then the live
        # region shows them with the tail.
        self.flush_interval = 1 / refresh_per_second if flush_interval is None else flush_interval
        self._queue: list[str] = []
        self._last_flush = float("-inf")
        self.splitter = BlockSplitter()
        self.blocks_printed = 0  # how many Markdown blocks were rendered (for tests)
        self.chars_printed = 0  # answer characters rendered in finished blocks
        self.max_live_chars = 0  # largest tail slice the live region rendered
        self._lock = threading.Lock()
        self._live: Live | None = None
        self._spinner = Spinner("dots", text=Text("Thinking…", style=_DIM), style=_DIM)
        self._phase = "idle"  # idle | waiting | thinking | answer | done
        self._thinking_pieces: list[str] = []
        self._thinking_started = 0.0
        self._thinking_seen = False
        self._printed_any = False
        self._version = 0
        self._cache: tuple[int, int, list[list[Segment]]] | None = None

    # -- the live region -------------------------------------------------------------
    def _ensure_live(self) -> Live:
        if self._live is None:
            self._live = Live(
                _LiveView(self), console=self.console, auto_refresh=True,
                refresh_per_second=self.refresh_per_second, transient=True,
                redirect_stdout=False, redirect_stderr=False,
            )
            self._live.start(refresh=True)
        return self._live

    def _print(self, renderable: RenderableType) -> None:
        """Print above the live region, atomically with respect to Live's refresh thread.

        Rich computes the cursor reset for the live region when a print starts but draws
        the new region only when it ends; a refresh in between would leave the reset
        stale and erase finished lines above the region. Live's own (reentrant) lock,
        which its refresh thread holds while drawing, makes the whole print one step.
        """
        live = self._live
        if live is None:
            self.console.print(renderable)
            return
        with live._lock:
            self.console.print(renderable)

    def _stop_live(self) -> None:
        live, self._live = self._live, None
        if live is not None:
            live.stop()

    def live_segments(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """The live region: spinner, the current thinking line, the cropped answer tail."""
        height = max(1, console.size.height - 1)
        width = max(20, options.max_width)
        with self._lock:
            phase = self._phase
            cached = self._cache
            spinning = phase == "waiting" or (phase == "thinking" and self.hide_thinking)
            if not spinning and cached and cached[0] == self._version and cached[1] == width:
                lines = cached[2]
                tail = None
            else:
                thinking = "".join(self._thinking_pieces)[-width * 2:]
                tail = self.splitter.tail_view(height, height * width)
                if self._queue:
                    queued = "\n\n".join(self._queue[-height:])[-height * width:]
                    tail = f"{queued}\n\n{tail}" if tail else queued
        if tail is not None:
            parts: list[RenderableType] = []
            if spinning:
                parts.append(self._spinner)
            elif phase == "thinking" and thinking:
                parts.append(Text(thinking, style=_DIM))
            if tail and phase in ("answer", "thinking"):
                self.max_live_chars = max(self.max_live_chars, len(tail))
                parts.append(Markdown(tail))
            lines = console.render_lines(Group(*parts), options.update(height=None), pad=False)
            lines = lines[-height:]
            if not spinning:
                with self._lock:
                    self._cache = (self._version, width, lines)
        for index, line in enumerate(lines):
            if index:
                yield Segment.line()
            yield from line

    # -- Renderer protocol -------------------------------------------------------------
    def waiting(self, label: str = "Thinking…") -> None:
        self._spinner.update(text=Text(label, style=_DIM))
        with self._lock:
            if self._phase == "idle":
                self._phase = "waiting"
        self._ensure_live()

    def reasoning(self, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self._phase == "answer" or self._phase == "done":
                return  # late thinking after the answer began: not interleaved
            if not self._thinking_seen:
                self._thinking_seen = True
                self._thinking_started = time.monotonic()
            self._phase = "thinking"
        self._ensure_live()
        if self.hide_thinking:
            return
        finished: list[str] = []
        with self._lock:
            start = 0
            while (newline := text.find("\n", start)) >= 0:
                self._thinking_pieces.append(text[start:newline])
                finished.append("".join(self._thinking_pieces))
                self._thinking_pieces.clear()
                start = newline + 1
            if start < len(text):
                self._thinking_pieces.append(text[start:])
            self._version += 1
        if finished:
            self._print(Text("\n".join(finished), style=_DIM))

    def _end_thinking(self) -> None:
        """Print the last thinking line (or a summary when hidden) before the answer."""
        if not self._thinking_seen:
            return
        with self._lock:
            rest = "".join(self._thinking_pieces)
            self._thinking_pieces.clear()
        if self.hide_thinking:
            seconds = time.monotonic() - self._thinking_started
            self._print(Text(f"Thought for {seconds:.1f}s.", style=_DIM))
        elif rest.strip():
            self._print(Text(rest, style=_DIM))
        self._printed_any = True

    def content(self, text: str) -> None:
        if not text:
            return
        with self._lock:
            phase = self._phase
            self._phase = "answer"
        if phase != "answer":
            self._ensure_live()
            self._end_thinking()
            if phase == "thinking":
                text = text.lstrip("\n")
                if not text:
                    with self._lock:
                        self._version += 1
                    return
        with self._lock:
            self._queue.extend(self.splitter.feed(text))
            self._version += 1
        if self._queue and time.monotonic() - self._last_flush >= self.flush_interval:
            self._flush_queue()

    def _flush_queue(self, last: str | None = None) -> None:
        """Print the finished blocks waiting in the queue (and ``last``) as one batch."""
        with self._lock:
            blocks = [*self._queue, *([last] if last is not None else [])]
            self._queue.clear()
            self._version += 1
        if not blocks:
            return
        parts: list[RenderableType] = [Text("")] if self._printed_any else []
        parts.append(Markdown("\n\n".join(blocks)))
        self._print(Group(*parts))
        self._last_flush = time.monotonic()
        self._printed_any = True
        self.blocks_printed += len(blocks)
        self.chars_printed += sum(len(b) for b in blocks)

    def note(self, message: str) -> None:
        live = self._live
        if live is not None:
            live.stop()
        self.env.note(message)
        if live is not None:
            live.start(refresh=True)

    def finish(self) -> None:
        with self._lock:
            phase, self._phase = self._phase, "done"
            block = self.splitter.flush()
            self._version += 1
        self._stop_live()
        if phase == "thinking":
            self._end_thinking()
        self._flush_queue(block)

    def abort(self) -> None:
        self.finish()
