"""Masking and redaction of API keys. A key is never printed, logged or cached in full."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_KEY_VARIABLES = ("VENICE_API_KEY",)
_registered: set[str] = set()


def mask_key(key: str | None) -> str:
    """``VENI…abcd``: first 4 and last 4 characters; short keys show only ``…`` + last 2."""
    if not key:
        return "(none)"
    key = key.strip()
    if len(key) >= 12:
        return f"{key[:4]}…{key[-4:]}"
    if len(key) >= 6:
        return f"…{key[-2:]}"
    return "…"


def register_secret(value: str | None) -> None:
    """Remember a secret (e.g. a key read from config) so :func:`redact_text` hides it."""
    if value and len(value.strip()) >= 6:
        _registered.add(value.strip())


def redact_text(text: str, environ: Mapping[str, str] | None = None,
                extra: Iterable[str] = ()) -> str:
    """Replace every known secret in ``text`` with its masked form."""
    secrets = set(_registered)
    secrets.update(s for s in extra if s)
    if environ is not None:
        for name in _KEY_VARIABLES:
            value = environ.get(name)
            if value and len(value.strip()) >= 6:
                secrets.add(value.strip())
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, mask_key(secret))
    return text
