"""`openclaw config get | set | unset | file | validate`: the config file without an editor.

Paths use dots and brackets (``config/paths.py``); values are JSON5 (a bare word is a
string); every write goes through ``config.writer.update_config`` (locked, validated,
backed up, ``$include``-aware); ``validate`` reports with ``line:column``
(``config/check.py``). Keys are shown masked.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Annotated, Any

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import ExitStatus, exit_codes_help

if TYPE_CHECKING:
    from openclaw_venice_cli.environment import Environment

_CODES = (ExitStatus.OK, ExitStatus.ERROR, ExitStatus.USAGE, ExitStatus.CONFIG)
app = typer.Typer(
    help=(
        "Read and change openclaw.json from the command line.\n\n"
        "Paths use dots and brackets: agents.defaults.model.primary, "
        'agents.defaults.models["venice/qwen3-4b"].alias, models.providers.local.models[0].id. '
        "Writes are validated first, locked, backed up (.bak) and never flatten an "
        "$include. Keys are shown masked.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  openclaw config file\n"
        "  openclaw config get agents.defaults.model.primary\n"
        "  openclaw config set agents.defaults.model.primary venice/qwen3-4b\n"
        "  openclaw config unset agents.defaults.model.fallbacks\n"
        "  openclaw config validate\n\n"
        + exit_codes_help(_CODES, {ExitStatus.ERROR: "path not found",
                                   ExitStatus.CONFIG: "invalid config, nothing written"})
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

_PATH = Annotated[str, typer.Argument(
    metavar="<path>", help='A config path in dot or bracket form, e.g. models.providers'
    '["venice"].baseUrl.')]
_DRY_RUN = Annotated[bool, typer.Option(
    "--dry-run", help="Check the change (and validate the result) without writing.")]
_SECRET = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\s*\$\{[A-Z_][A-Z0-9_]*\}\s*$")


def _emit(env: Environment, text: str) -> None:
    env.show(text)  # a value read back from a file: shown safely on a terminal


def _masked(value: Any, name: str = "") -> Any:
    """``value`` with every secret-looking string (under a key named like a key, token,
    secret or password) masked; ``${VAR}`` references stay readable."""
    from openclaw_venice_cli.keys import mask_key

    if isinstance(value, dict):
        return {key: _masked(item, str(key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item, name) for item in value]
    if isinstance(value, str) and _SECRET.search(name) and not _PLACEHOLDER.match(value):
        return mask_key(value)
    return value


@app.command("get")
def get_command(
    ctx: typer.Context,
    path: _PATH,
    json_: Annotated[bool, typer.Option("--json", help="Always print JSON.")] = False,
) -> None:
    """Print the value at a path, as written in the file ($include resolved, ${VAR} kept).

    A string is printed as it is, anything else as JSON. Values under key-like names
    (apiKey, VENICE_API_KEY, tokens, passwords) are masked.

    Examples:

    \b
      openclaw config get agents.defaults.model.primary
      openclaw config get models.providers.venice --json
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.paths import format_path, get_at, parse_path
    from openclaw_venice_cli.errors import OpenclawError
    from openclaw_venice_cli.keys import redact_text

    segments = parse_path(path)
    found, value = get_at(load_config(env).raw, segments)
    if not found:
        raise OpenclawError(f"Config path not found: {format_path(segments)}")
    value = _masked(value, str(segments[-1]))
    text = value if isinstance(value, str) and not json_ else json.dumps(
        value, indent=2, ensure_ascii=False)
    text = redact_text(text, env.environ)
    _emit(env, text + "\n")


def _value(text: str, strict: bool) -> Any:
    from openclaw_venice_cli.config.parse import parse_json5_value
    from openclaw_venice_cli.errors import UsageError

    try:
        return parse_json5_value(text)
    except ValueError as error:
        if strict:
            raise UsageError(f"The value is not valid JSON5 (--strict-json): {text!r}.") \
                from error
        return text


def _write(env: Environment, mutate: Any, dry_run: bool, what: str) -> bool:
    """One write (or a dry run); prints the outcome; True when something changed."""
    from openclaw_venice_cli.config.writer import print_write_result, update_config

    result = update_config(env, mutate, dry_run=dry_run)
    if dry_run:
        verb = "would change" if result.changed else "would not change"
        _emit(env, f"Dry run: {what} {verb} {env.display_path(result.path)}; nothing "
                   "was written.\n")
    else:
        print_write_result(env, result)
    return result.changed


@app.command("set")
def set_command(
    ctx: typer.Context,
    path: _PATH,
    value: Annotated[str, typer.Argument(
        metavar="<value>", help="JSON5 (42, true, [\"a\"], {k: 1}, \"text\"); anything that "
        "is not JSON5 is taken as a plain string.")],
    strict_json: Annotated[bool, typer.Option(
        "--strict-json", help="Refuse a value that is not JSON5 instead of storing it as a "
        "string.")] = False,
    json_: Annotated[bool, typer.Option(
        "--json", help="The same as --strict-json (OpenClaw's older spelling).")] = False,
    dry_run: _DRY_RUN = False,
) -> None:
    """Set the value at a path (objects on the way are created).

    The whole config is validated before anything is written; an invalid result
    changes nothing (exit 3). Warns when OpenClaw itself would refuse the result.

    Examples:

    \b
      openclaw config set agents.defaults.model.primary venice/qwen3-4b
      openclaw config set 'agents.defaults.models["venice/qwen3-4b"].alias' fast
      openclaw config set agents.defaults.model.fallbacks '["venice/llama-3.2-3b"]'
      openclaw config set models.providers.venice.baseUrl http://127.0.0.1:8080/v1 --dry-run
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config.paths import format_path, parse_path, set_at

    segments = parse_path(path)
    parsed = _value(value, strict_json or json_)
    where = format_path(segments)
    _write(env, lambda raw: set_at(raw, segments, parsed), dry_run, f"setting {where}")
    _compat_warnings(env, str(segments[0]))


def _compat_warnings(env: Environment, top: str) -> None:
    """After a write: what OpenClaw would refuse under the section just changed."""
    from openclaw_venice_cli.config.check import check_config

    for issue in check_config(env).issues:
        head = re.split(r"[.\[]", issue.path, maxsplit=1)[0]
        if issue.severity == "warning" and head == top:
            env.note(f"Warning: {issue.path}: {issue.message}.")


@app.command("unset")
def unset_command(
    ctx: typer.Context,
    path: _PATH,
    dry_run: _DRY_RUN = False,
    json_: Annotated[bool, typer.Option(
        "--json", help="With --dry-run: print the result as JSON.")] = False,
) -> None:
    """Remove the value at a path (an array element: the ones after it move up).

    Examples:

    \b
      openclaw config unset agents.defaults.model.fallbacks
      openclaw config unset 'agents.defaults.models["venice/qwen3-4b"].alias' --dry-run
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config.paths import format_path, parse_path, unset_at
    from openclaw_venice_cli.errors import OpenclawError

    segments = parse_path(path)
    where = format_path(segments)

    def mutate(raw: dict[str, Any]) -> None:
        if not unset_at(raw, segments):
            raise OpenclawError(f"Config path not found: {where}")

    if json_ and dry_run:
        from openclaw_venice_cli.config.writer import update_config

        result = update_config(env, mutate, dry_run=True)
        _emit(env, json.dumps({"ok": True, "dryRun": True, "path": where,
                               "config": str(result.path), "changed": result.changed}) + "\n")
        return
    _write(env, mutate, dry_run, f"removing {where}")


@app.command("file")
def file_command(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option(
        "--json", help='Print {"path": …, "exists": …}.')] = False,
) -> None:
    """Print the path of the config file in use (it may not exist yet).

    OPENCLAW_CONFIG_PATH, then OPENCLAW_STATE_DIR, then ~/.openclaw/openclaw.json.

    Examples:

    \b
      openclaw config file
      openclaw config file --json
    """
    env = get_env(ctx)
    path = env.config_path
    if json_:
        _emit(env, json.dumps({"path": str(path), "exists": path.is_file()}) + "\n")
    else:
        _emit(env, f"{path}\n")


@app.command("validate")
def validate_command(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check the config: syntax, $include files, the keys openclaw uses; say where.

    Each problem is listed as FILE:LINE:COLUMN — path: what is wrong (exit 3). Shapes
    openclaw accepts but OpenClaw refuses are listed as warnings (!), exit 0.

    Examples:

    \b
      openclaw config validate
      openclaw config validate --json
    """
    env = get_env(ctx)
    from openclaw_venice_cli.config.check import check_config, format_report, report_json
    from openclaw_venice_cli.errors import ConfigError

    report = check_config(env)
    if json_:
        _emit(env, json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n")
    else:
        _emit(env, format_report(env, report))
    errors = sum(1 for issue in report.issues if issue.severity == "error")
    if errors:
        raise ConfigError(f"{env.display_path(report.path)} has {errors} "
                          f"problem{'s' if errors > 1 else ''}; see the list above.")


def register(root: typer.Typer) -> None:
    """Add the `config` command group to the root app."""
    root.add_typer(app, name="config")
