"""Typer's own words (usage line, section titles, the help option, usage errors)
in the run's language.

Typer hard-codes a few English words. For a Dutch user the help and the usage
errors should be Dutch too, so the app's commands use classes of our own,
through Typer's documented extension point (``typer.Typer(cls=...)``,
``Typer.command(cls=...)``): they override click's public methods
(``format_usage``, ``collect_usage_pieces``, ``format_options``,
``get_help_option``, ``Context.fail``) to write catalogue texts, placeholders
(``FILE``) included. ``LocalisedTyper`` makes them the default for every
command of the app. English keeps Typer's own words. In both languages the
command list shows each command's first sentence in full (``short_help``),
never cut off with "...".

Only the usage errors need something private: their classes live in Typer's
vendored click (``typer._click``, since Typer 0.26). ``usage_error_lines`` is the
one place that imports it, which is why pyproject.toml pins Typer's range. It
says every parameter error in the catalogue's words, naming the option and
the fix, never Typer's or pydantic's English.
"""

from __future__ import annotations

import re
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from stresscheck.i18n import Translator

# Patterns are plain strings, compiled on first use (re caches them): nothing at start-up.
# Typer's English words, by their text, to catalogue keys (the templates there
# keep Typer's own placeholders, escaped: "standaard: {{default}}").
_TITLES = {"Options": "cli.options", "Commands": "cli.commands", "Arguments": "cli.arguments"}
_EXTRAS = {"required": "cli.required", "default: ": "cli.default"}
_EXTRA = r"\[([^\[\]]*)\]$"
_NO_SUCH_COMMAND = "No such command "
_REQUIRED = r"\{([^{}]*)\}"  # Typer's usage line: {FILE} for a required argument
_PLACEHOLDER = r"\b[A-Z]{2,}\b"  # FILE, EXERCISE, YYYY: catalogue cli.metavar.*
_TYPE_NAME = r" <\w+>$"  # Typer's "FILE <str>" in the Arguments section
_FIRST_SENTENCE = r"(?s)^(.+?[.!?])(?:\s|$)"
# Click's and Typer's usage errors that carry no fields of their own, by their text.
_EXTRA_ARGUMENTS = r"(?s)^Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)$"
_NEEDS_VALUE = r"^Option '.*' requires (?:an argument|\d+ arguments)\.$"
_TAKES_NO_VALUE = r"^Option '.*' does not take a value\.$"
_PATH_PROBLEM = (
    r"(?s)^\w+ '(?P<value>.*)' (?P<problem>does not exist|is a file|is a directory"
    r"|is not readable|is not writable)\.$"
)
_PATH_KEYS = {
    "does not exist": "cli.path_missing",
    "is a file": "cli.path_is_file",
    "is a directory": "cli.path_is_folder",
    "is not readable": "cli.path_unreadable",
    "is not writable": "cli.path_unwritable",
}
# pydantic's error types (documented, stable) for a value of the wrong kind.
_WHOLE_NUMBER_ERRORS = {"int_parsing", "int_from_float", "int_type"}
_NUMBER_ERRORS = {"float_parsing", "float_type", "finite_number", "decimal_parsing"}


def short_help(help_text: object) -> str | None:
    """The first sentence of a command's help, for the command list (never cut off)."""
    if not isinstance(help_text, str) or not help_text.strip():
        return None
    found = re.match(_FIRST_SENTENCE, help_text.strip())
    return found.group(1) if found else help_text.strip()


class _Words:
    """The catalogue texts that stand in for Typer's words, in one language."""

    def __init__(self, t: Translator) -> None:
        self.t = t

    def text(self, key: str) -> str:
        return self.t(key).replace("{{", "{").replace("}}", "}")

    def extras(self, help_text: str) -> str:
        """``... [default: json; required]`` with those words translated."""
        found = re.search(_EXTRA, help_text)
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

    def placeholders(self, text: str) -> str:
        """``[OPTIONS] {FILE}`` -> ``[OPTIES] BESTAND``: the words a user replaces, in
        this language (``cli.metavar.*``); a required argument without Typer's braces."""
        text = re.sub(_REQUIRED, r"\1", text)

        def word(found: re.Match[str]) -> str:
            key = f"cli.metavar.{found.group(0).lower()}"
            return self.t(key) if self.t.has(key) else found.group(0)

        return re.sub(_PLACEHOLDER, word, text)

    def term(self, term: str) -> str:
        """A row's name in the help (``FILE <str>``, ``--exercises FILE``), translated."""
        return self.placeholders(re.sub(_TYPE_NAME, "", term))

    def formatter(self, formatter: Any) -> Any:
        """``formatter`` (click's help formatter), writing these words."""
        return _Formatter(formatter, self)

    def help_option(self, option: Any) -> Any:
        """The help option (``-h, --help``), saying what it does in this language."""
        if option is not None:
            option.help = self.t("cli.help_option")
        return option

    def failure(self, message: str, commands: list[str]) -> str:
        """A group's own usage failures (no command, an unknown one) in this language;
        ``commands``: the group's commands, for a suggestion."""
        if message == "Missing command.":
            return self.text("cli.missing_command")
        if message.startswith(_NO_SUCH_COMMAND) and message.endswith("."):
            name = message[len(_NO_SUCH_COMMAND) : -1]  # already quoted, as {name!r}
            text = self.text("cli.no_such_command").replace("{name!r}", name)
            import difflib

            matches = difflib.get_close_matches(name.strip("'\""), commands)
            if matches:
                text += " " + self.t("cli.did_you_mean", options=", ".join(matches))
            return text
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
        rows = [(self._words.term(term), self._words.extras(text)) for term, text in rows]
        self._formatter.write_dl(rows, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._formatter, name)


def _classes(t: Translator) -> tuple[type[TyperGroup], type[TyperCommand]]:
    """A group and a command class that speak ``t``'s language."""
    words = _Words(t)

    class Context(typer.Context):
        def fail(self, message: str) -> NoReturn:
            commands = getattr(self.command, "commands", None)
            super().fail(words.failure(message, list(commands or ())))

    class Localised:
        """What a group and a command both say in the run's language (a mixin before
        Typer's class, so ``super()`` reaches Typer's and click's own methods)."""

        def format_usage(self, ctx: Any, formatter: Any) -> None:
            super().format_usage(ctx, words.formatter(formatter))  # type: ignore[misc]

        def collect_usage_pieces(self, ctx: Any) -> list[str]:
            pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
            return [words.placeholders(piece) for piece in pieces]

        def format_options(self, ctx: Any, formatter: Any) -> None:
            super().format_options(ctx, words.formatter(formatter))  # type: ignore[misc]

        def get_help_option(self, ctx: Any) -> Any:
            return words.help_option(super().get_help_option(ctx))  # type: ignore[misc]

        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            """A usage error from click's parser learns its context (the parser raises
            some without one), so that it is told with this command."""
            try:
                parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            except Exception as error:
                if hasattr(error, "ctx") and error.ctx is None:
                    error.ctx = ctx
                raise
            return parsed

    class Group(Localised, TyperGroup):
        context_class = Context

        def __init__(self, **settings: Any) -> None:
            super().__init__(**settings)
            self.suggest_commands = False  # Context.fail suggests, in this language

    class Command(Localised, TyperCommand):
        context_class = Context

    return Group, Command


class LocalisedTyper(typer.Typer):
    """A Typer app whose commands (and sub-apps' commands) speak ``t``'s language,
    listed with their first sentence in full."""

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
        if kwargs.get("short_help") is None:
            kwargs["short_help"] = short_help(kwargs.get("help"))
        return super().command(*args, **kwargs)

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        for info in typer_instance.registered_commands:  # as if given these themselves
            if self._command_class is not None and info.cls in (None, TyperCommand):
                info.cls = self._command_class  # instead of Typer's default
            if not isinstance(info.short_help, str):
                info.short_help = short_help(info.help)
        if self._group_class is not None:
            kwargs.setdefault("cls", self._group_class)
        if kwargs.get("short_help") is None:
            kwargs["short_help"] = short_help(kwargs.get("help") or typer_instance.info.help)
        super().add_typer(typer_instance, **kwargs)


def usage_error_lines(error: Exception, t: Translator) -> list[str] | None:
    """A click usage error as our own lines (where it went wrong, where to find help,
    then what is wrong and how to put it right); None when ``error`` is not a usage error.

    The one place that uses Typer's vendored click (private: ``typer._click``),
    because Typer exports no usage-error class but ``BadParameter``.
    """
    from typer._click import exceptions as click_errors

    if isinstance(error, click_errors.NoArgsIsHelpError):
        return [error.format_message()]  # the help itself
    if not isinstance(error, click_errors.UsageError):
        return None
    words = _Words(t)
    ctx = error.ctx
    if isinstance(error, click_errors.NoSuchOption):
        suggestions = sorted(error.possibilities or ())
        message = t("cli.no_such_option", option=error.option_name)
        if suggestions:
            message += " " + t("cli.did_you_mean", options=", ".join(suggestions))
    elif isinstance(error, click_errors.MissingParameter) and error.param is not None:
        message = _missing(error.param, ctx, words)
    elif isinstance(error, click_errors.BadParameter) and error.param is not None:
        message = _bad_value(error, error.param, words)
    elif isinstance(error, click_errors.BadOptionUsage):
        message = _option_usage(error.option_name, error.message, ctx, words)
    else:
        message = _usage(error.message, words)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(t("cli.try_help", command=f"{ctx.command_path} --help"))
    lines.append(message)
    return lines


def _is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def _label(param: Any, words: _Words) -> str:
    """``--minutes`` for an option (its long name), ``BESTAND`` for an argument."""
    if _is_option(param):
        opts = [str(opt) for opt in getattr(param, "opts", ()) or ()]
        long = [opt for opt in opts if opt.startswith("--")]
        return (long or opts or [str(param.name)])[0]
    return words.placeholders(str(param.metavar or str(param.name).upper()))


def _with_value(param: Any, words: _Words) -> str:
    """``--minutes M``: an option as it is written with its value."""
    metavar = getattr(param, "metavar", None)
    label = _label(param, words)
    return f"{label} {words.placeholders(metavar)}" if metavar else label


def _missing(param: Any, ctx: Any, words: _Words) -> str:
    """A required option or argument that was not given, and how to give it."""
    path = ctx.command_path if ctx is not None else "stresscheck"
    if _is_option(param):
        example = f"{path} {_with_value(param, words)}"
        return words.t("cli.missing_option", option=_label(param, words), example=example)
    name = _label(param, words)
    return words.t("cli.missing_argument", name=name, example=f"{path} {name}")


def _bad_value(error: Any, param: Any, words: _Words) -> str:
    """A value Typer could not accept, said in the catalogue's words: which option,
    what was given, and what it should be. Typer (pydantic) leaves its reason in
    ``error.__cause__``; a path's problem is only in Typer's message."""
    t = words.t
    option = _label(param, words)
    cause = error.__cause__
    details = cause.errors() if callable(getattr(cause, "errors", None)) else []
    detail: dict[str, Any] = details[0] if details and isinstance(details[0], dict) else {}
    kind = str(detail.get("type", ""))
    value = str(detail.get("input", ""))
    limits = detail.get("ctx") or {}
    if kind in _NUMBER_ERRORS and re.fullmatch(r"-?\d+,\d+", value):
        return t("cli.decimal_comma", option=option, value=value, fixed=value.replace(",", "."))
    if kind in _WHOLE_NUMBER_ERRORS:
        return t("cli.bad_whole_number", option=option, value=value)
    if kind in _NUMBER_ERRORS:
        return t("cli.bad_number", option=option, value=value)
    if kind == "greater_than_equal" and "ge" in limits:
        return t("cli.too_small", option=option, value=value, limit=limits["ge"])
    if kind == "less_than_equal" and "le" in limits:
        return t("cli.too_large", option=option, value=value, limit=limits["le"])
    raw = str(getattr(error, "message", ""))
    if kind == "value_error" and " is not one of " in raw:
        choices = [item.value for item in param.shell_complete(error.ctx, "")]
        if choices:
            listed = t("cli.or").join([", ".join(map(str, choices[:-1])), str(choices[-1])])
            listed = listed if len(choices) > 1 else str(choices[0])
            return t("cli.bad_choice", option=option, value=value, choices=listed)
    path = re.match(_PATH_PROBLEM, raw) if cause is None else None
    if path is not None:
        return t(_PATH_KEYS[path.group("problem")], option=option, value=path.group("value"))
    if detail:
        return t("cli.bad_value", option=option, value=value)
    return t("cli.bad_value_unknown", option=option)


def _option_usage(name: str, message: str, ctx: Any, words: _Words) -> str:
    """An option written without the value it needs, or with one it does not take."""
    params = getattr(getattr(ctx, "command", None), "params", ()) if ctx is not None else ()
    param = next((p for p in params if name in (getattr(p, "opts", None) or ())), None)
    if re.match(_NEEDS_VALUE, message):
        if param is None:
            return words.t("cli.option_needs_a_value", option=name)
        return words.t("cli.option_needs_value", option=name, example=_with_value(param, words))
    if re.match(_TAKES_NO_VALUE, message):
        return words.t("cli.option_takes_no_value", option=name)
    return _usage(message, words)


def _usage(message: str, words: _Words) -> str:
    """Any other usage error: extra words on the command line, or a group's own failure
    (already in this language, from ``Context.fail``)."""
    extra = re.match(_EXTRA_ARGUMENTS, message)
    if extra is not None:
        return words.t("cli.extra_arguments", args=extra.group(1))
    return words.t("cli.usage_error", detail=message)
