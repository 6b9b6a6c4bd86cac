"""`openclaw models list | set | status` (stub: filled in by the Foundation work)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Model discovery, listing and the default model.", no_args_is_help=True)
