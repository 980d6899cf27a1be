"""Output that works on any terminal: what a stream cannot encode is written in ASCII.

Python 3.11 runs in UTF-8 mode under ``LANG=C`` and ``LC_ALL=C`` (PEP 538 and
540), so the usual "C locale" writes UTF-8 and needs nothing from here. A stream
that really is ASCII or Latin-1 (``PYTHONIOENCODING=ascii``, ``PYTHONUTF8=0``
with ``LC_ALL=C``, an ISO-8859-1 locale) would raise ``UnicodeEncodeError`` on
the first bullet, bar or "één". :func:`protect_streams` makes such streams write
a readable look-alike instead: ``•`` as ``-``, ``é`` as ``e``, a block as ``#``,
box lines as ``-``, ``|`` and ``+``, anything else as ``?``.

Kept free of rich and of anything slow to import: it runs on every start.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import TextIO

ERRORS = "stresscheck-lookalike"

_LOOKALIKES = {
    "•": "-",
    "·": "-",
    "…": "...",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "→": "->",
    "←": "<-",
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "∞": "inf",
    "€": "EUR",
}


def lookalike(char: str) -> str:
    """An ASCII stand-in for one character (``?`` when there is no sensible one)."""
    if char.isascii():
        return char
    known = _LOOKALIKES.get(char)
    if known is not None:
        return known
    import unicodedata

    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        if horizontal and not vertical:
            return "-"
        return "|" if vertical and not horizontal else "+"
    if 0x2580 <= ord(char) <= 0x259F:  # block elements: bars and large letters
        return "#"
    stripped = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return stripped or "?"


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(lookalike(char) for char in text), error.end


codecs.register_error(ERRORS, _replace)


def is_unicode(stream: TextIO | None) -> bool:
    """Whether ``stream`` can write any character (a UTF encoding)."""
    encoding = (getattr(stream, "encoding", None) or "").lower()
    return encoding.replace("-", "").replace("_", "").startswith("utf")


def protect_streams(*streams: TextIO | None) -> None:
    """Give non-UTF streams (default stdout and stderr) the look-alike error handler."""
    for stream in streams or (sys.stdout, sys.stderr):
        if stream is None or is_unicode(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(ValueError, OSError, TypeError, LookupError):
                reconfigure(errors=ERRORS)
