"""--thinking and the capability checks made before sending, against the emulator's
catalog (discovered first with `models list --refresh`, as a user's cache would be)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.chat_support import chat_env, chat_requests, run_chat
from tests.helpers import CliRun
from tests.openapi import request_errors

THINKER = "venice/qwen3-235b-a22b-thinking-2507"  # reasoningEffortOptions low|medium|high
GROK = "venice/grok-4-3"  # none|low|medium|high
SMALL = "venice/qwen3-4b"  # reasons, supportsReasoningEffort false


def refresh(cli: CliRun, emulator: Any) -> None:
    result = cli("models", "list", "--refresh", "--plain", env=chat_env(emulator))
    assert result.code == 0, result.output


def body(emulator: Any) -> dict[str, Any]:
    requests = chat_requests(emulator)
    assert len(requests) == 1, "exactly one request"
    sent: dict[str, Any] = requests[0].json
    assert request_errors("/chat/completions", sent) == []
    return sent


def refused(result: Any, emulator: Any, message: str) -> None:
    assert (result.code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")
    assert chat_requests(emulator) == []


# -- --thinking -----------------------------------------------------------------------------
@pytest.mark.parametrize(("model", "level", "effort", "venice"), [
    (THINKER, "high", "high", None),
    (GROK, "low", "low", None),
    (GROK, "off", "none", {"disable_thinking": True}),
    (SMALL, "off", None, {"disable_thinking": True}),
    (THINKER, "adaptive", None, None),
    ("venice/llama-3.3-70b", "off", None, None),  # nothing to switch off
])
def test_levels_reach_the_request(cli: CliRun, emulator: Any, model: str, level: str,
                                  effort: str | None, venice: dict[str, Any] | None) -> None:
    refresh(cli, emulator)
    result = run_chat(cli, emulator, "-m", model, "--thinking", level, "q")
    assert result.code == 0, result.stderr
    sent = body(emulator)
    assert sent.get("reasoning_effort") == effort
    assert sent.get("venice_parameters") == venice


@pytest.mark.parametrize(("model", "level", "message"), [
    (THINKER, "xhigh", f'{THINKER} takes --thinking off|low|medium|high, not "xhigh".'),
    (GROK, "minimal", f'{GROK} takes --thinking off|low|medium|high, not "minimal".'),
    (SMALL, "low", f"{SMALL} reasons at a fixed level; it takes no --thinking level."),
    ("venice/llama-3.3-70b", "low", "venice/llama-3.3-70b does not reason, so it takes no "
     "thinking level; pick a reasoning model (openclaw models list --capability "
     "reasoning)."),
])
def test_levels_the_catalog_rules_out_are_refused(cli: CliRun, emulator: Any, model: str,
                                                  level: str, message: str) -> None:
    refresh(cli, emulator)
    refused(run_chat(cli, emulator, "-m", model, "--thinking", level, "q"), emulator, message)


def test_without_a_catalog_entry_the_level_is_sent(cli: CliRun, emulator: Any) -> None:
    # the built-in list does not know effort support: nothing is refused, Venice decides
    result = run_chat(cli, emulator, "-m", "venice/llama-3.3-70b", "--thinking", "low", "q")
    assert result.code == 0, result.stderr
    assert body(emulator)["reasoning_effort"] == "low"


@pytest.mark.parametrize(("args", "message"), [
    (("--thinking", "extreme"), '--thinking must be one of off, minimal, low, medium, high, '
     'xhigh, max (or adaptive), not "extreme".'),
    (("--thinking", "high", "--disable-thinking"),
     "--disable-thinking and --thinking high cannot be used together."),
])
def test_bad_thinking_flags(cli: CliRun, emulator: Any, args: tuple[str, ...],
                            message: str) -> None:
    refused(run_chat(cli, emulator, *args, "q"), emulator, message)


def test_config_defaults_apply_where_they_fit(cli: CliRun, emulator: Any,
                                              config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"agents": {"defaults": {
        "thinkingDefault": "medium",
        "models": {THINKER: {"params": {"thinking": "high"}},
                   SMALL: {"params": {"thinking": "low"}}}}}}))
    refresh(cli, emulator)
    cases = [(THINKER, "high", ""), (GROK, "medium", ""),  # the model's, else the default
             ("venice/claude-opus-45", None, ""),  # a fixed level: the default does not fit
             ("venice/llama-3.3-70b", None, ""),  # does not reason
             (SMALL, None, f"Note: {SMALL} reasons at a fixed level; it takes no --thinking "
              f'level. Leaving out agents.defaults.models["{SMALL}"].params.thinking.\n')]
    for model, effort, stderr in cases:
        emulator.requests.clear()
        result = run_chat(cli, emulator, "-m", model, "q")
        assert (result.code, result.stderr) == (0, stderr), model
        assert body(emulator).get("reasoning_effort") == effort, model
    emulator.requests.clear()
    flag = run_chat(cli, emulator, "-m", THINKER, "--thinking", "low", "q")
    assert flag.code == 0 and body(emulator)["reasoning_effort"] == "low"  # the flag wins


def test_an_unknown_thinking_default_is_a_config_error(cli: CliRun, emulator: Any,
                                                       config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text('{"agents": {"defaults": {"thinkingDefault": "deep"}}}')
    result = run_chat(cli, emulator, "q")
    assert result.code == 3
    assert result.stderr == (
        f"Error: Invalid config at {config_path}: agents.defaults.thinkingDefault must be one "
        'of off, minimal, low, medium, high, xhigh, adaptive, max, ultra (got "deep")\n')


# -- capability checks -------------------------------------------------------------------------
def test_capabilities_the_catalog_denies_are_refused(cli: CliRun, emulator: Any,
                                                     tmp_path: Path) -> None:
    tools = tmp_path / "tools.json"
    tools.write_text('[{"name": "get_weather", "parameters": {"type": "object"}}]')
    schema = tmp_path / "person.json"
    schema.write_text('{"type": "object", "properties": {"name": {"type": "string"}}}')
    row = next(m for m in emulator.models if m["id"] == "qwen3-next-80b")
    row["model_spec"]["capabilities"]["supportsWebSearch"] = False
    refresh(cli, emulator)
    pick = "Pick one from `openclaw models list --capability {}`."
    cases = [
        (("-m", "venice/hermes-3-llama-3.1-405b", "--tools", str(tools)),
         "venice/hermes-3-llama-3.1-405b does not support function calling (--tools). "
         + pick.format("tools")),
        (("-m", "venice/llama-3.3-70b", "--schema", str(schema)),
         "venice/llama-3.3-70b does not support structured output (--schema). "
         + pick.format("schema")),
        (("-m", "venice/qwen3-next-80b", "--web-search", "auto"),
         "venice/qwen3-next-80b does not support web search (--web-search auto). "
         + pick.format("web-search")),
        (("-m", "venice/deepseek-v3.2", "--max-tokens", "40000"),
         "--max-tokens 40000 is above venice/deepseek-v3.2's limit of 32768 tokens per "
         "answer."),
    ]
    for args, message in cases:
        refused(run_chat(cli, emulator, *args, "q"), emulator, message)
    ok = run_chat(cli, emulator, "-m", "venice/deepseek-v3.2", "--max-tokens", "32768", "q")
    assert ok.code == 0 and body(emulator)["max_completion_tokens"] == 32768


def test_what_the_catalog_does_not_know_is_sent(cli: CliRun, emulator: Any) -> None:
    # built-in list only: its output limit is a guess, so Venice decides (and rejects)
    result = run_chat(cli, emulator, "-m", "venice/deepseek-v3.2", "--max-tokens", "40000",
                      "q")
    assert result.code == 10
    assert result.stderr.startswith("Error: Request rejected (400): max_completion_tokens "
                                    "(40000) exceeds the model's maximum of 32768.")
    assert body(emulator)["max_completion_tokens"] == 40000
