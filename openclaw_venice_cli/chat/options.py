"""Every option of a chat turn, declared once: its type, default, flag and help.

:class:`ChatOptions` is the typed record that flows from the command line to request
building (``chat/request.py``), the session and the renderer; nothing else carries chat
options. Each field's :class:`Flag` says how the command line spells it, so
``commands/chat.py`` builds the Typer options from this class and adding a flag is one
field here plus the line that uses it. Stdlib only (no Typer here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NamedTuple


class Flag(NamedTuple):
    """How a :class:`ChatOptions` field appears on the command line."""

    names: tuple[str, ...]
    help: str
    metavar: str | None = None


WEB_SEARCH_VALUES = ("on", "auto", "off")


class ChatOptions(NamedTuple):
    """The options of one chat run (``ChatOptions(temperature=0.2)._replace(...)``)."""

    model: Annotated[str | None, Flag(
        ("--model", "-m"), "provider/model, e.g. venice/llama-3.3-70b (default: the "
        "configured model).", "PROVIDER/MODEL")] = None
    system: Annotated[str | None, Flag(("--system", "-s"), "System prompt.", "TEXT")] = None
    temperature: Annotated[float | None, Flag(("--temperature", "-t"), "0-2.", "T")] = None
    max_tokens: Annotated[int | None, Flag(
        ("--max-tokens",), "Cap on the answer length (thinking tokens count too).",
        "N")] = None
    top_p: Annotated[float | None, Flag(
        ("--top-p",), "Nucleus sampling, 0-1 (e.g. 0.9).", "P")] = None
    seed: Annotated[int | None, Flag(
        ("--seed",), "Random seed (a positive integer), for repeatable answers.",
        "N")] = None
    stop: Annotated[list[str] | None, Flag(
        ("--stop",), "Stop the answer at this text (repeatable, up to 4).", "TEXT")] = None
    thinking: Annotated[str | None, Flag(
        ("--thinking",), "Thinking level of a reasoning model (Venice reasoning_effort; "
        "default: the config's, else the model's own).",
        "off|minimal|low|medium|high|xhigh|max")] = None
    images: Annotated[list[str] | None, Flag(
        ("--image", "-i"), "Image file or URL (repeatable; vision models).",
        "PATH|URL")] = None
    json_mode: Annotated[bool, Flag(("--json",), "Ask for a JSON object.")] = False
    schema_file: Annotated[Path | None, Flag(
        ("--schema",), "JSON Schema file: the answer is JSON matching it (strict).",
        "FILE")] = None
    tools_file: Annotated[Path | None, Flag(
        ("--tools",), "JSON file of function definitions; tool calls are printed as JSON "
        "with exit code 11.", "FILE")] = None
    no_stream: Annotated[bool, Flag(("--no-stream",), "Wait for the whole answer.")] = False
    raw: Annotated[bool, Flag(("--raw",), "Plain text even on a terminal.")] = False
    show_thinking: Annotated[bool, Flag(
        ("--show-thinking",), "When piped, also print the thinking (on stderr).")] = False
    hide_thinking: Annotated[bool, Flag(
        ("--hide-thinking",), "On a terminal, do not show thinking.")] = False
    strip_thinking: Annotated[bool, Flag(
        ("--strip-thinking",), "Venice: remove the thinking from the answer.")] = False
    disable_thinking: Annotated[bool, Flag(
        ("--disable-thinking",), "Venice: ask a reasoning model not to think.")] = False
    web_search: Annotated[str | None, Flag(
        ("--web-search",), "Venice web search: on, auto or off.", "on|auto|off")] = None
    web_citations: Annotated[bool, Flag(
        ("--web-citations",), "Venice: ask for ^1^-style citations of web results (implies "
        "--web-search auto).")] = False
    web_scraping: Annotated[bool, Flag(
        ("--web-scraping",), "Venice: read the web pages whose URLs are in the prompt (up "
        "to 5).")] = False
    no_venice_system_prompt: Annotated[bool, Flag(
        ("--no-venice-system-prompt",), "Venice: leave out Venice's system prompt.")] = False
    character: Annotated[str | None, Flag(
        ("--character",), "Venice: talk to this public character (slug).", "SLUG")] = None
    usage: Annotated[bool, Flag(
        ("--usage",), "Print tokens, cost and balance on stderr.")] = False
    continue_last: Annotated[bool, Flag(
        ("--continue", "-c"), "Continue the most recent conversation.")] = False
    conversation: Annotated[str | None, Flag(
        ("--conversation",), "Continue the conversation with this id (see --list).",
        "ID")] = None
    list_conversations: Annotated[bool, Flag(
        ("--list",), "List saved conversations.")] = False
    no_save: Annotated[bool, Flag(("--no-save",), "Do not save this conversation.")] = False

    @property
    def stream(self) -> bool:
        """Stream the answer as it arrives (not ``--no-stream``)."""
        return not self.no_stream

    @property
    def image_list(self) -> list[str]:
        """The ``--image`` values (an empty list when none)."""
        return list(self.images or [])
