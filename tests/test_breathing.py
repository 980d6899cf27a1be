"""The pure breathing core: exercises, patterns, cycle counts and the timetable."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import make_exercise
from stresscheck.core.breathing import (
    MAX_SESSION_MINUTES,
    BreathingValueError,
    Exercise,
    Phase,
    PhaseKind,
    cycles_completed,
    cycles_for,
    format_seconds,
    parse_pattern,
    phase_fills,
    schedule,
    session_seconds,
)
from stresscheck.core.text import LocalText

make = make_exercise


RESONANCE = make(("inhale", 5.5), ("exhale", 5.5))
BOX = make(("inhale", 4), ("hold", 4), ("exhale", 4), ("hold", 4))

# Phase lengths in tenths of a second (as people write them: 4, 5.5, 0.7).
lengths = st.integers(min_value=5, max_value=300).map(lambda tenths: tenths / 10)
kinds = st.sampled_from(["inhale", "hold", "exhale", "rest"])
phase_lists = st.lists(st.tuples(kinds, lengths), min_size=1, max_size=6)


def exact_sum(values: list[float]) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0))


# --------------------------------------------------------------------------- Exercise


def test_exercise_properties() -> None:
    assert RESONANCE.cycle_seconds == 11
    assert RESONANCE.breaths_per_minute == pytest.approx(60 / 11)
    assert not RESONANCE.has_holds
    assert BOX.has_holds
    assert BOX.cycle_seconds == 16
    assert BOX.rhythm == "4-4-4-4"
    assert RESONANCE.rhythm == "5.5-5.5"


def test_rest_is_not_a_hold() -> None:
    assert not make(("inhale", 4), ("exhale", 4), ("rest", 2)).has_holds


@pytest.mark.parametrize(
    "phases",
    [(), (Phase("inhale", 0.4),), (Phase("inhale", math.nan),), (Phase("breathe", 4),)],  # type: ignore[arg-type]
)
def test_exercise_rejects_impossible_phases(phases: tuple[Phase, ...]) -> None:
    with pytest.raises(ValueError):
        Exercise("x", LocalText(), LocalText(), LocalText(), phases, 5, None)


def test_cycle_seconds_is_exact_for_tenths() -> None:
    # 0.1 + 0.2 != 0.3 in floats; fsum gets the correctly rounded sum.
    exercise = make(("inhale", 0.7), ("hold", 0.6), ("exhale", 1.7))
    assert exercise.cycle_seconds == 3.0


# --------------------------------------------------------------------------- cycles_for


def test_cycles_for_rounds_minutes_up() -> None:
    assert cycles_for(make(("inhale", 5), ("exhale", 6)), minutes=5) == 28  # 300 / 11 = 27.3
    assert cycles_for(RESONANCE, minutes=5) == 28
    assert cycles_for(BOX, minutes=4) == 15


def test_cycles_for_exact_fit_is_not_rounded_up_by_float_noise() -> None:
    # 0.1 * 60 / 6 is 1.0000000000000002 in floats: still one cycle.
    assert cycles_for(make(("inhale", 3), ("exhale", 3)), minutes=0.1) == 1
    assert (
        cycles_for(make(("inhale", 0.5), ("exhale", 0.7)), minutes=0.26) == 13
    )  # 13.000000000000002
    assert cycles_for(make(("inhale", 4), ("exhale", 6)), minutes=5) == 30


def test_cycles_for_defaults() -> None:
    assert cycles_for(RESONANCE) == 28  # default 5 minutes
    assert cycles_for(make(("inhale", 4), ("exhale", 4), cycles=7)) == 7
    assert cycles_for(RESONANCE, cycles=3) == 3


def test_cycles_for_short_minutes_give_at_least_one_cycle() -> None:
    assert cycles_for(BOX, minutes=0.01) == 1


@pytest.mark.parametrize(
    ("minutes", "cycles", "key"),
    [
        (-1, None, "breathe.error.minutes"),
        (0, None, "breathe.error.minutes"),
        (math.nan, None, "breathe.error.minutes"),
        (math.inf, None, "breathe.error.minutes"),
        (MAX_SESSION_MINUTES + 1, None, "breathe.error.too_long"),
        (None, 0, "breathe.error.cycles"),
        (None, -3, "breathe.error.cycles"),
        (None, 10**9, "breathe.error.too_long"),
        (5, 5, "breathe.error.minutes_and_cycles"),
    ],
)
def test_cycles_for_rejects_bad_values(minutes: float | None, cycles: int | None, key: str) -> None:
    with pytest.raises(BreathingValueError) as caught:
        cycles_for(BOX, minutes=minutes, cycles=cycles)
    assert caught.value.key == key
    assert str(caught.value) == key


@given(phase_lists, st.integers(min_value=1, max_value=24_000).map(lambda n: n / 100))
def test_cycles_for_never_gives_less_than_asked(
    phases: list[tuple[PhaseKind, float]], minutes: float
) -> None:
    exercise = make(*phases)
    if minutes * 60 / exercise.cycle_seconds > 100_000:
        return
    cycles = cycles_for(exercise, minutes=minutes)
    asked = Fraction(minutes) * 60
    cycle = exact_sum([s for _, s in phases])
    assert cycles * cycle >= asked - Fraction(1, 10**6)
    # ... and never a whole cycle more than needed.
    assert (cycles - 1) * cycle < asked or cycles == 1


# --------------------------------------------------------------------------- parse_pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4-7-8", [("inhale", 4), ("hold", 7), ("exhale", 8)]),
        ("4-4-4-4", [("inhale", 4), ("hold", 4), ("exhale", 4), ("rest", 4)]),
        ("5.5-0-5.5", [("inhale", 5.5), ("exhale", 5.5)]),
        ("4-0-6-2", [("inhale", 4), ("exhale", 6), ("rest", 2)]),
        (" 4 - 2 - 6 - 0 ", [("inhale", 4), ("hold", 2), ("exhale", 6)]),
        ("5,5-0-5,5", [("inhale", 5.5), ("exhale", 5.5)]),
        ("2-0.5-1", [("inhale", 2), ("hold", 0.5), ("exhale", 1)]),
        ("1.5-0-1.5", [("inhale", 1.5), ("exhale", 1.5)]),  # 20 a minute: the limit
        ("4-20-4-20", [("inhale", 4), ("hold", 20), ("exhale", 4), ("rest", 20)]),
        ("30-0-30", [("inhale", 30), ("exhale", 30)]),
    ],
)
def test_parse_pattern(text: str, expected: list[tuple[str, float]]) -> None:
    exercise = parse_pattern(text)
    assert [(p.kind, p.seconds) for p in exercise.phases] == expected
    assert exercise.id.startswith("pattern-")


def test_parse_pattern_names_its_rhythm() -> None:
    exercise = parse_pattern("4-7-8")
    assert exercise.id == "pattern-4-7-8"
    assert exercise.title.get("en") == "4-7-8"
    assert parse_pattern("5,50-0-5.5").id == "pattern-5.5-0-5.5"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "4",
        "4-8",
        "4-4-4-4-4",
        "0-4-4",  # no breathing in
        "4-4-0",  # no breathing out
        "4-0.2-4",  # a hold too short to follow
        "4--4",
        "-4-4-4",
        "a-b-c",
        "4-nan-4",
        "4-inf-4",
        "1e1-4-4",
        "0.4-0-6",  # breathing in too short to follow
        "٤-٤-٤",  # Arabic-Indic digits
        "4.4.4-4-4",
    ],
)
def test_parse_pattern_rejects(text: str) -> None:
    with pytest.raises(BreathingValueError) as caught:
        parse_pattern(text)
    assert caught.value.key == "breathe.error.pattern"
    assert caught.value.fields["pattern"] == text


# --------------------------------------------------------------------------- schedule


def test_schedule_of_box_breathing() -> None:
    timetable = schedule(BOX, 2)
    assert [(p.index, p.cycle, p.position, p.kind, p.start) for p in timetable] == [
        (0, 0, 0, "inhale", 0),
        (1, 0, 1, "hold", 4),
        (2, 0, 2, "exhale", 8),
        (3, 0, 3, "hold", 12),
        (4, 1, 0, "inhale", 16),
        (5, 1, 1, "hold", 20),
        (6, 1, 2, "exhale", 24),
        (7, 1, 3, "hold", 28),
    ]
    assert session_seconds(timetable) == 32


def test_schedule_fill_levels() -> None:
    fills = [(p.fill_from, p.fill_to) for p in schedule(BOX, 1)]
    # In fills, the hold keeps full lungs, out empties, the last hold keeps them empty.
    assert fills == [(0, 1), (1, 1), (1, 0), (0, 0)]
    inhale = schedule(BOX, 1)[0]
    assert inhale.fill_at(2) == 0.5
    assert inhale.fill_at(-1) == 0
    assert inhale.fill_at(99) == 1


def test_fill_of_a_cycle_starting_with_a_hold() -> None:
    # Cycle: hold, in, out. It repeats after an out-breath, so the hold is empty.
    assert phase_fills((Phase("hold", 2), Phase("inhale", 4), Phase("exhale", 4))) == (
        (0, 0),
        (0, 1),
        (1, 0),
    )
    # Cycle: out, in. It repeats after an in-breath, so it starts full.
    assert phase_fills((Phase("exhale", 4), Phase("inhale", 4))) == ((1, 0), (0, 1))


def test_empty_schedule() -> None:
    assert schedule(BOX, 0) == []
    assert session_seconds([]) == 0
    with pytest.raises(ValueError):
        schedule(BOX, -1)


def test_a_long_session_has_no_drift() -> None:
    # Four hours of 0.7 s + 0.6 s + 1.7 s: the last start is exactly where it belongs.
    exercise = make(("inhale", 0.7), ("hold", 0.6), ("exhale", 1.7))
    cycles = 4 * 3600 // 3
    timetable = schedule(exercise, cycles)
    assert timetable[-1].start == pytest.approx((cycles - 1) * 3 + 1.3, abs=1e-9)
    assert session_seconds(timetable) == pytest.approx(cycles * 3, abs=1e-9)
    # Adding the lengths one after another would have drifted measurably.
    added = 0.0
    for phase in timetable[:-1]:
        added += phase.seconds
    assert abs(added - timetable[-1].start) > abs(timetable[-1].start - ((cycles - 1) * 3 + 1.3))


@settings(max_examples=200, deadline=None)  # correctness, not speed: CI may be busy
@given(phase_lists, st.integers(min_value=1, max_value=400))
def test_schedule_properties(phases: list[tuple[PhaseKind, float]], cycles: int) -> None:
    exercise = make(*phases)
    timetable = schedule(exercise, cycles)
    assert len(timetable) == cycles * len(phases)
    starts = [p.start for p in timetable]
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert timetable[0].start == 0
    total = cycles * exercise.cycle_seconds
    assert timetable[-1].start + timetable[-1].seconds == pytest.approx(total, abs=1e-9)
    assert [p.index for p in timetable] == list(range(len(timetable)))
    lengths_ = [s for _, s in phases]
    for phase in timetable:
        exact = phase.cycle * exact_sum(lengths_) + exact_sum(lengths_[: phase.position])
        assert abs(Fraction(phase.start) - exact) < Fraction(1, 10**9)


@given(phase_lists, st.integers(min_value=1, max_value=50))
def test_a_phase_starts_at_the_same_time_whatever_the_session_length(
    phases: list[tuple[PhaseKind, float]], extra: int
) -> None:
    exercise = make(*phases)
    short = schedule(exercise, 3)
    long = schedule(exercise, 3 + extra)
    assert [p.start for p in short] == [p.start for p in long[: len(short)]]


def test_cycles_completed() -> None:
    timetable = schedule(BOX, 3)  # cycles end at 16, 32, 48
    assert cycles_completed(timetable, 0) == 0
    assert cycles_completed(timetable, 15.99) == 0
    assert cycles_completed(timetable, 16) == 1
    assert cycles_completed(timetable, 47.9) == 2
    assert cycles_completed(timetable, 100) == 3


@pytest.mark.parametrize(
    ("seconds", "mark", "text"),
    [(4.0, ".", "4"), (5.5, ".", "5.5"), (5.5, ",", "5,5"), (0.25, ".", "0.25"), (10, ".", "10")],
)
def test_format_seconds(seconds: float, mark: str, text: str) -> None:
    assert format_seconds(seconds, mark) == text
