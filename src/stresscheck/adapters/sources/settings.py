"""The practice a client has set up (``stresscheck setup``), kept under the data home.

``setup`` copies the practice file's contents into ``practice/settings.json``
and the files it names beside it, so that moving the originals changes
nothing. Reading it is a small JSON load on every start (it decides the
language before any help text is shown).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stresscheck.errors import StoreError

if TYPE_CHECKING:
    from stresscheck.adapters.sources.yamlio import LocatedDocument
    from stresscheck.core.practice import PlanDefaults, Practice
    from stresscheck.speech import Words

SETTINGS_FILE = "settings.json"


def load_practice() -> Practice | None:
    """The installed practice, or None when there is none, or when its copy cannot
    be read: a broken copy must not stop someone from using the tool, so a note
    on stderr says so, with the fix, and ``setup --show`` fails (exit 1).

    A symbolic link in place of the folder or one of its files is never
    followed: a StoreError (exit 1) names it. Files open to others are made
    private first, with a note.
    """
    from stresscheck.adapters.paths import practice_dir, secure_practice

    directory = practice_dir()
    if not secure_practice(directory):
        return None
    raw = _settings(directory)
    if raw is None:
        return None
    from stresscheck.core.practice import Practice

    def local(key: str) -> Path | None:
        name = raw.get(key)
        return directory / name if isinstance(name, str) else None

    from stresscheck.core.text import terminal_safe

    def text(key: str) -> str | None:
        value = raw.get(key)
        # The copy could have been edited since setup checked it: safe for a terminal.
        return terminal_safe(value) if isinstance(value, str) else None

    return Practice(
        name=terminal_safe(raw["name"]),
        website=text("website"),
        phone=text("phone"),
        email=text("email"),
        language=text("language"),
        questions=local("questions"),
        exercises=local("exercises"),
        plan=_plan(raw.get("plan")),
    )


def _settings(directory: Path) -> dict[str, Any] | None:
    """The kept settings, or None: none kept, or a copy that cannot be read (told)."""
    from stresscheck.adapters.paths import read_private
    from stresscheck.speech import note

    path = directory / SETTINGS_FILE
    try:
        raw = json.loads(read_private(path).decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raw = None
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        return raw
    note("paths.practice_unreadable", path=str(path))
    return None


def kept_settings() -> Path | None:
    """The practice's settings file, if one is kept (readable or not)."""
    from stresscheck.adapters.paths import practice_dir

    path = practice_dir() / SETTINGS_FILE
    return path if path.exists() else None


def _plan(raw: Any) -> PlanDefaults | None:
    """The practice's default plan from the kept copy, taking only values of the right
    type: the copy could have been edited since setup checked it. Their values are
    checked where the plan is made (``core.plan.choose``), not on every start."""
    from stresscheck.core.practice import PlanDefaults
    from stresscheck.core.text import terminal_safe

    if not isinstance(raw, dict):
        return None

    def text(key: str) -> str | None:
        value = raw.get(key)
        return terminal_safe(value) if isinstance(value, str) and value else None

    def whole(key: str) -> int | None:
        value = raw.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return PlanDefaults(
        exercise=text("exercise"),
        at=text("at"),
        weeks=whole("weeks"),
        recheck_weeks=whole("recheck_weeks"),
    )


def _copy_name(kind: str) -> str:
    return f"{kind}.yaml"


def check_practice(
    source: Path, document: LocatedDocument | None = None
) -> tuple[Practice, dict[str, bytes]]:
    """The practice file ``source`` (already read: ``document``) and the files it
    names, all checked: the practice, and the bytes of the questionnaire and
    exercises files by kind.

    ``validate`` and ``setup`` both check this way; a mistake in any of the
    files raises ContentError naming that file.
    """
    from stresscheck.adapters.paths import packaged_data
    from stresscheck.adapters.sources import files, validation
    from stresscheck.adapters.sources.problems import display_name

    if document is None:
        document = files.load_document(source)
    practice = validation.parse_practice(document, source)
    exercise_ids = [e.id for e in files.load_exercises(packaged_data("exercises.yaml"))]
    copies: dict[str, bytes] = {}
    if practice.exercises is not None:
        raw = files.read_bytes(practice.exercises)
        name = display_name(practice.exercises)
        parsed = validation.parse_exercises(files.parse_document(raw, name), name)
        exercise_ids += [exercise.id for exercise in parsed]
        copies["exercises"] = raw
    validation.check_plan_exercise(practice, document, display_name(source), exercise_ids)
    if practice.questions is not None:
        raw = files.read_bytes(practice.questions)
        name = display_name(practice.questions)
        validation.parse_questionnaire(files.parse_document(raw, name), name, exercise_ids)
        copies["questions"] = raw
    return practice, copies


def install_practice(source: Path) -> Practice:
    """Validate a practice file and the files it names, then keep private copies.

    Everything is checked before anything is written, and the settings file is
    replaced last and atomically: a bad practice file never changes the
    practice that was set up before.
    """
    from stresscheck.adapters.paths import (
        data_home,
        practice_dir,
        private_dir,
        secure_practice,
        write_private_file,
    )

    practice, copies = check_practice(source)
    directory = practice_dir()
    settings: dict[str, Any] = {
        "name": practice.name,
        "website": practice.website,
        "phone": practice.phone,
        "email": practice.email,
        "language": practice.language,
        "source": str(source.resolve()),
    }
    if practice.plan is not None:
        settings["plan"] = practice.plan._asdict()
    secure_practice(directory)  # a link in the way: refused before anything is written
    try:
        private_dir(data_home())
        private_dir(directory)
        for kind, raw in copies.items():
            write_private_file(directory / _copy_name(kind), raw)
            settings[kind] = _copy_name(kind)
        text = json.dumps(settings, ensure_ascii=False, indent=2)
        write_private_file(directory / SETTINGS_FILE, text.encode("utf-8"))
    except OSError as error:
        raise StoreError(
            key="setup.write_failed", path=directory, reason=error.strerror or error
        ) from None
    for kind in ("questions", "exercises"):
        if kind not in copies:  # left over from an earlier practice
            with contextlib.suppress(OSError):
                (directory / _copy_name(kind)).unlink()
    installed = load_practice()
    assert installed is not None
    return installed


def reset_practice() -> bool:
    """Forget the practice; True when there was one."""
    from stresscheck.adapters.paths import practice_dir

    directory = practice_dir()
    if not directory.exists():
        return False
    try:
        import shutil

        shutil.rmtree(directory)
    except OSError as error:
        raise StoreError(
            key="setup.write_failed", path=directory, reason=error.strerror or error
        ) from None
    return True


def describe(practice: Practice | None) -> list[Words]:
    """What is set up, as lines for ``setup --show`` (worded where they are shown)."""
    from stresscheck.speech import Words

    if practice is None:
        return [Words("setup.none")]
    lines = [Words("setup.practice", name=practice.name)]
    for key in ("website", "phone", "email"):
        value = getattr(practice, key)
        if value:
            label = Words(f"advice.physiotherapy.{key}")
            lines.append(Words("setup.line", label=label, value=value))
    if practice.language:
        lines.append(Words("setup.language", value=practice.language))
    lines.append(Words("setup.questions", value=practice.questions or Words("setup.builtin")))
    lines.append(Words("setup.exercises", value=practice.exercises or Words("setup.builtin")))
    if practice.plan is not None:
        given = {key: value for key, value in practice.plan._asdict().items() if value is not None}
        if given:  # as the practice file writes it: the therapist reads it back
            shown = ", ".join(f"{key}: {value}" for key, value in given.items())
            lines.append(Words("plan.setup_show", value=shown))
    return lines
