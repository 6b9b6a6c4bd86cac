"""Render cost of `openclaw chat`: CPU time for long streamed answers, piped and on a pty.

Streams a Markdown answer of N tokens from the loopback emulator (run in this process, so
its CPU time is not counted) into ``openclaw chat`` twice per size: with stdout piped
(plain text) and with stdout on a 100x40 pseudo-terminal (live Markdown). Three answers:
``mixed`` (headings, paragraphs with inline markup, lists, fenced code, a table, over and
over), ``code-block`` (one fenced code block of the whole length: ~6,500 lines at 20k
tokens) and ``loose-list`` (one loose bullet list: ~2,200 items at 20k tokens). It
reports the median child CPU time (user + sys, from ``getrusage(RUSAGE_CHILDREN)``) of
several runs and, per answer, two ratios: 20k/2k tokens (linear rendering stays near
10x; <= 12x passes) and pty/piped (<= 3x).

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

- closed blocks are printed once, exactly as in the whole render
- only what is still open stays live
- the refresh rate is capped at ten per second

```python
def render(blocks):
    for block in blocks:
        console.print(Markdown(block))
    return len(blocks)
```

1. let markdown-it decide where a block ends
2. keep lists open across blank lines
3. never let the live rows outgrow the terminal

| tokens | cost |
|---|---|
| 2,000 | linear |
| 20,000 | linear |

"""


# name -> (head, text repeated to the token count, tail)
CASES: dict[str, tuple[str, str, str]] = {
    "mixed": ("", DOC, ""),
    "code-block": ("Here is the whole module:\n\n```python\n",
                   "def double(value):\n    return value * 2  # twice the input\n\n",
                   "\n```\n\nThat is all of it.\n"),
    "loose-list": ("Everything to check:\n\n",
                   "- Check the **item** with `code` and a few more words\n\n",
                   "\nThat is the list.\n"),
}


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


Results = dict[tuple[str, int, str], tuple[float, float, int]]


def measure(sizes: list[int], runs: int, cases: list[str]) -> Results:
    results: Results = {}
    with VeniceEmulator() as emu, tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "VENICE_BASE_URL": emu.base_url, "VENICE_API_KEY": TEST_KEY,
               "OPENCLAW_HOME": home, "HOME": home, "XDG_DATA_HOME": f"{home}/data",
               "XDG_CACHE_HOME": f"{home}/cache", "TERM": "xterm-256color",
               "NO_PROXY": "127.0.0.1"}
        for name in ("NO_COLOR", "FORCE_COLOR", "OPENCLAW_DEBUG", "COLUMNS", "LINES"):
            env.pop(name, None)
        for case in cases:
            head, text, tail = CASES[case]
            for tokens in sizes:
                emu.set_scenario("long", tokens=tokens, text=text, head=head, tail=tail)
                for mode in ("piped", "pty"):
                    samples = [run_once(env, mode == "pty") for _ in range(runs)]
                    results[(case, tokens, mode)] = (
                        statistics.median(s[0] for s in samples),
                        statistics.median(s[1] for s in samples),
                        samples[-1][2],
                    )
    return results


def report(results: Results, sizes: list[int], runs: int, cases: list[str]
           ) -> list[tuple[float, float]]:
    print(f"openclaw chat render cost (median of {runs}; CPU = user+sys of the CLI; "
          f"pty 100x40)")
    print(f"{'answer':>11} {'tokens':>8} {'mode':>6} {'CPU s':>8} {'wall s':>8} "
          f"{'output KB':>10}")
    for (case, tokens, mode), (cpu, wall, size) in results.items():
        print(f"{case:>11} {tokens:>8} {mode:>6} {cpu:>8.3f} {wall:>8.3f} "
              f"{size / 1024:>10.1f}")
    small, big = sizes[0], sizes[-1]
    ratios = []
    for case in cases:
        growth = results[(case, big, "pty")][0] / results[(case, small, "pty")][0]
        tty_ratio = results[(case, big, "pty")][0] / results[(case, big, "piped")][0]
        print(f"{case}: pty CPU {big}/{small} tokens: {growth:.2f}x "
              f"(limit {12 * big / small / 10:.0f}x)")
        print(f"{case}: pty/piped CPU at {big} tokens: {tty_ratio:.2f}x (limit 3x)")
        ratios.append((growth, tty_ratio))
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median)")
    parser.add_argument("--sizes", type=int, nargs=2, default=[2000, 20000],
                        metavar=("SMALL", "BIG"), help="token counts (default 2000 20000)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio fails")
    parser.add_argument("--cases", nargs="+", choices=sorted(CASES), default=list(CASES),
                        help="which answers (default: all)")
    args = parser.parse_args(argv)
    sizes = [50, 500] if args.smoke else sorted(args.sizes)
    runs = 1 if args.smoke else max(1, args.runs)
    ratios = report(measure(sizes, runs, args.cases), sizes, runs, args.cases)
    if args.check and not args.smoke:
        limit = 12 * sizes[-1] / sizes[0] / 10
        if any(growth > limit or tty_ratio > 3 for growth, tty_ratio in ratios):
            print("FAIL: render cost is not linear enough", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
