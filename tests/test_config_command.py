"""`openclaw config get | set | unset | file | validate`.

Oracles: the exact file contents after each write (parsed with json, compared with
documents written out here), OpenClaw's own schema for every config `config set`
writes, and hand-counted ``line:column`` positions in literal config texts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.config.paths import format_path, parse_path
from openclaw_venice_cli.errors import UsageError
from tests.helpers import TEST_KEY, CliRun
from tests.openclaw_schema import assert_openclaw_accepts


def put(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2) + "\n")
    return path


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


# -- paths ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "segments"), [
    ("agents.defaults.model.primary", ["agents", "defaults", "model", "primary"]),
    ('agents.defaults.models["venice/glm-4.7"].alias',
     ["agents", "defaults", "models", "venice/glm-4.7", "alias"]),
    ("agents.defaults.models['it''s'].alias", None),
    ("models.providers.local.models[0].id", ["models", "providers", "local", "models", 0, "id"]),
    ("a['x\\'y'][\"q\\\"r\"]", ["a", "x'y", 'q"r']),
    ("a.0.b", ["a", "0", "b"]),
    ("", None), ("a..b", None), ("a.", None), (".a", None), ("a[", None), ("a[]", None),
    ('a[""]', None), ("a[x]", None),
])
def test_path_syntax(text: str, segments: list[Any] | None) -> None:
    if segments is None:
        with pytest.raises(UsageError):
            parse_path(text)
    else:
        assert parse_path(text) == segments
        assert parse_path(format_path(segments)) == segments


def test_canonical_spelling() -> None:
    assert format_path(["agents", "defaults", "models", "venice/x", "alias"]) == (
        'agents.defaults.models["venice/x"].alias')
    assert format_path(["a", 0, "b c"]) == 'a[0]["b c"]'


# -- file and get -------------------------------------------------------------------------------
def test_file_prints_the_path_in_use(cli: CliRun, config_path: Path, tmp_path: Path) -> None:
    assert cli("config", "file").stdout == f"{config_path}\n"
    other = tmp_path / "elsewhere.json"
    result = cli("config", "file", "--json", env={"OPENCLAW_CONFIG_PATH": str(other)})
    assert json.loads(result.stdout) == {"path": str(other), "exists": False}


def test_get_prints_strings_plain_and_the_rest_as_json(cli: CliRun, config_path: Path) -> None:
    put(config_path, {"agents": {"defaults": {
        "model": {"primary": "venice/qwen3-4b", "fallbacks": ["venice/llama-3.2-3b"]},
        "models": {"venice/qwen3-4b": {"alias": "fast"}}}},
        "gateway": {"port": 18789}})
    assert cli("config", "get", "agents.defaults.model.primary").stdout == "venice/qwen3-4b\n"
    assert cli("config", "get", "agents.defaults.model.primary", "--json").stdout == (
        '"venice/qwen3-4b"\n')
    assert cli("config", "get", "gateway.port").stdout == "18789\n"
    assert cli("config", "get", "agents.defaults.model.fallbacks[0]").stdout == (
        "venice/llama-3.2-3b\n")
    assert cli("config", "get", 'agents.defaults.models["venice/qwen3-4b"]').stdout == (
        '{\n  "alias": "fast"\n}\n')
    missing = cli("config", "get", "agents.defaults.nope")
    assert (missing.code, missing.stderr) == (
        1, "Error: Config path not found: agents.defaults.nope\n")


def test_get_masks_keys_but_not_references(cli: CliRun, config_path: Path) -> None:
    put(config_path, {"env": {"vars": {"VENICE_API_KEY": TEST_KEY, "OTHER": "plain"}},
                      "models": {"providers": {"venice": {"apiKey": "${VENICE_API_KEY}"}}}})
    assert cli("config", "get", "env.vars.VENICE_API_KEY").stdout == "VENI…nopq\n"
    assert json.loads(cli("config", "get", "env").stdout) == {
        "vars": {"VENICE_API_KEY": "VENI…nopq", "OTHER": "plain"}}
    assert cli("config", "get", "models.providers.venice.apiKey").stdout == (
        "${VENICE_API_KEY}\n")


def test_get_sees_through_includes(cli: CliRun, config_path: Path) -> None:
    put(config_path.parent / "agents.json5", '{defaults: {model: "venice/qwen3-4b"}}')
    put(config_path, {"agents": {"$include": "./agents.json5"}})
    assert cli("config", "get", "agents.defaults.model").stdout == "venice/qwen3-4b\n"


# -- set -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("19001", 19001), ("true", True), ("null", None), ('"quoted"', "quoted"),
    ("venice/qwen3-4b", "venice/qwen3-4b"), ("[1, 'two']", [1, "two"]),
    ("{a: 1, b: [true]}", {"a": 1, "b": [True]}), ("12abc", "12abc"),
])
def test_set_reads_json5_or_a_plain_string(cli: CliRun, config_path: Path, text: str,
                                           value: Any) -> None:
    result = cli("config", "set", "gateway.custom", text)
    assert result.code == 0, result.output
    assert read(config_path) == {"gateway": {"custom": value}}


def test_set_strict_json_refuses_a_bare_word(cli: CliRun, config_path: Path) -> None:
    result = cli("config", "set", "gateway.mode", "local", "--strict-json")
    assert (result.code, result.stderr) == (
        2, "Error: The value is not valid JSON5 (--strict-json): 'local'.\n")
    assert not config_path.exists()


def test_set_writes_what_openclaw_accepts(cli: CliRun, config_path: Path) -> None:
    steps = [
        ("agents.defaults.model.primary", "venice/qwen3-4b"),
        ('agents.defaults.models["venice/qwen3-4b"].alias', "fast"),
        ("agents.defaults.model.fallbacks", '["venice/llama-3.2-3b"]'),
        ("models.providers.local", '{baseUrl: "http://127.0.0.1:8080/v1", api: '
                                   '"openai-completions", models: []}'),
        ("models.providers.local.models[0]", '{id: "smollm2-135m", name: "SmolLM2"}'),
        ("env.vars.VENICE_API_KEY", "${VENICE_API_KEY}"),
    ]
    for path, value in steps:
        result = cli("config", "set", path, value)
        assert result.code == 0, result.output
        assert_openclaw_accepts(config_path)
    assert read(config_path) == {
        "agents": {"defaults": {
            "model": {"primary": "venice/qwen3-4b", "fallbacks": ["venice/llama-3.2-3b"]},
            "models": {"venice/qwen3-4b": {"alias": "fast"}}}},
        "models": {"providers": {"local": {
            "baseUrl": "http://127.0.0.1:8080/v1", "api": "openai-completions",
            "models": [{"id": "smollm2-135m", "name": "SmolLM2"}]}}},
        "env": {"vars": {"VENICE_API_KEY": "${VENICE_API_KEY}"}},
    }
    assert cli("models", "status", "--plain").stdout == "venice/qwen3-4b\n"


def test_an_invalid_result_writes_nothing(cli: CliRun, config_path: Path) -> None:
    before = put(config_path, {"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b"}}}}).read_bytes()
    result = cli("config", "set", "agents.defaults.model.primary", "42")
    assert result.code == 3
    assert result.stderr == (f"Error: Invalid config at {config_path}: "
                             "agents.defaults.model.primary must be a string (got number)\n")
    assert config_path.read_bytes() == before
    through = cli("config", "set", "agents.defaults.model.primary.x", "1")
    assert through.code == 3
    assert through.stderr == ("Error: Cannot change agents.defaults.model.primary.x: "
                              "agents.defaults.model.primary is not an object or array in "
                              "the config.\n")
    assert config_path.read_bytes() == before


def test_dry_run_validates_but_writes_nothing(cli: CliRun, config_path: Path) -> None:
    before = put(config_path, {"env": {"VENICE_API_KEY": "${K}"}}).read_bytes()
    result = cli("config", "set", "agents.defaults.model.primary", "venice/qwen3-4b",
                 "--dry-run", env={"K": "x"})
    assert result.code == 0, result.output
    assert result.stdout == ("Dry run: setting agents.defaults.model.primary would change "
                             "~/.openclaw/openclaw.json; nothing was written.\n")
    assert result.stderr == ("Would move env.VENICE_API_KEY to env.vars (OpenClaw accepts "
                             "variables only there).\n")
    assert config_path.read_bytes() == before
    assert sorted(p.name for p in config_path.parent.iterdir()) == ["openclaw.json"]
    bad = cli("config", "set", "models.mode", "sometimes", "--dry-run", env={"K": "x"})
    assert bad.code == 3 and config_path.read_bytes() == before


def test_set_warns_when_openclaw_would_refuse(cli: CliRun, config_path: Path) -> None:
    result = cli("config", "set", "myThing.enabled", "true")
    assert result.code == 0
    assert result.stderr == ("Warning: myThing: OpenClaw does not know this top-level key "
                             "and refuses the config.\n")


def test_set_into_a_single_file_include(cli: CliRun, config_path: Path) -> None:
    gateway = put(config_path.parent / "gateway.json5", {"port": 18789})
    top = put(config_path, {"gateway": {"$include": "./gateway.json5"}}).read_bytes()
    result = cli("config", "set", "gateway.port", "19001")
    assert result.code == 0, result.output
    assert result.stdout.startswith("Updated config: ~/.openclaw/gateway.json5\n")
    assert read(gateway) == {"port": 19001}
    assert config_path.read_bytes() == top


# -- unset ---------------------------------------------------------------------------------------
def test_unset_removes_keys_and_array_items(cli: CliRun, config_path: Path) -> None:
    put(config_path, {"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["a/1", "a/2", "a/3"]}}}})
    assert cli("config", "unset", "agents.defaults.model.fallbacks[1]").code == 0
    assert read(config_path)["agents"]["defaults"]["model"]["fallbacks"] == ["a/1", "a/3"]
    assert cli("config", "unset", "agents.defaults.model.fallbacks").code == 0
    assert read(config_path) == {"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b"}}}}
    missing = cli("config", "unset", "agents.defaults.model.fallbacks")
    assert (missing.code, missing.stderr) == (
        1, "Error: Config path not found: agents.defaults.model.fallbacks\n")


def test_unset_dry_run_json(cli: CliRun, config_path: Path) -> None:
    before = put(config_path, {"gateway": {"port": 1}}).read_bytes()
    result = cli("config", "unset", "gateway.port", "--dry-run", "--json")
    assert json.loads(result.stdout) == {"ok": True, "dryRun": True, "path": "gateway.port",
                                         "config": str(config_path), "changed": True}
    assert config_path.read_bytes() == before


# -- validate ------------------------------------------------------------------------------------
TYPED_WRONG = """{
  // hand-written
  agents: {
    defaults: {
      model: { primary: 42 },
    },
  },
  models: { mode: "sometimes", providers: { local: { api: "openai-completions" } } },
  env: { VENICE_API_KEY: "${K}" },
}
"""


def test_validate_names_every_problem_with_line_and_column(cli: CliRun,
                                                           config_path: Path) -> None:
    put(config_path, TYPED_WRONG)
    result = cli("config", "validate", env={"K": "x"})
    assert result.code == 3
    assert result.stdout == (
        "Config invalid: ~/.openclaw/openclaw.json\n"
        "  × openclaw.json:5:16 — agents.defaults.model.primary: must be a string (got "
        "number)\n"
        '  × openclaw.json:8:13 — models.mode: must be "merge" or "replace" (got '
        '"sometimes")\n'
        "  × openclaw.json:8:45 — models.providers.local: baseUrl is required (only venice "
        "has a default)\n"
        "  ! openclaw.json:9:10 — env.VENICE_API_KEY: OpenClaw accepts variables only under "
        "env.vars; the next openclaw write moves it there\n")
    assert result.stderr == ("Error: ~/.openclaw/openclaw.json has 3 problems; see the list "
                             "above.\n")


def test_validate_a_syntax_error_says_where(cli: CliRun, config_path: Path) -> None:
    put(config_path, '{\n  agents: {\n    defaults: }\n}\n')
    result = cli("config", "validate")
    assert result.code == 3
    assert result.stdout == ("Config invalid: ~/.openclaw/openclaw.json\n"
                             "  × openclaw.json:3:15 — JSON5: invalid character '}'\n")


def test_validate_reports_include_problems(cli: CliRun, config_path: Path) -> None:
    put(config_path, {"agents": {"$include": "./missing.json5"}})
    result = cli("config", "validate", "--json")
    assert result.code == 3
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [issue] = report["issues"]
    assert issue["message"].startswith("Failed to read include file: ./missing.json5")


def test_validate_accepts_a_good_file_and_lists_warnings(cli: CliRun,
                                                         config_path: Path) -> None:
    put(config_path, {"models": {"providers": {"local": {
        "baseUrl": "http://127.0.0.1:8080/v1",
        "models": [{"id": "a", "privacy": "private"}]}}}})
    result = cli("config", "validate", "--json")
    assert result.code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert [(i["severity"], i["path"], i["line"], i["column"]) for i in report["issues"]] == [
        ("warning", "models.providers.local.models[0]", 7, 11),
        ("warning", "models.providers.local.models[0].privacy", 9, 13)]
    assert cli("config", "validate").stdout.startswith(
        "Config valid: ~/.openclaw/openclaw.json\n  ! openclaw.json:7:11 — ")
