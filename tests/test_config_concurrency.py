"""Several real processes updating the config at once: no lost update, never a torn file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WRITERS = 6
UPDATES = 10

_WORKER = """
import io, sys
from openclaw_venice_cli.config.writer import update_config
from openclaw_venice_cli.environment import Environment

name, count = sys.argv[1], int(sys.argv[2])
env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())

def bump(raw):
    counters = raw.setdefault("counters", {})
    counters[name] = counters.get(name, 0) + 1
    raw["total"] = raw.get("total", 0) + 1

for _ in range(count):
    update_config(env, bump)
"""


def test_concurrent_writers_lose_nothing(isolated_home: Path, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text('// shared\n{keep: {me: true}, total: 0}\n')
    environ = dict(os.environ)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, f"w{i}", str(UPDATES)], env=environ,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(WRITERS)
    ]
    reads = 0
    while any(p.poll() is None for p in procs):
        # a reader racing the writers always sees a whole file (JSON5 at first, JSON later)
        text = config_path.read_text()
        assert text.endswith("\n")
        if not text.startswith("//"):
            json.loads(text)
        reads += 1
    outputs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0] * WRITERS, outputs
    assert all("Traceback" not in err for _out, err in outputs)
    final = json.loads(config_path.read_text())
    assert final["counters"] == {f"w{i}": UPDATES for i in range(WRITERS)}
    assert final["total"] == WRITERS * UPDATES
    assert final["keep"] == {"me": True}
    leftovers = {p.name for p in config_path.parent.iterdir()}
    assert leftovers == {"openclaw.json", "openclaw.json.bak"} | {
        f"openclaw.json.bak.{i}" for i in range(1, 5)}
    assert reads > 0
