"""History records: the contract's JSON shape, strict reading, exact round trips."""

from __future__ import annotations

import copy
import json
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from history_factories import T0, histories, quiz, quiz_records, session, session_records
from stresscheck.core.history import (
    QUIZ_FIELDS,
    QUIZ_KEYS,
    SESSION_FIELDS,
    SESSION_KEYS,
    STATUS,
    History,
    QuizRecord,
    RecordError,
    SessionRecord,
    format_key_path,
    new_uid,
    utc_second,
)


def test_the_record_tables_are_in_the_records_order() -> None:
    # from_json hands a record its fields in the table's order. (The contract's
    # keys themselves are written out in test_history_cli.)
    for table, record in ((QUIZ_FIELDS, QuizRecord), (SESSION_FIELDS, SessionRecord)):
        kept = [key.attribute for key in table if key.kind != STATUS]
        assert kept == [item.name for item in fields(record)]


def test_quiz_item_has_the_contract_keys_and_values() -> None:
    record = quiz(0, 24.0, uid="a" * 32)
    item = record.to_json()
    assert tuple(item) == QUIZ_KEYS
    assert item["id"] == "a" * 32
    assert item["at"] == "2026-01-05T09:00:00+00:00"
    assert item["questionnaire"] == "stresscheck-default"
    assert item["questionnaire_version"] == 1
    assert item["answers"] == {"fatigue_1": 3.0, "duration": 4.0}
    assert item["domains"]["fatigue"] == {"score": 9.0, "max": 12.0, "level": "high", "missing": 0}
    assert item["total"] == {"score": 24.0, "level": "moderate"}
    assert item["advice"] == {"action": "breathe", "exercise": "resonance", "reasons": ["Because."]}


def test_session_item_has_the_contract_keys_and_values() -> None:
    item = session(1, 7, None, completed=False).to_json()
    assert tuple(item) == SESSION_KEYS
    assert item["at"] == "2026-01-06T09:00:00+00:00"
    assert item["exercise"] == "resonance"
    assert item["status"] == "interrupted"
    assert item["completed"] is False
    assert (item["tension_before"], item["tension_after"]) == (7, None)
    assert (item["planned_seconds"], item["actual_seconds"]) == (300.0, 120.0)


def test_to_json_hands_out_copies() -> None:
    record = quiz()
    item = record.to_json()
    item["answers"]["fatigue_1"] = 99
    item["advice"]["reasons"].append("changed")
    item["domains"]["fatigue"]["score"] = 0
    assert record.answers["fatigue_1"] == 3.0
    assert record.advice["reasons"] == ["Because."]
    assert record.domains["fatigue"]["score"] == 9.0


def test_times_are_kept_in_utc_to_the_second() -> None:
    local = datetime(2026, 11, 25, 17, 45, 44, 987654, tzinfo=timezone(timedelta(hours=1)))
    record = replace(session(), at=local)
    assert record.at == datetime(2026, 11, 25, 16, 45, 44, tzinfo=UTC)
    assert record.at.tzinfo is UTC
    assert record.to_json()["at"] == "2026-11-25T16:45:44+00:00"


def test_a_time_without_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="offset"):
        utc_second(datetime(2026, 1, 1, 12, 0))


def test_new_uids_are_uuid4_hex_and_unique() -> None:
    uids = {new_uid() for _ in range(1000)}
    assert len(uids) == 1000
    assert all(len(uid) == 32 and int(uid, 16) >= 0 for uid in uids)


def test_relief_and_status() -> None:
    assert session(0, 7, 3).relief == 4
    assert session(0, 3, 5).relief == -2
    assert session(0, None, 3).relief is None
    assert session(0, 7, None).relief is None
    assert session(completed=True).status == "completed"


def test_history_is_oldest_first_and_keeps_order_at_equal_times() -> None:
    late, early = quiz(5, uid="late"), quiz(1, uid="early")
    same_a, same_b = session(2, uid="same_a"), session(2, uid="same_b")
    history = History(quizzes=(late, early), sessions=(same_b, same_a))
    assert [q.uid for q in history.quizzes] == ["early", "late"]
    assert [s.uid for s in history.sessions] == ["same_b", "same_a"]
    assert not History()
    assert History(sessions=(same_a,))


def test_history_json_shape() -> None:
    history = History(quizzes=(quiz(),), sessions=(session(),))
    data = history.to_json()
    assert list(data) == ["quizzes", "sessions"]
    assert len(data["quizzes"]) == 1 and len(data["sessions"]) == 1


@given(quiz_records())
def test_quiz_round_trips_through_json_text(record: QuizRecord) -> None:
    text = json.dumps(record.to_json())
    assert QuizRecord.from_json(json.loads(text)) == record


@given(session_records())
def test_session_round_trips_through_json_text(record: SessionRecord) -> None:
    text = json.dumps(record.to_json())
    assert SessionRecord.from_json(json.loads(text)) == record


@given(histories())
def test_history_round_trips_through_json_text(history: History) -> None:
    again = History.from_json(json.loads(json.dumps(history.to_json())))
    assert again == history
    assert again.to_json() == history.to_json()


def test_whole_numbers_read_as_floats_compare_equal() -> None:
    item = quiz().to_json()
    item["answers"] = {"fatigue_1": 3, "duration": 4}
    assert QuizRecord.from_json(item).answers == {"fatigue_1": 3.0, "duration": 4.0}
    assert isinstance(QuizRecord.from_json(item).answers["fatigue_1"], float)


def test_another_offset_in_json_becomes_utc() -> None:
    item = session().to_json()
    item["at"] = "2026-01-05T10:00:00+01:00"
    assert SessionRecord.from_json(item).at == T0
    item["at"] = "2026-01-05T09:00:00Z"
    assert SessionRecord.from_json(item).at == T0


def _set(item: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = item
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()

QUIZ_MISTAKES = [
    (("id",), "", "id", "bad_id"),
    (("id",), "has space", "id", "bad_id"),
    (("at",), "yesterday", "at", "bad_time"),
    (("at",), "2026-01-05T09:00:00", "at", "no_offset"),
    (("at",), 1767600000, "at", "bad_time"),
    (("questionnaire",), "  ", "questionnaire", "empty"),
    (("questionnaire_version",), 1.5, "questionnaire_version", "not_whole"),
    (("questionnaire_version",), True, "questionnaire_version", "not_whole"),
    (("answers", "fatigue_1"), "3", "answers.fatigue_1", "not_answer"),
    (("answers", "fatigue_1"), True, "answers.fatigue_1", "not_answer"),
    (("answers", "fatigue_1"), None, "answers.fatigue_1", "not_answer"),
    (("answers", "fatigue_1"), {"neck": 1}, "answers.fatigue_1", "not_answer"),
    (("answers", "fatigue_1"), float("nan"), "answers.fatigue_1", "not_number"),
    (("answers", "locations"), ["neck", "x y"], "answers.locations[1]", "bad_option"),
    (("answers", "locations"), ["n" * 65], "answers.locations[0]", "bad_option"),
    (("answers", "locations"), ["", "neck"], "answers.locations[0]", "bad_option"),
    (("answers", "locations"), [True], "answers.locations[0]", "bad_option"),
    (("answers", "locations"), [None], "answers.locations[0]", "bad_option"),
    (("answers", "locations"), [["neck"]], "answers.locations[0]", "bad_option"),
    (("answers", "locations"), [1, float("inf")], "answers.locations[1]", "not_number"),
    (("answers", "locations"), ["neck"] * 51, "answers.locations", "too_many"),
    (("answers",), [3], "answers", "not_object"),
    (("domains", "fatigue", "max"), -1, "domains.fatigue.max", "negative"),
    (("domains", "fatigue", "missing"), -1, "domains.fatigue.missing", "out_of_range"),
    (("domains", "fatigue", "level"), 3, "domains.fatigue.level", "not_text"),
    (("domains", "fatigue", "extra"), 1, "domains.fatigue.extra", "unknown_key"),
    (("domains", "fatigue", "score"), _DELETE, "domains.fatigue.score", "missing"),
    (("total", "score"), "high", "total.score", "not_number"),
    (("red_flags",), "chest_pain", "red_flags", "not_list"),
    (("red_flags",), [1], "red_flags[0]", "not_text"),
    (("advice", "action"), "ignore", "advice.action", "bad_choice"),
    (("advice", "reasons"), [""], "advice.reasons[0]", "empty"),
    (("advice",), _DELETE, "advice", "missing"),
    (("notes",), "hello", "notes", "unknown_key"),
]


@pytest.mark.parametrize(("where", "value", "path", "code"), QUIZ_MISTAKES)
def test_bad_quiz_data_names_the_key_path(
    where: tuple[str, ...], value: Any, path: str, code: str
) -> None:
    item = copy.deepcopy(quiz().to_json())
    _set(item, where, value)
    with pytest.raises(RecordError) as caught:
        QuizRecord.from_json(item, ("quizzes", 2))
    assert format_key_path(caught.value.path) == f"quizzes[2].{path}"
    assert caught.value.code == code
    assert str(caught.value).startswith(f"quizzes[2].{path}: ")


SESSION_MISTAKES = [
    (("tension_before",), 11, "tension_before", "out_of_range"),
    (("tension_after",), -1, "tension_after", "out_of_range"),
    (("tension_after",), 4.0, "tension_after", "not_whole"),
    (("status",), "paused", "status", "bad_choice"),
    (("status",), "interrupted", "status", "status_mismatch"),
    (("completed",), 1, "completed", "not_boolean"),
    (("planned_seconds",), -0.5, "planned_seconds", "negative"),
    (("actual_seconds",), float("inf"), "actual_seconds", "not_number"),
    (("cycles_completed",), -3, "cycles_completed", "out_of_range"),
    (("exercise",), None, "exercise", "not_text"),
]


@pytest.mark.parametrize(("where", "value", "path", "code"), SESSION_MISTAKES)
def test_bad_session_data_names_the_key_path(
    where: tuple[str, ...], value: Any, path: str, code: str
) -> None:
    item = session().to_json()
    _set(item, where, value)
    with pytest.raises(RecordError) as caught:
        SessionRecord.from_json(item, ("sessions", 0))
    assert format_key_path(caught.value.path) == f"sessions[0].{path}"
    assert caught.value.code == code


def test_bad_history_shapes() -> None:
    with pytest.raises(RecordError) as caught:
        History.from_json([])
    assert caught.value.code == "not_object"
    with pytest.raises(RecordError) as caught:
        History.from_json({"quizzes": {}, "sessions": []})
    assert (caught.value.path, caught.value.code) == (("quizzes",), "not_list")
    with pytest.raises(RecordError) as caught:
        History.from_json({"quizzes": []})
    assert (caught.value.path, caught.value.code) == (("sessions",), "missing")
    item = session().to_json()
    del item["tension_after"]
    with pytest.raises(RecordError) as caught:
        History.from_json({"quizzes": [], "sessions": [session().to_json(), item]})
    assert format_key_path(caught.value.path) == "sessions[1].tension_after"


@given(st.lists(st.sampled_from(["a", 1, "b_c", 0]), max_size=5))
def test_format_key_path(parts: list[str | int]) -> None:
    text = format_key_path(tuple(parts))
    assert text.count("[") == sum(isinstance(part, int) for part in parts)
    if parts and isinstance(parts[0], str):
        assert text.startswith(parts[0])
