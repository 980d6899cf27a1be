"""The line writer prints what rich's Console prints, byte for byte.

``history`` prints through ``lines.LineWriter`` so as not to import rich. Each
test prints the same through both, with the same settings, and compares: whole
history views at several widths, plain and not, with and without colour; any
text (words, long words, wide and zero-width characters, control codes, tabs,
styled spans) at any width; and the settings ``make_lines`` and
``make_console`` take from the environment.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich._unicode_data._versions import VERSIONS
from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size
from rich.console import Console
from rich.text import Text

from helpers import run_cli
from history_factories import build_overview, histories, history, quiz, session
from stresscheck.adapters.storage.store import Store
from stresscheck.adapters.ui import history_view
from stresscheck.adapters.ui.console import make_console, make_lines
from stresscheck.adapters.ui.lines import (
    ONE_CELL_PUNCTUATION,
    LineWriter,
    Printer,
    StyledText,
    cell_len,
)
from stresscheck.core.history import History
from stresscheck.core.labels import Labels
from stresscheck.i18n import Translator

EN = Translator("en")
NL = Translator("nl")

# (force_terminal, no_color): no escapes; colours and attributes; attributes only.
COLOURS = {
    "no-terminal": (False, False),
    "colour": (True, False),
    "no-color": (True, True),
}


def both(
    draw: Callable[[Printer], None],
    *,
    width: int,
    soft_wrap: bool = False,
    force_terminal: bool | None = None,
    no_color: bool = False,
) -> tuple[str, str]:
    """What ``draw`` prints through a LineWriter and through a rich Console alike."""
    settings = {
        "width": width,
        "soft_wrap": soft_wrap,
        "force_terminal": force_terminal,
        "no_color": no_color,
    }
    mine = LineWriter(file=io.StringIO(), **settings)
    theirs = Console(file=io.StringIO(), highlight=False, emoji=False, **settings)
    draw(mine)
    draw(theirs)
    assert isinstance(mine.file, io.StringIO) and isinstance(theirs.file, io.StringIO)
    return mine.file.getvalue(), theirs.file.getvalue()


def view(
    records: History, t: Translator = EN, *, plain: bool = False, **options: Any
) -> Callable[[Printer], None]:
    def draw(printer: Printer) -> None:
        overview = build_overview(records, chart_points=0, **options)
        history_view.render_history(printer, overview, Labels(t, t.lang), plain=plain)

    return draw


def a_full_history() -> History:
    flagged = replace(quiz(day=0, action="urgent"), red_flags=["chest_pain", "fainting"])
    return history(
        flagged,
        quiz(day=1, action="gp", total=None),
        replace(quiz(day=2), questionnaire_id="old"),
        *(quiz(day=d, total=10.0 + d, action="physiotherapy") for d in range(3, 12)),
        session(day=0.5, before=None, after=None),
        session(day=1.5, completed=False, exercise="box"),
        *(session(day=d + 0.5, before=8, after=d % 5) for d in range(2, 12)),
    )


VIEWS = {
    "full": (a_full_history(), EN),
    "full-nl": (a_full_history(), NL),
    "sessions-only": (history(session(day=0), session(day=1, after=None)), EN),
    "one-quiz": (history(quiz(day=0)), EN),
    "empty": (History(), EN),
}


@pytest.mark.parametrize("colour", COLOURS)
@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("width", [30, 60, 100, 200])
@pytest.mark.parametrize("name", VIEWS)
def test_history_views_print_as_rich_prints_them(
    name: str, width: int, plain: bool, colour: str
) -> None:
    records, t = VIEWS[name]
    force_terminal, no_color = COLOURS[colour]
    mine, theirs = both(
        view(records, t, plain=plain, recent=5),
        width=width,
        soft_wrap=plain,
        force_terminal=force_terminal,
        no_color=no_color,
    )
    assert mine == theirs
    if colour == "colour" and name == "full" and width >= 100 and not plain:
        assert "\x1b[1m" in mine and "\x1b[35m" in mine  # the test sees escapes


def test_the_view_without_block_characters_prints_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_view, "ascii_safe", lambda: False)
    mine, theirs = both(view(a_full_history()), width=70, force_terminal=True)
    assert mine == theirs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=histories(),
    width=st.integers(min_value=1, max_value=120),
    plain=st.booleans(),
    colour=st.sampled_from(list(COLOURS.values())),
)
def test_any_history_prints_as_rich_prints_it(
    records: History, width: int, plain: bool, colour: tuple[bool, bool]
) -> None:
    """Imported records may hold any text: ids, levels and names in any script."""
    force_terminal, no_color = colour
    mine, theirs = both(
        view(records, plain=plain),
        width=width,
        soft_wrap=plain,
        force_terminal=force_terminal,
        no_color=no_color,
    )
    assert mine == theirs


# --- any text, at any width ------------------------------------------------------------------

STYLES = ["", "bold", "dim", "italic", "green", "yellow", "magenta", "cyan", "bold yellow"]
pieces = st.one_of(
    st.sampled_from(["a", "word", "words ", " ", "  ", "\n", "\t", "→", "—", "…", "é"]),
    st.text(st.sampled_from("abcdefghij"), min_size=8, max_size=40),  # a long word
    st.sampled_from(["日本語", "☰", "😀", "\u3000", "\xa0", "한"]),  # wide, and odd spaces
    st.sampled_from(["e\u0301", "\u200d", "\ufe0f", "❤\ufe0f", "👩\u200d💻", "\u200b"]),
    st.sampled_from(["\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x00", "\x7f"]),
    st.text(max_size=6),
)
appended = st.lists(st.tuples(st.lists(pieces, max_size=3).map("".join), st.sampled_from(STYLES)))


@st.composite
def styled_texts(draw: st.DrawFn) -> StyledText:
    text = StyledText("".join(draw(st.lists(pieces, max_size=6))), draw(st.sampled_from(STYLES)))
    for words, style in draw(appended):
        text.append(words, style)
    return text


@settings(max_examples=400, deadline=None)
@given(
    texts=st.lists(styled_texts(), min_size=1, max_size=3),
    width=st.integers(min_value=0, max_value=50),
    soft_wrap=st.booleans(),
    colour=st.sampled_from(list(COLOURS.values())),
    one_soft=st.booleans(),
)
def test_any_text_prints_as_rich_prints_it(
    texts: list[StyledText], width: int, soft_wrap: bool, colour: tuple[bool, bool], one_soft: bool
) -> None:
    force_terminal, no_color = colour

    def draw(printer: Printer) -> None:
        for text in texts:
            printer.print(text)
        printer.print()
        printer.print(texts[0], soft_wrap=True if one_soft else None)

    mine, theirs = both(
        draw, width=width, soft_wrap=soft_wrap, force_terminal=force_terminal, no_color=no_color
    )
    assert mine == theirs


@pytest.mark.parametrize("width", range(1, 9))
def test_runs_measured_wider_than_their_line_are_cropped_as_rich_crops_them(width: int) -> None:
    """A joiner at the edge of a style: rich measures the runs apart, finds them wider
    than the line (an emoji counted twice) and crops them; the writer must too."""

    def draw(printer: Printer) -> None:
        printer.print(
            StyledText("ab👩\u200d", "dim").append("💻", "bold").append("\u200bz", "cyan")
        )
        printer.print(
            StyledText("👩\u200d").append("💻", "bold").append("\u200b", "green").append("c")
        )

    mine, theirs = both(draw, width=width, force_terminal=True)
    assert mine == theirs


@given(text=styled_texts())
def test_a_text_is_the_rich_text_it_stands_for(text: StyledText) -> None:
    theirs = text.__rich__()
    assert (theirs.plain, theirs.style) == (text.plain, text.style)
    assert [tuple(span) for span in theirs.spans] == [tuple(span) for span in text.spans]
    assert text.cell_len == theirs.cell_len
    if "\n" in text.plain:
        lines = text.split("\n")
        rich_lines = theirs.split("\n")
        assert [line.plain for line in lines] == [line.plain for line in rich_lines]
        assert [[tuple(s) for s in line.spans] for line in lines] == [
            [tuple(s) for s in line.spans] for line in rich_lines
        ]
        assert {line.style for line in lines} == {line.style for line in rich_lines}


def test_appending_strips_control_codes_as_rich_does() -> None:
    text = StyledText("a\rb", "bold").append("c\x07d", "green")
    rich_text = Text("a\rb", "bold").append("c\x07d", "green")
    assert text.plain == rich_text.plain == "abcd"
    assert [tuple(s) for s in text.spans] == [tuple(s) for s in rich_text.spans]


def test_the_punctuation_counted_as_one_cell_is_one_cell_in_every_unicode_version() -> None:
    for character in ONE_CELL_PUNCTUATION:
        widths = {get_character_cell_size(character, version) for version in VERSIONS}
        assert widths == {1}, character


@given(st.text())
def test_cells_are_counted_as_rich_counts_them(text: str) -> None:
    assert cell_len(text) == rich_cell_len(text)


def test_a_style_the_writer_does_not_know_is_an_error_not_a_guess() -> None:
    writer = LineWriter(file=io.StringIO(), force_terminal=True)
    with pytest.raises(ValueError, match="blink"):
        writer.print(StyledText("x", "blink"))


# --- the settings taken from the environment ---------------------------------------------


class Terminal(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


ENVIRONMENTS: dict[str, dict[str, str]] = {
    "bare": {},
    "term": {"TERM": "xterm-256color"},
    "truecolor": {"TERM": "xterm", "COLORTERM": "truecolor"},
    "dumb": {"TERM": "dumb", "COLUMNS": "120"},
    "dumb-with-lines": {"TERM": "dumb", "COLUMNS": "50", "LINES": "20"},
    "unknown": {"TERM": "unknown"},
    "no-color": {"NO_COLOR": "1", "COLUMNS": "40"},
    "empty-no-color": {"NO_COLOR": ""},
    "force-color": {"FORCE_COLOR": "1"},
    "force-color-empty": {"FORCE_COLOR": ""},
    "tty-compatible": {"TTY_COMPATIBLE": "1", "COLUMNS": "33"},
    "not-tty-compatible": {"TTY_COMPATIBLE": "0"},
    "no-columns": {"COLUMNS": "0"},
    "odd-columns": {"COLUMNS": "-5", "LINES": "x"},
}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in ("TERM", "COLORTERM", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    yield monkeypatch


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_make_lines_decides_as_make_console(
    clean_environment: pytest.MonkeyPatch, name: str, plain: bool, tty: bool
) -> None:
    """Width, terminal and colour as rich decides them, from the same environment."""
    for key, value in ENVIRONMENTS[name].items():
        clean_environment.setenv(key, value)
    records = a_full_history()
    printed = []
    for make in (make_lines, make_console):
        stdout = Terminal() if tty else io.StringIO()
        clean_environment.setattr("sys.stdout", stdout)
        printer = make(plain=plain)
        overview = build_overview(records, chart_points=0, recent=4)
        history_view.render_history(printer, overview, Labels(EN, "en"), plain=plain)
        printed.append((printer.width, stdout.getvalue()))
    assert printed[0] == printed[1]


def test_a_reader_going_away_calls_the_handler() -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    called = []
    writer = LineWriter(file=Gone(), on_broken_pipe=lambda: called.append(True))
    writer.print(StyledText("x"))
    assert called == [True]


def test_standard_output_is_looked_up_at_each_print(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = make_lines()
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", first)
    writer.print(StyledText("one"))
    monkeypatch.setattr("sys.stdout", second)
    writer.print(StyledText("two"))
    assert (first.getvalue(), second.getvalue()) == ("one\n", "two\n")


# --- the command ---------------------------------------------------------------------------


def test_history_does_not_import_rich(stresscheck_home: Path) -> None:
    """The point of the writer: ``history`` runs without loading rich (issue 15)."""
    with Store.open() as store:
        for day in range(12):
            store.save_quiz(replace(quiz(day=day), red_flags=["chest_pain"] if day == 3 else []))
            store.save_session(session(day=day + 0.5, completed=day % 4 != 1))
    for args in (["history"], ["history", "--plain"]):
        done = run_cli(args, stresscheck_home, PYTHONPROFILEIMPORTTIME="1")
        assert done.returncode == 0, done.stderr
        assert "Self-checks" in done.stdout
        imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
        assert "stresscheck.adapters.ui.lines" in imported  # the profile is really there
        assert not [name for name in imported if name.split(".")[0] == "rich"], args
