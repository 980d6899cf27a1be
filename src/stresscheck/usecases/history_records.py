"""The person's records as a whole: export them, import an export, forget them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.adapters.storage.store import Store
    from stresscheck.core.history import History
    from stresscheck.core.period import Period


@dataclass(frozen=True)
class Exported:
    """An export's text, and how many quizzes and sessions it holds."""

    document: str
    quizzes: int
    sessions: int


def export_history(
    open_store: Callable[[], Store], exporter: Callable[[History], str], period: Period | None
) -> Exported:
    """Everything stored (of ``period``), in the exporter's format.

    What leaves the machine comes from an intact file: it is checked whole
    while the export is made.
    """
    store = open_store()
    with store.whole_file_checked():
        with store:
            records = store.history()
        if period is not None:
            from stresscheck.core.period import within

            records = within(records, period)
        document = exporter(records)
    return Exported(document, len(records.quizzes), len(records.sessions))


@dataclass(frozen=True)
class Imported:
    """How many of an export's quizzes and sessions were added, and how many
    were stored already (nothing is stored twice)."""

    quizzes: int
    sessions: int
    known_quizzes: int
    known_sessions: int

    @property
    def empty(self) -> bool:
        """Whether the export held nothing at all."""
        return not (self.quizzes or self.sessions or self.known_quizzes or self.known_sessions)


def import_history(file: Path, open_store: Callable[[], Store]) -> Imported:
    """Add the records of a JSON export that are not stored yet.

    A bad file is a ContentError before the store is opened: nothing is stored.
    """
    from stresscheck.adapters.sources.export import read_export

    records = read_export(file)
    with open_store() as store:
        quizzes, sessions = store.import_history(records)
    return Imported(
        quizzes, sessions, len(records.quizzes) - quizzes, len(records.sessions) - sessions
    )


@dataclass(frozen=True)
class Forgotten:
    """What ``forget`` did to the database at ``path``: ``deleted`` it, or not
    (there was none: ``existed`` is False; or the person said no). ``counts``:
    how many quizzes and sessions it held (None: it could not be read)."""

    path: Path
    counts: tuple[int, int] | None
    existed: bool
    deleted: bool


def forget_history(
    open_store: Callable[[], OverviewStore],
    confirm: Callable[[Path, tuple[int, int] | None], bool] | None,
) -> Forgotten:
    """Delete the history database, after ``confirm`` (None: asked not to ask).

    A damaged file can be forgotten too: that is how a person starts over.
    """
    from stresscheck.errors import StoreError

    store = open_store()
    counts: tuple[int, int] | None
    try:
        counts = store.counts()
    except StoreError:
        counts = None
    finally:
        store.close()
    if not store.exists():
        return Forgotten(store.path, counts, existed=False, deleted=False)
    if confirm is not None and not confirm(store.path, counts):
        return Forgotten(store.path, counts, existed=True, deleted=False)
    store.forget()
    return Forgotten(store.path, counts, existed=True, deleted=True)
