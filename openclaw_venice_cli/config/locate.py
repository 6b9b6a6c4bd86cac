"""Where each key of a JSON5 text starts (``line:column``), for ``config validate``.

A small tolerant scanner (strings, comments, unquoted keys, trailing commas): it maps
every object key and array item to the position of its key (or item), and simply stops
at anything it does not understand; the parser proper reports syntax errors.
"""

from __future__ import annotations

import bisect
import contextlib
import json
from typing import Any

Position = tuple[int, int]
_PUNCT = set("{}[]:,")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.found: dict[tuple[Any, ...], Position] = {}

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def skip(self) -> str:
        text, n = self.text, len(self.text)
        while self.i < n:
            ch = text[self.i]
            if ch.isspace() or ch == "\ufeff":
                self.i += 1
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                self.i = n if end < 0 else end + 2
            else:
                return ch
        return ""

    def token(self) -> str:
        """A string (decoded) or a bare word; the scanner moves past it."""
        text, start = self.text, self.i
        quote = text[start]
        if quote in "\"'":
            i = start + 1
            while i < len(text) and text[i] != quote:
                i += 2 if text[i] == "\\" else 1
            self.i = i + 1
            body = text[start + 1:i].replace("\\'", "'").replace('"', '\\"') \
                if quote == "'" else text[start + 1:i]
            try:
                return str(json.loads(f'"{body}"'))
            except ValueError:
                return body
        i = start
        while i < len(text) and not text[i].isspace() and text[i] not in _PUNCT \
                and not text.startswith(("//", "/*"), i):
            i += 1
        self.i = max(i, start + 1)
        return text[start:i]

    def value(self, path: tuple[Any, ...]) -> None:
        ch = self.skip()
        if ch == "{":
            self.members(path)
        elif ch == "[":
            self.items(path)
        elif ch and ch not in _PUNCT:
            self.token()
        else:
            raise ValueError("unexpected input")

    def members(self, path: tuple[Any, ...]) -> None:
        self.i += 1
        while True:
            ch = self.skip()
            if ch == "}":
                self.i += 1
                return
            start = self.i
            key = self.token()
            self.found.setdefault((*path, key), self.position(start))
            if self.skip() != ":":
                raise ValueError("expected ':'")
            self.i += 1
            self.value((*path, key))
            if self.skip() == ",":
                self.i += 1

    def items(self, path: tuple[Any, ...]) -> None:
        self.i += 1
        index = 0
        while True:
            ch = self.skip()
            if ch == "]":
                self.i += 1
                return
            self.found.setdefault((*path, index), self.position(self.i))
            self.value((*path, index))
            index += 1
            if self.skip() == ",":
                self.i += 1


def key_positions(text: str) -> dict[tuple[Any, ...], Position]:
    """``{("agents", "defaults"): (3, 5), ("x", 0): (9, 7), …}`` (partial on bad input)."""
    scanner = _Scanner(text)
    with contextlib.suppress(ValueError, IndexError):
        scanner.value(())
    return scanner.found


def nearest(positions: dict[tuple[Any, ...], Position],
            path: tuple[Any, ...]) -> Position | None:
    """The position of ``path``, else of its deepest ancestor that has one."""
    for depth in range(len(path), 0, -1):
        found = positions.get(path[:depth])
        if found is not None:
            return found
    return None
