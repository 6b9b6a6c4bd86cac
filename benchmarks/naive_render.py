"""The naive streaming renderer as a baseline: ``Live(Markdown(whole_text))`` per token.

This is what shell-gpt ships (``sgpt/printer.py``): on every token the whole answer so
far is parsed and rendered again (``Live(auto_refresh=False)``, ``update(...,
refresh=True)``), which is quadratic. As a whole process on a pseudo-terminal it is
measured against ``openclaw chat`` on a pseudo-terminal streaming the same tokens (the
document of ``benchmarks/chat_render.py``, cut the way the emulator cuts it) in the same
interleaved rounds. Sizes are capped (500 and 1,000 tokens) so it finishes; its cost at
2,000 and 20,000 tokens is extrapolated (quadratic fit) and labelled so.

    python benchmarks/naive_render.py --tokens 1000   # render to this terminal
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    PYTHON,
    ROOT,
    Case,
    Options,
    Sample,
    Section,
    clean_env,
    interleave,
    openclaw_argv,
    run_in_pty,
    scratch_dir,
)

SIZES = (500, 1000)
SMOKE_SIZES = (20, 50)


def tokens(count: int) -> list[str]:
    """The token stream the emulator's ``long`` scenario sends with chat_render's DOC."""
    from benchmarks.chat_render import DOC
    from tests.emulator.scenarios import split_words

    base = split_words(DOC)
    return [base[i % len(base)] for i in range(count)]


def render_naive(count: int) -> None:
    """Render ``count`` tokens to stdout the naive way."""
    from rich.console import Console
    from rich.live import Live
    from rich.markdown import Markdown

    text = ""
    with Live(console=Console(), auto_refresh=False) as live:
        for piece in tokens(count):
            text += piece
            live.update(Markdown(text), refresh=True)


def run(opts: Options) -> Section:
    """Naive per-token Live(Markdown) vs `openclaw chat`, both on a pty, same tokens."""
    from benchmarks.chat_render import DOC
    from benchmarks.emu import TEST_KEY, Emulator

    sizes = SMOKE_SIZES if opts.smoke else SIZES
    section = Section("Streaming render on a terminal: naive Live(Markdown(whole_text)) "
                      "vs openclaw", columns=("wall", "cpu", "cpu_ratio", "rss"))
    with Emulator() as emu, scratch_dir("render") as home:
        env = clean_env(home, VENICE_BASE_URL=emu.base_url, VENICE_API_KEY=TEST_KEY)
        cases: list[Case] = []
        for size in sizes:
            naive_argv = [PYTHON, str(ROOT / "benchmarks" / "naive_render.py"),
                          "--tokens", str(size)]
            ours_argv = [*openclaw_argv(), "chat", "--no-save", "go"]

            def ours(size: int = size, argv: list[str] = ours_argv) -> Sample:
                emu.scenario("long", tokens=size, text=DOC)
                return run_in_pty(argv, env)

            def naive(argv: list[str] = naive_argv) -> Sample:
                return run_in_pty(argv, env)

            name = f"naive Live(Markdown), {size:,} tokens"
            cases += [Case(name, naive),
                      Case(f"openclaw chat on a pty, {size:,} tokens", ours, baseline=name)]
        section.results = interleave(cases, opts.runs, warmup=0, log=opts.log)
    small, big = (section.result(f"naive Live(Markdown), {s:,} tokens") for s in sizes)
    growth = big.cpu / small.cpu if small.cpu else float("nan")
    # Fit cpu = c + a * n**2 through the two sizes (c: start-up), then evaluate at 20k.
    a = (big.cpu - small.cpu) / (sizes[1] ** 2 - sizes[0] ** 2)
    at_2k, at_20k = (big.cpu + a * (n ** 2 - sizes[1] ** 2) for n in (2000, 20000))
    section.notes += [
        f"Naive CPU growth {sizes[0]:,} -> {sizes[-1]:,} tokens: {growth:.1f}x "
        f"(2x the tokens; linear would be 2x, quadratic 4x).",
        f"Naive at 2,000 / 20,000 tokens, EXTRAPOLATED (not measured) from a fit c + a*n^2 "
        f"through the two sizes: about {at_2k:,.0f} s / {at_20k:,.0f} s of CPU.",
        "CPU ratio = openclaw / naive at the same size (below 1 means openclaw is cheaper); "
        "openclaw's figure includes its whole process (start-up, HTTP, SSE).",
    ]
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=1000, help="tokens to render")
    render_naive(parser.parse_args(argv).tokens)
    return 0


if __name__ == "__main__":
    sys.exit(main())
