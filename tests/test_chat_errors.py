"""Every API or network failure of `openclaw chat`: one stderr line, the documented code."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.helpers import TEST_KEY, CliRun


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, 10), (401, 4), (402, 5), (403, 4), (404, 6), (413, 10), (422, 10),
     (429, 7), (500, 8), (503, 8)],
)
def test_http_errors_map_to_exit_codes(
    cli: CliRun, emulator: Any, status: int, code: int
) -> None:
    emulator.set_scenario("http-error", status=status, headers={"retry-after": "0"})
    result = run_chat(cli, emulator, "hello")
    assert result.code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: ")
    assert sum(line.startswith("Error:") for line in lines) == 1


def test_rejected_key_is_auth_error_and_never_printed(cli: CliRun, emulator: Any) -> None:
    emulator.keys = {"some-other-key-0123456789"}
    result = run_chat(cli, emulator, "hello")
    assert result.code == 4
    assert "401" in result.stderr
    assert TEST_KEY not in result.output


def test_connection_refused_is_network_error(cli: CliRun, emulator: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on `port` any more: every attempt is refused.
    result = run_chat(cli, emulator, "hello",
                      env={"VENICE_BASE_URL": f"http://127.0.0.1:{port}/api/v1"})
    assert result.code == 9, result.output
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


def test_missing_key_is_a_general_error(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "hello", env={"VENICE_API_KEY": ""})
    assert result.code == 1
    assert "API key" in result.stderr
    assert chat_requests(emulator) == []


def test_unknown_provider(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--model", "nosuch/model", "hello")
    assert result.code == 1
    assert 'Unknown provider "nosuch"' in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "--schema", "x.json", "q"], "cannot be used together"),
        (["--web-search", "maybe", "q"], "on, auto or off"),
        (["--temperature", "5", "q"], "between 0 and 2"),
        (["--continue", "--conversation", "abc", "q"], "cannot be used together"),
        (["--tools", "missing.json", "q"], "not found"),
    ],
)
def test_bad_flags_are_usage_errors(
    cli: CliRun, emulator: Any, args: list[str], message: str
) -> None:
    result = run_chat(cli, emulator, *args)
    assert result.code == 2
    assert message in result.stderr
    assert chat_requests(emulator) == []


def test_ctrl_c_while_piped_keeps_partial_output_and_exits_130(emulator: Any) -> None:
    import os
    import signal
    import subprocess
    import sys

    from tests.chat_support import chat_env

    emulator.set_scenario("stall", text="Alpha beta gamma delta epsilon zeta")
    proc = subprocess.Popen(
        [sys.executable, "-m", "openclaw_venice_cli", "chat", "q"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **chat_env(emulator)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    received = b""
    while b"Alpha beta" not in received:  # wait for the partial answer itself
        chunk = os.read(proc.stdout.fileno(), 1024)
        assert chunk, "the stream ended before the partial answer arrived"
        received += chunk
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    output = (received + rest).decode()
    assert output.startswith("Alpha beta") and output.endswith("\n")  # the line is ended
    assert "Alpha beta gamma".startswith(output[:-1])
    assert err.decode() == "Interrupted.\n"  # the user's own Ctrl-C is not an "Error:"


def test_closed_stdout_stops_quietly(emulator: Any) -> None:
    import os
    import subprocess
    import sys

    from tests.chat_support import chat_env

    emulator.set_scenario("long", tokens=40000)  # far more than a pipe buffer holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "openclaw_venice_cli", "chat", "--no-save", "q"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **chat_env(emulator)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(20)  # like `| head -c 20`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Error" not in err and "Traceback" not in err


def test_stdin_over_16_mib_is_refused_before_any_request(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "summarise", input="x" * (16 * 1024 * 1024 + 1))
    assert result.code == 2
    assert result.stderr == ("Error: stdin holds more than 16 MiB, more than any model's "
                             "context window; send a part of it.\n")
    assert chat_requests(emulator) == []
    exactly = run_chat(cli, emulator, "summarise", input="x" * (16 * 1024 * 1024))
    assert len(chat_requests(emulator)) == 1  # 16 MiB is sent (and too long for the model)
    assert exactly.code == 10, exactly.stderr


def test_a_schema_file_over_1_mib_is_refused(cli: CliRun, emulator: Any, tmp_path: Path) -> None:
    schema = tmp_path / "big.json"
    schema.write_text('{"type": "object", "description": "' + "x" * (1024 * 1024) + '"}')
    result = run_chat(cli, emulator, "--schema", str(schema), "q")
    assert result.code == 2
    assert result.stderr == (f"Error: Schema file {schema} is larger than openclaw's 1 MB "
                             "limit.\n")
    assert chat_requests(emulator) == []
