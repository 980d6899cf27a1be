"""The Typer application: builds the commands in the run's language and runs them.

Each command lives in ``stresscheck.commands.<area>`` and only parses options,
calls the core and renders. Help texts come from the message catalogue, so the
app is built after the language is known.
"""

# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from stresscheck import __version__
from stresscheck.commands.options import lang_option
from stresscheck.context import AppContext
from stresscheck.errors import EXIT_OK, Interrupted, UsageError

# The module that registers each command (with the commands beside it).
COMMAND_MODULES = {
    "quiz": "quiz",
    "breathe": "breathe",
    "exercises": "breathe",
    "validate": "validate",
    "schema": "validate",
    "setup": "setup",
    "history": "history",
    "export": "history",
    "import": "history",
    "forget": "history",
    "report": "history",
    "plan": "plan",
}
# Options of the app itself that take a value, and those that act before any command.
_APP_VALUE_OPTIONS = ("--lang",)
_APP_ACTIONS = ("-h", "--help", "-V", "--version", "--install-completion", "--show-completion")


def create_app(ctx: AppContext, command: str | None = None) -> typer.Typer:
    """The command line, with help texts in ``ctx.lang``: every command, or only
    the module of ``command`` when the run is for it alone (see ``command_run``)."""
    from stresscheck.commands.chrome import LocalisedTyper

    t = ctx.t
    app = LocalisedTyper(
        t,
        name="stresscheck",
        help=t("app.help"),
        epilog=t("app.epilog"),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def show_version(value: bool) -> None:
        if value:
            typer.echo(f"stresscheck {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(
        version: bool = typer.Option(
            False,
            "--version",
            "-V",
            help=t("app.version_help"),
            callback=show_version,
            is_eager=True,
        ),
        lang: Annotated[str | None, lang_option(ctx)] = None,
        no_color: Annotated[bool, typer.Option("--no-color", help=t("app.no_color_help"))] = False,
    ) -> None:
        """Callback only for global options."""
        if no_color:  # normally taken out by run(); every console honours NO_COLOR
            os.environ["NO_COLOR"] = "1"

    import importlib

    wanted = COMMAND_MODULES.get(command or "")
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        if wanted in (None, module):
            importlib.import_module(f"stresscheck.commands.{module}").register(app, ctx)
    return app


def command_run(args: Sequence[str]) -> str | None:
    """The command this run is for, when nothing but that command needs building.

    Building every command's parameters costs about 8 ms on every run; a run of
    ``history`` needs only its own. None (build them all) when there is no
    command, when the app's own help, version or completion acts first, or when
    the name is not one of ours (Typer then suggests the nearest).
    """
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--" or arg in _APP_ACTIONS:
            return None
        elif arg in _APP_VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES else None
    return None


def without_no_color(args: Sequence[str]) -> list[str]:
    """Honour ``--no-color`` wherever it stands (``stresscheck quiz --no-color`` too).

    It is taken out of the arguments and set as ``NO_COLOR=1``, which every
    console of ours (and rich itself) honours. Arguments after ``--`` are left alone.
    """
    args = list(args)
    end = args.index("--") if "--" in args else len(args)
    if "--no-color" not in args[:end]:
        return args
    os.environ["NO_COLOR"] = "1"
    return [a for a in args[:end] if a != "--no-color"] + args[end:]


def run(args: Sequence[str]) -> int:
    """Run the command line with ``args``: 0, or an error for the one exit point.

    Typer runs in non-standalone mode so that its usage errors are worded here,
    in the run's language, and raised like every other error: ``__main__``
    alone turns errors and interruptions into exit codes.
    """
    from stresscheck.adapters.ui.terminal import protect_streams
    from stresscheck.commands.chrome import usage_error_lines

    protect_streams()
    if os.environ.get(COMPLETE_VAR):
        return complete(args)
    args = without_no_color(args)
    ctx = AppContext.from_args(args)
    command = typer.main.get_command(create_app(ctx, command_run(args)))
    for param in command.params:  # Typer adds these two with English help
        if param.name in ("install_completion", "show_completion"):
            param.help = ctx.t(f"cli.{param.name}")  # type: ignore[attr-defined]
        if param.name == "install_completion" and ctx.lang != "en" and param.callback:
            param.callback = installed_in_language(param.callback, ctx)
    try:
        command.main(args=list(args), prog_name="stresscheck", standalone_mode=False)
    except typer.Abort:
        raise Interrupted from None
    except Exception as error:
        lines = usage_error_lines(error, ctx.t)
        if lines is None:
            raise
        raise UsageError("\n".join(lines)) from None
    return EXIT_OK


def installed_in_language(callback: Any, ctx: AppContext) -> Any:
    """Typer's ``--install-completion``, saying what it did in the run's language
    (Typer says it in English, and has no other way to be told)."""

    def install(click_ctx: Any, param: Any, value: Any) -> Any:
        if not value or click_ctx.resilient_parsing:
            return callback(click_ctx, param, value)
        import contextlib
        import io
        import re

        said = io.StringIO()
        try:
            with contextlib.redirect_stdout(said):
                return callback(click_ctx, param, value)
        finally:
            found = re.match(r"(\S+) completion installed in (.+)", said.getvalue())
            if found:
                shell, path = found.groups()
                typer.echo(ctx.t("cli.completion_installed", shell=shell, path=path))
            else:
                sys.stdout.write(said.getvalue())

    return install


# Typer's tab completion protocol: the shell's script runs the program with this set.
COMPLETE_VAR = "_STRESSCHECK_COMPLETE"


def complete(args: Sequence[str]) -> int:
    """Answer the shell's Tab (Typer prints the candidates and exits).

    Quick and silent: the language comes from the words typed so far, and when
    something is wrong (a broken practice setup, an unreadable file) the shell
    gets no candidates and no message in the middle of the line being typed.
    """
    import contextlib
    import io

    from stresscheck.i18n import DEFAULT_LANGUAGE, language_from_locale

    typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            ctx = AppContext.from_args(typed.split()[1:])
        except Exception:  # a broken practice setup: complete in the locale's language
            ctx = AppContext(lang=language_from_locale() or DEFAULT_LANGUAGE)
        try:
            command = typer.main.get_command(create_app(ctx))
            command.main(args=list(args), prog_name="stresscheck", standalone_mode=False)
        except SystemExit as done:  # Typer ends a completion this way
            return done.code if isinstance(done.code, int) else 0
        except Exception:  # offer nothing rather than a traceback on the command line
            return 0
    return 0
