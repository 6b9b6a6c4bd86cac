"""The one HTTP client for Venice (and OpenAI-compatible) servers. Only module importing httpx."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from openclaw_venice_cli import __version__
from openclaw_venice_cli.client import limits
from openclaw_venice_cli.client.body import (
    CUT_MESSAGE,
    body_chunks,
    iter_body,
    read_body,
    stalled,
    started_from,
)
from openclaw_venice_cli.client.events import (
    ChatResult,
    ResponseStarted,
    StreamEvent,
    collect_events,
)
from openclaw_venice_cli.client.failures import Unsent, is_name_failure, reason, with_note
from openclaw_venice_cli.client.proxy import proxy_for, proxy_scheme_error
from openclaw_venice_cli.client.reply import Reply
from openclaw_venice_cli.client.retry import MAX_WAIT, format_seconds, is_retryable_status, wait_for
from openclaw_venice_cli.client.stream import StreamReader, completion_events, empty_answer
from openclaw_venice_cli.client.tls import no_trust_context, verify_context
from openclaw_venice_cli.errors import (
    ApiError,
    AuthError,
    NetworkError,
    ServerError,
    UsageError,
    error_from_response,
    html_page,
    is_html,
)
from openclaw_venice_cli.keys import register_secret
from openclaw_venice_cli.netloc import is_loopback_host, mask_userinfo, url_password

if TYPE_CHECKING:
    from openclaw_venice_cli.config.loader import ProviderConfig
    from openclaw_venice_cli.environment import Environment

INSECURE_ENV = "OPENCLAW_ALLOW_INSECURE_HTTP"
TIMEOUT_ENV = "OPENCLAW_TIMEOUT"  # read timeout in seconds (default 120)


class ApiClient:
    """HTTP client: auth, timeouts, retries, error mapping and SSE streaming."""

    def __init__(self, base_url: str, api_key: str | None = None, *, timeout: float = 120.0,
                 connect_timeout: float = 10.0, max_retries: int = 3,
                 on_notice: Callable[[str], None] | None = None,
                 allow_insecure_http: bool = False,
                 sleep: Callable[[float], None] = time.sleep,
                 environ: Mapping[str, str] | None = None) -> None:
        try:
            parts = urlsplit(base_url.strip())
            hostname = parts.hostname
        except ValueError:
            hostname = None
        if hostname is None or parts.scheme not in ("http", "https"):
            raise UsageError(f'Invalid base URL "{mask_userinfo(base_url)}": it must start '
                             "with https:// (or http:// for a local server).")
        register_secret(url_password(base_url))
        self.base_url = base_url.strip().rstrip("/")
        self.host = parts.netloc.rpartition("@")[2]
        self._secure = parts.scheme == "https" or is_loopback_host(hostname)
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
        environ = environ or {}
        self.proxy = proxy_for(self.base_url, environ)
        problem = proxy_scheme_error(self.proxy) if self.proxy else None
        if problem:
            raise UsageError(problem)
        register_secret(url_password(self.proxy or ""))
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout), follow_redirects=False,
            headers={"User-Agent": f"openclaw/{__version__}", "Accept": "application/json",
                     "Accept-Encoding": limits.ENCODINGS},
            verify=verify_context(environ) if parts.scheme == "https" else no_trust_context(),
            trust_env=False, proxy=self.proxy,
        )

    @classmethod
    def for_provider(cls, provider: ProviderConfig, env: Environment,
                     **kw: Any) -> ApiClient:
        """A client for a configured provider: its base URL and key, env-driven http opt-in,
        proxies and CA bundle from the run's variables."""
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
        kw.setdefault("environ", env.environ)
        return cls(provider.base_url, key, **kw)

    # -- public API ----------------------------------------------------------------------
    def list_models(self, *, model_type: str | None = None,
                    timeout: float = 10.0) -> dict[str, Any]:
        """``GET /models``: public on Venice, so sent without Authorization.

        Other OpenAI-compatible servers (llama.cpp with ``--api_key``, OpenAI) answer 401
        to that; then, and only when a key is known, the request is repeated once with it.
        """
        params = {"type": model_type} if model_type else None
        return self._public_get("/models", params, timeout, "the model list")

    def compatibility_mapping(self, *, timeout: float = 10.0) -> dict[str, Any]:
        """``GET /models/compatibility_mapping`` (text models): ``{"data": {old: new}}``,
        public like ``/models``."""
        return self._public_get("/models/compatibility_mapping", {"type": "text"}, timeout,
                                "the compatibility mapping")

    def _public_get(self, path: str, params: dict[str, str] | None, timeout: float,
                    what: str) -> dict[str, Any]:
        """A GET sent without the key, repeated once with it after a 401 (when known)."""
        try:
            response = self._open("GET", path, params=params, auth=False, timeout=timeout)
        except AuthError:
            if not self.api_key:
                raise
            response = self._open("GET", path, params=params, auth=True, timeout=timeout)
        return self._json_object(response, limits.MODELS_LIMIT, what)

    def check_key(self, *, timeout: float = 10.0) -> dict[str, Any]:
        """``GET /api_keys/rate_limits`` -> its ``data`` object (200 means the key works)."""
        body = self._json_object(self._open("GET", "/api_keys/rate_limits", timeout=timeout),
                                 limits.KEY_CHECK_LIMIT, "the key check")
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
        obj = self._json_object(response, limits.COMPLETION_LIMIT, "the answer")
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
                yield from completion_events(
                    self._json_object(response, limits.COMPLETION_LIMIT, "the answer"),
                    started.cf_ray)
                return
            if "html" in ctype:
                raise self._html_answer(response, read_body(
                    response, limits.ERROR_BODY_LIMIT, "an HTML page", truncate=True))
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
        return self._reply(response, timeout)

    def get(self, path: str, *, timeout: float | None = None) -> Reply:
        """``GET path`` with auth, retries and error mapping, as a :class:`Reply`."""
        return self._reply(self._open("GET", path, timeout=timeout), timeout)

    def _reply(self, response: httpx.Response, timeout: float | None) -> Reply:
        read_timeout = self.timeout if timeout is None else timeout
        return Reply(response.status_code, response.headers,
                     lambda limit: body_chunks(response, limit, "the answer", read_timeout),
                     response.close)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------
    def _html_answer(self, response: httpx.Response, body: bytes) -> ServerError:
        return ServerError(
            f"The server answered with {html_page(body)} instead of an API answer (HTTP "
            f"{response.status_code}); check the base URL and any proxy or captive portal",
            status=response.status_code, cf_ray=response.headers.get("cf-ray"))

    def _read_stream(self, response: httpx.Response,
                     started: ResponseStarted) -> Iterator[StreamEvent]:
        reader = StreamReader(self._notice, started.cf_ray)
        first = True
        try:
            for data in iter_body(response, limits.STREAM_LIMIT, "one answer"):
                if first and is_html(None, data):
                    raise self._html_answer(response, data)
                first = False
                yield from reader.feed(data)
                if reader.error:
                    raise reader.error
                if reader.done:
                    break
            else:
                yield from reader.end()
                if reader.error:
                    raise reader.error
        except httpx.TimeoutException as error:
            yield from reader.flush()
            if reader.finished:
                return
            raise stalled(self.timeout) from error
        except (httpx.DecodingError, zlib.error) as error:
            yield from reader.flush()
            raise ServerError("The server sent a stream that could not be decoded",
                              cf_ray=started.cf_ray) from error
        except httpx.TransportError as error:
            yield from reader.flush()
            if reader.finished:
                return
            raise NetworkError(CUT_MESSAGE) from error
        except ServerError:
            yield from reader.flush()  # text held back (a partial "<think>") is kept
            raise
        if not reader.finished and not reader.done:
            raise NetworkError(CUT_MESSAGE)
        problem = empty_answer(reader, started.cf_ray)
        if problem is not None:
            raise problem

    def _json_object(self, response: httpx.Response, limit: int,
                     what: str) -> dict[str, Any]:
        data = read_body(response, limit, what, timeout=self.timeout)
        cf_ray = response.headers.get("cf-ray")
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError) as error:
            if is_html(response.headers.get("content-type"), data):
                raise self._html_answer(response, data) from error
            raise ServerError("The server sent an answer that is not valid JSON",
                              status=response.status_code, cf_ray=cf_ray) from error
        if not isinstance(obj, dict):
            raise ServerError("The server sent an unexpected JSON answer",
                              status=response.status_code, cf_ray=cf_ray)
        return obj

    def _request(self, method: str, path: str, *, params: dict[str, str] | None,
                 json_body: Any, auth: bool, read_timeout: float, accept: str | None,
                 form: dict[str, str] | None = None,
                 files: dict[str, tuple[str, bytes, str]] | None = None) -> httpx.Request:
        """The request, headers and auth checked (``form``/``files``: a multipart body,
        file parts ``name -> (filename, bytes, content type)``; ``json_body``: JSON)."""
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if auth and self.api_key:
            if not self._secure and not self.allow_insecure_http:
                raise UsageError(
                    f"Refusing to send the API key over plain http:// to {self.host}. "
                    f"Use https://, or set {INSECURE_ENV}=1 to allow it.")
            if not self._secure and self.proxy:
                raise UsageError(
                    f"Refusing to send the API key over plain http:// through the proxy "
                    f"{mask_userinfo(self.proxy)}. Use https://, or add {self.host} to "
                    "NO_PROXY.")
            headers["Authorization"] = f"Bearer {self.api_key}"
        return self._http.build_request(
            method, self.base_url + path, params=params, json=json_body, data=form,
            files=files, headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=min(self.connect_timeout, read_timeout)))

    def _send(self, request: httpx.Request, connect_timeout: float) -> httpx.Response:
        """Send once. Only a failure to connect (nothing sent yet) comes back retryable,
        as :class:`Unsent`; anything after the request left is raised as it is."""
        try:
            return self._http.send(request, stream=True)
        except httpx.ConnectTimeout as error:
            raise Unsent(NetworkError(f"Could not connect to {self.host}: no answer within "
                                       f"{connect_timeout:g} s")) from error
        except httpx.ConnectError as error:
            if is_name_failure(error):
                raise NetworkError(
                    f"Could not resolve {self.host}: {reason(error)}. Check the base URL "
                    "and your network.") from error
            raise Unsent(NetworkError(f"Could not connect to {self.host}: "
                                       f"{reason(error)}")) from error
        except httpx.TimeoutException as error:
            raise NetworkError(f"The server did not answer within "
                               f"{request.extensions['timeout']['read']:g} s") from error
        except httpx.RemoteProtocolError as error:  # sent: it may already be generating
            if "disconnected" in str(error).lower():
                raise NetworkError(f"The server at {self.host} closed the connection without "
                                   "answering; the request was not sent again") from error
            raise ServerError(f"The server at {self.host} answered with something that is "
                              "not HTTP; the request was not sent again") from error
        except httpx.ProxyError as error:
            raise NetworkError(f"The proxy {mask_userinfo(self.proxy or '')} refused the "
                               f"connection to {self.host}: {reason(error)}") from error
        except httpx.TransportError as error:
            raise NetworkError(f"Request to {self.host} failed: {reason(error)}") from error

    def _open(self, method: str, path: str, *, params: dict[str, str] | None = None,
              json_body: Any = None, auth: bool = True, timeout: float | None = None,
              accept: str | None = None, form: dict[str, str] | None = None,
              files: dict[str, tuple[str, bytes, str]] | None = None) -> httpx.Response:
        """Send with retries; return a streaming 2xx response (the caller closes it).

        Retried: a connection that could not be made (nothing was sent) and 429/5xx
        answers. Never retried: anything that failed after the request was sent (the
        server may already be generating a paid answer), and every other status.
        """
        read_timeout = self.timeout if timeout is None else timeout
        request = self._request(method, path, params=params, json_body=json_body, auth=auth,
                                read_timeout=read_timeout, accept=accept, form=form,
                                files=files)
        attempts = self.max_retries + 1
        for attempt in range(1, attempts + 1):
            status: int | None = None
            seen: dict[str, str] = {}
            try:
                response = self._send(request, min(self.connect_timeout, read_timeout))
            except Unsent as unsent:
                error: Exception = unsent.error
                error.__cause__ = unsent.__cause__
                label = f"Could not connect to {self.host}"
            else:
                if response.status_code < 300:
                    return response
                error = self._error_of(response)
                status, seen = response.status_code, dict(response.headers)
                if not is_retryable_status(status):
                    raise error
                label = f"Rate limited ({status})" if status == 429 else f"Server error ({status})"
            if attempt == attempts:
                raise with_note(error, f"gave up after {attempts} attempts"
                                 if attempts > 1 else None)
            wait = wait_for(status, seen, attempt, time.time())
            if wait > MAX_WAIT:
                raise with_note(error, f"the server asks to retry after "
                                 f"{format_seconds(wait)} s")
            self._notice(f"{label}; retrying in {format_seconds(wait)} s "
                         f"(attempt {attempt + 1} of {attempts})")
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error_of(self, response: httpx.Response) -> ApiError:
        """Read an error answer (3xx/4xx/5xx, at most 64 KB) and build its ApiError."""
        try:
            body = read_body(response, limits.ERROR_BODY_LIMIT, "an error answer",
                             truncate=True)
        except (NetworkError, ServerError):
            body = b""
        if 300 <= response.status_code < 400:
            where = mask_userinfo(response.headers.get("location", "another address"))
            return ApiError(
                f"The server redirected the request ({response.status_code}) to {where}; "
                "openclaw does not follow redirects. Check the base URL.",
                status=response.status_code, cf_ray=response.headers.get("cf-ray"))
        return error_from_response(response.status_code, response.headers, body)
