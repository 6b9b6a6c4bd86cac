"""Safe writes of ``openclaw.json``: lock, re-read, mutate, validate, back up, replace.

Concurrent writers are serialised with ``flock`` on the config *directory* itself, so no
lock file is ever created or left behind. Under the lock the current file is re-read (an
unparsable file is never rewritten), ``mutate`` edits the raw dict (``${VAR}`` stays
literal), and only a real change is written: the old bytes go to ``.bak`` (rotating
``.bak.1`` … ``.bak.4``), the new text to a 0600 temp file that is fsynced and renamed.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .config import WriteResult
from .config_parse import parse_config_bytes, read_config_bytes, validate_config
from .environment import Environment
from .errors import ConfigError

BACKUP_COUNT = 5  # openclaw.json.bak + .bak.1 … .bak.4
LOCK_TIMEOUT = 30.0  # seconds to wait for another writer before giving up
_FILE_MODE = 0o600
_DIR_MODE = 0o700


def _write_error(path: Path, exc: OSError | str) -> ConfigError:
    detail = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return ConfigError(f"Failed to write config at {path}: {detail}")


def backup_paths(path: Path) -> list[Path]:
    """``openclaw.json.bak`` (newest), ``.bak.1`` … ``.bak.4`` (oldest)."""
    first = path.with_name(path.name + ".bak")
    return [first] + [path.with_name(f"{first.name}.{i}") for i in range(1, BACKUP_COUNT)]


def _ensure_dir(directory: Path, tighten: bool) -> None:
    """Create the config dir 0700; tighten an existing one only when it is ours."""
    try:
        if not directory.is_dir():
            directory.mkdir(mode=_DIR_MODE, parents=True, exist_ok=True)
            os.chmod(directory, _DIR_MODE)
        elif tighten and directory.stat().st_mode & 0o077:
            with contextlib.suppress(PermissionError):
                os.chmod(directory, _DIR_MODE)
    except OSError as exc:
        raise _write_error(directory, exc) from None


@contextlib.contextmanager
def _dir_lock(directory: Path, path: Path) -> Iterator[None]:
    """Exclusive ``flock`` on the directory fd (no lock file); waits up to LOCK_TIMEOUT."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking available
        yield
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _write_error(path, "another openclaw process keeps the config "
                                             "locked; try again") from None
                time.sleep(0.02)
            except OSError:  # the filesystem cannot lock: carry on unlocked
                break
        yield
    finally:
        os.close(fd)  # closing the fd releases the lock


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to a 0600 temp file beside ``target``, fsync, rename over it."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:  # os.open inside the try: a Ctrl-C right after it must not leave the temp file
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
        try:
            os.fchmod(fd, _FILE_MODE)  # umask cannot widen it, but be explicit
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


def _remove_stale_temp_files(target: Path) -> None:
    """Delete temp files a killed writer left; safe because we hold the lock."""
    for stale in target.parent.glob(f".{target.name}*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _rotate_backups(path: Path, current: bytes) -> Path:
    """Shift ``.bak`` → ``.bak.1`` … (the oldest is dropped) and save ``current`` as .bak."""
    baks = backup_paths(path)
    for i in range(len(baks) - 1, 0, -1):
        if baks[i - 1].exists():
            os.replace(baks[i - 1], baks[i])
            with contextlib.suppress(OSError):
                os.chmod(baks[i], _FILE_MODE)
    _atomic_write(baks[0], current)
    return baks[0]


def serialise(raw: dict[str, Any]) -> bytes:
    """2-space JSON plus a newline, UTF-8 (``\\u`` escapes only for lone surrogates)."""
    try:
        return (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(raw, indent=2) + "\n").encode("utf-8")


def _resolve_target(path: Path) -> Path:
    """Write through a symlinked config to its target instead of replacing the link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_config(env: Environment, mutate: Callable[[dict[str, Any]], None]) -> WriteResult:
    """The body of :func:`config.update_config` (see the module docstring)."""
    path = env.config_path
    target = _resolve_target(path)
    directory = target.parent
    _ensure_dir(directory, tighten=directory in (env.state_dir, env.home / ".openclaw"))
    with _dir_lock(directory, path):
        current = read_config_bytes(target)
        raw: dict[str, Any] = {}
        had_comments = False
        if current is not None:
            raw, had_comments = parse_config_bytes(path, current)
        before = serialise(raw)
        mutate(raw)
        validate_config(path, raw)
        new = serialise(raw)
        if new == before:
            return WriteResult(path, None, False)
        if had_comments:
            env.warn_once(f"Config write will strip JSON5 comments from {path}.")
        _remove_stale_temp_files(target)
        try:
            backup = _rotate_backups(target, current) if current is not None else None
            _atomic_write(target, new)
        except OSError as exc:
            raise _write_error(path, exc) from None
        _fsync_dir(directory)
    return WriteResult(path, backup, True)
