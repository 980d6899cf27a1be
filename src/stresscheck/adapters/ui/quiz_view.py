"""The self-check in the terminal around the questions: asking them, and the result.

The questions themselves are asked by ``quiz_prompt``; the result's panels and
tables are drawn by ``render``. Both load rich, so they are imported when used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from stresscheck.errors import Interrupted

if TYPE_CHECKING:
    from stresscheck.adapters.ui.output import Output
    from stresscheck.core.breathing import Exercise
    from stresscheck.core.questionnaire import AnswerValue, Questionnaire
    from stresscheck.core.result import QuizResult
    from stresscheck.i18n import Translator


def terminal_answers(
    t: Translator, *, stderr: bool, plain: bool
) -> Callable[[Questionnaire], dict[str, AnswerValue]]:
    """Asking in the terminal (on standard error when standard output carries JSON).

    Stopping, Ctrl-C or the end of input says so and is an interruption (exit
    130): nothing is saved.
    """

    def ask(questionnaire: Questionnaire) -> dict[str, AnswerValue]:
        from stresscheck.adapters.ui.console import make_console
        from stresscheck.adapters.ui.quiz_prompt import QuizStopped, ask_questions

        console = make_console(stderr=stderr)
        try:
            return ask_questions(console, questionnaire, t, console.input, plain=plain)
        except (QuizStopped, KeyboardInterrupt, EOFError):
            console.print()
            console.print(t("quiz.stopped"))
            raise Interrupted from None

    return ask


def show_result(
    out: Output,
    t: Translator,
    result: QuizResult,
    exercises: Mapping[str, Exercise],
    contact: Mapping[str, str | None] | None,
    *,
    saved: bool,
) -> None:
    """The result for people: scores, advice, the notice, and whether it was kept."""
    from stresscheck.adapters.ui.render import render_result

    render_result(out.screen, result, t, exercises, contact, plain=out.plain)
    out.screen.print(t("quiz.saved" if saved else "quiz.not_saved"), style="dim")
