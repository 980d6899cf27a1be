"""``stresscheck breathe`` and ``stresscheck exercises``: guided breathing.

The session is the ``breathing_session`` use case; the terminal around it is
``adapters/ui/session_screen.py``, the exercises' views ``exercises_view.py``.
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import (
    exercise_argument,
    exercises_option,
    flag,
    lang_option,
)
from stresscheck.context import AppContext
from stresscheck.errors import Interrupted

if TYPE_CHECKING:
    from stresscheck.adapters.clock import Clock
    from stresscheck.adapters.ui.exercises_view import LibraryEntry


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add ``breathe`` and ``exercises`` (with ``exercises show ID``) to ``app``."""
    t = ctx.t

    @app.command(help=t("breathe.help"))
    def breathe(
        exercise: Annotated[str | None, exercise_argument(ctx, "breathe.exercise_help")] = None,
        minutes: Annotated[
            float | None, typer.Option("--minutes", metavar="M", help=t("breathe.minutes_help"))
        ] = None,
        cycles: Annotated[
            int | None, typer.Option("--cycles", metavar="N", help=t("breathe.cycles_help"))
        ] = None,
        pattern: Annotated[
            str | None,
            typer.Option("--pattern", metavar="IN-HOLD-OUT[-REST]", help=t("breathe.pattern_help")),
        ] = None,
        plain: Annotated[bool, flag(t, "--plain", "breathe.plain_help")] = False,
        bell: Annotated[bool, flag(t, "--bell", "breathe.bell_help")] = False,
        no_rate: Annotated[bool, flag(t, "--no-rate", "breathe.no_rate_help")] = False,
        no_save: Annotated[bool, flag(t, "--no-save", "breathe.no_save_help")] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        options = BreatheOptions(
            exercise=exercise,
            minutes=minutes,
            cycles=cycles,
            pattern=pattern,
            plain=plain,
            bell=bell,
            rate=not no_rate,
            save=not no_save,
            exercises_file=exercises_file,
        )
        breathe_session(ctx, options)

    group = typer.Typer(
        help=t("exercises.help"),
        invoke_without_command=True,
        no_args_is_help=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @group.callback(invoke_without_command=True)
    def exercises(
        typer_ctx: typer.Context,
        as_json: Annotated[bool, flag(t, "--json", "exercises.json_help")] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        typer_ctx.obj = exercises_file
        if typer_ctx.invoked_subcommand is not None:
            return
        from stresscheck.adapters.ui.exercises_view import exercise_json, show_list
        from stresscheck.adapters.ui.output import Output

        out, entries = Output(), exercise_library(ctx, exercises_file).values()
        if as_json:
            out.json({"exercises": [exercise_json(t, entry) for entry in entries]})
        else:
            show_list(out, t, entries)

    @group.command("show", help=t("exercises.show_help"))
    def show(
        typer_ctx: typer.Context,
        exercise_id: Annotated[str, exercise_argument(ctx, "exercises.id_help", metavar="ID")],
        as_json: Annotated[bool, flag(t, "--json", "exercises.json_help")] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.ui.exercises_view import exercise_json, show_one
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases.breathing_session import unknown_exercise

        override = exercises_file if exercises_file is not None else typer_ctx.obj
        library = exercise_library(ctx, override)
        entry = library.get(exercise_id)
        if entry is None:
            raise unknown_exercise(exercise_id, sorted(library))
        if as_json:
            Output().json(exercise_json(t, entry, full=True))
        else:
            show_one(Output(), t, entry.exercise)

    app.add_typer(group, name="exercises")


@dataclass(frozen=True)
class BreatheOptions:
    """Everything ``breathe`` can be asked; the quiz's offer uses the defaults."""

    exercise: str | None = None
    minutes: float | None = None
    cycles: int | None = None
    pattern: str | None = None
    plain: bool = False
    bell: bool = False
    rate: bool = True
    save: bool = True
    exercises_file: Path | None = None


def breathe_session(ctx: AppContext, options: BreatheOptions, clock: "Clock | None" = None) -> None:
    """One breathing session, from the choice of exercise to the summary.

    Ctrl-C, during the session or before it, is an interruption (exit 130);
    an interrupted session is kept, marked so.
    """
    from stresscheck.adapters.clock import SystemClock
    from stresscheck.adapters.ui.session_screen import SessionScreen, Talk
    from stresscheck.usecases.breathing_session import SessionStore, Wanted, breathe

    t = ctx.t
    wanted = Wanted(
        options.exercise,
        options.pattern,
        options.minutes,
        options.cycles,
        options.rate,
        options.save,
    )
    talk = Talk(t, can_ask=ctx.stdin_is_terminal)
    session = breathe(
        wanted,
        ctx.load_exercises(options.exercises_file),
        t.lang,
        store=SessionStore(),
        questionnaire=ctx.load_questionnaire,
        talk=talk,
        screen=SessionScreen(t, plain=options.plain, bell=options.bell),
        clock=clock or SystemClock(),
    )
    if session.interrupted:
        raise Interrupted
    if session.saved:
        talk.say(t("breathe.summary.saved" if session.rated else "breathe.summary.saved_unrated"))


def exercise_library(ctx: AppContext, override: Path | None) -> "dict[str, LibraryEntry]":
    """Every exercise in force, by id, with its source file; later files win."""
    from stresscheck.adapters.sources.files import load_exercises
    from stresscheck.adapters.sources.problems import display_name
    from stresscheck.adapters.ui.exercises_view import LibraryEntry

    built_in = ctx.exercises_paths(None)[0]
    library: dict[str, LibraryEntry] = {}
    for path in ctx.exercises_paths(override):
        source = None if path == built_in else display_name(path)
        for exercise in load_exercises(path):
            library[exercise.id] = LibraryEntry(exercise, source)
    return library
