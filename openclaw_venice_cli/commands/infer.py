"""`openclaw infer` (alias `capability`): OpenClaw's inference surface, run on Venice.

The families (model, image, audio, tts, embedding, web) live in ``commands/infer_*.py``
and are built only when used (the group class comes from ``cli.py``). Only typer and
the stdlib at module top.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import UsageError, exit_codes_help

HELP = f"""Run Venice's models through OpenClaw's inference commands.

One command per capability: a chat turn, images, speech, transcription, embeddings and
web search. Results go to stdout (files written, or text); --json prints OpenClaw's
envelope for scripts. Defaults come from the config (see docs/infer.md).

Examples:

\b
  openclaw infer list
  openclaw infer model run --prompt "Say hello"
  openclaw infer image generate --prompt "a lighthouse at dusk" --output lighthouse.png
  openclaw infer tts convert --text "Build finished" --output done.mp3
  openclaw infer audio transcribe --file memo.wav
  openclaw infer web search --query "Venice AI" --json

{exit_codes_help()}
"""

JSON = Annotated[bool, typer.Option("--json", help="Output JSON.")]


def list_command(ctx: typer.Context, json_: JSON = False) -> None:
    """List the capability ids, one JSON object per line (an array with --json).

    Examples:

    \b
      openclaw infer list
      openclaw infer list --json
    """
    import json

    from openclaw_venice_cli.media.capabilities import CAPABILITIES, describe

    env = get_env(ctx)
    rows = [describe(capability) for capability in CAPABILITIES]
    if json_:
        env.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        env.stdout.write("".join(json.dumps(row) + "\n" for row in rows))
    env.stdout.flush()


def inspect_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", metavar="<capability>",
                                      help="Capability id, e.g. image.generate.")],
    json_: JSON = False,
) -> None:
    """Show one capability: its flags and what it returns (JSON).

    Examples:

    \b
      openclaw infer inspect --name image.generate
    """
    import json

    from openclaw_venice_cli.media.capabilities import describe, find

    del json_  # the answer is JSON either way, as in OpenClaw
    env = get_env(ctx)
    capability = find(name)
    if capability is None:
        raise UsageError(f'Unknown capability "{name}". See `openclaw infer list`.')
    env.stdout.write(json.dumps(describe(capability, full=True), indent=2) + "\n")
    env.stdout.flush()


def register(root: typer.Typer, group_cls: Any = None, *, name: str = "infer",
             hidden: bool = False) -> None:
    """Add the `infer` group; its families are added lazily by ``group_cls``."""
    app = typer.Typer(cls=group_cls, help=HELP, no_args_is_help=True, rich_markup_mode=None)
    app.command("list")(list_command)
    app.command("inspect")(inspect_command)
    root.add_typer(app, name=name, hidden=hidden)
