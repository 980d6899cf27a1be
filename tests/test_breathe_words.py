"""Cautions wrap at word boundaries in a terminal; plain mode keeps a paragraph a line
and gives a screen reader the same calm lead-in as the animation."""

from __future__ import annotations

import re
import sys

import pexpect
import pytest

from helpers import cli_env, command, quick_exercises
from stresscheck.i18n import Translator

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]
if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-B]")
EN = Translator("en")


CAUTIONS = [
    "Breathe gently and never force the breath, whatever the counting asks of you today.",
    "Stop and breathe normally when you feel dizzy, light in the head or tingling anywhere.",
]
SHORT = f"""\
exercises:
  - id: short
    title: Short
    phases: [{{kind: inhale, seconds: 0.5}}, {{kind: exhale, seconds: 0.5}}]
    default_minutes: 1
    cautions: {CAUTIONS!r}
"""


def cautions_shown(home, columns: int) -> str:
    """The lines shown between the cautions heading and the first breath."""
    path = home.parent / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    [program, *rest] = command()
    child = pexpect.spawn(
        program,
        [
            *rest,
            "breathe",
            "short",
            "--exercises",
            str(path),
            "--cycles",
            "1",
            "--no-rate",
            "--no-save",
        ],
        env=cli_env(home, TERM="xterm", COLUMNS=str(columns)),
        encoding="utf-8",
        timeout=40,
        dimensions=(40, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = ANSI.sub("", child.before).replace("\r", "")
    start = shown.index(EN("breathe.cautions_heading"))
    return shown[start:].split("\n\n")[0]


@pytest.mark.parametrize("columns", [40, 100])
def test_cautions_wrap_between_words_at_any_width(stresscheck_home, columns: int) -> None:
    words = set(" ".join(CAUTIONS).split())
    lines = cautions_shown(stresscheck_home, columns).splitlines()[1:]
    assert all(len(line) <= columns for line in lines), lines
    # Every word arrives whole: none is cut at the window's edge.
    assert set(" ".join(lines).replace("•", " ").split()) == words
    if columns < 80:
        assert len(lines) > len(CAUTIONS)  # they did wrap


def test_plain_keeps_one_paragraph_a_line_and_announces_the_lead_in(stresscheck_home) -> None:
    [program, *rest] = command()
    child = pexpect.spawn(
        program,
        [
            *rest,
            "breathe",
            "quick",
            "--exercises",
            str(quick_exercises(stresscheck_home.parent)),
            "--cycles",
            "1",
            "--no-rate",
            "--no-save",
            "--plain",
        ],
        env=cli_env(stresscheck_home, TERM="xterm", COLUMNS="40"),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 40),
    )
    child.expect(re.escape(EN("breathe.plain_lead_in", seconds=3)))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
