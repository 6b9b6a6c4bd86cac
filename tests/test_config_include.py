"""``$include`` with OpenClaw's semantics: reading (relative paths, nesting, merges, cycles,
containment) and writing without ever flattening an include.

Oracles: what the CLI then uses (``models status --json``, the model a chat request
names) compared with values written by hand here, and the bytes of every file after a
write; the resolved result of a write is checked against OpenClaw's own schema.
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


def put(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2) + "\n")
    return path


def status(cli: CliRun, **env: str) -> dict[str, Any]:
    result = cli("models", "status", "--json", env=env)
    assert result.code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def home_dir(config_path: Path) -> Path:
    config_path.parent.mkdir(mode=0o700)
    return config_path.parent


# -- reading ----------------------------------------------------------------------------------
def test_a_section_from_one_file_is_used_by_chat(cli: CliRun, emulator: VeniceEmulator,
                                                 home_dir: Path, config_path: Path) -> None:
    put(home_dir / "agents.json5",
        '// shared agent defaults\n{defaults: {model: {primary: "venice/qwen3-4b"}}}\n')
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    assert status(cli)["defaultModel"] == "venice/qwen3-4b"
    assert run_chat(cli, emulator, "Hi").code == 0
    assert [r.json["model"] for r in chat_requests(emulator)] == ["qwen3-4b"]


def test_an_array_deep_merges_in_order_and_siblings_win(cli: CliRun, home_dir: Path,
                                                        config_path: Path) -> None:
    put(home_dir / "a.json5", {"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["venice/llama-3.2-3b"]}}}})
    put(home_dir / "b.json5", {"agents": {"defaults": {"model": {
        "primary": "venice/deepseek-v3.2", "fallbacks": ["venice/mistral-31-24b"]},
        "models": {"venice/qwen3-4b": {"alias": "small"}}}}})
    put(config_path, {"$include": ["./a.json5", "./b.json5"],
                      "agents": {"defaults": {"model": {"fallbacks": ["venice/qwen3-4b"]}}}})
    data = status(cli)
    assert data["defaultModel"] == "venice/deepseek-v3.2"  # the later file wins
    assert data["fallbacks"] == [  # arrays concatenate: a, b, then the sibling
        "venice/llama-3.2-3b", "venice/mistral-31-24b", "venice/qwen3-4b"]
    assert data["aliases"] == {"small": "venice/qwen3-4b"}


def test_nested_paths_are_relative_to_the_file_naming_them(cli: CliRun, home_dir: Path,
                                                           config_path: Path) -> None:
    put(home_dir / "conf" / "agents.json5", {"defaults": {"$include": "./defaults.json5"}})
    put(home_dir / "conf" / "defaults.json5", {"model": "venice/qwen3-4b"})
    put(config_path, {"agents": {"$include": "conf/agents.json5"}})
    assert status(cli)["defaultModel"] == "venice/qwen3-4b"


def test_a_cycle_is_one_error_naming_the_chain(cli: CliRun, home_dir: Path,
                                               config_path: Path) -> None:
    a = put(home_dir / "a.json5", {"$include": "./b.json5"})
    b = put(home_dir / "b.json5", {"agents": {"$include": "./a.json5"}})
    put(config_path, {"$include": "./a.json5"})
    result = cli("models", "status")
    assert result.code == 3
    assert result.stderr == (f"Error: Invalid config at {config_path}: Circular include "
                             f"detected: {config_path} -> {a} -> {b} -> {a}\n")


def test_a_self_include_is_a_cycle(cli: CliRun, config_path: Path) -> None:
    put(config_path, {"agents": {"$include": "./openclaw.json"}})
    result = cli("models", "list", "--plain")
    assert result.code == 3
    assert f"Circular include detected: {config_path} -> {config_path}\n" in result.stderr


def test_includes_stop_at_ten_levels(cli: CliRun, home_dir: Path, config_path: Path) -> None:
    for level in range(11):
        put(home_dir / f"l{level}.json5", {"$include": f"./l{level + 1}.json5"})
    put(home_dir / "l11.json5", {"agents": {}})
    put(config_path, {"$include": "./l0.json5"})
    result = cli("models", "status")
    assert result.code == 3
    assert "Maximum include depth (10) exceeded at: ./l10.json5" in result.stderr
    put(home_dir / "l9.json5", {"agents": {}})  # ten levels: fine
    assert cli("models", "status").code == 0


def test_paths_must_stay_inside_the_config_directory(
        cli: CliRun, tmp_path: Path, config_path: Path) -> None:
    shared = put(tmp_path / "shared" / "agents.json5", {"defaults": {"model": "venice/qwen3-4b"}})
    put(config_path, {"agents": {"$include": "../../shared/agents.json5"}})
    result = cli("models", "status")
    assert result.code == 3
    assert ("Include path escapes the config directory: ../../shared/agents.json5"
            in result.stderr)
    allowed = status(cli, OPENCLAW_INCLUDE_ROOTS=str(shared.parent))
    assert allowed["defaultModel"] == "venice/qwen3-4b"


def test_a_symlink_out_of_the_directory_is_refused(cli: CliRun, tmp_path: Path,
                                                   home_dir: Path, config_path: Path) -> None:
    outside = put(tmp_path / "outside.json5", {"defaults": {"model": "venice/qwen3-4b"}})
    (home_dir / "agents.json5").symlink_to(outside)
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    result = cli("models", "status")
    assert result.code == 3
    assert "resolves outside the config directory (symlink): ./agents.json5" in result.stderr


def test_missing_and_broken_files_name_the_file(cli: CliRun, home_dir: Path,
                                                config_path: Path) -> None:
    put(config_path, {"agents": {"$include": "./nope.json5"}})
    result = cli("models", "status")
    assert result.code == 3
    assert (f"Failed to read include file: ./nope.json5 (resolved: {home_dir}/nope.json5; "
            "no such file)") in result.stderr
    broken = put(home_dir / "nope.json5", '{\n  defaults: {model: "x",\n')
    result = cli("models", "status")
    assert result.code == 3
    assert result.stderr == (f"Error: Failed to read config at {broken}: JSON5: invalid end "
                             "of input at 3:1\n")


def test_types_are_checked_after_the_merge(cli: CliRun, home_dir: Path,
                                           config_path: Path) -> None:
    put(home_dir / "agents.json5", {"defaults": {"model": {"primary": 42}}})
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    result = cli("models", "status")
    assert result.code == 3
    assert result.stderr == (f"Error: Invalid config at {config_path}: "
                             "agents.defaults.model.primary must be a string (got number)\n")


# -- writing -----------------------------------------------------------------------------------
def test_a_write_goes_into_the_one_included_file(cli: CliRun, home_dir: Path,
                                                 config_path: Path) -> None:
    agents = put(home_dir / "agents.json5", {"defaults": {"model": {
        "primary": "venice/qwen3-4b"}}})
    top = put(config_path, {"agents": {"$include": "./agents.json5"},
                            "gateway": {"port": 18789}})
    top_bytes = top.read_bytes()
    result = cli("models", "set", "venice/llama-3.2-3b")
    assert result.code == 0, result.output
    assert result.stdout == ("Updated config: ~/.openclaw/agents.json5\n"
                             "  Backup: ~/.openclaw/agents.json5.bak\n"
                             "Default model: venice/llama-3.2-3b\n")
    assert top.read_bytes() == top_bytes  # the include is still there, untouched
    written = json.loads(agents.read_text())
    assert written == {"defaults": {"model": {"primary": "venice/llama-3.2-3b"},
                                    "models": {"venice/llama-3.2-3b": {}}}}
    assert_openclaw_accepts({"agents": written, "gateway": {"port": 18789}})
    assert status(cli)["defaultModel"] == "venice/llama-3.2-3b"


def test_sections_without_includes_stay_in_openclaw_json(
        cli: CliRun, emulator: VeniceEmulator, home_dir: Path, config_path: Path) -> None:
    agents = put(home_dir / "agents.json5", {"defaults": {"model": "venice/qwen3-4b"}})
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    result = cli("onboard", "--non-interactive", "--venice-api-key", "x-key", "--skip-health",
                 "--model", "venice/llama-3.2-3b")
    assert result.code == 0, result.output
    top = json.loads(config_path.read_text())
    assert top["agents"] == {"$include": "./agents.json5"}
    assert top["env"] == {"vars": {"VENICE_API_KEY": "x-key"}}
    assert top["models"]["providers"]["venice"]["apiKey"] == "${VENICE_API_KEY}"
    assert json.loads(agents.read_text()) == {"defaults": {
        "model": "venice/llama-3.2-3b", "models": {"venice/llama-3.2-3b": {}}}}
    assert "Also updated: ~/.openclaw/agents.json5" in result.stderr
    assert_openclaw_accepts({**top, "agents": json.loads(agents.read_text())})


@pytest.mark.parametrize("layout", ["root", "array", "siblings", "nested"])
def test_writes_that_would_flatten_an_include_are_refused(
        cli: CliRun, home_dir: Path, config_path: Path, layout: str) -> None:
    part = {"defaults": {"model": {"primary": "venice/qwen3-4b"}}}
    put(home_dir / "part.json5", part)
    put(home_dir / "whole.json5", {"agents": part})
    top = {
        "root": {"$include": "./whole.json5"},
        "array": {"agents": {"$include": ["./part.json5"]}},
        "siblings": {"agents": {"$include": "./part.json5", "list": []}},
        "nested": {"agents": {"defaults": {"$include": "./model.json5"}}},
    }[layout]
    put(home_dir / "model.json5", {"model": {"primary": "venice/qwen3-4b"}})
    put(config_path, top)
    before = {p.name: p.read_bytes() for p in home_dir.iterdir()}
    result = cli("models", "set", "venice/llama-3.2-3b")
    assert result.code == 3, result.output
    assert "edit" in result.stderr and "by hand" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in home_dir.iterdir()} == before


def test_an_included_file_that_includes_again_is_not_rewritten(
        cli: CliRun, home_dir: Path, config_path: Path) -> None:
    put(home_dir / "agents.json5", {"defaults": {"$include": "./defaults.json5"}})
    put(home_dir / "defaults.json5", {"model": "venice/qwen3-4b"})
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    before = {p.name: p.read_bytes() for p in home_dir.iterdir()}
    result = cli("models", "set", "venice/llama-3.2-3b")
    assert result.code == 3
    assert result.stderr == (f"Error: Cannot write {home_dir}/agents.json5: it uses $include "
                             "itself; edit it by hand.\n")
    assert {p.name: p.read_bytes() for p in home_dir.iterdir()} == before
