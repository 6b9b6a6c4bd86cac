"""Locate, load, validate and resolve ``openclaw.json`` (JSON5, ``${VAR}``, ``env`` block).

``load_config`` never raises anything but :class:`ConfigError` for a bad file: the
message names the file and either ``line:column`` (syntax) or the dotted key (types).
``raw`` is what a write starts from (placeholders kept); ``data`` is the substituted
view commands read. Writing lives in :mod:`config.writer`; key paths and defaults in
:mod:`config.schema`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.config.parse import (
    UNRESOLVED,
    check_depth,
    invalid_config,
    parse_config_bytes,
    read_config_bytes,
    validate_config,
)
from openclaw_venice_cli.config.schema import (
    DEFAULT_API,
    DEFAULT_BASE_URL,
    DEFAULT_MODEL_REF,
    ENV_SPECIAL,
)
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.keys import register_secret
from openclaw_venice_cli.netloc import url_password

__all__ = ["DEFAULT_API", "DEFAULT_BASE_URL", "DEFAULT_MODEL_REF", "Config", "KeyInfo",
           "ProviderConfig", "load_config", "substitute"]

_TOKEN = re.compile(r"\$\$\{([A-Z_][A-Z0-9_]*)\}|\$\{([A-Z_][A-Z0-9_]*)\}")
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.IGNORECASE)


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


class KeySources:
    """Where else a key may come from: ``~/.openclaw/.env`` and OpenClaw's stores."""

    __slots__ = ("display", "dotenv", "dotenv_path", "state_dir")

    def __init__(self, dotenv: Mapping[str, str], dotenv_path: Path | None,
                 state_dir: Path | None, display: Callable[[Path], str] = str) -> None:
        self.dotenv = dotenv
        self.dotenv_path = dotenv_path
        self.state_dir = state_dir
        self.display = display


NO_SOURCES = KeySources({}, None, None)


class Config:
    """A loaded config. ``process_environ`` (extra to the contract) is the process env
    without the config ``env`` block; ``None`` means "same as ``environ``". ``sources``
    adds the ``.env`` file and OpenClaw's credential stores to the key lookup."""

    __slots__ = ("_key", "data", "environ", "exists", "had_comments", "key_problems", "path",
                 "process_environ", "raw", "sources")

    def __init__(self, path: Path, exists: bool, raw: dict[str, Any], data: dict[str, Any],
                 environ: dict[str, str], had_comments: bool,
                 process_environ: Mapping[str, str] | None = None,
                 sources: KeySources = NO_SOURCES) -> None:
        self.path = path
        self.exists = exists
        self.raw = raw
        self.data = data
        self.environ = environ
        self.had_comments = had_comments
        self.process_environ = process_environ
        self.sources = sources
        self.key_problems: list[str] = []  # stores that could not be read (for messages)
        self._key: tuple[KeyInfo | None] | None = None

    def _process(self, name: str) -> str | None:
        """A variable of the process environment, else of ``~/.openclaw/.env``."""
        source = self.environ if self.process_environ is None else self.process_environ
        return _usable_var(source.get(name)) or _usable_var(self.sources.dotenv.get(name))

    def default_model_ref(self) -> str:
        """``agents.defaults.model.primary`` or :data:`DEFAULT_MODEL_REF`."""
        return schema.default_model(self.data) or DEFAULT_MODEL_REF

    def _provider_blocks(self) -> Mapping[str, Any]:
        return schema.object_at(self.data, schema.PROVIDERS)

    def venice_key(self) -> KeyInfo | None:
        """Process env > ``~/.openclaw/.env`` > ``env.VENICE_API_KEY`` >
        ``env.vars.VENICE_API_KEY`` > ``apiKey`` > OpenClaw's stored ``venice:default``."""
        if self._key is None:
            self._key = (self._find_venice_key(),)
        return self._key[0]

    def _find_venice_key(self) -> KeyInfo | None:
        source = self.environ if self.process_environ is None else self.process_environ
        value = _usable_var(source.get(schema.KEY_VAR))
        if value:
            return KeyInfo(value, "env: VENICE_API_KEY")
        value = _usable_var(self.sources.dotenv.get(schema.KEY_VAR))
        if value and self.sources.dotenv_path is not None:
            register_secret(value)
            return KeyInfo(value, "dotenv: " + self.sources.display(self.sources.dotenv_path))
        env_block = schema.object_at(self.data, schema.ENV)
        candidates = (
            (env_block.get("VENICE_API_KEY"), "config: env.VENICE_API_KEY"),
            (schema.object_at(env_block, ("vars",)).get("VENICE_API_KEY"),
             "config: env.vars.VENICE_API_KEY"),
            (schema.object_at(self._provider_blocks(), ("venice",)).get("apiKey"),
             "config: models.providers.venice.apiKey"),
        )
        for candidate, label in candidates:
            info = _config_key(candidate, label)
            if info:
                return info
        return self._stored_key()

    def _stored_key(self) -> KeyInfo | None:
        if self.sources.state_dir is None:
            return None
        from openclaw_venice_cli.config.credentials import stored_venice_key

        found = stored_venice_key(self.sources.state_dir, self.environ)
        self.key_problems = found.problems
        if found.key is None:
            return None
        register_secret(found.key.value)
        where = self.sources.display(found.key.path)
        return KeyInfo(found.key.value, f"store: {where} ({found.key.profile})")

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
        result = {"venice": self._build("venice", schema.object_at(blocks, ("venice",)))}
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
                raise invalid_config(self.path, f"models.providers.{name}.baseUrl is required")
            key = _config_key(block.get("apiKey"), f"config: models.providers.{name}.apiKey")
        register_secret(url_password(base))  # https://user:PASSWORD@host: never shown
        return ProviderConfig(name, base.rstrip("/"), _str(block.get("api"), DEFAULT_API),
                              key, _rows(block))

    def _base_url(self, name: str, block: Mapping[str, Any]) -> str | None:
        value = block.get("baseUrl")
        if not isinstance(value, str) or not value.strip():
            return None
        if UNRESOLVED.search(value):
            raise invalid_config(self.path, f"models.providers.{name}.baseUrl uses an unset "
                                      f"variable ({value.strip()})")
        return value.strip()


# -- small helpers --------------------------------------------------------------------
def _usable_var(value: str | None) -> str | None:
    """A variable's value stripped; blank, ``undefined`` and ``null`` count as unset."""
    return value.strip() if value and value.strip() not in ("undefined", "null") else None


def _str(value: Any, default: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else default


def _usable(value: Any) -> str | None:
    """A key from config: a non-blank string without an unresolved ``${VAR}``."""
    if isinstance(value, str) and value.strip() and not UNRESOLVED.search(value):
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
    env_block = schema.object_at(raw, schema.ENV)
    pairs = list(schema.object_at(env_block, ("vars",)).items())
    pairs += [(k, v) for k, v in env_block.items() if k not in ENV_SPECIAL]
    result: dict[str, str] = {}
    for name, value in pairs:
        if not isinstance(value, str):
            continue
        resolved = substitute(value, process, lambda _n, _w: None)
        if not UNRESOLVED.search(resolved):
            result[name] = resolved
            if _SECRET_NAME.search(name):
                register_secret(resolved)
    return result


def _key_sources(env: Environment) -> KeySources:
    """``$OPENCLAW_STATE_DIR/.env`` (``~/.openclaw/.env``) read now; the stores later."""
    from openclaw_venice_cli.config.dotenv import FILE_NAME, read_dotenv

    dotenv = read_dotenv(env.state_dir / FILE_NAME)
    if dotenv.problem:
        env.warn_once(f"Ignoring {env.display_path(dotenv.path)}: {dotenv.problem}.")
    for name, value in dotenv.values.items():
        if _SECRET_NAME.search(name):
            register_secret(value)
    return KeySources(dotenv.values, dotenv.path, env.state_dir, env.display_path)


def _expand_includes(env: Environment, path: Path, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` with OpenClaw's ``$include`` semantics applied (``config/includes.py``)."""
    from openclaw_venice_cli.config.includes import include_roots, resolve_includes

    resolved = resolve_includes(raw, path, include_roots(env.environ, env.home))
    if not isinstance(resolved, dict):
        raise invalid_config(path, "the $include at the root must name an object")
    return resolved


def load_config(env: Environment) -> Config:
    """Load ``env.config_path``: a missing file is an empty config; errors -> ConfigError.

    Variables: the process env wins, then ``~/.openclaw/.env``, then the ``env`` block.
    """
    path = env.config_path
    process = dict(env.environ)
    sources = _key_sources(env)
    # the .env file fills in what the process env lacks (OpenClaw loads it into the env)
    merged = {**{k: v for k, v in sources.dotenv.items() if v}, **{
        k: v for k, v in process.items() if _usable_var(v)}}
    data_bytes = read_config_bytes(path)
    if data_bytes is None:
        return Config(path, False, {}, {}, merged, False, process, sources)
    raw, had_comments = parse_config_bytes(path, data_bytes)
    if b"$include" in data_bytes:
        raw = _expand_includes(env, path, raw)
        check_depth(path, raw)  # each file within the limit is not enough once merged
    environ = dict(merged)
    for name, value in _config_vars(raw, merged).items():
        if _usable_var(merged.get(name)) is None:
            environ[name] = value

    def warn(name: str, where: str) -> None:
        env.warn_once(f'Config ({path}): missing env var "{name}" at {where} - '
                      "feature using this value will be unavailable")

    data = substitute(raw, environ, warn)
    validate_config(path, data)
    for block in schema.object_at(data, schema.PROVIDERS).values():
        register_secret(_usable(block.get("apiKey")))
    return Config(path, True, raw, data, environ, had_comments, process, sources)
