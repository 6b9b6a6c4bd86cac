"""Fixtures for the e2e tier: a real llama-cpp-python server on a free loopback port.

The server and model come from ``scripts/setup-e2e-server.sh``, which prints the two
variables this module reads: ``E2E_SERVER_PYTHON`` (the venv's python) and
``E2E_MODEL_GGUF`` (SmolLM2-135M-Instruct). Without them the tests skip, unless
``OPENCLAW_E2E_REQUIRED=1`` (set by ``.ci/run``), where they fail instead.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.oracle import direct_answer
from tests.e2e.proxy import RecordingProxy
from tests.helpers import TEST_KEY
from tests.helpers import write_config as write_config  # for the e2e tests

MODEL_ALIAS = "smollm2-135m"
READY_TIMEOUT_S = 90.0
ROWS, COLUMNS = 30, 80  # the pseudo-terminal of the pty tests
STOP_TIMEOUT_S = 10.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class LocalServer:
    """A running llama-cpp-python server and how to reach it."""

    base_url: str  # http://127.0.0.1:<port>/v1  (no /api prefix, unlike Venice)
    api_key: str
    model: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def answer(self, messages: list[dict[str, Any]] | str, *, max_tokens: int,
               stream: bool = True, response_format: dict[str, Any] | None = None) -> str:
        """The oracle: this server's answer to one direct request at temperature 0
        (a string is one user message)."""
        if isinstance(messages, str):
            messages = [{"role": "user", "content": messages}]
        return direct_answer(self.base_url, self.api_key, self.model, messages,
                             max_tokens=max_tokens, stream=stream,
                             response_format=response_format)


def _server_files() -> tuple[str, str]:
    """The server python and model from the environment, or skip/fail with the reason."""
    python = os.environ.get("E2E_SERVER_PYTHON", "")
    model = os.environ.get("E2E_MODEL_GGUF", "")
    problem = None
    if not python or not model:
        problem = "E2E_SERVER_PYTHON / E2E_MODEL_GGUF are not set"
    elif not Path(python).is_file():
        problem = f"E2E_SERVER_PYTHON={python} does not exist"
    elif not Path(model).is_file():
        problem = f"E2E_MODEL_GGUF={model} does not exist"
    if problem is None:
        return python, model
    hint = (
        f"real-server e2e tests need llama-cpp-python: {problem}; run "
        '`eval "$(scripts/setup-e2e-server.sh)"` first'
    )
    if os.environ.get("OPENCLAW_E2E_REQUIRED") == "1":
        pytest.fail(f"OPENCLAW_E2E_REQUIRED=1 but {hint}", pytrace=False)
    pytest.skip(hint)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(path: Path, lines: int = 30) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def _models_status(base_url: str, key: str) -> int | None:
    """HTTP status of GET /v1/models with the key, or None when nothing answers yet."""
    request = urllib.request.Request(
        base_url + "/models", headers={"Authorization": f"Bearer {key}"}
    )
    try:
        with _NO_PROXY.open(request, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


# Deterministic answers: with --temperature 0 the server decodes greedily, and with a batch
# of one token every prompt is evaluated token by token, the same way whatever the previous
# request left in the KV cache (with the default batch of 512, a prompt evaluated in one
# batch and the same prompt re-evaluated after a prefix hit can give different answers).
# That makes one direct request an exact oracle for what the CLI prints (tests/e2e/oracle.py).
DETERMINISTIC = ("--n_batch", "1", "--n_ubatch", "1")


def start_server(log_dir: Path, api_key: str = TEST_KEY, *,
                 extra_args: tuple[str, ...] = (), prove: bool = True,
                 batch: tuple[str, ...] = DETERMINISTIC) -> LocalServer:
    """Start the server on a free port; return once it has generated a few tokens
    (``extra_args`` are added to its command line; ``prove=False`` skips the generation
    check and ``batch=()`` keeps the default batch, for a server started only for
    embeddings: with a batch of one token llama-cpp-python embeds only the last one)."""
    python, model = _server_files()
    port = _free_port()
    log_path = log_dir / f"llama-server-{port}.log"
    args = [
        python, "-m", "llama_cpp.server", "--model", model, "--model_alias", MODEL_ALIAS,
        "--host", "127.0.0.1", "--port", str(port),
        "--n_threads", "1", "--n_threads_batch", "1", "--n_ctx", "2048", *batch,
        "--api_key", api_key, "--interrupt_requests", "False", *extra_args,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LocalServer(f"http://127.0.0.1:{port}/v1", api_key, MODEL_ALIAS, process, log_path)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while _models_status(server.base_url, api_key) != 200:
        if time.monotonic() > deadline:
            stop_server(server)
            pytest.fail(
                f"llama server not ready after {READY_TIMEOUT_S:.0f} s; log tail:\n"
                + _log_tail(log_path), pytrace=False,
            )
        try:  # waits up to 0.1 s between polls, and notices at once when it died
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        check_alive(server)
    if prove:
        _prove_generation(server)
    return server


def _prove_generation(server: LocalServer) -> None:
    """One short completion: a server that answers /v1/models but crashes on its first
    generation (the AMX segfault of issue 11) fails here, not in the first test."""
    body = {"model": server.model, "messages": [{"role": "user", "content": "Hi"}],
            "max_tokens": 2, "temperature": 0}
    request = urllib.request.Request(
        server.base_url + "/chat/completions", data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {server.api_key}",
                 "Content-Type": "application/json"})
    try:
        with _NO_PROXY.open(request, timeout=READY_TIMEOUT_S) as response:
            if "message" not in json.load(response)["choices"][0]:
                raise ValueError("no message in the completion")
    except (OSError, ValueError, LookupError, TypeError) as error:
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=2)  # a crash closes the connection first
        check_alive(server)
        stop_server(server)
        pytest.fail(f"llama server did not generate ({error!r}); log tail:\n"
                    + _log_tail(server.log_path), pytrace=False)


def check_alive(server: LocalServer) -> None:
    """Fail with the exit code and log tail when the server process has ended."""
    code = server.process.poll()
    if code is not None:
        pytest.fail(f"llama server exited with code {code}; log tail:\n"
                    + _log_tail(server.log_path), pytrace=False)


def stop_server(server: LocalServer) -> None:
    """Terminate the server (kill it if it does not stop in time)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One server for the whole run (tests run serially against it)."""
    server = start_server(tmp_path_factory.mktemp("llama-server"))
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def embedding_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A second server with embeddings enabled (llama-cpp-python's `--embedding true`
    serves /v1/embeddings), for `openclaw infer embedding create`."""
    server = start_server(tmp_path_factory.mktemp("llama-embeddings"),
                          extra_args=("--embedding", "True"), prove=False, batch=())
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def private_llm_server(tmp_path: Path) -> Iterator[LocalServer]:
    """A server of this test's own, for tests that kill it (not checked after the test)."""
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(autouse=True)
def server_alive(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared server must be running before and after every test that uses it: once
    it has died (a segfault), each test fails with its exit code and log tail instead of
    "Connection refused"."""
    if "llm_server" not in request.fixturenames:
        yield
        return
    server: LocalServer = request.getfixturevalue("llm_server")
    check_alive(server)
    yield
    check_alive(server)


@pytest.fixture
def proxy(llm_server: LocalServer) -> Iterator[RecordingProxy]:
    """A recording proxy in front of the shared server (what exactly the CLI sent)."""
    recorder = RecordingProxy(llm_server.base_url)
    try:
        yield recorder
    finally:
        recorder.close()


def venice_env(server: LocalServer, key: str | None = None) -> dict[str, str]:
    """Variables that point the `venice` provider at ``server`` (base URL ends in /v1)."""
    return {"VENICE_BASE_URL": server.base_url, "VENICE_API_KEY": key or server.api_key}


@pytest.fixture
def server_env(llm_server: LocalServer) -> dict[str, str]:
    """CLI environment for the shared server, configured through the variables."""
    return venice_env(llm_server)


def spawn_cli(
    args: list[str], env: Mapping[str, str], *, timeout: float = 60, rows: int = ROWS,
    columns: int = COLUMNS,
) -> Any:
    """Run the real CLI in a rows x columns pseudo-terminal (pexpect), with ``env`` added;
    ``child.logfile_read`` keeps everything it wrote (``screen_lines(child.logfile_read
    .getvalue(), ...)`` is what a user sees)."""
    import pexpect

    full_env = {**os.environ, **env}
    full_env.pop("NO_COLOR", None)
    command = openclaw_command()
    child = pexpect.spawn(
        command[0], [*command[1:], *args], env=full_env,
        encoding="utf-8", codec_errors="replace", timeout=timeout, dimensions=(rows, columns),
    )
    child.logfile_read = io.StringIO()
    return child


def openclaw_command() -> list[str]:
    """The installed `openclaw` console script beside this python (else ``python -m``)."""
    script = Path(sys.executable).with_name("openclaw")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "openclaw_venice_cli"]
