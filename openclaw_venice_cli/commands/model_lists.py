"""`openclaw models aliases list|add|remove` and `openclaw models fallbacks list|add|remove|clear`.

Both lists live where OpenClaw keeps them: an alias is
``agents.defaults.models["provider/id"].alias``, the fallbacks are
``agents.defaults.model.fallbacks`` (``provider/id`` refs, tried in order by ``chat``).
The wiring adds these groups to the ``models`` family (``cli.py``); the work lives in
``config/schema.py`` (the shapes) and ``catalog/resolve.py`` (names to refs).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import OpenclawError, UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.ref import ModelRef
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.environment import Environment

aliases_app = typer.Typer(
    help=(
        "Short names for models (agents.defaults.models[...].alias).\n\n"
        "An alias works wherever a model is named: chat --model, models set, /model in "
        "the chat, fallbacks, agent --model.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  openclaw models aliases add fast venice/qwen3-4b\n"
        "  openclaw models aliases list\n"
        '  openclaw chat --model fast "Hello"\n'
        "  openclaw models aliases remove fast"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
fallbacks_app = typer.Typer(
    help=(
        "Models chat tries, in order, when the chosen one is unavailable "
        "(agents.defaults.model.fallbacks).\n\n"
        "A fallback is used only when the model is missing, offline, retired or at "
        "capacity before any answer arrived; never after a key, balance or request "
        "error.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  openclaw models fallbacks add venice/llama-3.2-3b\n"
        "  openclaw models fallbacks list\n"
        "  openclaw models fallbacks remove venice/llama-3.2-3b\n"
        "  openclaw models fallbacks clear"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

_JSON = Annotated[bool, typer.Option("--json", help="Output JSON.")]
_PLAIN = Annotated[bool, typer.Option("--plain", help="Plain output: one entry per line.")]
_MODEL = Annotated[str, typer.Argument(
    metavar="<model>", help="provider/model (e.g. venice/qwen3-4b) or an alias.")]


def _emit(env: Environment, text: str) -> None:
    env.show(text)  # aliases and refs come from a file: visible on a terminal


def _formats(json_: bool, plain: bool) -> None:
    if json_ and plain:
        raise UsageError("Choose either --json or --plain, not both.")


def _print_list(env: Environment, json_: bool, plain: bool, name: str, value: Any,
                rows: list[tuple[str, str]]) -> None:
    """OpenClaw's three list formats: ``{name: value}`` JSON, plain lines, or
    ``Name (N):`` and ``- …`` lines (``- none`` when empty). ``rows``: (plain, text)."""
    if json_:
        _emit(env, json.dumps({name: value}, indent=2, ensure_ascii=False) + "\n")
    elif plain:
        _emit(env, "".join(f"{line}\n" for line, _ in rows))
    else:
        lines = [f"- {text}" for _, text in rows] or ["- none"]
        _emit(env, f"{name.capitalize()} ({len(rows)}):\n" + "\n".join(lines) + "\n")


def _target(env: Environment, model: str) -> tuple[Config, ModelRef]:
    """The config and ``model`` resolved to a configured ``provider/id``."""
    from openclaw_venice_cli.catalog.resolve import configured_ref, resolve_model_ref
    from openclaw_venice_cli.config.loader import load_config

    config = load_config(env)
    return config, configured_ref(config, resolve_model_ref(config, model,
                                                            require_provider=True))


def _write(env: Environment, mutate: Any) -> None:
    from openclaw_venice_cli.config.writer import print_write_result, update_config

    print_write_result(env, update_config(env, mutate))


def _note_catalog(env: Environment, config: Config, ref: ModelRef) -> None:
    from openclaw_venice_cli.catalog.resolve import catalog_note

    note = catalog_note(env, config, ref)
    if note:
        env.note(note)


# -- aliases --------------------------------------------------------------------------
@aliases_app.command("list")
def aliases_list(ctx: typer.Context, json_: _JSON = False, plain: _PLAIN = False) -> None:
    """List the aliases and the models they name.

    Examples:

    \b
      openclaw models aliases list
      openclaw models aliases list --json
    """
    env = get_env(ctx)
    _formats(json_, plain)
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.schema import model_aliases

    aliases = model_aliases(load_config(env).data)
    _print_list(env, json_, plain, "aliases", aliases,
                [(f"{alias} {ref}", f"{alias} -> {ref}") for alias, ref in aliases.items()])


@aliases_app.command("add")
def aliases_add(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(
        metavar="<alias>", help='The short name, e.g. fast or "GLM 4.7" (no "/").')],
    model: _MODEL,
) -> None:
    """Add an alias, or point an alias at another model of yours.

    An alias that already names a different model is refused: remove it first. A model
    has one alias; adding another replaces it. No network is used.

    Examples:

    \b
      openclaw models aliases add fast venice/qwen3-4b
      openclaw models aliases add "GLM 4.7" venice/zai-org-glm-4.7
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config import schema

    name = schema.check_alias(alias)
    config, ref = _target(env, model)

    def mutate(raw: dict[str, Any]) -> None:
        current = schema.find_alias(raw, name)
        if current is not None and current != str(ref):
            raise OpenclawError(f"Alias {name} already points to {current}. Remove it "
                                f"first: openclaw models aliases remove {name!r}.")
        schema.set_alias(raw, name, str(ref))

    _write(env, mutate)
    _emit(env, f"Alias {name} -> {ref}\n")
    _note_catalog(env, config, ref)


@aliases_app.command("remove")
def aliases_remove(
    ctx: typer.Context,
    alias: Annotated[str, typer.Argument(metavar="<alias>", help="The alias to remove.")],
) -> None:
    """Remove an alias (the model's entry and settings stay).

    Examples:

    \b
      openclaw models aliases remove fast
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config import schema

    removed: list[str] = []

    def mutate(raw: dict[str, Any]) -> None:
        ref = schema.remove_alias(raw, alias)
        if ref is None:
            raise OpenclawError(f"Alias not found: {alias.strip()}. See `openclaw models "
                                "aliases list`.")
        removed.append(ref)

    _write(env, mutate)
    _emit(env, f"Removed alias {alias.strip()} (was {removed[0]})\n")


# -- fallbacks ------------------------------------------------------------------------
def _print_fallbacks(env: Environment, refs: list[str]) -> None:
    _emit(env, f"Fallbacks: {', '.join(refs) or '-'}\n")


def _resolved_entries(config: Config, entries: list[str]) -> list[tuple[str, str | None]]:
    """Each written fallback with the ``provider/id`` it names (None: unreadable)."""
    from openclaw_venice_cli.catalog.resolve import resolve_model_ref

    out: list[tuple[str, str | None]] = []
    for entry in entries:
        try:
            out.append((entry, str(resolve_model_ref(config, entry))))
        except OpenclawError:
            out.append((entry, None))
    return out


@fallbacks_app.command("list")
def fallbacks_list(ctx: typer.Context, json_: _JSON = False, plain: _PLAIN = False) -> None:
    """List the fallback models in the order chat tries them.

    Examples:

    \b
      openclaw models fallbacks list
      openclaw models fallbacks list --plain
    """
    env = get_env(ctx)
    _formats(json_, plain)
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.schema import fallback_models

    refs = fallback_models(load_config(env).data)
    _print_list(env, json_, plain, "fallbacks", refs, [(ref, ref) for ref in refs])


@fallbacks_app.command("add")
def fallbacks_add(ctx: typer.Context, model: _MODEL) -> None:
    """Add a fallback model at the end of the list (already listed: nothing changes).

    Examples:

    \b
      openclaw models fallbacks add venice/llama-3.2-3b
      openclaw models fallbacks add fast
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config import schema

    config, ref = _target(env, model)
    after: list[str] = []

    def mutate(raw: dict[str, Any]) -> None:
        entries = schema.fallback_models(raw)
        if str(ref) not in {target for _, target in _resolved_entries(config, entries)}:
            entries.append(str(ref))
            schema.set_fallbacks(raw, entries)
            schema.ensure_object(raw, schema.MODEL_ENTRIES, "add the fallback").setdefault(
                str(ref), {})
        after[:] = entries

    _write(env, mutate)
    _print_fallbacks(env, after)
    _note_catalog(env, config, ref)


@fallbacks_app.command("remove")
def fallbacks_remove(ctx: typer.Context, model: _MODEL) -> None:
    """Remove a fallback model (given as written, as provider/model or by alias).

    Examples:

    \b
      openclaw models fallbacks remove venice/llama-3.2-3b
    """
    env = get_env(ctx)
    from openclaw_venice_cli.catalog.resolve import resolve_model_ref
    from openclaw_venice_cli.config import schema
    from openclaw_venice_cli.config.loader import load_config

    config = load_config(env)
    try:  # an entry naming an unconfigured provider can still be removed as written
        ref: str | None = str(resolve_model_ref(config, model))
    except OpenclawError:
        ref = None
    after: list[str] = []

    def mutate(raw: dict[str, Any]) -> None:
        entries = schema.fallback_models(raw)
        kept = [entry for entry, target in _resolved_entries(config, entries)
                if target != ref and entry != model.strip()]
        if len(kept) == len(entries):
            raise OpenclawError(f"Fallback not found: {ref or model.strip()}. See "
                                "`openclaw models fallbacks list`.")
        schema.set_fallbacks(raw, kept)
        after[:] = kept

    _write(env, mutate)
    _print_fallbacks(env, after)


@fallbacks_app.command("clear")
def fallbacks_clear(ctx: typer.Context) -> None:
    """Remove every fallback model (chat then fails when the model is unavailable).

    Examples:

    \b
      openclaw models fallbacks clear
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config import schema

    def mutate(raw: dict[str, Any]) -> None:
        if schema.lookup(raw, schema.FALLBACKS):
            schema.set_fallbacks(raw, [])

    _write(env, mutate)
    _emit(env, "Fallback list cleared.\n")


def extend(models_app: typer.Typer) -> None:
    """Add the ``aliases`` and ``fallbacks`` groups to the ``models`` app (once)."""
    present = {info.name for info in models_app.registered_groups}
    for name, sub in (("aliases", aliases_app), ("fallbacks", fallbacks_app)):
        if name not in present:
            models_app.add_typer(sub, name=name)
