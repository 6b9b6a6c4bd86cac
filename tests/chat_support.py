"""Shared helpers for the `openclaw chat` tests (emulator-backed CLI runs)."""

from __future__ import annotations

from typing import Any

from tests.helpers import TEST_KEY, CliRun, Result


def chat_env(emulator: Any, **extra: str) -> dict[str, str]:
    """Environment pointing the CLI at the emulator with the test key."""
    return {"VENICE_BASE_URL": emulator.base_url, "VENICE_API_KEY": TEST_KEY, **extra}


def run_chat(cli: CliRun, emulator: Any, *args: str, input: str | None = None,
             env: dict[str, str] | None = None) -> Result:
    """`openclaw chat ARGS` against the emulator; the full key must never be printed."""
    result = cli("chat", *args, env=chat_env(emulator, **(env or {})), input=input)
    assert TEST_KEY not in result.output
    return result


def chat_requests(emulator: Any) -> list[Any]:
    """The chat-completion requests the emulator received."""
    return [r for r in emulator.requests if r.path.endswith("/chat/completions")]
