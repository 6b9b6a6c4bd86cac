"""`openclaw chat` request features through the emulator: model refs, stdin, images,
JSON/schema, Venice parameters, other providers, and saved conversations."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from tests.chat_support import chat_requests, run_chat
from tests.helpers import TEST_KEY, CliRun

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def last_body(emulator: Any) -> dict[str, Any]:
    requests = chat_requests(emulator)
    assert requests, "no chat request was sent"
    body: dict[str, Any] = requests[-1].json
    return body


def test_model_prefix_is_stripped_and_default_model_used(cli: CliRun, emulator: Any) -> None:
    assert run_chat(cli, emulator, "--model", "venice/qwen3-4b", "hi").code == 0
    assert last_body(emulator)["model"] == "qwen3-4b"
    assert run_chat(cli, emulator, "hi").code == 0
    body = last_body(emulator)
    assert body["model"] == "llama-3.3-70b"
    assert body["stream"] is True
    assert body["messages"] == [{"role": "user", "content": "hi"}]
    for key in ("max_completion_tokens", "max_tokens", "venice_parameters", "temperature"):
        assert key not in body


def test_options_reach_the_request(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "-s", "Be brief.", "--temperature", "0.2",
                      "--max-tokens", "64", "hi")
    assert result.code == 0, result.stderr
    body = last_body(emulator)
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}
    assert body["temperature"] == 0.2
    assert body["max_completion_tokens"] == 64


def test_venice_parameters_have_the_api_types(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--web-search", "on", "--web-citations",
                      "--no-venice-system-prompt", "--character", "alan-watts",
                      "--strip-thinking", "--disable-thinking", "hi")
    assert result.code == 0, result.stderr
    assert last_body(emulator)["venice_parameters"] == {
        "enable_web_search": "on", "enable_web_citations": True,
        "include_search_results_in_stream": True,
        "include_venice_system_prompt": False, "character_slug": "alan-watts",
        "strip_thinking_response": True, "disable_thinking": True,
    }


def test_stdin_alone_and_stdin_then_prompt(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("echo")
    alone = run_chat(cli, emulator, input="just stdin\n")
    assert alone.code == 0, alone.stderr
    assert last_body(emulator)["messages"][-1]["content"] == "just stdin\n"
    both = run_chat(cli, emulator, "summarise", input="line one\nline two\n")
    assert both.code == 0
    assert both.stdout == "line one\nline two\n\nsummarise\n"


def test_empty_stdin_without_prompt_is_a_usage_error(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, input="")
    assert result.code == 2
    assert "Nothing to send" in result.stderr
    assert chat_requests(emulator) == []


def test_invalid_utf8_stdin(cli: CliRun, emulator: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.chat_support import chat_env

    proc = subprocess.run(
        [sys.executable, "-m", "openclaw_venice_cli", "chat", "q"], input=b"ok \xff\xfe bad",
        capture_output=True, env={**__import__("os").environ, **chat_env(emulator)},
        timeout=60,
    )
    assert proc.returncode == 2
    assert b"not UTF-8" in proc.stderr and b"Traceback" not in proc.stderr
    assert chat_requests(emulator) == []


def test_image_file_becomes_a_data_url(cli: CliRun, emulator: Any, tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(PNG)
    result = run_chat(cli, emulator, "-m", "venice/qwen3-vl-235b-a22b", "--image", str(image),
                      "--image", "https://example.com/cat.jpg", "what is this?")
    assert result.code == 0, result.stderr
    content = last_body(emulator)["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "what is this?"}
    assert content[1]["image_url"]["url"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert content[2]["image_url"]["url"] == "https://example.com/cat.jpg"


def test_image_refused_on_a_model_without_vision(
    cli: CliRun, emulator: Any, tmp_path: Path
) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(PNG)
    result = run_chat(cli, emulator, "-m", "venice/llama-3.3-70b", "--image", str(image), "q")
    assert result.code == 2
    assert "does not accept images" in result.stderr
    assert emulator.requests == []


def test_json_and_schema_response_formats(cli: CliRun, emulator: Any, tmp_path: Path) -> None:
    model = "venice/claude-opus-45"
    assert run_chat(cli, emulator, "-m", model, "--json", "list three colours").code == 0
    assert last_body(emulator)["response_format"] == {"type": "json_object"}
    schema = tmp_path / "colour.json"
    schema.write_text(json.dumps({"type": "object",
                                  "properties": {"name": {"type": "string"}}}))
    result = run_chat(cli, emulator, "-m", model, "--schema", str(schema), "a colour")
    assert result.code == 0, result.stderr
    assert last_body(emulator)["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "colour", "strict": True, "schema": {
            "type": "object", "properties": {"name": {"type": "string"}},
            "additionalProperties": False, "required": ["name"]}},
    }


def test_other_openai_compatible_provider(
    cli: CliRun, emulator: Any, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text(json.dumps({"models": {"providers": {"local": {
        "baseUrl": emulator.base_url, "apiKey": TEST_KEY, "api": "openai-completions",
        "models": [{"id": "llama-3.3-70b", "name": "Local Llama"}],
    }}}}))
    result = run_chat(cli, emulator, "-m", "local/llama-3.3-70b", "--max-tokens", "8", "hi",
                      env={"VENICE_API_KEY": ""})
    assert result.code == 0, result.stderr
    body = last_body(emulator)
    assert body["model"] == "llama-3.3-70b"
    assert body["max_tokens"] == 8 and "max_completion_tokens" not in body
    refused = run_chat(cli, emulator, "-m", "local/llama-3.3-70b", "--web-search", "on", "hi")
    assert refused.code == 2 and "venice provider" in refused.stderr


def conversation_files(home: Path) -> list[Path]:
    return sorted((home / ".local/share/openclaw/conversations").glob("*.json"))


def test_conversations_are_saved_private_and_continued(
    cli: CliRun, emulator: Any, isolated_home: Path
) -> None:
    assert run_chat(cli, emulator, "-s", "Be brief.", "first question").code == 0
    files = conversation_files(isolated_home)
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(files[0].parent.stat().st_mode) == 0o700
    saved = json.loads(files[0].read_text())
    assert TEST_KEY not in files[0].read_text()
    assert [m["role"] for m in saved["messages"]] == ["system", "user", "assistant"]
    assert saved["model"] == "venice/llama-3.3-70b"

    assert run_chat(cli, emulator, "--continue", "second question").code == 0
    sent = last_body(emulator)["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[-1]["content"] == "second question"
    assert len(conversation_files(isolated_home)) == 1

    conv_id = saved["id"]
    assert run_chat(cli, emulator, "--conversation", conv_id, "third").code == 0
    assert len(last_body(emulator)["messages"]) == 6

    listing = run_chat(cli, emulator, "--list")
    assert listing.code == 0
    assert conv_id in listing.stdout and "first question" in listing.stdout

    unknown = run_chat(cli, emulator, "--conversation", "nope", "q")
    assert unknown.code == 2 and "--list" in unknown.stderr


def test_partial_answer_is_saved_on_failure(
    cli: CliRun, emulator: Any, isolated_home: Path
) -> None:
    emulator.set_scenario("truncated", text="one two three four")
    assert run_chat(cli, emulator, "q").code == 9
    saved = json.loads(conversation_files(isolated_home)[0].read_text())
    assert saved["status"] == "error"
    assert saved["messages"][-1]["role"] == "assistant"
    assert "one two three four".startswith(saved["messages"][-1]["content"])


def test_no_save(cli: CliRun, emulator: Any, isolated_home: Path) -> None:
    assert run_chat(cli, emulator, "--no-save", "q").code == 0
    assert conversation_files(isolated_home) == []
