"""`openclaw completion`: a bash, zsh or fish completion script, and `--install`.

The script is generated from the real command tree (every command, subcommand, flag and
choice, hidden ones left out), so it never drifts from the CLI it ships with. Commands
and flags complete from tables inside the script, with no process started; model names
(after ``--model``, for ``models set`` …) come from ``openclaw __complete models``,
which reads the cached catalog, the config and the aliases, never the network. Nothing
here runs on an ordinary start-up: the family is built only for ``completion``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from openclaw_venice_cli.commands.context import get_env
from openclaw_venice_cli.errors import ExitStatus, exit_codes_help

if TYPE_CHECKING:
    from openclaw_venice_cli.environment import Environment

SHELLS = ("bash", "zsh", "fish")
# Positional arguments that name a model (the options named `model` are found by name).
MODEL_ARGUMENTS = frozenset({("models", "set"), ("models", "fallbacks", "add"),
                             ("models", "fallbacks", "remove"), ("models", "aliases", "add")})
MARK = "# openclaw shell completion"
HELP = f"""Print a shell completion script for openclaw (bash, zsh or fish).

It completes commands, subcommands, flags and their choices, and model names and
aliases from the local catalog and config (no network). Load it in the current shell,
or --install it: the script goes to $OPENCLAW_STATE_DIR/completions (~/.openclaw) and
one line sourcing it to ~/.bashrc or ~/.zshrc (fish: ~/.config/fish/completions).
Re-run --install after upgrading openclaw.

Examples:

\b
  source <(openclaw completion --shell bash)
  openclaw completion --shell zsh > "${{fpath[1]}}/_openclaw"
  openclaw completion --shell fish | source
  openclaw completion --install --yes

{exit_codes_help((ExitStatus.OK, ExitStatus.ERROR, ExitStatus.USAGE))}
"""


class Option(NamedTuple):
    names: tuple[str, ...]
    value: str  # "" (a flag), "models", "files" or the space-separated choices
    help: str


class Node(NamedTuple):
    path: tuple[str, ...]
    commands: list[tuple[str, str]]  # (name, short help)
    options: list[Option]
    model_args: bool


def _option(param: Any) -> Option:
    names = tuple(param.opts) + tuple(getattr(param, "secondary_opts", ()))
    choices = [str(getattr(c, "value", c)) for c in getattr(param.type, "choices", None) or ()]
    metavar = param.metavar or ""
    if not choices and "|" in metavar and all(w.isalnum() for w in metavar.split("|")):
        choices = metavar.split("|")  # e.g. --web-search on|auto|off
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        value = ""
    elif param.name == "model":
        value = "models"
    else:
        value = " ".join(choices) or "files"
    return Option(names, value, " ".join((param.help or "").split())[:80])


def command_tree(root: Any) -> Iterator[Node]:
    """Every visible command of the CLI (built now), depth first."""
    def walk(command: Any, path: tuple[str, ...]) -> Iterator[Node]:
        ctx = typer.Context(command)
        subs: list[tuple[str, Any]] = []
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not getattr(sub, "hidden", False):
                    subs.append((name, sub))
        options = [_option(p) for p in command.params
                   if getattr(p, "param_type_name", "") == "option"
                   and not getattr(p, "hidden", False)]
        options.append(Option(("--help", "-h"), "", "Show the help and exit."))
        yield Node(path, [(name, sub.get_short_help_str(70)) for name, sub in subs], options,
                   path in MODEL_ARGUMENTS)
        for name, sub in subs:
            yield from walk(sub, (*path, name))

    return walk(root, ())


# -- bash and zsh ---------------------------------------------------------------------------
def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _case(entries: list[tuple[str, str]]) -> str:
    """The arms of a shell ``case``: ``'pattern') echo 'words' ;;``."""
    return "\n".join(f"        {pattern}) echo {_quote(words)} ;;" for pattern, words in entries)


def bash_script(nodes: list[Node]) -> str:
    """One script for bash (zsh runs it through bashcompinit: no variable may be called
    ``path``, which zsh ties to ``PATH``)."""
    commands, flags, values = [], [], []
    for node in nodes:
        key = _quote(" ".join(node.path))
        if node.commands:
            commands.append((key, " ".join(name for name, _ in node.commands)))
        flags.append((key, " ".join(name for option in node.options for name in option.names)))
        values += [("|".join(_quote(f"{' '.join(node.path)}|{name}") for name in option.names),
                    option.value) for option in node.options if option.value]
    model_paths = "|".join(_quote(" ".join(n.path)) for n in nodes if n.model_args) or "''"
    models = '$("${COMP_WORDS[0]}" __complete models 2>/dev/null)'
    return f"""{MARK} for bash (generated by `openclaw completion --shell bash`)
_openclaw_commands() {{
    case "$1" in
{_case(commands)}
    esac
}}
_openclaw_flags() {{
    case "$1" in
{_case(flags)}
    esac
}}
_openclaw_value() {{
    case "$1|$2" in
{_case(values)}
    esac
}}
_openclaw_complete() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local at="" next w i skip="" value
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${{COMP_WORDS[i]}}"
        if [[ -n "$skip" ]]; then skip=""; continue; fi
        if [[ "$w" == -* ]]; then
            if [[ "$w" != *=* && -n "$(_openclaw_value "$at" "$w")" ]]; then skip=1; fi
            continue
        fi
        next="${{at:+$at }}$w"
        if [[ -n "$(_openclaw_flags "$next")" ]]; then at="$next"; fi
    done
    COMPREPLY=()
    value="$(_openclaw_value "$at" "$prev")"
    if [[ "$prev" == -* && -n "$value" ]]; then
        case "$value" in
            models) COMPREPLY=($(compgen -W "{models}" -- "$cur")) ;;
            files) COMPREPLY=($(compgen -f -- "$cur")) ;;
            *) COMPREPLY=($(compgen -W "$value" -- "$cur")) ;;
        esac
    elif [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_openclaw_flags "$at")" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$(_openclaw_commands "$at")" -- "$cur"))
        case "$at" in
            {model_paths}) COMPREPLY+=($(compgen -W "{models}" -- "$cur")) ;;
        esac
    fi
    return 0
}}
complete -F _openclaw_complete openclaw
"""


def zsh_script(nodes: list[Node]) -> str:
    body = bash_script(nodes).split("\n", 1)[1]
    return (f"#compdef openclaw\n{MARK} for zsh (generated by `openclaw completion --shell "
            "zsh`)\nautoload -U +X compinit && { (( $+functions[compdef] )) || compinit; }\n"
            f"autoload -U +X bashcompinit && bashcompinit\n{body}")


# -- fish ------------------------------------------------------------------------------------
def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(nodes: list[Node]) -> str:
    groups = " ".join(_fish_quote(" ".join(n.path)) for n in nodes if n.path)
    valued = " ".join(_fish_quote(f"{' '.join(n.path)}|{name}") for n in nodes
                      for o in n.options if o.value for name in o.names)
    lines = [f"{MARK} for fish (generated by `openclaw completion --shell fish`)",
             f"set -g __openclaw_paths {groups}",
             f"set -g __openclaw_valued {valued}",
             "function __openclaw_path",
             "    set -l path ''",
             "    set -l skip 0",
             "    for w in (commandline -opc)[2..-1]",
             "        if test $skip = 1; set skip 0; continue; end",
             "        if string match -q -- '-*' $w",
             "            contains -- \"$path|$w\" $__openclaw_valued; and set skip 1",
             "            continue",
             "        end",
             "        set -l next (string trim -- \"$path $w\")",
             "        contains -- $next $__openclaw_paths; and set path $next",
             "    end",
             "    echo $path",
             "end",
             "function __openclaw_at; test (__openclaw_path) = \"$argv[1]\"; end",
             "function __openclaw_models",
             "    command openclaw __complete models --spaces 2>/dev/null",
             "end",
             "complete -c openclaw -f"]
    for node in nodes:
        at = f"-n {_fish_quote('__openclaw_at ' + _fish_quote(' '.join(node.path)))}"
        for name, text in node.commands:
            lines.append(f"complete -c openclaw {at} -a {_fish_quote(name)} -d "
                         f"{_fish_quote(text)}")
        if node.model_args:
            lines.append(f"complete -c openclaw {at} -a '(__openclaw_models)'")
        for option in node.options:
            flags = " ".join(f"-l {n[2:]}" if n.startswith("--") else f"-s {n[1:]}"
                             for n in option.names)
            extra = {"": "", "models": " -x -a '(__openclaw_models)'", "files": " -r -F"}.get(
                option.value, f" -x -a {_fish_quote(option.value)}")
            lines.append(f"complete -c openclaw {at} {flags}{extra} -d "
                         f"{_fish_quote(option.help)}")
    return "\n".join(lines) + "\n"


RENDER = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}


def script_for(ctx: typer.Context, shell: str) -> str:
    return RENDER[shell](list(command_tree(ctx.find_root().command)))


# -- the command ------------------------------------------------------------------------------
def _detect(env: Environment) -> str:
    from openclaw_venice_cli.errors import UsageError

    name = os.path.basename(env.get("SHELL") or "")
    if name in SHELLS:
        return name
    raise UsageError("Could not tell your shell from $SHELL; pass --shell bash, zsh or fish.")


def _install(env: Environment, shell: str, script: str, yes: bool) -> None:
    from openclaw_venice_cli import privatefile
    from openclaw_venice_cli.errors import OpenclawError, UsageError

    if shell == "fish":
        config_home = env.get("XDG_CONFIG_HOME")
        base = env.expand(config_home) if config_home else env.home / ".config"
        target = base / "fish" / "completions" / "openclaw.fish"
        profile = None
    else:
        target = env.state_dir / "completions" / f"openclaw.{shell}"
        profile = env.home / (".bashrc" if shell == "bash" else ".zshrc")
    line = f'[ -f "{target}" ] && source "{target}"  {MARK}\n'
    present = profile is not None and profile.is_file() and MARK in profile.read_text(
        encoding="utf-8", errors="replace")
    if profile is not None and not present and not yes:
        if not (env.stdin_isatty and env.stderr_isatty):
            raise UsageError(f"--install changes {env.display_path(profile)}; add --yes to "
                             "confirm when there is no terminal to ask.")
        from openclaw_venice_cli.onboarding.prompts import Prompter

        if not Prompter(env).confirm(f"Add a line to {env.display_path(profile)}?", True):
            raise OpenclawError("Not installed; nothing was changed.")
    try:
        privatefile.ensure_private_dir(target.parent, tighten=False)
        privatefile.write_private_file(target, script.encode("utf-8"))
        if profile is not None and not present:
            with profile.open("a", encoding="utf-8") as handle:
                handle.write(("\n" if profile.is_file() and profile.stat().st_size else "")
                             + line)
    except OSError as error:
        raise OpenclawError(f"Could not install the completion: {error.strerror or error}") \
            from error
    env.stdout.write(f"Installed: {env.display_path(target)}\n")
    if profile is not None:
        state = "already loads it" if present else "now loads it"
        env.stdout.write(f"{env.display_path(profile)} {state}; open a new shell.\n")


def _write_state(env: Environment, ctx: typer.Context) -> None:
    from openclaw_venice_cli import privatefile
    from openclaw_venice_cli.errors import OpenclawError

    directory = env.state_dir / "completions"
    try:
        privatefile.ensure_private_dir(directory, tighten=False)
        for shell in SHELLS:
            privatefile.write_private_file(directory / f"openclaw.{shell}",
                                           script_for(ctx, shell).encode("utf-8"))
    except OSError as error:
        raise OpenclawError(f"Could not write {directory}: {error.strerror or error}") \
            from error


def completion(
    ctx: typer.Context,
    shell: Annotated[str | None, typer.Option(
        "--shell", "-s", metavar="bash|zsh|fish",
        help="The shell (default: the one $SHELL names).")] = None,
    install: Annotated[bool, typer.Option(
        "--install", "-i", help="Write the script and load it from your shell profile.")] = False,
    write_state: Annotated[bool, typer.Option(
        "--write-state", help="Write the scripts of all shells to "
        "$OPENCLAW_STATE_DIR/completions; print nothing.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Change the shell profile without asking.")] = False,
) -> None:
    """Print a shell completion script."""
    from openclaw_venice_cli.errors import UsageError

    env = get_env(ctx)
    if shell is not None and shell not in SHELLS:
        raise UsageError(f'Unsupported shell "{shell}". Choose bash, zsh or fish.')
    if write_state:
        _write_state(env, ctx)
        return
    chosen = shell or _detect(env)
    script = script_for(ctx, chosen)
    if install:
        _install(env, chosen, script, yes)
        return
    env.stdout.write(script)
    env.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the `completion` command to the root app."""
    app.command("completion", help=HELP, short_help="Print a shell completion script.")(
        completion)
