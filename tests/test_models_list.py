"""`openclaw models list` through the real CLI: formats, filters, cache and discovery."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.catalog import cache as catalog_cache
from openclaw_venice_cli.catalog.loader import STATIC_MODELS
from openclaw_venice_cli.catalog.model import to_dict
from tests.helpers import SEED_KEYS, TEST_KEY, CliRun, closed_port_url, write_config

HEADER = "Model                                      Input      Ctx         Local Auth  Tags"
STATIC_KEYS = SEED_KEYS  # the seed's 25, written out in tests/helpers.py


def cache_dir(home: Path) -> Path:
    return home / ".cache" / "openclaw"


def seed_cache(home: Path, base_url: str, age: float, ids: list[str]) -> None:
    rows = [to_dict(STATIC_MODELS[0])] + [
        {**to_dict(STATIC_MODELS[1]), "id": model_id, "name": model_id} for model_id in ids]
    catalog_cache.write_cache(cache_dir(home), base_url, rows, time.time() - age)


def key_env(base_url: str) -> dict[str, str]:
    return {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": base_url}


# -- offline, fresh HOME -------------------------------------------------------------------
def test_fresh_home_lists_the_25_seed_models(cli: CliRun) -> None:
    result = cli("models", "list")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 26
    assert lines[1] == ("venice/llama-3.3-70b" + " " * 23 + "text       131k        no    no"
                        "    default,private")
    assert {line.split()[0] for line in lines[1:]} == STATIC_KEYS
    keys = [line.split()[0] for line in lines[2:]]
    assert keys == sorted(keys)
    # `| grep venice`: every line but the header names a venice model, nothing else on stdout
    assert [line for line in lines if "venice" not in line] == [HEADER]
    assert result.stderr.count("\n") == 1 and "No Venice API key found" in result.stderr


def test_table_keeps_openclaw_padding_and_trailing_space(cli: CliRun, config_path: Path) -> None:
    write_config(config_path, {"models": {"providers": {"lab": {
        "baseUrl": "http://127.0.0.1:9/v1", "api": "openai-completions",
        "models": [{"id": "a-very-long-model-identifier-that-will-not-fit"}]}}}})
    result = cli("models", "list", "--provider", "lab")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        HEADER,
        "lab/a-very-long-model-identifier-that-w... text       -           yes   no    configured",
    ]
    assert result.stderr == ""  # another provider: no Venice discovery, no notice


def test_plain_prints_one_key_per_line(cli: CliRun) -> None:
    result = cli("models", "list", "--plain")
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "venice/llama-3.3-70b"
    assert set(lines) == STATIC_KEYS and len(lines) == 25


def test_json_has_openclaw_keys_plus_extensions(cli: CliRun) -> None:
    result = cli("models", "list", "--json")
    assert result.code == 0
    assert result.stdout.startswith('{\n  "count": 25,\n  "models": [\n    {\n      "key"')
    document = json.loads(result.stdout)
    assert document["count"] == 25 == len(document["models"])
    first = document["models"][0]
    assert first == {
        "key": "venice/llama-3.3-70b", "name": "Llama 3.3 70B", "input": "text",
        "contextWindow": 131072, "local": False, "available": False,
        "tags": ["default", "private"], "privacy": "private",
        "capabilities": {"vision": False, "reasoning": False, "code": False,
                         "uncensored": False, "tools": None, "schema": None,
                         "webSearch": None},
        "pricing": None, "maxTokens": 8192, "offline": False, "deprecated": False,
        "replacement": None, "compatibilityIds": [],
    }
    opus = next(m for m in document["models"] if m["key"] == "venice/claude-opus-45")
    assert opus["input"] == "text+image" and opus["tags"] == ["anonymized"]


# -- flags -----------------------------------------------------------------------------------
def test_json_and_plain_together_is_a_usage_error(cli: CliRun) -> None:
    result = cli("models", "list", "--json", "--plain")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: Choose either --json or --plain, not both.\n"


def test_provider_with_whitespace_is_rejected(cli: CliRun) -> None:
    result = cli("models", "list", "--provider", "Venice AI")
    assert result.code == 2
    assert result.stderr == ('Error: Invalid provider filter "Venice AI". Use a provider id '
                             'such as "moonshot", not a display label.\n')


def test_unknown_provider_filter_fails(cli: CliRun) -> None:
    result = cli("models", "list", "--provider", "nosuchprov")
    assert result.code == 1
    assert 'Unknown model catalog provider "nosuchprov"' in result.stderr


def test_agent_is_accepted_and_ignored(cli: CliRun) -> None:
    result = cli("models", "list", "--plain", "--agent", "main")
    assert result.code == 0 and len(result.stdout.splitlines()) == 25


@pytest.mark.parametrize(("args", "expected"), [
    (["--privacy", "anonymized"], 10),
    (["--privacy", "private"], 15),
    (["--capability", "vision"], 9),
    (["--capability", "reasoning", "--capability", "vision"], 6),
    (["--privacy", "private", "--capability", "uncensored"], 1),
    (["--capability", "code"], 2),
    (["--capability", "tools"], 0),  # unknown offline: the static catalog does not say
])
def test_privacy_and_capability_filters(cli: CliRun, args: list[str], expected: int) -> None:
    result = cli("models", "list", "--plain", *args)
    assert result.code == 0
    assert len(result.stdout.splitlines()) == expected


def test_bad_capability_is_a_usage_error(cli: CliRun) -> None:
    result = cli("models", "list", "--capability", "telepathy")
    assert result.code == 2
    assert result.stderr == ('Error: Unknown --capability "telepathy". Choose from: vision, '
                             "reasoning, code, uncensored, tools, schema, web-search.\n")


def test_no_rows_prints_no_models_found(cli: CliRun) -> None:
    args = ("models", "list", "--privacy", "anonymized", "--capability", "uncensored")
    assert cli(*args).stdout == "No models found.\n"
    assert cli(*args, "--plain").stdout == ""
    assert json.loads(cli(*args, "--json").stdout) == {"count": 0, "models": []}


def test_local_filter(cli: CliRun) -> None:
    assert cli("models", "list", "--local").stdout == "No models found.\n"


# -- configured rows -----------------------------------------------------------------------
def test_configured_rows_and_tags(cli: CliRun, config_path: Path) -> None:
    write_config(config_path, {
        "agents": {"defaults": {"model": {"primary": "lab/qwen"},
                                "models": {"venice/qwen3-4b": {"alias": "Small"}}}},
        "models": {"providers": {
            "venice": {"models": [{"id": "llama-3.3-70b", "contextWindow": 65536},
                                  {"id": "my-finetune", "input": ["text", "image"]}]},
            "lab": {"baseUrl": "http://127.0.0.1:9/v1", "api": "openai-completions",
                    "apiKey": "lab-secret-key-123456",
                    "models": [{"id": "qwen", "contextWindow": 32000}]},
        }},
    })
    result = cli("models", "list")
    assert result.code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    first = result.stdout.splitlines()[1]
    assert first.startswith("lab/qwen ") and first.endswith("32k         yes   yes   "
                                                           "default,configured")
    assert rows["venice/llama-3.3-70b"].split()[2:] == ["66k", "no", "no", "configured,private"]
    assert rows["venice/my-finetune"].split()[1:] == ["text+image", "-", "no", "no",
                                                      "configured"]
    assert rows["venice/qwen3-4b"].split()[-1] == "configured,alias:Small,private"
    assert len(rows) == 27
    assert "lab-secret-key-123456" not in result.output


def test_missing_default_model_is_listed(cli: CliRun, config_path: Path) -> None:
    write_config(config_path, {"agents": {"defaults": {"model": {"primary": "venice/gone"}}}})
    lines = cli("models", "list").stdout.splitlines()
    assert lines[1].split() == ["venice/gone", "-", "-", "no", "no", "default,missing"]


# -- cache and discovery against the emulator ----------------------------------------------
def test_refresh_fetches_and_writes_a_private_cache(cli: CliRun, emulator: Any,
                                                    isolated_home: Path) -> None:
    result = cli("models", "list", "--refresh", "--json", env=key_env(emulator.base_url))
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    models = {m["key"]: m for m in json.loads(result.stdout)["models"]}
    grok = models["venice/grok-4-3"]
    assert grok["contextWindow"] == 1000000 and grok["maxTokens"] == 32000
    assert grok["capabilities"]["reasoning"] and grok["capabilities"]["vision"]
    assert grok["pricing"] == {"input": 1.42, "output": 2.83, "cacheInput": 0.23}
    # the model list, then Venice's compatibility mapping (both public: no key sent)
    assert [(r.method, r.path, r.query) for r in emulator.requests] == [
        ("GET", "/api/v1/models", {}),
        ("GET", "/api/v1/models/compatibility_mapping", {"type": "text"})]
    assert all("authorization" not in r.headers for r in emulator.requests)
    path = catalog_cache.cache_path(cache_dir(isolated_home), emulator.base_url)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert TEST_KEY not in text and "grok-4-3" in text
    assert TEST_KEY not in result.output


def test_warm_cache_is_used_without_network(cli: CliRun, emulator: Any,
                                            isolated_home: Path) -> None:
    seed_cache(isolated_home, emulator.base_url, age=60, ids=["only-in-cache"])
    result = cli("models", "list", "--plain", env=key_env(emulator.base_url))
    assert result.code == 0 and result.stderr == ""
    assert "venice/only-in-cache" in result.stdout.splitlines()
    assert emulator.requests == []


def test_stale_cache_is_refreshed_when_a_key_resolves(cli: CliRun, emulator: Any,
                                                      isolated_home: Path) -> None:
    seed_cache(isolated_home, emulator.base_url, age=7200, ids=["only-in-cache"])
    result = cli("models", "list", "--plain", env=key_env(emulator.base_url))
    assert result.code == 0 and result.stderr == ""
    assert "venice/grok-4-3" in result.stdout and "only-in-cache" not in result.stdout
    assert [r.path for r in emulator.requests] == [
        "/api/v1/models", "/api/v1/models/compatibility_mapping"]


def test_stale_cache_and_dead_server_fall_back_to_the_cache(cli: CliRun,
                                                            isolated_home: Path) -> None:
    url = closed_port_url()
    seed_cache(isolated_home, url, age=7200, ids=["only-in-cache"])
    result = cli("models", "list", "--plain", env=key_env(url))
    assert result.code == 0
    assert "venice/only-in-cache" in result.stdout.splitlines()
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Model discovery failed (")
    assert "showing the cached catalog (2 h old)" in result.stderr
    assert TEST_KEY not in result.output


def test_no_cache_and_dead_server_fall_back_to_static(cli: CliRun) -> None:
    env = key_env(closed_port_url())
    first = cli("models", "list", env=env)
    assert first.code == 0
    assert len(first.stdout.splitlines()) == 26
    assert first.stderr.count("\n") == 1
    assert "Model discovery failed (" in first.stderr and "built-in catalog" in first.stderr
    # the failure is remembered: the next call does not retry, and says so once
    second = cli("models", "list", "--plain", env=env)
    assert second.code == 0 and len(second.stdout.splitlines()) == 25
    assert second.stderr.count("\n") == 1 and "Use --refresh to retry" in second.stderr


def test_remembered_failure_skips_the_request_but_refresh_retries(
        cli: CliRun, emulator: Any, isolated_home: Path) -> None:
    catalog_cache.write_failure(cache_dir(isolated_home), emulator.base_url, "boom",
                                time.time())
    env = key_env(emulator.base_url)
    assert "boom" in cli("models", "list", "--plain", env=env).stderr
    assert emulator.requests == []
    result = cli("models", "list", "--plain", "--refresh", env=env)
    assert result.stderr == "" and "venice/grok-4-3" in result.stdout
    assert [r.path for r in emulator.requests] == [
        "/api/v1/models", "/api/v1/models/compatibility_mapping"]
    assert not catalog_cache.failure_path(cache_dir(isolated_home), emulator.base_url).exists()


def test_without_a_key_nothing_is_requested(cli: CliRun, emulator: Any) -> None:
    result = cli("models", "list", "--plain", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0 and set(result.stdout.splitlines()) == STATIC_KEYS
    assert emulator.requests == []
    assert "No Venice API key found" in result.stderr


def test_server_error_during_refresh_falls_back(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("http-error", status=503, on="any")
    result = cli("models", "list", "--plain", "--refresh", env=key_env(emulator.base_url))
    assert result.code == 0
    assert set(result.stdout.splitlines()) == STATIC_KEYS
    assert result.stderr.count("\n") == 1 and "Model discovery failed (" in result.stderr
    assert TEST_KEY not in result.output


def test_deprecated_rows_only_with_all(cli: CliRun, emulator: Any, isolated_home: Path) -> None:
    old = {**to_dict(STATIC_MODELS[1]), "id": "old-model", "deprecated": True,
           "replacement": "new-model", "offline": True}
    catalog_cache.write_cache(cache_dir(isolated_home), emulator.base_url,
                              [to_dict(STATIC_MODELS[0]), old], time.time())
    env = key_env(emulator.base_url)
    assert "old-model" not in cli("models", "list", env=env).stdout
    line = next(row for row in cli("models", "list", "--all", env=env).stdout.splitlines()
                if row.startswith("venice/old-model "))
    assert line.endswith(" private,deprecated,offline")
    document = json.loads(cli("models", "list", "--all", "--json", env=env).stdout)
    old_row = next(m for m in document["models"] if m["key"] == "venice/old-model")
    assert old_row["replacement"] == "new-model" and old_row["available"] is False
    assert emulator.requests == []


def test_closed_pipe_ends_quietly(config_path: Path) -> None:
    import os
    import subprocess
    import sys

    rows = [{"id": f"model-{i:05d}"} for i in range(4000)]
    write_config(config_path, {"models": {"providers": {"lab": {
        "baseUrl": "http://127.0.0.1:9/v1", "models": rows}}}})
    proc = subprocess.Popen([sys.executable, "-m", "openclaw_venice_cli", "models", "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().decode().startswith("Model ")
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Error" not in stderr and "Traceback" not in stderr


def test_tty_output_has_the_same_layout_without_escapes() -> None:
    import sys

    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "models", "list"],
                          encoding="utf-8", timeout=60, dimensions=(50, 200))
    child.expect(pexpect.EOF)
    child.close()
    lines = [line for line in child.before.replace("\r\n", "\n").split("\n") if line]
    assert HEADER in lines
    assert "\x1b" not in child.before
    assert child.exitstatus == 0
