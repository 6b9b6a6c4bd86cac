"""Venice answers and headers `chat` now reads: content-filter stops, deprecation
warnings, the compatibility mapping, prompt caching, sampling flags and long
conversations, all through the emulator (request bodies checked against the OpenAPI)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chat_support import chat_env, chat_requests, run_chat
from tests.emulator.bodies import named_error
from tests.emulator.scenarios import prompt_tokens
from tests.helpers import TEST_KEY, CliRun
from tests.openapi import request_errors

CF_RAY = "(CF-RAY 988d6fc23956b871-GRU)"


def refresh(cli: CliRun, emulator: Any) -> None:
    result = cli("models", "list", "--refresh", "--plain", env=chat_env(emulator))
    assert result.code == 0, result.output


def bodies(emulator: Any) -> list[dict[str, Any]]:
    sent = [r.json for r in chat_requests(emulator)]
    assert all(request_errors("/chat/completions", body) == [] for body in sent)
    return sent


def saved(home: Path) -> list[dict[str, Any]]:
    folder = home / ".local/share/openclaw/conversations"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


# -- content filter ---------------------------------------------------------------------------
@pytest.mark.parametrize("stream", [True, False])
def test_a_filtered_answer_says_so_with_exit_12(cli: CliRun, emulator: Any,
                                                stream: bool) -> None:
    emulator.set_scenario("plain", text="", finish_reason="content_filter")
    result = run_chat(cli, emulator, *(() if stream else ("--no-stream",)), "q")
    assert (result.code, result.stdout) == (12, "")
    assert result.stderr == (
        "Error: The provider's content filter stopped the answer of venice/llama-3.3-70b "
        "(no answer was returned). Rephrase the prompt, or try a private model (openclaw "
        f"models list --privacy private). {CF_RAY}\n")


def test_a_partly_filtered_answer_is_kept(cli: CliRun, emulator: Any,
                                          isolated_home: Path) -> None:
    emulator.set_scenario("plain", text="The first part", finish_reason="content_filter")
    result = run_chat(cli, emulator, "q")
    assert (result.code, result.stdout) == (12, "The first part\n")
    assert "(the part before it is shown and saved)" in result.stderr
    assert saved(isolated_home)[0]["messages"][-1]["content"] == "The first part"


def test_an_in_stream_provider_block_is_exit_12(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("inband-error", type="content_filter_error",
                          code="content_blocked_by_provider", message="Blocked upstream")
    result = run_chat(cli, emulator, "q")
    assert (result.code, result.stdout) == (12, "Partial answer\n")
    assert result.stderr == ("Error: The provider's content filter stopped the answer: "
                             f"Blocked upstream [content_blocked_by_provider] {CF_RAY}\n")


# -- deprecation headers -------------------------------------------------------------------------
def test_deprecation_headers_are_one_warning(cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("plain", deprecation_warning="This model is being retired.",
                          replacement="llama-3.2-3b")
    result = run_chat(cli, emulator, "q")
    assert (result.code, result.stdout) == (0, "Hello! How can I help you today?\n")
    assert result.stderr == (
        "Warning: venice/llama-3.3-70b is deprecated: This model is being retired (until "
        "2026-09-24; replacement: venice/llama-3.2-3b).\n")


def test_a_deprecated_catalog_model_warns_from_its_headers(cli: CliRun,
                                                          emulator: Any) -> None:
    row = next(m for m in emulator.models if m["id"] == "qwen3-next-80b")
    row["model_spec"]["deprecation"] = {"date": "2026-10-01T00:00:00.000Z", "autoRemap": True,
                                        "replacementModelId": "qwen3-235b-a22b-instruct-2507"}
    result = run_chat(cli, emulator, "-m", "venice/qwen3-next-80b", "--no-stream", "q")
    assert result.code == 0
    assert result.stderr == (
        "Warning: venice/qwen3-next-80b is deprecated: This model is deprecated and will be "
        "removed on 2026-10-01 (until 2026-10-01; replacement: "
        "venice/qwen3-235b-a22b-instruct-2507).\n")


# -- compatibility mapping ------------------------------------------------------------------------
def renamed_opus(emulator: Any) -> None:
    """Venice renamed claude-opus-45: the old id is gone from /models, kept in the map."""
    old = next(m for m in emulator.models if m["id"] == "claude-opus-45")
    new = copy.deepcopy(old)
    new["id"] = "claude-opus-4-5"
    emulator.models = [m for m in emulator.models if m["id"] != "claude-opus-45"] + [new]
    emulator.compatibility = {"claude-opus-45": "claude-opus-4-5", "gpt-4o": "llama-3.3-70b"}


def test_a_retired_id_reaches_its_new_name(cli: CliRun, emulator: Any) -> None:
    renamed_opus(emulator)
    refresh(cli, emulator)
    result = run_chat(cli, emulator, "-m", "venice/claude-opus-45", "--thinking", "off", "q")
    assert result.code == 0, result.stderr
    assert result.stderr == ("venice/claude-opus-45 is now venice/claude-opus-4-5 (Venice's "
                             "compatibility mapping); sending that.\n")
    assert bodies(emulator)[-1]["model"] == "claude-opus-4-5"


def test_models_list_shows_the_mapping(cli: CliRun, emulator: Any) -> None:
    renamed_opus(emulator)
    refresh(cli, emulator)
    env = chat_env(emulator)
    table = cli("models", "list", env=env).stdout.splitlines()
    opus = next(line for line in table if line.startswith("venice/claude-opus-4-5 "))
    assert opus.split()[-1] == "anonymized,compat:claude-opus-45"
    llama = next(line for line in table if line.startswith("venice/llama-3.3-70b "))
    assert llama.split()[-1] == "default,private,compat:gpt-4o"
    rows = {m["key"]: m for m in json.loads(cli("models", "list", "--json", env=env).stdout)[
        "models"]}
    assert rows["venice/claude-opus-4-5"]["compatibilityIds"] == ["claude-opus-45"]
    assert rows["venice/qwen3-4b"]["compatibilityIds"] == []


def test_the_mapping_is_cached_with_the_catalog(cli: CliRun, emulator: Any) -> None:
    renamed_opus(emulator)
    refresh(cli, emulator)
    emulator.compatibility = {}  # a fresh cache answers without asking again
    emulator.requests.clear()
    result = run_chat(cli, emulator, "-m", "venice/claude-opus-45", "q")
    assert result.code == 0 and bodies(emulator)[-1]["model"] == "claude-opus-4-5"
    assert [r.path for r in emulator.requests] == ["/api/v1/chat/completions"]


def test_models_set_takes_a_retired_id_with_a_note(cli: CliRun, emulator: Any,
                                                    config_path: Any) -> None:
    renamed_opus(emulator)
    refresh(cli, emulator)
    emulator.requests.clear()
    result = cli("models", "set", "venice/claude-opus-45", env=chat_env(emulator))
    assert result.code == 0, result.stderr
    assert result.stderr == ('Note: Venice now calls "venice/claude-opus-45" '
                             '"venice/claude-opus-4-5"; the old id keeps working and was '
                             "saved as given.\n")
    assert json.loads(config_path.read_text())["agents"]["defaults"]["model"] == {
        "primary": "venice/claude-opus-45"}
    assert emulator.requests == []  # models set never touches the network


# -- prompt caching, sampling ---------------------------------------------------------------------
def test_the_conversation_id_is_the_cache_key_and_cached_tokens_are_shown(
        cli: CliRun, emulator: Any, isolated_home: Path) -> None:
    first = run_chat(cli, emulator, "--usage", "first question")
    assert first.code == 0
    conv_id = saved(isolated_home)[0]["id"]
    assert bodies(emulator)[0]["prompt_cache_key"] == conv_id
    assert " in, " in first.stderr and "cached" not in first.stderr  # nothing cached yet
    again = run_chat(cli, emulator, "--continue", "--usage", "second question")
    assert again.code == 0
    sent = bodies(emulator)
    assert sent[1]["prompt_cache_key"] == conv_id
    cached = prompt_tokens(sent[0])  # the emulator caches the earlier prompt of the key
    line = again.stderr.splitlines()[-1]
    assert line.startswith(f"Tokens: {prompt_tokens(sent[1])} in ({cached} cached), 4 out · ")


def test_other_providers_get_no_cache_key(cli: CliRun, emulator: Any,
                                          config_path: Path) -> None:
    config_path.parent.mkdir(mode=0o700)
    config_path.write_text(json.dumps({"models": {"providers": {"local": {
        "baseUrl": emulator.base_url, "api": "openai-completions", "apiKey": TEST_KEY}}}}))
    assert run_chat(cli, emulator, "-m", "local/llama-3.3-70b", "q").code == 0
    assert "prompt_cache_key" not in bodies(emulator)[-1]


def test_sampling_flags(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--top-p", "0.9", "--seed", "42", "--stop", "END",
                      "--stop", "\n\n", "q")
    assert result.code == 0, result.stderr
    sent = bodies(emulator)[-1]
    assert (sent["top_p"], sent["seed"], sent["stop"]) == (0.9, 42, ["END", "\n\n"])


@pytest.mark.parametrize(("args", "message"), [
    (("--top-p", "1.5"), "--top-p must be between 0 and 1."),
    (("--seed", "0"), "--seed must be a positive integer."),
    (("--stop", "a", "--stop", "b", "--stop", "c", "--stop", "d", "--stop", "e"),
     "--stop can be given at most 4 times (Venice's limit)."),
    (("--stop", ""), "--stop needs a non-empty text."),
])
def test_sampling_flag_errors(cli: CliRun, emulator: Any, args: tuple[str, ...],
                              message: str) -> None:
    result = run_chat(cli, emulator, *args, "q")
    assert (result.code, result.stderr) == (2, f"Error: {message}\n")
    assert chat_requests(emulator) == []


# -- long conversations ---------------------------------------------------------------------------
def test_old_turns_are_left_out_when_the_window_is_full(cli: CliRun, emulator: Any,
                                                        isolated_home: Path) -> None:
    row = next(m for m in emulator.models if m["id"] == "llama-3.3-70b")
    row["model_spec"]["availableContextTokens"] = 4000
    refresh(cli, emulator)
    history = []
    for i in range(8):  # eight long turns, about 8 x 1,000 tokens by any count
        history += [{"role": "user", "content": f"question {i} " + "word " * 700},
                    {"role": "assistant", "content": f"answer {i} " + "text " * 100}]
    folder = isolated_home / ".local/share/openclaw/conversations"
    folder.mkdir(parents=True, mode=0o700)
    conv = {"id": "20260101-000000-abcd", "model": "venice/llama-3.3-70b",
            "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z",
            "status": "ok", "messages": history}
    (folder / "20260101-000000-abcd.json").write_text(json.dumps(conv))
    # the oracle: the whole history is too long for this server
    whole = {"model": "llama-3.3-70b",
             "messages": [*history, {"role": "user", "content": "next"}]}
    direct = httpx.post(emulator.base_url + "/chat/completions", json=whole,
                        headers={"Authorization": f"Bearer {TEST_KEY}"})
    assert (direct.status_code, direct.json()) == (400, named_error("400_context_length")[2])
    emulator.requests.clear()
    result = run_chat(cli, emulator, "--continue", "next")
    assert result.code == 0, result.stderr
    sent = bodies(emulator)[-1]["messages"]
    kept = (len(sent) - 1) // 2  # whole turns, newest first to go last
    assert sent == [*history[len(history) - 2 * kept:], {"role": "user", "content": "next"}]
    dropped = 8 - kept
    assert 0 < dropped < 8
    assert f"the oldest {dropped} turns stay saved but are left out of this request" in (
        result.stderr)
    assert len(saved(isolated_home)[0]["messages"]) == 18  # nothing lost on disk
