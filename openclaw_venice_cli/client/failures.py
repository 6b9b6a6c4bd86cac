"""How the HTTP client words and sorts transport failures (pure, no httpx)."""

from __future__ import annotations

import socket

from openclaw_venice_cli.errors import ApiError, NetworkError


def reason(exc: BaseException) -> str:
    """A short reason from an httpx error: ``[Errno 111] Connection refused`` -> the words."""
    text = str(exc).strip() or type(exc).__name__
    if text.startswith("[Errno") and "]" in text:
        text = text.split("]", 1)[1].strip()
    return text


def is_name_failure(exc: BaseException) -> bool:
    """True when the host name does not resolve (retrying would not help)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror) and seen.errno != socket.EAI_AGAIN:
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "Name or service not known" in text or "nodename nor servname" in text


class Unsent(Exception):
    """A connection failure before anything was sent: the one retryable transport error."""

    def __init__(self, error: NetworkError) -> None:
        super().__init__(error.message)
        self.error = error


def with_note(error: Exception, note: str | None) -> Exception:
    """The same error with ``(note)`` added to its message (CF-RAY stays last)."""
    if note is None:
        return error
    if isinstance(error, ApiError):
        return type(error)(f"{error.api_message} ({note})", status=error.status,
                           code=error.code, cf_ray=error.cf_ray)
    if isinstance(error, NetworkError):
        return NetworkError(f"{error.message} ({note})")
    return error
