"""Text made safe inside HTML and SVG: shared by the HTML report and the chart drawn into it."""

from __future__ import annotations

# What ``html.escape(text, quote=True)`` replaces, in its order (``&`` first). Not
# that module itself: importing it loads the table of every named character
# reference (html.entities), about 2 ms of every report for nothing.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def esc(text: object) -> str:
    """Text safe inside HTML and SVG, in element content and in quoted attributes."""
    safe = str(text)
    for character, reference in _ESCAPES:
        if character in safe:
            safe = safe.replace(character, reference)
    return safe
