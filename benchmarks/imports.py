"""What each hot path imports: ``python -X importtime`` medians per top-level package.

For ``--help``, ``models list --plain``, ``models status`` and a one-shot ``chat`` (piped,
against the emulator) it reports the number of modules, the summed self time per
top-level package (median over the runs) and which heavy modules were imported (httpx,
rich, json5, platformdirs, pydantic, click must stay off the first three paths).

    python benchmarks/imports.py                  # the three paths, 5 runs each
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PYTHON, Options, Section, clean_env, scratch_dir
from benchmarks.emu import TEST_KEY, Emulator

FORBIDDEN = ("httpx", "httpcore", "rich", "json5", "platformdirs", "pydantic", "click",
             "markdown_it", "pygments")
PATHS = (("--help",), ("models", "list", "--plain"), ("models", "status"),
         ("chat", "--no-save", "hi"))


def profile(args: tuple[str, ...], env: dict[str, str]) -> dict[str, int]:
    """Self time in microseconds per module of one ``-X importtime`` run."""
    proc = subprocess.run([PYTHON, "-X", "importtime", "-m", "openclaw_venice_cli", *args],
                          env=env, capture_output=True, text=True, check=False)
    times: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:"):].split("|")
        times[name.strip()] = int(self_us)
    return times


def run(opts: Options) -> Section:
    """Median self time per top-level package on each hot path."""
    runs = 1 if opts.smoke else max(5, opts.runs)
    lines = ["### Imports on the start-up paths (`python -X importtime`)", "",
             f"Median of {runs} runs; self time summed per top-level package (ms). "
             "`site` and the editable-install finder are paid by `python -c pass` too.", ""]
    with scratch_dir("imports") as home, Emulator() as emu:
        env = clean_env(home, VENICE_BASE_URL=emu.base_url)
        chat_env = {**env, "VENICE_API_KEY": TEST_KEY}
        for args in PATHS:
            samples = [profile(args, chat_env if args[0] == "chat" else env)
                       for _ in range(runs)]
            per_pkg: dict[str, list[float]] = defaultdict(list)
            for sample in samples:
                sums: dict[str, float] = defaultdict(float)
                for name, us in sample.items():
                    sums[name.split(".")[0]] += us / 1000
                for pkg, ms in sums.items():
                    per_pkg[pkg].append(ms)
            medians = sorted(((statistics.median(v), k) for k, v in per_pkg.items()),
                             reverse=True)
            total = statistics.median(sum(s.values()) / 1000 for s in samples)
            bad = sorted({n.split(".")[0] for s in samples for n in s
                          if n.split(".")[0] in FORBIDDEN})
            top = ", ".join(f"{k} {ms:.0f}" for ms, k in medians[:8])
            lines += [f"- `openclaw {' '.join(args)}`: {len(samples[0])} modules, "
                      f"{total:.0f} ms of imports; largest: {top}; heavy modules: "
                      + (", ".join(bad) if bad else "none")]
    lines.append("- `click` on the chat path is httpx trying to load its own CLI "
                 "(`httpx._main`): it fails at once when click is not installed; with click "
                 "installed, `import httpx` also imports click, pygments and rich.")
    return Section("Imports", markdown="\n".join(lines) + "\n")


if __name__ == "__main__":
    print(run(Options(runs=5)).markdown)
