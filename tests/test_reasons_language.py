"""Issue 12, languages: the reasons of a stored advice in the reader's language.

A record keeps its reasons as the sentences shown (in the record's ``lang``) and
as data without language (``advice.reason_data``: catalogue keys and facts, a
questionnaire file's own sentence in all its languages), so ``report --lang nl``
after an English quiz says them in Dutch. Records from before keep their
sentences, in the language they were written in. Import checks the data like
the rest of a record.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from helpers import run_cli
from stresscheck.adapters.sources.export import ReasonKey, parse_export
from stresscheck.core.advice import (
    Reason,
    describe,
    reason_data,
    reason_from_data,
    stored_reasons,
)
from stresscheck.core.history import REASON_KEYS, QuizRecord, RecordError
from stresscheck.errors import ContentError
from stresscheck.i18n import Translator

PHYSIO = (
    "tension_1: 4\ntension_2: 4\ntension_3: 4\ntension_4: 0\nduration: 4\nrelaxation_effect: 2\n"
)
URGENT = PHYSIO + "chest_pain: 1\n"


def english_quiz(home: Path, answers: str) -> None:
    done = run_cli(["--lang", "en", "quiz", "--answers", "-"], home, stdin=answers)
    assert done.returncode == 0, done.stderr


def reasons_in(markdown: str) -> list[str]:
    """The reason bullets under the advice of the latest quiz."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("**Gegeven advies:**"))
    reasons = []
    for line in lines[start + 1 :]:
        if not line.startswith("- "):
            break
        reasons.append(line[2:])
    return reasons


def dutch_reasons(home: Path, answers: str) -> list[str]:
    done = run_cli(
        ["--lang", "nl", "quiz", "--json", "--no-save", "--answers", "-"], home, stdin=answers
    )
    assert done.returncode == 0, done.stderr
    reasons: list[str] = json.loads(done.stdout)["advice"]["reasons"]
    return reasons


@pytest.mark.parametrize("answers", [PHYSIO, URGENT], ids=["physiotherapy", "urgent"])
def test_an_english_quiz_reports_its_reasons_in_dutch(tmp_path: Path, answers: str) -> None:
    home = tmp_path / "home"
    english_quiz(home, answers)
    done = run_cli(["report", "--lang", "nl", "-o", "-", "--format", "md"], home)
    assert done.returncode == 0, done.stderr
    shown = reasons_in(done.stdout)
    assert shown == dutch_reasons(home, answers)
    assert not any("You " in reason for reason in shown)
    stored = json.loads(run_cli(["history", "--json"], home).stdout)["quizzes"][0]["advice"]
    assert all(isinstance(reason, str) for reason in stored["reasons"])
    assert any(reason.startswith("You ") for reason in stored["reasons"])  # as shown, English
    html = run_cli(["report", "--lang", "nl", "-o", "-", "--format", "html"], home).stdout
    assert "You answered" not in html and "You said" not in html


def old_record(tmp_path: Path) -> Path:
    """An export of a record from before reason data was kept."""
    home = tmp_path / "home"
    english_quiz(home, PHYSIO)
    data = json.loads(run_cli(["export", "--format", "json", "-o", "-"], home).stdout)
    del data["quizzes"][0]["advice"]["reason_data"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_an_old_record_keeps_its_sentences_in_their_language(tmp_path: Path) -> None:
    old = old_record(tmp_path)
    home = tmp_path / "other"
    assert run_cli(["import", old], home).returncode == 0
    stored = json.loads(old.read_text("utf-8"))["quizzes"][0]["advice"]["reasons"]
    markdown = run_cli(["report", "--lang", "nl", "-o", "-", "--format", "md"], home).stdout
    assert reasons_in(markdown) == stored
    html = run_cli(["report", "--lang", "nl", "-o", "-", "--format", "html"], home).stdout
    assert f'<li lang="en">{stored[0]}</li>' in html
    exported = json.loads(run_cli(["export", "--format", "json", "-o", "-"], home).stdout)
    assert "reason_data" not in exported["quizzes"][0]["advice"]


def test_export_then_import_keeps_the_reason_data(tmp_path: Path) -> None:
    home = tmp_path / "home"
    english_quiz(home, URGENT)
    english_quiz(home, PHYSIO)
    first = run_cli(["export", "--format", "json", "-o", "-"], home).stdout
    path = tmp_path / "export.json"
    path.write_text(first, "utf-8")
    other = tmp_path / "other"
    done = run_cli(["import", path], other)
    assert done.returncode == 0, done.stderr
    again = run_cli(["export", "--format", "json", "-o", "-"], other).stdout
    assert json.loads(again)["quizzes"] == json.loads(first)["quizzes"]
    assert all("reason_data" in q["advice"] for q in json.loads(again)["quizzes"])
    csv = run_cli(["export", "--format", "csv", "-o", "-"], other)
    assert csv.returncode == 0 and "reason_data" not in csv.stdout


def export_with(tmp_path: Path, data: Any) -> dict[str, Any]:
    home = tmp_path / "home"
    english_quiz(home, PHYSIO)
    document: dict[str, Any] = json.loads(
        run_cli(["export", "--format", "json", "-o", "-"], home).stdout
    )
    document["quizzes"][0]["advice"]["reason_data"] = data
    return document


RULE = {"key": "advice.reason.rule", "fields": {}, "text": {"en": "Hi"}}


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ("nope", "reason_data"),
        ([{"key": "report.title", "fields": {}}], "reason_data[0].key"),
        ([{"key": "advice.reason.total", "fields": {"score": 1e308}}], "fields.score"),
        ([{"key": "advice.reason.total", "fields": {"score": True}}], "fields.score"),
        ([{"key": "advice.reason.answer", "fields": {"__class__": 1}}], "fields"),
        ([{"key": "advice.reason.answer", "fields": {"value": [{}]}}], "fields.value"),
        ([{"key": "advice.reason.total", "fields": {}, "extra": 1}], "reason_data[0]"),
        ([{"key": "advice.reason.total", "fields": {}}] * 101, "reason_data"),
        ([{**RULE, "text": {"en": "\x1b]0;title\x07"}}], "text"),
        ([{**RULE, "text": {"../x": "Hi"}}], "text"),
        ([{**RULE, "text": {}}], "text"),  # was a traceback: too_short had no limit
        ([{"key": "advice.reason.rule", "fields": {}}], "reason_data[0]"),
        (
            [{"key": "advice.reason.history", "fields": {}, "lines": [{"key": "x", "fields": {}}]}],
            "lines[0].key",
        ),
    ],
)
def test_a_hostile_reason_data_is_refused_naming_its_key(
    tmp_path: Path, data: Any, where: str
) -> None:
    document = export_with(tmp_path, data)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), "utf-8")
    target = tmp_path / "target"
    done = run_cli(["import", path], target)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "reason_data" in done.stderr and where in done.stderr, done.stderr
    assert not (target / "history.sqlite3").exists()
    with pytest.raises(RecordError):
        QuizRecord.from_json(document["quizzes"][0])


def test_the_import_schema_and_the_core_agree_on_reason_keys() -> None:
    assert set(get_args(ReasonKey)) == set(REASON_KEYS)


def test_a_history_reason_is_said_again_with_its_numbers_in_the_readers_language() -> None:
    # As describe_insight writes them for a Dutch quiz: numbers already formatted.
    lines = (("insight.practice", {"sessions": "9", "days": "21"}),)
    relief = (("insight.relief", {"relief": "2,1", "before": "6,5", "after": "4,4"}),)
    reason = Reason("advice.reason.history", {"lines": lines + relief})
    data = reason_data(reason)
    assert data["lines"][1]["fields"] == {"relief": 2.1, "before": 6.5, "after": 4.4}
    english = describe(reason_from_data(data), None, Translator("en"), "en")
    assert "9 times over 21 days" in english and "2.1 points" in english
    dutch = describe(reason_from_data(data), None, Translator("nl"), "nl")
    assert "2,1" in dutch


def test_without_its_questionnaire_a_reason_shows_readable_ids() -> None:
    data = [
        reason_data(Reason("advice.reason.answer", {"question": "neck_pain", "value": ("a_b",)})),
        reason_data(
            Reason(
                "advice.reason.domain_level",
                {"domain": "sleep_q", "level": "high", "score": 9.5, "max": 12},
            )
        ),
    ]
    advice = {"action": "gp", "exercise": None, "reasons": ["x"], "reason_data": data}
    said = stored_reasons(advice, "en", None, Translator("nl"), "nl")
    assert said == [("Neck pain: A b.", "nl"), ("Sleep q: hoog (9,5 van 12).", "nl")]
    assert stored_reasons(advice, "nl", None, Translator("nl"), "nl") == [("x", "nl")]


def test_data_that_does_not_fit_its_sentence_keeps_the_sentences_as_written() -> None:
    data = [{"key": "advice.reason.domain_level", "fields": {"domain": "sleep"}}]
    advice = {"action": "gp", "exercise": None, "reasons": ["As written."], "reason_data": data}
    assert stored_reasons(advice, "en", None, Translator("nl"), "nl") == [("As written.", "en")]


def test_a_parse_of_hostile_data_in_process_is_a_content_error(tmp_path: Path) -> None:
    document = export_with(tmp_path, [{"key": "advice.reason.total", "fields": {"x": None}}] * 2)
    assert parse_export(json.dumps(document), "ok.json").quizzes
    document["quizzes"][0]["advice"]["reason_data"] = [{"key": 5, "fields": {}}]
    with pytest.raises(ContentError):
        parse_export(json.dumps(document), "bad.json")
