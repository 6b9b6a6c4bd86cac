"""Test-wide fixtures: every test runs with all state relocated to its own tmp_path."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.emulator.fixtures import (  # noqa: F401  (fixtures)
    emulator,
    emulator_server,
    remote_emulator,
)
from tests.helpers import TEST_KEY, CliRun, ProcessCliRun  # noqa: F401
from tests.leakcheck import (  # noqa: F401  (session-wide secret leak check)
    leak_check,
    pytest_configure,
    pytest_sessionfinish,
    pytest_testnodedown,
)
from tests.leakcheck import pytest_terminal_summary as leak_summary
from tests.unprivileged import unprivileged  # noqa: F401  (fixture)

# Tests that must run in order on one worker: the e2e tier (one llama server, serial) and
# the docs test (a doc file's commands build on each other, in document order).
_UNITS = ("tests/e2e/", "tests/test_docs.py::test_documented_command_runs_as_documented")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under pytest-xdist (``-n auto``, pyproject's addopts) every test is scheduled on its
    own, except the units above, each kept whole on one worker in collection order.
    (xdist's ``xdist_group`` marks do nothing under pytest 9.2, hence this scheduler.)"""
    from xdist.scheduler import LoadScopeScheduling

    class OrderedUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((unit for unit in _UNITS if nodeid.startswith(unit)), nodeid)

    return OrderedUnits(config, log)


# Bytecode is cached even where the shell sets PYTHONDONTWRITEBYTECODE (as the project's
# sessions do): the ~200 CLI processes the suite starts would otherwise each compile the
# package from source (~50 ms of CPU apiece), and pytest would re-rewrite every test
# module's asserts in every worker. Nothing the tests check depends on it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# Ctrl-C tests send SIGINT to the CLI processes they start. A process started with SIGINT
# ignored (a job put in the background by a non-interactive shell, `nohup`) passes that on
# to every child, and those tests would fail for a reason outside the code under test.
# A handled signal is reset to its default in children, so handle it here.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

_E2E_SECONDS: list[float] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add up the time of every e2e test (setup, call, teardown; server start included)."""
    if "e2e" in report.keywords:
        _E2E_SECONDS.append(report.duration)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The leak check's totals, and one line with the e2e tier's time for the CI log."""
    leak_summary(terminalreporter)
    if _E2E_SECONDS:
        terminalreporter.write_line(
            f"e2e tier (real llama.cpp server): {sum(_E2E_SECONDS):.1f} s in test phases")


_CLEARED = (
    "OPENCLAW_CONFIG_PATH", "OPENCLAW_STATE_DIR", "OPENCLAW_HOME", "OPENCLAW_DEBUG",
    "OPENCLAW_CACHE_DIR", "OPENCLAW_DATA_DIR", "VENICE_API_KEY", "VENICE_BASE_URL",
    "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "HTTPS_PROXY", "HTTP_PROXY",
    "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, XDG dirs and every OpenClaw variable at tmp_path; clear keys and proxies."""
    home = tmp_path / "home"
    home.mkdir()
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("TERM", "xterm-256color")
    return home


@pytest.fixture
def config_path(isolated_home: Path) -> Path:
    """Where the CLI will look for its config in this test (~/.openclaw/openclaw.json)."""
    return isolated_home / ".openclaw" / "openclaw.json"


@pytest.fixture
def cli() -> CliRun:
    """Run `openclaw` in-process: ``cli("models", "list", env={...})`` (retry waits are
    recorded in ``cli.sleeps``, not slept)."""
    return CliRun()


@pytest.fixture
def process_cli() -> ProcessCliRun:
    """Run the real `openclaw` in a subprocess (start-up, signals, file descriptors)."""
    return ProcessCliRun()
