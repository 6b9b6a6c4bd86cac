"""Helpers shared by the command modules: the run's environment, the options many
commands take (``--json``, OpenClaw's ``--agent``), and a command family's app."""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.environment import Environment


def get_env(ctx: typer.Context) -> Environment:
    """The run's :class:`Environment` (``ctx.obj``), created from the process if absent."""
    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment()
    return root.obj


JsonFlag = Annotated[bool, typer.Option("--json", help="Output JSON.")]
AgentFlag = Annotated[str | None, typer.Option(
    "--agent", metavar="<id>", help="Accepted for OpenClaw compatibility; ignored.")]


def family(help_text: str) -> typer.Typer:
    """A command family's app: its help (with examples), shown when run without a command."""
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)
