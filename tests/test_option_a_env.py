"""Option A: with only VENICE_API_KEY exported and no config at all, `chat`, `models list`
and `models status` work, use venice/llama-3.3-70b, and never write a config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun, Result

DEFAULT = "venice/llama-3.3-70b"


@pytest.fixture
def env_only(emulator: VeniceEmulator) -> dict[str, str]:
    return {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}


def check(result: Result, config_path: Path) -> None:
    assert result.code == 0, result.output
    assert TEST_KEY not in result.output, "the full key was printed"
    assert not config_path.exists(), "Option A must not create a config"


def test_models_list(cli: CliRun, env_only: dict[str, str], config_path: Path) -> None:
    result = cli("models", "list", env=env_only)
    check(result, config_path)
    rows = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert rows[0] == DEFAULT  # the default model comes first
    assert "venice/qwen3-4b" in rows


def test_models_status(cli: CliRun, env_only: dict[str, str], config_path: Path) -> None:
    result = cli("models", "status", env=env_only)
    check(result, config_path)
    assert DEFAULT in result.stdout
    assert "env: VENICE_API_KEY" in result.stdout
    assert "VENI…nopq" in result.stdout  # masked


def test_chat_uses_the_default_model(cli: CliRun, env_only: dict[str, str],
                                     emulator: VeniceEmulator, config_path: Path) -> None:
    emulator.set_scenario("plain", text="Yes, I am working.")
    result = cli("chat", "Hello, are you working?", env=env_only)
    check(result, config_path)
    assert result.stdout == "Yes, I am working.\n"
    chats = [r for r in emulator.requests if r.path.endswith("/chat/completions")]
    assert len(chats) == 1
    assert chats[0].json["model"] == "llama-3.3-70b"
    assert chats[0].headers["authorization"] == f"Bearer {TEST_KEY}"


def test_chat_with_the_seed_command_line(cli: CliRun, env_only: dict[str, str],
                                         emulator: VeniceEmulator, config_path: Path) -> None:
    emulator.set_scenario("plain", text="Yes, I am working.")
    result = cli("chat", "--model", DEFAULT, "Hello, are you working?", env=env_only)
    check(result, config_path)
    assert result.stdout == "Yes, I am working.\n"  # piped: the answer and a final newline


def test_without_the_key_chat_says_how_to_set_it_up(cli: CliRun, emulator: VeniceEmulator,
                                                    config_path: Path) -> None:
    result = cli("chat", "Hello", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: No Venice API key. Run `openclaw onboard` or set VENICE_API_KEY.\n")
    assert emulator.requests == []
