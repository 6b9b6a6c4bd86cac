"""Reading, parsing and validating the bytes of ``openclaw.json`` (used by config and config_write).

Errors name the file and either ``line:column`` (syntax, encoding) or the dotted key
(types). json5 is imported only when plain JSON fails to parse (start-up time).
Limits (exit 3, one sentence each): :data:`MAX_BYTES` for any file, :data:`MAX_JSON5_BYTES`
for one that needs the (slow, ≈ 65 kB/s) JSON5 parser, :data:`MAX_DEPTH` levels of
nesting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from openclaw_venice_cli.config.schema import (
    ENV_SPECIAL,
    PARAMS_FIELD,
    THINKING_DEFAULT,
    THINKING_LEVELS,
    THINKING_PARAM,
    dotted,
)
from openclaw_venice_cli.errors import ConfigError
from openclaw_venice_cli.netloc import mask_userinfo

UNRESOLVED = re.compile(r"\$\{[A-Z_][A-Z0-9_]*\}")
_JSON5_POS = re.compile(r"^<string>:(\d+) (.*) at column (\d+)$", re.DOTALL)
MAX_BYTES = 1_000_000  # a config written by OpenClaw or openclaw is a few kB
MAX_JSON5_BYTES = 256_000  # JSON5 parses at ≈ 65 kB/s: this is ≈ 4 s at worst
MAX_DEPTH = 64  # objects and arrays inside each other (a real config: under 10)


def _type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    kinds = ((bool, "boolean"), ((int, float), "number"), (str, "string"), (list, "array"))
    return "null" if value is None else next((n for k, n in kinds if isinstance(value, k)),
                                             "object")


def invalid_config(path: Path, detail: str) -> ConfigError:
    return ConfigError(f"Invalid config at {path}: {detail}")


def _read_error(path: Path, detail: str) -> ConfigError:
    return ConfigError(f"Failed to read config at {path}: {detail}")


# -- reading and parsing ----------------------------------------------------------------
def read_config_bytes(path: Path) -> bytes | None:
    """The file's bytes (at most :data:`MAX_BYTES`), ``None`` when it does not exist;
    any OSError -> ConfigError."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _read_error(path, f"the file is larger than {MAX_BYTES // 1_000_000} MB; "
                                    "a config file is a few kB")
        return data
    except FileNotFoundError:
        return None
    except IsADirectoryError as error:
        raise _read_error(path, "it is a directory, not a file") from error
    except OSError as exc:
        raise _read_error(path, exc.strerror or str(exc)) from exc


def has_json5_comments(text: str) -> bool:
    """True when ``//`` or ``/*`` occurs outside a string literal (a tiny scanner)."""
    quote = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "/" and i + 1 < n and text[i + 1] in "/*":
            return True
        i += 1
    return False


def _json5_message(exc: Exception) -> str:
    """Python json5's ``<string>:L Unexpected "x" at column C`` in OpenClaw's words."""
    text = str(exc)
    match = _JSON5_POS.match(text)
    if not match:
        return "JSON5: " + " ".join(text.split())
    line, msg, col = match.group(1), match.group(2), match.group(3)
    if msg == "Unexpected end of input":
        msg = "invalid end of input"
    elif msg.startswith('Unexpected "') and msg.endswith('"') and len(msg) > 13:
        char = msg[12:-1]
        shown = char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        msg = f"invalid character '{shown}'"
    else:
        msg = " ".join(msg.split())
        msg = msg[:1].lower() + msg[1:]
    return f"JSON5: {msg} at {line}:{col}"


def parse_config_bytes(path: Path, data: bytes) -> tuple[dict[str, Any], bool]:
    """Parse the file's bytes: ``(object, had_comments)``. Raises ConfigError."""
    parsed, had_comments = parse_json5_bytes(path, data)
    if not isinstance(parsed, dict):
        raise invalid_config(path, f"expected an object at the root, got {_type_name(parsed)}")
    return parsed, had_comments


def parse_json5_value(text: str) -> Any:
    """One JSON5 value typed on the command line (``config set``); ValueError if not."""
    try:
        return json.loads(text)
    except ValueError:
        import json5

        try:
            return json5.loads(text)
        except (TypeError, IndexError, OverflowError, RecursionError) as error:
            raise ValueError(str(error)) from error


def parse_json5_bytes(path: Path, data: bytes) -> tuple[Any, bool]:
    """Any JSON5 document (an ``$include`` file may hold any value). Raises ConfigError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _read_error(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                                f"{line}:{col})") from exc
    if not text.strip():
        raise _read_error(path, "the file is empty; delete it or write {} into it")
    had_comments = False
    try:
        parsed: Any = json.loads(text)
    except RecursionError as error:
        raise _read_error(path, f"nested too deeply (more than {MAX_DEPTH} levels)") from error
    except ValueError:
        if len(data) > MAX_JSON5_BYTES:
            raise _read_error(path, f"the file is not plain JSON and larger than "
                                    f"{MAX_JSON5_BYTES // 1000} kB, too large to read as "
                                    "JSON5; remove comments or write it as JSON") from None
        import json5

        had_comments = has_json5_comments(text)
        try:
            parsed = json5.loads(text)
        except RecursionError as error:
            raise _read_error(path, f"nested too deeply (more than {MAX_DEPTH} levels)"
                              ) from error
        except (ValueError, TypeError, IndexError, OverflowError) as exc:
            raise _read_error(path, _json5_message(exc)) from exc
    check_depth(path, parsed)
    return parsed, had_comments


def check_depth(path: Path, value: Any) -> None:
    """ConfigError when ``value`` nests more than :data:`MAX_DEPTH` levels (also checked
    on the whole config after ``$include`` files are merged in)."""
    if _too_deep(value):
        raise _read_error(path, f"nested too deeply (more than {MAX_DEPTH} levels)")


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when objects/arrays nest more than ``limit`` levels (iterative: no recursion)."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


# -- validation -----------------------------------------------------------------------
def _get(problems: list[str], parent: Mapping[str, Any], name: str, key: str,
         kind: type | tuple[type, ...], what: str) -> Any:
    """The child when present and of ``kind``, else ``None`` (a problem is recorded)."""
    if name not in parent:
        return None
    if not isinstance(parent[name], kind):
        problems.append(f"{key} must be {what} (got {_type_name(parent[name])})")
        return None
    return parent[name]


def _problems(data: Mapping[str, Any]) -> list[str]:
    """``dotted.key must be ...`` for the keys we use; unknown keys are fine."""
    out: list[str] = []
    obj, text = "an object", "a string"
    agents = _get(out, data, "agents", "agents", dict, obj) or {}
    defaults = _get(out, agents, "defaults", "agents.defaults", dict, obj) or {}
    model = _get(out, defaults, "model", "agents.defaults.model", (str, dict),
                 "a string or an object") or {}
    if isinstance(model, dict):
        _get(out, model, "primary", "agents.defaults.model.primary", str, text)
        fallbacks = _get(out, model, "fallbacks", "agents.defaults.model.fallbacks", list,
                         "an array") or []
        for index, item in enumerate(fallbacks):
            if not isinstance(item, str):
                out.append(f"agents.defaults.model.fallbacks[{index}] must be a string "
                           f"(got {_type_name(item)})")
    entries = _get(out, defaults, "models", "agents.defaults.models", dict, obj) or {}
    thinking = _get(out, defaults, "thinkingDefault", dotted(THINKING_DEFAULT), str, text)
    if thinking is not None and thinking not in THINKING_LEVELS:
        out.append(f'{dotted(THINKING_DEFAULT)} must be one of {", ".join(THINKING_LEVELS)} '
                   f'(got "{thinking[:40]}")')
    for ref, entry in entries.items():
        params = entry.get(PARAMS_FIELD) if isinstance(entry, dict) else None
        if isinstance(params, dict):
            _get(out, params, THINKING_PARAM,
                 f"agents.defaults.models.{ref}.params.thinking", str, text)
    models = _get(out, data, "models", "models", dict, obj) or {}
    mode = _get(out, models, "mode", "models.mode", str, text)
    if mode is not None and mode not in ("merge", "replace"):
        out.append(f'models.mode must be "merge" or "replace" (got "{mode}")')
    providers = _get(out, models, "providers", "models.providers", dict, obj) or {}
    for name in providers:
        prefix = f"models.providers.{name}"
        block = _get(out, providers, name, prefix, dict, obj) or {}
        for field_name in ("baseUrl", "apiKey", "api"):
            _get(out, block, field_name, f"{prefix}.{field_name}", str, text)
        url = block.get("baseUrl")
        if (isinstance(url, str) and url.strip() and not UNRESOLVED.search(url)
                and not _is_http_url(url.strip())):
            shown = mask_userinfo(url)  # a password never shows; mask, then cut
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            out.append(f'{prefix}.baseUrl must be an http(s) URL (got "{shown}")')
        rows = _get(out, block, "models", f"{prefix}.models", list, "an array") or []
        for index, row in enumerate(rows):
            where = f"{prefix}.models[{index}]"
            if not isinstance(row, dict):
                out.append(f"{where} must be an object (got {_type_name(row)})")
            elif not isinstance(row.get("id"), str) or not row["id"].strip():
                got = _type_name(row.get("id"))
                out.append(f"{where}.id must be a non-empty string (got {got})")
    env = _get(out, data, "env", "env", dict, obj) or {}
    variables = _get(out, env, "vars", "env.vars", dict, obj) or {}
    for var in variables:
        _get(out, variables, var, f"env.vars.{var}", str, text)
    for name in env:
        if name not in ENV_SPECIAL:
            _get(out, env, name, f"env.{name}", str, text)
    return out


def config_problems(data: Mapping[str, Any]) -> list[str]:
    """Every ``dotted.key must be …`` problem with the keys we use (``config validate``)."""
    return _problems(data)


def _is_http_url(url: str) -> bool:
    """``http(s)://host…`` that parses (``http://[::1`` does not)."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def validate_config(path: Path, data: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the file and the first bad dotted key."""
    problems = _problems(data)
    if problems:
        raise invalid_config(path, problems[0])
