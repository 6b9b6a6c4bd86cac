"""The oracle of the e2e tier: what the CLI must print, found without the CLI's code.

At temperature 0 the e2e server is deterministic (see ``DETERMINISTIC`` in conftest.py),
so one direct request to it (urllib, no proxy, hand-written body) gives the exact answer
the CLI must print when piped (plus a final newline if it lacks one). On a terminal the
contract is "the answer rendered as Markdown": the oracle there is rich printing
``Markdown(answer)`` in one go at the terminal's width (a whole-document render, not the
CLI's streaming renderer), compared with the screen a VT100 emulator (pyte) shows after
replaying every byte the CLI wrote.
"""

from __future__ import annotations

import io
import json
import urllib.request
from typing import Any

import pyte
from rich.console import Console
from rich.markdown import Markdown

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def direct_answer(
    base_url: str, api_key: str, model: str, messages: list[dict[str, Any]], *,
    max_tokens: int, stream: bool = True, response_format: dict[str, Any] | None = None,
) -> str:
    """The answer of one chat completion at temperature 0, streamed or not."""
    body: dict[str, Any] = {"model": model, "messages": messages, "temperature": 0,
                            "max_tokens": max_tokens, "stream": stream}
    if response_format is not None:
        body["response_format"] = response_format
    request = urllib.request.Request(
        base_url + "/chat/completions", data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
    with _NO_PROXY.open(request, timeout=120) as response:
        if not stream:
            return str(json.load(response)["choices"][0]["message"]["content"])
        pieces = []
        for raw in response:
            line = raw.decode("utf-8").strip()
            if not line.startswith("data:") or line == "data: [DONE]":
                continue
            for choice in json.loads(line[5:])["choices"]:
                pieces.append(choice.get("delta", {}).get("content") or "")
        return "".join(pieces)


def piped(answer: str) -> str:
    """What piped stdout holds for ``answer``: the text as received, plus a final newline
    when it has none (so ``$(…)``, ``| wc -l`` and the next prompt see whole lines)."""
    return answer if answer.endswith("\n") else answer + "\n"


def markdown_lines(answer: str, width: int) -> list[str]:
    """The lines rich prints for ``Markdown(answer)`` at ``width``, blank lines kept."""
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False, emoji=False)
    console.print(Markdown(answer))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def screen_lines(output: str, rows: int, cols: int) -> list[str]:
    """Scrollback and screen after replaying ``output`` in a rows x cols VT100 terminal,
    right-stripped, with the empty rows below the last written one dropped."""
    screen = pyte.HistoryScreen(cols, rows, history=100_000)
    pyte.Stream(screen).feed(output)
    scrollback = ["".join(row[x].data for x in range(cols)) for row in screen.history.top]
    lines = [line.rstrip() for line in [*scrollback, *screen.display]]
    while lines and not lines[-1]:
        lines.pop()
    return lines
