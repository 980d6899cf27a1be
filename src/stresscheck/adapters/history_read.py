"""Reading the history for the history view and the report, fast enough for years of data.

``Store.history()`` checks every stored record key by key: right for export,
import and anything that writes, but for 10,000 quizzes that alone takes most
of a second, while the view shows twenty of them. ``OverviewStore`` reads
only the newest records, through exactly that check; of all the others SQLite
hands over sums: counts, first and last times, the practice's tension ratings,
the few rows the relief insight compares. Quizzes keep beside them what this
needs (their comparable score, red flag count, and the chart's numbers, see
``migrations.overview_values``), in one index, so the quizzes themselves are
not read at all.

The sums make the same ``OverviewParts`` as ``core.overview.overview_parts``
makes of the whole History: practice time is added up in whole milliseconds
(exact in any order, ``core.overview.milliseconds``), and where floats are
added up, the same helper adds them in the same order (``chart_of``).

Every stored value this sums up is vouched for first: SQLite keeps the rows
with a value of another type, range or time shape in partial indexes
(migration m004), so asking for them costs next to nothing. Should there be
any, or anything else look odd (a number or a time outside the bounds of
``core.history``, such as a score of 1.7e308 imported by an older version, or
an infinite one in the packed numbers), the whole history is read the careful
way instead, which either reads it after all or raises the StoreError that
names the damaged record: the person sees the same message as from export.
"""

from __future__ import annotations

import json
import math
import sqlite3
import struct
import sys
from array import array
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from stresscheck.adapters import migrations
from stresscheck.adapters.paths import database_path
from stresscheck.adapters.store import _QUIZ_COLUMNS, _SESSION_COLUMNS, Store
from stresscheck.core.history import (
    COUNT_LIMIT,
    FIRST_YEAR,
    LAST_YEAR,
    SCORE_LIMIT,
    SECONDS_LIMIT,
    History,
    QuizRecord,
    SessionRecord,
)
from stresscheck.core.insight import (
    SHARE_LIMIT,
    Reason,
    ReliefEvidence,
    ScoreKind,
    ScorePoint,
    SessionSpan,
    relief_evidence,
    score_tuples,
    session_tuples,
)
from stresscheck.core.overview import (
    CHART_POINTS,
    RECENT,
    OverviewParts,
    PracticeStats,
    QuestionnaireUse,
    ScoreChart,
    chart_of,
    overview_parts,
    practice_from,
)
from stresscheck.i18n import Translator


class _Odd(Exception):
    """A stored value that the quick checks do not vouch for."""


# Any row whose summed-up values are not of the shape the store writes: the
# partial indexes of migration m004 hold exactly these, so this costs nothing.
_ANY_ODD = (
    f"SELECT EXISTS (SELECT 1 FROM quizzes WHERE {migrations.ODD_QUIZ})"
    f" OR EXISTS (SELECT 1 FROM sessions WHERE {migrations.ODD_SESSION})"
)
# Per questionnaire, in one pass over the overview index: counts, first and last
# times, versions, red flags.
_QUIZ_GROUPS = (
    "SELECT questionnaire_id, count(*), min(at), max(at),"
    " min(questionnaire_version), max(questionnaire_version),"
    " count(CASE WHEN flags > 0 THEN 1 END), max(CASE WHEN flags > 0 THEN at END)"
    " FROM quizzes GROUP BY questionnaire_id"
)
# Sessions: how many, first and last, and the tension sums over those rated before
# and after (`x + 0 * y` is x where y is not NULL: no CASE, which costs more).
_SESSION_SPAN = (
    "count(*), min(at), max(at), count(tension_before + tension_after),"
    " total(tension_before + 0 * tension_after), total(tension_after + 0 * tension_before)"
)
# The same pass finds the longest session: one stored before core.history bounded
# the seconds (m004 vouches only that they are finite) is named, not added up.
# (Other values of sessions not among the newest are not shown, so not checked.)
_SESSION_SUMS = f"SELECT {_SESSION_SPAN}, total(completed), max(actual_seconds) FROM sessions"
_SCORED = "score_kind IN ('total', 'percent')"
_DOUBLE = struct.Struct("<d")
_EXACT = 2.0**53  # from here on, not every whole number is a float
# Infinity, as packed among the scores: never there unless a score overflowed. A
# match out of step with the doubles only sends the reading the careful way.
_INFINITIES = (_DOUBLE.pack(math.inf), _DOUBLE.pack(-math.inf))
# The times core.history allows, in seconds since the epoch.
_FIRST_SECOND = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp()
_LAST_SECOND = datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Odd
    return value


def _time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)  # the checks made it UTC to the second
    except (TypeError, ValueError):
        raise _Odd from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _Odd
    return moment


def _optional_time(value: Any) -> datetime | None:
    return None if value is None else _time(value)


def _whole(value: Any, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise _Odd
    return value


def _sum(value: Any) -> int:
    """A total() of whole numbers, as the whole number it is (while a float holds it exactly)."""
    if not isinstance(value, float) or not value.is_integer() or abs(value) >= _EXACT:
        raise _Odd
    return int(value)


def _span(row: Sequence[Any]) -> SessionSpan:
    count, first, last, rated, before, after = row
    if not count:
        return SessionSpan()
    return SessionSpan(count, _time(first), _time(last), rated, _sum(before), _sum(after))


def _scale(kind: ScoreKind, domains: Any) -> float:
    """``insight.score_scale`` of a quiz, from its ``domains`` column (JSON text):
    the same maxima, added up in the same order, as the careful read's."""
    if kind != "total":
        return 100.0
    try:
        found = json.loads(domains)
    except (TypeError, ValueError, RecursionError):
        raise _Odd from None
    if not isinstance(found, dict):
        raise _Odd
    maxima: list[float] = []
    for domain in found.values():
        maximum = domain.get("max") if isinstance(domain, dict) else None
        if isinstance(maximum, bool) or not isinstance(maximum, int | float):
            raise _Odd
        if not (math.isfinite(maximum) and 0 <= maximum <= SCORE_LIMIT):
            raise _Odd
        maxima.append(float(maximum))
    return float(sum(maxima))


def _point(
    at: Any, questionnaire_id: Any, kind: ScoreKind, scores: Any, domains: Any
) -> ScorePoint:
    try:
        (value,) = _DOUBLE.unpack_from(scores, 8)
    except (TypeError, struct.error):
        raise _Odd from None
    if not abs(value) <= (SCORE_LIMIT if kind == "total" else SHARE_LIMIT):  # NaN too
        raise _Odd
    return ScorePoint(_time(at), _text(questionnaire_id), kind, value, _scale(kind, domains))


def _domain_ids(text: Any) -> list[str]:
    try:
        found = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise _Odd from None
    if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
        raise _Odd
    return found


def _doubles(blob: Any) -> array[float]:
    numbers = array("d")
    try:
        numbers.frombytes(blob)
    except (TypeError, ValueError):  # not bytes, or not whole numbers of them
        raise _Odd from None
    if sys.byteorder == "big":
        numbers.byteswap()  # stored little-endian
    return numbers


def _mixed_layouts(
    rows: Iterable[tuple[str, bytes]], domain_ids: tuple[str, ...]
) -> tuple[list[float], list[list[float]]]:
    """Times and per-domain percentages of quizzes whose domains differ."""
    seconds: list[float] = []
    columns: list[list[float]] = [[] for _ in domain_ids]
    layouts: dict[str, dict[str, int]] = {}
    for ids, scores in rows:
        if ids not in layouts:
            layouts[ids] = {d: 2 + index for index, d in enumerate(_domain_ids(ids))}
        where = layouts[ids]
        numbers = _doubles(scores)
        if len(numbers) != len(where) + 2 or any(map(math.isinf, numbers)):
            raise _Odd
        seconds.append(numbers[0])
        for column, domain_id in zip(columns, domain_ids, strict=True):
            index = where.get(domain_id)
            column.append(math.nan if index is None else numbers[index])
    return seconds, columns


class OverviewStore(Store):
    """A Store that can also read what the history view and the report show, briefly."""

    @classmethod
    def open(cls, path: Path | None = None, t: Translator | None = None) -> OverviewStore:
        """An overview store for ``path`` (default: the data home's database)."""
        return cls(path if path is not None else database_path(), t)

    def overview_parts(
        self,
        *,
        recent: int = RECENT,
        trend_quizzes: int = RECENT,
        chart_points: int = CHART_POINTS,
    ) -> OverviewParts:
        """``overview_parts`` of the stored history, read without reading all of it.

        The options are ``build_overview``'s. Nothing stored: the parts of an
        empty history (and no file is created).
        """
        options = {"recent": recent, "trend_quizzes": trend_quizzes, "chart_points": chart_points}
        db = self._connect(create=False)
        if db is None:
            return overview_parts(History(), **options)
        try:
            db.execute("BEGIN")  # one snapshot for every query
            try:
                return self._read_parts(db, recent, trend_quizzes, chart_points)
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        except _Odd:
            # The careful read names the damaged record (or finds it fine after all).
            return overview_parts(self.history(), **options)

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

    # --- the parts -----------------------------------------------------------------

    def _read_parts(
        self, db: sqlite3.Connection, recent: int, trend_quizzes: int, chart_points: int
    ) -> OverviewParts:
        if db.execute(_ANY_ODD).fetchone()[0]:
            raise _Odd
        groups = db.execute(_QUIZ_GROUPS).fetchall()
        uses, quizzes, flagged, last_flagged = self._quiz_groups(db, groups)

        rows = db.execute(
            f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at DESC, id DESC LIMIT ?",
            (max(recent, 1),),
        ).fetchall()
        newest = {row[0]: self._quiz(row) for row in rows}
        recent_quizzes = list(newest.values())[::-1]
        latest = recent_quizzes[-1] if recent_quizzes else None
        trend: list[QuizRecord] = []
        if latest is not None:
            same = db.execute(
                f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes WHERE questionnaire_id = ?"
                " ORDER BY at DESC, id DESC LIMIT ?",
                (latest.questionnaire_id, trend_quizzes if trend_quizzes > 0 else -1),
            ).fetchall()
            trend = [newest[row[0]] if row[0] in newest else self._quiz(row) for row in same]
            trend.reverse()
        chart = None
        if chart_points > 0 and latest is not None:  # while the quizzes' index is at hand
            chart = self._chart(db, latest, rows[0][0], quizzes, chart_points)

        *span, completed, longest = db.execute(_SESSION_SUMS).fetchone()
        if longest is not None and not longest <= SECONDS_LIMIT:  # m004: a number
            raise _Odd
        all_sessions = _span(span)
        ends = [t for use in uses for t in (use.first_at, use.last_at)]
        ends += [t for t in (all_sessions.first_at, all_sessions.last_at) if t is not None]
        sessions: list[SessionRecord] = []
        if recent > 0:
            session_rows = db.execute(
                f"SELECT id, {_SESSION_COLUMNS} FROM sessions ORDER BY at DESC, id DESC LIMIT ?",
                (recent,),
            ).fetchall()
            sessions = [self._session(row) for row in reversed(session_rows)]
        return OverviewParts(
            quizzes=quizzes,
            sessions=all_sessions.sessions,
            first_at=min(ends) if ends else None,
            last_at=max(ends) if ends else None,
            latest=latest,
            recent_quizzes=tuple(recent_quizzes[-recent:]) if recent > 0 else (),
            recent_sessions=tuple(sessions),
            trend_quizzes=tuple(trend),
            questionnaires=uses,
            practice=self._practice(db, all_sessions),
            evidence=self._evidence(db, _sum(completed) if all_sessions.sessions else 0),
            chart=chart,
            flagged=flagged,
            last_flagged_at=last_flagged,
        )

    @staticmethod
    def _quiz_groups(
        db: sqlite3.Connection, groups: Sequence[Sequence[Any]]
    ) -> tuple[tuple[QuestionnaireUse, ...], int, int, datetime | None]:
        """The questionnaire versions used (in the order first used: by time, then as
        stored), how many quizzes, how many raised a red flag and when the last did."""
        found: list[tuple[str, QuestionnaireUse]] = []
        quizzes = flagged = 0
        last_flagged = None
        for group in groups:
            questionnaire_id, count, first, last, low, high, red, red_last = group
            _text(questionnaire_id)
            quizzes += count
            flagged += red
            if red_last is not None and (last_flagged is None or red_last > last_flagged):
                last_flagged = red_last
            versions = [(high, count, first, last)]
            if low != high:  # several versions of this questionnaire
                versions = db.execute(
                    "SELECT questionnaire_version, count(*), min(at), max(at) FROM quizzes"
                    " WHERE questionnaire_id = ? GROUP BY questionnaire_version",
                    (questionnaire_id,),
                ).fetchall()
            for version, n, start, end in versions:
                use = QuestionnaireUse(
                    questionnaire_id, _whole(version, 0, COUNT_LIMIT), n, _time(start), _time(end)
                )
                found.append((start, use))
        firsts = [start for start, _ in found]
        order = []
        for start, use in found:
            first_id = 0
            if firsts.count(start) > 1:  # first used in the same second: as stored
                (first_id,) = db.execute(
                    "SELECT min(id) FROM quizzes"
                    " WHERE questionnaire_id = ? AND questionnaire_version = ? AND at = ?",
                    (use.questionnaire_id, use.version, start),
                ).fetchone()
            order.append((start, first_id, use))
        order.sort(key=lambda item: item[:2])
        uses = tuple(use for _, _, use in order)
        return uses, quizzes, flagged, _optional_time(last_flagged)

    @staticmethod
    def _practice(db: sqlite3.Connection, span: SessionSpan) -> PracticeStats:
        rows = db.execute(
            "SELECT exercise_id, count(*), sum(completed),"
            " total(CAST(actual_seconds * 1000 + 0.5 AS INTEGER))"  # core.overview.milliseconds
            " FROM sessions GROUP BY exercise_id"
        ).fetchall()
        exercises = []
        for exercise_id, sessions, completed, millis in rows:
            exercises.append((_text(exercise_id), sessions, completed, _sum(millis)))
        return practice_from(
            exercises,
            rated=span.rated,
            before=span.before,
            after=span.after,
            first_at=span.first_at,
            last_at=span.last_at,
        )

    def relief_evidence(self, current: ScorePoint | None = None) -> ReliefEvidence:
        """``relief_evidence`` of the stored history plus the quiz being taken now,
        from a few indexed queries (the quiz's advice needs it on every run)."""
        db = self._connect(create=False)
        if db is None:
            return relief_evidence((), (), current=current)
        try:
            db.execute("BEGIN")  # one snapshot for every query
            try:
                if db.execute(_ANY_ODD).fetchone()[0]:
                    raise _Odd
                (practice,) = db.execute(
                    "SELECT count(*) FROM sessions WHERE completed = 1"
                ).fetchone()
                if current is not None:
                    (last,) = db.execute(f"SELECT max(at) FROM quizzes WHERE {_SCORED}").fetchone()
                    if last is not None and _time(last) > current.at:
                        raise _Odd  # a stored quiz dated after now: the careful path decides
                return self._evidence(db, practice, current)
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        except _Odd:
            records = self.history()
            return relief_evidence(
                score_tuples(records.quizzes), session_tuples(records.sessions), current=current
            )

    @staticmethod
    def _evidence(
        db: sqlite3.Connection, practice: int, current: ScorePoint | None = None
    ) -> ReliefEvidence:
        """``relief_evidence`` of the stored history, from a few indexed queries.

        With ``current`` (the quiz being taken, never later than a stored one),
        it is the latest quiz.
        """
        if not practice:
            return ReliefEvidence("no_sessions", SessionSpan())
        completed = f"SELECT {_SESSION_SPAN} FROM sessions WHERE completed = 1"
        if current is None:
            found = db.execute(
                "SELECT at, questionnaire_id, score_kind, scores, domains FROM quizzes"
                f" WHERE {_SCORED} ORDER BY at DESC, id DESC LIMIT 1"
            ).fetchone()
            if found is None:
                return ReliefEvidence("no_quizzes", _span(db.execute(completed).fetchone()))
            latest_at, questionnaire_id, kind, scores, domains = found
            latest = _point(latest_at, questionnaire_id, kind, scores, domains)
        else:
            latest = current
            # Stored times are UTC ISO text, so they compare as text with this one.
            latest_at = current.at.astimezone(UTC).isoformat()
            questionnaire_id, kind = current.questionnaire_id, current.kind
        series = "questionnaire_id = ? AND score_kind = ?"
        (first_at,) = db.execute(
            f"SELECT min(at) FROM quizzes WHERE {series}", (questionnaire_id, kind)
        ).fetchone()
        if first_at is None or first_at > latest_at:
            first_at = latest_at  # only the quiz being taken is of its series
        start = db.execute(
            "SELECT at FROM sessions WHERE completed = 1 AND at >= ? AND at <= ?"
            " ORDER BY at, id LIMIT 1",
            (first_at, latest_at),
        ).fetchone()
        if start is None:
            later = db.execute(
                "SELECT 1 FROM sessions WHERE completed = 1 AND at > ? LIMIT 1", (latest_at,)
            ).fetchone()
            reason: Reason = "no_quiz_after_practice" if later else "no_baseline"
            return ReliefEvidence(reason, SessionSpan(), latest=latest)
        if _time(start[0]) >= latest.at:  # the baseline would be the latest quiz itself
            return ReliefEvidence("no_quiz_after_practice", SessionSpan(), latest=latest)
        baseline_at, baseline_scores, baseline_domains = db.execute(
            f"SELECT at, scores, domains FROM quizzes WHERE {series} AND at <= ?"
            " ORDER BY at DESC, id DESC LIMIT 1",
            (questionnaire_id, kind, start[0]),
        ).fetchone()
        baseline = _point(baseline_at, questionnaire_id, kind, baseline_scores, baseline_domains)
        span = db.execute(f"{completed} AND at >= ? AND at <= ?", (baseline_at, latest_at))
        return ReliefEvidence(None, _span(span.fetchone()), baseline, latest)

    @staticmethod
    def _chart(
        db: sqlite3.Connection, latest: QuizRecord, latest_id: int, quizzes: int, limit: int
    ) -> ScoreChart:
        """``score_chart``: the latest questionnaire's quizzes, from their packed numbers."""
        questionnaire_id, domain_ids = latest.questionnaire_id, tuple(latest.domains)
        (layout,) = db.execute(
            "SELECT domain_ids FROM quizzes WHERE id = ?", (latest_id,)
        ).fetchone()
        if _domain_ids(layout) != list(domain_ids):
            raise _Odd
        width = len(domain_ids) + 2  # time, score, then the domains
        query = "FROM quizzes WHERE questionnaire_id = ? ORDER BY at, id"
        # As good as always every quiz has the latest one's domains: one array, sliced
        # per column. Those that do not come as NULL; then each gets its own layout.
        rows = db.execute(
            "SELECT CASE WHEN domain_ids IS ? AND typeof(scores) = 'blob'"
            f" AND length(scores) = ? THEN scores END {query}",
            (layout, width * 8, questionnaire_id),
        ).fetchall()
        seconds: Sequence[float]
        columns: Sequence[Sequence[float]]
        try:
            packed = b"".join(map(itemgetter(0), rows))
        except TypeError:  # a NULL: some quizzes had other domains
            seconds, columns = _mixed_layouts(
                db.execute(f"SELECT domain_ids, scores {query}", (questionnaire_id,)), domain_ids
            )
        else:
            if any(infinity in packed for infinity in _INFINITIES):
                raise _Odd
            numbers = _doubles(packed)
            seconds = numbers[0::width]
            columns = [numbers[2 + column :: width] for column in range(len(domain_ids))]
        # NaN fails both comparisons: chart_of needs every time as a real one.
        if seconds and not (min(seconds) >= _FIRST_SECOND and max(seconds) <= _LAST_SECOND):
            raise _Odd
        if seconds and math.isnan(sum(seconds)):
            raise _Odd
        return chart_of(
            questionnaire_id,
            domain_ids,
            seconds,
            columns,
            left_out=quizzes - len(seconds),
            limit=limit,
        )
