"""Fitting a long conversation into the model's context window.

When the history plus the new message would not fit the model's context window (from
the catalog), the oldest turns are left out of the request, with one notice; the saved
conversation keeps them. The size is estimated without a tokenizer, on the safe side:
three characters of the request's JSON per token (English runs nearer four), an image
counted as :data:`IMAGE_TOKENS`. Room is kept for the answer: ``--max-tokens`` when
given, else the model's answer limit, at most a quarter of the window.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

CHARS_PER_TOKEN = 3
IMAGE_TOKENS = 1600
DEFAULT_ANSWER_ROOM = 4096


class Trimmed(NamedTuple):
    """The messages to send and how many earlier turns were left out."""

    messages: list[dict[str, Any]]
    dropped: int
    estimate: int  # estimated tokens of the whole conversation before trimming


def estimate_tokens(messages: list[dict[str, Any]]) -> int:
    """A generous token estimate of ``messages`` (images at a flat rate)."""
    total = 0
    for message in messages:
        content = message.get("content")
        if isinstance(content, list):
            images = sum(1 for part in content
                         if isinstance(part, dict) and part.get("type") == "image_url")
            texts = [part for part in content
                     if not (isinstance(part, dict) and part.get("type") == "image_url")]
            total += images * IMAGE_TOKENS
            message = {**message, "content": texts}
        total += len(json.dumps(message, ensure_ascii=False)) // CHARS_PER_TOKEN + 1
    return total


def answer_room(context_window: int, max_tokens: int | None,
                model_limit: int | None) -> int:
    """Tokens kept free for the answer."""
    if max_tokens is not None:
        return max_tokens
    return min(model_limit or DEFAULT_ANSWER_ROOM, context_window // 4)


def fit(history: list[dict[str, Any]], message: dict[str, Any], context_window: int,
        room: int) -> Trimmed:
    """``history`` without its oldest turns until it and ``message`` fit the window.

    System messages are always kept; a turn is a user message and everything up to the
    next one. When even the newest message alone does not fit, it is sent anyway (the
    estimate is rough; the server has the last word).
    """
    system = [m for m in history if m.get("role") == "system"]
    turns: list[list[dict[str, Any]]] = []
    for m in history:
        if m.get("role") == "system":
            continue
        if m.get("role") == "user" or not turns:
            turns.append([])
        turns[-1].append(m)
    budget = context_window - room
    fixed = estimate_tokens([*system, message])
    sizes = [estimate_tokens(turn) for turn in turns]
    total = fixed + sum(sizes)
    dropped = 0
    while dropped < len(turns) and fixed + sum(sizes[dropped:]) > budget:
        dropped += 1
    kept = [m for turn in turns[dropped:] for m in turn]
    return Trimmed([*system, *kept], dropped, total)
