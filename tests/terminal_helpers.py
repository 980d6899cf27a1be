"""Running stresscheck in a pseudo-terminal under a chosen environment, and reading what it showed.

Shared by the terminal-environment and accessibility tests. The environment
starts clean (no inherited locale, colour or size settings), so each test
says exactly which terminal it imitates.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pexpect

from helpers import command
from stresscheck.adapters.sources.files import load_questionnaire
from stresscheck.adapters.ui.terminal import lookalike
from stresscheck.context import packaged_data
from stresscheck.core.result import evaluate
from stresscheck.i18n import Translator

EN = Translator("en")
DEFAULT = load_questionnaire(packaged_data("questions.yaml"), [packaged_data("exercises.yaml")])

# Every escape sequence (CSI and OSC), and the colour ones among them.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
BOX_OR_BLOCK = re.compile(r"[\u2500-\u259f]")  # box drawing and block elements
UNEXPECTED = EN("app.unexpected", error="", detail="").split("(")[0].strip()

# Variables a terminal session inherits that would change what these tests see.
_INHERITED = {
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "LANG",
    "LANGUAGE",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONCOERCECLOCALE",
    "COLUMNS",
    "LINES",
    "TERM",
    "STRESSCHECK_DEBUG",
}

CALM_EXERCISES = """\
exercises:
  - id: quick
    title: {en: Quick calm, nl: Snelle rust}
    phases:
      - {kind: inhale, seconds: 0.5}
      - {kind: exhale, seconds: 0.5}
    default_minutes: 1
"""


def terminal_env(home: Path, **settings: str) -> dict[str, str]:
    """A clean environment: an English UTF-8 xterm unless ``settings`` say otherwise."""
    env = {key: value for key, value in os.environ.items() if key not in _INHERITED}
    env.update(STRESSCHECK_HOME=str(home), TERM="xterm-256color", LANG="en_US.UTF-8")
    env.update(settings)
    return env


def colour_codes(text: str) -> list[str]:
    """The colour-setting SGR sequences in ``text`` (foreground, background, 256 and RGB)."""
    found = []
    for match in SGR.finditer(text):
        params = [p for p in match.group(1).split(";") if p]
        numbers = [int(p) for p in params if p.isdigit()]
        if any(30 <= n <= 49 or 90 <= n <= 107 for n in numbers):
            found.append(match.group(0))
    return found


def visible(text: str) -> str:
    """What a person reads: escape sequences and carriage returns removed."""
    return ANSI.sub("", text).replace("\r", "")


def words(text: str) -> str:
    """The running words, without panel borders, line breaks and runs of spaces."""
    return " ".join(re.sub(r"[│|╭╮╰╯+]", " ", visible(text)).split())


def as_shown(text: str, ascii_only: bool) -> str:
    """``text`` as a terminal that can only show ASCII gets it."""
    return "".join(lookalike(char) for char in text) if ascii_only else text


@dataclass
class Run:
    """A finished session: everything the terminal received, and the exit status."""

    output: str
    code: int | None


def first_options() -> dict[str, float | tuple[str | float, ...]]:
    """The answers a person gives by typing 1 at every question (for a multi
    question: the first option alone)."""
    return {
        question.id: (question.options[0].value,) if question.multi else question.options[0].value
        for question in DEFAULT.questions
    }


def answers_file_text(answers: Mapping[str, object]) -> str:
    """``answers`` as an answers file: ``id: value`` lines, a multi answer as a list."""

    def shown(value: object) -> str:
        if isinstance(value, tuple):
            return "[" + ", ".join(map(str, value)) + "]"
        return f"{value:g}"

    return "".join(f"{key}: {shown(value)}\n" for key, value in answers.items())


def expected_action() -> str:
    """The advice typing 1 everywhere leads to."""
    return evaluate(DEFAULT, first_options()).advice.action


def spawn(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    columns: int = 80,
    rows: int = 50,
    timeout: float = 20,
) -> pexpect.spawn:
    [program, *rest] = command()
    return pexpect.spawn(
        program,
        [*rest, *args],
        env=dict(env),
        dimensions=(rows, columns),
        encoding="utf-8",
        codec_errors="replace",
        timeout=timeout,
    )


def answer_whole_quiz(child: pexpect.spawn, typed: str = "1") -> Run:
    """Type ``typed`` at every question and decline the offer to start an exercise."""
    seen: list[str] = []
    while True:
        index = child.expect([r"answer: ", r"\[Y/n\]", pexpect.EOF])
        seen.append(child.before + (child.after if isinstance(child.after, str) else ""))
        if index == 0:
            child.sendline(typed)
        elif index == 1:
            child.sendline("n")
        else:
            break
    child.close()
    return Run("".join(seen), child.exitstatus)


def finish(child: pexpect.spawn) -> Run:
    child.expect(pexpect.EOF)
    output = child.before or ""
    child.close()
    return Run(output, child.exitstatus)


def assert_no_crash(run: Run) -> None:
    assert run.code == 0, run.output[-2000:]
    for sign in ("Traceback", "UnicodeEncodeError", "UnicodeDecodeError", UNEXPECTED):
        assert sign not in run.output, run.output[-2000:]
