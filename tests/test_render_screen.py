"""Live Markdown read back from an emulated terminal screen (issue #4).

The real ``openclaw chat`` runs in an 80x15 pseudo-terminal against the emulator, with an
answer many times taller than the terminal. Every byte it writes goes through ``pyte`` (a
VT100 emulator); the scrollback plus the final screen is what a user would see after the
answer. It must hold each line of the answer exactly once, in order, as rich renders the
whole answer in one go: no block duplicated or erased by a live-region refresh, no
spinner left over, and the cursor visible at the start of an empty line. The process is
read until EOF; nothing waits for time.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

import pexpect
import pyte
import pytest
from rich.console import Console
from rich.markdown import Markdown

from tests.chat_support import chat_env
from tests.helpers import TEST_KEY, Result, record_result

ROWS, COLS = 15, 80
MODEL = "venice/llama-3.3-70b"
SPINNER_FRAMES = re.compile("[\u2800-\u28ff]")  # rich's "dots" spinner (braille)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")
CODE_LINES = [f"value_{j} = {j} * 2" for j in range(40)]  # taller than the terminal
LIST_ITEMS = [f"bullet {j} of the list" for j in range(12)]


def paragraph(i: int, words: int = 30) -> str:
    """One paragraph with a unique marker and words; 30 words stream as 30 chunks."""
    return f"Paragraph {i}: " + " ".join(f"p{i}w{k}" for k in range(words)) + " *end*."


def tall_answer() -> str:
    """60 paragraphs, headings, a 40-line code block and a list: ~25 screens high."""
    parts = ["# Screen test"]
    for i in range(1, 61):
        if i == 20:
            parts.append("```python\n" + "\n".join(CODE_LINES) + "\n```")
        if i == 40:
            parts += ["## A list", "\n".join(f"- {item}" for item in LIST_ITEMS)]
        parts.append(paragraph(i))
    return "\n\n".join(parts)


class Screen(NamedTuple):
    """What one run left behind: exit code, the raw output, the text a user would see."""

    code: int
    raw: str  # every byte the CLI wrote, decoded (ANSI included)
    lines: list[str]  # scrollback then screen, right-stripped
    screen: pyte.HistoryScreen

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def run_on_screen(emulator: Any, *args: str) -> Screen:
    """`openclaw chat ARGS` in a ROWSxCOLS pty; its whole output replayed through pyte."""
    env = {**os.environ, **chat_env(emulator), "COLUMNS": str(COLS), "LINES": str(ROWS),
           "TERM": "xterm-256color"}
    child = pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "chat", *args],
                          env=env, dimensions=(ROWS, COLS), timeout=30)
    data = child.read()  # until EOF
    child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    screen = pyte.HistoryScreen(COLS, ROWS, history=100_000)
    pyte.ByteStream(screen).feed(data)
    scrollback = ["".join(row[x].data for x in range(COLS)) for row in screen.history.top]
    lines = [line.rstrip() for line in [*scrollback, *screen.display]]
    raw = data.decode("utf-8", errors="replace")
    record_result(Result(int(child.exitstatus), raw, ""))  # for the session leak check
    assert TEST_KEY not in raw and "Traceback" not in raw
    return Screen(int(child.exitstatus), raw, lines, screen)


def rendered_lines(markdown: str) -> list[str]:
    """The non-blank lines rich prints for ``markdown`` at once, at the same width."""
    out = io.StringIO()
    console = Console(file=out, width=COLS, color_system=None, highlight=False, emoji=False)
    console.print(Markdown(markdown))
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def positions(lines: Sequence[str], needles: Sequence[str]) -> list[int]:
    """The line index of each needle, asserting each occurs on exactly one line."""
    found = []
    for needle in needles:
        hits = [n for n, line in enumerate(lines) if needle in line]
        assert len(hits) == 1, f"{needle!r} on {len(hits)} lines, expected 1"
        found.append(hits[0])
    return found


def assert_clean_end(result: Screen) -> None:
    """No spinner or label left; cursor shown, at column 0 of an empty last stretch."""
    assert not SPINNER_FRAMES.search(result.text), "a spinner frame was left on screen"
    assert "Thinking…" not in result.text
    screen = result.screen
    assert not screen.cursor.hidden
    assert screen.cursor.x == 0
    assert all(not line.strip() for line in screen.display[screen.cursor.y:])


def assert_spinner_came_first(result: Screen, first_answer_text: str) -> None:
    """The spinner (a frame and its label) was drawn before any of the answer."""
    plain = ANSI.sub("", result.raw)
    spinner = plain.find("Thinking…")
    assert spinner >= 0, "no spinner was shown while waiting"
    assert SPINNER_FRAMES.search(plain[:spinner])
    assert spinner < plain.index(first_answer_text)


def test_a_tall_answer_leaves_every_line_once_and_in_order(emulator: Any) -> None:
    answer = tall_answer()
    emulator.set_scenario("plain", text=answer)
    result = run_on_screen(emulator, "--model", MODEL, "write a lot")
    assert result.code == 0, result.text
    lines = result.lines
    markers = positions(lines, [f"Paragraph {i}:" for i in range(1, 61)])
    assert markers == sorted(markers)
    code = [n for n, line in enumerate(lines) if line.strip() in CODE_LINES]
    assert [lines[n].strip() for n in code] == CODE_LINES  # each once, in order
    assert markers[18] < code[0] and code[-1] < markers[19]
    items = positions(lines, LIST_ITEMS)
    assert items == sorted(items) and markers[38] < items[0] and items[-1] < markers[39]
    assert positions(lines, ["Screen test", "A list"])[1] < items[0]
    # Nothing lost, garbled or repeated anywhere: the same lines as a one-shot render.
    assert [line for line in lines if line.strip()] == rendered_lines(answer)
    assert_clean_end(result)
    assert_spinner_came_first(result, "Screen test")


THOUGHTS = [f"Thought {i}: checking step {i} of the plan." for i in range(1, 21)]
SHORT_ANSWER = "## Result\n\n" + "\n\n".join(paragraph(i, 12) for i in range(1, 11))


@pytest.mark.parametrize("scenario", ["reasoning", "think-split"])
def test_thinking_is_shown_once_before_the_answer(emulator: Any, scenario: str) -> None:
    emulator.set_scenario(scenario, reasoning="\n".join(THOUGHTS), text=SHORT_ANSWER)
    result = run_on_screen(emulator, "--model", MODEL, "think first")
    assert result.code == 0, result.text
    thoughts = positions(result.lines, THOUGHTS)
    answer = positions(result.lines, ["Result", *(f"Paragraph {i}:" for i in range(1, 11))])
    assert thoughts == sorted(thoughts) and answer == sorted(answer)
    assert thoughts[-1] < answer[0]  # separate lines, all thinking before the answer
    assert "<think>" not in result.text and "</think>" not in result.text
    assert [line for line in result.lines[answer[0]:] if line.strip()] == rendered_lines(
        SHORT_ANSWER)
    assert_clean_end(result)
    assert_spinner_came_first(result, "Thought 1:")


@pytest.mark.parametrize("scenario", ["reasoning", "think-split"])
def test_hide_thinking_never_draws_the_thinking(emulator: Any, scenario: str) -> None:
    emulator.set_scenario(scenario, reasoning="\n".join(THOUGHTS), text=SHORT_ANSWER)
    result = run_on_screen(emulator, "--model", MODEL, "--hide-thinking", "think first")
    assert result.code == 0, result.text
    assert "Thought 1:" not in result.raw and "checking step" not in result.raw
    answer = positions(result.lines, ["Result", *(f"Paragraph {i}:" for i in range(1, 11))])
    assert answer == sorted(answer)
    assert [line for line in result.lines[answer[0]:] if line.strip()] == rendered_lines(
        SHORT_ANSWER)
    assert_clean_end(result)
    assert_spinner_came_first(result, "Result")
