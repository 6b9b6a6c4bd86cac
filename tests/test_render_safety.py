"""No control sequence from untrusted text reaches the terminal, on any channel (issue 12).

The emulator's ``hostile=True`` option (tests/emulator/hostile.py) puts OSC 52
(clipboard), OSC 0/2 (window title), CSI 2J/3J (clear screen and scrollback), the same
as 8-bit C1 controls, and BEL into every piece of text it sends. Each channel runs the
real ``openclaw`` in a pseudo-terminal; the capture of everything it wrote must hold none
of those sequences, must show the payload visibly (``^[]52;…``, as less and git do), and
every error must stay on one line. When stdout is not a terminal the answer stays
byte-exact (it is data).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.chat_support import chat_env
from tests.emulator.hostile import FORBIDDEN, PAYLOAD, SHOWN
from tests.helpers import CliRun
from tests.pty_session import ENTER, Session

MODEL = "venice/llama-3.3-70b"


def run(emulator: Any, *args: str, key: bool = True, **env: str) -> tuple[int, str]:
    """``openclaw ARGS`` on a 100x40 pty against the emulator: (exit status, capture)."""
    extra = chat_env(emulator) if key else {"VENICE_BASE_URL": emulator.base_url}
    session = Session(*args, env={**extra, **env}, rows=40, cols=100)
    status = session.finish()
    session.assert_no_full_key()
    return status, session.transcript


def assert_safe(capture: str) -> None:
    for sequence in FORBIDDEN:
        assert sequence not in capture, f"{sequence!r} reached the terminal"


def error_lines(capture: str) -> list[str]:
    return [line for line in capture.replace("\r", "").split("\n") if "Error:" in line]


@pytest.mark.parametrize("args", [
    ("chat", "--model", MODEL, "q"),
    ("chat", "--model", MODEL, "--no-stream", "q"),
    ("chat", "--model", MODEL, "--raw", "q"),
], ids=["live-markdown", "no-stream", "raw"])
def test_the_answer(emulator: Any, args: tuple[str, ...]) -> None:
    emulator.set_scenario("plain", hostile=True)
    status, capture = run(emulator, *args)
    assert status == 0
    assert_safe(capture)
    assert SHOWN in capture and "Answer" in capture and "second" in capture


@pytest.mark.parametrize("args", [
    ("chat", "--model", MODEL, "q"),
    ("chat", "--model", MODEL, "--raw", "--show-thinking", "q"),
], ids=["dimmed", "raw-show-thinking"])
def test_the_thinking(emulator: Any, args: tuple[str, ...]) -> None:
    emulator.set_scenario("reasoning", hostile=True)
    status, capture = run(emulator, *args)
    assert status == 0
    assert_safe(capture)
    assert capture.index("Thinking") < capture.index("Answer")
    assert capture.count(SHOWN) >= 4  # two in the thinking, two in the answer


def test_the_usage_line_with_balance_headers(emulator: Any) -> None:
    emulator.set_scenario("plain", hostile=True)
    status, capture = run(emulator, "chat", "--model", MODEL, "--usage", "q")
    assert status == 0
    assert_safe(capture)
    [usage] = [line for line in capture.split("\r\n") if "Tokens:" in line]
    assert f"balance $50.50{SHOWN}" in usage and usage.endswith(" DIEM")


def test_an_error_body_and_its_cf_ray(emulator: Any) -> None:
    emulator.set_scenario("http-error", status=400, body={"error": "Bad request"},
                          hostile=True)
    status, capture = run(emulator, "chat", "--model", MODEL, "q")
    assert status == 10
    assert_safe(capture)
    [line] = error_lines(capture)
    assert "Bad request" in line and "second line" in line and "(CF-RAY " in line
    assert line.count(SHOWN) == 3  # the body's two and the CF-RAY's, on one line


def test_an_error_inside_the_stream(emulator: Any) -> None:
    emulator.set_scenario("inband-error", hostile=True)
    status, capture = run(emulator, "chat", "--model", MODEL, "q")
    assert status == 8
    assert_safe(capture)
    [line] = error_lines(capture)
    assert "Overloaded" in line and "second line" in line and SHOWN in line


@pytest.mark.parametrize("args", [(), ("--raw",), ("--no-stream",)],
                         ids=["live-markdown", "raw", "no-stream"])
def test_web_search_sources(emulator: Any, args: tuple[str, ...]) -> None:
    emulator.set_scenario("plain", hostile=True)
    status, capture = run(emulator, "chat", "--model", MODEL, "--web-search", "on",
                          "--web-citations", *args, "q")
    assert status == 0
    assert_safe(capture)
    shown = capture.replace("\\", "")  # Markdown escapes the punctuation of titles
    assert "Sources" in shown and "Why is the sky blue" in shown
    assert shown.count("^[]52;c;cHduZWQ=^G") >= 4  # the answer's two, titles, URLs


def test_model_names_in_models_list(emulator: Any) -> None:
    emulator.set_scenario("plain", hostile=True)
    status, capture = run(emulator, "models", "list", "--json", "--refresh")
    assert status == 0
    assert_safe(capture)
    assert f'"name": "Llama 3.3 70B{SHOWN}' in capture
    assert "evil-model" not in capture  # an id with controls is dropped
    for args in (("models", "list"), ("models", "list", "--json")):  # from the cache
        status, cached = run(emulator, *args)
        assert status == 0
        assert_safe(cached)
    assert f'"name": "Llama 3.3 70B{SHOWN}' in cached


def test_the_discovery_failure_notice_and_its_replay(emulator: Any) -> None:
    emulator.set_scenario("http-error", status=500, on="models",
                          body={"error": "Discovery broke"}, hostile=True)
    status, capture = run(emulator, "models", "list", "--refresh")
    assert status == 0
    assert_safe(capture)
    [notice] = [line for line in capture.split("\r\n") if "discovery failed" in line]
    assert "Discovery broke" in notice and "second line" in notice and SHOWN in notice
    status, replayed = run(emulator, "models", "list")  # the failure is remembered
    assert_safe(replayed)
    [notice] = [line for line in replayed.split("\r\n") if "discovery failed" in line]
    assert "Discovery broke" in notice and SHOWN in notice


def test_model_names_in_the_onboarding_picker(emulator: Any, isolated_home: Path) -> None:
    emulator.set_scenario("plain", hostile=True)
    session = Session("onboard", "--auth-choice", "venice-api-key", "--secret-input-mode",
                      "ref", env={"VENICE_BASE_URL": emulator.base_url,
                                  **chat_env(emulator)}, rows=40, cols=100)
    session.expect("Use existing VENICE_API_KEY")
    session.sendline("y")
    session.expect("Private (fully private")
    session.send(ENTER)
    session.expect("Created config")
    assert session.finish() == 0
    assert_safe(session.transcript)
    assert SHOWN in session.transcript


def test_saved_conversations_in_chat_list(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("plain")
    saved = cli("chat", "--model", MODEL, f"line one {PAYLOAD}\nline two",
                env=chat_env(emulator))
    assert saved.code == 0
    status, capture = run(emulator, "chat", "--list")
    assert status == 0
    assert_safe(capture)
    [row] = [line for line in capture.split("\r\n") if "line one" in line]
    assert f"line one {SHOWN}" in row and row.endswith("…")  # one line, cut


def test_tool_call_arguments(emulator: Any, tmp_path: Path) -> None:
    tools = tmp_path / "tools.json"
    tools.write_text(json.dumps([{"name": "get_weather", "parameters": {"type": "object"}}]))
    arguments = json.dumps({"city": f"Oslo{PAYLOAD}"}, ensure_ascii=False)
    emulator.set_scenario("tool-calls", arguments=arguments)
    status, capture = run(emulator, "chat", "--model", MODEL, "--tools", str(tools), "q")
    assert status == 11
    assert_safe(capture)
    assert "Oslo" in capture


def test_values_read_back_from_the_config(emulator: Any, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    config_path.write_text(json.dumps({"agents": {"defaults": {"models": {
        "venice/qwen3-4b": {"alias": f"fast{PAYLOAD}"}}}}}, ensure_ascii=False))
    status, capture = run(emulator, "config", "get", "agents.defaults.models")
    assert status == 0
    assert_safe(capture)  # JSON escapes C0 controls; the C1 ones it keeps are shown
    assert '"fast\\u001b]52;c;cHduZWQ=\\u0007' in capture and "M-^[2J" in capture


def test_aliases_read_back_from_the_config(emulator: Any, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    config_path.write_text(json.dumps({"agents": {"defaults": {"models": {
        "venice/qwen3-4b": {"alias": f"fast{PAYLOAD}"}}}}}, ensure_ascii=False))
    for args in (("models", "aliases", "list"), ("models", "aliases", "list", "--json")):
        status, capture = run(emulator, *args)
        assert status == 0
        assert_safe(capture)
        assert "M-^[2J" in capture


def test_agent_json_keeps_the_terminal_safe(emulator: Any) -> None:
    emulator.set_scenario("plain", hostile=True)
    status, capture = run(emulator, "agent", "--local", "--model", MODEL, "--message", "q",
                          "--json")
    assert status == 0
    assert_safe(capture)  # JSON escapes C0 controls; the C1 ones it keeps are shown
    assert "M-^[2J" in capture


def test_piped_answers_stay_byte_exact(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("plain", hostile=True)
    result = cli("chat", "--model", MODEL, "q", env=chat_env(emulator))
    assert result.code == 0
    assert result.stdout == f"Answer {PAYLOAD} end\nsecond line {PAYLOAD}\n"
