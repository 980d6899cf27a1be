"""``stresscheck quiz``: the self-check, interactive or from an answers file."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import (
    exercises_option,
    file_option,
    flag,
    lang_option,
)
from stresscheck.context import AppContext
from stresscheck.errors import Interrupted, UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.ui.output import Output
    from stresscheck.core.breathing import Exercise
    from stresscheck.usecases.take_quiz import Answers


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``quiz`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("quiz.help"))
    def quiz(
        answers: Annotated[str | None, file_option(t, "--answers", "quiz.answers_help")] = None,
        as_json: Annotated[bool, flag(t, "--json", "quiz.json_help")] = False,
        no_save: Annotated[bool, flag(t, "--no-save", "quiz.no_save_help")] = False,
        questions: Annotated[
            Path | None, file_option(t, "--questions", "quiz.questions_help")
        ] = None,
        exercises: Annotated[Path | None, exercises_option(ctx, "quiz.exercises_help")] = None,
        plain: Annotated[bool, flag(t, "--plain", "quiz.plain_help")] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.sources.files import load_answers
        from stresscheck.adapters.ui.output import Output
        from stresscheck.adapters.ui.quiz_view import show_result, terminal_answers
        from stresscheck.core.result import result_json
        from stresscheck.usecases.take_quiz import QuizStore, take_quiz

        ask: Answers
        if answers is not None:
            ask = partial(load_answers, answers)
        elif ctx.stdin_is_terminal:
            ask = terminal_answers(t, stderr=as_json, plain=plain)
        else:
            raise UsageError(key="quiz.needs_terminal")
        questionnaire = ctx.load_questionnaire(questions, exercises)
        taken = take_quiz(questionnaire, ask, t.lang, QuizStore(), save=not no_save)
        out, result = Output(plain=plain), taken.result
        contact = ctx.practice.contact() if ctx.practice else None
        if as_json:
            out.json(result_json(result, t, t.lang, contact))
            return
        library = ctx.load_exercises(exercises)
        show_result(out, t, result, library, contact, saved=taken.saved)
        advised = library.get(result.advice.exercise or "")
        if answers is None and result.advice.action == "breathe" and advised is not None:
            offer_exercise(ctx, out, advised, exercises, no_save=no_save, plain=plain)


def offer_exercise(
    ctx: AppContext,
    out: "Output",
    exercise: "Exercise",
    exercises: Path | None,
    *,
    no_save: bool,
    plain: bool,
) -> None:
    """Offer the advised exercise at once ("Start it now? [Y/n]"): one Enter away.

    The end of input declines; Ctrl-C is an interruption (exit 130), never a quiet "no".
    """
    from stresscheck.adapters.ui.output import is_yes

    t = ctx.t
    try:
        answer = out.ask(t("quiz.offer_breathe", exercise=exercise.title.get(t.lang)))
    except EOFError:
        out.talk.print()  # end the prompt's line
        return
    except KeyboardInterrupt:
        out.talk.print()  # end the prompt's line
        raise Interrupted from None
    if is_yes(answer, t, default=True):
        from stresscheck.commands.breathe import BreatheOptions, breathe_session

        options = BreatheOptions(
            exercise.id, plain=plain, save=not no_save, exercises_file=exercises
        )
        breathe_session(ctx, options)
