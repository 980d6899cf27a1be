"""Export (JSON, CSV) and import: exact round trips, no duplicates, clear errors."""

from __future__ import annotations

import copy
import csv
import io
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from history_factories import histories, quiz, session
from stresscheck import speech
from stresscheck.adapters.sources import export
from stresscheck.adapters.sources.export import (
    EXPORT_FORMATS,
    FORMAT_VERSION,
    export_csv,
    export_json,
    parse_export,
    read_export,
)
from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import ACTIONS, History, RecordError
from stresscheck.errors import EXIT_USAGE, ContentError
from stresscheck.i18n import Translator

EN = Translator("en")


def sample() -> History:
    return History(
        quizzes=(
            quiz(0, 24.0, answers={"fatigue_1": 3.0, "duration": 4.0}),
            quiz(
                22,
                25.0,
                answers={"fatigue_1": 4.0, "pain_1": 1.0},
                domains={
                    "fatigue": {"score": 10.0, "max": 12.0, "level": "high", "missing": 0},
                    "pain": {"score": None, "max": 8.0, "level": None, "missing": 3},
                },
            ),
        ),
        sessions=(session(1, 7, 4), session(2, None, None, completed=False)),
    )


# --- JSON --------------------------------------------------------------------------------


def test_json_export_is_the_history_shape_plus_format_version() -> None:
    history = sample()
    data = json.loads(export_json(history))
    assert list(data) == ["format_version", "quizzes", "sessions"]
    assert data["format_version"] == FORMAT_VERSION == 1
    assert {k: v for k, v in data.items() if k != "format_version"} == history.to_json()


@given(histories())
def test_json_export_then_import_gives_back_an_equal_history(history: History) -> None:
    assert parse_export(export_json(history), "export.json") == history


def test_export_forget_import_restores_everything_once(tmp_path: Path) -> None:
    history = sample()
    with Store.open() as store:
        store.import_history(history)
        (tmp_path / "backup.json").write_text(export_json(store.history()), "utf-8")
        assert store.forget()
    # A new computer: an empty data home.
    with Store.open() as store:
        restored = read_export(tmp_path / "backup.json")
        assert store.import_history(restored) == (2, 2)
        assert store.history() == history
        assert store.import_history(restored) == (0, 0)
        assert store.history() == history


# --- CSV --------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_header_and_one_row_per_record_oldest_first() -> None:
    text = export_csv(sample())
    rows = _rows(text)
    assert [row["kind"] for row in rows] == ["quiz", "session", "session", "quiz"]
    header = next(csv.reader(io.StringIO(text)))
    assert header[:3] == ["kind", "id", "at"]
    for column in (
        "score_fatigue",
        "level_fatigue",
        "score_pain",
        "answer_fatigue_1",
        "answer_duration",
        "answer_pain_1",
        "tension_before",
        "status",
        "total_score",
        "advice",
    ):
        assert column in header
    assert len(header) == len(set(header))


def test_csv_cells_hold_the_values() -> None:
    quiz_row, session_row, interrupted, later = _rows(export_csv(sample()))
    assert quiz_row["at"] == "2026-01-05T09:00:00+00:00"
    assert (quiz_row["score_fatigue"], quiz_row["level_fatigue"]) == ("9.0", "high")
    assert (quiz_row["answer_fatigue_1"], quiz_row["answer_pain_1"]) == ("3.0", "")
    assert (quiz_row["total_score"], quiz_row["advice"]) == ("24.0", "breathe")
    assert quiz_row["exercise"] == ""  # a session column, empty on a quiz row
    assert (session_row["tension_before"], session_row["tension_after"]) == ("7", "4")
    assert session_row["status"] == "completed" and session_row["score_fatigue"] == ""
    assert (interrupted["status"], interrupted["tension_before"]) == ("interrupted", "")
    assert (later["score_pain"], later["level_pain"], later["missing_pain"]) == ("", "", "3")


def test_csv_of_an_empty_history_is_just_the_header() -> None:
    assert export_csv(History()).splitlines() == [
        "kind,id,at,questionnaire,questionnaire_version,lang,total_score,total_level,advice,"
        "advice_exercise,advice_reasons,red_flags,exercise,planned_seconds,actual_seconds,"
        "cycles_planned,cycles_completed,status,tension_before,tension_after"
    ]


def test_csv_texts_never_become_spreadsheet_formulas() -> None:
    record = quiz(answers={"q": -1.5})
    record.advice["reasons"][0] = "=HYPERLINK(evil)"
    row = _rows(export_csv(History(quizzes=(record,))))[0]
    assert row["advice_reasons"] == "'=HYPERLINK(evil)"
    assert row["answer_q"] == "-1.5"  # numbers stay numbers


@given(histories())
def test_csv_always_has_one_row_per_record(history: History) -> None:
    rows = _rows(export_csv(history))
    assert len(rows) == len(history.quizzes) + len(history.sessions)
    assert sorted(row["id"].removeprefix("'") for row in rows) == sorted(
        [q.uid for q in history.quizzes] + [s.uid for s in history.sessions]
    )


def test_the_formats_registry() -> None:
    assert set(EXPORT_FORMATS) == {"csv", "json"}
    assert EXPORT_FORMATS["json"] is export_json and EXPORT_FORMATS["csv"] is export_csv


# --- import errors -----------------------------------------------------------------------


def _problems(text: str, name: str = "backup.json") -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_export(text, name)
    assert caught.value.exit_code == EXIT_USAGE == 2
    return caught.value.problems


def test_not_json_names_the_file_and_line() -> None:
    (line,) = _problems('{\n  "format_version": 1,\n  "quizzes": [,]\n}')
    assert line.startswith("backup.json:3: ")
    assert "not valid JSON" in line


@pytest.mark.parametrize("text", ["[]", '{"quizzes": [], "sessions": []}', '"hello"', "3"])
def test_something_else_is_not_an_export(text: str) -> None:
    (line,) = _problems(text)
    assert line.startswith("backup.json: this is not a stresscheck export")


def test_a_newer_format_asks_for_an_update() -> None:
    (line,) = _problems('{"format_version": 2, "quizzes": [], "sessions": []}')
    assert "format_version 2" in line and "Update stresscheck" in line


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export_json(sample()))
    return data


def test_bad_fields_name_the_line_and_key_path() -> None:
    data = _valid()
    data["quizzes"][1]["answers"]["fatigue_1"] = "four"
    data["sessions"][0]["tension_after"] = 12
    data["sessions"][1]["mood"] = "fine"
    text = json.dumps(data, indent=2)
    problems = _problems(text)
    assert len(problems) == 3
    by_path = {line.split(": ")[1]: line for line in problems}
    answer = by_path["quizzes[1].answers.fatigue_1"]
    expected_line = text.splitlines().index('        "fatigue_1": "four",') + 1
    assert answer.startswith(f"backup.json:{expected_line}: ")
    assert "expected a number" in answer
    assert "at most 10" in by_path["sessions[0].tension_after"]
    assert "unknown key" in by_path["sessions[1].mood"]


MISTAKES: list[tuple[tuple[str | int, ...], Any]] = [
    (("quizzes", 0, "id"), "has spaces"),
    (("quizzes", 0, "at"), "2026-01-05 09:00"),
    (("quizzes", 0, "at"), "next tuesday"),
    (("quizzes", 0, "questionnaire_version"), "1"),
    (("quizzes", 0, "answers", "fatigue_1"), True),
    (("quizzes", 0, "domains", "fatigue", "max"), -2),
    (("quizzes", 0, "total"), {"score": 3}),
    (("quizzes", 0, "advice", "action"), "shrug"),
    (("quizzes", 0, "red_flags"), [""]),
    (("sessions", 0, "status"), "interrupted"),
    (("sessions", 0, "completed"), "yes"),
    (("sessions", 0, "tension_before"), 6.5),
    (("sessions", 0, "cycles_completed"), -1),
    (("sessions", 0, "exercise"), " "),
]


@pytest.mark.parametrize(("where", "value"), MISTAKES)
def test_the_import_schema_and_the_core_reject_the_same_mistakes(
    where: tuple[str | int, ...], value: Any
) -> None:
    data = _valid()
    target: Any = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    problems = _problems(json.dumps(data))
    assert any(".".join(map(str, where[2:3])) in line for line in problems)
    with pytest.raises(RecordError):
        History.from_json({"quizzes": data["quizzes"], "sessions": data["sessions"]})


def test_a_missing_key_is_named() -> None:
    data = _valid()
    del data["sessions"][0]["actual_seconds"]
    (line,) = _problems(json.dumps(copy.deepcopy(data)))
    assert "sessions[0].actual_seconds" in line and "missing" in line


def test_import_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        read_export(tmp_path / "nope.json")
    assert str(tmp_path / "nope.json") in caught.value.message
    with pytest.raises(ContentError):
        read_export(tmp_path)
    (tmp_path / "latin1.json").write_bytes(b'{"x": "\xe9"}')
    with pytest.raises(ContentError) as caught:
        read_export(tmp_path / "latin1.json")
    assert "UTF-8" in caught.value.message


def test_import_errors_in_dutch(tmp_path: Path) -> None:
    speech.speak_with(lambda: Translator("nl"))
    with pytest.raises(ContentError) as caught:
        parse_export("[]", "backup.json")
    assert "geen export van stresscheck" in caught.value.message


def test_a_bad_import_leaves_the_store_alone(tmp_path: Path) -> None:
    with Store.open() as store:
        store.import_history(sample())
        before = store.history()
        bad = tmp_path / "bad.json"
        data = _valid()
        data["sessions"].append({"id": "x"})
        bad.write_text(json.dumps(data), "utf-8")
        with pytest.raises(ContentError):
            store.import_history(read_export(bad))
        assert store.history() == before


def test_schema_actions_are_the_core_actions() -> None:
    assert typing.get_args(export.Action) == ACTIONS
