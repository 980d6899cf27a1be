"""``stresscheck exercises``: the exercises in force as a table (or blocks in a
narrow window), one exercise in full, and both as JSON for programs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stresscheck.core.breathing import Exercise, cycles_for, format_seconds

if TYPE_CHECKING:
    from stresscheck.adapters.ui.output import Output
    from stresscheck.i18n import Translator

# Below this many columns the exercises are listed as blocks, not as a table.
NARROW = 64


class LibraryEntry(NamedTuple):
    """An exercise and the file it came from (None: built in)."""

    exercise: Exercise
    source: str | None


def rhythm_text(t: Translator, exercise: Exercise) -> str:
    """``4 in · 7 hold · 8 out`` in the chosen language."""
    mark = t("breathe.decimal_mark")
    return " · ".join(
        t(f"exercises.rhythm_part.{phase.kind}", seconds=format_seconds(phase.seconds, mark))
        for phase in exercise.phases
    )


def per_minute_text(t: Translator, exercise: Exercise) -> str:
    """Breaths per minute with one decimal at most (``5.5``, ``6``)."""
    return format_seconds(round(exercise.breaths_per_minute, 1), t("breathe.decimal_mark"))


def length_text(t: Translator, exercise: Exercise) -> str:
    """``5 min 8 s (28 cycles)``: what a session without options lasts."""
    from stresscheck.adapters.ui import breath_view as view

    cycles = cycles_for(exercise)
    return t(
        "exercises.length",
        duration=view.duration_text(t, cycles * exercise.cycle_seconds),
        cycles=view.cycles_text(t, cycles),
    )


def default_length_text(t: Translator, exercise: Exercise) -> str:
    """The length as the exercise states it: ``5 min``, or ``4 cycles``."""
    from stresscheck.adapters.ui import breath_view as view

    if exercise.default_cycles is not None:
        return view.cycles_text(t, exercise.default_cycles)
    return view.duration_text(t, exercise.default_minutes * 60)


def exercise_json(t: Translator, entry: LibraryEntry, full: bool = False) -> dict[str, Any]:
    """One exercise as JSON: id, title, phases, cycle seconds and more."""
    exercise = entry.exercise
    item: dict[str, Any] = {
        "id": exercise.id,
        "title": exercise.title.get(t.lang),
        "phases": [{"kind": p.kind, "seconds": p.seconds} for p in exercise.phases],
        "cycle_seconds": exercise.cycle_seconds,
        "breaths_per_minute": round(exercise.breaths_per_minute, 3),
        "has_holds": exercise.has_holds,
        "default_minutes": exercise.default_minutes,
        "default_cycles": cycles_for(exercise),
        "source": entry.source or "built-in",
    }
    if full:
        item["description"] = exercise.description.get(t.lang)
        item["suits"] = exercise.suits.get(t.lang)
        cautions = exercise.cautions.get(t.lang)
        item["cautions"] = [c.strip() for c in cautions.splitlines() if c.strip()]
    return item


def show_list(out: Output, t: Translator, entries: Iterable[LibraryEntry]) -> None:
    """Every exercise: a table, or a short block each in a narrow window."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = out.screen
    if console.width < NARROW:
        # A table this narrow folds every cell; a short block per exercise reads better.
        console.print(Text(t("exercises.title"), style="bold"))
        for exercise, source in entries:
            console.print()
            name = Text(exercise.title.get(t.lang))
            name.append(f" ({exercise.id})", style="cyan")
            console.print(name)
            details = [
                rhythm_text(t, exercise),
                t("exercises.show.per_minute", bpm=per_minute_text(t, exercise)),
                default_length_text(t, exercise),
            ]
            if source:
                details.append(f"{t('exercises.column.source')} {Path(source).name}")
            console.print(Padding(Text(" · ".join(details)), (0, 0, 0, 2)))
        console.print()
        console.print(Text(t("exercises.hint"), style="dim"))
        return
    # Title and id share a column (the id beneath, as it is typed), which keeps
    # the table within 80 columns.
    table = Table(box=None, header_style="bold", padding=(0, 1), show_edge=False)
    # Ids fold rather than end in "…": a person must be able to type them.
    table.add_column(t("exercises.column.title"), overflow="fold")
    table.add_column(t("exercises.column.rhythm"))
    table.add_column(t("exercises.column.per_minute"), justify="right", max_width=12)
    table.add_column(t("exercises.column.length"), max_width=10)
    for exercise, source in entries:
        name = Text(exercise.title.get(t.lang))
        name.append("\n" + exercise.id, style="cyan")
        if source:
            # The file's name is enough to tell sources apart; JSON has the path.
            name.append(f"\n{t('exercises.column.source')} {Path(source).name}", style="dim")
        table.add_row(
            name,
            Text(rhythm_text(t, exercise)),
            Text(per_minute_text(t, exercise)),
            Text(default_length_text(t, exercise)),
        )
    console.print(Text(t("exercises.title"), style="bold"))
    console.print(table)
    console.print(Text(t("exercises.hint"), style="dim"))


def show_one(out: Output, t: Translator, exercise: Exercise) -> None:
    """One exercise in full: what it is, its rhythm and length, its cautions."""
    from rich.text import Text

    console, lang = out.screen, t.lang
    # Texts from files go in as Text, so "[brackets]" in them are not rich markup.
    console.print(Text(exercise.title.get(lang), style="bold"))
    if exercise.description:
        console.print(Text(exercise.description.get(lang)))
    console.print()
    console.print(Text(f"{t('exercises.show.rhythm')}: {rhythm_text(t, exercise)}"))
    console.print(Text(t("exercises.show.per_minute", bpm=per_minute_text(t, exercise))))
    console.print(Text(f"{t('exercises.show.length')}: {length_text(t, exercise)}"))
    if exercise.suits:
        console.print(Text(f"{t('exercises.show.suits')}: {exercise.suits.get(lang)}"))
    cautions = [c.strip() for c in exercise.cautions.get(lang).splitlines() if c.strip()]
    if cautions:
        console.print()
        console.print(Text(t("exercises.show.cautions"), style="bold"))
        for caution in cautions:
            console.print(Text(f"  • {caution}"))
    console.print()
    console.print(Text(t("exercises.show.start", id=exercise.id), style="dim"))
