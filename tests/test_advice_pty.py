"""The advice as a person meets it: the whole default quiz typed in a real pseudo-terminal.

The vignettes of tests/test_advice.py, answered interactively in both languages
with --plain (one line per paragraph, so sentences can be found whole), plus
the safety line before the first question and Ctrl-C at the offer to start.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pexpect
import pytest

from helpers import cli_env, command
from stresscheck.adapters.sources.files import load_questionnaire
from stresscheck.context import packaged_data
from stresscheck.core.questionnaire import Questionnaire
from stresscheck.core.result import evaluate
from stresscheck.i18n import Translator

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")
DEFAULT: Questionnaire = load_questionnaire(
    packaged_data("questions.yaml"), [packaged_data("exercises.yaml")]
)


def calm() -> dict[str, Any]:
    return {
        q.id: ("none",) if q.multi else (q.max_value if q.reverse else q.min_value)
        for q in DEFAULT.questions
    }


def typed(question_id: str, value: Any) -> str:
    """What a person types to give ``value``: the option's number (several for multi)."""
    question = DEFAULT.question(question_id)
    values = value if isinstance(value, tuple) else (value,)
    numbers = [
        next(i for i, o in enumerate(question.options, start=1) if o.value == v) for v in values
    ]
    return " ".join(map(str, numbers))


def spawn(home, lang: str, *args: str) -> pexpect.spawn:
    [program, *rest] = command()
    env = cli_env(home, COLUMNS="100", LANG="en_US.UTF-8", TERM="xterm")
    return pexpect.spawn(
        program,
        [*rest, "quiz", "--lang", lang, *args],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=15,
        dimensions=(50, 100),
    )


def answer_all(child: pexpect.spawn, t: Translator, answers: dict[str, Any]) -> None:
    prompt = re.escape(t("quiz.prompt")) + ":"
    for question in DEFAULT.questions:
        child.expect(prompt)
        child.sendline(typed(question.id, answers[question.id]))


def plain(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


VIGNETTES = {
    "persistent": (
        {"tension_1": 2, "tension_2": 2, "tension_3": 3, "duration": 4, "relaxation_effect": 2},
        "physiotherapy",
    ),
    "high_recent": (
        {"tension_1": 4, "tension_2": 3, "tension_3": 3, "tension_4": 0, "duration": 1},
        "breathe",
    ),
    "self_harm": ({"self_harm": 1}, "urgent"),
    "screening": ({"gp_signs": ("weight_loss", "low_mood")}, "gp"),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(VIGNETTES))
def test_a_vignette_typed_in_a_terminal_gets_the_articles_advice(
    stresscheck_home, name: str, lang: str
) -> None:
    changes, action = VIGNETTES[name]
    answers = {**calm(), **changes}
    t = Translator(lang)
    child = spawn(stresscheck_home, lang, "--plain", "--no-save")
    child.expect(re.escape(t("quiz.safety_now")[:40]))
    answer_all(child, t, answers)
    seen = []
    while child.expect([pexpect.EOF, r"\[[YyJj]/n\]"]) == 1:
        seen.append(child.before)
        child.sendline("n")
    seen.append(child.before)
    child.close()
    assert child.exitstatus == 0
    shown = plain("".join(seen))
    expected = evaluate(DEFAULT, answers)
    assert expected.advice.action == action
    assert t(f"advice.{action}.title") in shown
    for reason in expected.reasons(t, lang):
        assert reason in shown, reason
    if action == "urgent":
        assert shown.index(t("contact.crisis")) < shown.index(t("result.heading"))
    assert "Traceback" not in shown


def test_the_safety_line_comes_before_the_first_question(stresscheck_home) -> None:
    for lang in ("en", "nl"):
        t = Translator(lang)
        child = spawn(stresscheck_home, lang, "--no-save")
        child.expect(re.escape(t("quiz.prompt")) + ":")
        before_first = plain(child.before)
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
        assert "112" in before_first and "113" in before_first
        assert before_first.index("112") < before_first.index(
            DEFAULT.questions[0].text.get(lang)[:30]
        )


CALM_ONE_QUESTION = """\
id: one
title: One
questions:
  - id: q
    text: How are you?
    options:
      - {value: 0, label: Fine}
      - {value: 1, label: Tired}
rules:
  - advice: breathe
    exercise: resonance
"""


def test_ctrl_c_at_the_offer_to_start_exits_130(stresscheck_home, tmp_path) -> None:
    questions = tmp_path / "one.yaml"
    questions.write_text(CALM_ONE_QUESTION, encoding="utf-8")
    child = spawn(stresscheck_home, "en", "--questions", str(questions), "--no-save")
    child.expect(re.escape(Translator("en")("quiz.prompt")) + ":")
    child.sendline("1")
    child.expect(r"\[Y/n\]")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
