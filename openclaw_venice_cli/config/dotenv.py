"""``~/.openclaw/.env``: OpenClaw's recommended home for provider keys (``KEY=value`` lines).

Read the way the ``dotenv`` package OpenClaw uses reads it: ``export`` prefixes are
allowed, ``#`` starts a comment outside quotes, single/double/back quotes may span lines,
and ``\\n`` / ``\\r`` are expanded inside double quotes only. Later lines win. Only the
state directory's file is read, never one in the working directory: a project's ``.env``
could otherwise point ``VENICE_BASE_URL`` (and so your key) at any host.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_BYTES = 1024 * 1024
FILE_NAME = ".env"

# dotenv's LINE expression (lib/main.js), in Python's syntax; compiled on first use
# (most runs have no .env file: the start-up path does not pay for it).
_LINE = (r"^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*\"(?:\\\"|[^\"])*\""
         r"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$")


def parse_dotenv(text: str) -> dict[str, str]:
    """``{NAME: value}`` from a ``.env`` text (lines that are not assignments are ignored)."""
    result: dict[str, str] = {}
    line = re.compile(_LINE, re.MULTILINE)
    for match in line.finditer(text.replace("\r\n", "\n").replace("\r", "\n")):
        value = (match.group(2) or "").strip()
        quote = value[:1]
        if len(value) >= 2 and quote in "'\"`" and value.endswith(quote):
            value = value[1:-1]
            if quote == '"':
                value = value.replace("\\n", "\n").replace("\\r", "\r")
        result[match.group(1)] = value
    return result


class DotenvFile:
    """The variables of one ``.env`` file and what went wrong reading it (if anything)."""

    __slots__ = ("path", "problem", "values")

    def __init__(self, path: Path, values: dict[str, str], problem: str | None) -> None:
        self.path = path
        self.values = values
        self.problem = problem


def read_dotenv(path: Path) -> DotenvFile:
    """Read ``path``; a missing file is empty, a bad one is empty with a ``problem``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return DotenvFile(path, {}, None)
    except OSError as error:
        return DotenvFile(path, {}, error.strerror or str(error))
    if len(data) > MAX_BYTES:
        return DotenvFile(path, {}, f"larger than {MAX_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return DotenvFile(path, {}, f"not UTF-8 text (byte {error.start})")
    return DotenvFile(path, parse_dotenv(text), None)
