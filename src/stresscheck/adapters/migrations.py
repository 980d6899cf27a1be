"""The history database's schema, as an ordered list of small named migrations.

Each migration is a function that changes the schema one step; its name is
recorded in the ``_migrations`` table when it has run, so a database made by
any earlier version is brought up to date when it is opened, keeping its rows.
Never edit or reorder a migration that has been released: add a new one.
(The pattern is simonw/llm's ``llm/migrations.py``.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

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
