"""Which renderer shows an answer: plain text, or live Markdown on a terminal.

Plain mode (stdout not a TTY, ``--raw``, ``NO_COLOR``, ``TERM=dumb``) writes the answer
exactly as received (``rendering/plain.py``). On a terminal the Markdown renderer
(``rendering/markdown.py``, the only part that imports rich) prints each finished block
once and keeps only the unfinished tail live (``rendering/blocks.py`` finds the blocks).
"""

from __future__ import annotations

from typing import Protocol

from openclaw_venice_cli.environment import Environment


class Renderer(Protocol):
    """What the chat command drives while an answer arrives."""

    def waiting(self, label: str = "Thinking…") -> None:
        """Show that a request is in flight (a spinner on a terminal)."""

    def reasoning(self, text: str) -> None:
        """A piece of the model's thinking (never mixed into the answer on stdout)."""

    def content(self, text: str) -> None:
        """A piece of the answer."""

    def note(self, message: str) -> None:
        """An informational line for stderr that must not garble the live display."""

    def finish(self) -> None:
        """The answer is complete: print what is still pending and end the line."""

    def abort(self) -> None:
        """The answer stopped early: keep everything shown so far and end the line."""


def use_markdown(env: Environment, *, raw: bool) -> bool:
    """Live Markdown only on a terminal with colour allowed and without ``--raw``."""
    return (
        not raw
        and bool(env.stdout_isatty)
        and env.color
        and env.environ.get("NO_COLOR") is None
        and env.environ.get("TERM") != "dumb"
    )


def make_renderer(
    env: Environment, *, raw: bool = False, show_thinking: bool = False,
    hide_thinking: bool = False,
) -> Renderer:
    """The renderer for this run: Markdown on a terminal, plain text otherwise."""
    if use_markdown(env, raw=raw):
        from openclaw_venice_cli.rendering.markdown import MarkdownRenderer

        return MarkdownRenderer(env, hide_thinking=hide_thinking)
    from openclaw_venice_cli.rendering.plain import PlainRenderer

    return PlainRenderer(env, show_thinking=show_thinking)
