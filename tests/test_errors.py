"""errors.error_from_response with every documented Venice error body shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openclaw_venice_cli.errors import (
    AuthError,
    BalanceError,
    BlockedError,
    ExitStatus,
    NotFoundError,
    RateLimitError,
    RequestRejected,
    ServerError,
    error_from_response,
)
from tests.emulator import bodies

RAY = "988d6fc23956b871-GRU"

CASES: list[tuple[str, type, ExitStatus, str]] = [
    ("400_validation", RequestRejected, ExitStatus.REQUEST,
     "Invalid request parameters: type: Invalid enum value."),
    ("400_context_length", RequestRejected, ExitStatus.REQUEST,
     "Your request exceeds the model's maximum context."),
    ("400_legacy_array", RequestRejected, ExitStatus.REQUEST,
     "Unrecognized key(s) in object: 'stream_options'"),
    ("401_invalid_key", AuthError, ExitStatus.AUTH, "Authentication failed"),
    ("401_admin_required", AuthError, ExitStatus.AUTH, "Admin API key required"),
    ("402_no_credentials_abbrev", BalanceError, ExitStatus.BALANCE, "Authentication required"),
    ("402_insufficient_balance", BalanceError, ExitStatus.BALANCE,
     "Insufficient USD or Diem balance to complete request."),
    ("402_key_usd_limit", BalanceError, ExitStatus.BALANCE, "API key USD spend limit exceeded."),
    ("403_access_disabled", AuthError, ExitStatus.AUTH, "API access is disabled"),
    ("403_model_privacy", AuthError, ExitStatus.AUTH, "is an Anonymous model"),
    ("404_unknown_model", NotFoundError, ExitStatus.NOT_FOUND,
     "Specified model not found: no-such-model"),
    ("413_payload_too_large", RequestRejected, ExitStatus.REQUEST, "Request payload too large"),
    ("415_content_type", RequestRejected, ExitStatus.REQUEST, "Invalid request content-type"),
    ("422_content_policy", RequestRejected, ExitStatus.REQUEST, "violates the content policy"),
    ("429_rate_limit", RateLimitError, ExitStatus.RATE_LIMITED, "Rate limit exceeded"),
    ("429_overloaded", RateLimitError, ExitStatus.RATE_LIMITED,
     "The model is currently overloaded."),
    ("429_error_budget", RateLimitError, ExitStatus.RATE_LIMITED, "Too many failed attempts"),
    ("500_inference_failed", ServerError, ExitStatus.SERVER, "Inference processing failed"),
    ("500_unknown", ServerError, ExitStatus.SERVER, "An unknown error occurred"),
    ("502_bad_gateway", ServerError, ExitStatus.SERVER, "Upstream provider error."),
    ("502_cloudflare_html", ServerError, ExitStatus.SERVER, "502 Bad Gateway"),
    ("503_at_capacity", ServerError, ExitStatus.SERVER, "The model is at capacity."),
    ("503_offline", ServerError, ExitStatus.SERVER, "The model is temporarily offline."),
    ("504_timeout", ServerError, ExitStatus.SERVER, "Request timed out."),
    ("403_cloudflare_html", BlockedError, ExitStatus.NETWORK,
     'Blocked (403): the server answered with an HTML page ("Attention Required! | '
     'Cloudflare"), not the API'),
    ("400_echo_key_text", RequestRejected, ExitStatus.REQUEST, "Offending credential: "),
]


def _encode(body: Any) -> bytes:
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


@pytest.mark.parametrize(("name", "cls", "exit_status", "sentence"), CASES,
                         ids=[c[0] for c in CASES])
def test_every_named_body(name: str, cls: type, exit_status: ExitStatus, sentence: str) -> None:
    status, headers, body = bodies.named_error(name, url="http://127.0.0.1:1/api/v1/x")
    error = error_from_response(status, {**headers, "CF-RAY": RAY}, _encode(body))
    assert type(error) is cls
    assert error.exit_status == exit_status
    assert error.status == status
    assert sentence in str(error)
    assert str(error).endswith(f"(CF-RAY {RAY})")
    assert "\n" not in str(error)


def test_every_body_name_is_covered() -> None:
    assert {c[0] for c in CASES} == set(bodies.ERROR_NAMES)


def test_codes_from_object_and_top_level() -> None:
    _, _, body = bodies.named_error("400_context_length")
    assert error_from_response(400, {}, _encode(body)).code == "context_length_exceeded"
    _, _, body = bodies.named_error("413_payload_too_large")
    assert error_from_response(413, {}, _encode(body)).code == "PAYLOAD_TOO_LARGE"
    _, _, body = bodies.named_error("402_insufficient_balance")
    assert error_from_response(402, {}, _encode(body)).code is None


def test_upstream_rejection_with_request_id() -> None:
    body = {"error": "Provider says no", "request_id": "req_1"}
    error = error_from_response(400, {}, _encode(body))
    assert str(error) == "Request rejected (400): Provider says no"


def test_message_and_detail_fallbacks() -> None:
    assert "Bad thing" in str(error_from_response(500, {}, b'{"message": "Bad thing"}'))
    assert "Nope" in str(error_from_response(422, {}, b'{"detail": "Nope"}'))


def test_empty_and_non_json_bodies() -> None:
    assert str(error_from_response(503, {}, b"")) == "Server error (503): HTTP 503"
    text = error_from_response(500, {}, b"upstream\n  exploded " + b"x" * 500)
    assert str(text).startswith("Server error (500): upstream exploded")
    assert len(str(text)) < 240


def test_without_cf_ray_there_is_no_suffix() -> None:
    assert "CF-RAY" not in str(error_from_response(401, {}, b'{"error":"Authentication failed"}'))
