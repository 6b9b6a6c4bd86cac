"""The interactive `openclaw chat` loop: line editing, history, slash commands.

Line editing and history come from the stdlib ``readline`` (the history file is
``<data_dir>/chat_history``, 0600). Ctrl-C at the prompt clears the line; Ctrl-C during
an answer stops it and keeps the conversation; Ctrl-D (or ``/exit``) leaves with 0.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import Interrupted, OpenclawError

HELP = """Commands:
  /model [model|alias]  show or switch the model (keeps the conversation)
  /system [text]        set the system prompt (no text: remove it)
  /clear                start a new conversation
  /save [file]          save the conversation (to a file: .json or Markdown)
  /help                 this help
  /exit                 leave (or Ctrl-D)
Ctrl-C stops an answer; Ctrl-C at the prompt clears the line."""

PROMPT = "> "


class LineReader:
    """Reads one line with readline editing when stdin and stdout are the terminal."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.history: Path | None = None
        self.use_input = env.stdin is sys.stdin and bool(env.stdout_isatty)
        self._readline: Any = None
        if self.use_input:
            self._setup_readline()

    def _setup_readline(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - platforms without readline
            return
        self._readline = readline
        self.history = self.env.data_dir / "chat_history"
        readline.set_history_length(1000)
        if self.history.is_file():
            with contextlib.suppress(OSError):
                readline.read_history_file(str(self.history))

    def read(self, prompt: str = PROMPT) -> str:
        """One line (without newline); EOFError at end of input."""
        if self.use_input:
            return input(prompt)
        self.env.stderr.write(prompt)
        self.env.stderr.flush()
        line = self.env.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def save_history(self) -> None:
        if self._readline is None or self.history is None:
            return
        directory = self.history.parent
        try:
            directory.mkdir(parents=True, mode=0o700, exist_ok=True)
            fd = os.open(self.history, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
            os.chmod(self.history, 0o600)
            self._readline.write_history_file(str(self.history))
        except OSError as error:
            self.env.warn_once(f"Could not save the chat history: {error}")


def run_repl(env: Environment, session: Any) -> None:
    """Chat until Ctrl-D or ``/exit``. ``session`` is a :class:`ChatSession`."""
    reader = LineReader(env)
    env.note(f"openclaw chat · {session.model_ref} · /help for commands, Ctrl-D to exit")
    try:
        while True:
            try:
                line = reader.read()
            except EOFError:
                env.stderr.write("\n")
                break
            except KeyboardInterrupt:
                env.stderr.write("\n")
                continue
            text = line.strip()
            if not text:
                continue
            if text.startswith("/"):
                if not _command(env, session, text):
                    break
                continue
            _ask(env, session, line)
    finally:
        reader.save_history()
        session.close()


def _ask(env: Environment, session: Any, text: str) -> None:
    from openclaw_venice_cli.chat.fallback import turn_with_fallbacks

    try:
        turn_with_fallbacks(session, text)
    except (Interrupted, KeyboardInterrupt):
        env.note("(answer stopped)")
    except OpenclawError as error:
        env.note(f"Error: {error}")


def _command(env: Environment, session: Any, text: str) -> bool:
    """Run a slash command; False means leave the REPL."""
    from openclaw_venice_cli.catalog.resolve import resolve_model_ref
    from openclaw_venice_cli.chat import conversations

    name, _, arg = text.partition(" ")
    arg = arg.strip()
    name = name.lower()
    try:
        if name in ("/exit", "/quit", "/q"):
            return False
        if name == "/help":
            env.stderr.write(HELP + "\n")  # our own text, several lines
        elif name == "/model":
            if arg:
                session.set_model(resolve_model_ref(session.config, arg))
            env.note(f"Model: {session.model_ref}")
        elif name == "/system":
            session.set_system(arg or None)
            env.note("System prompt set." if arg else "System prompt removed.")
        elif name == "/clear":
            session.clear()
            env.note("Conversation cleared.")
        elif name == "/save":
            _save(env, session, arg, conversations)
        else:
            env.note(f"Unknown command {name}. Type /help.")
    except OpenclawError as error:
        env.note(f"Error: {error}")
    return True


def _save(env: Environment, session: Any, arg: str, conversations: Any) -> None:
    conv = session.conversation
    if not arg:
        if not session.messages:
            env.note("Nothing to save yet.")
            return
        path = conversations.save(env, conv)
        env.note(f"Saved: {env.display_path(path)} (resume with --conversation {conv.id})")
        return
    path = env.expand(arg)
    if path.suffix.lower() == ".json":
        import json

        data = json.dumps(conv.to_json(), ensure_ascii=False, indent=1) + "\n"
    else:
        data = conversations.transcript(conv)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
    except OSError as error:
        env.note(f"Error: cannot write {arg}: {error.strerror or error}")
        return
    env.note(f"Saved: {arg}")
