"""`openclaw chat` over every stream shape of the reference, piped (plain output)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.emulator.scenarios import DEFAULT_TEXT, UTF8_TEXT
from tests.helpers import CliRun

PLAIN = "".join(DEFAULT_TEXT)
ANSWER = "15% of 240 is **36**."
PARTIAL = "Alpha beta gamma delta epsilon"
THOUGHT = "The user wants 15% of 240. 0.15 x 240 = 36."


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("plain", PLAIN),
        ("reasoning", ANSWER),
        ("think", ANSWER),
        ("think-split", ANSWER),
        ("usage-no-choices", PLAIN),
        ("null-deltas", PLAIN),
        ("ping", PLAIN),
        ("utf8-split", UTF8_TEXT),
    ],
)
def test_stdout_is_exactly_the_answer(
    cli: CliRun, emulator: Any, scenario: str, expected: str
) -> None:
    emulator.set_scenario(scenario)
    result = run_chat(cli, emulator, "--model", "venice/llama-3.3-70b", "hello")
    assert result.code == 0, result.stderr
    assert result.stdout == expected + "\n"  # the answer, ended with a newline it lacked
    assert "\x1b[" not in result.stdout
    assert "think>" not in result.stdout and "The user wants" not in result.output


@pytest.mark.parametrize("scenario", ["reasoning", "think", "think-split"])
def test_show_thinking_sends_thinking_to_stderr(
    cli: CliRun, emulator: Any, scenario: str
) -> None:
    emulator.set_scenario(scenario)
    result = run_chat(cli, emulator, "--show-thinking", "what is 15% of 240?")
    assert result.code == 0
    assert result.stdout == ANSWER + "\n"
    assert " ".join(result.stderr.split()).startswith(" ".join(THOUGHT.split()))


def test_unterminated_think_is_reasoning_and_the_cut_is_noted(
    cli: CliRun, emulator: Any
) -> None:
    emulator.set_scenario("think-unterminated")
    result = run_chat(cli, emulator, "--show-thinking", "q")
    assert result.code == 0
    assert result.stdout == ""
    assert "The user wants" in result.stderr
    assert "finish_reason: length" in result.stderr


def test_long_answer_streams_every_token(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("long", tokens=3000)
    result = run_chat(cli, emulator, "go")
    assert result.code == 0
    expected = "".join(f"word{i} " if i % 12 else f"\n\nword{i} " for i in range(3000))
    assert result.stdout == expected + "\n"


def test_usage_line(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("reasoning")
    result = run_chat(cli, emulator, "--usage", "q")
    assert result.code == 0
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("Tokens: ")
    assert "out (2 reasoning)" in line
    assert "cost $0 / " in line and "DIEM" in line
    assert "balance $" in line


def test_usage_without_choices_is_still_reported(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("usage-no-choices")
    result = run_chat(cli, emulator, "--usage", "q")
    assert result.code == 0
    assert "Tokens: " in result.stderr and "4 out" in result.stderr


def test_no_stream_gives_the_same_output(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("think")
    result = run_chat(cli, emulator, "--no-stream", "q")
    assert result.code == 0
    assert result.stdout == ANSWER + "\n"
    assert chat_requests(emulator)[-1].json["stream"] is False


def test_tool_calls_are_printed_as_json_with_exit_11(
    cli: CliRun, emulator: Any, tmp_path: Any
) -> None:
    tools = tmp_path / "tools.json"
    tools.write_text(json.dumps([{
        "name": "get_weather", "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"]},
    }]))
    emulator.set_scenario("tool-calls")
    result = run_chat(cli, emulator, "--tools", str(tools), "weather in Paris?")
    assert result.code == 11, result.stderr
    calls = json.loads(result.stdout)["tool_calls"]
    assert calls and calls[0]["type"] == "function"
    assert calls[0]["function"]["name"] == "get_weather"
    json.loads(calls[0]["function"]["arguments"])
    sent = chat_requests(emulator)[-1].json
    assert sent["tools"][0] == {"type": "function", "function": json.loads(tools.read_text())[0]}


@pytest.mark.parametrize(
    ("scenario", "options", "code"),
    [
        ("inband-error", {"text": PARTIAL}, 8),
        ("truncated", {"text": PARTIAL}, 9),
    ],
)
def test_broken_streams_keep_the_partial_answer(
    cli: CliRun, emulator: Any, scenario: str, options: dict[str, Any], code: int
) -> None:
    emulator.set_scenario(scenario, **options)
    result = run_chat(cli, emulator, "hello")
    assert result.code == code, result.output
    assert result.stdout.endswith("\n") and PARTIAL.startswith(result.stdout[:-1])
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1


def test_a_malformed_event_is_skipped_with_a_notice(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("malformed-line", text=PARTIAL)
    result = run_chat(cli, emulator, "hello")
    assert result.code == 0
    assert result.stdout == PARTIAL + "\n"
    assert "malformed" in result.stderr
