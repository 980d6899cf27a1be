"""A breathing session: choosing the exercise, the session on the given clock,
the tension ratings, and keeping it in the history.

Its collaborators: the exercises in force, the history (``SessionStore``), the
clock, the talk with the person (``Talk``: warnings, questions, ratings) and
the screen the session is shown on (``SessionScreen``), both in ``adapters/ui``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from stresscheck.core.breathing import BreathingValueError, Exercise
from stresscheck.errors import Interrupted, StresscheckError, UsageError
from stresscheck.speech import word

if TYPE_CHECKING:
    from datetime import datetime

    from stresscheck.adapters.clock import Clock
    from stresscheck.adapters.pacer import SessionOutcome
    from stresscheck.adapters.ui.session_screen import SessionScreen, Talk
    from stresscheck.core.breathing import ScheduledPhase
    from stresscheck.core.history import QuizRecord, SessionRecord
    from stresscheck.core.questionnaire import Questionnaire

DEFAULT_EXERCISE = "resonance"
# Offered instead of an exercise with breath holds or an extra in-breath when
# breathing is a complaint.
NO_HOLD_EXERCISE = "extended_exhale"


@dataclass(frozen=True)
class Wanted:
    """What the person asked for: an exercise or a typed rhythm, and how long."""

    exercise: str | None = None
    pattern: str | None = None
    minutes: float | None = None
    cycles: int | None = None
    rate: bool = True
    save: bool = True


@dataclass(frozen=True)
class Session:
    """What came of it. No ``outcome``: the person said no to their typed rhythm."""

    outcome: SessionOutcome | None = None
    interrupted: bool = False
    saved: bool = False
    rated: bool = False


class SessionStore:
    """The person's local history as a session uses it."""

    def latest_quiz(self) -> QuizRecord | None:
        """The most recent quiz, if any (and if the history can be read)."""
        from stresscheck.adapters.storage.store import Store
        from stresscheck.errors import StoreError

        try:
            with Store.open() as store:
                quizzes = store.history().quizzes
        except StoreError:
            # A damaged history must not stand between a person and a calm breath;
            # saving afterwards reports the problem properly.
            return None
        return quizzes[-1] if quizzes else None

    def keep(self, record: SessionRecord) -> None:
        """Keep one session (interrupted ones too, marked so)."""
        from stresscheck.adapters.storage.store import Store

        with Store.open() as store:
            store.save_session(record)


def breathe(
    wanted: Wanted,
    library: Mapping[str, Exercise],
    lang: str,
    *,
    store: SessionStore,
    questionnaire: Callable[[], Questionnaire],
    talk: Talk,
    screen: SessionScreen,
    clock: Clock,
) -> Session:
    """Run one breathing session from the choice of exercise to keeping it.

    Ctrl-C during the session ends it cleanly and keeps it as interrupted;
    Ctrl-C before it starts keeps nothing and raises ``Interrupted``.
    ``questionnaire`` is read only when it matters (it keeps the start quick).
    ``lang``: the language whose texts of an exercise are shown; what is said is
    worded in the run's language (``speech``).
    """
    latest = store.latest_quiz()
    advised = latest.advice.get("exercise") if latest else None
    chosen = exercise = choose_exercise(lang, wanted, library, advised)
    typed = wanted.pattern is not None
    if (
        needs_care(exercise)
        and latest is not None
        and breathing_complaints(_readable(questionnaire), latest)
    ):
        exercise = offer_no_holds(lang, talk, exercise, library, typed=typed)
    if typed and exercise is chosen and not confirm_rhythm(talk, exercise):
        return Session()
    from stresscheck.core.breathing import cycles_for, schedule

    try:
        cycles = cycles_for(exercise, minutes=wanted.minutes, cycles=wanted.cycles)
    except BreathingValueError as error:
        raise usage_error(error) from None
    timetable = schedule(exercise, cycles)
    screen.introduce(exercise, timetable)
    ask = wanted.rate and talk.can_ask
    before = talk.rate("before") if ask else None
    outcome, interrupted, started_at = _run(screen, exercise, timetable, clock)
    screen.summary(outcome, cycles)
    after = None
    if ask and not interrupted:
        try:
            after = talk.rate("after")
        except Interrupted:
            interrupted = True
        if before is not None and after is not None:
            screen.tension(before, after)
    saved = wanted.save and outcome.phases_started > 0
    if saved:
        store.keep(session_record(exercise, timetable, outcome, started_at, before, after))
    rated = before is not None or after is not None
    return Session(outcome, interrupted, saved, rated)


def _run(
    screen: SessionScreen, exercise: Exercise, timetable: list[ScheduledPhase], clock: Clock
) -> tuple[SessionOutcome, bool, datetime]:
    """The session on ``clock``, paced by the screen: (outcome, interrupted, start)."""
    from stresscheck.adapters.pacer import SessionInterrupted, run_session

    started_at = clock.now()
    try:
        with screen.pacing(exercise, timetable, clock) as pace:
            started_at = pace.started_at or started_at
            outcome = run_session(
                timetable, clock, pace.on_phase, pace.on_tick, tick_interval=pace.interval
            )
    except SessionInterrupted as stop:  # Ctrl-C: what was done until then is kept
        return stop.outcome, True, started_at
    return outcome, False, started_at


def session_record(
    exercise: Exercise,
    timetable: list[ScheduledPhase],
    outcome: SessionOutcome,
    started_at: datetime,
    before: int | None,
    after: int | None,
) -> SessionRecord:
    """The stored form of one session."""
    from stresscheck.core.breathing import session_seconds
    from stresscheck.core.history import SessionRecord, new_uid

    return SessionRecord(
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


# --------------------------------------------------------------------------- the exercise


def choose_exercise(
    lang: str, wanted: Wanted, library: Mapping[str, Exercise], advised: str | None = None
) -> Exercise:
    """The named exercise, the typed rhythm (its title and cautions in the run's
    language, ``lang``), the advised one, or the default."""
    ids = sorted(library)
    if wanted.pattern is not None:
        if wanted.exercise is not None:
            raise UsageError(key="breathe.error.pattern_and_exercise")
        from stresscheck.core.breathing import caution_keys, parse_pattern
        from stresscheck.core.text import LocalText

        try:
            exercise = parse_pattern(wanted.pattern)
        except BreathingValueError as error:
            raise usage_error(error) from None
        title = word("breathe.pattern_title", pattern=exercise.title.get(lang))
        cautions = "\n".join(word(key) for key in caution_keys(exercise))
        return replace(exercise, title=LocalText.plain(title), cautions=LocalText.plain(cautions))
    if wanted.exercise is not None:
        if wanted.exercise not in library:
            raise unknown_exercise(wanted.exercise, ids)
        return library[wanted.exercise]
    for candidate in (advised, DEFAULT_EXERCISE):
        if candidate is not None and candidate in library:
            return library[candidate]
    if not library:  # pragma: no cover - the built-in file always has exercises
        raise unknown_exercise(DEFAULT_EXERCISE, ids)
    return library[ids[0]]


def unknown_exercise(name: str, ids: list[str]) -> UsageError:
    """The usage error for an id that is not in the library, listing the valid ones."""
    return UsageError(key="breathe.error.unknown_exercise", id=name, ids=", ".join(ids))


def needs_care(exercise: Exercise) -> str | None:
    """What in an exercise asks for care with breathing complaints (a catalogue
    section: ``holds`` or ``extra_inhale``), or None."""
    if exercise.has_holds:
        return "holds"
    if exercise.has_extra_inhale:
        return "extra_inhale"
    return None


def _readable(questionnaire: Callable[[], Questionnaire]) -> Questionnaire | None:
    """The questionnaire in force; None when it cannot be read, which must not
    stand between a person and a breath."""
    try:
        return questionnaire()
    except StresscheckError:
        return None


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


def offer_no_holds(
    lang: str, talk: Talk, exercise: Exercise, library: Mapping[str, Exercise], *, typed: bool
) -> Exercise:
    """Breath holds and an extra in-breath can feel tight with breathing complaints:
    say so, and offer the exercise without them (in a terminal; elsewhere the
    warning is enough). ``typed``: the exercise is the person's own ``--pattern``."""
    care = needs_care(exercise)
    if care is None:
        return exercise
    alternative = library.get(NO_HOLD_EXERCISE)
    # A typed rhythm has no name to quote, and only holds can need care in one.
    warning = "breathe.holds.warning_pattern" if typed else f"breathe.{care}.warning"
    talk.say(word(warning, title=exercise.title.get(lang)))
    if alternative is None or alternative == exercise or not talk.can_ask:
        return exercise
    answer = talk.ask(word(f"breathe.{care}.offer", title=alternative.title.get(lang)))
    return alternative if talk.yes(answer, default=True) else exercise


def confirm_rhythm(talk: Talk, exercise: Exercise) -> bool:
    """A typed rhythm that is fast or holds long: say why, and ask to go on.

    True: go on (nothing to ask, or yes). False: the person said no (or gave
    no answer). Without a terminal nobody can answer: a usage error that says
    how to slow the rhythm.
    """
    from stresscheck.core.breathing import (
        CALM_MAX_BREATHS_PER_MINUTE,
        CALM_MAX_PAUSE_SECONDS,
        concerns,
    )

    found = concerns(exercise)
    if not found:
        return True
    for concern in found:
        talk.say(word(concern.key, **localised(concern.fields)))
    if not talk.can_ask:
        calm = {"bpm": CALM_MAX_BREATHS_PER_MINUTE, "seconds": CALM_MAX_PAUSE_SECONDS}
        raise UsageError(key="breathe.confirm.no_terminal", **localised(calm))
    answer = talk.ask(word("breathe.confirm.question"))
    if talk.yes(answer, default=False):
        talk.say("")
        return True
    if not answer.endswith("\n"):
        talk.say("")  # end the prompt's line (end of input)
    talk.say(word("breathe.confirm.declined"))
    return False


def localised(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Message fields with numbers written as the run's language writes them (``5,5``)."""
    from stresscheck.core.breathing import format_seconds

    mark = word("breathe.decimal_mark")
    return {
        key: format_seconds(value, mark) if isinstance(value, float) else value
        for key, value in fields.items()
    }


def usage_error(error: BreathingValueError) -> UsageError:
    """A core value error as the usage error a person reads."""
    return UsageError(key=error.key, **localised(error.fields))
