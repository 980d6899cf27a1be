"""``--plain``: the whole quiz and a breathing session as plain lines a screen reader reads well.

Plain means: no escape codes of any kind, no box drawing, bars or large
letters, no animation; every question, option and sentence on one line of its
own (never broken at the terminal's width, so a screen reader does not pause
mid-sentence); the breathing phases as ``Inhale 4 s`` lines, each written the
moment its phase begins.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from helpers import command
from stresscheck.i18n import Translator
from terminal_helpers import (
    ANSI,
    BOX_OR_BLOCK,
    CALM_EXERCISES,
    DEFAULT,
    EN,
    answer_whole_quiz,
    answers_file_text,
    assert_no_crash,
    expected_action,
    finish,
    first_options,
    spawn,
    terminal_env,
)

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

NL = Translator("nl")


@pytest.fixture
def calm(tmp_path: Path) -> Path:
    path = tmp_path / "calm.yaml"
    path.write_text(CALM_EXERCISES, "utf-8")
    return path


def assert_plain(text: str) -> None:
    assert ANSI.findall(text) == [], "no escape codes"
    assert BOX_OR_BLOCK.findall(text) == [], "no box drawing, bars or blocks"
    assert "\a" not in text, "no bell unless asked for"


@pytest.mark.parametrize("columns", [40, 80])
def test_the_plain_quiz_is_plain_lines(stresscheck_home: Path, columns: int) -> None:
    env = terminal_env(stresscheck_home)
    run = answer_whole_quiz(spawn(["quiz", "--plain", "--no-save"], env, columns=columns))
    assert_no_crash(run)
    assert_plain(run.output)
    lines = run.output.replace("\r", "").splitlines()
    for index, question in enumerate(DEFAULT.questions, start=1):
        assert EN("quiz.progress", current=index, total=len(DEFAULT.questions)) in lines
        assert question.text.get("en") in lines, "each question whole, on one line"
        for number, option in enumerate(question.options, start=1):
            assert any(line.strip() == f"{number}  {option.label.get('en')}" for line in lines)
    action = expected_action()
    assert EN(f"advice.{action}.title") in lines
    assert EN(f"advice.{action}.intro") in lines, "each sentence of advice on one line"
    assert EN("result.notice") in lines
    for domain in DEFAULT.domains:
        assert any(line.startswith(f"{domain.title.get('en')}: ") for line in lines)


def test_plain_results_from_an_answers_file(stresscheck_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_file_text(first_options()), "utf-8")
    done = subprocess.run(
        [*command(), "quiz", "--plain", "--answers", str(answers), "--no-save"],
        capture_output=True,
        text=True,
        env=terminal_env(stresscheck_home, COLUMNS="40"),
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert_plain(done.stdout)
    lines = done.stdout.splitlines()
    action = expected_action()
    assert lines.index(EN("result.heading")) < lines.index(EN(f"advice.{action}.title"))
    assert EN(f"advice.{action}.intro") in lines, "not broken at 40 columns"


def test_plain_breathing_in_a_terminal(stresscheck_home: Path, calm: Path) -> None:
    args = ["breathe", "quick", "--exercises", str(calm), "--cycles", "2", "--plain"]
    child = spawn([*args, "--no-save", "--no-rate"], terminal_env(stresscheck_home))
    run = finish(child)
    assert_no_crash(run)
    assert_plain(run.output)
    lines = run.output.replace("\r", "").splitlines()
    assert lines == [
        "Quick calm: 2 cycles, 2 s",
        EN("breathe.plain_lead_in", seconds=3),  # a screen reader finishes the cautions
        "Inhale 0.5 s",
        "Exhale 0.5 s",
        "Inhale 0.5 s",
        "Exhale 0.5 s",
        EN("breathe.summary.completed", cycles="2 cycles", duration="2 s"),
    ]


def test_each_phase_line_comes_when_its_phase_begins(
    stresscheck_home: Path, tmp_path: Path
) -> None:
    slow = tmp_path / "slow.yaml"
    slow.write_text(CALM_EXERCISES.replace("0.5}", "1.5}"), "utf-8")
    args = ["breathe", "quick", "--exercises", str(slow), "--cycles", "1", "--plain"]
    child = spawn([*args, "--no-save", "--no-rate"], terminal_env(stresscheck_home))
    child.expect_exact("Inhale 1.5 s")
    inhale = time.monotonic()
    child.expect_exact("Exhale 1.5 s")
    assert 1.2 <= time.monotonic() - inhale <= 2.5, "the line is written as its phase begins"
    assert_no_crash(finish(child))


def test_plain_breathing_with_ratings_is_plain_too(stresscheck_home: Path, calm: Path) -> None:
    args = ["breathe", "quick", "--exercises", str(calm), "--cycles", "1", "--plain", "--no-save"]
    child = spawn(args, terminal_env(stresscheck_home))
    child.expect_exact(EN("breathe.rate.prompt"))
    child.sendline("6")
    child.expect_exact(EN("breathe.rate.prompt"))
    before = child.before
    child.sendline("3")
    run = finish(child)
    assert_no_crash(run)
    assert_plain(before + run.output)
    assert EN("breathe.summary.tension", before=6, after=3) in run.output


def test_plain_breathing_in_dutch(stresscheck_home: Path, calm: Path) -> None:
    args = ["breathe", "quick", "--exercises", str(calm), "--cycles", "1", "--plain"]
    child = spawn([*args, "--no-save", "--no-rate", "--lang", "nl"], terminal_env(stresscheck_home))
    run = finish(child)
    assert_no_crash(run)
    assert_plain(run.output)
    lines = run.output.replace("\r", "").splitlines()
    phase = NL("breathe.phase.inhale")
    assert NL("breathe.plain_line", phase=phase, seconds="0,5") in lines


def test_plain_quiz_needs_no_terminal_width(stresscheck_home: Path) -> None:
    """Under a screen reader the terminal may report no size at all."""
    env = terminal_env(stresscheck_home, TERM="dumb")
    child = spawn(["quiz", "--plain", "--no-save"], env, columns=0, rows=0)
    child.expect_exact(EN("quiz.progress", current=1, total=len(DEFAULT.questions)))
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
