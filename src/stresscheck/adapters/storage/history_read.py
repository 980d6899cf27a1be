"""Reading the history for the history view, the report and the quiz's advice.

Storage fetches columns; ``core.overview`` computes. ``Store.history()``
checks every stored record key by key: right for export, import and anything
that writes, but for 10,000 quizzes that alone takes most of a second, while
the view shows twenty of them. ``OverviewStore`` reads the newest records in
full, through exactly that check, and of all records only their rows
(``core.overview.QuizRow`` and ``SessionRow``): for quizzes, the overview
columns the store derived from them (``migrations.overview_values``, made by
the code version in ``PRAGMA user_version``). ``core.overview.parts_from_rows``
and ``relief_of_rows`` compute the rest, the same functions that compute the
overview of a History in memory.

The computed parts are kept in the cache folder, keyed by the database file's
change stamp (device, inode, size, change times, and its write-ahead log's),
the code that computed them and the options; any write, however made,
changes the stamp. A missing or damaged entry is computed again.

Every stored value a row holds is vouched for first: SQLite keeps the rows
with a value of another type, range or time shape in partial indexes
(migration m004), so asking for them costs next to nothing. Should there be
any, or anything else look odd (a number or a time outside the bounds of
``core.history``, overview columns another code version derived, or an
infinite number among the packed ones), the whole history is read the careful
way instead, which either reads it after all or raises the StoreError that
names the damaged record: the person sees the same message as from export.
"""

from __future__ import annotations

import contextlib
import json
import math
import sqlite3
import sys
import zlib
from array import array
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from stresscheck.adapters.paths import database_path
from stresscheck.adapters.storage import migrations
from stresscheck.adapters.storage.store import _QUIZ_COLUMNS, _SESSION_COLUMNS, Store, _settled
from stresscheck.core.body_map import PlaceCount, counts_of_records
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
    ReliefEvidence,
    ScorePoint,
    SessionSpan,
    total_scale,
)
from stresscheck.core.overview import (
    CHART_POINTS,
    DERIVED_VERSION,
    RECENT,
    ChartPoint,
    ExerciseStats,
    OverviewParts,
    PracticeStats,
    QuestionnaireUse,
    QuizRow,
    ScoreChart,
    SessionRow,
    overview_parts,
    parts_from_rows,
    quiz_row,
    relief_of_rows,
    session_row,
)
from stresscheck.core.questionnaire import NONE_VALUE

T = TypeVar("T")


class _Odd(Exception):
    """A stored value that the quick checks do not vouch for."""


# Any row whose values are not of the shape the store writes: the partial
# indexes of migration m004 hold exactly these, so this costs nothing.
_ANY_ODD = (
    f"SELECT EXISTS (SELECT 1 FROM quizzes WHERE {migrations.ODD_QUIZ})"
    f" OR EXISTS (SELECT 1 FROM sessions WHERE {migrations.ODD_SESSION})"
)
# A quiz's row: its record's columns the overview reads, its overview columns,
# and for a total (whose scale is the sum of the domains' maxima) its domains.
_QUIZ_ROWS = (
    "SELECT at, questionnaire_id, questionnaire_version, flags, score_kind, domain_ids,"
    " scores, CASE WHEN score_kind = 'total' THEN domains END FROM quizzes ORDER BY at, id"
)
_SESSION_ROWS = (
    "SELECT at, exercise_id, completed, actual_seconds, tension_before, tension_after"
    " FROM sessions ORDER BY at, id"
)
# Per check that answered the body map (a JSON list): its places, "none" not counted.
# As core.body_map.place_count: the list's length, "none" not counted (it is chosen
# at most once); no json_each per row, which took twice as long at 10,000 checks.
_PLACE_COUNTS = (
    "SELECT at, json_array_length(answers, ?) - (instr(json_extract(answers, ?), ?) > 0)"
    " FROM quizzes WHERE json_type(answers, ?) = 'array' ORDER BY at, id"
)
_NEWEST = f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at DESC, id DESC LIMIT ?"


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Odd
    return value


def _time(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value)  # m004 made it UTC to the second
    except (TypeError, ValueError):
        raise _Odd from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _Odd
    return moment


def _domain_ids(text: Any) -> tuple[str, ...]:
    try:
        found = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise _Odd from None
    if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
        raise _Odd
    return tuple(found)


def _doubles(blob: Any) -> array[float]:
    numbers = array("d")
    try:
        numbers.frombytes(blob)
    except (TypeError, ValueError):  # not bytes, or not whole numbers of them
        raise _Odd from None
    if sys.byteorder == "big":
        numbers.byteswap()  # stored little-endian
    return numbers


def _scale(domains: Any) -> float:
    """The scale of a total, from its quiz's ``domains`` column (JSON text)."""
    try:
        scale = total_scale(json.loads(domains).values())
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError):
        raise _Odd from None
    if not (math.isfinite(scale) and scale >= 0):
        raise _Odd
    return scale


def _quiz_rows(db: sqlite3.Connection) -> list[QuizRow]:
    rows = []
    layouts: dict[str, tuple[str, ...]] = {}
    nan = math.nan
    for at, questionnaire_id, version, flags, kind, ids, scores, domains in db.execute(_QUIZ_ROWS):
        layout = layouts.get(ids)
        if layout is None:
            layout = layouts[ids] = _domain_ids(ids)
        numbers = _doubles(scores)
        if len(numbers) != len(layout) + 2 or any(map(math.isinf, numbers)):
            raise _Odd
        value = numbers[1]
        if kind == "none":
            kind, value, scale = None, nan, nan
        elif not abs(value) <= (SCORE_LIMIT if kind == "total" else SHARE_LIMIT):  # NaN too
            raise _Odd
        else:
            scale = _scale(domains) if kind == "total" else 100.0
        if not isinstance(version, int) or version > COUNT_LIMIT:
            raise _Odd
        rows.append(
            QuizRow(
                _time(at),
                _text(questionnaire_id),
                version,
                flags,
                kind,
                value,
                scale,
                layout,
                tuple(numbers[2:]),
            )
        )
    return rows


def _session_rows(db: sqlite3.Connection) -> list[SessionRow]:
    rows = []
    for at, exercise_id, completed, seconds, before, after in db.execute(_SESSION_ROWS):
        if not seconds <= SECONDS_LIMIT:  # m004: a number, not negative
            raise _Odd
        rows.append(
            SessionRow(_time(at), _text(exercise_id), completed == 1, float(seconds), before, after)
        )
    return rows


class OverviewStore(Store):
    """A Store that can also read what the history view and the report show, briefly."""

    @classmethod
    def open(cls, path: Path | None = None) -> OverviewStore:
        """An overview store for ``path`` (default: the data home's database)."""
        return cls(path if path is not None else database_path())

    def first_quiz(self) -> QuizRecord | None:
        """The oldest stored quiz (as the history orders them), or None: the report
        compares its answers with the latest's, so it reads that one quiz too."""
        db = self._connect(create=False)
        if db is None:
            return None
        try:
            row = db.execute(
                f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at, id LIMIT 1"
            ).fetchone()
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        return None if row is None else self._quiz(row)

    def overview_parts(
        self,
        *,
        recent: int = RECENT,
        recent_sessions: int | None = None,
        trend_quizzes: int = RECENT,
        chart_points: int = CHART_POINTS,
    ) -> OverviewParts:
        """``core.overview.overview_parts`` of the stored history, read without
        reading all of it, and kept until the file changes.

        Nothing stored: the parts of an empty history (and no file is created).
        """
        sessions = recent if recent_sessions is None else recent_sessions
        options = {
            "recent": recent,
            "recent_sessions": sessions,
            "trend_quizzes": trend_quizzes,
            "chart_points": chart_points,
        }
        db = self._connect(create=False)
        if db is None:
            return overview_parts(History(), **options)
        # Named as before when the sessions are as many as the quizzes (the usual case).
        named = [recent, trend_quizzes, chart_points, *([sessions] if sessions != recent else [])]
        parts: OverviewParts = self._kept(
            "overview",
            named,
            lambda: self._parts(db, options),
            _encode,
            _decode_parts,
        )
        return parts

    def latest_advised_exercise(self) -> str | None:
        """The exercise of the newest stored quiz whose advice was to breathe, or None
        (nothing stored, no such quiz, or that advice named no exercise).

        Read only: no database is created. Each quiz looked at is checked like
        every record read (a damaged one raises the StoreError that names it).
        """
        db = self._connect(create=False)
        if db is None:
            return None
        try:
            rows = db.execute(f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at DESC, id DESC")
            for row in rows:  # newest first; most often the first one decides
                advice = self._quiz(row).advice
                if advice.get("action") == "breathe":
                    exercise = advice.get("exercise")
                    return exercise if isinstance(exercise, str) and exercise else None
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        return None

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

    def relief_evidence(self, current: ScorePoint | None = None) -> ReliefEvidence:
        """``core.overview.relief_of_rows`` of the stored history plus the quiz being
        taken now (the quiz's advice needs it on every run)."""
        db = self._connect(create=False)
        if db is None:
            return relief_of_rows((), (), current=current)
        try:
            quizzes, sessions = self._read(db, lambda db: (_quiz_rows(db), _session_rows(db)))
        except _Odd:
            records = self.history()
            quizzes = [quiz_row(quiz) for quiz in records.quizzes]
            sessions = [session_row(session) for session in records.sessions]
        return relief_of_rows(quizzes, sessions, current=current)

    def place_counts(self, question_id: str) -> list[PlaceCount]:
        """How many places each stored check marked on the body map ``question_id``,
        oldest first; checks that did not answer it are left out."""
        db = self._connect(create=False)
        if db is None:
            return []
        path = f'$."{question_id}"'  # ids are letters, digits and _ . - only

        def counts(db: sqlite3.Connection) -> list[PlaceCount]:
            none = json.dumps(NONE_VALUE)  # as it stands in the stored list
            rows = db.execute(_PLACE_COUNTS, (path, path, none, path)).fetchall()
            return [PlaceCount(_time(at), int(count)) for at, count in rows]

        def read() -> list[PlaceCount]:
            try:
                return self._read(db, counts)
            except _Odd:
                return counts_of_records(self.history().quizzes, question_id)

        return self._kept("places", [question_id], read, _encode_places, _decode_places)

    def _kept(
        self,
        name: str,
        options: list[Any],
        compute: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T | None],
    ) -> T:
        """``compute()``, kept in the cache folder for this very file until it changes
        (any write changes its stamp) or the code that computes it does; an entry
        that does not decode whole is computed again."""
        from stresscheck.adapters.storage.cache import code_stamp, read_note, write_note

        stamp = self._stamp()
        key = {
            "path": str(self.path.absolute()),
            "stamp": stamp,
            "code": code_stamp(_CODE),
            "options": options,
        }
        where = zlib.crc32(str(self.path.absolute()).encode())
        note = "-".join([f"{name}-{where:08x}", *map(str, options)])
        if stamp is not None:
            try:
                entry = read_note(note)
                found = decode(entry["value"]) if entry.get("key") == key else None
            except Exception:  # whatever is wrong with an entry (even a RecursionError)
                found = None
            if found is not None:
                return found
        value = compute()
        if stamp is not None and stamp == self._stamp() and _settled(stamp):
            with contextlib.suppress(TypeError):  # a value that cannot be kept: fine
                write_note(note, {"key": key, "value": encode(value)})
        return value

    # --- reading --------------------------------------------------------------------

    def _read(self, db: sqlite3.Connection, read: Callable[[sqlite3.Connection], T]) -> T:
        """``read`` of the rows, in one snapshot, once they are vouched for."""
        try:
            db.execute("BEGIN")  # one snapshot for every query
            try:
                if db.execute(_ANY_ODD).fetchone()[0]:
                    raise _Odd
                if db.execute("PRAGMA user_version").fetchone()[0] != DERIVED_VERSION:
                    raise _Odd  # derived by another version of the code: not trusted
                return read(db)
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None

    def _parts(self, db: sqlite3.Connection, options: dict[str, int]) -> OverviewParts:
        try:
            return self._read(db, lambda db: self._brief(db, **options))
        except _Odd:
            # The careful read names the damaged record (or finds it fine after all).
            return overview_parts(self.history(), **options)

    def _brief(
        self,
        db: sqlite3.Connection,
        recent: int,
        recent_sessions: int,
        trend_quizzes: int,
        chart_points: int,
    ) -> OverviewParts:
        quizzes, sessions = _quiz_rows(db), _session_rows(db)
        rows = db.execute(_NEWEST, (max(recent, 1),)).fetchall()
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
        newest_sessions: list[SessionRecord] = []
        if recent_sessions > 0:
            session_rows = db.execute(
                f"SELECT id, {_SESSION_COLUMNS} FROM sessions ORDER BY at DESC, id DESC LIMIT ?",
                (recent_sessions,),
            ).fetchall()
            newest_sessions = [self._session(row) for row in reversed(session_rows)]
        return parts_from_rows(
            quizzes,
            sessions,
            latest=latest,
            recent_quizzes=tuple(recent_quizzes[-recent:]) if recent > 0 else (),
            recent_sessions=tuple(newest_sessions),
            trend_quizzes=tuple(trend),
            chart_points=chart_points,
        )


# --- the computed parts, kept -----------------------------------------------------------------

# The code whose change changes what the parts hold.
_CODE = (
    "core/overview.py",
    "core/insight.py",
    "core/history.py",
    "adapters/storage/history_read.py",
)


_KINDS: dict[str, Any] = {
    kind.__name__: kind
    for kind in (
        OverviewParts,
        QuestionnaireUse,
        PracticeStats,
        ExerciseStats,
        ReliefEvidence,
        SessionSpan,
        ScorePoint,
        ScoreChart,
        ChartPoint,
    )
}


def _encode(value: Any) -> Any:
    """OverviewParts as plain JSON data (records in the contract's shape; a record
    met again, as the newest quizzes are in both the table and the trends, as
    the number of the record it repeats)."""
    records: dict[int, int] = {}

    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return {"@": "time", "v": value.isoformat()}
        if isinstance(value, QuizRecord | SessionRecord):
            if id(value) in records:
                return {"@": "again", "v": records[id(value)]}
            records[id(value)] = len(records)
            return {"@": type(value).__name__, "v": value.to_json()}
        if isinstance(value, ScorePoint):
            fields = (value.at, value.questionnaire_id, value.kind, value.value, value.scale)
            return {"@": "ScorePoint", "v": [encode(field) for field in fields]}
        if isinstance(value, tuple) and type(value).__name__ in _KINDS:
            return {"@": type(value).__name__, "v": [encode(field) for field in value]}
        if isinstance(value, tuple):
            return [encode(item) for item in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise TypeError(type(value).__name__)

    return encode(value)


def _decode(data: Any) -> Any:
    """The inverse of ``_encode``, every record checked as it is read."""
    records: list[QuizRecord | SessionRecord] = []

    def decode(data: Any) -> Any:
        if isinstance(data, list):
            return tuple(decode(item) for item in data)
        if isinstance(data, dict):
            kind, value = data["@"], data["v"]
            if kind == "time":
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    raise ValueError("a time without its zone")
                return moment.astimezone(UTC)
            if kind == "again":
                if type(value) is not int or not 0 <= value < len(records):
                    raise ValueError("not the number of a record read before")
                return records[value]
            if kind in ("QuizRecord", "SessionRecord"):
                reader = QuizRecord if kind == "QuizRecord" else SessionRecord
                records.append(reader.from_json(value))
                return records[-1]
            return _KINDS[kind](*(decode(field) for field in value))
        return data

    return decode(data)


def _decode_parts(value: Any) -> OverviewParts | None:
    parts = _decode(value)
    return parts if isinstance(parts, OverviewParts) else None


def _encode_places(counts: list[PlaceCount]) -> dict[str, list[int]]:
    """Seconds since 1970 and counts, in two lists: 10,000 checks read back in a few ms."""
    return {
        "at": [int(point.at.timestamp()) for point in counts],
        "places": [point.places for point in counts],
    }


def _decode_places(value: Any) -> list[PlaceCount] | None:
    moments, places = value["at"], value["places"]
    if len(moments) != len(places):
        return None
    return [
        PlaceCount(datetime.fromtimestamp(int(second), UTC), int(count))
        for second, count in zip(moments, places, strict=True)
    ]
