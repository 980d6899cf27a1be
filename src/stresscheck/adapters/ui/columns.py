"""Rows of cells in aligned columns, as one StyledText: the history view's tables.

The history view shows a table only when it fits the window whole (otherwise
one line per record, never cut-off words), so it needs no wrapping, no
shrinking and no borders: each column as wide as its widest line, two spaces
between columns. rich's Table does far more, and measuring and drawing the
view's tables with it took about a tenth of ``history``'s running time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from stresscheck.adapters.ui.lines import Span, StyledText

Justify = Literal["left", "right", "center"]
GAP = "  "
_EMPTY = StyledText()


def _lines(cell: StyledText) -> list[StyledText]:
    return list(cell.split("\n")) if "\n" in cell.plain else [cell]


def lay_out(
    rows: Sequence[Sequence[StyledText]], *, width: int, justify: Sequence[Justify] = ()
) -> StyledText | None:
    """``rows`` (the header first, if any) as aligned columns, one line per row and
    more where a cell holds several lines; None if that is wider than ``width``.

    ``justify`` gives each column's alignment (left when not given). Lines are
    put together as plain strings, the cells' styles carried over as spans:
    building them from text pieces took several times as long. (A rich Text
    serves as a cell too: it has the same attributes.)
    """
    if not rows:
        return StyledText()
    cells = [[_lines(cell) for cell in row] for row in rows]
    count = max(len(row) for row in cells)
    widths = [0] * count
    for row in cells:
        for column, lines in enumerate(row):
            widths[column] = max(widths[column], *(line.cell_len for line in lines))
    if sum(widths) + len(GAP) * (count - 1) > width:
        return None
    left_aligned: list[Justify] = ["left"] * (count - len(justify))
    aligns = [*justify, *left_aligned]
    printed: list[str] = []
    spans: list[Span] = []
    offset = 0  # where the line being made starts in the whole text
    for row in cells:
        for index in range(max(len(lines) for lines in row)):
            pieces: list[str] = []
            position = offset
            first_span = len(spans)
            for column, lines in enumerate(row):
                if column:
                    pieces.append(GAP)
                    position += len(GAP)
                part = lines[index] if index < len(lines) else _EMPTY
                excess = widths[column] - part.cell_len
                left = {"left": 0, "right": excess, "center": excess // 2}[aligns[column]]
                text = part.plain
                start = position + left
                if part.style:
                    spans.append(Span(start, start + len(text), part.style))
                spans.extend(Span(start + s.start, start + s.end, s.style) for s in part.spans)
                pieces.append(" " * left + text + " " * (excess - left))
                position += excess + len(text)
            line = "".join(pieces).rstrip(" ")  # no spaces at the end of a line
            end = offset + len(line)
            spans[first_span:] = [
                Span(span.start, min(span.end, end), span.style) for span in spans[first_span:]
            ]
            printed.append(line)
            offset += len(line) + 1  # and the newline
    kept = [span for span in spans if span.start < span.end]
    return StyledText("\n".join(printed), spans=kept)
