"""Check a file: a questionnaire, exercises or practice file, as its author writes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Checked:
    """A valid file: its ``kind`` (questionnaire, exercises, practice) and its
    ``name`` as the person reads it."""

    kind: str
    name: str


def check_file(file: str, exercise_ids: Callable[[], list[str]]) -> Checked:
    """Check any of the three kinds of file; a mistake raises ContentError.

    Always validated afresh (never from the cache): this is the author's check.
    A questionnaire may name the exercises whose ids ``exercise_ids`` gives.
    """
    from stresscheck.adapters.sources import files, validation
    from stresscheck.adapters.sources.problems import display_name
    from stresscheck.errors import ContentError
    from stresscheck.speech import Words

    name = display_name(file)
    document = files.load_document(file)
    kind = validation.detect_kind(document.data)
    if kind == "questionnaire":
        validation.parse_questionnaire(document, name, exercise_ids())
    elif kind == "exercises":
        validation.parse_exercises(document, name)
    elif kind == "practice":
        from stresscheck.adapters.sources.settings import check_practice

        check_practice(Path(file), document)  # as setup checks it, with what it names
    else:
        raise ContentError([Words("files.unknown_kind", file=name)])
    return Checked(kind, name)
