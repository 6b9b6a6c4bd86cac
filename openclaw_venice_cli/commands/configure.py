"""`openclaw configure`: a menu for the Venice key and the default model (needs a terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from openclaw_venice_cli.commands.context import get_env

if TYPE_CHECKING:
    from openclaw_venice_cli.environment import Environment
    from openclaw_venice_cli.onboarding.prompts import Prompter

# OpenClaw's CONFIGURE_WIZARD_SECTIONS; only "model" exists in this Venice CLI.
SECTIONS = ("workspace", "model", "web", "gateway", "daemon", "channels", "plugins",
            "skills", "health")
HELP = """Change the Venice AI key and the default model, from a menu.

Model/auth runs the onboarding steps (key, key check, storage, default model); Default
model only picks the model. Each finished step is written at once, with a backup;
Ctrl-C leaves unfinished changes unwritten.

Examples:

\b
  openclaw configure                  # menu: Model/auth, Default model, Done
  openclaw configure --section model  # straight to Model/auth -> Venice AI

Needs a terminal; in scripts use `openclaw onboard --non-interactive` and
`openclaw models set venice/<id>`.
"""


def _model_auth(env: Environment, prompter: Prompter) -> None:
    """Model/auth -> Venice AI: the onboarding key and model steps, then one write."""
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.onboarding.choices import Choice
    from openclaw_venice_cli.onboarding.flow import (
        PROVIDER_LABEL,
        SetupOptions,
        report_setup,
        run_interactive_setup,
        write_setup,
    )

    provider = prompter.select("Model/auth provider", [
        Choice("venice", PROVIDER_LABEL), Choice("skip", "Skip for now")])
    if provider.value == "skip":
        return
    plan, _check = run_interactive_setup(env, prompter, load_config(env), SetupOptions())
    result, outcome = write_setup(env, plan)
    report_setup(env, env.stdout, result, outcome)


def _default_model(env: Environment, prompter: Prompter) -> None:
    """Default model: the picker only, then one write of the primary."""
    from typing import Any

    from openclaw_venice_cli.catalog.loader import load_catalog
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.config.writer import print_write_result, update_config
    from openclaw_venice_cli.onboarding.flow import describe_catalog, pick_model
    from openclaw_venice_cli.onboarding.plan import set_primary

    config = load_config(env)
    catalog = load_catalog(env, config)
    prompter.say(describe_catalog(catalog))
    ref = pick_model(prompter, catalog, config.default_model_ref())

    def mutate(raw: dict[str, Any]) -> None:
        set_primary(raw, ref)

    print_write_result(env, update_config(env, mutate))
    prompter.say(f"Default model: {ref}")


def configure(
    ctx: typer.Context,
    section: list[str] = typer.Option(  # noqa: B008 - Typer's idiom
        [], "--section", metavar="SECTION",
        help="Go straight to a section (repeatable). Supported here: model."),
) -> None:
    """Change the Venice AI key and the default model."""
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.errors import Interrupted, UsageError
    from openclaw_venice_cli.onboarding.choices import Choice
    from openclaw_venice_cli.onboarding.prompts import Prompter

    env = get_env(ctx)
    unknown = [s for s in section if s not in SECTIONS]
    if unknown:
        raise UsageError(f'Unknown --section "{unknown[0]}". Sections: '
                         + ", ".join(SECTIONS) + ".")
    prompter = Prompter(env)
    if not prompter.interactive:
        raise UsageError("openclaw configure needs a terminal. In scripts use "
                         "`openclaw onboard --non-interactive` or `openclaw models set`.")
    load_config(env)  # a broken config stops us before any question (exit 3)
    try:
        if section:
            for name in dict.fromkeys(section):
                if name != "model":
                    env.note(f'Section "{name}" is not part of this Venice CLI; only "model" '
                             "is supported here. Skipping it.")
            if "model" in section:
                _model_auth(env, prompter)
            return
        while True:
            current = load_config(env).default_model_ref()
            picked = prompter.select("What do you want to configure?", [
                Choice("model", "Model/auth", "Venice AI key and default model"),
                Choice("default-model", "Default model", f"now {current}"),
                Choice("done", "Done"),
            ])
            if picked.value == "done":
                return
            if picked.value == "model":
                _model_auth(env, prompter)
            else:
                _default_model(env, prompter)
    except (Interrupted, KeyboardInterrupt) as error:
        raise Interrupted("Cancelled; unfinished changes were not written.") from error


def register(app: typer.Typer) -> None:
    """Add the `configure` command to the root app."""
    app.command("configure", help=HELP, short_help="Change the Venice key and default model.")(
        configure)
