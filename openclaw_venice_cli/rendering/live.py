"""The live region at the bottom of a terminal: rows redrawn in place above the cursor.

Every row written ends with a newline, so the cursor always rests at column 0 of the line
below the last row, and the live rows are exactly the ``len(drawn)`` lines above it. A
frame prints rows for good and redraws the live rows, in one write: it moves the cursor
up over the live rows that changed (rows equal to the target are kept), erases to the
end of the screen and writes the rest. Nothing is ever written out of order, and a row
printed for good is never touched again. The cursor is hidden while rows are live.

A terminal that is narrowed keeps each row on one line (xterm, pyte); one that reflows
long rows (VTE, kitty, iTerm2) would leave the wrapped remainder of live rows behind, so
live rows carry no padding (``layout.trimmed``) and a width change is rare mid-answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"
ERASE_BELOW = "\x1b[J"


class LiveScreen:
    """Prints rows for good and keeps a few rows live below them."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.drawn: list[str] = []  # live rows on the screen now
        self.cursor_hidden = False

    def frame(self, printed: Sequence[str], live: Sequence[str], *, last: bool = False
              ) -> None:
        """Print ``printed`` for good, then show ``live`` (replacing the live rows).

        The ``last`` frame shows the cursor again before it writes, so that the output
        ends with the last row's newline (a prompt that follows starts a clean line).
        """
        target = [*printed, *live]
        drawn = self.drawn
        keep = 0
        limit = min(len(drawn), len(target))
        while keep < limit and drawn[keep] == target[keep]:
            keep += 1
        parts: list[str] = []
        if live and not self.cursor_hidden and not last:
            parts.append(HIDE_CURSOR)
            self.cursor_hidden = True
        elif last and self.cursor_hidden:
            parts.append(SHOW_CURSOR)
            self.cursor_hidden = False
        if keep < len(drawn):
            parts.append(f"\r\x1b[{len(drawn) - keep}A{ERASE_BELOW}")
        parts.extend(row + "\n" for row in target[keep:])
        self.drawn = list(live)
        self._write("".join(parts))

    def clear(self) -> list[str]:
        """Erase the live rows (for a note on stderr); returns them for :meth:`restore`."""
        rows = self.drawn
        self.frame((), ())
        return rows

    def restore(self, rows: Sequence[str]) -> None:
        self.frame((), rows)

    def close(self) -> None:
        """Erase the live rows and show the cursor again."""
        self.frame((), (), last=True)

    def _write(self, text: str) -> None:
        if text:
            self.out.write(text)
        self.out.flush()
