"""Small builders for history records, shared by the history, insight and store tests.

Times are days after a fixed Monday morning (UTC), so a test reads as a
calendar: ``session(day=3)`` is a session on Thursday.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from stresscheck.core.history import (
    ACTIONS,
    ANSWER_LIMIT,
    CYCLES_LIMIT,
    SCORE_LIMIT,
    SECONDS_LIMIT,
    AdviceDict,
    AnswerValue,
    DomainScoreDict,
    History,
    QuizRecord,
    SessionRecord,
    TotalDict,
    new_uid,
)
from stresscheck.core.insight import (
    Insight,
    PointTuple,
    ScorePoint,
    SessionTuple,
    Thresholds,
    judge,
    relief_evidence,
    score_point,
    score_tuple,
)
from stresscheck.core.overview import CHART_POINTS, RECENT, Overview, assemble, overview_parts

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def at(day: float) -> datetime:
    """``day`` days (fractions allowed) after T0."""
    return T0 + timedelta(days=day)


# The default questionnaire's areas at their maxima: a total of at most 60.
DEFAULT_MAXIMA = {"fatigue": 12.0, "tension": 16.0, "restlessness": 16.0, "breathing": 16.0}


def default_domains(share: float = 0.5) -> dict[str, DomainScoreDict]:
    """The default questionnaire's four areas, each scored at ``share`` of its maximum."""
    return {
        domain_id: {"score": maximum * share, "max": maximum, "level": "moderate", "missing": 0}
        for domain_id, maximum in DEFAULT_MAXIMA.items()
    }


def quiz(
    day: float = 0,
    total: float | None = 20.0,
    *,
    questionnaire: str = "stresscheck-default",
    uid: str | None = None,
    domains: dict[str, DomainScoreDict] | None = None,
    answers: dict[str, AnswerValue] | None = None,
    action: str = "breathe",
) -> QuizRecord:
    """A quiz with a total score (None: no total at all)."""
    return QuizRecord(
        uid=uid or new_uid(),
        at=at(day),
        questionnaire_id=questionnaire,
        questionnaire_version=1,
        lang="en",
        answers=answers if answers is not None else {"fatigue_1": 3.0, "duration": 4.0},
        domains=domains
        if domains is not None
        else {"fatigue": {"score": 9.0, "max": 12.0, "level": "high", "missing": 0}},
        total=None if total is None else {"score": total, "level": "moderate"},
        red_flags=[],
        advice={"action": action, "exercise": "resonance", "reasons": ["Because."]},
    )


def session(
    day: float = 0,
    before: int | None = 6,
    after: int | None = 4,
    *,
    completed: bool = True,
    uid: str | None = None,
    exercise: str = "resonance",
) -> SessionRecord:
    """A five-minute session, completed unless said otherwise."""
    return SessionRecord(
        uid=uid or new_uid(),
        at=at(day),
        exercise_id=exercise,
        planned_seconds=300.0,
        actual_seconds=300.0 if completed else 120.0,
        cycles_planned=27,
        cycles_completed=27 if completed else 11,
        completed=completed,
        tension_before=before,
        tension_after=after,
    )


def practice(
    days: Sequence[float], before: int | None = 6, after: int | None = 4
) -> list[SessionRecord]:
    """Completed sessions on these days, all rated the same."""
    return [session(day, before, after) for day in days]


def history(*records: QuizRecord | SessionRecord) -> History:
    return History(
        quizzes=tuple(r for r in records if isinstance(r, QuizRecord)),
        sessions=tuple(r for r in records if isinstance(r, SessionRecord)),
    )


# --- hypothesis strategies -------------------------------------------------------------

ids = st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=64)
# Texts a record keeps as they are: control and format characters (escapes, bidi
# overrides) are dropped on reading, as tests/test_terminal_safety.py shows.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs")), min_size=1, max_size=30
).filter(lambda text: bool(text.strip()))
# Every number a record may hold, up to its bounds (core.history).
numbers = st.floats(min_value=-ANSWER_LIMIT, max_value=ANSWER_LIMIT)
scores = st.floats(min_value=-SCORE_LIMIT, max_value=SCORE_LIMIT)
maxima = st.floats(min_value=0, max_value=SCORE_LIMIT)
seconds = st.floats(min_value=0, max_value=SECONDS_LIMIT)
cycles = st.integers(min_value=0, max_value=CYCLES_LIMIT)
offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5, minutes=30))]
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=offsets
)
tensions = st.none() | st.integers(min_value=0, max_value=10)
# A multi question's chosen options: ids (as in a questionnaire) or numbers.
option_ids = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}", fullmatch=True)
chosen = st.lists(option_ids | numbers, max_size=5).map(tuple)
answer_values: st.SearchStrategy[AnswerValue] = numbers | chosen


@st.composite
def domain_scores(draw: st.DrawFn) -> DomainScoreDict:
    return {
        "score": draw(st.none() | scores),
        "max": draw(maxima),
        "level": draw(st.none() | texts),
        "missing": draw(st.integers(min_value=0, max_value=50)),
    }


@st.composite
def totals(draw: st.DrawFn) -> TotalDict | None:
    if draw(st.booleans()):
        return None
    return {"score": draw(st.none() | scores), "level": draw(st.none() | texts)}


@st.composite
def advices(draw: st.DrawFn) -> AdviceDict:
    return {
        "action": draw(st.sampled_from(ACTIONS)),
        "exercise": draw(st.none() | texts),
        "reasons": draw(st.lists(texts, max_size=3)),
    }


@st.composite
def quiz_records(draw: st.DrawFn) -> QuizRecord:
    return QuizRecord(
        uid=draw(ids),
        at=draw(moments),
        questionnaire_id=draw(texts),
        questionnaire_version=draw(st.integers(min_value=0, max_value=1000)),
        lang=draw(st.sampled_from(["en", "nl"])),
        answers=draw(st.dictionaries(texts, answer_values, max_size=5)),
        domains=draw(st.dictionaries(texts, domain_scores(), max_size=4)),
        total=draw(totals()),
        red_flags=draw(st.lists(texts, max_size=3)),
        advice=draw(advices()),
    )


@st.composite
def session_records(draw: st.DrawFn) -> SessionRecord:
    return SessionRecord(
        uid=draw(ids),
        at=draw(moments),
        exercise_id=draw(texts),
        planned_seconds=draw(seconds),
        actual_seconds=draw(seconds),
        cycles_planned=draw(cycles),
        cycles_completed=draw(cycles),
        completed=draw(st.booleans()),
        tension_before=draw(tensions),
        tension_after=draw(tensions),
    )


@st.composite
def histories(draw: st.DrawFn, max_size: int = 6) -> History:
    """Histories whose record ids are unique, as stored histories are."""
    quizzes = draw(st.lists(quiz_records(), max_size=max_size, unique_by=lambda r: r.uid))
    sessions = draw(st.lists(session_records(), max_size=max_size, unique_by=lambda r: r.uid))
    return History(quizzes=tuple(quizzes), sessions=tuple(sessions))


# --------------------------------------------------------------------------- whole-history helpers
# The program passes light inputs (score and session tuples, overview parts);
# these take a whole History, as the tests find easiest to write.


def quiz_score(record: QuizRecord) -> ScorePoint | None:
    """``score_point`` of a stored quiz."""
    return score_point(record.at, record.questionnaire_id, record.domains, record.total)


def score_tuples(quizzes: Iterable[QuizRecord]) -> list[PointTuple]:
    """The comparable scores of ``quizzes`` (those that have one), in their order."""
    return [point for quiz in quizzes if (point := score_tuple(quiz)) is not None]


def session_tuples(sessions: Iterable[SessionRecord]) -> list[SessionTuple]:
    """``sessions`` as the relief insight reads them, in their order."""
    return [(s.at, s.completed, s.tension_before, s.tension_after) for s in sessions]


def relief_insight_from(
    points: Iterable[PointTuple],
    sessions: Iterable[SessionTuple],
    thresholds: Thresholds | None = None,
    *,
    current: ScorePoint | None = None,
) -> Insight:
    """The relief insight from light inputs (oldest first), as the program judges it:
    ``current`` is the quiz being taken now, else the latest stored one counts."""
    return judge(relief_evidence(points, sessions, current=current), thresholds)


def relief_insight(
    history: History,
    thresholds: Thresholds | None = None,
    *,
    current: ScorePoint | None = None,
) -> Insight:
    """``relief_insight_from`` of a whole History."""
    return relief_insight_from(
        score_tuples(history.quizzes),
        session_tuples(history.sessions),
        thresholds,
        current=current,
    )


def build_overview(
    history: History,
    thresholds: Thresholds | None = None,
    *,
    recent: int = RECENT,
    trend_quizzes: int = RECENT,
    chart_points: int = CHART_POINTS,
) -> Overview:
    """The overview of a whole History (``overview_parts``, then ``assemble``)."""
    parts = overview_parts(
        history, recent=recent, trend_quizzes=trend_quizzes, chart_points=chart_points
    )
    return assemble(parts, thresholds)
