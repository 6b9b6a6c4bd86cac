"""Smaller things a user noticed in `openclaw chat`: --continue says it continues, and
a second Ctrl-C while an answer is being closed loses nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.helpers import CliRun


def saved_conversations(home: Path) -> list[dict[str, Any]]:
    folder = home / ".local/share/openclaw/conversations"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def test_continue_says_which_conversation_and_how_long(
        cli: CliRun, emulator: Any, isolated_home: Path) -> None:
    first = run_chat(cli, emulator, "first question")
    assert first.code == 0 and "Continuing" not in first.stderr
    conv = saved_conversations(isolated_home)[0]
    again = run_chat(cli, emulator, "--continue", "second question")
    assert again.code == 0, again.stderr
    when = conv["updated"].replace("T", " ").rstrip("Z")[:16]
    assert again.stderr == (f"Continuing conversation {conv['id']} (1 turn, last {when} UTC, "
                            "venice/llama-3.3-70b).\n")
    third = run_chat(cli, emulator, "--conversation", conv["id"], "third")
    assert re.fullmatch(rf"Continuing conversation {conv['id']} \(2 turns, last "
                        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC, venice/llama-3.3-70b\)\.\n",
                        third.stderr)


def test_a_second_ctrl_c_while_the_answer_ends_keeps_the_exchange(
        cli: CliRun, emulator: Any, isolated_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from openclaw_venice_cli.chat import session
    from openclaw_venice_cli.rendering.plain import PlainRenderer

    class SecondCtrlC(PlainRenderer):
        def finish(self) -> None:  # Ctrl-C pressed again while the answer is closed
            raise KeyboardInterrupt

    monkeypatch.setattr(session, "make_renderer",
                        lambda env, **_: SecondCtrlC(env))
    result = run_chat(cli, emulator, "keep me")
    assert result.code == 130
    assert len(chat_requests(emulator)) == 1
    [conv] = saved_conversations(isolated_home)
    assert conv["messages"] == [
        {"role": "user", "content": "keep me"},
        {"role": "assistant", "content": "Hello! How can I help you today?"}]
