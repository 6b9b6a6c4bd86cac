"""Pieces of an answer rendered by Rich exactly as ``Markdown(whole_answer)`` renders them.

``rich.markdown.Markdown`` renders top-level blocks one after the other and puts a blank
line before a block when the element closed just before it asks for one
(``MarkdownElement.new_line``: every element but a rule; a list, quote or table gets one
even at the very top, from the elements nested in it). So a block rendered alone, from
its own tokens, after a token that renders nothing but sets that state, gives the rows
it has in the whole render: :meth:`Layout.block_rows`. A list is rendered item by item
with the number column of the whole list (:meth:`Layout.item_rows`) and a fenced code
block line range by line range (:meth:`Layout.code_rows`); both are exact because Rich
renders list items and code lines independently of each other. Rows are lists of
segments; :meth:`Layout.ansi` turns one into the text written to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from markdown_it.token import Token
from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import ListElement, Markdown, MarkdownElement, UnknownElement
from rich.segment import Segment
from rich.syntax import Syntax
from rich.text import Text

Row = list[Segment]
CODE_THEME = "monokai"
#: Lines of code before a range that are lexed with it, so that colours carry over.
LEX_CONTEXT = 48
#: A token that renders nothing and leaves Rich's "blank line before the next" state set.
_CARRY = Token("html_block", "", 0, block=True)
_COLOR_SYSTEMS = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT,
                  "truecolor": ColorSystem.TRUECOLOR, "windows": ColorSystem.WINDOWS}


def new_line_after(tokens: Sequence[Token]) -> bool:
    """Rich's ``new_line`` state after rendering the top-level block ``tokens``."""
    element = Markdown.elements.get(tokens[0].type, UnknownElement) if tokens else None
    return bool(element.new_line) if element is not None else False


class _List(ListElement):
    """A list whose number column is as wide as the whole list's (``meta["last"]``)."""

    last: int | None = None

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> ListElement:
        element = super().create(markdown, token)
        assert isinstance(element, _List)
        element.last = token.meta.get("last") if token.meta else None
        return element

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.list_type == "bullet_list_open" or self.last is None:
            yield from super().__rich_console__(console, options)
            return
        number = 1 if self.list_start is None else self.list_start
        for index, item in enumerate(self.items):
            yield from item.render_number(console, options, number + index, self.last)


class _Tokens(Markdown):
    """``rich.markdown.Markdown`` over tokens parsed elsewhere."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements, "bullet_list_open": _List, "ordered_list_open": _List}

    def __init__(self, tokens: list[Token], code_theme: str) -> None:
        super().__init__("", code_theme=code_theme)
        self.parsed = tokens


def trimmed(row: Row) -> Row:
    """``row`` without the plain spaces Rich pads it with on the right."""
    end = len(row)
    while end:
        text, style, control = row[end - 1]
        if control or (style is not None and (style.bgcolor is not None or style.reverse
                                               or style.underline or style.strike)):
            break
        stripped = text.rstrip(" ")
        if stripped:
            return [*row[:end - 1], Segment(stripped, style)]
        end -= 1
    return row[:end]


class Layout:
    """Renders answer pieces to rows at a given width (one per terminal width)."""

    def __init__(self, console: Console, width: int, code_theme: str = CODE_THEME) -> None:
        self.console = console
        self.width = width
        self.code_theme = code_theme
        self.options = console.options.update(width=width, height=None)
        self._system = _COLOR_SYSTEMS.get(console.color_system or "")
        self._pad_row: Row | None = None
        self.rows_rendered = 0  # work done, for the tests that keep the cost linear

    def render(self, renderable: RenderableType) -> list[Row]:
        rows = [trimmed(row) for row in self.console.render_lines(
            renderable, self.options, pad=False, new_lines=False)]
        self.rows_rendered += len(rows)
        return rows

    def ansi(self, row: Row) -> str:
        """The text that draws ``row`` (colours for this console's colour system)."""
        system = self._system
        if system is None:
            return "".join(text for text, _, control in row if not control)
        return "".join(
            style.render(text, color_system=system) if style else text
            for text, style, control in row if not control)

    # -- whole blocks ---------------------------------------------------------------------
    def block_rows(self, tokens: Iterable[Token], after_block: bool) -> list[Row]:
        """Rows of top-level blocks, as in the whole render after a block (or not)."""
        parsed = [_CARRY, *tokens] if after_block else list(tokens)
        return self.render(_Tokens(parsed, self.code_theme))

    def text_rows(self, text: str, style: str) -> list[Row]:
        return self.render(Text(text, style=style))

    # -- lists, item by item ---------------------------------------------------------------
    def item_rows(self, open_token: Token, number: int, last: int,
                  items: Sequence[Sequence[Token]], *, lead: bool = False,
                  after_block: bool = False) -> list[Row]:
        """Rows of list items numbered from ``number``.

        ``last`` sets the number column's width the way the whole list sets it (Rich:
        the start number plus the count of items). With ``lead`` the rows the list
        starts with in the whole render come first (Rich puts a blank line before a list
        even at the top: its items set the state); without, items continue a list.
        """
        head = open_token.copy(attrs={**open_token.attrs, "start": number},
                               meta={**(open_token.meta or {}), "last": last})
        close = Token(open_token.type.replace("_open", "_close"), open_token.tag, -1)
        tokens = [head, *(t for item in items for t in item), close]
        if lead:
            return self.block_rows(tokens, after_block)
        rows = self.render(_Tokens(tokens, self.code_theme))
        return rows[1:] if rows and not rows[0] else rows

    # -- fenced code, range by range -------------------------------------------------------
    def code_rows(self, info: str, lines: Sequence[str], start: int, end: int, *,
                  final: bool) -> list[Row]:
        """Rows of code lines ``start``..``end`` of a fenced block, without the padding
        rows above and below it (:meth:`code_pad_row`).

        With ``final``, ``end`` is the end of the block and its trailing blank lines and
        spaces are dropped as the whole render drops them. Up to :data:`LEX_CONTEXT`
        lines before ``start`` (and the line after ``end``, if there is one) are lexed
        too, so the colours match the whole render except where highlighting depends on
        text further away; the characters always match (Rich renders each line alone).
        """
        if end <= start and not final:
            return []
        lexer = info.partition(" ")[0] or "text"
        first = max(0, start - LEX_CONTEXT)
        if final:
            code = "\n".join(lines[first:end]).rstrip()
            line_range: tuple[int | None, int | None] | None = (start - first + 1, None)
        else:
            code = "\n".join(lines[first:min(len(lines), end + 1)])
            line_range = (start - first + 1, end - first)
        if final and first == start:
            line_range = None
        syntax = Syntax(code, lexer, theme=self.code_theme, word_wrap=True,
                        padding=(0, 1, 0, 1), line_range=line_range)
        return self.render(syntax)

    def code_pad_row(self) -> Row:
        """The padding row above and below a code block (its background, full width)."""
        if self._pad_row is None:
            syntax = Syntax("x", "text", theme=self.code_theme, padding=(1, 0, 0, 0))
            self._pad_row = self.render(syntax)[0]
        return self._pad_row
