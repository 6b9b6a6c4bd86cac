"""`openclaw chat` in a real pseudo-terminal (pexpect): live Markdown, Ctrl-C, the REPL."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import pexpect

from tests.chat_support import chat_env, chat_requests
from tests.helpers import TEST_KEY
from tests.vt import VirtualTerminal

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


def spawn(emulator: Any, *args: str) -> pexpect.spawn:
    env = {**os.environ, **chat_env(emulator)}
    return pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "chat", *args],
                         env=env, encoding="utf-8", dimensions=(24, 80), timeout=30)


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    output = ANSI.sub("", child.before or "")
    assert "Traceback" not in output
    assert TEST_KEY not in output
    return output


def test_markdown_is_rendered_live_on_a_terminal(emulator: Any) -> None:
    emulator.set_scenario(
        "plain", text="# Heading\n\nSome **bold** text and `code`.\n\n- one\n- two")
    child = spawn(emulator, "q")
    output = finish(child)
    assert child.exitstatus == 0
    assert "Heading" in output and "bold" in output and "one" in output
    assert "**" not in output and "`code`" not in output


def test_raw_on_a_terminal_is_the_text_as_received(emulator: Any) -> None:
    emulator.set_scenario("plain", text="Some **bold** text")
    child = spawn(emulator, "--raw", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert child.before == "Some **bold** text\r\n"


def test_reasoning_is_shown_dimmed_on_a_terminal_and_hidden_on_request(emulator: Any) -> None:
    emulator.set_scenario("reasoning")
    child = spawn(emulator, "q")
    child.expect(pexpect.EOF)
    child.close()
    raw = child.before
    assert "\x1b[2m" in raw
    text = ANSI.sub("", raw)
    assert text.index("The user wants") < text.index("15% of 240 is")
    hidden = spawn(emulator, "--hide-thinking", "q")
    output = finish(hidden)
    assert "The user wants" not in output and "15% of 240 is" in output


def test_ctrl_c_while_streaming_keeps_the_partial_answer_and_exits_130(emulator: Any) -> None:
    emulator.set_scenario("stall", text="Alpha beta gamma delta epsilon zeta")
    child = spawn(emulator, "q")
    child.expect("Alpha beta")
    seen = child.before + child.after
    child.sendintr()
    output = finish(child)
    assert child.exitstatus == 130
    # What stays on the screen (the live row is printed for good, not reprinted).
    term = VirtualTerminal(80, 24)
    term.write((seen + child.before).replace("\r\n", "\n"))
    rows = term.transcript()
    assert rows[0].startswith("Alpha beta") and rows[-1].endswith("Interrupted.")
    assert "Interrupted" in output


def test_repl_two_turns_model_clear_ctrl_c_and_ctrl_d(
    emulator: Any, isolated_home: Path
) -> None:
    child = spawn(emulator)
    child.expect("/help for commands")
    child.expect("> ")
    emulator.set_scenario("plain", text="First answer.")
    child.sendline("question one")
    child.expect("First answer")
    child.expect("> ")

    emulator.set_scenario("plain", text="Second answer.")
    child.sendline("question two")
    child.expect("Second answer")
    child.expect("> ")
    sent = chat_requests(emulator)[-1].json["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"] == "First answer."

    child.send("half typed")
    child.expect("half typed")  # readline has the text (its echo), so ^C reaches readline
    child.sendintr()  # Ctrl-C at the prompt clears the line
    child.expect("> ")  # the fresh prompt: the tty flushes input typed before it (no NOFLSH)
    child.sendline("/model venice/qwen3-4b")
    child.expect("Model: venice/qwen3-4b")
    child.expect("> ")
    child.sendline("/clear")
    child.expect("Conversation cleared")
    child.expect("> ")
    emulator.set_scenario("plain", text="Third answer.")
    child.sendline("question three")
    child.expect("Third answer")
    child.expect("> ")
    body = chat_requests(emulator)[-1].json
    assert body["model"] == "qwen3-4b"
    assert [m["role"] for m in body["messages"]] == ["user"]

    emulator.set_scenario("stall", text="Alpha beta gamma delta epsilon zeta")
    child.sendline("a long one")
    child.expect("Alpha beta")
    child.sendintr()  # Ctrl-C during an answer stops it and keeps the REPL
    child.expect("answer stopped")
    child.expect("> ")
    emulator.reset()
    emulator.set_scenario("plain", text="Still here.")
    child.sendline("/help")
    child.expect("/system")
    child.sendline("are you there?")
    child.expect("Still here")
    child.expect("> ")
    assert chat_requests(emulator)[-1].json["messages"][0]["content"] == "question three"

    child.sendeof()
    finish(child)
    assert child.exitstatus == 0
    history = isolated_home / ".local/share/openclaw/chat_history"
    assert stat.S_IMODE(history.stat().st_mode) == 0o600
    assert "question one" in history.read_text()
