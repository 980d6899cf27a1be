"""What the history view and the report show, computed once from a History.

Pure: records in, numbers and series out. The renderers (the terminal view in
``adapters/ui/history_view.py``, Markdown and HTML in ``adapters/report/markdown.py``
and ``html.py``) only present an ``Overview``; none of them counts or averages
anything itself, so the terminal and the report can never disagree.

Years of daily use mean thousands of records. Tables show only the most
recent ones (``recent``); the chart averages quizzes into at most
``chart_points`` points; everything else is a single pass over the records.

An overview is made in two steps: ``parts_from_rows`` reduces the history to
``OverviewParts`` (small, whatever the size of the history), and ``assemble``
adds the trends and the insight. Of all records but the newest it reads only
their rows (``QuizRow``, ``SessionRow``: what ``quiz_row`` and ``session_row``
derive of a record), so the store can hand over years of history as columns
instead of records (``adapters/storage/history_read.py``); ``overview_parts`` does the
same for a History in memory. Either way, this module alone computes.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from stresscheck.core.history import History, QuizRecord, SessionRecord
from stresscheck.core.insight import (
    Insight,
    PointTuple,
    ReliefEvidence,
    ScoreKind,
    ScorePoint,
    SessionTuple,
    Trend,
    judge,
    percent_of_max,
    relief_evidence,
    score_tuple,
    trend,
)
from stresscheck.core.questionnaire import InsightSettings

RECENT = 20
CHART_POINTS = 120
# A rise or fall of less than this share of a domain's maximum reads as steady.
TREND_TOLERANCE = 0.05
_LARGEST_INTEGER = 2**63 - 1  # SQLite's
# The version of ``quiz_row``'s derivation (and of what it calls: comparable_score,
# score_scale, percent_of_max). The store keeps each quiz's row beside it with
# this number; raise it whenever they give other values, and stored rows made
# by another version are derived again from their records.
DERIVED_VERSION = 1


class QuizRow(NamedTuple):
    """What the overview and the relief insight read of every quiz.

    ``kind``, ``value`` and ``scale`` are its comparable score (``kind`` None:
    it has none; then ``value`` and ``scale`` are NaN); ``shares`` are its
    domains' scores as percentages of their maxima, in the order of
    ``domain_ids`` (NaN: not scored).
    """

    at: datetime
    questionnaire_id: str
    questionnaire_version: int
    flags: int
    kind: ScoreKind | None
    value: float
    scale: float
    domain_ids: tuple[str, ...]
    shares: tuple[float, ...]

    def point(self) -> PointTuple | None:
        """Its comparable score as the relief insight reads it (None: it has none)."""
        if self.kind is None:
            return None
        return (self.at, self.questionnaire_id, self.kind, self.value, self.scale)


class SessionRow(NamedTuple):
    """What the overview and the relief insight read of every breathing session."""

    at: datetime
    exercise_id: str
    completed: bool
    seconds: float
    tension_before: int | None
    tension_after: int | None

    def relief(self) -> SessionTuple:
        """The session as the relief insight reads it."""
        return (self.at, self.completed, self.tension_before, self.tension_after)


def quiz_row(record: QuizRecord) -> QuizRow:
    """The row of ``record`` (version ``DERIVED_VERSION``)."""
    point = score_tuple(record)
    shares = tuple(
        math.nan if (share := percent_of_max(domain)) is None else share
        for domain in record.domains.values()
    )
    return QuizRow(
        record.at,
        record.questionnaire_id,
        record.questionnaire_version,
        len(record.red_flags),
        None if point is None else point[2],
        math.nan if point is None else point[3],
        math.nan if point is None or point[4] is None else point[4],
        tuple(record.domains),
        shares,
    )


def session_row(record: SessionRecord) -> SessionRow:
    """The row of ``record``."""
    return SessionRow(
        record.at,
        record.exercise_id,
        record.completed,
        record.actual_seconds,
        record.tension_before,
        record.tension_after,
    )


class ExerciseStats(NamedTuple):
    """How often one exercise was done, and for how long in all."""

    exercise_id: str
    sessions: int
    completed: int
    seconds: float


class PracticeStats(NamedTuple):
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


def _mean(total: int, count: int) -> float | None:
    # Tension ratings are whole numbers: their sum is exact.
    return round(total / count, 1) if count else None


def milliseconds(seconds: float) -> int:
    """``seconds`` (finite, not negative) to the nearest millisecond.

    Practice time is added up in whole milliseconds, which add up exactly in any
    order (float sums depend on their order). This is exactly what SQLite's
    ``CAST(seconds * 1000 + 0.5 AS INTEGER)`` computes: the same IEEE
    operations, then truncation.
    """
    value = seconds * 1000 + 0.5
    # SQLite's CAST gives its largest integer for anything as large or larger.
    return _LARGEST_INTEGER if value >= 2.0**63 else int(value)


def practice_stats(sessions: Sequence[SessionRecord | SessionRow]) -> PracticeStats:
    """Counts, minutes and tension means of ``sessions`` (records or rows, oldest first)."""
    rated = before = after = 0
    counts: dict[str, list[int]] = {}  # id -> [sessions, completed, milliseconds]
    for session in sessions:
        if isinstance(session, SessionRecord):
            session = session_row(session)
        if session.tension_before is not None and session.tension_after is not None:
            rated += 1
            before += session.tension_before
            after += session.tension_after
        entry = counts.setdefault(session.exercise_id, [0, 0, 0])
        entry[0] += 1
        entry[1] += session.completed
        entry[2] += milliseconds(session.seconds)
    first_at, last_at = _first_last(session.at for session in sessions)
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    stats = [ExerciseStats(key, n, done, millis / 1000) for key, (n, done, millis) in rows]
    count = sum(row.sessions for row in stats)
    completed = sum(row.completed for row in stats)
    total_millis = sum(millis for _, (_, _, millis) in rows)
    return PracticeStats(
        sessions=count,
        completed=completed,
        interrupted=count - completed,
        seconds=total_millis / 1000,
        rated=rated,
        mean_before=_mean(before, rated),
        mean_after=_mean(after, rated),
        mean_relief=_mean(before - after, rated),
        first_at=first_at,
        last_at=last_at,
        exercises=tuple(stats),
    )


# --- scores over time ------------------------------------------------------------------


class ChartPoint(NamedTuple):
    """One moment on the chart: each domain's score as a percentage of its maximum.

    ``quizzes`` is how many quizzes were averaged into it (1 unless the chart
    had to be thinned out).
    """

    at: datetime
    values: tuple[float | None, ...]
    quizzes: int = 1


class ScoreChart(NamedTuple):
    """Scores over time for one questionnaire; ``values`` follow ``domain_ids``.

    Percentages put domains of different lengths on one scale. ``left_out``
    counts quizzes of other questionnaires, whose scores are not comparable.
    """

    questionnaire_id: str
    domain_ids: tuple[str, ...]
    points: tuple[ChartPoint, ...]
    averaged: bool
    left_out: int


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def chart_of(
    questionnaire_id: str,
    domain_ids: tuple[str, ...],
    seconds: Sequence[float],
    columns: Sequence[Sequence[float]],
    *,
    left_out: int = 0,
    limit: int = CHART_POINTS,
) -> ScoreChart:
    """The chart from its series: each quiz's time (whole seconds since the epoch,
    oldest first) and, per domain in ``domain_ids``, its percentage (NaN: not scored).

    With more than ``limit`` quizzes the chart is thinned: equal stretches of time,
    each point the mean of its quizzes. Equal stretches of time (rather than of
    quizzes) keep the chart's time axis honest when someone took the quiz daily
    for a month and then monthly.
    """
    count = len(seconds)
    if count <= limit:
        points = tuple(
            ChartPoint(
                _moment(seconds[index]),
                tuple(
                    None if column[index] != column[index] else column[index] for column in columns
                ),
            )
            for index in range(count)
        )
        return ScoreChart(questionnaire_id, domain_ids, points, False, left_out)
    start = seconds[0]
    offsets = [moment - start for moment in seconds]  # exact: whole seconds
    span = offsets[-1]
    first, last = _moment(seconds[0]), _moment(seconds[-1])

    def bucket(offset: float) -> int:
        return min(int(offset / span * limit), limit - 1)

    # A column without NaN adds up to a number: its stretches need no sifting.
    whole = [not math.isnan(sum(column)) for column in columns]
    thinned = []
    low = 0
    while low < count:
        # Times only grow, so each stretch's quizzes follow each other.
        high = count if span <= 0 else bisect_right(offsets, bucket(offsets[low]), low, key=bucket)
        mean_offset = sum(offsets[low:high]) / (high - low)
        values: list[float | None] = []
        for column, complete in zip(columns, whole, strict=True):
            known = column[low:high]
            if not complete:
                known = [value for value in known if value == value]
            values.append(sum(known) / len(known) if known else None)
        moment = first + (last - first) * (mean_offset / span if span > 0 else 0)
        thinned.append(ChartPoint(moment, tuple(values), high - low))
        low = high
    return ScoreChart(questionnaire_id, domain_ids, tuple(thinned), True, left_out)


def score_chart(
    quizzes: Sequence[QuizRecord | QuizRow], limit: int = CHART_POINTS
) -> ScoreChart | None:
    """The chart of the latest quiz's questionnaire (records or rows, oldest first),
    or None when there are no quizzes."""
    if not quizzes:
        return None
    rows = [quiz_row(q) if isinstance(q, QuizRecord) else q for q in quizzes]
    latest = rows[-1]
    domain_ids = latest.domain_ids
    same = [row for row in rows if row.questionnaire_id == latest.questionnaire_id]
    nan = math.nan
    columns: list[list[float]] = [[] for _ in domain_ids]
    layouts: dict[tuple[str, ...], list[int | None]] = {}
    for row in same:
        where = layouts.get(row.domain_ids)
        if where is None:
            index = {domain_id: i for i, domain_id in enumerate(row.domain_ids)}
            where = layouts[row.domain_ids] = [index.get(d) for d in domain_ids]
        for column, position in zip(columns, where, strict=True):
            column.append(nan if position is None else row.shares[position])
    return chart_of(
        latest.questionnaire_id,
        domain_ids,
        [row.at.timestamp() for row in same],
        columns,
        left_out=len(rows) - len(same),
        limit=limit,
    )


class DomainTrend(NamedTuple):
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


class QuestionnaireUse(NamedTuple):
    """One questionnaire (id and version) and how often it was filled in."""

    questionnaire_id: str
    version: int
    quizzes: int
    first_at: datetime
    last_at: datetime


class Overview(NamedTuple):
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


def questionnaire_uses(
    quizzes: Iterable[QuizRecord | QuizRow],
) -> tuple[QuestionnaireUse, ...]:
    """Each questionnaire version used, in the order first used (records or rows)."""
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


class OverviewParts(NamedTuple):
    """What an Overview is made of, small whatever the size of the history.

    The newest records in full (``recent_quizzes`` and ``recent_sessions``, and
    ``trend_quizzes``: the newest of the latest quiz's questionnaire), and for
    all records only their sums: counts, practice, the relief insight's
    evidence, the chart. ``assemble`` turns them into the Overview.
    """

    quizzes: int
    sessions: int
    first_at: datetime | None
    last_at: datetime | None
    latest: QuizRecord | None
    recent_quizzes: tuple[QuizRecord, ...]
    recent_sessions: tuple[SessionRecord, ...]
    trend_quizzes: tuple[QuizRecord, ...]
    questionnaires: tuple[QuestionnaireUse, ...]
    practice: PracticeStats
    evidence: ReliefEvidence
    chart: ScoreChart | None
    flagged: int
    last_flagged_at: datetime | None


def overview_parts(
    history: History,
    *,
    recent: int = RECENT,
    recent_sessions: int | None = None,
    trend_quizzes: int = RECENT,
    chart_points: int = CHART_POINTS,
) -> OverviewParts:
    """The parts of the overview of ``history``.

    Tables get the newest ``recent`` records (sessions: the newest
    ``recent_sessions``, when given; a report shows none), the trends the
    newest ``trend_quizzes`` quizzes; ``chart_points`` 0 leaves the chart out
    (the terminal view has none).
    """
    quizzes, sessions = history.quizzes, history.sessions
    newest_sessions = recent if recent_sessions is None else recent_sessions
    latest = quizzes[-1] if quizzes else None
    same: list[QuizRecord] = []
    if latest is not None:
        for quiz in reversed(quizzes):
            if quiz.questionnaire_id == latest.questionnaire_id:
                same.append(quiz)
                if len(same) == trend_quizzes:
                    break
        same.reverse()
    return parts_from_rows(
        [quiz_row(quiz) for quiz in quizzes],
        [session_row(session) for session in sessions],
        latest=latest,
        recent_quizzes=tuple(quizzes[-recent:]) if recent > 0 else (),
        recent_sessions=tuple(sessions[-newest_sessions:]) if newest_sessions > 0 else (),
        trend_quizzes=tuple(same),
        chart_points=chart_points,
    )


def parts_from_rows(
    quizzes: Sequence[QuizRow],
    sessions: Sequence[SessionRow],
    *,
    latest: QuizRecord | None,
    recent_quizzes: tuple[QuizRecord, ...],
    recent_sessions: tuple[SessionRecord, ...],
    trend_quizzes: tuple[QuizRecord, ...],
    chart_points: int = CHART_POINTS,
) -> OverviewParts:
    """The parts of the overview: every record's row (oldest first, as stored), and
    in full the latest quiz, the newest records and the newest quizzes of the
    latest quiz's questionnaire (see ``overview_parts``)."""
    flagged = [row for row in quizzes if row.flags]
    first_at, last_at = _first_last(
        [
            quizzes[0].at if quizzes else None,
            sessions[0].at if sessions else None,
            quizzes[-1].at if quizzes else None,
            sessions[-1].at if sessions else None,
        ]
    )
    return OverviewParts(
        quizzes=len(quizzes),
        sessions=len(sessions),
        first_at=first_at,
        last_at=last_at,
        latest=latest,
        recent_quizzes=recent_quizzes,
        recent_sessions=recent_sessions,
        trend_quizzes=trend_quizzes,
        questionnaires=questionnaire_uses(quizzes),
        practice=practice_stats(sessions),
        evidence=relief_of_rows(quizzes, sessions),
        chart=score_chart(quizzes, chart_points) if chart_points > 0 else None,
        flagged=len(flagged),
        last_flagged_at=flagged[-1].at if flagged else None,
    )


def assemble(parts: OverviewParts, thresholds: InsightSettings | None = None) -> Overview:
    """The Overview from its parts; ``thresholds`` come from the questionnaire in force."""
    return Overview(
        quizzes=parts.quizzes,
        sessions=parts.sessions,
        first_at=parts.first_at,
        last_at=parts.last_at,
        latest=parts.latest,
        recent_quizzes=parts.recent_quizzes,
        recent_sessions=parts.recent_sessions,
        questionnaires=parts.questionnaires,
        practice=parts.practice,
        trends=domain_trends(parts.trend_quizzes),
        chart=parts.chart,
        insight=judge(parts.evidence, thresholds),
        flagged=parts.flagged,
        last_flagged_at=parts.last_flagged_at,
    )


def relief_of_rows(
    quizzes: Iterable[QuizRow],
    sessions: Iterable[SessionRow],
    *,
    current: ScorePoint | None = None,
) -> ReliefEvidence:
    """``relief_evidence`` of the history in rows (oldest first), with ``current``
    (the quiz being taken, not stored yet) as the latest quiz."""
    points = [point for row in quizzes if (point := row.point()) is not None]
    return relief_evidence(points, [row.relief() for row in sessions], current=current)
