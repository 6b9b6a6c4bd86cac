"""The e2e tier's guard rails, without llama.cpp: a server that dies is named as dead.

A stand-in for the server's python (``E2E_SERVER_PYTHON``) answers ``/v1/models`` like
llama-cpp-python and then crashes with SIGSEGV on its first chat completion, the way the
AMX build did (issue 11). Starting it must fail in the fixture, with the exit code and the
log tail, and a server found dead before or after a test must fail that test the same way.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import LocalServer, check_alive, start_server, stop_server

FAKE_SERVER = r'''
import json, os, signal, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
port = int(sys.argv[sys.argv.index("--port") + 1])
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"object": "list", "data": []}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        print("ggml_backend_amx_mul_mat: about to crash", flush=True)
        os.kill(os.getpid(), signal.SIGSEGV)
    def log_message(self, *args):
        print("request", self.path, flush=True)
print("fake llama server listening", flush=True)
HTTPServer(("127.0.0.1", port), Handler).serve_forever()
'''


def test_a_server_that_crashes_on_its_first_answer_fails_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fake_server.py").write_text(FAKE_SERVER)
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nexec {sys.executable} {tmp_path / "fake_server.py"} "$@"\n')
    python.chmod(0o755)
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setenv("E2E_SERVER_PYTHON", str(python))
    monkeypatch.setenv("E2E_MODEL_GGUF", str(model))
    with pytest.raises(pytest.fail.Exception) as failure:
        stop_server(start_server(tmp_path))  # (stopped should it ever start)
    message = str(failure.value)
    assert message.startswith("llama server exited with code -11; log tail:\n"), message
    assert "ggml_backend_amx_mul_mat: about to crash" in message


def test_a_dead_server_fails_the_test_with_its_exit_code_and_log(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text("".join(f"line {n}\n" for n in range(100)))
    process = subprocess.Popen([sys.executable, "-c", "import os, signal; "
                                "os.kill(os.getpid(), signal.SIGSEGV)"])
    assert process.wait(30) == -signal.SIGSEGV
    server = LocalServer("http://127.0.0.1:9/v1", "key", "model", process, log)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_alive(server)
    tail = "\n".join(f"line {n}" for n in range(70, 100))
    assert str(failure.value) == f"llama server exited with code -11; log tail:\n{tail}"
