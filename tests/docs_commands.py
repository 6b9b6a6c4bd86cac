"""Find the `openclaw` commands shown in the Markdown docs (pure text work, no I/O but reads).

A command is a line of a fenced ``bash``/``sh``/``shell``/``console``/``zsh`` block whose
pipeline has a stage that starts with the word ``openclaw`` (after ``VAR=value``
assignments). Backslash continuations are joined, ``$ `` prompts stripped (in ``console``
blocks only prompted lines are commands), and the trailing comment gives the markers:
``# interactive`` (also ``# interactive: why``), ``# exit: N``, ``# requires: <what>``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHELL_INFOS = frozenset({"bash", "sh", "shell", "console", "zsh"})
# Commands a documented line may pipe through, besides openclaw itself.
HELPER_COMMANDS = frozenset({"echo", "printf", "cat", "grep", "head", "tail", "wc", "sort",
                             "jq", "tee"})
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_EXIT = re.compile(r"^exit:\s*(\d+)\b")
_REQUIRES = re.compile(r"^requires:\s*(.+?)\s*$")
_INLINE_CODE = re.compile(r"(`+)(?P<code>.+?)\1")


@dataclass(frozen=True)
class DocCommand:
    """One documented command line and what the docs say about it."""

    path: str                      # relative to the repo root, e.g. "docs/venice.md"
    line: int                      # 1-based line of the command's first physical line
    command: str                   # shell text: continuations joined, comment removed
    exports: tuple[str, ...]       # the block's `export …` lines before this command
    expected_exit: int
    interactive: bool
    requires: str | None

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Block:
    info: str
    start: int                     # 1-based line of the first content line
    lines: tuple[str, ...]


def doc_files(root: Path) -> list[Path]:
    """Every Markdown file under docs/ (recursively) plus README.md."""
    files = sorted((root / "docs").rglob("*.md"))
    readme = root / "README.md"
    return [*files, readme] if readme.is_file() else files


def fenced_blocks(text: str) -> Iterator[Block]:
    """Fenced code blocks (indented ones inside list items too), content dedented."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            line = lines[j]
            strip = min(indent, len(line) - len(line.lstrip(" ")))
            body.append(line[strip:])
            j += 1
        yield Block(match["info"].lower(), i + 2, tuple(body))
        i = j + 1


def _unquoted(text: str) -> Iterator[int]:
    """Indexes of the characters of ``text`` outside quotes and not backslash-escaped."""
    quote: str | None = None
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        else:
            yield index


def split_comment(line: str) -> tuple[str, str]:
    """``(code, comment)``: the comment is the text after an unquoted ``#`` word start."""
    for index in _unquoted(line):
        if line[index] == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1:].strip()
    return line.rstrip(), ""


def split_stages(code: str) -> list[str]:
    """Split on unquoted ``|``, ``||``, ``&&`` and ``;`` into stripped command stages."""
    stages: list[str] = []
    start = skip_to = 0
    for index in _unquoted(code):
        if index < skip_to:
            continue  # the second character of || or &&
        if code[index] in "|;" or code.startswith("&&", index):
            stages.append(code[start:index].strip())
            skip_to = start = index + (2 if code.startswith(("||", "&&"), index) else 1)
    stages.append(code[start:].strip())
    return [stage for stage in stages if stage]


def command_word(stage: str) -> str:
    """The command a stage runs: its first word after ``VAR=value`` assignments."""
    for word in stage.split():
        if not _ASSIGNMENT.match(word):
            return word
    return ""


def logical_lines(block: Block) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` with continuations joined and prompts stripped."""
    console = block.info == "console"
    pending: list[str] = []
    first = 0
    for offset, raw in enumerate(block.lines):
        line = raw.rstrip()
        if not pending:
            first = block.start + offset
            stripped = line.lstrip()
            if stripped.startswith("$ "):
                line = stripped[2:]
            elif console:
                continue  # console output, not a command
        if pending:
            line = line.strip()
        if line.endswith("\\") and not split_comment(line)[1]:
            pending.append(line[:-1].rstrip())
            continue
        pending.append(line)
        yield first, " ".join(part for part in pending if part)
        pending = []
    if pending:
        yield first, " ".join(pending)


def _markers(comment: str) -> tuple[int, bool, str | None]:
    expected, interactive, requires = 0, False, None
    for part in (p.strip() for p in comment.split("#")):
        exit_match, requires_match = _EXIT.match(part), _REQUIRES.match(part)
        if exit_match:
            expected = int(exit_match.group(1))
        elif requires_match:
            requires = requires_match.group(1)
        elif re.match(r"interactive\b", part):
            interactive = True
    return expected, interactive, requires


def is_openclaw(code: str) -> bool:
    return any(command_word(stage) == "openclaw" for stage in split_stages(code))


def commands_in(path: Path, root: Path) -> list[DocCommand]:
    """The documented `openclaw` commands of one Markdown file, in order."""
    relative = path.relative_to(root).as_posix()
    found: list[DocCommand] = []
    for block in fenced_blocks(path.read_text(encoding="utf-8")):
        if block.info not in SHELL_INFOS:
            continue
        exports: list[str] = []
        for number, text in logical_lines(block):
            code, comment = split_comment(text)
            if code.startswith("export "):
                exports.append(code)
            elif is_openclaw(code):
                expected, interactive, requires = _markers(comment)
                found.append(DocCommand(relative, number, code, tuple(exports), expected,
                                        interactive, requires))
    return found


def all_commands(root: Path) -> list[DocCommand]:
    return [command for path in doc_files(root) for command in commands_in(path, root)]


def unsupported_stages(code: str) -> list[str]:
    """Stages that run neither openclaw nor a harmless text helper (the test cannot run them)."""
    return [stage for stage in split_stages(code)
            if command_word(stage) not in HELPER_COMMANDS | {"openclaw"}]


def simple_commands(command: DocCommand) -> list[tuple[dict[str, str], list[str]]] | None:
    """``[(variables, argv after openclaw), …]`` when the line is plain `openclaw` calls
    joined by ``&&`` (``VAR=value`` prefixes and ``export`` lines at most): no pipe,
    redirection, substitution or expansion, so running them in-process one after the
    other (stopping at a failure) is running what the reader types. None otherwise (the
    docs test then runs the line through bash)."""
    text = "\n".join((*command.exports, command.command))
    unquoted = "".join(text[i] for i in _unquoted(text)).replace("&&", "")
    if "$" in text or "`" in text or any(char in unquoted for char in "|&;<>()"):
        return None
    exported: dict[str, str] = {}
    for export in command.exports:
        words = shlex.split(export)
        if len(words) != 2 or not _ASSIGNMENT.match(words[1]):
            return None
        name, _, value = words[1].partition("=")
        exported[name] = value
    calls: list[tuple[dict[str, str], list[str]]] = []
    for stage in split_stages(command.command):
        variables, words = dict(exported), shlex.split(stage)
        while words and _ASSIGNMENT.match(words[0]):
            name, _, value = words.pop(0).partition("=")
            variables[name] = value
        if not words or words[0] != "openclaw":
            return None
        calls.append((variables, words[1:]))
    return calls


def openclaw_mentions(root: Path) -> Iterator[tuple[str, str]]:
    """``(where, stage)`` for every `openclaw …` stage in shell blocks and inline code."""
    for path in doc_files(root):
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        snippets: list[tuple[int, str]] = []
        for block in fenced_blocks(text):
            if block.info in SHELL_INFOS:
                snippets += [(n, split_comment(t)[0]) for n, t in logical_lines(block)]
        fenced = {block.start + i for block in fenced_blocks(text)
                  for i in range(-1, len(block.lines) + 1)}
        for number, line in enumerate(text.splitlines(), 1):
            if number in fenced:
                continue
            snippets += [(number, m["code"]) for m in _INLINE_CODE.finditer(line)]
        for number, snippet in snippets:
            for stage in split_stages(snippet):
                words = stage.split("`")[0].split()  # prose after a nested code span
                if "openclaw" in words:
                    yield f"{relative}:{number}", " ".join(words[words.index("openclaw"):])
