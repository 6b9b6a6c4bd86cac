"""Terminal prompts on the run's stdin/stdout: hidden input, confirm, text, and a select list.

The select list works two ways at once in a real terminal: arrow keys move the highlight
(cbreak mode via termios, ANSI redraw), and typing a number or an id then Enter picks that
row. When the terminal cannot do that (stdin or stdout not a TTY, ``TERM=dumb``, no
termios) it falls back to a numbered list and a line of text input. Ctrl-C or end of input
at any prompt raises :class:`~openclaw_venice_cli.errors.Interrupted` after restoring the
terminal. Stdlib only; colour is plain ANSI and only when ``env.color`` allows it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import Interrupted
from openclaw_venice_cli.onboarding.choices import (
    Choice,
    choice_matches,
    listing_lines,
    no_match_message,
    resolve_choice,
)

_ESC = "\x1b"
_BOLD, _DIM, _CYAN, _RED, _GREEN, _RESET = "1", "2", "36", "31", "32", "0"


class Prompter:
    """Asks questions on ``env.stdin``/``env.stdout``; never touches ``sys`` directly."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.out = env.stdout
        self._fd: int | None = None
        if env.stdin_isatty:
            with contextlib.suppress(AttributeError, ValueError, OSError):
                self._fd = env.stdin.fileno()
        utf8 = (getattr(self.out, "encoding", "") or "").lower().replace("-", "") == "utf8"
        self._pointer, self._ok = ("❯", "✔") if utf8 else (">", "*")

    # -- capabilities ---------------------------------------------------------------
    @property
    def interactive(self) -> bool:
        """True when stdin is a terminal (prompts can be answered)."""
        return self._fd is not None

    @property
    def raw_capable(self) -> bool:
        """True when arrow-key selection can work (TTY in and out, termios, not dumb)."""
        if self._fd is None or not self.env.stdout_isatty or self.env.get("TERM") == "dumb":
            return False
        try:
            import termios

            termios.tcgetattr(self._fd)
        except (ImportError, OSError):
            return False
        return True

    # -- output -----------------------------------------------------------------------
    def style(self, text: str, *codes: str) -> str:
        """``text`` in ANSI SGR ``codes`` when colour is allowed, else unchanged."""
        if not codes or not self.env.color:
            return text
        return f"{_ESC}[{';'.join(codes)}m{text}{_ESC}[{_RESET}m"

    def say(self, text: str = "") -> None:
        """One line on stdout (part of the conversation)."""
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, title: str, lines: Sequence[str]) -> None:
        """A titled block of lines, like OpenClaw's note boxes (without the box)."""
        self.say()
        self.say(self.style(title, _BOLD))
        for line in lines:
            self.say("  " + line)
        self.say()

    def done(self, message: str, answer: str) -> None:
        """The one line left on screen after a prompt was answered."""
        self.say(f"{self.style(self._ok, _GREEN)} {message}: {self.style(answer, _DIM)}")

    # -- input primitives -------------------------------------------------------------
    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _read_line(self) -> str:
        """A line from the terminal (canonical mode) or the stdin stream; EOF -> Interrupted."""
        if self._fd is None:
            line = self.env.stdin.readline()
            if not line:
                raise Interrupted("No input (end of file).")
            return line.rstrip("\r\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = os.read(self._fd, 4096)
            if not chunk:
                self._write("\n")
                raise Interrupted("No input (end of file).")
            data += chunk
        return data.decode("utf-8", "replace").rstrip("\r\n")

    @contextlib.contextmanager
    def _cbreak(self) -> Iterator[int]:
        """Echo and line buffering off (signals still on) for the duration; always restored."""
        import termios
        import tty

        assert self._fd is not None
        saved = termios.tcgetattr(self._fd)
        try:
            tty.setcbreak(self._fd, termios.TCSANOW)
            yield self._fd
        finally:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, saved)

    @staticmethod
    def _read_key(fd: int) -> str:
        """One key press: a character, or "up"/"down"/"enter"/"backspace"/"kill"/"eof"/"esc"."""
        import select

        first = os.read(fd, 1)
        if not first or first == b"\x04":
            return "eof"
        if first in (b"\r", b"\n"):
            return "enter"
        if first in (b"\x7f", b"\x08"):
            return "backspace"
        if first == b"\x15":
            return "kill"
        if first == b"\x03":
            raise KeyboardInterrupt
        if first == b"\x1b":
            seq = b""
            while select.select([fd], [], [], 0.05)[0]:
                seq += os.read(fd, 1)
                if len(seq) >= 2 and 0x40 <= seq[-1] <= 0x7E:
                    break
            return {b"[A": "up", b"OA": "up", b"[B": "down", b"OB": "down"}.get(seq, "esc")
        lead = first[0]
        extra = 3 if lead >= 0xF0 else 2 if lead >= 0xE0 else 1 if lead >= 0xC0 else 0
        data = first + (os.read(fd, extra) if extra else b"")
        text = data.decode("utf-8", "replace")
        return text if text.isprintable() else ""

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn Ctrl-C into :class:`Interrupted` on a fresh line."""
        try:
            yield
        except KeyboardInterrupt as error:
            self._write("\n")
            raise Interrupted() from error

    # -- prompts ----------------------------------------------------------------------
    def secret(self, message: str) -> str:
        """Hidden input: nothing of the typed text is echoed (one ``*`` per character)."""
        question = f"{self.style('?', _CYAN)} {self.style(message, _BOLD)}: "
        with self._guard():
            if self._fd is None:
                self._write(question)
                return self._read_line()
            chars: list[str] = []
            with self._cbreak() as fd:  # echo off *before* the prompt shows: no race
                self._write(question)
                while True:
                    key = self._read_key(fd)
                    if key == "enter":
                        break
                    if key == "eof" and not chars:
                        self._write("\n")
                        raise Interrupted("No input (end of file).")
                    if key == "backspace" and chars:
                        chars.pop()
                        self._write("\b \b")
                    elif key == "kill":
                        self._write("\b \b" * len(chars))
                        chars.clear()
                    elif len(key) == 1:
                        chars.append(key)
                        self._write("*")
            self._write("\n")
            return "".join(chars)

    def text(self, message: str, default: str | None = None) -> str:
        """A line of visible text; Enter alone gives ``default`` (or "")."""
        shown = f" {self.style(f'({default})', _DIM)}" if default else ""
        with self._guard():
            self._write(f"{self.style('?', _CYAN)} {self.style(message, _BOLD)}{shown}: ")
            answer = self._read_line().strip()
        return answer or (default or "")

    def confirm(self, message: str, default: bool = True) -> bool:
        """Yes/no; Enter alone gives ``default``; anything else asks again."""
        hint = "[Y/n]" if default else "[y/N]"
        while True:
            answer = self.text(f"{message} {hint}").lower()
            if not answer:
                return default
            if answer in ("y", "yes", "j", "ja"):
                return True
            if answer in ("n", "no", "nej"):
                return False
            self.say(self.style("Please answer y or n.", _RED))

    def select(self, message: str, choices: Sequence[Choice], default: int = 0) -> Choice:
        """Pick one of ``choices``: arrows + Enter, or a number / id + Enter."""
        if not choices:
            raise ValueError("select() needs at least one choice")
        default = min(max(default, 0), len(choices) - 1)
        with self._guard():
            if self.raw_capable:
                picked = _ArrowSelect(self, message, choices, default).run()
            else:
                picked = self._select_numbered(message, choices, default)
        self.done(message, picked.label)
        return picked

    def _select_numbered(self, message: str, choices: Sequence[Choice], default: int) -> Choice:
        self.say(self.style(message, _BOLD))
        for line in listing_lines(choices, None, 0, len(choices), self._pointer):
            self.say(line)
        ask = f"Choose 1-{len(choices)} or an id"
        while True:
            answer = self.text(ask, str(default + 1))
            index = resolve_choice(choices, answer)
            if index is not None:
                return choices[index]
            self.say(self.style(no_match_message(choices, answer), _RED))


class _ArrowSelect:
    """The cbreak-mode list: redraws itself in place after every key."""

    def __init__(self, prompter: Prompter, message: str, choices: Sequence[Choice],
                 default: int) -> None:
        self.p = prompter
        self.message = message
        self.choices = choices
        self.cursor = default
        self.typed = ""
        self.error = ""
        self.top = 0
        self.drawn = 0
        columns, rows = 80, 24
        with contextlib.suppress(OSError):
            columns, rows = os.get_terminal_size(prompter.out.fileno())
        self.columns = max(columns, 20)
        self.height = max(rows - 4, 3)

    def run(self) -> Choice:
        assert self.p._fd is not None
        self.p._write(f"{_ESC}[?25l")
        try:
            with self.p._cbreak() as fd:
                while True:
                    self._draw()
                    key = self.p._read_key(fd)
                    picked = self._handle(key)
                    if picked is not None:
                        return self.choices[picked]
        finally:
            self._clear()
            self.p._write(f"{_ESC}[?25h")

    def _handle(self, key: str) -> int | None:
        """Apply one key; return the picked index when the user chose."""
        self.error = ""
        if key == "eof":
            raise Interrupted("No input (end of file).")
        if key in ("up", "down"):
            step = -1 if key == "up" else 1
            self.cursor = (self.cursor + step) % len(self.choices)
            self.typed = ""
        elif key == "enter":
            if not self.typed:
                return self.cursor
            index = resolve_choice(self.choices, self.typed)
            if index is None and self.cursor in choice_matches(self.choices, self.typed):
                index = self.cursor  # the highlighted row is one of several matches
            if index is not None:
                return index
            self.error = no_match_message(self.choices, self.typed)
        elif key == "backspace":
            self.typed = self.typed[:-1]
        elif key in ("kill", "esc"):
            self.typed = ""
        elif len(key) == 1 and not key.isspace():
            self.typed += key
            self._follow_typed()
        return None

    def _follow_typed(self) -> None:
        """Move the highlight to the row the typed text names so far."""
        index = resolve_choice(self.choices, self.typed)
        if index is None and not self.typed.isdigit():
            index = next(iter(choice_matches(self.choices, self.typed)), None)
        if index is not None:
            self.cursor = index

    def _window(self) -> tuple[int, int]:
        """The slice of rows to show so that the cursor is visible (group headers count)."""
        budget = self.height
        if self.cursor < self.top:
            self.top = self.cursor
        while True:
            stop = self.top
            used = 0
            while stop < len(self.choices):
                cost = 1 + int(bool(self.choices[stop].group) and (
                    stop == self.top or self.choices[stop - 1].group != self.choices[stop].group))
                if used + cost > budget:
                    break
                used += cost
                stop += 1
            if self.cursor < stop or self.top >= self.cursor:
                return self.top, max(stop, self.top + 1)
            self.top += 1

    def _draw(self) -> None:
        start, stop = self._window()
        rows = listing_lines(self.choices, self.cursor, start, stop, self.p._pointer)
        hint = "(up/down to move, or type a number or id; Enter to choose)"
        header = self.p.style(self.message[: self.columns - 1], _BOLD)
        if len(self.message) + 2 + len(hint) < self.columns:
            header += "  " + self.p.style(hint, _DIM)
        lines = [header]
        for row in rows:
            text = row[: self.columns - 1]
            is_cursor = text.lstrip().startswith(self.p._pointer)
            lines.append(self.p.style(text, _CYAN) if is_cursor else text)
        more = f"({self.cursor + 1}/{len(self.choices)})" if stop - start < len(
            self.choices) else ""
        typed = f"  > {self.typed}"[: max(self.columns - 30, 10)]
        status = (self.error or more)[: max(self.columns - len(typed) - 3, 0)]
        if status:  # two spaces: the message never runs into what was typed
            typed += "  " + self.p.style(status, _RED if self.error else _DIM)
        lines.append(typed)
        self._clear()
        self.p._write("\n".join(lines))
        self.drawn = len(lines)

    def _clear(self) -> None:
        """Erase what the last draw left on screen, leaving the cursor where it began."""
        if self.drawn:
            up = f"{_ESC}[{self.drawn - 1}A" if self.drawn > 1 else ""
            self.p._write(f"\r{up}{_ESC}[J")
            self.drawn = 0
