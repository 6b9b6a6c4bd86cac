"""Writing openclaw.json: kept keys, placeholders, modes, backups, comments, refusals."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.config.loader import load_config
from openclaw_venice_cli.config.writer import WriteResult, print_write_result, update_config
from openclaw_venice_cli.errors import ConfigError
from openclaw_venice_cli.privatefile import write_private_file
from tests.helpers import TEST_KEY
from tests.test_config_load import make_env, stderr_of, write
from tests.unprivileged import Unprivileged


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def set_primary(ref: str) -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        raw.setdefault("agents", {}).setdefault("defaults", {}).setdefault("model", {})[
            "primary"] = ref
    return mutate


def names(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


def test_first_write_creates_private_dir_and_file(isolated_home: Path, config_path: Path) -> None:
    result = update_config(make_env(isolated_home), set_primary("venice/qwen3-4b"))
    assert result == WriteResult(config_path, None, True, created=True)
    assert mode(config_path.parent) == 0o700 and mode(config_path) == 0o600
    text = config_path.read_text()
    assert text == ('{\n  "agents": {\n    "defaults": {\n      "model": {\n'
                    '        "primary": "venice/qwen3-4b"\n      }\n    }\n  }\n}\n')
    assert names(config_path.parent) == {"openclaw.json"}


def test_keeps_unknown_keys_and_raw_placeholders(isolated_home: Path, config_path: Path) -> None:
    original = {
        "gateway": {"port": 18789, "auth": {"mode": "token"}},
        "env": {"vars": {"OTHER": "x"}},
        "models": {"mode": "merge", "providers": {"venice": {
            "baseUrl": "https://api.venice.ai/api/v1", "apiKey": "${VENICE_API_KEY}",
            "api": "openai-completions", "models": [], "extra": [1, None, 2.5]}}},
        "wizard": {"lastRunAt": "2026-11-27T09:10:27.195Z"},
        "ünïcode": "✓",
    }
    write(config_path, json.dumps(original))
    env = make_env(isolated_home, VENICE_API_KEY=TEST_KEY)
    assert load_config(env).venice_key() is not None  # the key resolves when read...
    update_config(env, set_primary("venice/llama-3.3-70b"))
    written = json.loads(config_path.read_text(encoding="utf-8"))
    expected = dict(original, agents={"defaults": {"model": {"primary": "venice/llama-3.3-70b"}}})
    assert written == expected  # ...but is never written resolved
    assert TEST_KEY not in config_path.read_text(encoding="utf-8")
    assert '"ünïcode": "✓"' in config_path.read_text(encoding="utf-8")


def test_tightens_modes_of_an_existing_file_and_dir(isolated_home: Path, config_path: Path) -> None:
    write(config_path, "{}")
    config_path.chmod(0o644)
    config_path.parent.chmod(0o755)
    update_config(make_env(isolated_home), set_primary("venice/a"))
    assert mode(config_path) == 0o600 and mode(config_path.parent) == 0o700
    assert mode(config_path.with_name("openclaw.json.bak")) == 0o600


def test_foreign_dir_of_config_path_keeps_its_mode(tmp_path: Path, isolated_home: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    env = make_env(isolated_home, OPENCLAW_CONFIG_PATH=str(shared / "oc.json"))
    update_config(env, set_primary("venice/a"))
    assert mode(shared) == 0o755 and mode(shared / "oc.json") == 0o600


def test_backup_rotation_keeps_five(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{"n": 0}')
    env = make_env(isolated_home)
    backups = []
    for n in range(1, 7):
        result = update_config(env, lambda raw, n=n: raw.update(n=n))  # type: ignore[misc]
        backups.append(result.backup)
    bak = config_path.with_name("openclaw.json.bak")
    assert backups == [bak] * 6
    chain = [bak] + [config_path.with_name(f"openclaw.json.bak.{i}") for i in range(1, 5)]
    assert [json.loads(p.read_text())["n"] for p in chain] == [5, 4, 3, 2, 1]  # 0 dropped
    assert json.loads(config_path.read_text())["n"] == 6
    assert all(mode(p) == 0o600 for p in chain)
    assert names(config_path.parent) == {"openclaw.json"} | {p.name for p in chain}


def test_unchanged_write_touches_nothing(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '// hand written\n{agents: {defaults: {model: {primary: "venice/a"}}}}')
    config_path.chmod(0o644)
    before = config_path.stat()
    env = make_env(isolated_home)
    result = update_config(env, set_primary("venice/a"))
    assert result == WriteResult(config_path, None, False)
    after = config_path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino, before.st_mtime_ns, before.st_size)
    assert names(config_path.parent) == {"openclaw.json"}
    assert stderr_of(env) == ""  # no comment warning: nothing was written


def test_comments_warned_once_stripped_and_kept_in_backup(
    isolated_home: Path, config_path: Path
) -> None:
    original = ('{\n  // my key lives in the env\n  env: {vars: {A: "https://x//y"}},\n'
                '  /* model */ agents: {defaults: {model: {primary: "venice/a"}}},\n}\n')
    write(config_path, original)
    env = make_env(isolated_home)
    update_config(env, set_primary("venice/b"))
    update_config(env, set_primary("venice/c"))
    warning = f"Config write will strip JSON5 comments from {config_path}."
    assert stderr_of(env).splitlines() == [warning]
    assert config_path.with_name("openclaw.json.bak.1").read_text() == original
    written = config_path.read_text()
    assert "//" not in written.replace("https://x//y", "") and "/*" not in written
    assert json.loads(written)["env"] == {"vars": {"A": "https://x//y"}}


@pytest.mark.parametrize("content", [b'{"agents": {', b"\xff\xfe{}", b"", b"[1]"])
def test_unparsable_config_is_never_rewritten(
    isolated_home: Path, config_path: Path, content: bytes
) -> None:
    write(config_path, content)
    config_path.chmod(0o644)
    called: list[dict[str, Any]] = []
    with pytest.raises(ConfigError, match=str(config_path)):
        update_config(make_env(isolated_home), called.append)
    assert called == []
    assert config_path.read_bytes() == content and mode(config_path) == 0o644
    assert names(config_path.parent) == {"openclaw.json"}


def test_invalid_result_is_refused(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{"agents": {}}')
    with pytest.raises(ConfigError, match=r"agents\.defaults\.model\.primary must be a string"):
        update_config(make_env(isolated_home), set_primary(5))  # type: ignore[arg-type]
    assert config_path.read_text() == '{"agents": {}}'
    assert names(config_path.parent) == {"openclaw.json"}


def test_interrupt_in_mutate_leaves_everything(isolated_home: Path, config_path: Path) -> None:
    write(config_path, '{"a": 1}')

    def interrupted(raw: dict[str, Any]) -> None:
        raw["a"] = 2
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_config(make_env(isolated_home), interrupted)
    assert config_path.read_text() == '{"a": 1}'
    assert names(config_path.parent) == {"openclaw.json"}
    # the lock was released: the next writer goes through
    assert update_config(make_env(isolated_home), lambda raw: raw.update(a=3)).changed


def test_failed_rename_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "d" / "busy"
    target.mkdir(parents=True)
    (target / "child").write_text("x")
    with pytest.raises(OSError):
        write_private_file(target, b"{}\n")
    assert names(target.parent) == {"busy"}


UPDATE = """
import sys
from openclaw_venice_cli.config.writer import update_config
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError
try:
    update_config(Environment(), lambda raw: raw.update(a=int(sys.argv[1])))
except ConfigError as error:
    print(int(error.exit_status), error)
else:
    print("written")
"""


def test_read_only_dir_is_a_config_error(unprivileged: Unprivileged) -> None:
    """As an ordinary user (``nobody`` when the tests run as root)."""
    path = write(unprivileged.config_path, '{"a": 1}')
    path.parent.chmod(0o700)
    assert unprivileged.run(UPDATE, "2") == "written"  # the control: a writable dir
    assert json.loads(path.read_text()) == {"a": 2}
    path.parent.chmod(0o500)
    assert unprivileged.run(UPDATE, "3") == (
        f"3 Failed to write config at {path}: Permission denied")
    assert json.loads(path.read_text()) == {"a": 2}


def test_config_path_under_a_file_is_a_config_error(tmp_path: Path, isolated_home: Path) -> None:
    (tmp_path / "plain").write_text("x")
    env = make_env(isolated_home, OPENCLAW_CONFIG_PATH=str(tmp_path / "plain" / "oc.json"))
    with pytest.raises(ConfigError, match="Failed to write config at "):
        update_config(env, set_primary("venice/a"))


def test_symlinked_config_is_written_through(tmp_path: Path, isolated_home: Path,
                                             config_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "openclaw.json", "{}")
    config_path.parent.mkdir()
    config_path.symlink_to(real)
    update_config(make_env(isolated_home), set_primary("venice/a"))
    assert config_path.is_symlink()
    assert json.loads(real.read_text())["agents"]["defaults"]["model"]["primary"] == "venice/a"
    assert (real.parent / "openclaw.json.bak").read_text() == "{}"


def test_print_write_result(isolated_home: Path, config_path: Path) -> None:
    env = make_env(isolated_home)
    bak = config_path.with_name("openclaw.json.bak")
    print_write_result(env, WriteResult(config_path, bak, True))
    print_write_result(env, WriteResult(config_path, None, True))
    print_write_result(env, WriteResult(config_path, None, False))
    print_write_result(env, WriteResult(config_path, None, True, created=True))
    assert isinstance(env.stdout, io.StringIO)
    assert env.stdout.getvalue() == (
        "Updated config: ~/.openclaw/openclaw.json\n"
        "  Backup: ~/.openclaw/openclaw.json.bak\n"
        "Updated config: ~/.openclaw/openclaw.json\n"
        "Config unchanged: ~/.openclaw/openclaw.json\n"
        "Created config: ~/.openclaw/openclaw.json\n"
    )
    other = io.StringIO()
    print_write_result(env, WriteResult(Path("/etc/x.json"), None, True), stream=other)
    assert other.getvalue() == "Updated config: /etc/x.json\n"


def test_temp_files_of_a_killed_writer_are_cleaned_up(isolated_home: Path,
                                                      config_path: Path) -> None:
    env = make_env(isolated_home)
    update_config(env, set_primary("venice/qwen3-4b"))
    stale = [config_path.parent / ".openclaw.json.4242.deadbeef.tmp",
             config_path.parent / ".openclaw.json.bak.4242.cafebabe.tmp"]
    for path in stale:
        path.write_text("{half a wri")
    update_config(env, set_primary("venice/llama-3.3-70b"))
    assert not any(path.exists() for path in stale)
    assert names(config_path.parent) == {"openclaw.json", "openclaw.json.bak"}
