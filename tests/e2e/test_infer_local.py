"""`openclaw infer` against a real llama.cpp server: embeddings (the OpenAI-compatible
/v1/embeddings of llama-cpp-python started with embeddings enabled).

The oracle is one direct request to the same server with the same input: SmolLM2 is a
chat model without pooling, so the server answers one vector per token; the CLI must
print their element-wise mean (computed here with ``statistics.fmean``).
"""

from __future__ import annotations

import json
import statistics
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LocalServer, write_config
from tests.helpers import CliRun

pytestmark = pytest.mark.e2e
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _direct(server: LocalServer, texts: list[str]) -> list[Any]:
    body = {"model": server.model, "input": texts[0] if len(texts) == 1 else texts}
    request = urllib.request.Request(
        server.base_url + "/embeddings", data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {server.api_key}",
                 "Content-Type": "application/json"})
    with _NO_PROXY.open(request, timeout=60) as response:
        rows = json.load(response)["data"]
    return [row["embedding"] for row in sorted(rows, key=lambda r: r["index"])]


def _pooled(embedding: Any) -> list[float]:
    if embedding and isinstance(embedding[0], list):
        return [statistics.fmean(column) for column in zip(*embedding, strict=True)]
    return [float(x) for x in embedding]


def test_embedding_create_on_a_local_provider(embedding_server: LocalServer, cli: CliRun,
                                              config_path: Path) -> None:
    write_config(config_path, {"models": {"providers": {"local": {
        "baseUrl": embedding_server.base_url, "apiKey": embedding_server.api_key,
        "api": "openai-completions",
        "models": [{"id": embedding_server.model, "name": "SmolLM2"}]}}}})
    texts = ["friendly lobster", "a second, longer input text"]
    result = cli("infer", "embedding", "create", "--text", texts[0], "--text", texts[1],
                 "--model", f"local/{embedding_server.model}", "--json")
    assert result.code == 0, result.output
    envelope = json.loads(result.stdout)
    direct = _direct(embedding_server, texts)
    assert all(len(e) > 1 for e in direct), "expected one vector per token"
    expected = [_pooled(e) for e in direct]
    assert envelope["provider"] == "local"
    assert [o["text"] for o in envelope["outputs"]] == texts
    assert [o["embedding"] for o in envelope["outputs"]] == expected
    assert {o["dimensions"] for o in envelope["outputs"]} == {len(expected[0])}
    assert embedding_server.api_key not in result.output


def test_embedding_text_output_through_the_venice_provider(
        embedding_server: LocalServer, cli: CliRun) -> None:
    env = {"VENICE_BASE_URL": embedding_server.base_url,
           "VENICE_API_KEY": embedding_server.api_key}
    result = cli("infer", "embedding", "create", "--text", "hello there", "--model",
                 embedding_server.model, env=env)
    assert result.code == 0, result.output
    printed = [float(x) for x in result.stdout.split()]
    assert printed == _pooled(_direct(embedding_server, ["hello there"])[0])
    assert "one vector per token" in result.stderr
