"""Running the CLI in tests: in-process through ``cli.main`` (the default) or as a process.

``CliRun`` calls ``openclaw_venice_cli.cli.main(args, Environment(...))`` with its own
stdin/stdout/stderr (byte-backed text streams, no TTY) and ``os.environ`` plus the test's
variables, in about a millisecond or two instead of ~200 ms per process. ``ProcessCliRun``
runs the real ``python -m openclaw_venice_cli`` for what needs a process (start-up,
signals, concurrency, real file descriptors). Both return the same :class:`Result` and
both assert that no traceback reached the output.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Obviously fake keys in both real-world spellings (real keys are not vapi_...).
TEST_KEY = "VENICE_INFERENCE_KEY_testKEY0123456789abcdefghijklmnopq"
OTHER_KEY = "VENICE-ADMIN-KEY-otherKEY9876543210zyxwvutsrqponmlk"


def closed_port_url(prefix: str = "/api/v1") -> str:
    """A loopback base URL nobody listens on (connection refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{prefix}"


def write_config(path: Path, data: Mapping[str, Any] | str) -> bytes:
    """Write a config the way the CLI does (dir 0700, file 0600): text as given, an object
    as indented JSON; returns the bytes written (to compare with later)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2) + "\n",
                    encoding="utf-8")
    path.chmod(0o600)
    return path.read_bytes()


def read_config(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# Every CLI result of the running test (tests/leakcheck.py scans them for full keys).
RESULTS: list[Result] = []


def record_result(result: Result) -> None:
    """Keep ``result`` for the session-wide leak check."""
    RESULTS.append(result)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = field(default=b"", repr=False)  # in-process runs: exact bytes

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _text_stream(data: bytes = b"") -> io.TextIOWrapper:
    """A text stream over bytes, like a real pipe's (``.buffer`` exists, no newline
    translation, UTF-8 with the interpreter's strictness)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="",
                            write_through=True)


def _value(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8", "replace")


def _checked(result: Result, environ: Mapping[str, str], check_no_traceback: bool) -> Result:
    record_result(result)
    if check_no_traceback and environ.get("OPENCLAW_DEBUG") in (None, "", "0"):
        assert "Traceback" not in result.output, result.output
    return result


class CliRun:
    """Run ``openclaw`` in-process: ``cli("models", "list", env={...}, input="...")``.

    ``sleep`` replaces the client's retry waits (a recorder by default: no real
    backoff in tests); ``sleeps`` lists the waits the last run asked for.
    """

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        input: str | None = None,
        timeout: float = 60,
        check_no_traceback: bool = True,
        sleep: Callable[[float], None] | None = None,
    ) -> Result:
        from openclaw_venice_cli.cli import main
        from openclaw_venice_cli.environment import Environment

        del timeout  # pytest-timeout bounds an in-process run
        environ = {**os.environ, **(env or {})}
        stdin = _text_stream((input or "").encode("utf-8"))
        stdout, stderr = _text_stream(), _text_stream()
        self.sleeps = []
        environment = Environment(stdin=stdin, stdout=stdout, stderr=stderr, environ=environ,
                                  stdin_isatty=False, stdout_isatty=False,
                                  stderr_isatty=False, sleep=sleep or self.sleeps.append)
        code = main(list(args), environment)
        stdout.flush()
        raw = stdout.buffer.getvalue() if isinstance(stdout.buffer, io.BytesIO) else b""
        return _checked(Result(code, _value(stdout), _value(stderr), raw), environ,
                        check_no_traceback)


class ProcessCliRun:
    """Call ``openclaw`` as a subprocess (``python -m openclaw_venice_cli``)."""

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        input: str | None = None,
        timeout: float = 60,
        check_no_traceback: bool = True,
    ) -> Result:
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "openclaw_venice_cli", *args],
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            env=full_env,
            timeout=timeout,
        )
        return _checked(Result(proc.returncode, proc.stdout, proc.stderr), full_env,
                        check_no_traceback)


# The seed's 25 models (shared/seed/venice-provider.da.md, "Tilgængelige modeller"), written
# out here so no expectation is computed from the product's own catalog.
SEED_PRIVATE = (
    "llama-3.3-70b", "llama-3.2-3b", "hermes-3-llama-3.1-405b", "qwen3-235b-a22b-thinking-2507",
    "qwen3-235b-a22b-instruct-2507", "qwen3-coder-480b-a35b-instruct", "qwen3-next-80b",
    "qwen3-vl-235b-a22b", "qwen3-4b", "deepseek-v3.2", "venice-uncensored", "mistral-31-24b",
    "google-gemma-3-27b-it", "openai-gpt-oss-120b", "zai-org-glm-4.7",
)
SEED_ANONYMIZED = (
    "claude-opus-45", "claude-sonnet-45", "openai-gpt-52", "openai-gpt-52-codex",
    "gemini-3-pro-preview", "gemini-3-flash-preview", "grok-41-fast", "grok-code-fast-1",
    "kimi-k2-thinking", "minimax-m21",
)
SEED_KEYS = frozenset(f"venice/{model_id}" for model_id in SEED_PRIVATE + SEED_ANONYMIZED)
