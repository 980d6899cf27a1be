"""Asking the questionnaire in a terminal, one question at a time.

A person answers with the number shown beside an option and Enter, and can go
back, skip or stop. Reading a line is injected so the flow can be tested
without a terminal; the pty tests drive the real thing.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from stresscheck.adapters.console import ascii_safe
from stresscheck.core.questionnaire import Question, Questionnaire
from stresscheck.i18n import Translator

ReadLine = Callable[[str], str]


class QuizStopped(Exception):
    """The person chose to stop before the end (nothing is saved)."""


PROGRESS_WIDTH = 20
MIN_PROGRESS_WIDTH = 5


def _progress(current: int, total: int, width: int = PROGRESS_WIDTH) -> str:
    filled = round(current / total * width)
    full, empty = ("━", "─") if ascii_safe() else ("=", "-")
    return full * filled + empty * (width - filled)


def _show_question(
    console: Console,
    questionnaire: Questionnaire,
    index: int,
    answer: float | None,
    t: Translator,
    plain: bool,
) -> None:
    question = questionnaire.questions[index]
    lang = t.lang
    total = len(questionnaire.questions)
    console.print()
    progress = t("quiz.progress", current=index + 1, total=total)
    if plain:
        console.print(Text(progress))
    else:
        # The bar shrinks, then goes, on a narrow terminal: it must not wrap.
        width = min(PROGRESS_WIDTH, console.width - len(progress) - 3)
        if width >= MIN_PROGRESS_WIDTH:
            console.print(
                Text.assemble(
                    (progress, "bold"), "  ", (_progress(index + 1, total, width), "cyan")
                )
            )
        else:
            console.print(Text(progress, style="bold"))
    if question.domain is not None and not plain:
        console.print(Text(questionnaire.domain(question.domain).title.get(lang), style="dim"))
    console.print(Text(question.text.get(lang), style="" if plain else "bold"))
    if question.help:
        console.print(Text(question.help.get(lang), style="" if plain else "dim italic"))
    for number, option in enumerate(question.options, start=1):
        chosen = answer is not None and option.value == answer
        marker = "*" if chosen else " "
        console.print(
            Text(
                f" {marker}{number:>2}  {option.label.get(lang)}",
                style="" if plain or not chosen else "bold",
            )
        )
    if answer is not None:
        console.print(
            Text(t("quiz.answered_before", answer=question.label_for(answer, lang)), style="dim")
        )


def _keys(t: Translator) -> dict[str, str]:
    return {"back": t("quiz.key_back"), "skip": t("quiz.key_skip"), "quit": t("quiz.key_quit")}


def _choice(question: Question, typed: str) -> float | None:
    if typed.isdigit():
        number = int(typed)
        if 1 <= number <= len(question.options):
            return question.options[number - 1].value
    return None


def ask_questions(
    console: Console,
    questionnaire: Questionnaire,
    t: Translator,
    read_line: ReadLine,
    *,
    plain: bool = False,
) -> dict[str, float]:
    """Ask every question; returns the answers given (skipped ones are absent).

    With ``plain`` the console stops wrapping lines at the terminal's width (a
    screen reader then reads each question and option as one line).
    """
    lang = t.lang
    if plain:
        console.soft_wrap = True
    keys = _keys(t)
    console.print(Text(questionnaire.title.get(lang), style="" if plain else "bold"))
    if questionnaire.description:
        console.print(Text(questionnaire.description.get(lang)))
    console.print(Text(t("quiz.keys_hint", **keys), style="" if plain else "dim"))
    answers: dict[str, float] = {}
    index = 0
    questions = questionnaire.questions
    while index < len(questions):
        question = questions[index]
        _show_question(console, questionnaire, index, answers.get(question.id), t, plain)
        while True:
            typed = read_line(f"{t('quiz.prompt')}: ").strip().lower()
            value = _choice(question, typed)
            if value is not None:
                answers[question.id] = value
                index += 1
                break
            if typed == keys["skip"]:
                answers.pop(question.id, None)
                index += 1
                break
            if typed == keys["back"]:
                if index == 0:
                    console.print(Text(t("quiz.first_question"), style="dim"))
                    continue
                index -= 1
                break
            if typed == keys["quit"]:
                raise QuizStopped
            if typed == "" and question.id in answers:
                index += 1  # Enter keeps the earlier answer when coming back
                break
            console.print(
                Text(t("quiz.invalid", count=len(question.options), **keys), style="yellow")
            )
    return answers
