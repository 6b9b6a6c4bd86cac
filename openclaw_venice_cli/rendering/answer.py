"""The answer's part of the screen: what is printed for good, and what stays live.

:class:`AnswerRows` takes the elements :class:`~openclaw_venice_cli.rendering.blocks.MarkdownStream`
finds, prints each one once later text can no longer change how it renders, and gives
the rows of everything still open for the live region. A block waiting for a link label
is printed once the label is defined (or at the end); the closed items of a bullet list
are printed as they close; the lines of a long code block in batches once they fill
half the screen; an ordered list only once it no longer fits (the documented exception:
its number column may widen later). Rows are cached per block and per list item, so a
frame costs what is open, not what is waiting.
"""

from __future__ import annotations

from collections import deque
from typing import Any

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


class _Entry:
    """An element taken from the stream and not printed completely yet."""

    __slots__ = ("cache", "code", "done", "element")

    def __init__(self, element: Element) -> None:
        self.element = element
        self.done = 0  # list items already printed
        self.cache: dict[tuple[Any, ...], list[str]] = {}  # rows of a block or of items
        self.code = FenceRows(element) if isinstance(element, FenceBlock) else None


class AnswerRows:
    """The answer's elements not printed yet, and how they render now."""

    def __init__(self) -> None:
        self.stream = MarkdownStream()
        self.pending: deque[_Entry] = deque()
        self.after_block = False  # Rich's blank-line state after the last printed block
        self._refs_seen = 0

    def forget_rows(self) -> None:
        """The width changed: every cached row is stale."""
        for entry in self.pending:
            entry.cache.clear()
            if entry.code is not None:
                entry.code.clear()

    def step(self, layout: Layout, room: int, *, final: bool = False
             ) -> tuple[list[str], list[str]]:
        """(rows to print for good, the live rows: at least the last ``room``)."""
        if final:
            self.stream.finish()
        else:
            self.stream.update()
        self.pending.extend(_Entry(e) for e in self.stream.take())
        printed: list[str] = []
        self._commit(layout, printed, final)
        live = self._answer_rows(layout, room)
        if self._overflow(layout, room, len(live), printed):
            live = self._answer_rows(layout, room)
        return printed, live

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
