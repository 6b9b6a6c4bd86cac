"""Streaming renderers, piece by piece: block boundaries, exact layout, cost, the screen.

The whole-answer oracle for the corpus lives in test_render_corpus.py; here each part is
checked on its own: where ``MarkdownStream`` cuts (markdown-it decides, so lists stay
open across blank lines and fences end where CommonMark ends them), that ``Layout``
renders pieces exactly as Rich renders them in a whole document, that huge single
blocks stay linear and identical, that resizes and notes never duplicate rows, and the
plain renderer (byte-exact when piped).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from rich.markdown import Markdown

from openclaw_venice_cli.rendering.blocks import (
    Block,
    FenceBlock,
    ListBlock,
    MarkdownStream,
    reparse,
    top_level_groups,
)
from openclaw_venice_cli.rendering.layout import Layout, new_line_after
from openclaw_venice_cli.rendering.markdown import MarkdownRenderer
from tests.render_corpus import CORPUS
from tests.render_harness import FakeClock, stream
from tests.render_harness import make_renderer as harness_renderer
from tests.vt import VirtualTerminal, whole_render


# -- where the stream cuts ------------------------------------------------------------------
def describe(element: Any) -> tuple[Any, ...]:
    """What an element is, the same whether it was found open or already closed."""
    if isinstance(element, Block):
        head = element.tokens[0]
        if head.type in ("bullet_list_open", "ordered_list_open"):
            items = sum(t.type == "list_item_open" and t.level == 1 for t in element.tokens)
            return ("list", items, True)
        if head.type == "fence":
            return ("fence", head.content.count("\n"), True)
        return ("block", head.type, element.lines[0])
    if isinstance(element, ListBlock):
        return ("list", len(element.items), element.closed)
    assert isinstance(element, FenceBlock)
    return ("fence", len(element.lines), element.closed)


def elements(text: str, step: int) -> list[tuple[Any, ...]]:
    stream = MarkdownStream()
    found = []
    for i in range(0, len(text), step):
        stream.feed(text[i:i + step])
        stream.update()
        found += stream.take()
    stream.finish()
    found += stream.take()
    return [describe(e) for e in found]


DOC = (
    "# Title\n\nA paragraph\nover two lines.\n\n- one\n\n- two\n\n  continued\n\n"
    "```python\ndef f(x):\n\n    return x\n    ```\n```\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- a\n\nb -->\n\n1. x\n1. y\n\nThe end."
)


@pytest.mark.parametrize("step", [1, 2, 7, 1000])
def test_elements_do_not_depend_on_chunking(step: int) -> None:
    assert elements(DOC, step) == [
        ("block", "heading_open", "# Title"),
        ("block", "paragraph_open", "A paragraph"),
        ("list", 2, True),
        ("fence", 4, True),
        ("block", "table_open", "| a | b |"),
        ("block", "html_block", "<!-- a"),
        ("list", 2, True),
        ("block", "paragraph_open", "The end."),
    ]


def step(stream: MarkdownStream, text: str) -> list[Any]:
    """Feed ``text``, let the stream parse, return what it found."""
    stream.feed(text)
    stream.update()
    return stream.take()


def test_a_list_stays_open_across_blank_lines() -> None:
    stream = MarkdownStream()
    [found] = step(stream, "- a\n\n- b\n\n")
    assert isinstance(found, ListBlock) and not found.closed and len(found.items) == 1
    assert step(stream, "  more of b\n\n- c\n\n") == []
    assert len(found.items) == 2 and not found.closed
    assert found.items[1].lines == ["- b", "", "  more of b", ""]
    assert step(stream, "After.\n\n") == []  # "After." is still open
    assert found.closed and len(found.items) == 3


def test_a_paragraph_waits_for_the_line_after_it() -> None:
    stream = MarkdownStream()
    assert step(stream, "Title\n") == [] and stream.open_type == "paragraph_open"
    assert step(stream, "=====\n") == [] and stream.open_type == "heading_open"  # setext
    assert [describe(e) for e in step(stream, "\nNext\n")] == [
        ("block", "heading_open", "Title")]


def test_an_indented_closing_line_does_not_close_a_fence() -> None:
    stream = MarkdownStream()
    stream.feed("```markdown\n# Readme\n    ```\n    code\n    ```\nprose\n")
    stream.update()
    [fence] = stream.take()
    assert isinstance(fence, FenceBlock) and not fence.closed and len(fence.lines) == 5
    stream.feed("   ```\nafter\n")
    assert fence.closed and fence.lines[-1] == "prose"


def test_a_fence_on_a_list_item_line_belongs_to_the_item() -> None:
    assert elements("- ```bash\n  echo hi\n\n  ```\n- b\n\nend\n", 3) == [
        ("list", 2, True), ("block", "paragraph_open", "end")]


def test_labels_make_a_block_wait_until_defined() -> None:
    stream = MarkdownStream()
    stream.feed("See [the docs][d], [a](http://x) and `[c]`.\n\nNext.\n\nMore.\n")
    stream.update()
    block = stream.take()[0]
    assert isinstance(block, Block) and block.labels == frozenset({"D", "THE DOCS"})
    stream.feed("\n[d]: https://example.com\n")
    stream.update()
    resolved = reparse(stream.parser, block, stream.refs)
    assert resolved.labels == frozenset()
    assert any(t.type == "link_open" for t in resolved.tokens[1].children or [])


def parsed_chars(stream: MarkdownStream) -> list[int]:
    sizes: list[int] = []
    parse = stream.parser.parse

    def counting(src: str, env: Any = None) -> Any:
        sizes.append(len(src))
        return parse(src, env)

    stream.parser.parse = counting  # type: ignore[method-assign]
    return sizes


@pytest.mark.parametrize("kind", ["code", "bullets", "ordered", "table", "paragraph", "quote"])
def test_a_huge_block_is_parsed_in_linear_time(kind: str) -> None:
    line = {"code": "x = 1", "bullets": "- item\n", "ordered": "1. item\n",
            "table": "| a | b |", "paragraph": "word word", "quote": "> quoted"}[kind]
    head = {"code": "```python\n", "table": "| h | i |\n|---|---|\n"}.get(kind, "")
    totals = []
    for count in (500, 5000):
        stream = MarkdownStream()
        sizes = parsed_chars(stream)
        text = head + "".join(f"{line}\n" for _ in range(count))
        for piece in text.splitlines(keepends=True):
            stream.feed(piece)
            stream.update()
        stream.finish()
        totals.append(sum(sizes) / len(text))
    assert totals[1] <= 12 and totals[1] <= 1.5 * totals[0] + 1, totals


# -- exact pieces ---------------------------------------------------------------------------
def rich_rows(markdown: str, width: int = 80) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(Markdown(markdown))
    return [row.rstrip() for row in out.getvalue().split("\n")][:-1]


def layout(width: int = 80) -> Layout:
    return Layout(Console(file=io.StringIO(), width=width, color_system=None), width)


def text_of(rows: list[Any]) -> list[str]:
    return ["".join(segment.text for segment in row).rstrip() for row in rows]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_blocks_rendered_alone_are_the_whole_render(name: str) -> None:
    source = CORPUS[name].replace("\r\n", "\n")
    stream = MarkdownStream()
    tokens = stream.parser.parse(source, {"references": {}})
    out, after, view = [], False, layout()
    for group in top_level_groups(tokens):
        out += text_of(view.block_rows(group, after))
        after = new_line_after(group)
    assert out == rich_rows(source)


def test_list_items_and_code_ranges_rendered_alone_are_the_whole_render() -> None:
    items = "\n\n".join(f"{i}. item {i} " + "word " * (i % 23) for i in range(1, 120))
    stream = MarkdownStream()
    tokens = stream.parser.parse(items, {})
    group = next(top_level_groups(tokens))
    split = [[], *[[] for _ in range(119)]]
    index = 0
    for token in group[1:-1]:
        split[index].append(token)
        if token.level == 1 and token.nesting == -1:
            index += 1
    view = layout()
    rows = text_of(view.item_rows(group[0], 1, 120, split[:7], lead=True))
    rows += text_of(view.item_rows(group[0], 8, 120, split[7:50]))
    rows += text_of(view.item_rows(group[0], 51, 120, split[50:119]))
    assert rows == rich_rows(items)
    code = [f"line_{i} = {'x' * (i % 97)}" if i % 9 else "" for i in range(300)]
    fence = FenceBlock(stream.parser.parse("```py\n```\n", {})[0])
    rows = [text_of([view.code_pad_row()])[0]]
    for start, end in ((0, 10), (10, 11), (11, 298)):
        rows += text_of(view.code_rows(fence.info, code, start, end, final=False))
    rows += text_of(view.code_rows(fence.info, code, 298, 300, final=True))
    rows += text_of([view.code_pad_row()])
    assert rows == rich_rows("```py\n" + "\n".join(code) + "\n```")


# -- huge single blocks, through the renderer -------------------------------------------------
def code_answer(lines: int, trailing_blank_lines: int = 0) -> str:
    body = "\n".join(f"def f{i}(x):  # {'comment ' * (i % 13)}\n    return x * {i}"
                     + ("\n" if i % 5 == 0 else "") for i in range(lines // 2))
    body += "\n" * trailing_blank_lines  # the whole render drops them
    return f"The file:\n\n```python\n{body}\n```\n\nDone."


def list_answer(items: int, ordered: bool = False) -> str:
    marker = "1." if ordered else "-"
    return "Steps:\n\n" + "\n\n".join(
        f"{marker} Item {i} with **bold** and `code`" + (" and more words" * (i % 4))
        for i in range(items)) + "\n\nEnd."


def lines_of(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@pytest.mark.parametrize("answer", [code_answer(600), code_answer(300, 60),
                                    list_answer(600)],
                         ids=["code-block", "code-block-ending-in-blank-lines", "loose-list"])
def test_a_huge_block_streams_identically(answer: str) -> None:
    expected = whole_render(answer)
    got = stream(lines_of(answer), "steady")
    assert got.transcript() == expected.transcript()
    code_bg = "272822"  # colours inside a long code block may differ where lexing does
    for want, have in zip(expected.cells(), got.cells(), strict=True):
        assert [c for c in have if c[2] != code_bg] == [c for c in want if c[2] != code_bg]


def test_a_long_ordered_list_differs_only_in_the_early_number_column() -> None:
    answer = list_answer(150, ordered=True)
    expected = whole_render(answer).transcript()
    got = stream(lines_of(answer), "steady").transcript()
    assert len(got) == len(expected)
    changed = [n for n, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    assert changed, "a 150-item list taller than the screen is the documented exception"
    for n in changed:  # items 1-99, printed before item 100 arrived: one column narrower
        assert expected[n] == " " + got[n] and int(got[n].split()[0]) < 100


@pytest.mark.parametrize("kind", ["code", "list"])
def test_rendering_cost_is_linear(kind: str) -> None:
    work = []
    for size in (150, 1500):  # 10x: quadratic work would show as a 10x ratio
        answer = code_answer(size) if kind == "code" else list_answer(size // 3)
        term = VirtualTerminal(100, 40)
        clock = FakeClock()
        renderer = harness_renderer(term, clock)
        for piece in lines_of(answer):
            clock.now += 0.2
            renderer.content(piece)
        renderer.finish()
        work.append(renderer.rows_rendered / len(term.transcript()))
    assert work[1] <= 1.2 * work[0] + 0.5, work


# -- the screen -------------------------------------------------------------------------------
MARKERS = [f"Marker{i:02d}" for i in range(30)]
MARKED = "\n\n".join(f"{m} " + "filler text " * (7 + i % 5) for i, m in enumerate(MARKERS))


@pytest.mark.parametrize("new_size", [(70, 40), (100, 20), (60, 15), (120, 50)])
def test_a_resize_mid_answer_never_duplicates_rows(new_size: tuple[int, int]) -> None:
    old = whole_render(MARKED, 100, 40).transcript()
    # Rows on the screen when it narrows are cut by the terminal (xterm does not reflow).
    old_rows = {*old, *(row[:new_size[0]].rstrip() for row in old)}
    new_rows = set(whole_render(MARKED, *new_size).transcript())
    resized = []

    def resize(renderer: MarkdownRenderer, term: VirtualTerminal) -> None:
        if not resized and "Marker15" in "".join(term.rows()):
            term.resize(*new_size)
            resized.append(True)

    term = stream(lines_of(MARKED.replace(" filler", "\nfiller")), "steady", after_piece=resize)
    rows = term.transcript()
    assert resized
    assert all(row in old_rows or row in new_rows for row in rows), rows
    found = [next(n for n, row in enumerate(rows) if m in row) for m in MARKERS]
    assert found == sorted(found)
    assert all(sum(m in row for row in rows) == 1 for m in MARKERS)


def test_notes_while_live_keep_the_screen_intact() -> None:
    term = VirtualTerminal(100, 40)
    err = io.StringIO()
    clock = FakeClock()
    renderer = harness_renderer(term, clock, stderr=err)
    renderer.waiting()
    notes = 0
    for n, piece in enumerate(lines_of(CORPUS["python-answer"])):
        clock.now += 0.2
        renderer.content(piece)
        if n % 5 == 0:
            renderer.note(f"Retrying in {n} s \x1b]0;title\x07")
            notes += 1
    renderer.finish()
    assert term.transcript() == whole_render(CORPUS["python-answer"]).transcript()
    assert err.getvalue().count("Retrying in") == notes
    assert "\x1b" not in err.getvalue() and "^[]0;title^G" in err.getvalue()


def test_the_spinner_turns_and_leaves_nothing_behind() -> None:
    term = VirtualTerminal(60, 10)
    clock = FakeClock()
    renderer = harness_renderer(term, clock)
    renderer.waiting("Waiting for venice/llama…")
    frames = set()
    for _ in range(6):
        clock.now += 0.1
        renderer.tick()
        frames.add(renderer.screen.drawn[0])
    assert len(frames) >= 3 and "Waiting for venice/llama…" in term.raw
    renderer.content("Answer.")
    renderer.finish()
    assert term.transcript() == ["Answer."]
    assert not term.screen.cursor.hidden


def test_hidden_thinking_is_summarised_with_its_duration() -> None:
    term = VirtualTerminal(60, 10)
    clock = FakeClock()
    renderer = harness_renderer(term, clock, hide_thinking=True)
    renderer.waiting()
    renderer.reasoning("secret plan")
    clock.now += 2.5
    renderer.content("Result.")
    renderer.finish()
    assert term.transcript() == ["Thought for 2.5s.", "", "Result."]
    assert "secret" not in term.raw


def test_abort_keeps_what_arrived_as_the_whole_render_of_it() -> None:
    partial = CORPUS["loose-code-in-items"][:260]
    term = VirtualTerminal(100, 40)
    renderer = harness_renderer(term, FakeClock())
    renderer.content(partial)
    renderer.abort()
    assert term.transcript() == whole_render(partial).transcript()


def test_untrusted_text_is_shown_not_obeyed() -> None:
    hostile = ("Hi \x1b]52;c;cHduZWQ=\x07 \x1b]0;title\x07 \x1b]2;t\x1b\\ \x1b[2J\x1b[3J "
               "\x9b2J \x9d0;t\x9c \x07 bell\r\nok\rnope")
    term = stream(list(hostile), "steady", thinking=list(hostile))
    raw = term.raw
    for bad in ("\x1b]52", "\x1b]0;", "\x1b]2;", "\x1b[2J", "\x1b[3J", "\x07", "\x9b", "\x9d"):
        assert bad not in raw
    text = "\n".join(term.transcript())
    assert "^[]52;c;cHduZWQ=^G" in text and "M-^[2J" in text and "ok^Mnope" in text
