"""The report renderers and the overview they present, in-process and pure.

The HTML report must stand on its own: nothing fetched from elsewhere, no
script, every text escaped (a practice name is text from a file someone else
wrote). The Markdown report must read well as plain text and not turn a
name into a link or a broken table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import shipped
from history_factories import at, build_overview, history, quiz, session
from stresscheck.adapters.report.chart import MARKERS
from stresscheck.adapters.report.formats import REPORT_FORMATS
from stresscheck.adapters.report.html import render_html
from stresscheck.adapters.report.markdown import md, render_markdown
from stresscheck.adapters.report.summary import (
    REPORT_QUIZZES,
    ReportData,
)
from stresscheck.core.history import (
    AdviceDict,
    AnswerValue,
    DomainScoreDict,
    History,
    QuizRecord,
)
from stresscheck.core.labels import Labels, readable_id
from stresscheck.core.overview import (
    CHART_POINTS,
    practice_stats,
    score_chart,
)
from stresscheck.core.practice import Practice
from stresscheck.i18n import Translator

EN, NL = Translator("en"), Translator("nl")


MAXIMA = {"fatigue": 12.0, "tension": 16.0, "restlessness": 16.0, "breathing": 16.0}
MADE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def domains(step: int) -> dict[str, DomainScoreDict]:
    """Four domains of the default questionnaire, scores falling with ``step``."""
    out: dict[str, DomainScoreDict] = {}
    for index, (domain_id, maximum) in enumerate(MAXIMA.items()):
        score = max(0.0, maximum * 0.7 - step - index)
        level = "high" if score > maximum * 0.6 else "moderate" if score > maximum / 3 else "low"
        out[domain_id] = {"score": score, "max": maximum, "level": level, "missing": 0}
    return out


def quizzes(count: int, *, every: float = 7) -> list[QuizRecord]:
    records = []
    for step in range(count):
        scores = domains(step % 8)
        total = sum(d["score"] or 0 for d in scores.values())
        records.append(
            replace(
                quiz(day=step * every, total=total),
                domains=scores,
                answers={"fatigue_1": 3.0},
            )
        )
    return records


def a_history(flag: bool = False) -> History:
    records: list[object] = list(quizzes(6))
    if flag:
        last = records[-1]
        assert isinstance(last, QuizRecord)
        advice: AdviceDict = {
            "action": "urgent",
            "exercise": None,
            "reasons": ["You answered yes."],
        }
        records[-1] = replace(last, red_flags=["chest_pain"], advice=advice)
    records += [session(day=d + 0.5, before=7, after=4) for d in range(0, 35, 2)]
    records.append(session(day=36, completed=False, exercise="box"))
    return history(*records)  # type: ignore[arg-type]


def data(
    records: History,
    *,
    t: Translator = EN,
    practice: Practice | None = None,
    labels: Labels | None = None,
) -> ReportData:
    questionnaire, exercises = shipped()
    labels = labels or Labels(t, t.lang, questionnaire, exercises, tz=UTC)
    overview = build_overview(records, questionnaire.insight, recent=REPORT_QUIZZES)
    return ReportData(overview, labels, practice, MADE, "9.9.9")


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_has_every_section() -> None:
    text = render_markdown(data(a_history(), practice=Practice(name="Praktijk Rust")))
    for heading in (
        "# Stress and tension: a summary",
        "## Latest self-check",
        "## Scores over time",
        "## Breathing practice",
        "## Do the exercises bring lasting relief?",
        "## Questionnaires used",
        "## All self-checks, newest first",
    ):
        assert heading in text, heading
    assert "Period: 5 Jan 2026 – 10 Feb 2026" in text
    assert "Practice: Praktijk Rust" in text
    assert "not a diagnosis" in text
    assert "| Tiredness | 3.4/12 | low |" in text
    assert "stresscheck-default, version 1" in text
    assert "Made with stresscheck 9.9.9 on 25 Nov 2026" in text


def test_markdown_shows_red_flags_first_and_bold() -> None:
    text = render_markdown(data(a_history(flag=True)))
    flags = text.index("**Red flags:**")
    assert flags < text.index("| Area |")
    assert "- **Chest pain" in text or "- **chest pain" in text


def test_markdown_escapes_what_it_did_not_write() -> None:
    practice = Practice(name="*Rust* | [klik](http://x.example) <b>")
    text = render_markdown(data(a_history(), practice=practice))
    assert r"\*Rust\* \| \[klik\](http://x.example) \<b\>" in text
    assert md("a\nb") == "a b"


def test_markdown_in_dutch_uses_dutch_months_and_words() -> None:
    text = render_markdown(data(a_history(), t=NL))
    assert "# Stress en spanning: een overzicht" in text
    assert "5 jan 2026 – 10 feb 2026" in text
    assert "## Laatste zelfcheck" in text


# --- HTML --------------------------------------------------------------------------------------

EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_html_is_one_self_contained_file() -> None:
    practice = Practice(name="Praktijk", website="https://praktijk.example", email="a@b.example")
    page = render_html(data(a_history(), practice=practice))
    assert page.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(page) is None
    assert "<script" not in page.lower()
    assert "@import" not in page
    assert "url(" not in page
    assert "<link" not in page.lower()
    assert "<img" not in page.lower()
    assert "https://praktijk.example" in page  # shown as text, not fetched or linked
    assert "<svg" in page
    assert "<polyline" in page
    assert "@media print" in page


def test_html_escapes_a_script_in_the_practice_name() -> None:
    practice = Practice(name='<script>alert("hi")</script>', website='"><img src=x onerror=1>')
    page = render_html(data(a_history(), practice=practice))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;" in page
    assert "<img" not in page.lower()


def test_html_escapes_texts_from_stored_records() -> None:
    base = a_history()
    last = replace(
        base.quizzes[-1],
        advice={"action": "breathe", "exercise": None, "reasons": ["<b>bold</b> & more"]},
        questionnaire_id="<x>",
    )
    records = History(quizzes=(*base.quizzes[:-1], last), sessions=base.sessions)
    page = render_html(data(records))
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<x>" not in page


def test_html_chart_has_one_line_per_domain_axis_labels_and_a_legend() -> None:
    page = render_html(data(a_history()))
    start = page.index('<svg class="chart"')
    chart = page[start : page.index("</svg>", start)]
    assert chart.count("<polyline") == len(MAXIMA)
    for label in ("0%", "50%", "100%", "5 Jan 2026"):
        assert f">{label}</text>" in chart
    assert "% of the highest score" in chart
    # Lines differ without colour: every domain has its own dash pattern.
    dashes = re.findall(r'<polyline[^>]*?(stroke-dasharray="[^"]*")?/>', chart)
    assert len(set(dashes)) == len(MAXIMA)
    legend = page[page.index('<ul class="legend">') :]
    for title in ("Tiredness", "Tension and pain", "Restlessness", "Breathing"):
        assert title in legend
    assert "now 3.4/12, low" in legend
    assert len(MARKERS) >= len(MAXIMA)


def test_html_shows_red_flags_prominently() -> None:
    page = render_html(data(a_history(flag=True)))
    flags = page.index('<div class="flags"')
    assert flags < page.index("<table")
    assert "Red flags" in page[flags : flags + 300]


def test_red_flags_of_earlier_quizzes_are_mentioned() -> None:
    base = a_history()
    flagged = replace(base.quizzes[1], red_flags=["chest_pain"])
    records = History(quizzes=(base.quizzes[0], flagged, *base.quizzes[2:]), sessions=())
    for page in (render_html(data(records)), render_markdown(data(records))):
        assert "In all, 1 self-check raised a red flag; the last one on 12 Jan 2026." in page


def test_an_empty_history_gives_a_calm_report() -> None:
    for renderer in REPORT_FORMATS.values():
        text = renderer(data(History()))
        assert "No self-check yet" in text
        assert "No breathing sessions yet" in text
        assert "<polyline" not in text


def test_a_quiz_of_an_unknown_questionnaire_shows_readable_ids() -> None:
    strange = replace(
        quiz(day=1),
        questionnaire_id="other",
        domains={"sleep_quality": {"score": 3.0, "max": 8.0, "level": "mild", "missing": 0}},
    )
    page = render_html(data(history(strange)))
    assert "Sleep quality" in page
    assert "other, version 1" in page
    assert readable_id("breathing_rate") == "Breathing rate"


def test_many_quizzes_are_thinned_for_the_chart_and_capped_in_the_table() -> None:
    many = quizzes(CHART_POINTS * 3, every=0.5)
    report = data(history(*many))
    chart = report.overview.chart
    assert chart is not None and chart.averaged
    assert len(chart.points) <= CHART_POINTS
    assert sum(point.quizzes for point in chart.points) == len(many)
    page = render_html(report)
    assert f"The last {REPORT_QUIZZES} of {len(many)} self-checks" in page
    assert page.count("<tr>") < REPORT_QUIZZES + 40
    assert "average of those in its stretch of time" in page


def test_a_domain_not_scored_leaves_a_gap_not_a_line() -> None:
    records = quizzes(5)
    gap = replace(
        records[2],
        domains={**records[2].domains, "fatigue": {**records[2].domains["fatigue"], "score": None}},
    )
    records[2] = gap
    chart = score_chart(records)
    assert chart is not None
    page = render_html(data(history(*records)))
    fatigue = page[page.index('data-domain="fatigue"') :]
    fatigue = fatigue[: fatigue.index("</g>")]
    assert fatigue.count("<polyline") == 2


def test_report_formats_are_registered() -> None:
    assert set(REPORT_FORMATS) == {"md", "html"}


# --- the overview ------------------------------------------------------------------------------


def test_practice_stats_counts_in_one_pass() -> None:
    stats = practice_stats(
        [
            session(day=0, before=8, after=4),
            session(day=1, before=None, after=None),
            session(day=2, before=6, after=6, completed=False, exercise="box"),
        ]
    )
    assert (stats.sessions, stats.completed, stats.interrupted, stats.rated) == (3, 2, 1, 2)
    assert stats.seconds == 300 + 300 + 120
    assert (stats.mean_before, stats.mean_after, stats.mean_relief) == (7.0, 5.0, 2.0)
    assert [(e.exercise_id, e.sessions) for e in stats.exercises] == [("resonance", 2), ("box", 1)]
    assert stats.first_at == at(0) and stats.last_at == at(2)


def test_overview_of_nothing() -> None:
    overview = build_overview(History())
    assert overview.empty
    assert overview.chart is None and overview.trends == ()
    assert overview.insight.verdict == "not_enough_data"


def test_trends_follow_the_latest_questionnaire() -> None:
    ours = quizzes(4)
    other = replace(quiz(day=100), questionnaire_id="other")
    overview = build_overview(history(*ours, other))
    assert overview.chart is not None
    assert overview.chart.questionnaire_id == "other"
    assert overview.chart.left_out == 4
    assert [item.domain_id for item in overview.trends] == ["fatigue", None]


def test_dates_are_in_the_persons_time_zone() -> None:
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    amsterdam = (
        Labels(EN, "en", tz=UTC)
        .local(late)
        .astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    )
    assert amsterdam.day == 2
    labels = Labels(NL, "nl", tz=amsterdam.tzinfo)
    assert labels.date(late) == "2 mrt 2026"
    assert labels.period(late, late + timedelta(hours=1)) == "2 mrt 2026"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_month_names_are_twelve(lang: str) -> None:
    assert len(Translator(lang)("report.date.months").split()) == 12


# --- answers of the first and the latest self-check ------------------------------------------

FIRST_ANSWERS: dict[str, AnswerValue] = {
    "fatigue_1": 3.0,
    "chest_pain": 0.0,
    "duration": 4.0,
    "relaxation_effect": 2.0,
    "load": 3.0,
    "gp_signs": ("fever_sweats", "low_mood"),
}
LATEST_ANSWERS: dict[str, AnswerValue] = {
    "fatigue_1": 1.0,
    "chest_pain": 0.0,
    "duration": 4.0,
    "relaxation_effect": 1.0,
    "load": 1.0,
    "gp_signs": ("none",),
}


def compared_history(middle: int = 1) -> History:
    """A first and a latest self-check with other answers, ``middle`` quizzes between."""
    records: list[object] = [quiz(0, 30.0, answers=dict(FIRST_ANSWERS))]
    records += [quiz(10 + step, 24.0) for step in range(middle)]
    records.append(quiz(60, 18.0, answers=dict(LATEST_ANSWERS)))
    records += [session(day=d + 0.5, before=7, after=4) for d in range(0, 56, 2)]
    return history(*records)  # type: ignore[arg-type]


def answers_part(text: str) -> str:
    return text.split("## Answers per question")[1].split("\n## ")[0]


def test_the_answers_of_the_first_and_the_latest_self_check_stand_side_by_side() -> None:
    text = render_markdown(data(compared_history()))
    part = answers_part(text)
    assert "- First self-check: 5 Jan 2026 09:00 · " in part
    assert "- Latest self-check: 6 Mar 2026 09:00 · " in part
    assert "(stresscheck-default, version 1)" in part  # the questionnaire's id and version
    assert "| Question | First, 5 Jan 2026 | Latest, 6 Mar 2026 |" in part
    # Each area with its score in both, then its questions with the chosen labels.
    assert "| **Tiredness** | **9/12 · high** | **9/12 · high** |" in part
    assert "| Tiredness | Often | Rarely |" in part
    assert "| Chest pain or pressure, or very short of breath | No | No |" in part
    assert "| **Total** | **30 · moderate** | **18 · moderate** |" in part
    # An unanswered question says so rather than leaving a blank a reader might misread.
    assert "| Headaches | not answered | not answered |" in part
    # The middle quiz's answers are not shown: only first and latest are compared.
    assert part.count("| Tiredness |") == 1


def test_the_situation_is_told_for_the_first_and_the_latest_once() -> None:
    text = render_markdown(data(compared_history()))
    assert text.count("What you told about your situation") == 1
    block = text.split("**What you told about your situation**")[1].split("**Advice")[0]
    assert "| Question | First, 5 Jan 2026 | Latest, 6 Mar 2026 |" in block
    assert (
        "| Effect of relaxation | They help for a moment, but the tension soon comes back"
        " | They help for a few hours |"
    ) in block
    assert "| Load versus what you can carry | It is clearly too much |" in block
    # A multi answer as its labels.
    assert (
        "| Signs for your GP | Fever, or waking up drenched in sweat at night;"
        " Feeling low or without pleasure most days | None of these |"
    ) in block
    # Context questions are not repeated in the answers table.
    assert "Load versus" not in answers_part(text)


def test_one_self_check_shows_its_answers_once() -> None:
    records = history(quiz(0, 30.0, answers=dict(FIRST_ANSWERS)))
    text = render_markdown(data(records))
    part = answers_part(text)
    assert "- The only self-check: 5 Jan 2026 09:00 · " in part
    assert "| Question | Answer, 5 Jan 2026 |" in part
    assert "| Tiredness | Often |" in part
    assert "- How long complaints last: More than 3 months" in text


def test_the_first_self_check_comes_from_the_data_when_not_among_the_recent() -> None:
    full = compared_history(middle=4)
    first = full.quizzes[0]
    later = History(quizzes=full.quizzes[1:], sessions=full.sessions)
    report = replace(data(later), first=first)
    part = answers_part(render_markdown(report))
    assert "| Tiredness | Often | Rarely |" in part
    # Without it, and with older quizzes not at hand, only the latest is shown.
    questionnaire, exercises = shipped()
    labels = Labels(EN, "en", questionnaire, exercises, tz=UTC)
    overview = build_overview(full, questionnaire.insight, recent=2)
    alone = render_markdown(ReportData(overview, labels, None, MADE, "9.9.9"))
    assert "| Question | Answer, 6 Mar 2026 |" in answers_part(alone)


def test_answers_in_dutch() -> None:
    text = render_markdown(data(compared_history(), t=NL))
    part = text.split("## Antwoorden per vraag")[1].split("\n## ")[0]
    assert "- Eerste zelfcheck: 5 jan 2026 09:00 · " in part
    assert "| Vraag | Eerste, 5 jan 2026 | Laatste, 6 mrt 2026 |" in part
    assert "niet beantwoord" in part
    assert "**Conclusie: blijvende verlichting**" in text
    assert "- Oefeningen per week (gemiddeld): " in text


def body_map_questionnaire() -> Labels:
    from stresscheck.core.questionnaire import Option, Question
    from stresscheck.core.text import LocalText

    questionnaire, exercises = shipped()
    places = Question(
        id="locations",
        text=LocalText({"en": "Where do you feel it?", "nl": "Waar voel je het?"}),
        options=(
            Option("neck", LocalText({"en": "Neck", "nl": "Nek"})),
            Option("jaw", LocalText({"en": "Jaw <&>", "nl": "Kaak <&>"})),
            Option("belly", LocalText({"en": "Belly", "nl": "Buik"})),
        ),
        multi=True,
    )
    others = tuple(q for q in questionnaire.questions if q.id != "locations")
    changed = questionnaire._replace(questions=(*others, places))
    return Labels(EN, "en", changed, exercises, tz=UTC)


def test_the_body_map_lists_the_places_of_the_first_and_the_latest() -> None:
    first = quiz(0, 30.0, answers={**FIRST_ANSWERS, "locations": ("neck", "jaw")})
    latest = quiz(30, 20.0, answers={**LATEST_ANSWERS, "locations": ()})
    report = data(history(first, latest), labels=body_map_questionnaire())
    text = render_markdown(report)
    assert "**Where tension or pain sits (body map)**" in text
    assert "- First, 5 Jan 2026: Neck; Jaw \\<&\\>" in text
    assert "- Latest, 4 Feb 2026: nothing chosen" in text
    # Listed once: not again among what was told about the situation.
    assert text.count("Neck") == 1
    page = render_html(report)
    assert "Jaw &lt;&amp;&gt;" in page
    assert "Jaw <&>" not in page
    assert "(body map)</h3>" in page


def test_no_body_map_when_no_check_answered_it() -> None:
    """Checks made before the body map was asked (version 1) show no empty map."""
    assert "body map" not in render_markdown(data(compared_history()))


def test_sessions_per_week_and_the_verdict_with_its_numbers() -> None:
    text = render_markdown(data(compared_history()))
    # 28 sessions from 5 Jan 21:00 to 28 Feb 21:00: 55 calendar days.
    assert "- Sessions per week (on average): 3.6" in text
    insight = text.split("## Do the exercises bring lasting relief?")[1].split("\n## ")[0]
    assert "**Verdict: lasting relief**" in insight
    assert "Your total score went from 30 to 18." in insight
    assert "You practised 28 times over" in insight
    page = render_html(data(compared_history()))
    assert '<p class="verdict"><strong>Verdict: lasting relief</strong></p>' in page
    assert "<b>3.6</b><span>Sessions per week (on average)</span>" in page


def test_the_html_answers_are_escaped_tables_without_scripts() -> None:
    page = render_html(data(compared_history()))
    assert "<h2>Answers per question</h2>" in page
    assert '<table class="answers">' in page
    assert '<tr class="area"><th scope="row">Tiredness</th><td>9/12 · high</td>' in page
    assert '<tr><th scope="row">Tiredness</th><td>Often</td><td>Rarely</td></tr>' in page
    assert '<th scope="col">First, 5 Jan 2026</th>' in page
    assert "<script" not in page
    # Every new class has its rule in the page's own CSS.
    for rule in ("table.answers", "tr.area", ".compared"):
        assert rule in page.split("</style>")[0]


def test_answers_of_a_questionnaire_not_at_hand_are_shown_as_stored_once() -> None:
    first = quiz(0, 30.0, questionnaire="praktijk-eigen", answers={"load": 3.0})
    latest = quiz(9, 30.0, questionnaire="praktijk-eigen", answers={"load": 1.0, "x_<b>": 2.0})
    text = render_markdown(data(history(first, latest)))
    assert "The questionnaire 'praktijk-eigen' is not at hand here" in text
    assert "| Load | 3 | 1 |" in text
    assert "| X \\<b\\> | not answered | 2 |" in text
    assert "praktijk-eigen, version 1" in answers_part(text)


@given(st.text())
def test_html_escaping_is_the_standard_librarys(text: str) -> None:
    """Every text in the HTML report and its SVG is escaped as ``html.escape`` would."""
    import html

    from stresscheck.adapters.report.escape import esc

    assert esc(text) == html.escape(text, quote=True)
    assert esc(3) == "3"
