"""Issue 11, class 3: what was imported must show.

Every number and time in a record is bounded (``core.history``), so whatever an
import accepts, ``history``, ``report`` and ``export`` can show. A value out of
bounds (a score of 1.7e308, a version of 2**63, the year 1 or 9999, a number of
5000 digits, JSON nested 5000 deep) is a clear exit 2 naming the file, the line
and the key path; a record stored before the bounds existed is named as damaged
(or shown safely), never a crash. A large export with one bad record is refused
quickly, with its place, and nothing stored ever changes.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import math
import resource
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from helpers import run_cli, shipped
from history_factories import histories, history, quiz, session
from stresscheck import speech
from stresscheck.adapters.report.html import render_html
from stresscheck.adapters.report.markdown import render_markdown
from stresscheck.adapters.report.summary import ReportData
from stresscheck.adapters.sources import export as export_module
from stresscheck.adapters.sources.export import export_json, locate, parse_export, read_export
from stresscheck.adapters.sources.schema import NUMBER_LIMIT
from stresscheck.adapters.storage.history_read import OverviewStore
from stresscheck.adapters.storage.store import Store
from stresscheck.adapters.ui.history_view import render_history
from stresscheck.core import history as core_history
from stresscheck.core.history import (
    ANSWER_LIMIT,
    COUNT_LIMIT,
    CYCLES_LIMIT,
    SCORE_LIMIT,
    SECONDS_LIMIT,
    DomainScoreDict,
    History,
    QuizRecord,
    RecordError,
)
from stresscheck.core.insight import percent_of_max, trend
from stresscheck.core.labels import Labels
from stresscheck.core.overview import assemble, overview_parts
from stresscheck.errors import EXIT_USAGE, ContentError, StoreError
from stresscheck.i18n import Translator

EN = Translator("en")
NL = Translator("nl")
MADE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def sample() -> History:
    return history(
        quiz(0, 24.0),
        quiz(1, 22.0, answers={"fatigue_1": 2.0, "neck": ("neck", "jaw")}),
        quiz(2, 20.0),
        session(0.5, 7, 4),
        session(1.5, None, None, completed=False),
    )


def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export_json(sample()))
    return data


def set_at(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def problems(text: str, t: Translator = EN) -> list[str]:
    speech.speak_with(lambda: t)
    with pytest.raises(ContentError) as caught:
        parse_export(text, "backup.json")
    assert caught.value.exit_code == EXIT_USAGE
    return caught.value.problems


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- numbers and times out of bounds are refused, with their place ------------------------

HUGE = 1.7e308
OUT_OF_BOUNDS: list[tuple[tuple[str | int, ...], Any]] = [
    (("quizzes", 1, "total", "score"), HUGE),
    (("quizzes", 1, "total", "score"), -HUGE),
    (("quizzes", 1, "total", "score"), SCORE_LIMIT * 1.5),
    (("quizzes", 1, "domains", "fatigue", "score"), HUGE),
    (("quizzes", 1, "domains", "fatigue", "max"), HUGE),
    (("quizzes", 1, "domains", "fatigue", "missing"), 2**63),
    (("quizzes", 1, "answers", "fatigue_1"), HUGE),
    (("quizzes", 1, "answers", "fatigue_1"), ANSWER_LIMIT + 1),
    (("quizzes", 1, "answers", "neck", 0), -HUGE),
    (("quizzes", 1, "questionnaire_version"), 2**63),
    (("quizzes", 1, "questionnaire_version"), 2**64 + 5),
    (("quizzes", 1, "at"), "0001-01-01T00:00:00+01:00"),
    (("quizzes", 1, "at"), "9999-12-31T23:59:59-01:00"),
    (("quizzes", 1, "at"), "0001-01-01T00:00:00+00:00"),
    (("sessions", 1, "at"), "1899-12-31T23:59:59+00:00"),
    (("sessions", 1, "at"), "3000-01-01T00:00:00+00:00"),
    (("sessions", 1, "planned_seconds"), HUGE),
    (("sessions", 1, "actual_seconds"), SECONDS_LIMIT + 1),
    (("sessions", 1, "cycles_planned"), 2**63),
    (("sessions", 1, "cycles_completed"), CYCLES_LIMIT + 1),
]


@pytest.mark.parametrize(("where", "value"), OUT_OF_BOUNDS)
def test_a_value_out_of_bounds_is_refused_by_the_import_and_by_the_core(
    where: tuple[str | int, ...], value: Any
) -> None:
    data = document()
    set_at(data, where, value)
    text = json.dumps(data, indent=2)
    (line,) = problems(text)
    place = core_history.format_key_path(where)
    assert f": {place}: " in line, line
    # The line is the value's own line.
    number = int(line.split(":")[1])
    assert json.dumps(value) in text.splitlines()[number - 1] or "at" in place
    with pytest.raises(RecordError) as caught:
        History.from_json({"quizzes": data["quizzes"], "sessions": data["sessions"]})
    assert caught.value.path == where


def test_a_time_out_of_range_says_which_years() -> None:
    data = document()
    set_at(data, ("quizzes", 0, "at"), "0001-01-01T00:00:00+01:00")
    (line,) = problems(json.dumps(data, indent=2))
    assert "quizzes[0].at" in line and "1900" in line and "2999" in line
    (line,) = problems(json.dumps(data, indent=2), NL)
    assert "quizzes[0].at" in line and "tussen de jaren 1900 en 2999" in line


def test_the_bounds_in_messages_read_as_people_write_them() -> None:
    data = document()
    set_at(data, ("quizzes", 0, "total", "score"), HUGE)
    set_at(data, ("sessions", 0, "planned_seconds"), HUGE)
    first, second = problems(json.dumps(data, indent=2))
    assert f"at most {SCORE_LIMIT}." in first and ".0." not in first
    assert f"at most {SECONDS_LIMIT}." in second


def test_answer_bounds_are_the_questionnaires() -> None:
    """An answer is an option's value: whatever a questionnaire may hold."""
    assert ANSWER_LIMIT == NUMBER_LIMIT
    assert COUNT_LIMIT >= NUMBER_LIMIT  # a questionnaire version is at most a million


def test_numbers_of_thousands_of_digits_name_their_key() -> None:
    digits = "9" * 5000
    (line,) = problems(f'{{"format_version": {digits}, "quizzes": [], "sessions": []}}')
    assert line.startswith("backup.json:1: format_version: ") and "Use one of: 1" in line
    text = export_json(sample()).replace(
        '"questionnaire_version": 1', f'"questionnaire_version": -{digits}', 1
    )
    (line,) = problems(text)
    assert "quizzes[0].questionnaire_version" in line and "at least 0" in line
    expected = text.splitlines().index(f'      "questionnaire_version": -{digits},') + 1
    assert line.startswith(f"backup.json:{expected}: ")


def test_a_version_far_beyond_any_is_no_newer_format() -> None:
    (line,) = problems('{"format_version": 99999999999999999999, "quizzes": [], "sessions": []}')
    assert "format_version: " in line and "Use one of: 1" in line
    (line,) = problems('{"format_version": 3, "quizzes": [], "sessions": []}')
    assert "format_version 3" in line and "Update stresscheck" in line


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_a_record_nested_thousands_deep_is_named(nested: str) -> None:
    text = export_json(sample()).replace('"sessions": [', f'"sessions": [\n{nested},', 1)
    (line,) = problems(text)
    expected = text.splitlines().index(nested + ",") + 1
    assert line.startswith(f"backup.json:{expected}: sessions[0]: ")
    assert "nested far too deeply" in line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format_version": 1, "quizzes": [], "sessions": [], "quizzes": []}', "twice"),
        ('{"format_version": 1, "quizzes": [], "sessions": {}}', "sessions: expected a list"),
        ('{"format_version": 1, "quizzes": []}', "sessions: this key is missing"),
        ('{"format_version": 1, "quizzes": [], "sessions": [], "x": 1}', "x: unknown key"),
        ('{"format_version": 1, "quizzes": [], "sessions": []} []', "not valid JSON"),
        ('{"format_version": 1, "quizzes": [], "sessions": [],}', "not valid JSON"),
        ('{"format_version": 1, "quizzes": [1,], "sessions": []}', "not valid JSON"),
        ('{"format_version": 1, "quizzes": [3], "sessions": []}', "quizzes[0]: expected keys"),
        ('{"format_version": "1", "quizzes": [], "sessions": []}', "Use one of: 1"),
        ('{"format_version": true, "quizzes": [], "sessions": []}', "Use one of: 1"),
        ("", "not valid JSON"),
        ("nothing", "not valid JSON"),
        ("[[[[", "not a stresscheck export"),
        ("3 4", "not valid JSON"),
        ("null", "not a stresscheck export"),
    ],
)
def test_every_shape_of_file_gets_a_clear_line(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in line for line in found), found
    assert all(line.startswith("backup.json") for line in found)


def test_many_bad_records_give_a_screenful_and_a_count() -> None:
    data = document()
    data["sessions"] = [dict(data["sessions"][0], id=f"s{i}", tension_after=11) for i in range(30)]
    found = problems(json.dumps(data, indent=2))
    assert len(found) == 9
    assert "and 22 more" in found[-1]
    assert found[0].split(": ")[1] == "sessions[0].tension_after"


def test_locate_finds_nested_keys_and_stops_where_the_path_ends() -> None:
    text = '{"a": [1, {"b": {"c": 2}}], "a2": 3}'
    assert text[locate(text, 0, ("a", 1, "b", "c")) :].startswith("2}")
    assert text[locate(text, 0, ("a", 1, "missing")) :].startswith('{"b"')
    assert text[locate(text, 0, ("a", 9)) :].startswith("[1")
    assert locate(text, 0, ()) == 0


# --- whatever imports also shows --------------------------------------------------------


def show_everything(db: Path) -> None:
    """history (brief and careful), report (HTML, Markdown) and export of ``db``."""
    questionnaire, exercises = shipped()
    labels = Labels(EN, "en", questionnaire, exercises, tz=UTC)
    store = OverviewStore.open(db)
    try:
        brief = store.overview_parts(recent=20, chart_points=120)
        everything = store.history()
    finally:
        store.close()
    careful = overview_parts(everything, recent=20, chart_points=120)
    for parts in (brief, careful):
        overview = assemble(parts, questionnaire.insight)
        console = Console(file=io.StringIO(), width=100, force_terminal=False)
        render_history(console, overview, labels, plain=False)
        data = ReportData(overview, labels, None, MADE, "9.9.9")
        render_html(data)
        render_markdown(data)
        for item in overview.trends:
            assert item.trend.change is None or not math.isnan(item.trend.change)
    assert parse_export(export_json(everything), "again.json") == everything


EXTREMES = [
    HUGE,
    -HUGE,
    2**63,
    2**1000,
    -(2**63),
    1e-320,
    5e-324,
    0,
    -0.0,
    SCORE_LIMIT,
    -SCORE_LIMIT,
    ANSWER_LIMIT,
    SECONDS_LIMIT,
    CYCLES_LIMIT,
    COUNT_LIMIT,
    1e15,
    3.5,
]
NUMBER_PLACES: list[tuple[str | int, ...]] = [
    ("quizzes", 2, "total", "score"),
    ("quizzes", 1, "total", "score"),
    ("quizzes", 0, "total", "score"),
    ("quizzes", 2, "domains", "fatigue", "score"),
    ("quizzes", 2, "domains", "fatigue", "max"),
    ("quizzes", 1, "domains", "fatigue", "score"),
    ("quizzes", 1, "domains", "fatigue", "max"),
    ("quizzes", 2, "domains", "fatigue", "missing"),
    ("quizzes", 2, "questionnaire_version"),
    ("quizzes", 2, "answers", "fatigue_1"),
    ("sessions", 1, "planned_seconds"),
    ("sessions", 1, "actual_seconds"),
    ("sessions", 0, "actual_seconds"),
    ("sessions", 1, "cycles_planned"),
    ("sessions", 1, "cycles_completed"),
]
TIMES = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
    lambda moment: moment.isoformat()
) | st.sampled_from(
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "1900-01-01T00:00:00+00:00",
        "1900-01-01T00:30:00+01:00",
        "2999-12-31T23:59:59+00:00",
        "2999-12-31T23:59:59-01:00",
    ]
).map(str)


@st.composite
def mutated_exports(draw: st.DrawFn) -> str:
    """A valid export with a few numbers and times replaced by anything at all."""
    data = document()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        place = draw(st.sampled_from(NUMBER_PLACES))
        value = draw(
            st.sampled_from(EXTREMES)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.integers()
        )
        set_at(data, place, value)
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["quizzes", "sessions"]))
        index = draw(st.integers(min_value=0, max_value=len(data[kind]) - 1))
        data[kind][index]["at"] = draw(TIMES)
    return json.dumps(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_exports())
def test_whatever_imports_also_shows(text: str) -> None:
    try:
        records = parse_export(text, "backup.json")
    except ContentError as refused:
        assert all(line.startswith("backup.json") for line in refused.problems)
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        with Store.open(db) as store:
            store.import_history(records)
        show_everything(db)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=histories(max_size=4))
def test_records_at_their_bounds_show(records: History) -> None:
    records = History(
        quizzes=records.quizzes,
        sessions=tuple(
            replace(item, actual_seconds=SECONDS_LIMIT, cycles_planned=CYCLES_LIMIT)
            for item in records.sessions
        ),
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        with Store.open(db) as store:
            store.import_history(parse_export(export_json(records), "x.json"))
        show_everything(db)


def test_extreme_scores_within_bounds_show(tmp_path: Path) -> None:
    tiny: DomainScoreDict = {"score": SCORE_LIMIT, "max": 5e-324, "level": "x", "missing": 0}
    wide: DomainScoreDict = {
        "score": -SCORE_LIMIT,
        "max": SCORE_LIMIT,
        "level": None,
        "missing": COUNT_LIMIT,
    }
    records = history(
        *(
            quiz(day, SCORE_LIMIT * (-1) ** day, domains={"a": tiny, "b": wide})
            for day in range(25)
        ),
        quiz(30, None, domains={"a": tiny, "b": {**wide, "score": SCORE_LIMIT}}),
        *(session(day + 0.5) for day in range(25)),
    )
    db = tmp_path / "history.sqlite3"
    with Store.open(db) as store:
        store.import_history(parse_export(export_json(records), "x.json"))
    show_everything(db)
    assert percent_of_max(tiny) is None  # beyond any meaningful share


def test_a_trend_of_numbers_near_the_float_limit_is_worked_out() -> None:
    rising = trend([-HUGE, 0.0, HUGE])
    assert rising.direction == "up" and rising.sparkline == trend([-1.0, 0.0, 1.0]).sparkline
    assert rising.change is not None and math.isfinite(rising.change) and rising.change > 0
    assert trend([HUGE, HUGE]).direction == "flat"
    assert trend([HUGE, None, -HUGE / 2]).direction == "down"
    assert trend([1.0, 2.0, 3.0]) == trend([1.0, 2.0, 3.0])  # ordinary series unchanged
    with pytest.raises(ValueError):
        trend([math.inf])


# --- records stored before the bounds: named as damaged, never a crash ---------------------


def store_unchecked(db: Path, records: History) -> None:
    """Store records as the versions before the bounds did: without checking them."""
    with Store.open(db) as store:
        store.import_history(records)


def hostile(day: float, score: float) -> QuizRecord:
    return quiz(
        day,
        score,
        domains={"fatigue": {"score": score, "max": HUGE, "level": "x", "missing": 0}},
    )


@pytest.mark.parametrize("buried", [False, True])
def test_stored_scores_near_the_float_limit_are_named_not_a_crash(
    tmp_path: Path, buried: bool
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "history.sqlite3"
    newer = [quiz(100 + day) for day in range(25)] if buried else []
    store_unchecked(db, history(quiz(0), hostile(1, HUGE), hostile(2, -HUGE), *newer))
    before = digest(db)
    for args in (
        ["history"],
        ["history", "--all"],
        ["export"],
        ["report", "--format", "md", "-o", "-"],
    ):
        done = run_cli(args, home)
        assert "Traceback" not in done.stderr and "went wrong" not in done.stderr, done.stderr
        if done.returncode:
            assert done.returncode == 1
            assert "is damaged" in done.stderr and "quizzes[" in done.stderr, done.stderr
    assert digest(db) == before


@pytest.mark.parametrize(
    ("column", "value", "summed"),
    [
        ("actual_seconds", HUGE, True),
        ("actual_seconds", 1e9, True),
        ("at", "0001-01-01T00:00:00+00:00", True),
        ("planned_seconds", HUGE, False),
        ("cycles_planned", 2**62, False),
    ],
)
def test_stored_session_values_out_of_bounds_are_named(
    tmp_path: Path, column: str, value: Any, summed: bool
) -> None:
    """A value the overview sums up (or dates by) is named even in an old session;
    one it does not use is shown nowhere in it; the full read names it too."""
    db = tmp_path / "history.sqlite3"
    store_unchecked(db, history(quiz(0), session(0.5), *(session(day) for day in range(1, 30))))
    with sqlite3.connect(db) as connection:
        connection.execute(f"UPDATE sessions SET {column} = ? WHERE id = 1", (value,))
    connection.close()
    store = OverviewStore.open(db)
    try:
        if summed:
            with pytest.raises(StoreError) as caught:
                store.overview_parts()
            assert "sessions[1]" in caught.value.message
        else:
            assert store.overview_parts().sessions == 30
        with pytest.raises(StoreError) as caught:
            store.history()
    finally:
        store.close()
    assert "sessions[1]" in caught.value.message and "is damaged" in caught.value.message


def test_a_stored_infinite_packed_score_reads_the_careful_way(tmp_path: Path) -> None:
    """The packed numbers beside each quiz hold infinity only after an overflow:
    the brief read then reads every record, which finds them fine (or names one)."""
    db = tmp_path / "history.sqlite3"
    store_unchecked(db, history(*(quiz(day) for day in range(5))))
    with sqlite3.connect(db) as connection:
        (blob,) = connection.execute("SELECT scores FROM quizzes WHERE id = 2").fetchone()
        numbers = list(struct.unpack(f"<{len(blob) // 8}d", blob))
        numbers[2] = math.inf
        packed = struct.pack(f"<{len(numbers)}d", *numbers)
        connection.execute("UPDATE quizzes SET scores = ? WHERE id = 2", (packed,))
    connection.close()
    store = OverviewStore.open(db)
    careful_reads: list[int] = []
    original = store.history

    def counting() -> History:
        careful_reads.append(1)
        return original()

    store.history = counting  # type: ignore[method-assign]
    try:
        parts = store.overview_parts()
    finally:
        store.close()
    assert careful_reads
    assert parts.chart is not None and all(
        value is None or math.isfinite(value)
        for point in parts.chart.points
        for value in point.values
    )


# --- the command line: exit 2, one line per mistake, nothing stored changes ---------------


def test_the_issues_cases_end_to_end(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store_unchecked(home / "history.sqlite3", sample())
    before = digest(home / "history.sqlite3")
    cases = {
        "scores.json": (("quizzes", 1, "total", "score"), HUGE),
        "version.json": (("quizzes", 1, "questionnaire_version"), 2**63),
        "cycles.json": (("sessions", 1, "cycles_planned"), 2**63),
        "early.json": (("quizzes", 1, "at"), "0001-01-01T00:00:00+01:00"),
        "late.json": (("sessions", 0, "at"), "9999-12-31T23:59:59-01:00"),
    }
    for name, (where, value) in cases.items():
        data = document()
        set_at(data, where, value)
        (tmp_path / name).write_text(json.dumps(data, indent=2), "utf-8")
        done = run_cli(["import", tmp_path / name], home)
        assert done.returncode == 2, done.stderr
        (line,) = done.stderr.splitlines()
        assert line.startswith(f"{tmp_path / name}:")
        assert core_history.format_key_path(where) in line
        assert digest(home / "history.sqlite3") == before
    digits = tmp_path / "digits.json"
    digits.write_text('{"format_version": ' + "7" * 5000 + ', "quizzes": [], "sessions": []}')
    done = run_cli(["import", digits], home)
    assert done.returncode == 2 and "format_version" in done.stderr, done.stderr
    assert digest(home / "history.sqlite3") == before
    shown = run_cli(["history"], home)
    assert shown.returncode == 0, shown.stderr


@pytest.mark.parametrize(
    "nested", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000], ids=["list", "map"]
)
def test_an_answers_file_nested_thousands_deep(tmp_path: Path, nested: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(nested, "utf-8")
    for source, stdin in ((str(deep), None), ("-", nested)):
        done = run_cli(["quiz", "--answers", source], tmp_path / "home", stdin=stdin)
        assert done.returncode == 2, done.stderr
        assert "nested far too deeply" in done.stderr
        assert str(deep) in done.stderr or "<stdin>" in done.stderr
        assert not (tmp_path / "home" / "history.sqlite3").exists()
    dutch = run_cli(["quiz", "--answers", deep], tmp_path / "home", LANG="nl_NL.UTF-8")
    assert dutch.returncode == 2 and "te diep genest" in dutch.stderr


# --- a large export with one bad last record ----------------------------------------------


def large_export(folder: Path, count: int) -> tuple[Path, Path]:
    """A valid export of ``count`` quizzes and sessions, and a copy whose very last
    value (the last session's tension after) is out of range."""
    records = history(
        *(quiz(day / 4) for day in range(count)), *(session(day / 4 + 0.1) for day in range(count))
    )
    text = export_json(records)
    valid, bad = folder / "valid.json", folder / "bad.json"
    valid.write_text(text, "utf-8")
    head, _, tail = text.rpartition('"tension_after": 4')
    bad.write_text(head + '"tension_after": 12' + tail, "utf-8")
    return valid, bad


def test_a_bad_last_record_is_refused_about_as_fast_as_a_good_file_is_read(
    tmp_path: Path,
) -> None:
    valid, bad = large_export(tmp_path, 4000)
    start = time.perf_counter()
    read_export(valid)
    accepted = time.perf_counter() - start
    start = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        read_export(bad)
    refused = time.perf_counter() - start
    (line,) = caught.value.problems
    lines = bad.read_text("utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, 1) if '"tension_after": 12' in text)
    assert line.startswith(f"{bad}:{number}: sessions[3999].tension_after: ")
    # Before: the YAML parser was asked for the line of the mistake, 7x slower
    # than reading the whole file. Generous, for busy machines.
    assert refused < accepted * 3 + 0.5


def test_reading_an_export_keeps_memory_to_a_small_multiple_of_its_size(tmp_path: Path) -> None:
    """Checked in a child process, whose peak memory is its own."""
    valid, bad = large_export(tmp_path, 8000)
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from stresscheck.adapters.sources.export import read_export\n"
        "from stresscheck.errors import ContentError\n"
        "start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    read_export(Path(sys.argv[1]))\n"
        "except ContentError:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start)\n"
    )
    size_kib = bad.stat().st_size / 1024
    for file in (valid, bad):
        done = subprocess.run(
            [sys.executable, "-c", script, str(file)], capture_output=True, text=True, check=True
        )
        grown_kib = int(done.stdout)
        assert grown_kib < 8 * size_kib, (file.name, grown_kib, size_kib)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_nothing_stored_changes_when_an_import_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    records = sample()
    store_unchecked(db, records)
    before = digest(db)
    data = document()
    data["quizzes"].append(dict(copy.deepcopy(data["quizzes"][0]), id="new"))
    data["sessions"][-1]["actual_seconds"] = HUGE
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    with Store.open(db) as store, pytest.raises(ContentError):
        store.import_history(read_export(bad))
    assert digest(db) == before
    with Store.open(db) as store:
        assert store.history() == records


def test_the_reader_keeps_no_records_once_it_has_refused_one() -> None:
    data = document()
    data["quizzes"][0]["total"]["score"] = HUGE
    reader = export_module._ExportReader(json.dumps(data), "x.json")
    with pytest.raises(ContentError):
        reader.read()
    assert reader.records == {"quizzes": [], "sessions": []}
