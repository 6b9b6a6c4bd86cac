"""Streaming output of a chat answer: plain text, or live Markdown on a terminal.

Plain mode (stdout not a TTY, ``--raw``, ``NO_COLOR``, ``TERM=dumb``) writes the answer
exactly as received, flushed per chunk, with no ANSI. On a terminal the Markdown renderer
(``render_markdown.py``, the only module here that imports rich) prints each finished
block once and keeps only the unfinished tail live, so the work stays linear in the
answer's length. :class:`BlockSplitter` is the pure, incremental block splitter it uses.
"""

from __future__ import annotations

import re
from typing import Protocol

from openclaw_venice_cli.environment import Environment

_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")


class Renderer(Protocol):
    """What the chat command drives while an answer arrives."""

    def waiting(self, label: str = "Thinking…") -> None:
        """Show that a request is in flight (a spinner on a terminal)."""

    def reasoning(self, text: str) -> None:
        """A piece of the model's thinking (never mixed into the answer on stdout)."""

    def content(self, text: str) -> None:
        """A piece of the answer."""

    def note(self, message: str) -> None:
        """An informational line for stderr that must not garble the live display."""

    def finish(self) -> None:
        """The answer is complete: print what is still pending and end the line."""

    def abort(self) -> None:
        """The answer stopped early: keep everything shown so far and end the line."""


class PlainRenderer:
    """The answer exactly as received, flushed per chunk; thinking optionally to stderr."""

    def __init__(self, env: Environment, *, show_thinking: bool = False) -> None:
        self.env = env
        self.show_thinking = show_thinking
        self._last_char = ""
        self._thinking_open = False

    def waiting(self, label: str = "Thinking…") -> None:
        """No spinner in plain mode."""

    def reasoning(self, text: str) -> None:
        if not self.show_thinking or not text:
            return
        self.env.stderr.write(text)
        self.env.stderr.flush()
        self._thinking_open = not text.endswith("\n")

    def _close_thinking(self) -> None:
        if self._thinking_open:
            self.env.stderr.write("\n")
            self.env.stderr.flush()
            self._thinking_open = False

    def content(self, text: str) -> None:
        if not text:
            return
        self._close_thinking()
        self.env.stdout.write(text)
        self.env.stdout.flush()
        self._last_char = text[-1]

    def note(self, message: str) -> None:
        self.env.note(message)

    def finish(self) -> None:
        """On a terminal (``--raw``) end with a newline; piped output stays byte-exact."""
        self._close_thinking()
        if self.env.stdout_isatty and self._last_char not in ("", "\n"):
            self.env.stdout.write("\n")
            self._last_char = "\n"
        self.env.stdout.flush()

    def abort(self) -> None:
        self.finish()


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


def use_markdown(env: Environment, *, raw: bool) -> bool:
    """Live Markdown only on a terminal with colour allowed and without ``--raw``."""
    return (
        not raw
        and bool(env.stdout_isatty)
        and env.color
        and env.environ.get("NO_COLOR") is None
        and env.environ.get("TERM") != "dumb"
    )


def make_renderer(
    env: Environment, *, raw: bool = False, show_thinking: bool = False,
    hide_thinking: bool = False,
) -> Renderer:
    """The renderer for this run: Markdown on a terminal, plain text otherwise."""
    if use_markdown(env, raw=raw):
        from openclaw_venice_cli.render_markdown import MarkdownRenderer

        return MarkdownRenderer(env, hide_thinking=hide_thinking)
    return PlainRenderer(env, show_thinking=show_thinking)
