"""A spinner with the elapsed time on stderr while a long request runs (image, speech…).

Only on a terminal (stderr a TTY, ``TERM`` not ``dumb``); elsewhere it prints nothing,
so piped and scripted runs stay quiet. Stdlib only: a daemon thread redraws one line
ten times a second; leaving the ``with`` block (normally, on an error or on Ctrl-C)
stops the thread and erases the line, so later output starts on a clean line.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

from openclaw_venice_cli.environment import Environment

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
INTERVAL = 0.1
CLEAR = "\r\x1b[2K"


def shows_progress(env: Environment) -> bool:
    """Whether a spinner would be drawn for this run."""
    return bool(env.stderr_isatty) and env.environ.get("TERM") != "dumb"


def elapsed_line(label: str, seconds: float, frame: int) -> str:
    """One frame: ``⠙ Generating image… 3.2 s``."""
    return f"{FRAMES[frame % len(FRAMES)]} {label} {seconds:.1f} s"


@contextlib.contextmanager
def progress(env: Environment, label: str) -> Iterator[None]:
    """Show ``label`` with a spinner and the elapsed time until the block ends."""
    if not shows_progress(env):
        yield
        return
    stop = threading.Event()
    lock = threading.Lock()
    started = time.monotonic()

    def draw() -> None:
        frame = 0
        while not stop.wait(INTERVAL if frame else 0):
            with lock, contextlib.suppress(OSError, ValueError):
                if stop.is_set():  # the erase below won the lock: draw nothing after it
                    return
                env.stderr.write(CLEAR + elapsed_line(label, time.monotonic() - started, frame))
                env.stderr.flush()
            frame += 1

    thread = threading.Thread(target=draw, name="openclaw-progress", daemon=True)
    try:  # started inside the try: a Ctrl-C while it starts still erases the line
        thread.start()
        yield
    finally:
        with lock, contextlib.suppress(OSError, ValueError):
            stop.set()
            env.stderr.write(CLEAR)
            env.stderr.flush()
        if thread.ident is not None:
            thread.join(timeout=1.0)
