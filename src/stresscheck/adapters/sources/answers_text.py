"""Reading the two common shapes of an answers file without loading a YAML parser.

Answers files are tiny: ``fatigue_1: 3`` per line, or a JSON object written
by another program. Importing PyYAML costs more than the rest of a quiz run's
own work, so these two shapes are read here directly. Anything else, and any
line this reader is not certain about, returns None and the caller uses the
full YAML parser, which also explains mistakes with their line numbers.

The plain form accepted is a strict subset of YAML with the same meaning
(a property test checks it against PyYAML): one ``key: number`` per line at
the left margin, optional comments after whitespace, blank lines.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LINE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_.-]*): +"
    r"(?P<value>-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?)"  # longer: YAML decides
    r"(?: +#.*)? *"
)
_COMMENT = re.compile(r" *(?:#.*)?")
# Keys YAML 1.1 reads as booleans or null, not as text.
_NOT_TEXT = frozenset(
    word
    for base in ("y", "yes", "n", "no", "true", "false", "on", "off", "null")
    for word in (base, base.capitalize(), base.upper())
)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise ValueError("duplicate key")  # YAML reports these, with their line
    return mapping


class NestedTooDeep(ValueError):
    """JSON nested deeper than Python's parser goes (``[[[[...]]]]`` 5000 deep):
    no answers file is, and the YAML parser would only call it a syntax error."""


def read_simple_answers(text: str) -> dict[str, Any] | None:
    """The mapping in ``text`` if it is a JSON object or plain ``key: number``
    lines, else None (then only a real YAML parser can say what it holds).

    JSON nested too deeply to read raises NestedTooDeep.
    """
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text, object_pairs_hook=_unique)
        except RecursionError:
            raise NestedTooDeep from None
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
    answers: dict[str, Any] = {}
    for line in text.splitlines():
        match = _LINE.fullmatch(line)
        if match is None:
            if _COMMENT.fullmatch(line):
                continue
            return None
        key, value = match["key"], match["value"]
        if key in _NOT_TEXT or key in answers:
            return None
        try:
            answers[key] = float(value) if "." in value else int(value)
        except ValueError:  # more digits than Python converts: YAML explains it
            return None
    return answers
