"""Do the exercises bring lasting relief, or only a brief one? Answered from history.

The article behind stresscheck says: when relaxation exercises only help for a
moment and the complaints stay, it is time to see a physiotherapist. This
module asks that question of the person's own records:

* **immediate relief**: tension before minus tension after each session;
* **lasting relief**: whether the quiz score went down between the quiz just
  before the practice began (the *baseline*) and the latest quiz.

Only completed sessions count as practice (a session stopped after a few
seconds says little). Scores are compared only between quizzes of the same
questionnaire: its total score when it has one, else the mean of its domain
scores as a percentage of their maximum.

Relief is lasting when the score dropped by at least ``min_drop_percent`` of
its range (``required_drop``): for a total, that share of the highest total
possible (the sum of the domains' maxima: 10 % of 60 is 6 points); for the
percentage, that many percentage points. A therapist may set
``min_score_drop`` instead: then that many points, whatever the range.

Everything here is pure: the thresholds come from the questionnaire file and
the records from the store.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, NamedTuple

from stresscheck.core.history import (
    DomainScoreDict,
    QuizRecord,
    TotalDict,
    utc_second,
)
from stresscheck.core.questionnaire import InsightSettings as Thresholds
from stresscheck.core.text import format_number

Verdict = Literal["not_enough_data", "lasting", "brief", "no_relief"]
Reason = Literal[
    "no_sessions",
    "no_quizzes",
    "no_baseline",
    "no_quiz_after_practice",
    "too_few_sessions",
    "too_short",
]
ScoreKind = Literal["total", "percent"]
Direction = Literal["down", "flat", "up"]

# Floats such as 24.3 - 23.3 are not exactly 1.0; differences this small are equal.
_EPSILON = 1e-9


@dataclass(frozen=True)
class ScorePoint:
    """One quiz's comparable score: a total, or a mean percentage of the domains' maxima.

    ``scale`` is the highest score of its kind: for a total the sum of the
    domains' maxima, for a percentage 100. None: not known (a point made by
    hand); the threshold for lasting relief then falls back (``score_range``).
    """

    at: datetime
    questionnaire_id: str
    kind: ScoreKind
    value: float
    scale: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", utc_second(self.at))


# A share of the maximum beyond this many percent measures nothing (a maximum
# of 1e-300 makes any score one), and would overflow sums and differences.
SHARE_LIMIT = 1e15


def percent_of_max(domain: DomainScoreDict) -> float | None:
    """A domain's score as a percentage of its maximum (None: not scored, or no
    usable share: beyond ``SHARE_LIMIT`` percent)."""
    score, maximum = domain["score"], domain["max"]
    if score is None or maximum <= 0:
        return None
    share = 100.0 * score / maximum
    return share if abs(share) <= SHARE_LIMIT else None  # also refuses inf and NaN


def comparable_score(
    domains: Mapping[str, DomainScoreDict], total: TotalDict | None
) -> tuple[ScoreKind, float] | None:
    """The kind and value of a quiz's comparable score, or None when it has none.

    The store keeps this beside each quiz, so that reading years of history
    does not mean reading every quiz's scores again.
    """
    if total is not None and total["score"] is not None:
        return "total", float(total["score"])
    shares = [share for domain in domains.values() if (share := percent_of_max(domain)) is not None]
    if not shares:
        return None
    return "percent", round(sum(shares) / len(shares), 1)


def total_scale(domains: Iterable[DomainScoreDict]) -> float:
    """The highest total possible: the sum of the domains' maxima (in their order,
    so that every reader adds the same floats in the same order)."""
    return float(sum(domain["max"] for domain in domains))


def score_scale(kind: ScoreKind, domains: Mapping[str, DomainScoreDict]) -> float:
    """The highest comparable score of this kind a quiz with ``domains`` can have."""
    return total_scale(domains.values()) if kind == "total" else 100.0


def score_point(
    at: datetime,
    questionnaire_id: str,
    domains: Mapping[str, DomainScoreDict],
    total: TotalDict | None,
) -> ScorePoint | None:
    """The score by which quizzes are compared, or None when the quiz has none.

    The quiz engine calls this for the quiz being taken (it is not stored yet),
    and passes the result as ``current`` to ``relief_evidence``.
    """
    found = comparable_score(domains, total)
    if found is None:
        return None
    kind, value = found
    return ScorePoint(at, questionnaire_id, kind, value, score_scale(kind, domains))


def score_range(kind: ScoreKind, *points: ScorePoint | None) -> float | None:
    """The range the drop for lasting relief is a share of: 100 for a percentage;
    for a total, the scale of the first of ``points`` that knows one (the latest
    quiz first), else at least the largest of their scores; None without any."""
    if kind == "percent":
        return 100.0
    known = [p for p in points if p is not None]
    for point in known:
        if point.scale is not None and math.isfinite(point.scale) and point.scale > 0:
            return point.scale
    largest = max((abs(p.value) for p in known), default=0.0)
    return largest if largest > 0 else None


def required_drop(limits: Thresholds, kind: ScoreKind, scale: float | None) -> float:
    """How far a score of ``kind`` must drop for lasting relief.

    ``min_score_drop`` when the questionnaire sets it (points on the score's own
    scale); else ``min_drop_percent`` of ``scale`` (the highest total), or, for
    a percentage of the maximum, ``min_drop_percent`` percentage points. An
    unknown scale asks for no less than the percentage itself.
    """
    if limits.min_score_drop is not None:
        return limits.min_score_drop
    if kind == "percent":
        return limits.min_drop_percent
    if scale is None:
        return limits.min_drop_percent
    return limits.min_drop_percent * scale / 100.0


class Insight(NamedTuple):
    """The answer, with every number a sentence about it needs.

    ``sessions`` and ``days_spanned`` describe the practice period: completed
    sessions from the baseline quiz up to the latest quiz. Tension means are
    over the sessions in it that were rated before and after. ``score_change``
    is latest minus first, so a drop is negative; ``required_drop`` is how far
    the score had to drop for lasting relief (None: nothing was compared).
    """

    verdict: Verdict
    reason: Reason | None
    enabled: bool
    regular: bool
    sessions: int
    days_spanned: int
    rated_sessions: int
    mean_tension_before: float | None
    mean_tension_after: float | None
    mean_relief: float | None
    questionnaire_id: str | None
    score_kind: ScoreKind | None
    first_score: float | None
    latest_score: float | None
    score_change: float | None
    first_at: datetime | None
    latest_at: datetime | None
    thresholds: Thresholds
    required_drop: float | None = None

    def as_fields(self) -> dict[str, Any]:
        """The numbers by name, for message templates (the caller formats them)."""
        return {
            "sessions": self.sessions,
            "days": self.days_spanned,
            "weeks": self.days_spanned // 7,
            "rated": self.rated_sessions,
            "before": self.mean_tension_before,
            "after": self.mean_tension_after,
            "relief": self.mean_relief,
            "first": self.first_score,
            "latest": self.latest_score,
            "change": self.score_change,
            "drop": None if self.score_change is None else -self.score_change,
            "min_sessions": self.thresholds.min_sessions,
            "min_days": self.thresholds.min_days,
            "min_score_drop": self.required_drop,
            "needed": self.required_drop,
            "min_drop_percent": self.thresholds.min_drop_percent,
        }


def _mean(total: int, count: int) -> float | None:
    # Ratings are whole numbers: their sum is exact, as a float sum of them would be.
    return round(total / count, 1) if count else None


def _days_between(first: datetime, last: datetime) -> int:
    # Calendar days, as people count them: the 1st to the 15th is 14 days,
    # whatever the time of day of either session.
    return (last.date() - first.date()).days


# Light inputs: a quiz's comparable score as (at, questionnaire id, kind, value,
# scale), and a session as (at, completed, tension before, tension after). Times
# are in UTC to the whole second, as in stored records.
PointTuple = tuple[datetime, str, ScoreKind, float, float | None]
SessionTuple = tuple[datetime, bool, int | None, int | None]


def score_tuple(quiz: QuizRecord) -> PointTuple | None:
    """The comparable score of ``quiz``, or None when it has none."""
    found = comparable_score(quiz.domains, quiz.total)
    if found is None:
        return None
    kind, value = found
    return (quiz.at, quiz.questionnaire_id, kind, value, score_scale(kind, quiz.domains))


class SessionSpan(NamedTuple):
    """Completed sessions the insight counts: how many, from when to when, and the
    sums of their tension ratings (over the ``rated`` ones, rated before and after)."""

    sessions: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    rated: int = 0
    before: int = 0
    after: int = 0

    @property
    def days(self) -> int:
        """Calendar days from the first session to the last."""
        if self.first_at is None or self.last_at is None:
            return 0
        return _days_between(self.first_at, self.last_at)


def session_span(sessions: Sequence[SessionTuple]) -> SessionSpan:
    """The span of ``sessions`` (oldest first)."""
    rated = before = after = 0
    for _, _, tension_before, tension_after in sessions:
        if tension_before is not None and tension_after is not None:
            rated += 1
            before += tension_before
            after += tension_after
    if not sessions:
        return SessionSpan()
    return SessionSpan(len(sessions), sessions[0][0], sessions[-1][0], rated, before, after)


class ReliefEvidence(NamedTuple):
    """What the verdict is decided on, before any threshold applies.

    ``reason`` says why there is nothing to compare (no sessions, no quizzes,
    no quiz before or after the practice); otherwise ``span`` is the practice
    between the ``baseline`` quiz and the ``latest`` one. With ``no_quizzes``
    the span is all completed sessions; with the other reasons it is empty.
    """

    reason: Reason | None
    span: SessionSpan
    baseline: ScorePoint | None = None
    latest: ScorePoint | None = None


def _at(item: PointTuple | SessionTuple) -> datetime:
    return item[0]


def relief_evidence(
    points: Iterable[PointTuple],
    sessions: Iterable[SessionTuple],
    *,
    current: ScorePoint | None = None,
) -> ReliefEvidence:
    """The practice period and the scores around it, from light inputs (oldest first).

    ``current`` is the quiz being taken right now (not stored yet); it then
    counts as the latest quiz. Without it the latest stored quiz is used.
    """
    scored = list(points)
    if current is not None:
        scored.append(
            (current.at, current.questionnaire_id, current.kind, current.value, current.scale)
        )
    scored.sort(key=_at)  # stable: `current` wins a tie
    practice = [session for session in sessions if session[1]]
    if not practice:
        return ReliefEvidence("no_sessions", SessionSpan())
    if not scored:
        return ReliefEvidence("no_quizzes", session_span(practice))

    # Scores are comparable only within one questionnaire and one kind of score.
    latest = ScorePoint(*scored[-1])
    last_at, questionnaire_id, kind = latest.at, latest.questionnaire_id, latest.kind
    series = [p for p in scored if p[1] == questionnaire_id and p[2] == kind]
    first_at = series[0][0]
    start = next((s[0] for s in practice if first_at <= s[0] <= last_at), None)
    if start is None:
        later = any(s[0] > last_at for s in practice)
        reason: Reason = "no_quiz_after_practice" if later else "no_baseline"
        return ReliefEvidence(reason, SessionSpan(), latest=latest)
    if start >= last_at:  # the baseline would be the latest quiz itself
        return ReliefEvidence("no_quiz_after_practice", SessionSpan(), latest=latest)
    baseline = ScorePoint(*[p for p in series if p[0] <= start][-1])
    period = [s for s in practice if baseline.at <= s[0] <= last_at]
    return ReliefEvidence(None, session_span(period), baseline, latest)


def judge(evidence: ReliefEvidence, thresholds: Thresholds | None = None) -> Insight:
    """The verdict on ``evidence`` under ``thresholds`` (default: the issue's):
    whether practice brought lasting relief, brief relief, or none.

    It is ``not_enough_data`` unless there is a baseline quiz, a later quiz,
    and regular practice between them (``min_sessions`` completed sessions
    over ``min_days`` days). Then it is ``lasting`` when the score dropped by
    ``required_drop`` or more, else ``brief`` when sessions lowered tension by
    ``min_relief`` on average, else ``no_relief`` (this includes practice whose
    tension was never rated: the scores did not go down).
    """
    limits = thresholds if thresholds is not None else Thresholds()
    span, baseline, latest = evidence.span, evidence.baseline, evidence.latest
    if evidence.reason is not None or baseline is None or latest is None:
        reason = evidence.reason or "no_baseline"
        return _insight(limits, "not_enough_data", reason, span, latest=latest)
    change = latest.value - baseline.value
    needed = required_drop(limits, latest.kind, score_range(latest.kind, latest, baseline))
    days = span.days
    regular = span.sessions >= limits.min_sessions and days >= limits.min_days
    relief = _mean(span.before - span.after, span.rated)

    verdict: Verdict
    reason_found: Reason | None = None
    if span.sessions < limits.min_sessions:
        verdict, reason_found = "not_enough_data", "too_few_sessions"
    elif days < limits.min_days:
        verdict, reason_found = "not_enough_data", "too_short"
    elif -change >= needed - _EPSILON:
        verdict = "lasting"
    elif relief is not None and relief >= limits.min_relief - _EPSILON:
        verdict = "brief"
    else:
        verdict = "no_relief"
    return _insight(limits, verdict, reason_found, span, baseline, latest, regular, needed)


def _insight(
    limits: Thresholds,
    verdict: Verdict,
    reason: Reason | None,
    span: SessionSpan,
    baseline: ScorePoint | None = None,
    latest: ScorePoint | None = None,
    regular: bool = False,
    needed: float | None = None,
) -> Insight:
    return Insight(
        verdict=verdict,
        reason=reason,
        enabled=limits.enabled,
        regular=regular,
        sessions=span.sessions,
        days_spanned=span.days,
        rated_sessions=span.rated,
        mean_tension_before=_mean(span.before, span.rated),
        mean_tension_after=_mean(span.after, span.rated),
        mean_relief=_mean(span.before - span.after, span.rated),
        questionnaire_id=latest.questionnaire_id if latest else None,
        score_kind=latest.kind if latest else None,
        first_score=baseline.value if baseline else None,
        latest_score=latest.value if latest else None,
        score_change=round(latest.value - baseline.value, 1)
        if latest is not None and baseline is not None
        else None,
        first_at=baseline.at if baseline else None,
        latest_at=latest.at if latest else None,
        thresholds=limits,
        required_drop=None if needed is None else round(needed, 2),
    )


def escalates(insight: Insight) -> bool:
    """Whether the next advice should be physiotherapy instead of more breathing.

    True when the insight is enabled, the practice was regular, and the relief
    was brief or absent: the exercises alone have not been enough.
    """
    return insight.enabled and insight.regular and insight.verdict in ("brief", "no_relief")


Line = tuple[str, dict[str, str]]


def describe_insight(insight: Insight, lang: str) -> list[Line]:
    """The insight as catalogue lines ``(key, fields)``, numbers formatted for ``lang``.

    Say each with ``t(key, **fields)``. The history view shows them all; when
    ``escalates(insight)``, the quiz's physiotherapy advice gives them as its
    reasons ("You practised 9 times over 21 days. Right after a session your
    tension dropped by 2.1 points ... Your total score went from 24 to 25. ...").
    """
    fields = {
        key: format_number(value, lang) if isinstance(value, float) else str(value)
        for key, value in insight.as_fields().items()
        if value is not None
    }
    if insight.verdict == "not_enough_data":
        return [(f"insight.not_enough.{insight.reason or 'no_sessions'}", fields)]
    lines: list[Line] = [("insight.practice", fields)]
    if insight.mean_relief is None:
        lines.append(("insight.unrated", fields))
    elif insight.mean_relief > 0:
        lines.append(("insight.relief", fields))
    else:  # tension did not drop: "dropped by -0.5 points" would read wrong
        lines.append(("insight.tension", fields))
    kind = insight.score_kind or "total"
    # "went from 19 to 19" reads wrong: a score that did not move "stayed at 19".
    same = fields.get("first") is not None and fields.get("first") == fields.get("latest")
    lines.append((f"insight.score_{kind}{'_same' if same else ''}", fields))
    if insight.required_drop is not None:
        lines.append((f"insight.needed_{insight.score_kind or 'total'}", fields))
    lines.append((f"insight.verdict.{insight.verdict}", fields))
    if escalates(insight):
        lines.append(("insight.escalate", fields))
    return lines


# --- trends ------------------------------------------------------------------------

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = " "


class Trend(NamedTuple):
    """A sparkline (one character per value, a space for a missing one) and its direction.

    ``change`` is how much the fitted straight line rises from the first known
    value to the last (negative: falling); None with fewer than two values.
    """

    sparkline: str
    direction: Direction
    change: float | None


def trend(values: Sequence[float | None], tolerance: float = 0.0) -> Trend:
    """The sparkline and direction of a series such as one domain's scores over time.

    The direction comes from a least-squares line rather than first-versus-last,
    so one unusual day does not flip it; a rise or fall of at most
    ``tolerance`` counts as flat. Non-finite values are refused (ValueError).
    """
    known = [(index, value) for index, value in enumerate(values) if value is not None]
    if any(not math.isfinite(value) for _, value in known):
        raise ValueError("trend values must be finite numbers")
    if not known:
        return Trend(GAP * len(values), "flat", None)
    largest = max(abs(value) for _, value in known)
    if largest > _HUGE:
        return _huge_trend(values, known, tolerance, largest)
    low = min(value for _, value in known)
    high = max(value for _, value in known)
    span = high - low
    marks = [GAP] * len(values)
    for index, value in known:
        # A flat series sits in the middle rather than on the floor.
        step = round((value - low) / span * (len(BLOCKS) - 1)) if span > 0 else 3
        marks[index] = BLOCKS[min(max(step, 0), len(BLOCKS) - 1)]
    sparkline = "".join(marks)
    if len(known) < 2:
        return Trend(sparkline, "flat", None)
    change = _fitted_change(known)
    # Rounding noise in the fit must not turn a flat series into a trend.
    noise = 1e-9 * max(1.0, abs(low), abs(high))
    if change > tolerance + noise:
        direction: Direction = "up"
    elif change < -(tolerance + noise):
        direction = "down"
    else:
        direction = "flat"
    return Trend(sparkline, direction, change)


# Beyond this, differences and sums of squares could overflow to infinity (and
# infinity minus infinity is NaN): such a series is worked out scaled down.
_HUGE = 1e150


def _huge_trend(
    values: Sequence[float | None],
    known: Sequence[tuple[int, float]],
    tolerance: float,
    largest: float,
) -> Trend:
    """``trend`` of a series with a number beyond ``_HUGE``: the same sparkline and
    direction, of the values divided by the largest; the change scaled back (at
    most the largest finite float)."""
    scaled = [None if value is None else value / largest for value in values]
    shape = trend(scaled, tolerance / largest)
    if shape.change is None:
        return shape
    change = shape.change * largest
    if not math.isfinite(change):
        change = math.copysign(sys.float_info.max, shape.change)
    return Trend(shape.sparkline, shape.direction, change)


def _fitted_change(points: Sequence[tuple[int, float]]) -> float:
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope * (points[-1][0] - points[0][0])
