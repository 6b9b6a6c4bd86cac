"""`openclaw infer embedding create` (``media/embeddings.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import AgentFlag, JsonFlag, family, get_env

app = family(
    "Embedding vectors from Venice (or any OpenAI-compatible provider).\n\n"
    "Examples:\n\n"
    "\b\n"
    '  openclaw infer embedding create --text "friendly lobster" --json'
)


@app.command("create")
def create_command(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Option(
        "--text", metavar="<text>", help="Input text (repeatable: one vector each).")],
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>",
        help="Embedding model (default: memory.search.model, else Venice's).")] = None,
    provider: Annotated[str | None, typer.Option(
        "--provider", metavar="<id>", help="Provider of --model when it has none.")] = None,
    dimensions: Annotated[int | None, typer.Option(
        "--dimensions", metavar="<n>", help="Vector size (models that can shorten).")] = None,
    json_: JsonFlag = False,
    agent: AgentFlag = None,
) -> None:
    """Create embeddings: one line of numbers per --text (or OpenClaw's JSON envelope).

    Examples:

    \b
      openclaw infer embedding create --text "friendly lobster" --json
      openclaw infer embedding create --text one --text two --model venice/text-embedding-bge-m3
    """
    from openclaw_venice_cli.media.embeddings import create

    del agent
    create(get_env(ctx), texts=list(text), model=model, provider=provider,
           dimensions=dimensions, json_=json_)


def register(root: typer.Typer) -> None:
    """Add the `embedding` family to the infer group."""
    root.add_typer(app, name="embedding")
