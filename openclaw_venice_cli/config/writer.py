"""Safe writes of ``openclaw.json``: lock, re-read, mutate, validate, back up, replace.

Concurrent writers are serialised with ``flock`` on the config *directory* itself, so no
lock file is ever created or left behind. Under the lock the current file is re-read (an
unparsable file is never rewritten), ``mutate`` edits the raw dict (``${VAR}`` stays
literal), and only a real change is written: the old bytes go to ``.bak`` (rotating
``.bak.1`` … ``.bak.4``), the new text through :mod:`privatefile` (0600, fsync, rename).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from openclaw_venice_cli import privatefile
from openclaw_venice_cli.config.includes import (
    has_include,
    include_roots,
    plan_write,
    resolve_includes,
)
from openclaw_venice_cli.config.parse import (
    invalid_config,
    parse_config_bytes,
    parse_json5_bytes,
    read_config_bytes,
    validate_config,
)
from openclaw_venice_cli.config.schema import move_env_variables
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ConfigError

BACKUP_COUNT = 5  # openclaw.json.bak + .bak.1 … .bak.4


class WriteResult(NamedTuple):
    """What :func:`update_config` did."""

    path: Path
    backup: Path | None
    changed: bool
    created: bool = False  # the file did not exist before this write


def _write_error(path: Path, exc: OSError | str) -> ConfigError:
    detail = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return ConfigError(f"Failed to write config at {path}: {detail}")


def backup_paths(path: Path) -> list[Path]:
    """``openclaw.json.bak`` (newest), ``.bak.1`` … ``.bak.4`` (oldest)."""
    first = path.with_name(path.name + ".bak")
    return [first] + [path.with_name(f"{first.name}.{i}") for i in range(1, BACKUP_COUNT)]


def _rotate_backups(path: Path, current: bytes) -> Path:
    """Shift ``.bak`` → ``.bak.1`` … (the oldest is dropped) and save ``current`` as .bak.

    Every backup ends up 0600, whatever mode a file we shift had before.
    """
    baks = backup_paths(path)
    for i in range(len(baks) - 1, 0, -1):
        if baks[i - 1].exists():
            os.replace(baks[i - 1], baks[i])
    for bak in baks[1:]:  # shifted or not: a .bak.4 left 0644 by hand is tightened too
        with contextlib.suppress(OSError):
            if not bak.is_symlink() and bak.stat().st_mode & 0o077:
                os.chmod(bak, privatefile.FILE_MODE)
    privatefile.write_private_file(baks[0], current, sync_dir=False)
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


def update_config(env: Environment, mutate: Callable[[dict[str, Any]], None], *,
                  dry_run: bool = False) -> WriteResult:
    """Lock, re-read, ``mutate(raw)``, validate, back up and write atomically.

    Variables found as ``env.<NAME>`` are moved to ``env.vars`` on the way (OpenClaw
    rejects the former), with one notice. ``dry_run`` does all of it but the write.
    """
    path = env.config_path
    target = _resolve_target(path)
    directory = target.parent
    try:
        privatefile.ensure_private_dir(
            directory, tighten=directory in (env.state_dir, env.home / ".openclaw"))
    except OSError as exc:
        raise _write_error(directory, exc) from exc
    try:
        with privatefile.locked_dir(directory):
            return _update_locked(env, path, target, mutate, dry_run)
    except privatefile.LockTimeout as exc:
        raise _write_error(path, "another openclaw process keeps the config locked; "
                                 "try again") from exc
    except OSError as exc:  # the directory could not be opened for the lock
        raise _write_error(path, exc) from exc


def _update_locked(env: Environment, path: Path, target: Path,
                   mutate: Callable[[dict[str, Any]], None], dry_run: bool) -> WriteResult:
    current = read_config_bytes(target)
    raw: dict[str, Any] = {}
    had_comments = False
    if current is not None:
        raw, had_comments = parse_config_bytes(path, current)
    if has_include(raw):
        return _update_through_includes(env, path, target, raw, current, had_comments,
                                        mutate, dry_run)
    before = serialise(raw)
    mutate(raw)
    moved = move_env_variables(raw)
    validate_config(path, raw)
    new = serialise(raw)
    if new == before:
        return WriteResult(path, None, False)
    if dry_run:
        _note_moved(env, moved, "Would move")
        return WriteResult(path, None, True)
    backup = _replace(env, path, target, current, new, had_comments)
    _note_moved(env, moved, "Moved")
    return WriteResult(path, backup, True, created=current is None)


def _replace(env: Environment, path: Path, target: Path, current: bytes | None,
             new: bytes, had_comments: bool) -> Path | None:
    """Back ``target`` up (when it exists) and write ``new`` in its place."""
    if had_comments:
        env.warn_once(f"Config write will strip JSON5 comments from {path}.")
    privatefile.remove_stale_temp_files(target)
    try:
        backup = _rotate_backups(target, current) if current is not None else None
        privatefile.write_private_file(target, new)
    except OSError as exc:
        raise _write_error(path, exc) from exc
    return backup


def _update_through_includes(env: Environment, path: Path, target: Path,
                             raw: dict[str, Any], current: bytes | None, had_comments: bool,
                             mutate: Callable[[dict[str, Any]], None],
                             dry_run: bool) -> WriteResult:
    """A config using ``$include``: change the resolved config, then write each changed
    section where it lives (``includes.plan_write``); never flatten an include."""
    roots = include_roots(env.environ, env.home)
    resolved = resolve_includes(raw, path, roots)
    if not isinstance(resolved, dict):
        raise invalid_config(path, "the $include at the root must name an object")
    before = copy.deepcopy(resolved)
    mutate(resolved)
    moved = move_env_variables(resolved)
    validate_config(path, resolved)
    if serialise(resolved) == serialise(before):
        return WriteResult(path, None, False)
    top, files = plan_write(raw, before, resolved, path, roots)
    pending = [(included, _included_bytes(included), serialise(content))
               for included, content in files.items()]
    if dry_run:
        _note_moved(env, moved, "Would move")
        return WriteResult(path, None, True)
    written: list[tuple[Path, Path | None]] = []
    for included, (old, old_comments), new in pending:
        written.append((included, _replace(env, included, included, old, new, old_comments)))
    if top != raw:
        written.insert(0, (path, _replace(env, path, target, current, serialise(top),
                                          had_comments)))
    for extra, _ in written[1:]:
        env.note(f"Also updated: {env.display_path(extra)}")
    _note_moved(env, moved, "Moved")
    return WriteResult(written[0][0], written[0][1], True)


def _included_bytes(path: Path) -> tuple[bytes | None, bool]:
    """An included file about to be rewritten: its bytes, and whether it had comments.
    One that includes further files is refused (writing it would flatten them)."""
    current = read_config_bytes(path)
    if current is None:
        return None, False
    parsed, had_comments = parse_json5_bytes(path, current)
    if has_include(parsed):
        raise ConfigError(f"Cannot write {path}: it uses $include itself; edit it by hand.")
    return current, had_comments


def _note_moved(env: Environment, moved: list[str], verb: str) -> None:
    if moved:
        names = ", ".join(f"env.{name}" for name in moved)
        env.note(f"{verb} {names} to env.vars (OpenClaw accepts variables only there).")


def print_write_result(env: Environment, result: WriteResult, *,
                       stream: TextIO | None = None) -> None:
    """``Updated config: ~/…`` and ``  Backup: ~/….bak`` (when one was made);
    ``Created config: ~/…`` for a file that did not exist. When nothing changed, one
    ``Config unchanged: ~/…`` line instead (the file was not touched)."""
    out = stream if stream is not None else env.stdout
    if not result.changed:
        out.write(f"Config unchanged: {env.display_path(result.path)}\n")
    elif result.created:
        out.write(f"Created config: {env.display_path(result.path)}\n")
    else:
        out.write(f"Updated config: {env.display_path(result.path)}\n")
        if result.backup is not None:
            out.write(f"  Backup: {env.display_path(result.backup)}\n")
    out.flush()
