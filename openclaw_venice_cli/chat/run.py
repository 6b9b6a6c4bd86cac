"""One chat run from start to end: check the options, read the prompt, pick the model,
then one turn or the REPL. Shared by ``openclaw chat`` and the commands that reuse its
machinery (they build a :class:`ChatOptions` and call :func:`run_chat`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openclaw_venice_cli.chat.options import ChatOptions
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ExitStatus, UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.chat.session import ChatSession


def check_options(options: ChatOptions) -> None:
    """Usage errors that need no config or network (exit 2)."""
    from openclaw_venice_cli.chat.request import check_sampling, web_search_mode

    web_search_mode(options)
    if options.continue_last and options.conversation:
        raise UsageError("--continue and --conversation cannot be used together.")
    if options.show_thinking and options.hide_thinking:
        raise UsageError("--show-thinking and --hide-thinking cannot be used together.")
    check_sampling(options)
    if options.thinking is not None:
        from openclaw_venice_cli.chat.thinking import parse_level

        level = parse_level(options.thinking)
        if options.disable_thinking and level not in ("off", "adaptive"):
            raise UsageError(f"--disable-thinking and --thinking {level} cannot be used "
                             "together.")
    if options.web_citations and (options.web_search or "").strip().lower() == "off":
        raise UsageError("--web-citations needs web search: drop --web-search off (alone "
                         "it implies --web-search auto).")


MAX_STDIN_BYTES = 16 * 1024 * 1024  # far more than any model's context window holds


def read_stdin(env: Environment) -> str:
    """All of stdin as text, at most 16 MiB; invalid UTF-8 is a usage error."""
    buffer = getattr(env.stdin, "buffer", None)
    try:
        if buffer is not None:
            data = bytes(buffer.read(MAX_STDIN_BYTES + 1))
            text = data[:MAX_STDIN_BYTES].decode("utf-8")
            too_long = len(data) > MAX_STDIN_BYTES
        else:
            text = env.stdin.read(MAX_STDIN_BYTES + 1)
            too_long = len(text) > MAX_STDIN_BYTES
    except UnicodeDecodeError as error:
        raise UsageError(
            f"stdin is not UTF-8 text (bad byte at offset {error.start}).") from error
    if too_long:
        raise UsageError("stdin holds more than 16 MiB, more than any model's context "
                         "window; send a part of it.")
    return text


def prompt_text(env: Environment, words: list[str], options: ChatOptions) -> str:
    """The prompt: piped stdin first (when not a terminal), then the words."""
    text = " ".join(words).strip()
    if not env.stdin_isatty:
        piped = read_stdin(env)
        text = f"{piped.rstrip()}\n\n{text}" if piped.strip() and text else (text or piped)
        if not text.strip() and not options.image_list:
            raise UsageError("Nothing to send: stdin was empty and no prompt was given.")
    return text


def list_conversations(env: Environment) -> None:
    """``chat --list``: one line per saved conversation, newest first."""
    from openclaw_venice_cli.chat import conversations

    found = conversations.list_all(env)
    if not found:
        env.note("No saved conversations.")
        return
    env.show(conversations.format_list(found) + "\n")


def open_session(env: Environment, options: ChatOptions) -> ChatSession:
    """The session a run talks through: the config, the conversation to continue (if
    any) and the model (``--model``, an alias, the conversation's or the default)."""
    from openclaw_venice_cli.catalog.resolve import resolve_model_ref
    from openclaw_venice_cli.chat import conversations
    from openclaw_venice_cli.chat.session import ChatSession
    from openclaw_venice_cli.config.loader import load_config

    config = load_config(env)
    previous = None
    if options.conversation:
        previous = conversations.load(env, options.conversation)
    elif options.continue_last:
        previous = conversations.latest(env)
        if previous is None:
            env.note("No saved conversation to continue; starting a new one.")
    if previous is not None:
        env.note(conversations.continuing_note(previous))
    ref_text = options.model or (previous.model if previous and previous.model else None)
    model_ref = resolve_model_ref(config, ref_text or config.default_model_ref())
    return ChatSession(env, config, model_ref, options, previous)


def run_chat(env: Environment, options: ChatOptions, text: str) -> ExitStatus:
    """One turn with ``text`` (or the REPL when there is none); the exit status."""
    from openclaw_venice_cli.chat.session import tool_calls_json

    session = open_session(env, options)
    if not text and not options.image_list:
        if not env.stdin_isatty:
            raise UsageError("Nothing to send: give a prompt or pipe text in.")
        from openclaw_venice_cli.chat.repl import run_repl

        run_repl(env, session)
        return ExitStatus.OK
    from openclaw_venice_cli.chat.fallback import turn_with_fallbacks
    from openclaw_venice_cli.chat.hints import explain
    from openclaw_venice_cli.errors import OpenclawError

    try:
        result = turn_with_fallbacks(session, text, options.image_list)
    except OpenclawError as error:
        raise explain(error, session) from error
    finally:
        session.close()
    if result.tool_calls:
        env.show(tool_calls_json(result.tool_calls) + "\n")
        return ExitStatus.TOOL_CALLS
    return ExitStatus.OK
