"""Failures a real server produces: its own 401 body, and the server dying mid-stream."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.e2e.conftest import LocalServer, openclaw_command, venice_env
from tests.helpers import OTHER_KEY, CliRun

pytestmark = pytest.mark.e2e

MODEL_REF = "venice/smollm2-135m"
AUTH, SERVER, NETWORK = 4, 8, 9


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


def test_wrong_key_is_an_auth_error(llm_server: LocalServer, cli: CliRun) -> None:
    # llama-cpp-python answers 401 {"detail": "Invalid API key"} (FastAPI's shape, not Venice's).
    result = cli("chat", "--model", MODEL_REF, "--max-tokens", "16", "Hi.",
                 env=venice_env(llm_server, key=OTHER_KEY))
    assert result.code == AUTH, result.output
    assert result.stdout == ""
    assert len(_error_lines(result.stderr)) == 1, result.stderr
    assert "Traceback" not in result.output
    assert OTHER_KEY not in result.output
    assert llm_server.api_key not in result.output


def test_server_killed_mid_stream(private_llm_server: LocalServer) -> None:
    server = private_llm_server
    env = {**os.environ, **venice_env(server)}
    cli = subprocess.Popen(
        [*openclaw_command(), "chat", "--model", MODEL_REF,
         "--max-tokens", "400", "Write a long story about a dragon who learns to bake bread."],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert cli.stdout is not None
    try:
        first = b""
        while not first.strip():  # blocks until the first streamed text (not whitespace)
            chunk = os.read(cli.stdout.fileno(), 65536)
            if not chunk:
                break
            first += chunk
        server.process.kill()
        server.process.wait()
        rest, err_bytes = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    stdout = (first + rest).decode("utf-8", "replace")
    stderr = err_bytes.decode("utf-8", "replace")
    assert first.strip(), f"no text before the kill; stderr: {stderr!r}"
    assert cli.returncode in (NETWORK, SERVER), (cli.returncode, stdout, stderr)
    assert stdout.startswith(first.decode("utf-8", "replace")), "partial answer was not kept"
    assert len(_error_lines(stderr)) == 1, stderr
    assert "Traceback" not in stdout + stderr
