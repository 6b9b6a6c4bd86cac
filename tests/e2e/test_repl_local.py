"""The interactive chat (REPL) in a real pseudo-terminal, two turns against a real server.

The whole screen is compared with what the contract says it shows: the banner, each
typed line after the ``> `` prompt, and each answer as rich renders it in one go, where
the answers are the server's own to the same conversation sent directly (oracle.py).
"""

from __future__ import annotations

import pexpect
import pytest

from tests.e2e.conftest import COLUMNS, ROWS, LocalServer, spawn_cli
from tests.e2e.oracle import markdown_lines, screen_lines

pytestmark = pytest.mark.e2e

MODEL_REF = "venice/smollm2-135m"
MAX_TOKENS = 48
BANNER = f"openclaw chat · {MODEL_REF} · /help for commands, Ctrl-D to exit"
FIRST, SECOND = "List three fruits as a markdown list.", "Now say goodbye."


def test_repl_two_turns_then_exit(llm_server: LocalServer, server_env: dict[str, str]) -> None:
    first = llm_server.answer(FIRST, max_tokens=MAX_TOKENS)
    second = llm_server.answer(
        [{"role": "user", "content": FIRST}, {"role": "assistant", "content": first},
         {"role": "user", "content": SECOND}], max_tokens=MAX_TOKENS)
    child = spawn_cli(
        ["chat", "--model", MODEL_REF, "--temperature", "0", "--max-tokens", str(MAX_TOKENS)],
        server_env)
    try:
        child.expect_exact("> ")
        for line in (FIRST, SECOND):
            child.sendline(line)
            child.expect_exact("> ")  # the answer is complete when the prompt returns
        child.sendline("/exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    shown = screen_lines(child.logfile_read.getvalue(), ROWS, COLUMNS)
    assert child.exitstatus == 0, shown
    assert shown == [
        BANNER,
        f"> {FIRST}", *markdown_lines(first, COLUMNS),
        f"> {SECOND}", *markdown_lines(second, COLUMNS),
        "> /exit",
    ]
    assert llm_server.api_key not in child.logfile_read.getvalue()
