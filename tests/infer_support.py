"""Shared helpers for the `openclaw infer` tests (emulator-backed CLI runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.chat_support import chat_env
from tests.helpers import TEST_KEY, CliRun, Result
from tests.openapi import multipart_errors, request_errors

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02"
       b"\x00\x00\x00" + bytes(range(256)) * 8)
WAV = b"RIFF\x24\x40\x00\x00WAVEfmt " + bytes(range(200)) * 40


def run_infer(cli: CliRun, emulator: Any, *args: str, env: dict[str, str] | None = None,
              input: str | None = None) -> Result:
    """`openclaw infer ARGS` against the emulator; the key is never printed."""
    result = cli("infer", *args, env=chat_env(emulator, **(env or {})), input=input)
    assert TEST_KEY not in result.output
    return result


def requests_to(emulator: Any, suffix: str) -> list[Any]:
    return [r for r in emulator.requests if r.path.endswith(suffix)]


def only_request(emulator: Any, suffix: str) -> Any:
    """The one request sent to ``suffix``, its body checked against the OpenAPI schema."""
    found = requests_to(emulator, suffix)
    assert len(found) == 1, [r.path for r in emulator.requests]
    request = found[0]
    path = suffix if suffix.startswith("/") else "/" + suffix
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        assert multipart_errors(path, request.body, ctype) == []
    else:
        assert request_errors(path, request.json) == []
    return request


def write_config(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def leftovers(directory: Path) -> list[str]:
    """Temp files the atomic writer may have left (must always be none)."""
    return sorted(p.name for p in directory.rglob(".*.tmp"))
