"""`openclaw onboard`: set up Venice interactively, or non-interactively for scripts/CI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import ExitStatus, exit_codes_help

if TYPE_CHECKING:
    from openclaw_venice_cli.environment import Environment

AUTH_CHOICES = {"venice-api-key": "Venice AI API key", "skip": "Skip for now"}
SECRET_MODES = ("plaintext", "ref")
MISSING_KEY = (
    "Missing --venice-api-key (or VENICE_API_KEY in env, or an existing key in the config). "
    "Export VENICE_API_KEY, pass --venice-api-key, or run openclaw onboard for interactive "
    "setup."
)
_CODES = (ExitStatus.OK, ExitStatus.ERROR, ExitStatus.USAGE, ExitStatus.CONFIG, ExitStatus.AUTH,
          ExitStatus.INTERRUPTED)
_CODE_NOTES = {ExitStatus.ERROR: "no key", ExitStatus.USAGE: "or no terminal",
               ExitStatus.AUTH: "config untouched", ExitStatus.INTERRUPTED: "config untouched"}
HELP = f"""Set up the Venice AI provider: API key, live key check, default model.

On a terminal it asks: use the exported key or type one (hidden), check it with Venice
(free), store it in the config or keep it in the environment, pick the default model.
Everything is written at the end, in one go; Ctrl-C leaves the config untouched.
With --non-interactive it never prompts: the key comes from --venice-api-key (- reads
it from stdin) or --venice-api-key-file, else VENICE_API_KEY, else the existing config.
Keep keys off the command line: other local users can read it while openclaw runs.
--accept-risk is accepted for OpenClaw compatibility but not required.

Examples:

\b
  openclaw onboard --auth-choice venice-api-key
  printf %s "$VENICE_API_KEY" | openclaw onboard --non-interactive \\
    --auth-choice venice-api-key --venice-api-key -
  openclaw onboard --non-interactive --venice-api-key-file ~/.config/venice.key
  openclaw onboard --non-interactive --secret-input-mode ref --model venice/qwen3-4b
  openclaw onboard --non-interactive --skip-health --json

{exit_codes_help(_CODES, _CODE_NOTES)}
"""


class OnboardOptions(NamedTuple):
    """The flags that matter (the rest are accepted for compatibility and ignored)."""

    auth_choice: str | None
    key: str | None
    non_interactive: bool
    skip_health: bool
    json: bool
    secret_mode: str | None
    model: str | None
    key_file: str | None = None


def _validate(opts: OnboardOptions) -> None:
    from openclaw_venice_cli.errors import UsageError

    if opts.auth_choice is not None and opts.auth_choice not in AUTH_CHOICES:
        raise UsageError(f'Unknown --auth-choice "{opts.auth_choice}". Supported choices: '
                         + ", ".join(AUTH_CHOICES) + ".")
    if opts.secret_mode is not None and opts.secret_mode not in SECRET_MODES:
        raise UsageError(f'Invalid --secret-input-mode "{opts.secret_mode}". '
                         "Use plaintext or ref.")
    if opts.json and not opts.non_interactive:
        raise UsageError("--json needs --non-interactive (stdout is the conversation "
                         "in interactive mode).")


def _checked_model(env: Environment, text: str | None) -> str | None:
    """``--model`` as ``venice/<id>``; warn (stderr) when the local catalog lacks it."""
    if text is None:
        return None
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.onboarding.flow import venice_model_ref

    ref = venice_model_ref(text)
    catalog = load_catalog(env, load_config(env), network=False)
    if find_model(catalog, ref.split("/", 1)[1]) is None:
        env.note(f'Warning: Model "{ref}" is not in the local model catalog for provider '
                 '"venice". It is set anyway; check the id with `openclaw models list`.')
    return ref


# -- non-interactive ----------------------------------------------------------------------
def _resolve_key(env: Environment, opts: OnboardOptions) -> tuple[str, str]:
    """``--venice-api-key`` (``-``: stdin) or ``--venice-api-key-file`` > VENICE_API_KEY >
    the config; none -> exit 1."""
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.errors import OpenclawError
    from openclaw_venice_cli.onboarding.keysource import key_from_flags

    given = key_from_flags(env, opts.key, opts.key_file)
    if given is not None:
        return given
    from_env = env.get("VENICE_API_KEY")
    if from_env:
        return from_env.strip(), "env"
    info = load_config(env).venice_key()
    if info is not None:  # the config, ~/.openclaw/.env or OpenClaw's own store
        from openclaw_venice_cli.onboarding.flow import key_origin

        return info.value, key_origin(info.source)
    raise OpenclawError(MISSING_KEY)


def _non_interactive(env: Environment, opts: OnboardOptions) -> dict[str, Any]:
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.errors import AuthError
    from openclaw_venice_cli.keys import mask_key, register_secret
    from openclaw_venice_cli.onboarding.flow import (
        KEPT_ELSEWHERE,
        SKIPPED,
        check_key,
        env_shadow_note,
        report_setup,
        venice_base_url,
        write_setup,
    )
    from openclaw_venice_cli.onboarding.plan import SetupPlan

    out = env.stderr if opts.json else env.stdout
    summary: dict[str, Any] = {"ok": True, "authChoice": opts.auth_choice or "venice-api-key"}
    if opts.auth_choice == "skip":
        out.write("Skipped auth setup; the config was not changed.\n")
        return {**summary, "changed": False, "config": str(env.config_path)}
    key, source = _resolve_key(env, opts)
    register_secret(key)
    model_ref = _checked_model(env, opts.model)
    config = load_config(env)
    out.write(f"Venice AI key: {mask_key(key)} (from {source})\n")
    check = SKIPPED
    if not opts.skip_health:
        check = check_key(env, venice_base_url(config), key)
    out.write(check.message + "\n")
    out.flush()
    if check.status == "rejected":
        raise AuthError(check.message.rstrip(".") + ". The config was not changed; pass "
                        "--skip-health to store the key without checking it.", status=401)
    store = opts.secret_mode == "plaintext" or (
        opts.secret_mode is None and source not in KEPT_ELSEWHERE)
    result, outcome = write_setup(env, SetupPlan(key if store else None, store, model_ref))
    report_setup(env, out, result, outcome)
    shadowed = env_shadow_note(env, key) if store else None
    if shadowed:
        env.note(shadowed)
    info = config.venice_key()
    if source in KEPT_ELSEWHERE and not store and info is not None:
        env.note(f"Note: the key stays where it is ({info.source}); openclaw reads it "
                 "from there.")
    elif not store and env.get("VENICE_API_KEY") is None:
        env.note("Note: no key is stored (--secret-input-mode ref); export VENICE_API_KEY "
                 "before using openclaw.")
    return {**summary, "model": outcome.primary, "keySource": source, "keyStored": store,
            "keyCheck": check.status, "config": str(result.path), "changed": result.changed,
            "skipHealth": opts.skip_health}


def _json_failure(env: Environment, message: str) -> None:
    import json

    from openclaw_venice_cli.keys import redact_text

    body = {"ok": False, "error": {"type": "cli_error",
                                   "message": redact_text(message, env.environ)}}
    env.stdout.write(json.dumps(body) + "\n")
    env.stdout.flush()


# -- interactive ----------------------------------------------------------------------------
def _interactive(env: Environment, opts: OnboardOptions) -> None:
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.errors import Interrupted, UsageError
    from openclaw_venice_cli.onboarding.choices import Choice
    from openclaw_venice_cli.onboarding.flow import (
        SetupOptions,
        report_setup,
        run_interactive_setup,
        write_setup,
    )
    from openclaw_venice_cli.onboarding.prompts import Prompter

    prompter = Prompter(env)
    if not prompter.interactive:
        raise UsageError("openclaw onboard needs a terminal to ask questions. In scripts use "
                         "--non-interactive (with --venice-api-key or VENICE_API_KEY).")
    config = load_config(env)  # a broken config stops us before any question (exit 3)
    try:
        choice = opts.auth_choice
        if choice is None:
            choice = prompter.select("Model/auth provider", [
                Choice("venice-api-key", AUTH_CHOICES["venice-api-key"],
                       "Privacy-focused (uncensored models)"),
                Choice("skip", AUTH_CHOICES["skip"]),
            ]).value
        if choice == "skip":
            prompter.say("Skipped auth setup; the config was not changed.")
            return
        model_ref = _checked_model(env, opts.model)
        from openclaw_venice_cli.onboarding.keysource import key_from_flags

        ask = opts.key is not None and opts.key.strip() == "-" and env.stdin_isatty
        given = None if ask else key_from_flags(env, opts.key, opts.key_file)
        setup = SetupOptions(given[0] if given else None, model_ref,
                             opts.secret_mode, opts.skip_health)
        plan, _check = run_interactive_setup(env, prompter, config, setup)
    except (Interrupted, KeyboardInterrupt) as error:
        raise Interrupted("Cancelled; the config was not changed.") from error
    result, outcome = write_setup(env, plan)
    report_setup(env, env.stdout, result, outcome)
    prompter.say(f'Try it: openclaw chat --model {outcome.primary} "Hello, are you working?"')


def onboard(
    ctx: typer.Context,
    auth_choice: str | None = typer.Option(
        None, "--auth-choice", metavar="CHOICE", help="Auth: venice-api-key|skip."),
    venice_api_key: str | None = typer.Option(
        None, "--venice-api-key", metavar="KEY",
        help="Venice API key; - reads it from stdin. A key typed here is visible to "
             "other local users (ps): prefer - or --venice-api-key-file."),
    venice_api_key_file: str | None = typer.Option(
        None, "--venice-api-key-file", metavar="PATH",
        help="Read the Venice API key from this file (its first line)."),
    non_interactive: bool = typer.Option(
        False, "--non-interactive", help="Run without prompts (scripts, CI)."),
    accept_risk: bool = typer.Option(
        False, "--accept-risk", help="Accepted for OpenClaw compatibility; not required."),
    skip_health: bool = typer.Option(
        False, "--skip-health", help="Skip the live key check (no network)."),
    json_output: bool = typer.Option(
        False, "--json", help="Print one JSON summary on stdout (progress on stderr)."),
    secret_input_mode: str | None = typer.Option(
        None, "--secret-input-mode", metavar="MODE",
        help="plaintext (store the key in the config, default) or ref (store only "
             "${VENICE_API_KEY})."),
    model: str | None = typer.Option(
        None, "--model", metavar="MODEL", help="Default model, e.g. venice/llama-3.3-70b."),
    workspace: str | None = typer.Option(None, "--workspace", metavar="DIR", hidden=True),
    flow: str | None = typer.Option(None, "--flow", hidden=True),
    mode: str | None = typer.Option(None, "--mode", hidden=True),
    skip_channels: bool = typer.Option(False, "--skip-channels", hidden=True),
    skip_daemon: bool = typer.Option(False, "--skip-daemon", hidden=True),
    install_daemon: bool | None = typer.Option(
        None, "--install-daemon/--no-install-daemon", hidden=True),
    skip_skills: bool = typer.Option(False, "--skip-skills", hidden=True),
    skip_ui: bool = typer.Option(False, "--skip-ui", hidden=True),
) -> None:
    """Set up Venice AI (see the examples above)."""
    from openclaw_venice_cli.errors import OpenclawError

    env = get_env(ctx)
    opts = OnboardOptions(auth_choice, venice_api_key, non_interactive, skip_health,
                          json_output, secret_input_mode, model, venice_api_key_file)
    if not non_interactive:
        _validate(opts)
        _interactive(env, opts)
        return
    try:
        _validate(opts)
        summary = _non_interactive(env, opts)
    except OpenclawError as error:
        if json_output:
            _json_failure(env, str(error))
        raise
    if json_output:
        import json

        env.stdout.write(json.dumps(summary) + "\n")
        env.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the `onboard` command to the root app."""
    app.command("onboard", help=HELP, short_help="Set up Venice AI (key, default model).")(
        onboard)
