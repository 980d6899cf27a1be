"""``stresscheck breathe`` and ``stresscheck exercises``: guided breathing.

Only the command-line signatures live here; ``commands/breathe_run.py`` does
the work (choosing the exercise, ratings, the session, summary, history).
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from pathlib import Path
from typing import Annotated

import typer

from stresscheck.commands.options import (
    exercise_completion,
    exercises_option,
    lang_option,
)
from stresscheck.context import AppContext


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add ``breathe`` and ``exercises`` (with ``exercises show ID``) to ``app``."""
    t = ctx.t
    complete_exercise = exercise_completion(ctx)

    @app.command(help=t("breathe.help"))
    def breathe(
        exercise: Annotated[
            str | None,
            typer.Argument(
                metavar="EXERCISE",
                help=t("breathe.exercise_help"),
                autocompletion=complete_exercise,
            ),
        ] = None,
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
        plain: Annotated[bool, typer.Option("--plain", help=t("breathe.plain_help"))] = False,
        bell: Annotated[bool, typer.Option("--bell", help=t("breathe.bell_help"))] = False,
        no_rate: Annotated[bool, typer.Option("--no-rate", help=t("breathe.no_rate_help"))] = False,
        no_save: Annotated[bool, typer.Option("--no-save", help=t("breathe.no_save_help"))] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.commands.breathe_run import BreatheOptions, run_breathe

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
        code = run_breathe(ctx, options)
        if code:
            raise typer.Exit(code)

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
        as_json: Annotated[bool, typer.Option("--json", help=t("exercises.json_help"))] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        typer_ctx.obj = exercises_file
        if typer_ctx.invoked_subcommand is None:
            from stresscheck.commands.breathe_run import list_exercises

            list_exercises(ctx, exercises_file, as_json=as_json)

    @group.command("show", help=t("exercises.show_help"))
    def show(
        typer_ctx: typer.Context,
        exercise_id: Annotated[
            str,
            typer.Argument(
                metavar="ID", help=t("exercises.id_help"), autocompletion=complete_exercise
            ),
        ],
        as_json: Annotated[bool, typer.Option("--json", help=t("exercises.json_help"))] = False,
        exercises_file: Annotated[Path | None, exercises_option(ctx)] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        override = exercises_file if exercises_file is not None else typer_ctx.obj
        from stresscheck.commands.breathe_run import show_exercise

        show_exercise(ctx, exercise_id, override, as_json=as_json)

    app.add_typer(group, name="exercises")
