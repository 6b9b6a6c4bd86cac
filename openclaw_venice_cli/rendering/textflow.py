"""Streamed text on its way to a terminal: made visible-safe, thinking cut into lines.

Both are pure and linear, shared by the Markdown renderer and the plain one.
"""

from __future__ import annotations

from openclaw_venice_cli.sanitize import visible


class CleanText:
    """Streamed pieces through :func:`sanitize.visible`, a CRLF split across pieces kept.

    A piece ending in CR holds that CR back until the next piece shows whether a newline
    follows (CRLF: dropped, as :func:`visible` drops it) or not (shown as ``^M``).
    """

    def __init__(self) -> None:
        self._cr = False

    def feed(self, text: str) -> str:
        if self._cr:
            text = "\r" + text
            self._cr = False
        if text.endswith("\r"):
            text = text[:-1]
            self._cr = True
        return visible(text)

    def end(self) -> str:
        """What is still held back at the end of the stream."""
        if self._cr:
            self._cr = False
            return visible("\r")
        return ""


class Lines:
    """Streamed text cut into complete lines; the line still being written kept apart.

    Linear: each character is joined into its line once (pieces of a long line are
    merged in bounded batches).
    """

    def __init__(self) -> None:
        self._pieces: list[str] = []

    def feed(self, text: str) -> list[str]:
        """Add ``text``; the lines it completed (without their newlines)."""
        done: list[str] = []
        start = 0
        while (newline := text.find("\n", start)) >= 0:
            self._pieces.append(text[start:newline])
            done.append("".join(self._pieces))
            self._pieces.clear()
            start = newline + 1
        if start < len(text):
            self._pieces.append(text[start:])
            if len(self._pieces) > 64:
                self._pieces[:] = ["".join(self._pieces)]
        return done

    @property
    def partial(self) -> str:
        """The line being written ("" when the text ended with a newline)."""
        if len(self._pieces) > 1:
            self._pieces[:] = ["".join(self._pieces)]
        return self._pieces[0] if self._pieces else ""

    def end(self) -> str | None:
        """The text is over: the unfinished line, if any (then forgotten)."""
        if not self._pieces:
            return None
        line = self.partial
        self._pieces.clear()
        return line


class ThinkingLines:
    """Thinking text as lines to print: blank lines at the start and end are dropped."""

    def __init__(self) -> None:
        self._lines = Lines()
        self._ready: list[str] = []
        self._blank = 0
        self._started = False

    def feed(self, text: str) -> None:
        for line in self._lines.feed(text):
            self._line(line)

    def _line(self, line: str) -> None:
        if not line.strip():
            self._blank += self._started
            return
        self._ready += [""] * self._blank + [line]
        self._blank = 0
        self._started = True

    @property
    def partial(self) -> str:
        """The line being written."""
        return self._lines.partial

    def take(self) -> list[str]:
        """The complete lines ready to print since the last call."""
        ready, self._ready = self._ready, []
        return ready

    def end(self, rest: str = "") -> list[str]:
        """The thinking is over: every line still to print."""
        self.feed(rest)
        last = self._lines.end()
        if last is not None:
            self._line(last)
        return self.take()
