"""Breathing exercises and their timing, as pure data and arithmetic.

Nothing here reads files, prints, or sleeps: the file loader builds
:class:`Exercise` values, :func:`schedule` turns one into the fixed timetable
of a session, and the runner in ``adapters/pacer.py`` waits for each start.

Every start time is computed from the session start by multiplication
(``cycle * cycle_seconds + offset``), never by adding phase lengths one after
another, so rounding errors cannot pile up however long a session lasts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from stresscheck.core.text import LocalText

PhaseKind = Literal["inhale", "hold", "exhale", "rest"]
PHASE_KINDS: tuple[PhaseKind, ...] = get_args(PhaseKind)

# The contract's shortest phase; anything shorter cannot be followed calmly.
MIN_PHASE_SECONDS = 0.5

# Limits for an ad-hoc ``--pattern``, typed by hand without a therapist's eye.
# (Exercises from files are written by a therapist and checked by ``validate``;
# these limits do not apply to them.) A pause is a hold or a rest: either way
# the breath stands still.
#
# Calm: a rhythm within these runs at once. Paced breathing for relaxation is
# slow (about 6 breaths a minute); at rest adults breathe 12 to 20 times a
# minute, so guiding faster than 10 brings no calm and, kept up, invites
# over-breathing (dizziness, tingling). Holds of up to 10 s cover the common
# exercises (4-7-8 holds 7 s).
CALM_MAX_BREATHS_PER_MINUTE = 10.0
CALM_MAX_PAUSE_SECONDS = 10.0
# Sane: beyond these a pattern is refused. Faster than 20 breaths a minute (a
# cycle shorter than 3 s) is faster than ordinary breathing at rest: practising
# it is hyperventilation, not relaxation. A pause over 20 s is breath-hold
# training, which can make people faint and is not safe alone or with heart or
# lung disease. Nobody breathes in or out calmly for more than 30 s: a longer
# phase is a typo.
MAX_PATTERN_BREATHS_PER_MINUTE = 20.0
MAX_PATTERN_PAUSE_SECONDS = 20.0
MAX_PATTERN_PHASE_SECONDS = 30.0
# A pattern with holds starts with this many cycles unless told otherwise:
# "at most four cycles while it is new", as for 4-7-8.
NEW_HOLD_CYCLES = 4
# A cap on one session keeps the schedule small and catches `--minutes 1e9`.
MAX_SESSION_MINUTES = 240.0

# Float quotients such as (0.1 * 60) / 6 come out as 1.0000000000000002; a
# quotient this close to a whole number is taken to be that whole number.
_WHOLE_TOLERANCE = 1e-9


# The id of a session breathed with a typed rhythm (--pattern 4-7-8): pattern-4-7-8.
PATTERN_PREFIX = "pattern-"


class BreathingValueError(ValueError):
    """A value the user typed cannot be used; ``key`` names the catalogue message.

    ``fields`` fill the message's ``{placeholders}``. ``str(error)`` is the key,
    so the core stays free of any language.
    """

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields: Mapping[str, Any] = fields


@dataclass(frozen=True)
class Phase:
    """One step of a breathing cycle: what to do, and for how long."""

    kind: PhaseKind
    seconds: float


@dataclass(frozen=True)
class Exercise:
    """A breathing exercise: one cycle of phases, repeated for a session."""

    id: str
    title: LocalText
    description: LocalText
    suits: LocalText
    phases: tuple[Phase, ...]
    default_minutes: float
    default_cycles: int | None
    cautions: LocalText = field(default_factory=LocalText)

    def __post_init__(self) -> None:
        # The loader reports bad files field by field before getting here; this
        # guards the arithmetic below (a zero-length cycle would divide by 0).
        if not self.phases:
            raise ValueError(f"exercise {self.id!r} has no phases")
        for phase in self.phases:
            if phase.kind not in PHASE_KINDS:
                raise ValueError(f"exercise {self.id!r}: unknown phase kind {phase.kind!r}")
            if not (math.isfinite(phase.seconds) and phase.seconds >= MIN_PHASE_SECONDS):
                raise ValueError(
                    f"exercise {self.id!r}: phase length {phase.seconds!r} is below "
                    f"{MIN_PHASE_SECONDS} s"
                )

    @property
    def has_holds(self) -> bool:
        """Whether the breath is held at some point (relevant for cautions)."""
        return any(phase.kind == "hold" for phase in self.phases)

    @property
    def has_extra_inhale(self) -> bool:
        """Whether a breath in starts on full lungs (cyclic sighing's top-up)."""
        return any(
            phase.kind == "inhale" and start == 1.0
            for phase, (start, _) in zip(self.phases, phase_fills(self.phases), strict=True)
        )

    @property
    def cycle_seconds(self) -> float:
        """Length of one cycle; ``fsum`` keeps it exact to the last bit."""
        return math.fsum(phase.seconds for phase in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        """One breath per cycle, so cycles per minute."""
        return 60.0 / self.cycle_seconds

    @property
    def rhythm(self) -> str:
        """The phase lengths joined by dashes, e.g. ``4-7-8`` (no language)."""
        return "-".join(format_seconds(phase.seconds) for phase in self.phases)


@dataclass(frozen=True)
class ScheduledPhase:
    """One phase of a session at its fixed place in the timetable.

    ``index`` counts phases over the whole session and ``cycle`` counts cycles,
    both from 0; ``position`` is the phase's place within its cycle. ``start`` is
    seconds from the session start. ``fill_from``/``fill_to`` say how full the
    lungs are (0 empty, 1 full) when the phase begins and ends, for drawing.
    """

    index: int
    cycle: int
    kind: PhaseKind
    seconds: float
    start: float
    position: int = 0
    fill_from: float = 0.0
    fill_to: float = 0.0

    @property
    def end(self) -> float:
        """When this phase is over, in seconds from the session start."""
        return self.start + self.seconds

    def fill_at(self, elapsed: float) -> float:
        """How full the lungs are ``elapsed`` seconds into this phase (0..1)."""
        fraction = min(max(elapsed / self.seconds, 0.0), 1.0)
        return self.fill_from + (self.fill_to - self.fill_from) * fraction


def format_seconds(seconds: float, decimal_mark: str = ".") -> str:
    """``4.0`` -> ``4``, ``5.5`` -> ``5.5`` (or ``5,5``); at most two decimals."""
    text = f"{round(seconds, 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark)


def phase_fills(phases: Sequence[Phase]) -> tuple[tuple[float, float], ...]:
    """Lung fill at the start and end of each phase of a repeating cycle.

    Breathing in fills to 1, breathing out empties to 0, holding and resting
    keep the level. The cycle is walked twice so that a cycle that begins with
    a hold (after the previous cycle's out-breath) starts at the right level.
    """
    level = 0.0
    for phase in phases:  # first pass: find the level a cycle ends on
        level = _level_after(phase.kind, level)
    fills: list[tuple[float, float]] = []
    for phase in phases:
        after = _level_after(phase.kind, level)
        fills.append((level, after))
        level = after
    return tuple(fills)


def _level_after(kind: PhaseKind, level: float) -> float:
    if kind == "inhale":
        return 1.0
    if kind == "exhale":
        return 0.0
    return level


def cycles_for(exercise: Exercise, minutes: float | None = None, cycles: int | None = None) -> int:
    """Whole cycles for a session: the given count, or enough to fill ``minutes``.

    With ``minutes`` the count is rounded up, so a session never lasts shorter
    than asked. With neither, the exercise's default cycles or default minutes.
    Raises :class:`BreathingValueError` for values that make no session.
    """
    if minutes is not None and cycles is not None:
        raise BreathingValueError("breathe.error.minutes_and_cycles")
    if cycles is not None:
        if isinstance(cycles, bool) or not isinstance(cycles, int) or cycles < 1:
            raise BreathingValueError("breathe.error.cycles", value=cycles)
        if cycles * exercise.cycle_seconds > MAX_SESSION_MINUTES * 60 + _WHOLE_TOLERANCE:
            raise BreathingValueError(
                "breathe.error.too_long", max=format_seconds(MAX_SESSION_MINUTES)
            )
        return cycles
    if minutes is None:
        if exercise.default_cycles is not None:
            return max(1, exercise.default_cycles)
        minutes = exercise.default_minutes
    if not (math.isfinite(minutes) and minutes > 0):
        raise BreathingValueError("breathe.error.minutes", value=minutes)
    if minutes > MAX_SESSION_MINUTES:
        raise BreathingValueError("breathe.error.too_long", max=format_seconds(MAX_SESSION_MINUTES))
    quotient = minutes * 60.0 / exercise.cycle_seconds
    nearest = round(quotient)
    if math.isclose(quotient, nearest, rel_tol=_WHOLE_TOLERANCE, abs_tol=_WHOLE_TOLERANCE):
        return max(1, nearest)
    return max(1, math.ceil(quotient))


def parse_pattern(text: str) -> Exercise:
    """An ad-hoc exercise from ``in-hold-out`` or ``in-hold-out-rest`` seconds.

    ``4-7-8``, ``4-4-4-4``, ``5.5-0-5.5`` (a 0 hold or rest skips that phase;
    a decimal comma is read like a point). Every phase lasts at least 0.5 s.
    Raises :class:`BreathingValueError` with key ``breathe.error.pattern`` for
    text that is no rhythm, and the key of the limit (see :func:`check_limits`)
    for a rhythm beyond them. The title is the rhythm itself; the command gives
    it a translated label. A pattern with holds lasts :data:`NEW_HOLD_CYCLES`
    cycles unless the session is given a length.
    """
    parts = [part.strip().replace(",", ".") for part in text.strip().split("-")]
    if len(parts) not in (3, 4):
        raise BreathingValueError("breathe.error.pattern", pattern=text)
    kinds: tuple[PhaseKind, ...] = ("inhale", "hold", "exhale", "rest")
    phases: list[Phase] = []
    for kind, part in zip(kinds, parts, strict=False):
        seconds = _pattern_number(part, text)
        if seconds == 0 and kind in ("hold", "rest"):
            continue
        if seconds < MIN_PHASE_SECONDS:
            raise BreathingValueError("breathe.error.pattern", pattern=text)
        phases.append(Phase(kind, seconds))
    rhythm = "-".join(format_seconds(_pattern_number(part, text)) for part in parts)
    exercise = Exercise(
        id=f"{PATTERN_PREFIX}{rhythm}",
        title=LocalText.plain(rhythm),
        description=LocalText(),
        suits=LocalText(),
        phases=tuple(phases),
        default_minutes=5.0,
        default_cycles=None,
        cautions=LocalText(),
    )
    check_limits(exercise, text.strip())
    if exercise.has_holds:
        return replace(exercise, default_cycles=NEW_HOLD_CYCLES)
    return exercise


def check_limits(exercise: Exercise, pattern: str) -> None:
    """Refuse a rhythm beyond the limits for typed patterns (module constants).

    Raises :class:`BreathingValueError` naming the first limit broken; its
    fields are ``pattern`` (as the person typed it), the offending number
    (``seconds`` or ``bpm``) and the limit (``max``).
    """
    for phase in exercise.phases:
        if phase.kind in ("hold", "rest"):
            if phase.seconds > MAX_PATTERN_PAUSE_SECONDS:
                raise BreathingValueError(
                    f"breathe.error.{phase.kind}_too_long",
                    pattern=pattern,
                    seconds=phase.seconds,
                    max=MAX_PATTERN_PAUSE_SECONDS,
                )
        elif phase.seconds > MAX_PATTERN_PHASE_SECONDS:
            raise BreathingValueError(
                "breathe.error.phase_too_long",
                pattern=pattern,
                seconds=phase.seconds,
                max=MAX_PATTERN_PHASE_SECONDS,
            )
    if _faster_than(exercise, MAX_PATTERN_BREATHS_PER_MINUTE):
        raise BreathingValueError(
            "breathe.error.too_fast",
            pattern=pattern,
            bpm=round(exercise.breaths_per_minute, 1),
            max=MAX_PATTERN_BREATHS_PER_MINUTE,
            cycle=60.0 / MAX_PATTERN_BREATHS_PER_MINUTE,
        )


@dataclass(frozen=True)
class Concern:
    """Why a rhythm within the limits still asks to go on; ``key`` names the message."""

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)


def concerns(exercise: Exercise) -> tuple[Concern, ...]:
    """What about a typed rhythm needs a person's yes before it starts (may be none).

    Faster than :data:`CALM_MAX_BREATHS_PER_MINUTE`, or a hold or rest longer
    than :data:`CALM_MAX_PAUSE_SECONDS` (the longest one is named).
    """
    found: list[Concern] = []
    if _faster_than(exercise, CALM_MAX_BREATHS_PER_MINUTE):
        found.append(
            Concern(
                "breathe.confirm.fast",
                {"bpm": round(exercise.breaths_per_minute, 1), "calm": CALM_MAX_BREATHS_PER_MINUTE},
            )
        )
    pauses = [p for p in exercise.phases if p.kind in ("hold", "rest")]
    longest = max(pauses, key=lambda phase: phase.seconds, default=None)
    if longest is not None and longest.seconds > CALM_MAX_PAUSE_SECONDS:
        found.append(
            Concern(
                f"breathe.confirm.long_{longest.kind}",
                {"seconds": longest.seconds, "calm": CALM_MAX_PAUSE_SECONDS},
            )
        )
    return tuple(found)


# Catalogue keys of the cautions a typed rhythm gets, in the order shown.
HOLD_CAUTIONS = (
    "breathe.caution.holds_feel",
    "breathe.caution.holds_health",
    "breathe.caution.holds_new",
)
GENERAL_CAUTIONS = (
    "breathe.caution.gentle",
    "breathe.caution.dizzy",
    "breathe.caution.position",
    "breathe.caution.driving",
    "breathe.caution.unrest",
)


def caution_keys(exercise: Exercise) -> tuple[str, ...]:
    """The cautions that fit a typed rhythm's phases: every exercise's, and with
    holds the breath-hold ones first (as in the built-in exercises file)."""
    return (HOLD_CAUTIONS if exercise.has_holds else ()) + GENERAL_CAUTIONS


def _faster_than(exercise: Exercise, breaths_per_minute: float) -> bool:
    # Compared as cycle lengths, with a hair of tolerance for float sums:
    # 1.5-0-1.5 is exactly 20 a minute, not a bit more.
    return exercise.cycle_seconds < 60.0 / breaths_per_minute - _WHOLE_TOLERANCE


def _pattern_number(part: str, text: str) -> float:
    # Only plain decimals: float() would also take "nan", "inf" and "1e3".
    digits = part.replace(".", "", 1)
    if not digits.isdigit() or not digits.isascii():
        raise BreathingValueError("breathe.error.pattern", pattern=text)
    return float(part)


def schedule(exercise: Exercise, cycles: int) -> list[ScheduledPhase]:
    """The fixed timetable of a session of ``cycles`` cycles.

    Each start is ``cycle * cycle_seconds + offset`` with the offset an exact
    (``fsum``) sum within the cycle, so phase 10 000 is as accurate as phase 1.
    """
    if cycles < 0:
        raise ValueError("cycles must not be negative")
    cycle_seconds = exercise.cycle_seconds
    offsets = [
        math.fsum(p.seconds for p in exercise.phases[:i]) for i in range(len(exercise.phases))
    ]
    fills = phase_fills(exercise.phases)
    timetable: list[ScheduledPhase] = []
    for cycle in range(cycles):
        base = cycle * cycle_seconds
        for position, (phase, offset, (fill_from, fill_to)) in enumerate(
            zip(exercise.phases, offsets, fills, strict=True)
        ):
            timetable.append(
                ScheduledPhase(
                    index=len(timetable),
                    cycle=cycle,
                    kind=phase.kind,
                    seconds=phase.seconds,
                    start=base + offset,
                    position=position,
                    fill_from=fill_from,
                    fill_to=fill_to,
                )
            )
    return timetable


def session_seconds(timetable: Sequence[ScheduledPhase]) -> float:
    """How long the whole session lasts (0 for an empty one)."""
    return timetable[-1].end if timetable else 0.0


def cycles_completed(timetable: Sequence[ScheduledPhase], elapsed: float) -> int:
    """Cycles whose every phase had fully elapsed ``elapsed`` seconds in."""
    done = 0
    cycle_ends: dict[int, float] = {}
    for phase in timetable:
        cycle_ends[phase.cycle] = phase.end
    for end in cycle_ends.values():
        # A tiny tolerance: the runner wakes at the end time as measured on a
        # float clock, which may read a hair before the exact sum.
        if end <= elapsed + 1e-6:
            done += 1
    return done
