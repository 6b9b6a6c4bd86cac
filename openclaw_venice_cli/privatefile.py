"""The one writer of private files (config, model cache, conversations, history).

Every file we write may hold a key or a conversation, so all of them are written the
same way: a 0600 temp file in the target's directory, written in full, fsynced, then
renamed over the target (readers see the old or the new file, never a mix), the
directory fsynced after. Directories are created 0700. :func:`locked_dir` serialises
writers with ``flock`` on the directory itself, so no lock file is ever left behind.
Stdlib only.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer before giving up


class LockTimeout(OSError):
    """Another process kept the directory locked for longer than the timeout."""


def ensure_private_dir(directory: Path, *, tighten: bool = True) -> None:
    """Create ``directory`` (and parents) 0700; with ``tighten``, make an existing one 0700.

    Raises OSError when it cannot be created.
    """
    if not directory.is_dir():
        directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(directory, DIR_MODE)
    elif tighten and directory.stat().st_mode & 0o077:
        with contextlib.suppress(PermissionError):
            os.chmod(directory, DIR_MODE)


def temp_name(target: Path) -> Path:
    """A unique hidden temp path beside ``target`` (``.<name>.<pid>.<hex>.tmp``)."""
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def remove_stale_temp_files(target: Path) -> None:
    """Delete temp files a killed writer left beside ``target`` (hold the lock first)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_private_file(target: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace ``target`` with ``data`` atomically: 0600 temp file, fsync, rename.

    Raises OSError (the target is then unchanged and no temp file is left behind).
    """
    tmp = temp_name(target)
    try:  # os.open inside the try: a Ctrl-C right after it must not leave the temp file
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # umask cannot widen it, but be explicit
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_dir:
        fsync_dir(target.parent)


@contextlib.contextmanager
def locked_dir(directory: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Exclusive ``flock`` on the directory fd (no lock file); waits up to ``timeout``.

    Raises :class:`LockTimeout` after the wait, OSError when the directory cannot be
    opened. A filesystem that cannot lock is used unlocked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking available
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() > deadline:
                    raise LockTimeout(f"another openclaw process kept {directory} locked "
                                      f"for {timeout:g} s") from error
                time.sleep(0.02)
            except OSError:  # the filesystem cannot lock: carry on unlocked
                break
        yield
    finally:
        os.close(fd)  # closing the fd releases the lock
