"""What `infer` commands print: OpenClaw's JSON envelope, or plain lines for people.

``--json`` prints ``{"ok", "capability", "transport", "provider", "model", "attempts",
"outputs", …}`` (OpenClaw's stable envelope, 2-space indent). Without it, a command
prints its result alone: the paths it wrote, or the text it got. Text that came from
the server is shown through ``sanitize.visible`` on a terminal and kept byte-exact when
piped (it is data). Notices go to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ServerError
from openclaw_venice_cli.sanitize import one_line


def envelope(capability: str, *, provider: str | None = None, model: str | None = None,
             outputs: list[dict[str, Any]], inputs: list[dict[str, Any]] | None = None,
             ignored: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """OpenClaw's result envelope (``transport`` is always ``local`` here)."""
    result: dict[str, Any] = {"ok": True, "capability": capability, "transport": "local"}
    if provider is not None:
        result["provider"] = provider
    if model is not None:
        result["model"] = model
    result["attempts"] = []
    if inputs:
        result["inputs"] = inputs
    result["outputs"] = outputs
    if ignored:
        result["ignoredOverrides"] = ignored
    return result


def ignored_overrides(hints: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``[{"key": "background", "value": "transparent"}]`` for hints that were given."""
    return [{"key": key, "value": value} for key, value in hints.items() if value is not None]


def note_ignored(env: Environment, ignored: list[dict[str, Any]]) -> None:
    """One stderr line naming the hints Venice has no use for."""
    if ignored:
        names = ", ".join(f"--{item['key'].replace('_', '-')}" for item in ignored)
        env.note(f"Note: Venice does not use {names}; ignored.")


def emit_json(env: Environment, value: Any) -> None:
    """JSON on stdout (``ensure_ascii=False`` keeps C1 controls: ``env.show`` on a
    terminal)."""
    env.show(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def emit_text(env: Environment, text: str) -> None:
    """Server text on stdout: visible controls on a terminal, exact when piped; one final
    newline."""
    env.show(text if text.endswith("\n") else text + "\n")


def emit_lines(env: Environment, lines: Iterable[str]) -> None:
    """Lines on stdout (paths, tables; voice names come from a server: ``env.show``)."""
    env.show("".join(f"{line}\n" for line in lines))


def header_note(env: Environment, headers: Mapping[str, str]) -> None:
    """Venice's deprecation warning for the model, once, on stderr."""
    warning = headers.get("x-venice-model-deprecation-warning")
    if warning:
        date = headers.get("x-venice-model-deprecation-date")
        when = f" (on {one_line(date, 40)})" if date else ""
        env.warn_once(f"Warning: {one_line(warning, 300)}{when}")


def text_of(answer: Mapping[str, Any], key: str, what: str, cf_ray: str | None) -> str:
    """``answer[key]`` when it is text, else a ServerError ("…holds no <what>")."""
    value = answer.get(key)
    if not isinstance(value, str):
        raise ServerError(f"The server's answer holds no {what}", cf_ray=cf_ray)
    return value
