"""Run the real `openclaw` in a pseudo-terminal (pexpect) and keep the whole transcript."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Mapping

import pexpect

from tests.helpers import OTHER_KEY, TEST_KEY, Result, record_result
from tests.helpers import closed_port_url as closed_port_url  # re-exported for the pty tests
from tests.helpers import read_config as read_config
from tests.helpers import write_config as write_config

DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"
REJECTED_KEY = "VENICE_INFERENCE_KEY_rejectedKEY000111222333444555666"
COMMENTED_CONFIG = """// hand-written, with comments
{
  /* kept by every test that cancels */
  gateway: { mode: "local" },
  agents: { defaults: { model: { primary: "venice/qwen3-4b" } } },
}
"""


class Session:
    """One `openclaw` process on a pty; ``expect`` waits for text, never for time."""

    def __init__(self, *args: str, env: Mapping[str, str] | None = None,
                 rows: int = 40, cols: int = 120) -> None:
        full_env = dict(os.environ)
        full_env.pop("VENICE_API_KEY", None)
        full_env.update(env or {})
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable, ["-m", "openclaw_venice_cli", *args], env=full_env,
            encoding="utf-8", codec_errors="replace", timeout=30, dimensions=(rows, cols))
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        """Wait until ``text`` (literal) appears in the output."""
        self.child.expect_exact(text)

    def send(self, text: str) -> None:
        self.child.send(text)

    def sendline(self, text: str = "") -> None:
        self.child.send(text + "\r")

    def interrupt(self) -> None:
        self.child.sendintr()

    def finish(self) -> int:
        """Wait for the process to end; return its exit status."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        record_result(Result(int(status), self.transcript, ""))  # for the leak check
        return int(status)

    @property
    def transcript(self) -> str:
        return self.log.getvalue()

    def assert_no_full_key(self, *extra: str) -> None:
        for key in (TEST_KEY, OTHER_KEY, REJECTED_KEY, *extra):
            assert key not in self.transcript, "a full key reached the terminal"


# The emulator's /models rows (tests/emulator/models_data.py, in the order it serves them)
# as the model picker must list them: private first, then anonymized, each group in the
# served order. "openai-gpt-4o-mini-2024-07-18" is served second but is anonymized.
PICKER_ORDER = (
    "llama-3.3-70b", "grok-4-3", "qwen3-235b-a22b-thinking-2507", "qwen3-4b", "llama-3.2-3b",
    "hermes-3-llama-3.1-405b", "qwen3-235b-a22b-instruct-2507",
    "qwen3-coder-480b-a35b-instruct", "qwen3-next-80b", "qwen3-vl-235b-a22b", "deepseek-v3.2",
    "venice-uncensored", "mistral-31-24b", "google-gemma-3-27b-it", "openai-gpt-oss-120b",
    "zai-org-glm-4.7",
    "openai-gpt-4o-mini-2024-07-18", "claude-opus-45", "claude-sonnet-45", "openai-gpt-52",
    "openai-gpt-52-codex", "gemini-3-pro-preview", "gemini-3-flash-preview", "grok-41-fast",
    "grok-code-fast-1", "kimi-k2-thinking", "minimax-m21",
)
