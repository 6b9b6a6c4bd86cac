"""Shared measuring helpers: whole-process samples, interleaved rounds, medians, ratios.

Every benchmark measures whole processes the way a user meets them: wall time with
``perf_counter`` around the child, CPU time (user + system) and peak RSS from the
child's own ``rusage`` (``os.wait4``), never a shared ``RUSAGE_CHILDREN`` total. Cases
are run in interleaved rounds (every case once per round, the order rotated each round)
so machine load hits every case alike; ratios are taken against a baseline measured in
the same rounds. Stdlib only: ``python benchmarks/run.py`` needs nothing installed.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# A child spawned from this (large) process inherits our peak RSS in its own ru_maxrss
# (Linux keeps the high-water mark across exec), so peak RSS is read through GNU time,
# a small process that reports its child's; without it, ru_maxrss is an upper bound.
TIME_BIN = shutil.which("time", path="/usr/bin:/bin")
RSS_SOURCE = ("GNU time (/usr/bin/time -f %M)" if TIME_BIN else
              "os.wait4 ru_maxrss (upper bound: includes the driver's RSS at spawn)")


@dataclass(frozen=True)
class Sample:
    """One run of one case."""

    wall: float                  # seconds, spawn to exit
    cpu: float                   # seconds, user + system of the child
    rss_mb: float                # peak resident set of the child, MiB
    first_output: float | None = None   # seconds from spawn to the first stdout byte
    output_bytes: int = 0


@dataclass
class Case:
    """A named thing to measure; ``run()`` returns one :class:`Sample`."""

    name: str
    run: Callable[[], Sample]
    baseline: str | None = None   # name of the case this one is compared with
    note: str = ""


@dataclass
class Result:
    """All samples of one case and their medians."""

    name: str
    samples: list[Sample]
    baseline: str | None = None
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def wall_min(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return statistics.median(s.rss_mb for s in self.samples)

    @property
    def rss_max_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)

    @property
    def first_output(self) -> float | None:
        values = [s.first_output for s in self.samples if s.first_output is not None]
        return statistics.median(values) if values else None


@dataclass
class Section:
    """What one benchmark module hands the driver: a titled table plus notes."""

    title: str
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: tuple[str, ...] = ("wall", "min", "cpu", "rss", "ratio", "cpu_ratio")
    markdown: str | None = None   # a module may hand over its own ready Markdown instead

    def result(self, name: str) -> Result:
        return next(r for r in self.results if r.name == name)

    def ratio(self, name: str, attr: str = "wall") -> float | None:
        """``name``'s median ``attr`` over its baseline's, both from these rounds."""
        res = self.result(name)
        if res.baseline is None:
            return None
        base = getattr(self.result(res.baseline), attr)
        value = getattr(res, attr)
        if base is None or value is None or base <= 0:
            return None
        return float(value) / float(base)


@dataclass(frozen=True)
class Options:
    """Driver options every benchmark module receives."""

    runs: int = 7
    smoke: bool = False
    verbose: bool = False

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, file=sys.stderr, flush=True)


class BenchmarkError(RuntimeError):
    """A measured command failed: the benchmark itself is broken."""


# -- running processes -----------------------------------------------------------------
@contextmanager
def _timed(argv: Sequence[str]) -> Iterator[tuple[list[str], Path | None]]:
    """``argv`` wrapped in GNU time (when present) writing the peak RSS to a file."""
    if TIME_BIN is None:
        yield list(argv), None
        return
    fd, name = tempfile.mkstemp(prefix="openclaw-bench-rss-")
    os.close(fd)
    try:
        yield [TIME_BIN, "-f", "%M", "-o", name, *argv], Path(name)
    finally:
        os.unlink(name)


def _finish(proc: subprocess.Popen[bytes], start: float, first: float | None, nbytes: int,
            argv: Sequence[str], ok_codes: tuple[int, ...], rss_file: Path | None) -> Sample:
    """Reap the child: wall time now, CPU (its children included) and RSS from rusage."""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        raise BenchmarkError(f"exit {proc.returncode}: {' '.join(argv)}")
    rss_kib = float(usage.ru_maxrss)
    if rss_file is not None:
        rss_kib = float(rss_file.read_text().split()[-1])
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mb=rss_kib / 1024.0,
                  first_output=first, output_bytes=nbytes)


def run_process(argv: Sequence[str], env: Mapping[str, str], *, cwd: Path | None = None,
                ok_codes: tuple[int, ...] = (0,), stdin: bytes | None = None) -> Sample:
    """Run ``argv`` with stdout on a pipe we drain; time the first byte and the exit."""
    with _timed(argv) as (command, rss_file):
        return _pipe(command, env, cwd, ok_codes, stdin, argv, rss_file)


def _pipe(command: list[str], env: Mapping[str, str], cwd: Path | None,
          ok_codes: tuple[int, ...], stdin: bytes | None, argv: Sequence[str],
          rss_file: Path | None) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=dict(env), cwd=cwd or ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None and proc.stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    first: float | None = None
    nbytes = 0
    while chunk := os.read(fd, 65536):
        if first is None:
            first = time.perf_counter() - start
        nbytes += len(chunk)
    proc.stdout.close()
    return _finish(proc, start, first, nbytes, argv, ok_codes, rss_file)


def run_in_pty(argv: Sequence[str], env: Mapping[str, str], *, cwd: Path | None = None,
               ok_codes: tuple[int, ...] = (0,), rows: int = 40, cols: int = 100) -> Sample:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal that we drain."""
    with _timed(argv) as (command, rss_file):
        return _pty(command, env, cwd, ok_codes, (rows, cols), argv, rss_file)


def _pty(command: list[str], env: Mapping[str, str], cwd: Path | None,
         ok_codes: tuple[int, ...], size: tuple[int, int], argv: Sequence[str],
         rss_file: Path | None) -> Sample:
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(command, env={**env, "TERM": "xterm-256color"},
                            cwd=cwd or ROOT, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=slave, start_new_session=True)
    os.close(slave)
    first: float | None = None
    nbytes = 0
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            # Exited? Asked without reaping it: _finish reaps it to read its rusage.
            if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:   # EIO: the child closed the terminal
            break
        if not chunk:
            break
        if first is None:
            first = time.perf_counter() - start
        nbytes += len(chunk)
    os.close(master)
    return _finish(proc, start, first, nbytes, argv, ok_codes, rss_file)


def interleave(cases: Sequence[Case], runs: int, *, warmup: int = 1,
               log: Callable[[str], None] | None = None) -> list[Result]:
    """``warmup`` unrecorded rounds, then ``runs`` rounds of every case, order rotated."""
    samples: dict[str, list[Sample]] = {c.name: [] for c in cases}
    for round_ in range(-warmup, runs):
        shift = round_ % len(cases) if cases else 0
        for case in list(cases[shift:]) + list(cases[:shift]):
            sample = case.run()
            if round_ >= 0:
                samples[case.name].append(sample)
        if log:
            log(f"  round {round_ + 1}/{runs}" if round_ >= 0 else "  warm-up round")
    return [Result(c.name, samples[c.name], c.baseline, c.note) for c in cases]


# -- environments ----------------------------------------------------------------------
_KEEP = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A process environment with a fresh HOME/XDG tree and no OpenClaw/Venice/proxy vars."""
    env = {k: v for k, v in os.environ.items() if k in _KEEP}
    env.setdefault("LANG", "C.UTF-8")
    env.update({
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    })
    env.update(extra)
    return env


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A temporary directory (a fresh HOME), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=f"openclaw-bench-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def openclaw_argv() -> list[str]:
    """The installed ``openclaw`` console script next to this interpreter, else ``-m``."""
    script = Path(PYTHON).parent / "openclaw"
    if script.exists():
        return [str(script)]
    return [PYTHON, "-m", "openclaw_venice_cli"]


# -- formatting ------------------------------------------------------------------------
def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


_HEADERS = {"wall": "median wall", "min": "min wall", "cpu": "median CPU",
            "rss": "peak RSS", "ttft": "median first token", "ratio": "wall ratio",
            "cpu_ratio": "CPU ratio", "ttft_ratio": "first-token ratio"}


def _cell(section: Section, res: Result, column: str) -> str:
    values: dict[str, Callable[[], str]] = {
        "wall": lambda: fmt_seconds(res.wall),
        "min": lambda: fmt_seconds(res.wall_min),
        "cpu": lambda: fmt_seconds(res.cpu),
        "rss": lambda: f"{res.rss_mb:.1f} MiB",
        "ttft": lambda: fmt_seconds(res.first_output),
        "ratio": lambda: fmt_ratio(section.ratio(res.name)),
        "cpu_ratio": lambda: fmt_ratio(section.ratio(res.name, "cpu")),
        "ttft_ratio": lambda: fmt_ratio(section.ratio(res.name, "first_output")),
    }
    return values[column]()


def section_rows(section: Section) -> tuple[list[str], list[list[str]]]:
    """Header and body cells of a section's table."""
    header = ["case", *(_HEADERS[c] for c in section.columns)]
    body = [[res.name + (f" ({res.note})" if res.note else ""),
             *(_cell(section, res, c) for c in section.columns)] for res in section.results]
    return header, body


def _rounds(section: Section) -> str:
    counts = sorted({len(r.samples) for r in section.results})
    if not counts:
        return ""
    return f"Medians of {'/'.join(map(str, counts))} interleaved rounds per case."


def to_markdown(section: Section) -> str:
    if section.markdown is not None:
        return section.markdown
    header, body = section_rows(section)
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = [f"### {section.title}", "", _rounds(section), "",
             "| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
              for row in body]
    lines += [""] + [f"- {n}" for n in section.notes]
    return "\n".join(lines).rstrip() + "\n"


def to_text(section: Section) -> str:
    if section.markdown is not None and not section.results:
        return section.markdown
    header, body = section_rows(section)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [section.title, "-" * len(section.title), _rounds(section)]
    for row in [header, *body]:
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                               for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    lines += [f"  * {n}" for n in section.notes]
    return "\n".join(lines) + "\n"
