"""Live Markdown on a terminal whose final transcript equals Rich's render of the whole answer.

Every block is printed for good once later text can no longer change how it renders
(``blocks.MarkdownStream`` decides with markdown-it-py on the unfinished tail), rendered
alone but exactly as in the whole render (``layout.Layout``). Below the printed rows a
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
from collections import deque
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.spinner import Spinner
from rich.text import Text

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.blocks import (
    Block,
    Element,
    FenceBlock,
    ListBlock,
    MarkdownStream,
    reparse,
    top_level_groups,
)
from openclaw_venice_cli.rendering.fence import FenceRows
from openclaw_venice_cli.rendering.layout import Layout, new_line_after
from openclaw_venice_cli.rendering.live import LiveScreen
from openclaw_venice_cli.rendering.textflow import CleanText, ThinkingLines

_DIM = "dim"


class _Entry:
    """An element taken from the stream and not printed completely yet."""

    __slots__ = ("cache", "code", "done", "element")

    def __init__(self, element: Element) -> None:
        self.element = element
        self.done = 0  # list items already printed
        self.cache: dict[tuple[Any, ...], list[str]] = {}  # rows of a block or of items
        self.code = FenceRows(element) if isinstance(element, FenceBlock) else None


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
        self.stream = MarkdownStream()
        self.pending: deque[_Entry] = deque()
        self.after_block = False  # Rich's blank-line state after the last printed block
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
        self._refs_seen = 0
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
            self.stream.feed(self._answer.feed(text))
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
                self.stream.feed(self._answer.end())
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
        self.after_block = self.after_block or bool(lines)

    # -- one frame -------------------------------------------------------------------------
    def _layout_now(self) -> Layout:
        width, _ = self._size()
        width = max(20, width)
        if self._layout is None or self._layout.width != width:
            if self._layout is not None:
                self._rows_before += self._layout.rows_rendered
            self._layout = Layout(self.console, width)
            for entry in self.pending:
                entry.cache.clear()
                if entry.code is not None:
                    entry.code.clear()
        return self._layout

    def _step(self, final: bool = False) -> None:
        layout = self._layout_now()
        _, height = self._size()
        room = max(2, height - 1)
        printed, self._queued = self._queued, []
        if self.phase == "thinking" and not self.hide_thinking:
            lines = self._thinking.take()
            if lines:
                printed += [layout.ansi(r) for r in layout.text_rows("\n".join(lines), _DIM)]
                self.after_block = True  # the answer starts after a blank line
        if final:
            self.stream.finish()
        elif self.phase == "answer":
            self.stream.update()
        self.pending.extend(_Entry(e) for e in self.stream.take())
        self._commit(layout, printed, final)
        live = self._live_rows(layout, room, printed)
        self.screen.frame(printed, live[-room:])
        self._dirty = False
        self._last_step = self.clock()
        self.steps += 1

    def _live_rows(self, layout: Layout, room: int, printed: list[str]) -> list[str]:
        rows: list[str] = []
        if self._spinning():
            rows += [layout.ansi(r) for r in layout.render(self._spinner.render(self.clock()))]
        elif self.phase == "thinking":
            partial = self._thinking.partial
            if partial.strip():
                rows += [layout.ansi(r) for r in layout.text_rows(partial, _DIM)][-3:]
        if self.phase in ("answer", "done"):
            answer = self._answer_rows(layout, room)
            if self._overflow(layout, room, len(answer), printed):
                answer = self._answer_rows(layout, room)
            rows += answer
        return rows

    # -- printing for good -------------------------------------------------------------------
    def _commit(self, layout: Layout, printed: list[str], final: bool) -> None:
        """Print every element at the front that later text can no longer change."""
        self._resolve_labels()
        while self.pending:
            entry = self.pending[0]
            element = entry.element
            if isinstance(element, Block):
                if element.labels and not final:
                    return
                printed += self._block_rows(layout, entry, self.after_block)
                self.after_block = new_line_after(element.tokens)
            elif isinstance(element, ListBlock):
                ready = self._ready_items(element, final)
                if element.closed and ready == len(element.items):
                    printed += self._list_rows(layout, entry, ready, self.after_block)
                    self.after_block = True
                elif not element.ordered and ready > entry.done:
                    printed += self._list_rows(layout, entry, ready, self.after_block)
                    return
                else:
                    return
            else:
                assert entry.code is not None
                if not element.closed:
                    return
                printed += entry.code.print_rest(layout, self.after_block)
                self.after_block = True
            self.pending.popleft()

    def _overflow(self, layout: Layout, room: int, shown: int, printed: list[str]) -> bool:
        """Too many live rows: print the closed head of an open code block or ordered list.

        A code block's lines are printed once they fill half the screen (exact: code
        lines render independently); an ordered list's items only once it no longer
        fits (its number column may still widen: the documented exception).
        """
        if not self.pending:
            return False
        entry = self.pending[0]
        element = entry.element
        if isinstance(element, FenceBlock) and entry.code is not None:
            if element.closed or shown <= room // 2:
                return False
            code = entry.code.print_head(layout, self.after_block, keep=room // 4)
            printed += code
            return bool(code)
        if (isinstance(element, ListBlock) and element.ordered and not element.closed
                and shown > room):
            ready = self._ready_items(element, False)
            items = self._item_rows_for(layout, entry, entry.done, self.after_block)
            end, excess = entry.done, shown - room
            while end < ready and excess > 0:
                excess -= len(items[end - entry.done])
                end += 1
            if end > entry.done:
                printed += self._list_rows(layout, entry, end, self.after_block)
                return True
        return False

    def _resolve_labels(self) -> None:
        """Parse again the waiting blocks whose labels got defined."""
        if self.stream.refs_version == self._refs_seen:
            return
        self._refs_seen = self.stream.refs_version
        refs = self.stream.refs
        for entry in self.pending:
            element = entry.element
            if isinstance(element, Block):
                if element.labels and not element.labels.isdisjoint(refs):
                    entry.element = reparse(self.stream.parser, element, refs)
                    entry.cache.clear()
            elif isinstance(element, ListBlock):
                for index, item in enumerate(element.items):
                    if item.labels and not item.labels.isdisjoint(refs):
                        element.items[index] = reparse(self.stream.parser, item, refs)
                        entry.cache.clear()

    @staticmethod
    def _ready_items(element: ListBlock, final: bool) -> int:
        """How many items from the first one need no label that is still undefined."""
        count = 0
        for item in element.items:
            if item.labels and not final:
                break
            count += 1
        return count

    # -- rows of elements -------------------------------------------------------------------
    def _block_rows(self, layout: Layout, entry: _Entry, after: bool) -> list[str]:
        element = entry.element
        assert isinstance(element, Block)
        rows = entry.cache.get(("block", after))
        if rows is None:
            rows = [layout.ansi(r) for r in layout.block_rows(element.tokens, after)]
            entry.cache[("block", after)] = rows
        return rows

    def _item_rows_for(self, layout: Layout, entry: _Entry, first: int, after: bool,
                       ) -> list[list[str]]:
        """Rows of each closed item from ``first`` on (item 0 with the list's lead)."""
        element = entry.element
        assert isinstance(element, ListBlock)
        count = len(element.items) + (0 if element.closed else 1)
        last = element.start + count
        digits = len(str(last)) if element.ordered else 0
        result = []
        for index in range(first, len(element.items)):
            key = (index, digits, after and index == 0)
            rows = entry.cache.get(key)
            if rows is None:
                rows = [layout.ansi(r) for r in layout.item_rows(
                    element.open_token, element.start + index, last,
                    [element.items[index].tokens], lead=index == 0, after_block=after)]
                entry.cache[key] = rows
            result.append(rows)
        return result

    def _list_rows(self, layout: Layout, entry: _Entry, end: int, after: bool) -> list[str]:
        """Print items ``entry.done``..``end`` of a list."""
        element = entry.element
        assert isinstance(element, ListBlock)
        rows = self._item_rows_for(layout, entry, entry.done, after)[:end - entry.done]
        for index in range(entry.done, end):  # printed: their rows are not needed again
            for key in [k for k in entry.cache if k[0] == index]:
                del entry.cache[key]
        entry.done = end
        return [row for item in rows for row in item]

    # -- the live part ------------------------------------------------------------------------
    def _answer_rows(self, layout: Layout, room: int) -> list[str]:
        """The last rows of everything not printed yet (at least ``room`` when there are)."""
        pending = self.pending
        state = self._after(pending[-1].element) if pending else self.after_block
        rows = self._open_rows(layout, state, room)
        for index in range(len(pending) - 1, -1, -1):
            if len(rows) > room:
                break
            after = self._after(pending[index - 1].element) if index else self.after_block
            rows = self._entry_live_rows(layout, pending[index], after, room) + rows
        return rows

    @staticmethod
    def _after(element: Element) -> bool:
        return new_line_after(element.tokens) if isinstance(element, Block) else True

    def _entry_live_rows(self, layout: Layout, entry: _Entry, after: bool, room: int,
                         ) -> list[str]:
        element = entry.element
        if isinstance(element, Block):
            return self._block_rows(layout, entry, after)
        if isinstance(element, ListBlock):
            items = self._item_rows_for(layout, entry, entry.done, after)
            rows = [row for item in items for row in item]
            if not element.closed:
                rows += self._open_item_rows(layout, element, entry.done == 0 and not items,
                                             after, room)
            return rows
        assert entry.code is not None
        return entry.code.live(layout, after, None if element.closed else self.stream.partial,
                               room)

    def _open_item_rows(self, layout: Layout, element: ListBlock, lead: bool, after: bool,
                        room: int) -> list[str]:
        """The item being written, as it would render now."""
        lines, _ = self.stream.open_lines(2 * room)
        tokens = self._preview_tokens(lines)
        groups = list(top_level_groups(tokens))
        if not groups:
            return []
        head = groups[0]
        if head[0].type != element.open_token.type:
            return [layout.ansi(r) for r in layout.block_rows(tokens, after)]
        items = [list(g) for g in _split_items(head)]
        number = element.start + len(element.items)
        last = number + len(items)
        rows = [layout.ansi(r) for r in layout.item_rows(
            element.open_token, number, last, items, lead=lead, after_block=after)]
        rest = [token for group in groups[1:] for token in group]
        if rest:
            rows += [layout.ansi(r) for r in layout.block_rows(rest, True)]
        return rows

    def _open_rows(self, layout: Layout, after: bool, room: int) -> list[str]:
        """The open block (not a list or fence: those are entries) as it would render now."""
        if self.stream.fence is not None or self.stream.list is not None:
            return []
        lines, _ = self.stream.open_lines(2 * room)
        tokens = self._preview_tokens(lines)
        if not tokens:
            return []
        return [layout.ansi(r) for r in layout.block_rows(tokens, after)]

    def _preview_tokens(self, lines: list[str]) -> list[Any]:
        partial = self.stream.partial
        if not lines and not partial.strip():
            return []
        source = "\n".join([*lines, partial[-8192:]])
        return self.stream.parser.parse(source, {"references": dict(self.stream.refs)})


def _split_items(group: list[Any]) -> list[list[Any]]:
    items: list[list[Any]] = []
    current: list[Any] = []
    for token in group[1:-1]:
        current.append(token)
        if token.level == 1 and token.nesting == -1:
            items.append(current)
            current = []
    return items
