"""A VT100 terminal for render tests: pyte behind a file object, scrollback included.

``VirtualTerminal`` is what the renderer writes to in-process: every write goes through
pyte's parser (the tty's ONLCR applied: ``\\n`` arrives as ``\\r\\n``), and
``transcript()`` is what a user would see after the answer, scrollback then screen, one
string per row. ``resize()`` behaves like xterm: rows are cut, not reflowed, and when
the screen gets shorter the rows above the cursor scroll into the scrollback.
``whole_render()`` is the oracle: Rich printing ``Markdown(text)`` at once on the same
kind of terminal.
"""

from __future__ import annotations

import io
from typing import Any

import pyte
from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text


class VirtualTerminal(io.TextIOBase):
    """A pyte screen with a scrollback, written to like a terminal's file."""

    def __init__(self, columns: int = 100, lines: int = 40) -> None:
        super().__init__()
        self.screen = pyte.HistoryScreen(columns, lines, history=10_000_000)
        self.stream = pyte.Stream(self.screen)
        self.chunks: list[str] = []

    # -- the file side -----------------------------------------------------------------
    def write(self, text: str) -> int:
        self.chunks.append(text)
        self.stream.feed(text.replace("\n", "\r\n"))
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def raw(self) -> str:
        return "".join(self.chunks)

    # -- the terminal side ------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.screen.columns, self.screen.lines

    def resize(self, columns: int, lines: int) -> None:
        """Like xterm: cut long rows; on a shorter screen, rows above the cursor scroll up."""
        screen = self.screen
        if lines < screen.lines:
            scroll = max(0, screen.cursor.y - (lines - 1))
            for _ in range(scroll):
                screen.history.top.append(screen.buffer[0])
                for y in range(screen.lines - 1):
                    screen.buffer[y] = screen.buffer[y + 1]
                screen.buffer.pop(screen.lines - 1, None)
            screen.cursor.y -= scroll
            for y in range(lines, screen.lines):
                screen.buffer.pop(y, None)
        if columns < screen.columns:
            for row in screen.buffer.values():
                for x in range(columns, screen.columns):
                    row.pop(x, None)
        screen.lines, screen.columns = lines, columns
        screen.cursor.x = min(screen.cursor.x, columns - 1)
        screen.set_margins()
        screen.dirty.update(range(lines))

    def _row(self, row: Any, columns: int) -> str:
        return "".join(row[x].data for x in range(columns))

    def rows(self) -> list[str]:
        """Scrollback then screen, each row right-stripped."""
        columns = self.screen.columns
        width = max([columns, *(max(row.keys(), default=0) + 1
                                for row in self.screen.history.top)])
        rows = [self._row(row, width) for row in self.screen.history.top]
        rows += [self._row(self.screen.buffer[y], columns) for y in range(self.screen.lines)]
        return [row.rstrip() for row in rows]

    def transcript(self) -> list[str]:
        """Scrollback then screen, right-stripped, without the empty rows at the bottom."""
        rows = self.rows()
        while rows and not rows[-1]:
            rows.pop()
        return rows

    def rows_above_cursor(self, skip: int = 0) -> list[str]:
        """The rows above the cursor's row, less the last ``skip`` of them."""
        end = len(self.screen.history.top) + self.screen.cursor.y - skip
        return self.rows()[:max(0, end)]

    def cells(self) -> list[list[tuple[str, str, str, bool, bool, bool]]]:
        """Each visible cell's character and attributes, rows as in :meth:`transcript`."""
        columns = self.screen.columns
        rows = [*self.screen.history.top,
                *(self.screen.buffer[y] for y in range(self.screen.lines))]
        result = []
        for row in rows:
            cells = [(c.data, c.fg, c.bg, c.bold, c.italics, c.underscore)
                     for c in (row[x] for x in range(columns))]
            while cells and cells[-1][0] == " " and cells[-1][2] == "default":
                cells.pop()
            result.append(cells)
        while result and not result[-1]:
            result.pop()
        return result


def console_for(term: VirtualTerminal) -> Console:
    """The Rich console the renderer and the oracle share for ``term``."""
    columns, lines = term.size
    return Console(file=term, force_terminal=True, color_system="truecolor", width=columns,
                   height=lines, highlight=False, emoji=False, soft_wrap=False,
                   _environ={})


def whole_render(text: str, columns: int = 100, lines: int = 40,
                 thinking: str | None = None) -> VirtualTerminal:
    """Rich printing ``Markdown(text)`` at once (after the thinking, when given).

    Thinking is shown as dim text without its blank lines at the start and end, then
    one blank line, then the answer (its own leading blank line, if Rich gives it one,
    folded into that one).
    """
    term = VirtualTerminal(columns, lines)
    console = console_for(term)
    if thinking is not None:
        rows = thinking.split("\n")
        while rows and not rows[0].strip():
            rows.pop(0)
        while rows and not rows[-1].strip():
            rows.pop()
        if rows:
            console.print(Text("\n".join(r if r.strip() else "" for r in rows), style="dim"))
            out = io.StringIO()
            Console(file=out, width=columns, color_system=None).print(Markdown(text))
            if not out.getvalue().startswith("\n"):
                console.print()
    console.print(Markdown(text))
    return term
