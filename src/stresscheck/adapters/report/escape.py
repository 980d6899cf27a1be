"""Text made safe inside HTML and SVG: shared by the HTML report and the chart drawn into it."""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Text safe inside HTML and SVG, in element content and in quoted attributes."""
    return html.escape(str(text), quote=True)
