"""A practice plan as an iCalendar file (RFC 5545), for any calendar program.

The ``icalendar`` library writes it: line folding at 75 octets, escaping of
commas, semicolons and newlines, and the VTIMEZONE that every TZID needs are
easy to get wrong by hand. Times are the machine's local time with its zone
(``DTSTART;TZID=Europe/Amsterdam:...``); a machine on UTC gets UTC times,
which need no VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from stresscheck.core.plan import Message, Plan, PlanEvent
from stresscheck.i18n import Translator

# The VTIMEZONE covers a little more than the plan, so a calendar moving an
# event by a day still finds its zone's rules.
_ZONE_MARGIN = timedelta(days=7)


def _text(t: Translator, message: Message) -> str:
    return t(message.key, **message.fields)


def _event(plan_event: PlanEvent, t: Translator, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", plan_event.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", plan_event.start)
    event.add("duration", plan_event.duration)
    if plan_event.count is not None:
        # One recurring event, not N copies: the calendar shows and ends it as one plan.
        event.add("rrule", {"freq": "daily", "count": plan_event.count})
    event.add("summary", _text(t, plan_event.summary))
    event.add("description", "\n".join(_text(t, line) for line in plan_event.description))
    event.add("transp", "OPAQUE")
    return event


def calendar_text(plan: Plan, version: str, stamp: datetime | None = None) -> str:
    """The plan as iCalendar text (CRLF line ends), its texts in the plan's language.

    ``stamp`` is the DTSTAMP (when the file was made; now when not given).
    """
    # The file is written in the language the plan was made in (a language code,
    # like the texts of a questionnaire), whoever reads it later.
    t = Translator(plan.lang)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//stresscheck//stresscheck {version}//{plan.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: events to add, not an invitation to answer (some programs ask otherwise).
    calendar.add("method", "PUBLISH")
    for plan_event in plan.events:
        calendar.add_component(_event(plan_event, t, stamp))
    first = min(event.start for event in plan.events).date()
    last = max(plan.last, plan.recheck.date())
    calendar.add_missing_timezones(first_date=first - _ZONE_MARGIN, last_date=last + _ZONE_MARGIN)
    written: bytes = calendar.to_ical()
    return written.decode("utf-8")
