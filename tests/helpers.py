"""Helpers for running the real CLI in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

# Obviously fake keys in both real-world spellings (real keys are not vapi_...).
TEST_KEY = "VENICE_INFERENCE_KEY_testKEY0123456789abcdefghijklmnopq"
OTHER_KEY = "VENICE-ADMIN-KEY-otherKEY9876543210zyxwvutsrqponmlk"


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

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class CliRun:
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
        result = Result(proc.returncode, proc.stdout, proc.stderr)
        record_result(result)
        if check_no_traceback and full_env.get("OPENCLAW_DEBUG") in (None, "", "0"):
            assert "Traceback" not in result.output, result.output
        return result
