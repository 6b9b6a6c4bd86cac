"""Render cost of `openclaw chat`: CPU time for long streamed answers, piped and on a pty.

Streams a Markdown answer of N tokens (headings, paragraphs with inline markup, lists,
fenced code) from the loopback emulator (run in this process, so its CPU time is not
counted) into ``openclaw chat`` twice per size: with stdout piped (plain text) and with
stdout on a pseudo-terminal (live Markdown). It reports the median child CPU time
(user + sys, from ``getrusage(RUSAGE_CHILDREN)``) of several runs and two ratios:
20k/2k tokens (linear rendering stays near 10x; <= 12x passes) and pty/piped (<= 3x).

    python benchmarks/chat_render.py            # 2,000 and 20,000 tokens, 3 runs each
    python benchmarks/chat_render.py --check    # exit 1 if a ratio is over its limit
    python benchmarks/chat_render.py --smoke    # tiny sizes, one run: does it work?
"""

from __future__ import annotations

import argparse
import fcntl
import os
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.emulator import VeniceEmulator  # noqa: E402
from tests.helpers import TEST_KEY  # noqa: E402

DOC = """## Streaming without the quadratic cost

Rendering Markdown while it streams is easy to get *wrong*: rebuilding the **whole**
answer on every token costs `O(n^2)` and the terminal falls behind.

- finished blocks are printed once
- only the unfinished tail stays live
- the refresh rate is capped at ten per second

```python
def render(blocks):
    for block in blocks:
        console.print(Markdown(block))
    return len(blocks)
```

1. split at blank lines outside code fences
2. keep lists and tables together
3. crop the live tail to the terminal height

| tokens | cost |
|---|---|
| 2,000 | linear |
| 20,000 | linear |

"""


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(env: dict[str, str], tty: bool) -> tuple[float, float, int]:
    """One `openclaw chat` run; returns (child CPU s, wall s, bytes of output)."""
    cmd = [sys.executable, "-m", "openclaw_venice_cli", "chat", "--no-save", "go"]
    before, start = child_cpu(), time.perf_counter()
    if not tty:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              check=True)
        size = len(proc.stdout)
    else:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        child = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=slave,
                                 stderr=slave, close_fds=True)
        os.close(slave)
        size = 0
        while True:  # drain the terminal until the child closes it
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            size += len(data)
        os.close(master)
        if child.wait() != 0:
            raise RuntimeError(f"openclaw chat failed on the pty ({child.returncode})")
    return child_cpu() - before, time.perf_counter() - start, size


def measure(sizes: list[int], runs: int) -> dict[tuple[int, str], tuple[float, float, int]]:
    results: dict[tuple[int, str], tuple[float, float, int]] = {}
    with VeniceEmulator() as emu, tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "VENICE_BASE_URL": emu.base_url, "VENICE_API_KEY": TEST_KEY,
               "OPENCLAW_HOME": home, "HOME": home, "XDG_DATA_HOME": f"{home}/data",
               "XDG_CACHE_HOME": f"{home}/cache", "TERM": "xterm-256color",
               "NO_PROXY": "127.0.0.1"}
        for name in ("NO_COLOR", "FORCE_COLOR", "OPENCLAW_DEBUG", "COLUMNS", "LINES"):
            env.pop(name, None)
        for tokens in sizes:
            emu.set_scenario("long", tokens=tokens, text=DOC)
            for mode in ("piped", "pty"):
                samples = [run_once(env, mode == "pty") for _ in range(runs)]
                results[(tokens, mode)] = (
                    statistics.median(s[0] for s in samples),
                    statistics.median(s[1] for s in samples),
                    samples[-1][2],
                )
    return results


def report(results: dict[tuple[int, str], tuple[float, float, int]], sizes: list[int],
           runs: int) -> tuple[float, float]:
    print(f"openclaw chat render cost (median of {runs}; CPU = user+sys of the CLI)")
    print(f"{'tokens':>8} {'mode':>6} {'CPU s':>8} {'wall s':>8} {'output KB':>10}")
    for (tokens, mode), (cpu, wall, size) in sorted(results.items()):
        print(f"{tokens:>8} {mode:>6} {cpu:>8.3f} {wall:>8.3f} {size / 1024:>10.1f}")
    small, big = sizes[0], sizes[-1]
    growth = results[(big, "pty")][0] / results[(small, "pty")][0]
    tty_ratio = results[(big, "pty")][0] / results[(big, "piped")][0]
    print(f"pty CPU {big}/{small} tokens: {growth:.2f}x (limit {12 * big / small / 10:.0f}x)")
    print(f"pty/piped CPU at {big} tokens: {tty_ratio:.2f}x (limit 3x)")
    return growth, tty_ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median)")
    parser.add_argument("--sizes", type=int, nargs=2, default=[2000, 20000],
                        metavar=("SMALL", "BIG"), help="token counts (default 2000 20000)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio fails")
    args = parser.parse_args(argv)
    sizes = [50, 500] if args.smoke else sorted(args.sizes)
    runs = 1 if args.smoke else max(1, args.runs)
    growth, tty_ratio = report(measure(sizes, runs), sizes, runs)
    if args.check and not args.smoke:
        limit = 12 * sizes[-1] / sizes[0] / 10
        if growth > limit or tty_ratio > 3:
            print("FAIL: render cost is not linear enough", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
