"""`infer embedding create`: vectors from Venice's (or any OpenAI-compatible) /embeddings.

Works with any configured provider (a local llama.cpp server too), since the endpoint is
OpenAI's. Vectors arrive as floats, or as base64 float32 which is decoded here; every
answer is checked (one finite vector per input) before anything is printed.
"""

from __future__ import annotations

import base64
import binascii
import math
import struct
from typing import Any

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ServerError, UsageError
from openclaw_venice_cli.media import envelope
from openclaw_venice_cli.media.models import choose, client_for

MAX_ANSWER = 64 * 1000 * 1000
MAX_INPUTS = 2048


def _numbers(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
        for x in value)


def mean_pool(rows: list[list[float]]) -> list[float]:
    """The element-wise mean of equally long vectors (exactly rounded sums)."""
    return [math.fsum(column) / len(rows) for column in zip(*rows, strict=True)]


def _vector(value: Any, cf_ray: str | None) -> list[float]:
    """One embedding: floats, base64 float32, or (a server without pooling, such as
    llama.cpp serving a chat model) one vector per token, averaged here."""
    if isinstance(value, list) and value and all(_numbers(row) for row in value) and len(
            {len(row) for row in value}) == 1:
        return mean_pool([[float(x) for x in row] for row in value])
    if isinstance(value, str):  # encoding_format "base64": little-endian float32
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raw = b"x"
        if len(raw) % 4:
            raise ServerError("The server sent an embedding that is not valid base64",
                              cf_ray=cf_ray)
        value = list(struct.unpack(f"<{len(raw) // 4}f", raw))
    if not _numbers(value):
        raise ServerError("The server sent an embedding that is not a list of numbers",
                          cf_ray=cf_ray)
    return [float(x) for x in value]


def vectors(answer: dict[str, Any], count: int, cf_ray: str | None) -> list[list[float]]:
    """One vector per input, in input order (``data[].index``)."""
    data = answer.get("data")
    if not isinstance(data, list) or len(data) != count:
        raise ServerError(f"The server sent {len(data) if isinstance(data, list) else 'no'} "
                          f"embeddings for {count} input(s)", cf_ray=cf_ray)
    ordered: list[list[float] | None] = [None] * count
    for position, item in enumerate(data):
        row = item if isinstance(item, dict) else {}
        index = row.get("index", position)
        if not isinstance(index, int) or not 0 <= index < count or ordered[index] is not None:
            raise ServerError("The server sent embeddings with bad indexes", cf_ray=cf_ray)
        ordered[index] = _vector(row.get("embedding"), cf_ray)
    return [vector for vector in ordered if vector is not None]


def _per_token(answer: dict[str, Any]) -> bool:
    data = answer.get("data")
    first = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
    value = first.get("embedding")
    return isinstance(value, list) and bool(value) and isinstance(value[0], list)


def create(env: Environment, *, texts: list[str], model: str | None, provider: str | None,
           dimensions: int | None, json_: bool) -> None:
    """``infer embedding create``: one vector per ``--text``."""
    from openclaw_venice_cli.config.loader import load_config

    if not texts or any(not text.strip() for text in texts):
        raise UsageError("Give at least one non-empty --text.")
    if len(texts) > MAX_INPUTS:
        raise UsageError(f"At most {MAX_INPUTS} --text values per request.")
    if dimensions is not None and dimensions < 1:
        raise UsageError("--dimensions must be at least 1.")
    config = load_config(env)
    name = model
    if provider is not None and (model is None or "/" not in model):
        if model is None and provider.strip().lower() != "venice":
            raise UsageError(f'Give --model with --provider "{provider}" (its embedding '
                             "model).")
        name = f"{provider.strip().lower()}/{model}" if model else None
    target = choose(env, config, "embedding", name)
    body: dict[str, Any] = {"model": target.ref.model_id,
                            "input": texts[0] if len(texts) == 1 else texts}
    if dimensions is not None:
        body["dimensions"] = dimensions
    with client_for(env, target) as client, client.post(
            "/embeddings", json_body=body, timeout=target.timeout) as reply:
        answer = reply.json_object(MAX_ANSWER)
    found = vectors(answer, len(texts), reply.cf_ray)
    if _per_token(answer):
        env.note("Note: the server sent one vector per token (no pooling); openclaw "
                 "averaged them into one vector per text.")
    used = answer.get("model") if isinstance(answer.get("model"), str) else None
    if json_:
        envelope.emit_json(env, envelope.envelope(
            "embedding.create", provider=target.provider.name,
            model=used or target.ref.model_id,
            outputs=[{"text": text, "embedding": vector, "dimensions": len(vector)}
                     for text, vector in zip(texts, found, strict=True)]))
    else:
        envelope.emit_lines(env, [" ".join(repr(x) for x in vector) for vector in found])
