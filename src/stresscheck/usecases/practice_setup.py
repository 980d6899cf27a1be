"""Set up a practice: install the file a therapist handed out, show it, or remove it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stresscheck.errors import StoreError, note_change

if TYPE_CHECKING:
    from stresscheck.core.practice import Practice


def install_practice(file: Path) -> Practice:
    """Check the practice file and what it names, then keep private copies of them.

    A bad file is a ContentError, and the practice set up before stays.
    """
    from stresscheck.adapters.sources import settings

    practice = settings.install_practice(file)
    note_change("practice")
    return practice


def practice_in_force(practice: Practice | None) -> Practice | None:
    """The practice set up (None: none), or a StoreError when its kept copy
    cannot be read (a note at the start of the run said why)."""
    from stresscheck.adapters.sources import settings

    broken = settings.kept_settings() if practice is None else None
    if broken is not None:
        raise StoreError(key="setup.show_unreadable", path=str(broken))
    return practice


def remove_practice() -> bool:
    """Forget the practice set up; True when there was one."""
    from stresscheck.adapters.sources import settings

    removed = settings.reset_practice()
    if removed:
        note_change("practice_removed")
    return removed
