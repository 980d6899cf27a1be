"""Text from outside never drives the terminal (issue 11, class 1).

Titles, labels, practice details, imported records, key names and file names
may hold escape sequences (a title change, a screen clear, a clipboard write, a
spoofed link), bells, C1 controls or bidi overrides. One function,
``terminal_safe``, makes such text harmless where it enters the program (file
loading, record reading) and in every message's fields; these tests show it
working in each place the outside attack found. tests/test_fuzz.py fuzzes it.
"""

from __future__ import annotations

import json
import re
import sys

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import cli_env, command, run_cli
from stresscheck.core.text import terminal_safe
from stresscheck.i18n import Translator

ATTACK = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\u202eevil\x9b31m\x1b[?25l"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@given(st.text())
def test_nothing_that_drives_a_terminal_survives(text: str) -> None:
    safe = terminal_safe(text)
    assert not FORBIDDEN.search(safe)
    # Printable text, newlines and tabs are kept as they are.
    if not FORBIDDEN.search(text) and "\x1b" not in text:
        assert safe == text


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cf"])))
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert terminal_safe(text) == text


def test_a_sequence_goes_whole_not_just_its_escape() -> None:
    assert terminal_safe("a\x1b]0;PWNED-TITLE\x07b\x1b[2Jc") == "abc"
    assert terminal_safe("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\") == "click"


def test_message_fields_are_made_safe() -> None:
    shown = Translator("en")("files.not_found", file=f"x{ATTACK}.yaml")
    assert not FORBIDDEN.search(shown) and "x" in shown


QUESTIONS = f"""\
id: attack
title: "Title {json.dumps(ATTACK)[1:-1]}"
domains:
  - id: d
    title: "Area {json.dumps(ATTACK)[1:-1]}"
    bands: [{{max: 1, level: low}}, {{level: high}}]
questions:
  - id: q
    text: "Question {json.dumps(ATTACK)[1:-1]}"
    domain: d
    options:
      - {{value: 0, label: "No {json.dumps(ATTACK)[1:-1]}"}}
      - {{value: 1, label: "Yes"}}
rules:
  - advice: breathe
    reason: "Because {json.dumps(ATTACK)[1:-1]}"
"""


def clean(done) -> None:
    for stream in (done.stdout, done.stderr):
        # CSV lines end in CRLF (RFC 4180); any other CR could overwrite a line.
        kept = stream.replace("\r\n", "").replace("\n", "").replace("\t", "")
        assert not FORBIDDEN.search(kept), repr(stream)


def test_the_quiz_result_shows_outside_titles_safely(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    for extra in ([], ["--plain"], ["--json"]):
        done = run_cli(
            ["quiz", "--questions", path, "--answers", "-", "--no-save", *extra],
            stresscheck_home,
            stdin='{"q": 0}',
        )
        assert done.returncode == 0, done.stderr
        clean(done)
        assert "Area" in done.stdout or extra == ["--json"]


def test_validate_names_unknown_keys_safely(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONS + f'"bad{json.dumps(ATTACK)[1:-1]}": 1\n', encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2
    clean(done)
    assert "bad" in done.stderr


def test_setup_and_show_print_the_practice_name_safely(tmp_path, stresscheck_home) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(
        f'practice:\n  name: "Praktijk {json.dumps(ATTACK)[1:-1]}"\n'
        f'  phone: "{json.dumps(ATTACK)[1:-1]}"\n',
        encoding="utf-8",
    )
    for args in (["setup", practice], ["setup", "--show"]):
        done = run_cli(args, stresscheck_home)
        assert done.returncode == 0, done.stderr
        clean(done)
        assert "Praktijk" in done.stdout + done.stderr


def test_an_edited_practice_copy_is_shown_safely(tmp_path, stresscheck_home) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text("practice:\n  name: Praktijk\n", encoding="utf-8")
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    settings = stresscheck_home / "practice" / "settings.json"
    data = json.loads(settings.read_text("utf-8"))
    data["name"] = f"Praktijk {ATTACK}"
    settings.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli(["setup", "--show"], stresscheck_home)
    clean(done)
    assert "Praktijk" in done.stdout


def test_an_imported_exercise_and_reason_show_safely(tmp_path, stresscheck_home) -> None:
    """The outside run's example: import inject.json && history | cat -v."""
    export = {
        "format_version": 1,
        "quizzes": [
            {
                "id": "q1",
                "at": "2026-11-01T10:00:00+00:00",
                "questionnaire": "stresscheck-default",
                "questionnaire_version": 1,
                "lang": "en",
                "answers": {"fatigue_1": 3},
                "domains": {"fatigue": {"score": 9, "max": 12, "level": "high", "missing": 0}},
                "total": None,
                "red_flags": [],
                "advice": {"action": "breathe", "exercise": None, "reasons": [f"Why {ATTACK}"]},
            }
        ],
        "sessions": [
            {
                "id": "s1",
                "at": "2026-11-02T10:00:00+00:00",
                "exercise": f"x{ATTACK}",
                "planned_seconds": 60,
                "actual_seconds": 60,
                "cycles_planned": 5,
                "cycles_completed": 5,
                "completed": True,
                "status": "completed",
                "tension_before": 5,
                "tension_after": 3,
            }
        ],
    }
    path = tmp_path / "inject.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    assert run_cli(["import", path], stresscheck_home).returncode == 0
    for args in (
        ["history"],
        ["history", "--json"],
        ["report", "--format", "md", "-o", "-"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
    ):
        done = run_cli(args, stresscheck_home)
        assert done.returncode == 0, done.stderr
        clean(done)


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_the_interactive_quiz_asks_outside_texts_safely(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    [program, *rest] = command()
    child = pexpect.spawn(
        program,
        [*rest, "quiz", "--questions", str(path), "--no-save", "--plain"],
        env=cli_env(stresscheck_home, TERM="xterm", COLUMNS="80"),
        encoding="utf-8",
        timeout=15,
    )
    child.expect(re.escape(Translator("en")("quiz.prompt")))
    shown = child.before
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert "Question" in shown
    assert not FORBIDDEN.search(shown.replace("\r", "").replace("\n", "")), repr(shown)
