"""Rows of a fenced code block that is still streaming, each line rendered once.

Complete code lines are rendered in batches as they arrive (``Layout.code_rows``, with
the lines before them lexed for colour) and kept; the live region shows the batches not
printed yet plus the line being written, and printing takes whole batches. At the close the
lines not printed yet are rendered again as one range (the whole render strips the blank
lines a block ends with, and their colours may depend on the lines after them). So a
5,000-line block costs about what printing it once costs.
"""

from __future__ import annotations

from openclaw_venice_cli.rendering.blocks import FenceBlock
from openclaw_venice_cli.rendering.layout import Layout


class FenceRows:
    """Rendered batches of one fenced code block's lines; what is printed of them."""

    def __init__(self, fence: FenceBlock) -> None:
        self.fence = fence
        self.batches: list[tuple[int, int, list[str]]] = []  # (first line, end, rows)
        self.printed = 0  # lines printed for good
        self.covered = 0  # lines rendered into batches

    def clear(self) -> None:
        """Forget rendered rows (the width changed)."""
        self.batches.clear()
        self.covered = self.printed

    def _render_new(self, layout: Layout) -> None:
        lines = self.fence.lines
        if self.covered < len(lines):
            rows = layout.code_rows(self.fence.info, lines, self.covered, len(lines),
                                    final=False)
            self.batches.append((self.covered, len(lines), [layout.ansi(r) for r in rows]))
            self.covered = len(lines)

    def lead(self, layout: Layout, after: bool) -> list[str]:
        """The rows before the first line: a blank line (after a block) and the padding."""
        if self.printed:
            return []
        return ([""] if after else []) + [layout.ansi(layout.code_pad_row())]

    def live(self, layout: Layout, after: bool, partial: str | None, room: int) -> list[str]:
        """The unprinted part as it looks now (at least its last ``room`` rows)."""
        self._render_new(layout)
        rows: list[str] = []
        for _, _, batch in reversed(self.batches):
            if len(rows) > room:
                break
            rows[:0] = batch
        if len(rows) <= room:
            rows[:0] = self.lead(layout, after)
        if partial is not None and partial:
            lines = self.fence.lines
            context = [*lines[max(0, len(lines) - 8):], partial]
            rows += [layout.ansi(r) for r in layout.code_rows(
                self.fence.info, context, len(context) - 1, len(context), final=False)]
        rows.append(layout.ansi(layout.code_pad_row()))
        return rows

    def unprinted_rows(self) -> int:
        return sum(len(batch) for _, _, batch in self.batches)

    def print_head(self, layout: Layout, after: bool, keep: int) -> list[str]:
        """Print whole batches, leaving at least ``keep`` rows and the last text line."""
        self._render_new(layout)
        lines = self.fence.lines
        last_text = len(lines) - 1
        while last_text >= 0 and not lines[last_text].strip():
            last_text -= 1
        total = self.unprinted_rows()
        taken: list[str] = []
        while self.batches and total - len(self.batches[0][2]) >= keep:
            _, end, batch = self.batches[0]
            if end > last_text:  # the whole render may strip lines from here on
                break
            taken += self.lead(layout, after) + batch
            total -= len(batch)
            self.printed = end
            self.batches.pop(0)
        return taken

    def print_rest(self, layout: Layout, after: bool) -> list[str]:
        """The block closed: print the rest, ending as the whole render ends it.

        The unprinted lines are rendered again as one range, now that the lines after
        them are known: a block that was never printed in part gets the whole render's
        colours exactly.
        """
        lines = self.fence.lines
        rows = self.lead(layout, after)
        rows += [layout.ansi(r) for r in layout.code_rows(
            self.fence.info, lines, self.printed, len(lines), final=True)]
        rows.append(layout.ansi(layout.code_pad_row()))
        self.printed = len(lines)
        self.batches.clear()
        return rows
