"""``/edit`` in the REPL: write a message in ``$VISUAL`` / ``$EDITOR`` (else ``vi``).

The editor gets a private temporary file (0600, removed afterwards), optionally holding
a start text; it runs on the terminal with the run's variables. What the file holds when
the editor exits with status 0 is the message.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import OpenclawError

MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # as OpenClaw's --message-file


def editor_command(env: Environment) -> list[str]:
    """``$VISUAL``, else ``$EDITOR``, else ``vi``, split like a shell would."""
    raw = env.get("VISUAL") or env.get("EDITOR") or "vi"
    try:
        words = shlex.split(raw)
    except ValueError as error:
        raise OpenclawError(f"Cannot run the editor {raw!r}: {error}.") from error
    if not words:
        raise OpenclawError("The editor command ($VISUAL / $EDITOR) is empty.")
    return words


def edit_message(env: Environment, start: str = "") -> str:
    """Open the editor on a temporary file holding ``start``; the file's text after it."""
    command = editor_command(env)
    fd, path = tempfile.mkstemp(prefix="openclaw-message-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(start)
        try:
            done = subprocess.run([*command, path], env=dict(env.environ), check=False)
        except OSError as error:
            raise OpenclawError(
                f"Cannot run the editor {command[0]!r}: {error.strerror or error}. Set "
                "$EDITOR (or $VISUAL) to an editor that is installed.") from error
        if done.returncode != 0:
            raise OpenclawError(f"The editor exited with status {done.returncode}; "
                                "nothing was sent.")
        with open(path, "rb") as handle:
            data = handle.read(MAX_MESSAGE_BYTES + 1)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    if len(data) > MAX_MESSAGE_BYTES:
        raise OpenclawError("The edited message is larger than 4 MiB; nothing was sent.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise OpenclawError(f"The edited message is not UTF-8 text (bad byte at offset "
                            f"{error.start}); nothing was sent.") from error
