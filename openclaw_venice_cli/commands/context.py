"""Helpers shared by the command modules."""

from __future__ import annotations

import typer

from openclaw_venice_cli.environment import Environment


def get_env(ctx: typer.Context) -> Environment:
    """The run's :class:`Environment` (``ctx.obj``), created from the process if absent."""
    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment()
    return root.obj
