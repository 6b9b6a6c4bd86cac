"""Config integrity with real processes: concurrent writers, SIGKILL mid-write, bad files.

* 8 lanes x 10 `openclaw models set` run at once on one commented config with user keys:
  every read in between parses, no update is lost, no temp or lock file is left.
* A writer (``config.update_config`` in a loop) is SIGKILLed at random moments,
  ``OPENCLAW_KILL_TRIALS`` times (default 200): the config always parses and is one of
  the states written, never empty or torn.
* Five malformed configs x every command that reads config: exit 3, one ``Error:`` line
  naming the file and the position (or the dotted key), and the file stays byte-identical.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.config.parse import parse_config_bytes, validate_config
from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun
from tests.pty_session import Session

LANES = 8
SETS_PER_LANE = 10
KILL_TRIALS = int(os.environ.get("OPENCLAW_KILL_TRIALS", "200"))
KILL_WINDOW = 0.015  # seconds after the fork within which the kill lands (~one write cycle)

COMMENTED_CONFIG = """// my hand-written config
{
  /* keys openclaw does not know must survive every write */
  gateway: { mode: "local", port: 18789 },
  channels: { telegram: { enabled: false, allowFrom: ["+4512345678"] } },
  agents: { defaults: { model: { primary: "venice/llama-3.3-70b" }, workspace: "~/work" } },
  "x-user": [1, 2.5, { deep: true, "ü": "ø" }],
}
"""
USER_KEYS: dict[str, Any] = {
    "gateway": {"mode": "local", "port": 18789},
    "channels": {"telegram": {"enabled": False, "allowFrom": ["+4512345678"]}},
    "x-user": [1, 2.5, {"deep": True, "ü": "ø"}],
}


def parse(path: Path) -> dict[str, Any]:
    """The config as the CLI reads it (raises ConfigError when torn or invalid)."""
    data, _ = parse_config_bytes(path, path.read_bytes())
    validate_config(path, data)
    return data


def leftovers(directory: Path) -> set[str]:
    """Names in the config dir other than the config and its rotating backups."""
    allowed = re.compile(r"openclaw\.json(\.bak(\.[1-4])?)?")
    return {p.name for p in directory.iterdir() if not allowed.fullmatch(p.name)}


# -- concurrent `openclaw models set` ------------------------------------------------------
def test_concurrent_models_set_keeps_a_whole_file(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(COMMENTED_CONFIG)
    values = {lane: [f"venice/lane{lane}-set{n}" for n in range(SETS_PER_LANE)]
              for lane in range(LANES)}
    done = threading.Event()
    torn: list[str] = []
    reads = 0

    def reader() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                parse(config_path)
            except Exception as exc:  # any failure is a torn read
                torn.append(repr(exc))
            reads += 1
            done.wait(0.002)  # pace the reader: it must not starve the writers of CPU

    def lane(ids: list[str]) -> list[tuple[int, str]]:
        return [(r.code, r.stderr) for r in (cli("models", "set", ref) for ref in ids)]

    watcher = threading.Thread(target=reader)
    watcher.start()
    try:
        with ThreadPoolExecutor(LANES) as pool:
            results = [row for rows in pool.map(lane, values.values()) for row in rows]
    finally:
        done.set()
        watcher.join()
    assert [code for code, _ in results] == [0] * LANES * SETS_PER_LANE, results
    assert not torn, torn[:3]
    assert reads > 0
    final = parse(config_path)
    every = {ref for ids in values.values() for ref in ids}
    assert final["agents"]["defaults"]["model"]["primary"] in every
    # models set also adds the ref to the allow-list: a lost update would drop one
    assert every <= set(final["agents"]["defaults"]["models"])
    assert {k: final[k] for k in USER_KEYS} == USER_KEYS
    assert final["agents"]["defaults"]["workspace"] == "~/work"
    assert leftovers(config_path.parent) == set()
    for backup in config_path.parent.glob("openclaw.json.bak*"):
        if b"//" not in backup.read_bytes():  # the first backup is the commented original
            parse(backup)
    warned = sum("strip JSON5 comments" in err for _, err in results)
    assert warned == 1  # only the write that met the comments says so


# -- SIGKILL at random points ----------------------------------------------------------------
# One process imports the writer once and forks a fresh writer for each trial, so a trial
# costs a fork instead of an interpreter start-up (200 trials: ~9 s as processes, ~2 s so).
_KILL_ZYGOTE = """
import io, os, sys
from openclaw_venice_cli.config.writer import update_config
from openclaw_venice_cli.environment import Environment

def write_forever(tag):
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    n = 0

    def bump(raw):
        raw.setdefault("agents", {}).setdefault("defaults", {}).setdefault("model", {})
        raw["agents"]["defaults"]["model"]["primary"] = f"venice/kill-{tag}-{n}"
        raw["padding"] = "x" * (n % 7 * 4000)  # vary the size: a torn file would show

    while True:
        n += 1
        update_config(env, bump)

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            write_forever(line.strip())
        finally:
            os._exit(1)
    print(pid, flush=True)
    print(os.waitpid(pid, 0)[1], flush=True)  # the writer's wait status, once killed
"""


def test_sigkill_mid_write_never_corrupts(config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text('{"gateway": {"mode": "local"}, "agents": {"defaults": '
                           '{"model": {"primary": "venice/llama-3.3-70b"}}}}\n')
    rng = random.Random(int(os.environ.get("OPENCLAW_KILL_SEED", "7")))
    state = re.compile(r"venice/(llama-3\.3-70b|kill-\d+-\d+)")
    stale_temps = 0
    zygote = subprocess.Popen([sys.executable, "-c", _KILL_ZYGOTE], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for trial in range(KILL_TRIALS):
            zygote.stdin.write(f"{trial}\n")
            zygote.stdin.flush()
            writer = int(zygote.stdout.readline())  # forked: the writes are looping
            threading.Event().wait(rng.uniform(0, KILL_WINDOW))  # the random kill point
            os.kill(writer, signal.SIGKILL)
            status = int(zygote.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
            data = parse(config_path)  # never empty, never torn
            assert data["gateway"] == {"mode": "local"}
            assert state.fullmatch(data["agents"]["defaults"]["model"]["primary"])
            for backup in config_path.parent.glob("openclaw.json.bak*"):
                parse(backup)
            temps = leftovers(config_path.parent)
            assert all(name.endswith(".tmp") for name in temps), temps
            stale_temps += len(temps)
            for name in temps:  # a SIGKILLed writer cannot clean up; keep trials independent
                (config_path.parent / name).unlink()
    finally:
        zygote.stdin.close()
        zygote.wait(30)
    print(f"\nSIGKILL trials: {KILL_TRIALS}, killed mid-write (temp file left): {stale_temps}")


# -- malformed configs x every command that reads config ------------------------------------
MALFORMED: dict[str, tuple[bytes, str]] = {
    "truncated": (b'{\n  "agents": {\n    "defaults": {"model": {"primary": "venice/qwen',
                  r"JSON5: invalid end of input at 3:\d+"),
    "trailing-garbage": (b'{"agents": {}}\n}garbage\n', r"JSON5: invalid character '}' at 2:1"),
    "wrong-types": (b'{"agents": {"defaults": {"model": {"primary": 42}}}}\n',
                    r"agents\.defaults\.model\.primary must be a string \(got number\)"),
    "binary": (b'{\n  "a": 1,\n  \x89PNG\r\n\x1a\n\x00\x00}',
               r"not UTF-8 text \(byte 0x89 at 3:3\)"),
    "empty": (b"", r"the file is empty"),
}
SUBPROCESS_COMMANDS: dict[str, tuple[str, ...]] = {
    "models-list": ("models", "list"),
    "models-status": ("models", "status"),
    "models-set": ("models", "set", "venice/qwen3-4b"),
    "chat": ("chat", "--model", "venice/llama-3.3-70b", "hi"),
    "onboard-non-interactive": ("onboard", "--non-interactive", "--auth-choice",
                                "venice-api-key", "--skip-health"),
}
PTY_COMMANDS: dict[str, tuple[str, ...]] = {
    "configure": ("configure",),
    "onboard": ("onboard", "--auth-choice", "venice-api-key"),
}


def _write(path: Path, content: bytes) -> bytes:
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)
    return path.read_bytes()


def _assert_error(stderr: str, path: Path, pattern: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, stderr
    assert str(path) in errors[0], errors[0]
    assert re.search(pattern, errors[0]), errors[0]


@pytest.mark.parametrize("command", list(SUBPROCESS_COMMANDS))
@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_config_is_reported_and_kept(
    cli: CliRun, config_path: Path, emulator: VeniceEmulator, case: str, command: str
) -> None:
    content, pattern = MALFORMED[case]
    before = _write(config_path, content)
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}
    result = cli(*SUBPROCESS_COMMANDS[command], env=env)
    assert result.code == 3, result.output
    _assert_error(result.stderr, config_path, pattern)
    assert result.stdout == ""
    assert config_path.read_bytes() == before
    assert leftovers(config_path.parent) == set()
    assert emulator.requests == []  # a bad config stops the command before the network


@pytest.mark.parametrize("command", list(PTY_COMMANDS))
@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_config_in_interactive_commands(
    config_path: Path, emulator: VeniceEmulator, case: str, command: str
) -> None:
    content, pattern = MALFORMED[case]
    before = _write(config_path, content)
    session = Session(*PTY_COMMANDS[command], env={"VENICE_BASE_URL": emulator.base_url})
    session.expect("Error: ")
    code = session.finish()
    assert code == 3, session.transcript
    assert "Traceback" not in session.transcript
    _assert_error(session.transcript.replace("\r", ""), config_path, pattern)
    assert config_path.read_bytes() == before
    assert leftovers(config_path.parent) == set()
