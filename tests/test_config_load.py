"""Loading openclaw.json: location, JSON5, errors, ${VAR}, the env block, keys, providers."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.config.loader import (
    DEFAULT_BASE_URL,
    DEFAULT_MODEL_REF,
    KeyInfo,
    load_config,
)
from openclaw_venice_cli.config.parse import has_json5_comments
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError, ExitStatus
from openclaw_venice_cli.keys import redact_text
from tests.helpers import OTHER_KEY, TEST_KEY
from tests.unprivileged import Unprivileged


def make_env(home: Path, **variables: str) -> Environment:
    """An Environment with StringIO streams and an explicit environ (HOME + variables)."""
    return Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(),
                       environ={"HOME": str(home), **variables})


def stderr_of(env: Environment) -> str:
    assert isinstance(env.stderr, io.StringIO)
    return env.stderr.getvalue()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(env: Environment) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(env)
    assert info.value.exit_status == ExitStatus.CONFIG
    message = str(info.value)
    assert "\n" not in message
    return message


# -- location -----------------------------------------------------------------------
def test_missing_file_is_an_empty_config(isolated_home: Path, config_path: Path) -> None:
    config = load_config(make_env(isolated_home))
    assert config.path == config_path
    assert not config.exists and config.raw == {} and config.data == {}
    assert config.default_model_ref() == DEFAULT_MODEL_REF == "venice/llama-3.3-70b"
    assert schema.default_model(config.data) is None
    assert config.venice_key() is None
    venice = config.provider("venice")
    assert venice is not None and venice.base_url == DEFAULT_BASE_URL
    assert venice.api == "openai-completions" and venice.models == []
    assert list(config.providers()) == ["venice"]
    assert not config_path.exists()


def _primary_file(path: Path, ref: str) -> None:
    write(path, json.dumps({"agents": {"defaults": {"model": {"primary": ref}}}}))


def test_location_precedence(tmp_path: Path, isolated_home: Path) -> None:
    alt_home = tmp_path / "alt-home"
    _primary_file(isolated_home / ".openclaw" / "openclaw.json", "venice/from-home")
    _primary_file(alt_home / ".openclaw" / "openclaw.json", "venice/from-openclaw-home")
    _primary_file(tmp_path / "state" / "openclaw.json", "venice/from-state-dir")
    _primary_file(tmp_path / "explicit.json", "venice/from-config-path")

    def loaded(**variables: str) -> str:
        return load_config(make_env(isolated_home, **variables)).default_model_ref()

    assert loaded() == "venice/from-home"
    assert loaded(OPENCLAW_HOME=str(alt_home)) == "venice/from-openclaw-home"
    assert loaded(OPENCLAW_HOME=str(alt_home),
                  OPENCLAW_STATE_DIR=str(tmp_path / "state")) == "venice/from-state-dir"
    assert loaded(OPENCLAW_STATE_DIR=str(tmp_path / "state"),
                  OPENCLAW_CONFIG_PATH=str(tmp_path / "explicit.json")) == "venice/from-config-path"
    # blank / "undefined" count as unset
    assert loaded(OPENCLAW_CONFIG_PATH="", OPENCLAW_STATE_DIR="undefined") == "venice/from-home"


def test_tilde_is_expanded_against_openclaw_home(tmp_path: Path, isolated_home: Path) -> None:
    alt_home = tmp_path / "alt"
    _primary_file(alt_home / "cfg" / "my.json", "venice/tilde")
    env = make_env(isolated_home, OPENCLAW_HOME=str(alt_home), OPENCLAW_CONFIG_PATH="~/cfg/my.json")
    config = load_config(env)
    assert config.path == alt_home / "cfg" / "my.json"
    assert config.default_model_ref() == "venice/tilde"


# -- JSON5 --------------------------------------------------------------------------
JSON5_TEXT = """// my config
{
  /* block
     comment */
  agents: { defaults: { model: { primary: 'venice/qwen3-4b', }, }, },
  models: { providers: { venice: { baseUrl: "https://api.venice.ai/api/v1", }, }, },
  'quoted': "a // not a comment",
}
"""


def test_json5_features_parse(isolated_home: Path, config_path: Path) -> None:
    write(config_path, JSON5_TEXT)
    config = load_config(make_env(isolated_home))
    assert config.exists and config.had_comments
    assert config.default_model_ref() == "venice/qwen3-4b"
    assert schema.default_model(config.data) == "venice/qwen3-4b"
    assert config.raw["quoted"] == "a // not a comment"


def test_plain_json_and_urls_are_not_comments(isolated_home: Path, config_path: Path) -> None:
    write(config_path, "{models: {providers: {venice: {baseUrl: 'https://h/api/v1'}}}}")
    config = load_config(make_env(isolated_home))
    assert not config.had_comments
    assert config.provider("venice").base_url == "https://h/api/v1"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"u": "https://x/y"}', False),
    ("{u: 'http://x', /* c */}", True),
    ('{a: 1} // tail', True),
    ('{a: "say \\"//\\" ok"}', False),
    ("{a: 'it\\'s /* no */'}", False),
    ("{a: 1 / 2}", False),
])
def test_comment_scanner(text: str, expected: bool) -> None:
    assert has_json5_comments(text) is expected


@pytest.mark.parametrize(("content", "expected"), [
    ('{\n  "agents": {\n', "JSON5: invalid end of input at 3:1"),
    ('{"a": 1} xx', "JSON5: invalid character 'x' at 1:10"),
    ("{\n  a: 1,\n  b: @\n}", "JSON5: invalid character '@' at 3:6"),
    (b'{"a": 1}\x00', "JSON5: invalid character '\\x00' at 1:9"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text (byte 0x89 at 1:1)"),
    (b"", "the file is empty; delete it or write {} into it"),
    (b"  \n\t\n", "the file is empty; delete it or write {} into it"),
    ("[" * 50_000, "nested too deeply (more than 64 levels)"),
    ('{"a":' * 65 + "1" + "}" * 65, "nested too deeply (more than 64 levels)"),
    ("{a:" * 65 + "1" + "}" * 65, "nested too deeply (more than 64 levels)"),  # JSON5
    ("{a:" * 600 + "1" + "}" * 600, "nested too deeply (more than 64 levels)"),
    ('{"a":' * 900 + "1" + "}" * 900, "nested too deeply (more than 64 levels)"),
    ('{"pad": "' + "x" * 1_000_000 + '"}', "the file is larger than 1 MB; a config file is "
                                           "a few kB"),
    ('{"pad": "' + "x" * 256_000 + '", /* a comment */}', "the file is not plain JSON and "
     "larger than 256 kB, too large to read as JSON5; remove comments or write it as JSON"),
])
def test_parse_errors_name_file_and_position(  # every limit: one sentence, exit 3
    isolated_home: Path, config_path: Path, content: str | bytes, expected: str
) -> None:
    write(config_path, content)
    before = config_path.read_bytes()
    message = load_error(make_env(isolated_home))
    assert message == f"Failed to read config at {config_path}: {expected}"
    assert config_path.read_bytes() == before


@pytest.mark.parametrize(("text", "expected"), [
    ("[1, 2]", "expected an object at the root, got array"),
    ("null", "expected an object at the root, got null"),
    ('{agents: {defaults: {model: {primary: 5}}}}',
     "agents.defaults.model.primary must be a string (got number)"),
    ("{agents: {defaults: {model: 5}}}",
     "agents.defaults.model must be a string or an object (got number)"),
    ('{agents: {defaults: {model: {fallbacks: ["venice/a", 3]}}}}',
     "agents.defaults.model.fallbacks[1] must be a string (got number)"),
    ("{agents: []}", "agents must be an object (got array)"),
    ('{agents: {defaults: {models: ["x"]}}}',
     "agents.defaults.models must be an object (got array)"),
    ('{models: {mode: "append"}}', 'models.mode must be "merge" or "replace" (got "append")'),
    ("{models: {providers: []}}", "models.providers must be an object (got array)"),
    ("{models: {providers: {venice: true}}}",
     "models.providers.venice must be an object (got boolean)"),
    ("{models: {providers: {venice: {baseUrl: 42}}}}",
     "models.providers.venice.baseUrl must be a string (got number)"),
    ('{models: {providers: {venice: {baseUrl: "ftp://h/x"}}}}',
     'models.providers.venice.baseUrl must be an http(s) URL (got "ftp://h/x")'),
    ("{models: {providers: {venice: {apiKey: null}}}}",
     "models.providers.venice.apiKey must be a string (got null)"),
    ('{models: {providers: {venice: {models: {id: "x"}}}}}',
     "models.providers.venice.models must be an array (got object)"),
    ('{models: {providers: {venice: {models: [{id: "a"}, {name: "b"}]}}}}',
     "models.providers.venice.models[1].id must be a non-empty string (got null)"),
    ("{env: [1]}", "env must be an object (got array)"),
    ("{env: {vars: {X: 1}}}", "env.vars.X must be a string (got number)"),
    ("{env: {VENICE_API_KEY: false}}", "env.VENICE_API_KEY must be a string (got boolean)"),
])
def test_type_errors_name_file_and_dotted_key(
    isolated_home: Path, config_path: Path, text: str, expected: str
) -> None:
    write(config_path, text)
    assert load_error(make_env(isolated_home)) == f"Invalid config at {config_path}: {expected}"


def test_unknown_keys_are_kept_and_not_errors(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{gateway: {port: 18789}, env: {shellEnv: {enabled: true}},'
                       ' models: {providers: {venice: {headers: {"X-A": "b"}}}}, meta: [1]}')
    config = load_config(make_env(isolated_home))
    assert config.raw["gateway"] == {"port": 18789}
    assert config.raw["meta"] == [1]
    assert config.data["models"]["providers"]["venice"]["headers"] == {"X-A": "b"}


def test_directory_as_config_path(tmp_path: Path, isolated_home: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    env = make_env(isolated_home, OPENCLAW_CONFIG_PATH=str(tmp_path / "dir.json"))
    assert load_error(env) == (f"Failed to read config at {tmp_path / 'dir.json'}: "
                               "it is a directory, not a file")


LOAD = """
from openclaw_venice_cli.config.loader import load_config
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError
try:
    config = load_config(Environment())
except ConfigError as error:
    print(int(error.exit_status), error)
else:
    print("loaded", config.raw)
"""


def test_unreadable_config(unprivileged: Unprivileged) -> None:
    """As an ordinary user (``nobody`` when the tests run as root)."""
    path = write(unprivileged.config_path, '{"a": 1}')
    assert unprivileged.run(LOAD) == "loaded {'a': 1}"  # the control: readable, it loads
    path.chmod(0o000)
    assert unprivileged.run(LOAD) == f"3 Failed to read config at {path}: Permission denied"


# -- ${VAR} substitution ------------------------------------------------------------------
def test_substitution_in_every_string(isolated_home: Path, config_path: Path) -> None:
    write(config_path, """{
      a: "${MY_VAR}/x", list: ["${MY_VAR}", {deep: "pre-${OTHER_1}-post"}],
      escaped: "$${MY_VAR}", lower: "${my_var}", mixed: "${MY_VAR}${OTHER_1}",
      num: 3, flag: true, nothing: null,
    }""")
    env = make_env(isolated_home, MY_VAR="v", OTHER_1="o", my_var="no")
    config = load_config(env)
    assert config.data["a"] == "v/x"
    assert config.data["list"] == ["v", {"deep": "pre-o-post"}]
    assert config.data["escaped"] == "${MY_VAR}"
    assert config.data["lower"] == "${my_var}"
    assert config.data["mixed"] == "vo"
    assert (config.data["num"], config.data["flag"], config.data["nothing"]) == (3, True, None)
    assert config.raw["a"] == "${MY_VAR}/x" and config.raw["escaped"] == "$${MY_VAR}"
    assert stderr_of(env) == ""


def test_missing_var_warns_once_with_dotted_path(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{models: {providers: {venice: {apiKey: "${MISSING_VENICE_KEY}",'
                       ' models: [{id: "m", name: "${EMPTY_ONE}"}]}}}}')
    env = make_env(isolated_home, EMPTY_ONE="")
    config = load_config(env)
    load_config(env)  # a second load in the same run does not repeat the warning
    assert config.data["models"]["providers"]["venice"]["apiKey"] == "${MISSING_VENICE_KEY}"
    assert config.venice_key() is None
    lines = stderr_of(env).splitlines()
    assert lines == [
        f'Config ({config_path}): missing env var "MISSING_VENICE_KEY" at '
        "models.providers.venice.apiKey - feature using this value will be unavailable",
        f'Config ({config_path}): missing env var "EMPTY_ONE" at '
        "models.providers.venice.models[0].name - feature using this value will be unavailable",
    ]


# -- env block and keys ------------------------------------------------------------------
def test_seed_env_form(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{env: {VENICE_API_KEY: "@1"}, models: {providers: {venice: '
                       '{apiKey: "${VENICE_API_KEY}"}}}}'.replace("@1", TEST_KEY))
    config = load_config(make_env(isolated_home))
    assert config.venice_key() == KeyInfo(TEST_KEY, "config: env.VENICE_API_KEY")
    assert config.environ["VENICE_API_KEY"] == TEST_KEY
    assert config.data["models"]["providers"]["venice"]["apiKey"] == TEST_KEY
    assert config.raw["models"]["providers"]["venice"]["apiKey"] == "${VENICE_API_KEY}"
    assert TEST_KEY not in redact_text(f"key={TEST_KEY}")


def test_openclaw_env_vars_form(isolated_home: Path, config_path: Path) -> None:
    text = ('{env: {vars: {VENICE_API_KEY: "@1", MY_URL: "http://127.0.0.1:9/v1"}},'
            ' models: {providers: {venice: {baseUrl: "${MY_URL}"}}}}')
    write(config_path, text.replace("@1", OTHER_KEY))
    config = load_config(make_env(isolated_home))
    assert config.venice_key() == KeyInfo(OTHER_KEY, "config: env.vars.VENICE_API_KEY")
    assert config.provider("venice").base_url == "http://127.0.0.1:9/v1"  # type: ignore[union-attr]


def test_top_level_env_beats_env_vars(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{env: {VENICE_API_KEY: "@1", vars: {VENICE_API_KEY: "@2"}}}'
          .replace("@1", TEST_KEY).replace("@2", OTHER_KEY))
    config = load_config(make_env(isolated_home))
    assert config.venice_key() == KeyInfo(TEST_KEY, "config: env.VENICE_API_KEY")
    assert config.environ["VENICE_API_KEY"] == TEST_KEY


def test_process_env_wins(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{env: {VENICE_API_KEY: "@1", vars: {ONLY_CONFIG: "c", SHARED: "c"}},'
                       ' x: "${SHARED}"}'.replace("@1", OTHER_KEY))
    config = load_config(make_env(isolated_home, VENICE_API_KEY=f" {TEST_KEY} ", SHARED="p"))
    assert config.venice_key() == KeyInfo(TEST_KEY, "env: VENICE_API_KEY")
    assert config.environ["SHARED"] == "p" and config.environ["ONLY_CONFIG"] == "c"
    assert config.data["x"] == "p"
    # a blank process variable counts as unset, so the config value applies
    blank = load_config(make_env(isolated_home, VENICE_API_KEY=""))
    assert blank.venice_key() == KeyInfo(OTHER_KEY, "config: env.VENICE_API_KEY")


def test_provider_api_key_is_the_last_resort(isolated_home: Path, config_path: Path) -> None:
    write(config_path, json.dumps({"models": {"providers": {"venice": {"apiKey": TEST_KEY}}}}))
    config = load_config(make_env(isolated_home))
    assert config.venice_key() == KeyInfo(TEST_KEY, "config: models.providers.venice.apiKey")
    venice = config.provider("venice")
    assert venice is not None and venice.api_key == config.venice_key()


def test_env_block_placeholder_is_not_a_key(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{env: {vars: {VENICE_API_KEY: "${VAULT_TOKEN}"}}}')
    config = load_config(make_env(isolated_home))
    assert config.venice_key() is None
    assert "VENICE_API_KEY" not in config.environ


# -- providers -----------------------------------------------------------------------------
def test_base_url_precedence(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{models: {providers: {venice: {baseUrl: "http://127.0.0.1:1/api/v1/",'
                       ' models: [{id: "llama-3.3-70b", name: "L"}]}}}}')
    from_config = load_config(make_env(isolated_home)).provider("venice")
    assert from_config is not None and from_config.base_url == "http://127.0.0.1:1/api/v1"
    assert from_config.models == [{"id": "llama-3.3-70b", "name": "L"}]
    env = make_env(isolated_home, VENICE_BASE_URL="http://127.0.0.1:2/api/v1")
    overridden = load_config(env).provider("venice")
    assert overridden is not None and overridden.base_url == "http://127.0.0.1:2/api/v1"


def test_custom_providers(isolated_home: Path, config_path: Path) -> None:
    write(config_path, """{models: {providers: {
        local: {baseUrl: "http://127.0.0.1:8080/v1", apiKey: "${LOCAL_KEY}", models: [{id: "q"}]},
        nokey: {baseUrl: "https://example.invalid/v1", api: "anthropic-messages"},
    }}}""")
    config = load_config(make_env(isolated_home, LOCAL_KEY="local-secret-123"))
    providers = config.providers()
    assert list(providers) == ["venice", "local", "nokey"]
    assert providers["local"].api_key == KeyInfo("local-secret-123",
                                                 "config: models.providers.local.apiKey")
    assert providers["local"].models == [{"id": "q"}]
    assert providers["nokey"].api_key is None and providers["nokey"].api == "anthropic-messages"
    assert config.provider("LOCAL") == providers["local"]
    assert config.provider("nosuch") is None
    assert "local-secret-123" not in redact_text("local-secret-123")


def test_custom_provider_without_base_url(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{models: {providers: {other: {apiKey: "k"}}}}')
    config = load_config(make_env(isolated_home))
    with pytest.raises(ConfigError, match=r"models\.providers\.other\.baseUrl is required"):
        config.providers()


def test_unresolved_base_url_is_an_error_not_a_request(
    isolated_home: Path, config_path: Path
) -> None:
    write(config_path, '{models: {providers: {venice: {baseUrl: "${NO_SUCH_URL}"}}}}')
    config = load_config(make_env(isolated_home))
    with pytest.raises(ConfigError, match=r"baseUrl uses an unset variable \(\$\{NO_SUCH_URL\}\)"):
        config.provider("venice")


def test_plain_json_load_does_not_import_json5(isolated_home: Path, config_path: Path) -> None:
    """Start-up time: json5 is imported only when json.loads fails."""
    write(config_path, '{"agents": {"defaults": {"model": {"primary": "venice/a"}}}}')
    code = ("import sys; from openclaw_venice_cli.config.loader import load_config; "
            "from openclaw_venice_cli.environment import Environment; "
            "c = load_config(Environment()); "
            "print(c.default_model_ref(), 'json5' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ), timeout=60, check=True)
    assert proc.stdout.split() == ["venice/a", "False"]
