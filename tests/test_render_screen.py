"""Live Markdown of the real ``openclaw chat``, read back from a VT100 screen (end to end).

The CLI runs in a pseudo-terminal against the emulator, which streams the answer in the
pieces a test chooses (random 1-8 characters, words). Every byte the CLI writes goes
through pyte; the scrollback plus the final screen is what a user sees after the answer.
It must equal, row by row and blank rows included, Rich printing ``Markdown(answer)`` at
the same width: no block duplicated or erased by a redraw, no spinner left over, the
cursor visible at the start of an empty line. The process is read until EOF; nothing
waits for time.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import sys
from typing import Any, NamedTuple

import pexpect
import pytest

from tests.chat_support import chat_env
from tests.helpers import TEST_KEY, Result, record_result
from tests.render_corpus import CORPUS
from tests.vt import VirtualTerminal, whole_render

ROWS, COLS = 40, 100
MODEL = "venice/llama-3.3-70b"  # does not reason: its spinner says "Waiting…"
THINKER = "venice/qwen3-235b-a22b-thinking-2507"  # reasons: "Thinking…"
SPINNER_FRAMES = re.compile("[\u2800-\u28ff]")  # rich's "dots" spinner (braille)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")


class Screen(NamedTuple):
    """What one run left behind: exit code, the raw output, the terminal."""

    code: int
    raw: str  # every byte the CLI wrote, decoded (ANSI included)
    term: VirtualTerminal

    @property
    def rows(self) -> list[str]:
        return self.term.transcript()


def run_on_screen(emulator: Any, *args: str, rows: int = ROWS, cols: int = COLS) -> Screen:
    """`openclaw chat ARGS` in a pty of this size; its whole output replayed in pyte."""
    env = {**os.environ, **chat_env(emulator), "TERM": "xterm-256color"}
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    child = pexpect.spawn(sys.executable, ["-m", "openclaw_venice_cli", "chat", *args],
                          env=env, dimensions=(rows, cols), timeout=60)
    data = child.read()  # until EOF
    child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    raw = data.decode("utf-8", errors="replace")
    term = VirtualTerminal(cols, rows)
    term.write(raw.replace("\r\n", "\n"))
    record_result(Result(int(child.exitstatus), raw, ""))  # for the session leak check
    assert TEST_KEY not in raw and "Traceback" not in raw
    return Screen(int(child.exitstatus), raw, term)


def random_pieces(text: str, seed: int) -> list[str]:
    rnd = random.Random(seed)
    pieces, i = [], 0
    while i < len(text):
        size = rnd.randint(1, 8)
        pieces.append(text[i:i + size])
        i += size
    return pieces


def assert_same(expected: list[str], got: list[str]) -> None:
    assert got == expected, "\n".join(difflib.unified_diff(
        expected, got, "whole render", "openclaw chat", lineterm=""))


def assert_clean_end(result: Screen) -> None:
    """No spinner or label left; cursor shown, at column 0 of an empty last stretch."""
    text = "\n".join(result.rows)
    assert not SPINNER_FRAMES.search(text), "a spinner frame was left on screen"
    assert "Thinking…" not in text and "Waiting…" not in text
    screen = result.term.screen
    assert not screen.cursor.hidden
    assert screen.cursor.x == 0
    assert all(not line.strip() for line in screen.display[screen.cursor.y:])


def assert_spinner_came_first(result: Screen, first_answer_text: str,
                              label: str = "Thinking…") -> None:
    """The spinner (a frame and its label) was drawn before any of the answer."""
    plain = ANSI.sub("", result.raw)
    spinner = plain.find(label)
    assert spinner >= 0, "no spinner was shown while waiting"
    assert SPINNER_FRAMES.search(plain[:spinner])
    assert spinner < plain.index(first_answer_text)


# One answer per failure class of issue 12 (all of them run in-process in
# test_render_corpus.py; these go through the whole CLI, pty and terminal).
THROUGH_THE_CLI = [
    "loose-sub-bullets", "loose-code-in-items", "loose-four-space-continuation",
    "lazy-numbering", "number-column-widens", "fence-nested-two-deep",
    "reference-links-at-end", "fence-on-list-item-line", "fence-indented-closer-inside",
    "html-comment-blank-line", "blank-lines-before-blocks", "table-alignment",
    "setext-headings", "cjk-emoji", "open-fence-at-end", "python-answer",
]


@pytest.mark.parametrize("name", THROUGH_THE_CLI)
def test_openclaw_chat_on_a_terminal_equals_the_whole_render(emulator: Any, name: str) -> None:
    answer = CORPUS[name]
    emulator.set_scenario("plain", pieces=random_pieces(answer, seed=len(name)))
    result = run_on_screen(emulator, "--model", MODEL, "--no-save", "q")
    assert result.code == 0, result.rows
    assert_same(whole_render(answer, COLS, ROWS).transcript(), result.rows)
    assert_clean_end(result)


def test_no_stream_renders_the_whole_answer_once(emulator: Any) -> None:
    answer = CORPUS["reference-links-in-list"]
    emulator.set_scenario("plain", text=answer)
    result = run_on_screen(emulator, "--model", MODEL, "--no-save", "--no-stream", "q")
    assert result.code == 0
    assert_same(whole_render(answer, COLS, ROWS).transcript(), result.rows)
    assert_clean_end(result)


def paragraph(i: int, words: int = 30) -> str:
    """One paragraph with a unique marker and words; 30 words stream as 30 chunks."""
    return f"Paragraph {i}: " + " ".join(f"p{i}w{k}" for k in range(words)) + " *end*."


def tall_answer() -> str:
    """60 paragraphs, headings, a 40-line code block and a list: many screens high."""
    parts = ["# Screen test"]
    for i in range(1, 61):
        if i == 20:
            parts.append("```python\n" + "\n".join(f"value_{j} = {j} * 2" for j in range(40))
                         + "\n```")
        if i == 40:
            parts += ["## A list", "\n".join(f"- bullet {j} of the list" for j in range(12))]
        parts.append(paragraph(i))
    return "\n\n".join(parts)


def test_a_tall_answer_on_a_small_terminal(emulator: Any) -> None:
    answer = tall_answer()
    emulator.set_scenario("plain", text=answer)
    result = run_on_screen(emulator, "--model", MODEL, "write a lot", rows=15, cols=80)
    assert result.code == 0
    assert_same(whole_render(answer, 80, 15).transcript(), result.rows)
    assert_clean_end(result)
    assert_spinner_came_first(result, "Screen test", "Waiting…")
    assert "Thinking…" not in result.raw  # the model does not reason


THOUGHTS = [f"Thought {i}: checking step {i} of the plan." for i in range(1, 21)]
SHORT_ANSWER = "## Result\n\n" + "\n\n".join(paragraph(i, 12) for i in range(1, 11))


@pytest.mark.parametrize("scenario", ["reasoning", "think-split"])
def test_thinking_is_shown_once_before_the_answer(emulator: Any, scenario: str) -> None:
    emulator.set_scenario(scenario, reasoning="\n".join(THOUGHTS), text=SHORT_ANSWER)
    result = run_on_screen(emulator, "--model", THINKER, "think first")
    assert result.code == 0
    expected = whole_render(SHORT_ANSWER, COLS, ROWS, thinking="\n".join(THOUGHTS))
    assert_same(expected.transcript(), result.rows)
    assert "<think>" not in result.raw and "</think>" not in result.raw
    assert "\x1b[2mThought 1:" in result.raw  # dimmed
    assert_clean_end(result)
    assert_spinner_came_first(result, "Thought 1:")


@pytest.mark.parametrize("scenario", ["reasoning", "think-split"])
def test_hide_thinking_never_draws_the_thinking(emulator: Any, scenario: str) -> None:
    emulator.set_scenario(scenario, reasoning="\n".join(THOUGHTS), text=SHORT_ANSWER)
    result = run_on_screen(emulator, "--model", THINKER, "--hide-thinking", "think first")
    assert result.code == 0
    assert "Thought 1:" not in result.raw and "checking step" not in result.raw
    rows = result.rows
    assert re.fullmatch(r"Thought for \d+\.\ds\.", rows[0]), rows[0]
    assert_same(whole_render(SHORT_ANSWER, COLS, ROWS, thinking="x").transcript()[1:],
                rows[1:])
    assert_clean_end(result)
    assert_spinner_came_first(result, "Result")
