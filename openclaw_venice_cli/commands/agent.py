"""`openclaw agent --local --model M --message TEXT`: OpenClaw's one-shot turn, here.

The same turn as ``openclaw chat "TEXT"`` (``chat/run.py``: aliases, fallbacks, saved
conversation), with OpenClaw's flags, so a script written for either CLI works. With
``--json`` the answer is not streamed: stdout gets OpenClaw's result document
(``payloads`` + ``meta.agentMeta``). There is no Gateway here: every run is local.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import ExitStatus, exit_codes_help

if TYPE_CHECKING:
    from openclaw_venice_cli.chat.options import ChatOptions
    from openclaw_venice_cli.environment import Environment

MAX_MESSAGE_FILE = 4 * 1024 * 1024  # OpenClaw's limit for --message-file
HELP = f"""Run one agent turn on a model and print the answer (like chat, OpenClaw's flags).

There is no Gateway here: every run is local (--local is accepted and implied). The
message comes from --message, --message-file or piped stdin. The model may be an alias;
configured fallbacks are used when it is unavailable. With --json the answer is printed
as OpenClaw's result document instead of being streamed.

Examples:

\b
  openclaw agent --local --model venice/llama-3.3-70b --message "Hello, are you working?"
  openclaw agent --local --message-file task.md --json
  openclaw agent --local -m "Why is the sky blue?" --thinking low

{exit_codes_help(notes={ExitStatus.ERROR: "e.g. no key"})}
"""
_IGNORED = "Accepted for OpenClaw compatibility; ignored."


def read_message_file(path: Path) -> str:
    """``--message-file``: UTF-8, at most 4 MiB (OpenClaw's rule)."""
    from openclaw_venice_cli.errors import UsageError

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MESSAGE_FILE + 1)
    except OSError as error:
        raise UsageError(f"Cannot read --message-file {path}: "
                         f"{error.strerror or error}.") from error
    if len(data) > MAX_MESSAGE_FILE:
        raise UsageError(f"--message-file {path} is larger than 4 MiB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UsageError(f"--message-file {path} is not UTF-8 text (bad byte at offset "
                         f"{error.start}).") from error


def _message(env: Environment, message: str | None, message_file: Path | None) -> str:
    from openclaw_venice_cli.chat.run import read_stdin
    from openclaw_venice_cli.errors import UsageError

    if message is not None and message_file is not None:
        raise UsageError("Use --message or --message-file, not both.")
    if message_file is not None:
        text = read_message_file(message_file)
    elif message is not None:
        text = message
    elif not env.stdin_isatty:
        text = read_stdin(env)
    else:
        raise UsageError("Nothing to send: pass --message TEXT, --message-file PATH or pipe "
                         "text in.")
    if not text.strip():
        raise UsageError("Nothing to send: the message is empty.")
    return text


def _json_turn(env: Environment, options: ChatOptions, text: str) -> dict[str, Any]:
    """The turn with the answer collected, not streamed; OpenClaw's result document."""
    import time

    from openclaw_venice_cli.chat.fallback import turn_with_fallbacks
    from openclaw_venice_cli.chat.run import open_session

    started = time.monotonic()
    session = open_session(env.buffered(), options._replace(no_stream=True))
    try:
        result = turn_with_fallbacks(session, text)
    finally:
        session.close()
    agent_meta: dict[str, Any] = {"sessionId": session.conversation.id,
                                  "provider": session.model_ref.provider,
                                  "model": session.model_ref.model_id}
    usage = result.usage
    if usage is not None and (usage.prompt_tokens is not None
                              or usage.completion_tokens is not None):
        tokens_in, tokens_out = usage.prompt_tokens or 0, usage.completion_tokens or 0
        agent_meta["usage"] = {"input": tokens_in, "output": tokens_out,
                               "total": usage.total_tokens or tokens_in + tokens_out}
    return {"payloads": [{"text": result.content}] if result.content else [],
            "meta": {"durationMs": int((time.monotonic() - started) * 1000),
                     "agentMeta": agent_meta, "stopReason": result.finish_reason,
                     "aborted": False}}


def agent(
    ctx: typer.Context,
    message: Annotated[str | None, typer.Option(
        "--message", "-m", metavar="TEXT", help="The message to send.")] = None,
    message_file: Annotated[Path | None, typer.Option(
        "--message-file", metavar="PATH", help="Read the message from a UTF-8 file (at most "
        "4 MiB).")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="MODEL", help="provider/model or an alias (default: the "
        "configured model).")] = None,
    local: Annotated[bool, typer.Option(
        "--local", help="Run here, not through a Gateway (always the case).")] = False,
    json_: Annotated[bool, typer.Option(
        "--json", help="Print OpenClaw's result document (payloads, meta) instead of "
        "streaming the answer.")] = False,
    thinking: Annotated[str | None, typer.Option(
        "--thinking", metavar="LEVEL", help="Thinking level for reasoning models: off, "
        "minimal, low, medium, high, xhigh, max (as chat's --thinking).")] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", metavar="SECONDS", min=1, help="How long to wait for the answer to "
        "start and between its parts (default 120, OPENCLAW_TIMEOUT).")] = None,
    agent_id: Annotated[str | None, typer.Option(
        "--agent", metavar="ID", help=_IGNORED)] = None,
    session_id: Annotated[str | None, typer.Option(
        "--session-id", metavar="ID", help=_IGNORED)] = None,
    verbose: Annotated[str | None, typer.Option(
        "--verbose", metavar="on|off", help=_IGNORED)] = None,
) -> None:
    """Run one agent turn (see the examples above)."""
    del local, agent_id, session_id, verbose
    from openclaw_venice_cli.chat.options import ChatOptions
    from openclaw_venice_cli.chat.run import run_chat
    from openclaw_venice_cli.errors import OpenclawError
    from openclaw_venice_cli.media.text import thinking_options

    env = get_env(ctx)
    if timeout is not None:
        env.environ = {**env.environ, "OPENCLAW_TIMEOUT": f"{timeout:g}"}
    try:
        options = thinking_options(ChatOptions(model=model), thinking)
        text = _message(env, message, message_file)
        if not json_:
            status = run_chat(env, options, text)
            if status != ExitStatus.OK:
                raise typer.Exit(int(status))
            return
        document = _json_turn(env, options, text)
    except OpenclawError as error:
        if json_:
            from openclaw_venice_cli.keys import redact_text

            failure = {"ok": False, "error": {"type": "cli_error",
                                              "message": redact_text(str(error), env.environ)}}
            env.stdout.write(json.dumps(failure) + "\n")
            env.stdout.flush()
        raise
    # JSON escapes C0 controls but not C1 ones (ensure_ascii=False): env.show keeps a
    # terminal safe and piped output exact
    env.show(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def register(app: typer.Typer) -> None:
    """Add the `agent` command to the root app."""
    app.command("agent", help=HELP, short_help="Run one agent turn (OpenClaw's one-shot "
                "command).")(agent)
