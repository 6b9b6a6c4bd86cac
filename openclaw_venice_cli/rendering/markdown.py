"""Live Markdown on a terminal whose final transcript equals Rich's render of the whole answer.

Every block is printed for good once later text can no longer change how it renders
(``blocks.MarkdownStream`` decides with markdown-it-py on the unfinished tail; what to
print and what stays live is ``answer.AnswerRows``), rendered alone but exactly as in
the whole render (``layout.Layout``). Below the printed rows a
live region (``live.LiveScreen``) shows what is still open: the block being written,
blocks waiting for a link label to be defined, the spinner or the current line of
thinking. It is redrawn at most ``refresh_per_second`` times, by the call that brings
text or by a timer thread when text stops coming, never taller than the terminal.

Huge single blocks stay linear: closed items of a bullet list are printed as they close,
the lines of a long code block in batches once they fill half the screen, and an ordered
list is kept live while it fits and then printed item by item. That is the one place the
transcript can differ from the whole render: when the list later grows from 9 to 10 (or
99 to 100) items, the items already printed keep their narrower number column.

Thinking is shown dimmed before the answer (or only as "Thought for 2.1s." with
``--hide-thinking``). All text from the server passes through :func:`sanitize.visible`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from rich.console import Console
from rich.spinner import Spinner
from rich.text import Text

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.answer import AnswerRows
from openclaw_venice_cli.rendering.layout import Layout
from openclaw_venice_cli.rendering.live import LiveScreen
from openclaw_venice_cli.rendering.textflow import CleanText, ThinkingLines

_DIM = "dim"


class MarkdownRenderer:
    """Finished blocks printed once and exactly; only what is open stays live."""

    def __init__(
        self,
        env: Environment,
        *,
        hide_thinking: bool = False,
        console: Console | None = None,
        size: Callable[[], tuple[int, int]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        refresh_per_second: float = 10.0,
        auto_refresh: bool = True,
    ) -> None:
        self.env = env
        self.hide_thinking = hide_thinking
        self.console = console or Console(
            file=env.stdout, force_terminal=True, highlight=False, emoji=False,
            soft_wrap=False, _environ=dict(env.environ),
        )
        self._size = size or self._terminal_size
        self.clock = clock
        self.interval = 1.0 / refresh_per_second
        self.auto_refresh = auto_refresh
        self.screen = LiveScreen(self.console.file)
        self.answer = AnswerRows()
        self.phase = "idle"  # idle | waiting | thinking | answer | done
        self.steps = 0
        self._answer = CleanText()
        self._thinking = ThinkingLines()
        self._thinking_clean = CleanText()
        self._thinking_started: float | None = None
        self._queued: list[str] = []  # rows to print with the next frame
        self._spinner = Spinner("dots", text=Text("Thinking…", style=_DIM), style=_DIM)
        self._layout: Layout | None = None
        self._rows_before = 0
        self._lock = threading.RLock()
        self._dirty = False
        self._last_step = float("-inf")
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- Renderer protocol ---------------------------------------------------------------
    def waiting(self, label: str = "Thinking…") -> None:
        with self._lock:
            self._spinner.update(text=Text(label, style=_DIM))
            if self.phase == "idle":
                self.phase = "waiting"
            self._step()
        self._start_ticker()

    def reasoning(self, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self.phase in ("answer", "done"):
                return  # thinking that arrives after the answer began is not interleaved
            if self._thinking_started is None:
                self._thinking_started = self.clock()
            self.phase = "thinking"
            if not self.hide_thinking:
                self._thinking.feed(self._thinking_clean.feed(text))
            self._changed()
        self._start_ticker()

    def content(self, text: str) -> None:
        if not text:
            return
        with self._lock:
            if self.phase != "answer":
                self._begin_answer()
            self.answer.stream.feed(self._answer.feed(text))
            self._changed()
        self._start_ticker()

    def note(self, message: str) -> None:
        with self._lock:
            rows = self.screen.clear()
            self.env.note(message)
            self.screen.restore(rows)

    def finish(self) -> None:
        self._stop.set()
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.join()
        with self._lock:
            if self.phase == "done":
                return
            if self.phase == "thinking":
                self._end_thinking()
            elif self.phase == "answer":
                self.answer.stream.feed(self._answer.end())
            self.phase = "done"
            self._step(final=True)
            self.screen.close()

    def abort(self) -> None:
        self.finish()

    @property
    def rows_rendered(self) -> int:
        """Rows rendered so far, printed or live (the cost tests keep this linear)."""
        return self._rows_before + (self._layout.rows_rendered if self._layout else 0)

    # -- timing ----------------------------------------------------------------------------
    def tick(self) -> None:
        """Redraw if something changed or the spinner turns (the timer thread calls this)."""
        with self._lock:
            if self.phase != "done" and (self._dirty or self._spinning()):
                self._step()

    def _changed(self) -> None:
        self._dirty = True
        if self.clock() - self._last_step >= self.interval:
            self._step()

    def _start_ticker(self) -> None:
        if not self.auto_refresh or self._ticker is not None or self._stop.is_set():
            return
        self._ticker = threading.Thread(target=self._tick_loop, name="openclaw-render",
                                        daemon=True)
        self._ticker.start()

    def _tick_loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # a closed terminal: the main thread will see it too
                return

    def _terminal_size(self) -> tuple[int, int]:
        try:
            size = os.get_terminal_size(self.console.file.fileno())
            return size.columns, size.lines
        except (AttributeError, ValueError, OSError):
            width, height = self.console.size
            return width, height

    # -- phases ----------------------------------------------------------------------------
    def _spinning(self) -> bool:
        return self.phase == "waiting" or (self.phase == "thinking" and self.hide_thinking)

    def _begin_answer(self) -> None:
        if self.phase == "thinking":
            self._end_thinking()
        self.phase = "answer"

    def _end_thinking(self) -> None:
        """Queue the last line of thinking (or the summary) and a blank line after it."""
        layout = self._layout_now()
        if self.hide_thinking:
            seconds = self.clock() - (self._thinking_started or self.clock())
            lines = [f"Thought for {seconds:.1f}s."]
        else:
            lines = self._thinking.end(self._thinking_clean.end())
        if lines:
            self._queued += [layout.ansi(r) for r in layout.text_rows("\n".join(lines), _DIM)]
        # One blank line between the thinking and the answer.
        self.answer.after_block = self.answer.after_block or bool(lines)

    # -- one frame -------------------------------------------------------------------------
    def _layout_now(self) -> Layout:
        width, _ = self._size()
        width = max(20, width)
        if self._layout is None or self._layout.width != width:
            if self._layout is not None:
                self._rows_before += self._layout.rows_rendered
            self._layout = Layout(self.console, width)
            self.answer.forget_rows()
        return self._layout

    def _step(self, final: bool = False) -> None:
        layout = self._layout_now()
        _, height = self._size()
        room = max(2, height - 1)
        printed, self._queued = self._queued, []
        live: list[str] = []
        if self._spinning():
            live += [layout.ansi(r) for r in layout.render(self._spinner.render(self.clock()))]
        elif self.phase == "thinking":
            lines = self._thinking.take()
            if lines:
                printed += [layout.ansi(r) for r in layout.text_rows("\n".join(lines), _DIM)]
                self.answer.after_block = True  # the answer starts after a blank line
            partial = self._thinking.partial
            if partial.strip():
                live += [layout.ansi(r) for r in layout.text_rows(partial, _DIM)][-3:]
        if final or self.phase == "answer":
            answer_printed, answer_live = self.answer.step(layout, room, final=final)
            printed += answer_printed
            live += answer_live
        self.screen.frame(printed, live[-room:], last=final)
        self._dirty = False
        self._last_step = self.clock()
        self.steps += 1
