"""The REPL's input in a real pseudo-terminal: a paste is one message, triple-quoted
blocks and /multi, /edit with a scripted $EDITOR, /image, bare exit/quit, /model checked
at once, and what several turns share (one deprecation warning, one cache key)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pexpect

from tests.chat_support import chat_env, chat_requests
from tests.emulator.scenarios import prompt_tokens
from tests.helpers import TEST_KEY, CliRun
from tests.openapi import request_errors

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"


def repl(emulator: Any, *args: str, **env: str) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "chat", *args],
                          env={**os.environ, **chat_env(emulator), **env}, encoding="utf-8",
                          dimensions=(24, 100), timeout=30)
    child.logfile_read = io.StringIO()  # the whole transcript
    child.expect_exact("/help for commands")
    child.expect_exact("> ")
    return child


def answered(child: pexpect.spawn, text: str = "Noted.") -> None:
    child.expect_exact(text)
    child.expect_exact("> ")


def leave(child: pexpect.spawn, how: str = "exit") -> str:
    child.sendline(how)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output = child.before or ""
    assert "Traceback" not in output and TEST_KEY not in output
    return output


def sent(emulator: Any) -> list[dict[str, Any]]:
    bodies = [r.json for r in chat_requests(emulator)]
    assert all(request_errors("/chat/completions", b) == [] for b in bodies)
    return bodies


def last_text(emulator: Any) -> Any:
    return sent(emulator)[-1]["messages"][-1]["content"]


def test_a_paste_of_several_lines_is_one_message(emulator: Any) -> None:
    emulator.set_scenario("plain", text="Noted.")
    child = repl(emulator)
    assert PASTE_ON in (child.before or "")  # bracketed paste mode on before the prompt
    # a terminal sends a paste's line ends as CR, between the paste markers
    child.send("\x1b[200~first line\rsecond line\rthird line\x1b[201~")
    child.send("\r")
    answered(child)
    assert len(chat_requests(emulator)) == 1
    assert last_text(emulator) == "first line\nsecond line\nthird line"
    assert PASTE_OFF in leave(child)  # and off again when the REPL ends


def test_triple_quoted_blocks_and_multi(emulator: Any) -> None:
    emulator.set_scenario("plain", text="Noted.")
    child = repl(emulator)
    child.sendline('"""')
    child.expect_exact("... ")
    child.sendline("line a")
    child.sendline("  line b")
    child.sendline('last line"""')
    answered(child)
    assert last_text(emulator) == "line a\n  line b\nlast line"
    child.sendline('"""just one"""')
    answered(child)
    assert last_text(emulator) == "just one"
    child.sendline("/multi")
    child.expect_exact("... ")
    child.sendline("/not a command inside a block")
    child.sendline('"""')
    answered(child)
    assert last_text(emulator) == "/not a command inside a block"
    child.sendline('"""')
    child.expect_exact("... ")
    child.sendline("dropped")
    child.expect_exact("... ")
    child.send("half")
    child.expect_exact("half")  # readline is reading (its echo), so ^C reaches it
    child.sendintr()  # Ctrl-C drops the block being typed
    child.expect_exact("> ")
    leave(child, "quit")
    assert len(chat_requests(emulator)) == 3


def test_edit_opens_the_editor_and_sends_what_it_saved(emulator: Any, tmp_path: Path) -> None:
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\ncp "$1" "{seen}"\n'
                      "printf 'from the editor\\nsecond line\\n' > \"$1\"\n")
    editor.chmod(0o700)
    failing = tmp_path / "failing.sh"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o700)
    emulator.set_scenario("plain", text="Noted.")
    child = repl(emulator, EDITOR=str(editor), VISUAL="")
    child.sendline("/edit a draft")
    answered(child)
    assert seen.read_text() == "a draft"  # the editor got the start text
    assert last_text(emulator) == "from the editor\nsecond line\n"
    leave(child)
    child = repl(emulator, EDITOR=f"{failing} --wait")
    child.sendline("/edit")
    child.expect_exact("Error: The editor exited with status 3; nothing was sent.")
    child.expect_exact("> ")
    leave(child)
    assert len(chat_requests(emulator)) == 1


def test_image_attaches_to_the_next_message(emulator: Any, tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(PNG)
    emulator.set_scenario("plain", text="Noted.")
    child = repl(emulator, "-m", "venice/qwen3-vl-235b-a22b")
    child.sendline(f"/image {tmp_path}/missing.png")
    child.expect_exact(f"Error: Image not found: {tmp_path}/missing.png")
    child.sendline(f"/image {image}")
    child.expect_exact(f"Attached {image} (1 image waiting); it goes with your next message.")
    child.sendline("what is in it?")
    answered(child)
    parts = last_text(emulator)
    assert parts[0] == {"type": "text", "text": "what is in it?"}
    assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")
    child.sendline(f'/image "{image}" and this one?')  # with text: sent at once
    answered(child)
    assert last_text(emulator)[0]["text"] == "and this one?"
    child.sendline("no image now")
    answered(child)
    assert last_text(emulator) == "no image now"
    child.sendline("/model venice/llama-3.3-70b")
    child.expect_exact("Model: venice/llama-3.3-70b")
    child.sendline(f"/image {image}")
    child.expect_exact("Error: venice/llama-3.3-70b does not accept images (no vision).")
    leave(child)
    assert len(chat_requests(emulator)) == 3


def test_bare_exit_and_quit_leave_without_sending(emulator: Any) -> None:
    for word in ("exit", "quit", "  Exit  "):
        child = repl(emulator)
        leave(child, word)
    assert chat_requests(emulator) == []


def test_model_is_checked_at_once(cli: CliRun, emulator: Any) -> None:
    assert cli("models", "list", "--refresh", env=chat_env(emulator)).code == 0
    emulator.set_scenario("plain", text="Noted.")
    child = repl(emulator)
    child.sendline("/model venice/nope")
    child.expect_exact("Error: Unknown model venice/nope: Venice does not list it. See "
                       "`openclaw models list` (or `openclaw models list --refresh` for "
                       "models added since).")
    child.sendline("/model")
    child.expect_exact("Model: venice/llama-3.3-70b")
    child.sendline("still here?")
    answered(child)
    assert sent(emulator)[-1]["model"] == "llama-3.3-70b"
    leave(child)


def test_turns_share_one_warning_and_one_cache_key(emulator: Any) -> None:
    emulator.set_scenario("plain", text="Noted.", deprecation_warning="Going away.")
    child = repl(emulator, "--usage")
    child.sendline("one")
    answered(child)
    child.sendline("two")
    child.expect_exact("Noted.")
    child.expect(r"Tokens: \d+ in \((\d+) cached\), \d+ out")
    cached = int(child.match.group(1))
    child.expect_exact("> ")
    leave(child)
    transcript = child.logfile_read.getvalue()
    assert transcript.count("is deprecated") == 1  # once per run, not per turn
    assert "Warning: venice/llama-3.3-70b is deprecated: Going away (until 2026-09-24)." in (
        transcript)
    first, second = sent(emulator)
    assert first["prompt_cache_key"] == second["prompt_cache_key"]
    assert cached == prompt_tokens(first)  # the emulator's count of the earlier prompt


def test_paste_markers_are_joined_without_readline() -> None:
    """Where readline cannot collect a paste (libedit, input that is not the terminal),
    the markers are parsed: the lines between them are one message."""
    from openclaw_venice_cli.chat.lines import LineReader, block_start
    from openclaw_venice_cli.environment import Environment

    typed = ("\x1b[200~first\nsecond\n\nfourth\x1b[201~\nnext\n"
             '"""\nblock line\n"""\n\x1b[200~never closed\n')
    env = Environment(stdin=io.StringIO(typed), stdout=io.StringIO(), stderr=io.StringIO(),
                      environ={}, stdin_isatty=True, stdout_isatty=False, stderr_isatty=False)
    reader = LineReader(env)
    assert reader.read() == "first\nsecond\n\nfourth"
    assert reader.read() == "next"
    opened = block_start(reader.read())
    assert opened == "" and reader.read_block(opened) == "block line"
    assert reader.read() == "never closed"  # end of input ends the paste
