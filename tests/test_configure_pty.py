"""`openclaw configure` in a real pseudo-terminal: the menu, Model/auth -> Venice AI,
Default model, --section model, Ctrl-C, and refusal without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun
from tests.openclaw_schema import assert_openclaw_accepts
from tests.pty_session import (
    COMMENTED_CONFIG,
    ENTER,
    PICKER_ORDER,
    Session,
    read_config,
    write_config,
)

MENU = "What do you want to configure?"
PICKER = "Private (fully private"


def start(emulator: VeniceEmulator, *args: str, **env: str) -> Session:
    return Session("configure", *args, env={"VENICE_BASE_URL": emulator.base_url, **env})


def test_menu_model_auth_then_done(emulator: VeniceEmulator, config_path: Path) -> None:
    ids = PICKER_ORDER
    s = start(emulator, VENICE_API_KEY=TEST_KEY)
    s.expect(MENU)
    s.send(ENTER)  # Model/auth
    s.expect("Model/auth provider")
    s.expect("Venice AI (Privacy-focused (uncensored models))")
    s.send(ENTER)
    s.expect("Venice AI provides privacy-focused inference")
    s.expect("Use existing VENICE_API_KEY (env: VENICE_API_KEY, VENI…nopq)?")
    s.sendline("y")
    s.expect("Key OK")
    s.expect("Store the key in the config file?")
    s.sendline("y")
    s.expect(PICKER)
    s.send("4")
    s.send(ENTER)
    s.expect("Created config: ~/.openclaw/openclaw.json")
    s.expect(MENU)
    s.send("done")
    s.send(ENTER)
    assert s.finish() == 0
    s.assert_no_full_key()
    data = read_config(config_path)
    assert data["env"]["vars"]["VENICE_API_KEY"] == TEST_KEY
    assert_openclaw_accepts(config_path)
    assert data["agents"]["defaults"]["model"]["primary"] == f"venice/{ids[3]}"
    assert data["models"]["providers"]["venice"]["apiKey"] == "${VENICE_API_KEY}"


def test_default_model_only(emulator: VeniceEmulator, config_path: Path) -> None:
    write_config(config_path, COMMENTED_CONFIG)
    s = start(emulator)
    s.expect(MENU)
    s.expect("now venice/qwen3-4b")
    s.send("2")
    s.send(ENTER)
    s.expect(PICKER)
    s.send("venice-uncensored")
    s.send(ENTER)
    s.expect("Default model: venice/venice-uncensored")
    s.expect(MENU)
    s.send("3")
    s.send(ENTER)
    assert s.finish() == 0
    assert "Enter Venice AI API key" not in s.transcript
    data = read_config(config_path)
    assert data["agents"]["defaults"]["model"]["primary"] == "venice/venice-uncensored"
    assert data["gateway"] == {"mode": "local"}
    assert "models" not in data  # only the default model was touched


def test_section_model_jumps_straight_in(emulator: VeniceEmulator, config_path: Path) -> None:
    s = start(emulator, "--section", "web", "--section", "model")
    s.expect('Section "web" is not part of this Venice CLI')
    s.expect("Model/auth provider")
    s.send(ENTER)
    s.expect("Enter Venice AI API key")
    s.sendline(TEST_KEY)
    s.expect("Store the key in the config file?")
    s.sendline("n")
    s.expect(PICKER)
    s.send(ENTER)
    s.expect("Created config")
    assert s.finish() == 0
    s.assert_no_full_key()
    assert MENU not in s.transcript
    assert TEST_KEY not in config_path.read_text()


def test_ctrl_c_in_the_menu_changes_nothing(emulator: VeniceEmulator,
                                            config_path: Path) -> None:
    original = write_config(config_path, COMMENTED_CONFIG)
    s = start(emulator, VENICE_API_KEY=TEST_KEY)
    s.expect(MENU)
    s.send(ENTER)
    s.expect("Model/auth provider")
    s.send(ENTER)
    s.expect("Use existing VENICE_API_KEY")
    s.interrupt()
    s.expect("Cancelled")
    assert s.finish() == 130
    s.assert_no_full_key()
    assert config_path.read_bytes() == original


def test_without_a_terminal_it_refuses(cli: CliRun, config_path: Path) -> None:
    result = cli("configure", env={"VENICE_API_KEY": TEST_KEY})
    assert result.code == 2
    assert "needs a terminal" in result.stderr
    assert TEST_KEY not in result.output
    assert not config_path.exists()


@pytest.mark.parametrize("section", ["nope", "models"])
def test_unknown_section_is_a_usage_error(cli: CliRun, section: str) -> None:
    result = cli("configure", "--section", section)
    assert result.code == 2
    assert f'Unknown --section "{section}"' in result.stderr
    assert "model" in result.stderr
