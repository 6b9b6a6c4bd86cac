"""Error classes, their documented exit codes, and the one-line messages users see.

Every failure the user can cause or meet (bad flags, bad config, API errors, network
trouble, Ctrl-C) is an :class:`OpenclawError`. ``cli.py`` prints ``str(error)`` as a
single line on stderr and exits with ``error.exit_status``. Tracebacks are shown only
with ``OPENCLAW_DEBUG=1``. The table in ``docs/exit-codes.md`` mirrors :class:`ExitStatus`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    """Documented process exit codes (see docs/exit-codes.md)."""

    OK = 0
    ERROR = 1  # general failure (OpenClaw-compatible: missing key, unknown provider, ...)
    USAGE = 2  # bad flags or arguments (Click's convention)
    CONFIG = 3  # config file unreadable, unparsable or invalid
    AUTH = 4  # 401 / 403: key rejected or not allowed
    BALANCE = 5  # 402: insufficient balance, spend limit, no credentials
    NOT_FOUND = 6  # 404: unknown model, character or route
    RATE_LIMITED = 7  # 429 after the allowed retries
    SERVER = 8  # 5xx after retries, in-band stream error, malformed stream
    NETWORK = 9  # connection refused, DNS, timeout, stream cut before [DONE]
    REQUEST = 10  # 400 / 413 / 415 / 422: the request was rejected as invalid
    TOOL_CALLS = 11  # chat finished by asking for tool calls (printed as JSON)
    CONTENT_FILTERED = 12  # the answer was stopped by the provider's content filter
    HANGUP = 129  # SIGHUP (the terminal went away); the partial answer is kept
    INTERRUPTED = 130  # Ctrl-C / SIGINT
    TERMINATED = 143  # SIGTERM; the partial answer is kept


# What each code means, in the words help texts use (docs/exit-codes.md says the same).
EXIT_CODE_WORDS: dict[ExitStatus, str] = {
    ExitStatus.OK: "ok",
    ExitStatus.ERROR: "error",
    ExitStatus.USAGE: "bad usage",
    ExitStatus.CONFIG: "bad config",
    ExitStatus.AUTH: "key rejected",
    ExitStatus.BALANCE: "no credit",
    ExitStatus.NOT_FOUND: "not found",
    ExitStatus.RATE_LIMITED: "rate limited",
    ExitStatus.SERVER: "server error",
    ExitStatus.NETWORK: "network",
    ExitStatus.REQUEST: "request rejected",
    ExitStatus.TOOL_CALLS: "tool calls",
    ExitStatus.CONTENT_FILTERED: "content filtered",
    ExitStatus.HANGUP: "hangup",
    ExitStatus.INTERRUPTED: "interrupted",
    ExitStatus.TERMINATED: "terminated",
}


def exit_codes_help(statuses: tuple[ExitStatus, ...] = tuple(ExitStatus),
                    notes: Mapping[ExitStatus, str] | None = None, width: int = 80) -> str:
    """The ``Exit codes: 0 ok, 1 error, …`` paragraph of a help text (Click's ``\b``
    keeps its line breaks). ``notes`` adds a command's own detail to a code."""
    notes = notes or {}
    items = [f"{int(s)} {EXIT_CODE_WORDS[s]}" + (f" ({notes[s]})" if s in notes else "")
             for s in statuses]
    lines, line = [], "Exit codes:"
    for index, item in enumerate(items):
        piece = f" {item}" + ("," if index < len(items) - 1 else ".")
        if len(line) + len(piece) > width:
            lines.append(line)
            line = piece.lstrip()
        else:
            line += piece
    lines.append(line)
    return "\b\n" + "\n".join(lines)


class OpenclawError(Exception):
    """Base class: a message for one stderr line plus an exit status."""

    exit_status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(OpenclawError):
    """Bad command-line usage detected by our own checks (not by Click)."""

    exit_status = ExitStatus.USAGE


class ConfigError(OpenclawError):
    """The config file cannot be read, parsed or validated. It is never rewritten."""

    exit_status = ExitStatus.CONFIG


class NetworkError(OpenclawError):
    """The server could not be reached, timed out, or cut the stream."""

    exit_status = ExitStatus.NETWORK


class Interrupted(OpenclawError):
    """The user pressed Ctrl-C."""

    exit_status = ExitStatus.INTERRUPTED

    def __init__(self, message: str = "Interrupted.") -> None:
        super().__init__(message)


class ApiError(OpenclawError):
    """An HTTP error answer (or in-band stream error) from the API."""

    exit_status = ExitStatus.SERVER

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        cf_ray: str | None = None,
    ) -> None:
        full = message if not cf_ray else f"{message} (CF-RAY {cf_ray})"
        super().__init__(full)
        self.status = status
        self.code = code
        self.cf_ray = cf_ray
        self.api_message = message


class AuthError(ApiError):
    exit_status = ExitStatus.AUTH


class BalanceError(ApiError):
    exit_status = ExitStatus.BALANCE


class NotFoundError(ApiError):
    exit_status = ExitStatus.NOT_FOUND


class RateLimitError(ApiError):
    exit_status = ExitStatus.RATE_LIMITED


class ServerError(ApiError):
    exit_status = ExitStatus.SERVER


class RequestRejected(ApiError):
    exit_status = ExitStatus.REQUEST


class ContentFiltered(ApiError):
    """The provider's content filter stopped the answer (``finish_reason:
    content_filter``, or an in-band ``content_filter_error``)."""

    exit_status = ExitStatus.CONTENT_FILTERED


class ResponseTooLarge(ServerError):
    """The server sent more than the limit for this kind of answer (client/limits.py)."""


class BlockedError(ApiError):
    """A 401/403 answered by an HTML page: a firewall, proxy or CDN, not the API."""

    exit_status = ExitStatus.NETWORK


class OutputError(OpenclawError):
    """stdout or an output file cannot be written (closed with ``>&-``, a full disk, an
    I/O error); nothing partial is left in a file (``media/output.py``)."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (never caught by ``except
    Exception``), keep what arrived, exit 143 or 129 (see ``cli.stop_on_signals``)."""

    def __init__(self, exit_status: ExitStatus, message: str) -> None:
        super().__init__(message)
        self.exit_status = exit_status
        self.message = message

    def __str__(self) -> str:
        return self.message


_CLASS_BY_STATUS: dict[int, type[ApiError]] = {
    400: RequestRejected,
    401: AuthError,
    402: BalanceError,
    403: AuthError,
    404: NotFoundError,
    409: RequestRejected,
    410: NotFoundError,
    413: RequestRejected,
    415: RequestRejected,
    422: RequestRejected,
    429: RateLimitError,
}

_PREFIX_BY_STATUS: dict[int, str] = {
    401: "The API key was rejected (401)",
    402: "Payment required (402)",
    403: "Access denied (403)",
    404: "Not found (404)",
    429: "Rate limited (429)",
}


def extract_error_message(body: Any) -> tuple[str | None, str | None]:
    """Return ``(message, code)`` from any documented Venice/OpenAI/FastAPI error body.

    Order: ``error`` if a string; ``error.message``; ``message``; ``detail``. The code
    comes from ``code`` or ``error.code``. Validation bodies add their first issue.
    """
    if not isinstance(body, Mapping):
        return None, None
    message: str | None = None
    code: Any = body.get("code")
    err = body.get("error")
    if isinstance(err, str) and err.strip():
        message = err.strip()
    elif isinstance(err, Mapping):
        inner = err.get("message")
        if isinstance(inner, str) and inner.strip():
            message = inner.strip()
        code = code or err.get("code")
    elif isinstance(err, list) and err and isinstance(err[0], Mapping):
        inner = err[0].get("message")
        if isinstance(inner, str):
            message = inner.strip()
    if message is None:
        for key in ("message", "detail"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                message = value.strip()
                break
    issues = body.get("issues")
    if isinstance(issues, list) and issues and isinstance(issues[0], Mapping):
        issue_msg = issues[0].get("message")
        path = issues[0].get("path")
        if isinstance(issue_msg, str):
            where = ".".join(str(p) for p in path) if isinstance(path, list) and path else ""
            detail = f"{where}: {issue_msg}" if where else issue_msg
            message = f"{message}: {detail}" if message else detail
    return message, (str(code) if code is not None and code != "" else None)


def is_html(content_type: str | None, body: bytes) -> bool:
    """True for an HTML page (a CDN, proxy or captive-portal page, not an API answer)."""
    if content_type and "html" in content_type.lower():
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<title"))


def html_title(body: bytes) -> str | None:
    """The ``<title>`` of an HTML page (whitespace folded), if it has one."""
    import re

    found = re.search(rb"<title[^>]*>(.*?)</title", body[:65536], re.IGNORECASE | re.DOTALL)
    if not found:
        return None
    title = " ".join(found.group(1).decode("utf-8", "replace").split())
    return title or None


def html_page(body: bytes) -> str:
    """``an HTML page ("502 Bad Gateway")``: how messages name an HTML answer (keys in
    the title masked before it is cut to 100 characters)."""
    from openclaw_venice_cli.keys import redact_text

    title = html_title(body)
    if not title:
        return "an HTML page"
    title = redact_text(title)
    if len(title) > 100:
        title = title[:99] + "…"
    return f'an HTML page ("{title}")'


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes
) -> ApiError:
    """Build the right :class:`ApiError` subclass for an HTTP error answer.

    Keys are masked *before* the body is cut to 200 characters, so a body that echoes
    the key never shows a fragment of it. An HTML page is named by its title; a 401/403
    HTML page comes from something in front of the API (:class:`BlockedError`).
    """
    import json  # not at module top: `openclaw --help` does not need it

    from openclaw_venice_cli.keys import redact_text

    lowered = {k.lower(): v for k, v in headers.items()}
    cf_ray = lowered.get("cf-ray")
    if is_html(lowered.get("content-type"), body):
        page = html_page(body)
        if status in (401, 403):
            return BlockedError(
                f"Blocked ({status}): the server answered with {page}, not the API; a "
                "firewall, proxy or CDN refused the request before the key was checked",
                status=status, cf_ray=cf_ray)
        message: str | None = page
        code: str | None = None
    else:
        parsed: Any = None
        try:
            parsed = json.loads(body.decode("utf-8", "replace")) if body else None
        except (ValueError, RecursionError):
            parsed = None
        message, code = extract_error_message(parsed)
        if message is not None:
            message = redact_text(message)  # masked at the source: callers may cut it
        else:
            text = " ".join(redact_text(body.decode("utf-8", "replace")).split())
            message = (text[:199] + "…" if len(text) > 200 else text) or f"HTTP {status}"
    prefix = _PREFIX_BY_STATUS.get(status)
    if prefix is None:
        prefix = f"Server error ({status})" if status >= 500 else f"Request rejected ({status})"
    cls = _CLASS_BY_STATUS.get(status, ServerError if status >= 500 else RequestRejected)
    return cls(f"{prefix}: {message}", status=status, code=code, cf_ray=cf_ray)
