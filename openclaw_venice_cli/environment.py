"""The injectable environment of one CLI run: stdio, TTY flags, variables, directories.

Modelled on httpie's ``Environment``: commands never read ``sys.stdout``/``os.environ``
directly, they read ``env.stdout``/``env.environ``, so tests can run a command with
their own streams and variables. Nothing here imports a third-party package; the
platformdirs lookup happens only when a directory is first asked for.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO, cast

APP_NAME = "openclaw"


def _blank(value: str | None) -> bool:
    """OpenClaw treats blank, ``undefined`` and ``null`` as unset."""
    return value is None or value.strip() in ("", "undefined", "null")


def _standard(given: TextIO | None, default: TextIO | None, mode: str) -> TextIO:
    """``given``, else the process's stream. A stream the process was started without
    (``>&-``, ``<&-``, ``2>&-``: Python sets it to None) becomes /dev/null; one whose
    encoding is not UTF-8 (``LANG=C`` on old systems, a Latin-1 locale) replaces what it
    cannot encode (``?``) instead of failing on the first emoji."""
    if given is not None:
        return given
    if default is None:
        return cast(TextIO, open(os.devnull, mode, encoding="utf-8"))
    encoding = (getattr(default, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and getattr(default, "errors", "strict") == "strict":
        with contextlib.suppress(AttributeError, ValueError, OSError):
            default.reconfigure(errors="replace")  # type: ignore[attr-defined]
    return default


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


class Environment:
    """Everything a command may touch outside its arguments.

    Written out rather than a ``@dataclass``: creating a dataclass costs about 1.5 ms at
    import, paid by every command (``--help`` included). Same constructor, ``repr`` and
    ``==`` as the dataclass it replaces.
    """

    _FIELDS = ("stdin", "stdout", "stderr", "environ", "stdin_isatty", "stdout_isatty",
               "stderr_isatty")
    __hash__ = None  # type: ignore[assignment]  # mutable with ==, like a dataclass

    def __init__(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
        stdin_isatty: bool | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        _warned: set[str] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        # True when the process was started with stdout closed (``>&-``): main() stops.
        self.stdout_closed = stdout is None and sys.stdout is None
        self.stdin: TextIO = _standard(stdin, sys.stdin, "r")
        self.stdout: TextIO = _standard(stdout, sys.stdout, "w")
        self.stderr: TextIO = _standard(stderr, sys.stderr, "w")
        self.environ: Mapping[str, str] = dict(os.environ) if environ is None else environ
        self.stdin_isatty = _isatty(self.stdin) if stdin_isatty is None else stdin_isatty
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self._warned: set[str] = set() if _warned is None else _warned
        # How waits (retry backoff) pass; tests inject a recorder so nothing really waits.
        self.sleep: Callable[[float], None] = time.sleep if sleep is None else sleep

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__qualname__}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name)
                   for name in (*self._FIELDS, "_warned"))

    def buffered(self) -> Environment:
        """The same run with stdout going to a private buffer (not a terminal): for a turn
        whose answer is printed as JSON afterwards instead of streamed."""
        import io

        return Environment(stdin=self.stdin, stdout=io.StringIO(), stderr=self.stderr,
                           environ=self.environ, stdin_isatty=self.stdin_isatty,
                           stdout_isatty=False, stderr_isatty=self.stderr_isatty,
                           _warned=self._warned, sleep=self.sleep)

    # -- variables ---------------------------------------------------------------
    def get(self, name: str) -> str | None:
        """A variable's value, or None when unset or blank."""
        value = self.environ.get(name)
        return None if _blank(value) else value

    @property
    def debug(self) -> bool:
        return self.get("OPENCLAW_DEBUG") not in (None, "0", "false")

    @property
    def color(self) -> bool:
        """ANSI colour on stdout: a TTY, no NO_COLOR, TERM not dumb; FORCE_COLOR wins."""
        if self.get("FORCE_COLOR") not in (None, "0"):
            return True
        if self.environ.get("NO_COLOR") is not None or self.environ.get("TERM") == "dumb":
            return False
        return bool(self.stdout_isatty)

    # -- messages ------------------------------------------------------------------
    def note(self, message: str) -> None:
        """One informational line on stderr (never on stdout): made terminal-safe and
        folded to one line (``sanitize.one_line``), as it may quote a server's words."""
        from openclaw_venice_cli.sanitize import one_line

        self.stderr.write(one_line(message) + "\n")
        self.stderr.flush()

    def show(self, text: str) -> None:
        """Data for stdout: as given when piped (it is data), through
        ``sanitize.visible`` on a terminal (it may hold a server's words)."""
        if self.stdout_isatty:
            from openclaw_venice_cli.sanitize import visible

            text = visible(text)
        self.stdout.write(text)
        self.stdout.flush()

    def warn_once(self, message: str) -> None:
        """Like :meth:`note`, but a given message is printed only once per run."""
        if message not in self._warned:
            self._warned.add(message)
            self.note(message)

    # -- directories -----------------------------------------------------------------
    @property
    def home(self) -> Path:
        """``OPENCLAW_HOME`` > ``HOME`` > ``USERPROFILE`` > the OS's idea of home."""
        for name in ("OPENCLAW_HOME", "HOME", "USERPROFILE"):
            value = self.get(name)
            if value:
                return Path(value).expanduser()
        return Path.home()

    def expand(self, raw: str) -> Path:
        """Expand a leading ``~`` against :attr:`home` (not the process HOME)."""
        if raw == "~" or raw.startswith("~/"):
            return self.home / raw[2:]
        return Path(raw)

    @property
    def state_dir(self) -> Path:
        value = self.get("OPENCLAW_STATE_DIR")
        return self.expand(value) if value else self.home / ".openclaw"

    @property
    def config_path(self) -> Path:
        """``OPENCLAW_CONFIG_PATH`` > ``$OPENCLAW_STATE_DIR/openclaw.json`` > home."""
        value = self.get("OPENCLAW_CONFIG_PATH")
        return self.expand(value) if value else self.state_dir / "openclaw.json"

    def display_path(self, path: Path) -> str:
        """A path with the home directory shortened to ``~``, as OpenClaw prints it."""
        try:
            return "~/" + str(path.relative_to(self.home))
        except ValueError:
            return str(path)

    @property
    def cache_dir(self) -> Path:
        """platformdirs' user cache dir (XDG_CACHE_HOME honoured), overridable for tests."""
        value = self.get("OPENCLAW_CACHE_DIR")
        if value:
            return self.expand(value)
        return self._platform_dir("user_cache_dir", "XDG_CACHE_HOME", ".cache")

    @property
    def data_dir(self) -> Path:
        """platformdirs' user data dir (XDG_DATA_HOME honoured), overridable for tests."""
        value = self.get("OPENCLAW_DATA_DIR")
        if value:
            return self.expand(value)
        return self._platform_dir("user_data_dir", "XDG_DATA_HOME", ".local/share")

    def _platform_dir(self, kind: str, xdg_var: str, fallback: str) -> Path:
        if sys.platform.startswith("linux"):
            # platformdirs' Unix answer, without importing it (start-up time).
            xdg = self.get(xdg_var)
            base = Path(xdg) if xdg and Path(xdg).is_absolute() else self.home / fallback
            return base / APP_NAME
        import platformdirs

        return Path(getattr(platformdirs, kind)(APP_NAME, appauthor=False))
