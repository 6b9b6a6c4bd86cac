"""The Typer application: wiring only.

Each command family lives in ``commands/``; this module assembles them, turns every
:class:`~openclaw_venice_cli.errors.OpenclawError` into one stderr line plus its exit
status, and keeps imports light so ``openclaw --help`` starts near the interpreter's floor.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import typer

from openclaw_venice_cli import __version__
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ExitStatus, OpenclawError
from openclaw_venice_cli.lazy_group import LazyTyperGroup, Registrar


def report_error(env: Environment, error: BaseException) -> int:
    """Print one line for ``error`` (a traceback too under OPENCLAW_DEBUG=1); return its code."""
    from openclaw_venice_cli.secrets import redact_text

    if env.debug:
        import traceback

        text = "".join(traceback.format_exception(error))
        env.stderr.write(redact_text(text, env.environ))
    if isinstance(error, OpenclawError):
        status = int(error.exit_status)
        message = str(error)
    elif isinstance(error, KeyboardInterrupt):
        status, message = int(ExitStatus.INTERRUPTED), "Interrupted."
    else:
        status = int(ExitStatus.ERROR)
        message = f"Unexpected error: {type(error).__name__}: {error}"
        if not env.debug:
            message += " (set OPENCLAW_DEBUG=1 for details)"
    env.stderr.write("Error: " + redact_text(message, env.environ) + "\n")
    env.stderr.flush()
    return status


class OpenclawGroup(LazyTyperGroup):
    """Root group: every command's failures end here as one line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except OpenclawError as error:
            raise typer.Exit(report_error(_env_of(ctx), error)) from error
        except KeyboardInterrupt as error:
            raise typer.Exit(report_error(_env_of(ctx), error)) from error
        except Exception as error:  # the last line of defence
            if type(error).__module__.startswith("typer"):
                raise
            raise typer.Exit(report_error(_env_of(ctx), error)) from error


def _env_of(ctx: Any) -> Environment:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Environment) else Environment()


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"openclaw {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=OpenclawGroup,
    name="openclaw",
    help=(
        "openclaw - the Venice AI command line (OpenClaw-compatible).\n\n"
        "Set up a key once, then chat with Venice's private and anonymized models, one "
        "question at a time or interactively. Answers go to stdout, messages to stderr.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  openclaw onboard --auth-choice venice-api-key\n"
        "  openclaw models list | grep venice\n"
        "  openclaw models set venice/claude-opus-45\n"
        '  openclaw chat --model venice/llama-3.3-70b "Hello, are you working?"\n'
        '  echo "Summarise this" | openclaw chat\n\n'
        "Run 'openclaw COMMAND --help' for a command's options and examples.\n\n"
        "\b\n"
        "Exit codes: 0 ok, 1 error, 2 usage, 3 config, 4 key rejected, 5 no credit,\n"
        "6 not found, 7 rate limited, 8 server, 9 network, 10 request rejected,\n"
        "11 tool calls, 130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version_callback, is_eager=True,
        help="Print the version and exit.",
    ),
    no_color: bool = typer.Option(False, "--no-color", help="Disable ANSI colours."),
    debug: bool = typer.Option(
        False, "--debug", help="Show tracebacks on errors, keys masked (= OPENCLAW_DEBUG=1)."),
) -> None:
    """openclaw - the Venice AI command line."""
    if no_color or debug:
        env = _env_of(ctx)
        extra = {"NO_COLOR": "1"} if no_color else {}
        if debug:
            extra["OPENCLAW_DEBUG"] = "1"
        env.environ = {**env.environ, **extra}
        ctx.find_root().obj = env


def _family(name: str) -> Registrar:
    """Registers command family ``name`` on an app, importing its module only then."""

    def register(target: typer.Typer) -> None:
        module = importlib.import_module(f"openclaw_venice_cli.commands.{name}")
        if name == "models":
            target.add_typer(module.app, name="models")
        else:
            module.register(target)

    return register


# Built only when used (lazy_group.py); listed by --help in this order.
OpenclawGroup.lazy_commands = {
    name: _family(name) for name in ("onboard", "configure", "chat", "models")}


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI with ``argv`` in ``env``; return the exit status (never raises)."""
    env = env or Environment()
    try:
        app(args=list(argv) if argv is not None else None, prog_name="openclaw", obj=env)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
