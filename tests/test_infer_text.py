"""`infer list | inspect`, `infer model run | list | inspect`, `infer image describe`,
`infer embedding create`, `infer web search | fetch`, and `models list --type`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openclaw_venice_cli.cli import main
from openclaw_venice_cli.environment import Environment
from tests.chat_support import chat_env, chat_requests
from tests.emulator import VeniceEmulator
from tests.emulator.media import HOSTILE as HOSTILE_TEXT
from tests.helpers import CliRun
from tests.infer_support import PNG, only_request, requests_to, run_infer, write_config
from tests.openapi import request_errors

HELLO = "Hello! How can I help you today?"


def test_infer_list_is_json_lines_and_inspect_is_json(cli: CliRun) -> None:
    lines = cli("infer", "list").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows[0] == {"id": "model.run", "transports": ["local"],
                       "description": "One prompt, one answer from a chat model."}
    assert [r["id"] for r in rows] == [r["id"] for r in json.loads(
        cli("infer", "list", "--json").stdout)]
    detail = json.loads(cli("infer", "inspect", "--name", "image.generate").stdout)
    assert "--style-preset" in detail["flags"] and detail["resultShape"] == "files written"
    result = cli("infer", "inspect", "--name", "video.generate")
    assert result.code == 2 and "Unknown capability" in result.stderr


def test_capability_is_an_alias_of_infer(cli: CliRun) -> None:
    assert cli("capability", "list").stdout == cli("infer", "list").stdout
    assert "capability" not in cli("--help").stdout


def test_model_run_streams_like_chat_and_saves_nothing(
        cli: CliRun, emulator: VeniceEmulator, isolated_home: Path) -> None:
    result = run_infer(cli, emulator, "model", "run", "--prompt", "Hi there")
    assert (result.code, result.stdout) == (0, HELLO + "\n")
    body = chat_requests(emulator)[0].json
    assert body["stream"] is True and body["messages"] == [
        {"role": "user", "content": "Hi there"}]
    assert request_errors("/chat/completions", body) == []
    assert not any(isolated_home.rglob("conversations"))


def test_model_run_json_envelope(cli: CliRun, emulator: VeniceEmulator,
                                 tmp_path: Path) -> None:
    image = tmp_path / "p.png"
    image.write_bytes(PNG)
    result = run_infer(cli, emulator, "model", "run", "--prompt", "What is it?", "--file",
                       str(image), "--model", "venice/qwen3-vl-235b-a22b", "--thinking",
                       "off", "--json")
    assert result.code == 0, result.output
    assert json.loads(result.stdout) == {
        "ok": True, "capability": "model.run", "transport": "local", "provider": "venice",
        "model": "qwen3-vl-235b-a22b", "attempts": [],
        "inputs": [{"path": str(image), "mimeType": "image/png"}],
        "outputs": [{"text": HELLO, "mediaUrl": None}]}
    body = chat_requests(emulator)[0].json
    assert body["stream"] is False and body["venice_parameters"] == {"disable_thinking": True}
    assert body["messages"][0]["content"][1]["image_url"]["url"].startswith(
        "data:image/png;base64,")
    assert request_errors("/chat/completions", body) == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--prompt", " "), 2, "--prompt cannot be empty"),
    (("--prompt", "x", "--thinking", "extreme"), 2, "--thinking must be one of"),
    (("--prompt", "x", "--gateway"), 2, "no gateway"),
    (("--prompt", "x", "--file", "/nonexistent.png"), 2, "does not accept images"),
    (("--prompt", "x", "--model", "qwen3-vl-235b-a22b", "--file", "/nonexistent.png"), 2,
     "Image not found"),
])
def test_model_run_usage_errors(cli: CliRun, emulator: VeniceEmulator, args: tuple[str, ...],
                                code: int, message: str) -> None:
    result = run_infer(cli, emulator, "model", "run", *args)
    assert result.code == code and message in result.stderr and emulator.requests == []


def test_model_run_of_a_model_without_text(cli: CliRun, emulator: VeniceEmulator) -> None:
    emulator.set_scenario("tool-calls")
    result = run_infer(cli, emulator, "model", "run", "--prompt", "x", "--json")
    assert result.code == 8 and "returned no text" in result.stderr


def test_describe_uses_the_configured_vision_model(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path, tmp_path: Path) -> None:
    write_config(config_path, {"agents": {"defaults": {
        "imageModel": {"primary": "venice/mistral-31-24b"}}}})
    image = tmp_path / "p.png"
    image.write_bytes(PNG)
    result = run_infer(cli, emulator, "image", "describe", "--file", str(image), "--json")
    assert result.code == 0, result.output
    body = chat_requests(emulator)[0].json
    assert body["model"] == "mistral-31-24b"
    assert body["messages"][0]["content"][0] == {"type": "text", "text": "Describe the image."}
    assert json.loads(result.stdout)["outputs"] == [{
        "path": str(image), "text": HELLO, "provider": "venice", "model": "mistral-31-24b",
        "kind": "image.description"}]


def test_describe_defaults_to_a_vision_model(cli: CliRun, emulator: VeniceEmulator,
                                             tmp_path: Path) -> None:
    image = tmp_path / "p.png"
    image.write_bytes(PNG)
    result = run_infer(cli, emulator, "image", "describe", "--file", str(image), "--prompt",
                       "Count the cats")
    assert (result.code, result.stdout) == (0, HELLO + "\n")
    body = chat_requests(emulator)[0].json
    assert body["model"] == "qwen3-vl-235b-a22b"
    assert body["messages"][0]["content"][0]["text"] == "Count the cats"
    result = run_infer(cli, emulator, "image", "describe", "--file", str(image), "--model",
                       "venice/llama-3.3-70b")
    assert result.code == 2 and "does not accept images" in result.stderr


def test_embeddings_text_and_json(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "embedding", "create", "--text", "one", "--text",
                       "two")
    assert result.code == 0, result.output
    sent = json.loads(emulator.sent[-1])
    vectors = [row["embedding"] for row in sorted(sent["data"], key=lambda r: r["index"])]
    assert [row["index"] for row in sent["data"]] == [1, 0]  # sent out of order
    assert [[float(x) for x in line.split()] for line in result.stdout.splitlines()] == vectors
    assert only_request(emulator, "/embeddings").json == {
        "model": "text-embedding-bge-m3", "input": ["one", "two"]}
    result = run_infer(cli, emulator, "embedding", "create", "--text", "one", "--model",
                       "text-embedding-qwen3-8b", "--dimensions", "8", "--json")
    envelope = json.loads(result.stdout)
    assert envelope["model"] == "text-embedding-qwen3-8b"
    assert envelope["outputs"] == [{"text": "one", "embedding": json.loads(
        emulator.sent[-1])["data"][0]["embedding"], "dimensions": 8}]


def test_embedding_model_from_memory_search(cli: CliRun, emulator: VeniceEmulator,
                                            config_path: Path) -> None:
    write_config(config_path, {"memory": {"search": {"model": "text-embedding-qwen3-8b"}}})
    assert run_infer(cli, emulator, "embedding", "create", "--text", "x").code == 0
    assert only_request(emulator, "/embeddings").json["model"] == "text-embedding-qwen3-8b"


def test_embedding_errors(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "embedding", "create", "--text", "x", "--model",
                       "text-embedding-bge-m3", "--dimensions", "8")
    assert result.code == 10 and "custom dimensions" in result.stderr
    result = run_infer(cli, emulator, "embedding", "create", "--text", " ")
    assert result.code == 2
    result = run_infer(cli, emulator, "embedding", "create", "--text", "x", "--provider",
                       "local")
    assert result.code == 2 and "Give --model" in result.stderr


def test_web_search_text_and_json(cli: CliRun, emulator: VeniceEmulator,
                                  config_path: Path) -> None:
    write_config(config_path, {"tools": {"web": {"search": {"maxResults": 2}}}})
    result = run_infer(cli, emulator, "web", "search", "--query", "venice privacy")
    assert result.code == 0, result.output
    results = json.loads(emulator.sent[-1])["results"]
    expected = []
    for index, row in enumerate(results, 1):
        expected += ([""] if expected else []) + [
            f"{index}. {row['title']}", f"   {row['url']}",
            f"   {row['content']} ({row['date']})"]
    assert result.stdout.splitlines() == expected
    assert only_request(emulator, "/augment/search").json == {"query": "venice privacy",
                                                              "limit": 2}
    result = run_infer(cli, emulator, "web", "search", "--query", "x", "--limit", "1",
                       "--provider", "brave", "--json")
    assert json.loads(result.stdout) == {
        "ok": True, "capability": "web.search", "transport": "local", "provider": "venice",
        "attempts": [], "outputs": [{"result": json.loads(emulator.sent[-1])}]}
    assert requests_to(emulator, "/augment/search")[-1].json == {
        "query": "x", "limit": 1, "search_provider": "brave"}


@pytest.mark.parametrize(("args", "message"), [
    (("--query", ""), "--query cannot be empty"),
    (("--query", "x" * 401), "longer than Venice's 400"),
    (("--query", "x", "--limit", "21"), "--limit must be between 1 and 20"),
    (("--query", "x", "--provider", "bing"), "must be venice, brave or google"),
])
def test_web_search_usage_errors(cli: CliRun, emulator: VeniceEmulator,
                                 args: tuple[str, ...], message: str) -> None:
    result = run_infer(cli, emulator, "web", "search", *args)
    assert result.code == 2 and message in result.stderr and emulator.requests == []


def test_web_fetch(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "web", "fetch", "--url", "https://example.com/a")
    assert result.code == 0
    assert result.stdout == json.loads(emulator.sent[-1])["content"]
    assert only_request(emulator, "/augment/scrape").json == {"url": "https://example.com/a"}
    result = run_infer(cli, emulator, "web", "fetch", "--url", "ftp://x")
    assert result.code == 2


def _tty_run(emulator: VeniceEmulator, *args: str) -> tuple[int, str]:
    import io

    out = io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(),
                      environ={**chat_env(emulator), "HOME": str(Path.home())},
                      stdin_isatty=False, stdout_isatty=True, stderr_isatty=False)
    return main(["infer", *args], env), out.getvalue()


def test_server_text_is_made_visible_on_a_terminal(
        cli: CliRun, emulator: VeniceEmulator) -> None:
    emulator.set_scenario("plain", hostile=True)
    piped = run_infer(cli, emulator, "web", "fetch", "--url", "https://example.com")
    assert HOSTILE_TEXT in piped.stdout  # data stays exact when piped
    for args in (("web", "fetch", "--url", "https://example.com"),
                 ("web", "search", "--query", "x"), ("image", "styles")):
        code, shown = _tty_run(emulator, *args)
        assert code == 0 and "\x1b" not in shown and "\x07" not in shown
        assert "^[]52;c;cHduZWQ=^G" in shown


def test_output_dash_refuses_a_terminal(emulator: VeniceEmulator) -> None:
    code, shown = _tty_run(emulator, "tts", "convert", "--text", "x", "--output", "-")
    assert code == 2 and shown == ""


def test_model_list_and_inspect(cli: CliRun) -> None:
    listed = cli("infer", "model", "list")
    assert listed.stdout == cli("models", "list").stdout
    rows = json.loads(cli("infer", "model", "list", "--json").stdout)
    assert rows == json.loads(cli("models", "list", "--json").stdout)["models"]
    entry = json.loads(cli("infer", "model", "inspect", "--model", "llama-3.3-70b").stdout)
    assert entry == next(r for r in rows if r["key"] == "venice/llama-3.3-70b")
    tts = json.loads(cli("infer", "model", "inspect", "--model", "venice/tts-kokoro").stdout)
    assert tts["type"] == "tts" and tts["defaultVoice"] == "af_sky"
    missing = cli("infer", "model", "inspect", "--model", "venice/nope")
    assert missing.code == 6 and missing.stderr.startswith("Error: Model not found")


def test_models_list_by_type(cli: CliRun, emulator: VeniceEmulator) -> None:
    env = chat_env(emulator)
    result = cli("models", "list", "--type", "embedding", "--json", env=env)
    assert result.code == 0, result.output
    document = json.loads(result.stdout)
    assert document["type"] == "embedding" and [m["key"] for m in document["models"]] == [
        "venice/text-embedding-bge-m3", "venice/text-embedding-qwen3-8b"]
    assert requests_to(emulator, "/models")[-1].query == {"type": "embedding"}
    again = cli("models", "list", "--type", "embedding", "--plain", env=env)
    assert again.stdout == "venice/text-embedding-bge-m3\nvenice/text-embedding-qwen3-8b\n"
    assert len(requests_to(emulator, "/models")) == 1  # the typed cache answered
    table = cli("models", "list", "--type", "tts", env=env).stdout.splitlines()
    assert table[1].split() == ["venice/tts-kokoro", "tts", "yes", "4", "voices,", "default",
                                "af_sky", "default,private"]
    offline = cli("models", "list", "--type", "asr")
    assert offline.stdout.splitlines()[1].startswith("venice/nvidia/parakeet-tdt-0.6b-v3")
    bad = cli("models", "list", "--type", "sculpture")
    assert bad.code == 2 and "Unknown --type" in bad.stderr
    mixed = cli("models", "list", "--type", "tts", "--capability", "vision")
    assert mixed.code == 2


def test_embeddings_in_other_servers_shapes(cli: CliRun, emulator: VeniceEmulator) -> None:
    import statistics

    from tests.emulator.media_data import embedding

    emulator.set_scenario("plain", embedding_form="base64")
    result = run_infer(cli, emulator, "embedding", "create", "--text", "one", "--json")
    assert result.code == 0, result.output
    import struct

    expected = list(struct.unpack("<1024f", struct.pack("<1024f", *embedding("one", 1024))))
    assert json.loads(result.stdout)["outputs"][0]["embedding"] == expected
    emulator.set_scenario("plain", embedding_form="tokens")
    result = run_infer(cli, emulator, "embedding", "create", "--text", "two words", "--json")
    tokens = [embedding("two", 1024), embedding("words", 1024)]
    pooled = [statistics.fmean(column) for column in zip(*tokens, strict=True)]
    assert json.loads(result.stdout)["outputs"][0]["embedding"] == pooled
    assert "one vector per token" in result.stderr
