"""Web-search sources: asked for in the stream, read from the first chunk, the end of
the stream or the whole answer, and listed after the answer (or in the JSON document).

The expected outputs are written out here from the emulator's fixture citations (the
OpenAPI example's shape), not computed with the product's formatter."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.chat_support import chat_requests, run_chat
from tests.emulator.scenarios import CITED_TEXT
from tests.helpers import CliRun
from tests.openapi import request_errors

PLAIN_SOURCES = """
Sources:
1. Why is the sky blue? | BBC Sky at Night Magazine
   https://www.skyatnightmagazine.com/space-science/why-is-the-sky-blue
2. Rayleigh scattering - Wikipedia
   https://en.wikipedia.org/wiki/Rayleigh_scattering
"""


def sent(emulator: Any) -> dict[str, Any]:
    body: dict[str, Any] = chat_requests(emulator)[-1].json
    assert request_errors("/chat/completions", body) == []
    return body


@pytest.mark.parametrize(("args", "where"), [
    ((), "first"), ((), "end"), (("--no-stream",), "whole")])
def test_sources_follow_the_answer_on_stdout(cli: CliRun, emulator: Any,
                                             args: tuple[str, ...], where: str) -> None:
    emulator.set_scenario("plain", citations_at="end" if where == "end" else "first")
    result = run_chat(cli, emulator, "--web-search", "on", *args, "why is the sky blue?")
    assert result.code == 0, result.stderr
    assert result.stdout == "Hello! How can I help you today?\n" + PLAIN_SOURCES
    assert result.stderr == ""
    params = sent(emulator)["venice_parameters"]
    assert params["enable_web_search"] == "on"
    # streamed answers ask for the results in the stream; a whole answer carries them
    assert params.get("include_search_results_in_stream") is (
        None if where == "whole" else True)


def test_citations_alone_mean_web_search_auto(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--web-citations", "why is the sky blue?")
    assert result.code == 0, result.stderr
    assert result.stdout == CITED_TEXT + "\n" + PLAIN_SOURCES
    assert sent(emulator)["venice_parameters"] == {
        "enable_web_search": "auto", "enable_web_citations": True,
        "include_search_results_in_stream": True}


def test_citations_with_search_off_is_a_usage_error(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--web-search", "off", "--web-citations", "q")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == ("Error: --web-citations needs web search: drop --web-search off "
                             "(alone it implies --web-search auto).\n")
    assert chat_requests(emulator) == []


def test_no_search_no_sources(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--web-search", "off", "q")
    assert result.stdout == "Hello! How can I help you today?\n"
    assert sent(emulator)["venice_parameters"] == {"enable_web_search": "off"}


def test_web_scraping_is_sent(cli: CliRun, emulator: Any) -> None:
    result = run_chat(cli, emulator, "--web-scraping", "summarise https://example.com/a")
    assert result.code == 0, result.stderr
    assert sent(emulator)["venice_parameters"] == {"enable_web_scraping": True}


@pytest.mark.parametrize("stream", [True, False])
def test_json_answers_carry_their_sources(cli: CliRun, emulator: Any, stream: bool) -> None:
    emulator.set_scenario("plain", text='{"colour": "blue", "why": "Rayleigh"}')
    args = () if stream else ("--no-stream",)
    result = run_chat(cli, emulator, "--json", "--web-search", "on", *args, "sky colour?")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "answer": {"colour": "blue", "why": "Rayleigh"},
        "sources": [
            {"title": "Why is the sky blue? | BBC Sky at Night Magazine",
             "url": "https://www.skyatnightmagazine.com/space-science/why-is-the-sky-blue",
             "date": "2024-08-13T13:45:16"},
            {"title": "Rayleigh scattering - Wikipedia",
             "url": "https://en.wikipedia.org/wiki/Rayleigh_scattering"}]}
    assert result.stdout.endswith("}\n") and result.stdout.count("\n{") == 0
    assert sent(emulator)["response_format"] == {"type": "json_object"}


def test_hostile_titles_are_one_visible_line_and_odd_urls_are_dropped(
        cli: CliRun, emulator: Any) -> None:
    emulator.set_scenario("plain", text="Answer.\n", citations=[
        {"title": "Evil\x1b]52;c;cHduZWQ=\x07\ntitle", "url": "https://ok.example/x"},
        {"title": "no scheme", "url": "javascript:alert(1)"},
        {"title": 7, "url": "https://untitled.example/"},
        {"url": None}])
    result = run_chat(cli, emulator, "--web-search", "on", "q")
    assert result.code == 0, result.stderr
    assert result.stdout == ("Answer.\n\nSources:\n"
                             "1. Evil^[]52;c;cHduZWQ=^G title\n   https://ok.example/x\n"
                             "2. https://untitled.example/\n   https://untitled.example/\n")


def test_sources_are_not_part_of_the_saved_answer(cli: CliRun, emulator: Any,
                                                   isolated_home: Any) -> None:
    assert run_chat(cli, emulator, "--web-search", "on", "q").code == 0
    assert run_chat(cli, emulator, "--continue", "and?").code == 0
    history = sent(emulator)["messages"]
    assert history[1] == {"role": "assistant", "content": "Hello! How can I help you today?"}


def test_on_a_terminal_the_sources_are_rendered_with_the_answer(emulator: Any) -> None:
    """The screen equals Rich's whole render of the answer followed by the list."""
    from tests.test_render_screen import assert_same, run_on_screen
    from tests.vt import whole_render

    emulator.set_scenario("plain", text="The sky is **blue**.")
    result = run_on_screen(emulator, "--web-search", "on", "--no-save", "why?")
    assert result.code == 0
    expected = ("The sky is **blue**.\n\n**Sources**\n\n"
                "1. Why is the sky blue? | BBC Sky at Night Magazine  \n"
                "   https://www.skyatnightmagazine.com/space-science/why-is-the-sky-blue\n"
                "2. Rayleigh scattering - Wikipedia  \n"
                "   https://en.wikipedia.org/wiki/Rayleigh_scattering\n")
    assert_same(whole_render(expected, 100, 40).transcript(), result.rows)
