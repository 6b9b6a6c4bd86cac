"""Nothing lost, every failure one documented line: unwritable data folders, concurrent
turns, damaged conversation files, closed or full standard streams, odd encodings,
SIGTERM/SIGHUP mid-answer (real processes and a pty where they matter)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun, Result, record_result
from tests.pty_session import Session

FULL = "Hello! How can I help you today?"
CHAT = ("chat", "--model", "venice/llama-3.3-70b")


def conversations(home: Path) -> list[dict[str, Any]]:
    folder = home / ".local" / "share" / "openclaw" / "conversations"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


@pytest.fixture
def chat_env(emulator: VeniceEmulator) -> dict[str, str]:
    return {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}


def _shell(script: str, env: dict[str, str], timeout: float = 60) -> Result:
    """Run ``script`` with ``$OPENCLAW`` = the real CLI (for redirections like >&-)."""
    full = {**os.environ, **env, "OPENCLAW": f"{sys.executable} -m openclaw_venice_cli"}
    proc = subprocess.run(["bash", "-c", script], capture_output=True, env=full,
                          timeout=timeout, check=False)
    result = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                    proc.stderr.decode("utf-8", "replace"))
    record_result(result)
    assert "Traceback" not in result.output, result.output
    return result


# -- 1. saving never fails a turn ----------------------------------------------------------
@pytest.mark.parametrize(("scenario", "options", "code", "stdout", "error"), [
    ("plain", {}, 0, FULL, None),
    ("truncated", {}, 9, "Hello!", "Error: The connection closed before the answer was "
                                   "complete"),
    ("inband-error", {}, 8, "Partial answer", "Error: The server failed during the answer: "
                                              "The model is currently overloaded"),
])
def test_an_unwritable_data_folder_is_one_warning(
        scenario: str, options: dict[str, Any], code: int, stdout: str, error: str | None,
        cli: CliRun, emulator: VeniceEmulator, chat_env: dict[str, str],
        tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    emulator.set_scenario(scenario, **options)
    result = cli(*CHAT, "hi", env={**chat_env, "OPENCLAW_DATA_DIR": str(blocker / "data")})
    assert (result.code, result.stdout) == (code, stdout + "\n")  # the turn's own status
    warning = (f"Warning: Could not save the conversation to {blocker / 'data'}: "
               "Not a directory")
    lines = result.stderr.splitlines()
    assert lines[0] == warning
    assert [line for line in lines[1:]] == ([] if error is None else [lines[1]])
    if error is not None:
        assert lines[1].startswith(error)
    assert blocker.read_text() == "in the way\n"


def test_a_home_that_cannot_be_created(process_cli: Any, chat_env: dict[str, str]) -> None:
    """HOME=/proc/… cannot be created, even by root; the answer still arrives (exit 0)."""
    env = {**chat_env, "HOME": "/proc/no-such-home", "XDG_DATA_HOME": "",
           "XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": ""}
    result = process_cli(*CHAT, "hi", env=env)
    assert (result.code, result.stdout) == (0, FULL + "\n"), result.output
    assert result.stderr.splitlines() == [
        "Warning: Could not save the conversation to /proc/no-such-home: "
        "No such file or directory"]


# -- 2. concurrent turns on one conversation --------------------------------------------------
def test_concurrent_continues_lose_no_turn(emulator: VeniceEmulator, chat_env: dict[str, str],
                                           isolated_home: Path, cli: CliRun) -> None:
    emulator.set_scenario("echo")
    first = cli(*CHAT, "base question", env=chat_env)
    assert first.code == 0
    [base] = conversations(isolated_home)
    runs = 4
    emulator.set_scenario("echo", barrier=runs)  # every answer waits until all 4 asked
    procs = [subprocess.Popen(
        [sys.executable, "-m", "openclaw_venice_cli", *CHAT, "--continue", f"turn {i}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **chat_env})
        for i in range(runs)]
    outputs = [proc.communicate(timeout=60) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        record_result(Result(proc.returncode, out.decode(), err.decode()))
        assert proc.returncode == 0, err
    notices = sum(err.decode().count("was also changed by another openclaw") for _, err
                  in outputs)
    assert notices == runs - 1  # all four read the file before any saved
    [saved] = conversations(isolated_home)
    assert saved["id"] == base["id"]
    messages = saved["messages"]
    assert messages[:2] == base["messages"]
    turns = [(messages[i]["content"], messages[i + 1]["content"])
             for i in range(2, len(messages), 2)]
    assert sorted(turns) == [(f"turn {i}", f"turn {i}") for i in range(runs)]


def test_a_file_damaged_during_the_turn_is_kept_and_the_turn_saved_apart(
        emulator: VeniceEmulator, chat_env: dict[str, str], isolated_home: Path,
        cli: CliRun) -> None:
    emulator.set_scenario("echo")
    assert cli(*CHAT, "base question", env=chat_env).code == 0
    folder = isolated_home / ".local" / "share" / "openclaw" / "conversations"
    [path] = list(folder.glob("*.json"))
    emulator.set_scenario("echo", gate=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "openclaw_venice_cli", *CHAT, "--continue", "second"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **chat_env})
    from tests.test_interrupts import wait_until

    wait_until(lambda: emulator.waiting_at_gate() == 1, proc)  # it has read the file
    path.write_text("{ damaged by hand")
    emulator.open_gate()
    out, err = proc.communicate(timeout=60)
    record_result(Result(proc.returncode, out.decode(), err.decode()))
    assert (proc.returncode, out.decode()) == (0, "second\n")
    assert path.read_text() == "{ damaged by hand"  # never overwritten
    [other] = [p for p in folder.glob("*.json") if p != path]
    assert err.decode().startswith(f"Continuing conversation {path.stem} (1 turn, ")
    assert err.decode().splitlines()[1:] == [
        f"Note: ~/.local/share/openclaw/conversations/{path.name} could not be updated "
        f"(damaged); this conversation was saved as {other.stem}."]
    saved = json.loads(other.read_text())
    assert [m["content"] for m in saved["messages"]] == [
        "base question", "base question", "second", "second"]


# -- 5. damaged conversation files do not break --list ----------------------------------------
def test_damaged_files_are_skipped_by_list(cli: CliRun, emulator: VeniceEmulator,
                                           chat_env: dict[str, str],
                                           isolated_home: Path) -> None:
    assert cli(*CHAT, "a good one", env=chat_env).code == 0
    folder = isolated_home / ".local" / "share" / "openclaw" / "conversations"
    (folder / "deep.json").write_text("[" * 100_000)
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "shape.json").write_text('{"messages": "not a list"}')
    (folder / "dir.json").mkdir()
    os.mkfifo(folder / "fifo.json")  # would block a plain read forever
    result = cli("chat", "--list")
    assert result.code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.endswith("venice/llama-3.3-70b  a good one")
    skipped = sorted(line.split(":", 1)[0] for line in result.stderr.splitlines())
    assert skipped == [f"Skipping ~/.local/share/openclaw/conversations/{name}.json"
                       for name in ("binary", "deep", "dir", "fifo", "shape")]
    assert "nested too deeply" in result.stderr


# -- 5. closed and full standard streams, encodings --------------------------------------------
def test_closed_stdout_is_one_line_and_nothing_is_sent(chat_env: dict[str, str],
                                                       emulator: VeniceEmulator) -> None:
    result = _shell('$OPENCLAW chat hi >&-', chat_env)
    assert result.code == 1
    assert result.stderr == ("Error: Could not write the output: stdout is closed (>&-); "
                             "redirect it to /dev/null to discard it\n")
    assert emulator.requests == []


def test_closed_stdin_reads_as_empty(chat_env: dict[str, str]) -> None:
    result = _shell('$OPENCLAW chat hi <&-', chat_env)
    assert (result.code, result.stdout, result.stderr) == (0, FULL + "\n", "")
    result = _shell('$OPENCLAW chat <&-', chat_env)
    assert (result.code, result.stderr) == (
        2, "Error: Nothing to send: stdin was empty and no prompt was given.\n")


def test_closed_stderr_keeps_the_exit_code(chat_env: dict[str, str],
                                           emulator: VeniceEmulator,
                                           isolated_home: Path) -> None:
    emulator.set_scenario("http-error", status=400, body="400_context_length")
    result = _shell('$OPENCLAW chat hi 2>&-', chat_env)
    assert (result.code, result.stdout, result.stderr) == (10, "", "")
    emulator.set_scenario("truncated")
    result = _shell('$OPENCLAW chat hi 2>&-', chat_env)
    assert (result.code, result.stdout) == (9, "Hello!\n")
    assert conversations(isolated_home)[0]["messages"][-1]["content"] == "Hello!"


def test_a_full_stdout_is_one_line(chat_env: dict[str, str], isolated_home: Path) -> None:
    result = _shell('$OPENCLAW chat hi >/dev/full', chat_env)
    assert (result.code, result.stderr) == (
        1, "Error: Could not write the output: No space left on device\n")
    [saved] = conversations(isolated_home)  # the answer arrived: it is kept
    assert saved["messages"][-1] == {"role": "assistant", "content": FULL}
    result = _shell('$OPENCLAW models list --plain >/dev/full', {})  # buffered, flushed late
    assert result.code == 1
    assert _errors(result.stderr) == [
        "Error: Could not write the output: No space left on device"]


def test_an_encoding_without_emoji_replaces_them(chat_env: dict[str, str],
                                                 emulator: VeniceEmulator,
                                                 tmp_path: Path) -> None:
    """A Latin-1 locale: what it can encode is written in it, the rest as ``?``."""
    emulator.set_scenario("utf8-split")
    out = tmp_path / "out.bin"
    result = _shell(f'PYTHONIOENCODING=latin-1 $OPENCLAW chat hi > "{out}"', chat_env)
    assert (result.code, result.stderr) == (0, "")
    text = "Grüße aus København — 東京 👋🏽 ça va? Ωμέγα ✓"
    assert out.read_bytes() == (text + "\n").encode("latin-1", "replace")
    result = _shell("PYTHONIOENCODING=ascii $OPENCLAW chat --model 'venice/ünï' hi", chat_env)
    assert result.code == 6
    assert result.stderr.encode("ascii")  # the message itself, with ? for what it lacks


# -- 7. SIGTERM / SIGHUP mid-answer ------------------------------------------------------------
@pytest.mark.parametrize(("signum", "code", "line", "status"), [
    (signal.SIGTERM, 143, "Error: Terminated (SIGTERM).", "terminated"),
    (signal.SIGHUP, 129, "Error: Hung up (SIGHUP): the terminal went away.", "hangup"),
])
def test_a_signal_on_a_terminal_restores_it_and_keeps_the_answer(
        signum: int, code: int, line: str, status: str, emulator: VeniceEmulator,
        chat_env: dict[str, str], isolated_home: Path) -> None:
    emulator.set_scenario("stall", seconds=60, text="Streaming words then a stall")
    session = Session(*CHAT, "hi", env={**chat_env, "HOME": str(isolated_home)})
    session.expect("Streaming")
    session.child.kill(signum)
    assert session.finish() == code
    screen = session.transcript
    assert "Traceback" not in screen
    assert screen.rstrip().endswith(line)
    assert screen.rfind("\x1b[?25h") > screen.rfind("\x1b[?25l") >= 0  # cursor shown again
    [saved] = conversations(isolated_home)
    assert saved["status"] == status
    assert saved["messages"][-1] == {"role": "assistant", "content": "Streaming words"}


def signal_mid_stall(signum: int, env: dict[str, str]) -> Result:
    """A real `chat` (stdout piped) that printed "Hello!" and stalls gets ``signum``."""
    from tests.test_interrupts import read_until, start

    proc = start(*CHAT, "hi", env=env)
    first = read_until(proc, b"Hello!")  # all the text before the stall has been printed
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    result = Result(proc.returncode, (first + out).decode(), err.decode())
    record_result(result)
    return result


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_while_piped_keeps_the_partial_answer(
        signum: int, code: int, emulator: VeniceEmulator, chat_env: dict[str, str],
        isolated_home: Path) -> None:
    emulator.set_scenario("stall", seconds=60)
    result = signal_mid_stall(signum, chat_env)
    assert (result.code, result.stdout) == (code, "Hello!\n")
    assert len(_errors(result.stderr)) == 1 and "Traceback" not in result.stderr
    [saved] = conversations(isolated_home)
    assert saved["messages"][-1] == {"role": "assistant", "content": "Hello!"}


# -- 5. config limits and unparsable URLs through the CLI ---------------------------------------
def test_config_nesting_at_and_over_the_limit(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text('{"x": ' + '{"a": ' * 63 + "1" + "}" * 63 + "}")  # 64 levels
    assert cli("models", "status").code == 0
    config_path.write_text('{"x": ' + '{"a": ' * 900 + "1" + "}" * 900 + "}")
    result = cli("models", "status")
    assert (result.code, result.stdout) == (3, "")
    assert result.stderr == (f"Error: Failed to read config at {config_path}: nested too "
                             "deeply (more than 64 levels)\n")


@pytest.mark.parametrize("url", ["http://[::1", "http://[::1/v1", "https://user:pw@[bad/v1"])
def test_an_unparsable_base_url_is_a_config_error(url: str, cli: CliRun,
                                                  config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"models": {"providers": {"local": {
        "baseUrl": url, "api": "openai-completions"}}}}))
    result = cli("chat", "--model", "local/m", "hi")
    shown = url.replace(":pw@", ":***@")
    assert (result.code, result.stderr) == (3, (
        f"Error: Invalid config at {config_path}: models.providers.local.baseUrl must be "
        f'an http(s) URL (got "{shown}")\n'))


def test_an_unparsable_base_url_variable_is_a_usage_error(cli: CliRun) -> None:
    result = cli("chat", "hi", env={"VENICE_API_KEY": TEST_KEY,
                                    "VENICE_BASE_URL": "http://[::1"})
    assert (result.code, result.stderr) == (2, (
        'Error: Invalid base URL "http://[::1": it must start with https:// (or http:// for '
        "a local server).\n"))


# -- 8. secrets elsewhere ---------------------------------------------------------------------
def test_models_status_masks_a_password_in_the_base_url(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"models": {"providers": {"gpu": {
        "baseUrl": "https://alice:s3cret-Pa55word@gpu.example.com:8443/v1",
        "api": "openai-completions", "models": [{"id": "m"}]}}}}))
    text = cli("models", "status")
    assert "- gpu effective=missing | baseUrl=https://alice:***@gpu.example.com:8443/v1" in (
        text.stdout.splitlines())
    as_json = json.loads(cli("models", "status", "--json").stdout)
    [gpu] = [p for p in as_json["providers"] if p["name"] == "gpu"]
    assert gpu["baseUrl"] == "https://alice:***@gpu.example.com:8443/v1"
    assert "s3cret" not in text.output + json.dumps(as_json)


ONBOARD = ("onboard", "--non-interactive", "--auth-choice", "venice-api-key")


def _stored_key(config_path: Path) -> str:
    data = json.loads(config_path.read_text())
    return str(data["env"]["vars"]["VENICE_API_KEY"])


@pytest.mark.parametrize("piped", [TEST_KEY, f"{TEST_KEY}\n", f"# my key\n\n  {TEST_KEY}  \n",
                                   f'export VENICE_API_KEY="{TEST_KEY}"\n'])
def test_the_key_from_stdin(piped: str, cli: CliRun, emulator: VeniceEmulator,
                            config_path: Path) -> None:
    result = cli(*ONBOARD, "--venice-api-key", "-", input=piped,
                 env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    assert _stored_key(config_path) == TEST_KEY
    assert "Venice AI key: VENI…nopq (from stdin)" in result.stdout
    assert "visible to other local users" not in result.stderr  # the safe form: no note
    assert emulator.requests[-1].headers["authorization"] == f"Bearer {TEST_KEY}"


@pytest.mark.key_in_files  # the key file itself holds the key
def test_the_key_from_a_file(cli: CliRun, emulator: VeniceEmulator, config_path: Path,
                             tmp_path: Path) -> None:
    key_file = tmp_path / "venice.key"
    key_file.write_text(TEST_KEY + "\n")
    result = cli(*ONBOARD, "--venice-api-key-file", str(key_file),
                 env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    assert _stored_key(config_path) == TEST_KEY
    assert "(from file)" in result.stdout


@pytest.mark.parametrize(("args", "piped", "message"), [
    (("--venice-api-key", "-"), "", "No API key in stdin."),
    (("--venice-api-key", "-"), "-\n", "No API key in stdin."),
    (("--venice-api-key", "-"), "x" * 5000, "stdin holds more than 4096 bytes; it should "
                                            "hold only the API key."),
    (("--venice-api-key-file", "/nonexistent/key"), "", "Cannot read the key file "
                                                        "/nonexistent/key: No such file or "
                                                        "directory."),
    (("--venice-api-key", "-", "--venice-api-key-file", "k"), "",
     "Use --venice-api-key or --venice-api-key-file, not both."),
])
def test_bad_key_input_is_one_line_and_nothing_is_written(
        args: tuple[str, ...], piped: str, message: str, cli: CliRun,
        emulator: VeniceEmulator, config_path: Path) -> None:
    result = cli(*ONBOARD, *args, input=piped, env={"VENICE_BASE_URL": emulator.base_url})
    assert (result.code, result.stderr) == (2, f"Error: {message}\n")
    assert not config_path.exists() and emulator.requests == []


def test_a_key_on_the_command_line_gets_a_note(cli: CliRun, emulator: VeniceEmulator,
                                               config_path: Path) -> None:
    result = cli(*ONBOARD, "--venice-api-key", TEST_KEY,
                 env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0
    assert result.stderr.splitlines()[0] == (
        "Note: a key given as --venice-api-key KEY is visible to other local users (ps) "
        "while openclaw runs; prefer --venice-api-key - (stdin) or --venice-api-key-file "
        "PATH.")
    assert _stored_key(config_path) == TEST_KEY


def test_stdin_key_on_a_terminal_is_refused(emulator: VeniceEmulator,
                                            config_path: Path) -> None:
    session = Session(*ONBOARD, "--venice-api-key", "-",
                      env={"VENICE_BASE_URL": emulator.base_url})
    session.expect("Error: --venice-api-key - reads the key from stdin, but stdin is a "
                   "terminal; pipe the key in, or use --venice-api-key-file.")
    assert session.finish() == 2
    assert not config_path.exists()


def test_a_wide_only_backup_is_tightened(cli: CliRun, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text("{}\n")
    config_path.chmod(0o600)
    old = config_path.with_name("openclaw.json.bak.4")
    old.write_text('{"old": true}\n')
    old.chmod(0o644)  # copied in by hand: the only backup, readable by everyone
    assert cli("models", "set", "venice/qwen3-4b").code == 0
    modes = {p.name: p.stat().st_mode & 0o777 for p in config_path.parent.iterdir()}
    assert modes == {"openclaw.json": 0o600, "openclaw.json.bak": 0o600,
                     "openclaw.json.bak.4": 0o600}
    assert old.read_text() == '{"old": true}\n'  # tightened, not lost


def test_includes_within_the_limit_merged_past_it(cli: CliRun, config_path: Path) -> None:
    """Each file nests 40 levels (fine alone); merged they nest 81: one line, exit 3."""
    config_path.parent.mkdir(mode=0o700)

    def deep(levels: int, bottom: str) -> str:
        return '{"a": ' * levels + bottom + "}" * levels

    (config_path.parent / "inner.json").write_text(deep(40, "1"))
    (config_path.parent / "outer.json").write_text(deep(40, '{"$include": "./inner.json"}'))
    config_path.write_text('{"x": {"$include": "./outer.json"}}')
    result = cli("models", "status")
    assert (result.code, result.stdout) == (3, "")
    assert result.stderr == (f"Error: Failed to read config at {config_path}: nested too "
                             "deeply (more than 64 levels)\n")


def test_ctrl_c_with_an_unwritable_data_folder_is_still_130(
        emulator: VeniceEmulator, chat_env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    emulator.set_scenario("stall", seconds=60)
    result = signal_mid_stall(signal.SIGINT,
                              {**chat_env, "OPENCLAW_DATA_DIR": str(blocker / "data")})
    assert (result.code, result.stdout) == (130, "Hello!\n")  # was 1 before: the save error
    assert result.stderr.splitlines() == [
        f"Warning: Could not save the conversation to {blocker / 'data'}: Not a directory",
        "Interrupted."]


def test_a_damaged_model_cache_is_ignored(cli: CliRun, emulator: VeniceEmulator,
                                          isolated_home: Path) -> None:
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}
    assert cli("models", "list", "--plain", "--refresh", env=env).code == 0
    live = cli("models", "list", "--plain", env=env).stdout
    [cache] = list((isolated_home / ".cache" / "openclaw").glob("models-*[0-9a-f].json"))
    cache.write_text("[" * 100_000)  # nested past any recursion limit
    emulator.reset()
    result = cli("models", "list", "--plain", env=env)  # no cache: discovery again
    assert (result.code, result.stdout, result.stderr) == (0, live, "")
    assert [r.path for r in emulator.requests] == [
        "/api/v1/models", "/api/v1/models/compatibility_mapping"]
