"""``$include`` in ``openclaw.json``, with OpenClaw's semantics (``src/config/includes.ts``).

An object holding ``"$include": "./file.json5"`` is replaced by that file's content;
``"$include": ["./a.json5", "./b.json5"]`` deep-merges the files in order (objects merge,
arrays concatenate, later scalars win). Other keys beside ``$include`` are merged over
the included content (the included value must then be an object). Paths are relative to
the file that names them, must stay inside the config's directory (or a directory of
``OPENCLAW_INCLUDE_ROOTS``, ``:``-separated, symlinks resolved), at most 2 MiB, nested at
most 10 deep; a cycle is one error naming the chain.

Writes never flatten an include (:func:`plan_write`): a changed top-level section that is
exactly ``{"$include": "one-file"}`` is written to that file, a section without includes
to ``openclaw.json``; anything else (a root ``$include``, arrays of files, siblings,
nested includes) is refused with the file to edit by hand.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openclaw_venice_cli.config.parse import invalid_config, parse_json5_bytes
from openclaw_venice_cli.errors import ConfigError

INCLUDE_KEY = "$include"
MAX_DEPTH = 10
MAX_BYTES = 2 * 1024 * 1024
MAX_PATH = 4096
_BLOCKED = frozenset({"__proto__", "constructor", "prototype"})


def has_include(value: Any) -> bool:
    """Does ``value`` use ``$include`` anywhere?"""
    if isinstance(value, dict):
        return INCLUDE_KEY in value or any(has_include(v) for v in value.values())
    if isinstance(value, list):
        return any(has_include(v) for v in value)
    return False


def deep_merge(target: Any, source: Any) -> Any:
    """OpenClaw's merge: arrays concatenate, objects merge recursively, else source wins."""
    if isinstance(target, list) and isinstance(source, list):
        return [*target, *source]
    if isinstance(target, dict) and isinstance(source, dict):
        result = dict(target)
        for key, value in source.items():
            if key not in _BLOCKED:
                result[key] = deep_merge(result[key], value) if key in result else value
        return result
    return source


def include_roots(environ: Mapping[str, str], home: Path) -> list[Path]:
    """``OPENCLAW_INCLUDE_ROOTS``: absolute directories (``~`` expanded), others dropped."""
    roots: list[Path] = []
    for entry in (environ.get("OPENCLAW_INCLUDE_ROOTS") or "").split(os.pathsep):
        entry = entry.strip()
        if entry == "~" or entry.startswith("~/"):
            entry = str(home / entry[2:])
        if entry and os.path.isabs(entry):
            roots.append(Path(os.path.normpath(entry)))
    return roots


def _inside(root: Path, candidate: Path) -> bool:
    return candidate == root or root in candidate.parents


class Resolver:
    """Expands the includes of one config file (``config_path``: the top file)."""

    def __init__(self, config_path: Path, roots: list[Path]) -> None:
        self.config_path = config_path
        top_dir = Path(os.path.normpath(config_path.parent.absolute()))
        self.roots = [(top_dir, Path(os.path.realpath(top_dir)))] + [
            (root, Path(os.path.realpath(root))) for root in roots]
        self.files: list[Path] = []  # every file read, in order

    def error(self, message: str) -> ConfigError:
        return invalid_config(self.config_path, message)

    def expand(self, value: Any, base: Path, chain: tuple[Path, ...]) -> Any:
        """``value`` (read from ``base``) with every include replaced."""
        if isinstance(value, list):
            return [self.expand(item, base, chain) for item in value]
        if not isinstance(value, dict):
            return value
        if INCLUDE_KEY not in value:
            return {key: self.expand(item, base, chain) for key, item in value.items()}
        included = self._include(value[INCLUDE_KEY], base, chain)
        siblings = {key: self.expand(item, base, chain) for key, item in value.items()
                    if key != INCLUDE_KEY}
        if not siblings:
            return included
        if not isinstance(included, dict):
            raise self.error(f"{INCLUDE_KEY} beside other keys must name an object "
                             f"(in {base})")
        return deep_merge(included, siblings)

    def _include(self, spec: Any, base: Path, chain: tuple[Path, ...]) -> Any:
        if isinstance(spec, str):
            return self.load(spec, base, chain)
        if isinstance(spec, list):
            merged: Any = {}
            for item in spec:
                if not isinstance(item, str):
                    raise self.error(f"Invalid {INCLUDE_KEY} array item in {base}: expected "
                                     "a string")
                merged = deep_merge(merged, self.load(item, base, chain))
            return merged
        raise self.error(f"Invalid {INCLUDE_KEY} value in {base}: expected a string or an "
                         "array of strings")

    def locate(self, spec: str, base: Path) -> Path:
        """The file an include names, checked to stay inside an allowed root."""
        if "\0" in spec or len(spec) >= MAX_PATH:
            raise self.error(f"Invalid {INCLUDE_KEY} path in {base}")
        target = Path(os.path.normpath(base.parent.absolute() / spec))
        if not any(_inside(lexical, target) for lexical, _ in self.roots):
            raise self.error(f"Include path escapes the config directory: {spec} (in {base})")
        real = Path(os.path.realpath(target))
        if target.exists() and not any(_inside(resolved, real) for _, resolved in self.roots):
            raise self.error(f"Include path resolves outside the config directory "
                             f"(symlink): {spec} (in {base})")
        return target

    def load(self, spec: str, base: Path, chain: tuple[Path, ...]) -> Any:
        target = self.locate(spec, base)
        if target in chain:
            cycle = " -> ".join(str(p) for p in (*chain, target))
            raise self.error(f"Circular include detected: {cycle}")
        if len(chain) > MAX_DEPTH:
            raise self.error(f"Maximum include depth ({MAX_DEPTH}) exceeded at: {spec} "
                             f"(in {base})")
        data = _read(target, spec, base, self)
        self.files.append(target)
        parsed, _ = parse_json5_bytes(target, data)
        return self.expand(parsed, target, (*chain, target))


def _read(target: Path, spec: str, base: Path, resolver: Resolver) -> bytes:
    try:
        if not target.is_file():
            raise FileNotFoundError
        with target.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = "no such file" if isinstance(error, FileNotFoundError) else (
            error.strerror or str(error))
        raise resolver.error(f"Failed to read include file: {spec} (resolved: {target}; "
                             f"{reason})") from error
    if len(data) > MAX_BYTES:
        raise resolver.error(f"Include file larger than {MAX_BYTES // (1024 * 1024)} MiB: "
                             f"{spec} (resolved: {target})")
    return data


def resolve_includes(raw: dict[str, Any], config_path: Path, roots: list[Path]) -> Any:
    """``raw`` (parsed from ``config_path``) with every ``$include`` expanded."""
    top = Path(os.path.normpath(config_path.absolute()))
    return Resolver(config_path, roots).expand(raw, top, (top,))


# -- writes -----------------------------------------------------------------------------
def plan_write(raw: dict[str, Any], before: Mapping[str, Any], after: dict[str, Any],
               config_path: Path, roots: list[Path]) -> tuple[dict[str, Any],
                                                               dict[Path, Any]]:
    """Where a change of the resolved config goes, without flattening an include.

    ``raw`` is the top file as written, ``before``/``after`` the resolved config before
    and after the change. Returns the new top file and ``{included file: new content}``.
    """
    changed = [key for key in {**before, **after} if before.get(key, _ABSENT) != after.get(
        key, _ABSENT)]
    if changed and INCLUDE_KEY in raw:
        raise ConfigError(f"Cannot write {config_path}: its top level is an {INCLUDE_KEY} "
                          f"({', '.join(changed)} would change); edit the included files "
                          "by hand.")
    top = dict(raw)
    files: dict[Path, Any] = {}
    resolver = Resolver(config_path, roots)
    for key in changed:
        section = raw.get(key)
        spec = _single_file(section)
        if key not in after:
            top.pop(key, None)  # removing a section drops its include, not the file
        elif not has_include(section):
            top[key] = after[key]
        elif spec is not None:
            files[resolver.locate(spec, config_path)] = after[key]
        else:
            raise ConfigError(
                f"Cannot change {key}: it is assembled from {INCLUDE_KEY} files in "
                f"{config_path} that openclaw cannot write through without flattening them; "
                "edit them by hand.")
    return top, files


_ABSENT = object()


def _single_file(section: Any) -> str | None:
    """The file of ``{"$include": "file"}`` (nothing else beside it): the one shape a
    write goes through; None for any other shape."""
    if isinstance(section, dict) and list(section) == [INCLUDE_KEY]:
        spec = section[INCLUDE_KEY]
        return spec if isinstance(spec, str) else None
    return None
