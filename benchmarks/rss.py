"""Peak RSS of a 20,000-token chat: piped and on a pseudo-terminal, vs the httpx script.

Peak RSS is the child's own ``ru_maxrss`` from ``os.wait4`` (what ``/usr/bin/time -v``
reports as "Maximum resident set size"). The emulator streams the document of
``benchmarks/chat_render.py`` cut into N tokens.
"""

from __future__ import annotations

import json

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
    run_process,
    scratch_dir,
)
from benchmarks.emu import TEST_KEY, Emulator

TOKENS = 20000
SMOKE_TOKENS = 200
BUDGET_MB = 60.0
BUDGET_MIB = BUDGET_MB * 1e6 / 2**20   # 57.2 MiB: the strict reading of "60 MB"


def run(opts: Options) -> Section:
    """Peak RSS (and time) of one long answer, in interleaved rounds."""
    from benchmarks.chat_render import DOC

    size = SMOKE_TOKENS if opts.smoke else TOKENS
    section = Section(f"Peak RSS of a {size:,}-token chat",
                      columns=("rss", "wall", "cpu", "cpu_ratio"))
    body = {"model": "llama-3.3-70b", "messages": [{"role": "user", "content": "go"}],
            "stream": True, "stream_options": {"include_usage": True}}
    with Emulator() as emu, scratch_dir("rss") as home:
        env = clean_env(home, VENICE_BASE_URL=emu.base_url, VENICE_API_KEY=TEST_KEY)
        chat = [*openclaw_argv(), "chat", "--no-save", "go"]
        raw = [PYTHON, str(ROOT / "benchmarks" / "httpx_stream.py"), emu.base_url,
               json.dumps(body)]

        def streamed(argv: list[str], pty: bool = False) -> Sample:
            emu.scenario("long", tokens=size, text=DOC)
            return run_in_pty(argv, env) if pty else run_process(argv, env)

        base = "httpx script, piped"
        cases = [
            Case("python -c pass", lambda: run_process([PYTHON, "-c", "pass"], env)),
            Case(base, lambda: streamed(raw)),
            Case("openclaw chat, piped", lambda: streamed(chat), baseline=base),
            Case("openclaw chat, on a pty (live Markdown)", lambda: streamed(chat, True),
                 baseline=base),
        ]
        section.results = interleave(cases, opts.runs, log=opts.log)
    for name in ("openclaw chat, piped", "openclaw chat, on a pty (live Markdown)"):
        res = section.result(name)
        verdict = "meets" if res.rss_max_mb <= BUDGET_MIB else "MISSES"
        section.notes.append(
            f"Budget peak RSS <= {BUDGET_MB:.0f} MB ({BUDGET_MIB:.1f} MiB): `{name}` median "
            f"{res.rss_mb:.1f} MiB, max {res.rss_max_mb:.1f} MiB, {verdict}.")
    return section
