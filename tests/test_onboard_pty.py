"""`openclaw onboard` (Option B) in a real pseudo-terminal: hidden key, env key, model
picker by arrows / number / id, rejected key, offline check, Ctrl-C at every prompt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY
from tests.openclaw_schema import assert_openclaw_accepts
from tests.pty_session import (
    COMMENTED_CONFIG,
    DOWN,
    ENTER,
    PICKER_ORDER,
    REJECTED_KEY,
    Session,
    closed_port_url,
    read_config,
    write_config,
)

KEY_PROMPT = "Enter Venice AI API key"
PICKER = "Private (fully private"
STORE = "Store the key in the config file?"


def start(emulator: VeniceEmulator | None, *args: str, **env: str) -> Session:
    base = {"VENICE_BASE_URL": emulator.base_url} if emulator is not None else {}
    return Session("onboard", *args, env={**base, **env})


def test_typed_key_is_hidden_and_the_seed_shape_is_written(
        emulator: VeniceEmulator, config_path: Path) -> None:
    s = start(emulator, "--auth-choice", "venice-api-key")
    s.expect("Venice AI provides privacy-focused inference with uncensored models.")
    s.expect(KEY_PROMPT)
    s.sendline(TEST_KEY)
    s.expect("Key OK: tier paid · balance $50.23, 100.02 DIEM")
    s.expect(STORE)
    s.sendline("")
    s.expect(PICKER)
    s.send(ENTER)  # the proposed default: llama-3.3-70b
    s.expect("Created config: ~/.openclaw/openclaw.json")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert "VENI…nopq" in s.transcript  # the masked form only
    data = read_config(config_path)
    assert data["env"] == {"vars": {"VENICE_API_KEY": TEST_KEY}}
    assert_openclaw_accepts(config_path)
    assert data["models"]["providers"]["venice"] == {
        "baseUrl": "https://api.venice.ai/api/v1", "apiKey": "${VENICE_API_KEY}",
        "api": "openai-completions"}
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/llama-3.3-70b"


def test_empty_input_and_pasted_lines_are_handled(emulator: VeniceEmulator,
                                                  config_path: Path) -> None:
    s = start(emulator, "--auth-choice", "venice-api-key", "--model", "venice/qwen3-4b")
    s.expect(KEY_PROMPT)
    s.sendline("")
    s.expect("Required")
    s.expect(KEY_PROMPT)
    s.sendline(f"openclaw onboard --venice-api-key {TEST_KEY}")
    s.expect("Paste the API key value, not an OpenClaw onboarding command.")
    s.expect(KEY_PROMPT)
    s.sendline(f'export VENICE_API_KEY="{TEST_KEY}";')
    s.expect("Key OK")
    s.expect(STORE)
    s.sendline("y")
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    data = read_config(config_path)
    assert data["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY  # stripped to the bare key
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/qwen3-4b"


def test_env_key_is_offered_masked_and_ref_mode_stores_none(
        emulator: VeniceEmulator, config_path: Path) -> None:
    s = start(emulator, "--auth-choice", "venice-api-key", VENICE_API_KEY=TEST_KEY)
    s.expect("Use existing VENICE_API_KEY (env: VENICE_API_KEY, VENI…nopq)? [Y/n]")
    s.sendline("y")
    s.expect("Key OK")
    s.expect(STORE)
    s.sendline("n")
    s.expect(PICKER)
    s.send(ENTER)
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert KEY_PROMPT not in s.transcript
    text = config_path.read_text()
    assert TEST_KEY not in text
    assert read_config(config_path)["models"]["providers"]["venice"]["apiKey"] == \
        "${VENICE_API_KEY}"


@pytest.mark.parametrize(("typed", "wanted"), [
    ("opus", "claude-opus-45"), ("coder", "qwen3-coder-480b-a35b-instruct"),
    ("GPT", "openai-gpt-4o-mini-2024-07-18")])
def test_picker_matches_part_of_an_id(emulator: VeniceEmulator, config_path: Path,
                                      typed: str, wanted: str) -> None:
    first_gpt = next(i for i in PICKER_ORDER if "gpt" in i)  # several match: the first
    # of them is highlighted
    wanted = first_gpt if typed == "GPT" else wanted
    s = start(emulator, "--auth-choice", "venice-api-key", "--secret-input-mode", "ref",
              VENICE_API_KEY=TEST_KEY)
    s.expect("Use existing VENICE_API_KEY")
    s.sendline("")
    s.expect(PICKER)
    s.send("zzz")
    s.send(ENTER)  # no row matches: the message stands apart from what was typed
    s.expect('  > zzz  \x1b[31mNo option matches "zzz". Type a number, or part of a listed id.')
    s.send("\x15")  # Ctrl-U clears the typed text
    s.send(typed)
    s.send(ENTER)
    s.expect(f"Default model: venice/{wanted}")
    assert s.finish() == 0
    assert read_config(config_path)["agents"]["defaults"]["model"]["primary"] == \
        f"venice/{wanted}"


@pytest.mark.parametrize("how", ["arrows", "number", "id"])
def test_model_picker(emulator: VeniceEmulator, config_path: Path, how: str) -> None:
    ids = PICKER_ORDER
    start_at = ids.index("llama-3.3-70b")
    s = start(emulator, "--auth-choice", "venice-api-key", "--secret-input-mode", "plaintext",
              VENICE_API_KEY=TEST_KEY)
    s.expect("Use existing VENICE_API_KEY")
    s.sendline("")
    s.expect(PICKER)
    if how == "arrows":
        s.send(DOWN)
        s.send(DOWN)
        s.send("\x1b[A")
        s.send(ENTER)
        wanted = ids[start_at + 1]
    elif how == "number":
        s.send("3")
        s.send(ENTER)
        wanted = ids[2]
    else:
        s.send("deepseek-v3.2")
        s.send(ENTER)
        wanted = "deepseek-v3.2"
    s.expect(f"Default model: venice/{wanted}")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert read_config(config_path)["agents"]["defaults"]["model"]["primary"] == \
        f"venice/{wanted}"


def test_numbered_fallback_on_a_dumb_terminal(emulator: VeniceEmulator,
                                              config_path: Path) -> None:
    ids = PICKER_ORDER
    s = start(emulator, "--auth-choice", "venice-api-key", "--secret-input-mode", "ref",
              VENICE_API_KEY=TEST_KEY, TERM="dumb")
    s.expect("Use existing VENICE_API_KEY")
    s.sendline("y")
    s.expect(f"Choose 1-{len(ids)} or an id")
    s.sendline("999")
    s.expect(f"No option 999: choose 1-{len(ids)}, or type part of an id.")
    s.sendline("gpt")  # part of several ids: ask for more
    gpt = [i for i in ids if "gpt" in i]
    s.expect(f'"gpt" matches {len(gpt)} options; type more of the id, or a number.')
    s.sendline("2")
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert "\x1b[" not in s.transcript  # no colour, no cursor movement
    # The whole menu, in the picker's order, under its two group headings.
    lines = s.transcript.replace("\r", "").splitlines()
    menu = [line.split()[:2] for line in lines if re.match(r"\s+\d+\) ", line)]
    assert menu == [[f"{n})", model_id] for n, model_id in enumerate(ids, 1)]
    private = lines.index("  Private (fully private, no logging)")
    anonymized = lines.index("  Anonymized (via Venice's proxy)")
    assert lines[private + 1].split()[:2] == ["1)", "llama-3.3-70b"]
    assert lines[anonymized - 1].split()[:2] == ["16)", "zai-org-glm-4.7"]
    assert read_config(config_path)["agents"]["defaults"]["model"]["primary"] == \
        f"venice/{ids[1]}"


def test_rejected_key_then_re_enter(emulator: VeniceEmulator, config_path: Path) -> None:
    s = start(emulator, "--auth-choice", "venice-api-key", "--model", "llama-3.3-70b")
    s.expect(KEY_PROMPT)
    s.sendline(REJECTED_KEY)
    s.expect("The key was rejected by Venice (401 Authentication failed).")
    s.expect("What now?")
    s.send(ENTER)  # "Enter a different key"
    s.expect(KEY_PROMPT)
    s.sendline(TEST_KEY)
    s.expect("Key OK")
    s.expect(STORE)
    s.sendline("")
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert read_config(config_path)["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY


def test_rejected_key_can_be_kept(emulator: VeniceEmulator, config_path: Path) -> None:
    s = start(emulator, "--auth-choice", "venice-api-key", "--model", "llama-3.3-70b")
    s.expect(KEY_PROMPT)
    s.sendline(REJECTED_KEY)
    s.expect("What now?")
    s.send("keep")
    s.send(ENTER)
    s.expect(STORE)
    s.sendline("y")
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert read_config(config_path)["env"]["vars"]["VENICE_API_KEY"] == REJECTED_KEY


def test_offline_check_carries_on_with_the_built_in_list(config_path: Path) -> None:
    s = Session("onboard", "--auth-choice", "venice-api-key",
                env={"VENICE_BASE_URL": closed_port_url()})
    s.expect(KEY_PROMPT)
    s.sendline(TEST_KEY)
    s.expect("Could not check the key (")
    s.expect("continuing.")
    s.expect(STORE)
    s.sendline("y")
    s.expect("25 Venice models (from the built-in list).")
    s.expect(PICKER)
    s.send("claude-opus-45")
    s.send(ENTER)
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert read_config(config_path)["agents"]["defaults"]["model"]["primary"] == \
        "venice/claude-opus-45"


def test_no_flags_asks_for_the_auth_choice(emulator: VeniceEmulator,
                                           config_path: Path) -> None:
    s = start(emulator, VENICE_API_KEY=TEST_KEY)
    s.expect("Model/auth provider")
    s.expect("Venice AI API key")
    s.send("2")  # Skip for now
    s.send(ENTER)
    s.expect("Skipped auth setup; the config was not changed.")
    assert s.finish() == 0
    assert not config_path.exists()
    s.assert_no_full_key()


def test_existing_default_is_proposed(emulator: VeniceEmulator, config_path: Path) -> None:
    write_config(config_path, COMMENTED_CONFIG)
    s = start(emulator, "--auth-choice", "venice-api-key", VENICE_API_KEY=TEST_KEY)
    s.expect("Use existing VENICE_API_KEY")
    s.sendline("y")
    s.expect(STORE)
    s.sendline("y")
    s.expect(PICKER)
    s.send(ENTER)
    s.expect("Config write will strip JSON5 comments")
    assert s.finish() == 0
    s.assert_no_full_key()
    data = read_config(config_path)
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/qwen3-4b"
    assert data["gateway"] == {"mode": "local"}


STAGES = ["auth-choice", "use-existing", "key", "rejected", "store", "model"]


@pytest.mark.parametrize("stage", STAGES)
def test_ctrl_c_leaves_the_config_byte_identical(emulator: VeniceEmulator, config_path: Path,
                                                 stage: str) -> None:
    original = write_config(config_path, COMMENTED_CONFIG)
    env = {"VENICE_API_KEY": TEST_KEY} if stage == "use-existing" else {}
    args = () if stage == "auth-choice" else ("--auth-choice", "venice-api-key")
    s = start(emulator, *args, **env)
    if stage == "auth-choice":
        s.expect("Model/auth provider")
        s.expect("Skip for now")
        s.expect("  > ")  # the menu's input line: drawn last, once keys are read
    elif stage == "use-existing":
        s.expect("Use existing VENICE_API_KEY")
    else:
        s.expect(KEY_PROMPT)
        if stage == "key":
            s.send(TEST_KEY[:10])  # half typed
        else:
            s.sendline(REJECTED_KEY if stage == "rejected" else TEST_KEY)
            s.expect({"rejected": "What now?", "store": STORE, "model": STORE}[stage])
            if stage == "model":
                s.sendline("y")
                s.expect(PICKER)
                s.send(DOWN)
    s.interrupt()
    s.expect("Cancelled; the config was not changed.")
    assert s.finish() == 130
    s.assert_no_full_key()
    assert config_path.read_bytes() == original
    assert list(config_path.parent.glob("*.bak*")) == []
