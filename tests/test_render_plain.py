"""Plain output (piped: byte-exact; on a terminal: made visible) and the text flow helpers."""

from __future__ import annotations

import io

import pytest

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering.markdown import MarkdownRenderer
from openclaw_venice_cli.rendering.plain import PlainRenderer
from openclaw_venice_cli.rendering.renderer import make_renderer, use_markdown
from openclaw_venice_cli.rendering.textflow import CleanText, Lines, ThinkingLines


def test_clean_text_keeps_crlf_split_across_pieces() -> None:
    clean = CleanText()
    assert [clean.feed(p) for p in ("a\r", "\nb\r", "c", "\x1b")] + [clean.end()] == [
        "a", "\nb", "^Mc", "^[", ""]
    assert clean.feed("x\r") == "x" and clean.end() == "^M"


def test_thinking_lines_drop_blank_lines_at_both_ends() -> None:
    lines = ThinkingLines()
    lines.feed("\n\n  \nfirst\n\nsec")
    assert lines.take() == ["first"] and lines.partial == "sec"
    lines.feed("ond\n\n\n")
    assert lines.take() == ["", "second"]
    assert lines.end() == []


def test_lines_cut_a_stream_anywhere() -> None:
    lines = Lines()
    text = "first line\n\nthird" + "x" * 500 + "\nend"
    done = [line for i in range(0, len(text), 3) for line in lines.feed(text[i:i + 3])]
    assert done == ["first line", "", "third" + "x" * 500] and lines.partial == "end"
    assert lines.end() == "end" and lines.end() is None


# -- plain output ------------------------------------------------------------------------------
def env_for(out: io.StringIO, err: io.StringIO, *, tty: bool, err_tty: bool = False,
            **environ: str) -> Environment:
    return Environment(stdout=out, stderr=err, stdin=io.StringIO(),
                       environ={"TERM": "xterm-256color", **environ},
                       stdout_isatty=tty, stdin_isatty=False, stderr_isatty=err_tty)


HOSTILE = "Hel\x1b]52;c;eA==\x07lo \x9b2J wörld\r\n"


def test_plain_renderer_adds_only_a_missing_final_newline() -> None:
    err = io.StringIO()
    for pieces, expected in ((["Hel", "lo", " wörld"], "Hello wörld\n"),
                             (["two lines\nalready ended\n"], "two lines\nalready ended\n"),
                             ([], "")):
        out = io.StringIO()
        renderer = PlainRenderer(env_for(out, err, tty=False))
        renderer.waiting()
        renderer.reasoning("secret thoughts")
        for piece in pieces:
            renderer.content(piece)
        renderer.finish()
        assert out.getvalue() == expected
    assert err.getvalue() == ""


def test_piped_answers_are_byte_exact() -> None:
    out, err = io.StringIO(), io.StringIO()
    renderer = PlainRenderer(env_for(out, err, tty=False), show_thinking=True)
    renderer.waiting()
    renderer.reasoning("secret \x1b[2J thoughts")
    for piece in [HOSTILE[:4], HOSTILE[4:-1], HOSTILE[-1:]]:
        renderer.content(piece)
    renderer.finish()
    assert out.getvalue() == HOSTILE
    assert err.getvalue() == "secret \x1b[2J thoughts\n"  # stderr is a file here: data


def test_raw_on_a_terminal_is_shown_safely_and_ends_the_line() -> None:
    out, err = io.StringIO(), io.StringIO()
    renderer = PlainRenderer(env_for(out, err, tty=True, err_tty=True), show_thinking=True)
    renderer.reasoning("think \x1b]0;t\x07")
    renderer.content(HOSTILE[:-2] + "\r")
    renderer.content("\nno newline")
    renderer.abort()
    assert out.getvalue() == "Hel^[]52;c;eA==^Glo M-^[2J wörld\nno newline\n"
    assert err.getvalue() == "think ^[]0;t^G\n"


@pytest.mark.parametrize(
    ("tty", "raw", "environ", "expected"),
    [
        (True, False, {}, True),
        (False, False, {}, False),
        (True, True, {}, False),
        (True, False, {"NO_COLOR": "1"}, False),
        (True, False, {"TERM": "dumb"}, False),
        (False, False, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_markdown_only_on_a_colour_terminal(
    tty: bool, raw: bool, environ: dict[str, str], expected: bool
) -> None:
    env = env_for(io.StringIO(), io.StringIO(), tty=tty, **environ)
    assert use_markdown(env, raw=raw) is expected
    renderer = make_renderer(env, raw=raw)
    assert isinstance(renderer, MarkdownRenderer) is expected
