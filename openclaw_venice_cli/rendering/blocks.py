"""Where streamed Markdown can be cut, decided by markdown-it-py (the parser Rich uses).

A block of the answer may be printed for good only once later text can no longer change
how it renders. :class:`MarkdownStream` parses the unfinished tail (complete lines only:
a partial line can still turn into anything) and reports the top-level blocks that are
*closed*: another top-level block started after them, or (a fence) their closing fence
arrived. So lists stay open across blank lines, fences and HTML blocks end where
CommonMark ends them, and a paragraph stays open until the line after it shows it is not
a setext heading or a table header. Reference definitions found anywhere are collected
for the whole document; a block whose brackets could still become links when a label is
defined later carries those labels (:attr:`Block.labels`) so that the renderer can wait.

Cost stays linear for single huge blocks: an open top-level fence is followed line by
line without parsing (:class:`FenceBlock`), an open top-level list is re-parsed only from
its last item (:class:`ListBlock`), and any other open block is re-parsed only after the
tail has grown by a quarter since the last parse. Pure: no rich, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from openclaw_venice_cli.rendering.textflow import Lines

#: Tails up to this many lines are re-parsed at every update.
SMALL_TAIL = 48
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){1,999})\]")


def make_parser() -> MarkdownIt:
    """markdown-it configured exactly as ``rich.markdown.Markdown`` configures it."""
    return MarkdownIt().enable("strikethrough").enable("table")


class Block:
    """A closed top-level block (or a closed item of a top-level list)."""

    __slots__ = ("labels", "lines", "tokens")

    def __init__(self, tokens: list[Token], lines: list[str], labels: frozenset[str]) -> None:
        self.tokens = tokens
        self.lines = lines  # its source, for a re-parse once a label gets defined
        self.labels = labels  # bracketed labels not defined when it was parsed


class ListBlock:
    """A top-level list: its closed items so far; ``closed`` once the list has ended."""

    __slots__ = ("closed", "items", "open_token", "start")

    def __init__(self, open_token: Token) -> None:
        self.open_token = open_token
        self.start = int(open_token.attrs.get("start", 1) or 1)
        self.items: list[Block] = []
        self.closed = False

    @property
    def ordered(self) -> bool:
        return self.open_token.type == "ordered_list_open"


class FenceBlock:
    """A top-level fenced code block: its content lines so far; ``closed`` at its end."""

    __slots__ = ("char", "closed", "info", "lines", "size")

    def __init__(self, token: Token) -> None:
        self.info = token.info
        self.char = token.markup[0]
        self.size = len(token.markup)
        self.lines: list[str] = []
        self.closed = False

    def closes(self, line: str) -> bool:
        """Whether ``line`` is a closing fence for this block."""
        return closes_fence(line, self.char * self.size)


def closes_fence(line: str, marker: str) -> bool:
    """CommonMark: at most 3 spaces, the marker (or longer), then only spaces or tabs."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(marker):
        return False
    return not stripped.rstrip(" \t").strip(marker[0])


Element = Block | ListBlock | FenceBlock


def top_level_groups(tokens: Sequence[Token]) -> Iterator[list[Token]]:
    """The token lists of the top-level blocks, in order."""
    group: list[Token] = []
    for token in tokens:
        group.append(token)
        if token.level == 0 and token.nesting <= 0:
            yield group
            group = []


def _residue(children: Sequence[Token]) -> str:
    """An inline token's text with unconsumed brackets kept (links themselves dropped)."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "code_inline":  # brackets in code are never a link's
            code = child.content.replace("[", "(").replace("]", ")")
            parts.append(child.markup + code + child.markup)
        elif kind == "image":
            parts.append(_residue(child.children or []))
        elif kind not in ("link_open", "link_close"):
            parts.append(child.markup)
    return "".join(parts)


def undefined_labels(tokens: Sequence[Token], refs: dict[str, Any]) -> frozenset[str]:
    """Labels of bracketed text that would become a link if defined later.

    Text that did not become a link keeps its brackets in the inline tokens; every
    ``[label]`` found there (innermost brackets, as labels cannot nest) whose normalised
    label is not defined yet is returned. Over-approximate on purpose: a block waits
    for nothing worse than the end of the answer.
    """
    found: set[str] = set()
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        residue = _residue(token.children)
        if "[" not in residue or "]" not in residue:
            continue
        for match in _LABEL.finditer(residue):
            label = normalizeReference(match.group(1))
            if label and label not in refs:
                found.add(label)
    return frozenset(found)


class MarkdownStream:
    """Streamed Markdown split into top-level elements as soon as they are known.

    ``feed()`` text, call ``update()`` now and then (it decides whether a parse is due)
    and ``take()`` the elements found since the last call, in order. A
    :class:`ListBlock` or :class:`FenceBlock` may be taken while still open: it keeps
    growing (new items, new lines) until ``closed``. ``finish()`` closes everything.
    """

    def __init__(self) -> None:
        self.parser = make_parser()
        self.refs: dict[str, Any] = {}  # reference definitions of the whole answer
        self.refs_version = 0  # bumped when a definition is added
        self._tail: list[str] = []  # complete lines not yet in a closed element
        self._parsed = 0  # how many tail lines the last parse saw
        self._lines = Lines()  # cuts the stream into complete lines
        self._found: list[Element] = []
        self.fence: FenceBlock | None = None  # an open top-level fence: lines go straight in
        self.list: ListBlock | None = None  # an open top-level list: tail = its last item
        self.open_type = ""  # first token type of the open block ("" when none)
        self.finished = False

    # -- input -------------------------------------------------------------------------
    def feed(self, text: str) -> None:
        """Add streamed text (any split, even inside a line)."""
        for line in self._lines.feed(text):
            self._add_line(line)

    def _add_line(self, line: str) -> None:
        fence = self.fence
        if fence is None:
            self._tail.append(line)
        elif fence.closes(line):
            fence.closed = True
            self.fence = None
            self.open_type = ""
        else:
            fence.lines.append(line)

    @property
    def partial(self) -> str:
        """The line still being written (without a newline yet)."""
        return self._lines.partial

    def finish(self) -> None:
        """The answer is complete: the partial line ends, every element closes."""
        last = self._lines.end()
        if last:
            self._add_line(last)
        self.finished = True
        if self.fence is not None:
            self.fence.closed = True
            self.fence = None
        self.update(force=True)

    def take(self) -> list[Element]:
        """The elements found since the last call (open ones included, once)."""
        found, self._found = self._found, []
        return found

    # -- structure -----------------------------------------------------------------------
    def update(self, force: bool = False) -> None:
        """Parse the tail if it grew enough since the last parse (or when ``force``)."""
        new = len(self._tail) - self._parsed
        if not self.finished and (new <= 0 or (
                len(self._tail) > SMALL_TAIL and new * 4 < len(self._tail))) and not force:
            return
        if not self._tail:
            if self.finished and self.list is not None:
                self.list.closed = True
                self.list = None
            return
        before = len(self.refs)
        tokens = self.parser.parse("\n".join(self._tail) + "\n", {"references": self.refs})
        if len(self.refs) != before:
            self.refs_version += 1
        self._parsed = len(self._tail)
        groups = list(top_level_groups(tokens))
        if self.list is not None:
            groups = self._continue_list(groups)
        cut = 0  # tail lines that belong to closed elements
        for index, group in enumerate(groups):
            last = index == len(groups) - 1 and not self.finished
            head = group[0]
            start, end = head.map or (0, 0)
            if last and head.type == "fence" and not self._fence_closed(head, end):
                if not self._tail[start][:1].isspace():
                    self._open_fence(head, start, end)
                else:  # an indented fence strips indentation: parsed like any block
                    self._drop(start)
                    self.open_type = head.type
                return
            if last and head.type in ("bullet_list_open", "ordered_list_open"):
                self._open_list(group, start)
                return
            elif last and head.type != "fence":
                self._drop(start)
                self.open_type = head.type
                return
            self._found.append(self._block(group, start, end))
            cut = end
        self._drop(cut)
        self.open_type = ""

    def _fence_closed(self, head: Token, end: int) -> bool:
        start = (head.map or (0, 0))[0]
        return end - 1 > start and closes_fence(self._tail[end - 1], head.markup)

    def _block(self, group: list[Token], start: int, end: int) -> Block:
        return Block(group, self._tail[start:end], undefined_labels(group, self.refs))

    def _drop(self, count: int) -> None:
        """Forget the first ``count`` tail lines (they belong to closed elements)."""
        if count > 0:
            del self._tail[:count]
            self._parsed = max(0, self._parsed - count)

    def _open_fence(self, head: Token, start: int, end: int) -> None:
        fence = FenceBlock(head)
        fence.lines = self._tail[start + 1:end]
        self._found.append(fence)
        self.fence = fence
        self.open_type = "fence"
        self._tail.clear()
        self._parsed = 0

    def _items(self, group: list[Token], start: int) -> list[tuple[list[Token], int, int]]:
        """(tokens, first line, end line) of each item of a top-level list group."""
        items: list[tuple[list[Token], int, int]] = []
        current: list[Token] = []
        for token in group[1:-1]:
            current.append(token)
            if token.level == 1 and token.nesting == -1:
                first = current[0].map or (start, start)
                items.append((current, first[0], first[1]))
                current = []
        return items

    def _open_list(self, group: list[Token], start: int) -> None:
        """The last block is a list: its items but the last are closed."""
        block = ListBlock(group[0])
        self._found.append(block)
        self.list = block
        self.open_type = group[0].type
        self._keep_last_item(block, self._items(group, start))

    def _keep_last_item(self, block: ListBlock, items: list[tuple[list[Token], int, int]]
                        ) -> None:
        for tokens, first, end in items[:-1]:
            block.items.append(Block(tokens, self._tail[first:end],
                                     undefined_labels(tokens, self.refs)))
        self._drop(items[-1][1] if items else 0)

    def _continue_list(self, groups: list[list[Token]]) -> list[list[Token]]:
        """In list mode the tail starts at the open list's last item: merge the items."""
        block = self.list
        assert block is not None
        head = groups[0] if groups else None
        if head is None or head[0].type != block.open_token.type:
            block.closed = True  # cannot happen for a real item line; never lose text
            self.list = None
            return groups
        start = (head[0].map or (0, 0))[0]
        items = self._items(head, start)
        if len(groups) == 1 and not self.finished:
            self._keep_last_item(block, items)
            return []
        for tokens, first, end in items:
            block.items.append(Block(tokens, self._tail[first:end],
                                     undefined_labels(tokens, self.refs)))
        block.closed = True
        self.list = None
        end = (head[0].map or (0, 0))[1]
        self._drop(end)
        for group in groups[1:]:  # the blocks after the list, in the shortened tail
            for token in group:
                if token.map:
                    token.map = [token.map[0] - end, token.map[1] - end]
        return groups[1:]

    # -- the open part, for a live preview -------------------------------------------------
    def open_lines(self, max_lines: int) -> tuple[list[str], int]:
        """The open block's complete lines (bounded) and how many were left out.

        The first line of a list item and the two header lines of a table are kept when
        lines are left out, so that the preview still parses as the same kind of block.
        """
        lines = self.fence.lines if self.fence is not None else self._tail
        if len(lines) <= max_lines:
            return list(lines), 0
        head = 2 if self.open_type == "table_open" else (1 if self.list is not None else 0)
        kept = [*lines[:head], *lines[len(lines) - max_lines + head:]]
        return kept, len(lines) - len(kept)


def reparse(parser: MarkdownIt, block: Block, refs: dict[str, Any]) -> Block:
    """``block`` parsed again with the definitions known now (same structure)."""
    tokens = parser.parse("\n".join(block.lines) + "\n", {"references": dict(refs)})
    groups = list(top_level_groups(tokens))
    flat = [token for group in groups for token in group]
    if block.tokens and block.tokens[0].type == "list_item_open":
        flat = flat[1:-1]  # an item was parsed as a one-item list
    return Block(flat, block.lines, undefined_labels(flat, refs))
