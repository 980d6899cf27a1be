"""What every command needs: the language, the catalogue, the defaults in force.

Built once per run by ``cli.run`` from the command line, the practice settings
and the environment, then handed to the command modules.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from stresscheck.adapters.paths import packaged_data as packaged_data
from stresscheck.i18n import DEFAULT_LANGUAGE, Translator, language_from_locale, normalise_language

if TYPE_CHECKING:
    from stresscheck.core.breathing import Exercise
    from stresscheck.core.practice import Practice
    from stresscheck.core.questionnaire import Questionnaire
    from stresscheck.core.text import LocalText


def language_from_args(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` if the command line has one (read before parsing,
    because help texts must already be in that language)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return normalise_language(args[index + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return None


@dataclass
class AppContext:
    """Per-run state shared by the commands."""

    lang: str
    practice: Practice | None = None

    @classmethod
    def from_args(cls, args: Sequence[str]) -> AppContext:
        """Language from ``--lang``, then the practice file, then the locale, then English."""
        from stresscheck import speech
        from stresscheck.adapters.sources.settings import load_practice

        asked = language_from_args(args)

        def early() -> Translator:
            return Translator(asked or language_from_locale() or DEFAULT_LANGUAGE)

        # The practice decides the language: notes made while reading it wait for it.
        speech.hold_notes(early)
        try:
            practice = load_practice()
        except BaseException:
            speech.speak_with(early)
            raise
        lang = (
            asked
            or (practice.language if practice else None)
            or language_from_locale()
            or DEFAULT_LANGUAGE
        )
        return cls(lang=lang, practice=practice)

    def __post_init__(self) -> None:
        # The language is decided: from now on the run speaks it, everywhere.
        from stresscheck import speech

        speech.speak_with(lambda: self.t)

    @cached_property
    def t(self) -> Translator:
        """The message catalogue in this run's language."""
        return Translator(self.lang)

    def questions_path(self, override: Path | str | None) -> Path | str:
        """The questionnaire in force: ``--questions``, the practice's, or the built-in one."""
        if override is not None:
            return override
        if self.practice and self.practice.questions:
            return self.practice.questions
        return packaged_data("questions.yaml")

    def exercises_paths(self, override: Path | str | None) -> list[Path | str]:
        """Exercise files in force: the built-in ones, then the practice's or ``--exercises``."""
        paths: list[Path | str] = [packaged_data("exercises.yaml")]
        if self.practice and self.practice.exercises:
            paths.append(self.practice.exercises)
        if override is not None:
            paths.append(override)
        return paths

    def load_exercises(self, override: Path | str | None = None) -> dict[str, Exercise]:
        """Every exercise in force by id; later files add to and override earlier ones."""
        from stresscheck.adapters.sources.files import load_exercises

        library: dict[str, Exercise] = {}
        for path in self.exercises_paths(override):
            for exercise in load_exercises(path):
                library[exercise.id] = exercise
        return library

    def exercise_titles(self) -> dict[str, LocalText]:
        """The title of every exercise in force by id, as ``load_exercises`` finds them."""
        from stresscheck.adapters.sources.files import load_exercise_titles

        titles: dict[str, LocalText] = {}
        for path in self.exercises_paths(None):
            titles.update(load_exercise_titles(path))
        return titles

    def load_questionnaire(
        self, override: Path | str | None = None, exercises: Path | str | None = None
    ) -> Questionnaire:
        """The questionnaire in force, validated against the exercises in force."""
        from stresscheck.adapters.sources.files import load_questionnaire

        return load_questionnaire(self.questions_path(override), self.exercises_paths(exercises))

    @property
    def stdin_is_terminal(self) -> bool:
        """Whether a person can answer prompts."""
        return sys.stdin is not None and sys.stdin.isatty()
