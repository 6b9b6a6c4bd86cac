"""Where generated media go, and the one way they are written: never half a file.

Every file is first written in full to a hidden temp file beside its target (``.<name>.
<pid>.<hex>.tmp``, the private writer's naming), fsynced, then renamed into place; all
files of one result are staged before the first rename, and on any failure (a cut
answer, a full disk, Ctrl-C) every temp file is removed. Files we name ourselves
(``<state dir>/media/generated/<uuid>.<ext>``, as OpenClaw) are linked into place and
never replace anything; ``--output PATH`` replaces PATH like ``curl -o``. ``--output -``
writes the bytes to stdout (not to a terminal). Files get the usual ``0666 & ~umask``
mode; the default directory is 0700.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from openclaw_venice_cli import privatefile
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import OutputError, UsageError

STDOUT = "-"
FILE_MODE = 0o666  # before the umask, like any file a command creates
EXTENSIONS = {
    "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/gif": ".gif",
    "audio/mpeg": ".mp3", "audio/opus": ".opus", "audio/ogg": ".ogg", "audio/aac": ".aac",
    "audio/flac": ".flac", "audio/wav": ".wav", "audio/x-wav": ".wav", "audio/pcm": ".pcm",
}
_SAME = {".jpeg": ".jpg", ".jpe": ".jpg"}


class Written(NamedTuple):
    """One file of a result, as the JSON envelope reports it."""

    path: str  # absolute, or "-" for stdout
    mime_type: str
    size: int


def extension_for(mime_type: str) -> str:
    """``.png`` for ``image/png``; ``.bin`` for a type we do not know."""
    return EXTENSIONS.get(mime_type.split(";")[0].strip().lower(), ".bin")


def media_dir(env: Environment) -> Path:
    """OpenClaw's store for generated media: ``<state dir>/media/generated``."""
    return env.state_dir / "media" / "generated"


def targets(env: Environment, output: str | None, mime_types: list[str]) -> list[Path | None]:
    """Where each of ``len(mime_types)`` results goes (None: stdout).

    ``--output cat.png`` with three images gives ``cat-1.png``, ``cat-2.png``,
    ``cat-3.png``; the extension follows the data's real type when they disagree (a
    note says so). Without ``--output``: new names in :func:`media_dir`.
    """
    count = len(mime_types)
    if output == STDOUT:
        if count != 1:
            raise UsageError("--output - (stdout) takes one result; use a file name for "
                             f"{count}.")
        if env.stdout_isatty:
            raise UsageError("Refusing to write binary data to the terminal; pipe it or "
                             "give --output FILE.")
        return [None]
    if output is None:
        base = media_dir(env)
        return [base / f"{uuid.uuid4()}{extension_for(m)}" for m in mime_types]
    requested = env.expand(output)
    if requested.is_dir() or output.endswith(os.sep):
        raise UsageError(f"--output {output} is a directory; give a file name.")
    paths: list[Path | None] = []
    for index, mime in enumerate(mime_types):
        real = extension_for(mime)
        suffix = requested.suffix.lower()
        keep = suffix and _SAME.get(suffix, suffix) == real
        stem = requested.stem if suffix else requested.name
        name = f"{stem}-{index + 1}" if count > 1 else stem
        path = requested.with_name(name + (requested.suffix if keep else real))
        if suffix and not keep and real != ".bin":
            env.warn_once(f"Note: the server sent {mime} data; writing {path.name} instead "
                          f"of {requested.name}.")
        paths.append(path)
    return paths


class Staged:
    """A file being written: :meth:`write` into the temp file, then :meth:`commit`."""

    def __init__(self, target: Path, *, replace: bool) -> None:
        self.target = target
        self.replace = replace
        self.size = 0
        self._tmp = privatefile.temp_name(target)
        self._fd: int | None = None

    def open(self) -> None:
        try:
            if not self.target.parent.is_dir():
                if self.replace:
                    self.target.parent.mkdir(parents=True, exist_ok=True)
                else:
                    privatefile.ensure_private_dir(self.target.parent)
            self._fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError as exc:
            raise _failed(self.target, exc) from exc

    def write(self, data: bytes) -> None:
        if self._fd is None:
            self.open()
        assert self._fd is not None
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            raise _failed(self.target, exc) from exc
        self.size += len(data)

    def finish(self) -> None:
        """Flush the temp file to disk (before any rename of the result happens)."""
        if self._fd is None:
            self.open()
        assert self._fd is not None
        try:
            os.fsync(self._fd)
        except OSError as exc:
            raise _failed(self.target, exc) from exc
        finally:
            os.close(self._fd)
            self._fd = None

    def commit(self) -> Path:
        """Move the finished temp file into place; the final path."""
        try:
            if self.replace:
                os.replace(self._tmp, self.target)
            else:
                os.link(self._tmp, self.target)  # fails rather than replace a file
                os.unlink(self._tmp)
        except OSError as exc:
            raise _failed(self.target, exc) from exc
        privatefile.fsync_dir(self.target.parent)
        return self.target

    def discard(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)


def _failed(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"Could not write {path}: {exc.strerror or exc}; nothing was written.")


@contextlib.contextmanager
def staged(paths: Iterable[Path | None], *,
           replace: bool) -> Iterator[list[Staged | None]]:
    """Temp files for ``paths`` (None = stdout); all removed unless the block commits them
    with :func:`commit_all`."""
    files = [Staged(path, replace=replace) if path is not None else None for path in paths]
    try:
        yield files
    finally:
        for item in files:
            if item is not None:
                item.discard()


def commit_all(env: Environment, files: list[Staged | None], mime_types: list[str],
               data: list[bytes] | None = None) -> list[Written]:
    """Finish every staged file, then move them all into place (stdout gets ``data``)."""
    for item in files:
        if item is not None:
            item.finish()
    written = []
    for index, (item, mime) in enumerate(zip(files, mime_types, strict=True)):
        if item is None:
            payload = data[index] if data is not None else b""
            buffer = getattr(env.stdout, "buffer", None)
            if buffer is None:
                raise OutputError("stdout does not accept binary data here.")
            env.stdout.flush()
            buffer.write(payload)
            buffer.flush()
            written.append(Written(STDOUT, mime, len(payload)))
        else:
            written.append(Written(str(item.commit().resolve()), mime, item.size))
    return written


def write_all(env: Environment, output: str | None, blobs: list[bytes],
              mime_types: list[str]) -> list[Written]:
    """Write whole results (already in memory) atomically; what was written."""
    paths = targets(env, output, mime_types)
    with staged(paths, replace=output is not None) as files:
        for item, blob in zip(files, blobs, strict=True):
            if item is not None:
                item.write(blob)
        return commit_all(env, files, mime_types, blobs)


def save_reply(env: Environment, chunks: Iterable[bytes], output: str | None,
               mime_type: str) -> Written:
    """Stream one binary answer into its file (or, for ``-``, to stdout once complete)."""
    paths = targets(env, output, [mime_type])
    with staged(paths, replace=output is not None) as files:
        item = files[0]
        held: list[bytes] = []
        for chunk in chunks:
            if item is None:
                held.append(chunk)
            else:
                item.write(chunk)
        return commit_all(env, files, [mime_type], [b"".join(held)])[0]
