"""The interactive quiz in a real pseudo-terminal, typed at as a person would.

Answers are the numbers shown beside the options, then Enter; ``b`` goes back,
``s`` skips, Ctrl-C stops without saving. The number of questions comes from
the shipped questionnaire, so adding a question does not break these tests.
"""

from __future__ import annotations

import re
import sys

import pexpect
import pytest

from helpers import cli_env, command
from stresscheck.adapters.files import load_exercises, load_questionnaire
from stresscheck.context import packaged_data
from stresscheck.i18n import Translator

pytestmark = [pytest.mark.pty, pytest.mark.timeout(30)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

EN = Translator("en")
NL = Translator("nl")
EXERCISES = {e.id: e for e in load_exercises(packaged_data("exercises.yaml"), EN)}
DEFAULT = load_questionnaire(packaged_data("questions.yaml"), EN, [packaged_data("exercises.yaml")])
QUESTIONS = DEFAULT.questions
COUNT = len(QUESTIONS)
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")
PROMPT = re.escape(EN("quiz.prompt")) + r":"
OFFER = r"\[Y/n\]"  # if the quiz ever offers to start the exercise, we decline


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


def spawn(home, *args: str) -> pexpect.spawn:
    [program, *rest] = command()
    env = cli_env(home, COLUMNS="80", LANG="en_US.UTF-8", TERM="xterm")
    return pexpect.spawn(
        program,
        [*rest, "quiz", "--no-save", *args],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=10,
        dimensions=(60, 80),
    )


class Session:
    """A quiz being typed at; ``transcript`` is everything shown, without colours."""

    def __init__(self, home, *args: str, prompt: str = PROMPT) -> None:
        self.child = spawn(home, *args)
        self.prompt = prompt
        self.seen: list[str] = []

    def expect(self, pattern: str | list) -> int:
        index = self.child.expect(pattern)
        self.seen.append(
            self.child.before + (self.child.after if isinstance(self.child.after, str) else "")
        )
        return index

    def answer(self, typed: str) -> None:
        """Wait for the answer prompt, then type ``typed`` and Enter."""
        self.expect(self.prompt)
        self.child.sendline(typed)

    def finish(self) -> int:
        while self.expect([pexpect.EOF, OFFER]) == 1:
            self.child.sendline("n")
        self.child.close()
        return self.child.exitstatus

    @property
    def transcript(self) -> str:
        return plain("".join(self.seen))


def number_for(question_id: str, value: float) -> str:
    """The number a person types to choose the first option with ``value``."""
    question = DEFAULT.question(question_id)
    return str(next(i for i, o in enumerate(question.options, start=1) if o.value == value))


def test_a_whole_quiz_with_back_and_skip(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    session.expect(re.escape(EN("quiz.progress", current=1, total=COUNT)))
    session.answer("3")  # first question: option 3
    session.expect(re.escape(EN("quiz.progress", current=2, total=COUNT)))
    session.answer("b")  # back to the first question, which shows the earlier answer
    session.expect(re.escape(EN("quiz.progress", current=1, total=COUNT)))
    first = QUESTIONS[0]
    session.expect(re.escape(EN("quiz.answered_before", answer=first.options[2].label.get("en"))))
    session.answer("2")  # change it
    session.expect(re.escape(EN("quiz.progress", current=2, total=COUNT)))
    session.answer("s")  # skip the second question
    for index in range(2, COUNT):
        session.expect(re.escape(EN("quiz.progress", current=index + 1, total=COUNT)))
        session.answer("1")
    assert session.finish() == 0
    shown = session.transcript
    result = shown[shown.index(EN("result.heading")) :]
    for domain in DEFAULT.domains:
        assert domain.title.get("en") in result
    assert EN("result.total") in result
    assert EN("result.skipped", count=1) in result
    assert EN("advice.breathe.title") in result
    assert EN("result.notice").split(".")[0] in result
    assert "Traceback" not in shown


def test_a_red_flag_shows_urgent_advice_before_the_scores(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    flag = next(q for q in QUESTIONS if q.red_flag_at_least is not None)
    for question in QUESTIONS:
        value = question.red_flag_at_least if question.id == flag.id else question.min_value
        session.answer(number_for(question.id, value))
    assert session.finish() == 0
    shown = session.transcript
    urgent = shown.find(EN("advice.urgent.title"))
    scores = shown.find(EN("result.heading"))
    assert urgent != -1 and scores != -1
    assert urgent < scores, "urgent advice must come before the score table"
    assert EN("result.notice").split(".")[0] in shown[scores:]


def test_dutch_prompts(stresscheck_home) -> None:
    session = Session(stresscheck_home, "--lang", "nl", prompt=re.escape(NL("quiz.prompt")) + ":")
    session.expect(re.escape(NL("quiz.progress", current=1, total=COUNT)))
    assert "Vraag 1 van" in session.transcript
    session.answer(NL("quiz.key_quit"))
    assert session.finish() == 130
    assert NL("quiz.stopped") in session.transcript.replace("\n", " ")


def test_dutch_question_text(stresscheck_home) -> None:
    session = Session(stresscheck_home, "--lang", "nl", prompt=re.escape(NL("quiz.prompt")) + ":")
    session.expect(re.escape(NL("quiz.progress", current=1, total=COUNT)))
    session.expect(session.prompt)
    assert QUESTIONS[0].options[0].label.get("nl") in session.transcript
    assert QUESTIONS[0].options[0].label.get("en") not in session.transcript
    session.child.sendintr()
    assert session.finish() == 130


def test_ctrl_c_mid_quiz_exits_130_and_saves_nothing(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    session.answer("2")
    session.answer("3")
    session.expect(PROMPT)
    session.child.sendintr()
    assert session.finish() == 130
    shown = session.transcript
    assert "Nothing was saved" in shown.replace("\n", " ")
    assert "Traceback" not in shown and "KeyboardInterrupt" not in shown
    stored = (
        [p for p in stresscheck_home.rglob("*") if p.is_file()] if stresscheck_home.exists() else []
    )
    assert stored == []


def test_quit_key_stops_without_saving(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    session.answer("1")
    session.answer(EN("quiz.key_quit"))
    assert session.finish() == 130
    assert EN("quiz.stopped") in session.transcript.replace("\n", " ")


@pytest.mark.parametrize("typed", ["9", "0", "abc", "", "-1", "1.5"])
def test_an_invalid_answer_gets_a_gentle_hint_and_the_question_again(
    stresscheck_home, typed
) -> None:
    session = Session(stresscheck_home)
    session.answer(typed)
    hint = EN("quiz.invalid", count=len(QUESTIONS[0].options), back="b", skip="s", quit="q")
    session.expect(re.escape(hint[:40]))
    session.answer("1")  # asked again, the same question
    session.expect(re.escape(EN("quiz.progress", current=2, total=COUNT)))
    shown = session.transcript
    assert shown.count(EN("quiz.progress", current=1, total=COUNT)) == 1, (
        "no new question in between"
    )
    session.child.sendintr()
    assert session.finish() == 130


def test_back_on_the_first_question_explains_itself(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    session.answer("b")
    session.expect(re.escape(EN("quiz.first_question")))
    session.answer("1")
    session.expect(re.escape(EN("quiz.progress", current=2, total=COUNT)))
    session.child.sendintr()
    assert session.finish() == 130


def test_breathe_advice_offers_the_exercise_and_enter_starts_it(stresscheck_home) -> None:
    session = Session(stresscheck_home)
    for question in QUESTIONS:
        session.answer(number_for(question.id, question.min_value))
    title = EXERCISES["resonance"].title.get("en")
    session.expect(re.escape(EN("quiz.offer_breathe", exercise=title)))
    session.child.sendline("")  # Enter means yes
    session.expect(re.escape(EN("breathe.rate.prompt").strip()))
    session.child.sendline("")  # skip the rating
    session.expect(re.escape(EN("breathe.stop_hint")))
    session.child.sendintr()
    session.expect(pexpect.EOF)
    session.child.close()
    assert session.child.exitstatus == 130
    assert "Traceback" not in session.transcript
