"""Named error answers of the reference §8.5 (status, headers, JSON body) and helpers."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

ErrorAnswer = tuple[int, dict[str, str], Any]
ECHO_KEY = "{{request's bearer key}}"  # replaced by the key the request carried

_TYPE_ENUM = ["asr", "embedding", "image", "music", "text", "tts", "upscale", "inpaint", "video"]


def validation_body(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """A zod-style 400 body (`Invalid request parameters`, `details`, `issues`)."""
    details: dict[str, Any] = {"_errors": []}
    for issue in issues:
        path = issue.get("path") or []
        if not path:
            details["_errors"].append(issue["message"])
            continue
        node = details
        for part in path:
            node = node.setdefault(str(part), {"_errors": []})
        node["_errors"].append(issue["message"])
    return {"error": "Invalid request parameters", "details": details, "issues": issues}


def schema_issues(errors: list[str]) -> list[dict[str, Any]]:
    """``tests.openapi`` violations (``path: message``) as zod-style issues."""
    issues = []
    for error in errors:
        where, _, message = error.partition(": ")
        path = [] if where == "(root)" else [int(p) if p.isdigit() else p
                                             for p in where.split("/")]
        issues.append({"code": "custom", "path": path, "message": message})
    return issues


def enum_issue(path: list[str], options: list[str], received: Any) -> dict[str, Any]:
    opts = " | ".join(f"'{o}'" for o in options)
    return {"received": received, "code": "invalid_enum_value", "options": options,
            "path": path, "message": f"Invalid enum value. Expected {opts}, received '{received}'"}


def unknown_keys_issue(keys: list[str]) -> dict[str, Any]:
    names = ", ".join(f"'{k}'" for k in keys)
    return {"code": "unrecognized_keys", "keys": keys, "path": [],
            "message": f"Unrecognized key(s) in object: {names}"}


def required_issue(path: list[str], expected: str) -> dict[str, Any]:
    return {"code": "invalid_type", "expected": expected, "received": "undefined",
            "path": path, "message": "Required"}


def x402_body(url: str) -> dict[str, Any]:
    return {
        "x402Version": 2, "error": "Authentication required",
        "resource": {"url": url, "description": "Venice API", "mimeType": "application/json"},
        "accepts": [], "extensions": {},
        "authOptions": {"apiKey": {
            "header": "Authorization: Bearer YOUR_API_KEY",
            "getKey": "https://venice.ai/settings/api",
            "docs": "https://docs.venice.ai/api-reference"}},
    }


def x402_header(url: str) -> str:
    obj = {"x402Version": 2, "resource": {"url": url}, "accepts": []}
    return base64.b64encode(json.dumps(obj).encode()).decode()


def _ratelimit_headers(reset_in: float) -> dict[str, str]:
    reset_ms = str(int((time.time() + reset_in) * 1000))
    return {
        "x-ratelimit-limit-requests": "75", "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": reset_ms, "x-ratelimit-limit-tokens": "750000",
        "x-ratelimit-remaining-tokens": "741230", "x-ratelimit-reset-tokens": reset_ms,
    }


def named_error(name: str, *, url: str = "", reset_in: float = 1.0) -> ErrorAnswer:
    """The named body of §8.5 (plus a few assembled ones) as ``(status, headers, body)``."""
    simple: dict[str, tuple[int, str]] = {
        "401_invalid_key": (401, "Authentication failed"),
        "401_admin_required": (401, "Admin API key required"),
        "402_insufficient_balance": (402, "Insufficient USD or Diem balance to complete "
                                     "request. Visit https://venice.ai/settings/api to add "
                                     "credits."),
        "402_key_usd_limit": (402, "API key USD spend limit exceeded. Your account may still "
                              "have USD balance, but this API key has reached its configured "
                              "USD spending limit."),
        "403_access_disabled": (403, "API access is disabled for this account"),
        "404_unknown_model": (404, "Specified model not found: no-such-model"),
        "415_content_type": (415, "Invalid request content-type"),
        "422_content_policy": (422, "Your prompt violates the content policy of Venice.ai or "
                               "the model provider"),
        "500_inference_failed": (500, "Inference processing failed"),
        "500_unknown": (500, "An unknown error occurred"),
        "502_bad_gateway": (502, "Upstream provider error. Please try again later."),
        "503_at_capacity": (503, "The model is at capacity. Please try again later."),
        "503_offline": (503, "The model is temporarily offline. Please try again later."),
        "504_timeout": (504, "Request timed out. For long requests, use the streaming API by "
                        "setting stream=true."),
    }
    if name in simple:
        status, message = simple[name]
        return status, {}, {"error": message}
    if name == "402_no_credentials_abbrev":
        return 402, {"PAYMENT-REQUIRED": x402_header(url)}, x402_body(url)
    if name == "400_validation":
        issue = enum_issue(["type"], _TYPE_ENUM, "bogus")
        return 400, {}, validation_body([issue])
    if name == "400_context_length":
        return 400, {}, {"error": {
            "message": "Your request exceeds the model's maximum context. Please reduce your "
            "prompt or completion length.", "type": "invalid_request_error",
            "param": "messages", "code": "context_length_exceeded"}}
    if name == "400_legacy_array":
        return 400, {}, {"error": [{"code": "unrecognized_keys", "keys": ["stream_options"],
                                    "path": [], "message": "Unrecognized key(s) in object: "
                                    "'stream_options'"}]}
    if name == "403_model_privacy":
        return 403, {}, {"error": "This API key is set to 'PRIVATE_ONLY', but grok-41-fast is "
                         "an Anonymous model. Use a different API key or model."}
    if name == "413_payload_too_large":
        return 413, {}, {"error": "Request payload too large", "code": "PAYLOAD_TOO_LARGE"}
    if name == "429_rate_limit":
        return 429, _ratelimit_headers(reset_in), {"error": "Rate limit exceeded"}
    if name == "429_overloaded":
        return 429, {"retry-after": "30"}, {
            "error": "The model is currently overloaded. Please try again later."}
    if name == "429_error_budget":
        reset_ms = str(int((time.time() + reset_in) * 1000))
        return 429, {"x-ratelimit-remaining": "0", "x-ratelimit-resets": reset_ms}, {
            "error": "Too many failed attempts (> 50) resulting in a non-success status code. "
            "Please wait 30 seconds and try again. See "
            "https://docs.venice.ai/api-reference/rate-limiting for more information."}
    if name == "502_cloudflare_html":
        html = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>"
                "\r\n</body>\r\n</html>\r\n")
        return 502, {"content-type": "text/html"}, html
    if name == "403_cloudflare_html":
        html = ("<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title>"
                "</head><body><h1>Sorry, you have been blocked</h1><p>You are unable to "
                "access venice.ai</p></body></html>\n")
        return 403, {"content-type": "text/html; charset=UTF-8"}, html
    if name == "400_echo_key_text":  # plain text quoting the key past the 200-char cut
        return 400, {"content-type": "text/plain"}, (
            "Bad request. " + "The request could not be processed as sent. " * 3
            + f"Offending credential: {ECHO_KEY} (check the header).")
    raise KeyError(f"unknown error body {name!r}; known: {', '.join(ERROR_NAMES)}")


ERROR_NAMES = (
    "400_validation", "400_context_length", "400_legacy_array", "401_invalid_key",
    "401_admin_required", "402_no_credentials_abbrev", "402_insufficient_balance",
    "402_key_usd_limit", "403_access_disabled", "403_model_privacy", "404_unknown_model",
    "413_payload_too_large", "415_content_type", "422_content_policy", "429_rate_limit",
    "429_overloaded", "429_error_budget", "500_inference_failed", "500_unknown",
    "502_bad_gateway", "502_cloudflare_html", "503_at_capacity", "503_offline", "504_timeout",
    "403_cloudflare_html", "400_echo_key_text",
)

DEFAULT_BODY_FOR_STATUS = {
    400: "400_validation", 401: "401_invalid_key", 402: "402_insufficient_balance",
    403: "403_access_disabled", 404: "404_unknown_model", 413: "413_payload_too_large",
    415: "415_content_type", 422: "422_content_policy", 429: "429_rate_limit",
    500: "500_inference_failed", 502: "502_bad_gateway", 503: "503_at_capacity",
    504: "504_timeout",
}

RATE_LIMITS_BODY: dict[str, Any] = {"data": {
    "accessPermitted": True,
    "apiTier": {"id": "paid", "isCharged": True},
    "balances": {"USD": 50.23, "DIEM": 100.023, "BUNDLED_CREDITS": 25},
    "keyExpiration": None,
    "nextEpochBegins": "2026-04-21T00:00:00.000Z",
    "rateLimits": [{"apiModelId": "zai-org-glm-5-1", "rateLimits": [
        {"type": "RPM", "amount": 100}, {"type": "TPM", "amount": 2000000}]}],
}}

BILLING_BALANCE_BODY: dict[str, Any] = {
    "canConsume": True, "consumptionCurrency": "DIEM",
    "balances": {"diem": 90.5, "usd": 25}, "diemEpochAllocation": 100,
}
