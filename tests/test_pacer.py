"""The session runner, on a fake clock (hours in milliseconds) and once on the real one."""

from __future__ import annotations

import itertools
import statistics
from datetime import UTC

import pytest

from fake_clock import FakeClock
from helpers import make_exercise
from stresscheck.adapters.clock import SystemClock
from stresscheck.adapters.pacer import SessionInterrupted, SessionOutcome, run_session
from stresscheck.core.breathing import ScheduledPhase, schedule

make = make_exercise


BOX = make(("inhale", 4), ("hold", 4), ("exhale", 4), ("hold", 4))


class Recorder:
    """Notes when (on the clock, from the session start) each callback came."""

    def __init__(self, clock: FakeClock | SystemClock) -> None:
        self.clock = clock
        self.t0: float | None = None
        self.phases: list[tuple[ScheduledPhase, float]] = []
        self.ticks: list[tuple[int, float, float]] = []

    def on_phase(self, phase: ScheduledPhase) -> None:
        now = self.clock.monotonic()
        if self.t0 is None:
            self.t0 = now
        self.phases.append((phase, now - self.t0))

    def on_tick(self, phase: ScheduledPhase, elapsed: float) -> None:
        assert self.t0 is not None
        self.ticks.append((phase.index, elapsed, self.clock.monotonic() - self.t0))


def test_fake_clock() -> None:
    clock = FakeClock(start=10)
    clock.sleep(2.5)
    clock.sleep(-1)
    clock.advance(0.5)
    assert clock.monotonic() == 13
    assert clock.sleeps == [2.5, -1]
    assert clock.now().tzinfo is UTC
    assert (clock.now() - FakeClock(start=10).now()).total_seconds() == 3


def test_system_clock() -> None:
    clock = SystemClock()
    before = clock.monotonic()
    clock.sleep(-1)  # late: returns at once
    clock.sleep(0.01)
    assert clock.monotonic() - before >= 0.01
    assert clock.now().tzinfo is not None


def test_phases_begin_on_schedule() -> None:
    clock = FakeClock()
    recorder = Recorder(clock)
    timetable = schedule(BOX, 3)
    outcome = run_session(timetable, clock, recorder.on_phase)
    assert [when for _, when in recorder.phases] == [p.start for p in timetable]
    assert [p for p, _ in recorder.phases] == timetable
    assert outcome == SessionOutcome(
        cycles_completed=3, actual_seconds=48, completed=True, phases_started=12
    )


def test_two_hour_session_of_half_second_phases_has_zero_drift() -> None:
    clock = FakeClock(start=123_456.789)  # a large start makes float error show, if any
    recorder = Recorder(clock)
    exercise = make(("inhale", 0.5), ("exhale", 0.5))
    cycles = 2 * 3600  # 14 400 phases of 0.5 s
    timetable = schedule(exercise, cycles)
    outcome = run_session(timetable, clock, recorder.on_phase)
    assert len(recorder.phases) == 14_400
    errors = [abs(when - phase.start) for phase, when in recorder.phases]
    assert max(errors) < 1e-6
    # No growth: the last hundred phases are as accurate as the first hundred.
    assert max(errors[-100:]) <= max(max(errors[:100]), 1e-6)
    assert outcome.completed
    assert outcome.cycles_completed == cycles
    assert outcome.actual_seconds == pytest.approx(7200, abs=1e-6)


def test_slow_callbacks_do_not_push_later_phases() -> None:
    clock = FakeClock()
    starts: list[float] = []
    t0 = clock.monotonic()

    def slow(phase: ScheduledPhase) -> None:
        starts.append(clock.monotonic() - t0)
        clock.advance(0.3)  # drawing took 300 ms

    timetable = schedule(BOX, 5)
    run_session(timetable, clock, slow)
    assert starts == [p.start for p in timetable]


def test_a_phase_already_over_is_skipped_not_flashed() -> None:
    # The process was stopped (Ctrl-Z) for 10 s during the first inhale.
    clock = FakeClock()
    seen: list[int] = []

    def on_phase(phase: ScheduledPhase) -> None:
        seen.append(phase.index)
        if phase.index == 0:
            clock.advance(10)

    timetable = schedule(BOX, 2)  # phases at 0, 4, 8, 12, 16, ...
    outcome = run_session(timetable, clock, on_phase)
    assert seen == [0, 2, 3, 4, 5, 6, 7]  # 4-8 is over by 10 s; 8-12 is shown late
    assert outcome.completed and outcome.cycles_completed == 2


def test_ticks_come_on_a_grid_and_never_more_often() -> None:
    clock = FakeClock()
    recorder = Recorder(clock)
    timetable = schedule(make(("inhale", 1), ("exhale", 1.1)), 2)
    run_session(timetable, clock, recorder.on_phase, recorder.on_tick, tick_interval=0.25)
    first = [elapsed for index, elapsed, _ in recorder.ticks if index == 0]
    assert first == pytest.approx([0.25, 0.5, 0.75])
    second = [elapsed for index, elapsed, _ in recorder.ticks if index == 1]
    assert second == pytest.approx([0.25, 0.5, 0.75, 1.0])
    moments = [when for _, _, when in recorder.ticks]
    moments += [when for _, when in recorder.phases]
    moments.sort()
    gaps = [b - a for a, b in itertools.pairwise(moments)]
    assert min(gaps) > 0.05  # never a burst of frames


def test_slow_frames_skip_grid_points_instead_of_catching_up() -> None:
    clock = FakeClock()
    ticks: list[float] = []

    def on_tick(phase: ScheduledPhase, elapsed: float) -> None:
        ticks.append(elapsed)
        clock.advance(0.6)  # each frame takes longer than two tick intervals

    run_session(schedule(make(("inhale", 3), ("exhale", 3)), 1), clock, lambda p: None, on_tick)
    inhale_ticks = [e for e in ticks if e < 3][:3]
    assert inhale_ticks == pytest.approx([0.25, 1.0, 1.75])


def test_a_callback_may_ask_for_its_next_tick_later() -> None:
    """A view that knows nothing will change for a while says when to look again."""
    clock = FakeClock(start=0)
    ticks: list[tuple[int, float]] = []

    def on_phase(phase: ScheduledPhase) -> float:
        return 0.9  # the first change is due 0.9 s in

    def on_tick(phase: ScheduledPhase, elapsed: float) -> float:
        ticks.append((phase.index, elapsed))
        return elapsed + 1.0 if phase.index == 0 else 10.0  # past the phase's end: done

    outcome = run_session(schedule(BOX, 1), clock, on_phase, on_tick, tick_interval=0.25)
    assert [e for i, e in ticks if i == 0] == pytest.approx([0.9, 1.9, 2.9, 3.9])
    assert [e for i, e in ticks if i == 1] == pytest.approx([0.9])
    assert [i for i, _ in ticks] == [0, 0, 0, 0, 1, 2, 3]
    assert outcome.actual_seconds == 16


def test_a_callback_cannot_ask_for_ticks_closer_than_the_interval() -> None:
    clock = FakeClock(start=0)
    ticks: list[float] = []

    def on_tick(phase: ScheduledPhase, elapsed: float) -> float:
        ticks.append(elapsed)
        return elapsed + 0.01  # too soon: the interval still holds

    run_session(schedule(make(("inhale", 1), ("exhale", 1)), 1), clock, lambda p: 0.0, on_tick)
    assert ticks == pytest.approx([0.25, 0.5, 0.75] * 2)


def test_phases_begin_on_schedule_whatever_the_callbacks_ask() -> None:
    clock = FakeClock(start=98_765.4321)
    recorder = Recorder(clock)
    timetable = schedule(make(("inhale", 5.5), ("exhale", 5.5)), 200)

    def on_phase(phase: ScheduledPhase) -> float:
        recorder.on_phase(phase)
        return 0.3

    def on_tick(phase: ScheduledPhase, elapsed: float) -> float:
        recorder.on_tick(phase, elapsed)
        clock.advance(0.013)  # drawing takes a while
        return elapsed + 0.37

    outcome = run_session(timetable, clock, on_phase, on_tick, tick_interval=0.2)
    errors = [abs(when - phase.start) for phase, when in recorder.phases]
    assert len(errors) == 400
    assert max(errors) < 1e-6
    assert outcome.actual_seconds == pytest.approx(2200, abs=1e-6)


def test_the_runner_only_sleeps_until_absolute_targets() -> None:
    clock = FakeClock()
    run_session(schedule(BOX, 2), clock, lambda p: None)
    assert clock.sleeps == [4.0] * 8  # one wait per phase, up to its end


def test_interrupt_mid_cycle_counts_only_whole_cycles() -> None:
    # Ctrl-C arrives 40 s in: cycles end at 16 and 32; the third is half done.
    def on_sleep(now: float) -> None:
        if now - 1000 >= 40:
            raise KeyboardInterrupt

    clock = FakeClock(start=1000, on_sleep=on_sleep)
    recorder = Recorder(clock)
    timetable = schedule(BOX, 10)
    with pytest.raises(SessionInterrupted) as caught:
        run_session(timetable, clock, recorder.on_phase, recorder.on_tick, tick_interval=0.5)
    outcome = caught.value.outcome
    assert outcome.completed is False
    assert outcome.cycles_completed == 2
    assert outcome.actual_seconds == pytest.approx(40)
    assert outcome.phases_started == 10  # phases at 0, 4, ..., 36; Ctrl-C came as 40 was due
    assert isinstance(caught.value, KeyboardInterrupt)  # still Ctrl-C to anyone else


def test_interrupt_exactly_at_a_cycle_end_counts_that_cycle() -> None:
    def on_sleep(now: float) -> None:
        if now >= 32:
            raise KeyboardInterrupt

    clock = FakeClock(start=0, on_sleep=on_sleep)
    with pytest.raises(SessionInterrupted) as caught:
        run_session(schedule(BOX, 10), clock, lambda p: None)
    assert caught.value.outcome.cycles_completed == 2


def test_interrupt_in_a_callback_is_recorded_too() -> None:
    clock = FakeClock(start=0)

    def on_phase(phase: ScheduledPhase) -> None:
        if phase.index == 5:
            raise KeyboardInterrupt

    with pytest.raises(SessionInterrupted) as caught:
        run_session(schedule(BOX, 3), clock, on_phase)
    assert caught.value.outcome.cycles_completed == 1
    assert caught.value.outcome.phases_started == 5


def test_interrupt_before_the_first_cycle_ends() -> None:
    def on_sleep(now: float) -> None:
        raise KeyboardInterrupt

    clock = FakeClock(start=0, on_sleep=on_sleep)
    with pytest.raises(SessionInterrupted) as caught:
        run_session(schedule(BOX, 3), clock, lambda p: None)
    assert caught.value.outcome.cycles_completed == 0


def test_empty_timetable() -> None:
    outcome = run_session([], FakeClock(), lambda p: None)
    assert outcome == SessionOutcome(0, 0.0, True, 0)


def test_tick_interval_must_be_positive() -> None:
    with pytest.raises(ValueError):
        run_session(schedule(BOX, 1), FakeClock(), lambda p: None, tick_interval=0)


@pytest.mark.slow
def test_real_clock_phases_start_within_30_ms() -> None:
    clock = SystemClock()
    recorder = Recorder(clock)
    # 10 phases of 0.2 s: shorter than an exercise may have, so built by hand.
    timetable = [
        ScheduledPhase(i, i // 2, "inhale" if i % 2 == 0 else "exhale", 0.2, i * 0.2)
        for i in range(10)
    ]
    t0 = clock.monotonic()
    run_session(timetable, clock, recorder.on_phase, recorder.on_tick, tick_interval=0.05)
    assert recorder.t0 is not None
    offset = recorder.t0 - t0  # the first phase starts at once
    assert offset < 0.03
    lateness = [when + offset - phase.start for phase, when in recorder.phases]
    assert len(lateness) == 10
    assert all(-0.001 <= late < 0.03 for late in lateness), lateness
    # No growth over the session: the second half is not later than the first.
    assert statistics.mean(lateness[5:]) < statistics.mean(lateness[:5]) + 0.01
