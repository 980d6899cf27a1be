"""The practice a therapist hands out: who they are and how to reach them."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class PlanDefaults(NamedTuple):
    """A practice's default for ``stresscheck plan`` (the practice file's ``plan:``).

    Every field is optional: what is left out comes from the command line or
    the built-in defaults. ``at`` is kept as written (``HH:MM``) and read by
    ``core.plan.parse_time`` like ``--at``.
    """

    exercise: str | None = None
    at: str | None = None
    weeks: int | None = None
    recheck_weeks: int | None = None


class Practice(NamedTuple):
    """A practice's details and the files it provides, resolved to absolute paths."""

    name: str
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str | None = None
    questions: Path | None = None
    exercises: Path | None = None
    plan: PlanDefaults | None = None

    def contact(self) -> dict[str, str | None]:
        """The practice as the ``advice.contact`` object of the JSON output."""
        return {
            "name": self.name,
            "website": self.website,
            "phone": self.phone,
            "email": self.email,
        }
