"""A recording forward HTTP proxy on loopback (plain ``http://`` targets only).

``RecordingProxy()`` listens on 127.0.0.1; every request it forwards is kept in
``requests`` as ``(method, absolute_url, headers)`` (headers lower-cased), so a test can
see exactly what went through a proxy, the ``Authorization`` header included.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


class RecordingProxy:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append((self.command, self.path, headers))
                target = urlsplit(self.path)
                conn = http.client.HTTPConnection(target.hostname or "", target.port or 80,
                                                  timeout=30)
                path = target.path + (f"?{target.query}" if target.query else "")
                sent = {k: v for k, v in self.headers.items()
                        if k.lower() not in ("proxy-connection", "connection", "host")}
                conn.request(self.command, path, body=body, headers=sent)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection",
                                           "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
