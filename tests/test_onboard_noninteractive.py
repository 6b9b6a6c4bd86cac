"""`openclaw onboard --non-interactive` (Option C): flags, key sources, output, idempotence.

Every run goes through the real CLI in a subprocess against the loopback emulator, and
every test asserts that no full key ever reaches stdout or stderr.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import OTHER_KEY, TEST_KEY, CliRun, Result, closed_port_url
from tests.helpers import write_config as write
from tests.openclaw_schema import assert_openclaw_accepts

REJECTED_KEY = "VENICE_INFERENCE_KEY_rejectedKEY000111222333444555666"
MISSING = (
    "Missing --venice-api-key (or VENICE_API_KEY in env, or an existing key in the config). "
    "Export VENICE_API_KEY, pass --venice-api-key, or run openclaw onboard for interactive "
    "setup."
)
VENICE_BLOCK = {
    "baseUrl": "https://api.venice.ai/api/v1",
    "apiKey": "${VENICE_API_KEY}",
    "api": "openai-completions",
}
COMMENTED_CONFIG = """// my OpenClaw config
{
  /* the gateway, untouched by onboarding */
  gateway: { mode: "local", port: 18789 },
  customThing: [1, 2, {nested: true}],
  agents: { defaults: { model: { primary: "venice/qwen3-4b" }, workspace: "~/ws" } },
}
"""


def assert_no_full_key(result: Result, *keys: str) -> None:
    for key in (TEST_KEY, OTHER_KEY, REJECTED_KEY, *keys):
        assert key not in result.stdout, "full key on stdout"
        assert key not in result.stderr, "full key on stderr"


def onboard(cli: CliRun, emulator: VeniceEmulator | None, *args: str,
            env: dict[str, str] | None = None) -> Result:
    full_env = {"VENICE_BASE_URL": emulator.base_url} if emulator is not None else {}
    full_env.update(env or {})
    result = cli("onboard", "--non-interactive", *args, env=full_env)
    assert_no_full_key(result)
    assert "\x1b[" not in result.output, "no colour when not a TTY"
    return result


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".bak*"))


def test_flag_key_writes_the_seed_shape(cli: CliRun, emulator: VeniceEmulator,
                                        config_path: Path) -> None:
    result = onboard(cli, emulator, "--auth-choice", "venice-api-key",
                     "--venice-api-key", TEST_KEY)
    assert result.code == 0, result.output
    data = read(config_path)
    assert data["env"] == {"vars": {"VENICE_API_KEY": TEST_KEY}}  # OpenClaw's form
    assert_openclaw_accepts(config_path)
    assert data["models"] == {"mode": "merge", "providers": {"venice": VENICE_BLOCK}}
    assert data["agents"]["defaults"]["model"] == {"primary": "venice/llama-3.3-70b"}
    assert data["agents"]["defaults"]["models"] == {"venice/llama-3.3-70b": {}}
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_path.parent.stat().st_mode) == 0o700
    assert "Key OK: tier paid · balance $50.23, 100.02 DIEM" in result.stdout
    assert "Created config: ~/.openclaw/openclaw.json" in result.stdout
    assert "Default model: venice/llama-3.3-70b" in result.stdout
    assert "VENI…" in result.stdout  # the key is shown masked only
    checks = [r for r in emulator.requests if r.path.endswith("/api_keys/rate_limits")]
    assert len(checks) == 1 and checks[0].method == "GET"
    assert checks[0].headers["authorization"] == f"Bearer {TEST_KEY}"


@pytest.mark.parametrize("source", ["flag", "env", "config"])
def test_key_sources(cli: CliRun, emulator: VeniceEmulator, config_path: Path,
                     source: str) -> None:
    args = ["--auth-choice", "venice-api-key", "--json"]
    env: dict[str, str] = {}
    if source == "flag":
        args += ["--venice-api-key", TEST_KEY]
        env["VENICE_API_KEY"] = ""  # blank counts as unset
    elif source == "env":
        env["VENICE_API_KEY"] = TEST_KEY
    else:
        write(config_path, {"env": {"vars": {"VENICE_API_KEY": TEST_KEY}}})
    result = onboard(cli, emulator, *args, env=env)
    assert result.code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["keySource"] == source
    assert summary["keyCheck"] == "ok"
    auth = emulator.requests[0].headers["authorization"]
    assert auth == f"Bearer {TEST_KEY}"
    data = read(config_path)
    assert data["env"] == {"vars": {"VENICE_API_KEY": TEST_KEY}}
    assert_openclaw_accepts(config_path)


def test_flag_wins_over_env(cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    result = onboard(cli, emulator, "--venice-api-key", OTHER_KEY, "--json",
                     env={"VENICE_API_KEY": TEST_KEY})
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["keySource"] == "flag"
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == OTHER_KEY
    assert "a different VENICE_API_KEY is set in your environment" in result.stderr


def test_pasted_export_line_in_the_flag_is_stripped(cli: CliRun, emulator: VeniceEmulator,
                                                    config_path: Path) -> None:
    result = onboard(cli, emulator, "--venice-api-key", f'export VENICE_API_KEY="{TEST_KEY}";')
    assert result.code == 0, result.output
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY


def test_opaque_keys_are_never_rejected_for_their_prefix(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    odd = "QYE_0123456789abcdefABCDEF-old-style-key"
    emulator.keys.add(odd)
    result = onboard(cli, emulator, "--venice-api-key", odd)
    assert_no_full_key(result, odd)
    assert result.code == 0, result.output
    assert "Key OK" in result.stdout
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == odd


def test_missing_key_exits_1_with_the_three_ways(cli: CliRun, emulator: VeniceEmulator,
                                                 config_path: Path) -> None:
    result = onboard(cli, emulator, "--auth-choice", "venice-api-key")
    assert result.code == 1
    assert result.stderr.strip() == f"Error: {MISSING}"
    assert not config_path.exists()
    assert emulator.requests == []


def test_json_summary_and_progress_on_stderr(cli: CliRun, emulator: VeniceEmulator,
                                             config_path: Path) -> None:
    result = onboard(cli, emulator, "--auth-choice", "venice-api-key", "--venice-api-key",
                     TEST_KEY, "--json", "--model", "venice/deepseek-v3.2")
    assert result.code == 0, result.output
    summary = json.loads(result.stdout)  # exactly one JSON document
    assert result.stdout.count("\n") == 1
    assert summary == {
        "ok": True, "authChoice": "venice-api-key", "model": "venice/deepseek-v3.2",
        "keySource": "flag", "keyStored": True, "keyCheck": "ok", "config": str(config_path),
        "changed": True, "skipHealth": False,
    }
    assert "Created config: ~/.openclaw/openclaw.json" in result.stderr
    assert "Key OK" in result.stderr


def test_json_failure_is_json_too(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = onboard(cli, emulator, "--json")
    assert result.code == 1
    assert json.loads(result.stdout) == {"ok": False, "error": {"type": "cli_error",
                                                                "message": MISSING}}
    assert result.stderr.strip() == f"Error: {MISSING}"


def test_secret_input_mode_ref_stores_no_key(cli: CliRun, emulator: VeniceEmulator,
                                             config_path: Path) -> None:
    result = onboard(cli, emulator, "--secret-input-mode", "ref", "--json",
                     env={"VENICE_API_KEY": TEST_KEY})
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["keyStored"] is False
    text = config_path.read_text()
    assert TEST_KEY not in text
    data = json.loads(text)
    assert "env" not in data
    assert data["models"]["providers"]["venice"]["apiKey"] == "${VENICE_API_KEY}"
    assert_openclaw_accepts(config_path)


def test_ref_mode_removes_a_previously_stored_key(cli: CliRun, emulator: VeniceEmulator,
                                                  config_path: Path) -> None:
    write(config_path, {"env": {"VENICE_API_KEY": TEST_KEY, "OTHER": "x"}})
    result = onboard(cli, emulator, "--secret-input-mode", "ref", "--skip-health",
                     env={"VENICE_API_KEY": TEST_KEY})
    assert result.code == 0, result.output
    assert "Removed the stored key from the config (env.VENICE_API_KEY)" in result.stdout
    assert "Moved env.OTHER to env.vars (OpenClaw accepts variables only there)." in (
        result.stderr)
    data = read(config_path)
    assert data["env"] == {"vars": {"OTHER": "x"}}
    assert_openclaw_accepts(config_path)
    assert TEST_KEY not in config_path.read_text()


def test_rerun_changes_nothing(cli: CliRun, emulator: VeniceEmulator,
                               config_path: Path) -> None:
    args = ("--auth-choice", "venice-api-key", "--venice-api-key", TEST_KEY)
    assert onboard(cli, emulator, *args).code == 0
    before = config_path.read_bytes()
    baks = backups(config_path)
    again = onboard(cli, emulator, *args, "--json")
    assert again.code == 0, again.output
    assert json.loads(again.stdout)["changed"] is False
    assert "Config unchanged: ~/.openclaw/openclaw.json" in again.stderr
    assert config_path.read_bytes() == before
    assert backups(config_path) == baks


def test_existing_default_model_is_kept_unless_model_given(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    write(config_path, {"agents": {"defaults": {"model": {"primary": "venice/qwen3-4b"}}}})
    kept = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert kept.code == 0, kept.output
    assert "Default model: venice/qwen3-4b (kept" in kept.stdout
    assert read(config_path)["agents"]["defaults"]["model"]["primary"] == "venice/qwen3-4b"
    changed = onboard(cli, emulator, "--venice-api-key", TEST_KEY, "--model", "deepseek-v3.2")
    assert changed.code == 0, changed.output
    defaults = read(config_path)["agents"]["defaults"]
    assert defaults["model"]["primary"] == "venice/deepseek-v3.2"
    assert set(defaults["models"]) == {"venice/qwen3-4b", "venice/deepseek-v3.2"}


def test_commented_config_with_unknown_keys(cli: CliRun, emulator: VeniceEmulator,
                                            config_path: Path) -> None:
    original = write(config_path, COMMENTED_CONFIG)
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY, "--skip-health")
    assert result.code == 0, result.output
    assert "Config write will strip JSON5 comments from" in result.stderr
    data = read(config_path)
    assert data["gateway"] == {"mode": "local", "port": 18789}
    assert data["customThing"] == [1, 2, {"nested": True}]
    assert data["agents"]["defaults"]["workspace"] == "~/ws"
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/qwen3-4b"
    assert data["models"]["providers"]["venice"] == VENICE_BLOCK
    assert (config_path.parent / "openclaw.json.bak").read_bytes() == original


def test_existing_provider_settings_are_kept(cli: CliRun, emulator: VeniceEmulator,
                                             config_path: Path) -> None:
    rows = [{"id": "llama-3.3-70b", "name": "Llama 3.3 70B", "contextWindow": 131072}]
    write(config_path, {"models": {"mode": "replace", "providers": {"venice": {
        "baseUrl": emulator.base_url, "apiKey": TEST_KEY, "models": rows}}}})
    result = onboard(cli, None, "--json")  # no VENICE_BASE_URL: the config's baseUrl is used
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["keySource"] == "config"
    assert len(emulator.requests) == 1
    venice = read(config_path)["models"]["providers"]["venice"]
    assert venice == {"baseUrl": emulator.base_url, "apiKey": "${VENICE_API_KEY}",
                      "models": rows, "api": "openai-completions"}
    assert read(config_path)["models"]["mode"] == "replace"
    assert read(config_path)["env"] == {"vars": {"VENICE_API_KEY": TEST_KEY}}
    assert_openclaw_accepts(config_path)


def test_a_seed_page_key_moves_to_env_vars_with_one_notice(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    """The seed page's ``env.VENICE_API_KEY`` (refused by OpenClaw) becomes env.vars."""
    write(config_path, {"env": {"VENICE_API_KEY": OTHER_KEY, "vars": {"X": "1"}}})
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY, "--skip-health")
    assert result.code == 0, result.output
    assert read(config_path)["env"] == {"vars": {"X": "1", "VENICE_API_KEY": TEST_KEY}}
    assert result.output.count("Moved") == 1, result.output
    assert ("Moved the key from env.VENICE_API_KEY to env.vars.VENICE_API_KEY (the form "
            "OpenClaw accepts).") in result.stdout
    assert_openclaw_accepts(config_path)


def test_env_vars_form_is_preserved(cli: CliRun, emulator: VeniceEmulator,
                                    config_path: Path) -> None:
    write(config_path, {"env": {"vars": {"VENICE_API_KEY": OTHER_KEY, "X": "1"}}})
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert result.code == 0, result.output
    assert read(config_path)["env"] == {"vars": {"VENICE_API_KEY": TEST_KEY, "X": "1"}}


def test_unknown_auth_choice_lists_the_supported_ones(cli: CliRun, emulator: VeniceEmulator,
                                                      config_path: Path) -> None:
    result = onboard(cli, emulator, "--auth-choice", "openai-api-key",
                     "--venice-api-key", TEST_KEY)
    assert result.code == 2
    assert 'Unknown --auth-choice "openai-api-key"' in result.stderr
    assert "venice-api-key" in result.stderr and "skip" in result.stderr
    assert not config_path.exists()


def test_skip_auth_choice_changes_nothing(cli: CliRun, emulator: VeniceEmulator,
                                          config_path: Path) -> None:
    result = onboard(cli, emulator, "--auth-choice", "skip")
    assert result.code == 0, result.output
    assert not config_path.exists()
    assert emulator.requests == []


def test_rejected_key_exits_4_and_leaves_the_file(cli: CliRun, emulator: VeniceEmulator,
                                                  config_path: Path) -> None:
    original = write(config_path, COMMENTED_CONFIG)
    result = onboard(cli, emulator, "--venice-api-key", REJECTED_KEY, "--json")
    assert result.code == 4
    assert "The key was rejected by Venice (401 Authentication failed)" in result.stderr
    assert json.loads(result.stdout)["ok"] is False
    assert config_path.read_bytes() == original
    assert backups(config_path) == []


def test_http_error_scenario_401_is_a_rejection(cli: CliRun, emulator: VeniceEmulator,
                                                config_path: Path) -> None:
    emulator.set_scenario("http-error", status=401, on="rate_limits")
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert result.code == 4
    assert "rejected by Venice (401" in result.stderr
    assert not config_path.exists()


def test_server_error_on_the_check_carries_on(cli: CliRun, emulator: VeniceEmulator,
                                              config_path: Path) -> None:
    emulator.set_scenario("http-error", status=503, on="rate_limits")
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert result.code == 0, result.output
    assert "Could not check the key (Server error (503)" in result.stdout
    assert len(emulator.requests) == 1  # no retries: a bounded wait
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY


def test_skip_health_makes_no_request(cli: CliRun, emulator: VeniceEmulator,
                                      config_path: Path) -> None:
    result = onboard(cli, emulator, "--venice-api-key", REJECTED_KEY, "--skip-health",
                     "--json")
    assert result.code == 0, result.output
    assert emulator.requests == []
    summary = json.loads(result.stdout)
    assert summary["keyCheck"] == "skipped" and summary["skipHealth"] is True
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == REJECTED_KEY


def test_unreachable_check_carries_on(cli: CliRun, config_path: Path) -> None:
    result = cli("onboard", "--non-interactive", "--venice-api-key", TEST_KEY,
                 env={"VENICE_BASE_URL": closed_port_url()})
    assert_no_full_key(result)
    assert result.code == 0, result.output
    assert "Could not check the key (" in result.stdout and "continuing." in result.stdout
    assert read(config_path)["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY


def test_compat_flags_are_accepted(cli: CliRun, emulator: VeniceEmulator,
                                   config_path: Path, tmp_path: Path) -> None:
    result = onboard(cli, emulator, "--accept-risk", "--auth-choice", "venice-api-key",
                     "--venice-api-key", TEST_KEY, "--skip-channels", "--skip-daemon",
                     "--no-install-daemon", "--skip-skills", "--skip-ui", "--skip-health",
                     "--workspace", str(tmp_path / "ws"), "--flow", "quickstart",
                     "--mode", "local", "--secret-input-mode", "plaintext")
    assert result.code == 0, result.output
    assert config_path.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--secret-input-mode", "vault"), 'Invalid --secret-input-mode "vault"'),
    (("--model", "openai/gpt-4o"), "--model must be a Venice model"),
])
def test_bad_flag_values_are_usage_errors(cli: CliRun, emulator: VeniceEmulator,
                                          config_path: Path, args: tuple[str, ...],
                                          message: str) -> None:
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY, *args)
    assert result.code == 2
    assert message in result.stderr
    assert not config_path.exists()


def test_unknown_model_warns_but_is_set(cli: CliRun, emulator: VeniceEmulator,
                                        config_path: Path) -> None:
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY, "--model", "venice/nope-1")
    assert result.code == 0, result.output
    assert 'Model "venice/nope-1" is not in the local model catalog' in result.stderr
    assert read(config_path)["agents"]["defaults"]["model"]["primary"] == "venice/nope-1"


def test_without_a_terminal_interactive_mode_refuses(cli: CliRun, emulator: VeniceEmulator,
                                                     config_path: Path) -> None:
    result = cli("onboard", "--auth-choice", "venice-api-key",
                 env={"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url})
    assert_no_full_key(result)
    assert result.code == 2
    assert "--non-interactive" in result.stderr
    assert not config_path.exists()


def test_broken_config_is_never_rewritten(cli: CliRun, emulator: VeniceEmulator,
                                          config_path: Path) -> None:
    original = write(config_path, '{"models": {')
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert result.code == 3
    assert config_path.read_bytes() == original


HOSTILE_MESSAGE = "Bad key\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m\nsecond line"


@pytest.mark.parametrize(("status", "code"), [(401, 4), (503, 0)])
def test_the_servers_words_in_the_key_check_stay_one_safe_line(
        cli: CliRun, emulator: VeniceEmulator, status: int, code: int) -> None:
    emulator.set_scenario("http-error", status=status, on="rate_limits",
                          body={"error": HOSTILE_MESSAGE})
    result = onboard(cli, emulator, "--venice-api-key", TEST_KEY)
    assert result.code == code, result.output
    shown = "Bad key^[]52;c;cHduZWQ=^G^[[2JM-^[31m second line"
    line = next(line for line in result.output.splitlines() if "Bad key" in line)
    assert shown in line
    assert "\x1b" not in result.output and "\x9b" not in result.output
