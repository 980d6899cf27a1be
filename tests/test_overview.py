"""The pure parts behind ``history`` and ``report``: naming things, and the numbers shown.

``Labels`` turns stored ids into words in the person's language (and never
fails on ids it does not know); ``build_overview`` and its helpers compute
everything the views show, so these tests pin the numbers once for both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from helpers import shipped
from history_factories import at, build_overview, history, quiz, session
from stresscheck.core.history import DomainScoreDict, History
from stresscheck.core.labels import Labels, readable_id
from stresscheck.core.overview import (
    ChartPoint,
    domain_trends,
    percent_of_max,
    questionnaire_uses,
    score_chart,
)
from stresscheck.i18n import Translator

EN, NL = Translator("en"), Translator("nl")


def labels(t: Translator = EN) -> Labels:
    questionnaire, exercises = shipped()
    return Labels(t, t.lang, questionnaire, exercises, tz=UTC)


def domain(
    score: float | None, maximum: float = 12.0, level: str | None = "low"
) -> DomainScoreDict:
    return {"score": score, "max": maximum, "level": level, "missing": 0}


# --- Labels ------------------------------------------------------------------------------------


def test_domain_titles_come_from_the_questionnaire_in_force() -> None:
    assert labels().domain("stresscheck-default", "fatigue") == "Tiredness"
    assert labels(NL).domain("stresscheck-default", "fatigue") == "Vermoeidheid"


def test_unknown_questionnaires_and_ids_read_as_words() -> None:
    assert labels().domain("someone-elses", "fatigue") == "Fatigue"
    assert labels().domain("stresscheck-default", "no_such_domain") == "No such domain"
    assert labels().red_flag("someone-elses", "chest_pain") == "Chest pain"
    assert readable_id("") == ""
    assert readable_id("sleep-quality") == "Sleep quality"


def test_levels_in_words_with_or_without_the_questionnaire() -> None:
    assert labels().level("stresscheck-default", "fatigue", "high") == "high"
    assert labels(NL).level("stresscheck-default", "fatigue", "high") == "hoog"
    assert labels(NL).level("stresscheck-default", None, "moderate") == "matig"
    assert labels(NL).level("other", "x", "moderate") == "matig"
    assert labels().level("other", "x", "very_high") == "very high"
    assert labels().level("other", "x", None) == "—"


def test_red_flags_use_the_short_question_text() -> None:
    questionnaire, _ = shipped()
    flagged = [q for q in questionnaire.questions if q.red_flag_at_least is not None]
    assert flagged
    question = flagged[0]
    expected = (question.short or question.text).get("en")
    assert labels().red_flag("stresscheck-default", question.id) == expected


def test_total_max_needs_the_questionnaire_total() -> None:
    questionnaire, _ = shipped()
    assert questionnaire.total is not None
    domains = {d: domain(1.0, 10.0) for d in questionnaire.total.domains}
    assert labels().total_max("stresscheck-default", domains) == 10.0 * len(domains)
    assert labels().total_max("other", domains) is None
    missing_one = dict(list(domains.items())[1:])
    assert labels().total_max("stresscheck-default", missing_one) is None


def test_actions_and_exercises_by_name() -> None:
    assert labels().action("physiotherapy") == "physiotherapy"
    assert labels(NL).action("breathe") == "ademhaling"
    assert labels().action("something_new") == "something_new"
    assert labels().exercise("resonance") != "resonance"  # a title
    assert labels().exercise("gone") == "gone"


def test_numbers_and_minutes_in_each_language() -> None:
    assert labels().number(9.0) == "9"
    assert labels(NL).number(9.5) == "9,5"
    assert labels().score(9.0, 12.0) == "9/12"
    assert labels().score(None, 12.0) == "—"
    assert labels(NL).minutes(95) == "1,6"
    assert labels().minutes(3600) == "60"
    assert labels().count("history.quizzes", 1) == "1 self-check"
    assert labels(NL).count("history.sessions", 2) == "2 ademoefeningen"


def test_dates_use_the_catalogues_month_names() -> None:
    moment = datetime(2026, 11, 25, 16, 45, tzinfo=UTC)
    assert labels().date(moment) == "25 Nov 2026"
    assert labels(NL).date(moment) == "25 nov 2026"
    assert labels().date_time(moment) == "25 Nov 2026 16:45"
    assert labels(NL).date(datetime(2026, 3, 1, tzinfo=UTC)) == "1 mrt 2026"
    assert labels().period(moment, moment + timedelta(hours=2)) == "25 Nov 2026"
    assert labels().period(moment, moment + timedelta(days=3)) == "25 Nov 2026 – 28 Nov 2026"
    assert labels().period(None, None) == "—"


def test_dates_follow_the_persons_time_zone() -> None:
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    east = Labels(EN, "en", tz=timezone(timedelta(hours=1)))
    assert east.date_time(late) == "26 Nov 2026 00:30"


def test_a_broken_month_list_falls_back_to_numbers() -> None:
    def translate(key: str, /, **fields: object) -> str:
        if key == "report.date.months":
            return "Jan Feb"
        return EN(key, **fields)

    assert Labels(translate, "en", tz=UTC).date(datetime(2026, 11, 2, tzinfo=UTC)) == "2 11 2026"


# --- scores over time --------------------------------------------------------------------------


def test_percent_of_max() -> None:
    assert percent_of_max(domain(6.0, 12.0)) == 50.0
    assert percent_of_max(domain(None)) is None
    assert percent_of_max(domain(3.0, 0.0)) is None


def test_the_chart_follows_the_latest_quiz_and_keeps_every_quiz_in_the_count() -> None:
    quizzes = [
        replace(quiz(day=day), domains={"a": domain(day, 10.0), "b": domain(10.0 - day, 10.0)})
        for day in range(10)
    ]
    chart = score_chart(quizzes)
    assert chart is not None
    assert chart.domain_ids == ("a", "b")
    assert not chart.averaged
    assert [p.values for p in chart.points][:2] == [(0.0, 100.0), (10.0, 90.0)]
    thinned = score_chart(quizzes, limit=3)
    assert thinned is not None and thinned.averaged
    assert len(thinned.points) <= 3
    assert sum(p.quizzes for p in thinned.points) == 10
    assert [p.at for p in thinned.points] == sorted(p.at for p in thinned.points)
    assert thinned.points[0].at >= quizzes[0].at and thinned.points[-1].at <= quizzes[-1].at


def test_thinning_quizzes_all_taken_at_once() -> None:
    quizzes = [replace(quiz(day=0, uid=f"q{i}"), domains={"a": domain(i, 10.0)}) for i in range(5)]
    chart = score_chart(quizzes, limit=2)
    assert chart is not None
    assert chart.points == (ChartPoint(at(0), (20.0,), 5),)


def test_a_chart_point_without_a_score_stays_empty_after_thinning() -> None:
    quizzes = [replace(quiz(day=d), domains={"a": domain(None)}) for d in range(6)]
    chart = score_chart(quizzes, limit=2)
    assert chart is not None
    assert all(point.values == (None,) for point in chart.points)


def test_no_quizzes_no_chart() -> None:
    assert score_chart([]) is None
    assert domain_trends([]) == ()


def test_trends_per_domain_and_total() -> None:
    quizzes = [
        replace(quiz(day=0, total=30.0), domains={"a": domain(9.0), "b": domain(2.0)}),
        replace(quiz(day=7, total=28.0), domains={"a": domain(None), "b": domain(2.0)}),
        replace(
            quiz(day=14, total=20.0), domains={"a": domain(4.0, level="low"), "b": domain(2.0)}
        ),
    ]
    a, b, total = domain_trends(quizzes)
    assert (a.domain_id, a.values, a.first, a.latest) == ("a", (9.0, None, 4.0), 9.0, 4.0)
    assert a.trend.direction == "down"
    assert a.trend.sparkline[1] == " "  # the unscored quiz is a gap
    assert b.trend.direction == "flat"
    assert total.domain_id is None and total.trend.direction == "down"
    assert total.maximum == 24.0


def test_a_small_wobble_reads_as_steady() -> None:
    quizzes = [
        replace(quiz(day=d), domains={"a": domain(score, 16.0)}, total=None)
        for d, score in enumerate([8.0, 8.5, 8.0, 8.5])
    ]
    (only,) = domain_trends(quizzes)
    assert only.trend.direction == "flat"


def test_questionnaire_uses_in_order_of_first_use() -> None:
    records = [
        quiz(day=0),
        replace(quiz(day=1), questionnaire_id="other"),
        quiz(day=2),
        replace(quiz(day=3), questionnaire_version=2),
    ]
    uses = questionnaire_uses(records)
    assert [(u.questionnaire_id, u.version, u.quizzes) for u in uses] == [
        ("stresscheck-default", 1, 2),
        ("other", 1, 1),
        ("stresscheck-default", 2, 1),
    ]
    assert (uses[0].first_at, uses[0].last_at) == (at(0), at(2))


# --- the overview ------------------------------------------------------------------------------


def test_the_overview_counts_everything_and_keeps_the_newest() -> None:
    records = history(
        *(quiz(day=d) for d in range(5)),
        *(session(day=d + 0.5) for d in range(-2, 7)),
    )
    overview = build_overview(records, recent=3, trend_quizzes=2, chart_points=0)
    assert (overview.quizzes, overview.sessions) == (5, 9)
    assert overview.first_at == at(-1.5) and overview.last_at == at(6.5)
    assert [q.at for q in overview.recent_quizzes] == [at(2), at(3), at(4)]
    assert len(overview.recent_sessions) == 3
    assert overview.latest is records.quizzes[-1]
    assert overview.chart is None
    assert len(overview.trends[0].values) == 2


def test_the_overview_counts_red_flags_in_any_quiz() -> None:
    records = history(
        quiz(day=0),
        replace(quiz(day=1), red_flags=["chest_pain"]),
        replace(quiz(day=2), red_flags=["fainting"]),
        quiz(day=3),
    )
    overview = build_overview(records)
    assert overview.flagged == 2
    assert overview.last_flagged_at == at(2)


def test_the_overview_uses_the_questionnaires_thresholds() -> None:
    questionnaire, _ = shipped()
    records = history(
        quiz(day=0, total=30.0),
        *(session(day=d + 0.5, before=7, after=4) for d in range(20)),
        quiz(day=21, total=30.0),
    )
    strict = replace(questionnaire.insight, min_sessions=50)
    assert build_overview(records, questionnaire.insight).insight.verdict == "brief"
    assert build_overview(records, strict).insight.reason == "too_few_sessions"


@pytest.mark.parametrize("recent", [0, 1])
def test_recent_may_be_small(recent: int) -> None:
    records = history(quiz(day=0), quiz(day=1), session(day=0.5))
    overview = build_overview(records, recent=recent)
    assert len(overview.recent_quizzes) == recent
    assert overview.quizzes == 2


def test_an_empty_overview() -> None:
    overview = build_overview(History())
    assert overview.empty
    assert overview.practice.sessions == 0
    assert overview.practice.mean_before is None
    assert overview.first_at is None and overview.latest is None
