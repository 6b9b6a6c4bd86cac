"""Plain output of an answer: the text exactly as received, flushed per chunk.

Used when stdout is not a terminal (the answer is data), with ``--raw``, ``NO_COLOR`` or
``TERM=dumb``. An answer that does not end with a newline gets one at the end. Thinking
goes to stderr only with ``--show-thinking``.
"""

from __future__ import annotations

from openclaw_venice_cli.environment import Environment


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
        """End an answer that lacks a final newline with one (piped too: the next
        prompt, ``$(…)`` and ``| wc -l`` expect whole lines); the text is otherwise
        byte-exact."""
        self._close_thinking()
        if self._last_char not in ("", "\n"):
            self.env.stdout.write("\n")
            self._last_char = "\n"
        self.env.stdout.flush()

    def abort(self) -> None:
        self.finish()
