"""The history of quizzes and breathing sessions as plain, immutable records.

These records are what the store keeps, what ``history --json`` prints and what
an export holds (the contract's section 2). ``to_json`` gives the contract's
item shape; ``from_json`` reads it back and checks every key, because the same
shape comes back in from import files and from the database.

Times are kept in UTC to the whole second: the JSON form shows them that way,
and normalising on construction is what makes export then import give back
exactly equal records.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple, NotRequired, TypedDict

from stresscheck.core.text import terminal_safe

# The same as core.questionnaire's ACTIONS (a test keeps them equal); not imported,
# so that reading the history does not load the questionnaire model.
ACTIONS = ("urgent", "gp", "physiotherapy", "breathe")
STATUSES = ("completed", "interrupted")
TENSION_MIN = 0
TENSION_MAX = 10
# Record ids are uuid4 hex when we make them; imports may carry any id of this
# shape, which keeps them safe to print and to use as a key.
_UID = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")
# A chosen option of a multi question is a number or an id of this shape (a
# questionnaire's option ids, bounded): safe in every view and every export.
_OPTION_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\Z")
# A multi answer lists at most this many options; no questionnaire has more.
MAX_CHOSEN = 50

# Every number in a record is bounded, so that whatever is stored (saved or
# imported) can also be shown: far from the float limit, sums, differences and
# averages over years of records stay finite (1.7e308 - -1.7e308 is infinite,
# and an infinite score turned every view into "cannot convert NaN"), and whole
# numbers fit SQLite's INTEGER. Each bound is far above anything honest:
# * an answer is an option's value, and a questionnaire's values are within a
#   million (adapters.schema.NUMBER_LIMIT; a test keeps them equal);
# * a score or a maximum adds up at most 500 questions of at most 500 chosen
#   options of a million each (2.5e11): a million million leaves room;
# * a questionnaire version, like every whole number in a questionnaire, is at
#   most a million; so is a domain's count of missing answers;
# * a session lasts at most 240 minutes (core.breathing); a week leaves room
#   for a run paused with Ctrl-Z. Its cycles (at least half a second each)
#   are then at most 28,800: a hundred thousand leaves room;
# * a time lies between the years 1900 and 2999 (UTC): wider than any diary,
#   and every time in it can be converted to UTC and back. (Year 1 with a
#   positive offset, or year 9999 with a negative one, cannot.)
ANSWER_LIMIT = 1_000_000
SCORE_LIMIT = 1_000_000_000_000
COUNT_LIMIT = 1_000_000
SECONDS_LIMIT = 7 * 24 * 3600
CYCLES_LIMIT = 100_000
FIRST_YEAR = 1900
LAST_YEAR = 2999

KeyPath = tuple[str | int, ...]
# As core.questionnaire's OptionValue and AnswerValue: a single-choice answer is
# a number, a multi answer the tuple of the chosen options' values.
OptionValue = float | str
AnswerValue = float | tuple[OptionValue, ...]
Status = Literal["completed", "interrupted"]

ADVICE_KEYS = ("action", "exercise", "reasons")
# Optional: the reasons without language (core.advice.reason_data), for reports in
# another language. Records from before it was kept have only their sentences.
REASON_DATA = "reason_data"
# The catalogue keys a stored reason may name (core.advice makes no others).
REASON_KEYS = (
    "advice.reason.red_flag",
    "advice.reason.domain_level",
    "advice.reason.total",
    "advice.reason.answer",
    "advice.reason.no_pattern",
    "advice.reason.rule",
    "advice.reason.history",
    "advice.reason.body_map_spread",
)
# Bounds far above what one advice holds: a rule's reasons, a handful of fields,
# the insight's few lines, a text in a few languages.
MAX_REASONS = 100
MAX_REASON_FIELDS = 30
MAX_REASON_LINES = 30
MAX_TEXT_LANGUAGES = 20
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
_LINE_KEY = re.compile(r"insight\.[a-z0-9_]{1,32}(?:\.[a-z0-9_]{1,32})?\Z")
# A language code as a questionnaire file has it, or "*" (the same in every language).
_TEXT_LANG = re.compile(r"(?:\*|[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)\Z")


class DomainScoreDict(TypedDict):
    """One domain's stored result; score and level are None when too much was missing."""

    score: float | None
    max: float
    level: str | None
    missing: int


class TotalDict(TypedDict):
    """The stored overall score."""

    score: float | None
    level: str | None


ReasonField = float | str | list[OptionValue] | None


class ReasonLineDict(TypedDict):
    """One catalogue line of a reason from history (``insight.*``), numbers as numbers."""

    key: str
    fields: dict[str, float | str]


class ReasonDataDict(TypedDict):
    """One reason without language: a catalogue key and its facts (ids, values, numbers),
    with a questionnaire file's own sentence in all its languages, or history lines."""

    key: str
    fields: dict[str, ReasonField]
    text: NotRequired[dict[str, str]]
    lines: NotRequired[list[ReasonLineDict]]


class AdviceDict(TypedDict):
    """The stored advice: what was advised and why.

    ``reasons`` are the sentences as shown, written in the record's ``lang``;
    ``reason_data`` (when kept) says them again in any language.
    """

    action: str
    exercise: str | None
    reasons: list[str]
    reason_data: NotRequired[list[ReasonDataDict]]


class RecordError(ValueError):
    """Data that does not have the history's shape.

    ``path`` locates the bad value (``("quizzes", 3, "answers", "fatigue_1")``),
    ``code`` names the problem for the message catalogue (``store.problem.<code>``)
    and ``fields`` fill in its message.
    """

    def __init__(self, path: KeyPath, code: str, **fields: Any) -> None:
        self.path = path
        self.code = code
        self.fields = fields
        super().__init__(f"{format_key_path(path) or '(top)'}: {code}")


def format_key_path(path: KeyPath) -> str:
    """``('quizzes', 3, 'answers')`` -> ``quizzes[3].answers``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def new_uid() -> str:
    """A fresh record id (uuid4 hex): unique across computers, so imports can dedupe."""
    return uuid.uuid4().hex


def utc_second(moment: datetime) -> datetime:
    """``moment`` in UTC without its fraction of a second; naive times are refused."""
    if moment.tzinfo is UTC and not moment.microsecond:
        return moment  # the common case, fast: every record is made, read and kept so
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a history time must carry its UTC offset")
    return moment.astimezone(UTC).replace(microsecond=0)


# --- checking JSON-shaped data --------------------------------------------------


def _mapping(value: Any, path: KeyPath, keys: Iterable[str]) -> Mapping[str, Any]:
    """A mapping with exactly ``keys``: a missing or an unknown key is an error."""
    if type(value) is not dict and not isinstance(value, Mapping):
        raise RecordError(path, "not_object")
    wanted = tuple(keys)
    if len(value) == len(wanted) and all(map(value.__contains__, wanted)):
        return value  # the common case, fast: exactly these keys
    for key in value:
        if key not in wanted:
            raise RecordError((*path, str(key)), "unknown_key")
    for key in wanted:
        if key not in value:
            raise RecordError((*path, key), "missing")
    return value


def _text(value: Any, path: KeyPath) -> str:
    """A stored or imported text, made safe for a terminal as it is read: an export
    could hold a title change or a screen clear, and every view shows these texts."""
    if type(value) is str and value.isprintable() and value and not value.isspace():
        return value  # the common case, fast: nothing to make safe, not empty
    if not isinstance(value, str):
        raise RecordError(path, "not_text")
    safe = terminal_safe(value)
    if not safe.strip():
        raise RecordError(path, "empty")
    return safe


def _plain(value: Any) -> bool:
    """Whether ``value`` is a text ``_text`` keeps exactly as it is."""
    return type(value) is str and value.isprintable() and bool(value) and not value.isspace()


def _optional_text(value: Any, path: KeyPath) -> str | None:
    return None if value is None else _text(value, path)


def _number(value: Any, path: KeyPath, low: float, high: float) -> float:
    """A finite number from ``low`` to ``high``."""
    kind = type(value)
    # The common case, fast (years of records are read through here). NaN fails
    # the comparison, infinity is out of range, and type() is never bool here.
    if (kind is float or kind is int) and low <= value <= high:
        return float(value)
    # bool is an int in Python, but `true` is never a score.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(path, "not_number")
    # Compared before float(): a huge whole number would overflow it.
    if isinstance(value, float) and not math.isfinite(value):
        raise RecordError(path, "not_number")
    if value < 0 <= low:
        raise RecordError(path, "negative")
    if not low <= value <= high:
        raise RecordError(path, "number_range", low=low, high=high)
    return float(value)


def _whole(value: Any, path: KeyPath, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(path, "not_whole")
    if not low <= value <= high:
        raise RecordError(path, "out_of_range", low=low, high=high)
    return value


def _boolean(value: Any, path: KeyPath) -> bool:
    if not isinstance(value, bool):
        raise RecordError(path, "not_boolean")
    return value


def _texts(value: Any, path: KeyPath) -> list[str]:
    if not isinstance(value, list):
        raise RecordError(path, "not_list")
    if all(_plain(item) for item in value):  # the common case, fast
        return list(value)
    return [_text(item, (*path, index)) for index, item in enumerate(value)]


def _uid(value: Any, path: KeyPath) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise RecordError(path, "bad_id")
    return value


def _time(value: Any, path: KeyPath) -> datetime:
    if not isinstance(value, str):
        raise RecordError(path, "bad_time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise RecordError(path, "bad_time") from None
    if moment.tzinfo is None:
        raise RecordError(path, "no_offset")
    return in_time_range(moment, path)


def in_time_range(moment: datetime, path: KeyPath = ()) -> datetime:
    """``moment`` (with its UTC offset) in UTC to the second, if its year in UTC is
    from ``FIRST_YEAR`` to ``LAST_YEAR``; else RecordError ``time_range``."""
    try:
        moment = utc_second(moment)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        moment = datetime.min.replace(tzinfo=UTC)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise RecordError(path, "time_range", first=FIRST_YEAR, last=LAST_YEAR)
    return moment


# --- the records' shape ----------------------------------------------------------
#
# One table per record (and per part of a quiz kept as an object) says its keys
# in the contract's order, the attribute each is kept in and what kind of value
# it holds. from_json and to_json read it, the store's columns are its
# attributes, and the export's schema (adapters.sources.export) is made from it.


class Kind(NamedTuple):
    """What one key holds: ``type`` names its reader (``_reader``); a number
    (``number``, ``whole``) lies from ``low`` to ``high``; ``optional``: or null."""

    type: str
    low: int = 0
    high: int = 0
    optional: bool = False


class Key(NamedTuple):
    """One key of a record: its ``name`` in JSON, the record's ``attribute`` (also
    the store's column) and its ``kind``."""

    name: str
    attribute: str
    kind: Kind


ID = Kind("id")
TIME = Kind("time")
TEXT = Kind("text")
LEVEL = Kind("text", optional=True)
COUNT = Kind("whole", 0, COUNT_LIMIT)
SCORE = Kind("number", -SCORE_LIMIT, SCORE_LIMIT, optional=True)
SECONDS = Kind("number", 0, SECONDS_LIMIT)
CYCLES = Kind("whole", 0, CYCLES_LIMIT)
TENSION = Kind("whole", TENSION_MIN, TENSION_MAX, optional=True)
# Said by ``completed`` too (the two must agree): not kept apart, in no column.
STATUS = Kind("status")

QUIZ_FIELDS = (
    Key("id", "uid", ID),
    Key("at", "at", TIME),
    Key("questionnaire", "questionnaire_id", TEXT),
    Key("questionnaire_version", "questionnaire_version", COUNT),
    Key("lang", "lang", TEXT),
    Key("answers", "answers", Kind("answers")),
    Key("domains", "domains", Kind("domains")),
    Key("total", "total", Kind("total", optional=True)),
    Key("red_flags", "red_flags", Kind("texts")),
    Key("advice", "advice", Kind("advice")),
)
SESSION_FIELDS = (
    Key("id", "uid", ID),
    Key("at", "at", TIME),
    Key("exercise", "exercise_id", TEXT),
    Key("planned_seconds", "planned_seconds", SECONDS),
    Key("actual_seconds", "actual_seconds", SECONDS),
    Key("cycles_planned", "cycles_planned", CYCLES),
    Key("cycles_completed", "cycles_completed", CYCLES),
    Key("status", "status", STATUS),
    Key("completed", "completed", Kind("boolean")),
    Key("tension_before", "tension_before", TENSION),
    Key("tension_after", "tension_after", TENSION),
)
DOMAIN_FIELDS = (
    Key("score", "score", SCORE),
    Key("max", "max", Kind("number", 0, SCORE_LIMIT)),
    Key("level", "level", LEVEL),
    Key("missing", "missing", COUNT),
)
TOTAL_FIELDS = (Key("score", "score", SCORE), Key("level", "level", LEVEL))

QUIZ_KEYS = tuple(key.name for key in QUIZ_FIELDS)
SESSION_KEYS = tuple(key.name for key in SESSION_FIELDS)
DOMAIN_KEYS = tuple(key.name for key in DOMAIN_FIELDS)
TOTAL_KEYS = tuple(key.name for key in TOTAL_FIELDS)


def _domains(value: Any, path: KeyPath) -> dict[str, DomainScoreDict]:
    if not isinstance(value, Mapping):
        raise RecordError(path, "not_object")
    domains: dict[str, DomainScoreDict] = {}
    for domain_id, raw in value.items():
        # The common case, fast: exactly the four keys, each of the usual kind and
        # within its bounds (DOMAIN_FIELDS, inline: this runs for every domain of
        # years of records). Anything else takes the careful way, which names it.
        if type(raw) is dict and len(raw) == len(DOMAIN_KEYS):
            score, maximum = raw.get("score"), raw.get("max")
            level, missing = raw.get("level"), raw.get("missing")
            if (
                (type(score) is float or type(score) is int)
                and -SCORE_LIMIT <= score <= SCORE_LIMIT
                and (type(maximum) is float or type(maximum) is int)
                and 0 <= maximum <= SCORE_LIMIT
                and _plain(level)
                and type(missing) is int
                and 0 <= missing <= COUNT_LIMIT
            ):
                domains[domain_id] = {
                    "score": float(score),
                    "max": float(maximum),
                    "level": level,
                    "missing": missing,
                }
                continue
        here = (*path, domain_id)
        item = _mapping(raw, here, DOMAIN_KEYS)
        domains[domain_id] = _read_keys(_DOMAIN_READERS, item, here)  # type: ignore[assignment]
    return domains


def _total(value: Any, path: KeyPath) -> TotalDict:
    return _read_keys(_TOTAL_READERS, _mapping(value, path, TOTAL_KEYS), path)  # type: ignore[return-value]


def _advice(value: Any, path: KeyPath) -> AdviceDict:
    keys = (
        (*ADVICE_KEYS, REASON_DATA)
        if isinstance(value, Mapping) and REASON_DATA in value
        else ADVICE_KEYS
    )
    item = _mapping(value, path, keys)
    action = item["action"]
    if action not in ACTIONS:
        raise RecordError((*path, "action"), "bad_choice", choices=", ".join(ACTIONS))
    advice: AdviceDict = {
        "action": action,
        "exercise": _optional_text(item["exercise"], (*path, "exercise")),
        "reasons": _texts(item["reasons"], (*path, "reasons")),
    }
    if REASON_DATA in item:
        advice["reason_data"] = _reason_data(item[REASON_DATA], (*path, REASON_DATA))
    return advice


def _bounded_list(value: Any, path: KeyPath, limit: int) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise RecordError(path, "not_list")
    if len(value) > limit:
        raise RecordError(path, "too_many", limit=limit)
    return list(value)


def _bounded_mapping(
    value: Any, path: KeyPath, limit: int, name: re.Pattern[str]
) -> Mapping[str, Any]:
    """A mapping of at most ``limit`` keys, each matching ``name``."""
    if not isinstance(value, Mapping):
        raise RecordError(path, "not_object")
    if len(value) > limit:
        raise RecordError(path, "too_many", limit=limit)
    for key in value:
        if not isinstance(key, str) or not name.match(key):
            raise RecordError((*path, str(key)), "bad_id")
    return value


def read_reason_field(value: Any, path: KeyPath = (), *, lists: bool = True) -> ReasonField:
    """A fact of a reason: none, a number, a text (an id, a level), or chosen options."""
    if value is None:
        return None
    if isinstance(value, str):
        return _text(value, path)
    if lists and isinstance(value, list | tuple):
        answer = read_answer(value, path)
        return list(answer) if isinstance(answer, tuple) else answer
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(path, "not_number")
    return _number(value, path, -SCORE_LIMIT, SCORE_LIMIT)


def _reason_fields(value: Any, path: KeyPath, *, lists: bool) -> dict[str, ReasonField]:
    fields = _bounded_mapping(value, path, MAX_REASON_FIELDS, _FIELD_NAME)
    if all(_plain_fact(field) for field in fields.values()):  # the common case, fast
        return {
            key: None if f is None else f if type(f) is str else float(f)
            for key, f in fields.items()
        }
    return {
        key: read_reason_field(field, (*path, key), lists=lists) for key, field in fields.items()
    }


def _plain_fact(value: Any) -> bool:
    """Whether ``read_reason_field`` keeps ``value`` as it is (a number: as a float)."""
    kind = type(value)
    if kind is float or kind is int:
        return bool(-SCORE_LIMIT <= value <= SCORE_LIMIT)
    return value is None or _plain(value)


# The keys of a reason's data: a rule's reason has its text, a history reason its lines.
_REASON_ITEM_KEYS = {
    "": ("key", "fields"),
    "advice.reason.rule": ("key", "fields", "text"),
    "advice.reason.history": ("key", "fields", "lines"),
}


def _reason_item(value: Any, path: KeyPath) -> ReasonDataDict:
    """One reason's data. A rule's reason needs its ``text``, a history reason its
    ``lines``; no other reason has either."""
    key = value.get("key") if isinstance(value, Mapping) else None
    keys = _REASON_ITEM_KEYS.get(key if isinstance(key, str) else "", _REASON_ITEM_KEYS[""])
    item = _mapping(value, path, keys)
    if item["key"] not in REASON_KEYS:
        raise RecordError((*path, "key"), "bad_choice", choices=", ".join(REASON_KEYS))
    reason: ReasonDataDict = {
        "key": item["key"],
        "fields": _reason_fields(item["fields"], (*path, "fields"), lists=True),
    }
    if "text" in item:
        here = (*path, "text")
        texts = _bounded_mapping(item["text"], here, MAX_TEXT_LANGUAGES, _TEXT_LANG)
        if not texts:
            raise RecordError(here, "empty")
        if all(map(_plain, texts.values())):  # the common case, fast
            reason["text"] = dict(texts)
        else:
            reason["text"] = {lang: _text(text, (*here, lang)) for lang, text in texts.items()}
    if "lines" in item:
        here = (*path, "lines")
        lines = _bounded_list(item["lines"], here, MAX_REASON_LINES)
        reason["lines"] = [_reason_line(line, (*here, index)) for index, line in enumerate(lines)]
    return reason


def _reason_line(value: Any, path: KeyPath) -> ReasonLineDict:
    item = _mapping(value, path, ("key", "fields"))
    key = item["key"]
    if not isinstance(key, str) or not _LINE_KEY.match(key):
        raise RecordError((*path, "key"), "bad_id")
    fields: dict[str, float | str] = {}
    for name, fact in _reason_fields(item["fields"], (*path, "fields"), lists=False).items():
        if fact is None or isinstance(fact, list):  # lists=False: a list is refused already
            raise RecordError((*path, "fields", name), "not_number")
        fields[name] = fact
    return {"key": key, "fields": fields}


def _reason_data(value: Any, path: KeyPath) -> list[ReasonDataDict]:
    items = _bounded_list(value, path, MAX_REASONS)
    return [_reason_item(item, (*path, index)) for index, item in enumerate(items)]


def reason_data_json(data: list[ReasonDataDict]) -> list[dict[str, Any]]:
    """Stored reason data as fresh JSON containers."""
    out: list[dict[str, Any]] = []
    for reason in data:
        item: dict[str, Any] = {
            "key": reason["key"],
            "fields": {
                name: list(value) if isinstance(value, list | tuple) else value
                for name, value in reason["fields"].items()
            },
        }
        if "text" in reason:
            item["text"] = dict(reason["text"])
        if "lines" in reason:
            item["lines"] = [
                {"key": line["key"], "fields": dict(line["fields"])} for line in reason["lines"]
            ]
        out.append(item)
    return out


def _option(value: Any, path: KeyPath) -> OptionValue:
    """One chosen option of a multi answer: a number, or an option id."""
    if isinstance(value, str):
        if not _OPTION_ID.match(value):
            raise RecordError(path, "bad_option")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(path, "bad_option")
    return _number(value, path, -ANSWER_LIMIT, ANSWER_LIMIT)


def read_answer(value: Any, path: KeyPath = ()) -> AnswerValue:
    """A stored answer: a number, or a list of at most ``MAX_CHOSEN`` chosen
    options (numbers or option ids), which the record keeps as a tuple."""
    kind = type(value)
    if kind is float or kind is int:  # the common case, first
        return _number(value, path, -ANSWER_LIMIT, ANSWER_LIMIT)
    if isinstance(value, list | tuple):
        if len(value) > MAX_CHOSEN:
            raise RecordError(path, "too_many", limit=MAX_CHOSEN)
        return tuple(_option(item, (*path, index)) for index, item in enumerate(value))
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(path, "not_answer")
    return _number(value, path, -ANSWER_LIMIT, ANSWER_LIMIT)


def _answers(value: Any, path: KeyPath) -> dict[str, AnswerValue]:
    if not isinstance(value, Mapping):
        raise RecordError(path, "not_object")
    answers: dict[str, AnswerValue] = {}
    for key, answer in value.items():
        kind = type(answer)
        # The common case, fast: a plain key (as _plain, inline: this runs for every
        # answer of years of records) and a number in range, kept as they are.
        if (
            (kind is float or kind is int)
            and -ANSWER_LIMIT <= answer <= ANSWER_LIMIT
            and type(key) is str
            and key.isprintable()
            and key
            and not key.isspace()
        ):
            answers[key] = float(answer)
        else:
            answers[_text(key, path)] = read_answer(answer, (*path, key))
    return answers


def answer_json(value: AnswerValue) -> float | list[OptionValue]:
    """An answer as JSON has it: a number, or a list of the chosen options."""
    return list(value) if isinstance(value, tuple) else value


def _advice_json(value: AdviceDict) -> dict[str, Any]:
    advice: dict[str, Any] = {**value, "reasons": list(value["reasons"])}
    if REASON_DATA in value:
        advice["reason_data"] = reason_data_json(value["reason_data"])
    return advice


# --- the tables at work ------------------------------------------------------------

# Reads (checks) one key's value: the value, the key path of its object and its key.
Reader = Callable[[Any, KeyPath, str], Any]
_CHECKS: dict[str, Callable[[Any, KeyPath], Any]] = {
    "id": _uid,
    "time": _time,
    "texts": _texts,
    "answers": _answers,
    "domains": _domains,
    "total": _total,
    "advice": _advice,
}
# How a kind is written as JSON (fresh containers: changing them changes nothing
# in the record); a kind not named here is written as it is kept.
_WRITERS: dict[str, Callable[[Any], Any]] = {
    "time": datetime.isoformat,
    "texts": list,
    "answers": lambda answers: {key: answer_json(value) for key, value in answers.items()},
    "domains": lambda domains: {key: dict(value) for key, value in domains.items()},
    "total": lambda total: None if total is None else dict(total),
    "advice": _advice_json,
}


def _reader(kind: Kind) -> Reader:
    """The reader of ``kind``. Its common case (years of records are read through
    here) returns before making the value's key path, which only a mistake needs."""
    low, high, optional = kind.low, kind.high, kind.optional
    if kind.type == "number":

        def number(value: Any, path: KeyPath, name: str) -> float | None:
            of = type(value)
            if (of is float or of is int) and low <= value <= high:
                return float(value)
            return None if value is None and optional else _number(value, (*path, name), low, high)

        return number
    if kind.type == "whole":

        def whole(value: Any, path: KeyPath, name: str) -> int | None:
            if type(value) is int and low <= value <= high:
                return value
            return None if value is None and optional else _whole(value, (*path, name), low, high)

        return whole
    if kind.type == "text":

        def text(value: Any, path: KeyPath, name: str) -> str | None:
            if type(value) is str and value.isprintable() and value and not value.isspace():
                return value  # as _plain, inline
            return None if value is None and optional else _text(value, (*path, name))

        return text
    if kind.type == "boolean":

        def boolean(value: Any, path: KeyPath, name: str) -> bool:
            return value if type(value) is bool else _boolean(value, (*path, name))

        return boolean
    check = _CHECKS[kind.type]

    def other(value: Any, path: KeyPath, name: str) -> Any:
        if value is None and optional:
            return None
        try:
            return check(value, ())
        except RecordError as problem:  # placed now: a path made only when needed
            raise RecordError(
                (*path, name, *problem.path), problem.code, **problem.fields
            ) from None

    return other


def _readers(keys: tuple[Key, ...]) -> tuple[tuple[str, str, Reader], ...]:
    """(name, attribute, reader) of each key a record keeps (``status`` is derived)."""
    return tuple((key.name, key.attribute, _reader(key.kind)) for key in keys if key.kind != STATUS)


def _read_keys(
    readers: tuple[tuple[str, str, Reader], ...], item: Mapping[str, Any], path: KeyPath
) -> dict[str, Any]:
    """The values of ``item``'s keys by attribute, checked in their order."""
    return {attribute: read(item[name], path, name) for name, attribute, read in readers}


def _read_values(
    readers: tuple[tuple[str, str, Reader], ...], item: Mapping[str, Any], path: KeyPath
) -> list[Any]:
    """The same values in a list: a record's fields, in its order (a test keeps the
    tables in the records' order)."""
    return [read(item[name], path, name) for name, _, read in readers]


Writers = tuple[tuple[str, str, Callable[[Any], Any] | None], ...]


def _writers(keys: tuple[Key, ...]) -> Writers:
    """(name, attribute, writer) of each key; a writer None: written as kept."""
    return tuple((key.name, key.attribute, _WRITERS.get(key.kind.type)) for key in keys)


def _to_json(record: QuizRecord | SessionRecord, writers: Writers) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name, attribute, write in writers:
        value = getattr(record, attribute)
        item[name] = value if write is None else write(value)
    return item


_QUIZ_READERS = _readers(QUIZ_FIELDS)
_SESSION_READERS = _readers(SESSION_FIELDS)
_DOMAIN_READERS = _readers(DOMAIN_FIELDS)
_TOTAL_READERS = _readers(TOTAL_FIELDS)
_QUIZ_WRITERS = _writers(QUIZ_FIELDS)
_SESSION_WRITERS = _writers(SESSION_FIELDS)


# --- records --------------------------------------------------------------------


@dataclass(frozen=True)
class QuizRecord:
    """One finished quiz: enough to show it, and to score it again later.

    ``answers`` are the chosen option values by question id, so a later version
    of the scoring can recompute ``domains`` and ``total`` from them: a number,
    or for a multi question the tuple of the chosen values (ids or numbers).
    """

    uid: str
    at: datetime
    questionnaire_id: str
    questionnaire_version: int
    lang: str
    answers: dict[str, AnswerValue]
    domains: dict[str, DomainScoreDict]
    total: TotalDict | None
    red_flags: list[str]
    advice: AdviceDict

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", utc_second(self.at))

    def to_json(self) -> dict[str, Any]:
        """The contract's quiz item (fresh containers: changing them changes nothing here)."""
        return _to_json(self, _QUIZ_WRITERS)

    @classmethod
    def from_json(cls, data: Any, path: KeyPath = ()) -> QuizRecord:
        """Read a quiz item; RecordError names the first bad key path."""
        return cls(*_read_values(_QUIZ_READERS, _mapping(data, path, QUIZ_KEYS), path))


@dataclass(frozen=True)
class SessionRecord:
    """One breathing session, finished or interrupted, with the tension ratings (0-10)."""

    uid: str
    at: datetime
    exercise_id: str
    planned_seconds: float
    actual_seconds: float
    cycles_planned: int
    cycles_completed: int
    completed: bool
    tension_before: int | None = None
    tension_after: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", utc_second(self.at))

    @property
    def status(self) -> Status:
        """``completed`` or ``interrupted``, as the contract spells it."""
        return "completed" if self.completed else "interrupted"

    @property
    def relief(self) -> int | None:
        """How much the tension dropped (before minus after), when both were rated."""
        if self.tension_before is None or self.tension_after is None:
            return None
        return self.tension_before - self.tension_after

    def to_json(self) -> dict[str, Any]:
        """The contract's session item."""
        return _to_json(self, _SESSION_WRITERS)

    @classmethod
    def from_json(cls, data: Any, path: KeyPath = ()) -> SessionRecord:
        """Read a session item; RecordError names the first bad key path."""
        item = _mapping(data, path, SESSION_KEYS)
        completed = _boolean(item["completed"], (*path, "completed"))
        status = item["status"]
        if status not in STATUSES:
            raise RecordError((*path, "status"), "bad_choice", choices=", ".join(STATUSES))
        # Both keys are in the contract; they must not contradict each other.
        if (status == "completed") != completed:
            raise RecordError((*path, "status"), "status_mismatch")
        return cls(*_read_values(_SESSION_READERS, item, path))


@dataclass(frozen=True)
class History:
    """Everything stored, oldest first (records at the same second keep their order)."""

    quizzes: tuple[QuizRecord, ...] = field(default=())
    sessions: tuple[SessionRecord, ...] = field(default=())

    def __post_init__(self) -> None:
        # sorted() is stable, so equal times keep the order they were given in.
        object.__setattr__(self, "quizzes", tuple(sorted(self.quizzes, key=_by_time)))
        object.__setattr__(self, "sessions", tuple(sorted(self.sessions, key=_by_time)))

    def __bool__(self) -> bool:
        return bool(self.quizzes or self.sessions)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """``{"quizzes": [...], "sessions": [...]}`` as ``history --json`` prints it."""
        return {
            "quizzes": [quiz.to_json() for quiz in self.quizzes],
            "sessions": [session.to_json() for session in self.sessions],
        }

    @classmethod
    def from_json(cls, data: Any, path: KeyPath = ()) -> History:
        """Read the ``{"quizzes": [...], "sessions": [...]}`` shape, strictly."""
        item = _mapping(data, path, ("quizzes", "sessions"))
        for key in ("quizzes", "sessions"):
            if not isinstance(item[key], list):
                raise RecordError((*path, key), "not_list")
        return cls(
            quizzes=tuple(
                QuizRecord.from_json(raw, (*path, "quizzes", index))
                for index, raw in enumerate(item["quizzes"])
            ),
            sessions=tuple(
                SessionRecord.from_json(raw, (*path, "sessions", index))
                for index, raw in enumerate(item["sessions"])
            ),
        )


def _by_time(record: QuizRecord | SessionRecord) -> datetime:
    return record.at
