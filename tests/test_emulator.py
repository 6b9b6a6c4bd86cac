"""Fidelity of the loopback emulator to the Venice API reference (raw HTTP, no client)."""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import sys
from typing import Any

import httpx
import pytest

from tests.emulator import CF_RAY, SCENARIOS, VeniceEmulator
from tests.helpers import OTHER_KEY, TEST_KEY

AUTH = {"Authorization": f"Bearer {TEST_KEY}"}
BODY: dict[str, Any] = {"model": "llama-3.3-70b",
                        "messages": [{"role": "user", "content": "Hi"}]}


_HTTP = httpx.Client(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))  # http only: no CA load


def post(emu: VeniceEmulator, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return _HTTP.post(emu.base_url + "/chat/completions", json=body,
                      headers=AUTH if headers is None else headers)


def sse_payloads(emu: VeniceEmulator, body: dict[str, Any]) -> tuple[httpx.Response, list[Any]]:
    with _HTTP.stream("POST", emu.base_url + "/chat/completions", json=body,
                      headers=AUTH) as response:
        raw = b"".join(response.iter_bytes())
    payloads = [block[len("data: "):] for block in raw.decode().split("\n\n") if block]
    return response, [p if p == "[DONE]" else json.loads(p) for p in payloads]


def test_models_are_public_and_text_by_default(emulator: VeniceEmulator) -> None:
    response = _HTTP.get(emulator.base_url + "/models")
    assert response.status_code == 200
    payload = response.json()
    assert payload["object"] == "list" and payload["type"] == "text"
    ids = {row["id"] for row in payload["data"]}
    assert {"llama-3.3-70b", "qwen3-4b", "grok-4-3", "openai-gpt-4o-mini-2024-07-18",
            "qwen3-235b-a22b-thinking-2507", "qwen3-vl-235b-a22b"} <= ids
    assert "authorization" not in emulator.requests[-1].headers
    caps = {r["id"]: r["model_spec"]["capabilities"] for r in payload["data"]}
    assert caps["qwen3-vl-235b-a22b"]["supportsVision"]
    assert not caps["llama-3.3-70b"]["supportsVision"]


def test_models_type_filter(emulator: VeniceEmulator) -> None:
    images = _HTTP.get(emulator.base_url + "/models?type=image").json()["data"]
    assert images and {row["type"] for row in images} == {"image"}
    every = _HTTP.get(emulator.base_url + "/models", params={"type": "all"}).json()["data"]
    assert {"text", "image", "inpaint", "upscale", "tts", "asr", "embedding"} == {
        row["type"] for row in every}
    code = _HTTP.get(emulator.base_url + "/models", params={"type": "code"}).json()["data"]
    assert code and all(r["model_spec"]["capabilities"]["optimizedForCode"] for r in code)
    bad = _HTTP.get(emulator.base_url + "/models", params={"type": "bogus"})
    assert bad.status_code == 400
    assert bad.json()["issues"][0]["code"] == "invalid_enum_value"
    assert "received 'bogus'" in bad.json()["details"]["type"]["_errors"][0]


def test_model_offline_option_marks_the_row(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", model_offline="qwen3-4b")
    rows = _HTTP.get(emulator.base_url + "/models").json()["data"]
    assert next(r for r in rows if r["id"] == "qwen3-4b")["model_spec"]["offline"] is True
    response = post(emulator, {**BODY, "model": "qwen3-4b"})
    assert response.status_code == 503 and "temporarily offline" in response.json()["error"]


def test_missing_authorization_is_402_x402(emulator: VeniceEmulator) -> None:
    response = _HTTP.get(emulator.base_url + "/api_keys/rate_limits")
    assert response.status_code == 402
    body = response.json()
    assert body["x402Version"] == 2 and body["error"] == "Authentication required"
    header = json.loads(base64.b64decode(response.headers["payment-required"]))
    assert header["x402Version"] == 2


def test_unknown_key_is_401(emulator: VeniceEmulator) -> None:
    response = post(emulator, BODY, {"Authorization": "Bearer nope-nope-nope"})
    assert (response.status_code, response.json()) == (401, {"error": "Authentication failed"})
    emulator.keys.add("nope-nope-nope")
    assert post(emulator, BODY, {"Authorization": "Bearer nope-nope-nope"}).status_code == 200


def test_rate_limits_and_common_headers(emulator: VeniceEmulator) -> None:
    response = _HTTP.get(emulator.base_url + "/api_keys/rate_limits", headers=AUTH)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["accessPermitted"] is True and data["apiTier"]["id"] == "paid"
    assert data["balances"] == {"USD": 50.23, "DIEM": 100.023, "BUNDLED_CREDITS": 25}
    assert response.headers["cf-ray"] == CF_RAY
    assert response.headers["x-venice-balance-usd"] == "50.50"
    assert response.headers["x-ratelimit-reset-requests"] == "1759504980000"


def test_billing_balance_needs_an_admin_key(emulator: VeniceEmulator) -> None:
    url = emulator.base_url + "/billing/balance"
    inference = _HTTP.get(url, headers=AUTH)
    assert (inference.status_code, inference.json()) == (401, {"error": "Admin API key required"})
    admin = _HTTP.get(url, headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert admin.status_code == 200 and admin.json()["canConsume"] is True


def test_chat_request_validation(emulator: VeniceEmulator) -> None:
    wrong_type = _HTTP.post(emulator.base_url + "/chat/completions", content=json.dumps(BODY),
                            headers={**AUTH, "Content-Type": "text/plain"})
    assert wrong_type.status_code == 400
    assert wrong_type.json() == {"error": "'Content-Type' must be 'application/json'"}
    broken = _HTTP.post(emulator.base_url + "/chat/completions", content=b"{nope",
                        headers={**AUTH, "Content-Type": "application/json"})
    assert (broken.status_code, broken.json()) == (400, {"error": "Invalid JSON request"})
    unknown = post(emulator, {**BODY, "enable_thinking": True})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "Invalid request parameters"
    assert unknown.json()["issues"][0]["keys"] == ["enable_thinking"]
    missing = post(emulator, {"model": "llama-3.3-70b"})
    assert missing.status_code == 400 and missing.json()["issues"][0]["path"] == ["messages"]


def test_venice_parameters_lenient_but_web_search_enum(emulator: VeniceEmulator) -> None:
    ok = post(emulator, {**BODY, "venice_parameters": {"no_such_key": 1,
                                                       "enable_web_search": "auto"}})
    assert ok.status_code == 200
    assert ok.json()["venice_parameters"]["enable_web_search"] == "auto"
    assert "no_such_key" not in ok.json()["venice_parameters"]
    bad = post(emulator, {**BODY, "venice_parameters": {"enable_web_search": True}})
    assert bad.status_code == 400
    assert bad.json()["issues"][0]["path"] == ["venice_parameters", "enable_web_search"]


def test_model_suffix_trait_and_unknown(emulator: VeniceEmulator) -> None:
    suffixed = post(emulator, {**BODY, "model": "default:enable_web_search=on&"
                                                "include_venice_system_prompt=false"})
    assert suffixed.status_code == 200
    assert suffixed.json()["model"] == "llama-3.3-70b"
    params = suffixed.json()["venice_parameters"]
    assert params["enable_web_search"] == "on" and params["include_venice_system_prompt"] is False
    assert suffixed.headers["x-venice-model-id"] == "llama-3.3-70b"
    missing = post(emulator, {**BODY, "model": "no-such-model"})
    assert missing.status_code == 404
    assert missing.json() == {"error": "Specified model not found: no-such-model"}


def test_capability_gates(emulator: VeniceEmulator) -> None:
    image = {"role": "user", "content": [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}
    assert post(emulator, {**BODY, "messages": [image]}).status_code == 400
    vision = post(emulator, {**BODY, "model": "qwen3-vl-235b-a22b", "messages": [image]})
    assert vision.status_code == 200
    schema = {"type": "json_schema", "json_schema": {"name": "x", "strict": True, "schema": {}}}
    assert post(emulator, {**BODY, "response_format": schema}).status_code == 400
    assert post(emulator, {**BODY, "model": "grok-4-3",
                           "response_format": schema}).status_code == 200


def test_non_stream_completion_shape(emulator: VeniceEmulator) -> None:
    body = post(emulator, BODY).json()
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    message = body["choices"][0]["message"]
    assert message == {"role": "assistant", "reasoning_content": None,
                       "content": "Hello! How can I help you today?", "tool_calls": []}
    assert body["cost"]["usd"] == 0 and isinstance(body["cost"]["usd"], int)
    emulator.set_scenario("reasoning")
    reasoning = post(emulator, BODY).json()
    assert reasoning["choices"][0]["message"]["reasoning_content"]
    assert reasoning["usage"]["completion_tokens_details"]["reasoning_tokens"] == 2
    tiny = post(emulator, {**BODY, "max_completion_tokens": 1}).json()
    assert tiny["choices"][0]["finish_reason"] == "length"


def test_sse_framing(emulator: VeniceEmulator) -> None:
    response, frames = sse_payloads(emulator, {**BODY, "stream": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["transfer-encoding"] == "chunked"
    assert frames[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    texts = [f["choices"][0]["delta"].get("content") for f in frames[1:5]]
    assert texts == ["Hello", "!", " How can I help", " you today?"]
    assert frames[5]["choices"][0]["finish_reason"] == "stop"
    assert frames[6]["choices"] == [] and set(frames[6]) >= {"usage", "cost"}
    assert frames[7] == "[DONE]" and len(frames) == 8


def test_usage_frame_sent_without_include_usage(emulator: VeniceEmulator) -> None:
    _, frames = sse_payloads(emulator, {**BODY, "stream": True})
    assert sum(1 for f in frames if isinstance(f, dict) and "usage" in f) == 1


def test_long_scenario_chunk_count(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("long", tokens=5000)
    _, frames = sse_payloads(emulator, {**BODY, "stream": True})
    assert len(frames) == 5000 + 4


def test_http_error_fail_times(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("http-error", status=503, fail_times=1)
    assert post(emulator, BODY).status_code == 503
    assert post(emulator, BODY).status_code == 200
    with pytest.raises(ValueError):
        emulator.set_scenario("http-error", body="no_such_body")
    with pytest.raises(ValueError):
        emulator.set_scenario("no-such-scenario")


def test_unknown_routes_are_json_404(emulator: VeniceEmulator) -> None:
    response = _HTTP.get(emulator.base_url + "/nothing/here", headers=AUTH)
    assert response.status_code == 404 and response.json() == {"error": "Not found"}
    assert _HTTP.delete(emulator.base_url + "/models").status_code == 405


def test_requests_are_recorded_and_reset(emulator: VeniceEmulator) -> None:
    post(emulator, BODY)
    recorded = emulator.requests[-1]
    assert (recorded.method, recorded.path) == ("POST", "/api/v1/chat/completions")
    assert recorded.json == BODY and recorded.headers["authorization"] == f"Bearer {TEST_KEY}"
    emulator.set_scenario("echo")
    emulator.reset()
    assert emulator.requests == [] and emulator.scenario == ("plain", {})


def test_control_endpoints(emulator: VeniceEmulator) -> None:
    root = emulator.root_url
    ok = _HTTP.post(root + "/__emulator/scenario",
                    json={"name": "echo", "options": {"no_diem_header": True}})
    assert ok.status_code == 200 and emulator.scenario == ("echo", {"no_diem_header": True})
    assert _HTTP.post(root + "/__emulator/scenario", json={"name": "bogus"}).status_code == 400
    post(emulator, BODY)
    rows = _HTTP.get(root + "/__emulator/requests").json()["requests"]
    assert [r["path"] for r in rows] == ["/api/v1/chat/completions"]


def test_every_scenario_answers(emulator: VeniceEmulator) -> None:
    for name in SCENARIOS:
        if name in ("stall", "truncated", "slow-first-byte"):
            continue
        emulator.set_scenario(name, **({"tokens": 10} if name == "long" else {}))
        response = post(emulator, {**BODY, "stream": True})
        assert response.status_code == (500 if name == "http-error" else 200), name


def test_standalone_process_prints_base_url() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "tests.emulator", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:") and base.endswith("/api/v1")
        assert _HTTP.get(base + "/models").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
