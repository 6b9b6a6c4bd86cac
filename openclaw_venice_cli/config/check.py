"""``config validate``: every problem with our rules, and what OpenClaw would refuse, with
the ``line:column`` where it is written.

Errors are what ``openclaw`` itself refuses (syntax, includes, the types of the keys it
uses: the rules of :func:`parse.config_problems`). Warnings are shapes ``openclaw``
accepts but OpenClaw 2026.9 rejects (``env.<NAME>``, a model row without ``name`` or
with ``privacy``, unknown top-level keys), so one file can serve both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.config.includes import include_roots, resolve_includes
from openclaw_venice_cli.config.locate import key_positions, nearest
from openclaw_venice_cli.config.parse import (
    config_problems,
    parse_config_bytes,
    read_config_bytes,
)
from openclaw_venice_cli.config.paths import Segment, format_path
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError

# The top-level keys of OpenClaw 2026.9.6's config schema (`openclaw config schema`).
OPENCLAW_TOP_LEVEL = frozenset((
    "$schema", "$include", "accessGroups", "acp", "agents", "approvals", "attachments",
    "auth", "bindings", "broadcast", "browser", "channels", "cloudWorkers", "commands",
    "cron", "desktop", "diagnostics", "discovery", "env", "gateway", "hooks", "logging",
    "mcp", "memory", "messages", "meta", "models", "nodeHost", "plugins", "proxy", "secrets",
    "security", "session", "skills", "surfaces", "talk", "telemetry", "tools",
    "transcripts", "tts", "ui", "update", "wizard", "worktreeAcceleration", "worktreeRoot"))
_AT = re.compile(r" at (\d+):(\d+)\)?$")


class Issue(NamedTuple):
    severity: str  # "error" | "warning"
    path: str  # "agents.defaults.model.primary" ("" for the whole file)
    message: str
    file: Path
    line: int | None
    column: int | None


class Report(NamedTuple):
    path: Path
    exists: bool
    issues: list[Issue]

    @property
    def valid(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)


def check_config(env: Environment) -> Report:
    """Read ``env.config_path`` and report everything wrong with it (never raises for
    a bad file: that is what it reports)."""
    path = env.config_path
    try:
        data = read_config_bytes(path)
        if data is None:
            return Report(path, False, [])
        raw, _ = parse_config_bytes(path, data)
        resolved = raw
        if "$include" in data.decode("utf-8", "replace"):
            resolved = resolve_includes(raw, path, include_roots(env.environ, env.home))
    except ConfigError as error:
        return Report(path, True, [_file_issue(path, str(error))])
    positions = key_positions(data.decode("utf-8-sig", "replace"))
    found: list[tuple[str, list[Segment], str]] = []
    if not isinstance(resolved, Mapping):
        found.append(("error", [], "the $include at the root must name an object"))
    else:
        found += [("error", *_split(problem, resolved)) for problem in
                  config_problems(resolved)]
        found += [("error", segments, message) for segments, message in _providers(resolved)]
        found += [("warning", segments, message) for segments, message in _compat(resolved)]
    issues = []
    for severity, segments, message in found:
        where = nearest(positions, tuple(segments))
        issues.append(Issue(severity, format_path(segments) if segments else "", message, path,
                            where[0] if where else None, where[1] if where else None))
    return Report(path, True, issues)


def _file_issue(path: Path, message: str) -> Issue:
    """A read, parse or include error: the file and position it names, if any."""
    prefix = re.match(r"^(?:Failed to read|Invalid) config at (.+?): ", message)
    file = Path(prefix.group(1)) if prefix else path
    detail = message[prefix.end():] if prefix else message
    at = _AT.search(detail)
    line, column = (int(at.group(1)), int(at.group(2))) if at else (None, None)
    if at and not at.group(0).endswith(")"):
        detail = detail[:at.start()]
    return Issue("error", "", detail, file, line, column)


def _split(problem: str, data: Any) -> tuple[list[Segment], str]:
    """``"a.b[0] must be …"`` -> ``(["a", "b", 0], "must be …")``, keys found in ``data``
    (a key may itself contain dots)."""
    head, _, message = problem.partition(" ")
    segments: list[Segment] = []
    node, rest = data, head
    while rest:
        if rest.startswith("["):
            close = rest.find("]")
            if close < 0 or not rest[1:close].isdigit():
                break
            index = int(rest[1:close])
            segments.append(index)
            node = node[index] if isinstance(node, list) and index < len(node) else None
            rest = rest[close + 1:].removeprefix(".")
            continue
        keys = [key for key in (node if isinstance(node, Mapping) else {})
                if rest == key or rest.startswith((key + ".", key + "["))]
        key = max(keys, key=len) if keys else rest
        segments.append(key)
        node = node.get(key) if isinstance(node, Mapping) else None
        rest = rest[len(key):].removeprefix(".")
    return segments, message


def _providers(data: Mapping[str, Any]) -> list[tuple[list[Segment], str]]:
    """Our runtime rule beyond the types: a provider other than venice needs baseUrl."""
    return [(["models", "providers", name], "baseUrl is required (only venice has a "
             "default)") for name, block in schema.object_at(data, schema.PROVIDERS).items()
            if name != "venice" and isinstance(block, Mapping)
            and not (isinstance(block.get("baseUrl"), str) and block["baseUrl"].strip())]


def _compat(data: Mapping[str, Any]) -> list[tuple[list[Segment], str]]:
    """What OpenClaw 2026.9 would refuse although openclaw accepts it."""
    out: list[tuple[list[Segment], str]] = [
        ([key], "OpenClaw does not know this top-level key and refuses the config")
        for key in data if key not in OPENCLAW_TOP_LEVEL]
    out += [(["env", name], "OpenClaw accepts variables only under env.vars; the next "
             "openclaw write moves it there")
            for name in schema.object_at(data, schema.ENV) if name not in schema.ENV_SPECIAL]
    for name, block in schema.object_at(data, schema.PROVIDERS).items():
        rows = block.get("models") if isinstance(block, Mapping) else None
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            where: list[Segment] = ["models", "providers", name, "models", index]
            if isinstance(row, Mapping) and "name" not in row:
                out.append((where, "OpenClaw requires a name on every model row"))
            if isinstance(row, Mapping) and "privacy" in row:
                out.append(([*where, "privacy"], "OpenClaw refuses this key (openclaw reads "
                            "it; leave it out of a file OpenClaw also reads)"))
    return out


def format_report(env: Environment, report: Report) -> str:
    """``Config valid: ~/…`` or ``Config invalid: ~/…``, then one line per issue."""
    shown = env.display_path(report.path)
    if not report.exists:
        return f"Config valid: {shown} (not created yet; the defaults apply)\n"
    lines = [f"Config {'valid' if report.valid else 'invalid'}: {shown}"]
    for issue in report.issues:
        mark = "×" if issue.severity == "error" else "!"
        where = issue.file.name + (f":{issue.line}:{issue.column}" if issue.line else "")
        what = f"{issue.path}: {issue.message}" if issue.path else issue.message
        lines.append(f"  {mark} {where} — {what}")
    return "\n".join(lines) + "\n"


def report_json(report: Report) -> dict[str, Any]:
    return {"path": str(report.path), "exists": report.exists, "valid": report.valid,
            "issues": [{"severity": i.severity, "path": i.path, "message": i.message,
                        "file": str(i.file), "line": i.line, "column": i.column}
                       for i in report.issues]}
