"""The history database: one SQLite file, written safely by several processes at once.

Design choices, and why:

* **Lazy.** ``Store.open`` touches nothing; the file is created by the first
  save. Reading a history that does not exist gives an empty one, so a
  command that saves nothing never leaves a database behind.
* **Never touch a file we cannot vouch for.** Every open first looks at the
  file read-only (ours, not from a newer version). Before the first write, and
  before opening could make SQLite write (a migration is due, the file is not
  in WAL mode yet, or a write-ahead log waits to be folded in), the whole file
  is checked too (``PRAGMA quick_check``). A damaged or foreign file gives a
  StoreError that names it and says what to do; it is never repaired,
  migrated or overwritten. A plain read skips the whole-file check (it reads
  years of data in a fraction of the time): it cannot change the file, and
  damage in what it reads gives the same StoreError. What is shown or handed
  over (``history``, ``export``, ``report``) is checked whole first
  (``whole_file_checked``), once for each change to the file.
* **Reading needs no writing.** A read-only folder or file, or a full disk,
  still lets a person read (and rescue) their history: the file is opened
  read-only, or as immutable when SQLite could not make its -wal and -shm
  files, and an older schema is brought up to date in memory. A refusal names
  the real cause: the disk, the file itself, a file beside it, the folder, a
  -journal that is not SQLite's, or changes waiting in a -wal that cannot be read.
* **Concurrent writers lose nothing.** WAL journal, a busy timeout, and every
  write in one ``BEGIN IMMEDIATE`` transaction: writers queue instead of
  failing, and a transaction is all there or not there at all.
* **Private.** The folder is 0700 and the file 0600 (SQLite gives its -wal
  and -shm files the database file's mode).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from stresscheck.adapters.paths import (
    create_private_file,
    database_path,
    private_dir,
    secure_database,
)
from stresscheck.adapters.storage import migrations
from stresscheck.core.history import (
    QUIZ_FIELDS,
    SESSION_FIELDS,
    History,
    QuizRecord,
    RecordError,
    SessionRecord,
    format_key_path,
)
from stresscheck.errors import StoreError, note_change
from stresscheck.speech import word

if TYPE_CHECKING:
    import threading

BUSY_TIMEOUT_SECONDS = 5.0
SCHEMA_VERSION = len(migrations.MIGRATIONS)
# Files SQLite keeps beside the database; they belong to it and go with it.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

_QUIZ_COLUMNS = ", ".join(migrations.columns(QUIZ_FIELDS))
_SESSION_COLUMNS = ", ".join(migrations.columns(SESSION_FIELDS))


def _insert(table: str, columns: list[str]) -> str:
    """Store a row; nothing when a record with its uid is there."""
    marks = ", ".join("?" * len(columns))
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT (uid) DO NOTHING"
    )


# A quiz has beside it what the overview reads (migrations m003 and m005,
# ``migrations.derived_values``); never part of a record.
_QUIZ_INSERT = _insert("quizzes", [*migrations.columns(QUIZ_FIELDS), *migrations.OVERVIEW_COLUMNS])
_SESSION_INSERT = _insert("sessions", migrations.columns(SESSION_FIELDS))


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


# A hot -journal that a read-only connection may not roll back.
_READONLY_ROLLBACK = getattr(sqlite3, "SQLITE_READONLY_ROLLBACK", 776)
# What failing to write or create a file looks like (the database itself, or
# the -wal and -shm files a reader needs): a read can do without writing.
_CANNOT_WRITE = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_PERM,
)
# Less room than this on the disk: an I/O error while writing is the disk being full.
_NEARLY_FULL = 1 << 20
# The first bytes of every rollback journal SQLite writes.
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _cannot_write(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        return _primary_code(error) in _CANNOT_WRITE
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
    return False


def _settled(stamp: list[int]) -> bool:
    """Whether the times in ``stamp`` lie well in the past: a write in the same
    clock tick as a check could leave them as they were (the "racy" case)."""
    times = stamp[3:5] + stamp[6:8]  # the file's, and its log's when it holds anything
    return time.time_ns() - max(times) > 2_000_000_000


def _has_content(path: Path) -> bool:
    """Whether ``path`` is a file with something in it."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _is_sqlite_journal(path: Path) -> bool:
    """Whether ``path`` starts as a rollback journal SQLite wrote."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_JOURNAL_MAGIC)) == _JOURNAL_MAGIC
    except OSError:
        return False


class Store:
    """The person's quizzes and breathing sessions, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._verified = False  # the whole file passed PRAGMA quick_check
        # Whether -wal/-shm were there before this store opened the file, and whether
        # the file turned out damaged: then what SQLite left beside it is tidied.
        self._sides_before: tuple[bool, bool] | None = None
        self._damaged = False

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """A store for ``path`` (default: the data home's database); nothing is touched yet."""
        return cls(path if path is not None else database_path())

    # --- lifetime ----------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (SQLite folds the WAL back into the file on the last close)."""
        if self._db is not None:
            db, self._db = self._db, None
            with contextlib.suppress(sqlite3.Error):
                db.close()
            self._tidy_if_damaged()

    def _tidy_if_damaged(self) -> None:
        """A damaged file cannot be checkpointed on close, so SQLite keeps the
        (empty) side files it made: leave the folder as it was. Called by whichever
        closes last, the reader or the whole-file check."""
        if self._damaged and self._sides_before is not None:
            self._tidy_sides(self._sides_before)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def exists(self) -> bool:
        """Whether the database file is there."""
        return self.path.exists()

    # --- errors --------------------------------------------------------------------

    def _fail(self, key: str, **fields: Any) -> StoreError:
        return StoreError(key=f"store.{key}", path=str(self.path), **fields)

    def _corrupt(self) -> StoreError:
        self._damaged = True
        return self._fail("corrupt", backup=f"{self.path.name}.damaged")

    def _sqlite_error(self, error: sqlite3.Error) -> StoreError:
        code = _primary_code(error)
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return self._corrupt()
        if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and self._disk_full()):
            return self._fail("disk_full")
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return self._fail("busy")
        if code in (
            sqlite3.SQLITE_READONLY,
            sqlite3.SQLITE_CANTOPEN,
            sqlite3.SQLITE_PERM,
            sqlite3.SQLITE_AUTH,
        ):
            return self._not_writable()
        return self._fail("io", error=str(error))

    def _os_error(self, error: OSError) -> StoreError:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return self._fail("disk_full")
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return self._not_writable()
        if error.errno == errno.ENOTDIR:
            return self._fail("not_a_folder", folder=str(self.path.parent))
        return self._fail("io", error=error.strerror or str(error))

    def _disk_full(self) -> bool:
        """Whether the disk that holds the history has (next to) no room left: SQLite
        reports failing to grow its -shm file as an I/O error, not as a full disk."""
        try:
            info = os.statvfs(self.path.parent)
        except (OSError, AttributeError):
            return False
        return info.f_bavail * info.f_frsize < _NEARLY_FULL

    def _not_writable(self) -> StoreError:
        """Why the history cannot be written, named: the disk, the file itself,
        one of SQLite's files beside it, or the folder."""
        folder = self.path.parent
        with contextlib.suppress(OSError, AttributeError):
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return self._fail("read_only_disk")
        if self.path.exists() and not os.access(self.path, os.W_OK):
            return self._fail("file_read_only")
        for suffix in SIDE_SUFFIXES:
            side = Path(f"{self.path}{suffix}")
            if side.exists() and not os.access(side, os.W_OK):
                return self._fail("side_read_only", side=str(side))
        return self._fail("read_only", folder=str(folder))

    # --- opening -------------------------------------------------------------------

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        """The connection, opened and migrated on first use; None if there is no
        database and ``create`` is false."""
        if self._db is not None:
            return self._db
        if self._sides_before is None:
            # Recorded before anything looks at the file: even a read-only look
            # makes SQLite create a -wal and -shm beside a WAL-mode file.
            self._sides_before = self._sides_present()
        try:
            secure_database(self.path)  # no link followed; loose modes tightened
            if not self.path.exists():
                if not create:
                    return None
                private_dir(self.path.parent)
                create_private_file(self.path)
            self._inspect(thorough=create)
            if create and not self._writable():
                raise self._not_writable()  # before SQLite makes anything beside the file
            if create or self._writable():
                try:
                    db = self._open_for_writing()
                except (sqlite3.Error, OSError) as error:
                    # A full disk: reading needs nothing written, so a read goes on.
                    if create or not _cannot_write(error):
                        raise
                    db = self._open_for_reading()
            else:  # a read-only folder or file: read it as it is
                db = self._open_for_reading()
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        except OSError as error:
            raise self._os_error(error) from None
        self._db = db
        return db

    def _writable(self) -> bool:
        """Whether this user may write the file and create files beside it."""
        return os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)

    def _open_for_writing(self) -> sqlite3.Connection:
        """A read-write connection, the file brought up to date and in WAL mode."""
        sides = self._sides_before
        if sides is None:
            sides = self._sides_before = self._sides_present()
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            if migrations.pending(db):
                self._verify(db)
                self._use_wal(db)
                migrations.migrate(db)
            elif db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._verify(db)
                self._use_wal(db)
            self._derive_again(db)
        except BaseException:
            db.close()
            self._tidy_sides(sides)
            raise
        return db

    def _open_for_reading(self) -> sqlite3.Connection:
        """A connection that only reads and needs nothing written, not even beside the file.

        A database from an older version that cannot be brought up to date in
        place (the folder is read-only, the disk full) is read through an
        up-to-date copy in memory; the file itself stays as it is.
        """
        db = self._look()
        try:
            if not migrations.pending(db):
                return db
            memory = sqlite3.connect(":memory:", isolation_level=None)
            try:
                db.backup(memory)
                migrations.migrate(memory)
            except BaseException:
                memory.close()
                raise
        except BaseException:
            db.close()
            raise
        db.close()
        return memory

    def _derive_again(self, db: sqlite3.Connection) -> None:
        """Derive the overview columns again from the records where the code that
        derived them was another (``PRAGMA user_version`` is not
        ``DERIVED_VERSION``: all quizzes) or they were marked not derived
        (``score_kind`` NULL, among the odd rows of m004), in one write.

        A quiz that does not read as one stays not derived: a reader then turns
        to the careful read, which names it.
        """
        from stresscheck.core.overview import DERIVED_VERSION

        (version,) = db.execute("PRAGMA user_version").fetchone()
        where = "1" if version != DERIVED_VERSION else migrations.ODD_QUIZ
        rows = db.execute(f"SELECT id, {_QUIZ_COLUMNS}, score_kind FROM quizzes WHERE {where}")
        updates = []
        for *row, kind in rows.fetchall():
            if version == DERIVED_VERSION and kind is not None:
                continue  # odd for another reason: nothing to derive
            try:
                record = self._quiz(tuple(row))
            except StoreError:
                continue
            updates.append((*migrations.derived_values(record), row[0]))
        if not updates and version == DERIVED_VERSION:
            return
        self._verify(db)
        db.execute("BEGIN IMMEDIATE")
        try:
            assignments = ", ".join(f"{column} = ?" for column in migrations.OVERVIEW_COLUMNS)
            db.executemany(f"UPDATE quizzes SET {assignments} WHERE id = ?", updates)
            db.execute(f"PRAGMA user_version = {DERIVED_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _sides_present(self) -> tuple[bool, bool]:
        """Whether the -wal and -shm files are there (to tidy only what we made)."""
        return Path(f"{self.path}-wal").exists(), Path(f"{self.path}-shm").exists()

    def _tidy_sides(self, before: tuple[bool, bool]) -> None:
        """Remove an empty -wal and -shm that a failed open made; never what was there before.

        A connection that could not start leaves SQLite's side files behind; left
        there, they would be mistaken for part of the history (and moving the
        file aside would leave them behind).
        """
        wal, shm = Path(f"{self.path}-wal"), Path(f"{self.path}-shm")
        with contextlib.suppress(OSError):
            if any(before) or not wal.exists() or wal.stat().st_size:
                return
            for side in (wal, shm):
                side.unlink(missing_ok=True)

    def _look(self) -> sqlite3.Connection:
        """A read-only connection to the file, however little may be written around it.

        SQLite reads a WAL-mode file through a -shm (and -wal) file beside it,
        which it creates when they are missing. Where that cannot be done (a
        read-only folder or file, a full disk), the file is read as immutable:
        as it is, with no side files and no locks. That is exact when no
        committed changes wait in a -wal; if some do, this says so instead.
        A history we may not write, with nothing beside it, is read that way at
        once: nothing is created beside it, so nothing is left behind.
        An interrupted write's -journal is rolled back first when it is SQLite's
        own and the history may be written; else the message names it.
        """
        uri = self.path.resolve().as_uri()
        alone = not any(Path(f"{self.path}{suffix}").exists() for suffix in SIDE_SUFFIXES)
        if alone and not self._writable():
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        for attempt in range(2):
            before = self._sides_present()
            db = None
            try:
                db = sqlite3.connect(
                    f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                )
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.Error as error:
                if db is not None:
                    db.close()
                self._tidy_sides(before)
                if getattr(error, "sqlite_errorcode", None) == _READONLY_ROLLBACK:
                    if attempt == 0 and self._roll_back_journal():
                        continue
                    raise self._journal_problem() from None
                if not _cannot_write(error):
                    raise
            break
        wal = Path(f"{self.path}-wal")
        if _has_content(wal):
            raise self._fail("log_unreadable", log=str(wal), folder=str(self.path.parent))
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)

    def _journal_problem(self) -> StoreError:
        """A -journal beside the file that a read-only look cannot deal with."""
        journal = Path(f"{self.path}-journal")
        if not _is_sqlite_journal(journal):
            return self._fail(
                "journal_foreign", journal=str(journal), backup=f"{journal.name}.damaged"
            )
        return self._fail("journal_pending", journal=str(journal), folder=str(self.path.parent))

    def _roll_back_journal(self) -> bool:
        """Let SQLite undo an interrupted write from its own -journal (what any
        read-write open does); False when that cannot or must not be done here."""
        if not _is_sqlite_journal(Path(f"{self.path}-journal")) or not self._writable():
            return False
        try:
            with contextlib.closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)) as db:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            return False
        return True

    def _inspect(self, *, thorough: bool) -> None:
        """Look at an existing file without changing it: readable, ours, not newer,
        and (when ``thorough``, or when opening it could make SQLite write) intact.

        A read-only connection cannot write to the file, so whatever state the
        file is in, it stays byte-for-byte as it was.
        """
        if self.path.is_dir():
            raise self._fail("is_folder")
        try:
            with self.path.open("rb") as handle:
                handle.read(1)
        except PermissionError:
            raise self._fail("unreadable") from None
        if self.path.stat().st_size == 0:
            self._verified = True
            return  # created by us a moment ago (or just before a crash): a new database
        sides_before = self._sides_before or self._sides_present()
        # Committed writes waiting in the log: closing would fold them into the file.
        # (No log, or one that went away a moment ago: nothing waits.)
        with contextlib.suppress(OSError):
            thorough = thorough or Path(f"{self.path}-wal").stat().st_size > 0
        try:
            db = self._look()
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        try:
            try:
                tables = {
                    row[0]
                    for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                if tables and migrations.MIGRATIONS_TABLE not in tables:
                    raise self._fail("foreign")
                done = migrations.applied(db)
                known = set(migrations.names())
                if any(name not in known for name in done):
                    raise self._fail("newer")
                if thorough or len(done) < len(known):
                    self._verify(db)
            except sqlite3.Error as error:
                raise self._sqlite_error(error) from None
            finally:
                db.close()
        except StoreError:
            # Reading a WAL-mode file makes SQLite create an empty -wal and -shm
            # beside it. Tidy away those we made, so that moving the file aside
            # leaves nothing behind; never anything that was there before, and
            # only when the file is unusable (so no one else is writing to it).
            self._tidy_sides(sides_before)
            raise

    def _verify(self, db: sqlite3.Connection) -> None:
        """The whole file intact (``PRAGMA quick_check``), once per store: before any write."""
        if self._verified:
            return
        try:
            intact = db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        if not intact:
            raise self._corrupt()
        self._verified = True

    @staticmethod
    def _use_wal(db: sqlite3.Connection) -> None:
        # Switching a new database to WAL needs a moment of exclusive access; a
        # second process creating the same database may hold it, so wait a bit.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                busy = _primary_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextlib.contextmanager
    def _transaction(self, change: str = "history") -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in it is stored, or nothing is.

        When it stored something, the run notes ``change`` (``app.changed.<change>``),
        so that a later failure never claims nothing was changed.
        """
        db = self._connect(create=True)
        assert db is not None  # create=True always gives a connection or raises
        self._verify(db)  # a store that has only read so far has not checked the file
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        try:
            before = db.total_changes
            yield db
            db.execute("COMMIT")
            if db.total_changes != before:
                note_change(change)
        except BaseException as error:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._sqlite_error(error) from None
            raise

    @contextlib.contextmanager
    def whole_file_checked(self) -> Iterator[None]:
        """Check every page of the file (``PRAGMA quick_check``) while the body reads,
        and raise a StoreError at its end if the file is damaged: before what it
        holds is shown or handed over, so a damaged history is never shown as fine.

        The check runs on its own read-only connection in a thread (SQLite lets
        go of Python's lock while it works), so for years of data it costs
        little on top of the reading. A file that passed is noted (in the cache
        folder) with its identity, size and change times; until any of those
        changes, which every write does, however it is made, it is not read a
        second time. Nothing is changed; no database: no check.
        """
        db = self._connect(create=False)
        if db is None or self._verified:
            yield
            return
        from stresscheck.adapters.storage.cache import read_note, write_note

        note = f"checked-{zlib.crc32(str(self.path.absolute()).encode()):08x}"
        stamp = self._stamp()
        if stamp is not None and read_note(note) == {"path": str(self.path), "stamp": stamp}:
            yield  # this very file, unchanged, passed the check before
            return
        import threading

        found: list[BaseException | None] = []
        worker = threading.Thread(target=self._check_into, args=(found,), daemon=True)
        worker.start()
        try:
            yield
        except Exception:
            self._join_check(worker)
            if found and isinstance(found[0], StoreError):
                raise found[0] from None  # the damage explains what went wrong reading
            raise
        self._join_check(worker)
        problem = found[0] if found else self._fail("io", error="quick_check")
        if problem is not None:
            if isinstance(problem, StoreError):
                raise problem
            raise self._fail("io", error=str(problem))
        self._verified = True
        if stamp is not None and stamp == self._stamp() and _settled(stamp):
            write_note(note, {"path": str(self.path), "stamp": stamp})

    def _join_check(self, worker: threading.Thread) -> None:
        """Wait for the whole-file check; if the reader closed first, what the
        check's connection left beside a damaged file is tidied now."""
        worker.join()
        if self._db is None:
            self._tidy_if_damaged()

    def _stamp(self) -> list[int] | None:
        """What any change to the file (or to changes waiting in its -wal) alters:
        device, inode, size, modification and change time. None: cannot tell."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        stamp = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]
        try:
            wal = os.stat(f"{self.path}-wal")
        except FileNotFoundError:
            return stamp
        except OSError:
            return None
        if wal.st_size:  # an empty log (made by opening the file) holds nothing
            stamp += [wal.st_size, wal.st_mtime_ns, wal.st_ctime_ns]
        return stamp

    def _check_into(self, found: list[BaseException | None]) -> None:
        """The whole-file check of ``whole_file_checked``: None, or what is wrong."""
        try:
            look = self._look()
            try:
                intact = look.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            finally:
                look.close()
            found.append(None if intact else self._corrupt())
        except sqlite3.Error as error:
            found.append(self._sqlite_error(error))
        except Exception as error:  # a StoreError from looking, an OSError
            found.append(error)

    def schema_version(self) -> int:
        """How many migrations the database has had (0 when there is none yet)."""
        db = self._connect(create=False)
        if db is None:
            return 0
        try:
            return len(migrations.applied(db))
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None

    # --- writing -------------------------------------------------------------------

    @staticmethod
    def _insert_quiz(db: sqlite3.Connection, record: QuizRecord) -> bool:
        row = (*migrations.column_values(record, QUIZ_FIELDS), *migrations.derived_values(record))
        return db.execute(_QUIZ_INSERT, row).rowcount == 1

    @staticmethod
    def _insert_session(db: sqlite3.Connection, record: SessionRecord) -> bool:
        row = migrations.column_values(record, SESSION_FIELDS)
        return db.execute(_SESSION_INSERT, row).rowcount == 1

    def save_quiz(self, record: QuizRecord) -> bool:
        """Store one quiz; False if a record with its id is already there.

        A record that does not have the history's shape is a programming
        error (ValueError), found before anything is written.
        """
        QuizRecord.from_json(record.to_json())
        with self._transaction("quiz") as db:
            return self._insert_quiz(db, record)

    def save_session(self, record: SessionRecord) -> bool:
        """Store one breathing session; False if a record with its id is already there."""
        SessionRecord.from_json(record.to_json())
        with self._transaction("session") as db:
            return self._insert_session(db, record)

    def import_history(self, history: History) -> tuple[int, int]:
        """Add the records whose ids are not stored yet, in one transaction.

        Returns (quizzes added, sessions added): importing the same export
        twice adds nothing the second time. An empty history creates nothing.
        """
        if not history:
            return 0, 0
        with self._transaction() as db:
            quizzes = sum(self._insert_quiz(db, record) for record in history.quizzes)
            sessions = sum(self._insert_session(db, record) for record in history.sessions)
        return quizzes, sessions

    def forget(self) -> bool:
        """Delete the database and its side files; True if there was anything to delete.

        The side files go first: should deleting stop halfway (a read-only
        folder), no stray -wal file is left to be mistaken for part of a new
        database. Works on a damaged file too; that is how a person starts over.
        """
        self.close()
        removed = False
        for candidate in (*(Path(f"{self.path}{suffix}") for suffix in SIDE_SUFFIXES), self.path):
            try:
                candidate.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise self._os_error(error) from None
            removed = True
            if candidate == self.path:
                note_change("forget")
        return removed

    # --- reading -------------------------------------------------------------------

    def history(self) -> History:
        """Every stored quiz and session, oldest first (empty when nothing was saved)."""
        db = self._connect(create=False)
        if db is None:
            return History()
        try:
            db.execute("BEGIN")  # one snapshot for both tables
            try:
                quiz_rows = db.execute(
                    f"SELECT id, {_QUIZ_COLUMNS} FROM quizzes ORDER BY at, id"
                ).fetchall()
                session_rows = db.execute(
                    f"SELECT id, {_SESSION_COLUMNS} FROM sessions ORDER BY at, id"
                ).fetchall()
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as error:
            raise self._sqlite_error(error) from None
        return History(
            quizzes=tuple(self._quiz(row) for row in quiz_rows),
            sessions=tuple(self._session(row) for row in session_rows),
        )

    def _bad_row(self, table: str, row_id: int, problem: RecordError) -> StoreError:
        where = f"{table}[{row_id}]"
        if problem.path[2:]:
            where += "." + format_key_path(problem.path[2:])
        detail = word(f"store.problem.{problem.code}", **problem.fields)
        return self._fail("bad_row", where=where, problem=detail)

    def _quiz(self, row: tuple[Any, ...]) -> QuizRecord:
        here = ("quizzes", row[0])
        try:
            return QuizRecord.from_json(migrations.stored_item(QUIZ_FIELDS, row[1:], here), here)
        except RecordError as problem:
            raise self._bad_row("quizzes", row[0], problem) from None

    def _session(self, row: tuple[Any, ...]) -> SessionRecord:
        here = ("sessions", row[0])
        try:
            item = migrations.stored_item(SESSION_FIELDS, row[1:], here)
            return SessionRecord.from_json(item, here)
        except RecordError as problem:
            raise self._bad_row("sessions", row[0], problem) from None
