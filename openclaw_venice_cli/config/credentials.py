"""The Venice key OpenClaw's own onboarding stored: read only, from its SQLite stores.

OpenClaw 2026.9 keeps API keys out of ``openclaw.json``: ``onboard`` writes them to
``<state>/state/openclaw.sqlite`` (table ``config_machine_state``, row
``authProfiles.store``) and ``configure`` to the main agent's
``<state>/agents/main/agent/openclaw-agent.sqlite`` (table ``auth_profile_store``, row
``primary``). Both hold ``{"version":1,"profiles":{"venice:default":{"type":"api_key",
"provider":"venice","key":"…"}}}``; a profile may hold ``keyRef: {source: "env", id}``
instead. We open them read-only (``mode=ro``, short busy timeout) with the stdlib
``sqlite3``, imported only when a store file exists; a missing, locked or unreadable
store is no key plus a ``problem`` to mention, never a failure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

PROFILE = "venice:default"
PROVIDER = "venice"
MAX_JSON = 1024 * 1024
# (path under the state dir, query) in the order OpenClaw's onboarding then configure write
STORES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("state", "openclaw.sqlite"),
     "SELECT substr(value_json, 1, ?) FROM config_machine_state "
     "WHERE state_key = 'authProfiles.store'"),
    (("agents", "main", "agent", "openclaw-agent.sqlite"),
     "SELECT substr(store_json, 1, ?) FROM auth_profile_store WHERE store_key = 'primary'"),
)


class StoredKey(NamedTuple):
    """A key found in a store: the value, the store file and the profile id."""

    value: str
    path: Path
    profile: str


class StoreLookup(NamedTuple):
    """What a lookup found: the key (or None) and why a store could not be used."""

    key: StoredKey | None
    problems: list[str]


def _read_json(path: Path, query: str) -> Any:
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=0.2)
    try:
        row = connection.execute(query, (MAX_JSON + 1,)).fetchone()
    finally:
        connection.close()
    if row is None or not isinstance(row[0], str):
        return None
    if len(row[0]) > MAX_JSON:
        raise ValueError("the stored profiles are larger than 1 MiB")
    return json.loads(row[0])


def _profile_key(profile: Any, environ: Mapping[str, str]) -> str | None:
    """An ``api_key`` profile's key, or the env variable its ``keyRef`` names."""
    if not isinstance(profile, Mapping) or profile.get("provider") != PROVIDER:
        return None
    if profile.get("type", "api_key") != "api_key":
        return None
    key = profile.get("key")
    if isinstance(key, str) and key.strip():
        return key.strip()
    ref = profile.get("keyRef")
    if isinstance(ref, Mapping) and ref.get("source") == "env" and isinstance(
            ref.get("id"), str):
        value = environ.get(ref["id"])
        return value.strip() if value and value.strip() else None
    return None


def _pick(profiles: Mapping[str, Any], environ: Mapping[str, str]) -> tuple[str, str] | None:
    """``venice:default`` first, then any other Venice API-key profile (sorted by id)."""
    order = [PROFILE, *sorted(name for name in profiles if name != PROFILE)]
    for name in order:
        key = _profile_key(profiles.get(name), environ)
        if key:
            return name, key
    return None


def stored_venice_key(state_dir: Path, environ: Mapping[str, str]) -> StoreLookup:
    """The Venice key from OpenClaw's stores under ``state_dir`` (read only)."""
    problems: list[str] = []
    for parts, query in STORES:
        path = state_dir.joinpath(*parts)
        if not path.is_file():
            continue
        import sqlite3

        try:
            data = _read_json(path, query)
        except (sqlite3.Error, OSError, ValueError) as error:  # locked, not a db, bad JSON
            problems.append(f"{path}: {' '.join(str(error).split()) or type(error).__name__}")
            continue
        profiles = data.get("profiles") if isinstance(data, Mapping) else None
        found = _pick(profiles, environ) if isinstance(profiles, Mapping) else None
        if found:
            return StoreLookup(StoredKey(found[1], path, found[0]), problems)
    return StoreLookup(None, problems)
