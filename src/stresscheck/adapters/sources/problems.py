"""How a problem in a file is named and said: where it is (``file:line: key.path``),
which catalogue message explains it, and at most a screenful of them. The lines
are ``Words``: worded when shown, in the run's language.

Shared by reading (``files``) and validating (``validation``), which therefore do
not import each other for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stresscheck.speech import Words

if TYPE_CHECKING:
    from stresscheck.adapters.sources.yamlio import KeyPath, LocatedDocument

STDIN = "-"


@dataclass
class Problem:
    """One mistake in a file: where it is and which catalogue message explains it."""

    path: KeyPath
    key: str
    fields: dict[str, Any] = field(default_factory=dict)


def display_name(path: Path | str) -> str:
    """How a file is named in messages: as the person typed it, stdin as ``<stdin>``."""
    return "<stdin>" if str(path) == STDIN else str(path)


def format_problems(
    problems: Iterable[Problem], document: LocatedDocument, name: str
) -> list[Words]:
    """One line per problem: ``file:line: key.path: message and fix``."""
    from stresscheck.adapters.sources.yamlio import format_path
    from stresscheck.i18n import known

    lines = []
    for problem in problems:
        line = document.line_of(problem.path)
        where = f"{name}:{line}" if line else name
        key_path = format_path(problem.path) or "(top)"
        key = problem.key if known(problem.key) else "files.field.other"
        message = Words(key, **problem.fields)
        lines.append(Words("files.problem", where=where, path=key_path, message=message))
    return first_lines(lines, name)


MAX_PROBLEM_LINES = 8


def first_lines(lines: list[Words], name: str) -> list[Words]:
    """At most a screenful of problems: the rest usually follow from the first ones."""
    if len(lines) <= MAX_PROBLEM_LINES:
        return lines
    rest = len(lines) - MAX_PROBLEM_LINES
    return [*lines[:MAX_PROBLEM_LINES], Words("files.more_problems", file=name, count=rest)]


def plain_number(value: Any) -> str:
    """``4.0`` -> ``4``, ``2.5`` -> ``2.5``: numbers in messages as people write them."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    return str(int(value)) if float(value).is_integer() else str(value)
