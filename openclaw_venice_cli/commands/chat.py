"""`openclaw chat`: one-shot, stdin and interactive chat with streaming output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from openclaw_venice_cli.commands._common import get_env
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ExitStatus, UsageError

HELP = """Chat with a Venice model (or any configured OpenAI-compatible provider).

With a prompt: one answer, streamed to stdout (Markdown on a terminal, plain text when
piped). Without a prompt on a terminal: an interactive chat (/help inside, Ctrl-D to
leave). Piped input is sent first, then the prompt. Conversations are saved; --continue
picks the last one up again.

Examples:

\b
  openclaw chat --model venice/llama-3.3-70b "Hello, are you working?"
  openclaw chat --model venice/llama-3.3-70b
  cat notes.md | openclaw chat "Summarise this"
  openclaw chat -m venice/qwen3-vl-235b-a22b --image photo.jpg "What is this?"
  openclaw chat --schema person.json "Invent a person"
  openclaw chat --web-search on --web-citations "What is new in Python 3.14?"
  openclaw chat --continue "And in French?"
  openclaw chat --list

\b
Exit codes: 0 ok, 1 error (e.g. no key), 2 bad input, 3 bad config, 4 key rejected,
5 no credit, 6 model not found, 7 rate limited, 8 server, 9 network,
10 request rejected, 11 tool calls, 130 interrupted.
"""

_WEB_SEARCH = ("on", "auto", "off")


def _read_stdin(env: Environment) -> str:
    """All of stdin as text; invalid UTF-8 is a usage error."""
    buffer = getattr(env.stdin, "buffer", None)
    try:
        if buffer is not None:
            return bytes(buffer.read()).decode("utf-8")
        return env.stdin.read()
    except UnicodeDecodeError as error:
        raise UsageError(
            f"stdin is not UTF-8 text (bad byte at offset {error.start})."
        ) from None


def _list(env: Environment) -> None:
    from openclaw_venice_cli import conversations

    found = conversations.list_all(env)
    if not found:
        env.note("No saved conversations.")
        return
    env.stdout.write(conversations.format_list(found) + "\n")


def chat(
    ctx: typer.Context,
    prompt: Annotated[list[str] | None, typer.Argument(
        help="The prompt (words are joined).")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", "-m", metavar="PROVIDER/MODEL",
        help="provider/model, e.g. venice/llama-3.3-70b (default: the configured model).")] = None,
    system: Annotated[str | None, typer.Option(
        "--system", "-s", metavar="TEXT", help="System prompt.")] = None,
    temperature: Annotated[float | None, typer.Option(
        "--temperature", "-t", metavar="T", help="0-2.")] = None,
    max_tokens: Annotated[int | None, typer.Option(
        "--max-tokens", metavar="N",
        help="Cap on the answer length (thinking tokens count too).")] = None,
    image: Annotated[list[str] | None, typer.Option(
        "--image", "-i", metavar="PATH|URL",
        help="Image file or URL (repeatable; vision models).")] = None,
    json_mode: Annotated[bool, typer.Option("--json", help="Ask for a JSON object.")] = False,
    schema: Annotated[Path | None, typer.Option(
        "--schema", metavar="FILE",
        help="JSON Schema file: the answer is JSON matching it (strict).")] = None,
    tools: Annotated[Path | None, typer.Option(
        "--tools", metavar="FILE",
        help=("JSON file of function definitions; tool calls are printed as JSON with exit "
              "code 11."))] = None,
    no_stream: Annotated[bool, typer.Option(
        "--no-stream", help="Wait for the whole answer.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Plain text even on a terminal.")] = False,
    show_thinking: Annotated[bool, typer.Option(
        "--show-thinking", help="When piped, also print the thinking (on stderr).")] = False,
    hide_thinking: Annotated[bool, typer.Option(
        "--hide-thinking", help="On a terminal, do not show thinking.")] = False,
    strip_thinking: Annotated[bool, typer.Option(
        "--strip-thinking", help="Venice: remove the thinking from the answer.")] = False,
    disable_thinking: Annotated[bool, typer.Option(
        "--disable-thinking", help="Venice: ask a reasoning model not to think.")] = False,
    web_search: Annotated[str | None, typer.Option(
        "--web-search", help="Venice web search: on, auto or off.", metavar="on|auto|off")] = None,
    web_citations: Annotated[bool, typer.Option(
        "--web-citations", help="Venice: ask for ^1^-style citations of web results.")] = False,
    no_venice_system_prompt: Annotated[bool, typer.Option(
        "--no-venice-system-prompt", help="Venice: leave out Venice's system prompt.")] = False,
    character: Annotated[str | None, typer.Option(
        "--character", metavar="SLUG",
        help="Venice: talk to this public character (slug).")] = None,
    usage: Annotated[bool, typer.Option(
        "--usage", help="Print tokens, cost and balance on stderr.")] = False,
    continue_: Annotated[bool, typer.Option(
        "--continue", "-c", help="Continue the most recent conversation.")] = False,
    conversation: Annotated[str | None, typer.Option(
        "--conversation", metavar="ID",
        help="Continue the conversation with this id (see --list).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List saved conversations.")] = False,
    no_save: Annotated[bool, typer.Option(
        "--no-save", help="Do not save this conversation.")] = False,
) -> None:
    """Chat with a model."""
    env = get_env(ctx)
    if list_:
        _list(env)
        return
    if web_search is not None and web_search.strip().lower() not in _WEB_SEARCH:
        raise UsageError("--web-search must be on, auto or off.")
    if continue_ and conversation:
        raise UsageError("--continue and --conversation cannot be used together.")
    if show_thinking and hide_thinking:
        raise UsageError("--show-thinking and --hide-thinking cannot be used together.")

    from openclaw_venice_cli.chat_request import ChatOptions

    opts = ChatOptions(
        system=system, temperature=temperature, max_tokens=max_tokens,
        images=list(image or []), json_mode=json_mode, schema_file=schema,
        tools_file=tools, web_search=web_search, web_citations=web_citations,
        no_venice_system_prompt=no_venice_system_prompt, character=character,
        strip_thinking=strip_thinking, disable_thinking=disable_thinking,
    )
    text = " ".join(prompt or []).strip()
    if not env.stdin_isatty:
        piped = _read_stdin(env)
        text = f"{piped.rstrip()}\n\n{text}" if piped.strip() and text else (
            text or piped)
        if not text.strip() and not opts.images:
            raise UsageError("Nothing to send: stdin was empty and no prompt was given.")
    _run(env, opts, text, model=model, continue_=continue_, conversation=conversation,
         no_save=no_save, raw=raw, show_thinking=show_thinking,
         hide_thinking=hide_thinking, usage=usage, stream=not no_stream)


def _run(env: Environment, opts: Any, text: str, *, model: str | None, continue_: bool,
         conversation: str | None, no_save: bool, **display: Any) -> None:
    from openclaw_venice_cli import conversations
    from openclaw_venice_cli.chat_session import ChatSession, DisplayOptions, tool_calls_json
    from openclaw_venice_cli.config import load_config
    from openclaw_venice_cli.modelref import parse_model_ref

    config = load_config(env)
    previous = None
    if conversation:
        previous = conversations.load(env, conversation)
    elif continue_:
        previous = conversations.latest(env)
        if previous is None:
            env.note("No saved conversation to continue; starting a new one.")
    ref_text = model or (previous.model if previous and previous.model else None)
    model_ref = parse_model_ref(ref_text or config.default_model_ref())
    session = ChatSession(env, config, model_ref, opts, DisplayOptions(**display),
                          previous, save=not no_save)
    if not text and not opts.images:
        if not env.stdin_isatty:
            raise UsageError("Nothing to send: give a prompt or pipe text in.")
        from openclaw_venice_cli.repl import run_repl

        run_repl(env, session)
        return
    try:
        result = session.turn(text, opts.images)
    except BrokenPipeError:
        _quiet_stdout(env)  # `openclaw chat … | head`: stop quietly, like cat does
        raise typer.Exit(0) from None
    finally:
        session.close()
    if result.tool_calls:
        if result.content and not result.content.endswith("\n"):
            env.stdout.write("\n")
        env.stdout.write(tool_calls_json(result.tool_calls) + "\n")
        env.stdout.flush()
        raise typer.Exit(int(ExitStatus.TOOL_CALLS))


def _quiet_stdout(env: Environment) -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def register(app: typer.Typer) -> None:
    """Add the `chat` command to the root app."""
    app.command("chat", help=HELP, no_args_is_help=False)(chat)
