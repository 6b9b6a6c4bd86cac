"""The on-disk model cache: plain JSON under the user cache dir, one file per base URL.

``<cache_dir>/models-<sha1(base_url)[:12]>.json`` holds ``{"version": 1, "fetchedAt":
<epoch s>, "models": [rows]}`` (text models; another type's list is ``…-<type>.json``);
``...failed.json`` remembers a failed discovery so a dead network is not retried on
every call. Files are 0600 in a 0700 dir, written atomically.
Rows are mapped models only: the cache never holds a key (nor the base URL). Any error
reading or writing is swallowed: the cache is an optimisation, never a failure.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import sha1
else:
    try:  # CPython's built-in SHA-1: 0.3 ms to import, where hashlib loads OpenSSL (4.5 ms)
        from _sha1 import sha1
    except ImportError:  # pragma: no cover - interpreters built without it
        from hashlib import sha1

CACHE_VERSION = 1
CACHE_TTL = 3600.0  # a cache younger than this is used without any network
FAILURE_TTL = 300.0  # after a failed discovery, do not retry for this long


def _stem(base_url: str, kind: str) -> str:
    stem = "models-" + sha1(base_url.rstrip("/").encode("utf-8")).hexdigest()[:12]
    return stem if kind == "text" else f"{stem}-{kind}"


def cache_path(cache_dir: Path, base_url: str, kind: str = "text") -> Path:
    """The cache of one model type: ``models-<hash>.json`` for text, ``…-<type>.json``."""
    return cache_dir / (_stem(base_url, kind) + ".json")


def failure_path(cache_dir: Path, base_url: str, kind: str = "text") -> Path:
    return cache_dir / (_stem(base_url, kind) + ".failed.json")


MAX_FILE_BYTES = 32 * 1000 * 1000  # a cache file is written by us; anything bigger is not


def _read_json(path: Path) -> Any:
    """The file's JSON, or None (missing, too big, not JSON, nested too deeply)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None
        return json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _write_json(path: Path, data: Any) -> bool:
    """Write through :mod:`privatefile` (0600 in a 0700 dir, atomic); False on failure."""
    from openclaw_venice_cli import privatefile  # only when writing (start-up time)

    try:
        privatefile.ensure_private_dir(path.parent)
        privatefile.write_private_file(
            path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
    except OSError:
        return False
    return True


def read_cache(cache_dir: Path, base_url: str,
               kind: str = "text") -> tuple[list[Any], float] | None:
    """``(rows, fetched_at)`` of the cache file, None when absent or malformed."""
    data = _read_json(cache_path(cache_dir, base_url, kind))
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return None
    fetched_at = _number(data.get("fetchedAt"))
    rows = data.get("models")
    if fetched_at is None or not isinstance(rows, list):
        return None
    return rows, fetched_at


def write_cache(cache_dir: Path, base_url: str, rows: list[dict[str, Any]],
                fetched_at: float, kind: str = "text") -> bool:
    data = {"version": CACHE_VERSION, "fetchedAt": fetched_at, "models": rows}
    return _write_json(cache_path(cache_dir, base_url, kind), data)


def is_fresh(fetched_at: float, now: float, ttl: float = CACHE_TTL) -> bool:
    """Younger than ``ttl``; a timestamp in the future (clock change) is not fresh."""
    return 0 <= now - fetched_at < ttl


def read_failure(cache_dir: Path, base_url: str, now: float,
                 kind: str = "text") -> tuple[float, str] | None:
    """``(when, reason)`` of a discovery failure less than FAILURE_TTL ago, else None."""
    data = _read_json(failure_path(cache_dir, base_url, kind))
    if not isinstance(data, dict):
        return None
    when = _number(data.get("failedAt"))
    reason = data.get("reason")
    if when is None or not isinstance(reason, str) or not is_fresh(when, now, FAILURE_TTL):
        return None
    return when, reason


def write_failure(cache_dir: Path, base_url: str, reason: str, now: float,
                  kind: str = "text") -> None:
    _write_json(failure_path(cache_dir, base_url, kind), {"failedAt": now, "reason": reason})


def clear_failure(cache_dir: Path, base_url: str, kind: str = "text") -> None:
    with contextlib.suppress(OSError):
        failure_path(cache_dir, base_url, kind).unlink()
