"""Request bodies built from `openclaw chat` options (pure; no HTTP)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from openclaw_venice_cli.chat.request import (
    ChatOptions,
    build_body,
    image_url,
    load_tools,
    response_format,
    strict_schema,
    user_message,
)
from openclaw_venice_cli.errors import UsageError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
MESSAGES = [{"role": "user", "content": "hi"}]


def test_minimal_body_sends_no_optional_keys() -> None:
    body = build_body("venice", "llama-3.3-70b", MESSAGES, ChatOptions())
    assert body == {"model": "llama-3.3-70b", "messages": MESSAGES}


def test_max_tokens_per_provider() -> None:
    venice = build_body("venice", "m", MESSAGES, ChatOptions(max_tokens=64))
    assert venice["max_completion_tokens"] == 64 and venice["max_tokens"] == 64
    other = build_body("local", "m", MESSAGES, ChatOptions(max_tokens=64))
    assert other["max_tokens"] == 64 and "max_completion_tokens" not in other
    with pytest.raises(UsageError):
        build_body("venice", "m", MESSAGES, ChatOptions(max_tokens=0))


def test_temperature_range() -> None:
    assert build_body("venice", "m", MESSAGES, ChatOptions(temperature=0.0))["temperature"] == 0
    with pytest.raises(UsageError, match="between 0 and 2"):
        build_body("venice", "m", MESSAGES, ChatOptions(temperature=3))


def test_venice_parameters_types() -> None:
    opts = ChatOptions(web_search="Auto", web_citations=True, no_venice_system_prompt=True,
                       character="alan-watts", strip_thinking=True, disable_thinking=True)
    params = build_body("venice", "m", MESSAGES, opts)["venice_parameters"]
    assert params == {
        "enable_web_search": "auto", "enable_web_citations": True,
        "include_search_results_in_stream": True,  # streamed: the sources come in-stream
        "include_venice_system_prompt": False, "character_slug": "alan-watts",
        "strip_thinking_response": True, "disable_thinking": True,
    }
    whole = build_body("venice", "m", MESSAGES, opts._replace(no_stream=True))
    assert "include_search_results_in_stream" not in whole["venice_parameters"]
    with pytest.raises(UsageError, match="venice provider"):
        build_body("local", "m", MESSAGES, ChatOptions(web_search="on"))
    with pytest.raises(UsageError):
        build_body("venice", "m", MESSAGES, ChatOptions(web_search="yes"))


def test_images_become_data_urls(tmp_path: Path) -> None:
    path = tmp_path / "pic.bin"
    path.write_bytes(PNG)
    url = image_url(str(path))
    assert url == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert image_url("https://example.com/a.jpg") == "https://example.com/a.jpg"
    message = user_message("what is it?", [str(path), "https://example.com/a.jpg"])
    assert message["content"][0] == {"type": "text", "text": "what is it?"}
    assert [p["type"] for p in message["content"]] == ["text", "image_url", "image_url"]


def test_bad_images_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        image_url(str(tmp_path / "missing.png"))
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UsageError, match="not a PNG"):
        image_url(str(text))


def test_json_and_schema(tmp_path: Path) -> None:
    assert response_format(ChatOptions(json_mode=True)) == {"type": "json_object"}
    schema_file = tmp_path / "my person!.json"
    schema_file.write_text(json.dumps({
        "type": "object",
        "properties": {"name": {"type": "string"},
                       "pets": {"type": "array", "items": {
                           "type": "object", "properties": {"kind": {"type": "string"}}}}},
    }))
    fmt = response_format(ChatOptions(schema_file=schema_file))
    assert fmt is not None
    assert fmt["type"] == "json_schema"
    spec = fmt["json_schema"]
    assert spec["name"] == "my_person" and spec["strict"] is True
    assert spec["schema"]["additionalProperties"] is False
    assert spec["schema"]["required"] == ["name", "pets"]
    item = spec["schema"]["properties"]["pets"]["items"]
    assert item["additionalProperties"] is False and item["required"] == ["kind"]
    with pytest.raises(UsageError, match="cannot be used together"):
        response_format(ChatOptions(json_mode=True, schema_file=schema_file))


def test_schema_keeps_explicit_choices_and_accepts_the_wrapper(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}},
              "required": [], "additionalProperties": True}
    assert strict_schema(schema) == schema
    wrapped = tmp_path / "w.json"
    wrapped.write_text(json.dumps({"name": "thing", "schema": schema}))
    fmt = response_format(ChatOptions(schema_file=wrapped))
    assert fmt is not None and fmt["json_schema"]["name"] == "thing"


def test_bad_schema_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(UsageError, match="not valid JSON"):
        response_format(ChatOptions(schema_file=bad))


def test_tools_both_shapes(tmp_path: Path) -> None:
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([
        {"type": "function", "function": {"name": "get_weather", "parameters": {}}},
        {"name": "lookup", "description": "Look up", "parameters": {"type": "object"}},
    ]))
    tools = load_tools(path)
    assert [t["function"]["name"] for t in tools] == ["get_weather", "lookup"]
    assert all(t["type"] == "function" for t in tools)
    path.write_text(json.dumps([{"description": "no name"}]))
    with pytest.raises(UsageError, match="name"):
        load_tools(path)
    path.write_text("[]")
    with pytest.raises(UsageError, match="non-empty"):
        load_tools(path)


@pytest.mark.parametrize("options", [
    ChatOptions(),
    ChatOptions(system="be brief", temperature=0.2, max_tokens=64),
    ChatOptions(web_search="auto", web_citations=True, no_venice_system_prompt=True,
                character="alan-watts", strip_thinking=True, disable_thinking=True),
    ChatOptions(json_mode=True),
], ids=["minimal", "sampling", "venice-parameters", "json"])
def test_bodies_match_venices_openapi_schema(options: ChatOptions) -> None:
    from tests.openapi import request_errors

    messages = [{"role": "system", "content": "s"}, *MESSAGES,
                {"role": "assistant", "content": "a"}, user_message("look", [_png_url()])]
    body = build_body("venice", "qwen3-vl-235b-a22b", messages, options)
    assert request_errors("/chat/completions", {**body, "stream": True,
                                                "stream_options": {"include_usage": True}}) == []


def test_the_schema_oracle_rejects_what_venice_would() -> None:
    from tests.openapi import request_errors

    body = build_body("venice", "m", MESSAGES, ChatOptions(web_search="on"))
    body["venice_parameters"]["enable_web_search"] = True  # a YAML 1.1 reading of `on`
    assert request_errors("/chat/completions", body) == [
        "venice_parameters/enable_web_search: True is not of type 'string'",
        "venice_parameters/enable_web_search: True is not one of ['auto', 'off', 'on']"]


def _png_url() -> str:
    return "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")
