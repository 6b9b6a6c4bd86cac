"""API fault matrix: every documented failure, driven through the emulator, one table.

Each row runs the real ``openclaw chat --model venice/llama-3.3-70b "hi"`` in a subprocess
against the loopback emulator and checks: exit code, the one ``Error:`` line, how many
requests were made (retries only for 429/5xx/connection failures), and the partial answer
kept on stdout and in the saved conversation. To add a case, add a :class:`Fault` row.

Retry waits come from the server: rows use ``retry_after=0`` (or a short epoch-ms reset)
so the matrix stays fast; rows that need a short read timeout set ``OPENCLAW_TIMEOUT``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.emulator import CF_RAY, VeniceEmulator
from tests.helpers import TEST_KEY, CliRun
from tests.pty_session import closed_port_url

FULL = "Hello! How can I help you today?"
CHAT = ("chat", "--model", "venice/llama-3.3-70b", "hi")
RAY = f"(CF-RAY {CF_RAY})"


@dataclass(frozen=True)
class Fault:
    """One row: how to provoke the fault and what the user must see."""

    id: str
    scenario: str = "plain"
    options: dict[str, Any] = field(default_factory=dict)
    exit: int = 0
    message: str | None = None  # regex searched in the single "Error: " line
    attempts: int = 1  # POST /chat/completions requests (or connection attempts)
    stdout: str = ""  # exactly what reaches stdout (the partial answer, if any)
    notice: str | None = None  # regex that must appear on stderr (besides the error)
    base_url: str | None = None  # "refused" / "dns" / None (the emulator)
    model: str = "venice/llama-3.3-70b"
    read_timeout: float | None = None  # OPENCLAW_TIMEOUT for this row
    flags: tuple[str, ...] = ()  # extra chat flags (e.g. --no-stream)
    xfail: str | None = None


def _http(status: int, body: str, exit_: int, message: str, **opts: Any) -> Fault:
    return Fault(f"{status}-{body.split('_', 1)[1]}", "http-error",
                 {"status": status, "body": body, **opts}, exit_, message)


MATRIX: list[Fault] = [
    # -- 4xx: never retried ----------------------------------------------------------------
    _http(400, "400_validation", 10, r"^Request rejected \(400\): Invalid request parameters: "
          r"type: Invalid enum value"),
    _http(400, "400_context_length", 10, r"^Request rejected \(400\): Your request exceeds "
          r"the model's maximum context"),
    _http(401, "401_invalid_key", 4, r"^The API key was rejected \(401\): Authentication "
          r"failed"),
    _http(402, "402_insufficient_balance", 5, r"^Payment required \(402\): Insufficient USD "
          r"or Diem balance"),
    _http(402, "402_key_usd_limit", 5, r"^Payment required \(402\): API key USD spend limit"),
    _http(402, "402_no_credentials_abbrev", 5, r"^Payment required \(402\): Authentication "
          r"required"),
    _http(403, "403_access_disabled", 4, r"^Access denied \(403\): API access is disabled"),
    _http(403, "403_model_privacy", 4, r"^Access denied \(403\): This API key is set to "
          r"'PRIVATE_ONLY'"),
    _http(404, "404_unknown_model", 6, r"^Not found \(404\): Specified model not found"),
    Fault("404-real-unknown-model", exit=6, model="venice/no-such-model",
          message=r"^Not found \(404\): Specified model not found: no-such-model"),
    _http(413, "413_payload_too_large", 10, r"^Request rejected \(413\): Request payload too "
          r"large"),
    _http(415, "415_content_type", 10, r"^Request rejected \(415\): Invalid request "
          r"content-type"),
    _http(422, "422_content_policy", 10, r"^Request rejected \(422\): Your prompt violates "
          r"the content policy"),
    # -- 429: retried, honouring Retry-After, then the epoch-ms reset headers ---------------
    Fault("429-retry-after-0", "http-error", {"status": 429, "retry_after": 0}, 7,
          r"^Rate limited \(429\): Rate limit exceeded \(gave up after 4 attempts\)",
          attempts=4, notice=r"Rate limited \(429\); retrying in 0 s \(attempt 2 of 4\)"),
    Fault("429-overloaded-retry-after-0", "http-error",
          {"status": 429, "body": "429_overloaded", "retry_after": 0}, 7,
          r"^Rate limited \(429\): The model is currently overloaded", attempts=4),
    Fault("429-retry-after-too-long", "http-error", {"status": 429, "retry_after": 120}, 7,
          r"^Rate limited \(429\): Rate limit exceeded \(the server asks to retry after "
          r"120 s\)"),
    Fault("429-epoch-ms-reset-then-ok", "http-error",
          {"status": 429, "body": "429_rate_limit", "reset_in": 1.5, "fail_times": 1},
          0, None, attempts=2, stdout=FULL,
          notice=r"Rate limited \(429\); retrying in 1(\.\d)? s \(attempt 2 of 4\)"),
    Fault("429-error-budget-reset-then-ok", "http-error",
          {"status": 429, "body": "429_error_budget", "reset_in": 1.5, "fail_times": 1},
          0, None, attempts=2, stdout=FULL, notice=r"retrying in 1(\.\d)? s"),
    # -- 5xx: retried ------------------------------------------------------------------------
    Fault("500", "http-error", {"status": 500, "retry_after": 0}, 8,
          r"^Server error \(500\): Inference processing failed \(gave up after 4 attempts\)",
          attempts=4),
    Fault("502", "http-error", {"status": 502, "retry_after": 0}, 8,
          r"^Server error \(502\): Upstream provider error", attempts=4),
    Fault("502-cloudflare-html", "http-error",
          {"status": 502, "body": "502_cloudflare_html", "retry_after": 0}, 8,
          r'^Server error \(502\): an HTML page \("502 Bad Gateway"\) \(gave up after 4 '
          r"attempts\)", attempts=4),
    Fault("503", "http-error", {"status": 503, "retry_after": 0}, 8,
          r"^Server error \(503\): The model is at capacity", attempts=4),
    Fault("503-offline-backoff-then-ok", "http-error",
          {"status": 503, "body": "503_offline", "fail_times": 1}, 0, None, attempts=2,
          stdout=FULL, notice=r"Server error \(503\); retrying in 0\.\d s \(attempt 2 of 4\)"),
    Fault("504", "http-error", {"status": 504, "retry_after": 0}, 8,
          r"^Server error \(504\): Request timed out", attempts=4),
    # -- the stream itself -----------------------------------------------------------------
    Fault("inband-stream-error", "inband-error", exit=8, stdout="Partial answer",
          message=r"^The server failed during the answer: The model is currently overloaded"),
    Fault("truncated-stream", "truncated", exit=9, stdout="Hello!",
          message=r"^The connection closed before the answer was complete"),
    Fault("truncated-stream-clean-eof", "truncated", {"clean": True}, exit=9, stdout="Hello!",
          message=r"^The connection closed before the answer was complete"),
    Fault("cut-after-finish-reason", "truncated", {"after_finish": True}, stdout=FULL),
    Fault("malformed-json-line", "malformed-line", stdout=FULL,
          notice=r"Skipped a malformed event in the server's stream\."),
    Fault("read-timeout-mid-stream", "stall", {"seconds": 60}, exit=9, stdout="Hello!",
          read_timeout=0.25, message=r"^The server stopped sending for 0\.25 s before the "
          r"answer"),
    Fault("slow-first-byte", "slow-first-byte", {"delay": 0.25}, stdout=FULL),
    Fault("slow-first-byte-past-timeout", "slow-first-byte", {"delay": 60}, exit=9,
          read_timeout=0.25, message=r"^The server did not answer within 0\.25 s"),
    # -- hostile servers (tests/emulator/hostile.py): every limit and misclassification -----
    Fault("403-cloudflare-html-block", "http-error",
          {"status": 403, "body": "403_cloudflare_html"}, 9,
          r'^Blocked \(403\): the server answered with an HTML page \("Attention Required! \| '
          r'Cloudflare"\), not the API; a firewall, proxy or CDN refused the request before '
          r"the key was checked"),
    Fault("html-200-stream", "hostile", {"kind": "html"}, 8,
          r'^The server answered with an HTML page \("Just a moment\.\.\."\) instead of an API '
          r"answer \(HTTP 200\); check the base URL and any proxy or captive portal"),
    Fault("html-200-no-stream", "hostile", {"kind": "html"}, 8,
          r'^The server answered with an HTML page \("Just a moment\.\.\."\) instead of an API '
          r"answer \(HTTP 200\)", flags=("--no-stream",)),
    Fault("html-200-as-event-stream", "hostile",
          {"kind": "html", "content_type": "text/event-stream"}, 8,
          r'^The server answered with an HTML page \("Just a moment\.\.\."\) instead of an API '
          r"answer \(HTTP 200\)"),
    Fault("gzip-bomb-stream", "hostile", {"kind": "gzip-bomb"}, 8,
          r"^The server sent more than 16 MB for one line of its stream; openclaw stopped "
          r"reading"),
    Fault("gzip-bomb-no-stream", "hostile", {"kind": "gzip-bomb"}, 8,
          r"^The server sent more than 16 MB for the answer; openclaw stopped reading",
          flags=("--no-stream",)),
    Fault("sse-line-over-16-mb", "hostile", {"kind": "huge-line"}, 8, stdout="Hello",
          message=r"^The server sent more than 16 MB for one line of its stream; openclaw "
                  r"stopped reading"),
    Fault("protocol-error-not-http", "hostile", {"kind": "protocol-error"}, 8,
          r"^The server at 127\.0\.0\.1:\d+ answered with something that is not HTTP; the "
          r"request was not sent again$"),
    Fault("protocol-error-closed-unanswered", "hostile",
          {"kind": "protocol-error", "mode": "close"}, 9,
          r"^The server at 127\.0\.0\.1:\d+ closed the connection without answering; the "
          r"request was not sent again$"),
    Fault("empty-stream", "empty", exit=8,
          message=r"^The server sent an empty answer \(no text, no tool calls\)"),
    Fault("empty-completion", "empty", exit=8, flags=("--no-stream",),
          message=r"^The server sent an empty answer \(no text, no tool calls\)"),
    Fault("all-malformed-stream", "all-malformed", exit=8,
          message=r"^The server's stream held no readable event \(every event was malformed\)",
          notice=r"Skipped a malformed event in the server's stream\."),
    Fault("retry-after-inf", "http-error", {"status": 503, "retry_after": "inf"}, 8,
          r"^Server error \(503\): The model is at capacity.*\(gave up after 4 attempts\)",
          attempts=4, notice=r"Server error \(503\); retrying in 0\.\d s \(attempt 2 of 4\)"),
    Fault("retry-after-nan", "http-error", {"status": 503, "retry_after": "nan"}, 8,
          r"^Server error \(503\): .*\(gave up after 4 attempts\)", attempts=4,
          notice=r"retrying in 1(\.\d)? s \(attempt 3 of 4\)"),
    Fault("retry-after-negative", "http-error", {"status": 503, "retry_after": "-5"}, 8,
          r"^Server error \(503\): .*\(gave up after 4 attempts\)", attempts=4,
          notice=r"retrying in [23](\.\d)? s \(attempt 4 of 4\)"),
    Fault("retry-after-huge", "http-error", {"status": 503, "retry_after": "1e308"}, 8,
          r"^Server error \(503\): .*\(the server asks to retry after more than 86400 s\)"),
    # -- no server -------------------------------------------------------------------------
    Fault("connection-refused", base_url="refused", exit=9, attempts=4,
          message=r"^Could not connect to 127\.0\.0\.1:\d+: .*refused.* \(gave up after 4 "
                  r"attempts\)"),
    Fault("dns-failure", base_url="dns", exit=9, attempts=1,
          message=r"^Could not resolve nonexistent\.invalid"),
]

def saved_conversations(home: Path) -> list[dict[str, Any]]:
    folder = home / ".local" / "share" / "openclaw" / "conversations"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def _param(row: Fault) -> Any:
    marks = [pytest.mark.xfail(reason=row.xfail, strict=True)] if row.xfail else []
    return pytest.param(row, id=row.id, marks=marks)


@pytest.mark.parametrize("row", [_param(row) for row in MATRIX])
def test_fault(row: Fault, cli: CliRun, emulator: VeniceEmulator, isolated_home: Path) -> None:
    base = {"refused": closed_port_url(), "dns": "https://nonexistent.invalid/api/v1",
            None: emulator.base_url}[row.base_url]
    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": base}
    emulator.set_scenario(row.scenario, **row.options)
    args = (*CHAT[:2], row.model, *row.flags, *CHAT[3:])
    if row.read_timeout is not None:
        env["OPENCLAW_TIMEOUT"] = str(row.read_timeout)
    result = cli(*args, env=env)

    assert result.code == row.exit, result.output
    # what arrived, its line ended by us when the answer lacked a final newline
    assert result.stdout == (row.stdout + "\n" if row.stdout else "")
    errors = [line[len("Error: "):] for line in result.stderr.splitlines()
              if line.startswith("Error: ")]
    if row.message is None:
        assert errors == [], result.stderr
    else:
        assert len(errors) == 1, result.stderr
        assert re.search(row.message, errors[0]), errors[0]
        if (row.scenario in ("http-error", "hostile", "empty", "all-malformed") and not (
                row.id.startswith("protocol"))) or row.id.startswith(("404", "inband")):
            assert errors[0].endswith(RAY), errors[0]  # support can trace the request
    if row.notice is not None:
        assert re.search(row.notice, result.stderr), result.stderr
    retries = len(re.findall(r"; retrying in [\d.]+ s \(attempt \d+ of \d+\)", result.stderr))
    assert retries + 1 == row.attempts, result.stderr
    if row.base_url is None:
        chats = [r for r in emulator.requests if r.path.endswith("/chat/completions")]
        assert len(chats) == row.attempts
    if row.id.startswith("retry-after") and row.attempts > 1:  # a bad hint is ignored:
        assert len(cli.sleeps) == 3 and all(0.5 <= s <= 3 for s in cli.sleeps)  # back-off
    saved = saved_conversations(isolated_home)
    if row.stdout:  # whatever arrived is kept in the conversation too
        assert len(saved) == 1
        assert saved[0]["messages"][-1] == {"role": "assistant", "content": row.stdout}
    else:
        assert saved == []


def test_matrix_covers_the_reference() -> None:
    """Every status of reference §4 and every stream/network fault has a row."""
    statuses = {int(r.options["status"]) for r in MATRIX if "status" in r.options}
    assert statuses >= {400, 401, 402, 403, 404, 413, 415, 422, 429, 500, 502, 503, 504}
    ids = {r.id for r in MATRIX}
    assert ids >= {"inband-stream-error", "truncated-stream", "malformed-json-line",
                   "connection-refused", "dns-failure", "read-timeout-mid-stream",
                   "slow-first-byte", "402-no_credentials_abbrev", "429-retry-after-0",
                   "429-epoch-ms-reset-then-ok"}


def test_the_docs_list_every_row() -> None:
    """docs/exit-codes.md's fault matrix has one row per MATRIX row, same code and count."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "exit-codes.md").read_text()
    section = doc.split("## Fault matrix", 1)[1].split("\n## ", 1)[0]
    listed = {m.group(1): (int(m.group(2)), int(m.group(3)), m.group(4) == "yes")
              for m in re.finditer(r"^\| `([^`]+)` \| (\d+) \| (\d+) \| (yes|-) \|$",
                                   section, re.MULTILINE)}
    assert listed == {r.id: (r.exit, r.attempts, bool(r.stdout and r.exit)) for r in MATRIX}
