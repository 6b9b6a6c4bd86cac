"""`openclaw infer model run | list | inspect`: a one-shot turn and the catalogs.

``run`` is chat's machinery (``media/text.py``); ``list``/``inspect`` read the catalogs
(the cache or the built-in lists; ``list`` may refresh a stale cache like `models list`).
Only typer and the stdlib at module top.
"""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import AgentFlag, JsonFlag, family, get_env
from openclaw_venice_cli.errors import ExitStatus

app = family(
    "Text inference and the model catalog.\n\n"
    "Examples:\n\n"
    "\b\n"
    '  openclaw infer model run --prompt "Reply with exactly: pong" --json\n'
    "  openclaw infer model list\n"
    "  openclaw infer model inspect --model venice/llama-3.3-70b"
)

Json = JsonFlag
Agent = AgentFlag


@app.command("run")
def run_command(
    ctx: typer.Context,
    prompt: Annotated[str, typer.Option("--prompt", metavar="<text>", help="Prompt text.")],
    file: Annotated[list[str] | None, typer.Option(
        "--file", metavar="<path>",
        help="Image file or URL for a vision model (repeatable).")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>",
        help="Model override (default: the configured model).")] = None,
    thinking: Annotated[str | None, typer.Option(
        "--thinking", metavar="<level>",
        help="off asks Venice not to think; minimal, low, medium, high, adaptive, xhigh or "
             "max pick a reasoning effort where the model supports one.")] = None,
    json_: Json = False,
    local: Annotated[bool, typer.Option(
        "--local", help="Run locally (always the case here).")] = False,
    gateway: Annotated[bool, typer.Option(
        "--gateway", help="Not available: this CLI has no gateway.")] = False,
    agent: Agent = None,
) -> None:
    """Run a one-shot model turn: the answer on stdout, nothing saved.

    Streams like `openclaw chat` (Markdown on a terminal); --json waits for the whole
    answer and prints OpenClaw's envelope.

    Examples:

    \b
      openclaw infer model run --prompt "Say hello"
      openclaw infer model run --prompt "What is this?" --file photo.png --model qwen3-vl-235b-a22b
      openclaw infer model run --prompt "Reply with exactly: pong" --json
    """
    from openclaw_venice_cli.media.models import refuse_gateway
    from openclaw_venice_cli.media.text import run_model

    del local, agent
    refuse_gateway(gateway)
    status = run_model(get_env(ctx), prompt=prompt, files=list(file or []), model=model,
                       thinking=thinking, json_=json_)
    if status != ExitStatus.OK:
        raise typer.Exit(int(status))


@app.command("list")
def list_command(ctx: typer.Context, json_: Json = False) -> None:
    """List the chat models of the catalog (as `openclaw models list`).

    Examples:

    \b
      openclaw infer model list
      openclaw infer model list --json
    """
    from openclaw_venice_cli.media.catalog import list_models

    list_models(get_env(ctx), json_=json_)


@app.command("inspect")
def inspect_command(
    ctx: typer.Context,
    model: Annotated[str, typer.Option(
        "--model", metavar="<provider/model>", help="The model to show (any type).")],
    json_: Json = False,
) -> None:
    """Show one model's catalog entry as JSON (chat, image, speech or other models).

    Examples:

    \b
      openclaw infer model inspect --model venice/llama-3.3-70b
      openclaw infer model inspect --model venice/tts-kokoro --json
    """
    from openclaw_venice_cli.media.catalog import inspect_model

    del json_  # the entry is JSON either way, as in OpenClaw
    inspect_model(get_env(ctx), model)


def register(root: typer.Typer) -> None:
    """Add the `model` family to the infer group."""
    root.add_typer(app, name="model")
