"""Saved chat conversations: one JSON file each under ``<data_dir>/conversations``.

A file holds ``id``, ``model`` (``provider/id``), ``created``, ``updated`` (ISO 8601,
UTC), ``status`` (``ok`` | ``interrupted`` | ``error`` | ``terminated`` | ``hangup``)
and ``messages`` as sent to the API. Files are 0600 and written like the config: under
``flock`` on the directory, re-read, atomically (temp file, fsync, rename, directory
fsync) through :mod:`privatefile`; the directory is 0700. No API key is ever stored.

Concurrent turns on one conversation (two ``chat --continue`` at once) lose nothing:
under the lock the file is re-read, and when another process changed it since this one
read it, this process's new messages are *appended* after the other's (one notice on
stderr). A damaged file is never overwritten: the conversation is saved under a new id.
Reads are bounded (:data:`MAX_FILE_BYTES`, regular files only, nesting errors caught).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openclaw_venice_cli import privatefile
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import OpenclawError, UsageError

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$")
MAX_FILE_BYTES = 256 * 1000 * 1000  # a conversation with many images is tens of MB


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Conversation:
    """One conversation: its messages and where it is saved (a plain class rather than a
    dataclass: ≈ 1.5 ms less at import on every chat). Timestamps default to now."""

    __slots__ = ("created", "id", "merged", "messages", "model", "saved", "saved_digest",
                 "status", "updated")

    def __init__(self, id: str, model: str, created: str | None = None,
                 updated: str | None = None, status: str = "ok",
                 messages: list[dict[str, Any]] | None = None) -> None:
        self.id = id
        self.model = model
        self.created = _now() if created is None else created
        self.updated = _now() if updated is None else updated
        self.status = status
        self.messages: list[dict[str, Any]] = [] if messages is None else messages
        # What this process last read from or wrote to the file (None: never saved):
        self.saved: list[dict[str, Any]] = []  # those messages (the same objects)
        self.saved_digest: str | None = None  # sha256 of those bytes
        self.merged = False  # the file holds another process's turns too

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "model": self.model, "created": self.created,
            "updated": self.updated, "status": self.status, "messages": self.messages,
        }

    @property
    def first_prompt(self) -> str:
        """The first user message's text, on one line."""
        for message in self.messages:
            if message.get("role") == "user":
                return " ".join(message_text(message).split())
        return ""


def continuing_note(conversation: Conversation) -> str:
    """``Continuing conversation <id> (3 turns, last 2026-11-27 10:15, venice/…).``"""
    turns = sum(1 for m in conversation.messages if m.get("role") == "user")
    when = conversation.updated.replace("T", " ").rstrip("Z")[:16]
    parts = [f"{turns} turn{'' if turns == 1 else 's'}"]
    if when:
        parts.append(f"last {when} UTC")
    if conversation.model:
        parts.append(conversation.model)
    return f"Continuing conversation {conversation.id} ({', '.join(parts)})."


def message_text(message: dict[str, Any]) -> str:
    """The text of a message whose content is a string or a list of parts."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [p.get("text", "") for p in content if isinstance(p, dict)]
        images = sum(1 for p in content if isinstance(p, dict) and p.get("type") == "image_url")
        text = " ".join(t for t in texts if isinstance(t, str))
        return text + (f" [{images} image{'s' if images > 1 else ''}]" if images else "")
    return ""


def new_id() -> str:
    """A sortable, unique id: ``20261127-101530-a3f9``."""
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def conversations_dir(env: Environment) -> Path:
    return env.data_dir / "conversations"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_FILE_BYTES` (OSError otherwise;
    a FIFO or device named ``*.json`` never blocks the read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path.name} is not a regular file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OSError(f"larger than {MAX_FILE_BYTES // 1000000} MB")
    return data


def _decode(path: Path, data: bytes) -> Conversation:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise OpenclawError(f"Cannot read conversation {path}: {detail}") from exc
    messages = parsed.get("messages") if isinstance(parsed, dict) else None
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise OpenclawError(f"Conversation file {path} has no valid messages list.")
    conversation = Conversation(
        id=str(parsed.get("id") or path.stem), model=str(parsed.get("model") or ""),
        created=str(parsed.get("created") or ""), updated=str(parsed.get("updated") or ""),
        status=str(parsed.get("status") or "ok"), messages=messages,
    )
    conversation.saved = list(messages)
    conversation.saved_digest = _digest(data)
    return conversation


def _parse(path: Path) -> Conversation:
    try:
        data = read_bounded(path)
    except OSError as exc:
        raise OpenclawError(f"Cannot read conversation {path}: "
                            f"{exc.strerror or exc}") from exc
    return _decode(path, data)


def _serialise(conversation: Conversation, messages: list[dict[str, Any]]) -> bytes:
    document = {**conversation.to_json(), "messages": messages}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _messages_to_write(env: Environment, path: Path,
                       conversation: Conversation) -> list[dict[str, Any]] | None:
    """Under the lock: the messages the file gets, or None when this conversation must
    go to a new id (its file is damaged, or another conversation took the id)."""
    try:
        current = read_bounded(path)
    except FileNotFoundError:
        return conversation.messages  # new, or deleted by the user: write what we have
    except OSError:
        return None
    if conversation.saved_digest is None:
        return None  # a fresh conversation whose id another one already uses
    changed = _digest(current) != conversation.saved_digest
    if not changed and not conversation.merged:
        return conversation.messages  # nobody else wrote: edits (/system) are kept
    try:
        on_disk = _decode(path, current).messages
    except OpenclawError:
        return None
    seen = {id(m) for m in conversation.saved}
    fresh = [m for m in conversation.messages
             if id(m) not in seen and m.get("role") != "system"]
    if changed:
        conversation.merged = True
        env.note(f"Note: conversation {conversation.id} was also changed by another "
                 "openclaw; this turn was added after its turns.")
    return on_disk + fresh


def save(env: Environment, conversation: Conversation) -> Path:
    """Write ``conversation`` under the directory lock (see the module docstring); its
    path. Raises OpenclawError (one sentence) when it cannot be written."""
    try:
        directory = conversations_dir(env)
        privatefile.ensure_private_dir(directory.parent, tighten=False)
        privatefile.ensure_private_dir(directory)
        with privatefile.locked_dir(directory):
            return _save_locked(env, directory, conversation)
    except privatefile.LockTimeout as exc:
        raise OpenclawError("Could not save the conversation: another openclaw process "
                            "kept its folder locked") from exc
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home directory at all
        where = getattr(exc, "filename", None)
        detail = getattr(exc, "strerror", None) or str(exc)
        raise OpenclawError("Could not save the conversation"
                            + (f" to {where}" if where else "") + f": {detail}") from exc


def _save_locked(env: Environment, directory: Path, conversation: Conversation) -> Path:
    path = directory / f"{conversation.id}.json"
    messages = _messages_to_write(env, path, conversation)
    if messages is None:
        old = path
        while path.exists():
            conversation.id = new_id()
            path = directory / f"{conversation.id}.json"
        if conversation.saved_digest is not None:
            env.note(f"Note: {env.display_path(old)} could not be updated (damaged); "
                     f"this conversation was saved as {conversation.id}.")
        conversation.merged = False
        messages = conversation.messages
    privatefile.remove_stale_temp_files(path)
    conversation.updated = _now()
    data = _serialise(conversation, messages)
    privatefile.write_private_file(path, data)
    conversation.saved = [*messages, *conversation.saved]  # every object now on disk
    conversation.saved_digest = _digest(data)
    return path


def load(env: Environment, conversation_id: str) -> Conversation:
    """The saved conversation ``conversation_id`` (a UsageError when there is none)."""
    if not _ID_RE.match(conversation_id):
        raise UsageError(f'Invalid conversation id "{conversation_id}".')
    path = conversations_dir(env) / f"{conversation_id}.json"
    if not path.is_file():
        raise UsageError(
            f'No conversation "{conversation_id}". List them with: openclaw chat --list'
        )
    return _parse(path)


def _files(env: Environment) -> list[Path]:
    directory = conversations_dir(env)
    if not directory.is_dir():
        return []
    return [p for p in directory.glob("*.json") if not p.name.startswith(".")]


def _mtime(path: Path) -> float:
    """A regular file's mtime; -1 for anything else (gone, a directory, a FIFO)."""
    try:
        info = path.stat()
    except OSError:
        return -1.0
    return info.st_mtime if stat.S_ISREG(info.st_mode) else -1.0


def latest(env: Environment) -> Conversation | None:
    """The most recently updated conversation, or None (a damaged one raises)."""
    dated = [(_mtime(p), p.name, p) for p in _files(env)]
    dated = [row for row in dated if row[0] >= 0]
    if not dated:
        return None
    return _parse(max(dated)[2])


def list_all(env: Environment) -> list[Conversation]:
    """Every readable conversation, most recently updated first (bad files skipped)."""
    result: list[Conversation] = []
    for path in _files(env):
        try:
            result.append(_parse(path))
        except OpenclawError as error:
            env.warn_once(f"Skipping {env.display_path(path)}: {error}")
    result.sort(key=lambda c: (c.updated, c.id), reverse=True)
    return result


def format_list(conversations: list[Conversation], width: int = 60) -> str:
    """``id  date  model  first prompt`` lines (the prompt cut to ``width``)."""
    from openclaw_venice_cli.sanitize import one_line

    lines = []
    for conv in conversations:
        prompt = one_line(conv.first_prompt, width)
        date = one_line(conv.updated.replace("T", " ").rstrip("Z"))[:16]
        lines.append(f"{one_line(conv.id)}  {date}  {one_line(conv.model)}  {prompt}")
    return "\n".join(lines)


def transcript(conversation: Conversation) -> str:
    """A Markdown transcript of the conversation (for ``/save FILE``)."""
    out = [f"# Conversation {conversation.id} ({conversation.model})", ""]
    for message in conversation.messages:
        role = str(message.get("role", "?")).capitalize()
        out += [f"## {role}", "", message_text(message).rstrip(), ""]
    return "\n".join(out)
