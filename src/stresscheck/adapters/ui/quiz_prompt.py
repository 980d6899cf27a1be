"""Asking the questionnaire in a terminal, one question at a time.

A person answers with the number shown beside an option and Enter (several
numbers for a ``multi`` question), and can go back, skip or stop. The keys are
the same in every language, so switching language never turns "skip" into
"stop". Reading a line is injected so the flow can be tested without a
terminal; the pty tests drive the real thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from rich.console import Console
from rich.text import Text

from stresscheck.adapters.ui.console import ascii_safe
from stresscheck.core.questionnaire import (
    NONE_VALUE,
    AnswerValue,
    Option,
    OptionValue,
    Question,
    Questionnaire,
)
from stresscheck.i18n import Translator

# Prompts are Text, never markup: "[y/N]" must reach the screen as it is.
ReadLine = Callable[[Text], str]
Action = Literal["back", "skip", "stop"]


class QuizStopped(Exception):
    """The person chose to stop before the end (nothing is saved)."""


# What a person may type to go back, skip or stop: one set for every language,
# because people switch languages. The letters the hint shows in each language
# (``quiz.key_back`` ...) are among these; no word is in two sets, and no letter
# that means "skip" anywhere ("s" of skip, "o" of overslaan) ever stops the quiz.
BACK_KEYS = frozenset({"b", "v", "back", "vorige", "terug"})
SKIP_KEYS = frozenset({"s", "o", "skip", "overslaan"})
STOP_KEYS = frozenset({"q", "x", "quit", "stop", "stoppen"})
_ACTIONS: dict[str, Action] = {
    **dict.fromkeys(BACK_KEYS, "back"),
    **dict.fromkeys(SKIP_KEYS, "skip"),
    **dict.fromkeys(STOP_KEYS, "stop"),
}

PROGRESS_WIDTH = 20
MIN_PROGRESS_WIDTH = 5
# Longer than any option number; also keeps int() far from its digit limit.
MAX_NUMBER_LENGTH = 6
_SEPARATORS = re.compile(r"[\s,;]+")


def key_action(typed: str) -> Action | None:
    """What a typed key or word asks for (``"v"``, ``"Terug"``), if anything."""
    return _ACTIONS.get(typed.strip().lower())


def _number(token: str) -> int | None:
    """``token`` as a number when it is plain digits 0-9 (not "²" or "1.5")."""
    if token.isascii() and token.isdecimal() and len(token) <= MAX_NUMBER_LENGTH:
        return int(token)
    return None


def parse_numbers(typed: str, count: int) -> tuple[int, ...] | None:
    """The option numbers in a multi answer, ascending and each once.

    Numbers are separated by spaces, commas or both (``2 3 7``, ``7,2, 3``).
    Anything that is not a number from 1 to ``count``, or nothing at all,
    gives None.
    """
    tokens = [token for token in _SEPARATORS.split(typed.strip()) if token]
    if not tokens:
        return None
    chosen: set[int] = set()
    for token in tokens:
        number = _number(token)
        if number is None or not 1 <= number <= count:
            return None
        chosen.add(number)
    return tuple(sorted(chosen))


def multi_choice(question: Question, typed: str) -> tuple[OptionValue, ...] | None:
    """The values a multi answer chooses, in option order (None: not valid numbers)."""
    numbers = parse_numbers(typed, len(question.options))
    if numbers is None:
        return None
    values: list[OptionValue] = []
    for number in numbers:
        value = question.options[number - 1].value
        if value not in values:
            values.append(value)
    return tuple(values)


def _choice(question: Question, typed: str) -> float | None:
    number = _number(typed)
    if number is None or not 1 <= number <= len(question.options):
        return None
    value = question.options[number - 1].value
    # A single-choice question's values are numbers (the loader checks that).
    return None if isinstance(value, str) else value


def _progress(current: int, total: int, width: int = PROGRESS_WIDTH) -> str:
    filled = round(current / total * width)
    full, empty = ("━", "─") if ascii_safe() else ("=", "-")
    return full * filled + empty * (width - filled)


def _is_chosen(option: Option, answer: AnswerValue | None) -> bool:
    if answer is None:
        return False
    if isinstance(answer, tuple):
        return option.value in answer
    return option.value == answer


def _example(count: int) -> str:
    """Option numbers to show in the multi hint, all of them real (``2 3 7``)."""
    if count < 3:
        return " ".join(str(n) for n in range(1, count + 1))
    return " ".join(str(n) for n in sorted({2, 3, count}))


def _show_question(
    console: Console,
    questionnaire: Questionnaire,
    index: int,
    answer: AnswerValue | None,
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
        chosen = _is_chosen(option, answer)
        marker = "*" if chosen else " "
        console.print(
            Text(
                f" {marker}{number:>2}  {option.label.get(lang)}",
                style="" if plain or not chosen else "bold",
            )
        )
    if question.multi:
        example = _example(len(question.options))
        console.print(Text(t("quiz.multi_hint", example=example), style="" if plain else "dim"))
    if answer is not None:
        console.print(
            Text(t("quiz.answered_before", answer=question.label_for(answer, lang)), style="dim")
        )


def _keys(t: Translator) -> dict[str, str]:
    return {"back": t("quiz.key_back"), "skip": t("quiz.key_skip"), "quit": t("quiz.key_quit")}


def _confirm_stop(console: Console, t: Translator, read_line: ReadLine, count: int) -> bool:
    """Whether the person really wants to stop and lose ``count`` answers (Enter: no).

    Ctrl-C or end of input here stops at once, as anywhere in the quiz.
    """
    typed = read_line(Text(t("quiz.confirm_stop", count=count) + " ")).strip().lower()
    if typed in t("app.yes_words").split():
        return True
    console.print(Text(t("quiz.stop_declined"), style="dim"))
    return False


def _none_with_others(question: Question, chosen: tuple[OptionValue, ...], lang: str) -> str | None:
    """The label of the "none" option when it was chosen together with others."""
    if NONE_VALUE in chosen and len(chosen) > 1:
        return question.label_for(NONE_VALUE, lang)
    return None


def ask_questions(
    console: Console,
    questionnaire: Questionnaire,
    t: Translator,
    read_line: ReadLine,
    *,
    plain: bool = False,
) -> dict[str, AnswerValue]:
    """Ask every question; returns the answers given (skipped ones are absent).

    A single-choice answer is the chosen option's value; a multi answer is the
    tuple of chosen values in option order. Stopping raises ``QuizStopped``,
    after asking to confirm when answers would be lost.

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
    console.print(Text(t("quiz.safety_now")))
    console.print(Text(t("quiz.keys_hint", **keys), style="" if plain else "dim"))
    answers: dict[str, AnswerValue] = {}
    index = 0
    questions = questionnaire.questions
    while index < len(questions):
        question = questions[index]
        _show_question(console, questionnaire, index, answers.get(question.id), t, plain)
        while True:
            typed = read_line(Text(f"{t('quiz.prompt')}: ")).strip().lower()
            action = key_action(typed)
            if action == "skip":
                answers.pop(question.id, None)
                index += 1
                break
            if action == "back":
                if index == 0:
                    console.print(Text(t("quiz.first_question"), style="dim"))
                    continue
                index -= 1
                break
            if action == "stop":
                if answers and not _confirm_stop(console, t, read_line, len(answers)):
                    continue
                raise QuizStopped
            if typed == "" and question.id in answers:
                index += 1  # Enter keeps the earlier answer when coming back
                break
            if question.multi:
                chosen = multi_choice(question, typed)
                if chosen is not None:
                    none_label = _none_with_others(question, chosen, lang)
                    if none_label is None:
                        answers[question.id] = chosen
                        index += 1
                        break
                    message = t("quiz.multi_none_alone", none=none_label)
                else:
                    message = t("quiz.multi_invalid", count=len(question.options), **keys)
            else:
                value = _choice(question, typed)
                if value is not None:
                    answers[question.id] = value
                    index += 1
                    break
                message = t("quiz.invalid", count=len(question.options), **keys)
            console.print(Text(message, style="yellow"))
    return answers
