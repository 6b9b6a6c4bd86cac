"""Retry policy of the HTTP client: what to retry and how long to wait (pure, no I/O)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime

MAX_WAIT = 30.0  # seconds; a server asking for longer is not retried
BASE_DELAY = 0.5  # seconds; doubled per attempt, plus jitter
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_retryable_status(status: int) -> bool:
    """429 and 5xx only; never 400/401/402/403/404/413/415/422."""
    return status in RETRY_STATUSES or status >= 500


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date.

    A value that is not a finite, non-negative number of seconds (``inf``, ``nan``,
    ``-5``) is no hint at all (``None``: the back-off applies); a date already past is 0.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        try:
            return max(0.0, when.timestamp() - now)
        except (OverflowError, ValueError, OSError):
            return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def parse_reset(value: str | None, now: float) -> float | None:
    """A rate-limit reset header as seconds from ``now``.

    Values ≥ 1e12 are epoch milliseconds, ≥ 1e9 epoch seconds, anything smaller is a
    number of seconds from now. A reset time already past gives ``None`` (no hint).
    """
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if number >= 1e12:
        seconds = number / 1000.0 - now
    elif number >= 1e9:
        seconds = number - now
    else:
        seconds = number
    return seconds if seconds > 0 else None


def backoff(attempt: int, rand: Callable[[], float] = random.random) -> float:
    """Exponential back-off with jitter for retry number ``attempt`` (1-based)."""
    base: float = BASE_DELAY * (2 ** (attempt - 1))
    return min(MAX_WAIT, base + base * 0.5 * rand())


def wait_for(status: int | None, headers: Mapping[str, str], attempt: int, now: float,
             rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry ``attempt``: Retry-After, then reset headers, else back-off.

    The result may exceed :data:`MAX_WAIT`; the caller then gives up instead of waiting.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    hinted = parse_retry_after(lowered.get("retry-after"), now)
    if hinted is None and status == 429:
        for name in ("x-ratelimit-reset-requests", "x-ratelimit-resets"):
            hinted = parse_reset(lowered.get(name), now)
            if hinted is not None:
                break
    return hinted if hinted is not None else backoff(attempt, rand)


def format_seconds(seconds: float) -> str:
    """``2``, ``0.5``, ``12``: whole seconds when large or integral, else one decimal;
    beyond a day, ``more than 86400``."""
    if not seconds <= 86400:  # nan and inf too
        return "more than 86400"
    if seconds >= 10 or abs(seconds - round(seconds)) < 0.05:
        return str(round(seconds))
    return f"{seconds:.1f}"
