"""Web-search sources after an answer: a numbered list, or part of the JSON answer.

Venice sends the search results it used as ``venice_parameters.web_search_citations``
(in a chunk of the stream when ``include_search_results_in_stream`` is set, or in the
whole answer); the client folds them into ``ChatResult.sources``. They are printed on
stdout after the answer, as part of it, numbered like the answer's ``^1^`` citations:

    Sources:
    1. Title of the page
       https://example.com/page

Titles and URLs come from outside: each is one terminal-safe line
(``sanitize.one_line``), and Markdown-escaped when the answer is rendered as Markdown.
With ``--json`` / ``--schema`` and web search, stdout is one JSON document instead,
``{"answer": <the model's JSON>, "sources": [{"title", "url", "date"}]}``
(:class:`HeldAnswer` holds the answer back until the sources are known).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openclaw_venice_cli.sanitize import one_line

if TYPE_CHECKING:
    from openclaw_venice_cli.client.events import Source
    from openclaw_venice_cli.rendering.renderer import Renderer

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^$&=:/?%@])")


def _escape(text: str) -> str:
    """Every ASCII punctuation mark CommonMark could read as syntax, backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def sources_block(sources: Sequence[Source], *, markdown: bool, after: str) -> str:
    """The list to print after an answer that ended with ``after`` ("" when none)."""
    if not sources:
        return ""
    gap = "" if after.endswith("\n\n") or not after else (
        "\n" if after.endswith("\n") else "\n\n")
    lines = ["**Sources**" if markdown else "Sources:"]
    if markdown:
        lines.append("")
    for number, source in enumerate(sources, 1):
        url = one_line(source.url, 2048)
        title = one_line(source.title, 300) or url
        if markdown:
            lines.append(f"{number}. {_escape(title)}  \n   {_escape(url)}")
        else:
            lines += [f"{number}. {title}", f"   {url}"]
    return gap + "\n".join(lines) + "\n"


def sources_json(sources: Sequence[Source]) -> list[dict[str, Any]]:
    """The sources as JSON objects (``date`` only when Venice gave one)."""
    out = []
    for source in sources:
        item: dict[str, Any] = {"title": source.title, "url": source.url}
        if source.date:
            item["date"] = source.date
        out.append(item)
    return out


def answer_document(answer: str, sources: Sequence[Source]) -> str:
    """``{"answer": …, "sources": […]}``: the answer parsed as JSON when it is JSON."""
    try:
        value: Any = json.loads(answer)
    except ValueError:
        value = answer
    document = {"answer": value, "sources": sources_json(sources)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class HeldAnswer:
    """A renderer that holds the answer back, for one JSON document with its sources.

    Thinking, notes and the spinner pass through. When the answer stops early the held
    text is shown as it is (nothing is lost); when it completes, :meth:`release` prints
    the document.
    """

    def __init__(self, inner: Renderer) -> None:
        self.inner = inner
        self._held: list[str] = []

    def waiting(self, label: str = "Thinking…") -> None:
        self.inner.waiting(label)

    def reasoning(self, text: str) -> None:
        self.inner.reasoning(text)

    def content(self, text: str) -> None:
        self._held.append(text)

    def note(self, message: str) -> None:
        self.inner.note(message)

    def release(self, sources: Sequence[Source]) -> None:
        """Print the whole answer and its sources as one JSON document."""
        self.inner.content(answer_document("".join(self._held), sources))
        self._held.clear()

    def finish(self) -> None:
        self.inner.finish()

    def abort(self) -> None:
        if self._held:
            self.inner.content("".join(self._held))
            self._held.clear()
        self.inner.abort()
