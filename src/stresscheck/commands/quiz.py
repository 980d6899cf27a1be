"""``stresscheck quiz``: the self-check, interactive or from an answers file."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import apply_language, lang_option
from stresscheck.context import AppContext

if TYPE_CHECKING:
    from stresscheck.core.result import QuizResult
from stresscheck.errors import EXIT_INTERRUPTED, UsageError


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``quiz`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("quiz.help"))
    def quiz(
        answers: Annotated[
            str | None, typer.Option("--answers", metavar="FILE", help=t("quiz.answers_help"))
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help=t("quiz.json_help"))] = False,
        no_save: Annotated[bool, typer.Option("--no-save", help=t("quiz.no_save_help"))] = False,
        questions: Annotated[
            Path | None, typer.Option("--questions", metavar="FILE", help=t("quiz.questions_help"))
        ] = None,
        plain: Annotated[bool, typer.Option("--plain", help=t("quiz.plain_help"))] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        apply_language(ctx, lang)
        run_quiz(
            ctx, answers=answers, as_json=as_json, no_save=no_save, questions=questions, plain=plain
        )


def run_quiz(
    ctx: AppContext,
    *,
    answers: str | None,
    as_json: bool,
    no_save: bool,
    questions: Path | None,
    plain: bool,
) -> "QuizResult":
    """Load, ask or read, score, advise, save and show one self-check."""
    t = ctx.t
    interactive = answers is None
    if interactive and not ctx.stdin_is_terminal:
        raise UsageError(t("quiz.needs_terminal"))
    questionnaire = ctx.load_questionnaire(questions)
    if answers is not None:
        from stresscheck.adapters.files import load_answers

        given = load_answers(answers, questionnaire, t)
    else:
        from stresscheck.adapters.quiz_prompt import QuizStopped, ask_questions

        console = ctx.console(stderr=as_json)
        try:
            given = ask_questions(console, questionnaire, t, console.input, plain=plain)
        except (QuizStopped, KeyboardInterrupt, EOFError):
            console.print()
            console.print(t("quiz.stopped"))
            raise typer.Exit(EXIT_INTERRUPTED) from None
    from stresscheck.core.result import evaluate, result_json

    result = evaluate(questionnaire, given)
    contact = ctx.practice.contact() if ctx.practice else None
    if as_json:
        sys.stdout.write(
            json.dumps(result_json(result, t, t.lang, contact), ensure_ascii=False, indent=2)
        )
        sys.stdout.write("\n")
        return result
    from stresscheck.adapters.render import make_console, render_result

    console = make_console(plain=plain)
    render_result(console, result, t, ctx.load_exercises(), contact, plain=plain)
    return result
