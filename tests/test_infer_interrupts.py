"""Real processes: Ctrl-C during a generation leaves nothing behind (exit 130), and a
terminal shows a spinner with the elapsed time on stderr that is erased afterwards.

Synchronisation is on observable state (the emulator has the request, a temp file exists,
text on the pty), never on time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.chat_support import chat_env
from tests.emulator import VeniceEmulator
from tests.infer_support import leftovers, requests_to
from tests.pty_session import Session
from tests.test_interrupts import interrupt, start, wait_until

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")
GENERATE = ("infer", "image", "generate", "--prompt", "a slow lighthouse")


def _workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"  # tmp_path also holds the isolated home
    work.mkdir()
    return work


def test_ctrl_c_while_the_server_thinks(emulator: VeniceEmulator, tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_delay=60)
    work = _workdir(tmp_path)
    out = work / "light.webp"
    proc = start(*GENERATE, "--output", str(out), env=chat_env(emulator))
    wait_until(lambda: bool(requests_to(emulator, "/image/generate")), proc)
    result = interrupt(proc)
    assert (result.code, result.stdout, result.stderr) == (130, "", "Interrupted.\n")
    assert list(work.iterdir()) == []


def test_ctrl_c_mid_download_removes_the_partial_file(
        emulator: VeniceEmulator, tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_flood=True, media_flood_limit=60_000_000)
    out = tmp_path / "light.webp"
    out.write_bytes(b"an older picture")
    proc = start(*GENERATE, "--output", str(out), env=chat_env(emulator))
    wait_until(lambda: bool(leftovers(tmp_path)), proc)  # bytes are landing in the temp file
    result = interrupt(proc)
    assert result.code in (130, 8), result.output  # 8 only if the cap came first
    assert out.read_bytes() == b"an older picture" and leftovers(tmp_path) == []


def test_a_terminal_shows_a_spinner_then_the_path(emulator: VeniceEmulator,
                                                  tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_delay=1.5)
    out = tmp_path / "light.webp"
    session = Session(*GENERATE, "--output", str(out), env=chat_env(emulator))
    session.expect("Generating image…")
    session.expect(str(out))
    assert session.finish() == 0
    transcript = session.log.getvalue()
    spinner, _, after = transcript.rpartition("\r\x1b[2K")
    assert " s" in spinner.split("Generating image…")[-1]  # the elapsed time
    assert after.strip() == str(out)  # the line was erased before the path was printed
    assert out.read_bytes() == emulator.sent[-1]


def test_ctrl_c_on_a_terminal_erases_the_spinner(emulator: VeniceEmulator,
                                                 tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_delay=60)
    work = _workdir(tmp_path)
    session = Session("infer", "tts", "convert", "--text", "slow", "--output",
                      str(work / "a.mp3"), env=chat_env(emulator))
    session.expect("Speaking…")
    session.interrupt()
    assert session.finish() == 130
    assert session.log.getvalue().endswith("\r\x1b[2KInterrupted.\r\n")
    assert list(work.iterdir()) == []
