"""The loopback Venice emulator as a child process, driven over its control endpoints."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from typing import Any

from benchmarks.common import PYTHON, ROOT

# The emulator's accepted test key (tests/helpers.py TEST_KEY); opaque to the CLI.
TEST_KEY = "VENICE_INFERENCE_KEY_testKEY0123456789abcdefghijklmnopq"


class Emulator:
    """``python -m tests.emulator --port 0`` in its own process (so it never shares our CPU
    accounting); ``base_url`` is read from its first stdout line."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "tests.emulator", "--port", "0"], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.close()
            raise RuntimeError(f"emulator did not start (got {line!r})")
        self.base_url = line
        self.root = line.rsplit("/api/v1", 1)[0]

    def _call(self, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.root + path, data=data,
                                         method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def scenario(self, name: str, **options: Any) -> None:
        self._call("/__emulator/scenario", {"name": name, "options": options})

    def reset(self) -> None:
        self._call("/__emulator/reset", {})

    def requests(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._call("/__emulator/requests")["requests"]
        return rows

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
