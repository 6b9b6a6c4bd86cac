"""Config paths as ``config get|set|unset`` take them: dots and brackets, like OpenClaw.

``agents.defaults.model.primary``, ``agents.defaults.models["venice/glm-4.7"].alias``,
``models.providers.local.models[0].id`` (``models.0`` works too on an array). A key with
a dot or a bracket in it must be quoted in brackets. Stdlib only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from openclaw_venice_cli.errors import ConfigError, UsageError

Segment = str | int
_PLAIN = re.compile(r"[^.\[\]\"']+")
_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


def parse_path(text: str) -> list[Segment]:
    """``a.b["c.d"][0]`` -> ``["a", "b", "c.d", 0]``; a malformed path is a UsageError."""
    segments: list[Segment] = []
    i, n = 0, len(text)
    expect_name = True
    while i < n:
        ch = text[i]
        if ch == "[":
            close = _bracket(text, i)
            inner = text[i + 1:close].strip()
            segments.append(_bracket_segment(text, inner))
            i, expect_name = close + 1, False
        elif ch == "." and not expect_name:
            i, expect_name = i + 1, True
        elif expect_name:
            match = _PLAIN.match(text, i)
            if match is None:
                raise _bad(text)
            segments.append(match.group())
            i, expect_name = match.end(), False
        else:
            raise _bad(text)
    if not segments or (expect_name and text.endswith(".")):
        raise _bad(text)
    return segments


def _bracket(text: str, start: int) -> int:
    quote = ""
    for index in range(start + 1, len(text)):
        ch = text[index]
        if quote:
            if ch == "\\":
                continue
            if ch == quote and text[index - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "]":
            return index
    raise _bad(text)


def _bracket_segment(text: str, inner: str) -> Segment:
    if inner.isdigit():
        return int(inner)
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'":
        body = inner[1:-1]
        if re.search(r"(?<!\\)" + inner[0], body):  # an unescaped quote inside
            raise _bad(text)
        if inner[0] == "'":
            body = body.replace('\\"', '"').replace('"', '\\"').replace("\\'", "'")
        try:
            value = json.loads(f'"{body}"')
        except ValueError as error:
            raise _bad(text) from error
        if isinstance(value, str) and value:
            return value
    raise _bad(text)


def _bad(text: str) -> UsageError:
    return UsageError(f'Invalid config path "{text}". Use dots and brackets, e.g. '
                      'agents.defaults.model.primary or agents.defaults.models["venice/x"].alias.')


def format_path(segments: list[Segment]) -> str:
    """The canonical spelling: dots for plain names, brackets otherwise."""
    out = ""
    for segment in segments:
        if isinstance(segment, int):
            out += f"[{segment}]"
        elif _NAME.match(segment):
            out += f".{segment}" if out else segment
        else:
            out += f"[{json.dumps(segment, ensure_ascii=False)}]"
    return out


def _step(node: Any, segment: Segment) -> tuple[bool, Any]:
    """``(found, child)`` of one step; a digit name indexes an array too."""
    if isinstance(node, dict) and isinstance(segment, str):
        return (segment in node), node.get(segment)
    if isinstance(node, list):
        index = segment if isinstance(segment, int) else (
            int(segment) if segment.isdigit() else None)
        if index is not None and 0 <= index < len(node):
            return True, node[index]
    return False, None


def get_at(data: Any, segments: list[Segment]) -> tuple[bool, Any]:
    """``(found, value)`` at ``segments``."""
    node = data
    for segment in segments:
        found, node = _step(node, segment)
        if not found:
            return False, None
    return True, node


def _container(raw: dict[str, Any], segments: list[Segment], create: bool) -> Any:
    """The object or array holding the last segment (objects created on the way)."""
    node: Any = raw
    for depth, segment in enumerate(segments[:-1]):
        found, child = _step(node, segment)
        if not found or child is None:
            if not create or not isinstance(node, dict) or not isinstance(segment, str):
                return None
            child = node[segment] = {}
        if not isinstance(child, (dict, list)):
            where = format_path(segments[:depth + 1])
            raise ConfigError(f"Cannot change {format_path(segments)}: {where} is not an "
                              "object or array in the config.")
        node = child
    return node


def set_at(raw: dict[str, Any], segments: list[Segment], value: Any) -> None:
    """Set the value at ``segments``, creating missing objects (an array index must exist
    or be the next one, which appends)."""
    node = _container(raw, segments, create=True)
    last = segments[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
        return
    if isinstance(node, list):
        index = last if isinstance(last, int) else (int(last) if last.isdigit() else -1)
        if 0 <= index < len(node):
            node[index] = value
            return
        if index == len(node):
            node.append(value)
            return
    raise ConfigError(f"Cannot set {format_path(segments)}: no such array element or "
                      "object key in the config.")


def unset_at(raw: dict[str, Any], segments: list[Segment]) -> bool:
    """Remove the value at ``segments``; False when there was nothing there."""
    node = _container(raw, segments, create=False)
    last = segments[-1]
    found, _ = _step(node, last)
    if not found:
        return False
    if isinstance(node, dict):
        del node[str(last)]
    else:
        del node[int(last)]
    return True
