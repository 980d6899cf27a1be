"""Typer's own words (usage line, section titles, the help option, usage errors)
in the run's language.

Typer vendors click and hard-codes a few English words. For a Dutch user the
help and the usage errors should be Dutch too, so this module swaps those
words for catalogue texts at the few places Typer exposes them. Every patch is
defensive: should a Typer release move things, the words stay English and
nothing breaks.
"""

from __future__ import annotations

import contextlib
from typing import Any

from stresscheck.i18n import Translator

# Typer's gettext-marked words, by their English text, to catalogue keys.
_TYPER_WORDS = {
    "Options": "cli.options",
    "Commands": "cli.commands",
    "Arguments": "cli.arguments",
    "required": "cli.required",
    "default: {default}": "cli.default",
    "Aborted!": "cli.aborted",
    "Missing command.": "cli.missing_command",
    "No such command {name!r}.": "cli.no_such_command",
}


def localise_typer(t: Translator) -> None:
    """Make Typer speak ``t``'s language for the rest of this process."""
    if t.lang == "en":
        return
    with contextlib.suppress(ImportError, AttributeError):
        import typer.core as typer_core

        def translate(text: str) -> str:
            key = _TYPER_WORDS.get(text)
            return t(key).replace("{{", "{").replace("}}", "}") if key else text

        setattr(typer_core, "_", translate)  # noqa: B010 - a module global, by name
    with contextlib.suppress(ImportError, AttributeError):
        from typer._click import core as click_core
        from typer._click import formatting

        write_usage = formatting.HelpFormatter.write_usage

        def localised_usage(
            self: Any, prog: str, args: str = "", prefix: str | None = None
        ) -> None:
            write_usage(self, prog, args, t("cli.usage") + " " if prefix is None else prefix)

        formatting.HelpFormatter.write_usage = localised_usage  # type: ignore[method-assign]
        get_help_option = click_core.Command.get_help_option

        def localised_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = t("cli.help_option")
            return option

        click_core.Command.get_help_option = localised_help_option  # type: ignore[method-assign]


def usage_error_lines(error: Any, t: Translator) -> list[str]:
    """A click usage error as our own lines: what is wrong, then where to find help."""
    from typer._click import exceptions as click_errors

    detail = error.format_message()
    if isinstance(error, click_errors.NoSuchOption):
        suggestions = sorted(error.possibilities or ())
        message = t("cli.no_such_option", option=error.option_name)
        if suggestions:
            message += " " + t("cli.did_you_mean", options=", ".join(suggestions))
    elif isinstance(error, click_errors.MissingParameter) and error.param is not None:
        hint = error.param.get_error_hint()
        message = t("cli.missing_parameter", name=hint)
    elif isinstance(error, click_errors.BadParameter):
        message = t("cli.bad_parameter", detail=detail)
    else:
        message = t("cli.usage_error", detail=detail)
    lines = []
    if error.ctx is not None:
        lines.append(error.ctx.get_usage())
        lines.append(t("cli.try_help", command=f"{error.ctx.command_path} --help"))
    lines.append(message)
    return lines
