"""Time as a dependency: the clock the program runs on.

Everything that waits or timestamps takes a :class:`Clock`, so a five-minute
breathing session runs in milliseconds under test with a fake one
(``tests/fake_clock.py``).
The machine's time zone and local time (for ``stresscheck plan``) are read
here too, so tests can fix "now" in one place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import UTC, datetime
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
