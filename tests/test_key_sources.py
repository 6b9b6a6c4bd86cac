"""Keys the real OpenClaw left behind: ``~/.openclaw/.env`` and its SQLite credential store.

The store is built here with the stdlib ``sqlite3`` in the exact shape OpenClaw 2026.9.6
writes (table, row and JSON from the reference captured from the real CLI), next to the
``openclaw.json`` its onboarding writes. The oracle for "it chats" is the request the
emulator received: the ``Authorization`` header must carry the stored key.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.config.dotenv import parse_dotenv
from tests.chat_support import chat_requests
from tests.emulator import VeniceEmulator
from tests.helpers import OTHER_KEY, TEST_KEY, CliRun
from tests.openclaw_schema import assert_openclaw_accepts

# The stores and .env files hold the test keys on purpose (that is what is being read).
pytestmark = pytest.mark.key_in_files

# openclaw.json as `openclaw onboard --non-interactive … --venice-api-key …` leaves it
# (reference §3; absolute paths shortened, gateway token replaced).
OPENCLAW_ONBOARDED: dict[str, Any] = {
    "agents": {
        "defaults": {
            "workspace": "/home/you/.openclaw/workspace",
            "models": {"venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}},
            "model": {"primary": "venice/zai-org-glm-4.7"},
        },
        "entries": {"main": {"name": "main", "workspace": "/home/you/.openclaw/workspace",
                             "agentDir": "/home/you/.openclaw/agents/main/agent",
                             "identity": {"name": "main"}}},
    },
    "plugins": {"entries": {
        "anthropic": {"config": {"sessionCatalog": {"enabled": False}}},
        "codex": {"config": {"sessionCatalog": {"enabled": False}}},
        "venice": {"enabled": True}}},
    "meta": {"migrations": {"modelPolicyAllowlist": True, "utilityModelSeparation": True},
             "lastTouchedVersion": "2026.9.6"},
    "gateway": {"mode": "local", "auth": {"mode": "token", "token": "0" * 48},
                "port": 18789, "bind": "loopback", "tailscale": {"mode": "off"}},
    "tools": {"profile": "full"},
    "skills": {"install": {"nodeManager": "npm"}},
    "auth": {"profiles": {"venice:default": {"provider": "venice", "mode": "api_key"}}},
    "models": {"mode": "merge", "providers": {"venice": {
        "baseUrl": "https://api.venice.ai/api/v1", "api": "openai-completions",
        "models": []}}},
    "hooks": {"internal": {"entries": {"session-memory": {"enabled": True}}}},
    "wizard": {"lastRunAt": "2026-11-27T09:10:27.195Z", "lastRunVersion": "2026.9.6",
               "lastRunCommand": "onboard", "lastRunMode": "local"},
}


def profiles(key: str | None = None, **profile: Any) -> dict[str, Any]:
    entry = {"type": "api_key", "provider": "venice", **({"key": key} if key else {}),
             **profile}
    return {"version": 1, "profiles": {"venice:default": entry}}


def state_db(state_dir: Path, store: dict[str, Any] | str) -> Path:
    """``<state>/state/openclaw.sqlite`` as OpenClaw writes it (WAL, STRICT table)."""
    path = state_dir / "state" / "openclaw.sqlite"
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, "
               "value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT")
    text = store if isinstance(store, str) else json.dumps(store)
    db.executemany("INSERT INTO config_machine_state VALUES (?, ?, 0)", [
        ("auth.sharedStore", json.dumps({"location": "state-db"})),
        ("authProfiles.store", text)])
    db.commit()
    db.close()
    path.chmod(0o600)
    return path


def agent_db(state_dir: Path, store: dict[str, Any]) -> Path:
    """``<state>/agents/main/agent/openclaw-agent.sqlite`` (what `configure` writes)."""
    path = state_dir / "agents" / "main" / "agent" / "openclaw-agent.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE auth_profile_store (store_key TEXT PRIMARY KEY, store_json TEXT "
               "NOT NULL, updated_at INTEGER NOT NULL)")
    db.execute("INSERT INTO auth_profile_store VALUES ('primary', ?, 0)", (json.dumps(store),))
    db.commit()
    db.close()
    return path


def write_config(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def venice_line(cli: CliRun, **env: str) -> str:
    result = cli("models", "status", env=env)
    assert result.code == 0, result.output
    return next(line for line in result.stdout.splitlines() if line.startswith("- venice "))


@pytest.fixture
def state(isolated_home: Path) -> Path:
    return isolated_home / ".openclaw"


# -- OpenClaw's credential store ----------------------------------------------------------
def test_openclaw_onboarded_home_is_read_and_chats(cli: CliRun, emulator: VeniceEmulator,
                                                   state: Path, config_path: Path) -> None:
    write_config(config_path, OPENCLAW_ONBOARDED)
    state_db(state, profiles(TEST_KEY))
    line = venice_line(cli)
    assert line.startswith("- venice effective=store: ~/.openclaw/state/openclaw.sqlite "
                           "(venice:default) | key=VENI…nopq | baseUrl=")
    result = cli("chat", "Hello", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    assert result.stdout == "Hello! How can I help you today?\n"
    [request] = chat_requests(emulator)
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert request.json["model"] == "zai-org-glm-4.7"  # its default model, found by ref
    glm = cli("chat", "--model", "GLM 4.7", "Hi", env={"VENICE_BASE_URL": emulator.base_url})
    assert glm.code == 0 and chat_requests(emulator)[-1].json["model"] == "zai-org-glm-4.7"


def test_the_agent_store_that_configure_writes(cli: CliRun, state: Path) -> None:
    agent_db(state, profiles(TEST_KEY))
    assert "effective=store: ~/.openclaw/agents/main/agent/openclaw-agent.sqlite " \
           "(venice:default)" in venice_line(cli)


def test_a_key_ref_profile_reads_the_variable_it_names(cli: CliRun, state: Path,
                                                       config_path: Path) -> None:
    ref = {"source": "env", "provider": "default", "id": "MY_VENICE"}
    state_db(state, profiles(None, keyRef=ref))
    write_config(config_path, {"env": {"vars": {"MY_VENICE": TEST_KEY}}})
    assert "effective=store: ~/.openclaw/state/openclaw.sqlite (venice:default) | " \
           "key=VENI…nopq" in venice_line(cli)


def test_other_profiles_and_providers(cli: CliRun, state: Path) -> None:
    state_db(state, {"version": 1, "profiles": {
        "openai:default": {"type": "api_key", "provider": "openai", "key": "sk-not-ours"},
        "venice:work": {"type": "api_key", "provider": "venice", "key": OTHER_KEY}}})
    assert "(venice:work) | key=VENI…nmlk" in venice_line(cli)


def test_config_and_env_keys_win_over_the_store(cli: CliRun, state: Path,
                                                config_path: Path) -> None:
    state_db(state, profiles(OTHER_KEY))
    write_config(config_path, {"env": {"vars": {"VENICE_API_KEY": TEST_KEY}}})
    assert "effective=config: env.vars.VENICE_API_KEY" in venice_line(cli)
    assert "effective=env: VENICE_API_KEY | key=VENI…nmlk" in venice_line(
        cli, VENICE_API_KEY=OTHER_KEY)


@pytest.fixture
def locked_store(state: Path) -> Iterator[Path]:
    """The state db with an exclusive lock held (OpenClaw's gateway mid-write)."""
    path = state_db(state, profiles(TEST_KEY))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield path
    finally:
        holder.close()


def test_a_locked_store_is_no_key_and_one_clear_line(cli: CliRun, emulator: VeniceEmulator,
                                                     locked_store: Path) -> None:
    result = cli("chat", "Hello", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 1
    assert result.stderr == (
        "Error: No Venice API key. Run `openclaw onboard` or set VENICE_API_KEY. (Could not "
        f"read {locked_store}: database is locked.)\n")
    assert chat_requests(emulator) == []
    status = cli("models", "status")
    assert status.code == 0
    assert f"  could not read {locked_store}: database is locked\n" in status.stdout


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_a_broken_or_empty_store_is_tolerated(cli: CliRun, state: Path,
                                              content: bytes) -> None:
    path = state / "state" / "openclaw.sqlite"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert "effective=missing" in venice_line(cli)


def test_bad_json_in_the_store_is_tolerated(cli: CliRun, state: Path) -> None:
    path = state_db(state, "{not json")
    result = cli("models", "status")
    assert "effective=missing" in result.stdout
    assert f"could not read {path}: Expecting property name" in result.stdout


# -- ~/.openclaw/.env ----------------------------------------------------------------------
def test_dotenv_key_chats(cli: CliRun, emulator: VeniceEmulator, state: Path) -> None:
    state.mkdir(mode=0o700)
    (state / ".env").write_text(f'# provider keys\nexport VENICE_API_KEY="{TEST_KEY}"\n')
    assert "effective=dotenv: ~/.openclaw/.env | key=VENI…nopq" in venice_line(cli)
    result = cli("chat", "Hello", env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    assert chat_requests(emulator)[0].headers["authorization"] == f"Bearer {TEST_KEY}"


def test_dotenv_of_the_state_dir(cli: CliRun, tmp_path: Path) -> None:
    state_dir = tmp_path / "elsewhere"
    state_dir.mkdir()
    (state_dir / ".env").write_text(f"VENICE_API_KEY={TEST_KEY}\n")
    assert f"effective=dotenv: {state_dir}/.env" in venice_line(
        cli, OPENCLAW_STATE_DIR=str(state_dir))


def test_dotenv_sits_between_the_process_env_and_the_config(
        cli: CliRun, state: Path, config_path: Path) -> None:
    write_config(config_path, {"env": {"vars": {"VENICE_API_KEY": OTHER_KEY}},
                               "models": {"providers": {"venice": {
                                   "baseUrl": "${MY_BASE}"}}}})
    (state / ".env").write_text(f"VENICE_API_KEY={TEST_KEY}\nMY_BASE=http://127.0.0.1:9/v1\n")
    line = venice_line(cli)
    assert "effective=dotenv: ~/.openclaw/.env" in line
    assert "baseUrl=http://127.0.0.1:9/v1 (local)" in line  # ${VAR} from the .env file
    assert "effective=env: VENICE_API_KEY" in venice_line(cli, VENICE_API_KEY=OTHER_KEY)


def test_a_dotenv_in_the_working_directory_is_not_read(
        cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"VENICE_API_KEY={TEST_KEY}\n")
    assert "effective=missing" in venice_line(cli)


def test_an_unreadable_dotenv_is_one_warning(cli: CliRun, state: Path) -> None:
    state.mkdir()
    (state / ".env").write_bytes(b"VENICE_API_KEY=\xff\xfe\n")
    result = cli("models", "status")
    assert result.code == 0
    assert result.stderr == "Ignoring ~/.openclaw/.env: not UTF-8 text (byte 15).\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("A=1\nB = two words \n", {"A": "1", "B": "two words"}),
    ("export A=1 # comment\n#B=2\n", {"A": "1"}),
    ("A='single # kept \\n'\n", {"A": "single # kept \\n"}),
    ('A="line\\nbreak"\n', {"A": "line\nbreak"}),
    ('A="multi\nline"\nB=2\n', {"A": "multi\nline", "B": "2"}),
    ("A=`back`\nA=later\n", {"A": "later"}),
    ("A=\nnot an assignment\nB=x=y\n", {"A": "", "B": "x=y"}),
    ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
])
def test_dotenv_parsing_follows_dotenv(text: str, expected: dict[str, str]) -> None:
    """Expectations from the dotenv package's documented rules (README: comments,
    quotes, multiline values, ``export``)."""
    assert parse_dotenv(text) == expected


def test_onboard_uses_a_stored_key_and_leaves_it_where_it_is(
        cli: CliRun, emulator: VeniceEmulator, state: Path, config_path: Path) -> None:
    """Like OpenClaw's own onboarding, an existing venice profile is the key; it is not
    copied into openclaw.json."""
    write_config(config_path, OPENCLAW_ONBOARDED)
    state_db(state, profiles(TEST_KEY))
    result = cli("onboard", "--non-interactive", "--json",
                 env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["keySource"], summary["keyStored"], summary["keyCheck"]) == (
        "store", False, "ok")
    assert ("Note: the key stays where it is (store: ~/.openclaw/state/openclaw.sqlite "
            "(venice:default)); openclaw reads it from there.") in result.stderr
    data = json.loads(config_path.read_text())
    assert "env" not in data and TEST_KEY not in config_path.read_text()
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/zai-org-glm-4.7"
    assert_openclaw_accepts(config_path)
