"""The history database's schema, as an ordered list of small named migrations.

Each migration is a function that changes the schema one step; its name is
recorded in the ``_migrations`` table when it has run, so a database made by
any earlier version is brought up to date when it is opened, keeping its rows.
Never edit or reorder a migration that has been released: add a new one.
(The pattern is simonw/llm's ``llm/migrations.py``.)
"""

from __future__ import annotations

import json
import math
import sqlite3
import struct
from collections.abc import Callable, Sequence
from typing import Any

from stresscheck.core.history import QUIZ_FIELDS, Key, KeyPath, QuizRecord, RecordError

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = []
MIGRATIONS_TABLE = "_migrations"


def migration(function: Migration) -> Migration:
    """Register ``function`` as the next migration."""
    MIGRATIONS.append(function)
    return function


def names() -> list[str]:
    """The names of all migrations, in order."""
    return [function.__name__ for function in MIGRATIONS]


def applied(db: sqlite3.Connection) -> list[str]:
    """Names of the migrations this database has had, in the order they ran."""
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return []
    return [row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY rowid")]


def pending(db: sqlite3.Connection) -> list[Migration]:
    """The migrations this database still needs."""
    done = set(applied(db))
    return [function for function in MIGRATIONS if function.__name__ not in done]


def migrate(db: sqlite3.Connection, upto: int | None = None) -> list[str]:
    """Apply the pending migrations (the first ``upto`` only, for tests) in one transaction.

    ``db`` must be in autocommit mode (``isolation_level=None``). BEGIN
    IMMEDIATE takes the write lock first, so two processes opening a new
    database at once apply each migration exactly once. Returns what ran.
    """
    wanted = MIGRATIONS if upto is None else MIGRATIONS[:upto]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
            " name TEXT PRIMARY KEY,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
        )
        done = set(applied(db))  # read again under the lock
        ran = []
        for function in wanted:
            if function.__name__ in done:
                continue
            function(db)
            db.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name) VALUES (?)", (function.__name__,))
            ran.append(function.__name__)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return ran


@migration
def m001_quizzes_and_sessions(db: sqlite3.Connection) -> None:
    """The first schema: one row per quiz and per breathing session.

    Answers, scores and advice are JSON text: a quiz's shape follows its
    questionnaire, and keeping every answer lets its scores be recomputed.
    ``uid`` is the record's id across computers; UNIQUE makes import idempotent.
    """
    db.execute(
        """
        CREATE TABLE quizzes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            questionnaire_id TEXT NOT NULL,
            questionnaire_version INTEGER NOT NULL,
            lang TEXT NOT NULL,
            answers TEXT NOT NULL,
            domains TEXT NOT NULL,
            total TEXT,
            red_flags TEXT NOT NULL,
            advice TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            planned_seconds REAL NOT NULL,
            actual_seconds REAL NOT NULL,
            cycles_planned INTEGER NOT NULL,
            cycles_completed INTEGER NOT NULL,
            completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
            tension_before INTEGER,
            tension_after INTEGER
        )
        """
    )


@migration
def m002_time_indexes(db: sqlite3.Connection) -> None:
    """History is always read oldest first; index the time (ISO UTC text sorts by time)."""
    db.execute("CREATE INDEX quizzes_at ON quizzes (at, id)")
    db.execute("CREATE INDEX sessions_at ON sessions (at, id)")


# --- what the overview reads of every quiz ------------------------------------------------

OVERVIEW_COLUMNS = ("score_kind", "flags", "domain_ids", "scores")
OverviewValues = tuple[str | None, int, str, bytes]


def overview_values(record: QuizRecord) -> OverviewValues:
    """A quiz's overview columns (m003), packed from its row (``core.overview.quiz_row``).

    * ``score_kind``: ``total`` or ``percent``, the kind of its comparable score
      (``core/insight.py``), or ``none``; NULL when it is not a number, so that
      the reader turns to the careful read of the whole history instead.
    * ``flags``: how many red flags it raised.
    * ``domain_ids``: its domain ids in order, as a JSON array.
    * ``scores``: little-endian doubles: its time in seconds since the epoch, its
      comparable score, then each domain's score as a percentage of its maximum
      in the order of ``domain_ids``; NaN where there is none. Packed, they are
      read back bit for bit, and fast.

    The store fills them when it saves a quiz, from the record it saves. The
    database's ``PRAGMA user_version`` is the ``core.overview.DERIVED_VERSION``
    that made them (m005).
    """
    return derived_values(record)


def derived_values(record: QuizRecord) -> OverviewValues:
    """The overview columns of a quiz, packed from ``core.overview.quiz_row``."""
    from stresscheck.core.overview import quiz_row

    row = quiz_row(record)
    kind: str | None = "none" if row.kind is None else row.kind
    if row.kind is not None and math.isnan(row.value):
        kind = None
    numbers = [row.at.timestamp(), row.value, *row.shares]
    return (
        kind,
        row.flags,
        json.dumps(list(row.domain_ids), ensure_ascii=False, separators=(",", ":")),
        struct.pack(f"<{len(numbers)}d", *numbers),
    )


def _stored_quiz(row: Sequence[Any]) -> QuizRecord | None:
    """The quiz in a row of the first schema's columns, if it reads as one."""
    try:
        return QuizRecord.from_json(stored_item(QUIZ_FIELDS, row))
    except (TypeError, ValueError, RecursionError):
        return None


# --- records in rows -------------------------------------------------------------------
#
# A table keeps a record in a column by each attribute of its keys
# (``core.history``'s tables; ``status`` is kept as ``completed``): times as
# ISO text, ``completed`` as 0 or 1, objects and lists as JSON text. Here: the
# kinds kept as JSON, and what their text is when it is not JSON.
_JSON_KINDS = {
    "answers": "not_object",
    "domains": "not_object",
    "total": "not_object",
    "texts": "not_list",
    "advice": "not_object",
}


def stored_keys(keys: tuple[Key, ...]) -> tuple[Key, ...]:
    """The keys of a record that have a column, in the columns' order."""
    return tuple(key for key in keys if key.kind.type != "status")


def columns(keys: tuple[Key, ...]) -> list[str]:
    """The columns a table keeps a record in."""
    return [key.attribute for key in stored_keys(keys)]


def column_values(record: Any, keys: tuple[Key, ...]) -> list[Any]:
    """``record`` as a row of ``stored_keys(keys)``' columns."""
    values = []
    for key in stored_keys(keys):
        value = getattr(record, key.attribute)
        if value is not None and key.kind.type in _JSON_KINDS:
            value = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        elif key.kind.type == "time":
            value = value.isoformat()
        elif key.kind.type == "boolean":
            value = int(value)
        values.append(value)
    return values


def stored_item(keys: tuple[Key, ...], row: Sequence[Any], path: KeyPath = ()) -> dict[str, Any]:
    """The JSON item of a record from a row of its columns, for its ``from_json``.
    A JSON column that is not JSON (or a NULL but for an optional one) is a
    RecordError at its key."""
    item: dict[str, Any] = {}
    for key, value in zip(stored_keys(keys), row, strict=True):
        code = _JSON_KINDS.get(key.kind.type)
        if code is not None and not (value is None and key.kind.optional):
            try:
                value = json.loads(value)
            except (TypeError, ValueError):
                raise RecordError((*path, key.name), code) from None
        elif key.kind.type == "boolean":
            value = value == 1
        item[key.name] = value
    if len(item) < len(keys):  # a session: its status, as its column ``completed`` says
        item["status"] = "completed" if item["completed"] else "interrupted"
    return item


@migration
def m003_overview_columns(db: sqlite3.Connection) -> None:
    """Keep beside each quiz what the overview reads of all quizzes (``overview_values``).

    ``history`` and ``report`` then read years of quizzes from one index instead
    of parsing every quiz. Quizzes stored before get their values here; one
    that does not read as a quiz keeps NULLs, so that the reader turns to the
    careful read, which names it.
    """
    for column, kind in zip(OVERVIEW_COLUMNS, ("TEXT", "INTEGER", "TEXT", "BLOB"), strict=True):
        db.execute(f"ALTER TABLE quizzes ADD COLUMN {column} {kind}")
    rows = db.execute(
        "SELECT id, uid, at, questionnaire_id, questionnaire_version, lang,"
        " answers, domains, total, red_flags, advice FROM quizzes"
    ).fetchall()
    updates = []
    for row_id, *columns in rows:
        record = _stored_quiz(columns)
        if record is not None:
            updates.append((*overview_values(record), row_id))
    db.executemany(
        "UPDATE quizzes SET score_kind = ?, flags = ?, domain_ids = ?, scores = ? WHERE id = ?",
        updates,
    )
    db.execute(
        "CREATE INDEX quizzes_overview ON quizzes"
        " (questionnaire_id, at, id, questionnaire_version, score_kind, flags, domain_ids, scores)"
    )


# --- rows the quick read cannot vouch for -------------------------------------------------

# Times as the store writes them (UTC, whole seconds), so that they sort as text.
UTC_TIME_PATTERN = (
    "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00'"
)
# A row is odd when a value the overview sums up (``history_read``) is not of the
# shape the store writes. Each condition is true (never NULL) for such a row.
# Tension is 0-10 (core.history's TENSION_MIN and TENSION_MAX), written out as
# numbers: a migration must mean the same thing forever.
ODD_QUIZ = (
    f"NOT at GLOB {UTC_TIME_PATTERN}"
    " OR typeof(questionnaire_version) != 'integer' OR questionnaire_version < 0"
    " OR typeof(flags) != 'integer' OR flags < 0"
    " OR score_kind IS NULL OR score_kind NOT IN ('total', 'percent', 'none')"
)
ODD_SESSION = (
    f"NOT at GLOB {UTC_TIME_PATTERN}"
    " OR typeof(completed) != 'integer' OR completed NOT IN (0, 1)"
    " OR typeof(actual_seconds) NOT IN ('integer', 'real')"
    " OR NOT (actual_seconds >= 0 AND actual_seconds < 9e999)"  # 9e999 is infinity
    " OR (tension_before IS NOT NULL AND (typeof(tension_before) != 'integer'"
    " OR tension_before NOT BETWEEN 0 AND 10))"
    " OR (tension_after IS NOT NULL AND (typeof(tension_after) != 'integer'"
    " OR tension_after NOT BETWEEN 0 AND 10))"
)


@migration
def m004_odd_row_indexes(db: sqlite3.Connection) -> None:
    """Index the odd rows (``ODD_QUIZ``, ``ODD_SESSION``): none in a healthy history.

    The overview used to check every row's values while summing them up, which
    cost more than the sums. SQLite keeps a partial index up to date on every
    change, even one made by hand, so asking it for odd rows costs next to
    nothing, and the sums need no checks of their own.
    """
    db.execute(f"CREATE INDEX quizzes_odd ON quizzes (id) WHERE {ODD_QUIZ}")
    db.execute(f"CREATE INDEX sessions_odd ON sessions (id) WHERE {ODD_SESSION}")


# --- by which code the overview columns were derived ---------------------------------------

# Quiz columns the overview columns are derived from.
DERIVED_FROM = ("at", "questionnaire_id", "questionnaire_version", "domains", "total", "red_flags")


@migration
def m005_derived_version(db: sqlite3.Connection) -> None:
    """The overview columns carry the version of the code that derived them.

    ``PRAGMA user_version`` is the ``core.overview.DERIVED_VERSION`` that
    derived every quiz's overview columns; 0 (unknown) until the store has
    derived them again from the records (as m003 filled them with whatever
    scoring code ran it). A change by hand to a column they are derived from
    marks that quiz's as not derived (``score_kind`` NULL, an odd row): readers
    do not trust it, and the store derives it again.
    """
    db.execute(
        f"CREATE TRIGGER quizzes_derived_stale AFTER UPDATE OF {', '.join(DERIVED_FROM)}"
        " ON quizzes BEGIN UPDATE quizzes SET score_kind = NULL WHERE id = NEW.id; END"
    )
    db.execute("PRAGMA user_version = 0")
