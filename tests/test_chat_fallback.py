"""`chat` falls back to agents.defaults.model.fallbacks when the model is unavailable.

Through the emulator: one model fails (503 offline, 404 unknown, offline in the catalog)
while another works. The oracle is what the emulator received (which models, in which
order) and the answer the working model streams.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.emulator import VeniceEmulator
from tests.helpers import CliRun

ANSWER = "Hello! How can I help you today?"


@pytest.fixture
def fallbacks(config_path: Path) -> Path:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {
        "model": {"primary": "venice/qwen3-4b",
                  "fallbacks": ["small", "venice/llama-3.2-3b", "venice/deepseek-v3.2"]},
        "models": {"venice/zai-org-glm-4.7": {"alias": "small"}}}}}))
    return config_path


def models_asked(emulator: VeniceEmulator) -> list[str]:
    return [request.json["model"] for request in chat_requests(emulator)]


def test_an_offline_primary_falls_back_once_with_one_notice(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path) -> None:
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 0, result.output
    assert result.stdout == ANSWER + "\n"
    asked = models_asked(emulator)
    assert asked[-1] == "zai-org-glm-4.7"  # the first fallback, named by its alias
    assert set(asked[:-1]) == {"qwen3-4b"}  # the usual retries of the 503 first
    assert result.stderr.count("\n") == 1 + len(cli.sleeps), result.stderr
    assert result.stderr.splitlines()[-1] == (
        "venice/qwen3-4b is unavailable (Server error (503): The model is temporarily "
        "offline. Please try again later. (gave up after 4 attempts)); answering with "
        "venice/zai-org-glm-4.7.")


def test_an_unknown_model_falls_through_to_a_working_one(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path) -> None:
    emulator.set_scenario("plain", model_offline=["zai-org-glm-4.7"])
    result = run_chat(cli, emulator, "--model", "venice/no-such-model", "Hi")
    assert result.code == 0, result.output
    assert result.stdout == ANSWER + "\n"
    asked = models_asked(emulator)
    assert asked[0] == "no-such-model" and asked[-1] == "llama-3.2-3b"
    assert [line.split(" is unavailable")[0] for line in result.stderr.splitlines()
            if "is unavailable" in line] == ["venice/no-such-model", "venice/zai-org-glm-4.7"]
    assert "Not found (404): Specified model not found: no-such-model" in result.stderr


def test_the_catalog_saying_offline_skips_the_request(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path) -> None:
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    refreshed = cli("models", "list", "--refresh", "--plain",
                    env={"VENICE_BASE_URL": emulator.base_url})
    assert refreshed.code == 0, refreshed.output
    emulator.requests.clear()
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 0, result.output
    assert models_asked(emulator) == ["zai-org-glm-4.7"]
    assert result.stderr == ("venice/qwen3-4b is unavailable (offline according to the "
                             "model catalog); answering with venice/zai-org-glm-4.7.\n")


def test_the_last_candidate_is_tried_even_if_the_catalog_says_offline(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    assert cli("models", "list", "--refresh",
               env={"VENICE_BASE_URL": emulator.base_url}).code == 0
    emulator.set_scenario("plain")  # back online; the cache still says offline
    emulator.requests.clear()
    result = run_chat(cli, emulator, "--model", "venice/qwen3-4b", "Hi")
    assert result.code == 0 and models_asked(emulator) == ["qwen3-4b"]


@pytest.mark.parametrize(("status", "exit_code"), [(401, 4), (402, 5), (400, 10), (429, 7)])
def test_no_fallback_for_key_balance_request_or_rate_errors(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path, status: int,
        exit_code: int) -> None:
    emulator.set_scenario("http-error", status=status, headers={"retry-after": "0"})
    result = run_chat(cli, emulator, "Hi")
    assert result.code == exit_code, result.output
    assert set(models_asked(emulator)) == {"qwen3-4b"}
    assert "is unavailable" not in result.stderr


def test_no_fallback_after_the_answer_started(cli: CliRun, emulator: VeniceEmulator,
                                             fallbacks: Path) -> None:
    emulator.set_scenario("inband-error")
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 8, result.output
    assert models_asked(emulator) == ["qwen3-4b"]
    assert "is unavailable" not in result.stderr


def test_when_every_model_is_unavailable_the_last_error_is_reported(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["venice/llama-3.2-3b"]}}}}))
    emulator.set_scenario("plain", model_offline=["qwen3-4b", "llama-3.2-3b"])
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 8
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line for line in lines if "is unavailable" in line] == [
        "venice/qwen3-4b is unavailable (Server error (503): The model is temporarily offline. "
        "Please try again later. (gave up after 4 attempts)); answering with "
        "venice/llama-3.2-3b."]
    assert lines[-1].startswith("Error: Server error (503): The model is temporarily offline")
    assert models_asked(emulator)[-1] == "llama-3.2-3b"


def test_the_conversation_records_the_model_that_answered(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path) -> None:
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    assert run_chat(cli, emulator, "Hi").code == 0
    listed = cli("chat", "--list")
    assert "venice/zai-org-glm-4.7" in listed.stdout


def test_a_fallback_with_an_unconfigured_provider_is_skipped(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["gone/model", "venice/llama-3.2-3b"]}}}}))
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 0, result.output
    assert models_asked(emulator)[-1] == "llama-3.2-3b"
    assert [line.split(" (")[0] for line in result.stderr.splitlines()
            if "answering with" in line] == [
        "venice/qwen3-4b is unavailable", "gone/model cannot be used"]


def test_a_model_retired_per_the_catalog_is_skipped(
        cli: CliRun, emulator: VeniceEmulator, fallbacks: Path) -> None:
    row = next(m for m in emulator.models if m["id"] == "qwen3-4b")
    row["model_spec"]["deprecation"] = {"autoRemap": False, "date": "2026-01-01T00:00:00.000Z",
                                        "removesAt": "2026-01-01T00:00:00.000Z"}
    assert cli("models", "list", "--refresh",
               env={"VENICE_BASE_URL": emulator.base_url}).code == 0
    emulator.requests.clear()
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 0, result.output
    assert models_asked(emulator) == ["zai-org-glm-4.7"]
    assert result.stderr == (
        "venice/qwen3-4b is unavailable (retired since 2026-01-01T00:00:00.000Z according "
        "to the model catalog); answering with venice/zai-org-glm-4.7.\n")
