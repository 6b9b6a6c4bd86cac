"""Errors that say the fix: a rejected key names itself (masked) and its source; a
missing model points to its replacement or to `models list --refresh`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.chat_support import chat_env, run_chat
from tests.helpers import TEST_KEY, CliRun
from tests.pty_session import REJECTED_KEY

CF_RAY = "(CF-RAY 988d6fc23956b871-GRU)"
REJECTED = "Error: The API key was rejected (401): Authentication failed. "


def test_a_rejected_environment_key(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "hi", env={"VENICE_API_KEY": REJECTED_KEY})
    assert result.code == 4
    assert result.stderr == (
        REJECTED + "The key VENI…5666 comes from the VENICE_API_KEY environment variable, "
        "which wins over every other place: if it is stale, `unset VENICE_API_KEY` (and "
        "remove it from your shell profile) or export the right key; `openclaw onboard` "
        f"stores a new one. {CF_RAY}\n")
    assert REJECTED_KEY not in result.output


def test_a_rejected_config_key(cli: CliRun, emulator: Any, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"env": {"vars": {"VENICE_API_KEY": REJECTED_KEY}}}))
    result = cli("chat", "hi", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 4
    assert result.stderr == (
        REJECTED + "The key VENI…5666 comes from env.vars.VENICE_API_KEY in "
        f"~/.openclaw/openclaw.json; `openclaw onboard` stores a new one. {CF_RAY}\n")


def test_a_rejected_key_of_another_provider(cli: CliRun, emulator: Any,
                                            config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"models": {"providers": {"lab": {
        "baseUrl": emulator.base_url, "api": "openai-completions",
        "apiKey": REJECTED_KEY}}}}))
    result = cli("chat", "-m", "lab/llama-3.3-70b", "hi")
    assert result.code == 4
    assert result.stderr == (
        REJECTED + "The key VENI…5666 comes from models.providers.lab.apiKey in "
        f"~/.openclaw/openclaw.json: correct it there. {CF_RAY}\n")


def test_an_unknown_model_points_to_the_live_list(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "-m", "venice/no-such-model", "hi")
    assert result.code == 6
    assert result.stderr == (
        "Error: Not found (404): Specified model not found: no-such-model. See the models "
        f"available now with `openclaw models list --refresh`. {CF_RAY}\n")


def test_a_retired_model_names_its_replacement(cli: CliRun, emulator: Any) -> None:
    row = next(m for m in emulator.models if m["id"] == "qwen3-next-80b")
    row["model_spec"]["deprecation"] = {"date": "2026-09-01T00:00:00.000Z",
                                        "replacementModelId": "qwen3-235b-a22b-instruct-2507"}
    assert cli("models", "list", "--refresh", env=chat_env(emulator)).code == 0
    emulator.models = [m for m in emulator.models if m["id"] != "qwen3-next-80b"]  # gone
    result = run_chat(cli, emulator, "-m", "venice/qwen3-next-80b", "hi")
    assert result.code == 6
    assert result.stderr == (
        "Error: Not found (404): Specified model not found: qwen3-next-80b. "
        "venice/qwen3-next-80b was retired; Venice names venice/qwen3-235b-a22b-instruct-2507 "
        "as its replacement (--model venice/qwen3-235b-a22b-instruct-2507). "
        f"{CF_RAY}\n")
    assert TEST_KEY not in result.output
