"""A recording reverse proxy in front of the llama server: what exactly did the CLI send?

The answer alone cannot tell a streamed request from a non-streamed one (the deterministic
server gives the same text either way), so the tests that need to know put this proxy
between the CLI and the server. It relays each request unchanged, records its body and the
content type of the answer, and passes the answer through piece by piece as the server
sends it (a stream stays a stream), ending it by closing the connection.
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class Exchange(NamedTuple):
    """One request the proxy relayed."""

    method: str
    path: str
    body: Any  # the parsed JSON body, or None
    status: int
    content_type: str


class RecordingProxy:
    """``RecordingProxy(upstream).base_url`` forwards to ``upstream`` (``http://host:port/v1``)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.exchanges: list[Exchange] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}{parts.path}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the body ends when the connection closes

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in _HOP_BY_HOP and k.lower() != "host"}
                upstream = http.client.HTTPConnection(
                    proxy.upstream_host, proxy.upstream_port, timeout=120)
                try:
                    upstream.request(self.command, self.path, body=data or None,
                                     headers=headers)
                    response = upstream.getresponse()
                    ctype = response.getheader("Content-Type", "")
                    try:
                        body = json.loads(data) if data else None
                    except ValueError:
                        body = None
                    proxy.exchanges.append(
                        Exchange(self.command, self.path, body, response.status, ctype))
                    self.send_response(response.status)
                    for key, value in response.getheaders():
                        if key.lower() not in _HOP_BY_HOP:
                            self.send_header(key, value)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    while piece := response.read1(65536):
                        self.wfile.write(piece)
                        self.wfile.flush()
                finally:
                    upstream.close()

            do_GET = do_POST = _relay

        return Handler
