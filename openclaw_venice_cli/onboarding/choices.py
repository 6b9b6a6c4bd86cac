"""The rows of a select list and how typed text picks one (pure; used by prompts.py).

A row can be picked by its 1-based number, its value or an alias, the one id that starts
with the typed text, or the one id or label that contains it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One row of a select list. ``value`` (and ``aliases``) can be typed to pick it."""

    value: str
    label: str
    hint: str = ""
    group: str | None = None
    aliases: tuple[str, ...] = ()



def resolve_choice(choices: Sequence[Choice], typed: str) -> int | None:
    """Index of the row that ``typed`` names: a 1-based number, a value/alias, or the
    one row whose id starts with it, else the one row whose id or label contains it."""
    text = typed.strip().lower()
    if not text:
        return None
    if text.isdigit():
        number = int(text)
        return number - 1 if 1 <= number <= len(choices) else None
    for index, choice in enumerate(choices):
        if text == choice.value.lower() or text in (a.lower() for a in choice.aliases):
            return index
    prefixed = [i for i, c in enumerate(choices) if c.value.lower().startswith(text)]
    if prefixed:
        return prefixed[0] if len(prefixed) == 1 else None
    found = choice_matches(choices, text)
    return found[0] if len(found) == 1 else None


def choice_matches(choices: Sequence[Choice], typed: str) -> list[int]:
    """Rows whose id or label contains ``typed`` (any case), ids that start with it first."""
    text = typed.strip().lower()
    if not text:
        return []
    found = [i for i, c in enumerate(choices)
             if text in c.value.lower() or text in c.label.lower()]
    return sorted(found, key=lambda i: not choices[i].value.lower().startswith(text))


def no_match_message(choices: Sequence[Choice], typed: str) -> str:
    """Why ``typed`` picked nothing: no row matches it, or several do."""
    if typed.strip().isdigit():
        return f"No option {typed.strip()}: choose 1-{len(choices)}, or type part of an id."
    count = len(choice_matches(choices, typed))
    if count > 1:
        return f'"{typed}" matches {count} options; type more of the id, or a number.'
    return f'No option matches "{typed}". Type a number, or part of a listed id.'


def listing_lines(
    choices: Sequence[Choice], cursor: int | None, start: int, stop: int, pointer: str
) -> list[str]:
    """Rows ``start:stop`` as plain text, with group headers and ``N)`` numbers."""
    width = len(str(len(choices)))
    label_width = max(len(c.label) for c in choices)
    lines: list[str] = []
    for index in range(start, stop):
        choice = choices[index]
        if choice.group and (index == start or choices[index - 1].group != choice.group):
            lines.append(f"  {choice.group}")
        mark = pointer if index == cursor else " "
        row = f"  {mark} {index + 1:>{width}}) {choice.label:<{label_width}}"
        lines.append((row + "  " + choice.hint).rstrip() if choice.hint else row.rstrip())
    return lines
