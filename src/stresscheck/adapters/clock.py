"""Time as a dependency: the real clock for the program, a fake one for tests.

Everything that waits or timestamps takes a :class:`Clock`, so a five-minute
breathing session runs in milliseconds under test with :class:`FakeClock`.
The machine's time zone and local time (for ``stresscheck plan``) are read
here too, so tests can fix "now" in one place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the program needs from time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for measuring and waiting)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` (nothing for zero or less)."""
        ...

    def now(self) -> datetime:
        """The current wall-clock time, timezone-aware, in UTC (for records)."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic``, ``time.sleep`` and UTC now."""

    def monotonic(self) -> float:
        """Seconds on the system's monotonic clock."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep; a negative wait (already late) returns at once."""
        if seconds > 0:
            time.sleep(seconds)

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


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


# --- local time, for plans ------------------------------------------------------------------

# Where the system keeps its zone files; /etc/localtime is a link into it.
_ZONEINFO_MARK = "zoneinfo/"
_LOCALTIME = "/etc/localtime"


def _known_zone(name: str) -> str | None:
    """``name`` if it is an IANA time zone this machine (or tzdata) knows, else None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = name.strip().removeprefix(":")
    if _ZONEINFO_MARK in name:  # TZ=/usr/share/zoneinfo/Europe/Amsterdam
        name = name.rsplit(_ZONEINFO_MARK, 1)[1]
    if not name or name.startswith("/"):
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def local_zone(environ: Mapping[str, str] | None = None) -> str:
    """The machine's time zone as an IANA name (``Europe/Amsterdam``).

    ``TZ`` when it names one, else where ``/etc/localtime`` links to; ``UTC``
    when neither tells (a calendar program needs a name it knows, and a
    wrong guess would move every event).
    """
    env = os.environ if environ is None else environ
    found = _known_zone(env.get("TZ", ""))
    if found is not None:
        return found
    try:
        target = os.path.realpath(_LOCALTIME)
    except OSError:  # pragma: no cover - realpath rarely fails
        target = ""
    if _ZONEINFO_MARK in target:
        found = _known_zone(target)
        if found is not None:
            return found
    return "UTC"


def local_now(zone: str) -> datetime:
    """The current time in ``zone`` (an IANA name from ``local_zone``).

    Plans are made from this; tests replace it to fix "now".
    """
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone))
