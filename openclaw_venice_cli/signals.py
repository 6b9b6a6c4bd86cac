"""SIGTERM and SIGHUP end a run the way Ctrl-C does: unwinding, not dying.

:func:`stop_on_signals` (installed by ``cli.main`` for the whole run, main thread only)
turns the first SIGTERM or SIGHUP into :class:`~openclaw_venice_cli.errors.Stopped`,
raised wherever the program is. Like ``KeyboardInterrupt`` it is a ``BaseException``,
so ``except Exception`` never swallows it; on its way out a chat turn stops the live
display (the cursor comes back), keeps the partial answer on stdout and saves it, and
the run exits 143 (SIGTERM) or 129 (SIGHUP). Later signals of either kind are ignored
while that happens. :func:`deferred` holds SIGINT/SIGTERM/SIGHUP back during a write
that must not be cut (a conversation save): they arrive right after it. Stdlib only.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from openclaw_venice_cli.errors import ExitStatus, Stopped

_STOPS = {
    signal.SIGTERM: (ExitStatus.TERMINATED, "Terminated (SIGTERM)."),
    signal.SIGHUP: (ExitStatus.HANGUP, "Hung up (SIGHUP): the terminal went away."),
} if hasattr(signal, "SIGHUP") else {
    signal.SIGTERM: (ExitStatus.TERMINATED, "Terminated (SIGTERM)."),
}


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """For the duration: SIGTERM/SIGHUP raise :class:`Stopped` once (then are ignored).
    Outside the main thread (where handlers cannot be set) it does nothing."""
    if not _main_thread():
        yield
        return
    fired: list[int] = []

    def handler(signum: int, _frame: FrameType | None) -> None:
        if fired:
            return  # already stopping: let the clean-up finish
        fired.append(signum)
        status, message = _STOPS[signal.Signals(signum)]
        raise Stopped(status, message)

    previous = {sig: signal.signal(sig, handler) for sig in _STOPS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends (a write that must finish)."""
    if not _main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, *_STOPS}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
