"""The use cases of the person's records and plan, run without the command line.

Each takes its collaborators (the store opener, the question to ask, the clock,
the names in force) as arguments, so a test hands in its own and reads the
result object; nothing is printed.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from history_factories import quiz, session
from stresscheck.adapters.sources.export import export_json
from stresscheck.adapters.sources.files import load_exercises
from stresscheck.adapters.storage.history_read import OverviewStore
from stresscheck.adapters.storage.store import Store
from stresscheck.context import packaged_data
from stresscheck.core.labels import Labels
from stresscheck.core.period import parse_period
from stresscheck.core.plan import Plan
from stresscheck.core.questionnaire import InsightSettings
from stresscheck.errors import UsageError
from stresscheck.i18n import Translator
from stresscheck.usecases.history_records import export_history, forget_history
from stresscheck.usecases.history_summary import summarise_history
from stresscheck.usecases.plan import PlanAsked, plan_practice

EN = Translator("en")
LIBRARY = {exercise.id: exercise for exercise in load_exercises(packaged_data("exercises.yaml"))}


def stored(home: Path) -> Path:
    """Two quizzes and a session in the store under ``home``; the database's path."""
    with Store.open(home / "history.sqlite3") as store:
        store.save_quiz(quiz(day=30))  # 4 February 2026
        store.save_quiz(quiz(day=2))
        store.save_session(session(day=1))
    return home / "history.sqlite3"


def opener(path: Path) -> partial[OverviewStore]:
    return partial(OverviewStore.open, path)


def test_forget_asks_and_keeps_on_no(stresscheck_home: Path) -> None:
    path = stored(stresscheck_home)
    asked: list[tuple[Path, tuple[int, int] | None]] = []

    def no(where: Path, counts: tuple[int, int] | None) -> bool:
        asked.append((where, counts))
        return False

    kept = forget_history(opener(path), no)
    assert asked == [(path, (2, 1))]
    assert (kept.existed, kept.deleted, kept.counts) == (True, False, (2, 1))
    assert path.exists()
    gone = forget_history(opener(path), None)  # --yes: nothing is asked
    assert (gone.existed, gone.deleted) == (True, True)
    assert not path.exists()
    nothing = forget_history(opener(path), no)
    assert (nothing.existed, nothing.deleted, len(asked)) == (False, False, 1)


def test_export_keeps_to_the_period(stresscheck_home: Path) -> None:
    path = stored(stresscheck_home)
    everything = export_history(partial(Store.open, path), export_json, None)
    assert (everything.quizzes, everything.sessions) == (2, 1)
    february = parse_period("2026-02-01", None)
    some = export_history(partial(Store.open, path), export_json, february)
    assert (some.quizzes, some.sessions) == (1, 0)
    assert '"format_version": 1' in some.document


def test_the_history_summary_loads_names_only_when_there_is_something_to_name(
    stresscheck_home: Path,
) -> None:
    loaded: list[bool] = []

    def names() -> tuple[Labels, InsightSettings]:
        loaded.append(True)
        return Labels(EN, "en"), InsightSettings()

    path = stresscheck_home / "history.sqlite3"
    bare = Labels(EN, "en")
    empty = summarise_history(opener(path), names, bare, show_all=False)
    assert (empty.overview, empty.labels, loaded) == (None, bare, [])
    stored(stresscheck_home)
    summary = summarise_history(opener(path), names, bare, show_all=True)
    assert summary.overview is not None and len(summary.overview.recent_quizzes) == 2
    assert loaded == [True]


class FixedClock:
    """The local time a plan is made from, fixed."""

    def local_zone(self) -> str:
        return "Europe/Amsterdam"

    def local_now(self, zone: str) -> datetime:
        return datetime(2026, 3, 20, 7, 15, tzinfo=ZoneInfo(zone))


def plan(asked: PlanAsked, advised: str | None) -> Plan:
    return plan_practice(
        asked,
        LIBRARY,
        practice=None,
        advised=lambda: advised,
        default_exercise="resonance",
        clock=FixedClock(),
        lang="en",
    )


def test_a_plan_follows_the_advice_still_in_force_and_the_clock_given() -> None:
    made = plan(PlanAsked(at="21:00", weeks=1), "box")
    assert made.to_json()["exercise"] == "box"
    assert made.to_json()["first"] == "2026-03-20T21:00:00+01:00"
    gone = plan(PlanAsked(at="21:00", weeks=1), "no_longer_there")
    assert gone.to_json()["exercise"] == "resonance"
    with pytest.raises(UsageError, match="nonexistent"):
        plan(PlanAsked(exercise="nonexistent"), None)
