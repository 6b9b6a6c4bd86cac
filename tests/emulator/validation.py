"""Chat request checks the real API makes: strict top level, model lookup, capability gates."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from tests.emulator.bodies import (
    ErrorAnswer,
    enum_issue,
    named_error,
    required_issue,
    schema_issues,
    unknown_keys_issue,
    validation_body,
)

# ChatCompletionRequest.properties of the OpenAPI spec (additionalProperties: false).
REQUEST_KEYS = frozenset({
    "frequency_penalty", "logprobs", "top_logprobs", "max_completion_tokens", "max_temp",
    "max_tokens", "messages", "min_p", "min_temp", "model", "n", "presence_penalty",
    "prompt_cache_key", "prompt_cache_retention", "repetition_penalty", "reasoning",
    "reasoning_effort", "seed", "stop", "stop_token_ids", "stream", "stream_options",
    "temperature", "top_k", "top_p", "user", "fallbacks", "store", "verbosity", "text",
    "include", "metadata", "venice_parameters", "parallel_tool_calls", "response_format",
    "tool_choice", "tools",
})
BOOL_PARAMS = frozenset({
    "include_venice_system_prompt", "enable_web_citations", "enable_web_scraping",
    "include_search_results_in_stream", "return_search_results_as_documents",
    "strip_thinking_response", "disable_thinking", "enable_e2ee", "enable_x_search",
})
STRING_PARAMS = frozenset({"enable_web_search", "character_slug"})
DEFAULT_VENICE_PARAMETERS: dict[str, Any] = {
    "enable_e2ee": False, "enable_web_search": "off", "enable_web_citations": False,
    "enable_web_scraping": False, "include_venice_system_prompt": True,
    "include_search_results_in_stream": False, "return_search_results_as_documents": False,
    "strip_thinking_response": False, "disable_thinking": False,
}
ROLES = ("system", "developer", "user", "assistant", "tool")
WEB_SEARCH = ["auto", "off", "on"]


def find_model(models: list[dict[str, Any]], raw_id: str,
               compatibility: dict[str, str] | None = None) -> tuple[
                   dict[str, Any] | None, str, dict[str, str]]:
    """Resolve ``id[:k=v&…]`` (a model id, a compatibility-mapping alias or a trait such
    as ``default``) to a model row."""
    base, _, suffix = raw_id.partition(":")
    params = dict(parse_qsl(suffix, keep_blank_values=True)) if suffix else {}
    base = (compatibility or {}).get(base, base) if not any(
        row.get("id") == base for row in models) else base
    for row in models:
        if row.get("id") == base:
            return row, base, params
    for row in models:
        if base in (row.get("model_spec") or {}).get("traits", []):
            return row, str(row["id"]), params
    return None, base, params


def effective_parameters(body: dict[str, Any], suffix: dict[str, str]) -> dict[str, Any]:
    """`venice_parameters` merged over the defaults; unknown keys dropped; suffix wins."""
    result = dict(DEFAULT_VENICE_PARAMETERS)
    given = body.get("venice_parameters")
    if isinstance(given, dict):
        for key, value in given.items():
            if key in BOOL_PARAMS or key in STRING_PARAMS:
                result[key] = value
    for key, value in suffix.items():
        if key in BOOL_PARAMS:
            result[key] = value.lower() == "true"
        elif key in STRING_PARAMS:
            result[key] = value
    return result


def check_shape(body: Any) -> ErrorAnswer | None:
    """Top-level validation: a JSON object with known keys, `model` and `messages`."""
    if not isinstance(body, dict):
        issue = {"code": "invalid_type", "expected": "object", "received": type(body).__name__,
                 "path": [], "message": "Expected object"}
        return 400, {}, validation_body([issue])
    unknown = sorted(k for k in body if k not in REQUEST_KEYS)
    if unknown:
        return 400, {}, validation_body([unknown_keys_issue(unknown)])
    issues = []
    if not isinstance(body.get("model"), str) or not body.get("model"):
        issues.append(required_issue(["model"], "string"))
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        issues.append(required_issue(["messages"], "array"))
    else:
        for i, message in enumerate(messages):
            role = message.get("role") if isinstance(message, dict) else None
            if role not in ROLES:
                issues.append({"code": "invalid_union_discriminator", "options": list(ROLES),
                               "path": ["messages", i, "role"],
                               "message": "Invalid discriminator value. Expected 'system' | "
                               "'developer' | 'user' | 'assistant' | 'tool'"})
    if "stream" in body and not isinstance(body["stream"], bool):
        issues.append({"code": "invalid_type", "expected": "boolean",
                       "received": type(body["stream"]).__name__, "path": ["stream"],
                       "message": "Expected boolean, received " + type(body["stream"]).__name__})
    return (400, {}, validation_body(issues)) if issues else None


def check_schema(body: Any) -> ErrorAnswer | None:
    """The whole body against the official OpenAPI schema (Venice validates strictly)."""
    from tests.openapi import request_errors

    errors = request_errors("/chat/completions", body)
    return (400, {}, validation_body(schema_issues(errors))) if errors else None


def check_parameters(params: dict[str, Any]) -> ErrorAnswer | None:
    value = params.get("enable_web_search")
    if value not in WEB_SEARCH:
        issue = enum_issue(["venice_parameters", "enable_web_search"], WEB_SEARCH, value)
        return 400, {}, validation_body([issue])
    return None


def _has_images(body: dict[str, Any]) -> bool:
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list) and any(
                isinstance(p, dict) and p.get("type") == "image_url" for p in content):
            return True
    return False


def check_capabilities(row: dict[str, Any], body: dict[str, Any]) -> ErrorAnswer | None:
    """The capability gates: vision, structured output, tools, reasoning effort, max tokens."""
    spec = row.get("model_spec") or {}
    caps = spec.get("capabilities") or {}
    model_id = row.get("id")
    if _has_images(body) and not caps.get("supportsVision"):
        return 400, {}, {"error": f"Model {model_id} does not support image inputs. "
                         "Please use a vision-capable model."}
    fmt = body.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and not caps.get(
            "supportsResponseSchema"):
        return 400, {}, {"error": f"Model {model_id} does not support response_format "
                         "json_schema."}
    if body.get("tools") and not caps.get("supportsFunctionCalling"):
        return 400, {}, {"error": f"Model {model_id} does not support function calling."}
    effort = body.get("reasoning_effort")
    options = caps.get("reasoningEffortOptions")
    if effort is not None and isinstance(options, list) and effort not in options:
        return 400, {}, validation_body([enum_issue(["reasoning_effort"], options, effort)])
    cap = spec.get("maxCompletionTokens")
    asked = body.get("max_completion_tokens")
    if isinstance(cap, int) and isinstance(asked, int) and asked > cap:
        return 400, {}, {"error": f"max_completion_tokens ({asked}) exceeds the model's "
                         f"maximum of {cap}."}
    window = spec.get("availableContextTokens")
    if isinstance(window, int) and _prompt_tokens(body) + (asked or 0) > window:
        return named_error("400_context_length")
    web = (body.get("venice_parameters") or {}).get("enable_web_search")
    if web in ("on", "auto") and caps.get("supportsWebSearch") is False:
        return 400, {}, {"error": f"Model {model_id} does not support web search."}
    return None


def _prompt_tokens(body: dict[str, Any]) -> int:
    from tests.emulator.scenarios import prompt_tokens

    return prompt_tokens(body)
