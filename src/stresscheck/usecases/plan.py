"""Plan: a daily breathing exercise and a later self-check (contract section 9).

The options are weighed (``core.plan.choose``: the command line, the practice's
default plan, the latest advice, the built-in default) and the core makes the
plan from the local time; the command writes it as a calendar file or JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from stresscheck.core.practice import PlanDefaults

if TYPE_CHECKING:
    from datetime import datetime

    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.breathing import Exercise
    from stresscheck.core.plan import Plan
    from stresscheck.core.practice import Practice


class LocalClock(Protocol):
    """The machine's time zone and the time there (``adapters.clock``)."""

    def local_zone(self) -> str: ...

    def local_now(self, zone: str) -> datetime: ...


# What the command line asks of the plan: the same four choices, each optional
# (None: not given), as a practice's default plan.
PlanAsked = PlanDefaults


def plan_practice(
    asked: PlanAsked,
    library: Mapping[str, Exercise],
    *,
    practice: Practice | None,
    advised: Callable[[], str | None],
    default_exercise: str,
    clock: LocalClock,
    lang: str,
) -> Plan:
    """The plan asked for, of an exercise in ``library``; a bad value is a UsageError.

    Without an exercise asked for, the one the latest self-check ``advised``
    (if still in force), else the practice's, else ``default_exercise``.
    """
    from stresscheck.core.plan import PlanValueError, choose, make_plan
    from stresscheck.errors import UsageError
    from stresscheck.usecases.breathing_session import unknown_exercise

    advice = advised() if asked.exercise is None else None
    try:
        choice = choose(
            exercise=asked.exercise,
            at=asked.at,
            weeks=asked.weeks,
            recheck_weeks=asked.recheck_weeks,
            defaults=practice.plan if practice else None,
            # An exercise no longer in force: as if none was advised.
            advised=advice if advice in library else None,
            default_exercise=default_exercise,
        )
    except PlanValueError as error:
        raise UsageError(key=error.key, **error.fields) from None
    exercise = library.get(choice.exercise)
    if exercise is None:
        raise unknown_exercise(choice.exercise, sorted(library))
    zone = clock.local_zone()
    now = clock.local_now(zone)
    return make_plan(exercise, choice, now=now, zone=zone, lang=lang, practice=practice)


def latest_advice(open_store: Callable[[], OverviewStore]) -> str | None:
    """The exercise the latest self-check with breathing advice named, if any.

    Read only (no database is created). A history that cannot be read must
    not stand between a person and a plan: then the plan uses the default.
    """
    from stresscheck.adapters.paths import database_path
    from stresscheck.errors import StoreError

    try:
        if not database_path().exists():
            return None
        store = open_store()
        try:
            return store.latest_advised_exercise()
        finally:
            store.close()
    except (StoreError, OSError):
        return None
