"""Reading the files people give us: questionnaires, exercises, answers.

Reading is cheap; validating (``stresscheck.adapters.sources.validation``, pydantic) is
not, so a file whose exact bytes were validated before is taken from the cache
(``stresscheck.adapters.storage.cache``). Every problem is reported as one line naming
the file, the line and the key path, with the fix, in the person's language.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stresscheck.adapters.sources.problems import (
    STDIN,
    Problem,
    display_name,
    format_problems,
    plain_number,
)
from stresscheck.adapters.storage.cache import cached
from stresscheck.errors import ContentError
from stresscheck.speech import Words

if TYPE_CHECKING:
    from stresscheck.adapters.sources.yamlio import LocatedDocument
    from stresscheck.core.breathing import Exercise
    from stresscheck.core.questionnaire import AnswerValue, OptionValue, Question, Questionnaire
    from stresscheck.core.text import LocalText

MAX_FILE_BYTES = 2_000_000


def read_bytes(
    path: Path | str,
    *,
    limit: int = MAX_FILE_BYTES,
    too_large: str = "files.too_large",
) -> bytes:
    """The file's bytes (``-`` is stdin), or a ContentError that says why not.

    More than ``limit`` bytes is refused with the message ``too_large``: every
    kind of file we read has a size no honest file comes near.
    """
    name = display_name(path)
    try:
        if str(path) == STDIN:
            if sys.stdin is None:  # started with stdin closed (<&-)
                raise ContentError([Words("files.stdin_closed")])
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(path).open("rb") as handle:
                raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise ContentError([Words("files.not_found", file=name)]) from None
    except IsADirectoryError:
        raise ContentError([Words("files.is_directory", file=name)]) from None
    except PermissionError:
        raise ContentError([Words("files.no_permission", file=name)]) from None
    except OSError as exc:
        raise ContentError(
            [Words("files.unreadable", file=name, reason=exc.strerror or exc)]
        ) from None
    if len(raw) > limit:
        raise ContentError([Words(too_large, file=name, limit=limit // 1_000_000)])
    return raw


def decode_text(raw: bytes, name: str) -> str:
    """Bytes as text; binary and non-UTF-8 files are errors with a fix."""
    for bom, encoding in ((b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if raw.startswith(bom):  # Windows editors' "Unicode": name it, and the fix
            raise ContentError([Words("files.utf16", file=name, encoding=encoding)])
    if b"\x00" in raw:
        raise ContentError([Words("files.binary", file=name)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([Words("files.not_utf8", file=name, line=line)]) from None


def parse_document(raw: bytes, name: str) -> LocatedDocument:
    """Parse YAML or JSON bytes, keeping the line of every key path."""
    # YAML is imported only here: a file found in the cache never needs it.
    from stresscheck.adapters.sources.yamlio import YamlProblem, load_located

    text = decode_text(raw, name)
    try:
        return load_located(text)
    except YamlProblem as problem:
        where = f"{name}:{problem.line}" if problem.line else name
        raise ContentError(
            [
                Words(
                    f"files.yaml.{problem.kind}",
                    where=where,
                    detail=problem.detail,
                    detail_point=problem.detail.replace(",", "."),
                )
            ]
        ) from None


def load_document(path: Path | str) -> LocatedDocument:
    """Read and parse a YAML or JSON file."""
    return parse_document(read_bytes(path), display_name(path))


def load_questionnaire(
    path: Path | str,
    exercise_files: Sequence[Path | str] | None = None,
) -> Questionnaire:
    """Read a questionnaire file, validated (from the cache when unchanged).

    With ``exercise_files``, rules may only name exercises defined there.
    """
    raw = read_bytes(path)
    exercise_bytes = [read_bytes(p) for p in exercise_files] if exercise_files else None
    # Validity depends on the exercises the rules may name, so they are part of the key.
    key = b"\0".join([raw, *(exercise_bytes or [b"-"])])

    def build() -> Questionnaire:
        from stresscheck.adapters.sources.validation import parse_questionnaire

        ids = None
        if exercise_files is not None:
            ids = [e.id for p in exercise_files for e in load_exercises(p)]
        name = display_name(path)
        return parse_questionnaire(parse_document(raw, name), name, ids)

    def is_questionnaire(value: Any) -> bool:
        from stresscheck.core.questionnaire import Questionnaire

        return isinstance(value, Questionnaire)

    return cached("questionnaire", key, build, is_questionnaire)


def load_exercises(path: Path | str) -> list[Exercise]:
    """Read an exercises file, validated (from the cache when unchanged)."""
    raw = read_bytes(path)

    def build() -> tuple[Exercise, ...]:
        from stresscheck.adapters.sources.validation import parse_exercises

        name = display_name(path)
        return tuple(parse_exercises(parse_document(raw, name), name))

    def are_exercises(value: Any) -> bool:
        from stresscheck.core.breathing import Exercise

        return isinstance(value, tuple) and all(isinstance(e, Exercise) for e in value)

    return list(cached("exercises", raw, build, are_exercises))


def load_exercise_titles(path: Path | str) -> dict[str, LocalText]:
    """The titles of an exercises file's exercises by id, in file order (from the
    cache when unchanged): all that a history or a report needs to name them,
    read without defining the breathing model (some 4 ms)."""
    raw = read_bytes(path)

    def build() -> dict[str, LocalText]:
        return {exercise.id: exercise.title for exercise in load_exercises(path)}

    def are_titles(value: Any) -> bool:
        from stresscheck.core.text import LocalText

        return isinstance(value, dict) and all(
            isinstance(key, str) and isinstance(title, LocalText) for key, title in value.items()
        )

    return cached("exercise-titles", raw, build, are_titles)


def check_answers(
    data: Mapping[str, Any], questionnaire: Questionnaire
) -> dict[str, AnswerValue] | list[Problem]:
    """The answers by question id (a number, or a multi question's chosen values
    in option order), or the problems with them."""
    known = {question.id: question for question in questionnaire.questions}
    answers: dict[str, AnswerValue] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        question = known.get(key)
        if question is None:
            problems.append(Problem((key,), "files.check.unknown_answer_id", {"name": key}))
            continue
        if value is None:
            continue  # an explicit null is an unanswered question
        checked = (
            _check_multi(question, value) if question.multi else _check_single(question, value)
        )
        if isinstance(checked, Problem):
            problems.append(Problem((key, *checked.path), checked.key, checked.fields))
        else:
            answers[key] = checked
    return problems or answers


def _choices(question: Question) -> str:
    return ", ".join(plain_number(option.value) for option in question.options)


def _check_single(question: Question, value: Any) -> float | Problem:
    # Compared as given: float() of a huge integer would overflow.
    valid = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not valid or value not in question.values:
        choices = ", ".join(plain_number(v) for v in sorted(question.numbers))
        return Problem((), "files.check.bad_answer", {"value": value, "choices": choices})
    return float(value)


def _check_multi(question: Question, value: Any) -> tuple[OptionValue, ...] | Problem:
    from stresscheck.core.questionnaire import NONE_VALUE

    if not isinstance(value, list):
        example = ", ".join(plain_number(option.value) for option in question.options[:2])
        return Problem((), "files.check.multi_not_list", {"example": example})
    for index, item in enumerate(value):
        valid = isinstance(item, (str, int, float)) and not isinstance(item, bool)
        if not valid or item not in question.values:
            return Problem(
                (index,),
                "files.check.bad_answer",
                {"value": item, "choices": _choices(question)},
            )
    if NONE_VALUE in value and len(set(value)) > 1:
        return Problem((), "files.check.multi_none_alone")
    chosen = set(value)
    return tuple(option.value for option in question.options if option.value in chosen)


def parse_answers(
    document: LocatedDocument, name: str, questionnaire: Questionnaire
) -> dict[str, AnswerValue]:
    """Check an answers mapping against the questionnaire's questions and values."""
    data = document.data if document.data is not None else {}
    if not isinstance(data, Mapping):
        raise ContentError([Words("files.answers_not_mapping", file=name)])
    checked = check_answers(data, questionnaire)
    if isinstance(checked, list):
        raise ContentError(format_problems(checked, document, name))
    if not checked:  # an empty file (or stdin) is a mistake, never an empty self-check
        raise ContentError([Words("files.answers_empty", file=name)])
    return checked


def load_answers(path: Path | str, questionnaire: Questionnaire) -> dict[str, AnswerValue]:
    """Read an answers file (``-`` is stdin) and check it.

    The common shapes (JSON, or plain ``id: value`` lines) are read without a
    YAML parser; YAML is loaded for anything else, and to find the line of a
    mistake.
    """
    from stresscheck.adapters.sources.answers_text import NestedTooDeep, read_simple_answers

    raw = read_bytes(path)
    name = display_name(path)
    try:
        simple = read_simple_answers(decode_text(raw, name))
    except NestedTooDeep:
        raise ContentError([Words("files.answers_too_deep", file=name)]) from None
    if simple is not None:
        checked = check_answers(simple, questionnaire)
        if isinstance(checked, dict) and checked:
            return checked
    return parse_answers(parse_document(raw, name), name, questionnaire)
