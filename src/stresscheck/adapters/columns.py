"""Rows of cells in aligned columns, as one Text: the history view's tables.

The history view shows a table only when it fits the window whole (otherwise
one line per record, never cut-off words), so it needs no wrapping, no
shrinking and no borders: each column as wide as its widest line, two spaces
between columns. rich's Table does far more, and measuring and drawing the
view's tables with it took about a tenth of ``history``'s running time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.text import Text

Justify = Literal["left", "right", "center"]
GAP = "  "


def _lines(cell: Text) -> list[Text]:
    return list(cell.split("\n")) if "\n" in cell.plain else [cell]


def _pad(line: Text, width: int, justify: Justify) -> Text:
    excess = width - line.cell_len
    if excess <= 0:
        return line
    left = {"left": 0, "right": excess, "center": excess // 2}[justify]
    padded = Text(" " * left)
    padded.append_text(line)
    padded.append(" " * (excess - left))
    return padded


def lay_out(
    rows: Sequence[Sequence[Text]], *, width: int, justify: Sequence[Justify] = ()
) -> Text | None:
    """``rows`` (the header first, if any) as aligned columns, one line per row and
    more where a cell holds several lines; None if that is wider than ``width``.

    ``justify`` gives each column's alignment (left when not given).
    """
    if not rows:
        return Text()
    cells = [[_lines(cell) for cell in row] for row in rows]
    count = max(len(row) for row in cells)
    widths = [0] * count
    for row in cells:
        for column, lines in enumerate(row):
            widths[column] = max(widths[column], *(line.cell_len for line in lines))
    if sum(widths) + len(GAP) * (count - 1) > width:
        return None
    left: list[Justify] = ["left"] * (count - len(justify))
    aligns = [*justify, *left]
    printed = []
    for row in cells:
        for index in range(max(len(lines) for lines in row)):
            line = Text()
            for column, lines in enumerate(row):
                if column:
                    line.append(GAP)
                part = lines[index] if index < len(lines) else Text()
                line.append_text(_pad(part, widths[column], aligns[column]))
            line.rstrip()  # no spaces at the end of a line
            printed.append(line)
    return Text("\n").join(printed)
