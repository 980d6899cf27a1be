"""Typer's own words (usage line, section titles, the help option, usage errors)
in the run's language.

Typer hard-codes a few English words. For a Dutch user the help and the usage
errors should be Dutch too, so the app's commands use classes of our own,
through Typer's documented extension point (``typer.Typer(cls=...)``,
``Typer.command(cls=...)``): they override click's public methods
(``format_usage``, ``format_options``, ``get_help_option``, ``Context.fail``)
to write catalogue texts. ``LocalisedTyper`` makes them the default for every
command of the app. English keeps Typer's own words.

Only the usage errors need something private: their classes live in Typer's
vendored click (``typer._click``, since Typer 0.26). ``usage_error_lines`` is the
one place that imports it, which is why pyproject.toml pins Typer's range.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from stresscheck.i18n import Translator

# Typer's English words, by their text, to catalogue keys (the templates there
# keep Typer's own placeholders, escaped: "standaard: {{default}}").
_TITLES = {"Options": "cli.options", "Commands": "cli.commands", "Arguments": "cli.arguments"}
_EXTRAS = {"required": "cli.required", "default: ": "cli.default"}
_EXTRA = re.compile(r"\[([^\[\]]*)\]$")
_NO_SUCH_COMMAND = "No such command "


class _Words:
    """The catalogue texts that stand in for Typer's words, in one language."""

    def __init__(self, t: Translator) -> None:
        self.t = t

    def text(self, key: str) -> str:
        return self.t(key).replace("{{", "{").replace("}}", "}")

    def extras(self, help_text: str) -> str:
        """``... [default: json; required]`` with those words translated."""
        found = _EXTRA.search(help_text)
        if found is None:
            return help_text
        parts = []
        for part in found.group(1).split("; "):
            if part == "required":
                part = self.text(_EXTRAS["required"])
            elif part.startswith("default: "):
                part = self.text(_EXTRAS["default: "]).format(default=part[len("default: ") :])
            parts.append(part)
        return f"{help_text[: found.start()]}[{'; '.join(parts)}]"

    def formatter(self, formatter: Any) -> Any:
        """``formatter`` (click's help formatter), writing these words."""
        return _Formatter(formatter, self)

    def help_option(self, option: Any) -> Any:
        """The help option (``-h, --help``), saying what it does in this language."""
        if option is not None:
            option.help = self.t("cli.help_option")
        return option

    def failure(self, message: str) -> str:
        """A group's own usage failures (no command, an unknown one) in this language."""
        if message == "Missing command.":
            return self.text("cli.missing_command")
        if message.startswith(_NO_SUCH_COMMAND) and message.endswith("."):
            name = message[len(_NO_SUCH_COMMAND) : -1]  # already quoted, as {name!r}
            return self.text("cli.no_such_command").replace("{name!r}", name)
        return message


class _Formatter:
    """Click's help formatter, writing our section titles, usage prefix and extras."""

    def __init__(self, formatter: Any, words: _Words) -> None:
        self._formatter = formatter
        self._words = words

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = self._words.t("cli.usage") + " "
        self._formatter.write_usage(prog, args, prefix)

    def section(self, name: str) -> Any:
        key = _TITLES.get(name)
        return self._formatter.section(self._words.t(key) if key else name)

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        rows = [(term, self._words.extras(text)) for term, text in rows]
        self._formatter.write_dl(rows, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._formatter, name)


def _classes(t: Translator) -> tuple[type[TyperGroup], type[TyperCommand]]:
    """A group and a command class that speak ``t``'s language."""
    words = _Words(t)

    class Context(typer.Context):
        def fail(self, message: str) -> NoReturn:
            super().fail(words.failure(message))

    class Group(TyperGroup):
        context_class = Context

        def format_usage(self, ctx: Any, formatter: Any) -> None:
            super().format_usage(ctx, words.formatter(formatter))

        def format_options(self, ctx: Any, formatter: Any) -> None:
            super().format_options(ctx, words.formatter(formatter))

        def get_help_option(self, ctx: Any) -> Any:
            return words.help_option(super().get_help_option(ctx))

    class Command(TyperCommand):
        context_class = Context

        def format_usage(self, ctx: Any, formatter: Any) -> None:
            super().format_usage(ctx, words.formatter(formatter))

        def format_options(self, ctx: Any, formatter: Any) -> None:
            super().format_options(ctx, words.formatter(formatter))

        def get_help_option(self, ctx: Any) -> Any:
            return words.help_option(super().get_help_option(ctx))

    return Group, Command


class LocalisedTyper(typer.Typer):
    """A Typer app whose commands (and sub-apps' commands) speak ``t``'s language."""

    def __init__(self, t: Translator, **settings: Any) -> None:
        classes = _classes(t) if t.lang != "en" else None  # English: Typer's own words
        self._group_class = classes[0] if classes else None
        self._command_class = classes[1] if classes else None
        if self._group_class is not None:
            settings.setdefault("cls", self._group_class)
        super().__init__(**settings)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        if self._command_class is not None:
            kwargs.setdefault("cls", self._command_class)
        return super().command(*args, **kwargs)

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        if self._group_class is not None:
            kwargs.setdefault("cls", self._group_class)
            for info in typer_instance.registered_commands:  # as if given cls= themselves
                if info.cls in (None, TyperCommand):  # Typer's default
                    info.cls = self._command_class
        super().add_typer(typer_instance, **kwargs)


def usage_error_lines(error: Exception, t: Translator) -> list[str] | None:
    """A click usage error as our own lines (what is wrong, then where to find help);
    None when ``error`` is not a usage error.

    The one place that uses Typer's vendored click (private: ``typer._click``),
    because Typer exports no usage-error class but ``BadParameter``.
    """
    from typer._click import exceptions as click_errors

    if isinstance(error, click_errors.NoArgsIsHelpError):
        return [error.format_message()]  # the help itself
    if not isinstance(error, click_errors.UsageError):
        return None
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
