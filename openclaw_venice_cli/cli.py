"""The Typer application: wiring only, and :func:`main`, the one way in.

Each command family lives in ``commands/``; this module assembles them, turns every
failure into one stderr line plus its documented exit status, and keeps imports light so
``openclaw --help`` starts near the interpreter's floor. All output of a run, Click's
own help and usage errors included, goes to the run's :class:`Environment`.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar

import typer

from openclaw_venice_cli import __version__
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import (
    ExitStatus,
    Interrupted,
    OpenclawError,
    OutputError,
    Stopped,
    exit_codes_help,
)
from openclaw_venice_cli.lazy_group import LazyTyperGroup, Registrar

_OUTPUT_ERRNOS = frozenset({errno.EIO, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF})


def output_failure(error: BaseException) -> OutputError | None:
    """The :class:`OutputError` for a failed write to stdout/stderr (``>/dev/full``, a
    terminal gone, a full disk), or None for any other error."""
    if (isinstance(error, OSError) and not isinstance(error, BrokenPipeError)
            and error.filename is None and error.errno in _OUTPUT_ERRNOS):
        return OutputError(f"Could not write the output: {error.strerror or error}")
    return None


def report_error(env: Environment, error: BaseException) -> int:
    """Print one line for ``error`` (a traceback too with --debug); return its code.

    Never raises: when stderr itself cannot be written, the code still stands."""
    from openclaw_venice_cli.keys import redact_text
    from openclaw_venice_cli.sanitize import one_line, visible

    failed_output = output_failure(error)
    if failed_output is not None:
        silence_stdout(env)
        error = failed_output
    # the user's own Ctrl-C (or end of input at a question) is not an error: no "Error:"
    prefix = "" if isinstance(error, (Interrupted, KeyboardInterrupt)) else "Error: "
    if isinstance(error, (OpenclawError, Stopped)):
        status = int(error.exit_status)
        message = str(error)
    elif isinstance(error, KeyboardInterrupt):
        status, message = int(ExitStatus.INTERRUPTED), "Interrupted."
    else:
        status = int(ExitStatus.ERROR)
        message = f"Unexpected error: {type(error).__name__}: {error}"
        if not env.debug:
            message += " (run with --debug for details)"
    with contextlib.suppress(OSError, ValueError):
        if env.debug:
            import traceback

            text = "".join(traceback.format_exception(error))
            env.stderr.write(visible(redact_text(text, env.environ)))
        # mask first, then one terminal-safe line: a cut never reveals key fragments
        env.stderr.write(prefix + one_line(redact_text(message, env.environ)) + "\n")
        env.stderr.flush()
    return status


def silence_stdout(env: Environment) -> None:
    """After a closed pipe (``openclaw … | head``) or a failed write: point stdout at
    /dev/null so the interpreter's final flush cannot fail again. The one place that
    handles EPIPE."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())


class OpenclawGroup(LazyTyperGroup):
    """Root group: every command's failures end here as one line and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError as error:  # the reader went away: stop quietly, status 0
            silence_stdout(_env_of(ctx))
            raise typer.Exit(0) from error
        except (OpenclawError, KeyboardInterrupt, Stopped) as error:
            raise typer.Exit(report_error(_env_of(ctx), error)) from error
        except Exception as error:  # the last line of defence
            if type(error).__module__.startswith("typer"):
                raise
            raise typer.Exit(report_error(_env_of(ctx), error)) from error


def _env_of(ctx: Any) -> Environment:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Environment) else Environment()


def _version_callback(ctx: typer.Context, value: bool) -> None:
    if value:
        env = _env_of(ctx)
        env.stdout.write(f"openclaw {__version__}\n")
        env.stdout.flush()
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
        '  echo "Summarise this" | openclaw chat\n'
        '  openclaw infer image generate --prompt "a lighthouse at dusk" --output light.png\n\n'
        "Run 'openclaw COMMAND --help' for a command's options and examples.\n\n"
        + exit_codes_help()
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


def _family(name: str, *extensions: str) -> Registrar:
    """Registers command family ``name`` on an app, importing its module only then.

    Each extension module adds its subcommands to the family's ``app`` (``extend``):
    command modules never import each other, so the wiring joins them.
    """

    def register(target: typer.Typer) -> None:
        module = importlib.import_module(f"openclaw_venice_cli.commands.{name}")
        for extension in extensions:
            importlib.import_module(f"openclaw_venice_cli.commands.{extension}").extend(
                module.app)
        module.register(target)

    return register


class InferGroup(LazyTyperGroup):
    """``openclaw infer``: each capability family is built only when it is used."""

    lazy_commands: ClassVar[Mapping[str, Registrar]] = {
        name: _family(f"infer_{name}")
        for name in ("model", "image", "audio", "tts", "embedding", "web")}


def _infer(name: str, *, hidden: bool = False) -> Registrar:
    """Registers the ``infer`` group (or its OpenClaw alias ``capability``)."""

    def register(target: typer.Typer) -> None:
        module = importlib.import_module("openclaw_venice_cli.commands.infer")
        module.register(target, InferGroup, name=name, hidden=hidden)

    return register


# Built only when used (lazy_group.py); listed by --help in this order.
OpenclawGroup.lazy_commands = {
    "onboard": _family("onboard"),
    "configure": _family("configure"),
    "chat": _family("chat"),
    "agent": _family("agent"),
    "models": _family("models", "model_lists"),
    "config": _family("config"),
    "completion": _family("completion"),
    "__complete": _family("complete"),
    "infer": _infer("infer"),
    "capability": _infer("capability", hidden=True),
}


@contextlib.contextmanager
def _stdio_of(env: Environment) -> Iterator[None]:
    """Route what Click itself writes (help texts) to ``env``'s streams for this run."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = env.stdout, env.stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _usage_error(env: Environment, error: Any) -> int:
    """Click's usage errors as one line, like ours: ``Error: …  (see '… --help')``."""
    from openclaw_venice_cli.sanitize import one_line

    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
        env.stderr.write(ctx.get_help() + "\n")  # a group run without a command: its help
        env.stderr.flush()
        return int(ExitStatus.USAGE)
    message = one_line(error.format_message())
    if message and message[-1] not in ".?!":
        message += "."
    hint = f" See '{ctx.command_path} --help'." if ctx is not None else ""
    env.stderr.write(f"Error: {message}{hint}\n")
    env.stderr.flush()
    return int(ExitStatus.USAGE)


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI with ``argv`` in ``env``; return the exit status (never raises).

    SIGTERM and SIGHUP unwind the run like Ctrl-C (``signals.stop_on_signals``); stdout
    is flushed before returning, so a write error is reported while it still can be."""
    from openclaw_venice_cli.signals import stop_on_signals

    if env is None:
        _hold_standard_fds()
        env = Environment()
    args = list(argv) if argv is not None else sys.argv[1:]
    if env.stdout_closed:
        return report_error(env, OutputError(
            "Could not write the output: stdout is closed (>&-); redirect it to /dev/null "
            "to discard it"))
    try:
        with stop_on_signals():
            code = _run(env, args)
            return _flush_stdout(env, code)
    except Stopped as stop:  # a signal between two steps above
        return report_error(env, stop)


def _hold_standard_fds() -> None:
    """Started with ``>&-``, ``<&-`` or ``2>&-``: put /dev/null on the closed fds 0-2, so
    no file or socket opened later lands there (a stray write would go into it)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.open(os.devnull, os.O_RDWR)  # the lowest free fd: this one


def _run(env: Environment, args: list[str]) -> int:
    try:
        with _stdio_of(env):
            result = app(args=args, prog_name="openclaw", obj=env, standalone_mode=False)
    except typer.Exit as exit_:
        return int(exit_.exit_code)
    except typer.Abort:
        return report_error(env, KeyboardInterrupt())
    except Exception as error:
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):
            return _usage_error(env, error)  # Click's UsageError and its kin
        return report_error(env, error)
    except (KeyboardInterrupt, Stopped) as error:
        return report_error(env, error)
    return result if isinstance(result, int) else 0


def _flush_stdout(env: Environment, code: int) -> int:
    """Flush what is still buffered; a failure to write it is the run's failure."""
    try:
        env.stdout.flush()
    except BrokenPipeError:
        silence_stdout(env)
    except (OSError, ValueError) as error:
        failed = report_error(env, error) if isinstance(error, OSError) else code
        return code or failed
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
