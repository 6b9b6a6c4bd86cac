"""`openclaw agent --local --model M --message TEXT`: OpenClaw's one-shot turn.

Oracles: the request the emulator received (model, messages), the answer it streams for
that request (the same as `chat` gets for the same prompt: one request to compare with)
and OpenClaw's `--json` result shape (payloads + meta.agentMeta), written out here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.chat_support import chat_env, chat_requests
from tests.emulator import VeniceEmulator
from tests.helpers import CliRun, Result

ANSWER = "Hello! How can I help you today?"


def agent(cli: CliRun, emulator: VeniceEmulator, *args: str,
          input: str | None = None) -> Result:
    return cli("agent", *args, env=chat_env(emulator), input=input)


def test_a_turn_prints_the_answer_like_chat(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = agent(cli, emulator, "--local", "--model", "venice/qwen3-4b", "--message",
                   "Hello there")
    assert (result.code, result.stdout) == (0, ANSWER + "\n"), result.output
    [request] = chat_requests(emulator)
    assert request.json["model"] == "qwen3-4b"
    assert request.json["messages"][-1] == {"role": "user", "content": "Hello there"}
    chat = cli("chat", "--model", "venice/qwen3-4b", "Hello there", env=chat_env(emulator))
    assert chat.stdout == result.stdout
    again = dict(chat_requests(emulator)[1].json)
    # the very same request, but for the conversation id each run sends as its cache key
    assert again.pop("prompt_cache_key") != request.json["prompt_cache_key"]
    assert again == {k: v for k, v in request.json.items() if k != "prompt_cache_key"}


def test_json_is_openclaws_result_document(cli: CliRun, emulator: VeniceEmulator,
                                           config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {"models": {
        "venice/zai-org-glm-4.7": {"alias": "GLM 4.7"}}}}}))
    result = agent(cli, emulator, "--local", "--model", "GLM 4.7", "-m", "Hi", "--json")
    assert result.code == 0, result.output
    document = json.loads(result.stdout)
    meta = document["meta"]
    assert document["payloads"] == [{"text": ANSWER}]
    assert isinstance(meta.pop("durationMs"), int)
    session_id = meta["agentMeta"].pop("sessionId")
    assert meta == {"agentMeta": {"provider": "venice", "model": "zai-org-glm-4.7",
                                  "usage": meta["agentMeta"]["usage"]},
                    "stopReason": "stop", "aborted": False}
    usage = meta["agentMeta"]["usage"]
    assert usage["total"] == usage["input"] + usage["output"] and usage["output"] > 0
    [request] = chat_requests(emulator)
    assert request.json["model"] == "zai-org-glm-4.7"
    assert session_id in cli("chat", "--list").stdout  # saved like a chat


def test_the_message_from_a_file_or_stdin(cli: CliRun, emulator: VeniceEmulator,
                                          tmp_path: Path) -> None:
    task = tmp_path / "task.md"
    task.write_text("# Task\n\nSay hi.\n")
    assert agent(cli, emulator, "--message-file", str(task)).code == 0
    assert agent(cli, emulator, input="from a pipe\n").code == 0
    sent = [r.json["messages"][-1]["content"] for r in chat_requests(emulator)]
    assert sent == ["# Task\n\nSay hi.\n", "from a pipe\n"]


@pytest.mark.parametrize(("args", "message"), [
    (("-m", "a", "--message-file", "x"), "Use --message or --message-file, not both."),
    (("-m", "  ",), "Nothing to send: the message is empty."),
    (("--message-file", "/nonexistent/task.md"),
     "Cannot read --message-file /nonexistent/task.md: No such file or directory."),
    (("-m", "x", "--thinking", "lots"),
     '--thinking must be one of off, minimal, low, medium, high, xhigh, max (or adaptive), '
     'not "lots".'),
])
def test_usage_errors(cli: CliRun, emulator: VeniceEmulator, args: tuple[str, ...],
                      message: str) -> None:
    result = agent(cli, emulator, *args)
    assert (result.code, result.stderr) == (2, f"Error: {message}\n")
    assert chat_requests(emulator) == []


def test_a_large_or_binary_message_file_is_refused(cli: CliRun, emulator: VeniceEmulator,
                                                   tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (4 * 1024 * 1024 + 1))
    assert agent(cli, emulator, "--message-file", str(big)).stderr == (
        f"Error: --message-file {big} is larger than 4 MiB.\n")
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"ok\xff")
    assert agent(cli, emulator, "--message-file", str(binary)).stderr == (
        f"Error: --message-file {binary} is not UTF-8 text (bad byte at offset 2).\n")


def test_json_failure_is_json_too(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = agent(cli, emulator, "--model", "nosuch/model", "-m", "Hi", "--json")
    assert result.code == 1
    error = json.loads(result.stdout)["error"]
    assert error["type"] == "cli_error" and error["message"].startswith(
        'Unknown provider "nosuch"')
    assert result.stderr.startswith('Error: Unknown provider "nosuch"')


def test_fallbacks_apply_and_scripts_flags_are_accepted(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {"model": {
        "primary": "venice/qwen3-4b", "fallbacks": ["venice/llama-3.2-3b"]}}}}))
    emulator.set_scenario("plain", model_offline=["qwen3-4b"])
    result = agent(cli, emulator, "--agent", "main", "--session-id", "abc", "--verbose", "on",
                   "--timeout", "30", "--thinking", "off", "-m", "Hi", "--json")
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["meta"]["agentMeta"]["model"] == "llama-3.2-3b"
    assert "answering with venice/llama-3.2-3b" in result.stderr
    last = chat_requests(emulator)[-1].json
    assert last["venice_parameters"]["disable_thinking"] is True  # --thinking off
