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


class ThinkingLines:
    """Thinking text as lines to print: blank lines at the start and end are dropped."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._ready: list[str] = []
        self._blank = 0
        self._started = False

    def feed(self, text: str) -> None:
        start = 0
        while (newline := text.find("\n", start)) >= 0:
            self._pieces.append(text[start:newline])
            self._line("".join(self._pieces))
            self._pieces.clear()
            start = newline + 1
        if start < len(text):
            self._pieces.append(text[start:])
            if len(self._pieces) > 64:
                self._pieces[:] = ["".join(self._pieces)]

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
        return "".join(self._pieces)

    def take(self) -> list[str]:
        """The complete lines ready to print since the last call."""
        ready, self._ready = self._ready, []
        return ready

    def end(self, rest: str = "") -> list[str]:
        """The thinking is over: every line still to print."""
        self.feed(rest)
        if self._pieces:
            self._line("".join(self._pieces))
            self._pieces.clear()
        return self.take()
