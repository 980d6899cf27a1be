"""A therapist's practice file: set up once, then it shapes advice, defaults and language.

Uses the files in examples/, which are also what the therapists' guide walks
through, so the guide's examples are checked to work as it says.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from helpers import cli_env, command, run_cli
from stresscheck.i18n import Translator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NL = Translator("nl")
NAME = "Praktijk voor Psychosomatische Fysiotherapie Voorbeeld"


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """A copy of the example practice (file and the files it names) in its own folder."""
    folder = tmp_path / "from-therapist"
    shutil.copytree(EXAMPLES, folder)
    return folder / "practice.yaml"


def quiz_json(home: Path, answers: Path, *extra: str) -> dict[str, object]:
    done = run_cli(["quiz", "--answers", answers, "--json", "--no-save", *extra], home)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("name", ["practice.yaml", "questionnaire.yaml", "exercises.yaml"])
def test_the_example_files_are_valid(name: str, stresscheck_home: Path) -> None:
    extra = ["--exercises", EXAMPLES / "exercises.yaml"] if name == "questionnaire.yaml" else []
    done = run_cli(["validate", EXAMPLES / name, *extra], stresscheck_home)
    assert done.returncode == 0, done.stderr


def test_setup_makes_the_practice_the_default_and_names_it_in_the_advice(
    practice: Path, stresscheck_home: Path
) -> None:
    done = run_cli(["setup", practice], stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert NAME in done.stdout
    result = quiz_json(stresscheck_home, EXAMPLES / "answers.yaml")
    assert result["questionnaire"] == "voorbeeld-praktijk"  # the practice's questionnaire
    assert result["lang"] == "nl"  # the practice's language
    advice = result["advice"]
    assert isinstance(advice, dict)
    assert advice["action"] == "physiotherapy"
    assert advice["contact"] == {
        "name": NAME,
        "website": "https://praktijk.example",
        "phone": "+31 20 000 0000",
        "email": "info@praktijk.example",
    }


def test_moving_the_originals_after_setup_changes_nothing(
    practice: Path, stresscheck_home: Path
) -> None:
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    shutil.rmtree(practice.parent)
    result = quiz_json(stresscheck_home, EXAMPLES / "answers.yaml")
    assert result["questionnaire"] == "voorbeeld-praktijk"
    listed = run_cli(["exercises", "--json"], stresscheck_home)
    assert "rustig_uit" in {item["id"] for item in json.loads(listed.stdout)["exercises"]}


def test_lang_still_wins_over_the_practice_language(practice: Path, stresscheck_home: Path) -> None:
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    assert quiz_json(stresscheck_home, EXAMPLES / "answers.yaml", "--lang", "en")["lang"] == "en"


def test_show_and_reset(practice: Path, stresscheck_home: Path) -> None:
    assert "stresscheck" in run_cli(["setup", "--show"], stresscheck_home).stdout
    run_cli(["setup", practice], stresscheck_home)
    shown = run_cli(["setup", "--show"], stresscheck_home)
    assert NAME in shown.stdout
    assert "info@praktijk.example" in shown.stdout
    assert run_cli(["setup", "--reset"], stresscheck_home).returncode == 0
    answers = stresscheck_home.parent / "answers.json"
    answers.write_text('{"fatigue_1": 1}', encoding="utf-8")
    result = quiz_json(stresscheck_home, answers)
    assert result["questionnaire"] == "stresscheck-default"
    assert result["lang"] == "en"


@pytest.mark.parametrize("damage", ["{broken", '{"website": "no name"}', "[]"])
def test_a_practice_copy_that_cannot_be_read_is_said_not_hidden(
    practice: Path, stresscheck_home: Path, damage: str
) -> None:
    """A damaged copy never stops the self-check, but it is named with the fix, and
    ``setup --show`` fails instead of saying that no practice was ever set up."""
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    settings = stresscheck_home / "practice" / "settings.json"
    settings.write_text(damage, encoding="utf-8")
    shown = run_cli(["setup", "--show"], stresscheck_home)
    assert shown.returncode == 1
    assert shown.stdout == ""
    assert str(settings) in shown.stderr and "stresscheck setup --reset" in shown.stderr
    assert shown.stderr.count("cannot be read") == 2  # the note, then why --show failed
    answers = stresscheck_home.parent / "answers.json"
    answers.write_text('{"fatigue_1": 1}', encoding="utf-8")
    done = run_cli(["quiz", "--answers", answers, "--json", "--no-save"], stresscheck_home)
    assert done.returncode == 0
    assert json.loads(done.stdout)["questionnaire"] == "stresscheck-default"
    assert str(settings) in done.stderr
    dutch = run_cli(["setup", "--show", "--lang", "nl"], stresscheck_home)
    assert "zijn niet te lezen" in dutch.stderr and "cannot" not in dutch.stderr
    assert run_cli(["setup", "--reset"], stresscheck_home).returncode == 0
    assert run_cli(["setup", "--show"], stresscheck_home).returncode == 0


def test_without_a_practice_no_practice_is_named(stresscheck_home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"tension_1": 4, "tension_2": 4, "tension_3": 4, "duration": 4}), "utf-8"
    )
    advice = quiz_json(stresscheck_home, answers)["advice"]
    assert isinstance(advice, dict)
    assert advice["action"] == "physiotherapy"
    assert advice["contact"] is None
    # Physiotherapy in general, since no practice is set up.
    [contact] = advice["contacts"]
    assert contact["kind"] == "practice"
    assert contact["name"] == Translator("en")("contact.name.practice")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text.replace("  name: ", "  naam: "), r"practice\.naam"),
        (
            lambda text: text.replace("questions: questionnaire.yaml", "questions: weg.yaml"),
            "weg.yaml",
        ),
        (lambda text: text.replace("language: nl", "language: de"), r"language"),
        (lambda text: text + "extra: true\n", r"extra"),
    ],
)
def test_a_bad_practice_file_is_refused_and_the_old_setup_kept(
    practice: Path, stresscheck_home: Path, change: object, expected: str
) -> None:
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    settings = stresscheck_home / "practice" / "settings.json"
    before = settings.read_bytes()
    bad = practice.with_name("bad.yaml")
    assert callable(change)
    bad.write_text(change(practice.read_text("utf-8")), encoding="utf-8")
    done = run_cli(["setup", bad], stresscheck_home)
    assert done.returncode == 2
    assert re.search(rf"bad\.yaml:\d+: .*{expected}", done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert settings.read_bytes() == before


def test_a_mistake_in_the_practice_questionnaire_names_that_file(
    practice: Path, stresscheck_home: Path
) -> None:
    questionnaire = practice.with_name("questionnaire.yaml")
    text = questionnaire.read_text("utf-8")
    questionnaire.write_text(text.replace("scoring: mean", "scoring: median", 1), "utf-8")
    done = run_cli(["setup", practice], stresscheck_home)
    assert done.returncode == 2
    assert re.search(r"questionnaire\.yaml:\d+: domains\[\d\]\.scoring", done.stderr), done.stderr
    assert not (stresscheck_home / "practice").exists()


@pytest.mark.pty
@pytest.mark.timeout(30)
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
def test_a_dutch_breathing_session_shows_no_english(stresscheck_home: Path) -> None:
    [program, *rest] = command()
    child = pexpect.spawn(
        program,
        [*rest, "breathe", "--pattern", "3-0-3", "--cycles", "2", "--no-save", "--lang", "nl"],
        env=cli_env(stresscheck_home, TERM="xterm", COLUMNS="80"),
        encoding="utf-8",
        timeout=20,
        dimensions=(30, 80),
    )
    transcript = io.StringIO()
    child.logfile_read = transcript
    child.expect(re.escape(NL("breathe.rate.prompt").strip()))  # tension before, in Dutch
    child.sendline("6")
    child.expect(re.escape(NL("breathe.rate.after")))
    child.sendline("3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", transcript.getvalue())
    assert NL("breathe.cycle_progress", cycle=1, cycles=2) in shown
    assert NL("breathe.stop_hint") in shown
    for english in ("Inhale", "Exhale", "cycle", "left", "Ctrl-C stops", "Well done", "Get ready"):
        assert english not in shown, english
