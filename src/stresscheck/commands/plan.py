"""``stresscheck plan``: a daily breathing exercise and a later self-check, as a
calendar file (contract section 9).

The command checks its options, lets the use case (``usecases/plan.py``) make
the plan and writes it. Everything said to the person goes to standard error:
standard output may carry the calendar (``-o -``) or the JSON (``--json``).
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from functools import partial
from typing import Annotated

import typer

from stresscheck.commands.options import exercise_argument, flag, lang_option, output_option
from stresscheck.commands.reading import overview_store, tell_written
from stresscheck.context import AppContext
from stresscheck.errors import UsageError


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``plan`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("plan.help"))
    def plan(
        exercise: Annotated[str | None, exercise_argument(ctx, "plan.exercise_help")] = None,
        at: Annotated[
            str | None,
            typer.Option("--at", metavar="HH:MM", help=t("plan.at_help"), show_default=False),
        ] = None,
        weeks: Annotated[
            int | None,
            typer.Option("--weeks", metavar="N", help=t("plan.weeks_help"), show_default=False),
        ] = None,
        recheck_weeks: Annotated[
            int | None,
            typer.Option(
                "--recheck-weeks",
                metavar="W",
                help=t("plan.recheck_weeks_help"),
                show_default=False,
            ),
        ] = None,
        output: Annotated[
            str | None, output_option(t, "plan.output_help", show_default=False)
        ] = None,
        as_json: Annotated[bool, flag(t, "--json", "plan.json_help")] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters import clock
        from stresscheck.adapters.ui.output import Output, check_writable
        from stresscheck.usecases.breathing_session import DEFAULT_EXERCISE
        from stresscheck.usecases.plan import PlanAsked, latest_advice, plan_practice

        if as_json and output is not None:
            raise UsageError(key="plan.json_and_output")
        if output is None and not as_json:
            raise UsageError(key="plan.needs_output")
        if output is not None:
            check_writable(output)  # every bad input stops before anything is written
        asked = PlanAsked(exercise, at, weeks, recheck_weeks)
        advised = partial(latest_advice, overview_store)
        made = plan_practice(
            asked,
            ctx.load_exercises(),
            practice=ctx.practice,
            advised=advised,
            default_exercise=DEFAULT_EXERCISE,
            clock=clock,
            lang=ctx.lang,
        )
        out = Output()
        if output is None:
            out.json(made.to_json())
            return
        from stresscheck import __version__
        from stresscheck.adapters.sources.calendar_file import calendar_text

        text = calendar_text(made, __version__, clock.local_now("UTC"))
        tell_written(out, out.data(text, output, refused_is_usage=True), "plan.written")
