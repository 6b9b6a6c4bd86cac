"""The one HTTP client for Venice (and OpenAI-compatible) servers. Only module importing httpx."""

from __future__ import annotations

import json
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from openclaw_venice_cli import __version__
from openclaw_venice_cli.client.events import (
    ChatResult,
    ResponseStarted,
    StreamEvent,
    collect_events,
)
from openclaw_venice_cli.client.retry import MAX_WAIT, format_seconds, is_retryable_status, wait_for
from openclaw_venice_cli.client.stream import StreamReader, completion_events
from openclaw_venice_cli.errors import (
    ApiError,
    AuthError,
    NetworkError,
    ServerError,
    UsageError,
    error_from_response,
)
from openclaw_venice_cli.keys import register_secret
from openclaw_venice_cli.netloc import is_loopback_host

if TYPE_CHECKING:
    from openclaw_venice_cli.config.loader import ProviderConfig
    from openclaw_venice_cli.environment import Environment

CUT_MESSAGE = "The connection closed before the answer was complete"
INSECURE_ENV = "OPENCLAW_ALLOW_INSECURE_HTTP"
TIMEOUT_ENV = "OPENCLAW_TIMEOUT"  # read timeout in seconds (default 120)


def _no_trust_context() -> ssl.SSLContext:
    """For plain-http base URLs: a verifying TLS context with no trust anchors.

    It skips loading the CA bundle (100+ ms) and fails closed if TLS were ever attempted.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _reason(exc: BaseException) -> str:
    """A short reason from an httpx error: ``[Errno 111] Connection refused`` -> the words."""
    text = str(exc).strip() or type(exc).__name__
    if text.startswith("[Errno") and "]" in text:
        text = text.split("]", 1)[1].strip()
    return text


def _is_name_failure(exc: BaseException) -> bool:
    """True when the host name does not resolve (retrying would not help)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror) and seen.errno != socket.EAI_AGAIN:
            return True
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    return "Name or service not known" in text or "nodename nor servname" in text


def started_from(response: httpx.Response) -> ResponseStarted:
    """The :class:`ResponseStarted` event for a response's status and Venice headers."""
    h = response.headers
    return ResponseStarted(
        status=response.status_code, balance_usd=h.get("x-venice-balance-usd"),
        balance_diem=h.get("x-venice-balance-diem"), cf_ray=h.get("cf-ray"),
        model_id=h.get("x-venice-model-id"),
        deprecation_warning=h.get("x-venice-model-deprecation-warning"),
    )


class ApiClient:
    """HTTP client: auth, timeouts, retries, error mapping and SSE streaming."""

    def __init__(self, base_url: str, api_key: str | None = None, *, timeout: float = 120.0,
                 connect_timeout: float = 10.0, max_retries: int = 3,
                 on_notice: Callable[[str], None] | None = None,
                 allow_insecure_http: bool = False,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f'Invalid base URL "{base_url}": it must start with https:// '
                             "(or http:// for a local server).")
        self.base_url = base_url.strip().rstrip("/")
        self.host = parts.netloc.rpartition("@")[2]
        self._secure = parts.scheme == "https" or is_loopback_host(parts.hostname)
        self.api_key = api_key.strip() if api_key and api_key.strip() else None
        register_secret(self.api_key)
        if self.api_key and not (self.api_key.isascii() and self.api_key.isprintable()
                                 and " " not in self.api_key):
            raise UsageError("The API key contains spaces or characters that cannot be sent "
                             "in an HTTP header (non-ASCII or control characters); check "
                             "what was pasted.")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_retries = max(0, max_retries)
        self.allow_insecure_http = allow_insecure_http
        self._notice = on_notice or (lambda _message: None)
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout), follow_redirects=False,
            headers={"User-Agent": f"openclaw/{__version__}", "Accept": "application/json"},
            verify=True if parts.scheme == "https" else _no_trust_context(),
        )

    @classmethod
    def for_provider(cls, provider: ProviderConfig, env: Environment,
                     **kw: Any) -> ApiClient:
        """A client for a configured provider: its base URL and key, env-driven http opt-in."""
        key = provider.api_key.value if provider.api_key is not None else None
        allow = (env.get(INSECURE_ENV) or "").strip().lower() in ("1", "true", "yes", "on")
        kw.setdefault("allow_insecure_http", allow)
        timeout = env.get(TIMEOUT_ENV)
        if timeout is not None:
            try:
                seconds = float(timeout)
            except ValueError:
                seconds = -1.0
            if not 0 < seconds < 86400:
                raise UsageError(f'{TIMEOUT_ENV} must be a number of seconds, not "{timeout}".')
            kw.setdefault("timeout", seconds)
        kw.setdefault("on_notice", env.note)
        kw.setdefault("sleep", env.sleep)
        return cls(provider.base_url, key, **kw)

    # -- public API ----------------------------------------------------------------------
    def list_models(self, *, model_type: str | None = None,
                    timeout: float = 10.0) -> dict[str, Any]:
        """``GET /models``: public on Venice, so sent without Authorization.

        Other OpenAI-compatible servers (llama.cpp with ``--api_key``, OpenAI) answer 401
        to that; then, and only when a key is known, the request is repeated once with it.
        """
        params = {"type": model_type} if model_type else None
        try:
            response = self._open("GET", "/models", params=params, auth=False, timeout=timeout)
        except AuthError:
            if not self.api_key:
                raise
            response = self._open("GET", "/models", params=params, auth=True, timeout=timeout)
        return self._json_object(response)

    def check_key(self, *, timeout: float = 10.0) -> dict[str, Any]:
        """``GET /api_keys/rate_limits`` -> its ``data`` object (200 means the key works)."""
        body = self._json_object(self._open("GET", "/api_keys/rate_limits", timeout=timeout))
        data = body.get("data")
        if not isinstance(data, dict):
            raise ServerError("The server sent an unexpected answer to the key check")
        return data

    def complete(self, body: dict[str, Any]) -> list[StreamEvent]:
        """A whole (non-streamed) chat completion, as the events a stream would give."""
        payload = {k: v for k, v in body.items() if k != "stream_options"}
        payload["stream"] = False
        response = self._open("POST", "/chat/completions", json_body=payload)
        started = started_from(response)
        obj = self._json_object(response)
        return [started, *completion_events(obj, started.cf_ray)]

    def chat(self, body: dict[str, Any]) -> ChatResult:
        """A whole (non-streamed) chat completion, folded."""
        return collect_events(self.complete(body))

    def stream_chat(self, body: dict[str, Any]) -> Iterator[StreamEvent]:
        """Stream a chat completion: ResponseStarted first, then the answer's events."""
        payload = dict(body)
        payload["stream"] = True
        options = payload.get("stream_options")
        payload["stream_options"] = {**(options if isinstance(options, dict) else {}),
                                     "include_usage": True}
        response = self._open("POST", "/chat/completions", json_body=payload,
                              accept="text/event-stream")
        try:
            started = started_from(response)
            yield started
            ctype = response.headers.get("content-type", "").lower()
            if "event-stream" not in ctype and "json" in ctype:
                yield from completion_events(self._json_object(response), started.cf_ray)
                return
            yield from self._read_stream(response, started)
        finally:
            response.close()

    def post(self, path: str, *, json_body: Any = None, form: dict[str, str] | None = None,
             files: dict[str, tuple[str, bytes, str]] | None = None, accept: str | None = None,
             timeout: float | None = None) -> Reply:
        """``POST path`` (JSON, or multipart with ``form``/``files``) with the usual retries,
        auth and error mapping; the 2xx answer as a :class:`Reply` whose body is read on
        demand, size-capped (the caller closes it, or uses ``with``)."""
        response = self._open("POST", path, json_body=json_body, form=form, files=files,
                              accept=accept, timeout=timeout)
        return Reply(response, self.timeout if timeout is None else timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------
    def _read_stream(self, response: httpx.Response,
                     started: ResponseStarted) -> Iterator[StreamEvent]:
        reader = StreamReader(self._notice, started.cf_ray)
        try:
            for data in response.iter_bytes():
                yield from reader.feed(data)
                if reader.error:
                    raise reader.error
                if reader.done:
                    return
            yield from reader.end()
            if reader.error:
                raise reader.error
        except httpx.TimeoutException as error:
            yield from reader.flush()
            if reader.finished:
                return
            raise NetworkError(f"The server stopped sending for {self.timeout:g} s before "
                               "the answer was complete") from error
        except httpx.DecodingError as error:
            yield from reader.flush()
            raise ServerError("The server sent a stream that could not be decoded",
                              cf_ray=started.cf_ray) from error
        except httpx.TransportError as error:
            yield from reader.flush()
            if reader.finished:
                return
            raise NetworkError(CUT_MESSAGE) from error
        if not reader.finished and not reader.done:
            raise NetworkError(CUT_MESSAGE)

    def _json_object(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.read()
        except httpx.TimeoutException as error:
            raise NetworkError(f"The server stopped sending for {self.timeout:g} s before "
                               "the answer was complete") from error
        except httpx.TransportError as error:
            raise NetworkError(CUT_MESSAGE) from error
        finally:
            response.close()
        cf_ray = response.headers.get("cf-ray")
        try:
            obj = json.loads(data)
        except ValueError as error:
            raise ServerError("The server sent an answer that is not valid JSON",
                              status=response.status_code, cf_ray=cf_ray) from error
        if not isinstance(obj, dict):
            raise ServerError("The server sent an unexpected JSON answer",
                              status=response.status_code, cf_ray=cf_ray)
        return obj

    def _open(self, method: str, path: str, *, params: dict[str, str] | None = None,
              json_body: Any = None, auth: bool = True, timeout: float | None = None,
              accept: str | None = None, form: dict[str, str] | None = None,
              files: dict[str, tuple[str, bytes, str]] | None = None) -> httpx.Response:
        """Send with retries; return a streaming 2xx response (the caller closes it).

        ``form`` and ``files`` make a multipart/form-data body (file parts are
        ``name -> (filename, bytes, content type)``); ``json_body`` a JSON one.
        """
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if auth and self.api_key:
            if not self._secure and not self.allow_insecure_http:
                raise UsageError(
                    f"Refusing to send the API key over plain http:// to {self.host}. "
                    f"Use https://, or set {INSECURE_ENV}=1 to allow it.")
            headers["Authorization"] = f"Bearer {self.api_key}"
        read_timeout = self.timeout if timeout is None else timeout
        request = self._http.build_request(
            method, self.base_url + path, params=params, json=json_body, data=form,
            files=files, headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=min(self.connect_timeout, read_timeout)))
        attempts = self.max_retries + 1
        seen: dict[str, str]
        status: int | None
        for attempt in range(1, attempts + 1):
            try:
                response = self._http.send(request, stream=True)
            except httpx.ConnectTimeout as connect_error:
                error: Exception = NetworkError(
                    f"Could not connect to {self.host}: no answer within "
                    f"{min(self.connect_timeout, read_timeout):g} s")
                error.__cause__ = connect_error
                label, status, seen = f"Could not connect to {self.host}", None, {}
            except httpx.TimeoutException as timeout_error:
                raise NetworkError(
                    f"The server did not answer within {read_timeout:g} s") from timeout_error
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
                if _is_name_failure(exc):
                    raise NetworkError(
                        f"Could not resolve {self.host}: {_reason(exc)}. Check the base URL "
                        "and your network.") from exc
                error = NetworkError(f"Could not connect to {self.host}: {_reason(exc)}")
                error.__cause__ = exc
                label, status, seen = f"Could not connect to {self.host}", None, {}
            except httpx.TransportError as exc:
                raise NetworkError(f"Request to {self.host} failed: {_reason(exc)}") from exc
            else:
                if response.status_code < 300:
                    return response
                error = self._error_of(response)
                status, seen = response.status_code, dict(response.headers)
                if not is_retryable_status(status):
                    raise error
                label = f"Rate limited ({status})" if status == 429 else f"Server error ({status})"
            if attempt == attempts:
                raise _with_note(error, f"gave up after {attempts} attempts"
                                 if attempts > 1 else None)
            wait = wait_for(status, seen, attempt, time.time())
            if wait > MAX_WAIT:
                raise _with_note(error, f"the server asks to retry after "
                                 f"{format_seconds(wait)} s")
            self._notice(f"{label}; retrying in {format_seconds(wait)} s "
                         f"(attempt {attempt + 1} of {attempts})")
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error_of(self, response: httpx.Response) -> ApiError:
        """Read an error answer (3xx/4xx/5xx) and build the matching ApiError."""
        try:
            body = response.read()
        except httpx.TransportError:
            body = b""
        finally:
            response.close()
        if 300 <= response.status_code < 400:
            where = response.headers.get("location", "another address")
            return ApiError(
                f"The server redirected the request ({response.status_code}) to {where}; "
                "openclaw does not follow redirects. Check the base URL.",
                status=response.status_code, cf_ray=response.headers.get("cf-ray"))
        return error_from_response(response.status_code, response.headers, body)


def _with_note(error: Exception, note: str | None) -> Exception:
    """The same error with ``(note)`` added to its message (CF-RAY stays last)."""
    if note is None:
        return error
    if isinstance(error, ApiError):
        return type(error)(f"{error.api_message} ({note})", status=error.status,
                           code=error.code, cf_ray=error.cf_ray)
    if isinstance(error, NetworkError):
        return NetworkError(f"{error.message} ({note})")
    return error


class Reply:
    """A 2xx answer being read: status and headers at once, the body on demand.

    Every read is capped (``limit`` bytes after decompression): a server cannot make us
    hold or write more than the caller allows. Failures are one-line OpenclawErrors.
    """

    def __init__(self, response: httpx.Response, timeout: float) -> None:
        self._response = response
        self._timeout = timeout
        self.status = response.status_code
        self.headers = {k.lower(): v for k, v in response.headers.items()}
        self.content_type = self.headers.get("content-type", "").split(";")[0].strip().lower()
        self.cf_ray = self.headers.get("cf-ray")

    def chunks(self, limit: int) -> Iterator[bytes]:
        """The body's bytes as they arrive; ServerError once more than ``limit`` came."""
        declared = self.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            self.close()
            raise self._too_large(limit)
        total = 0
        try:
            for chunk in self._response.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise self._too_large(limit)
                yield chunk
        except httpx.TimeoutException as error:
            raise NetworkError(f"The server stopped sending for {self._timeout:g} s before "
                               "the answer was complete") from error
        except httpx.DecodingError as error:
            raise ServerError("The server sent an answer that could not be decoded",
                              status=self.status, cf_ray=self.cf_ray) from error
        except httpx.TransportError as error:
            raise NetworkError(CUT_MESSAGE) from error
        finally:
            self.close()

    def read(self, limit: int) -> bytes:
        """The whole body (at most ``limit`` bytes)."""
        return b"".join(self.chunks(limit))

    def json_object(self, limit: int) -> dict[str, Any]:
        """The body as a JSON object; ServerError when it is anything else."""
        data = self.read(limit)
        try:
            obj = json.loads(data)
        except ValueError as error:
            raise ServerError("The server sent an answer that is not valid JSON",
                              status=self.status, cf_ray=self.cf_ray) from error
        if not isinstance(obj, dict):
            raise ServerError("The server sent an unexpected JSON answer", status=self.status,
                              cf_ray=self.cf_ray)
        return obj

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> Reply:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _too_large(self, limit: int) -> ServerError:
        return ServerError(f"The server's answer is larger than {format_size(limit)}, the "
                           "limit for this request; nothing was kept", status=self.status,
                           cf_ray=self.cf_ray)


def format_size(size: int) -> str:
    """``512 B``, ``3.2 kB``, ``64 MB`` (decimal units, as file managers show them)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else (
                f"{value:.1f} {unit}")
    return f"{size} B"
