"""The interactive chat (REPL) in a real pseudo-terminal, two turns against a real server."""

from __future__ import annotations

import re
from typing import Any

import pexpect
import pytest

from tests.e2e.conftest import LocalServer, spawn_cli, strip_ansi

pytestmark = pytest.mark.e2e

MODEL_REF = "venice/smollm2-135m"
POSTS = '"POST /v1/chat/completions'
# The REPL's input prompt (repl.PROMPT), the last thing shown while it waits for a line.
PROMPT = r"> $"


def _turn(child: Any, line: str) -> str:
    """Send one line and return what the REPL showed until its next prompt, minus the echo."""
    child.sendline(line)
    child.expect(PROMPT)
    shown = strip_ansi(child.before)
    return shown.replace(line, "", 1).strip()


def test_repl_two_turns_then_exit(llm_server: LocalServer, server_env: dict[str, str]) -> None:
    before = llm_server.log_count(POSTS)
    child = spawn_cli(["chat", "--model", MODEL_REF, "--max-tokens", "32"], server_env)
    try:
        child.expect(PROMPT)
        first = _turn(child, "Say hello.")
        second = _turn(child, "Now say goodbye.")
        child.sendline("/exit")
        child.expect(pexpect.EOF)
        tail = strip_ansi(child.before)
    finally:
        child.close(force=True)
    assert re.search(r"\w", first), f"first turn showed no answer: {first!r}"
    assert re.search(r"\w", second), f"second turn showed no answer: {second!r}"
    assert child.exitstatus == 0, tail
    assert llm_server.log_count(POSTS) == before + 2, "expected one request per turn"
    for shown in (first, second, tail):
        assert "Traceback" not in shown
        assert llm_server.api_key not in shown
