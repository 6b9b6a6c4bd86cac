"""Reading what the user types in the REPL: lines, pastes and multi-line blocks.

Line editing and history come from the stdlib ``readline`` (history in
``<data_dir>/chat_history``, 0600). A paste of several lines is one message: the REPL
turns on the terminal's bracketed paste mode (``ESC [?2004h``; CPython keeps readline
from doing it), so a paste arrives between ``ESC [200~`` and ``ESC [201~``, and readline's
``bracketed-paste-begin`` (bound explicitly, for builds that do not bind it) puts it in
the line being edited, newlines included: Enter sends it all. Where readline cannot
(libedit, no readline, input that is not the terminal) the markers are parsed here.

An explicit block is a line starting with triple quotes, ended by a line ending with
them (or Ctrl-D); ``/multi`` starts one too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from openclaw_venice_cli.environment import Environment

PROMPT = "> "
CONTINUATION = "... "
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
PASTE_ON = "\x1b[?2004h"
PASTE_OFF = "\x1b[?2004l"
FENCE = '"""'


def join_paste(first: str, more: Any) -> str:
    """A line holding a paste's start marker, completed with lines from ``more()``
    until the end marker (or end of input); the markers removed, lines joined by
    newlines. A line without the marker is returned as it is."""
    if PASTE_START not in first:
        return first
    lines = [first]
    while PASTE_END not in lines[-1]:
        try:
            lines.append(more())
        except EOFError:
            break
    return "\n".join(lines).replace(PASTE_START, "").replace(PASTE_END, "")


def block_start(line: str) -> str | None:
    """For a line opening a triple-quoted block: the text after the quotes (maybe
    empty); None for any other line."""
    stripped = line.lstrip()
    return stripped[len(FENCE):] if stripped.startswith(FENCE) else None


class LineReader:
    """Reads messages with readline editing when stdin and stdout are the terminal."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.history: Path | None = None
        self.use_input = env.stdin is sys.stdin and bool(env.stdout_isatty)
        self._readline: Any = None
        self._paste_mode = False
        if self.use_input:
            self._setup_readline()

    def _setup_readline(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - platforms without readline
            return
        self._readline = readline
        self.history = self.env.data_dir / "chat_history"
        readline.set_history_length(1000)
        if self.history.is_file():
            with contextlib.suppress(OSError):
                readline.read_history_file(str(self.history))
        if "libedit" not in (readline.__doc__ or ""):
            readline.parse_and_bind('"\\e[200~": bracketed-paste-begin')

    # -- the terminal's paste mode -----------------------------------------------------
    def paste_mode(self, on: bool) -> None:
        """Turn the terminal's bracketed paste mode on or off (only on a terminal)."""
        if not self.use_input or on == self._paste_mode:
            return
        with contextlib.suppress(OSError, ValueError):
            self.env.stdout.write(PASTE_ON if on else PASTE_OFF)
            self.env.stdout.flush()
            self._paste_mode = on

    # -- reading -------------------------------------------------------------------------
    def read(self, prompt: str = PROMPT) -> str:
        """One line (a paste may hold several); EOFError at end of input."""
        if self.use_input:
            line = input(prompt)
        else:
            self.env.stderr.write(prompt)
            self.env.stderr.flush()
            line = self._raw_line()
        return join_paste(line, self._continued)

    def _raw_line(self) -> str:
        line = self.env.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def _continued(self) -> str:
        """The next physical line of a paste that readline did not collect."""
        return input("") if self.use_input else self._raw_line()

    def read_block(self, first: str = "") -> str:
        """The rest of a triple-quoted block whose first line held ``first``: lines up
        to one ending with the quotes (or Ctrl-D), joined by newlines."""
        lines: list[str] = []
        line = first
        while True:
            end = line.rstrip()
            if end.endswith(FENCE):
                if end[: -len(FENCE)].strip():  # text before the closing quotes
                    lines.append(end[: -len(FENCE)])
                break
            lines.append(line)
            try:
                line = self.read(CONTINUATION)
            except EOFError:
                break
        if lines and not lines[0].strip():
            lines.pop(0)  # the opening line held only the quotes
        return "\n".join(lines)

    def save_history(self) -> None:
        if self._readline is None or self.history is None:
            return
        directory = self.history.parent
        try:
            directory.mkdir(parents=True, mode=0o700, exist_ok=True)
            fd = os.open(self.history, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
            os.chmod(self.history, 0o600)
            self._readline.write_history_file(str(self.history))
        except OSError as error:
            self.env.warn_once(f"Could not save the chat history: {error}")
