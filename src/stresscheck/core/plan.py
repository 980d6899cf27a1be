"""A practice plan: a daily breathing exercise and a later self-check, as pure data.

Nothing here reads the clock, files or the history: the command hands in the
local time ("now", with its time zone), the exercise and the practice, and
gets back a :class:`Plan`: the dates, the recurrence, and every text as a
catalogue key with its fields. ``adapters/sources/calendar_file.py`` writes it as an
iCalendar file; ``Plan.to_json`` is what ``plan --json`` prints.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from stresscheck.core.breathing import Exercise, cycles_for
from stresscheck.core.labels import plural_key
from stresscheck.core.practice import PlanDefaults, Practice

# What a person expects without --at: a moment early in the day, before it fills up.
DEFAULT_AT = "08:00"
# Four weeks: long enough for daily practice to make a difference one can notice,
# short enough to look again soon (the self-check at the end).
DEFAULT_WEEKS = 4
# A plan of more than a year is a typo, or better made again after a self-check.
MAX_WEEKS = 52
# The self-check takes a few minutes; the calendar reserves this much for it.
RECHECK_MINUTES = 10
# HH:MM on a 24-hour clock; the hour may have one digit (7:30). Also the practice
# file's check (adapters/sources/schema.py), so both accept exactly the same times.
TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$"
_TIME = re.compile(TIME_PATTERN)
# Every UID of a plan is a name-based UUID in this namespace: the same plan gives
# the same UIDs, so importing its file twice does not put it in the calendar twice.
_UID_NAMESPACE = uuid.UUID("5f0c9a4e-4b53-4f4e-9d38-7a1f3c2b6e10")

EventKind = Literal["daily", "recheck"]


class PlanValueError(ValueError):
    """A value the user gave cannot make a plan; ``key`` names the catalogue message.

    ``fields`` fill the message's ``{placeholders}``; the core stays free of any language.
    """

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields: Mapping[str, Any] = fields


class Message(NamedTuple):
    """A text to show: its catalogue key and the fields for its placeholders."""

    key: str
    fields: Mapping[str, Any] = MappingProxyType({})  # never changed: one shared default


def parse_time(text: str) -> time:
    """``HH:MM`` (24-hour clock) as a time; anything else is a PlanValueError."""
    found = _TIME.match(text.strip())
    if found is None:
        raise PlanValueError("plan.error.bad_time", value=text)
    return time(int(found.group(1)), int(found.group(2)))


def check_weeks(value: int, option: str) -> int:
    """A number of weeks from 1 to MAX_WEEKS; ``option`` names where it came from."""
    if not 1 <= value <= MAX_WEEKS:
        raise PlanValueError("plan.error.bad_weeks", option=option, value=value, max=MAX_WEEKS)
    return value


@dataclass(frozen=True)
class PlanChoice:
    """What the plan is made of, once the command line, the practice's default plan,
    the latest advice and the built-in defaults have been weighed."""

    exercise: str
    at: time
    weeks: int
    recheck_weeks: int


def choose(
    *,
    exercise: str | None,
    at: str | None,
    weeks: int | None,
    recheck_weeks: int | None,
    defaults: PlanDefaults | None,
    advised: str | None,
    default_exercise: str,
) -> PlanChoice:
    """The plan's settings: the command line first, then the practice's ``plan:``.

    The exercise: the one named, else the one the latest self-check advised
    (contract section 9), else the practice's, else ``default_exercise``.
    ``recheck_weeks`` defaults to the plan's length: the self-check comes when
    the plan ends. Raises PlanValueError for a bad time or number of weeks.
    """
    given = defaults or PlanDefaults()
    chosen_weeks = check_weeks(
        weeks if weeks is not None else given.weeks or DEFAULT_WEEKS, "--weeks"
    )
    if recheck_weeks is not None:
        chosen_recheck = check_weeks(recheck_weeks, "--recheck-weeks")
    elif given.recheck_weeks is not None:
        chosen_recheck = check_weeks(given.recheck_weeks, "--recheck-weeks")
    else:
        chosen_recheck = chosen_weeks
    return PlanChoice(
        exercise=exercise or advised or given.exercise or default_exercise,
        at=parse_time(at if at is not None else given.at or DEFAULT_AT),
        weeks=chosen_weeks,
        recheck_weeks=chosen_recheck,
    )


@dataclass(frozen=True)
class PlanEvent:
    """One calendar event: once, or daily ``count`` times from ``start``."""

    kind: EventKind
    uid: str
    start: datetime  # local time, with the machine's time zone
    duration: timedelta
    count: int | None  # daily occurrences, the first included; None: once
    summary: Message
    description: tuple[Message, ...]


@dataclass(frozen=True)
class Plan:
    """A practice plan: what, when, how long, and when to look again."""

    exercise_id: str
    title: str  # in the plan's language
    at: time
    zone: str
    first: datetime
    weeks: int
    count: int
    recheck_weeks: int
    recheck: datetime
    seconds: float
    minutes: int
    practice_name: str | None
    lang: str
    events: tuple[PlanEvent, ...] = field(default=())

    @property
    def last(self) -> date:
        """The day of the last daily practice."""
        return self.first.date() + timedelta(days=self.count - 1)

    def to_json(self) -> dict[str, Any]:
        """The plan as ``plan --json`` prints it."""
        return {
            "exercise": self.exercise_id,
            "title": self.title,
            "at": self.at.strftime("%H:%M"),
            "timezone": self.zone,
            "first_date": self.first.date().isoformat(),
            "first": self.first.isoformat(),
            "last_date": self.last.isoformat(),
            "weeks": self.weeks,
            "count": self.count,
            "recheck_weeks": self.recheck_weeks,
            "recheck_date": self.recheck.date().isoformat(),
            "recheck": self.recheck.isoformat(),
            "minutes": self.minutes,
            "seconds": self.seconds,
            "practice": self.practice_name,
            "lang": self.lang,
        }


def session_seconds(exercise: Exercise) -> float:
    """How long one session of ``exercise`` lasts with its default cycles or minutes
    (as ``stresscheck breathe ID`` runs it)."""
    return cycles_for(exercise) * exercise.cycle_seconds


def whole_minutes(seconds: float) -> int:
    """Seconds as whole minutes for people (half a minute rounds up), at least 1."""
    return max(1, math.floor(seconds / 60 + 0.5))


def first_start(now: datetime, at: time) -> datetime:
    """The next ``at`` from ``now``: today if it is still ahead, else tomorrow."""
    today = datetime.combine(now.date(), at, tzinfo=now.tzinfo)
    if today > now:
        return today
    return datetime.combine(now.date() + timedelta(days=1), at, tzinfo=now.tzinfo)


def _uid(*parts: object) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, '|'.join(map(str, parts)))}@stresscheck"


def practice_lines(practice: Practice | None) -> tuple[Message, ...]:
    """Who the practice is and how to reach it, when one is set up."""
    if practice is None:
        return ()
    lines = [Message("plan.event.practice", {"name": practice.name})]
    for key in ("website", "phone", "email"):
        value = getattr(practice, key)
        if value:
            lines.append(Message(f"plan.event.{key}", {"value": value}))
    return tuple(lines)


def make_plan(
    exercise: Exercise,
    choice: PlanChoice,
    *,
    now: datetime,
    zone: str,
    lang: str,
    practice: Practice | None = None,
) -> Plan:
    """The plan for ``exercise`` as chosen, starting from ``now`` (local, time-zone aware).

    The daily event starts at the next ``choice.at`` and recurs daily for
    ``choice.weeks`` weeks; the self-check comes ``choice.recheck_weeks`` weeks
    from today, at the same time of day.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    first = first_start(now, choice.at)
    count = choice.weeks * 7
    recheck_day = now.date() + timedelta(weeks=choice.recheck_weeks)
    recheck = datetime.combine(recheck_day, choice.at, tzinfo=now.tzinfo)
    seconds = session_seconds(exercise)
    minutes = whole_minutes(seconds)
    title = exercise.title.get(lang)
    command = f"stresscheck breathe {exercise.id}"
    practice_text = practice_lines(practice)
    daily = PlanEvent(
        kind="daily",
        uid=_uid("daily", exercise.id, first.isoformat(), zone, count, lang),
        start=first,
        duration=timedelta(seconds=math.ceil(seconds)),
        count=count,
        summary=Message("plan.event.daily_summary", {"title": title}),
        description=(
            Message(plural_key("plan.event.daily_length", minutes), {"minutes": minutes}),
            Message("plan.event.daily_command", {"command": command}),
            Message("plan.event.daily_missed"),
            *practice_text,
        ),
    )
    again = PlanEvent(
        kind="recheck",
        uid=_uid("recheck", recheck.isoformat(), zone, lang),
        start=recheck,
        duration=timedelta(minutes=RECHECK_MINUTES),
        count=None,
        summary=Message("plan.event.recheck_summary"),
        description=(
            Message(
                plural_key("plan.event.recheck_why", choice.recheck_weeks),
                {"weeks": choice.recheck_weeks},
            ),
            Message("plan.event.recheck_command", {"command": "stresscheck quiz"}),
            *practice_text,
        ),
    )
    return Plan(
        exercise_id=exercise.id,
        title=title,
        at=choice.at,
        zone=zone,
        first=first,
        weeks=choice.weeks,
        count=count,
        recheck_weeks=choice.recheck_weeks,
        recheck=recheck,
        seconds=seconds,
        minutes=minutes,
        practice_name=practice.name if practice else None,
        lang=lang,
        events=(daily, again),
    )
