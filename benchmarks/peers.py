"""Optional: the peers (llm + llm-venice, shell-gpt) measured like openclaw, same rounds.

Installs them into throwaway venvs, one per peer (together pip backtracks shell-gpt to
1.0), under ``.bench/`` (git-ignored; reused when present): ``llm llm-venice`` and
``shell-gpt>=1.5 click`` (shell-gpt 1.5 imports ``click``, which recent Typer no longer
pulls in). If an install fails (no registry access), the section says so and the run
goes on. Keys are dummies and every HOME is
fresh; no peer command here needs the network (``llm models list`` runs without a
Venice key, so llm-venice does not try to fetch its model list).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    ROOT,
    Case,
    Options,
    Section,
    clean_env,
    interleave,
    openclaw_argv,
    run_process,
    scratch_dir,
)

BENCH = ROOT / ".bench"
PEERS = {"llm": ("llm", "llm-venice"), "sgpt": ("shell-gpt>=1.5", "click")}


def ensure_venv(tool: str, log: bool) -> Path | None:
    """The bin directory of ``tool``'s venv, installing it if needed; None if that fails."""
    venv = BENCH / f"peer-{tool}"
    bin_dir = venv / "bin"
    if (bin_dir / tool).exists():
        return bin_dir
    out = None if log else subprocess.DEVNULL
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True,
                       stdout=out, stderr=out)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", *PEERS[tool]], check=True,
                       stdout=out, stderr=out, timeout=900)
    except (subprocess.SubprocessError, OSError):
        return None
    return bin_dir if (bin_dir / tool).exists() else None


def _version(bin_dir: Path, dist: str) -> str:
    proc = subprocess.run([str(bin_dir / "python"), "-c",
                           f"import importlib.metadata as m; print(m.version({dist!r}))"],
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "?"


def run(opts: Options) -> Section:
    """`--help` and `models list` of the peers next to openclaw's, in one set of rounds."""
    section = Section("Peers (whole process, fresh HOME, dummy keys)")
    if opts.smoke:
        section.notes.append("Skipped in smoke mode (it installs packages).")
        return section
    bins = {tool: ensure_venv(tool, opts.verbose) for tool in PEERS}
    for tool, bin_dir in bins.items():
        if bin_dir is None:
            section.notes.append(f"Skipped {tool}: could not install "
                                 f"{' '.join(PEERS[tool])} into .bench/peer-{tool}.")
    base = "python -c pass"
    with scratch_dir("peers") as home:
        env = clean_env(home, OPENAI_API_KEY="sk-test", LLM_USER_PATH=str(home / "llm"))
        (home / "llm").mkdir()
        cli = openclaw_argv()

        def case(name: str, argv: list[str]) -> Case:
            return Case(name, lambda: run_process(argv, env),
                        baseline=None if name == base else base)

        cases = [
            case(base, [PYTHON, "-c", "pass"]),
            case("openclaw --help", [*cli, "--help"]),
            case("openclaw models list", [*cli, "models", "list"]),
        ]
        llm, sgpt = bins["llm"], bins["sgpt"]
        if llm is not None:
            cases += [case("llm --help", [str(llm / "llm"), "--help"]),
                      case("llm models list", [str(llm / "llm"), "models", "list"])]
        if sgpt is not None:
            cases.append(case("sgpt --help", [str(sgpt / "sgpt"), "--help"]))
        section.results = interleave(cases, opts.runs, log=opts.log)
    versions = [f"{dist} {_version(bin_dir, dist)}" for tool, bin_dir in bins.items()
                if bin_dir is not None
                for dist in (("llm", "llm-venice") if tool == "llm" else ("shell-gpt",))]
    section.notes.append(f"{', '.join(versions)}, one venv each under .bench/; ratios "
                         "against `python -c pass` of openclaw's venv.")
    return section
