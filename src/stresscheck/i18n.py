"""The message catalogue: every user-facing string, one YAML file per language.

``messages/en.yaml`` and ``messages/nl.yaml`` hold nested sections; a message is
addressed by its dotted path (``quiz.progress``) and formatted with
``str.format`` fields. Translators touch only those files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from stresscheck import speech as _speech

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, keyed by dotted path."""
    from stresscheck.adapters.storage.cache import cached

    raw = (MESSAGES_DIR / f"{lang}.yaml").read_bytes()

    def build() -> dict[str, str]:
        from stresscheck.adapters.sources.yamlio import load_yaml_text

        tree = load_yaml_text(raw.decode("utf-8"))
        if not isinstance(tree, Mapping):  # pragma: no cover - guarded by tests
            raise TypeError(f"message catalogue {lang}.yaml is not a mapping")
        return _flatten(tree)

    def is_catalogue(value: Any) -> bool:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())

    return cached(f"messages-{lang}", raw, build, is_catalogue)


class Translator:
    """Looks up and formats messages in one language, falling back to English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, /, **fields: Any) -> str:
        """The message ``key``, its fields filled in and made safe for a terminal
        (a file name, a key or a title may come from outside)."""
        template = catalogue(self.lang).get(key)
        if template is None:
            template = catalogue(DEFAULT_LANGUAGE).get(key, key)
        if not fields:
            return template
        from stresscheck.core.text import terminal_safe

        return template.format(
            **{k: terminal_safe(v) if isinstance(v, str) else v for k, v in fields.items()}
        )

    def has(self, key: str) -> bool:
        """Whether the catalogue defines ``key`` (in this language or English)."""
        return key in catalogue(self.lang) or key in catalogue(DEFAULT_LANGUAGE)


def known(key: str) -> bool:
    """Whether the catalogue has the message ``key`` (both languages have the same keys)."""
    return key in catalogue(DEFAULT_LANGUAGE)


def language_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment's locale asks for, if it is one we speak.

    POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; the first one that
    is set decides.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else None
    return None


def normalise_language(value: str | None) -> str | None:
    """``'NL'``, ``'nl_NL.UTF-8'`` -> ``'nl'``; unknown or empty -> None."""
    if not value:
        return None
    code = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def _locale_voice() -> Translator:
    return Translator(language_from_locale() or DEFAULT_LANGUAGE)


# Before a run knows its language, messages are worded in the locale's.
_speech.set_fallback(_locale_voice)
