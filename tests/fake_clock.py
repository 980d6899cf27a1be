"""A clock for tests: a five-minute breathing session runs in milliseconds.

It fits the program's ``stresscheck.adapters.clock.Clock``; it lives with the
tests because the program never uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock for tests: ``sleep`` advances time at once, nothing really waits.

    ``on_sleep`` (if given) is called after each sleep with the new time, so a
    test can act at a chosen moment, e.g. raise KeyboardInterrupt mid-session.
    ``sleeps`` records every requested wait.
    """

    def __init__(
        self,
        start: float = 1000.0,
        wall: datetime | None = None,
        on_sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._now = start
        self._start = start
        self._wall = wall or datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
        self.on_sleep = on_sleep
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """The fake monotonic time."""
        return self._now

    def sleep(self, seconds: float) -> None:
        """Advance time by ``seconds`` (if positive) without waiting."""
        self.sleeps.append(seconds)
        if seconds > 0:
            self._now += seconds
        if self.on_sleep is not None:
            self.on_sleep(self._now)

    def advance(self, seconds: float) -> None:
        """Let time pass without a sleep call (e.g. slow rendering)."""
        self._now += seconds

    def now(self) -> datetime:
        """The fake wall clock, moving with the monotonic one."""
        return self._wall + timedelta(seconds=self._now - self._start)
