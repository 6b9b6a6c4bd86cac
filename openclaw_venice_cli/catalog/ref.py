"""Parsing ``provider/model`` references such as ``venice/llama-3.3-70b``."""

from __future__ import annotations

import re
from typing import NamedTuple

from openclaw_venice_cli.errors import UsageError

DEFAULT_PROVIDER = "venice"
_PROVIDER_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class ModelRef(NamedTuple):
    provider: str
    model_id: str

    def __str__(self) -> str:
        return f"{self.provider}/{self.model_id}"


def parse_model_ref(text: str, *, require_provider: bool = False) -> ModelRef:
    """``venice/llama-3.3-70b`` -> ModelRef("venice", "llama-3.3-70b").

    A bare id means the Venice provider unless ``require_provider`` is set. The model id
    may itself contain ``/`` (``openrouter/meta/llama``) and Venice feature suffixes
    (``qwen3-4b:strip_thinking_response=true``); only the first ``/`` splits.
    """
    value = text.strip()
    if not value or any(ch.isspace() for ch in value) or "\x00" in value:
        raise UsageError(f'Invalid model "{text}". Use provider/model, e.g. venice/llama-3.3-70b.')
    provider, sep, model_id = value.partition("/")
    if not sep:
        if require_provider:
            raise UsageError(
                f'Model "{value}" needs a provider: use provider/model, e.g. venice/{value}.'
            )
        return ModelRef(DEFAULT_PROVIDER, value)
    provider = provider.lower()
    if not model_id or not _PROVIDER_RE.match(provider):
        raise UsageError(f'Invalid model "{text}". Use provider/model, e.g. venice/llama-3.3-70b.')
    return ModelRef(provider, model_id)
