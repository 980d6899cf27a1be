"""Export the history for the person or their therapist, and read an export back.

Exporters are pure: a History in, a string out. The CLI's ``--format`` choices
come from ``EXPORT_FORMATS``, so adding a format is one entry here. Only
``import`` reads a file; every problem in it becomes a ContentError line that
names the file, the line when known, and the key path.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from stresscheck.adapters.sources.files import decode_text, read_bytes
from stresscheck.adapters.sources.problems import MAX_PROBLEM_LINES, plain_number
from stresscheck.core.history import (
    ACTIONS,
    COUNT_LIMIT,
    DOMAIN_FIELDS,
    MAX_REASON_FIELDS,
    MAX_REASON_LINES,
    MAX_REASONS,
    MAX_TEXT_LANGUAGES,
    QUIZ_FIELDS,
    REASON_KEYS,
    SESSION_FIELDS,
    SESSION_KEYS,
    STATUSES,
    TOTAL_FIELDS,
    AnswerValue,
    History,
    Key,
    KeyPath,
    Kind,
    QuizRecord,
    RecordError,
    SessionRecord,
    format_key_path,
    in_time_range,
    read_answer,
    read_reason_field,
)
from stresscheck.errors import ContentError
from stresscheck.speech import Words

FORMAT_VERSION = 1
# Years of daily practice stay far below this; far above it is the wrong file.
MAX_IMPORT_BYTES = 100_000_000

Exporter = Callable[[History], str]
_T = TypeVar("_T")


# --- exporting ----------------------------------------------------------------------


def export_json(history: History) -> str:
    """The ``history --json`` shape plus ``"format_version"``, as ``import`` reads it."""
    document = {"format_version": FORMAT_VERSION, **history.to_json()}
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


_QUIZ_FIELDS = (
    "questionnaire",
    "questionnaire_version",
    "lang",
    "total_score",
    "total_level",
    "advice",
    "advice_exercise",
    "advice_reasons",
    "red_flags",
)
# A session's columns are its JSON keys but ``completed``, which ``status`` says.
_SESSION_FIELDS = tuple(key for key in SESSION_KEYS if key not in ("id", "at", "completed"))
# Joins list cells; a spreadsheet shows one cell per value list. The options of a
# multi answer are ids or numbers, which never hold it.
_LIST_SEPARATOR = " | "
# A multi answer with nothing chosen, told apart from an unanswered question (empty).
EMPTY_CHOICE = "[]"


def _first_seen(keys: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for group in keys:
        for key in group:
            seen.setdefault(key, None)
    return list(seen)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    # A text starting with = + - @ is a formula to a spreadsheet; a leading
    # apostrophe keeps it text (numbers are not texts, so -1.5 stays a number).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def answer_cell(value: AnswerValue) -> float | str:
    """An answer in one CSV cell: the number, or a multi answer's chosen options
    joined by `` | `` (``neck | jaw``; ``[]`` when nothing was chosen)."""
    if not isinstance(value, tuple):
        return value
    if not value:
        return EMPTY_CHOICE
    return _LIST_SEPARATOR.join(str(item) for item in value)


def _quiz_row(quiz: QuizRecord) -> dict[str, Any]:
    row: dict[str, Any] = {
        "kind": "quiz",
        "id": quiz.uid,
        "at": quiz.at.isoformat(),
        "questionnaire": quiz.questionnaire_id,
        "questionnaire_version": quiz.questionnaire_version,
        "lang": quiz.lang,
        "total_score": quiz.total["score"] if quiz.total else None,
        "total_level": quiz.total["level"] if quiz.total else None,
        "advice": quiz.advice["action"],
        "advice_exercise": quiz.advice["exercise"],
        "advice_reasons": _LIST_SEPARATOR.join(quiz.advice["reasons"]),
        "red_flags": _LIST_SEPARATOR.join(quiz.red_flags),
    }
    for domain_id, domain in quiz.domains.items():
        row[f"score_{domain_id}"] = domain["score"]
        row[f"level_{domain_id}"] = domain["level"]
        row[f"max_{domain_id}"] = domain["max"]
        row[f"missing_{domain_id}"] = domain["missing"]
    for question_id, value in quiz.answers.items():
        row[f"answer_{question_id}"] = answer_cell(value)
    return row


def _session_row(session: SessionRecord) -> dict[str, Any]:
    row = {"kind": "session", **session.to_json()}
    del row["completed"]
    return row


def export_csv(history: History) -> str:
    """One row per quiz and per session, oldest first, with a ``kind`` column.

    Domains become ``score_<id>``, ``level_<id>``, ``max_<id>``, ``missing_<id>``
    and answers ``answer_<id>`` columns, in the order they first appear; a cell
    that does not apply to a row is empty. Lists share one cell, their items
    joined by `` | ``: advice reasons, red flags, and the options chosen in a
    multi question (``neck | jaw``; ``[]``: none chosen; empty: not answered).
    """
    domain_ids = _first_seen(quiz.domains for quiz in history.quizzes)
    question_ids = _first_seen(quiz.answers for quiz in history.quizzes)
    header = [
        "kind",
        "id",
        "at",
        *_QUIZ_FIELDS,
        *_SESSION_FIELDS,
        *(f"{part}_{d}" for d in domain_ids for part in ("score", "level", "max", "missing")),
        *(f"answer_{q}" for q in question_ids),
    ]
    records: list[QuizRecord | SessionRecord] = [*history.quizzes, *history.sessions]
    records.sort(key=lambda record: record.at)  # stable: a quiz before a session at a tie
    out = io.StringIO()
    # CRLF as RFC 4180 says; it also makes the writer quote a text holding a
    # lone "\r", which "\n" as terminator would leave bare and break the file.
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    for record in records:
        row = _quiz_row(record) if isinstance(record, QuizRecord) else _session_row(record)
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


EXPORT_FORMATS: dict[str, Exporter] = {"csv": export_csv, "json": export_json}


# --- importing: the file's schema ------------------------------------------------------
#
# The core (``QuizRecord.from_json``, ``SessionRecord.from_json``) decides what a
# record may hold; it also guards the database. This schema says the same in
# pydantic, which explains every mistake of a record at once, with the key path
# and the fix; it is used only for the records the core refuses.


def _timestamp(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("timestamp", "not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise PydanticCustomError("timestamp", "the time has no UTC offset")
    try:
        in_time_range(moment)
    except RecordError as problem:
        raise PydanticCustomError("time_range", "out of range", problem.fields) from None
    return value


Timestamp = Annotated[str, AfterValidator(_timestamp)]
RecordId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Text = Annotated[str, Field(pattern=r"\S")]
if TYPE_CHECKING:  # to mypy, texts; to pydantic, the core's choices
    Action = str
    ReasonKey = str
else:
    Action = Literal[ACTIONS]
    ReasonKey = Literal[REASON_KEYS]


def _as_pydantic(read: Callable[[], _T], what: str) -> _T:
    """What the core's ``read()`` gives, its RecordError told as pydantic's error. A
    mistake in a list names the item (``index``), which ``_model_problems`` adds
    to the key path."""
    try:
        return read()
    except RecordError as problem:
        context: dict[str, Any] = dict(problem.fields)
        if problem.path:
            context["index"] = problem.path[0]
        code = "finite_number" if problem.code == "not_number" else problem.code
        raise PydanticCustomError(code, f"not a valid {what}", context) from None


def _answer(value: Any) -> AnswerValue:
    """An answer as the core reads it (``history.read_answer``): a number, or a
    list of at most ``MAX_CHOSEN`` numbers or option ids."""
    return _as_pydantic(lambda: read_answer(value), "answer")


# A number, or the options chosen in a multi question.
Answer = Annotated[Any, PlainValidator(_answer)]


class _Strict(BaseModel):
    # No coercion ("3" is not 3) and no unknown keys: an export is made by us,
    # so anything else is a damaged or hand-edited file worth pointing at.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# What each kind of key of the core's tables is in pydantic (numbers: by their bounds).
_KINDS: dict[str, Any] = {
    "id": RecordId,
    "time": Timestamp,
    "text": Text,
    "texts": list[Text],
    "boolean": bool,
    "status": Literal[STATUSES],
    "answers": dict[str, Answer],
}


def _annotation(kind: Kind) -> Any:
    plain: Any
    if kind.type == "number":
        plain = Annotated[float, Field(allow_inf_nan=False, ge=kind.low, le=kind.high)]
    elif kind.type == "whole":
        plain = Annotated[int, Field(ge=kind.low, le=kind.high)]
    else:
        plain = _KINDS[kind.type]
    return plain | None if kind.optional else plain


def _model(name: str, keys: tuple[Key, ...], doc: str, base: type[_Strict] = _Strict) -> Any:
    """The model of one of the core's record tables: its keys in order, each its kind."""
    fields: dict[str, Any] = {key.name: (_annotation(key.kind), ...) for key in keys}
    return create_model(name, __base__=base, __doc__=doc, __module__=__name__, **fields)


DomainScoreModel = _model("DomainScoreModel", DOMAIN_FIELDS, "One domain's stored score.")
TotalModel = _model("TotalModel", TOTAL_FIELDS, "The stored overall score.")


def _reason_fact(value: Any, *, lists: bool = True) -> Any:
    """A fact of a stored reason as the core reads it (``history.read_reason_field``)."""
    return _as_pydantic(lambda: read_reason_field(value, lists=lists), "reason field")


def _line_fact(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("finite_number", "not a valid reason field")
    return _reason_fact(value, lists=False)


FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ReasonFact = Annotated[Any, PlainValidator(_reason_fact)]
LineFact = Annotated[Any, PlainValidator(_line_fact)]
TextLanguage = Annotated[str, Field(pattern=r"^(?:\*|[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?)$")]


class ReasonLineModel(_Strict):
    """One catalogue line of a reason from history."""

    key: Annotated[str, Field(pattern=r"^insight\.[a-z0-9_]{1,32}(?:\.[a-z0-9_]{1,32})?$")]
    fields: Annotated[dict[FieldName, LineFact], Field(max_length=MAX_REASON_FIELDS)]


class ReasonDataModel(_Strict):
    """One reason without language: its catalogue key and facts, a file's own
    sentence in its languages (``advice.reason.rule``) or history lines
    (``advice.reason.history``)."""

    key: ReasonKey
    fields: Annotated[dict[FieldName, ReasonFact], Field(max_length=MAX_REASON_FIELDS)]
    text: (
        Annotated[dict[TextLanguage, Text], Field(min_length=1, max_length=MAX_TEXT_LANGUAGES)]
        | None
    ) = None
    lines: Annotated[list[ReasonLineModel], Field(max_length=MAX_REASON_LINES)] | None = None

    @model_validator(mode="after")
    def _parts_fit_key(self) -> ReasonDataModel:
        if (self.text is not None) != (self.key == "advice.reason.rule"):
            raise PydanticCustomError("invalid", "text belongs to a rule's reason only")
        if (self.lines is not None) != (self.key == "advice.reason.history"):
            raise PydanticCustomError("invalid", "lines belong to a history reason only")
        return self


class AdviceModel(_Strict):
    """The stored advice and its reasons (sentences, and optionally their data)."""

    action: Action
    exercise: Text | None
    reasons: list[Text]
    reason_data: Annotated[list[ReasonDataModel], Field(max_length=MAX_REASONS)] | None = None


class _SessionChecks(_Strict):
    @model_validator(mode="after")
    def _status_agrees(self) -> _SessionChecks:
        session = self.__dict__  # its fields, made from SESSION_FIELDS
        if (session["status"] == "completed") != session["completed"]:
            raise PydanticCustomError("status_mismatch", "status and completed disagree")
        return self


# A made model is a value to mypy, not a type: dict[...] of it is checked at run time.
_KINDS.update(domains=dict[str, DomainScoreModel], total=TotalModel, advice=AdviceModel)  # type: ignore[valid-type]
QuizModel = _model("QuizModel", QUIZ_FIELDS, "One quiz item of an export.")
SessionModel = _model(
    "SessionModel", SESSION_FIELDS, "One breathing-session item of an export.", _SessionChecks
)


_LISTS: dict[str, tuple[type[_Strict], Callable[[Any, KeyPath], QuizRecord | SessionRecord]]] = {
    "quizzes": (QuizModel, QuizRecord.from_json),
    "sessions": (SessionModel, SessionRecord.from_json),
}


# --- importing: reading and explaining ------------------------------------------------
#
# An export can be large (years of records, up to MAX_IMPORT_BYTES). It is read
# one record at a time: the JSON parser (C) reads each record, the core checks
# it and keeps the record, and the record's JSON is dropped again. So memory is
# the text plus the records, and a mistake is found where it is, with its place:
# the record's start in the text gives the line, and a walk through that one
# record's text the line of the key. Nothing is stored until the whole file is
# found good.

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# Python refuses to read whole numbers of more digits than this (their
# conversion takes quadratic time); such a number is refused as out of range.
_DIGITS = sys.get_int_max_str_digits() or 4300
_HUGE = 10**30  # out of every range a record has


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) <= _DIGITS:
        return int(digits)
    return -_HUGE if digits.startswith("-") else _HUGE


# Reads a record again when it holds a number of too many digits: that number
# becomes one far out of range, which the checks then name by its key path.
_BOUNDED_DECODER = json.JSONDecoder(parse_int=_bounded_int)


class _NotJson(Exception):
    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class _TooDeep(Exception):
    def __init__(self, path: KeyPath, position: int) -> None:
        super().__init__(path)
        self.path = path
        self.position = position


def _space(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    assert match is not None  # the pattern matches the empty text
    return match.end()


def _next_item(text: str, position: int, close: str) -> int:
    """Past the comma after an item (or at the ``close`` that ends the list or object);
    a comma right before ``close``, or anything else, is not JSON."""
    position = _space(text, position)
    if text.startswith(",", position):
        position = _space(text, position + 1)
        if text.startswith(close, position):
            raise _NotJson(position)
    elif not text.startswith(close, position):
        raise _NotJson(position)
    return position


def _value(text: str, position: int, path: KeyPath) -> tuple[Any, int]:
    """The JSON value at ``position`` and where it ends."""
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise _NotJson(error.pos) from None
    except RecursionError:
        raise _TooDeep(path, position) from None
    except ValueError:  # a whole number of too many digits
        try:
            return _BOUNDED_DECODER.raw_decode(text, position)
        except RecursionError:
            raise _TooDeep(path, position) from None


def _members(text: str, position: int) -> Iterator[tuple[str | int, int]]:
    """The keys (or indexes) and value positions of the object (or list) at ``position``,
    which must be JSON. Each value is skipped with the parser, so ``position`` should
    be the start of one record, or of a value inside one."""
    is_object = text.startswith("{", position)
    closing = "}" if is_object else "]"
    position = _space(text, position + 1)
    index = 0
    while not text.startswith(closing, position):
        key: str | int = index
        if is_object:
            key, position = _DECODER.raw_decode(text, position)
            position = _space(text, _space(text, position) + 1)  # past the colon
        yield key, position
        _, position = _BOUNDED_DECODER.raw_decode(text, position)
        position = _space(text, position)
        if text.startswith(",", position):
            position = _space(text, position + 1)
        index += 1


def locate(text: str, position: int, path: KeyPath) -> int:
    """Where the value at ``path`` starts, inside the JSON value at ``position``; as
    deep as the path exists (a missing key: where the object holding it starts)."""
    try:
        for part in path:
            position = _space(text, position)
            found = None
            for key, start in _members(text, position) if text[position] in "{[" else ():
                if key == part:
                    found = start  # the last one counts, as for the parser
            if found is None:
                break
            position = found
    except (ValueError, RecursionError, IndexError):  # best effort: not JSON after all
        pass
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


class _Problem(NamedTuple):
    path: KeyPath
    position: int  # where to look in the text
    message: Words


class _ExportReader:
    """One pass over an export's text: its records, or the problems with them."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.records: dict[str, list[Any]] = {"quizzes": [], "sessions": []}
        self.problems: list[_Problem] = []
        self.problem_count = 0
        self.version: Any = None
        self.seen: dict[str, int] = {}

    # --- the file -------------------------------------------------------------------

    def read(self) -> History:
        text = self.text
        start = _space(text, 0)
        try:
            if text.startswith("[", start):  # JSON, or not: a list is no export
                raise ContentError([Words("store.import.not_export", file=self.name)])
            if not text.startswith("{", start):  # JSON, if one number, text, true...
                _, end = _value(text, start, ())
                if _space(text, end) != len(text):
                    raise _NotJson(_space(text, end))
                raise ContentError([Words("store.import.not_export", file=self.name)])
            end = self._top(start)
            if _space(text, end) != len(text):  # more after the export's closing brace
                raise _NotJson(_space(text, end))
        except _NotJson as error:
            where = f"{self.name}:{_line(text, error.position)}"
            column = error.position - text.rfind("\n", 0, error.position)
            raise ContentError(
                [Words("store.import.not_json", where=where, column=column)]
            ) from None
        except _TooDeep as error:  # the reading cannot go on past it
            self._add(error.path, error.position, Words("store.import.field.too_deep"))
            raise ContentError(self._lines()) from None
        self._check_version()
        if self.problem_count:
            raise ContentError(self._lines())
        return History(
            quizzes=tuple(self.records["quizzes"]), sessions=tuple(self.records["sessions"])
        )

    def _top(self, position: int) -> int:
        """Read the export's object from its ``{``; where it ends."""
        text = self.text
        position = _space(text, position + 1)
        while not text.startswith("}", position):
            if not text.startswith('"', position):
                raise _NotJson(position)
            try:
                key, position = _DECODER.raw_decode(text, position)  # a text: it starts with "
            except json.JSONDecodeError as error:
                raise _NotJson(error.pos) from None
            position = _space(text, position)
            if not text.startswith(":", position):
                raise _NotJson(position)
            position = _space(text, position + 1)
            if key in self.seen:
                self._add((key,), position, Words("store.import.field.duplicate_key"))
            self.seen[key] = position
            if key in _LISTS and text.startswith("[", position):
                position = self._records(key, position)
            else:
                value, position = _value(text, position, (key,))
                if key == "format_version":
                    self.version = value
                elif key in _LISTS:
                    self._add((key,), self.seen[key], _field_message("list_type", {}))
                else:
                    self._add((key,), self.seen[key], _field_message("extra_forbidden", {}))
            position = _next_item(text, position, "}")
        return position + 1

    def _records(self, key: str, position: int) -> int:
        """Read and check the records of the list at ``position``; where it ends."""
        text = self.text
        model, read = _LISTS[key]
        kept = self.records[key]
        position = _space(text, position + 1)
        index = 0
        while not text.startswith("]", position):
            start = position
            item, position = _value(text, position, (key, index))
            try:
                record = read(item, (key, index))
            except RecordError as problem:
                self._explain(model, key, index, item, start, problem)
            else:
                if not self.problem_count:  # once refused, records are no longer kept
                    kept.append(record)
            position = _next_item(text, position, "]")
            index += 1
        return position + 1

    def _check_version(self) -> None:
        version = self.version
        if "format_version" not in self.seen:
            # Not ours, whatever else it holds (a mistake in it is no help then).
            raise ContentError([Words("store.import.not_export", file=self.name)])
        whole = isinstance(version, int) and not isinstance(version, bool)
        if whole and FORMAT_VERSION < version <= COUNT_LIMIT:
            raise ContentError([Words("store.import.newer", file=self.name, version=version)])
        if not whole or version != FORMAT_VERSION:
            message = _field_message("literal_error", {"expected": str(FORMAT_VERSION)})
            self._add(("format_version",), self.seen["format_version"], message, first=True)
        for key in _LISTS:
            if key not in self.seen:
                self._add((key,), 0, _field_message("missing", {}))

    # --- problems -------------------------------------------------------------------

    def _add(self, path: KeyPath, position: int, message: Words, *, first: bool = False) -> None:
        self.problem_count += 1
        for kept in self.records.values():
            kept.clear()  # nothing will be stored: let the memory go
        problem = _Problem(path, position, message)
        if first:
            self.problems.insert(0, problem)
        elif len(self.problems) < MAX_PROBLEM_LINES:  # the rest are only counted
            self.problems.append(problem)

    def _explain(
        self,
        model: type[_Strict],
        key: str,
        index: int,
        item: Any,
        start: int,
        problem: RecordError,
    ) -> None:
        """Every mistake of the record the core refused, each with its place."""
        found: list[tuple[KeyPath, Words]] = []
        try:
            model.model_validate(item)
        except ValidationError as error:
            found = _model_problems(error)
        if not found:  # a mistake only the core knows of
            found = [(problem.path[2:], Words(f"store.problem.{problem.code}", **problem.fields))]
        for path, message in found:
            self._add((key, index, *path), locate(self.text, start, path), message)

    def _lines(self) -> list[Words]:
        lines = [
            Words(
                "files.problem",
                where=f"{self.name}:{_line(self.text, problem.position)}",
                path=format_key_path(problem.path) or "(top)",
                message=problem.message,
            )
            for problem in self.problems[:MAX_PROBLEM_LINES]
        ]
        rest = self.problem_count - len(lines)
        if rest > 0:
            lines.append(Words("files.more_problems", file=self.name, count=rest))
        return lines


def _field_message(kind: str, context: Mapping[str, Any]) -> Words:
    fields: dict[str, Any] = {
        key: value for key, value in context.items() if isinstance(value, str | int | float)
    }
    if kind == "literal_error":
        fields["choices"] = str(context.get("expected", "")).replace("'", "")
    for bound in ("ge", "gt", "le", "lt", "limit", "min_length", "max_length"):
        if bound in context:
            fields["limit"] = plain_number(context[bound])  # 1000000, not 1000000.0
    from stresscheck.i18n import known

    for key in (f"store.import.field.{kind}", f"files.field.{kind}"):
        if known(key):
            return Words(key, **fields)
    return Words("store.import.field.invalid")


def _model_problems(error: ValidationError) -> list[tuple[KeyPath, Words]]:
    """One (key path, message) per place pydantic found a mistake, in its order."""
    found: list[tuple[KeyPath, Words]] = []
    seen: set[KeyPath] = set()
    for item in error.errors(include_url=False):
        path: KeyPath = tuple(part for part in item["loc"] if isinstance(part, str | int))
        context = item.get("ctx") or {}
        index = context.get("index")
        if isinstance(index, int):  # an item of a list the validator read as a whole
            path = (*path, index)
        if path in seen:  # one message per place is enough to find the mistake
            continue
        seen.add(path)
        found.append((path, _field_message(item["type"], context)))
    return found


def parse_export(text: str, name: str) -> History:
    """Read and check the text of a JSON export, one record at a time.

    ContentError names every mistake found (at most a screenful, then how many
    more) with its line and key path; then no record is returned at all.
    """
    return _ExportReader(text, name).read()


def read_export(path: Path) -> History:
    """Read and validate a JSON export file (what ``stresscheck import FILE`` restores)."""
    name = str(path)
    # The bytes go as soon as they are text: memory is the text and the records.
    text = decode_text(
        read_bytes(path, limit=MAX_IMPORT_BYTES, too_large="store.import.too_large"), name
    )
    return parse_export(text, name)
