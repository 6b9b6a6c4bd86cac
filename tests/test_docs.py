"""The docs are executable: every documented `openclaw` command runs and exits as documented.

Each `openclaw` line of a shell block in docs/**/*.md and README.md (see
``tests/docs_commands.py``) is one test, id ``<file>:<line>``, with the loopback emulator
as Venice (``VENICE_BASE_URL``, ``VENICE_API_KEY=TEST_KEY``). A plain `openclaw …` line
(``VAR=value`` prefixes at most) runs in-process through ``cli.main`` with the same argv
and variables; anything else (pipes, redirections, ``$VAR``) runs through ``bash -c`` with
``set -o pipefail`` and the installed ``openclaw`` console script first on PATH.

State: each doc FILE gets one home directory and one working directory, shared by its
commands in document order (so `onboard` then `chat`, or `config set` then `config get`,
works like for a reader going down the page). Under pytest-xdist these tests run on one
worker (tests/conftest.py), so the commands run in that order. ``export`` lines apply
to the rest of their own block only. The emulator is reset for every command.

Rewrites and fixtures, so the docs can stay honest:
- ``http://127.0.0.1:8080/v1`` / ``http://localhost:8080/v1`` (the documented local server,
  ``# requires: local server``) becomes the emulator's base URL; the emulator then also
  serves ``smollm2-135m`` and accepts the local server's key ``local-secret``.
- the docs' placeholder key ``VENICE_INFERENCE_KEY_xxxxxxxx`` stays unknown to the
  emulator: the docs use it to show a rejected key (``# exit: 4``).
- a file read with ``cat FILE`` is created in the working directory.

Markers (trailing comment): ``# exit: N`` expects status N (else 0), and then one
``Error: …`` line on stderr; ``# interactive`` runs the command in a pseudo-terminal, waits
for its first prompt, presses Ctrl-C (then Ctrl-D if it is still asking) and expects a
clean end (0 or 130) with the config untouched. No output may contain a traceback or the
full test key.

The second half checks `--help`: every command has a description, examples (whose flags
exist) and help for every option; every flag the docs show with a command is in that
command's help, and every option in a help is documented somewhere in docs/.
"""

from __future__ import annotations

import copy
import functools
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import typer

from openclaw_venice_cli.cli import app
from openclaw_venice_cli.errors import ExitStatus
from tests.docs_commands import (
    DocCommand,
    all_commands,
    command_word,
    doc_files,
    openclaw_mentions,
    simple_commands,
    split_stages,
    unsupported_stages,
)
from tests.helpers import TEST_KEY, CliRun, Result

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COMMANDS = all_commands(ROOT)
LOCAL_URLS = ("http://127.0.0.1:8080/v1", "http://localhost:8080/v1")
LOCAL_KEY = "local-secret"
LOCAL_MODEL = "smollm2-135m"
PROMPTS = [r"> ", r"\[[Yy]/[Nn]\]", r"\? [^\r\n]*: "]
Workspace = Callable[[str], tuple[Path, Path]]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """``workspace(doc) -> (home, cwd)``: one pair per doc file for the whole module."""
    made: dict[str, tuple[Path, Path]] = {}

    def get(doc: str) -> tuple[Path, Path]:
        if doc not in made:
            base = tmp_path_factory.mktemp(re.sub(r"\W+", "-", doc))
            made[doc] = (base / "home", base / "work")
            for directory in made[doc]:
                directory.mkdir()
        return made[doc]

    return get


def _local_server(emulator: Any) -> None:
    """Let the emulator stand in for the documented llama.cpp server too."""
    emulator.keys.add(LOCAL_KEY)
    row = copy.deepcopy(next(m for m in emulator.models if m["id"] == "llama-3.3-70b"))
    row["id"], row["model_spec"]["name"] = LOCAL_MODEL, "SmolLM2 135M Instruct"
    emulator.models.append(row)


def _rewrite(text: str, base_url: str) -> str:
    for url in LOCAL_URLS:
        text = text.replace(url, base_url)
    return text


def _env(home: Path, base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENCLAW_", "VENICE_"))}
    env.update(
        HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CONFIG_HOME=str(home / ".config"),
        NO_PROXY="127.0.0.1,localhost", PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        VENICE_BASE_URL=base_url, VENICE_API_KEY=TEST_KEY, COLUMNS="120",
    )
    return env


def _script(command: DocCommand, base_url: str) -> str:
    lines = ["set -o pipefail", *command.exports, command.command]
    return "\n".join(_rewrite(line, base_url) for line in lines) + "\n"


def _create_read_files(command: DocCommand, cwd: Path) -> None:
    """Inputs a documented command reads: ``cat FILE`` and ``--file FILE`` (an image or an
    audio file by its extension), created when an earlier command did not make them."""
    from tests.infer_support import PNG, WAV

    for stage in split_stages(command.command):
        words = stage.split()
        if command_word(stage) == "cat":
            for name in words[1:]:
                path = cwd / name.strip("'\"")
                if not path.exists():
                    path.write_text("# Notes\n\n- Ship the docs test.\n- Review the help.\n")
        for flag, name in itertools.pairwise(words):
            path = cwd / name.strip("'\"")
            if flag == "--file" and "://" not in name and not path.exists():
                audio = path.suffix.lower() in (".wav", ".mp3", ".m4a", ".ogg", ".flac")
                path.write_bytes(WAV if audio else PNG)


def _check_clean(output: str) -> None:
    assert "Traceback" not in output, output
    assert TEST_KEY not in output, "the full API key was printed"


def _run_interactive(script: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    child = pexpect.spawn("bash", ["-c", script], env=env, cwd=str(cwd), encoding="utf-8",
                          codec_errors="replace", timeout=30, dimensions=(40, 120))
    try:
        child.expect(PROMPTS)
        transcript = child.before + child.after
        child.sendintr()
        for _ in range(3):
            index = child.expect([pexpect.EOF, *PROMPTS])
            transcript += child.before + (child.after if index else "")
            if index == 0:
                break
            child.sendeof()
        else:
            pytest.fail(f"still asking after Ctrl-C and Ctrl-D:\n{transcript}")
    finally:
        child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    return int(child.exitstatus), transcript


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
def test_documented_command_runs_as_documented(
    command: DocCommand, workspace: Workspace, emulator: Any, cli: CliRun,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not unsupported_stages(command.command), (
        f"{command.id}: the docs test can only run openclaw and simple text helpers; "
        f"mark or rewrite: {command.command}")
    _local_server(emulator)
    home, cwd = workspace(command.path)
    _create_read_files(command, cwd)
    env, script = _env(home, emulator.base_url), _script(command, emulator.base_url)
    if command.interactive:
        config = home / ".openclaw" / "openclaw.json"
        before = config.read_bytes() if config.exists() else None
        status, output = _run_interactive(script, env, cwd)
        _check_clean(output)
        assert status in (0, 130), f"{command.id} ended with {status}:\n{output}"
        after = config.read_bytes() if config.exists() else None
        assert after == before, f"{command.id}: Ctrl-C changed the config"
        return
    calls = simple_commands(command)
    if calls is not None:  # plain `openclaw …` calls: in-process, the same argv and variables
        monkeypatch.chdir(cwd)
        for variables, argv in calls:
            result = cli(*(_rewrite(word, emulator.base_url) for word in argv),
                         env={**env, **{k: _rewrite(v, emulator.base_url)
                                        for k, v in variables.items()}})
            if result.code:
                break
    else:
        proc = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)
        result = Result(proc.returncode, proc.stdout, proc.stderr)
    _check_clean(result.output)
    assert result.code == command.expected_exit, (
        f"{command.id}: `{command.command}` exited {result.code}, the docs say "
        f"{command.expected_exit}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}")
    if command.expected_exit:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.stderr


def test_the_docs_show_commands() -> None:
    """The extraction found the guides' commands (an empty list would pass vacuously)."""
    assert (BIN / "openclaw").is_file(), f"no openclaw console script in {BIN}"
    files = {command.path for command in COMMANDS}
    assert {"docs/venice.md", "docs/da/venice.md", "docs/exit-codes.md", "docs/infer.md",
            "docs/da/infer.md"} <= files
    assert any(c.interactive for c in COMMANDS) and any(c.expected_exit for c in COMMANDS)


# -- help ------------------------------------------------------------------------------------
def _command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not sub.hidden:
                walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


PATHS = _command_paths()


def _click_command(path: tuple[str, ...]) -> Any:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


@functools.cache
def _help(path: tuple[str, ...]) -> str:
    result = CliRun()(*path, "--help", env={"COLUMNS": "100"})
    assert result.code == 0, result.output
    assert result.stderr == "", result.stderr
    return result.stdout


def _resolve(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """Split `openclaw a b --x …` into the command path and the rest."""
    command, path = typer.main.get_command(app), ()
    rest = words[1:]
    while rest and rest[0] in getattr(command, "commands", {}):
        command = command.commands[rest[0]]
        path, rest = (*path, rest[0]), rest[1:]
    return path, rest


def _documented_flags() -> dict[tuple[str, ...], dict[str, str]]:
    """``{path: {flag: where}}`` for `openclaw <cmd> … --flag` in the docs."""
    flags: dict[tuple[str, ...], dict[str, str]] = {path: {} for path in PATHS}
    for where, stage in openclaw_mentions(ROOT):
        path, rest = _resolve(stage.split())
        for word in rest:
            match = re.match(r"--[a-z][a-z0-9-]*", word)
            if match and match.group() != "--help" and path in flags:
                flags[path].setdefault(match.group(), where)
    return flags


FLAGS = _documented_flags()


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "openclaw" for p in PATHS])
def test_help_has_a_description_examples_and_option_help(path: tuple[str, ...]) -> None:
    text = _help(path)
    usage, _, body = text.partition("\n\n")
    assert usage.startswith("Usage: openclaw"), text
    assert body.strip() and not body.lstrip().startswith(("Options:", "Arguments:")), text
    examples = [line for line in text.splitlines()
                if line.strip().startswith("openclaw ") and line.startswith("    ")]
    assert "Example" in text and examples, f"no examples in:\n{text}"
    for param in _click_command(path).params:
        if not getattr(param, "hidden", False) and param.name != "help":
            assert (getattr(param, "help", None) or "").strip(), f"{param.name} has no help"


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "openclaw" for p in PATHS])
def test_flags_shown_in_the_docs_are_in_the_help(path: tuple[str, ...]) -> None:
    text = _help(path)
    missing = {flag: where for flag, where in FLAGS[path].items()
               if not re.search(_flag_pattern(flag), text)}
    assert not missing, f"documented but not in `openclaw {' '.join(path)} --help`: {missing}"


def _flag_pattern(flag: str) -> str:
    return rf"(?<![\w-]){re.escape(flag)}(?![\w-])"


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "openclaw" for p in PATHS])
def test_help_examples_use_real_flags(path: tuple[str, ...]) -> None:
    """A flag in an example line must exist on the command the example runs."""
    for line in _help(path).splitlines():
        for stage in split_stages(line.split("  #")[0]):
            words = stage.split()
            if not words or words[0] != "openclaw":
                continue
            target, rest = _resolve(words)
            target_help = _help(target)
            for word in rest:
                match = re.match(r"--[a-z][a-z0-9-]*", word)
                if match:
                    assert re.search(_flag_pattern(match.group()), target_help), line


def test_root_help_lists_every_exit_code() -> None:
    line = " ".join(_help(()).split("Exit codes:", 1)[1].split())
    codes = [int(code) for code in re.findall(r"(\d+) [a-z]", line)]
    assert codes == [int(status) for status in ExitStatus], line


# OpenClaw-compatibility options that do nothing here, and the universal ones.
UNDOCUMENTED = {"--help", "--version", "--agent"}


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "openclaw" for p in PATHS])
def test_every_option_in_the_help_is_documented(path: tuple[str, ...]) -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in doc_files(ROOT)
                     if p.parent.name == "docs")
    for param in _click_command(path).params:
        if getattr(param, "hidden", False):
            continue
        for flag in param.opts:
            if flag.startswith("--") and flag not in UNDOCUMENTED:
                assert re.search(_flag_pattern(flag), docs), f"{flag} is not in docs/*.md"
