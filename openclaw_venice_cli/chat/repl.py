"""The interactive `openclaw chat` loop: messages, pastes, blocks and slash commands.

Reading (readline, pastes, triple-quoted blocks) lives in :mod:`chat.lines`, ``/edit``
in :mod:`chat.editor`. Ctrl-C at the prompt clears the line (or drops a block being
typed); Ctrl-C during an answer stops it and keeps the conversation; Ctrl-D, ``/exit``
or a bare ``exit`` / ``quit`` leaves with 0.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

from openclaw_venice_cli.chat.lines import LineReader, block_start
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import Interrupted, OpenclawError, UsageError

HELP = """Commands:
  /model [model|alias]  show or switch the model (keeps the conversation)
  /system [text]        set the system prompt (no text: remove it)
  /image PATH [text]    attach an image: sent with TEXT, or with your next message
  /edit [text]          write the next message in $VISUAL or $EDITOR
  /multi                type a message of several lines (end it with \"\"\")
  /clear                start a new conversation
  /save [file]          save the conversation (to a file: .json or Markdown)
  /help                 this help
  /exit                 leave (also: exit, quit, Ctrl-D)
A paste of several lines is one message: Enter sends it. A line starting with \"\"\"
starts a message of several lines; a line ending with \"\"\" ends it.
Ctrl-C stops an answer; Ctrl-C at the prompt clears the line."""

EXIT_WORDS = ("exit", "quit")


def run_repl(env: Environment, session: Any) -> None:
    """Chat until Ctrl-D or ``/exit``. ``session`` is a :class:`ChatSession`."""
    reader = LineReader(env)
    env.note(f"openclaw chat · {session.model_ref} · /help for commands, Ctrl-D to exit")
    repl = _Repl(env, session, reader)
    reader.paste_mode(True)
    try:
        repl.loop()
    finally:
        reader.paste_mode(False)
        reader.save_history()
        session.close()


class _Repl:
    """One REPL: the session, the line reader and images waiting for the next message."""

    def __init__(self, env: Environment, session: Any, reader: LineReader) -> None:
        self.env = env
        self.session = session
        self.reader = reader
        self.images: list[str] = []

    def loop(self) -> None:
        while True:
            try:
                message = self._next()
            except EOFError:
                self.env.stderr.write("\n")
                return
            except KeyboardInterrupt:
                self.env.stderr.write("\n")
                continue
            if message is False:
                return
            if isinstance(message, str) and message.strip():
                self._ask(message)

    def _next(self) -> str | bool | None:
        """What the user typed: a message to send, False to leave, None for nothing."""
        line = self.reader.read()
        text = line.strip()
        if not text:
            return None
        if text.lower() in EXIT_WORDS:
            return False
        opened = block_start(line)
        if opened is not None:
            return self.reader.read_block(opened)
        if text.startswith("/") and "\n" not in text:
            return self._command(text)
        return line

    def _ask(self, text: str) -> None:
        from openclaw_venice_cli.chat.fallback import turn_with_fallbacks

        try:
            turn_with_fallbacks(self.session, text, self.images)
        except (Interrupted, KeyboardInterrupt):
            self.env.note("(answer stopped)")
        except OpenclawError as error:
            from openclaw_venice_cli.chat.hints import explain

            self.env.note(f"Error: {explain(error, self.session)}")
            return  # the images stay attached for another try
        self.images = []

    def _command(self, text: str) -> str | bool | None:
        """Run a slash command: False means leave; a string is a message to send."""
        name, _, arg = text.partition(" ")
        arg = arg.strip()
        name = name.lower()
        try:
            if name in ("/exit", "/quit", "/q"):
                return False
            if name == "/multi":
                return self.reader.read_block(arg)
            if name == "/edit":
                return self._edit(arg)
            if name == "/image":
                return self._image(arg)
            self._setting(name, arg)
        except OpenclawError as error:
            self.env.note(f"Error: {error}")
        return None

    def _setting(self, name: str, arg: str) -> None:
        from openclaw_venice_cli.catalog.resolve import resolve_model_ref
        from openclaw_venice_cli.chat import conversations
        from openclaw_venice_cli.chat.checks import check_known_model

        env, session = self.env, self.session
        if name == "/help":
            env.stderr.write(HELP + "\n")  # our own text, several lines
        elif name == "/model":
            if arg:
                ref = resolve_model_ref(session.config, arg)
                check_known_model(env, session.config, ref)
                session.set_model(ref)
            env.note(f"Model: {session.model_ref}")
        elif name == "/system":
            session.set_system(arg or None)
            env.note("System prompt set." if arg else "System prompt removed.")
        elif name == "/clear":
            session.clear()
            self.images = []
            env.note("Conversation cleared.")
        elif name == "/save":
            _save(env, session, arg, conversations)
        elif "/" in name[1:]:
            env.note(f'Unknown command {name}. To send a line that starts with "/", put it '
                     'between \"\"\" lines. Type /help for the commands.')
        else:
            env.note(f"Unknown command {name}. Type /help.")

    def _edit(self, start: str) -> str | None:
        from openclaw_venice_cli.chat.editor import edit_message

        self.reader.paste_mode(False)  # the editor sets the terminal up its own way
        try:
            text = edit_message(self.env, start)
        finally:
            self.reader.paste_mode(True)
        if not text.strip():
            self.env.note("The message is empty; nothing was sent.")
            return None
        return text

    def _image(self, arg: str) -> str | None:
        from openclaw_venice_cli.chat.request import image_url

        try:
            words = shlex.split(arg)
        except ValueError as error:
            raise UsageError(f"/image: {error}.") from error
        if not words:
            raise UsageError("Usage: /image PATH [text] (a PNG, JPEG, WebP, GIF, HEIC or "
                             "AVIF file, or an http(s) URL).")
        path, prompt = words[0], " ".join(words[1:])
        image_url(path)  # readable, an image, not too large: checked now, not at sending
        self.session.check_images()
        self.images.append(path)
        if prompt:
            return prompt
        count = len(self.images)
        self.env.note(f"Attached {path} ({count} image{'s' if count > 1 else ''} waiting); "
                      "it goes with your next message.")
        return None


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
