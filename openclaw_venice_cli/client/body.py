"""Reading an answer's body from httpx, bounded, with failures as OpenclawErrors.

Every body the client reads goes through :func:`iter_body` (decoded size capped, so a gzip
bomb cannot inflate), :func:`body_chunks` (httpx failures mapped to exit codes) or
:func:`read_body`; :func:`started_from` turns the status and Venice's headers into the
first stream event. Part of the client: the only part that imports httpx.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

from openclaw_venice_cli.client import limits
from openclaw_venice_cli.client.events import ResponseStarted
from openclaw_venice_cli.errors import NetworkError, ServerError

CUT_MESSAGE = "The connection closed before the answer was complete"


def started_from(response: httpx.Response) -> ResponseStarted:
    """The :class:`ResponseStarted` event for a response's status and Venice headers."""
    h = response.headers
    return ResponseStarted(
        status=response.status_code, balance_usd=h.get("x-venice-balance-usd"),
        balance_diem=h.get("x-venice-balance-diem"), cf_ray=h.get("cf-ray"),
        model_id=h.get("x-venice-model-id"),
        deprecation_warning=h.get("x-venice-model-deprecation-warning"),
        deprecation_date=h.get("x-venice-model-deprecation-date"),
        replacement=h.get("x-venice-deprecated-replacement"),
    )


def iter_body(response: httpx.Response, limit: int, what: str, *,
              truncate: bool = False) -> Iterator[bytes]:
    """The response body, decoded, in pieces; never more than ``limit`` decoded bytes.

    A gzip bomb cannot inflate past the limit (:class:`ResponseTooLarge`, exit 8; a
    declared ``Content-Length`` over it fails before reading); with ``truncate`` the body
    just ends there. httpx's own exceptions pass through (see :func:`body_chunks`).
    """
    headers = response.headers
    encoding, cf_ray = headers.get("content-encoding"), headers.get("cf-ray")
    declared = headers.get("content-length", "")
    if not truncate and not encoding and declared.isdigit() and int(declared) > limit:
        raise limits.too_large(what, limit, cf_ray)
    decoder = limits.BoundedDecoder(encoding, limit, what, truncate=truncate, cf_ray=cf_ray)
    for chunk in response.iter_raw():  # as received: no latency added
        yield from decoder.feed(chunk)
        if decoder.full:
            return
    yield from decoder.flush()


def body_chunks(response: httpx.Response, limit: int, what: str, timeout: float, *,
                truncate: bool = False) -> Iterator[bytes]:
    """:func:`iter_body` with failures as OpenclawErrors (a stall or a cut: exit 9; an
    undecodable body: exit 8); the response is closed at the end."""
    try:
        yield from iter_body(response, limit, what, truncate=truncate)
    except httpx.TimeoutException as error:
        raise stalled(timeout) from error
    except (httpx.DecodingError, zlib.error) as error:
        raise ServerError(f"The server sent {what} that could not be decoded",
                          status=response.status_code,
                          cf_ray=response.headers.get("cf-ray")) from error
    except httpx.TransportError as error:
        raise NetworkError(CUT_MESSAGE) from error
    finally:
        response.close()


def read_body(response: httpx.Response, limit: int, what: str, *, timeout: float = 0.0,
              truncate: bool = False) -> bytes:
    """All of :func:`body_chunks` as bytes."""
    return b"".join(body_chunks(response, limit, what, timeout, truncate=truncate))


def stalled(timeout: float) -> NetworkError:
    return NetworkError(f"The server stopped sending for {timeout:g} s before the answer "
                        "was complete")
