"""Where ``onboard`` takes a key from without putting it on the command line.

``--venice-api-key -`` reads it from stdin (a pipe: ``printf %s "$KEY" | openclaw onboard
…``), ``--venice-api-key-file PATH`` from a file; both bounded to a few kB, first
non-empty, non-comment line, normalised like a pasted key (``export NAME=…``, quotes).
A key typed as ``--venice-api-key KEY`` still works, with one note: every local user can
read a command line (``ps``, ``/proc/PID/cmdline``) while the key check runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openclaw_venice_cli.errors import UsageError
from openclaw_venice_cli.onboarding.flow import normalize_key_input

if TYPE_CHECKING:
    from openclaw_venice_cli.environment import Environment

MAX_KEY_BYTES = 4096  # a key is ≈ 60 characters; this bounds what is read
COMMAND_LINE_NOTE = (
    "Note: a key given as --venice-api-key KEY is visible to other local users (ps) while "
    "openclaw runs; prefer --venice-api-key - (stdin) or --venice-api-key-file PATH.")


def _first_line(data: bytes, where: str) -> str:
    if len(data) > MAX_KEY_BYTES:
        raise UsageError(f"{where} holds more than {MAX_KEY_BYTES} bytes; it should hold "
                         "only the API key.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{where} is not UTF-8 text.") from error
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def _read_stdin(env: Environment) -> bytes:
    buffer = getattr(env.stdin, "buffer", None)
    if buffer is not None:
        return bytes(buffer.read(MAX_KEY_BYTES + 1))
    return env.stdin.read(MAX_KEY_BYTES + 1).encode("utf-8")


def key_from_flags(env: Environment, flag: str | None,
                   path: str | None) -> tuple[str, str] | None:
    """``(key, source)`` from ``--venice-api-key`` / ``--venice-api-key-file``, or None
    when neither was given. ``source`` is ``flag``, ``stdin`` or ``file``. A literal
    ``-`` is never taken for a key."""
    if flag is not None and path is not None:
        raise UsageError("Use --venice-api-key or --venice-api-key-file, not both.")
    if path is not None:
        where = f"the key file {path}"
        target = env.expand(path)
        try:
            with open(target, "rb") as handle:
                raw = _first_line(handle.read(MAX_KEY_BYTES + 1), f"The key file {path}")
        except OSError as error:
            raise UsageError(f"Cannot read the key file {path}: "
                             f"{error.strerror or error}.") from error
        source = "file"
    elif flag is not None and flag.strip() == "-":
        if env.stdin_isatty:
            raise UsageError("--venice-api-key - reads the key from stdin, but stdin is a "
                             "terminal; pipe the key in, or use --venice-api-key-file.")
        where = "stdin"
        raw = _first_line(_read_stdin(env), "stdin")
        source = "stdin"
    elif flag is not None and flag.strip():
        where, raw, source = "--venice-api-key", flag, "flag"
    else:
        return None
    key = normalize_key_input(raw)
    if not key or key == "-":
        raise UsageError(f"No API key in {where}.")
    if source == "flag":
        env.note(COMMAND_LINE_NOTE)
    return key, source
