"""The interactive quiz in a real pseudo-terminal, typed at as a person would.

Answers are the numbers shown beside the options, then Enter (several numbers
for a multi question); ``b``/``v`` go back, ``s``/``o`` skip, ``q``/``x`` stop
after asking, in both languages; Ctrl-C stops at once without saving. The number
of questions comes from the shipped questionnaire, so adding a question does not
break these tests; the key and multi tests use a small questionnaire of their own.
"""

from __future__ import annotations

import re
import sys

import pexpect
import pytest

from helpers import cli_env, command
from stresscheck.adapters.sources.files import load_exercises, load_questionnaire
from stresscheck.context import packaged_data
from stresscheck.core.questionnaire import NONE_VALUE, OptionValue, Question
from stresscheck.i18n import Translator

pytestmark = [pytest.mark.pty, pytest.mark.timeout(30)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

EN = Translator("en")
NL = Translator("nl")
EXERCISES = {e.id: e for e in load_exercises(packaged_data("exercises.yaml"))}
DEFAULT = load_questionnaire(packaged_data("questions.yaml"), [packaged_data("exercises.yaml")])
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


def number_for(question_id: str, value: OptionValue) -> str:
    """The number a person types to choose the first option with ``value``."""
    question = DEFAULT.question(question_id)
    return str(next(i for i, o in enumerate(question.options, start=1) if o.value == value))


def calm(question: Question) -> str:
    """What a person without complaints types: the lowest option, or "none of these"."""
    if question.multi:
        return number_for(question.id, NONE_VALUE)
    return number_for(question.id, question.min_value)


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
        session.answer(calm(QUESTIONS[index]) if QUESTIONS[index].multi else "1")
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
        if question.id == flag.id:
            session.answer(number_for(question.id, flag.red_flag_at_least or 0))
        else:
            session.answer(calm(question))
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
    session.expect(re.escape(EN("quiz.confirm_stop", count=1)))
    session.child.sendline("y")
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
        session.answer(calm(question))
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


# --------------------------------------------------------------------------- keys and multi

PROMPT_TEST = """\
id: prompt-test
version: 1
title: {en: Prompt test, nl: Prompttest}
scales:
  yesno:
    - {value: 0, label: {en: "No", nl: Nee}}
    - {value: 1, label: {en: "Yes", nl: Ja}}
questions:
  - id: first
    text: {en: First question?, nl: Eerste vraag?}
    scale: yesno
  - id: spots
    type: multi
    text: {en: Where do you feel it?, nl: Waar voel je het?}
    options:
      - {value: neck, label: {en: Neck, nl: Nek}}
      - {value: jaw, label: {en: Jaw, nl: Kaak}}
      - {value: shoulders, label: {en: Shoulders, nl: Schouders}}
      - {value: none, label: {en: None of these, nl: Geen van deze}}
  - id: last
    text: {en: Last question?, nl: Laatste vraag?}
    scale: yesno
rules:
  - when: {answer: spots, count_at_least: 2}
    advice: physiotherapy
  - advice: breathe
"""


@pytest.fixture
def prompt_test(tmp_path) -> str:
    path = tmp_path / "prompt-test.yaml"
    path.write_text(PROMPT_TEST, encoding="utf-8")
    return str(path)


def dutch(home, *args: str) -> Session:
    return Session(home, "--lang", "nl", *args, prompt=re.escape(NL("quiz.prompt")) + ":")


def words(text: str) -> str:
    return " ".join(text.split())


def test_whom_to_call_now_is_said_before_the_first_question(stresscheck_home) -> None:
    for lang, t in (("en", EN), ("nl", NL)):
        session = Session(stresscheck_home, "--lang", lang, "--plain", prompt=r": ")
        session.expect(re.escape(t("quiz.progress", current=1, total=COUNT)))
        session.child.sendintr()
        assert session.finish() == 130
        shown = words(session.transcript)
        assert words(t("quiz.safety_now")) in shown
        assert shown.index(words(t("quiz.safety_now"))) < shown.index(
            t("quiz.progress", current=1, total=COUNT)
        )


def test_dutch_s_skips_a_question_and_never_stops(stresscheck_home, prompt_test) -> None:
    session = dutch(stresscheck_home, "--questions", prompt_test)
    session.answer("1")
    session.expect(re.escape(NL("quiz.progress", current=2, total=3)))
    session.answer("s")  # skips, as in English
    session.expect(re.escape(NL("quiz.progress", current=3, total=3)))
    session.answer("v")  # back, the Dutch letter
    session.expect(re.escape(NL("quiz.progress", current=2, total=3)))
    session.answer("b")  # back, the English letter, works in Dutch too
    session.expect(re.escape(NL("quiz.progress", current=1, total=3)))
    session.answer("")  # Enter keeps the earlier answer
    session.answer("o")  # skip, the Dutch letter
    session.answer("2")
    assert session.finish() == 0
    shown = session.transcript
    assert NL("quiz.stopped") not in words(shown)
    assert NL("result.skipped", count=1) in shown
    assert "Traceback" not in shown


@pytest.mark.parametrize(
    ("lang", "stop", "yes"), [("en", "q", "y"), ("nl", "x", "ja"), ("nl", "stoppen", "j")]
)
def test_stop_asks_first_and_no_goes_on_with_the_same_question(
    stresscheck_home, prompt_test, lang, stop, yes
) -> None:
    t = EN if lang == "en" else NL
    session = Session(
        stresscheck_home,
        "--lang",
        lang,
        "--questions",
        prompt_test,
        prompt=re.escape(t("quiz.prompt")) + ":",
    )
    session.answer("1")
    session.answer(stop)
    session.expect(re.escape(t("quiz.confirm_stop", count=1)))
    session.child.sendline("")  # Enter means no: nothing is lost
    session.expect(re.escape(t("quiz.stop_declined")))
    session.answer("2")  # still the same question, the multi one
    session.expect(re.escape(t("quiz.progress", current=3, total=3)))
    session.answer(stop)
    session.expect(re.escape(t("quiz.confirm_stop", count=2)))
    session.child.sendline(yes)
    assert session.finish() == 130
    shown = session.transcript
    assert t("quiz.stopped") in words(shown)
    assert shown.count(t("quiz.progress", current=2, total=3)) == 1
    assert "Traceback" not in shown


def test_a_multi_question_answered_2_3(stresscheck_home, prompt_test) -> None:
    session = Session(stresscheck_home, "--questions", prompt_test)
    session.answer("1")
    hint = EN("quiz.multi_hint", example="2 3 4")
    session.expect(re.escape(hint[:40]))  # the line may wrap further on
    session.answer("2 3")
    session.expect(re.escape(EN("quiz.progress", current=3, total=3)))
    session.answer("b")  # back: the two chosen options are marked
    session.expect(re.escape(EN("quiz.answered_before", answer="Jaw; Shoulders")))
    session.answer("")  # Enter keeps them
    session.expect(re.escape(EN("quiz.progress", current=3, total=3)))
    session.answer("1")
    assert session.finish() == 0
    shown = session.transcript
    again = shown[shown.rindex(EN("quiz.progress", current=2, total=3)) :]
    marked = [line.split()[1] for line in again.splitlines() if line.startswith(" *")]
    assert marked == ["2", "3"]
    assert words(hint) in words(shown)
    # Two places chosen: the file's rule for two or more gives physiotherapy.
    assert EN("advice.physiotherapy.title") in shown
    assert "Traceback" not in shown
