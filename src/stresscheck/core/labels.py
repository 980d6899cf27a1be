"""How stored things are named for people: domains, levels, exercises, dates.

Stored records keep ids (``fatigue``, ``high``, ``resonance``); the history
view and the report show the titles from the questionnaire and exercises in
force, in the person's language. A quiz taken with another questionnaire (an
older practice file, an import) may use ids the current one does not know:
then a readable form of the id is shown instead, never an error.

Dates use the catalogue's month names (``25 Nov 2026``, ``25 nov 2026``) rather
than the system locale, which is often missing or English on a Dutch laptop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date as Day
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from stresscheck.core.text import LocalText, format_number, terminal_safe

if TYPE_CHECKING:
    from stresscheck.core.body_map import PlaceCount
    from stresscheck.core.questionnaire import Band, Questionnaire

Translate = Callable[..., str]


def plural_key(key: str, count: int) -> str:
    """The catalogue key for ``count`` of something: ``<key>_one`` or ``<key>_many``."""
    return f"{key}_{'one' if count == 1 else 'many'}"


def readable_id(identifier: str) -> str:
    """``breathing_rate`` -> ``Breathing rate``: the best we can do without a title."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


def level_name(
    questionnaire: Questionnaire | None,
    domain_id: str | None,
    level: str | None,
    translate: Translate,
    lang: str,
) -> str:
    """A level as people read it: the band's own label, else the catalogue's word."""
    if level is None:
        return str(translate("level.none"))
    bands: tuple[Band, ...] = ()
    if questionnaire is not None and domain_id:
        try:
            bands = questionnaire.domain(domain_id).bands
        except KeyError:  # a record of another questionnaire
            bands = ()
    elif questionnaire is not None and questionnaire.total:
        bands = questionnaire.total.bands
    for band in bands:
        if band.level == level and band.label:
            return band.label.get(lang)
    key = f"level.{level}"
    text = str(translate(key))
    return level if text == key else text


class Labels:
    """Names and formats in one language, for one questionnaire and set of exercises.

    ``tz`` is the time zone dates are shown in (None: the computer's own):
    records are stored in UTC, but a quiz at half past midnight belongs to the
    day the person lived it.
    """

    def __init__(
        self,
        translate: Translate,
        lang: str,
        questionnaire: Questionnaire | None = None,
        exercises: Mapping[str, LocalText] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self.t = translate
        self.lang = lang
        self.questionnaire = questionnaire
        self.exercises = dict(exercises or {})
        self.tz = tz
        self._levels: dict[tuple[str, str | None, str | None], str] = {}
        months = translate("report.date.months").split()
        # A broken catalogue must not break a report: fall back to month numbers.
        self._months = months if len(months) == 12 else [str(n) for n in range(1, 13)]

    def _known(self, questionnaire_id: str) -> Questionnaire | None:
        q = self.questionnaire
        return q if q is not None and q.id == questionnaire_id else None

    def _catalogue(self, key: str, fallback: str) -> str:
        text = str(self.t(key))
        return fallback if text == key else text

    # --- questionnaire -------------------------------------------------------------

    def domain(self, questionnaire_id: str, domain_id: str) -> str:
        """A domain's title (``Tiredness``), or its id made readable."""
        q = self._known(questionnaire_id)
        if q is not None:
            for domain in q.domains:
                if domain.id == domain_id:
                    return domain.title.get(self.lang)
        return readable_id(domain_id)

    def level(self, questionnaire_id: str, domain_id: str | None, level: str | None) -> str:
        """A level as people read it (``domain_id`` None: the total's level)."""
        # Asked for every cell of a report's table of self-checks: looked up once each.
        key = (questionnaire_id, domain_id, level)
        found = self._levels.get(key)
        if found is None:
            found = self._levels[key] = self._level(questionnaire_id, domain_id, level)
        return found

    def _level(self, questionnaire_id: str, domain_id: str | None, level: str | None) -> str:
        q = self._known(questionnaire_id)
        if q is not None and (domain_id is None or any(d.id == domain_id for d in q.domains)):
            return level_name(q, domain_id, level, self.t, self.lang)
        if level is None:
            return str(self.t("level.none"))
        return self._catalogue(f"level.{level}", level.replace("_", " "))

    def levels(self, questionnaire_id: str, domain_id: str | None) -> tuple[str, ...]:
        """A domain's (or the total's) level names in band order, when the
        questionnaire is known (else none)."""
        q = self._known(questionnaire_id)
        if q is None:
            return ()
        if domain_id is None:
            return tuple(band.level for band in q.total.bands) if q.total else ()
        return next((d.levels for d in q.domains if d.id == domain_id), ())

    def red_flag(self, questionnaire_id: str, question_id: str) -> str:
        """What a red-flag question was about (its short text), or its id made readable."""
        q = self._known(questionnaire_id)
        if q is not None:
            for question in q.questions:
                if question.id == question_id:
                    return (question.short or question.text).get(self.lang)
        return readable_id(question_id)

    def total_max(
        self, questionnaire_id: str, domains: Mapping[str, Mapping[str, object]]
    ) -> float | None:
        """The highest possible total, when the questionnaire in force says how it is made."""
        q = self._known(questionnaire_id)
        if q is None or q.total is None:
            return None
        maxima = []
        for domain_id in q.total.domains:
            value = domains.get(domain_id, {}).get("max")
            if not isinstance(value, int | float):
                return None
            maxima.append(float(value))
        return sum(maxima)

    def action(self, action: str) -> str:
        """The advice in a word or two, for a table column."""
        return self._catalogue(f"history.action.{action}", action)

    def exercise(self, exercise_id: str) -> str:
        """An exercise's title, or its id when it is not (or no longer) known."""
        title = self.exercises.get(exercise_id)
        if title:
            return title.get(self.lang)
        from stresscheck.core.breathing import PATTERN_PREFIX  # only for ids not in the library

        if exercise_id.startswith(PATTERN_PREFIX):  # a rhythm typed with --pattern
            rhythm = terminal_safe(exercise_id.removeprefix(PATTERN_PREFIX))
            return str(self.t("breathe.pattern_title", pattern=rhythm))
        # An id from the store may predate the import checks: safe for a terminal.
        return terminal_safe(exercise_id)

    # --- numbers and dates ---------------------------------------------------------

    def count(self, key: str, count: int) -> str:
        """``1 self-check`` / ``3 self-checks``, from the keys ``<key>_one``, ``<key>_many``."""
        return str(self.t(plural_key(key, count), count=count))

    def number(self, value: float) -> str:
        """``9.0`` -> ``9``; ``9.5`` -> ``9.5`` (``9,5`` in Dutch)."""
        return format_number(value, self.lang)

    def score(self, score: float | None, maximum: float | None = None) -> str:
        """``9/12``, ``9``, or the catalogue's dash when there is no score."""
        if score is None:
            return str(self.t("level.none"))
        if maximum is None:
            return self.number(score)
        return f"{self.number(score)}/{self.number(maximum)}"

    def minutes(self, seconds: float) -> str:
        """Seconds as minutes, to one decimal when under ten minutes."""
        minutes = seconds / 60
        return self.number(round(minutes, 1) if minutes < 10 else float(round(minutes)))

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the time zone dates are shown in."""
        return moment.astimezone(self.tz)

    def date(self, moment: datetime) -> str:
        """``25 Nov 2026`` (``25 nov 2026`` in Dutch), on the day where it is shown."""
        return self.day(self.local(moment).date())

    def day(self, day: Day) -> str:
        """A calendar day: ``25 Nov 2026`` (``25 nov 2026`` in Dutch)."""
        month = self._months[day.month - 1]
        return str(self.t("report.date.format", day=day.day, month=month, year=day.year))

    def places(self, points: Sequence[PlaceCount], arrow: str = "→", gap: str = "…") -> str:
        """The body map over time in one sentence: ``2 (3 Oct 2026) → 5 (30 Nov 2026)``."""
        from stresscheck.core.body_map import shown_counts

        counts = [
            gap
            if point is None
            else str(self.t("insight.place_count", count=point.places, date=self.date(point.at)))
            for point in shown_counts(points)
        ]
        return str(self.t("insight.places", counts=f" {arrow} ".join(counts)))

    def date_time(self, moment: datetime) -> str:
        """``25 Nov 2026 14:05``."""
        day = self.local(moment)
        return f"{self.date(moment)} {day:%H:%M}"

    def period(self, first: datetime | None, last: datetime | None) -> str:
        """``5 Jan 2026 – 3 Feb 2026``, one date when both fall on the same day."""
        if first is None or last is None:
            return str(self.t("level.none"))
        start, end = self.date(first), self.date(last)
        return start if start == end else str(self.t("report.date.period", start=start, end=end))
