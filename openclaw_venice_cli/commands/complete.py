"""`openclaw __complete models` (hidden): the model names a completion script offers.

Aliases, then every ``provider/id`` of the local catalog (cache, else built-in) and the
configured providers, one per line; never the network, never an error: a shell
completion must stay quiet (a bad config simply yields nothing).
"""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import get_env


def complete(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="What to list: models.")],
    spaces: Annotated[bool, typer.Option(
        "--spaces", help="Also aliases with spaces (fish takes one per line).")] = False,
) -> None:
    """Words for shell completion (used by the scripts of `openclaw completion`)."""
    env = get_env(ctx)
    if what != "models":
        return
    from openclaw_venice_cli.catalog.loader import load_catalog
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.schema import model_aliases
    from openclaw_venice_cli.errors import OpenclawError
    from openclaw_venice_cli.sanitize import is_clean

    try:
        config = load_config(env)
        catalog = load_catalog(env, config, network=False)
    except OpenclawError:
        return
    words = list(model_aliases(config.data)) + [model.key for model in catalog.models]
    seen: set[str] = set()
    for word in words:
        if word in seen or not is_clean(word) or (not spaces and any(c.isspace() for c in word)):
            continue
        seen.add(word)
        env.stdout.write(word + "\n")
    env.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the hidden `__complete` command to the root app."""
    app.command("__complete", hidden=True, help="Words for shell completion.")(complete)
