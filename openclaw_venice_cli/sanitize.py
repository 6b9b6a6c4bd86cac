"""Terminal-safe text: the one sanitizer for untrusted text written to a terminal.

Answers, thinking, error bodies, header values, model names and anything read back from
a cache or a conversation come from outside. Written raw to a terminal, an ESC or C1
byte could set the clipboard (OSC 52), retitle the window, clear the screen or move the
cursor. :func:`visible` shows every such character instead, the way ``cat -v``, ``less``
and git do: C0 controls as ``^[`` … ``^_`` (newline and tab stay), DEL as ``^?``, C1
controls (U+0080–U+009F) as ``M-^[`` …; a CR that ends a line (CRLF) is dropped.
:func:`one_line` also folds all whitespace, for diagnostics that must stay one line.
Our own styling is added after sanitising, so it is unaffected. Stdlib only, linear.
"""

from __future__ import annotations

_TABLE: dict[int, str] = {}
for _code in range(0x20):
    if _code not in (0x09, 0x0A):
        _TABLE[_code] = "^" + chr(_code + 0x40)
_TABLE[0x7F] = "^?"
for _code in range(0x80, 0xA0):
    _TABLE[_code] = "M-^" + chr(_code - 0x80 + 0x40)
del _code


def visible(text: str) -> str:
    """``text`` with every terminal control shown as visible characters (``^[``)."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_TABLE)


def is_clean(text: str) -> bool:
    """True when :func:`visible` would leave ``text`` unchanged."""
    return visible(text) == text


def one_line(text: str, limit: int | None = None) -> str:
    """:func:`visible`, with all whitespace (newlines too) folded to single spaces and,
    with ``limit``, cut to that many characters (an ellipsis marks the cut). Before a
    cut, every known key is masked (``keys.redact_text``): a cut never shows a fragment."""
    line = " ".join(visible(text).split())
    if limit is not None and len(line) > limit:
        from openclaw_venice_cli.keys import redact_text

        line = redact_text(line)
        if len(line) > limit:
            line = line[: max(0, limit - 1)] + "…"
    return line
