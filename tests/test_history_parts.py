"""The adapters behind ``history``, ``export`` and ``report``, in-process.

* ``OverviewStore``: the brief read agrees with the careful one, and any odd
  stored value sends it back to the careful read (which names the record).
* ``output``: where data may be written, and what each failure says.
* ``history_view``: the terminal view, rendered into a recording console.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import sqlite3
import tempfile
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.console import Console

from history_factories import (
    build_overview,
    histories,
    history,
    quiz,
    score_tuples,
    session,
    session_tuples,
)
from stresscheck.adapters.paths import database_path, private_dir
from stresscheck.adapters.storage import migrations
from stresscheck.adapters.storage.history_read import OverviewStore
from stresscheck.adapters.storage.store import Store
from stresscheck.adapters.ui import history_view, output
from stresscheck.core import overview as overview_module
from stresscheck.core.history import DomainScoreDict, History, QuizRecord, SessionRecord
from stresscheck.core.insight import (
    BLOCKS,
    ScorePoint,
    relief_evidence,
)
from stresscheck.core.labels import Labels
from stresscheck.core.overview import (
    OverviewParts,
    assemble,
    milliseconds,
    overview_parts,
)
from stresscheck.errors import StoreError, StresscheckError, UsageError
from stresscheck.i18n import Translator

EN = Translator("en")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


def stored(db: Path, records: History) -> History:
    with Store.open(db) as store:
        store.import_history(records)
        return store.history()


def raw_update(db: Path, sql: str) -> None:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute(sql)
        connection.commit()


# --- the brief read ------------------------------------------------------------------------------

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def careful_parts(db: Path, **options: int) -> OverviewParts:
    with Store.open(db) as store:
        return overview_parts(store.history(), **options)


def brief_parts(db: Path, **options: int) -> OverviewParts:
    """The brief read, failing the test should it turn to the careful read."""
    store = OverviewStore.open(db)

    def careful() -> History:
        raise AssertionError("the brief read turned to the careful read")

    store.history = careful  # type: ignore[method-assign]
    try:
        return store.overview_parts(**options)
    finally:
        store.close()


def store_as_before(connection: sqlite3.Connection, record: QuizRecord) -> None:
    """Store a quiz as the versions before the overview columns did."""
    item = record.to_json()
    connection.execute(
        "INSERT INTO quizzes (uid, at, questionnaire_id, questionnaire_version, lang,"
        " answers, domains, total, red_flags, advice) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            item["id"],
            item["at"],
            item["questionnaire"],
            item["questionnaire_version"],
            item["lang"],
            *(json.dumps(item[key]) for key in ("answers", "domains", "total", "red_flags")),
            json.dumps(item["advice"]),
        ),
    )


def test_no_database_reads_as_empty_and_creates_nothing(db: Path) -> None:
    store = OverviewStore.open(db)
    assert store.overview_parts(recent=5) == overview_parts(History(), recent=5)
    assert store.counts() == (0, 0)
    assert not db.exists()


def test_the_default_overview_store_is_the_data_homes(stresscheck_home: Path) -> None:
    assert OverviewStore.open().path == database_path()


def test_the_brief_read_gives_the_careful_reads_parts(db: Path) -> None:
    flagged = replace(quiz(day=0, action="urgent"), red_flags=["chest_pain"])
    no_total = quiz(day=1, total=None)
    other = replace(quiz(day=2), questionnaire_id="other", questionnaire_version=3)
    stored(
        db,
        history(
            flagged,
            no_total,
            other,
            *(quiz(day=d) for d in range(3, 8)),
            *(session(day=d + 0.5, before=7, after=d % 4) for d in range(8)),
            session(day=3.2, completed=False, exercise="box"),
        ),
    )
    for options in (
        {"recent": 2, "chart_points": 0},
        {"recent": 100, "chart_points": 120},
        {"recent": 0, "trend_quizzes": 3, "chart_points": 3},
    ):
        parts = brief_parts(db, **options)
        assert parts == careful_parts(db, **options)
    assert parts.flagged == 1 and parts.last_flagged_at == flagged.at
    assert [use.questionnaire_id for use in parts.questionnaires] == [
        "stresscheck-default",
        "other",
    ]
    assert parts.evidence.reason is None and parts.evidence.span.sessions == 7
    assert parts.chart is not None and parts.chart.averaged and parts.chart.left_out == 1


def test_counts(db: Path) -> None:
    stored(db, history(quiz(day=0), session(day=1), session(day=2)))
    assert OverviewStore.open(db).counts() == (1, 2)


@given(st.floats(min_value=0, allow_infinity=False) | st.floats(min_value=0, max_value=1e4))
def test_practice_milliseconds_are_what_sqlite_computes(seconds: float) -> None:
    """The store adds practice time up in SQL; the careful read in Python. Both
    round each session to whole milliseconds the same way, so the sums agree."""
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        (expected,) = db.execute("SELECT CAST(? * 1000 + 0.5 AS INTEGER)", (seconds,)).fetchone()
    assert milliseconds(seconds) == expected


@pytest.mark.parametrize(
    ("sql", "where"),
    [
        ("UPDATE sessions SET exercise_id = ' ' WHERE id = 1", "sessions[1].exercise"),
        ("UPDATE sessions SET tension_after = 11 WHERE id = 1", "sessions[1].tension_after"),
        ("UPDATE sessions SET tension_before = 'x' WHERE id = 1", "sessions[1].tension_before"),
        ("UPDATE sessions SET actual_seconds = -1 WHERE id = 1", "sessions[1].actual_seconds"),
        ("UPDATE sessions SET actual_seconds = 9e999 WHERE id = 1", "sessions[1].actual_seconds"),
        ("UPDATE sessions SET tension_before = 5.5 WHERE id = 1", "sessions[1].tension_before"),
        ("UPDATE sessions SET at = 'yesterday' WHERE id = 1", "sessions[1].at"),
        ("UPDATE sessions SET at = '2026-01-05 09:00' WHERE id = 1", "sessions[1].at"),
        ("UPDATE quizzes SET at = 'yesterday' WHERE id = 1", "quizzes[1].at"),
        ("UPDATE quizzes SET questionnaire_version = -1 WHERE id = 1", "questionnaire_version"),
        ("UPDATE quizzes SET questionnaire_version = 1.5 WHERE id = 1", "questionnaire_version"),
        ("UPDATE quizzes SET questionnaire_id = ' ' WHERE id = 1", "quizzes[1].questionnaire"),
        # Damaged quizzes among the newest, which the view shows in full:
        ("UPDATE quizzes SET red_flags = '[1]' WHERE id = 4", "quizzes[4].red_flags"),
        ("UPDATE quizzes SET red_flags = 'oops' WHERE id = 4", "quizzes[4]"),
        ("UPDATE quizzes SET advice = '{}' WHERE id = 4", "quizzes[4].advice"),
        ('UPDATE quizzes SET total = \'{"score": true, "level": null}\' WHERE id = 4', "total"),
        ("UPDATE quizzes SET total = '{\"level\": null}' WHERE id = 4", "quizzes[4].total"),
    ],
)
def test_an_odd_value_gets_the_careful_reads_message(db: Path, sql: str, where: str) -> None:
    stored(db, history(*(quiz(day=d) for d in range(4)), session(day=0.5), session(day=1.5)))
    raw_update(db, sql)
    with pytest.raises(StoreError) as careful:
        Store.open(db).history()
    with pytest.raises(StoreError) as brief:
        OverviewStore.open(db).overview_parts(recent=1)
    assert brief.value.message == careful.value.message
    assert where in brief.value.message


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE quizzes SET score_kind = NULL WHERE id = 1",
        "UPDATE quizzes SET score_kind = 'lots' WHERE id = 1",
        "UPDATE quizzes SET flags = NULL WHERE id = 1",
        "UPDATE quizzes SET flags = 'x' WHERE id = 1",
        "UPDATE quizzes SET flags = -1 WHERE id = 1",
        "UPDATE quizzes SET scores = 'not numbers' WHERE id = 1",
        "UPDATE quizzes SET scores = x'00' WHERE id = 1",
        "UPDATE quizzes SET domain_ids = '[' WHERE id = 4",
        "UPDATE quizzes SET scores = NULL WHERE id = 4",
    ],
)
def test_odd_overview_columns_send_the_read_to_the_careful_one(db: Path, sql: str) -> None:
    """The columns kept for the overview are checked too: the careful read does not
    need them, and shows the history as it is."""
    stored(db, history(*(quiz(day=d) for d in range(4)), *(session(day=d) for d in range(3))))
    expected = careful_parts(db, recent=1, chart_points=120)
    raw_update(db, sql)
    assert OverviewStore.open(db).overview_parts(recent=1, chart_points=120) == expected


def test_a_quiz_that_cannot_be_read_keeps_no_overview_columns(db: Path) -> None:
    """A database of the second schema, one old quiz damaged: migrating it leaves that
    quiz without overview values, so the brief read gives the careful read's message."""
    private_dir(db.parent)
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as connection:
        migrations.migrate(connection, upto=2)
        for day in range(5):
            store_as_before(connection, quiz(day=day))
        connection.execute(
            'UPDATE quizzes SET total = \'{"score": "lots", "level": null}\' WHERE id = 2'
        )
    with pytest.raises(StoreError) as careful:
        Store.open(db).history()
    with pytest.raises(StoreError) as brief:
        OverviewStore.open(db).overview_parts(recent=2)
    assert brief.value.message == careful.value.message
    assert "quizzes[2].total.score" in brief.value.message
    with contextlib.closing(sqlite3.connect(db)) as connection:
        kinds = [row[0] for row in connection.execute("SELECT score_kind FROM quizzes ORDER BY id")]
    assert kinds[1] is None and set(kinds[:1] + kinds[2:]) == {"total"}


def test_a_damaged_file_is_reported_as_by_the_store(db: Path) -> None:
    db.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        OverviewStore.open(db).overview_parts()
    assert str(db) in caught.value.message


# Histories in which things coincide: few moments (so times tie), two questionnaires
# in two versions, domains that come and go, scores missing, sessions unrated.
moments = st.integers(min_value=0, max_value=30).map(lambda step: T0 + timedelta(hours=9 * step))
maxima = st.sampled_from([0.0, 12.0, 16.0])


@st.composite
def domain_results(draw: st.DrawFn) -> DomainScoreDict:
    maximum = draw(maxima)
    score = draw(st.none() | st.integers(min_value=0, max_value=16).map(float))
    return {"score": score, "max": maximum, "level": "low", "missing": 0}


@st.composite
def tied_quizzes(draw: st.DrawFn) -> QuizRecord:
    domain_ids = draw(st.sampled_from([("fatigue", "tension"), ("tension", "fatigue"), ("a",)]))
    total = draw(st.none() | st.integers(min_value=0, max_value=40).map(float) | st.just(None))
    return replace(
        quiz(
            total=None if draw(st.booleans()) else total,
            questionnaire=draw(st.sampled_from(["stresscheck-default", "other"])),
        ),
        at=draw(moments),
        questionnaire_version=draw(st.sampled_from([1, 2])),
        domains={d: draw(domain_results()) for d in domain_ids},
        red_flags=draw(st.sampled_from([[], ["chest_pain"]])),
    )


@st.composite
def tied_sessions(draw: st.DrawFn) -> SessionRecord:
    return replace(
        session(
            before=draw(st.none() | st.integers(min_value=0, max_value=10)),
            after=draw(st.none() | st.integers(min_value=0, max_value=10)),
            completed=draw(st.sampled_from([True, True, True, False])),
            exercise=draw(st.sampled_from(["resonance", "box", "extended_exhale"])),
        ),
        at=draw(moments),
        actual_seconds=draw(st.floats(min_value=0, max_value=2000, allow_nan=False)),
    )


options = st.fixed_dictionaries(
    {
        "recent": st.integers(min_value=0, max_value=4),
        "trend_quizzes": st.integers(min_value=0, max_value=4),
        "chart_points": st.sampled_from([0, 1, 2, 3, 120]),
    },
    # A report keeps no sessions in full (0); the history view as many as quizzes (absent).
    optional={"recent_sessions": st.integers(min_value=0, max_value=4)},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    quizzes=st.lists(tied_quizzes(), max_size=12),
    sessions=st.lists(tied_sessions(), max_size=12),
    chosen=options,
)
def test_the_brief_read_agrees_with_the_careful_one(
    quizzes: list[QuizRecord], sessions: list[SessionRecord], chosen: dict[str, int]
) -> None:
    """Overview parts from SQL sums equal those of the whole history, insight included."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        stored(db, History(tuple(quizzes), tuple(sessions)))
        brief = brief_parts(db, **chosen)
        careful = careful_parts(db, **chosen)
    assert brief == careful
    assert assemble(brief) == assemble(careful)
    event(f"insight: {brief.evidence.reason or 'compared'}")
    event(f"chart: {'thinned' if brief.chart and brief.chart.averaged else 'not thinned'}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=histories(), chosen=options)
def test_any_history_reads_the_same_briefly(records: History, chosen: dict[str, int]) -> None:
    """Any values the records may hold (huge, negative zero, unicode ids): the brief
    read gives what the careful one does (compared as text: NaN is not NaN)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        stored(db, records)
        with OverviewStore.open(db) as store:
            brief = store.overview_parts(**chosen)
        careful = careful_parts(db, **chosen)
    assert repr(brief) == repr(careful)


# --- where output goes -------------------------------------------------------------------------


def test_check_target(tmp_path: Path, stresscheck_home: Path) -> None:
    assert output.check_target("-") is None
    assert output.check_target(str(tmp_path / "x.json")) == tmp_path / "x.json"
    problems = {
        "": "needs a file name",
        str(tmp_path): "is a folder",
        str(tmp_path / "missing" / "x.json"): "does not exist",
    }
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    problems[str(a_file / "x.json")] = "is a file, not a folder"
    stresscheck_home.mkdir()
    problems[str(database_path())] = "history database itself"
    problems[f"{database_path()}-wal"] = "history database itself"
    for target, message in problems.items():
        with pytest.raises(UsageError) as caught:
            output.check_target(target)
        assert message in caught.value.message, target


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (errno.EACCES, "you may not write in the folder"),
        (errno.EROFS, "you may not write in the folder"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EIO, "(Input/output error)"),
    ],
)
def test_write_failures_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, message: str
) -> None:
    def fail(path: Path, data: bytes) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(output, "write_private_file", fail)
    with pytest.raises(StresscheckError) as caught:
        output.write_output(str(tmp_path / "x.html"), "text")
    assert message in caught.value.message
    assert caught.value.exit_code == 1


def test_writing_into_a_device_keeps_the_device() -> None:
    assert output.write_output(os.devnull, "data") == Path(os.devnull)
    assert Path(os.devnull).is_char_device()


def test_writing_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    output.write_output(str(link), "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


def test_standard_output_gets_the_exact_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert output.write_output("-", "a,b\r\nc,d\r\n") is None
    assert capsys.readouterr().out == "a,b\r\nc,d\r\n"


# --- the terminal view -------------------------------------------------------------------------


def render(records: History, *, plain: bool = False, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=plain)
    labels = Labels(EN, "en")
    history_view.render_history(
        console, build_overview(records, chart_points=0), labels, plain=plain
    )
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def test_the_view_of_nothing_is_kind() -> None:
    text = render(History())
    assert "Nothing is stored yet" in text
    assert "stresscheck quiz" in text


def test_sessions_only() -> None:
    text = render(history(session(day=0, before=None, after=None), session(day=1, after=None)))
    assert "0 self-checks and 2 breathing sessions" in text
    assert "6 → —" in text
    assert "Self-checks" not in text
    assert "There is no quiz result yet to compare with." in text


def test_a_sparkline_without_block_characters_where_they_cannot_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(history_view, "ascii_safe", lambda: False)
    text = render(history(quiz(day=0, total=30.0), quiz(day=7, total=20.0), quiz(day=14)))
    assert not any(block in text for block in BLOCKS)
    assert "->" in history_view.tension_text(Labels(EN, "en"), session(day=0), "->")


def test_trends_note_quizzes_of_another_questionnaire() -> None:
    text = render(history(replace(quiz(day=0), questionnaire_id="old"), quiz(day=1), quiz(day=2)))
    assert "only the self-checks made with the questionnaire 'stresscheck-default'" in text


def test_plain_lines_are_not_wrapped() -> None:
    text = render(history(quiz(day=0), quiz(day=7), session(day=1)), plain=True, width=40)
    quiz_lines = [line for line in text.splitlines() if line.startswith("5 Jan 2026")]
    assert quiz_lines and "Advice: breathing" in quiz_lines[0]


# The quiz being taken: at a stored moment, between them (microseconds) or after all.
currents = st.none() | st.builds(
    ScorePoint,
    moments | moments.map(lambda moment: moment + timedelta(microseconds=500_000)),
    st.sampled_from(["stresscheck-default", "other"]),
    st.sampled_from(["total", "percent"]),
    st.integers(min_value=0, max_value=40).map(float),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    quizzes=st.lists(tied_quizzes(), max_size=10),
    sessions=st.lists(tied_sessions(), max_size=12),
    current=currents,
)
def test_the_quizs_evidence_from_sql_agrees_with_the_careful_one(
    quizzes: list[QuizRecord], sessions: list[SessionRecord], current: ScorePoint | None
) -> None:
    """The quiz asks the store for the relief evidence with itself as the latest
    quiz: the indexed queries must find what the whole history shows."""
    records = History(tuple(quizzes), tuple(sessions))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        stored(db, records)
        with OverviewStore.open(db) as store:
            assert isinstance(store, OverviewStore)
            quick = store.relief_evidence(current)
    careful = relief_evidence(
        score_tuples(records.quizzes), session_tuples(records.sessions), current=current
    )
    assert quick == careful
    event(quick.reason or "compared")


# --- the computed parts, kept until the file changes ------------------------------------------


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as written long ago (parts are kept only of such files)."""
    from stresscheck.adapters.storage import history_read

    monkeypatch.setattr(history_read, "_settled", lambda stamp: True)


def test_kept_parts_are_the_computed_ones_until_the_file_changes(
    db: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    from stresscheck.adapters.storage import history_read

    stored(db, history(*(quiz(day=d) for d in range(5)), session(day=0.5), session(day=2.5)))
    computed = careful_parts(db, recent=3)
    with OverviewStore.open(db) as store:
        assert store.overview_parts(recent=3) == computed  # computed, then kept
    monkeypatch.setattr(history_read, "parts_from_rows", None)  # any computing fails
    assert brief_parts(db, recent=3) == computed
    with Store.open(db) as store:
        store.save_session(session(day=9))
    monkeypatch.setattr(history_read, "parts_from_rows", overview_module.parts_from_rows)
    assert brief_parts(db, recent=3).sessions == 3  # the write made the kept parts stale


def test_a_damaged_kept_entry_is_computed_again(
    db: Path, stresscheck_cache: Path, settled: None
) -> None:
    stored(db, history(quiz(day=0), session(day=1)))
    expected = brief_parts(db)
    where = zlib.crc32(str(db.absolute()).encode())
    entry = stresscheck_cache / f"note-overview-{where:08x}-20-20-120.json"
    for damage in (b"", entry.read_bytes()[:-5], b"stresscheck-cache 0 0\n{}", b"\xff" * 99):
        entry.write_bytes(damage)
        assert brief_parts(db) == expected


def test_a_record_shown_twice_is_kept_once(
    db: Path, stresscheck_cache: Path, settled: None
) -> None:
    """The newest quizzes are in the table and in the trends: the kept parts hold
    each record once, read back whole; a number that names no record read
    before is damage, and the parts are computed again."""
    stored(db, history(*(quiz(day=d) for d in range(4)), session(day=1)))
    expected = brief_parts(db, recent=3)
    where = zlib.crc32(str(db.absolute()).encode())
    entry = stresscheck_cache / f"note-overview-{where:08x}-3-20-120.json"
    kept = entry.read_bytes().partition(b"\n")[2].decode("utf-8")
    # Each of the four quizzes once; the latest again in the table, the table's
    # three again in the trends.
    assert kept.count('"QuizRecord"') == 4 and kept.count('"again"') == 4
    assert brief_parts(db, recent=3) == expected  # read back from the kept entry
    for odd in ("99", "-1", "true", '"0"'):
        damaged = re.sub(r'("@": "again", "v": )\d+', rf"\g<1>{odd}", kept, count=1).encode()
        entry.write_bytes(
            b"stresscheck-cache %08x %d\n%s" % (zlib.crc32(damaged), len(damaged), damaged)
        )
        assert brief_parts(db, recent=3) == expected


def test_kept_place_counts_follow_every_write_and_survive_damage(
    db: Path, stresscheck_cache: Path, settled: None
) -> None:
    """The body map's places per check are kept like the parts: read again after a
    write, and computed again when the kept entry is damaged."""
    from stresscheck.core.body_map import counts_of_records

    records = stored(db, history(quiz(day=0, answers={"locations": ("neck",)})))
    with OverviewStore.open(db) as store:
        assert store.place_counts("locations") == counts_of_records(records.quizzes, "locations")
    where = zlib.crc32(str(db.absolute()).encode())
    entry = stresscheck_cache / f"note-places-{where:08x}-locations.json"
    assert entry.exists()  # kept for this file (other tests keep theirs in the same folder)
    with Store.open(db) as store:
        store.save_quiz(quiz(day=3, answers={"locations": ("neck", "jaw", "legs")}))
    with OverviewStore.open(db) as store:
        assert [point.places for point in store.place_counts("locations")] == [1, 3]
    entry.write_bytes(b"stresscheck-cache 0 0\n{}")
    with OverviewStore.open(db) as store:
        assert [point.places for point in store.place_counts("locations")] == [1, 3]


# --- derived columns carry the version of the code that derived them --------------------------


def test_overview_columns_of_another_code_version_are_derived_again(db: Path) -> None:
    records = history(*(quiz(day=d) for d in range(3)), session(day=1))
    stored(db, records)
    raw_update(db, "UPDATE quizzes SET flags = 7")  # as another version would have derived
    raw_update(db, "PRAGMA user_version = 0")
    with OverviewStore.open(db) as store:  # may write: derives them again
        assert store.overview_parts() == careful_parts(db)
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (
            overview_module.DERIVED_VERSION,
        )
        assert {row[0] for row in connection.execute("SELECT flags FROM quizzes")} == {0}
    assert brief_parts(db) == careful_parts(db)


def test_a_read_only_history_of_another_code_version_reads_the_careful_way(
    db: Path,
) -> None:
    stored(db, history(*(quiz(day=d) for d in range(3)), session(day=1)))
    raw_update(db, "UPDATE quizzes SET flags = 7")
    raw_update(db, "PRAGMA user_version = 0")
    db.chmod(0o400)
    db.parent.chmod(0o500)
    try:
        with OverviewStore.open(db) as store:
            assert store.overview_parts().flagged == 0  # from the records, not the columns
            assert store.relief_evidence() == careful_parts(db).evidence
    finally:
        db.parent.chmod(0o700)
        db.chmod(0o600)


def test_a_record_changed_by_hand_is_derived_again(db: Path) -> None:
    stored(db, history(*(quiz(day=d) for d in range(3))))
    raw_update(db, "UPDATE quizzes SET red_flags = '[\"chest_pain\"]' WHERE id = 1")
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT score_kind FROM quizzes WHERE id = 1").fetchone() == (
            None,
        )
    with Store.open(db) as store:
        store.history()  # a store that may write derives it again
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute(
            "SELECT score_kind, flags FROM quizzes WHERE id = 1"
        ).fetchone() == (
            "total",
            1,
        )
    assert brief_parts(db).flagged == 1
