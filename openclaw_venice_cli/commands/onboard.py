"""`openclaw onboard` (stub)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the `onboard` command to the root app."""
