"""Hostile servers through real HTTP: size limits, gzip bombs, HTML pages, key echoes,
proxies. (The chat rows of the same faults are in tests/test_fault_matrix.py.)"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from openclaw_venice_cli.client.limits import MB, PIECE, BoundedDecoder, read_bounded
from openclaw_venice_cli.client.proxy import bypassed, proxy_for
from openclaw_venice_cli.client.sse import SSEDecoder
from openclaw_venice_cli.errors import ResponseTooLarge, ServerError
from tests.emulator import VeniceEmulator
from tests.emulator.hostile import gzip_zeros
from tests.emulator.proxy import RecordingProxy
from tests.helpers import TEST_KEY, CliRun
from tests.pty_session import closed_port_url

MIB = 1 << 20


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


# -- the bounded decoder -------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "deflate-raw", "identity"])
def test_bounded_decoder_round_trips_every_encoding(encoding: str) -> None:
    data = json.dumps({"data": [{"id": f"m{i}", "x": "y" * (i % 97)} for i in range(5000)]})
    raw = data.encode()
    packed = {"gzip": gzip.compress(raw), "deflate": zlib.compress(raw),
              "identity": raw}.get(encoding)
    if encoding == "deflate-raw":  # "deflate" sent without the zlib header (some servers)
        squeezer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        packed = squeezer.compress(raw) + squeezer.flush()
    assert packed is not None
    chunks = [packed[i:i + 1000] for i in range(0, len(packed), 1000)]
    name = "deflate" if encoding == "deflate-raw" else encoding
    assert read_bounded(chunks, name, len(raw), "x") == raw  # exactly at the limit: fine
    with pytest.raises(ResponseTooLarge, match=r"^The server sent more than \d+ kB for x; "):
        read_bounded(chunks, name, len(raw) - 1, "x")


def test_a_gzip_bomb_is_decoded_in_bounded_pieces_and_stops_at_the_limit() -> None:
    bomb = gzip_zeros(256 * MIB)
    assert len(bomb) < 300_000
    decoder = BoundedDecoder("gzip", 8 * MB, "the model list")
    sizes: list[int] = []
    with pytest.raises(ResponseTooLarge) as caught:
        for start in range(0, len(bomb), 65536):
            sizes.extend(len(p) for p in decoder.feed(bomb[start:start + 65536]))
    assert str(caught.value) == ("The server sent more than 8 MB for the model list; "
                                 "openclaw stopped reading")
    assert caught.value.exit_status == 8
    assert max(sizes) <= PIECE and sum(sizes) <= 8 * MB


def test_truncate_mode_ends_the_body_at_the_limit() -> None:
    assert read_bounded([gzip_zeros(MIB)], "gzip", 1000, "e", truncate=True) == bytes(1000)


@pytest.mark.parametrize(("encoding", "body", "message"), [
    ("br", b"...", "The server sent the answer in an encoding openclaw does not read (br)"),
    ("gzip, gzip", b"...", "The server sent the answer in an encoding openclaw does not "
                           "read (gzip, gzip)"),
    ("gzip", b"\x1f\x8bnot gzip at all", "The server sent the answer that could not be "
                                         "decompressed"),
])
def test_unreadable_encodings_are_server_errors(encoding: str, body: bytes,
                                                message: str) -> None:
    with pytest.raises(ServerError) as caught:
        read_bounded([body], encoding, MIB, "the answer")
    assert str(caught.value) == message


# -- SSE line cap ------------------------------------------------------------------------------
def test_sse_line_cap_counts_a_line_split_across_reads() -> None:
    decoder = SSEDecoder(max_line=100)
    assert decoder.feed(b"data: " + b"x" * 60) == []
    with pytest.raises(ResponseTooLarge, match="for one line of its stream"):
        decoder.feed(b"x" * 60)


def test_sse_event_cap_counts_multi_line_data() -> None:
    decoder = SSEDecoder(max_line=100)
    with pytest.raises(ResponseTooLarge, match="for one event of its stream"):
        decoder.feed(b"data: " + b"x" * 60 + b"\ndata: " + b"y" * 60 + b"\n")


def test_sse_lines_at_the_cap_and_crlf_split_across_reads() -> None:
    decoder = SSEDecoder(max_line=100)
    line = b"data: " + b"x" * 94  # exactly 100 characters
    assert decoder.feed(line + b"\r") == []
    assert decoder.feed(b"\n\r\n") == ["x" * 94]  # CRLF split: one line end, not two


# -- model discovery survives hostile /models answers -----------------------------------------
@pytest.mark.parametrize("kind", ["gzip-bomb", "endless", "html"])
def test_models_list_falls_back_to_the_builtin_catalog(kind: str, cli: CliRun,
                                                       emulator: VeniceEmulator) -> None:
    offline = cli("models", "list", "--plain", env={"VENICE_BASE_URL": closed_port_url()})
    emulator.set_scenario("hostile", kind=kind, on="models")
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url}
    result = cli("models", "list", "--plain", "--refresh", env=env)
    assert result.code == 0, result.output
    assert result.stdout == offline.stdout  # the built-in catalog, row for row
    reason = {"gzip-bomb": r"The server sent more than 16 MB for the model list; openclaw "
                           r"stopped reading \(CF-RAY [^)]+\)",
              "endless": r"The server sent more than 16 MB for the model list; openclaw "
                         r"stopped reading \(CF-RAY [^)]+\)",
              "html": r'The server answered with an HTML page \("Just a moment\.\.\."\) '
                      r"instead of an API answer \(HTTP 200\); check the base URL and any "
                      r"proxy or captive portal \(CF-RAY [^)]+\)"}[kind]
    assert result.stderr.splitlines() == [result.stderr.strip()]
    import re

    assert re.fullmatch(rf"Model discovery failed \({reason}\); showing the built-in "
                        r"catalog\.", result.stderr.strip()), result.stderr


def test_a_blocked_key_check_is_not_a_rejected_key(cli: CliRun, emulator: VeniceEmulator,
                                                   config_path: Path) -> None:
    """A CDN's 403 page on the key check: onboarding goes on and stores the key."""
    emulator.set_scenario("hostile", kind="html", status=403, on="rate_limits")
    result = cli("onboard", "--non-interactive", "--auth-choice", "venice-api-key",
                 env={"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output
    assert ('Could not check the key (Blocked (403): the server answered with an HTML page '
            '("Just a moment..."), not the API; a firewall, proxy or CDN refused the request '
            "before the key was checked (CF-RAY") in result.stdout
    assert TEST_KEY in config_path.read_text()  # stored: the key was not the problem


# -- secrets in error bodies -------------------------------------------------------------------
def test_a_key_echoed_past_the_cut_is_masked_before_it(cli: CliRun,
                                                       emulator: VeniceEmulator) -> None:
    """The body quotes the key across the 200-character cut: no fragment may show."""
    emulator.set_scenario("http-error", status=400, body="400_echo_key_text")
    result = cli("chat", "hi", env={"VENICE_API_KEY": TEST_KEY,
                                    "VENICE_BASE_URL": emulator.base_url})
    assert result.code == 10
    [line] = _errors(result.stderr)
    assert "Offending credential: VENI…nopq (check the header)." in line
    fragments = {TEST_KEY[i:i + 8] for i in range(4, len(TEST_KEY) - 12)}
    assert not [f for f in fragments if f in result.output]


# -- proxies ------------------------------------------------------------------------------------
@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    try:
        yield server
    finally:
        server.close()


def test_proxy_variables_come_from_the_run_not_the_process(
        cli: CliRun, proxy: RecordingProxy, remote_emulator: VeniceEmulator) -> None:
    remote_emulator.reset()
    result = cli("models", "list", "--refresh", "--plain",
                 env={"HTTP_PROXY": proxy.url, "NO_PROXY": "",
                      "VENICE_BASE_URL": remote_emulator.base_url})
    assert result.code == 0 and result.stderr == "", result.output
    assert [(m, u) for m, u, _ in proxy.requests] == [
        ("GET", remote_emulator.base_url + "/models"),
        ("GET", remote_emulator.base_url + "/models/compatibility_mapping?type=text")]
    assert all("authorization" not in h for _, _, h in proxy.requests)  # both are public


def test_no_proxy_bypasses_the_proxy(cli: CliRun, proxy: RecordingProxy,
                                     remote_emulator: VeniceEmulator) -> None:
    remote_emulator.reset()
    host = remote_emulator.base_url.split("/")[2].split(":")[0]
    result = cli("models", "list", "--refresh", "--plain",
                 env={"HTTP_PROXY": proxy.url, "NO_PROXY": f"example.com, {host}",
                      "VENICE_BASE_URL": remote_emulator.base_url})
    assert result.code == 0, result.output
    assert proxy.requests == [] and len(remote_emulator.requests) == 2  # models, mapping


def test_loopback_never_uses_a_proxy(cli: CliRun, emulator: VeniceEmulator) -> None:
    dead = closed_port_url().rsplit("/api", 1)[0]  # a proxy that would refuse everything
    result = cli("chat", "hi", env={"VENICE_API_KEY": TEST_KEY, "NO_PROXY": "",
                                    "VENICE_BASE_URL": emulator.base_url,
                                    "HTTP_PROXY": dead, "ALL_PROXY": dead})
    assert (result.code, result.stdout) == (0, "Hello! How can I help you today?\n")


def test_the_key_never_goes_through_a_proxy_over_plain_http(
        cli: CliRun, proxy: RecordingProxy, remote_emulator: VeniceEmulator) -> None:
    remote_emulator.reset()
    result = cli("chat", "hi", env={
        "VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": remote_emulator.base_url,
        "OPENCLAW_ALLOW_INSECURE_HTTP": "1", "HTTP_PROXY": proxy.url, "NO_PROXY": ""})
    host = remote_emulator.base_url.split("/")[2]
    assert result.code == 2
    assert _errors(result.stderr) == [
        f"Error: Refusing to send the API key over plain http:// through the proxy "
        f"{proxy.url}. Use https://, or add {host} to NO_PROXY."]
    assert proxy.requests == [] and remote_emulator.requests == []


def test_a_socks_proxy_is_one_clear_line(cli: CliRun, remote_emulator: VeniceEmulator) -> None:
    result = cli("models", "list", "--refresh", "--plain", env={
        "ALL_PROXY": "socks5://user:secretpass@127.0.0.1:1080", "NO_PROXY": "",
        "VENICE_BASE_URL": remote_emulator.base_url})
    assert result.code == 0  # discovery failed: the built-in catalog, and why
    assert ("The proxy socks5://user:***@127.0.0.1:1080 uses socks5://, which openclaw "
            "does not support") in result.stderr
    assert "secretpass" not in result.output


@pytest.mark.parametrize(("url", "environ", "expected"), [
    ("https://api.venice.ai/api/v1", {"HTTPS_PROXY": "proxy:3128"}, "http://proxy:3128"),
    ("https://api.venice.ai/api/v1", {"https_proxy": "http://a:1", "HTTPS_PROXY": "http://b:1"},
     "http://a:1"),
    ("https://api.venice.ai/api/v1", {"HTTP_PROXY": "http://p:1"}, None),
    ("http://gpu.lan:8080/v1", {"HTTP_PROXY": "http://p:1"}, "http://p:1"),
    ("https://api.venice.ai/api/v1", {"ALL_PROXY": "http://p:1"}, "http://p:1"),
    ("https://api.venice.ai/api/v1", {"ALL_PROXY": "http://p:1", "NO_PROXY": "venice.ai"},
     None),
    ("https://api.venice.ai/api/v1", {"ALL_PROXY": "http://p:1", "no_proxy": ".venice.ai"},
     None),
    ("https://notvenice.ai/api/v1", {"ALL_PROXY": "http://p:1", "NO_PROXY": "venice.ai"},
     "http://p:1"),
    ("https://api.venice.ai/api/v1", {"ALL_PROXY": "http://p:1", "NO_PROXY": "*"}, None),
    ("http://10.1.2.3:8000/v1", {"ALL_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"}, None),
    ("http://10.1.2.3:8000/v1", {"ALL_PROXY": "http://p:1", "NO_PROXY": "10.1.2.3:9"},
     "http://p:1"),
    ("http://localhost:8000/v1", {"ALL_PROXY": "http://p:1"}, None),
    ("http://[::1]:8000/v1", {"ALL_PROXY": "http://p:1"}, None),
    ("http://127.0.0.1:8000/v1", {"HTTP_PROXY": "http://p:1", "NO_PROXY": ""}, None),
])
def test_proxy_rules(url: str, environ: dict[str, str], expected: str | None) -> None:
    assert proxy_for(url, environ) == expected


def test_no_proxy_entries() -> None:
    assert bypassed("a.b.example.com", 443, "example.com")
    assert not bypassed("badexample.com", 443, "example.com")
    assert bypassed("host", 8080, "other host:8080")


def test_every_cut_masks_first() -> None:
    """sanitize.one_line(limit) masks known keys before it cuts: no fragment survives."""
    from openclaw_venice_cli.keys import register_secret
    from openclaw_venice_cli.sanitize import one_line

    register_secret(TEST_KEY)
    for offset in range(150, 200, 7):
        line = one_line("x" * offset + f" {TEST_KEY} tail", 200)
        assert "VENI…nopq" in line or line.endswith("…")
        assert not any(TEST_KEY[i:i + 8] in line for i in range(4, len(TEST_KEY) - 12))


def test_a_json_error_message_echoing_the_key_is_masked_at_the_source() -> None:
    from openclaw_venice_cli.errors import error_from_response
    from openclaw_venice_cli.keys import register_secret

    register_secret(TEST_KEY)
    body = json.dumps({"error": f"The key {TEST_KEY} is not valid here"}).encode()
    error = error_from_response(404, {}, body)
    assert error.api_message == "Not found (404): The key VENI…nopq is not valid here"
