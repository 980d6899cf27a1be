"""``stresscheck plan``: a daily breathing exercise and a later self-check, as a
calendar file (contract section 9).

The command weighs its options (``core.plan.choose``), reads the clock
(``adapters.clock``), lets the core make the plan and an adapter write it.
Everything said to the person goes to standard error: standard output may
carry the calendar (``-o -``) or the JSON (``--json``).
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import exercise_completion, flag, lang_option, output_option
from stresscheck.context import AppContext
from stresscheck.errors import UsageError

if TYPE_CHECKING:
    from stresscheck.core.plan import Plan


@dataclass(frozen=True)
class PlanOptions:
    """What ``plan`` was asked on the command line (None: not given)."""

    exercise: str | None = None
    at: str | None = None
    weeks: int | None = None
    recheck_weeks: int | None = None
    output: str | None = None
    as_json: bool = False


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``plan`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("plan.help"))
    def plan(
        exercise: Annotated[
            str | None,
            typer.Argument(
                metavar="EXERCISE",
                help=t("plan.exercise_help"),
                autocompletion=exercise_completion(ctx),
            ),
        ] = None,
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
        run_plan(
            ctx,
            PlanOptions(
                exercise=exercise,
                at=at,
                weeks=weeks,
                recheck_weeks=recheck_weeks,
                output=output,
                as_json=as_json,
            ),
        )


def run_plan(ctx: AppContext, options: PlanOptions) -> None:
    """Make the plan and write it; every bad input stops before anything is written."""
    from stresscheck.adapters.ui.output import STDOUT, check_writable, is_special, write_output

    t = ctx.t
    if options.as_json and options.output is not None:
        raise UsageError(t("plan.json_and_output"))
    if not options.as_json and options.output is None:
        raise UsageError(t("plan.needs_output"))
    if options.output is not None:
        check_writable(options.output, t)  # a typo in -o costs nothing
    plan = make(ctx, options)
    if options.as_json:
        import json

        document = json.dumps(plan.to_json(), ensure_ascii=False, indent=2) + "\n"
        write_output(STDOUT, document, t)
        return
    assert options.output is not None
    from stresscheck import __version__
    from stresscheck.adapters import clock
    from stresscheck.adapters.sources.calendar_file import calendar_text

    text = calendar_text(plan, t, __version__, clock.local_now("UTC"))
    path = write_output(options.output, text, t, refused_is_usage=True)
    if path is not None and not is_special(path):
        sys.stderr.write(t("plan.written", path=str(path)) + "\n")
        sys.stderr.flush()


def make(ctx: AppContext, options: PlanOptions) -> "Plan":
    """The plan the options ask for, from the exercises in force and the local time."""
    from stresscheck.adapters import clock
    from stresscheck.commands.breathe_run import DEFAULT_EXERCISE, unknown_exercise
    from stresscheck.core.plan import PlanValueError, choose, make_plan

    t = ctx.t
    library = ctx.load_exercises()
    defaults = ctx.practice.plan if ctx.practice else None
    advised = None
    if options.exercise is None:
        advised = latest_advice(ctx)
        if advised not in library:  # an exercise no longer in force: as if none was advised
            advised = None
    try:
        choice = choose(
            exercise=options.exercise,
            at=options.at,
            weeks=options.weeks,
            recheck_weeks=options.recheck_weeks,
            defaults=defaults,
            advised=advised,
            default_exercise=DEFAULT_EXERCISE,
        )
    except PlanValueError as error:
        raise UsageError(t(error.key, **error.fields)) from None
    exercise = library.get(choice.exercise)
    if exercise is None:
        raise unknown_exercise(t, choice.exercise, sorted(library))
    zone = clock.local_zone()
    return make_plan(
        exercise, choice, now=clock.local_now(zone), zone=zone, lang=ctx.lang, practice=ctx.practice
    )


def latest_advice(ctx: AppContext) -> str | None:
    """The exercise the latest self-check with breathing advice named, if any.

    Read only (no database is created). A history that cannot be read must
    not stand between a person and a plan: then the plan uses the default.
    """
    from stresscheck.adapters.paths import database_path
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.errors import StoreError

    try:
        if not database_path().exists():
            return None
        store = OverviewStore.open(t=ctx.t)
        try:
            return store.latest_advised_exercise()
        finally:
            store.close()
    except (StoreError, OSError):
        return None
