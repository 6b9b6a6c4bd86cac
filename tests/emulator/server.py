"""The loopback Venice emulator: a stdlib HTTP server on 127.0.0.1 with switchable scenarios."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Any

from tests.emulator import bodies, scenarios
from tests.emulator.handler import CF_RAY, PREFIX, RecordedRequest, make_handler
from tests.emulator.media_data import media_models
from tests.emulator.models_data import default_models
from tests.helpers import OTHER_KEY, TEST_KEY

SCENARIOS = scenarios.CHAT_SCENARIOS
__all__ = ["CF_RAY", "PREFIX", "SCENARIOS", "RecordedRequest", "VeniceEmulator"]


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-answer (Ctrl-C, killed CLIs) are normal here: no tracebacks."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class VeniceEmulator:
    """A faithful imitation of `https://api.venice.ai/api/v1` on a loopback port."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.keys: set[str] = {TEST_KEY, OTHER_KEY}
        self.models: list[dict[str, Any]] = default_models()
        self.media_models: list[dict[str, Any]] = media_models()
        self.requests: list[RecordedRequest] = []
        self.sent: list[bytes] = []  # media and JSON bodies of the media routes, in order
        # GET /models/compatibility_mapping (old or foreign id -> model id); chat follows it
        self.compatibility: dict[str, str] = {}
        self.prompt_cache: dict[str, int] = {}  # prompt_cache_key -> its last prompt tokens
        self._lock = threading.Lock()
        self._scenario: tuple[str, dict[str, Any]] = ("plain", {})
        self._failures = 0
        self._serial = 0
        self._release = threading.Event()
        self._gate = threading.Condition()
        self._arrived = 0  # chat requests waiting at the gate
        self._open = False
        self._server = _QuietServer((host, port), make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="venice-emulator", daemon=True)
        self._thread.start()

    # -- public API ---------------------------------------------------------------
    @property
    def root_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        return self.root_url + PREFIX

    @property
    def scenario(self) -> tuple[str, dict[str, Any]]:
        with self._lock:
            return self._scenario[0], dict(self._scenario[1])

    def set_scenario(self, name: str, **options: Any) -> None:
        """Switch the chat scenario (see scenarios.CHAT_SCENARIOS); resets failure counts."""
        if name not in SCENARIOS:
            raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
        if name == "http-error":
            status = options.get("status", 500)
            body = options.get("body", bodies.DEFAULT_BODY_FOR_STATUS.get(int(status)))
            if isinstance(body, str) and body not in bodies.ERROR_NAMES:
                raise ValueError(f"unknown error body {body!r}")
        with self._lock:
            self._scenario = (name, dict(options))
            self._failures = 0

    def reset(self) -> None:
        """Default scenario, default keys and models; clear requests; release stalled streams."""
        with self._lock:
            self._scenario = ("plain", {})
            self._failures = 0
            self.requests.clear()
            self.keys = {TEST_KEY, OTHER_KEY}
            self.models = default_models()
            self.media_models = media_models()
            self.sent = []
            self.compatibility = {}
            self.prompt_cache = {}
            self._release.set()
            self._release = threading.Event()
        with self._gate:
            self._arrived, self._open = 0, False
            self._gate.notify_all()

    def open_gate(self) -> None:
        """Let chat answers held by the ``gate`` option go (see :meth:`_at_gate`)."""
        with self._gate:
            self._open = True
            self._gate.notify_all()

    def waiting_at_gate(self) -> int:
        with self._gate:
            return self._arrived

    def _cached_tokens(self, key: Any, prompt: int) -> int:
        """Prompt tokens served from the cache: the earlier prompt of the same
        ``prompt_cache_key`` (a new conversation turn repeats it), at most this one."""
        if not isinstance(key, str) or not key:
            return 0
        with self._lock:
            before = self.prompt_cache.get(key, 0)
            self.prompt_cache[key] = prompt
        return min(before, prompt)

    def _at_gate(self, opts: dict[str, Any]) -> None:
        """Scenario options ``gate=True`` (hold each chat answer until :meth:`open_gate`)
        and ``barrier=N`` (hold until N chat requests arrived): concurrency without
        sleeps. Either way the wait ends after 30 s."""
        if not (opts.get("gate") or opts.get("barrier")):
            return
        with self._gate:
            self._arrived += 1
            if opts.get("barrier") and self._arrived >= int(opts["barrier"]):
                self._open = True
            self._gate.notify_all()
            self._gate.wait_for(lambda: self._open, timeout=30)

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> VeniceEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals used by the handler ---------------------------------------------
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _sent(self, data: bytes) -> None:
        with self._lock:
            self.sent.append(data)

    def _next_serial(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial

    def _forced_error(self, endpoint: str, url: str) -> bodies.ErrorAnswer | None:
        """The "http-error" answer for this request, counting down ``fail_times``."""
        with self._lock:
            name, opts = self._scenario
            if name != "http-error" or opts.get("on", "chat") not in (endpoint, "any"):
                return None
            fail_times = opts.get("fail_times")
            if fail_times is not None and self._failures >= int(fail_times):
                return None
            self._failures += 1
        status = int(opts.get("status", 500))
        body = opts.get("body", bodies.DEFAULT_BODY_FOR_STATUS.get(status, "500_unknown"))
        headers: dict[str, str] = {}
        if isinstance(body, str):
            named_status, headers, body = bodies.named_error(
                body, url=url, reset_in=float(opts.get("reset_in", 1.0)))
            status = int(opts.get("status", named_status))
        if "retry_after" in opts:
            headers["retry-after"] = str(opts["retry_after"])
        headers.update({str(k): str(v) for k, v in (opts.get("headers") or {}).items()})
        return status, headers, body


