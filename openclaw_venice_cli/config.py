"""Locate, load, validate and resolve ``openclaw.json`` (JSON5, ``${VAR}``, ``env`` block).

``load_config`` never raises anything but :class:`ConfigError` for a bad file: the
message names the file and either ``line:column`` (syntax) or the dotted key (types).
``raw`` is what a write starts from (placeholders kept); ``data`` is the substituted
view commands read. Writing lives in :mod:`config_write` (imported lazily).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TextIO
from urllib.parse import urlsplit

from .environment import Environment
from .errors import ConfigError
from .secrets import register_secret

DEFAULT_BASE_URL = "https://api.venice.ai/api/v1"
DEFAULT_MODEL_REF = "venice/llama-3.3-70b"
DEFAULT_API = "openai-completions"

_TOKEN = re.compile(r"\$\$\{([A-Z_][A-Z0-9_]*)\}|\$\{([A-Z_][A-Z0-9_]*)\}")
_UNRESOLVED = re.compile(r"\$\{[A-Z_][A-Z0-9_]*\}")
_JSON5_POS = re.compile(r"^<string>:(\d+) (.*) at column (\d+)$", re.DOTALL)
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.IGNORECASE)
_ENV_SPECIAL = ("vars", "shellEnv")


# Records are NamedTuples and Config a plain class, not dataclasses: creating a dataclass
# costs ≈ 1.5 ms at import, and this module is on the start-up path of every command.


class KeyInfo(NamedTuple):
    """A resolved API key and where it came from (for ``models status``)."""

    value: str
    source: str


class ProviderConfig(NamedTuple):
    """One provider as the client needs it."""

    name: str
    base_url: str
    api: str
    api_key: KeyInfo | None
    models: list[dict[str, Any]]


class Config:
    """A loaded config. ``process_environ`` (extra to the contract) is the process env
    without the config ``env`` block; ``None`` means "same as ``environ``"."""

    __slots__ = ("data", "environ", "exists", "had_comments", "path", "process_environ", "raw")

    def __init__(self, path: Path, exists: bool, raw: dict[str, Any], data: dict[str, Any],
                 environ: dict[str, str], had_comments: bool,
                 process_environ: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.exists = exists
        self.raw = raw
        self.data = data
        self.environ = environ
        self.had_comments = had_comments
        self.process_environ = process_environ

    def _process(self, name: str) -> str | None:
        source = self.environ if self.process_environ is None else self.process_environ
        value = source.get(name)
        return value.strip() if value and value.strip() not in ("undefined", "null") else None

    def _model_block(self) -> Mapping[str, Any]:
        return _dig(self.data, "agents", "defaults", "model")

    def default_model_ref(self) -> str:
        """``agents.defaults.model.primary`` or :data:`DEFAULT_MODEL_REF`."""
        return _str(self._model_block().get("primary"), DEFAULT_MODEL_REF)

    def default_model_is_configured(self) -> bool:
        primary = self._model_block().get("primary")
        return isinstance(primary, str) and bool(primary.strip())

    def _provider_blocks(self) -> Mapping[str, Any]:
        return _dig(self.data, "models", "providers")

    def venice_key(self) -> KeyInfo | None:
        """Process env > ``env.VENICE_API_KEY`` > ``env.vars.VENICE_API_KEY`` > ``apiKey``."""
        value = self._process("VENICE_API_KEY")
        if value:
            return KeyInfo(value, "env: VENICE_API_KEY")
        env_block = _dig(self.data, "env")
        candidates = (
            (env_block.get("VENICE_API_KEY"), "config: env.VENICE_API_KEY"),
            (_dig(env_block, "vars").get("VENICE_API_KEY"), "config: env.vars.VENICE_API_KEY"),
            (_dig(self._provider_blocks(), "venice").get("apiKey"),
             "config: models.providers.venice.apiKey"),
        )
        for candidate, source in candidates:
            info = _config_key(candidate, source)
            if info:
                return info
        return None

    def provider(self, name: str) -> ProviderConfig | None:
        """One provider (``venice`` always exists); ``None`` when not configured."""
        blocks = self._provider_blocks()
        if name not in blocks:
            name = next((n for n in blocks if n.lower() == name.lower()), name.lower())
        block = blocks.get(name)
        if name == "venice" or isinstance(block, Mapping):
            return self._build(name, block if isinstance(block, Mapping) else {})
        return None

    def providers(self) -> dict[str, ProviderConfig]:
        """Every provider: the implicit ``venice`` first, then the configured ones."""
        blocks = self._provider_blocks()
        result = {"venice": self._build("venice", _dig(blocks, "venice"))}
        result.update((name, self._build(name, block)) for name, block in blocks.items()
                      if name != "venice" and isinstance(block, Mapping))
        return result

    def _build(self, name: str, block: Mapping[str, Any]) -> ProviderConfig:
        if name == "venice":
            override = self._process("VENICE_BASE_URL")
            base = override or self._base_url(name, block) or DEFAULT_BASE_URL
            key = self.venice_key()
        else:
            base = self._base_url(name, block) or ""
            if not base:
                raise _invalid(self.path, f"models.providers.{name}.baseUrl is required")
            key = _config_key(block.get("apiKey"), f"config: models.providers.{name}.apiKey")
        return ProviderConfig(name, base.rstrip("/"), _str(block.get("api"), DEFAULT_API),
                              key, _rows(block))

    def _base_url(self, name: str, block: Mapping[str, Any]) -> str | None:
        value = block.get("baseUrl")
        if not isinstance(value, str) or not value.strip():
            return None
        if _UNRESOLVED.search(value):
            raise _invalid(self.path, f"models.providers.{name}.baseUrl uses an unset "
                                      f"variable ({value.strip()})")
        return value.strip()


class WriteResult(NamedTuple):
    """What :func:`update_config` did."""

    path: Path
    backup: Path | None
    changed: bool


# -- small helpers --------------------------------------------------------------------
def _dig(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any]:
    """The nested mapping at ``keys``, or an empty one when absent or not a mapping."""
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def _str(value: Any, default: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else default


def _usable(value: Any) -> str | None:
    """A key from config: a non-blank string without an unresolved ``${VAR}``."""
    if isinstance(value, str) and value.strip() and not _UNRESOLVED.search(value):
        return value.strip()
    return None


def _config_key(value: Any, source: str) -> KeyInfo | None:
    """A usable key from config as KeyInfo, registered for redaction."""
    key = _usable(value)
    if not key:
        return None
    register_secret(key)
    return KeyInfo(key, source)


def _rows(block: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = block.get("models")
    return [dict(r) for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []


def _type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    kinds = ((bool, "boolean"), ((int, float), "number"), (str, "string"), (list, "array"))
    return "null" if value is None else next((n for k, n in kinds if isinstance(value, k)),
                                             "object")


def _invalid(path: Path, detail: str) -> ConfigError:
    return ConfigError(f"Invalid config at {path}: {detail}")


def _read_error(path: Path, detail: str) -> ConfigError:
    return ConfigError(f"Failed to read config at {path}: {detail}")


# -- reading and parsing ----------------------------------------------------------------
def read_config_bytes(path: Path) -> bytes | None:
    """The file's bytes, ``None`` when it does not exist; any OSError -> ConfigError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _read_error(path, "it is a directory, not a file") from None
    except OSError as exc:
        raise _read_error(path, exc.strerror or str(exc)) from None


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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _read_error(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                                f"{line}:{col})") from None
    if not text.strip():
        raise _read_error(path, "the file is empty; delete it or write {} into it")
    had_comments = False
    try:
        parsed: Any = json.loads(text)
    except RecursionError:
        raise _read_error(path, "nested too deeply") from None
    except ValueError:
        import json5

        had_comments = has_json5_comments(text)
        try:
            parsed = json5.loads(text)
        except RecursionError:
            raise _read_error(path, "nested too deeply") from None
        except (ValueError, TypeError, IndexError, OverflowError) as exc:
            raise _read_error(path, _json5_message(exc)) from None
    if not isinstance(parsed, dict):
        raise _invalid(path, f"expected an object at the root, got {_type_name(parsed)}")
    return parsed, had_comments


# -- validation -----------------------------------------------------------------------
def _get(problems: list[str], parent: Mapping[str, Any], name: str, key: str,
         kind: type, what: str) -> Any:
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
    model = _get(out, defaults, "model", "agents.defaults.model", dict, obj) or {}
    _get(out, model, "primary", "agents.defaults.model.primary", str, text)
    _get(out, defaults, "models", "agents.defaults.models", dict, obj)
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
        if isinstance(url, str) and url.strip() and not _UNRESOLVED.search(url):
            parts = urlsplit(url.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                shown = url if len(url) <= 80 else url[:77] + "..."
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
        if name not in _ENV_SPECIAL:
            _get(out, env, name, f"env.{name}", str, text)
    return out


def validate_config(path: Path, data: Mapping[str, Any]) -> None:
    """Raise ConfigError naming the file and the first bad dotted key."""
    problems = _problems(data)
    if problems:
        raise _invalid(path, problems[0])


# -- env block and ${VAR} substitution -------------------------------------------------------
def substitute(value: Any, environ: Mapping[str, str],
               on_missing: Callable[[str, str], None], where: str = "") -> Any:
    """Replace ``${VAR}`` in every string (``$${VAR}`` -> literal); keys are untouched."""
    if isinstance(value, str):
        if "$" not in value:
            return value

        def repl(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return "${" + match.group(1) + "}"
            found = environ.get(match.group(2))
            if not found:
                on_missing(match.group(2), where)
                return match.group(0)
            return found

        return _TOKEN.sub(repl, value)
    if isinstance(value, list):
        return [substitute(v, environ, on_missing, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: substitute(v, environ, on_missing, f"{where}.{k}" if where else k)
                for k, v in value.items()}
    return value


def _config_vars(raw: Mapping[str, Any], process: Mapping[str, str]) -> dict[str, str]:
    """Variables from ``env.vars`` then ``env.<NAME>`` (the latter wins), placeholders
    resolved against the process env; values still holding ``${VAR}`` are skipped."""
    env_block = _dig(raw, "env")
    pairs = list(_dig(env_block, "vars").items())
    pairs += [(k, v) for k, v in env_block.items() if k not in _ENV_SPECIAL]
    result: dict[str, str] = {}
    for name, value in pairs:
        if not isinstance(value, str):
            continue
        resolved = substitute(value, process, lambda _n, _w: None)
        if not _UNRESOLVED.search(resolved):
            result[name] = resolved
            if _SECRET_NAME.search(name):
                register_secret(resolved)
    return result


def load_config(env: Environment) -> Config:
    """Load ``env.config_path``: a missing file is an empty config; errors -> ConfigError."""
    path = env.config_path
    process = dict(env.environ)
    data_bytes = read_config_bytes(path)
    if data_bytes is None:
        return Config(path, False, {}, {}, dict(process), False, process)
    raw, had_comments = parse_config_bytes(path, data_bytes)
    environ = dict(process)
    for name, value in _config_vars(raw, process).items():
        if env.get(name) is None:
            environ[name] = value

    def warn(name: str, where: str) -> None:
        env.warn_once(f'Config ({path}): missing env var "{name}" at {where} - '
                      "feature using this value will be unavailable")

    data = substitute(raw, environ, warn)
    validate_config(path, data)
    for block in _dig(data, "models", "providers").values():
        register_secret(_usable(block.get("apiKey")))
    return Config(path, True, raw, data, environ, had_comments, process)


def update_config(env: Environment, mutate: Callable[[dict[str, Any]], None]) -> WriteResult:
    """Lock, re-read, ``mutate(raw)``, validate, back up and write atomically."""
    from .config_write import write_config

    return write_config(env, mutate)


def print_write_result(env: Environment, result: WriteResult, *,
                       stream: TextIO | None = None) -> None:
    """``Updated config: ~/…`` and ``  Backup: ~/….bak`` (when one was made). When nothing
    changed, one ``Config unchanged: ~/…`` line instead (the file was not touched)."""
    out = stream if stream is not None else env.stdout
    if not result.changed:
        out.write(f"Config unchanged: {env.display_path(result.path)}\n")
    else:
        out.write(f"Updated config: {env.display_path(result.path)}\n")
        if result.backup is not None:
            out.write(f"  Backup: {env.display_path(result.backup)}\n")
    out.flush()
