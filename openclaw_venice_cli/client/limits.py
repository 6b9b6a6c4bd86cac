"""Size limits on what servers send, and the bounded decoder that enforces them (pure).

Everything read from a server is capped by its *decoded* size, so a small gzip body
cannot inflate into gigabytes ("gzip bomb"): :class:`BoundedDecoder` undoes the
``Content-Encoding`` itself (identity, gzip, deflate: the only ones openclaw asks for),
in pieces of at most :data:`PIECE` bytes, and raises :class:`ResponseTooLarge` as soon
as the total passes the limit. ``client/body.py`` feeds it ``httpx``'s raw bytes
(``read_body``/``iter_body``); new endpoints pick or add a limit here.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from openclaw_venice_cli.errors import ResponseTooLarge, ServerError

MB = 1000 * 1000  # decimal, as sizes are shown (format_size)
PIECE = 64 * 1024  # largest piece of decoded output produced at once

# Decoded-size caps, per kind of answer (bytes).
MODELS_LIMIT = 16 * MB  # GET /models (Venice's whole catalog is well under 1 MB)
KEY_CHECK_LIMIT = 1 * MB  # GET /api_keys/rate_limits
COMPLETION_LIMIT = 16 * MB  # a whole (non-streamed) chat completion (128k tokens ≈ 1 MB)
STREAM_LIMIT = 256 * MB  # a whole streamed answer (128k tokens of SSE are ≈ 35 MB)
SSE_LINE_LIMIT = 16 * MB  # one SSE line, or one event's data (characters)
ERROR_BODY_LIMIT = 64 * 1000  # an error answer: read this much, then stop (no failure)

ENCODINGS = "gzip, deflate"  # what openclaw sends as Accept-Encoding


def format_size(size: int) -> str:
    """``512 B``, ``3.2 kB``, ``64 MB`` (decimal units, as file managers show them)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else (
                f"{value:.1f} {unit}")
    return f"{size} B"


def too_large(what: str, limit: int, cf_ray: str | None = None) -> ResponseTooLarge:
    """The error for an answer past its cap (exit 8)."""
    return ResponseTooLarge(f"The server sent more than {format_size(limit)} for {what}; "
                            "openclaw stopped reading", cf_ray=cf_ray)


class BoundedDecoder:
    """Incremental ``Content-Encoding`` decoding with a cap on the decoded size.

    ``feed(raw)`` and ``flush()`` yield decoded pieces of at most :data:`PIECE` bytes.
    Past ``limit`` decoded bytes: :class:`ResponseTooLarge`, or, with ``truncate``, the
    output simply stops at the limit. An encoding other than identity/gzip/deflate, or
    a corrupt compressed body, raises :class:`ServerError`.
    """

    def __init__(self, encoding: str | None, limit: int, what: str, *,
                 truncate: bool = False, cf_ray: str | None = None) -> None:
        self.limit = limit
        self.what = what
        self.truncate = truncate
        self.cf_ray = cf_ray
        self.total = 0
        self.full = False  # truncate mode: the limit was reached, the rest is dropped
        self._deflate_raw = False
        name = (encoding or "").strip().lower()
        if name in ("", "identity"):
            self._zlib = None
        elif name in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._zlib = zlib.decompressobj()
            self._deflate_raw = True  # may still turn out to be raw deflate (no header)
        else:
            raise ServerError(f"The server sent {what} in an encoding openclaw does not "
                              f"read ({encoding})", cf_ray=cf_ray)

    def _count(self, piece: bytes) -> bytes:
        room = self.limit - self.total
        if len(piece) > room:
            if not self.truncate:
                raise too_large(self.what, self.limit, self.cf_ray)
            piece, self.full = piece[:room], True
        self.total += len(piece)
        return piece

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data`` (raw bytes as received)."""
        if self.full or not data:
            return
        if self._zlib is None:
            for start in range(0, len(data), PIECE):
                piece = self._count(data[start:start + PIECE])
                if piece:
                    yield piece
                if self.full:
                    return
            return
        yield from self._inflate(data)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        decompressor = self._zlib
        assert decompressor is not None
        while True:
            try:
                out = decompressor.decompress(data, PIECE)
            except zlib.error as error:
                if self._deflate_raw and self.total == 0:  # "deflate" without zlib header
                    self._deflate_raw = False
                    self._zlib = decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise ServerError(f"The server sent {self.what} that could not be "
                                  "decompressed", cf_ray=self.cf_ray) from error
            self._deflate_raw = False
            if out:
                out = self._count(out)
                if out:
                    yield out
                if self.full:
                    return
            rest = decompressor.unconsumed_tail
            if decompressor.eof or (not rest and len(out) < PIECE) or (
                    not out and rest == data):
                return  # anything after the end of the compressed stream is ignored
            data = rest

    def flush(self) -> Iterator[bytes]:
        """The end of the body: whatever the decompressor still holds."""
        if self._zlib is not None and not self.full:
            yield from self._inflate(b"")


def read_bounded(chunks: Iterable[bytes], encoding: str | None, limit: int, what: str, *,
                 truncate: bool = False, cf_ray: str | None = None) -> bytes:
    """All of ``chunks`` decoded, at most ``limit`` bytes (see :class:`BoundedDecoder`)."""
    decoder = BoundedDecoder(encoding, limit, what, truncate=truncate, cf_ray=cf_ray)
    out = bytearray()
    for chunk in chunks:
        for piece in decoder.feed(chunk):
            out += piece
        if decoder.full:
            return bytes(out)
    for piece in decoder.flush():
        out += piece
    return bytes(out)
