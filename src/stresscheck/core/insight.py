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

Everything here is pure: the thresholds come from the questionnaire file and
the records from the store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from stresscheck.core.history import (
    DomainScoreDict,
    History,
    QuizRecord,
    SessionRecord,
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
    """One quiz's comparable score: a total, or a mean percentage of the domains' maxima."""

    at: datetime
    questionnaire_id: str
    kind: ScoreKind
    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", utc_second(self.at))


def score_point(
    at: datetime,
    questionnaire_id: str,
    domains: Mapping[str, DomainScoreDict],
    total: TotalDict | None,
) -> ScorePoint | None:
    """The score by which quizzes are compared, or None when the quiz has none.

    The quiz engine calls this for the quiz being taken (it is not stored yet),
    and passes the result as ``current`` to ``relief_insight``.
    """
    if total is not None and total["score"] is not None:
        return ScorePoint(at, questionnaire_id, "total", float(total["score"]))
    shares = [
        100.0 * domain["score"] / domain["max"]
        for domain in domains.values()
        if domain["score"] is not None and domain["max"] > 0
    ]
    if not shares:
        return None
    return ScorePoint(at, questionnaire_id, "percent", round(sum(shares) / len(shares), 1))


def quiz_score(record: QuizRecord) -> ScorePoint | None:
    """``score_point`` of a stored quiz."""
    return score_point(record.at, record.questionnaire_id, record.domains, record.total)


@dataclass(frozen=True)
class Insight:
    """The answer, with every number a sentence about it needs.

    ``sessions`` and ``days_spanned`` describe the practice period: completed
    sessions from the baseline quiz up to the latest quiz. Tension means are
    over the sessions in it that were rated before and after. ``score_change``
    is latest minus first, so a drop is negative.
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
            "min_score_drop": self.thresholds.min_score_drop,
        }


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _days_between(first: datetime, last: datetime) -> int:
    # Calendar days, as people count them: the 1st to the 15th is 14 days,
    # whatever the time of day of either session.
    return (last.date() - first.date()).days


def relief_insight(
    history: History,
    thresholds: Thresholds | None = None,
    *,
    current: ScorePoint | None = None,
) -> Insight:
    """Whether practice brought lasting relief, brief relief, or none.

    ``current`` is the quiz being taken right now (not stored yet); it then
    counts as the latest quiz. Without it the latest stored quiz is used.

    The verdict is ``not_enough_data`` unless there is a baseline quiz, a later
    quiz, and regular practice between them (``min_sessions`` completed
    sessions over ``min_days`` days). Then it is ``lasting`` when the score
    dropped by ``min_score_drop`` or more, else ``brief`` when sessions lowered
    tension by ``min_relief`` on average, else ``no_relief`` (this includes
    practice whose tension was never rated: the scores did not go down).
    """
    limits = thresholds if thresholds is not None else Thresholds()
    points = [point for point in map(quiz_score, history.quizzes) if point is not None]
    if current is not None:
        points.append(current)
    points.sort(key=lambda point: point.at)  # stable: `current` wins a tie
    practice = [session for session in history.sessions if session.completed]

    def verdict_only(reason: Reason) -> Insight:
        return _insight(limits, "not_enough_data", reason, sessions=practice)

    if not practice:
        return verdict_only("no_sessions")
    if not points:
        return verdict_only("no_quizzes")

    # Scores are comparable only within one questionnaire and one kind of score.
    latest = points[-1]
    series = [
        point
        for point in points
        if point.questionnaire_id == latest.questionnaire_id and point.kind == latest.kind
    ]
    after_first_quiz = [s for s in practice if series[0].at <= s.at <= latest.at]
    if not after_first_quiz:
        reason: Reason = (
            "no_quiz_after_practice" if any(s.at > latest.at for s in practice) else "no_baseline"
        )
        return _insight(limits, "not_enough_data", reason, sessions=[], latest=latest)
    start = after_first_quiz[0].at
    baseline = [point for point in series if point.at <= start][-1]
    if baseline is latest:
        return _insight(
            limits, "not_enough_data", "no_quiz_after_practice", sessions=[], latest=latest
        )

    period = [s for s in practice if baseline.at <= s.at <= latest.at]
    change = latest.value - baseline.value
    days = _days_between(period[0].at, period[-1].at)
    regular = len(period) >= limits.min_sessions and days >= limits.min_days
    relief = _mean([float(s.relief) for s in period if s.relief is not None])

    verdict: Verdict
    reason_found: Reason | None = None
    if len(period) < limits.min_sessions:
        verdict, reason_found = "not_enough_data", "too_few_sessions"
    elif days < limits.min_days:
        verdict, reason_found = "not_enough_data", "too_short"
    elif -change >= limits.min_score_drop - _EPSILON:
        verdict = "lasting"
    elif relief is not None and relief >= limits.min_relief - _EPSILON:
        verdict = "brief"
    else:
        verdict = "no_relief"
    return _insight(
        limits,
        verdict,
        reason_found,
        sessions=period,
        baseline=baseline,
        latest=latest,
        regular=regular,
    )


def _insight(
    limits: Thresholds,
    verdict: Verdict,
    reason: Reason | None,
    *,
    sessions: Sequence[SessionRecord],
    baseline: ScorePoint | None = None,
    latest: ScorePoint | None = None,
    regular: bool = False,
) -> Insight:
    rated = [s for s in sessions if s.relief is not None]
    return Insight(
        verdict=verdict,
        reason=reason,
        enabled=limits.enabled,
        regular=regular,
        sessions=len(sessions),
        days_spanned=_days_between(sessions[0].at, sessions[-1].at) if sessions else 0,
        rated_sessions=len(rated),
        mean_tension_before=_mean([float(s.tension_before or 0) for s in rated]),
        mean_tension_after=_mean([float(s.tension_after or 0) for s in rated]),
        mean_relief=_mean([float(s.relief or 0) for s in rated]),
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
    lines.append((f"insight.score_{insight.score_kind or 'total'}", fields))
    lines.append((f"insight.verdict.{insight.verdict}", fields))
    if escalates(insight):
        lines.append(("insight.escalate", fields))
    return lines


# --- trends ------------------------------------------------------------------------

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = " "


@dataclass(frozen=True)
class Trend:
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


def _fitted_change(points: Sequence[tuple[int, float]]) -> float:
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope * (points[-1][0] - points[0][0])
