"""`openclaw completion`: scripts that load in bash (and zsh, fish when installed) and
complete commands, flags, choices and model names, the latter without the network.

The scripts run in real shells with the installed console script first on PATH; the
expected completions are written out by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openclaw_venice_cli.cli import app
from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun

BIN = Path(sys.executable).parent


def shell_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENCLAW_", "VENICE_"))}
    env.update(HOME=str(home), PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", **extra)
    return env


def bash(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


COMPLETE = """source <(openclaw completion --shell bash)
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
      _openclaw_complete; echo "${COMPREPLY[*]}"; }
"""


def test_the_bash_script_loads(isolated_home: Path) -> None:
    """The issue's own check."""
    result = bash("source <(openclaw completion --shell bash); complete -p openclaw",
                  shell_env(isolated_home))
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "complete -F _openclaw_complete openclaw\n", "")


@pytest.mark.parametrize(("words", "expected"), [
    ('openclaw ""', "onboard configure chat agent models config completion infer"),
    ("openclaw mo", "models"),
    ('openclaw models ""', "list set status aliases fallbacks"),
    ('openclaw models aliases ""', "list add remove"),
    ('openclaw models fallbacks c', "clear"),
    ("openclaw config v", "validate"),
    ("openclaw models status --p", "--plain --probe --probe-timeout"),
    ("openclaw chat --mo", "--model"),
    ('openclaw completion --shell ""', "bash zsh fish"),
    ('openclaw chat --web-search ""', "on auto off"),
    ('openclaw models list --privacy ""', "private anonymized"),
    ("openclaw chat -m venice/qwen3-4", "venice/qwen3-4b"),
    ('openclaw chat --model venice/qwen3-4b --sy', "--system"),
    ("openclaw models set venice/deepseek", "venice/deepseek-v3.2"),
    ('openclaw chat --system "be brief" --no', "--no-stream --no-venice-system-prompt "
                                                "--no-save"),
])
def test_bash_completes(isolated_home: Path, words: str, expected: str) -> None:
    result = bash(COMPLETE + f"t {words}", shell_env(isolated_home))
    assert (result.stdout, result.stderr) == (expected + "\n", "")


def put_config(home: Path, data: dict[str, Any]) -> None:
    path = home / ".openclaw" / "openclaw.json"
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_text(json.dumps(data))


def test_models_come_from_the_cache_and_config_never_the_network(
        cli: CliRun, emulator: VeniceEmulator, isolated_home: Path) -> None:
    row = next(m for m in emulator.models if m["id"] == "qwen3-4b")
    emulator.models.append({**row, "id": "brand-new-model"})
    env = {"VENICE_BASE_URL": emulator.base_url, "VENICE_API_KEY": TEST_KEY}
    assert cli("models", "list", "--refresh", env=env).code == 0  # the cache now has it
    put_config(isolated_home, {"agents": {"defaults": {"models": {
        "venice/qwen3-4b": {"alias": "small"}, "venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}}}}})
    emulator.requests.clear()
    result = bash(COMPLETE + 't openclaw chat --model ""',
                  shell_env(isolated_home, **env))
    offered = result.stdout.split()
    assert "venice/brand-new-model" in offered and "small" in offered
    assert "GLM" not in offered and "4.7" not in offered  # a spaced alias would split
    assert emulator.requests == []
    listed = cli("__complete", "models", "--spaces", env=env).stdout.splitlines()
    assert listed[:2] == ["small", "GLM 4.7"]
    assert "__complete" not in cli("--help").stdout


def _paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every visible command path of the CLI, walked here independently."""
    found = [path]
    commands = getattr(command, "commands", {})
    for name in list(commands):
        sub = commands[name]
        if not getattr(sub, "hidden", False):
            found += _paths(sub, (*path, name))
    return found


def test_every_command_is_in_the_script(cli: CliRun) -> None:
    import typer.main

    script = cli("completion", "--shell", "bash").stdout
    for path in _paths(typer.main.get_command(app)):
        assert f"        '{' '.join(path)}') echo '" in script, path


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_completes_in_zsh(isolated_home: Path, tmp_path: Path) -> None:
    import pexpect

    script = tmp_path / "_openclaw"
    script.write_text(subprocess.run([str(BIN / "openclaw"), "completion", "--shell", "zsh"],
                                     capture_output=True, text=True, check=True).stdout)
    child = pexpect.spawn("zsh", ["-f", "-i"], env={**shell_env(isolated_home), "TERM": "dumb"},
                          encoding="utf-8", timeout=30, dimensions=(40, 200))
    try:
        child.sendline(f"PS1='ready> '; source {script}")
        child.expect("ready> ")
        child.send("openclaw models ali\t")
        child.expect("openclaw models aliases ")
        child.send("\x15openclaw chat --model venice/qwen3-4\t")
        child.expect("venice/qwen3-4b")
    finally:
        child.close(force=True)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_the_fish_script_completes_in_fish(isolated_home: Path, tmp_path: Path) -> None:
    script = tmp_path / "openclaw.fish"
    script.write_text(subprocess.run([str(BIN / "openclaw"), "completion", "--shell", "fish"],
                                     capture_output=True, text=True, check=True).stdout)
    result = subprocess.run(
        ["fish", "-c", f"source {script}; complete -C'openclaw models aliases '; "
                       "complete -C'openclaw chat --model venice/qwen3-4'"],
        env=shell_env(isolated_home), capture_output=True, text=True, timeout=60, check=False)
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert names == ["add", "list", "remove", "venice/qwen3-4b"], result.stdout + result.stderr


def test_install_for_bash_adds_one_line_once(isolated_home: Path) -> None:
    env = shell_env(isolated_home)
    rc = isolated_home / ".bashrc"
    rc.write_text("export EDITOR=vi\n")
    for _ in range(2):
        result = subprocess.run([str(BIN / "openclaw"), "completion", "--shell", "bash",
                                 "--install", "--yes"], env=env, capture_output=True,
                                text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
    target = isolated_home / ".openclaw" / "completions" / "openclaw.bash"
    assert rc.read_text() == (f'export EDITOR=vi\n\n[ -f "{target}" ] && source "{target}"  '
                              "# openclaw shell completion\n")
    assert result.stdout == ("Installed: ~/.openclaw/completions/openclaw.bash\n"
                             "~/.bashrc already loads it; open a new shell.\n")
    loaded = bash("source ~/.bashrc; complete -p openclaw", env)
    assert loaded.stdout == "complete -F _openclaw_complete openclaw\n"


def test_install_asks_before_changing_a_profile(cli: CliRun, isolated_home: Path) -> None:
    result = cli("completion", "--shell", "zsh", "--install")  # no terminal, no --yes
    assert result.code == 2
    assert result.stderr == ("Error: --install changes ~/.zshrc; add --yes to confirm when "
                             "there is no terminal to ask.\n")
    assert not (isolated_home / ".zshrc").exists()
    assert not (isolated_home / ".openclaw").exists()


def test_install_for_fish_writes_its_completions_file(cli: CliRun, isolated_home: Path) -> None:
    result = cli("completion", "--shell", "fish", "--install")
    assert result.code == 0, result.output
    target = isolated_home / ".config" / "fish" / "completions" / "openclaw.fish"
    assert target.read_text() == cli("completion", "--shell", "fish").stdout


def test_write_state_writes_all_three(cli: CliRun, isolated_home: Path) -> None:
    result = cli("completion", "--write-state")
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    folder = isolated_home / ".openclaw" / "completions"
    assert sorted(p.name for p in folder.iterdir()) == [
        "openclaw.bash", "openclaw.fish", "openclaw.zsh"]


def test_the_shell_comes_from_shell_or_the_flag(cli: CliRun) -> None:
    assert cli("completion", env={"SHELL": "/usr/bin/zsh"}).stdout.startswith(
        "#compdef openclaw\n")
    unknown = cli("completion", env={"SHELL": "/bin/tcsh"})
    assert (unknown.code, unknown.stderr) == (
        2, "Error: Could not tell your shell from $SHELL; pass --shell bash, zsh or fish.\n")
    powershell = cli("completion", "--shell", "powershell")
    assert (powershell.code, powershell.stderr) == (
        2, 'Error: Unsupported shell "powershell". Choose bash, zsh or fish.\n')
