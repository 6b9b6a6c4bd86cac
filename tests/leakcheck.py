"""Session-wide secret hygiene: the full test keys never reach output, logs, cache or history.

Used from ``tests/conftest.py`` (an autouse fixture calls :func:`check_test`). After every
test it scans

* every CLI result recorded by ``tests.helpers.CliRun`` (stdout and stderr), and
* every file under the test's ``tmp_path`` except the config and its backups/temp files
  (``openclaw.json*``), where storing the key is the documented plaintext mode,

for the bytes of :data:`tests.helpers.TEST_KEY` and :data:`~tests.helpers.OTHER_KEY`.
A test that writes a key into another file on purpose opts out with
``@pytest.mark.key_in_files``. :data:`STATS` counts what was scanned; the totals are
printed at the end of the run.

Wiring (tests/conftest.py): ``from tests.leakcheck import (leak_check, pytest_configure,
pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown)  # noqa: F401``; or
``-p tests.leakcheck``. Under pytest-xdist each worker counts its own tests and the
controller adds the counts up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests import helpers

KEYS = (helpers.TEST_KEY, helpers.OTHER_KEY)
# The config file, its rotating backups and the config writer's temp files hold the key
# by design (plaintext secret-input mode); they are 0600 and checked elsewhere.
CONFIG_FILE = re.compile(r"\.?openclaw\.json(\.bak(\.\d+)?|\.\d+\.[0-9a-f]+\.tmp)?")
MAX_FILE = 20 * 1024 * 1024
STATS = {"tests": 0, "results": 0, "files": 0, "leaks": 0}


def find_in_text(texts: Iterable[tuple[str, str]], keys: Iterable[str] = KEYS) -> list[str]:
    """``label: key…`` for every text that contains a full key."""
    return [f"{label}: contains {key[:8]}…" for label, text in texts for key in keys
            if key in text]


def find_in_files(root: Path, keys: Iterable[str] = KEYS) -> list[str]:
    """Files under ``root`` (config files excepted) whose bytes contain a full key."""
    needles = [key.encode() for key in keys]
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        if CONFIG_FILE.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        try:
            if path.stat().st_size > MAX_FILE:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        STATS["files"] += 1
        found += [f"{path.relative_to(root)}: contains {n[:8].decode()}…"
                  for n in needles if n in data]
    return found


def check_test(tmp_path: Path, *, scan_files: bool = True) -> list[str]:
    """Everything the finished test leaked; clears the recorded results."""
    results = list(helpers.RESULTS)
    helpers.RESULTS.clear()
    STATS["tests"] += 1
    STATS["results"] += len(results)
    texts = [(f"result[{i}].{name}", text) for i, r in enumerate(results)
             for name, text in (("stdout", r.stdout), ("stderr", r.stderr))]
    leaks = find_in_text(texts)
    if scan_files and tmp_path.exists():
        leaks += find_in_files(tmp_path)
    STATS["leaks"] += len(leaks)
    return leaks


def summary() -> str:
    return ("leak check: {tests} tests, {results} CLI results, {files} files scanned, "
            "{leaks} leaks").format(**STATS)


@pytest.fixture(autouse=True)
def leak_check(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[None]:
    """After each test: no full test key in any CLI output or any non-config file."""
    helpers.RESULTS.clear()
    yield
    scan = request.node.get_closest_marker("key_in_files") is None
    leaks = check_test(tmp_path, scan_files=scan)
    assert not leaks, "a full API key leaked: " + "; ".join(leaks)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "key_in_files: the test writes a key into a non-config file on purpose")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if STATS["tests"]:
        terminalreporter.write_line(summary())


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In an xdist worker: hand this worker's counts to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["leak_stats"] = dict(STATS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """In the xdist controller: add up the workers' counts for the summary line."""
    for key, value in getattr(node, "workeroutput", {}).get("leak_stats", {}).items():
        STATS[key] += value
