"""Splitting streamed Markdown into finished blocks and an unfinished tail (pure, linear)."""

from __future__ import annotations

import re

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")


class BlockSplitter:
    """Split streamed Markdown into finished blocks and an unfinished tail, incrementally.

    A block ends at a blank line outside a fenced code block, after an ATX heading line,
    or after a closing fence that starts at column 0. Lists and tables therefore stay
    together until a blank line ends them, and a fence is never split. Each character
    is examined a bounded number of times, so feeding n characters costs O(n).
    """

    def __init__(self) -> None:
        self._chunks: list[str] = []  # the current, incomplete line: merged older pieces
        self._pieces: list[str] = []  # ... and its most recent pieces
        self._partial_len = 0
        self._lines: list[str] = []  # complete lines of the unfinished block
        self._fence: tuple[str, int] | None = None
        self._fence_line = ""  # the opening fence line, while a fence is open

    @property
    def in_fence(self) -> bool:
        return self._fence is not None

    @property
    def fence_line(self) -> str:
        """The line that opened the current fence ("" outside a fence)."""
        return self._fence_line

    def feed(self, text: str) -> list[str]:
        """Add ``text``; return the blocks it finished (without trailing newlines)."""
        blocks: list[str] = []
        start = 0
        while True:
            newline = text.find("\n", start)
            if newline < 0:
                break
            self._pieces.append(text[start:newline])
            line = self._take_line()
            block = self._add_line(line)
            if block is not None:
                blocks.append(block)
            start = newline + 1
        if start < len(text):
            self._pieces.append(text[start:])
            self._partial_len += len(text) - start
            if len(self._pieces) >= 256:  # each character is merged once: O(n)
                self._chunks.append("".join(self._pieces))
                self._pieces.clear()
        return blocks

    def _take_line(self) -> str:
        line = "".join(self._chunks) + "".join(self._pieces)
        self._chunks.clear()
        self._pieces.clear()
        self._partial_len = 0
        return line

    def flush(self) -> str | None:
        """End of stream: the remaining text as a last block (None if only blank)."""
        if self._partial_len:
            self._lines.append(self._take_line())
        block = self._emit()
        self._fence = None
        self._fence_line = ""
        return block

    def _add_line(self, line: str) -> str | None:
        if self._fence is not None:
            self._lines.append(line)
            if self._closes_fence(line):
                at_margin = not line[:1].isspace()
                self._fence = None
                self._fence_line = ""
                if at_margin:
                    return self._emit()
            return None
        if not line.strip():
            return self._emit()
        self._lines.append(line)
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if marker[0] == "~" or "`" not in line[match.end():]:
                self._fence = (marker[0], len(marker))
                self._fence_line = line
            return None
        if _HEADING_RE.match(line):
            return self._emit()
        return None

    def _closes_fence(self, line: str) -> bool:
        assert self._fence is not None
        char, length = self._fence
        stripped = line.strip()
        return (
            len(stripped) >= length
            and stripped == char * len(stripped)
        )

    def _emit(self) -> str | None:
        if not self._lines:
            return None
        block = "\n".join(self._lines)
        self._lines = []
        return block if block.strip() else None

    def tail_view(self, max_lines: int, max_chars: int) -> str:
        """The end of the unfinished tail for a live preview, bounded in size.

        At most ``max_lines`` complete lines plus the current line, cut to the last
        ``max_chars`` characters; inside a fence the opening line is kept so the
        preview still renders as code. The cost depends on the bounds, not on n.
        """
        lines = self._lines[-max_lines:] if max_lines > 0 else []
        partial = self._partial_tail(max_chars)
        text = "\n".join([*lines, partial]) if lines else partial
        if len(text) > max_chars:
            text = text[-max_chars:]
            cut = text.find("\n")
            if 0 <= cut < len(text) - 1:
                text = text[cut + 1:]
        if self._fence is not None and self._fence_line and not text.startswith(
            self._fence_line
        ):
            text = self._fence_line + "\n" + text
        return text

    def _partial_tail(self, max_chars: int) -> str:
        """The last ``max_chars`` characters of the current line, without a full join."""
        taken: list[str] = []
        total = 0
        for source in (self._pieces, self._chunks):
            for piece in reversed(source):
                if total >= max_chars:
                    break
                taken.append(piece[-max_chars:])
                total += len(taken[-1])
        text = "".join(reversed(taken))
        return text[-max_chars:] if max_chars > 0 else ""

    @property
    def pending(self) -> bool:
        """Whether any unfinished text is waiting."""
        return bool(self._lines or self._partial_len)
