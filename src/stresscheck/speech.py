"""The run's voice: messages are worded once, at the edge, in the run's language.

Code far from the edge (paths, errors, the notes a command leaves on standard
error) gives a catalogue key and its fields. What turns them into words is set
once per run, when its language is known (``AppContext.from_args``), so
nothing below the edge needs a translator handed to it, and nothing here
imports the catalogue. Notes made while the language is not known yet (the
practice file decides it) are held back until it is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

# A Translator, or anything else that words a catalogue key with its fields.
Wording = Callable[..., str]

# The run's voice, once its language is known.
_voice: Callable[[], Wording] | None = None
# Before that: the locale's language (set by ``i18n`` when it is loaded).
_fallback: Callable[[], Wording] | None = None
# Notes kept back while the language is not known yet.
_held: list[tuple[str, dict[str, Any]]] | None = None


def set_fallback(voice: Callable[[], Wording]) -> None:
    """Who words messages when no run has said its language (``i18n`` sets the locale's)."""
    global _fallback
    _fallback = voice


def hold_notes(meanwhile: Callable[[], Wording]) -> None:
    """Keep notes back until ``speak_with``; ``meanwhile`` words errors in between."""
    global _voice, _held
    _voice, _held = meanwhile, []


def speak_with(voice: Callable[[], Wording] | None) -> None:
    """From now on ``voice`` words this run's messages; held notes are said first."""
    global _voice, _held
    held, _voice, _held = _held or [], voice, None
    for key, fields in held:
        _write(word(key, **fields))


def word(key: str, /, **fields: Any) -> str:
    """The catalogue's ``key`` in the run's language, its fields filled in (a field
    that is ``Words`` itself is worded first)."""
    voice = _voice or _fallback
    if voice is None:
        return key
    worded = {
        name: str(value) if isinstance(value, Words) else value for name, value in fields.items()
    }
    return voice()(key, **worded)


class Words:
    """A message not worded yet: a catalogue key and its fields, worded (``str``)
    when it is shown, in the run's language.

    What is read far from the edge (a problem in a file, a line of ``setup
    --show``) is given this way, so that it needs no translator.
    """

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key = key
        self.fields = fields

    def __str__(self) -> str:
        return word(self.key, **self.fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and (self.key, self.fields) == (other.key, other.fields)

    __hash__ = None  # type: ignore[assignment]  # its fields may be anything

    def __repr__(self) -> str:
        return f"Words({self.key!r}, **{self.fields!r})"


def note(key: str, /, **fields: Any) -> None:
    """A note on standard error in the run's language (held back until it is known)."""
    if _held is not None:
        _held.append((key, fields))
    else:
        _write(word(key, **fields))


def _write(text: str) -> None:
    try:
        sys.stderr.write(text.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr: nothing to tell
        pass
