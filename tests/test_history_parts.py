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
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from history_factories import history, quiz, session
from stresscheck.adapters import history_view, output
from stresscheck.adapters.history_read import OverviewStore
from stresscheck.adapters.paths import database_path
from stresscheck.adapters.store import Store
from stresscheck.core.history import History
from stresscheck.core.insight import BLOCKS
from stresscheck.core.labels import Labels
from stresscheck.core.overview import build_overview
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


def test_no_database_reads_as_empty_and_creates_nothing(db: Path) -> None:
    store = OverviewStore.open(db)
    assert store.overview_history(full=5) == History()
    assert store.counts() == (0, 0)
    assert not db.exists()


def test_the_default_overview_store_is_the_data_homes(stresscheck_home: Path) -> None:
    assert OverviewStore.open().path == database_path()


def test_older_quizzes_come_back_brief(db: Path) -> None:
    full = stored(
        db,
        history(
            replace(quiz(day=0, action="urgent"), red_flags=["chest_pain"]),
            quiz(day=1, total=None),
            quiz(day=2),
            quiz(day=3),
        ),
    )
    brief = OverviewStore.open(db).overview_history(full=2)
    first, second, *newest = brief.quizzes
    assert newest == list(full.quizzes[2:])
    assert first.answers == {} and first.advice["reasons"] == []
    assert first.red_flags == ["chest_pain"] and first.advice["action"] == "urgent"
    assert first.total == full.quizzes[0].total
    assert first.domains == {}  # not needed: it has a total score
    assert second.total is None
    assert second.domains == full.quizzes[1].domains  # needed: compared without a total
    with_domains = OverviewStore.open(db).overview_history(full=1, domains=True)
    assert with_domains.quizzes[0].domains == full.quizzes[0].domains


def test_counts(db: Path) -> None:
    stored(db, history(quiz(day=0), session(day=1), session(day=2)))
    assert OverviewStore.open(db).counts() == (1, 2)


@pytest.mark.parametrize(
    ("sql", "where"),
    [
        ("UPDATE sessions SET exercise_id = ' ' WHERE id = 1", "sessions[1].exercise"),
        ("UPDATE sessions SET tension_after = 11 WHERE id = 1", "sessions[1].tension_after"),
        ("UPDATE sessions SET at = 'yesterday' WHERE id = 1", "sessions[1].at"),
        ("UPDATE quizzes SET red_flags = '[1]' WHERE id = 1", "quizzes[1].red_flags"),
        ("UPDATE quizzes SET red_flags = 'oops' WHERE id = 1", "quizzes[1]"),
        ("UPDATE quizzes SET advice = '{}' WHERE id = 1", "quizzes[1].advice"),
        ('UPDATE quizzes SET total = \'{"score": true, "level": null}\' WHERE id = 1', "total"),
        ("UPDATE quizzes SET total = '{\"level\": null}' WHERE id = 1", "quizzes[1].total"),
    ],
)
def test_an_odd_value_gets_the_careful_reads_message(db: Path, sql: str, where: str) -> None:
    stored(db, history(*(quiz(day=d) for d in range(4)), session(day=0.5), session(day=1.5)))
    raw_update(db, sql)
    with pytest.raises(StoreError) as careful:
        Store.open(db).history()
    with pytest.raises(StoreError) as brief:
        OverviewStore.open(db).overview_history(full=1)
    assert brief.value.message == careful.value.message
    assert where in brief.value.message


def test_a_damaged_file_is_reported_as_by_the_store(db: Path) -> None:
    db.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError) as caught:
        OverviewStore.open(db).overview_history(full=1)
    assert str(db) in caught.value.message


# --- where output goes -------------------------------------------------------------------------


def test_check_target(tmp_path: Path, stresscheck_home: Path) -> None:
    assert output.check_target("-", EN) is None
    assert output.check_target(str(tmp_path / "x.json"), EN) == tmp_path / "x.json"
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
            output.check_target(target, EN)
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
        output.write_output(str(tmp_path / "x.html"), "text", EN)
    assert message in caught.value.message
    assert caught.value.exit_code == 1


def test_writing_into_a_device_keeps_the_device() -> None:
    assert output.write_output(os.devnull, "data", EN) == Path(os.devnull)
    assert Path(os.devnull).is_char_device()


def test_writing_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    output.write_output(str(link), "new", EN)
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


def test_standard_output_gets_the_exact_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert output.write_output("-", "a,b\r\nc,d\r\n", EN) is None
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
