"""ApiClient through real HTTP against the loopback emulator (no mocks)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

import pytest

from openclaw_venice_cli.client.events import (
    ContentDelta,
    ReasoningDelta,
    ResponseStarted,
    StreamErrorEvent,
    StreamEvent,
    collect_events,
)
from openclaw_venice_cli.client.http import ApiClient
from openclaw_venice_cli.client.stream import MALFORMED_NOTICE
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import (
    ApiError,
    AuthError,
    BalanceError,
    ExitStatus,
    NetworkError,
    NotFoundError,
    OpenclawError,
    RateLimitError,
    RequestRejected,
    ServerError,
    UsageError,
)
from tests.emulator import CF_RAY, VeniceEmulator
from tests.helpers import TEST_KEY

BODY: dict[str, Any] = {"model": "llama-3.3-70b",
                        "messages": [{"role": "user", "content": "Hello, are you working?"}]}
ERROR_STATUSES_NO_RETRY = [400, 401, 402, 403, 404, 413, 415, 422]


@dataclass
class Harness:
    emu: VeniceEmulator
    notices: list[str] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    def client(self, **kw: Any) -> ApiClient:
        kw.setdefault("on_notice", self.notices.append)
        kw.setdefault("sleep", self.sleeps.append)
        return ApiClient(kw.pop("base_url", self.emu.base_url), kw.pop("key", TEST_KEY), **kw)

    def chat_requests(self) -> int:
        return sum(1 for r in self.emu.requests if r.path.endswith("/chat/completions"))


@pytest.fixture
def h(emulator: VeniceEmulator) -> Iterator[Harness]:
    yield Harness(emulator)


def _collect(events: Iterator[StreamEvent]) -> tuple[list[StreamEvent], BaseException | None]:
    seen: list[StreamEvent] = []
    try:
        for event in events:
            seen.append(event)
    except OpenclawError as exc:
        return seen, exc
    return seen, None


def _text(events: list[StreamEvent], kind: type[ContentDelta | ReasoningDelta]) -> str:
    return "".join(e.text for e in events if isinstance(e, (ContentDelta, ReasoningDelta))
                   and isinstance(e, kind))


# -- streaming scenarios ---------------------------------------------------------------
def test_plain_stream_and_request_shape(h: Harness) -> None:
    with h.client() as client:
        events = list(client.stream_chat(BODY))
    started = events[0]
    assert isinstance(started, ResponseStarted)
    assert (started.status, started.cf_ray, started.model_id) == (200, CF_RAY, "llama-3.3-70b")
    assert (started.balance_usd, started.balance_diem) == ("50.50", "79.90338836")
    result = collect_events(events)
    assert result.content == "Hello! How can I help you today?"
    assert result.finish_reason == "stop"
    assert result.usage is not None and result.usage.cost_usd == 0.0
    request = h.emu.requests[-1]
    assert request.json["stream"] is True
    assert request.json["stream_options"] == {"include_usage": True}
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert request.headers["user-agent"].startswith("openclaw/")


@pytest.mark.parametrize("scenario", ["reasoning", "think", "think-split"])
def test_reasoning_is_split_from_content(h: Harness, scenario: str) -> None:
    h.emu.set_scenario(scenario)
    with h.client() as client:
        events = list(client.stream_chat(BODY))
        whole = client.chat(BODY)
    for result in (collect_events(events), whole):
        assert result.content == "15% of 240 is **36**."
        assert result.reasoning == "The user wants 15% of 240. 0.15 x 240 = 36."
        assert "<think>" not in result.content and "think>" not in result.reasoning


def test_think_unterminated_at_length_is_all_reasoning(h: Harness) -> None:
    h.emu.set_scenario("think-unterminated")
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
        whole = client.chat(BODY)
    for res in (result, whole):
        assert (res.content, res.finish_reason) == ("", "length")
        assert res.reasoning == "The user wants 15% of 240. 0.15 x 240 = 36."


@pytest.mark.parametrize("scenario", ["usage-no-choices", "null-deltas", "ping", "echo"])
def test_tolerated_stream_shapes(h: Harness, scenario: str) -> None:
    h.emu.set_scenario(scenario)
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
    expected = "Hello, are you working?" if scenario == "echo" else (
        "Hello! How can I help you today?")
    assert result.content == expected
    assert result.usage is not None and result.usage.prompt_tokens
    assert result.finish_reason == "stop"


def test_crlf_line_endings(h: Harness) -> None:
    h.emu.set_scenario("ping", line_ending="\r\n")
    with h.client() as client:
        assert collect_events(client.stream_chat(BODY)).content.startswith("Hello!")


def test_utf8_split_across_network_writes(h: Harness) -> None:
    h.emu.set_scenario("utf8-split")
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
    assert result.content == "Grüße aus København — 東京 👋🏽 ça va? Ωμέγα ✓"
    assert "\ufffd" not in result.content


def test_tool_calls_accumulate_by_index(h: Harness) -> None:
    h.emu.set_scenario("tool-calls")
    body = {**BODY, "tools": [{"type": "function", "function": {
        "name": "lookup", "parameters": {"type": "object", "properties": {}}}}]}
    with h.client() as client:
        streamed = collect_events(client.stream_chat(body))
        whole = client.chat(body)
    for res in (streamed, whole):
        assert res.finish_reason == "tool_calls"
        assert res.tool_calls == [{"id": "call_0a1b2c3d4e5f", "type": "function", "function": {
            "name": "lookup", "arguments": '{"location": "Copenhagen"}'}}]


def test_inband_error_yields_partial_then_raises(h: Harness) -> None:
    h.emu.set_scenario("inband-error")
    with h.client() as client:
        events, error = _collect(client.stream_chat(BODY))
    assert _text(events, ContentDelta) == "Partial answer"
    assert isinstance(events[-1], StreamErrorEvent)
    assert isinstance(error, ServerError) and error.exit_status == ExitStatus.SERVER
    assert "The model is currently overloaded. Please try again later." in str(error)
    assert error.code == "model_overloaded" and CF_RAY in str(error)
    assert h.chat_requests() == 1  # never retried once the body started


def test_truncated_stream_is_a_network_error(h: Harness) -> None:
    h.emu.set_scenario("truncated")
    with h.client() as client:
        events, error = _collect(client.stream_chat(BODY))
    assert _text(events, ContentDelta) == "Hello!"
    assert isinstance(error, NetworkError) and error.exit_status == ExitStatus.NETWORK
    assert str(error) == "The connection closed before the answer was complete"
    assert h.chat_requests() == 1


def test_clean_end_without_finish_or_done_is_a_network_error(h: Harness) -> None:
    h.emu.set_scenario("truncated", clean=True)
    with h.client() as client:
        _, error = _collect(client.stream_chat(BODY))
    assert isinstance(error, NetworkError)


def test_end_after_finish_without_done_is_accepted(h: Harness) -> None:
    h.emu.set_scenario("truncated", after_finish=True)
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
    assert (result.content, result.finish_reason) == ("Hello! How can I help you today?", "stop")


def test_malformed_line_is_skipped_with_one_notice(h: Harness) -> None:
    h.emu.set_scenario("malformed-line")
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
    assert result.content == "Hello! How can I help you today?"
    assert h.notices == [MALFORMED_NOTICE]


def test_long_stream(h: Harness) -> None:
    h.emu.set_scenario("long", tokens=3000)
    with h.client() as client:
        events = list(client.stream_chat(BODY))
    assert sum(isinstance(e, ContentDelta) for e in events) == 3000
    assert not any(isinstance(e, ReasoningDelta) for e in events)


def test_stall_mid_stream_is_a_read_timeout(h: Harness) -> None:
    h.emu.set_scenario("stall", seconds=30)
    with h.client(timeout=0.3) as client:
        events, error = _collect(client.stream_chat(BODY))
    assert _text(events, ContentDelta) == "Hello!"
    assert isinstance(error, NetworkError)
    assert "stopped sending for 0.3 s" in str(error)


def test_no_first_byte_is_a_read_timeout(h: Harness) -> None:
    h.emu.set_scenario("slow-first-byte", delay=30)
    with h.client(timeout=0.3) as client, pytest.raises(NetworkError) as info:
        client.chat(BODY)
    assert str(info.value) == "The server did not answer within 0.3 s"
    assert h.chat_requests() == 1  # a POST that may have been processed is not repeated


def test_slow_first_byte_within_timeout(h: Harness) -> None:
    h.emu.set_scenario("slow-first-byte", delay=0.05)
    with h.client() as client:
        assert collect_events(client.stream_chat(BODY)).content.startswith("Hello!")


def test_no_diem_header_and_deprecation(h: Harness) -> None:
    h.emu.set_scenario("plain", no_diem_header=True, deprecation_warning="Going away soon")
    with h.client() as client:
        started = next(iter(client.stream_chat(BODY)))
    assert isinstance(started, ResponseStarted)
    assert started.balance_diem is None and started.balance_usd == "50.50"
    assert started.deprecation_warning == "Going away soon"


# -- HTTP errors and retries ----------------------------------------------------------
@pytest.mark.parametrize("status", ERROR_STATUSES_NO_RETRY)
def test_client_errors_are_never_retried(h: Harness, status: int) -> None:
    h.emu.set_scenario("http-error", status=status)
    with h.client() as client, pytest.raises(ApiError) as info:
        client.chat(BODY)
    assert h.chat_requests() == 1 and h.sleeps == [] and h.notices == []
    assert info.value.status == status and CF_RAY in str(info.value)


@pytest.mark.parametrize(("body", "cls", "sentence"), [
    ("401_invalid_key", AuthError, "The API key was rejected (401): Authentication failed"),
    ("402_no_credentials_abbrev", BalanceError, "Payment required (402): Authentication required"),
    ("402_insufficient_balance", BalanceError, "Insufficient USD or Diem balance"),
    ("402_key_usd_limit", BalanceError, "API key USD spend limit exceeded."),
    ("403_access_disabled", AuthError, "Access denied (403)"),
    ("404_unknown_model", NotFoundError, "Specified model not found: no-such-model"),
    ("400_validation", RequestRejected, "Invalid request parameters"),
    ("400_context_length", RequestRejected, "exceeds the model's maximum context"),
    ("413_payload_too_large", RequestRejected, "Request payload too large"),
    ("415_content_type", RequestRejected, "Invalid request content-type"),
    ("422_content_policy", RequestRejected, "violates the content policy"),
])
def test_error_bodies_through_http(h: Harness, body: str, cls: type, sentence: str) -> None:
    h.emu.set_scenario("http-error", body=body)
    with h.client() as client, pytest.raises(cls) as info:
        list(client.stream_chat(BODY))
    assert sentence in str(info.value)
    assert str(info.value).endswith(f"(CF-RAY {CF_RAY})")
    assert TEST_KEY not in str(info.value)


@pytest.mark.parametrize(("status", "body"), [
    (500, "500_inference_failed"), (502, "502_bad_gateway"), (503, "503_at_capacity"),
    (504, "504_timeout"), (429, "429_error_budget")])
def test_retryable_errors_retry_three_times_then_fail(h: Harness, status: int,
                                                      body: str) -> None:
    h.emu.set_scenario("http-error", status=status, body=body)
    with h.client() as client, pytest.raises(ApiError) as info:
        client.chat(BODY)
    assert h.chat_requests() == 4 and len(h.sleeps) == 3
    assert info.value.status == status
    assert "gave up after 4 attempts" in str(info.value) and CF_RAY in str(info.value)
    expected_class = RateLimitError if status == 429 else ServerError
    assert type(info.value) is expected_class
    label = "Rate limited" if status == 429 else "Server error"
    assert h.notices[0].startswith(f"{label} ({status}); retrying in ")
    assert h.notices[-1].endswith("(attempt 4 of 4)")


def test_429_retry_after_then_success(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=429, body="429_overloaded", retry_after=2,
                       fail_times=2)
    with h.client() as client:
        result = collect_events(client.stream_chat(BODY))
    assert result.content == "Hello! How can I help you today?"
    assert h.chat_requests() == 3 and h.sleeps == [2.0, 2.0]
    assert h.notices == ["Rate limited (429); retrying in 2 s (attempt 2 of 4)",
                         "Rate limited (429); retrying in 2 s (attempt 3 of 4)"]


def test_429_retry_after_http_date(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=429, fail_times=1,
                       retry_after=formatdate(time.time() + 5, usegmt=True))
    with h.client() as client:
        client.chat(BODY)
    assert h.chat_requests() == 2 and len(h.sleeps) == 1 and 2 <= h.sleeps[0] <= 6


def test_429_epoch_ms_reset_header(h: Harness) -> None:
    h.emu.set_scenario("http-error", body="429_rate_limit", reset_in=5, fail_times=1)
    with h.client() as client:
        client.chat(BODY)
    assert h.chat_requests() == 2 and len(h.sleeps) == 1 and 3 <= h.sleeps[0] <= 5.01


def test_429_asking_for_more_than_the_cap_is_not_retried(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=429, body="429_overloaded", retry_after=120)
    with h.client() as client, pytest.raises(RateLimitError) as info:
        client.chat(BODY)
    assert h.chat_requests() == 1 and h.sleeps == []
    assert "The model is currently overloaded" in str(info.value)
    assert "retry after 120 s" in str(info.value)
    assert info.value.exit_status == ExitStatus.RATE_LIMITED


def test_max_retries_zero(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=503)
    with h.client(max_retries=0) as client, pytest.raises(ServerError):
        client.chat(BODY)
    assert h.chat_requests() == 1


def test_redirects_are_not_followed(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=307, body={"error": "moved"},
                       headers={"Location": "https://elsewhere.example/api/v1/chat"})
    with h.client() as client, pytest.raises(ApiError) as info:
        client.chat(BODY)
    assert "redirected" in str(info.value) and "elsewhere.example" in str(info.value)
    assert h.chat_requests() == 1


def test_errors_on_models_and_key_check(h: Harness) -> None:
    h.emu.set_scenario("http-error", status=401, on="rate_limits")
    with h.client() as client, pytest.raises(AuthError):
        client.check_key()
    h.emu.set_scenario("http-error", status=500, on="models", fail_times=1)
    with h.client() as client:
        assert client.list_models()["object"] == "list"


# -- network failures -------------------------------------------------------------------
def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def test_connection_refused_is_retried_then_fails(h: Harness) -> None:
    base = f"http://127.0.0.1:{_closed_port()}/api/v1"
    with h.client(base_url=base) as client, pytest.raises(NetworkError) as info:
        client.chat(BODY)
    assert str(info.value).startswith(f"Could not connect to {base[7:].split('/')[0]}: ")
    assert "refused" in str(info.value).lower()
    assert info.value.exit_status == ExitStatus.NETWORK
    assert len(h.sleeps) == 3 and "(attempt 4 of 4)" in h.notices[-1]
    assert TEST_KEY not in str(info.value)


def test_unknown_host_fails_at_once_without_retries(h: Harness) -> None:
    with h.client(base_url="https://nonexistent.invalid/api/v1") as client, \
            pytest.raises(NetworkError) as info:
        client.chat(BODY)
    assert str(info.value).startswith("Could not resolve nonexistent.invalid")
    assert h.sleeps == [] and h.notices == []


# -- security ---------------------------------------------------------------------------
def test_models_are_fetched_without_authorization(h: Harness) -> None:
    with h.client() as client:
        payload = client.list_models(model_type="text")
    assert payload["type"] == "text" and payload["data"]
    request = h.emu.requests[-1]
    assert request.query == {"type": "text"} and "authorization" not in request.headers


def test_models_behind_auth_are_fetched_again_with_the_key(h: Harness) -> None:
    h.emu.set_scenario("plain", models_auth=True)
    with h.client() as client:
        payload = client.list_models()
    assert payload["data"]
    first, second = h.emu.requests
    assert "authorization" not in first.headers
    assert second.headers["authorization"] == f"Bearer {TEST_KEY}"
    with h.client(key=None) as client, pytest.raises(AuthError):
        client.list_models()


def test_check_key_returns_data(h: Harness) -> None:
    with h.client() as client:
        data = client.check_key()
    assert data["accessPermitted"] is True and data["balances"]["USD"] == 50.23


def test_unknown_key_and_missing_key(h: Harness) -> None:
    with h.client(key="not-a-known-key-123456") as client, pytest.raises(AuthError) as info:
        client.check_key()
    assert "not-a-known-key-123456" not in str(info.value)
    with h.client(key=None) as client, pytest.raises(BalanceError):
        client.check_key()
    assert "authorization" not in h.emu.requests[-1].headers


def test_key_is_refused_over_plain_http_to_a_remote_host(h: Harness) -> None:
    with h.client(base_url="http://venice.example.com/api/v1") as client:
        with pytest.raises(UsageError) as info:
            client.chat(BODY)
        assert "OPENCLAW_ALLOW_INSECURE_HTTP=1" in str(info.value)
        assert TEST_KEY not in str(info.value)
        with pytest.raises(UsageError):
            list(client.stream_chat(BODY))


def test_insecure_override_sends_to_a_remote_host(
    h: Harness, remote_emulator: VeniceEmulator
) -> None:
    remote_emulator.reset()
    base = remote_emulator.base_url  # http:// on a non-loopback address of this machine
    with h.client(base_url=base, max_retries=0) as client, pytest.raises(UsageError):
        client.chat(BODY)
    assert remote_emulator.requests == []  # refused before anything was sent
    with h.client(base_url=base, allow_insecure_http=True, max_retries=0) as client:
        assert client.chat(BODY).content.startswith("Hello!")
    assert [r.headers.get("authorization") for r in remote_emulator.requests] == [
        f"Bearer {TEST_KEY}"]


def test_invalid_base_url() -> None:
    with pytest.raises(UsageError):
        ApiClient("ftp://example.com/api", TEST_KEY)


@dataclass(frozen=True)
class _Key:
    value: str
    source: str = "env: VENICE_API_KEY"


@dataclass(frozen=True)
class _Provider:
    name: str
    base_url: str
    api: str
    api_key: _Key | None
    models: list[dict[str, Any]]


def test_for_provider(h: Harness) -> None:
    env = Environment(environ={"OPENCLAW_ALLOW_INSECURE_HTTP": "1"})
    provider = _Provider("venice", h.emu.base_url, "openai-completions", _Key(TEST_KEY), [])
    with ApiClient.for_provider(provider, env) as client:  # type: ignore[arg-type]
        assert client.allow_insecure_http and client.api_key == TEST_KEY
        assert client.check_key()["accessPermitted"] is True
    remote = _Provider("venice", "http://venice.example.com/api/v1", "x", _Key(TEST_KEY), [])
    client = ApiClient.for_provider(remote, Environment(environ={}))  # type: ignore[arg-type]
    with client, pytest.raises(UsageError):
        client.check_key()
