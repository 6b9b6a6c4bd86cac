"""`ApiClient.post` and its `Reply`: JSON, binary and multipart over real loopback HTTP.

The oracle is the emulator: what it sent (``emulator.sent``) and what it received
(``emulator.requests``, validated against the OpenAPI schema).
"""

from __future__ import annotations

import json

import pytest

from openclaw_venice_cli.client.http import ApiClient
from openclaw_venice_cli.client.limits import format_size
from openclaw_venice_cli.errors import (
    AuthError,
    NetworkError,
    RequestRejected,
    ServerError,
)
from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY
from tests.openapi import multipart_errors, request_errors

MB = 1_000_000


def _client(emulator: VeniceEmulator, key: str = TEST_KEY) -> ApiClient:
    return ApiClient(emulator.base_url, key, sleep=lambda _s: None)


def test_json_post_returns_the_object_the_server_sent(emulator: VeniceEmulator) -> None:
    body = {"model": "text-embedding-bge-m3", "input": ["one", "two"]}
    with _client(emulator) as client, client.post("/embeddings", json_body=body) as reply:
        obj = reply.json_object(MB)
        assert reply.status == 200 and reply.content_type == "application/json"
    assert obj == json.loads(emulator.sent[-1])
    request = emulator.requests[-1]
    assert request.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert request_errors("/embeddings", request.json) == []


def test_binary_answer_streams_exactly_the_bytes_sent(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", media_size=300_000)
    body = {"model": "tts-kokoro", "input": "Hello there", "voice": "am_adam",
            "response_format": "flac"}
    pieces: list[bytes] = []
    with _client(emulator) as client:
        reply = client.post("/audio/speech", json_body=body, accept="audio/*")
        assert reply.content_type == "audio/flac"
        pieces.extend(reply.chunks(MB))
    assert len(pieces) > 1, "the body should arrive in several pieces"
    assert b"".join(pieces) == emulator.sent[-1]
    assert emulator.requests[-1].headers["accept"] == "audio/*"


def test_multipart_upload_matches_the_schema(emulator: VeniceEmulator) -> None:
    audio = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256)) * 10
    with _client(emulator) as client:
        reply = client.post("/audio/transcriptions",
                            form={"model": "openai/whisper-large-v3", "language": "da",
                                  "timestamps": "true"},
                            files={"file": ("memo.wav", audio, "audio/wav")})
        answer = reply.json_object(MB)
    assert answer == json.loads(emulator.sent[-1])
    assert answer["text"].startswith("Transcript of memo.wav (da):")
    request = emulator.requests[-1]
    ctype = request.headers["content-type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    assert multipart_errors("/audio/transcriptions", request.body, ctype) == []


def test_multipart_is_sent_again_whole_after_a_503(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("http-error", status=503, on="upscale", fail_times=1)
    image = b"\x89PNG\r\n\x1a\n" + bytes(4000)
    with _client(emulator) as client:
        data = client.post("/image/upscale", form={"scale": "2"},
                           files={"image": ("a.png", image, "image/png")}).read(MB)
    first, second = emulator.requests[-2:]
    assert first.body == second.body and len(second.body) > len(image)
    assert data == emulator.sent[-1]


def test_declared_length_over_the_limit_fails_before_reading(
        emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", media_size=50_000)
    with _client(emulator) as client:
        reply = client.post("/audio/speech", json_body={"input": "x"})
        with pytest.raises(ServerError) as caught:
            reply.read(10_000)
    assert "The server sent more than 10 kB for the answer" in str(caught.value)
    assert "CF-RAY" in str(caught.value)


def test_an_endless_answer_stops_at_the_limit(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", media_flood=True, media_flood_limit=64 * MB)
    received = 0
    with _client(emulator) as client:
        reply = client.post("/audio/speech", json_body={"input": "x"})
        with pytest.raises(ServerError, match=r"more than 3 MB for the answer"):
            for chunk in reply.chunks(3 * MB):
                received += len(chunk)
    assert received <= 3 * MB


def test_a_cut_body_is_a_network_error(emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", media_cut=True)
    with _client(emulator) as client:
        reply = client.post("/audio/speech", json_body={"input": "x"})
        with pytest.raises(NetworkError, match="closed before the answer was complete"):
            reply.read(MB)


def test_errors_keep_their_classes(emulator: VeniceEmulator) -> None:
    with _client(emulator, key="not-a-key") as client, pytest.raises(AuthError):
        client.post("/augment/search", json_body={"query": "x"})
    with _client(emulator) as client, pytest.raises(RequestRejected) as caught:
        client.post("/augment/search", json_body={"query": "x", "limit": 99})
    assert "limit" in str(caught.value)


def test_json_that_is_not_an_object_is_a_server_error(emulator: VeniceEmulator) -> None:
    with _client(emulator) as client:
        reply = client.post("/audio/speech", json_body={"input": "x"})
        with pytest.raises(ServerError, match="not valid JSON"):
            reply.json_object(MB)


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 B"), (999, "999 B"), (1000, "1 kB"), (1500, "1.5 kB"), (10_000, "10 kB"),
    (64 * MB, "64 MB"), (2_500_000_000, "2.5 GB"),
])
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
