"""The SQLite store: schema and migrations, concurrency, damaged files, faults, privacy."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import os
import re
import sqlite3
import stat
import struct
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from helpers import IS_ROOT, read_only
from history_factories import histories, quiz, session
from stresscheck import speech
from stresscheck.adapters import paths
from stresscheck.adapters.storage import migrations
from stresscheck.adapters.storage.store import SCHEMA_VERSION, Store
from stresscheck.core.history import History
from stresscheck.errors import EXIT_RUNTIME, StoreError
from stresscheck.i18n import Translator, catalogue


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection for looking inside (autocommit, as the store uses)."""
    return sqlite3.connect(path, isolation_level=None)


@pytest.fixture
def db_path(stresscheck_home: Path) -> Path:
    return paths.database_path()


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


# --- laziness and privacy ----------------------------------------------------------------


def test_reading_creates_nothing(stresscheck_home: Path, store: Store) -> None:
    assert store.history() == History()
    assert store.schema_version() == 0
    assert store.import_history(History()) == (0, 0)
    assert not store.forget()
    assert not stresscheck_home.exists()


def test_the_default_store_lives_in_the_data_home(stresscheck_home: Path) -> None:
    with Store.open() as default:
        assert default.path == stresscheck_home / "history.sqlite3"
        default.save_session(session())
    assert (stresscheck_home / "history.sqlite3").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_folder_is_0700_and_files_0600_whatever_the_umask(
    stresscheck_home: Path, store: Store, db_path: Path
) -> None:
    old = os.umask(0)  # the loosest umask there is
    try:
        store.save_session(session())
    finally:
        os.umask(old)
    assert mode(stresscheck_home) == 0o700
    assert mode(db_path) == 0o600
    for side in ("-wal", "-shm"):  # the store is still open, so they exist
        side_path = Path(f"{db_path}{side}")
        assert side_path.exists()
        assert mode(side_path) == 0o600


# --- schema and migrations ------------------------------------------------------------


def test_a_fresh_database_gets_the_whole_schema(store: Store, db_path: Path) -> None:
    store.save_quiz(quiz())
    assert store.schema_version() == SCHEMA_VERSION == len(migrations.MIGRATIONS)
    with contextlib.closing(raw(db_path)) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"_migrations", "quizzes", "sessions"}
        quiz_columns = [r[1] for r in db.execute("PRAGMA table_info(quizzes)")]
        assert quiz_columns == [
            "id", "uid", "at", "questionnaire_id", "questionnaire_version", "lang",
            "answers", "domains", "total", "red_flags", "advice",
            "score_kind", "flags", "domain_ids", "scores",
        ]  # fmt: skip
        session_columns = [r[1] for r in db.execute("PRAGMA table_info(sessions)")]
        assert session_columns == [
            "id", "uid", "at", "exercise_id", "planned_seconds", "actual_seconds",
            "cycles_planned", "cycles_completed", "completed", "tension_before", "tension_after",
        ]  # fmt: skip
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"quizzes_at", "sessions_at", "quizzes_overview"} <= indexes
        assert migrations.applied(db) == migrations.names()
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrations_run_once(db_path: Path) -> None:
    with Store.open(db_path) as first:
        first.save_session(session())
    with contextlib.closing(raw(db_path)) as db:
        assert migrations.migrate(db) == []
        count = db.execute("SELECT count(*) FROM _migrations").fetchone()[0]
    assert count == len(migrations.MIGRATIONS)
    with Store.open(db_path) as second:
        assert len(second.history().sessions) == 1


def test_migrating_from_the_first_schema_keeps_old_rows(db_path: Path) -> None:
    """A database as the first release left it, rows and all, opened by this one."""
    old_quiz, old_session = quiz(0, 24.0), session(1, 7, 3)
    paths.private_dir(db_path.parent)
    with contextlib.closing(raw(db_path)) as db:
        assert migrations.migrate(db, upto=1) == ["m001_quizzes_and_sessions"]
        item = old_quiz.to_json()
        db.execute(
            "INSERT INTO quizzes (uid, at, questionnaire_id, questionnaire_version, lang,"
            " answers, domains, total, red_flags, advice) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                item["id"], item["at"], item["questionnaire"], item["questionnaire_version"],
                item["lang"], json.dumps(item["answers"]), json.dumps(item["domains"]),
                json.dumps(item["total"]), json.dumps(item["red_flags"]),
                json.dumps(item["advice"]),
            ),
        )  # fmt: skip
        db.execute(
            "INSERT INTO sessions (uid, at, exercise_id, planned_seconds, actual_seconds,"
            " cycles_planned, cycles_completed, completed, tension_before, tension_after)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (old_session.uid, old_session.at.isoformat(), "resonance", 300, 300, 27, 27, 1, 7, 3),
        )
        assert migrations.applied(db) == ["m001_quizzes_and_sessions"]
    with Store.open(db_path) as store:
        assert store.history() == History((old_quiz,), (old_session,))
        assert store.schema_version() == SCHEMA_VERSION
        store.save_session(session(2))
        assert len(store.history().sessions) == 2
    with contextlib.closing(raw(db_path)) as db:
        assert migrations.applied(db) == migrations.names()
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"sessions_at", "quizzes_overview"} <= indexes
        columns = ", ".join(migrations.OVERVIEW_COLUMNS)
        (kept,) = db.execute(f"SELECT {columns} FROM quizzes").fetchall()
        assert kept == migrations.overview_values(old_quiz)


def test_the_overview_columns_hold_what_the_overview_reads(store: Store, db_path: Path) -> None:
    domains = {
        "fatigue": {"score": 6.0, "max": 12.0, "level": "moderate", "missing": 0},
        "sleep": {"score": None, "max": 8.0, "level": None, "missing": 3},
    }
    flagged = replace(quiz(3, None, domains=domains), red_flags=["chest_pain", "fainting"])  # type: ignore[arg-type]
    unscored = quiz(4, None, domains={})
    for record in (quiz(2, 24.0), flagged, unscored):
        store.save_quiz(record)
    with contextlib.closing(raw(db_path)) as db:
        rows = db.execute(
            "SELECT score_kind, flags, domain_ids, scores FROM quizzes ORDER BY at"
        ).fetchall()
    (kind, flags, ids, scores), (kind2, flags2, ids2, scores2), (kind3, *_, scores3) = rows
    assert (kind, flags, ids) == ("total", 0, '["fatigue"]')
    assert struct.unpack("<3d", scores) == (quiz(2).at.timestamp(), 24.0, 75.0)
    assert (kind2, flags2, ids2) == ("percent", 2, '["fatigue","sleep"]')
    _, score, fatigue, sleep = struct.unpack("<4d", scores2)
    assert (score, fatigue) == (50.0, 50.0) and math.isnan(sleep)
    assert kind3 == "none" and math.isnan(struct.unpack("<2d", scores3)[1])


def test_migrating_keeps_what_cannot_be_read_for_the_careful_read(db_path: Path) -> None:
    """A stored quiz that does not read as one gets no overview values (NULL), so that
    the overview turns to the careful read, which names it."""
    paths.private_dir(db_path.parent)
    with contextlib.closing(raw(db_path)) as db:
        migrations.migrate(db, upto=2)
        for record in (quiz(0, 24.0), quiz(1, 20.0)):
            item = record.to_json()
            db.execute(
                "INSERT INTO quizzes (uid, at, questionnaire_id, questionnaire_version, lang,"
                " answers, domains, total, red_flags, advice) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    *(item[k] for k in ("id", "at", "questionnaire", "questionnaire_version")),
                    item["lang"],
                    *(json.dumps(item[k]) for k in ("answers", "domains", "total", "red_flags")),
                    json.dumps(item["advice"]),
                ),
            )
        db.execute("UPDATE quizzes SET domains = 'oops' WHERE id = 2")
    with pytest.raises(StoreError, match=re.escape("quizzes[2].domains")):
        Store.open(db_path).history()  # migrates, then reads carefully
    with contextlib.closing(raw(db_path)) as db:
        assert migrations.applied(db) == migrations.names()
        rows = db.execute("SELECT score_kind, flags, scores IS NULL FROM quizzes ORDER BY id")
        assert rows.fetchall() == [("total", 0, 0), (None, None, 1)]


def test_a_failing_migration_leaves_the_old_schema(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.private_dir(db_path.parent)
    with contextlib.closing(raw(db_path)) as db:
        migrations.migrate(db, upto=1)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    broken.__name__ = "m999_broken"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(StoreError):
        Store.open(db_path).save_session(session())
    with contextlib.closing(raw(db_path)) as db:
        assert migrations.applied(db) == ["m001_quizzes_and_sessions"]  # m002 rolled back too
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "half_done" not in tables


# --- saving and reading ---------------------------------------------------------------


def test_saved_records_come_back_equal_and_oldest_first(store: Store) -> None:
    quizzes = [quiz(5, 20.0), quiz(1, 24.0)]
    sessions = [session(3, 7, 4), session(2, None, None)]
    assert all(store.save_quiz(record) for record in quizzes)
    assert all(store.save_session(record) for record in sessions)
    history = store.history()
    assert [q.total["score"] for q in history.quizzes if q.total] == [24.0, 20.0]
    assert [s.tension_before for s in history.sessions] == [None, 7]
    assert history == History(tuple(quizzes), tuple(sessions))


def test_saving_the_same_record_twice_stores_it_once(store: Store) -> None:
    record = session()
    assert store.save_session(record)
    assert not store.save_session(record)
    assert len(store.history().sessions) == 1


def test_a_record_of_the_wrong_shape_is_refused_before_writing(store: Store) -> None:
    bad = quiz()
    bad.answers["fatigue_1"] = float("nan")
    with pytest.raises(ValueError):
        store.save_quiz(bad)
    assert not store.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories())
def test_any_history_survives_the_database(tmp_path: Path, history: History) -> None:
    path = tmp_path / os.urandom(8).hex() / "history.sqlite3"
    with Store.open(path) as store:
        store.import_history(history)
    with Store.open(path) as store:
        assert store.history() == history


def test_import_adds_only_what_is_new(store: Store) -> None:
    first = History((quiz(0), quiz(1)), (session(0),))
    assert store.import_history(first) == (2, 1)
    assert store.import_history(first) == (0, 0)
    more = History((*first.quizzes, quiz(2)), (*first.sessions, session(1), session(2)))
    assert store.import_history(more) == (1, 2)
    assert store.history() == more


def test_records_with_the_same_id_in_one_import_count_once(store: Store) -> None:
    record = session(uid="same")
    assert store.import_history(History(sessions=(record, record))) == (0, 1)


# --- several processes at once ------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, UTC
    from pathlib import Path
    from stresscheck.adapters.storage.store import Store
    from stresscheck.core.history import SessionRecord
    path, tag, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    while not go.exists():
        time.sleep(0.001)
    for i in range(200):
        with Store.open(path) as store:  # a new process-like open for every save
            store.save_session(
                SessionRecord(f"{tag}{i:04d}", datetime.now(UTC), tag, 60, 60, 6, 6, True, 5, 3)
            )
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path, db_path: Path) -> None:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), tag, str(go)])
        for tag in ("a", "b")
    ]
    time.sleep(0.3)  # both are waiting at the barrier; the database does not exist yet
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=90) == 0
    sessions = Store.open(db_path).history().sessions
    assert len(sessions) == 400
    assert {s.uid for s in sessions} == {f"{t}{i:04d}" for t in "ab" for i in range(200)}


# --- files we must not touch ---------------------------------------------------------------


def _assert_untouched(path: Path, before: str, siblings: set[str]) -> None:
    assert digest(path) == before
    assert {p.name for p in path.parent.iterdir()} == siblings


@pytest.mark.parametrize("operation", ["save", "history", "import"])
def test_random_bytes_are_reported_and_left_byte_for_byte(db_path: Path, operation: str) -> None:
    paths.private_dir(db_path.parent)
    db_path.write_bytes(os.urandom(20_000))
    before = digest(db_path)
    store = Store.open(db_path)
    with pytest.raises(StoreError) as caught:
        if operation == "save":
            store.save_session(session())
        elif operation == "history":
            store.history()
        else:
            store.import_history(History(sessions=(session(),)))
    message = caught.value.message
    assert str(db_path) in message
    assert "history.sqlite3.damaged" in message and "stresscheck import" in message
    assert caught.value.exit_code == EXIT_RUNTIME == 1
    _assert_untouched(db_path, before, {"history.sqlite3"})


def _real_database(path: Path, sessions: int = 300) -> None:
    with Store.open(path) as store:
        store.import_history(History(sessions=tuple(session(i / 10) for i in range(sessions))))


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.75, 0.95])
def test_a_truncated_database_is_reported_and_left_byte_for_byte(
    tmp_path: Path, db_path: Path, keep: float
) -> None:
    _real_database(tmp_path / "whole.sqlite3")
    whole = (tmp_path / "whole.sqlite3").read_bytes()
    paths.private_dir(db_path.parent)
    db_path.write_bytes(whole[: int(len(whole) * keep)])
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert str(db_path) in caught.value.message
    _assert_untouched(db_path, before, {"history.sqlite3"})
    with pytest.raises(StoreError):
        Store.open(db_path).history()
    _assert_untouched(db_path, before, {"history.sqlite3"})


def _damage_an_old_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 8 * page
    data[3 * page : 4 * page] = b"\xff" * page  # one old page of sessions, overwritten
    path.write_bytes(bytes(data))


def test_damage_far_from_where_a_save_writes_is_still_found(db_path: Path) -> None:
    """A save appends to the last page; damage in an old page would go unnoticed
    by the save itself, which would then rewrite the file. The check before
    writing finds it, and the file stays as it was."""
    _real_database(db_path, 300)
    _damage_an_old_page(db_path)
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert "damaged" in caught.value.message
    _assert_untouched(db_path, before, {"history.sqlite3"})


def test_a_store_that_has_read_checks_the_whole_file_before_writing(db_path: Path) -> None:
    """A plain read does not check the whole file (it cannot change it); the same
    store's first write does, and the damaged file stays as it was."""
    _real_database(db_path, 300)
    _damage_an_old_page(db_path)
    before = digest(db_path)
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION  # the read does not touch the damage
        with pytest.raises(StoreError) as caught:
            store.save_session(session())
    assert "damaged" in caught.value.message
    _assert_untouched(db_path, before, {"history.sqlite3"})


def test_a_read_checks_the_whole_file_when_a_log_waits_to_be_folded_in(db_path: Path) -> None:
    """Closing the read's connection would copy the waiting log into a damaged
    file: so then the read checks the whole file first, and leaves it as it was."""
    _real_database(db_path, 300)
    with contextlib.closing(raw(db_path)) as writer:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE sessions SET tension_after = 1 WHERE id = 300")  # the last page
        assert Path(f"{db_path}-wal").stat().st_size > 0
        _damage_an_old_page(db_path)
        before = digest(db_path)
        with pytest.raises(StoreError) as caught, Store.open(db_path) as store:
            store.schema_version()
        assert "damaged" in caught.value.message
        assert digest(db_path) == before


def test_a_database_of_another_program_is_left_alone(db_path: Path) -> None:
    paths.private_dir(db_path.parent)
    with contextlib.closing(raw(db_path)) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
        db.execute("INSERT INTO contacts VALUES ('Ada')")
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert "another program" in caught.value.message
    assert digest(db_path) == before


def test_a_database_from_a_newer_version_is_left_alone(db_path: Path) -> None:
    _real_database(db_path, 3)
    with contextlib.closing(raw(db_path)) as db:
        db.execute("INSERT INTO _migrations (name) VALUES ('m999_from_the_future')")
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert "newer version" in caught.value.message
    assert digest(db_path) == before


def test_a_damaged_row_names_the_row_and_key(db_path: Path) -> None:
    _real_database(db_path, 2)
    with contextlib.closing(raw(db_path)) as db:
        db.execute("UPDATE sessions SET tension_before = 42 WHERE id = 2")
    before = digest(db_path)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).history()
    assert "sessions[2].tension_before" in caught.value.message
    assert "from 0 to 10" in caught.value.message
    assert digest(db_path) == before


def test_a_row_that_is_not_json_is_reported(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.save_quiz(quiz())
    with contextlib.closing(raw(db_path)) as db:
        db.execute("UPDATE quizzes SET answers = '{not json' WHERE id = 1")
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).history()
    assert "quizzes[1]" in caught.value.message


def test_an_empty_file_is_a_new_database(db_path: Path) -> None:
    """What a crash right after creating the file leaves behind."""
    paths.private_dir(db_path.parent)
    db_path.touch()
    with Store.open(db_path) as store:
        store.save_session(session())
        assert len(store.history().sessions) == 1


def test_a_folder_where_the_database_should_be(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert "is a folder" in caught.value.message
    with pytest.raises(StoreError):
        Store.open(db_path).history()


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "home" / "history.sqlite3").save_session(session())
    assert "is a file, not a folder" in caught.value.message


@pytest.mark.skipif(IS_ROOT, reason="root can read any file")
def test_an_unreadable_database_is_reported(db_path: Path) -> None:
    _real_database(db_path, 1)
    db_path.chmod(0)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(db_path).history()
        assert "permission" in caught.value.message
    finally:
        db_path.chmod(0o600)


# --- a read-only folder, a full disk -----------------------------------------------------


def test_a_read_only_folder_gives_a_clear_error(stresscheck_home: Path, db_path: Path) -> None:
    stresscheck_home.mkdir(mode=0o700)
    with read_only(stresscheck_home):
        with pytest.raises(StoreError) as caught:
            Store.open(db_path).save_session(session())
        assert "read-only" in caught.value.message and str(db_path) in caught.value.message
        assert list(stresscheck_home.iterdir()) == []


def test_a_read_only_folder_with_a_database_in_it(stresscheck_home: Path, db_path: Path) -> None:
    _real_database(db_path, 2)
    before = digest(db_path)
    with read_only(stresscheck_home):
        with pytest.raises(StoreError) as caught:
            Store.open(db_path).save_session(session())
        assert "read-only" in caught.value.message
    assert digest(db_path) == before
    assert len(Store.open(db_path).history().sessions) == 2


def test_a_full_disk_saves_nothing_at_all(store: Store) -> None:
    store.save_session(session())
    db = store._connect(create=True)
    assert db is not None
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
    big = History(sessions=tuple(session(i / 100) for i in range(2000)))
    with pytest.raises(StoreError) as caught:
        store.import_history(big)
    assert "disk is full" in caught.value.message and "Nothing was saved" in caught.value.message
    assert len(store.history().sessions) == 1  # not one row of the 2000


def test_a_full_disk_when_creating_the_folder(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("stresscheck.adapters.storage.store.private_dir", full)
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).save_session(session())
    assert "disk is full" in caught.value.message


def test_a_busy_database_says_so(store: Store, db_path: Path) -> None:
    store.save_session(session())
    db = store._connect(create=True)
    assert db is not None
    db.execute("PRAGMA busy_timeout = 100")  # not the real 5 s, to keep the test quick
    with contextlib.closing(raw(db_path)) as other:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        with pytest.raises(StoreError) as caught:
            store.save_session(session())
        other.execute("ROLLBACK")
    assert "busy" in caught.value.message
    assert len(store.history().sessions) == 1


# --- forget ------------------------------------------------------------------------------


def test_forget_deletes_the_database_and_its_side_files(store: Store, db_path: Path) -> None:
    store.save_session(session())
    assert Path(f"{db_path}-wal").exists()
    assert store.forget()
    assert [p.name for p in db_path.parent.iterdir()] == []
    assert store.history() == History()
    assert not store.forget()


def test_forget_works_on_a_damaged_file(db_path: Path) -> None:
    paths.private_dir(db_path.parent)
    db_path.write_bytes(b"garbage" * 100)
    assert Store.open(db_path).forget()
    assert not db_path.exists()


def test_forget_in_a_read_only_folder_deletes_nothing(
    stresscheck_home: Path, db_path: Path
) -> None:
    _real_database(db_path, 1)
    with read_only(stresscheck_home), pytest.raises(StoreError) as caught:
        Store.open(db_path).forget()
    assert "read-only" in caught.value.message
    assert len(Store.open(db_path).history().sessions) == 1


# --- messages --------------------------------------------------------------------------------


def test_errors_speak_the_persons_language(db_path: Path) -> None:
    paths.private_dir(db_path.parent)
    db_path.write_bytes(b"x" * 4096)
    speech.speak_with(lambda: Translator("nl"))  # a run in Dutch
    with pytest.raises(StoreError) as caught:
        Store.open(db_path).history()
    assert "beschadigd" in caught.value.message and str(db_path) in caught.value.message


def test_store_messages_exist_in_both_languages() -> None:
    english = {k for k in catalogue("en") if k.startswith("store.")}
    dutch = {k for k in catalogue("nl") if k.startswith("store.")}
    assert english == dutch
    source = (
        Path(__file__).parent.parent / "src/stresscheck/adapters/storage/store.py"
    ).read_text()
    used = set(re.findall(r'_fail\(\s*"(\w+)"', source)) | {"corrupt"}
    assert {f"store.{key}" for key in used} <= english
