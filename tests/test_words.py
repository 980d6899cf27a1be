"""Words a person reads: a typed rhythm by its name, a total with its range."""

from __future__ import annotations

import json

import pytest

from helpers import bands, domain, question, questionnaire, run_cli
from stresscheck.core.labels import Labels
from stresscheck.core.questionnaire import Rule, Total, TotalAtLeastCondition
from stresscheck.core.result import evaluate
from stresscheck.i18n import Translator


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "Your rhythm 4-7-8"), ("nl", "Je eigen ritme 4-7-8")]
)
def test_a_typed_rhythm_is_shown_by_name_not_by_its_id(lang: str, expected: str) -> None:
    labels = Labels(Translator(lang), lang)
    assert labels.exercise("pattern-4-7-8") == expected
    assert labels.exercise("not-known") == "not-known"


def test_history_names_a_typed_rhythm(stresscheck_home) -> None:
    done = run_cli(
        ["breathe", "--pattern", "3-0-3", "--cycles", "1", "--no-rate", "--lang", "nl"],
        stresscheck_home,
    )
    assert done.returncode == 0, done.stderr
    shown = run_cli(["history", "--lang", "nl"], stresscheck_home).stdout
    assert "Je eigen ritme 3-0-3" in shown and "pattern-" not in shown
    report = run_cli(["report", "--format", "md", "-o", "-", "--lang", "nl"], stresscheck_home)
    assert "Je eigen ritme 3-0-3" in report.stdout and "pattern-" not in report.stdout
    stored = json.loads(run_cli(["history", "--json"], stresscheck_home).stdout)
    assert stored["sessions"][0]["exercise"] == "pattern-3-0-3"  # the contract keeps the id


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Your total score is 6 of 8."), ("nl", "Je totaalscore is 6 van de 8.")],
)
def test_a_total_is_said_with_its_range(lang: str, expected: str) -> None:
    own = questionnaire(
        [question("q1", domain="d"), question("q2", domain="d")],
        [domain("d", bands(4))],
        rules=[Rule("physiotherapy", TotalAtLeastCondition(5)), Rule("breathe")],
        total=Total(("d",), bands(4)),
    )
    result = evaluate(own, {"q1": 3.0, "q2": 3.0})
    assert result.advice.action == "physiotherapy"
    assert expected in result.reasons(Translator(lang), lang)


def test_a_score_that_did_not_move_stayed() -> None:
    from history_factories import relief_insight
    from stresscheck.core.insight import describe_insight
    from test_insight import default_history

    for first, latest, expected in ((19.0, 19.0, "stayed at 19"), (24.0, 19.0, "from 24 to 19")):
        insight = relief_insight(default_history(first, latest))
        said = " ".join(Translator("en")(k, **f) for k, f in describe_insight(insight, "en"))
        assert expected in said
        assert "from 19 to 19" not in said


def test_trend_words_say_what_up_means() -> None:
    for lang in ("en", "nl"):
        t = Translator(lang)
        assert t("history.trend.up") != t("history.trend.down")
        assert ("more complaints" if lang == "en" else "meer klachten") in t("history.trend.up")


def test_an_unrated_session_does_not_promise_a_tension_trend(stresscheck_home, tmp_path) -> None:
    from helpers import quick_exercises

    path = quick_exercises(tmp_path, seconds=0.5)
    done = run_cli(
        ["breathe", "quick", "--exercises", path, "--cycles", "1", "--no-rate"], stresscheck_home
    )
    assert done.returncode == 0, done.stderr
    assert Translator("en")("breathe.summary.saved_unrated") in done.stderr
    assert "tension" not in done.stderr.split("Done")[-1]
