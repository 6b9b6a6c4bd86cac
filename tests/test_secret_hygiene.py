"""Secret hygiene: the key is never shown, stored outside the config, sent in clear or redirected.

The session-wide half (every CLI result and every file of every test) lives in
``tests/leakcheck.py``; these tests drive the flows where a leak would be likeliest.
"""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import OTHER_KEY, TEST_KEY, CliRun, Result
from tests.leakcheck import find_in_files, find_in_text

CHAT = ("chat", "--model", "venice/llama-3.3-70b", "hi")
ECHOED = {"error": f"Invalid key {TEST_KEY} for this route"}  # a server that echoes the key


def no_key_in(*results: Result) -> None:
    texts = [(f"{i}.{n}", t) for i, r in enumerate(results)
             for n, t in (("stdout", r.stdout), ("stderr", r.stderr))]
    assert find_in_text(texts) == []


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def onboard(cli: CliRun, base_url: str, *extra: str) -> Result:
    result = cli("onboard", "--non-interactive", "--auth-choice", "venice-api-key",
                 "--venice-api-key", TEST_KEY, *extra, env={"VENICE_BASE_URL": base_url})
    assert result.code == 0, result.output
    return result


def test_whole_flow_keeps_the_key_private(
    cli: CliRun, emulator: VeniceEmulator, isolated_home: Path, config_path: Path
) -> None:
    env = {"VENICE_BASE_URL": emulator.base_url}
    results = [onboard(cli, emulator.base_url)]
    results.append(cli("models", "status", env=env))
    results.append(cli("models", "list", "--refresh", env=env))
    results.append(cli(*CHAT, "--usage", env=env))
    results.append(cli("models", "set", "venice/qwen3-4b", env=env))
    emulator.set_scenario("inband-error")
    results.append(cli(*CHAT, env=env))
    results.append(cli(*CHAT, env={**env, "OPENCLAW_DEBUG": "1"}))
    assert [r.code for r in results] == [0, 0, 0, 0, 0, 8, 8], [r.output for r in results]
    assert "VENI…nopq" in results[1].stdout  # shown masked
    no_key_in(*results)
    assert find_in_files(isolated_home) == []  # cache, conversations, anything but config
    assert TEST_KEY in config_path.read_text()  # plaintext mode: stored in the 0600 config
    openclaw_dirs = [config_path.parent, isolated_home / ".cache" / "openclaw",
                     isolated_home / ".local" / "share" / "openclaw",
                     isolated_home / ".local" / "share" / "openclaw" / "conversations"]
    assert {str(d): mode(d) for d in openclaw_dirs} == {str(d): 0o700 for d in openclaw_dirs}
    files = [p for d in openclaw_dirs for p in d.iterdir() if p.is_file()]
    assert any(p.name.endswith(".bak") for p in files)
    assert len([p for p in files if p.parent.name == "conversations"]) == 3
    assert any(p.parent.name == "openclaw" and p.name.startswith("models-") for p in files)
    assert {str(p): mode(p) for p in files} == {str(p): 0o600 for p in files}


@pytest.mark.parametrize("debug", ["0", "1"])
@pytest.mark.parametrize("source", ["env", "config"])
def test_key_echoed_by_the_server_is_masked(
    cli: CliRun, emulator: VeniceEmulator, source: str, debug: str
) -> None:
    """Error lines and OPENCLAW_DEBUG=1 tracebacks mask the key wherever it came from."""
    env = {"VENICE_BASE_URL": emulator.base_url, "OPENCLAW_DEBUG": debug}
    if source == "env":
        env["VENICE_API_KEY"] = TEST_KEY
    else:
        onboard(cli, emulator.base_url, "--skip-health")
    emulator.set_scenario("http-error", status=401, body=ECHOED)
    result = cli(*CHAT, env=env)
    assert result.code == 4, result.output
    assert "Invalid key VENI…nopq for this route" in result.stderr
    if debug == "1":
        assert "Traceback" in result.stderr
    no_key_in(result)


def _port(url: str) -> int:
    return int(url.split(":")[2].split("/")[0])


def test_key_refused_over_plain_http_to_a_remote_host(
    cli: CliRun, remote_emulator: VeniceEmulator
) -> None:
    # An emulator on this machine's non-loopback address: a remote host to the CLI.
    remote_emulator.reset()
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": remote_emulator.base_url}
    refused = cli(*CHAT, env=env)
    assert refused.code == 2, refused.output
    host = remote_emulator.base_url.split("/")[2]
    assert refused.stderr == (
        f"Error: Refusing to send the API key over plain http:// to {host}. Use https://, "
        "or set OPENCLAW_ALLOW_INSECURE_HTTP=1 to allow it.\n")
    assert remote_emulator.requests == []
    allowed = cli(*CHAT, env={**env, "OPENCLAW_ALLOW_INSECURE_HTTP": "1"})
    assert allowed.code == 0, allowed.output
    assert [r.headers.get("authorization") for r in remote_emulator.requests] == [
        f"Bearer {TEST_KEY}"]
    no_key_in(refused, allowed)


def test_loopback_http_is_allowed_without_opt_in(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = cli(*CHAT, env={"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": emulator.base_url})
    assert result.code == 0, result.output


class _Redirector:
    """A loopback server answering every request with a redirect to another origin."""

    def __init__(self, target: str, status: int = 307) -> None:
        self.requests: list[dict[str, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _redirect(self) -> None:
                owner.requests.append({k.lower(): v for k, v in self.headers.items()})
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(status)
                self.send_header("Location", target + self.path.replace("/api/v1", "", 1))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _redirect

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def redirector(emulator: VeniceEmulator) -> Iterator[_Redirector]:
    server = _Redirector(emulator.base_url)
    yield server
    server.close()


@pytest.mark.parametrize("command", ["chat", "onboard"])
def test_no_authorization_follows_a_redirect(
    cli: CliRun, emulator: VeniceEmulator, redirector: _Redirector, command: str
) -> None:
    env = {"VENICE_API_KEY": OTHER_KEY, "VENICE_BASE_URL": redirector.base_url}
    if command == "chat":
        result = cli(*CHAT, env=env)
    else:
        result = cli("onboard", "--non-interactive", "--auth-choice", "venice-api-key", env=env)
    if command == "chat":
        assert result.code == 8, result.output  # ExitStatus.SERVER
        assert result.stderr.startswith("Error: The server redirected the request (307)")
    else:  # onboarding treats an unverifiable key as "could not check" and carries on
        assert "redirected the request (307)" in result.output, result.output
    assert "does not follow redirects" in result.output
    assert len(redirector.requests) >= 1  # the key went only where it was configured to go
    assert all(r.get("authorization") == f"Bearer {OTHER_KEY}" for r in redirector.requests)
    assert emulator.requests == []  # the other origin never saw a request, let alone the key
    no_key_in(result)


def test_non_ascii_key_fails_with_a_sentence(cli: CliRun, emulator: VeniceEmulator) -> None:
    """A pasted key with a stray non-ASCII character cannot be sent: say so, mask it."""
    key = TEST_KEY + "ø"
    result = cli(*CHAT, env={"VENICE_API_KEY": key, "VENICE_BASE_URL": emulator.base_url})
    assert result.code in (1, 2), result.output
    assert "Unexpected error" not in result.stderr, result.stderr
    assert key not in result.output and TEST_KEY not in result.output
