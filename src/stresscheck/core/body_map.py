"""The body map over time: do the complaints spread?

The article names three signs that complaints have settled in: they last, they
come back, or they spread. The questionnaire asks about the first two; the
third is measured here from the person's own body map (a ``multi`` question,
``locations`` by default) rather than only self-rated: more places now than at
the first check, or than at the latest check some weeks ago.

Pure: the counts come from the store, the thresholds from the questionnaire's
``insight:`` (``spread_more_places``, ``spread_weeks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from stresscheck.core.questionnaire import NONE_VALUE, AnswerValue, InsightSettings

if TYPE_CHECKING:  # the records only pass through: a quiz not kept never loads them
    from stresscheck.core.history import QuizRecord

Compared = Literal["first", "weeks"]


class PlaceCount(NamedTuple):
    """How many places on the body map one check marked."""

    at: datetime
    places: int


class Spreading(NamedTuple):
    """Measured spreading: ``then`` places at ``then_at``, ``now`` places now.

    ``compared`` says which earlier check it is: the first one that answered the
    body map, or the latest one at least ``spread_weeks`` weeks before now.
    """

    then_at: datetime
    then: int
    now: int
    compared: Compared


def place_count(value: AnswerValue | None) -> int | None:
    """The number of places chosen (``none`` not counted); None when not answered
    as a body map (skipped, or not a list)."""
    if not isinstance(value, tuple):
        return None
    return sum(1 for item in value if item != NONE_VALUE)


def measured_spreading(
    earlier: Sequence[PlaceCount],
    now_count: int | None,
    now: datetime,
    settings: InsightSettings,
) -> Spreading | None:
    """Whether the body map shows spreading now, against ``earlier`` checks
    (oldest first, all before ``now``); None when it does not, or cannot tell.

    First against the first check (the longest view), then against the latest
    check at least ``spread_weeks`` weeks ago (complaints that eased and then
    spread again).
    """
    if now_count is None or not earlier:
        return None
    more = settings.spread_more_places
    first = earlier[0]
    if now_count - first.places >= more:
        return Spreading(first.at, first.places, now_count, "first")
    cutoff = now - timedelta(weeks=settings.spread_weeks)
    before = [point for point in earlier if point.at <= cutoff]
    if before and now_count - before[-1].places >= more:
        return Spreading(before[-1].at, before[-1].places, now_count, "weeks")
    return None


def spreading_fields(spreading: Spreading) -> dict[str, Any]:
    """The reason's fields: counts as numbers and the earlier check's date
    (``YYYY-MM-DD``, said in the reader's language when shown)."""
    return {
        "then": spreading.then,
        "now": spreading.now,
        "since": spreading.then_at.date().isoformat(),
        "compared": spreading.compared,
    }


def counts_of_records(quizzes: Iterable[QuizRecord], question_id: str) -> list[PlaceCount]:
    """How many places each check marked on the body map ``question_id``, in the
    order given; checks that did not answer it are left out."""
    found = ((quiz.at, place_count(quiz.answers.get(question_id))) for quiz in quizzes)
    return [PlaceCount(at, places) for at, places in found if places is not None]


def shown_counts(points: Sequence[PlaceCount], most: int = 6) -> list[PlaceCount | None]:
    """The counts to show in one line: all when they fit in ``most``, else the
    first (where it started) and the latest ones, with None for the gap."""
    if len(points) <= most:
        return list(points)
    return [points[0], None, *points[len(points) - (most - 2) :]]
