"""Options several commands share, with their help in the run's language."""

from __future__ import annotations

from typing import Any

import typer

from stresscheck.context import AppContext
from stresscheck.errors import UsageError
from stresscheck.i18n import Translator, normalise_language


def lang_option(ctx: AppContext) -> Any:
    """``--lang nl|en``."""
    return typer.Option("--lang", metavar="nl|en", help=ctx.t("app.lang_help"))


def exercises_option(ctx: AppContext, help_key: str = "breathe.exercises_help") -> Any:
    """``--exercises FILE``: more exercises beside the built-in (and practice) ones."""
    return typer.Option("--exercises", metavar="FILE", help=ctx.t(help_key))


def is_yes(answer: str, t: Translator, *, default: bool) -> bool:
    """Whether a typed answer to a [Y/n] or [y/N] question means yes (Enter: ``default``).

    Every language's own words count, and English ones everywhere: a Dutch
    user who types "ja" or "yes" means it.
    """
    typed = answer.strip().lower()
    if not typed:
        return default
    return typed in t("app.yes_words").split()


def apply_language(ctx: AppContext, value: str | None) -> None:
    """Switch to ``--lang`` if given; an unknown language is a usage error."""
    if value is None:
        return
    if normalise_language(value) is None:
        raise UsageError(ctx.t("app.bad_language", value=value))
    ctx.use_language(value)
