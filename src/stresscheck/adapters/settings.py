"""The practice a client has set up (``stresscheck setup``), kept under the data home.

``setup`` copies the practice file's contents into ``practice/settings.json``
and the files it names beside it, so that moving the originals changes
nothing. Reading it is a small JSON load on every start (it decides the
language before any help text is shown).
"""

from __future__ import annotations

import json
from pathlib import Path

from stresscheck.core.practice import Practice

SETTINGS_FILE = "settings.json"


def practice_dir() -> Path:
    """Where the installed practice's files are kept."""
    from stresscheck.adapters.paths import data_home

    return data_home() / "practice"


def load_practice() -> Practice | None:
    """The installed practice, or None when there is none (or it cannot be read:
    a broken copy must not stop someone from using the tool; ``setup --show`` tells)."""
    directory = practice_dir()
    try:
        raw = json.loads((directory / SETTINGS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        return None

    def local(key: str) -> Path | None:
        name = raw.get(key)
        return directory / name if isinstance(name, str) else None

    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else None

    return Practice(
        name=raw["name"],
        website=text("website"),
        phone=text("phone"),
        email=text("email"),
        language=text("language"),
        questions=local("questions"),
        exercises=local("exercises"),
    )
