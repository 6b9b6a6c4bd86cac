"""`openclaw chat`: one-shot, stdin and interactive chat with streaming output."""

from __future__ import annotations

import inspect
import typing
from typing import Annotated, Any

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import ExitStatus, exit_codes_help

HELP = f"""Chat with a Venice model (or any configured OpenAI-compatible provider).

With a prompt: one answer, streamed to stdout (Markdown on a terminal, plain text when
piped). Without a prompt on a terminal: an interactive chat (/help inside; a paste of
several lines is one message; exit or Ctrl-D to leave). Piped input is sent first, then
the prompt. Conversations are saved; --continue picks the last one up again. What the
model catalog knows a model cannot do (tools, schema, web search, a thinking level,
--max-tokens above its limit) is refused before anything is sent.

Examples:

\b
  openclaw chat --model venice/llama-3.3-70b "Hello, are you working?"
  openclaw chat --model venice/llama-3.3-70b
  cat notes.md | openclaw chat "Summarise this"
  openclaw chat -m venice/qwen3-vl-235b-a22b --image photo.jpg "What is this?"
  openclaw chat --schema person.json "Invent a person"
  openclaw chat --web-search on --web-citations "What is new in Python 3.14?"
  openclaw chat -m venice/kimi-k2-thinking --thinking high "Is 1001 prime?"
  openclaw chat --continue "And in French?"
  openclaw chat --list

{exit_codes_help(notes={ExitStatus.ERROR: "e.g. no key"})}
"""


def _chat_option_parameters() -> list[inspect.Parameter]:
    """Typer options made from :class:`ChatOptions` (each flag is declared there, once)."""
    from openclaw_venice_cli.chat.options import ChatOptions, Flag

    hints = typing.get_type_hints(ChatOptions, include_extras=True)
    parameters = []
    for name in ChatOptions._fields:
        base, *extras = typing.get_args(hints[name])
        flag = next(extra for extra in extras if isinstance(extra, Flag))
        option = typer.Option(*flag.names, help=flag.help, metavar=flag.metavar)
        parameters.append(inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[base, option],
            default=ChatOptions._field_defaults[name]))
    return parameters


def chat(ctx: typer.Context, prompt: list[str] | None = None, **flags: Any) -> None:
    """Chat with a model."""
    from openclaw_venice_cli.chat.options import ChatOptions
    from openclaw_venice_cli.chat.run import (
        check_options,
        list_conversations,
        prompt_text,
        run_chat,
    )

    env = get_env(ctx)
    options = ChatOptions(**flags)
    if options.list_conversations:
        list_conversations(env)
        return
    check_options(options)
    status = run_chat(env, options, prompt_text(env, prompt or [], options))
    if status != ExitStatus.OK:
        raise typer.Exit(int(status))


chat.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
    inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                      annotation=typer.Context),
    inspect.Parameter("prompt", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                      annotation=Annotated[list[str] | None, typer.Argument(
                          metavar="PROMPT", help="The prompt (words are joined).")]),
    *_chat_option_parameters(),
])


def register(app: typer.Typer) -> None:
    """Add the `chat` command to the root app."""
    app.command("chat", help=HELP, no_args_is_help=False)(chat)
