"""`models aliases …`, `models fallbacks …` and aliases wherever a model is named.

Every config these commands write is checked against OpenClaw's own JSON Schema, and the
exact documents and outputs are spelled out here (OpenClaw's shapes and sentences).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.emulator import VeniceEmulator
from tests.helpers import CliRun
from tests.openclaw_schema import assert_openclaw_accepts

# What OpenClaw's onboarding leaves (§3 of the reference): the default model has an alias.
ONBOARDED = {
    "agents": {"defaults": {
        "models": {"venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}},
        "model": {"primary": "venice/zai-org-glm-4.7"},
    }},
    "auth": {"profiles": {"venice:default": {"provider": "venice", "mode": "api_key"}}},
    "models": {"mode": "merge", "providers": {"venice": {
        "baseUrl": "https://api.venice.ai/api/v1", "api": "openai-completions",
        "models": []}}},
}


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def defaults(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = read(path)["agents"]["defaults"]
    return result


# -- aliases ----------------------------------------------------------------------------------
def test_alias_add_list_remove(cli: CliRun, config_path: Path) -> None:
    result = cli("models", "aliases", "add", "fast", "venice/qwen3-4b")
    assert (result.code, result.stdout, result.stderr) == (
        0, "Created config: ~/.openclaw/openclaw.json\nAlias fast -> venice/qwen3-4b\n", "")
    assert read(config_path) == {"agents": {"defaults": {
        "models": {"venice/qwen3-4b": {"alias": "fast"}}}}}
    assert_openclaw_accepts(config_path)
    assert cli("models", "aliases", "add", "GLM 4.7", "venice/zai-org-glm-4.7").code == 0
    assert_openclaw_accepts(config_path)

    listed = cli("models", "aliases", "list")
    assert listed.stdout == ("Aliases (2):\n- fast -> venice/qwen3-4b\n"
                             "- GLM 4.7 -> venice/zai-org-glm-4.7\n")
    assert cli("models", "aliases", "list", "--plain").stdout == (
        "fast venice/qwen3-4b\nGLM 4.7 venice/zai-org-glm-4.7\n")
    assert json.loads(cli("models", "aliases", "list", "--json").stdout) == {"aliases": {
        "fast": "venice/qwen3-4b", "GLM 4.7": "venice/zai-org-glm-4.7"}}

    removed = cli("models", "aliases", "remove", "FAST")  # case-insensitive, like OpenClaw
    assert removed.code == 0, removed.output
    assert removed.stdout.endswith("Removed alias FAST (was venice/qwen3-4b)\n")
    assert defaults(config_path)["models"] == {
        "venice/qwen3-4b": {}, "venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}}
    assert_openclaw_accepts(config_path)
    assert cli("models", "aliases", "list").stdout == (
        "Aliases (1):\n- GLM 4.7 -> venice/zai-org-glm-4.7\n")


def test_an_alias_never_silently_moves(cli: CliRun, config_path: Path) -> None:
    assert cli("models", "aliases", "add", "fast", "venice/qwen3-4b").code == 0
    before = config_path.read_bytes()
    result = cli("models", "aliases", "add", "Fast", "venice/llama-3.2-3b")
    assert result.code == 1
    assert result.stderr == ("Error: Alias Fast already points to venice/qwen3-4b. Remove it "
                             "first: openclaw models aliases remove 'Fast'.\n")
    assert config_path.read_bytes() == before
    again = cli("models", "aliases", "add", "fast", "venice/qwen3-4b")  # same target: no-op
    assert again.stdout.startswith("Config unchanged:")


@pytest.mark.parametrize(("alias", "message"), [
    ("", "Error: An alias cannot be empty.\n"),
    ("a/b", 'Error: An alias cannot contain "/" (it would read as provider/model): "a/b".\n'),
    ("bell\x07", "Error: An alias is at most 64 printable characters.\n"),
])
def test_bad_aliases_are_usage_errors(cli: CliRun, config_path: Path, alias: str,
                                      message: str) -> None:
    result = cli("models", "aliases", "add", alias, "venice/qwen3-4b")
    assert (result.code, result.stderr) == (2, message)
    assert not config_path.exists()


def test_alias_remove_of_an_unknown_alias(cli: CliRun, config_path: Path) -> None:
    write(config_path, ONBOARDED)
    before = config_path.read_bytes()
    result = cli("models", "aliases", "remove", "nope")
    assert (result.code, result.stderr) == (
        1, "Error: Alias not found: nope. See `openclaw models aliases list`.\n")
    assert config_path.read_bytes() == before


def test_models_set_takes_an_alias_written_by_openclaw(cli: CliRun, config_path: Path) -> None:
    write(config_path, {**ONBOARDED, "agents": {"defaults": {
        "models": {"venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}},
        "model": {"primary": "venice/llama-3.3-70b"}}}})
    result = cli("models", "set", "glm 4.7")
    assert result.code == 0, result.output
    assert result.stdout.endswith("Default model: venice/zai-org-glm-4.7\n")
    assert defaults(config_path)["model"] == {"primary": "venice/zai-org-glm-4.7"}
    assert_openclaw_accepts(config_path)


def test_models_set_bare_name_that_is_no_alias(cli: CliRun, config_path: Path) -> None:
    result = cli("models", "set", "small")
    assert result.code == 2
    assert result.stderr == (
        'Error: Model "small" needs a provider (provider/model, e.g. venice/small) or must '
        "be an alias; see `openclaw models aliases list`.\n")


def test_chat_model_alias_sends_the_real_id(cli: CliRun, emulator: VeniceEmulator,
                                            config_path: Path) -> None:
    write(config_path, {"agents": {"defaults": {"models": {
        "venice/qwen3-4b": {"alias": "small"}}}}})
    result = run_chat(cli, emulator, "--model", "small", "Hi")
    assert result.code == 0, result.output
    assert [r.json["model"] for r in chat_requests(emulator)] == ["qwen3-4b"]


def test_an_alias_as_the_default_model(cli: CliRun, emulator: VeniceEmulator,
                                       config_path: Path) -> None:
    """OpenClaw resolves an alias written as the primary model too."""
    write(config_path, {"agents": {"defaults": {
        "model": {"primary": "GLM 4.7"},
        "models": {"venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}}}}})
    result = run_chat(cli, emulator, "Hi")
    assert result.code == 0, result.output
    assert [r.json["model"] for r in chat_requests(emulator)] == ["zai-org-glm-4.7"]


# -- fallbacks --------------------------------------------------------------------------------
def test_fallbacks_add_list_remove_clear(cli: CliRun, config_path: Path) -> None:
    write(config_path, ONBOARDED)
    result = cli("models", "fallbacks", "add", "venice/llama-3.2-3b")
    assert result.code == 0, result.output
    assert result.stdout == ("Updated config: ~/.openclaw/openclaw.json\n"
                             "  Backup: ~/.openclaw/openclaw.json.bak\n"
                             "Fallbacks: venice/llama-3.2-3b\n")
    assert cli("models", "fallbacks", "add", "GLM 4.7").code == 0  # by alias
    assert defaults(config_path)["model"] == {
        "primary": "venice/zai-org-glm-4.7",
        "fallbacks": ["venice/llama-3.2-3b", "venice/zai-org-glm-4.7"]}
    assert defaults(config_path)["models"] == {
        "venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}, "venice/llama-3.2-3b": {}}
    assert_openclaw_accepts(config_path)

    again = cli("models", "fallbacks", "add", "venice/llama-3.2-3b")
    assert again.stdout.startswith("Config unchanged:")
    assert cli("models", "fallbacks", "list").stdout == (
        "Fallbacks (2):\n- venice/llama-3.2-3b\n- venice/zai-org-glm-4.7\n")
    assert cli("models", "fallbacks", "list", "--plain").stdout == (
        "venice/llama-3.2-3b\nvenice/zai-org-glm-4.7\n")
    assert json.loads(cli("models", "fallbacks", "list", "--json").stdout) == {
        "fallbacks": ["venice/llama-3.2-3b", "venice/zai-org-glm-4.7"]}

    removed = cli("models", "fallbacks", "remove", "glm 4.7")
    assert removed.stdout.endswith("Fallbacks: venice/llama-3.2-3b\n")
    assert_openclaw_accepts(config_path)
    missing = cli("models", "fallbacks", "remove", "venice/qwen3-4b")
    assert (missing.code, missing.stderr) == (1, (
        "Error: Fallback not found: venice/qwen3-4b. See `openclaw models fallbacks list`.\n"))

    cleared = cli("models", "fallbacks", "clear")
    assert cleared.stdout.endswith("Fallback list cleared.\n")
    assert defaults(config_path)["model"] == {"primary": "venice/zai-org-glm-4.7",
                                              "fallbacks": []}
    assert_openclaw_accepts(config_path)
    assert cli("models", "fallbacks", "list").stdout == "Fallbacks (0):\n- none\n"


def test_fallbacks_turn_a_string_model_into_an_object(cli: CliRun, config_path: Path) -> None:
    write(config_path, {"agents": {"defaults": {"model": "venice/qwen3-4b"}}})
    assert cli("models", "fallbacks", "add", "venice/llama-3.2-3b").code == 0
    assert defaults(config_path)["model"] == {"primary": "venice/qwen3-4b",
                                              "fallbacks": ["venice/llama-3.2-3b"]}
    assert_openclaw_accepts(config_path)


def test_fallback_written_by_hand_for_an_unknown_provider_can_be_removed(
        cli: CliRun, config_path: Path) -> None:
    write(config_path, {"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["gone/model", "venice/llama-3.2-3b"]}}}})
    result = cli("models", "fallbacks", "remove", "gone/model")
    assert result.code == 0, result.output
    assert defaults(config_path)["model"]["fallbacks"] == ["venice/llama-3.2-3b"]


def test_fallbacks_add_for_an_unknown_provider_is_refused(cli: CliRun,
                                                          config_path: Path) -> None:
    result = cli("models", "fallbacks", "add", "nosuch/x")
    assert result.code == 1
    assert "Unknown model provider \"nosuch\"" in result.stderr
    assert not config_path.exists()


def test_env_block_variables_move_to_env_vars_on_any_write(cli: CliRun,
                                                           config_path: Path) -> None:
    """The seed page's env.<NAME> breaks OpenClaw: our next write moves it, once."""
    write(config_path, {"env": {"VENICE_API_KEY": "${MY_KEY}", "OTHER": "1",
                                "vars": {"OTHER": "0", "KEEP": "2"}}})
    result = cli("models", "set", "venice/qwen3-4b", env={"MY_KEY": "set"})
    assert result.code == 0, result.output
    assert result.stderr == ("Moved env.VENICE_API_KEY, env.OTHER to env.vars (OpenClaw "
                             "accepts variables only there).\n")
    assert read(config_path)["env"] == {"vars": {
        "OTHER": "1", "KEEP": "2", "VENICE_API_KEY": "${MY_KEY}"}}
    assert_openclaw_accepts(config_path)
    again = cli("models", "set", "venice/qwen3-4b", env={"MY_KEY": "set"})
    assert (again.stdout, again.stderr) == ("Config unchanged: ~/.openclaw/openclaw.json\n"
                                            "Default model: venice/qwen3-4b\n", "")


def test_the_chats_model_command_takes_an_alias(emulator: VeniceEmulator,
                                                config_path: Path) -> None:
    """``/model small`` in the interactive chat (a real pty) switches to the alias's model."""
    import os
    import sys

    import pexpect

    from tests.chat_support import chat_env

    write(config_path, {"agents": {"defaults": {"models": {
        "venice/qwen3-4b": {"alias": "small"}}}}})
    child = pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "chat"],
                          env={**os.environ, **chat_env(emulator)}, encoding="utf-8",
                          dimensions=(24, 80), timeout=30)
    try:
        child.expect("> ")
        child.sendline("/model small")
        child.expect("Model: venice/qwen3-4b")
        child.expect("> ")
        child.sendline("hello")
        child.expect("How can I help")
        child.expect("> ")
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert [r.json["model"] for r in chat_requests(emulator)] == ["qwen3-4b"]
