"""Options several commands share, with their help in the run's language, and
what tab completion offers for them.

Completion runs on every Tab press, so it is quick (nothing heavy is imported
until asked) and quiet: whatever goes wrong, it offers nothing rather than fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import typer

from stresscheck.context import AppContext
from stresscheck.errors import UsageError
from stresscheck.i18n import Translator, normalise_language

# Questionnaire, exercises, practice and answers files.
DATA_FILE_SUFFIXES = (".yaml", ".yml", ".json")
_MOST_ENTRIES = 2000  # a huge folder: complete from the first ones rather than wait


def lang_option(ctx: AppContext) -> Any:
    """``--lang nl|en``, on the app and on every command.

    The run's language is decided once, before the command line is parsed
    (``AppContext.from_args``: help texts must already be in it); here the
    value is only checked, so that an unknown language is a usage error.
    """

    def check(value: str | None) -> str | None:
        if value is not None and normalise_language(value) is None:
            raise UsageError(key="app.bad_language", value=value)
        return value

    return typer.Option(
        "--lang",
        metavar="nl|en",
        help=ctx.t("app.lang_help"),
        callback=check,
        autocompletion=_complete_language,
    )


def _complete_language(incomplete: str) -> list[str]:
    from stresscheck.i18n import LANGUAGES

    return [lang for lang in LANGUAGES if lang.startswith(incomplete)]


def since_option(t: Translator, help_key: str = "report.since_help") -> Any:
    """``--since YYYY-MM-DD``: the first day of the period to share."""
    return typer.Option("--since", metavar="YYYY-MM-DD", help=t(help_key))


def until_option(t: Translator, help_key: str = "report.until_help") -> Any:
    """``--until YYYY-MM-DD``: the last day of the period to share."""
    return typer.Option("--until", metavar="YYYY-MM-DD", help=t(help_key))


def output_option(t: Translator, help_key: str, *, show_default: bool = True) -> Any:
    """``--output FILE`` / ``-o FILE``: where the data goes (``-``: standard output)."""
    return typer.Option(
        "--output", "-o", metavar="FILE", help=t(help_key), show_default=show_default
    )


def flag(t: Translator, name: str, help_key: str) -> Any:
    """An on/off option such as ``--json`` or ``--plain``, off unless given."""
    return typer.Option(name, help=t(help_key))


def file_argument(t: Translator, help_key: str, *, show_default: bool = True) -> Any:
    """A questionnaire, exercises, practice or export file named on the command line."""
    return typer.Argument(
        metavar="FILE",
        help=t(help_key),
        show_default=show_default,
        autocompletion=complete_data_file,
    )


def file_option(t: Translator, name: str, help_key: str) -> Any:
    """``--name FILE``: a questionnaire, exercises or answers file, completed as one."""
    return typer.Option(name, metavar="FILE", help=t(help_key), autocompletion=complete_data_file)


def exercises_option(ctx: AppContext, help_key: str = "breathe.exercises_help") -> Any:
    """``--exercises FILE``: more exercises beside the built-in (and practice) ones."""
    return file_option(ctx.t, "--exercises", help_key)


def complete_data_file(incomplete: str) -> list[str]:
    """Tab completion for a questionnaire, exercises, practice or answers file:
    YAML and JSON files, and folders to go on into (a folder that is the only
    match is opened at once, so that the shell does not end it with a space)."""
    try:
        found = _data_files(incomplete)
        if len(found) == 1 and found[0].endswith("/"):
            inside = _data_files(found[0])
            return inside or found
        return found
    except (OSError, ValueError):  # an unreadable folder, a name the system refuses
        return []


def _data_files(incomplete: str) -> list[str]:
    """Folders (ending in /) and data files whose path starts with ``incomplete``."""
    folder, slash, start = incomplete.rpartition("/")
    prefix = folder + slash
    where = os.path.expanduser(folder or "/") if slash else "."
    found = []
    with os.scandir(where) as entries:
        for count, entry in enumerate(entries):
            if count >= _MOST_ENTRIES:
                break
            name = entry.name
            if not name.startswith(start) or (name.startswith(".") and not start):
                continue
            if entry.is_dir():
                found.append(f"{prefix}{name}/")
            elif name.lower().endswith(DATA_FILE_SUFFIXES):
                found.append(prefix + name)
    return sorted(found)


def exercise_argument(ctx: AppContext, help_key: str, metavar: str = "EXERCISE") -> Any:
    """``EXERCISE``: an exercise id, completed from every exercise in force."""
    return typer.Argument(
        metavar=metavar, help=ctx.t(help_key), autocompletion=exercise_completion(ctx)
    )


def exercise_completion(ctx: AppContext) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Tab completion for an exercise id: every exercise in force (built-in, the
    practice's, and those of an ``--exercises`` file already on the line), each
    with its title; nothing when the files in force cannot be read."""

    def complete(typer_ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        try:
            library = ctx.load_exercises(_given_exercises_file(typer_ctx))
            return [
                (exercise_id, exercise.title.get(ctx.lang))
                for exercise_id, exercise in library.items()
                if exercise_id.startswith(incomplete)
            ]
        except Exception:  # completion never fails in front of the user
            return []

    return complete


def _given_exercises_file(typer_ctx: Any) -> Any:
    """``--exercises FILE`` as given so far, to the command or the group it is in."""
    while typer_ctx is not None:
        value = (getattr(typer_ctx, "params", None) or {}).get("exercises_file")
        if value is not None:
            return value
        typer_ctx = getattr(typer_ctx, "parent", None)
    return None
