"""Look back: what ``history`` shows, every record (``--json``) or the overview.

The whole file is checked while it is read (``Store.whole_file_checked``):
a damaged history is never shown as fine. The overview reads the newest
records in full and sums of the others; ``--json`` and ``--all`` read every
record in full (the Store's careful read).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.body_map import PlaceCount
    from stresscheck.core.history import History
    from stresscheck.core.labels import Labels
    from stresscheck.core.overview import Overview, OverviewParts
    from stresscheck.core.questionnaire import InsightSettings

# How things are named, and the insight's thresholds, from the files in force.
Names = Callable[[], "tuple[Labels, InsightSettings]"]


class HistorySummary(NamedTuple):
    """The ``overview`` (None: nothing is stored), named by ``labels``, and how
    many places each check marked on the body map, oldest first."""

    labels: Labels
    overview: Overview | None = None
    places: tuple[PlaceCount, ...] = ()


def stored() -> bool:
    """Whether there is a database to read (in doubt: yes, and the store says what is wrong)."""
    from stresscheck.adapters.paths import database_path

    try:
        return database_path().exists()
    except OSError:
        return True


def every_record(open_store: Callable[[], OverviewStore]) -> History:
    """Every stored record, from a file checked whole."""
    store = open_store()
    with store.whole_file_checked(), store:
        return store.history()


def summarise_history(
    open_store: Callable[[], OverviewStore], names: Names, bare: Labels, *, show_all: bool
) -> HistorySummary:
    """The overview of the stored history (``show_all``: of every record in full).

    ``bare`` names things when there is nothing to name: then the
    questionnaire and exercises in force are not loaded (``names``).
    """
    if not (show_all or stored()):
        return HistorySummary(bare)
    from stresscheck.core.body_map import counts_of_records
    from stresscheck.core.overview import RECENT, assemble, overview_parts

    store = open_store()
    with store.whole_file_checked():
        parts: OverviewParts
        try:
            if show_all:
                records = store.history()
                recent = max(len(records.quizzes), len(records.sessions))
                parts = overview_parts(records, recent=recent, chart_points=0)
            else:
                parts = store.overview_parts(recent=RECENT, chart_points=0)
        finally:
            store.close()
        if not (parts.quizzes or parts.sessions):
            return HistorySummary(bare, assemble(parts, None))
        labels, thresholds = names()
        places: list[PlaceCount] = []
        if show_all:
            places = counts_of_records(records.quizzes, thresholds.body_map)
        elif parts.quizzes:
            with store:  # one more query, on the file that is being checked
                places = store.place_counts(thresholds.body_map)
        return HistorySummary(labels, assemble(parts, thresholds), tuple(places))
