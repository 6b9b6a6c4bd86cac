"""Permission tests that also run as root (as CI does): the code runs as ``nobody``.

Root reads and writes through any permission bits, so a test of "the config is not
readable" proves nothing there. :class:`Unprivileged` runs a snippet of Python in a child
process as uid/gid 65534 with no supplementary groups (``subprocess``'s ``user=``,
``group=``, ``extra_groups=``: no setpriv/runuser needed) when the tests run as root, and as
the current user otherwise, with a Python that user can run (the system's when this
one lives in a private folder). Its files live in a folder that user owns, outside pytest's
root-only tmp dir, with a copy of ``openclaw_venice_cli`` (stdlib-only on these paths), so
nothing depends on whether the checkout or its venv are readable by others. Each test
first runs a control (the same snippet with ordinary permissions must succeed), so a
"Permission denied" can only come from the bits under test.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import openclaw_venice_cli

NOBODY = 65534
IS_ROOT = os.geteuid() == 0
_USER = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if IS_ROOT else {}


@functools.cache
def python_for_others() -> str:
    """A Python the unprivileged user can run: this one unless it lives in a private
    folder (pyenv under /root, as on the project's machines), else the system's."""
    candidates = dict.fromkeys([os.path.realpath(sys.executable),
                                os.path.realpath(getattr(sys, "_base_executable", "")),
                                shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")])
    for python in filter(None, candidates):
        try:
            proc = subprocess.run(
                [python, "-c", "import sys; assert sys.version_info >= (3, 10)"], cwd="/",
                capture_output=True, timeout=60, check=False, **_USER)  # type: ignore[call-overload]
        except OSError:  # not executable for that user
            continue
        if proc.returncode == 0:
            return python
    pytest.fail(f"no Python 3.10+ that uid {NOBODY} can run among {list(candidates)}; "
                "install the system python3", pytrace=False)


class Unprivileged:
    """A home owned by the unprivileged user, and a way to run code there as that user."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.home = base / "home"
        self.home.mkdir()
        self.lib = base / "lib"
        package = Path(openclaw_venice_cli.__file__).parent
        shutil.copytree(package, self.lib / package.name,
                        ignore=shutil.ignore_patterns("__pycache__"))

    @property
    def config_path(self) -> Path:
        return self.home / ".openclaw" / "openclaw.json"

    def _hand_over(self) -> None:
        """Give everything made so far (as root) to the unprivileged user, modes kept."""
        if not IS_ROOT:
            return
        for folder, dirs, files in os.walk(self.base):
            for name in (folder, *(os.path.join(folder, n) for n in dirs + files)):
                os.lchown(name, NOBODY, NOBODY)

    def run(self, code: str, *args: str) -> str:
        """Run ``code`` (Python, ``sys.argv[1:]`` = ``args``) with HOME here; return its
        stdout, stripped."""
        self._hand_over()
        env = {"HOME": str(self.home), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8",
               "PYTHONPATH": str(self.lib), "PYTHONDONTWRITEBYTECODE": "1"}
        proc = subprocess.run([python_for_others(), "-c", code, *args], env=env,
                              cwd=self.base, capture_output=True, text=True, timeout=60,
                              check=False, **_USER)  # type: ignore[call-overload]
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.strip()


@pytest.fixture
def unprivileged() -> Iterator[Unprivileged]:
    base = Path(tempfile.mkdtemp(prefix="openclaw-unprivileged-"))
    base.chmod(0o755)
    try:
        yield Unprivileged(base)
    finally:
        shutil.rmtree(base)
