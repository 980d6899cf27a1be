"""Records with multi answers (lists of chosen options) and the advice ``gp``, from the
store through history, export, import and the report; old records still read and show."""

from __future__ import annotations

import csv
import io
import json
import typing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from helpers import run_cli, shipped
from history_factories import build_overview, default_domains, history, practice, quiz, session
from stresscheck.adapters.report.html import render_html
from stresscheck.adapters.report.markdown import render_markdown
from stresscheck.adapters.report.summary import (
    REPORT_QUIZZES,
    ReportData,
    context_answers,
)
from stresscheck.adapters.sources import export
from stresscheck.adapters.sources.export import export_csv, export_json, parse_export
from stresscheck.adapters.storage.history_read import OverviewStore
from stresscheck.adapters.storage.store import Store
from stresscheck.adapters.ui import history_view
from stresscheck.adapters.ui.console import ACCENT
from stresscheck.core import questionnaire as questionnaire_model
from stresscheck.core.history import (
    ACTIONS,
    MAX_CHOSEN,
    History,
    QuizRecord,
    RecordError,
)
from stresscheck.core.labels import Labels
from stresscheck.errors import EXIT_USAGE, ContentError
from stresscheck.i18n import Translator

EN, NL = Translator("en"), Translator("nl")
MADE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

GP_ANSWERS: dict[str, Any] = {
    "fatigue_1": 3.0,
    "duration": 4.0,
    "load": 3.0,
    "gp_signs": ("fever_sweats", "low_mood"),
    "locations": ("neck", "jaw"),
    "chest_pain": 0.0,
}


def gp_quiz(day: float = 0, **changes: Any) -> QuizRecord:
    advice = {"action": "gp", "exercise": None, "reasons": ["You told of fever at night."]}
    record = quiz(day, 30.0, answers=dict(GP_ANSWERS), action="gp", domains=default_domains())
    return replace(record, advice=advice, **changes)  # type: ignore[arg-type]


def old_item() -> dict[str, Any]:
    """A quiz as stored and exported before multi answers and ``gp`` existed."""
    return {
        "id": "0123456789abcdef0123456789abcdef",
        "at": "2025-06-01T08:30:00+00:00",
        "questionnaire": "stresscheck-default",
        "questionnaire_version": 1,
        "lang": "nl",
        "answers": {"fatigue_1": 3, "duration": 4, "relaxation_effect": 2.0},
        "domains": {"fatigue": {"score": 9.0, "max": 12.0, "level": "high", "missing": 0}},
        "total": {"score": 24.0, "level": "moderate"},
        "red_flags": [],
        "advice": {"action": "physiotherapy", "exercise": None, "reasons": ["Omdat."]},
    }


# --- records -----------------------------------------------------------------------------------


def test_the_advice_gp_is_one_of_the_actions_everywhere() -> None:
    assert ACTIONS == questionnaire_model.ACTIONS
    assert "gp" in ACTIONS
    assert typing.get_args(export.Action) == ACTIONS
    assert set(ACCENT) == set(ACTIONS)
    for t in (EN, NL):
        assert t.has("history.action.gp")


def test_a_multi_answer_is_a_tuple_in_the_record_and_a_list_in_json() -> None:
    record = gp_quiz()
    item = record.to_json()
    assert item["answers"]["gp_signs"] == ["fever_sweats", "low_mood"]
    assert item["advice"]["action"] == "gp"
    again = QuizRecord.from_json(json.loads(json.dumps(item)))
    assert again == record
    assert again.answers["locations"] == ("neck", "jaw")
    assert again.answers["load"] == 3.0


def test_multi_answers_may_be_numbers_ids_or_nothing() -> None:
    item = gp_quiz().to_json()
    item["answers"]["sleep"] = [1, 2.5, "wake_early"]
    item["answers"]["gp_signs"] = []
    record = QuizRecord.from_json(item)
    assert record.answers["sleep"] == (1.0, 2.5, "wake_early")
    assert record.answers["gp_signs"] == ()


def test_an_old_record_reads_and_writes_as_it_was() -> None:
    item = old_item()
    record = QuizRecord.from_json(item)
    assert record.answers == {"fatigue_1": 3.0, "duration": 4.0, "relaxation_effect": 2.0}
    assert record.to_json()["answers"] == item["answers"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (["a"] * MAX_CHOSEN, True),
        (["a"] * (MAX_CHOSEN + 1), False),
        (["x" * 64], True),
        (["x" * 65], False),
        (["neck;jaw"], False),
        (["<b>"], False),
        (["neck", 3], True),
    ],
)
def test_multi_answers_are_bounded(value: list[Any], ok: bool) -> None:
    item = gp_quiz().to_json()
    item["answers"]["locations"] = value
    if ok:
        assert QuizRecord.from_json(item).answers["locations"] == tuple(
            v if isinstance(v, str) else float(v) for v in value
        )
    else:
        with pytest.raises(RecordError):
            QuizRecord.from_json(item)


# --- the store and the quick read ---------------------------------------------------------------


def test_the_store_keeps_multi_answers_and_gp(stresscheck_home: Path) -> None:
    records = history(
        QuizRecord.from_json(old_item()), gp_quiz(0), *practice([1, 3, 5]), gp_quiz(7)
    )
    with Store.open() as store:
        assert store.import_history(records) == (3, 3)
        assert store.history() == records
    with OverviewStore.open() as store:
        parts = store.overview_parts()
    assert parts.latest == records.quizzes[-1]
    assert parts.latest.answers["gp_signs"] == ("fever_sweats", "low_mood")
    assert parts.recent_quizzes == records.quizzes
    assert parts.evidence.latest is not None and parts.evidence.latest.scale == 60.0
    # Too few sessions to judge yet, but the drop needed is known: 10 % of 60.
    assert build_overview(records).insight.required_drop == 6.0
    quick = OverviewStore.open().relief_evidence()
    assert quick == parts.evidence


# --- export and import -------------------------------------------------------------------------


def test_json_export_and_import_carry_lists() -> None:
    records = history(QuizRecord.from_json(old_item()), gp_quiz(0))
    text = export_json(records)
    data = json.loads(text)
    assert data["quizzes"][1]["answers"]["locations"] == ["neck", "jaw"]
    assert parse_export(text, "backup.json") == records


def test_an_old_export_still_imports() -> None:
    text = json.dumps({"format_version": 1, "quizzes": [old_item()], "sessions": []})
    (record,) = parse_export(text, "old.json").quizzes
    assert record.advice["action"] == "physiotherapy"


def test_csv_writes_a_list_answer_in_one_cell() -> None:
    empty = replace(gp_quiz(1), answers={"gp_signs": ()})
    negative = replace(gp_quiz(2), answers={"locations": (-1.5, 2.0)})
    rows = list(csv.DictReader(io.StringIO(export_csv(history(gp_quiz(0), empty, negative)))))
    assert rows[0]["answer_gp_signs"] == "fever_sweats | low_mood"
    assert rows[0]["answer_locations"] == "neck | jaw"
    assert rows[0]["answer_load"] == "3.0"
    assert rows[0]["advice"] == "gp"
    assert rows[1]["answer_gp_signs"] == "[]"  # nothing chosen
    assert rows[1]["answer_locations"] == ""  # not answered
    assert rows[2]["answer_locations"] == "'-1.5 | 2.0"  # never a formula


HOSTILE: list[tuple[Any, str]] = [
    (["neck"] * (MAX_CHOSEN + 1), "quizzes[0].answers.locations: too many chosen options"),
    (["neck", "x" * 65], "quizzes[0].answers.locations[1]: expected a number or an option id"),
    (["=cmd|' /C calc'!A0"], "quizzes[0].answers.locations[0]: expected a number or an option id"),
    ([["neck"]], "quizzes[0].answers.locations[0]: expected a number or an option id"),
    ([True], "quizzes[0].answers.locations[0]: expected a number or an option id"),
    ("neck", "quizzes[0].answers.locations: expected a number, or a list"),
    ({"neck": 1}, "quizzes[0].answers.locations: expected a number, or a list"),
]


@pytest.mark.parametrize(("value", "message"), HOSTILE)
def test_hostile_list_answers_are_refused_naming_the_record(value: Any, message: str) -> None:
    data = json.loads(export_json(history(gp_quiz(0))))
    data["quizzes"][0]["answers"]["locations"] = value
    with pytest.raises(ContentError) as caught:
        parse_export(json.dumps(data, indent=2), "backup.json")
    assert caught.value.exit_code == EXIT_USAGE
    (line,) = caught.value.problems
    assert line.startswith("backup.json:")
    assert message in line


def test_a_deeply_nested_answer_is_refused_not_a_crash() -> None:
    data = json.loads(export_json(history(gp_quiz(0))))
    text = json.dumps(data).replace('["neck", "jaw"]', "[" * 5000 + "]" * 5000)
    with pytest.raises(ContentError):
        parse_export(text, "backup.json")


# --- the commands -------------------------------------------------------------------------------


def test_history_json_and_the_view_show_gp_and_lists(tmp_path: Path) -> None:
    with Store.open(tmp_path / "history.sqlite3") as store:
        store.save_quiz(QuizRecord.from_json(old_item()))
        store.save_quiz(gp_quiz(0))
        store.save_session(session(1))
    done = run_cli(["history", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    quizzes = json.loads(done.stdout)["quizzes"]
    assert quizzes[1]["answers"]["gp_signs"] == ["fever_sweats", "low_mood"]
    assert quizzes[1]["advice"]["action"] == "gp"
    for args in (["history"], ["history", "--all", "--plain"]):
        view = run_cli(args, tmp_path)
        assert view.returncode == 0, view.stderr
        assert "see your GP first" in view.stdout
        assert "physiotherapy" in view.stdout
    dutch = run_cli(["history", "--lang", "nl"], tmp_path)
    assert "eerst naar de huisarts" in dutch.stdout


def test_export_import_and_report_from_the_command_line(tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    record = gp_quiz(0)
    with Store.open(home / "history.sqlite3") as store:
        store.save_quiz(record)
    backup = tmp_path / "backup.json"
    assert run_cli(["export", "-o", backup], home).returncode == 0
    done = run_cli(["import", backup], elsewhere)
    assert done.returncode == 0, done.stderr
    assert Store.open(elsewhere / "history.sqlite3").history().quizzes == (record,)
    report = run_cli(["report", "--format", "md", "-o", "-"], elsewhere)
    assert report.returncode == 0, report.stderr
    assert "See your GP (huisarts) first" in report.stdout
    assert "It is clearly too much" in report.stdout  # the load question's answer


def test_a_hostile_import_exits_2_and_stores_nothing(tmp_path: Path) -> None:
    data = json.loads(export_json(history(gp_quiz(0))))
    data["quizzes"][0]["answers"]["locations"] = ["x"] * 10_000
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    done = run_cli(["import", bad], tmp_path)
    assert done.returncode == 2
    assert "quizzes[0].answers.locations" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "history.sqlite3").exists()


# --- the terminal view and the report ----------------------------------------------------------


def test_the_view_names_and_colours_gp_calmly() -> None:
    console = Console(file=io.StringIO(), width=100, record=True)
    overview = build_overview(history(gp_quiz(0)), chart_points=0)
    history_view.render_history(console, overview, Labels(EN, "en"), plain=False)
    text = console.export_text()
    assert "see your GP first" in text
    cell = history_view.advice_text(Labels(EN, "en"), gp_quiz(0))
    assert cell.style == "yellow"


def report_data(
    records: History,
    t: Translator = EN,
    *,
    in_labels: bool = True,
    extra: bool = False,
) -> ReportData:
    questionnaire, exercises = shipped()
    labels = Labels(t, t.lang, questionnaire if in_labels else None, exercises, tz=UTC)
    overview = build_overview(records, questionnaire.insight, recent=REPORT_QUIZZES)
    more = (questionnaire,) if extra else ()
    return ReportData(overview, labels, None, MADE, "9.9.9", questionnaires=more)


def test_the_report_shows_what_was_told_about_the_situation() -> None:
    text = render_markdown(report_data(history(gp_quiz(0))))
    assert "**What you told about your situation**" in text
    assert "- How long complaints last: More than 3 months" in text
    assert "- Load versus what you can carry: It is clearly too much" in text
    assert (
        "- Signs for your GP: Fever, or waking up drenched in sweat at night;"
        " Feeling low or without pleasure most days"
    ) in text
    assert "Chest pain" not in text.split("**What you told")[1].split("**Advice")[0]
    assert "**Advice given:** See your GP (huisarts) first" in text
    assert "| see your GP first |" in text  # the table of all self-checks


def test_the_report_in_dutch() -> None:
    text = render_markdown(report_data(history(gp_quiz(0)), NL))
    assert "**Wat je vertelde over je situatie**" in text
    assert "- Draaglast en draagkracht: " in text
    assert "eerst naar de huisarts" in text


def test_the_built_in_questionnaire_names_answers_while_another_is_in_force() -> None:
    rows, raw = context_answers(
        report_data(history(gp_quiz(0)), extra=True, in_labels=False), gp_quiz(0)
    )
    assert not raw
    assert ("Load versus what you can carry", "It is clearly too much") in rows


def test_nothing_chosen_is_said() -> None:
    record = gp_quiz(0, answers={"gp_signs": ()})
    rows, _ = context_answers(report_data(history(record)), record)
    assert rows == [("Signs for your GP", "nothing chosen")]


def test_without_the_questionnaire_the_answers_are_shown_as_stored() -> None:
    record = gp_quiz(0, questionnaire_id="praktijk-eigen")
    rows, raw = context_answers(report_data(history(record)), record)
    assert raw
    assert ("Gp signs", "fever_sweats; low_mood") in rows
    assert ("Load", "3") in rows
    text = render_markdown(report_data(history(record)))
    assert "The questionnaire 'praktijk-eigen' is not at hand here" in text


def test_the_html_report_escapes_answers_and_marks_gp() -> None:
    record = gp_quiz(0, questionnaire_id="other", answers={"<script>alert(1)</script>": 1.0})
    page = render_html(report_data(history(record)))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert '<div class="advice gp">' in page
    page = render_html(report_data(history(gp_quiz(0))))
    assert '<table class="context">' in page
    assert '<th scope="row">Load versus what you can carry</th>' in page
    assert "<td>Fever, or waking up drenched in sweat at night; Feeling low" in page
