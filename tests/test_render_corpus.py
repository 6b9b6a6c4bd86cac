"""Live Markdown equals Rich's whole render: the corpus, every chunking, every speed.

For each answer of tests/render_corpus.py the oracle is Rich printing
``Markdown(whole_answer)`` at the same width on the same VT100 screen (pyte); the
renderer streams the same answer in several chunkings (one character at a time, random
1-8 character pieces, words, lines, all at once) and arrival speeds (all within one
refresh, a frame after every piece, random gaps with timer ticks). The transcripts
(scrollback + screen) must be identical row by row, blank rows included, and so must
every cell's colours and attributes. While it streams, the rows already printed for good
must always be the start of the oracle (nothing out of order, nothing reprinted) and
the live rows must fit on the screen.
"""

from __future__ import annotations

import difflib
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openclaw_venice_cli.rendering.markdown import MarkdownRenderer
from tests.render_corpus import CORPUS, THINKING
from tests.render_harness import FakeClock, chunkings, make_renderer, stream
from tests.vt import VirtualTerminal, whole_render

# (chunking, speed) pairs: every chunking and every speed, the costly ones not crossed.
RUNS = [("char", "steady"), ("char", "jitter"), ("random-1-8", "burst"),
        ("random-1-8", "steady"), ("random-1-8", "jitter"), ("words", "jitter"),
        ("lines", "steady"), ("whole", "burst")]


def diff(expected: list[str], got: list[str]) -> str:
    return "\n".join(difflib.unified_diff(expected, got, "whole render", "streamed",
                                          lineterm=""))


def test_the_corpus_is_big_enough() -> None:
    assert len(CORPUS) + len(THINKING) >= 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_streamed_transcript_equals_the_whole_render(name: str) -> None:
    answer = CORPUS[name]
    oracle = whole_render(answer.replace("\r\n", "\n"))
    expected, expected_cells = oracle.transcript(), oracle.cells()
    assert expected, "the oracle rendered nothing"
    pieces = dict(chunkings(answer))
    for chunking, speed in RUNS:
        term = stream(pieces[chunking], speed)
        got = term.transcript()
        assert got == expected, f"{chunking}/{speed}:\n{diff(expected, got)}"
        assert term.cells() == expected_cells, f"{chunking}/{speed}: colours differ"
        assert "\x1b[?25h" in term.raw and not term.screen.cursor.hidden


@pytest.mark.parametrize("name", sorted(THINKING))
@pytest.mark.parametrize("hide", [False, True])
def test_thinking_then_answer(name: str, hide: bool) -> None:
    thinking, answer = THINKING[name]
    if hide:
        expected = whole_render(answer, thinking="Thought for 0.0s.").transcript()
    else:
        expected = whole_render(answer, thinking=thinking).transcript()
    for (_, think_pieces), (chunking, pieces) in zip(chunkings(thinking), chunkings(answer),
                                                     strict=True):
        for speed in ("burst", "steady", "jitter"):
            got = stream(pieces, speed, thinking=think_pieces, hide_thinking=hide)
            rows = got.transcript()
            if hide:  # the summary's time depends on the fake clock: compare its shape
                assert rows[0].startswith("Thought for ") and rows[0].endswith("s.")
                rows[0] = "Thought for 0.0s."
            assert rows == expected, f"{chunking}/{speed}:\n{diff(expected, rows)}"


def printed_rows(renderer: MarkdownRenderer, term: VirtualTerminal) -> list[str]:
    """The rows printed for good so far: all rows above the live ones."""
    return term.rows_above_cursor(skip=len(renderer.screen.drawn))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_printed_rows_are_always_the_start_of_the_whole_render(name: str) -> None:
    answer = CORPUS[name]
    expected = whole_render(answer.replace("\r\n", "\n")).transcript()
    checked = itertools.count()

    def check(renderer: MarkdownRenderer, term: VirtualTerminal) -> None:
        rows = printed_rows(renderer, term)
        assert rows == expected[:len(rows)], diff(expected[:len(rows)], rows)
        assert len(renderer.screen.drawn) <= term.size[1] - 1
        next(checked)

    stream(dict(chunkings(answer))["random-1-8"], "jitter", lines=12, after_piece=check)
    assert next(checked) > 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(CORPUS)), data=st.data())
def test_any_split_and_any_timing_gives_the_whole_render(name: str, data: st.DataObject
                                                          ) -> None:
    """Random cut points, random gaps between pieces, timer ticks at random moments."""
    answer = CORPUS[name]
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(answer) - 1)), max_size=60)))
    pieces = [answer[a:b] for a, b in zip([0, *cuts], [*cuts, len(answer)], strict=True)]
    gaps = data.draw(st.lists(st.sampled_from((0.0, 0.03, 0.1, 0.5)), min_size=len(pieces),
                              max_size=len(pieces)))
    ticks = data.draw(st.lists(st.booleans(), min_size=len(pieces), max_size=len(pieces)))
    columns = data.draw(st.sampled_from((40, 80, 100)))
    term = VirtualTerminal(columns, 24)
    clock = FakeClock()
    renderer = make_renderer(term, clock)
    renderer.waiting()
    for piece, gap, tick in zip(pieces, gaps, ticks, strict=True):
        clock.now += gap
        renderer.content(piece)
        if tick:
            clock.now += 0.1
            renderer.tick()
    renderer.finish()
    expected = whole_render(answer.replace("\r\n", "\n"), columns, 24).transcript()
    assert term.transcript() == expected, diff(expected, term.transcript())
