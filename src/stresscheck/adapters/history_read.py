"""Reading the history for the history view and the report, fast enough for years of data.

``Store.history()`` checks every stored record key by key: right for export,
import and anything that writes, but for 10,000 quizzes that alone takes most
of a second, while the view shows twenty of them. ``OverviewStore`` reads the
newest quizzes through exactly that check. For the older ones it reads only
what the relief insight, the chart and the tables use (time, questionnaire,
scores, levels, red flags, the advice given): SQLite picks those values out
of the JSON columns, and quick type checks stand in for the full ones.

Records read this way are for showing only: older quizzes come back without
their answers and the reasons of their advice. Never export or store them.

Should a quick check find anything odd, the whole history is read again the
careful way, which either reads it after all or raises the StoreError that
names the damaged record: the person sees the same message as from export.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from stresscheck.adapters.paths import database_path
from stresscheck.adapters.store import _QUIZ_COLUMNS, Store
from stresscheck.core.history import (
    ACTIONS,
    TENSION_MAX,
    TENSION_MIN,
    AdviceDict,
    DomainScoreDict,
    History,
    QuizRecord,
    SessionRecord,
    TotalDict,
)
from stresscheck.i18n import Translator


class _Odd(Exception):
    """A stored value that the quick checks do not vouch for."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Odd
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Odd
    return float(value)


def _optional_number(value: Any) -> float | None:
    return None if value is None else _number(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Odd
    return value


def _time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Odd from None
    if moment.tzinfo is None:
        raise _Odd
    return moment


def _json(value: Any) -> Any:
    try:
        return json.loads(value)
    except (TypeError, ValueError, RecursionError):
        raise _Odd from None


def _domains(raw: Any) -> dict[str, DomainScoreDict]:
    data = _json(raw)
    if not isinstance(data, dict):
        raise _Odd
    domains: dict[str, DomainScoreDict] = {}
    for key, item in data.items():
        if not isinstance(item, dict):
            raise _Odd
        maximum = _number(item.get("max"))
        if maximum < 0:
            raise _Odd
        domains[key] = {
            "score": _optional_number(item.get("score")),
            "max": maximum,
            "level": _optional_text(item.get("level")),
            "missing": _count(item.get("missing")),
        }
    return domains


def _flags(raw: Any) -> list[str]:
    data = _json(raw)
    if not isinstance(data, list):
        raise _Odd
    return [_text(item) for item in data]


_SESSION_SELECT = (
    "SELECT uid, at, exercise_id, planned_seconds, actual_seconds, cycles_planned,"
    " cycles_completed, completed, tension_before, tension_after FROM sessions ORDER BY at, id"
)
# What a brief quiz reads. SQLite takes the few values needed out of the JSON
# columns (json_type tells a number from a text from a JSON null), so Python
# parses no JSON for most rows: that is where the time went.
_BRIEF_COLUMNS = (
    "uid",
    "at",
    "questionnaire_id",
    "questionnaire_version",
    "lang",
    "total IS NULL",
    "json_type(total, '$.score')",
    "json_extract(total, '$.score')",
    "json_type(total, '$.level')",
    "json_extract(total, '$.level')",
    "json_extract(advice, '$.action')",
    "json_type(advice, '$.exercise')",
    "json_extract(advice, '$.exercise')",
    "CASE WHEN red_flags = '[]' THEN NULL ELSE red_flags END",
)
# All domains, or only where the relief insight compares them (no total score).
_ALL_DOMAINS = "domains"
_DOMAINS_WITHOUT_TOTAL = (
    "CASE WHEN json_type(total, '$.score') IN ('integer', 'real') THEN NULL ELSE domains END"
)
_NUMBER_TYPES = ("integer", "real")


def _typed_number(kind: Any, value: Any, *, nullable: bool) -> float | None:
    if kind == "null" and nullable:
        return None
    if kind not in _NUMBER_TYPES:
        raise _Odd
    return _number(value)


def _typed_text(kind: Any, value: Any) -> str | None:
    if kind == "null":
        return None
    if kind != "text":
        raise _Odd
    return _text(value)


def _brief_quiz(row: Sequence[Any]) -> QuizRecord:
    (
        uid,
        at,
        questionnaire,
        version,
        lang,
        no_total,
        score_t,
        score,
        level_t,
        level,
        action,
        exercise_t,
        exercise,
        flags,
        all_domains,
    ) = row
    if action not in ACTIONS:
        raise _Odd
    total: TotalDict | None = None
    if not no_total:
        total = {
            "score": _typed_number(score_t, score, nullable=True),
            "level": _typed_text(level_t, level),
        }
    advice: AdviceDict = {
        "action": action,
        "exercise": _typed_text(exercise_t, exercise),
        "reasons": [],
    }
    return QuizRecord(
        uid=_text(uid),
        at=_time(at),
        questionnaire_id=_text(questionnaire),
        questionnaire_version=_count(version),
        lang=_text(lang),
        answers={},
        domains={} if all_domains is None else _domains(all_domains),
        total=total,
        red_flags=[] if flags is None else _flags(flags),
        advice=advice,
    )


def _tension(value: Any) -> int | None:
    if value is None:
        return None
    if _count(value) > TENSION_MAX or value < TENSION_MIN:
        raise _Odd
    return int(value)


def _session(row: tuple[Any, ...]) -> SessionRecord:
    uid, at, exercise, planned, actual, cycles, done, completed, before, after = row
    if completed not in (0, 1) or isinstance(completed, float):
        raise _Odd
    planned_seconds, actual_seconds = _number(planned), _number(actual)
    if planned_seconds < 0 or actual_seconds < 0:
        raise _Odd
    return SessionRecord(
        uid=_text(uid),
        at=_time(at),
        exercise_id=_text(exercise),
        planned_seconds=planned_seconds,
        actual_seconds=actual_seconds,
        cycles_planned=_count(cycles),
        cycles_completed=_count(done),
        completed=completed == 1,
        tension_before=_tension(before),
        tension_after=_tension(after),
    )


class OverviewStore(Store):
    """A Store that can also read the history briefly, for the view and the report."""

    @classmethod
    def open(cls, path: Path | None = None, t: Translator | None = None) -> OverviewStore:
        """An overview store for ``path`` (default: the data home's database)."""
        return cls(path if path is not None else database_path(), t)

    def overview_history(self, *, full: int, domains: bool = False) -> History:
        """Every quiz and session, oldest first; only the newest ``full`` quizzes complete.

        Older quizzes carry no answers and no advice reasons. Their domain
        scores come along when ``domains`` is true (the report's chart) or
        when they have no total score (the relief insight then compares
        domain scores).
        """
        db = self._connect(create=False)
        if db is None:
            return History()
        try:
            db.execute("BEGIN")  # one snapshot for every query
            try:
                (count,) = db.execute("SELECT count(*) FROM quizzes").fetchone()
                older = max(count - max(full, 1), 0)
                full_rows = db.execute(
                    f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at, id LIMIT -1 OFFSET ?",
                    (older,),
                ).fetchall()
                complete = [self._quiz(row) for row in full_rows]
                columns = ", ".join(
                    (*_BRIEF_COLUMNS, _ALL_DOMAINS if domains else _DOMAINS_WITHOUT_TOTAL)
                )
                brief_rows = db.execute(
                    f"SELECT {columns} FROM quizzes ORDER BY at, id LIMIT ?", (older,)
                ).fetchall()
                session_rows = db.execute(_SESSION_SELECT).fetchall()
            finally:
                db.execute("COMMIT")
            brief = [_brief_quiz(row) for row in brief_rows]
            sessions = [_session(row) for row in session_rows]
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        except _Odd:
            # The careful read names the damaged record (or finds it fine after all).
            return self.history()
        return History(quizzes=(*brief, *complete), sessions=tuple(sessions))

    def counts(self) -> tuple[int, int]:
        """How many quizzes and sessions are stored (0, 0 when there is no database)."""
        db = self._connect(create=False)
        if db is None:
            return 0, 0
        try:
            (quizzes,) = db.execute("SELECT count(*) FROM quizzes").fetchone()
            (sessions,) = db.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        return int(quizzes), int(sessions)
