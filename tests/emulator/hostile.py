"""Hostile answers: what a broken proxy, a captive portal or a malicious server sends.

Selected with ``emulator.set_scenario("hostile", kind=..., on=...)`` (``on``: "chat"
(default), "models" or "rate_limits"). Kinds:

* ``gzip-bomb``: 200 with ``Content-Encoding: gzip`` whose body inflates to ``size``
  bytes of zeros (default 1 GiB from about 1 MB on the wire).
* ``huge-line``: a streamed answer whose second SSE line is ``size`` bytes long (default
  20 MiB), ended by a newline only with ``newline=True``.
* ``html``: a Cloudflare "Just a moment..." page with ``status`` (default 200) and
  ``content_type`` (default ``text/html; charset=UTF-8``).
* ``protocol-error``: the request is read, then ``mode="garbage"`` (default) answers a
  line that is not HTTP, ``mode="close"`` closes the connection without a word.
* ``endless``: a 200 JSON answer that never ends (``{"data": [`` then spaces forever,
  in bounded steps) for size caps on plain bodies.

Terminal control sequences (issue 12): with the ``hostile=True`` option, in any
scenario, the emulator puts :data:`PAYLOAD` into every piece of text it sends that we
may show: the answer and the thinking, error bodies and in-stream errors (with a newline,
for the one-line promise), the header values (CF-RAY, the balances of ``--usage``, the
model name), the model names of ``/models`` (plus a row whose id carries it) and the
media routes' text. What a 20-line server could do to a terminal: set the clipboard (OSC
52), retitle the window (OSC 0/2), clear the screen and the scrollback (CSI 2J/3J, also
as 8-bit C1 controls) and ring the bell.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.emulator.handler import _Handler

MIB = 1 << 20
PAYLOAD = ("\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write "pwned" to the clipboard
           "\x1b]0;pwned-title\x07\x1b]2;pwned\x1b\\"  # OSC 0 and 2: the window title
           "\x1b[2J\x1b[3J"  # CSI 2J, 3J: clear the screen and the scrollback
           "\x9b2J\x9d0;pwned\x9c"  # the same as C1 controls (CSI, OSC ... ST)
           "\x07")  # BEL
#: What must never reach a terminal: the payload's sequences and its C1 characters.
FORBIDDEN = ("\x1b]52", "\x1b]0;", "\x1b]2;", "\x1b[2J", "\x1b[3J", "\x9b", "\x9d",
             "\x9c", "\x07")
#: The start of :data:`PAYLOAD` as ``sanitize.visible`` shows it.
SHOWN = "^[]52;c;cHduZWQ=^G"


def text(label: str) -> str:
    """A hostile message of two lines."""
    return f"{label} {PAYLOAD} end\nsecond line {PAYLOAD}"


def header(value: str) -> str:
    """A hostile header value (no CR or LF: those would end the header)."""
    return f"{value}{PAYLOAD}"
CLOUDFLARE_HTML = (
    "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>"
    "<body><div class=\"main-wrapper\"><h1>api.venice.ai</h1><p>Verifying you are human. "
    "This may take a few seconds.</p></div></body></html>\n"
)


@lru_cache(maxsize=4)
def gzip_zeros(size: int) -> bytes:
    """A valid gzip member of ``size`` zero bytes (whole MiB), built in a fraction of a
    second: after a full flush deflate forgets its history, so every MiB of zeros
    compresses to the same ≈ 1 KB segment, repeated."""
    blocks = max(1, size // MIB)
    block = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (blocks * MIB) & 0xFFFFFFFF)
    return header + segment * blocks + compressor.flush() + trailer


def _head(handler: _Handler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()


def answer(handler: _Handler, opts: dict[str, Any], *, streaming: bool) -> None:
    """Write the hostile answer ``opts["kind"]`` for one request."""
    kind = str(opts.get("kind", "html"))
    common = {"cf-ray": str(opts.get("cf_ray", "988d6fc23956b871-GRU"))}
    try:
        if kind == "gzip-bomb":
            body = gzip_zeros(int(opts.get("size", 1024 * MIB)))
            ctype = "text/event-stream" if streaming else "application/json"
            _head(handler, 200, {**common, "Content-Type": ctype, "Content-Encoding": "gzip",
                                 "Content-Length": str(len(body))})
            handler.wfile.write(body)
        elif kind == "huge-line":
            _huge_line(handler, opts, common)
        elif kind == "html":
            body = CLOUDFLARE_HTML.encode()
            _head(handler, int(opts.get("status", 200)), {
                **common, "Content-Type": str(opts.get("content_type",
                                                       "text/html; charset=UTF-8")),
                "Content-Length": str(len(body)), "Server": "cloudflare"})
            handler.wfile.write(body)
        elif kind == "protocol-error":
            if opts.get("mode", "garbage") == "garbage":
                handler.wfile.write(b"SSH-2.0-OpenSSH_9.6 not http at all\r\n\r\n")
            handler.close_connection = True
        elif kind == "endless":
            _head(handler, 200, {**common, "Content-Type": "application/json",
                                 "Transfer-Encoding": "chunked"})
            piece = b" " * (256 * 1024)
            chunk = b"%x\r\n%b\r\n" % (len(piece), piece)
            handler.wfile.write(b'1\r\n{\r\n')
            for _ in range(int(opts.get("mib", 4096)) * 4):  # bounded: 1 GiB by default
                handler.wfile.write(chunk)
            handler.wfile.write(b"0\r\n\r\n")
        else:
            raise ValueError(f"unknown hostile kind {kind!r}")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading: that is the point
    handler.close_connection = True


def _huge_line(handler: _Handler, opts: dict[str, Any], common: dict[str, str]) -> None:
    _head(handler, 200, {**common, "Content-Type": "text/event-stream",
                         "Transfer-Encoding": "chunked"})

    def chunk(data: bytes) -> None:
        handler.wfile.write(b"%x\r\n%b\r\n" % (len(data), data))

    chunk(b'data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n')
    size = int(opts.get("size", 20 * MIB))
    chunk(b'data: {"choices":[{"index":0,"delta":{"content":"')
    piece = b"x" * (1 << 16)
    for _ in range(size // len(piece)):
        chunk(piece)
    if opts.get("newline"):
        chunk(b'"}}]}\n\ndata: [DONE]\n\n')
    handler.wfile.write(b"0\r\n\r\n")
