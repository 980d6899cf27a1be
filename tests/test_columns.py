"""The history view's tables: aligned columns when they fit, nothing when they do not."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from stresscheck.adapters.ui.columns import GAP, Justify, lay_out


def plain(rows: list[list[str]], width: int = 100, justify: Sequence[Justify] = ()) -> str | None:
    table = lay_out([[Text(cell) for cell in row] for row in rows], width=width, justify=justify)
    return None if table is None else table.plain


def test_columns_line_up_two_spaces_apart() -> None:
    assert plain([["Date", "Score"], ["5 Jan 2026", "9 high"]]) == (
        "Date        Score\n5 Jan 2026  9 high"
    )


def test_right_and_centred_columns() -> None:
    text = plain([["Min", "Tension"], ["5.5", "6 → 4"], ["12", "—"]], justify=["right", "center"])
    assert text == "Min  Tension\n5.5   6 → 4\n 12     —"


def test_a_cell_of_two_lines_makes_its_row_two_lines_high() -> None:
    text = plain([["1 Jan", "contact someone now\nred flag: chest pain", "x"]])
    assert text == "1 Jan  contact someone now   x\n       red flag: chest pain"


def test_too_wide_gives_nothing_rather_than_cut_off_words() -> None:
    rows = [["abc", "def"]]
    assert plain(rows, width=len("abc" + GAP + "def")) == "abc  def"
    assert plain(rows, width=len("abc" + GAP + "def") - 1) is None


def test_wide_characters_count_as_two_columns() -> None:
    assert plain([["日本", "x"], ["ab", "y"]]) == "日本  x\nab    y"


def test_styles_stay_on_their_words() -> None:
    table = lay_out([[Text("Date", style="bold"), Text("high", style="magenta")]], width=40)
    assert table is not None
    styled = {table.plain[span.start : span.end]: span.style for span in table.spans}
    assert styled == {"Date": "bold", "high": "magenta"}


def test_a_style_never_runs_on_into_the_next_line() -> None:
    rows = [[Text("a"), Text("bold  ", style="bold")], [Text("b"), Text("c")]]
    table = lay_out(rows, width=40)
    assert table is not None
    assert table.plain == "a  bold\nb  c"
    assert [(span.start, span.end, span.style) for span in table.spans] == [(3, 7, "bold")]


cells = st.text(st.sampled_from("ab é→日"), max_size=8)


@given(
    rows=st.integers(min_value=1, max_value=4).flatmap(
        lambda count: st.lists(st.lists(cells, min_size=count, max_size=count), max_size=6)
    ),
    width=st.integers(min_value=0, max_value=60),
)
def test_every_cell_starts_where_its_column_starts(rows: list[list[str]], width: int) -> None:
    text = plain(rows, width=width)
    if not rows:
        assert text == ""
        return
    widths = [max(cell_len(row[c]) for row in rows) for c in range(len(rows[0]))]
    natural = sum(widths) + len(GAP) * (len(widths) - 1)
    if natural > width:
        assert text is None
        return
    assert text is not None
    lines = text.split("\n")
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows, strict=True):
        assert cell_len(line) <= width
        assert line == line.rstrip()
        expected = GAP.join(
            cell.ljust(w - cell_len(cell) + len(cell)) for cell, w in zip(row, widths, strict=True)
        )
        assert line == expected.rstrip()
