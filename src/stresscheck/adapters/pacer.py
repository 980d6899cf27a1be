"""The session runner: waits for each phase of a timetable and calls back.

Every wait is measured from the session start on the monotonic clock
(``t0 + phase.start - now``), never a fixed amount per phase, so however long
the session runs and however slow a callback is, phase ``n`` begins at
``t0 + start[n]`` and no drift builds up.

A callback may return when, in seconds into the phase, it next has something
to show; the runner then sleeps until that moment instead of waking on every
tick for nothing (a hold needs a frame once a second, not five).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from stresscheck.adapters.clock import Clock
from stresscheck.core.breathing import ScheduledPhase, cycles_completed

# Each may return the moment (seconds into the phase) it next wants a tick; None:
# the next tick on the grid.
PhaseCallback = Callable[[ScheduledPhase], float | None]
TickCallback = Callable[[ScheduledPhase, float], float | None]


@dataclass(frozen=True)
class SessionOutcome:
    """What happened: whole cycles done, seconds actually spent, finished or not."""

    cycles_completed: int
    actual_seconds: float
    completed: bool
    phases_started: int = 0


class SessionInterrupted(KeyboardInterrupt):
    """Ctrl-C during a session, carrying what was done until then.

    A KeyboardInterrupt subclass, so code that does not know about sessions
    still treats it as Ctrl-C (exit 130), while the breathe command catches it
    to save the partial session.
    """

    def __init__(self, outcome: SessionOutcome) -> None:
        super().__init__()
        self.outcome = outcome


def run_session(
    timetable: Sequence[ScheduledPhase],
    clock: Clock,
    on_phase: PhaseCallback,
    on_tick: TickCallback | None = None,
    tick_interval: float = 0.25,
) -> SessionOutcome:
    """Run a session on ``clock``: ``on_phase`` at each phase start, ``on_tick`` between.

    ``on_tick(phase, elapsed_in_phase)`` is called on a grid of
    ``tick_interval`` seconds from the phase start (never more often), for the
    animation. When a callback returns a moment (seconds into the phase), the
    next tick waits until then (and still at least one interval). A phase that
    is already over when its turn comes (the process was stopped with Ctrl-Z,
    say) is skipped instead of flashed by, and the session stays on its
    timetable. Ctrl-C raises :class:`SessionInterrupted` with the outcome so
    far; a cycle counts only once all its phases elapsed.
    """
    if tick_interval <= 0:
        raise ValueError("tick_interval must be positive")
    t0 = clock.monotonic()
    started = 0
    try:
        for number, phase in enumerate(timetable):
            start_at = t0 + phase.start
            end_at = t0 + phase.end
            _sleep_until(clock, start_at)
            is_last = number == len(timetable) - 1
            if clock.monotonic() >= end_at and not is_last:
                continue
            wanted = on_phase(phase)
            started += 1
            if on_tick is None:
                _sleep_until(clock, end_at)
                continue
            due = tick_interval  # seconds into the phase of the next tick
            while True:
                if wanted is not None and wanted > due:
                    due = wanted
                tick_at = start_at + due
                if tick_at >= end_at:
                    break
                _sleep_until(clock, tick_at)
                now = clock.monotonic()
                if now >= end_at:
                    break
                wanted = on_tick(phase, now - start_at)
                # Skip grid points already passed (a slow frame) rather than
                # drawing several frames back to back to catch up.
                passed = clock.monotonic() - tick_at
                due += tick_interval * max(1, math.floor(passed / tick_interval) + 1)
            _sleep_until(clock, end_at)
    except KeyboardInterrupt:
        elapsed = clock.monotonic() - t0
        outcome = SessionOutcome(
            cycles_completed=cycles_completed(timetable, elapsed),
            actual_seconds=elapsed,
            completed=False,
            phases_started=started,
        )
        raise SessionInterrupted(outcome) from None
    return SessionOutcome(
        cycles_completed=timetable[-1].cycle + 1 if timetable else 0,
        actual_seconds=clock.monotonic() - t0,
        completed=True,
        phases_started=started,
    )


# Below this a remaining wait is float noise, not time worth sleeping for.
_EPSILON = 1e-6


def _sleep_until(clock: Clock, target: float) -> None:
    """Sleep until ``target`` on the monotonic clock (at once when late).

    Loops because a sleep may end early (a signal on some platforms); each
    round re-measures from the clock, so an early wake-up costs nothing.
    """
    remaining = target - clock.monotonic()
    while remaining > _EPSILON:
        clock.sleep(remaining)
        remaining = target - clock.monotonic()
