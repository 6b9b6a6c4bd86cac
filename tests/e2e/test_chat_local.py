"""`openclaw chat` against a real llama-cpp-python server, checked against an oracle.

At ``--temperature 0`` the server is deterministic, so every test compares what the CLI
printed, exactly, with the server's answer to one direct request (tests/e2e/oracle.py):
piped output byte for byte (plus the final newline the contract adds), a terminal's
screen line for line (blank lines included) with rich's whole-document Markdown render of
that answer. A recording proxy between the
CLI and the server shows what was sent (one request; streamed or not).
"""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from tests.e2e.conftest import COLUMNS, ROWS, LocalServer, spawn_cli, write_config
from tests.e2e.oracle import markdown_lines, piped, screen_lines
from tests.e2e.proxy import RecordingProxy
from tests.helpers import CliRun

pytestmark = pytest.mark.e2e

MODEL_REF = "venice/smollm2-135m"
MAX_TOKENS = 48
FIXED = ("--temperature", "0", "--max-tokens", str(MAX_TOKENS))
PLAIN = "Say hello in one short sentence."  # a paragraph that wraps on the terminal
LIST = "List three fruits as a markdown list."  # an ordered list


def _setup(kind: str, base_url: str, key: str, config_path: Path) -> tuple[dict[str, str], str]:
    """Point the CLI at ``base_url`` one of three ways; return (env, model ref)."""
    if kind == "env":
        return {"VENICE_BASE_URL": base_url, "VENICE_API_KEY": key}, MODEL_REF
    if kind == "config":
        write_config(config_path, {
            "env": {"VENICE_API_KEY": key},
            "models": {"providers": {"venice": {
                "baseUrl": base_url, "api": "openai-completions", "models": [],
            }}},
        })
        return {}, MODEL_REF
    write_config(config_path, {  # a provider of its own name: what a user of llama.cpp writes
        "models": {"providers": {"local": {
            "baseUrl": base_url, "api": "openai-completions", "apiKey": key,
            "models": [{"id": "smollm2-135m", "name": "SmolLM2 135M", "contextWindow": 2048,
                        "maxTokens": 256}],
        }}},
    })
    return {}, "local/smollm2-135m"


def _one_chat_request(proxy: RecordingProxy, *, stream: bool) -> dict[str, object]:
    """The one request the CLI sent; streamed (SSE back) or not (JSON back)."""
    posts = [x for x in proxy.exchanges if x.method == "POST"]
    assert [x.path for x in posts] == ["/v1/chat/completions"], proxy.exchanges
    (sent,) = posts
    assert sent.status == 200
    assert sent.body["stream"] is stream
    assert sent.content_type.startswith("text/event-stream" if stream else "application/json")
    body: dict[str, object] = sent.body
    return body


@pytest.mark.parametrize("kind", ["env", "config", "other-provider"])
def test_piped_answer_is_the_servers_answer(
    kind: str, llm_server: LocalServer, proxy: RecordingProxy, cli: CliRun, config_path: Path,
) -> None:
    env, model = _setup(kind, proxy.base_url, llm_server.api_key, config_path)
    result = cli("chat", "--model", model, *FIXED, LIST, env=env)
    assert result.code == 0, result.output
    assert result.stdout == piped(llm_server.answer(LIST, max_tokens=MAX_TOKENS))
    assert result.stderr == ""
    _one_chat_request(proxy, stream=True)


@pytest.mark.parametrize(("stdin", "words", "sent"), [
    ("Name one colour.\n", (), "Name one colour.\n"),  # stdin alone is sent as it is
    ("Apples, pears and plums.\n", ("Which", "fruit", "is", "first?"),
     "Apples, pears and plums.\n\nWhich fruit is first?"),  # stdin, a blank line, the words
])
def test_prompt_from_stdin(
    stdin: str, words: tuple[str, ...], sent: str, llm_server: LocalServer,
    proxy: RecordingProxy, cli: CliRun,
) -> None:
    env = {"VENICE_BASE_URL": proxy.base_url, "VENICE_API_KEY": llm_server.api_key}
    result = cli("chat", "--model", MODEL_REF, *FIXED, *words, env=env, input=stdin)
    assert result.code == 0, result.output
    assert result.stdout == piped(llm_server.answer(sent, max_tokens=MAX_TOKENS))
    body = _one_chat_request(proxy, stream=True)
    assert body["messages"] == [{"role": "user", "content": sent}]


def test_no_stream_is_one_whole_answer(
    llm_server: LocalServer, proxy: RecordingProxy, cli: CliRun
) -> None:
    env = {"VENICE_BASE_URL": proxy.base_url, "VENICE_API_KEY": llm_server.api_key}
    result = cli("chat", "--model", MODEL_REF, *FIXED, "--no-stream", PLAIN, env=env)
    assert result.code == 0, result.output
    assert result.stdout == piped(
        llm_server.answer(PLAIN, max_tokens=MAX_TOKENS, stream=False))
    _one_chat_request(proxy, stream=False)


def test_json_mode_asks_the_server_for_json(
    llm_server: LocalServer, cli: CliRun, server_env: dict[str, str]
) -> None:
    prompt = "Describe an apple in one sentence."  # the grammar turns prose into JSON
    result = cli("chat", "--model", MODEL_REF, *FIXED, "--json", prompt, env=server_env)
    assert result.code == 0, result.output
    expected = llm_server.answer(prompt, max_tokens=MAX_TOKENS,
                                 response_format={"type": "json_object"})
    assert result.stdout == piped(expected)
    # The grammar changes the answer: without it the same prompt gives other text.
    assert expected != llm_server.answer(prompt, max_tokens=MAX_TOKENS)


@pytest.mark.parametrize("prompt", [PLAIN, LIST], ids=["paragraph", "list"])
def test_answer_on_a_terminal_is_its_markdown_render(
    prompt: str, llm_server: LocalServer, server_env: dict[str, str]
) -> None:
    child = spawn_cli(["chat", "--model", MODEL_REF, *FIXED, prompt], server_env)
    child.expect(pexpect.EOF)
    child.close()
    shown = screen_lines(child.logfile_read.getvalue(), ROWS, COLUMNS)
    assert child.exitstatus == 0, shown
    expected = markdown_lines(llm_server.answer(prompt, max_tokens=MAX_TOKENS), COLUMNS)
    assert shown == expected
    assert llm_server.api_key not in child.logfile_read.getvalue()
