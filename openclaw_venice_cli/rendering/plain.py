"""Plain output of an answer: the text as received, flushed per chunk.

Used when stdout is not a terminal (the answer is data: byte-exact, but for a final
newline when it lacks one), with ``--raw``, ``NO_COLOR`` or ``TERM=dumb``. On a terminal
the text is shown through :func:`sanitize.visible` (control characters as ``^[``), so
that an answer cannot move the cursor, retitle the window or write the clipboard.
Thinking goes to stderr only with ``--show-thinking``, shown the same way when stderr is
a terminal.
"""

from __future__ import annotations

from typing import TextIO

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.textflow import CleanText


class _Output:
    """One stream: text written as received, or made visible-safe on a terminal."""

    def __init__(self, stream: TextIO, terminal: bool) -> None:
        self.stream = stream
        self.clean = CleanText() if terminal else None
        self.last = ""

    def write(self, text: str) -> None:
        if self.clean is not None:
            text = self.clean.feed(text)
        if text:
            self.stream.write(text)
            self.last = text[-1]
        self.stream.flush()

    def end_line(self) -> None:
        """Flush what is held back and end an unfinished line (piped too: the next
        prompt, ``$(…)`` and ``| wc -l`` expect whole lines)."""
        if self.clean is not None:
            rest = self.clean.end()
            if rest:
                self.stream.write(rest)
                self.last = rest[-1]
        if self.last not in ("", "\n"):
            self.stream.write("\n")
            self.last = "\n"
        self.stream.flush()


class PlainRenderer:
    """The answer as received, flushed per chunk; thinking optionally to stderr."""

    def __init__(self, env: Environment, *, show_thinking: bool = False) -> None:
        self.env = env
        self.show_thinking = show_thinking
        self._out = _Output(env.stdout, bool(env.stdout_isatty))
        self._thinking = _Output(env.stderr, bool(env.stderr_isatty))
        self._thinking_open = False

    def waiting(self, label: str = "Thinking…") -> None:
        """No spinner in plain mode."""

    def reasoning(self, text: str) -> None:
        if not self.show_thinking or not text:
            return
        self._thinking.write(text)
        self._thinking_open = not text.endswith("\n")

    def _close_thinking(self) -> None:
        if self._thinking_open:
            self._thinking.end_line()
            self._thinking_open = False

    def content(self, text: str) -> None:
        if not text:
            return
        self._close_thinking()
        self._out.write(text)

    def note(self, message: str) -> None:
        self.env.note(message)

    def finish(self) -> None:
        """End with a newline if the answer lacks one; the text is otherwise as received
        (byte-exact when piped)."""
        self._close_thinking()
        self._out.end_line()

    def abort(self) -> None:
        self.finish()
