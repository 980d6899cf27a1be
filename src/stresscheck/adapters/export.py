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
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from stresscheck.adapters.files import decode_text, first_lines, read_bytes
from stresscheck.adapters.yamlio import KeyPath, YamlProblem, format_path, load_located
from stresscheck.core.history import (
    TENSION_MAX,
    TENSION_MIN,
    AnswerValue,
    History,
    QuizRecord,
    RecordError,
    SessionRecord,
    read_answer,
)
from stresscheck.errors import ContentError
from stresscheck.i18n import Translator

FORMAT_VERSION = 1
# Years of daily practice stay far below this; far above it is the wrong file.
MAX_IMPORT_BYTES = 100_000_000

Exporter = Callable[[History], str]


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
_SESSION_FIELDS = (
    "exercise",
    "planned_seconds",
    "actual_seconds",
    "cycles_planned",
    "cycles_completed",
    "status",
    "tension_before",
    "tension_after",
)
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
    return {
        "kind": "session",
        "id": session.uid,
        "at": session.at.isoformat(),
        "exercise": session.exercise_id,
        "planned_seconds": session.planned_seconds,
        "actual_seconds": session.actual_seconds,
        "cycles_planned": session.cycles_planned,
        "cycles_completed": session.cycles_completed,
        "status": session.status,
        "tension_before": session.tension_before,
        "tension_after": session.tension_after,
    }


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


def _timestamp(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("timestamp", "not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise PydanticCustomError("timestamp", "the time has no UTC offset")
    return value


Timestamp = Annotated[str, AfterValidator(_timestamp)]
RecordId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Text = Annotated[str, Field(pattern=r"\S")]
Number = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Tension = Annotated[int, Field(ge=TENSION_MIN, le=TENSION_MAX)]
# The same choices as the core's ACTIONS (a test keeps them equal).
Action = Literal["urgent", "gp", "physiotherapy", "breathe"]


def _answer(value: Any) -> AnswerValue:
    """An answer as the core reads it (``history.read_answer``): a number, or a
    list of at most ``MAX_CHOSEN`` numbers or option ids. A mistake in a list
    names the item (``index``), which ``_problem_lines`` adds to the key path."""
    try:
        return read_answer(value)
    except RecordError as problem:
        context: dict[str, Any] = dict(problem.fields)
        if problem.path:
            context["index"] = problem.path[0]
        code = "finite_number" if problem.code == "not_number" else problem.code
        raise PydanticCustomError(code, "not a valid answer", context) from None


# A number, or the options chosen in a multi question.
Answer = Annotated[Any, PlainValidator(_answer)]


class _Strict(BaseModel):
    # No coercion ("3" is not 3) and no unknown keys: an export is made by us,
    # so anything else is a damaged or hand-edited file worth pointing at.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DomainScoreModel(_Strict):
    """One domain's stored score."""

    score: Number | None
    max: NonNegative
    level: Text | None
    missing: Count


class TotalModel(_Strict):
    """The stored overall score."""

    score: Number | None
    level: Text | None


class AdviceModel(_Strict):
    """The stored advice and its reasons."""

    action: Action
    exercise: Text | None
    reasons: list[Text]


class QuizModel(_Strict):
    """One quiz item of an export."""

    id: RecordId
    at: Timestamp
    questionnaire: Text
    questionnaire_version: Count
    lang: Text
    answers: dict[str, Answer]
    domains: dict[str, DomainScoreModel]
    total: TotalModel | None
    red_flags: list[Text]
    advice: AdviceModel


class SessionModel(_Strict):
    """One breathing-session item of an export."""

    id: RecordId
    at: Timestamp
    exercise: Text
    planned_seconds: NonNegative
    actual_seconds: NonNegative
    cycles_planned: Count
    cycles_completed: Count
    status: Literal["completed", "interrupted"]
    completed: bool
    tension_before: Tension | None
    tension_after: Tension | None

    @model_validator(mode="after")
    def _status_agrees(self) -> SessionModel:
        if (self.status == "completed") != self.completed:
            raise PydanticCustomError("status_mismatch", "status and completed disagree")
        return self


class ExportModel(_Strict):
    """A JSON export (``format_version`` 1)."""

    format_version: Literal[1]
    quizzes: list[QuizModel]
    sessions: list[SessionModel]


# --- importing: reading and explaining ------------------------------------------------


def _lines(text: str) -> Callable[[KeyPath], int | None]:
    """Where each key path is in the text (JSON is YAML), best effort."""
    try:
        document = load_located(text)
    except YamlProblem:
        return lambda path: None
    return document.line_of


def _field_message(kind: str, context: Mapping[str, Any], t: Translator) -> str:
    fields: dict[str, Any] = {}
    if kind == "literal_error":
        fields["choices"] = str(context.get("expected", "")).replace("'", "")
    for bound in ("ge", "gt", "le", "lt", "limit"):
        if bound in context:
            fields["limit"] = context[bound]
    for key in (f"store.import.field.{kind}", f"files.field.{kind}"):
        if t.has(key):
            return t(key, **fields)
    return t("store.import.field.invalid")


def _problem_lines(
    error: ValidationError, name: str, where: Callable[[KeyPath], int | None], t: Translator
) -> list[str]:
    lines: list[str] = []
    seen: set[KeyPath] = set()
    for item in error.errors(include_url=False):
        path: KeyPath = tuple(part for part in item["loc"] if isinstance(part, str | int))
        index = (item.get("ctx") or {}).get("index")
        if isinstance(index, int):  # an item of a list the validator read as a whole
            path = (*path, index)
        if path in seen:  # one message per place is enough to find the mistake
            continue
        seen.add(path)
        line = where(path)
        lines.append(
            t(
                "files.problem",
                where=f"{name}:{line}" if line else name,
                path=format_path(path) or "(top)",
                message=_field_message(item["type"], item.get("ctx") or {}, t),
            )
        )
    return first_lines(lines, name, t)


def parse_export(text: str, name: str, t: Translator) -> History:
    """Validate the text of a JSON export; ContentError lists every mistake found."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{name}:{error.lineno}"
        raise ContentError([t("store.import.not_json", where=where, column=error.colno)]) from None
    except RecursionError:
        raise ContentError([t("store.import.not_export", file=name)]) from None
    if not isinstance(data, dict) or "format_version" not in data:
        raise ContentError([t("store.import.not_export", file=name)])
    version = data["format_version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ContentError([t("store.import.newer", file=name, version=version)])
    try:
        ExportModel.model_validate(data)
    except ValidationError as error:
        raise ContentError(_problem_lines(error, name, _lines(text), t)) from None
    # The core reads the same shape again (it also guards the database); the
    # schema above has already made sure it will agree.
    try:
        return History.from_json({"quizzes": data["quizzes"], "sessions": data["sessions"]})
    except RecordError as problem:
        line = _lines(text)(problem.path)
        raise ContentError(
            [
                t(
                    "files.problem",
                    where=f"{name}:{line}" if line else name,
                    path=format_path(problem.path) or "(top)",
                    message=t(f"store.problem.{problem.code}", **problem.fields),
                )
            ]
        ) from None


def read_export(path: Path, t: Translator) -> History:
    """Read and validate a JSON export file (what ``stresscheck import FILE`` restores)."""
    name = str(path)
    raw = read_bytes(path, t, limit=MAX_IMPORT_BYTES, too_large="store.import.too_large")
    return parse_export(decode_text(raw, name, t), name, t)
