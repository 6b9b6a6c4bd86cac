"""`openclaw models list | set | status`.

Only typer and the stdlib at module top: the catalog, config and output modules are
imported inside the commands (``--help`` must stay near interpreter start-up).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import typer

from openclaw_venice_cli.catalog.model import CAPABILITY_NAMES
from openclaw_venice_cli.commands.context import AgentFlag, JsonFlag, get_env
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import OpenclawError, UsageError

app = typer.Typer(
    help=(
        "Model discovery, listing and the default model.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  openclaw models list | grep venice\n"
        "  openclaw models set venice/claude-opus-45\n"
        "  openclaw models status"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Privacy(str, Enum):
    private = "private"
    anonymized = "anonymized"


def emit(env: Environment, text: str) -> None:
    """Write data to stdout (terminal-safe on a terminal; a closed pipe is handled once,
    in ``cli``)."""
    env.show(text)


def _capabilities(names: list[str]) -> tuple[str, ...]:
    """``--capability`` values, checked against the one capability list."""
    wanted = tuple(name.strip().lower() for name in names)
    for name in wanted:
        if name not in CAPABILITY_NAMES:
            raise UsageError(f'Unknown --capability "{name}". Choose from: '
                             + ", ".join(CAPABILITY_NAMES) + ".")
    return wanted


def _check_formats(json_: bool, plain: bool) -> None:
    if json_ and plain:
        raise UsageError("Choose either --json or --plain, not both.")


def _provider_filter(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.strip() or any(ch.isspace() for ch in value.strip()):
        raise UsageError(f'Invalid provider filter "{value}". Use a provider id such as '
                         '"moonshot", not a display label.')
    return value.strip().lower()


_JSON = JsonFlag
_AGENT = AgentFlag


@app.command("list")
def list_command(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option(
        "--all", help="Show the full catalog, deprecated models included.")] = False,
    json_: _JSON = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help="Plain line output (provider/model).")] = False,
    provider: Annotated[str | None, typer.Option(
        "--provider", metavar="<id>", help="Filter by provider id.")] = None,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Fetch the live Venice catalog now (GET /models) and update "
        "the cache.")] = False,
    local: Annotated[bool, typer.Option(
        "--local", help="Filter to local models (loopback base URL).")] = False,
    agent: _AGENT = None,
    privacy: Annotated[Privacy | None, typer.Option(
        "--privacy", case_sensitive=False, help="Only private or anonymized models.")] = None,
    capability: Annotated[list[str] | None, typer.Option(
        "--capability", metavar="NAME",
        help="Only models with this capability (repeatable: all must match): "
             + ", ".join(CAPABILITY_NAMES) + ".")] = None,
    type_: Annotated[str, typer.Option(
        "--type", metavar="TYPE",
        help="Venice model type: text (default), image, inpaint (image editing), upscale, "
             "tts, asr (transcription), embedding, music or video.")] = "text",
) -> None:
    """List models: the Venice catalog plus configured models, default first.

    Uses the cached catalog (refreshed hourly when a key is set), else the built-in one.
    Table columns: Model, Input, Ctx, Local, Auth, Tags (default, configured,
    alias:<name>, private or anonymized, deprecated, offline, missing). Notices go to stderr.

    Examples:

    \b
      openclaw models list | grep venice
      openclaw models list --plain
      openclaw models list --privacy private --capability vision
      openclaw models list --refresh --json
      openclaw models list --type tts
    """
    del agent
    env = get_env(ctx)
    _check_formats(json_, plain)
    provider_id = _provider_filter(provider)
    wanted = _capabilities(capability or [])
    kind = type_.strip().lower()
    if kind != "text":
        _list_media(env, kind, refresh=refresh, json_=json_, plain=plain, view_all=all_,
                    privacy=privacy.value if privacy else None,
                    refused=provider_id not in (None, "venice") or local or bool(wanted))
        return
    from openclaw_venice_cli.catalog.listing import (
        Filters,
        build_rows,
        format_json,
        format_plain,
        format_table,
    )
    from openclaw_venice_cli.catalog.loader import load_catalog
    from openclaw_venice_cli.config.loader import load_config

    config = load_config(env)
    if provider_id is not None and provider_id not in {p.lower() for p in config.providers()}:
        raise OpenclawError(f'Unknown model catalog provider "{provider_id}". Use a provider '
                            "id from the installed plugins or configured providers.")
    catalog = load_catalog(env, config, refresh=refresh,
                           network=provider_id in (None, "venice"))
    filters = Filters(
        view_all=all_, provider=provider_id, local=local,
        privacy=privacy.value if privacy else None,
        capabilities=wanted,
    )
    rows = build_rows(catalog, config, filters)
    if json_:
        emit(env, format_json(rows))
    elif plain:
        emit(env, format_plain(rows))
    elif not rows:
        emit(env, "No models found.\n")
    else:
        emit(env, format_table(rows))


def _list_media(env: Environment, kind: str, *, refresh: bool, json_: bool, plain: bool,
                view_all: bool, privacy: str | None, refused: bool) -> None:
    """``models list --type KIND`` for a non-text type (Venice's own lists)."""
    from openclaw_venice_cli.catalog.listing import (
        format_media_json,
        format_media_plain,
        format_media_table,
        media_rows,
    )
    from openclaw_venice_cli.catalog.loader import load_media_models
    from openclaw_venice_cli.catalog.media import MODEL_TYPES
    from openclaw_venice_cli.config.loader import load_config

    if kind not in MODEL_TYPES:
        raise UsageError(f'Unknown --type "{kind}". Choose from: {", ".join(MODEL_TYPES)}.')
    if refused:
        raise UsageError("--provider (other than venice), --local and --capability apply "
                         "to text models only.")
    config = load_config(env)
    rows = media_rows(load_media_models(env, config, kind, refresh=refresh).models,
                      view_all=view_all, privacy=privacy)
    if json_:
        emit(env, format_media_json(rows, kind))
    elif plain:
        emit(env, format_media_plain(rows))
    elif not rows:
        emit(env, f"No {kind} models found.\n")
    else:
        emit(env, format_media_table(rows, config.venice_key() is not None))


@app.command("set")
def set_command(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(
        metavar="<model>",
        help="provider/model (e.g. venice/llama-3.3-70b) or an alias.")],
) -> None:
    """Set the default model (agents.defaults.model.primary). No network is used.

    Writes the config once, with a backup. An id missing from the local catalog is
    saved anyway, with a warning.

    Examples:

    \b
      openclaw models set venice/llama-3.3-70b
      openclaw models set venice/claude-opus-45
    """
    env = get_env(ctx)
    from openclaw_venice_cli.catalog.resolve import (
        catalog_note,
        configured_ref,
        resolve_model_ref,
    )
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.schema import set_default_model
    from openclaw_venice_cli.config.writer import print_write_result, update_config

    config = load_config(env)
    ref = configured_ref(config, resolve_model_ref(config, model, require_provider=True))
    note = catalog_note(env, config, ref)
    result = update_config(env, lambda raw: set_default_model(raw, str(ref)))
    print_write_result(env, result)
    emit(env, f"Default model: {ref}\n")
    if note:
        env.note(note)


@app.command("status")
def status_command(
    ctx: typer.Context,
    json_: _JSON = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help="Print only the default model.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Exit 1 when the Venice key is missing (or, with --probe, "
        "rejected).")] = False,
    probe: Annotated[bool, typer.Option(
        "--probe", help="Ask Venice about the key now (GET /api_keys/rate_limits): tier, "
        "balance, rate limits.")] = False,
    probe_timeout: Annotated[int, typer.Option(
        "--probe-timeout", metavar="MS", min=1, help="How long the probe may take, in "
        "milliseconds (default 10000).")] = 10000,
    agent: _AGENT = None,
) -> None:
    """Show the config file, default model, API key source (masked) and catalog state.

    Uses the network only with --probe. --check turns the key state into the exit code
    (1: no key, or --probe found it rejected), for scripts.

    Examples:

    \b
      openclaw models status
      openclaw models status --plain
      openclaw models status --json
      openclaw models status --probe
      openclaw models status --check --probe
    """
    del agent
    env = get_env(ctx)
    _check_formats(json_, plain)
    from openclaw_venice_cli.config.loader import load_config

    config = load_config(env)
    live = None
    if probe:
        from openclaw_venice_cli.catalog.probe import probe_venice

        live = probe_venice(env, config, probe_timeout / 1000)
    if plain:
        emit(env, config.default_model_ref() + "\n")
    else:
        _print_status(env, config, json_, live, check)
    if check:
        _check_result(config, live)


def _check_problem(config: Any, live: Any) -> str | None:
    """Why ``--check`` fails, or None."""
    if config.venice_key() is None:
        return "no Venice API key (set VENICE_API_KEY or run `openclaw onboard`)"
    if live is not None and live.status == "rejected":
        return f"the Venice API key was rejected ({live.message})"
    return None


def _check_result(config: Any, live: Any) -> None:
    problem = _check_problem(config, live)
    if problem:
        raise OpenclawError(f"Check failed: {problem}.")


def _print_status(env: Environment, config: Any, json_: bool, live: Any,
                  check: bool) -> None:
    from openclaw_venice_cli.catalog.loader import load_catalog
    from openclaw_venice_cli.catalog.status import gather_status, status_json, status_text

    catalog = load_catalog(env, config, network=False)
    status = gather_status(env, config, catalog)
    if json_:
        from openclaw_venice_cli.catalog.probe import probe_json

        extra: dict[str, Any] = {}
        if live is not None:
            extra["probe"] = probe_json(live)
        if check:
            problem = _check_problem(config, live)
            extra["check"] = {"ok": problem is None, "problem": problem}
        emit(env, status_json(status, extra))
        return
    text = status_text(status)
    if live is not None:
        from openclaw_venice_cli.catalog.probe import probe_text

        text += probe_text(live, status.default_model)
    emit(env, text)


def register(root: typer.Typer) -> None:
    """Add the `models` command group to the root app."""
    root.add_typer(app, name="models")
