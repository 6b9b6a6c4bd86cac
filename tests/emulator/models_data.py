"""The `/models` rows the emulator serves: the reference fixture kit (§8.2) plus the seed ids."""

from __future__ import annotations

import copy
from typing import Any

_CAPS_KEYS = (
    "optimizedForCode", "quantization", "supportsAudioInput", "supportsFunctionCalling",
    "supportsLogProbs", "supportsMultipleImages", "supportsReasoning", "supportsReasoningEffort",
    "supportsResponseSchema", "supportsTeeAttestation", "supportsE2EE", "supportsVideoInput",
    "supportsVision", "supportsWebSearch", "supportsXSearch",
)


def _caps(**overrides: Any) -> dict[str, Any]:
    caps: dict[str, Any] = {key: False for key in _CAPS_KEYS}
    caps["quantization"] = "fp8"
    caps["supportsFunctionCalling"] = True
    caps["supportsWebSearch"] = True
    caps.update(overrides)
    return caps


def _row(
    model_id: str, name: str, context: int, privacy: str, price_in: float, price_out: float,
    *, created: int = 1743897600, traits: list[str] | None = None,
    max_completion: int | None = None,
    uncensored: bool = False, description: str = "Fixture text written for the test kit.",
    **caps: Any,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "pricing": {
            "input": {"usd": price_in, "diem": price_in},
            "output": {"usd": price_out, "diem": price_out},
        },
        "availableContextTokens": context,
    }
    if max_completion is not None:
        spec["maxCompletionTokens"] = max_completion
    spec["capabilities"] = _caps(**caps)
    spec.update({
        "description": description, "name": name, "modelSource": "", "offline": False,
        "privacy": privacy, "traits": traits or [],
    })
    if uncensored:
        spec["uncensored"] = True
    return {
        "context_length": context, "created": created, "id": model_id, "model_spec": spec,
        "object": "model", "owned_by": "venice.ai", "type": "text",
    }


# Entry 3 (grok-4-3) is the VERBATIM live capture of the reference §2(a).
_GROK_4_3: dict[str, Any] = {
    "context_length": 1000000, "created": 1776470400, "id": "grok-4-3",
    "model_spec": {
        "pricing": {
            "input": {"usd": 1.42, "diem": 1.42}, "cache_input": {"usd": 0.23, "diem": 0.23},
            "output": {"usd": 2.83, "diem": 2.83},
            "extended": {
                "context_token_threshold": 200000, "input": {"usd": 2.83, "diem": 2.83},
                "output": {"usd": 5.67, "diem": 5.67}, "cache_input": {"usd": 0.45, "diem": 0.45},
            },
        },
        "availableContextTokens": 1000000, "maxCompletionTokens": 32000,
        "capabilities": {
            "optimizedForCode": False, "quantization": "not-available",
            "supportsAudioInput": False, "supportsFunctionCalling": True,
            "supportsLogProbs": False, "supportsMultipleImages": True, "maxImages": 10,
            "supportsReasoning": True, "supportsReasoningEffort": True,
            "reasoningEffortOptions": ["none", "low", "medium", "high"],
            "defaultReasoningEffort": "low", "supportsResponseSchema": True,
            "supportsTeeAttestation": False, "supportsE2EE": False, "supportsVideoInput": False,
            "supportsVision": True, "supportsWebSearch": True, "supportsXSearch": True,
        },
        "description": "Grok 4.3 is xAI's most intelligent and fastest reasoning model with "
        "function calling, structured outputs, and a 1M-token context window. Suited for "
        "agentic workflows, instruction-following tasks, and applications requiring high "
        "factual accuracy.",
        "name": "Grok 4.3", "modelSource": "https://docs.x.ai/developers/models",
        "offline": False, "privacy": "private", "traits": [],
    },
    "object": "model", "owned_by": "venice.ai", "type": "text",
}


def _build() -> list[dict[str, Any]]:
    llama = _row("llama-3.3-70b", "Llama 3.3 70B", 128000, "private", 0.7, 2.8,
                 traits=["default"],
                 description="General-purpose open-weight model; fixture text written for "
                 "the test kit.")
    llama["model_spec"]["modelSource"] = "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct"
    gpt4o = _row("openai-gpt-4o-mini-2024-07-18", "GPT-4o Mini", 128000, "anonymized",
                 0.1875, 0.75, created=1772236800, quantization="not-available",
                 supportsLogProbs=True, supportsMultipleImages=True, maxImages=10,
                 supportsResponseSchema=True, supportsVision=True)
    gpt4o["model_spec"]["pricing"]["cache_input"] = {"usd": 0.09375, "diem": 0.09375}
    qwen_thinking = _row(
        "qwen3-235b-a22b-thinking-2507", "Qwen 3 235B A22B Thinking 2507", 128000, "private",
        0.45, 3.5, created=1745903059, supportsReasoning=True, supportsReasoningEffort=True,
        reasoningEffortOptions=["low", "medium", "high"], defaultReasoningEffort="low",
        supportsResponseSchema=True,
        description="Reasoning model that returns reasoning_content; fixture text written "
        "for the test kit.")
    qwen_small = _row("qwen3-4b", "Venice Small", 32768, "private", 0.05, 0.15,
                      traits=["fastest"], supportsReasoning=True,
                      description="Legacy <think>-tag reasoning model (fixture).")
    qwen_small["model_spec"]["constraints"] = {
        "temperature": {"default": 0.6}, "top_p": {"default": 0.95}}
    rows = [llama, gpt4o, copy.deepcopy(_GROK_4_3), qwen_thinking, qwen_small]
    seed: list[dict[str, Any]] = [
        _row("llama-3.2-3b", "Llama 3.2 3B", 131072, "private", 0.15, 0.6, quantization="fp16",
             supportsResponseSchema=True),
        _row("hermes-3-llama-3.1-405b", "Hermes 3 Llama 3.1 405B", 131072, "private", 1.1, 3,
             supportsFunctionCalling=False),
        _row("qwen3-235b-a22b-instruct-2507", "Qwen3 235B Instruct", 131072, "private",
             0.15, 0.75, supportsResponseSchema=True),
        _row("qwen3-coder-480b-a35b-instruct", "Qwen3 Coder 480B", 262144, "private",
             0.75, 3, optimizedForCode=True, traits=["default_code"],
             supportsResponseSchema=True),
        _row("qwen3-next-80b", "Qwen3 Next 80B", 262144, "private", 0.35, 1.9),
        _row("qwen3-vl-235b-a22b", "Qwen3 VL 235B", 262144, "private", 0.25, 1.5,
             supportsVision=True, supportsMultipleImages=True, maxImages=10,
             traits=["default_vision"]),
        _row("deepseek-v3.2", "DeepSeek V3.2", 163840, "private", 0.4, 1, max_completion=32768,
             supportsReasoning=True),
        _row("venice-uncensored", "Venice Uncensored", 32768, "private", 0.2, 0.9,
             uncensored=True, supportsFunctionCalling=False, traits=["most_uncensored"]),
        _row("mistral-31-24b", "Venice Medium", 131072, "private", 0.5, 2,
             supportsVision=True),
        _row("google-gemma-3-27b-it", "Gemma 3 27B Instruct", 202752, "private", 0.12, 0.2,
             supportsVision=True),
        _row("openai-gpt-oss-120b", "OpenAI GPT OSS 120B", 131072, "private", 0.07, 0.3,
             supportsReasoning=True),
        _row("zai-org-glm-4.7", "GLM 4.7", 202752, "private", 0.55, 2.65,
             supportsReasoning=True),
        _row("claude-opus-45", "Claude Opus 4.5", 202752, "anonymized", 6, 30,
             supportsReasoning=True, supportsVision=True, supportsResponseSchema=True),
        _row("claude-sonnet-45", "Claude Sonnet 4.5", 202752, "anonymized", 3.75, 18.75,
             supportsReasoning=True, supportsVision=True, supportsResponseSchema=True),
        _row("openai-gpt-52", "GPT-5.2", 262144, "anonymized", 2.19, 17.5,
             supportsReasoning=True, supportsResponseSchema=True),
        _row("openai-gpt-52-codex", "GPT-5.2 Codex", 262144, "anonymized", 2.19, 17.5,
             supportsReasoning=True, supportsVision=True, optimizedForCode=True),
        _row("gemini-3-pro-preview", "Gemini 3 Pro", 202752, "anonymized", 2.5, 15,
             supportsReasoning=True, supportsVision=True),
        _row("gemini-3-flash-preview", "Gemini 3 Flash", 262144, "anonymized", 0.7, 3.75,
             supportsReasoning=True, supportsVision=True),
        _row("grok-41-fast", "Grok 4.1 Fast", 262144, "anonymized", 0.5, 1.25,
             supportsReasoning=True, supportsVision=True),
        _row("grok-code-fast-1", "Grok Code Fast 1", 262144, "anonymized", 0.25, 1.87,
             supportsReasoning=True, optimizedForCode=True),
        _row("kimi-k2-thinking", "Kimi K2 Thinking", 262144, "anonymized", 0.75, 3.2,
             supportsReasoning=True),
        _row("minimax-m21", "MiniMax M2.1", 202752, "anonymized", 0.4, 1.6,
             supportsReasoning=True),
    ]
    return rows + seed


def default_models() -> list[dict[str, Any]]:
    """A fresh deep copy of the default `/models` rows (tests may mutate their copy)."""
    return copy.deepcopy(_MODELS)


_MODELS = _build()

TEXT_TYPES = ("text", "code", "all")
VALID_TYPES = ("asr", "embedding", "image", "music", "text", "tts", "upscale", "inpaint",
               "video", "all", "code")
