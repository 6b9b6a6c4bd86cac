"""Run the benchmarks and print medians and ratios (optionally into docs/benchmarks.md).

    python benchmarks/run.py                    # everything but the peers (several minutes)
    python benchmarks/run.py startup ttft       # a subset
    python benchmarks/run.py --smoke            # CI: tiny sizes, one round; no time asserted
    python benchmarks/run.py peers              # also install and time llm and shell-gpt
    python benchmarks/run.py --markdown         # print Markdown instead of text tables
    python benchmarks/run.py --write-doc        # replace the figures in docs/benchmarks.md

Exits 1 only when a benchmark could not run (a command failed); budgets are reported,
never asserted.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PYTHON, ROOT, Options, Section, to_markdown, to_text

DOC = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- figures:begin (written by python benchmarks/run.py --write-doc) -->"
END = "<!-- figures:end -->"
ALL = ("startup", "imports", "ttft", "naive", "render", "rss", "hostile", "peers")
DEFAULT = ("startup", "imports", "ttft", "naive", "render", "rss", "hostile")


def _render_section(opts: Options) -> Section:
    """The chat engineer's benchmarks/chat_render.py, run as its own process."""
    argv = [PYTHON, str(ROOT / "benchmarks" / "chat_render.py")]
    argv += ["--smoke"] if opts.smoke else ["--runs", str(opts.runs)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"chat_render.py exited {proc.returncode}: {proc.stderr.strip()}")
    title = "Streaming render CPU, piped vs pty (benchmarks/chat_render.py)"
    notes = []
    for line in proc.stdout.splitlines():   # e.g. "pty/piped CPU at 20000 tokens: 2.51x (limit 3x)"
        found = re.search(r"^(.*): ([\d.]+)x \(limit ([\d.]+)x\)", line.strip())
        if found and not opts.smoke:
            what, value, limit = found.group(1), float(found.group(2)), float(found.group(3))
            verdict = "meets" if value <= limit else "MISSES"
            notes.append(f"Budget render, {what} <= {limit:g}x: {value:.2f}x, {verdict}.")
    markdown = f"### {title}\n\n```\n{proc.stdout.rstrip()}\n```\n"
    markdown += "".join(f"\n- {n}" for n in notes) + ("\n" if notes else "")
    return Section(title, notes=notes, markdown=markdown)


def _module(name: str) -> Callable[[Options], Section]:
    def run(opts: Options) -> Section:
        module = importlib.import_module(f"benchmarks.{name}")
        result: Section = module.run(opts)
        return result
    return run


RUNNERS: dict[str, Callable[[Options], Section]] = {
    "startup": _module("startup"), "imports": _module("imports"), "ttft": _module("ttft"),
    "naive": _module("naive_render"), "render": _render_section,
    "rss": _module("rss"), "hostile": _module("hostile"), "peers": _module("peers"),
}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    """A Markdown description of this machine."""
    libs = ", ".join(f"{d} {_version(d)}" for d in ("typer", "rich", "httpx", "json5",
                                                      "platformdirs"))
    return "\n".join([
        "### Machine", "",
        f"- {platform.system()} {platform.release()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared with other jobs: read the ratios, not the times)",
        f"- Python {platform.python_version()}; {libs}",
        "- Rounds: `--runs N` (default 5) measured rounds; start-up and first-token cases "
        "use twice as many (at least 10). Interleaved: every case once per round, order "
        "rotated, after one unrecorded warm-up round (none for the naive renderer). "
        "Medians; ratios against the baseline measured in the same rounds.",
        "",
    ])


def run_line(command: str) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    return f"Run {when}, load average {load}: `{command}`"


def block(name: str, section: Section, run: str) -> str:
    """One benchmark's figures between its own markers (so a subset can be rewritten)."""
    body = to_markdown(section).rstrip()
    title, _, rest = body.partition("\n")
    return f"<!-- bench:{name} -->\n{title}\n\n_{run}_\n{rest}\n<!-- /bench:{name} -->"


def budgets(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith("- Budget")]
    if not lines:
        return ""
    return "### Budgets\n\n" + "\n".join(lines) + "\n"


def write_doc(blocks: dict[str, str]) -> None:
    """Rewrite the figures in docs/benchmarks.md: these benchmarks' blocks, others kept."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip() + f"\n\n## Figures\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    old, tail = rest.split(END, 1)
    merged = []
    for name in ALL:
        found = re.search(rf"(?s)<!-- bench:{name} -->.*?<!-- /bench:{name} -->", old)
        if name in blocks:
            merged.append(blocks[name])
        elif found:
            merged.append(found.group(0))
    figures = "\n\n".join(merged)
    parts = [machine(), figures, budgets(figures)]
    body = "\n\n".join(p.strip() for p in parts if p.strip())
    DOC.write_text(f"{head}{BEGIN}\n\n{body}\n\n{END}{tail}".rstrip() + "\n",
                   encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", metavar="NAME",
                        help=f"subset of: {', '.join(ALL)} (default: all but peers)")
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (default 5)")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes and one round: checks that everything runs")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--write-doc", action="store_true",
                        help="write the figures into docs/benchmarks.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    args = parser.parse_args(argv)
    names = args.benchmarks or list(DEFAULT)
    unknown = [n for n in names if n not in ALL]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r} (choose from {', '.join(ALL)})")
    opts = Options(runs=1 if args.smoke else max(1, args.runs), smoke=args.smoke,
                   verbose=args.verbose)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    sections: list[Section] = []
    blocks: dict[str, str] = {}
    failed = False
    print(machine(), flush=True)
    for name in names:
        start = time.perf_counter()
        print(f"[{name}] running...", file=sys.stderr, flush=True)
        try:
            section = RUNNERS[name](opts)
        except Exception as error:
            print(f"[{name}] FAILED: {type(error).__name__}: {error}", file=sys.stderr)
            failed = True
            continue
        if opts.smoke:   # one tiny round proves nothing about a budget: say so
            section.notes = [n.replace("Budget", "Smoke run, not a budget check:", 1)
                             for n in section.notes]
        sections.append(section)
        blocks[name] = block(name, section, run_line(command.strip()))
        print(to_markdown(section) if args.markdown else to_text(section), flush=True)
        print(f"[{name}] {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    summary = budgets("\n".join(to_markdown(s) for s in sections))
    if summary:
        print(summary)
    if args.write_doc and blocks:
        write_doc(blocks)
        print(f"Wrote the figures into {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
