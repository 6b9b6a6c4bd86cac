"""A 2xx answer being read: status and headers at once, the body on demand, capped.

``ApiClient.post`` returns one. Every read takes a ``limit`` (bytes after
decompression, see ``client/limits.py``): a server cannot make us hold or write more
than the caller allows. Failures are one-line OpenclawErrors (exit 8 or 9).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from openclaw_venice_cli.errors import ServerError


class Reply:
    """Status, lower-cased headers, ``content_type`` and ``cf_ray``; the body via
    :meth:`chunks` / :meth:`read` / :meth:`json_object` (each reads it once)."""

    def __init__(self, status: int, headers: Mapping[str, str],
                 chunks: Callable[[int], Iterator[bytes]], close: Callable[[], None]) -> None:
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.content_type = self.headers.get("content-type", "").split(";")[0].strip().lower()
        self.cf_ray = self.headers.get("cf-ray")
        self._chunks = chunks
        self._close = close

    def chunks(self, limit: int) -> Iterator[bytes]:
        """The body's bytes as they arrive; :class:`ResponseTooLarge` past ``limit``."""
        return self._chunks(limit)

    def read(self, limit: int) -> bytes:
        """The whole body (at most ``limit`` bytes)."""
        return b"".join(self.chunks(limit))

    def json_object(self, limit: int) -> dict[str, Any]:
        """The body as a JSON object; ServerError when it is anything else."""
        data = self.read(limit)
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError) as error:
            raise ServerError("The server sent an answer that is not valid JSON",
                              status=self.status, cf_ray=self.cf_ray) from error
        if not isinstance(obj, dict):
            raise ServerError("The server sent an unexpected JSON answer", status=self.status,
                              cf_ray=self.cf_ray)
        return obj

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Reply:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
