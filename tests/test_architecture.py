"""The import rules of docs/architecture.md, checked on the source (no import is run).

Every ``import`` in the package is read with ``ast`` (module level and inside functions;
those under ``if TYPE_CHECKING:`` count as type-only). The rules: which part may use
which third-party package, which part may import which other part (the layers), command
modules that do not reach into each other, no private names imported across modules,
and no import cycles, lazy imports included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

PACKAGE = "openclaw_venice_cli"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

CORE = {"environment", "errors", "keys", "privatefile", "netloc", "sanitize", "signals",
        "__init__"}
# part -> the parts it may import at run time (core modules may import only core ones)
LAYERS: dict[str, set[str]] = {
    "core": set(),
    "config": set(),
    "client": set(),
    "rendering": set(),
    "catalog": {"config", "client"},
    "chat": {"config", "client", "catalog", "rendering"},
    "onboarding": {"config", "client", "catalog", "rendering"},
    "media": {"config", "client", "catalog", "rendering", "chat"},
    "commands": {"config", "client", "catalog", "rendering", "chat", "onboarding", "media"},
    "wiring": {"commands"},
}
# third-party package -> the parts (or modules) allowed to import it
THIRD_PARTY: dict[str, set[str]] = {
    "httpx": {"client.http", "client.body"},
    "rich": {"rendering"},
    "markdown_it": {"rendering"},
    "typer": {"wiring", "commands"},
    "json5": {"config.parse"},
    "platformdirs": {"environment"},
    "click": set(),
}


class Import(NamedTuple):
    module: str  # the importing module, dotted under the package ("chat.session")
    target: str  # what it imports, absolute ("openclaw_venice_cli.client.events", "httpx")
    names: tuple[str, ...]
    type_only: bool
    line: int


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def part_of(module: str) -> str:
    """The architectural part a module belongs to."""
    head = module.split(".")[0]
    if module in ("cli", "lazy_group", "__main__"):
        return "wiring"
    if head in CORE or module in CORE:
        return "core"
    return head


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, type_only: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        inner = type_only or (isinstance(child, ast.If) and _is_type_checking(child))
        yield child, inner
        yield from _walk(child, inner)


def imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(ROOT.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, type_only in _walk(tree, False):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.append(Import(module, alias.name, (), type_only, node.lineno))
            elif isinstance(node, ast.ImportFrom):
                names = tuple(alias.name for alias in node.names)
                if node.level:
                    pytest.fail(f"{module}:{node.lineno}: relative import; use "
                                f"absolute imports from {PACKAGE}")
                target = node.module or ""
                base = ROOT.joinpath(*target.split(".")[1:]) if _ours(target) else None
                for name in names:  # `from openclaw_venice_cli.chat import session`
                    if base is not None and ((base / f"{name}.py").exists()
                                             or (base / name).is_dir()):
                        found.append(Import(module, f"{target}.{name}", (), type_only,
                                            node.lineno))
                found.append(Import(module, target, names, type_only, node.lineno))
    return found


def _ours(target: str) -> str | None:
    """``client.events`` for ``openclaw_venice_cli.client.events``; None if not ours."""
    if target == PACKAGE:
        return "__init__"
    prefix = PACKAGE + "."
    return target[len(prefix):] if target.startswith(prefix) else None


def _resolve(target: str, modules: set[str]) -> str:
    """A package import (``chat``) counts as its ``__init__``."""
    return target if target in modules else f"{target}.__init__"


ALL = imports()
MODULES = {_module_name(p) for p in ROOT.rglob("*.py")}


def test_the_rules_see_the_whole_package() -> None:
    assert len(MODULES) > 40
    assert {part_of(m) for m in MODULES} == set(LAYERS)


def test_third_party_packages_stay_in_their_parts() -> None:
    problems = []
    for imp in ALL:
        top = imp.target.split(".")[0]
        if top not in THIRD_PARTY or imp.type_only:
            continue
        allowed = THIRD_PARTY[top]
        if part_of(imp.module) not in allowed and imp.module not in allowed:
            problems.append(f"{imp.module}:{imp.line} imports {imp.target} "
                            f"(only {sorted(allowed) or 'nobody'} may)")
    assert problems == []


def test_parts_import_only_the_layers_below_them() -> None:
    problems = []
    for imp in ALL:
        target = _ours(imp.target)
        if target is None or imp.type_only:
            continue
        source_part, target_part = part_of(imp.module), part_of(target)
        if target_part in (source_part, "core"):
            continue
        if target_part not in LAYERS[source_part]:
            problems.append(f"{imp.module}:{imp.line} ({source_part}) imports {target} "
                            f"({target_part})")
    assert problems == []


def test_command_modules_do_not_import_each_other() -> None:
    problems = [
        f"{imp.module}:{imp.line} imports {imp.target}" for imp in ALL
        if imp.module.startswith("commands.") and (_ours(imp.target) or "").startswith(
            "commands.") and _ours(imp.target) != "commands.context"
    ]
    assert problems == []


def test_no_private_names_across_modules() -> None:
    problems = [
        f"{imp.module}:{imp.line} imports {name} from {imp.target}"
        for imp in ALL if _ours(imp.target) is not None
        for name in imp.names if name.startswith("_") and not name.startswith("__")
    ]
    assert problems == []


def test_no_import_cycles_lazy_imports_included() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in ALL:
        target = _ours(imp.target)
        if target is None or imp.type_only:
            continue
        resolved = _resolve(target, MODULES)
        if resolved in MODULES and resolved != imp.module:
            graph[imp.module].add(resolved)
    # a package's __init__ is imported with each of its modules: not an edge back
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize(("module", "part"), [
    ("client.http", "client"), ("rendering.markdown", "rendering"), ("keys", "core"),
    ("cli", "wiring"), ("commands.chat", "commands"), ("chat.options", "chat"),
])
def test_part_of(module: str, part: str) -> None:
    assert part_of(module) == part
