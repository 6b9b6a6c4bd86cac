"""Start-up: `openclaw --help`, `models list --plain` (warm cache / static), `models status`.

Baseline: ``python -c pass`` with the same interpreter and ``site`` as the CLI, plus
``python -S -c pass`` (the interpreter alone) for reference. Two installs are measured:

- dev: the project's venv (an editable install: its ``site`` also loads the editable
  finder, which ``python -c pass`` pays too);
- release: ``pip install .`` into ``.bench/release`` (what users get; skipped in smoke
  mode or when the install fails).

Each scenario has its own fresh HOME/XDG tree. Warm cache: a first ``openclaw models
list --refresh`` against the emulator (with ``VENICE_BASE_URL`` and a key) writes the
catalog cache; the measured runs keep those variables and the emulator's request log
shows they made no request. Static fallback: an empty HOME and no key.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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

BUDGET_RATIO = 8.0
RELEASE = ROOT / ".bench" / "release"


def release_install(verbose: bool) -> Path | None:
    """``pip install .`` (current sources, not editable) into .bench/release; its bin dir."""
    bin_dir = RELEASE / "bin"
    out = None if verbose else subprocess.DEVNULL
    try:
        if not (bin_dir / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(RELEASE)], check=True,
                           stdout=out, stderr=out)
            subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(ROOT)],
                           check=True, stdout=out, stderr=out, timeout=900)
        else:   # refresh the package itself from the working tree
            subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps",
                            "--force-reinstall", str(ROOT)], check=True, stdout=out,
                           stderr=out, timeout=900)
    except (subprocess.SubprocessError, OSError):
        return None
    return bin_dir if (bin_dir / "openclaw").exists() else None


def _warm_env(emu: Emulator, cli: list[str], home: Path) -> dict[str, str]:
    env = clean_env(home, VENICE_BASE_URL=emu.base_url, VENICE_API_KEY=TEST_KEY)
    proc = subprocess.run([*cli, "models", "list", "--refresh", "--plain"], env=env,
                          capture_output=True, check=False, cwd=home)
    if proc.returncode != 0 or not list((home / ".cache").rglob("models-*.json")):
        raise BenchmarkError("could not pre-populate the catalog cache: "
                             + proc.stderr.decode(errors="replace").strip())
    return env


def _cases(tag: str, python: str, cli: list[str], envs: dict[str, dict[str, str]],
           reference: bool) -> list[Case]:
    """One install's cases, all compared with its own ``python -c pass``."""
    base = f"{tag}python -c pass"

    def case(name: str, argv: list[str], env: str, note: str = "") -> Case:
        cwd = Path(envs[env]["HOME"])
        return Case(tag + name, lambda: run_process(argv, envs[env], cwd=cwd),
                    baseline=None if tag + name == base else base, note=note)

    cases = [case("python -c pass", [python, "-c", "pass"], "base")]
    if reference:
        cases.append(case("python -S -c pass", [python, "-S", "-c", "pass"], "base",
                          "no site: the bare interpreter"))
    cases.append(case("python -c 'import typer'", [python, "-c", "import typer"], "base",
                      "the CLI framework alone: the floor"))
    cases += [
        case("openclaw --help", [*cli, "--help"], "static"),
        case("openclaw models list --plain, warm cache",
             [*cli, "models", "list", "--plain"], "warm"),
        case("openclaw models list --plain, static fallback",
             [*cli, "models", "list", "--plain"], "static", "no key, empty cache"),
        case("openclaw models status, warm cache", [*cli, "models", "status"], "warm"),
        case("openclaw models --help", [*cli, "models", "--help"], "static"),
        case("openclaw infer --help", [*cli, "infer", "--help"], "static",
             "lists the six families: each module imported, none built"),
        case("openclaw infer list", [*cli, "infer", "list"], "static"),
        case("openclaw infer image generate --help",
             [*cli, "infer", "image", "generate", "--help"], "static"),
    ]
    if reference:
        cases.append(case("openclaw models list, warm cache", [*cli, "models", "list"],
                          "warm", "table"))
    return cases


def run(opts: Options) -> Section:
    """Measure the start-up cases of both installs in one set of interleaved rounds."""
    section = Section("Start-up (whole process)")
    installs = [("", PYTHON, openclaw_argv())]
    release = None if opts.smoke else release_install(opts.verbose)
    if release is not None:
        installs.append(("[release] ", str(release / "python"), [str(release / "openclaw")]))
    elif not opts.smoke:
        section.notes.append("The release install (.bench/release) failed; dev only.")
    with Emulator() as emu, scratch_dir("startup") as root:
        cases: list[Case] = []
        for tag, python, cli in installs:
            homes = {k: root / f"{tag.strip('[] ') or 'dev'}-{k}"
                     for k in ("base", "static", "warm")}
            for home in homes.values():
                home.mkdir()
            envs = {"base": clean_env(homes["base"]), "static": clean_env(homes["static"]),
                    "warm": _warm_env(emu, cli, homes["warm"])}
            cases += _cases(tag, python, cli, envs, reference=not tag)
        emu.reset()
        # Start-up runs are cheap: twice the rounds (at least 10) for steadier medians.
        runs = opts.runs if opts.smoke else max(10, 2 * opts.runs)
        section.results = interleave(cases, runs, log=opts.log)
        requests = emu.requests()
    _notes(section, len(requests), [tag for tag, _, _ in installs])
    return section


def _notes(section: Section, requests: int, tags: list[str]) -> None:
    section.notes.append(f"Requests to the emulator during the measured warm-cache runs: "
                         f"{requests} (warm paths must not touch the network).")
    for tag in tags:
        for name in ("openclaw --help", "openclaw models list --plain, warm cache",
                     "openclaw models list --plain, static fallback"):
            ratio = section.ratio(tag + name) or float("nan")
            verdict = "meets" if ratio <= BUDGET_RATIO else "MISSES"
            section.notes.append(
                f"Budget <= {BUDGET_RATIO:.0f}x python -c pass: `{tag}{name}` {ratio:.2f}x, "
                f"{verdict}.")
        models_help = section.result(tag + "openclaw models --help")
        for name in ("openclaw infer --help", "openclaw infer list",
                     "openclaw infer image generate --help"):
            own = section.result(tag + name)
            section.notes.append(
                f"`{tag}{name}`: {own.wall / models_help.wall:.2f}x wall, "
                f"{own.cpu / models_help.cpu:.2f}x CPU of `{tag}openclaw models --help` "
                "(budget: the same as models --help).")
    section.notes.append(
        "The dev venv's `python -c pass` includes its `site` and the editable-install finder "
        "(the CLI pays them too); the release rows compare a plain `pip install .` with its "
        "own interpreter, which is what users get.")
