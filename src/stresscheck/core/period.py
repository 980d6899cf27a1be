"""A period a person chooses to share (``--since`` / ``--until``), and its records.

Pure: ``report`` and ``export`` both filter with ``within``, so a report and an
export of the same period always hold the same records. Days are whole
calendar days in the person's own time zone, both ends included: ``--until
2025-03-31`` keeps a quiz at 23:30 on that evening, wherever the clock is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from stresscheck.core.history import History

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAYS_PER_WEEK = 7


class PeriodError(ValueError):
    """A ``--since`` / ``--until`` that cannot be used; ``code`` names the message.

    ``date``: not a real YYYY-MM-DD day (``option``, ``value``);
    ``order``: ``since`` falls after ``until``.
    """

    def __init__(self, code: str, **fields: str) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields


class Period(NamedTuple):
    """The first and last day to keep (None: no limit on that side)."""

    since: date | None = None
    until: date | None = None

    @property
    def limited(self) -> bool:
        """Whether anything is left out at all."""
        return self.since is not None or self.until is not None

    def bounds(self, tz: tzinfo | None = None) -> tuple[datetime | None, datetime | None]:
        """The period as moments: from the start of ``since`` up to (not including)
        the start of the day after ``until``, in ``tz`` (None: the computer's own)."""
        start = _midnight(self.since, tz) if self.since is not None else None
        end = None
        if self.until is not None:
            try:
                end = _midnight(self.until + timedelta(days=1), tz)
            except OverflowError:  # the very last day there is: no end at all
                end = None
        return start, end

    def holds(self, moment: datetime, tz: tzinfo | None = None) -> bool:
        """Whether ``moment`` (aware) falls within the period."""
        start, end = self.bounds(tz)
        return (start is None or moment >= start) and (end is None or moment < end)


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    moment = datetime.combine(day, time())
    return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()


def parse_day(text: str, option: str) -> date:
    """``YYYY-MM-DD`` as a day; PeriodError ``date`` for anything else."""
    cleaned = text.strip()
    if not _DAY.fullmatch(cleaned):
        raise PeriodError("date", option=option, value=text)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:  # 2025-02-30
        raise PeriodError("date", option=option, value=text) from None


def parse_period(since: str | None, until: str | None) -> Period:
    """The period from the options' texts (None: not given)."""
    first = parse_day(since, "--since") if since is not None else None
    last = parse_day(until, "--until") if until is not None else None
    if first is not None and last is not None and first > last:
        raise PeriodError("order", since=first.isoformat(), until=last.isoformat())
    return Period(first, last)


def within(history: History, period: Period, tz: tzinfo | None = None) -> History:
    """The quizzes and sessions of ``history`` that fall within ``period`` (oldest first)."""
    if not period.limited:
        return history
    start, end = period.bounds(tz)

    def keep(moment: datetime) -> bool:
        return (start is None or moment >= start) and (end is None or moment < end)

    return History(
        quizzes=tuple(quiz for quiz in history.quizzes if keep(quiz.at)),
        sessions=tuple(session for session in history.sessions if keep(session.at)),
    )


def per_week(count: int, first_at: datetime | None, last_at: datetime | None) -> float | None:
    """How many a week, on average, from the first to the last (whole calendar days,
    both included; a span shorter than a week counts as one week). None: nothing."""
    if not count or first_at is None or last_at is None:
        return None
    days = (last_at.date() - first_at.date()).days + 1
    weeks = max(days / DAYS_PER_WEEK, 1.0)
    return round(count / weeks, 1)
