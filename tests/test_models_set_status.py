"""`openclaw models set` and `openclaw models status` through the real CLI."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path
from typing import Any

from openclaw_venice_cli.catalog import cache as catalog_cache
from openclaw_venice_cli.catalog.loader import STATIC_MODELS
from openclaw_venice_cli.catalog.model import to_dict
from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun, write_config
from tests.openclaw_schema import assert_openclaw_accepts

UNKNOWN_ID_WARNING = (
    'Warning: Model "venice/brand-new-model" is not in the local model catalog for provider '
    '"venice". The provider is installed or configured, so the selection was saved; verify '
    "the model ID if it is not a newly released or self-hosted model.\n"
)


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# -- models set ------------------------------------------------------------------------------
def test_set_writes_primary_and_allowlist_entry(cli: CliRun, config_path: Path) -> None:
    result = cli("models", "set", "venice/claude-opus-45")
    assert result.code == 0, result.stderr
    assert result.stdout == ("Created config: ~/.openclaw/openclaw.json\n"
                             "Default model: venice/claude-opus-45\n")
    assert result.stderr == ""
    assert read(config_path) == {"agents": {"defaults": {
        "model": {"primary": "venice/claude-opus-45"},
        "models": {"venice/claude-opus-45": {}}}}}
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_path.parent.stat().st_mode) == 0o700


def test_set_keeps_other_settings_and_backs_up(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir()
    config_path.write_text(json.dumps({
        "env": {"vars": {"VENICE_API_KEY": "${MY_KEY}"}},
        "agents": {"defaults": {"model": {"primary": "venice/qwen3-4b", "fallbacks": ["x/y"]},
                                "models": {"venice/llama-3.3-70b": {"alias": "Llama"}}}},
    }))
    result = cli("models", "set", "venice/llama-3.3-70b")
    assert result.code == 0, result.stderr
    assert "  Backup: ~/.openclaw/openclaw.json.bak\n" in result.stdout
    data = read(config_path)
    assert data["env"] == {"vars": {"VENICE_API_KEY": "${MY_KEY}"}}
    assert data["agents"]["defaults"]["model"] == {"primary": "venice/llama-3.3-70b",
                                                   "fallbacks": ["x/y"]}
    assert data["agents"]["defaults"]["models"] == {"venice/llama-3.3-70b": {"alias": "Llama"}}


# OpenClaw's schema allows agents.defaults.model as a bare string ("provider/id").
BARE = {"agents": {"defaults": {"model": "venice/qwen3-4b"}}}


def test_a_bare_string_model_is_the_default(cli: CliRun, config_path: Path,
                                            emulator: VeniceEmulator) -> None:
    write_config(config_path, BARE)
    assert_openclaw_accepts(config_path)
    status = cli("models", "status", "--plain")
    assert status.code == 0, status.output
    assert status.stdout == "venice/qwen3-4b\n"
    listed = cli("models", "list", "--plain")
    assert listed.stdout.splitlines()[0] == "venice/qwen3-4b"  # the default comes first
    emulator.set_scenario("plain", text="Hi.")
    chat = cli("chat", "Hello", env={"VENICE_API_KEY": TEST_KEY,
                                     "VENICE_BASE_URL": emulator.base_url})
    assert (chat.code, chat.stdout) == (0, "Hi.\n"), chat.output
    sent = [r.json["model"] for r in emulator.requests if r.path.endswith("/chat/completions")]
    assert sent == ["qwen3-4b"]
    assert read(config_path) == BARE  # reading never rewrites


def test_set_keeps_a_bare_string_model_a_string(cli: CliRun, config_path: Path) -> None:
    write_config(config_path, BARE)
    result = cli("models", "set", "venice/llama-3.3-70b")
    assert result.code == 0, result.output
    assert read(config_path) == {"agents": {"defaults": {
        "model": "venice/llama-3.3-70b", "models": {"venice/llama-3.3-70b": {}}}}}
    assert_openclaw_accepts(config_path)


def test_bare_id_is_a_usage_error(cli: CliRun, config_path: Path) -> None:
    result = cli("models", "set", "claude-opus-45")
    assert result.code == 2
    assert "venice/claude-opus-45" in result.stderr
    assert not config_path.exists()


def test_unknown_provider_leaves_the_file_byte_identical(cli: CliRun,
                                                         config_path: Path) -> None:
    config_path.parent.mkdir()
    original = b'{\n  // mine\n  agents: {defaults: {model: {primary: "venice/qwen3-4b"}}},\n}\n'
    config_path.write_bytes(original)
    result = cli("models", "set", "nosuchprov/foo")
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'Error: Unknown model provider "nosuchprov". Install a plugin that declares it or '
        'configure it under models.providers before selecting "nosuchprov/foo". '
        "Config was not changed.\n")
    assert config_path.read_bytes() == original
    assert sorted(p.name for p in config_path.parent.iterdir()) == ["openclaw.json"]


def test_unknown_id_warns_but_saves(cli: CliRun, config_path: Path) -> None:
    result = cli("models", "set", "venice/brand-new-model")
    assert result.code == 0
    assert result.stderr == UNKNOWN_ID_WARNING
    assert read(config_path)["agents"]["defaults"]["model"]["primary"] == \
        "venice/brand-new-model"


def test_id_from_the_cache_or_config_needs_no_warning(cli: CliRun, config_path: Path,
                                                      isolated_home: Path) -> None:
    row = {**to_dict(STATIC_MODELS[0]), "id": "cached-model"}
    catalog_cache.write_cache(isolated_home / ".cache" / "openclaw",
                              "https://api.venice.ai/api/v1", [row], time.time() - 99999)
    assert cli("models", "set", "venice/cached-model").stderr == ""
    config_path.write_text(json.dumps({"models": {"providers": {"venice": {
        "models": [{"id": "brand-new-model"}]}}}}))
    assert cli("models", "set", "venice/brand-new-model").stderr == ""


def test_configured_provider_without_catalog_gets_a_note(cli: CliRun,
                                                         config_path: Path) -> None:
    config_path.parent.mkdir()
    config_path.write_text(json.dumps({"models": {"providers": {"lab": {
        "baseUrl": "http://127.0.0.1:9/v1", "api": "openai-completions"}}}}))
    result = cli("models", "set", "lab/qwen")
    assert result.code == 0
    assert result.stdout.endswith("Default model: lab/qwen\n")
    assert result.stderr == ('Note: Provider "lab" has no local model catalog, so "lab/qwen" '
                             "could not be checked offline. The selection was saved.\n")


def test_set_never_touches_the_network(cli: CliRun, emulator: Any) -> None:
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}
    result = cli("models", "set", "venice/qwen3-4b", env=env)
    assert result.code == 0 and emulator.requests == []
    assert TEST_KEY not in result.output


# -- models status ---------------------------------------------------------------------------
def test_status_on_a_fresh_machine(cli: CliRun) -> None:
    result = cli("models", "status")
    assert result.code == 0 and result.stderr == ""
    assert result.stdout == (
        "Config        : ~/.openclaw/openclaw.json (not created yet)\n"
        "Default       : venice/llama-3.3-70b\n"
        "Fallbacks (0) : -\n"
        "Aliases (0)   : -\n"
        "Catalog       : built-in (static), 25 Venice models\n"
        "\n"
        "Auth overview\n"
        "- venice effective=missing | baseUrl=https://api.venice.ai/api/v1 | "
        "set VENICE_API_KEY or run `openclaw onboard`\n"
    )


def test_status_shows_key_source_masked_and_cache_age(cli: CliRun, emulator: Any,
                                                      isolated_home: Path) -> None:
    catalog_cache.write_cache(isolated_home / ".cache" / "openclaw", emulator.base_url,
                              [to_dict(m) for m in STATIC_MODELS[:3]], time.time() - 750)
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}
    result = cli("models", "status", env=env)
    assert result.code == 0
    assert "Catalog       : cache (12 min old), 3 Venice models\n" in result.stdout
    assert (f"- venice effective=env: VENICE_API_KEY | key=VENI…nopq | "
            f"baseUrl={emulator.base_url} (local)\n") in result.stdout
    assert TEST_KEY not in result.output
    assert emulator.requests == []


def test_status_with_key_in_config_and_aliases(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir()
    config_path.write_text(json.dumps({
        "env": {"vars": {"VENICE_API_KEY": TEST_KEY}},
        "agents": {"defaults": {"model": {"primary": "venice/zai-org-glm-4.7"},
                                "models": {"venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}}}},
    }))
    result = cli("models", "status")
    assert result.code == 0
    assert "Config        : ~/.openclaw/openclaw.json\n" in result.stdout
    assert "Aliases (1)   : GLM 4.7 -> venice/zai-org-glm-4.7\n" in result.stdout
    assert "effective=config: env.vars.VENICE_API_KEY | key=VENI…nopq" in result.stdout
    assert TEST_KEY not in result.output


def test_status_plain_and_json(cli: CliRun) -> None:
    assert cli("models", "status", "--plain").stdout == "venice/llama-3.3-70b\n"
    cli("models", "set", "venice/brand-new-model")
    assert cli("models", "status", "--plain").stdout == "venice/brand-new-model\n"
    result = cli("models", "status", "--json", env={"VENICE_API_KEY": TEST_KEY})
    document = json.loads(result.stdout)
    assert document["defaultModel"] == "venice/brand-new-model"
    assert document["defaultModelInCatalog"] is False
    assert document["catalog"] == {"source": "static", "fetchedAt": None, "ageSeconds": None,
                                   "stale": False, "count": 25}
    venice = document["providers"][0]
    assert venice["auth"] == {"source": "env: VENICE_API_KEY", "preview": "VENI…nopq"}
    assert TEST_KEY not in result.output
    assert cli("models", "status", "--json", "--plain").code == 2
