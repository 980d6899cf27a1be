"""What ``breathe`` and ``exercises`` do, once their options are parsed.

Kept apart from ``commands/breathe.py`` (the Typer signatures) so that building
the command line imports none of this, and running a command imports only what
it uses: the session machinery and rich are loaded when a session starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from stresscheck.core.breathing import (
    CALM_MAX_BREATHS_PER_MINUTE,
    CALM_MAX_PAUSE_SECONDS,
    BreathingValueError,
    Exercise,
    ScheduledPhase,
    caution_keys,
    concerns,
    cycles_for,
    format_seconds,
    parse_pattern,
    schedule,
    session_seconds,
)
from stresscheck.core.text import LocalText
from stresscheck.errors import EXIT_INTERRUPTED, EXIT_OK, StresscheckError, UsageError
from stresscheck.i18n import Translator

if TYPE_CHECKING:
    from datetime import datetime

    from stresscheck.adapters.clock import Clock
    from stresscheck.adapters.pacer import PhaseCallback, SessionOutcome, TickCallback
    from stresscheck.context import AppContext
    from stresscheck.core.history import QuizRecord
    from stresscheck.core.questionnaire import Questionnaire

DEFAULT_EXERCISE = "resonance"
# Offered instead of an exercise with breath holds or an extra in-breath when
# breathing is a complaint.
NO_HOLD_EXERCISE = "extended_exhale"
# Below this many columns the exercises are listed as blocks, not as a table.
NARROW = 64
# A short pause before the first breath in the animated view, to settle in.
LEAD_IN_SECONDS = 3.0


@dataclass(frozen=True)
class BreatheOptions:
    """Everything ``breathe`` can be asked; the quiz uses the defaults."""

    exercise: str | None = None
    minutes: float | None = None
    cycles: int | None = None
    pattern: str | None = None
    plain: bool = False
    bell: bool = False
    rate: bool = True
    save: bool = True
    exercises_file: Path | None = None


class LibraryEntry:
    """An exercise and where it came from (None: built in)."""

    __slots__ = ("exercise", "source")

    def __init__(self, exercise: Exercise, source: str | None) -> None:
        self.exercise = exercise
        self.source = source


# --------------------------------------------------------------------------- library


def load_library(ctx: AppContext, override: Path | None) -> dict[str, LibraryEntry]:
    """Every exercise in force, by id, with its source file; later files win."""
    from stresscheck.adapters.sources.files import load_exercises
    from stresscheck.adapters.sources.problems import display_name

    built_in = ctx.exercises_paths(None)[0]
    library: dict[str, LibraryEntry] = {}
    for path in ctx.exercises_paths(override):
        source = None if path == built_in else display_name(path)
        for exercise in load_exercises(path, ctx.t):
            library[exercise.id] = LibraryEntry(exercise, source)
    return library


def unknown_exercise(t: Translator, name: str, ids: list[str]) -> UsageError:
    """The usage error for an id that is not in the library, listing the valid ones."""
    return UsageError(t("breathe.error.unknown_exercise", id=name, ids=", ".join(ids)))


def latest_quiz(ctx: AppContext) -> QuizRecord | None:
    """The most recent quiz in the history, if any (and if history can be read)."""
    from stresscheck.adapters.storage.store import Store
    from stresscheck.errors import StoreError

    try:
        with Store.open(t=ctx.t) as store:
            quizzes = store.history().quizzes
    except StoreError:
        # A damaged history must not stand between a person and a calm breath;
        # saving afterwards reports the problem properly.
        return None
    return quizzes[-1] if quizzes else None


def breathing_complaints(questionnaire: Questionnaire | None, quiz: QuizRecord | None) -> bool:
    """Whether ``quiz`` scored a breathing area above its lowest level.

    The questionnaire says which areas are about breathing (``breathing: true``
    on a domain) and what their lowest band is. A quiz taken with another
    questionnaire cannot be read that way: then there is no warning.
    """
    if questionnaire is None or quiz is None or quiz.questionnaire_id != questionnaire.id:
        return False
    for domain in questionnaire.domains:
        if not domain.breathing:
            continue
        stored = quiz.domains.get(domain.id)
        level = stored.get("level") if stored is not None else None
        if level in domain.levels[1:]:
            return True
    return False


def questionnaire_in_use(ctx: AppContext) -> Questionnaire | None:
    """The practice's or the default questionnaire (from the cache once validated);
    None when it cannot be read, which must not stand between a person and a breath."""
    try:
        return ctx.load_questionnaire(None, None)
    except StresscheckError:
        return None


def needs_care(exercise: Exercise) -> str | None:
    """What in an exercise asks for care with breathing complaints (a catalogue
    section: ``holds`` or ``extra_inhale``), or None."""
    if exercise.has_holds:
        return "holds"
    if exercise.has_extra_inhale:
        return "extra_inhale"
    return None


def localised(t: Translator, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Message fields with numbers written as the language writes them (``5,5``)."""
    mark = t("breathe.decimal_mark")
    return {
        key: format_seconds(value, mark) if isinstance(value, float) else value
        for key, value in fields.items()
    }


def usage_error(t: Translator, error: BreathingValueError) -> UsageError:
    """A core value error as the usage error a person reads."""
    return UsageError(t(error.key, **localised(t, error.fields)))


def choose_exercise(
    ctx: AppContext,
    options: BreatheOptions,
    library: Mapping[str, LibraryEntry],
    advised: str | None = None,
) -> Exercise:
    """The named exercise, the ad-hoc pattern, the advised one, or the default."""
    t = ctx.t
    ids = sorted(library)
    if options.pattern is not None:
        if options.exercise is not None:
            raise UsageError(t("breathe.error.pattern_and_exercise"))
        try:
            exercise = parse_pattern(options.pattern)
        except BreathingValueError as error:
            raise usage_error(t, error) from None
        title = t("breathe.pattern_title", pattern=exercise.title.get(t.lang))
        cautions = "\n".join(t(key) for key in caution_keys(exercise))
        return replace(exercise, title=LocalText.plain(title), cautions=LocalText.plain(cautions))
    if options.exercise is not None:
        entry = library.get(options.exercise)
        if entry is None:
            raise unknown_exercise(t, options.exercise, ids)
        return entry.exercise
    for candidate in (advised, DEFAULT_EXERCISE):
        if candidate is not None and candidate in library:
            return library[candidate].exercise
    if not library:  # pragma: no cover - the built-in file always has exercises
        raise unknown_exercise(t, DEFAULT_EXERCISE, ids)
    return library[ids[0]].exercise


def offer_no_holds(
    ctx: AppContext,
    exercise: Exercise,
    library: Mapping[str, LibraryEntry],
    *,
    typed: bool = False,
) -> Exercise:
    """Breath holds and an extra in-breath can feel tight with breathing complaints:
    say so, and offer the exercise without them (in a terminal; elsewhere the
    warning is enough). ``typed``: the exercise is the person's own ``--pattern``."""
    t = ctx.t
    care = needs_care(exercise)
    if care is None:
        return exercise
    alternative = library.get(NO_HOLD_EXERCISE)
    talk = sys.stderr
    title = exercise.title.get(t.lang)
    # A typed rhythm has no name to quote, and only holds can need care in one.
    warning = "breathe.holds.warning_pattern" if typed else f"breathe.{care}.warning"
    _say(talk, t(warning, title=title))
    if alternative is None or alternative.exercise == exercise or not ctx.stdin_is_terminal:
        return exercise
    talk.write(t(f"breathe.{care}.offer", title=alternative.exercise.title.get(t.lang)) + " ")
    talk.flush()
    answer = sys.stdin.readline()
    from stresscheck.commands.options import is_yes

    if is_yes(answer, t, default=True):
        return alternative.exercise
    return exercise


def confirm_rhythm(ctx: AppContext, exercise: Exercise) -> bool:
    """A typed rhythm that is fast or holds long: say why, and ask to go on.

    True: go on (nothing to ask, or yes). False: the person said no (or gave
    no answer). Without a terminal nobody can answer: a usage error that says
    how to slow the rhythm.
    """
    t = ctx.t
    found = concerns(exercise)
    if not found:
        return True
    talk = sys.stderr
    for concern in found:
        _say(talk, t(concern.key, **localised(t, concern.fields)))
    if not ctx.stdin_is_terminal:
        calm = {"bpm": CALM_MAX_BREATHS_PER_MINUTE, "seconds": CALM_MAX_PAUSE_SECONDS}
        raise UsageError(t("breathe.confirm.no_terminal", **localised(t, calm)))
    talk.write(t("breathe.confirm.question") + " ")
    talk.flush()
    answer = sys.stdin.readline()
    from stresscheck.commands.options import is_yes

    if is_yes(answer, t, default=False):
        _say(talk, "")
        return True
    if not answer.endswith("\n"):
        _say(talk, "")  # end the prompt's line (end of input)
    _say(talk, t("breathe.confirm.declined"))
    return False


# --------------------------------------------------------------------------- breathe


def animated_output(options: BreatheOptions) -> bool:
    """Animate only on a real terminal, and never when plain output was asked for."""
    if options.plain or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout is not None and sys.stdout.isatty()


def run_breathe(ctx: AppContext, options: BreatheOptions, clock: Clock | None = None) -> int:
    """Run one breathing session from start to summary; returns the exit code.

    Ctrl-C during the session ends it cleanly (exit 130) and keeps it in the
    history as interrupted; Ctrl-C before it starts saves nothing.
    """
    from stresscheck.adapters.clock import SystemClock
    from stresscheck.adapters.pacer import SessionInterrupted, SessionOutcome
    from stresscheck.adapters.ui import breath_view as view

    t = ctx.t
    clock = clock if clock is not None else SystemClock()
    library = load_library(ctx, options.exercises_file)
    latest = latest_quiz(ctx)
    advised = latest.advice.get("exercise") if latest else None
    chosen = exercise = choose_exercise(ctx, options, library, advised)
    typed = options.pattern is not None
    try:
        # The questionnaire is read only when it matters: this keeps the start quick.
        if (
            needs_care(exercise)
            and latest is not None
            and breathing_complaints(questionnaire_in_use(ctx), latest)
        ):
            exercise = offer_no_holds(ctx, exercise, library, typed=typed)
        if typed and exercise is chosen and not confirm_rhythm(ctx, exercise):
            return EXIT_OK
    except KeyboardInterrupt:
        _say(sys.stderr, "")
        return EXIT_INTERRUPTED
    try:
        cycles = cycles_for(exercise, minutes=options.minutes, cycles=options.cycles)
    except BreathingValueError as error:
        raise usage_error(t, error) from None
    timetable = schedule(exercise, cycles)
    title = exercise.title.get(t.lang)
    animated = animated_output(options)
    talk = sys.stderr
    ask = options.rate and ctx.stdin_is_terminal

    if animated:
        _say(talk, view.intro_line(t, title, timetable))
    cautions = exercise.cautions.get(t.lang).strip()
    if cautions:
        _say(talk, t("breathe.cautions_heading"))
        width = _wrap_width(talk) if animated else None
        for caution in cautions.splitlines():
            _say(talk, _bulleted(caution.strip(), width))
    if animated or cautions:
        _say(talk, "")

    try:
        before = view.ask_tension(t, "before") if ask else None
    except KeyboardInterrupt:
        _say(talk, "")
        return EXIT_INTERRUPTED

    bell = view.BellSignal(view.bell_stream()) if options.bell else None
    started_at = clock.now()
    interrupted = False
    if animated:
        console = ctx.console()
        try:
            with (
                view.quiet_terminal(),
                view.LiveView(console, t, title, timetable, bell) as live,
            ):
                live.lead_in(clock, LEAD_IN_SECONDS)
                started_at = clock.now()
                outcome = _run(timetable, clock, live.on_phase, live.on_tick, view.FRAME_INTERVAL)
        except SessionInterrupted as stop:
            outcome, interrupted = stop.outcome, True
        except KeyboardInterrupt:  # during the lead-in: nothing had begun
            outcome, interrupted = SessionOutcome(0, 0.0, False), True
        out = sys.stdout
    else:
        plain = view.PlainView(sys.stdout, t, bell)
        plain.line(view.intro_line(t, title, timetable))
        if options.plain and sys.stdout.isatty():
            # A screen reader is still reading the cautions: the animated view's
            # calm lead-in, announced in a line, before the first breath.
            plain.line(t("breathe.plain_lead_in", seconds=round(LEAD_IN_SECONDS)))
            clock.sleep(LEAD_IN_SECONDS)
        try:
            outcome = _run(timetable, clock, plain.on_phase, plain.on_tick, view.BELL_GAP)
        except SessionInterrupted as stop:
            outcome, interrupted = stop.outcome, True
        out = sys.stdout

    for line in view.summary_lines(t, outcome, cycles):
        _say(out, line)
    after = None
    if ask and not interrupted:
        try:
            after = view.ask_tension(t, "after")
        except KeyboardInterrupt:
            _say(talk, "")
            interrupted = True
        if before is not None and after is not None:
            _say(out, t("breathe.summary.tension", before=before, after=after))

    if options.save and outcome.phases_started > 0:
        _save(ctx, exercise, timetable, outcome, started_at, before, after)
        if not interrupted:
            rated = before is not None or after is not None  # else no tension to follow
            _say(talk, t("breathe.summary.saved" if rated else "breathe.summary.saved_unrated"))
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


def _run(
    timetable: Sequence[ScheduledPhase],
    clock: Clock,
    on_phase: PhaseCallback,
    on_tick: TickCallback | None,
    interval: float,
) -> SessionOutcome:
    from stresscheck.adapters.pacer import run_session

    return run_session(timetable, clock, on_phase, on_tick, tick_interval=interval)


def _wrap_width(stream: TextIO) -> int | None:
    """The terminal's width when ``stream`` is one (None: do not wrap)."""
    if not stream.isatty():
        return None
    import shutil

    return max(20, shutil.get_terminal_size().columns - 1)


def _bulleted(text: str, width: int | None) -> str:
    """``  • text``, wrapped at word boundaries under its own first word when
    ``width`` is given (a terminal), else one line per paragraph (plain output)."""
    bullet = "  • "
    if width is None:
        return bullet + text
    import textwrap

    return textwrap.fill(
        text,
        width,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _say(stream: TextIO, text: str) -> None:
    """One line, flushed at once, so it shows before the next wait."""
    stream.write(text + "\n")
    stream.flush()


def _save(
    ctx: AppContext,
    exercise: Exercise,
    timetable: Sequence[ScheduledPhase],
    outcome: SessionOutcome,
    started_at: datetime,
    before: int | None,
    after: int | None,
) -> None:
    """Keep the session in the history (interrupted ones too, marked so)."""
    from stresscheck.adapters.storage.store import Store
    from stresscheck.core.history import SessionRecord, new_uid

    record = SessionRecord(
        uid=new_uid(),
        at=started_at,
        exercise_id=exercise.id,
        planned_seconds=round(session_seconds(timetable), 3),
        actual_seconds=round(outcome.actual_seconds, 3),
        cycles_planned=timetable[-1].cycle + 1 if timetable else 0,
        cycles_completed=outcome.cycles_completed,
        completed=outcome.completed,
        tension_before=before,
        tension_after=after,
    )
    with Store.open(t=ctx.t) as store:
        store.save_session(record)


# --------------------------------------------------------------------------- exercises


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


def list_exercises(ctx: AppContext, override: Path | None, *, as_json: bool) -> None:
    """``stresscheck exercises``: a table, or JSON for programs."""
    t = ctx.t
    library = load_library(ctx, override)
    if as_json:
        import json

        items = [exercise_json(t, entry) for entry in library.values()]
        sys.stdout.write(json.dumps({"exercises": items}, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    console = ctx.console()
    if console.width < NARROW:
        # A table this narrow folds every cell; a short block per exercise reads better.
        console.print(Text(t("exercises.title"), style="bold"))
        for entry in library.values():
            exercise = entry.exercise
            console.print()
            name = Text(exercise.title.get(t.lang))
            name.append(f" ({exercise.id})", style="cyan")
            console.print(name)
            details = [
                rhythm_text(t, exercise),
                t("exercises.show.per_minute", bpm=per_minute_text(t, exercise)),
                default_length_text(t, exercise),
            ]
            if entry.source:
                details.append(f"{t('exercises.column.source')} {Path(entry.source).name}")
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
    for entry in library.values():
        exercise = entry.exercise
        name = Text(exercise.title.get(t.lang))
        name.append("\n" + exercise.id, style="cyan")
        if entry.source:
            # The file's name is enough to tell sources apart; JSON has the path.
            source = Path(entry.source).name
            name.append(f"\n{t('exercises.column.source')} {source}", style="dim")
        table.add_row(
            name,
            Text(rhythm_text(t, exercise)),
            Text(per_minute_text(t, exercise)),
            Text(default_length_text(t, exercise)),
        )
    console.print(Text(t("exercises.title"), style="bold"))
    console.print(table)
    console.print(Text(t("exercises.hint"), style="dim"))


def show_exercise(
    ctx: AppContext, exercise_id: str, override: Path | None, *, as_json: bool
) -> None:
    """``stresscheck exercises show ID``: one exercise in full."""
    t = ctx.t
    library = load_library(ctx, override)
    entry = library.get(exercise_id)
    if entry is None:
        raise unknown_exercise(t, exercise_id, sorted(library))
    if as_json:
        import json

        sys.stdout.write(
            json.dumps(exercise_json(t, entry, full=True), ensure_ascii=False, indent=2) + "\n"
        )
        return
    from rich.text import Text

    exercise = entry.exercise
    lang = t.lang
    console = ctx.console()
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
