"""Localised text from data files: one string per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

FALLBACK_ORDER = ("en", "nl")


class LocalText(NamedTuple):
    """A text in several languages; a plain string in a file is stored under ``"*"``."""

    # Never mutated, so one shared empty default is safe.
    values: Mapping[str, str] = MappingProxyType({})

    @classmethod
    def plain(cls, text: str) -> LocalText:
        """A text that reads the same in every language."""
        return cls({"*": text})

    def get(self, lang: str) -> str:
        """The text in ``lang``, else English, else Dutch, else any text there is."""
        for code in (lang, "*", *FALLBACK_ORDER):
            if code in self.values:
                return self.values[code]
        return next(iter(self.values.values()), "")

    def __bool__(self) -> bool:
        return any(self.values.values())


def format_number(value: float, lang: str) -> str:
    """``9.0`` -> ``9``; ``9.5`` -> ``9.5`` (``9,5`` in Dutch)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


# Escape sequences (CSI, OSC up to its BEL or ST, and two-character ones), then any
# control character left: C0 but newline and tab, DEL, C1, and the bidi controls
# that make text read differently from how it is stored (U+202A-E, U+2066-9, U+061C,
# U+200E-F). Patterns, not compiled here: nearly every text is printable and never
# needs them, and compiling both took about a millisecond of every start (``re``
# compiles them on first use and keeps them).
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: title, clipboard, links
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # any other escape
)
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def terminal_safe(text: str) -> str:
    """Text from outside (files, imports, arguments) made harmless for a terminal.

    Escape sequences (a title change, a screen clear, a clipboard write, a
    hyperlink) are dropped whole; other control characters and bidi overrides
    are dropped; newlines and tabs stay.
    """
    if text.isprintable():  # the common case, fast: no controls at all
        return text
    return re.sub(_CONTROL, "", re.sub(_SEQUENCE, "", text))
