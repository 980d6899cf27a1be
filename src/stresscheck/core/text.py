"""Localised text from data files: one string per language."""

from __future__ import annotations

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
