"""Whom to contact: the Dutch services the advice names, as facts.

Names and notes are texts (the message catalogue, ``contact.*``); numbers and
websites are facts and live here, once. The practice is the one set up with
``stresscheck setup``, else physiotherapy in general.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from stresscheck.core.questionnaire import ContactKind

Translate = Callable[..., str]


class Service(NamedTuple):
    """How to reach one kind of help."""

    phone: str | None = None
    website: str | None = None


SERVICES: Mapping[ContactKind, Service] = {
    "emergency": Service(phone="112"),
    "crisis": Service(phone="113", website="https://www.113.nl"),
    "gp": Service(),
    "gp_out_of_hours": Service(),
    "practice": Service(),
}


def contact_entries(
    kinds: Iterable[ContactKind],
    translate: Translate,
    practice: Mapping[str, str | None] | None = None,
) -> list[dict[str, str | None]]:
    """The contract's ``advice.contacts`` items, in the order given."""
    entries = []
    for kind in kinds:
        service = SERVICES[kind]
        entry: dict[str, str | None] = {
            "kind": kind,
            "name": translate(f"contact.name.{kind}"),
            "phone": service.phone,
            "website": service.website,
            "email": None,
            "note": translate(f"contact.note.{kind}"),
        }
        if kind == "practice" and practice and practice.get("name"):
            entry.update(
                name=practice["name"],
                phone=practice.get("phone"),
                website=practice.get("website"),
                email=practice.get("email"),
                note=None,
            )
        entries.append(entry)
    return entries
