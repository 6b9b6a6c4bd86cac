"""One-shot chat against the emulator: time to first token and total time.

Baseline: ``benchmarks/httpx_stream.py``, a minimal httpx script sending the very body
the CLI sent (read back from the emulator's request log). Both are whole processes with
stdout on a pipe; "first token" is spawn to the first answer byte on stdout, "total" is
spawn to exit. The CLI runs with a fresh HOME and ``--no-save`` (the script keeps no
history either).
"""

from __future__ import annotations

import json
from typing import Any

from benchmarks.common import (
    PYTHON,
    ROOT,
    BenchmarkError,
    Case,
    Options,
    Section,
    clean_env,
    interleave,
    openclaw_argv,
    run_process,
    scratch_dir,
)
from benchmarks.emu import TEST_KEY, Emulator

PROMPT = "Hello, are you working?"
MODEL = "venice/llama-3.3-70b"
BUDGET_RATIO = 1.5


def _cli_body(emu: Emulator, env: dict[str, str]) -> dict[str, Any]:
    """Run the CLI once and return the JSON body it sent."""
    emu.reset()
    run_process([*openclaw_argv(), "chat", "--no-save", "-m", MODEL, PROMPT], env)
    posts = [r for r in emu.requests() if r["path"].endswith("/chat/completions")]
    if not posts:
        raise BenchmarkError("the CLI sent no chat request")
    body: dict[str, Any] = posts[-1]["json"]
    return body


def _pair(emu: Emulator, env: dict[str, str], body: dict[str, Any], label: str,
          scenario: tuple[str, dict[str, Any]]) -> list[Case]:
    cli = [*openclaw_argv(), "chat", "--no-save", "-m", MODEL, PROMPT]
    raw = [PYTHON, str(ROOT / "benchmarks" / "httpx_stream.py"), emu.base_url,
           json.dumps(body)]

    def runner(argv: list[str]) -> Any:
        def go() -> Any:
            emu.scenario(scenario[0], **scenario[1])
            sample = run_process(argv, env)
            if sample.output_bytes == 0:
                raise BenchmarkError(f"no answer on stdout: {argv[0]}")
            return sample
        return go

    base = f"httpx script, {label}"
    return [Case(base, runner(raw)),
            Case(f"openclaw chat, {label}", runner(cli), baseline=base)]


def run(opts: Options) -> Section:
    """Measure first token and total time, CLI vs raw httpx, in interleaved rounds."""
    long_tokens = 50 if opts.smoke else 2000
    section = Section("One-shot chat against the emulator (stdout piped)",
                      columns=("ttft", "ttft_ratio", "wall", "ratio", "cpu", "cpu_ratio",
                               "rss"))
    with Emulator() as emu, scratch_dir("chat") as home:
        env = clean_env(home, VENICE_BASE_URL=emu.base_url, VENICE_API_KEY=TEST_KEY)
        body = _cli_body(emu, env)
        cases = [*_pair(emu, env, body, "short answer", ("plain", {})),
                 *_pair(emu, env, body, f"{long_tokens:,} tokens",
                        ("long", {"tokens": long_tokens}))]
        # Short runs: twice the rounds (at least 10), first-token times are noisy under load.
        runs = opts.runs if opts.smoke else max(10, 2 * opts.runs)
        section.results = interleave(cases, runs, log=opts.log)
    ratio = section.ratio("openclaw chat, short answer", "first_output")
    if ratio is not None:
        verdict = "meets" if ratio <= BUDGET_RATIO else "MISSES"
        section.notes.append(f"Budget first token <= {BUDGET_RATIO}x the httpx script: "
                             f"{ratio:.2f}x, {verdict}.")
    section.notes.append("Request body (identical for both): `" + json.dumps(body) + "`.")
    return section
