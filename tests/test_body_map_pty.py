"""The body-map question (``locations``) of the shipped quiz, typed at in a real pseudo-terminal.

A person answers every question calmly up to the body map, chooses places by
their numbers (``2 3 7``, or with commas), goes back to see them marked, changes
or skips the answer, and finishes; ``history --json`` then shows what was kept.
Also in Dutch, with ``--plain``, and with entries the quiz cannot use, which
get a calm hint and the same question again. Where the body map sits and how
many options it has come from the shipped questionnaire, so adding a question
does not break these tests.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import run_cli
from stresscheck.core.questionnaire import NONE_VALUE, OptionValue, Question
from stresscheck.i18n import Translator
from terminal_helpers import DEFAULT, colour_codes, spawn, terminal_env, visible

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

EN, NL = Translator("en"), Translator("nl")
QUESTIONS = DEFAULT.questions
COUNT = len(QUESTIONS)
BODY_MAP = DEFAULT.question("locations")
AT = next(i for i, q in enumerate(QUESTIONS) if q.id == "locations")  # 0-based
# The example in the multi hint: 2, 3 and the last option's number.
EXAMPLE = f"2 3 {len(BODY_MAP.options)}"
OFFER = r"\[Y/n\]|\[J/n\]"  # an offer to start an exercise: declined


def number_for(question: Question, value: OptionValue) -> str:
    """The number a person types to choose the option with ``value``."""
    return str(next(i for i, o in enumerate(question.options, start=1) if o.value == value))


def calm(question: Question) -> str:
    """What a person without complaints types: the lowest option, or "none of these"."""
    if question.multi:
        return number_for(question, NONE_VALUE)
    return number_for(question, question.min_value)


def numbers(*values: str) -> str:
    return " ".join(number_for(BODY_MAP, value) for value in values)


def labels(t: Translator, *values: str) -> str:
    return "; ".join(BODY_MAP.label_for(value, t.lang) for value in values)


class Quiz:
    """``stresscheck quiz`` being typed at; ``shown`` is what the screen showed."""

    def __init__(self, home: Path, *args: str, t: Translator = EN) -> None:
        self.t = t
        self.child = spawn(
            ["quiz", "--lang", t.lang, *args], terminal_env(home, COLUMNS="100"), columns=100
        )
        self.prompt = re.escape(t("quiz.prompt")) + ":"
        self.seen: list[str] = []
        self.at_prompt = False

    def expect(self, pattern: str | list[object]) -> int:
        index: int = self.child.expect(pattern)
        after = self.child.after if isinstance(self.child.after, str) else ""
        self.seen.append(self.child.before + after)
        return index

    def expect_text(self, text: str) -> None:
        self.expect(re.escape(text))

    def at_question(self, index: int) -> None:
        self.expect_text(self.t("quiz.progress", current=index + 1, total=COUNT))

    def answer(self, typed: str) -> None:
        """Wait for the answer prompt (unless already there), then type ``typed`` and Enter."""
        if not self.at_prompt:
            self.expect(self.prompt)
        self.at_prompt = False
        self.child.sendline(typed)

    def up_to_the_body_map(self) -> None:
        for question in QUESTIONS[:AT]:
            self.answer(calm(question))
        self.at_question(AT)

    def the_rest(self) -> None:
        """Calm answers after the body map, then the end (an exercise offer declined)."""
        for index in range(AT + 1, COUNT):
            self.at_question(index)
            self.answer(calm(QUESTIONS[index]))

    def finish(self) -> int | None:
        while self.expect([pexpect.EOF, OFFER]) == 1:
            self.child.sendline("n")
        self.child.close()
        code: int | None = self.child.exitstatus
        return code

    def stop(self) -> int | None:
        self.child.sendintr()
        return self.finish()

    @property
    def raw(self) -> str:
        return "".join(self.seen)

    @property
    def shown(self) -> str:
        return visible(self.raw)

    def last_body_map(self) -> str:
        """The body-map question as it was last shown, up to its prompt (waited for)."""
        if not self.at_prompt:
            self.expect(self.prompt)
            self.at_prompt = True
        heading = self.t("quiz.progress", current=AT + 1, total=COUNT)
        start = self.shown.rindex(heading)
        return self.shown[start : self.shown.index(self.t("quiz.prompt"), start)]


def marked(block: str) -> list[tuple[str, str]]:
    """(number, label) of the options shown as chosen: ``" * 3  Neck"``."""
    found = re.findall(r"^ \*\s*(\d+)  (.+?)\s*$", block, flags=re.MULTILINE)
    return [(number, label) for number, label in found]


def expected_marks(t: Translator, *values: str) -> list[tuple[str, str]]:
    return [(number_for(BODY_MAP, v), BODY_MAP.label_for(v, t.lang)) for v in values]


def saved_places(home: Path) -> list[str] | None:
    """The body-map answer of the one quiz in the history (None: not answered)."""
    done = run_cli(["history", "--json"], home)
    assert done.returncode == 0, done.stderr
    quizzes = json.loads(done.stdout)["quizzes"]
    assert len(quizzes) == 1
    places = quizzes[0]["answers"].get("locations")
    return None if places is None else list(places)


def words(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- choosing places


def test_places_chosen_by_number_are_marked_changed_and_saved(stresscheck_home: Path) -> None:
    quiz = Quiz(stresscheck_home)
    quiz.up_to_the_body_map()
    quiz.expect_text(EN("quiz.multi_hint", example=EXAMPLE)[:40])
    quiz.answer(numbers("head", "neck", "belly"))  # "2 3 7"
    quiz.at_question(AT + 1)
    quiz.answer("b")  # back: the three places are marked and said
    quiz.at_question(AT)
    quiz.expect_text(EN("quiz.answered_before", answer=labels(EN, "head", "neck", "belly")))
    assert marked(quiz.last_body_map()) == expected_marks(EN, "head", "neck", "belly")
    quiz.answer(numbers("legs", "jaw", "shoulders"))  # a new answer, in any order
    quiz.at_question(AT + 1)
    quiz.answer("b")
    quiz.at_question(AT)
    quiz.expect_text(EN("quiz.answered_before", answer=labels(EN, "jaw", "shoulders", "legs")))
    # Only the new places are marked: the earlier answer is replaced, not added to.
    assert marked(quiz.last_body_map()) == expected_marks(EN, "jaw", "shoulders", "legs")
    quiz.answer("")  # Enter keeps the answer
    quiz.the_rest()
    assert quiz.finish() == 0
    assert "Traceback" not in quiz.shown
    assert saved_places(stresscheck_home) == ["jaw", "shoulders", "legs"]


def test_skipping_the_body_map_after_choosing_leaves_it_out(stresscheck_home: Path) -> None:
    quiz = Quiz(stresscheck_home)
    quiz.up_to_the_body_map()
    quiz.answer(numbers("neck", "low_back"))
    quiz.at_question(AT + 1)
    quiz.answer("b")
    quiz.at_question(AT)
    quiz.answer("s")  # skip: the places chosen before are no longer an answer
    quiz.the_rest()
    assert quiz.finish() == 0
    assert EN("result.skipped", count=1) in quiz.shown
    assert saved_places(stresscheck_home) is None


def test_in_dutch_with_commas_and_the_dutch_back_key(stresscheck_home: Path) -> None:
    quiz = Quiz(stresscheck_home, t=NL)
    quiz.up_to_the_body_map()
    quiz.expect_text(NL("quiz.multi_hint", example=EXAMPLE)[:40])
    chosen = [number_for(BODY_MAP, v) for v in ("belly", "head", "neck")]
    quiz.answer(", ".join(chosen))  # "7, 2, 3": any order, commas
    quiz.at_question(AT + 1)
    quiz.answer("v")  # terug
    quiz.at_question(AT)
    quiz.expect_text(NL("quiz.answered_before", answer=labels(NL, "head", "neck", "belly")))
    assert marked(quiz.last_body_map()) == expected_marks(NL, "head", "neck", "belly")
    assert "Hoofd" in quiz.last_body_map() and "Head" not in quiz.last_body_map()
    quiz.answer("")
    quiz.the_rest()
    assert quiz.finish() == 0
    shown = words(quiz.shown)
    assert words(NL("quiz.multi_hint", example=EXAMPLE)) in shown
    assert words(EN("quiz.multi_hint", example=EXAMPLE))[:30] not in shown
    assert saved_places(stresscheck_home) == ["head", "neck", "belly"]


@pytest.mark.parametrize("t", [EN, NL], ids=["en", "nl"])
def test_plain_shows_the_choices_without_colour(stresscheck_home: Path, t: Translator) -> None:
    quiz = Quiz(stresscheck_home, "--plain", t=t)
    quiz.up_to_the_body_map()
    quiz.answer(numbers("jaw", "arms_hands"))
    quiz.at_question(AT + 1)
    quiz.answer(t("quiz.key_back"))
    quiz.at_question(AT)
    block = quiz.last_body_map()
    assert marked(block) == expected_marks(t, "jaw", "arms_hands")
    assert t("quiz.answered_before", answer=labels(t, "jaw", "arms_hands")) in block
    # Every option on a line of its own, unmarked ones with a blank where the star goes.
    for number, option in enumerate(BODY_MAP.options, start=1):
        assert re.search(rf"^ [ *]\s*{number}  {re.escape(option.label.get(t.lang))}$", block, re.M)
    start = quiz.raw.rindex(t("quiz.progress", current=AT + 1, total=COUNT))
    assert colour_codes(quiz.raw[start:]) == []
    quiz.answer("")
    quiz.the_rest()
    assert quiz.finish() == 0
    assert saved_places(stresscheck_home) == ["jaw", "arms_hands"]


# --------------------------------------------------------------------------- entries it cannot use

INVALID = EN("quiz.multi_invalid", count=len(BODY_MAP.options), back="b", skip="s", quit="q")
NONE_ALONE = EN("quiz.multi_none_alone", none=BODY_MAP.label_for(NONE_VALUE, "en"))


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("99", INVALID),
        ("2 x", INVALID),
        ("0", INVALID),
        ("2 99", INVALID),
        ("-3", INVALID),
        ("2.5", INVALID),
        ("", INVALID),  # Enter with no earlier answer: nothing to keep
        (f"3 {number_for(BODY_MAP, NONE_VALUE)}", NONE_ALONE),
    ],
)
def test_a_bad_entry_gets_a_calm_hint_and_the_same_question(
    stresscheck_home: Path, typed: str, hint: str
) -> None:
    quiz = Quiz(stresscheck_home, "--no-save")
    quiz.up_to_the_body_map()
    quiz.answer(typed)
    quiz.expect_text(hint[:40])  # the line may wrap further on
    quiz.answer("3")  # asked again: the same question takes a good answer
    quiz.at_question(AT + 1)
    shown = quiz.shown
    after = shown[shown.index(hint[:40]) :]
    # No new question between the hint and the good answer, and no earlier one.
    assert shown.count(EN("quiz.progress", current=AT + 1, total=COUNT)) == 1
    assert EN("quiz.progress", current=AT, total=COUNT) not in after
    assert words(hint) in words(shown)
    assert "Traceback" not in shown
    assert quiz.stop() == 130
    assert not (stresscheck_home / "history.sqlite3").exists()


def test_a_bad_entry_keeps_an_earlier_answer(stresscheck_home: Path) -> None:
    """Coming back and mistyping does not lose the places chosen before."""
    quiz = Quiz(stresscheck_home)
    quiz.up_to_the_body_map()
    quiz.answer(numbers("neck", "shoulders"))
    quiz.at_question(AT + 1)
    quiz.answer("b")
    quiz.at_question(AT)
    quiz.answer("2 x")
    quiz.expect_text(INVALID[:40])
    quiz.answer("")  # Enter still keeps the earlier answer
    quiz.the_rest()
    assert quiz.finish() == 0
    assert saved_places(stresscheck_home) == ["neck", "shoulders"]
