"""Streaming renderers: the block splitter, plain output, and linear Markdown rendering."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.rendering import markdown as render_markdown
from openclaw_venice_cli.rendering.blocks import BlockSplitter
from openclaw_venice_cli.rendering.markdown import MarkdownRenderer
from openclaw_venice_cli.rendering.plain import PlainRenderer
from openclaw_venice_cli.rendering.renderer import make_renderer, use_markdown

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")

DOC = (
    "# Title\n\nA paragraph with *emphasis*\nover two lines.\n\n"
    "- one\n- two\n  continued\n\n"
    "```python\ndef f(x):\n\n    return x\n```\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "~~~\ntilde\n\n```\nnot a close\n~~~~\n"
    "Text with ```inline``` backticks\n\nThe end."
)
EXPECTED = [
    "# Title",
    "A paragraph with *emphasis*\nover two lines.",
    "- one\n- two\n  continued",
    "```python\ndef f(x):\n\n    return x\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "~~~\ntilde\n\n```\nnot a close\n~~~~",
    "Text with ```inline``` backticks",
]


def split_all(text: str, step: int) -> list[str]:
    splitter = BlockSplitter()
    blocks: list[str] = []
    for i in range(0, len(text), step):
        blocks += splitter.feed(text[i:i + step])
    last = splitter.flush()
    return [*blocks, *([last] if last else [])]


@pytest.mark.parametrize("step", [1, 2, 3, 7, 1000])
def test_splitter_blocks_do_not_depend_on_chunking(step: int) -> None:
    assert split_all(DOC, step) == [*EXPECTED, "The end."]


def test_splitter_keeps_open_fence_and_list_in_tail() -> None:
    splitter = BlockSplitter()
    assert splitter.feed("Intro\n\n```\ncode\n\nmore code\n") == ["Intro"]
    assert splitter.in_fence
    assert splitter.fence_line == "```"
    assert splitter.feed("```\n") == ["```\ncode\n\nmore code\n```"]
    assert splitter.feed("1. a\n2. b\n") == []
    assert splitter.pending
    assert splitter.feed("\n") == ["1. a\n2. b"]


def test_indented_closing_fence_waits_for_blank_line() -> None:
    splitter = BlockSplitter()
    assert splitter.feed("1. step\n   ```\n   x\n   ```\n   after\n") == []
    assert splitter.feed("\n") == ["1. step\n   ```\n   x\n   ```\n   after"]


def test_unclosed_fence_is_flushed_at_the_end() -> None:
    splitter = BlockSplitter()
    assert splitter.feed("```sh\necho hi") == []
    assert splitter.flush() == "```sh\necho hi"
    assert splitter.flush() is None


def test_tail_view_is_bounded_and_keeps_the_fence_line() -> None:
    splitter = BlockSplitter()
    splitter.feed("```python\n" + "".join(f"line {i}\n" for i in range(5000)) + "partial")
    view = splitter.tail_view(10, 200)
    assert view.startswith("```python\n")
    assert view.endswith("partial")
    assert len(view) <= 200 + len("```python\n")
    assert "line 4999" in view and "line 10" not in view
    long_line = BlockSplitter()
    for _ in range(3000):
        long_line.feed("word ")
    assert len(long_line.tail_view(10, 300)) == 300


def env_for(out: io.StringIO, err: io.StringIO, *, tty: bool, **environ: str) -> Environment:
    return Environment(stdout=out, stderr=err, stdin=io.StringIO(),
                       environ={"TERM": "xterm-256color", **environ},
                       stdout_isatty=tty, stdin_isatty=False, stderr_isatty=tty)


def test_plain_renderer_writes_exactly_what_arrives() -> None:
    out, err = io.StringIO(), io.StringIO()
    renderer = PlainRenderer(env_for(out, err, tty=False))
    renderer.waiting()
    renderer.reasoning("secret thoughts")
    for piece in ["Hel", "lo", " wörld"]:
        renderer.content(piece)
    renderer.finish()
    assert out.getvalue() == "Hello wörld\n"  # the missing final newline is added
    assert err.getvalue() == ""
    ended = io.StringIO()
    renderer = PlainRenderer(env_for(ended, err, tty=False))
    renderer.content("two lines\nalready ended\n")
    renderer.finish()
    assert ended.getvalue() == "two lines\nalready ended\n"  # never a second one
    empty = io.StringIO()
    renderer = PlainRenderer(env_for(empty, err, tty=False))
    renderer.finish()
    assert empty.getvalue() == ""


def test_plain_renderer_show_thinking_goes_to_stderr() -> None:
    out, err = io.StringIO(), io.StringIO()
    renderer = PlainRenderer(env_for(out, err, tty=False), show_thinking=True)
    renderer.reasoning("step one,")
    renderer.reasoning(" step two")
    renderer.content("Answer")
    renderer.finish()
    assert out.getvalue() == "Answer\n"
    assert err.getvalue() == "step one, step two\n"


def test_raw_on_a_terminal_ends_the_line() -> None:
    out, err = io.StringIO(), io.StringIO()
    renderer = PlainRenderer(env_for(out, err, tty=True))
    renderer.content("no newline")
    renderer.abort()
    assert out.getvalue() == "no newline\n"


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


def markdown_doc(paragraphs: int) -> str:
    parts = []
    for i in range(paragraphs):
        if i % 5 == 0:
            parts.append(f"## Section {i}")
        elif i % 5 == 1:
            parts.append("```python\n" + "\n".join(f"x{j} = {j}" for j in range(6)) + "\n```")
        elif i % 5 == 2:
            parts.append("\n".join(f"- item {j} with `code`" for j in range(4)))
        else:
            parts.append(" ".join(f"word{j}" for j in range(40)) + " **bold** end.")
    return "\n\n".join(parts)


def tokens(text: str) -> list[str]:
    return re.findall(r"\s*\S+", text)


def make_markdown_renderer(
    height: int = 24, flush_interval: float | None = None
) -> tuple[MarkdownRenderer, io.StringIO]:
    out = io.StringIO()
    env = env_for(out, io.StringIO(), tty=True)
    console = Console(file=out, force_terminal=True, width=80, height=height,
                      color_system="truecolor")
    # A very low refresh rate: the timer thread never fires during the test, so every
    # render counted below is one the renderer itself asked for.
    return MarkdownRenderer(env, console=console, refresh_per_second=0.01,
                            flush_interval=flush_interval), out


@pytest.mark.parametrize("flush_interval", [0.0, None])
def test_each_finished_block_is_rendered_once(
    monkeypatch: pytest.MonkeyPatch, flush_interval: float | None
) -> None:
    rendered: list[int] = []

    class CountingMarkdown(render_markdown.Markdown):
        def __init__(self, markup: str, *args: Any, **kwargs: Any) -> None:
            rendered.append(len(markup))
            super().__init__(markup, *args, **kwargs)

    monkeypatch.setattr(render_markdown, "Markdown", CountingMarkdown)
    doc = markdown_doc(60)
    renderer, out = make_markdown_renderer(flush_interval=flush_interval)
    renderer.waiting()
    for token in tokens(doc):
        renderer.content(token)
    renderer.finish()
    expected_blocks = split_all(doc, len(doc))
    assert renderer.blocks_printed == len(expected_blocks)
    assert renderer.chars_printed == sum(len(b) for b in expected_blocks)
    # Linear: finished blocks once, plus one bounded tail render per printed block;
    # re-rendering the accumulated answer per token would be ~ n^2 / 2 characters.
    assert sum(rendered) <= 3 * len(doc)
    text = ANSI.sub("", out.getvalue())
    assert "Section 55" in text and "word39 bold end." in text


def test_live_region_never_taller_than_the_terminal() -> None:
    renderer, _ = make_markdown_renderer(height=12)
    renderer.waiting()
    renderer.content("```\n" + "".join(f"row {i}\n" for i in range(200)))
    console = renderer.console
    segments = list(renderer.live_segments(console, console.options))
    lines = "".join(s.text for s in segments).split("\n")
    assert len(lines) <= 11
    assert "row 199" in lines[-1] or "row 199" in lines[-2]
    renderer.finish()


def test_thinking_is_dimmed_before_the_answer_and_can_be_hidden() -> None:
    renderer, out = make_markdown_renderer()
    renderer.waiting()
    renderer.reasoning("first thought\nsecond ")
    renderer.reasoning("thought")
    renderer.content("\n\nThe **answer**.")
    renderer.finish()
    text = ANSI.sub("", out.getvalue())
    assert text.index("first thought") < text.index("second thought") < text.index("The answer")
    assert "\x1b[2m" in out.getvalue()  # dim

    hidden, out2 = make_markdown_renderer()
    hidden.hide_thinking = True
    hidden.waiting()
    hidden.reasoning("private musings")
    hidden.content("Visible.")
    hidden.finish()
    text2 = ANSI.sub("", out2.getvalue())
    assert "private musings" not in text2
    assert "Thought for" in text2 and "Visible." in text2
