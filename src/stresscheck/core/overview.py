"""What the history view and the report show, computed once from a History.

Pure: records in, numbers and series out. The renderers (the terminal view in
``adapters/history_view.py``, Markdown and HTML in ``adapters/report.py``)
only present an ``Overview``; none of them counts or averages anything itself,
so the terminal and the report can never disagree.

Years of daily use mean thousands of records. Tables show only the most
recent ones (``recent``); the chart averages quizzes into at most
``chart_points`` points; everything else is a single pass over the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from stresscheck.core.history import DomainScoreDict, History, QuizRecord, SessionRecord
from stresscheck.core.insight import Insight, Trend, relief_insight, trend
from stresscheck.core.questionnaire import InsightSettings

RECENT = 20
CHART_POINTS = 120
# A rise or fall of less than this share of a domain's maximum reads as steady.
TREND_TOLERANCE = 0.05


@dataclass(frozen=True)
class ExerciseStats:
    """How often one exercise was done, and for how long in all."""

    exercise_id: str
    sessions: int
    completed: int
    seconds: float


@dataclass(frozen=True)
class PracticeStats:
    """The breathing practice in numbers.

    Tension means are over the sessions rated both before and after (0-10);
    ``mean_relief`` is before minus after, so a positive number is relief.
    """

    sessions: int = 0
    completed: int = 0
    interrupted: int = 0
    seconds: float = 0.0
    rated: int = 0
    mean_before: float | None = None
    mean_after: float | None = None
    mean_relief: float | None = None
    first_at: datetime | None = None
    last_at: datetime | None = None
    exercises: tuple[ExerciseStats, ...] = ()


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


def practice_stats(sessions: Iterable[SessionRecord]) -> PracticeStats:
    """Counts, minutes and tension means of ``sessions``, in one pass."""
    count = completed = rated = 0
    seconds = before = after = 0.0
    first: datetime | None = None
    last: datetime | None = None
    per_exercise: dict[str, list[float]] = {}  # id -> [sessions, completed, seconds]
    for session in sessions:
        count += 1
        completed += session.completed
        seconds += session.actual_seconds
        if first is None or session.at < first:
            first = session.at
        if last is None or session.at > last:
            last = session.at
        if session.tension_before is not None and session.tension_after is not None:
            rated += 1
            before += session.tension_before
            after += session.tension_after
        entry = per_exercise.setdefault(session.exercise_id, [0, 0, 0.0])
        entry[0] += 1
        entry[1] += session.completed
        entry[2] += session.actual_seconds
    exercises = sorted(
        (
            ExerciseStats(exercise_id, int(n), int(done), secs)
            for exercise_id, (n, done, secs) in per_exercise.items()
        ),
        key=lambda item: (-item.sessions, item.exercise_id),
    )
    return PracticeStats(
        sessions=count,
        completed=completed,
        interrupted=count - completed,
        seconds=seconds,
        rated=rated,
        mean_before=_mean(before, rated),
        mean_after=_mean(after, rated),
        mean_relief=_mean(before - after, rated),
        first_at=first,
        last_at=last,
        exercises=tuple(exercises),
    )


# --- scores over time ------------------------------------------------------------------


def percent_of_max(domain: DomainScoreDict) -> float | None:
    """A domain's score as a percentage of its maximum (None: not scored)."""
    score, maximum = domain["score"], domain["max"]
    if score is None or maximum <= 0:
        return None
    return 100.0 * score / maximum


@dataclass(frozen=True)
class ChartPoint:
    """One moment on the chart: each domain's score as a percentage of its maximum.

    ``quizzes`` is how many quizzes were averaged into it (1 unless the chart
    had to be thinned out).
    """

    at: datetime
    values: tuple[float | None, ...]
    quizzes: int = 1


@dataclass(frozen=True)
class ScoreChart:
    """Scores over time for one questionnaire; ``values`` follow ``domain_ids``.

    Percentages put domains of different lengths on one scale. ``left_out``
    counts quizzes of other questionnaires, whose scores are not comparable.
    """

    questionnaire_id: str
    domain_ids: tuple[str, ...]
    points: tuple[ChartPoint, ...]
    averaged: bool
    left_out: int


def _thin(points: Sequence[ChartPoint], limit: int) -> tuple[ChartPoint, ...]:
    """At most ``limit`` points: equal stretches of time, each the mean of its quizzes.

    Equal stretches of time (rather than of quizzes) keep the chart's time axis
    honest when someone took the quiz daily for a month and then monthly.
    """
    first, last = points[0].at, points[-1].at
    span = (last - first).total_seconds()
    if span <= 0:
        buckets: dict[int, list[ChartPoint]] = {0: list(points)}
    else:
        buckets = {}
        for point in points:
            index = min(int((point.at - first).total_seconds() / span * limit), limit - 1)
            buckets.setdefault(index, []).append(point)
    thinned = []
    width = len(points[0].values)
    for group in buckets.values():
        mean_time = sum((p.at - first).total_seconds() for p in group) / len(group)
        values: list[float | None] = []
        for column in range(width):
            known = [v for v in (p.values[column] for p in group) if v is not None]
            values.append(sum(known) / len(known) if known else None)
        moment = first + (last - first) * (mean_time / span if span > 0 else 0)
        thinned.append(ChartPoint(moment, tuple(values), sum(p.quizzes for p in group)))
    return tuple(thinned)


def score_chart(quizzes: Sequence[QuizRecord], limit: int = CHART_POINTS) -> ScoreChart | None:
    """The chart of the latest quiz's questionnaire, or None when there are no quizzes."""
    if not quizzes:
        return None
    latest = quizzes[-1]
    domain_ids = tuple(latest.domains)
    points = [
        ChartPoint(
            quiz.at,
            tuple(
                percent_of_max(quiz.domains[d]) if d in quiz.domains else None for d in domain_ids
            ),
        )
        for quiz in quizzes
        if quiz.questionnaire_id == latest.questionnaire_id
    ]
    averaged = len(points) > limit
    return ScoreChart(
        questionnaire_id=latest.questionnaire_id,
        domain_ids=domain_ids,
        points=_thin(points, limit) if averaged else tuple(points),
        averaged=averaged,
        left_out=len(quizzes) - len(points),
    )


@dataclass(frozen=True)
class DomainTrend:
    """One domain's recent scores (``domain_id`` None: the total) and where they head."""

    domain_id: str | None
    values: tuple[float | None, ...]
    trend: Trend
    first: float | None
    latest: float | None
    maximum: float | None
    latest_level: str | None


def domain_trends(quizzes: Sequence[QuizRecord]) -> tuple[DomainTrend, ...]:
    """Trends over ``quizzes`` (one questionnaire, oldest first): each domain, then the total."""
    if not quizzes:
        return ()
    latest = quizzes[-1]
    trends = []
    for domain_id, domain in latest.domains.items():
        values = tuple(
            quiz.domains[domain_id]["score"] if domain_id in quiz.domains else None
            for quiz in quizzes
        )
        trends.append(_domain_trend(domain_id, values, domain["max"], domain["level"]))
    if latest.total is not None:
        values = tuple(quiz.total["score"] if quiz.total else None for quiz in quizzes)
        maximum = sum(d["max"] for d in latest.domains.values()) or None
        trends.append(_domain_trend(None, values, maximum, latest.total["level"]))
    return tuple(trends)


def _domain_trend(
    domain_id: str | None,
    values: tuple[float | None, ...],
    maximum: float | None,
    level: str | None,
) -> DomainTrend:
    known = [value for value in values if value is not None]
    tolerance = TREND_TOLERANCE * maximum if maximum else 0.0
    return DomainTrend(
        domain_id=domain_id,
        values=values,
        trend=trend(values, tolerance),
        first=known[0] if known else None,
        latest=values[-1] if values else None,
        maximum=maximum,
        latest_level=level,
    )


# --- the whole picture -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionnaireUse:
    """One questionnaire (id and version) and how often it was filled in."""

    questionnaire_id: str
    version: int
    quizzes: int
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True)
class Overview:
    """Everything the history view and the report show.

    ``recent_quizzes`` and ``recent_sessions`` are the newest ``recent`` of
    each, oldest first; ``trends`` cover the newest quizzes of the
    latest quiz's questionnaire; ``insight`` answers "lasting relief, or only
    a brief one?" from the whole history. ``flagged`` counts the quizzes that
    raised a red flag, so a report can say so even when they are not recent.
    """

    quizzes: int
    sessions: int
    first_at: datetime | None
    last_at: datetime | None
    latest: QuizRecord | None
    recent_quizzes: tuple[QuizRecord, ...]
    recent_sessions: tuple[SessionRecord, ...]
    questionnaires: tuple[QuestionnaireUse, ...]
    practice: PracticeStats
    trends: tuple[DomainTrend, ...]
    chart: ScoreChart | None
    insight: Insight
    flagged: int = 0
    last_flagged_at: datetime | None = None

    @property
    def empty(self) -> bool:
        """Nothing stored yet."""
        return not (self.quizzes or self.sessions)


def questionnaire_uses(quizzes: Iterable[QuizRecord]) -> tuple[QuestionnaireUse, ...]:
    """Each questionnaire version used, in the order first used."""
    counts: dict[tuple[str, int], int] = {}
    firsts: dict[tuple[str, int], datetime] = {}
    lasts: dict[tuple[str, int], datetime] = {}
    for quiz in quizzes:
        key = (quiz.questionnaire_id, quiz.questionnaire_version)
        counts[key] = counts.get(key, 0) + 1
        firsts.setdefault(key, quiz.at)
        lasts[key] = quiz.at
    return tuple(
        QuestionnaireUse(qid, version, count, firsts[(qid, version)], lasts[(qid, version)])
        for (qid, version), count in counts.items()
    )


def _first_last(times: Iterable[datetime | None]) -> tuple[datetime | None, datetime | None]:
    known = [moment for moment in times if moment is not None]
    return (min(known), max(known)) if known else (None, None)


def build_overview(
    history: History,
    thresholds: InsightSettings | None = None,
    *,
    recent: int = RECENT,
    trend_quizzes: int = RECENT,
    chart_points: int = CHART_POINTS,
) -> Overview:
    """The overview of ``history``; ``thresholds`` come from the questionnaire in force.

    Tables get the newest ``recent`` records, the trends the newest
    ``trend_quizzes`` quizzes; ``chart_points`` 0 leaves the chart out (the
    terminal view has none).
    """
    quizzes, sessions = history.quizzes, history.sessions
    latest = quizzes[-1] if quizzes else None
    same: list[QuizRecord] = []
    if latest is not None:
        for quiz in reversed(quizzes):
            if quiz.questionnaire_id == latest.questionnaire_id:
                same.append(quiz)
                if len(same) == trend_quizzes:
                    break
        same.reverse()
    flagged = [quiz for quiz in quizzes if quiz.red_flags]
    first_at, last_at = _first_last(
        [
            quizzes[0].at if quizzes else None,
            sessions[0].at if sessions else None,
            quizzes[-1].at if quizzes else None,
            sessions[-1].at if sessions else None,
        ]
    )
    return Overview(
        quizzes=len(quizzes),
        sessions=len(sessions),
        first_at=first_at,
        last_at=last_at,
        latest=latest,
        recent_quizzes=tuple(quizzes[-recent:]) if recent > 0 else (),
        recent_sessions=tuple(sessions[-recent:]) if recent > 0 else (),
        questionnaires=questionnaire_uses(quizzes),
        practice=practice_stats(sessions),
        trends=domain_trends(same),
        chart=score_chart(quizzes, chart_points) if chart_points > 0 else None,
        insight=relief_insight(history, thresholds),
        flagged=len(flagged),
        last_flagged_at=flagged[-1].at if flagged else None,
    )
