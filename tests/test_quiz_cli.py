"""``stresscheck quiz --answers FILE --json --no-save`` and the global options, end to end.

The JSON shape is what therapists' scripts and outside checks rely on
(contract section 5); extra keys are allowed, the contract's may not change.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

import stresscheck
from helpers import cli_env, run_cli
from stresscheck.__main__ import main
from stresscheck.i18n import Translator

QUIZ = ["quiz", "--json", "--no-save", "--answers", "-"]

HIGH_TENSION = (
    "tension_1: 4\ntension_2: 4\ntension_3: 4\ntension_4: 0\nduration: 4\nrelaxation_effect: 2\n"
)
ALL_ZERO = "\n".join(
    f"{qid}: 0"
    for qid in [
        "fatigue_1",
        "fatigue_2",
        "fatigue_3",
        "tension_1",
        "tension_2",
        "tension_3",
        "tension_4",
        "restlessness_1",
        "restlessness_2",
        "restlessness_3",
        "restlessness_4",
        "breathing_1",
        "breathing_2",
        "breathing_3",
        "breathing_4",
        "duration",
        "relaxation_effect",
        "spreading",
        "load",
        "chest_pain",
        "fainting",
        "self_harm",
    ]
)

NO_TOTAL = """\
id: no-total
title: No total
domains:
  - id: only
    title: Only
    bands: [{max: 1, level: low}, {level: high}]
questions:
  - id: a
    text: A
    domain: only
    options: [{value: 0, label: Never}, {value: 1, label: Often}]
rules:
  - advice: breathe
"""


def quiz(home, answers: str, *extra: str, **env: str) -> dict:
    done = run_cli([*QUIZ, *extra], home, stdin=answers, **env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def install_practice(tmp_path, home) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(
        "practice:\n"
        "  name: Praktijk Voorbeeld\n"
        "  website: https://praktijk.example\n"
        '  phone: "+31 20 000 0000"\n'
        "  email: info@praktijk.example\n",
        encoding="utf-8",
    )
    done = run_cli(["setup", practice], home)
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- JSON shape


def test_json_has_the_contract_keys(stresscheck_home) -> None:
    result = quiz(stresscheck_home, HIGH_TENSION)
    assert {"questionnaire", "domains", "total", "red_flags", "advice"} <= set(result)
    assert result["questionnaire"] == "stresscheck-default"
    assert set(result["domains"]) == {"fatigue", "tension", "restlessness", "breathing"}
    for entry in result["domains"].values():
        assert {"score", "max", "level", "missing"} <= set(entry)
    assert {"score", "level"} <= set(result["total"])
    assert isinstance(result["red_flags"], list)
    assert {"action", "exercise", "reasons", "contact"} <= set(result["advice"])


def test_json_values_follow_the_contracts_example(stresscheck_home) -> None:
    everything = ALL_ZERO.replace("tension_1: 0", "tension_1: 3").replace(
        "fatigue_1: 0", "fatigue_1: 2"
    )
    done = run_cli(QUIZ, stresscheck_home, stdin=everything)
    assert done.returncode == 0, done.stderr
    # Scores are written as decimals (9.0), maxima as whole numbers (12), as in the contract.
    assert '"score": 2.0' in done.stdout
    assert '"max": 12' in done.stdout
    result = json.loads(done.stdout)
    fatigue = result["domains"]["fatigue"]
    assert fatigue == {"score": 2.0, "max": 12, "level": "low", "missing": 0}
    assert result["domains"]["tension"] == {
        "score": 7.0,
        "max": 16,
        "level": "moderate",
        "missing": 0,
    }
    assert result["total"] == {"score": 9.0, "level": "low"}
    assert result["red_flags"] == []
    advice = result["advice"]
    assert advice["action"] == "breathe" and advice["exercise"] == "resonance"
    assert all(isinstance(r, str) and r for r in advice["reasons"])
    assert advice["contact"] is None


def test_json_red_flags_and_urgent(stresscheck_home) -> None:
    result = quiz(stresscheck_home, HIGH_TENSION + "chest_pain: 1\nself_harm: 1\n")
    assert result["red_flags"] == ["chest_pain", "self_harm"]
    assert result["advice"]["action"] == "urgent"
    assert result["advice"]["exercise"] is None
    assert result["advice"]["contact"] is None


def test_json_physiotherapy(stresscheck_home) -> None:
    result = quiz(stresscheck_home, HIGH_TENSION)
    assert result["domains"]["tension"]["level"] == "high"
    assert result["advice"]["action"] == "physiotherapy"
    assert result["advice"]["exercise"] is None
    assert result["advice"]["contact"] is None, "no practice set up: no contact"


def test_json_missing_answers_are_counted_and_scores_null(stresscheck_home) -> None:
    result = quiz(stresscheck_home, "fatigue_1: 4\nfatigue_2: 4\n")
    assert result["domains"]["fatigue"] == {"score": 12.0, "max": 12, "level": "high", "missing": 1}
    assert result["domains"]["tension"] == {"score": None, "max": 16, "level": None, "missing": 4}
    assert result["total"] == {"score": None, "level": None}


def test_total_is_null_without_a_total(tmp_path, stresscheck_home) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(NO_TOTAL, encoding="utf-8")
    result = quiz(stresscheck_home, "a: 1", "--questions", str(questions))
    assert result["questionnaire"] == "no-total"
    assert "total" in result and result["total"] is None
    assert result["domains"]["only"] == {"score": 1.0, "max": 1, "level": "low", "missing": 0}


def test_contact_is_the_practice_only_for_physiotherapy(tmp_path, stresscheck_home) -> None:
    install_practice(tmp_path, stresscheck_home)
    result = quiz(stresscheck_home, HIGH_TENSION)
    assert result["advice"]["action"] == "physiotherapy"
    assert result["advice"]["contact"] == {
        "name": "Praktijk Voorbeeld",
        "website": "https://praktijk.example",
        "phone": "+31 20 000 0000",
        "email": "info@praktijk.example",
    }
    assert quiz(stresscheck_home, ALL_ZERO)["advice"]["contact"] is None
    assert quiz(stresscheck_home, HIGH_TENSION + "fainting: 1\n")["advice"]["contact"] is None


def test_json_is_the_only_thing_on_stdout(stresscheck_home) -> None:
    done = run_cli(QUIZ, stresscheck_home, stdin=HIGH_TENSION)
    json.loads(done.stdout)  # nothing else mixed in
    assert done.stdout.lstrip().startswith("{")


# --------------------------------------------------------------------------- languages


def sentences(lang: str) -> dict[str, str]:
    t = Translator(lang)
    return {
        "red_flag": t("advice.reason.red_flag", question="{q}").split("{q}")[0],
        "notice": t("result.notice"),
    }


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_reasons_in_the_chosen_language(stresscheck_home, lang) -> None:
    result = quiz(stresscheck_home, "chest_pain: 1\n", "--lang", lang)
    expected = sentences(lang)
    assert any(r.startswith(expected["red_flag"]) for r in result["advice"]["reasons"]), result
    other = sentences("nl" if lang == "en" else "en")
    assert not any(r.startswith(other["red_flag"]) for r in result["advice"]["reasons"])


def test_dutch_reasons_word_for_word(stresscheck_home) -> None:
    result = quiz(stresscheck_home, "chest_pain: 1\n", "--lang", "nl")
    assert (
        "Je antwoordde ja op de vraag over pijn of druk op de borst, of erg benauwd."
        in result["advice"]["reasons"]
    )
    result = quiz(stresscheck_home, HIGH_TENSION, "--lang", "nl")
    assert "Spanning en pijn: hoog (16 van 16)." in result["advice"]["reasons"]


def test_english_reasons_word_for_word(stresscheck_home) -> None:
    result = quiz(stresscheck_home, "chest_pain: 1\n", "--lang", "en")
    assert (
        "You answered yes to the question about chest pain or pressure, or very short of breath."
        in result["advice"]["reasons"]
    )
    result = quiz(stresscheck_home, HIGH_TENSION, "--lang", "en")
    assert "Tension and pain: high (16 of 16)." in result["advice"]["reasons"]


def test_language_from_the_locale(stresscheck_home) -> None:
    dutch = quiz(stresscheck_home, "chest_pain: 1\n", LANG="nl_NL.UTF-8")
    assert (
        "Je antwoordde ja op de vraag over pijn of druk op de borst, of erg benauwd."
        in dutch["advice"]["reasons"]
    )
    other = quiz(stresscheck_home, "chest_pain: 1\n", LANG="de_DE.UTF-8")
    assert (
        "You answered yes to the question about chest pain or pressure, or very short of breath."
        in other["advice"]["reasons"]
    )


def test_lang_option_beats_the_locale(stresscheck_home) -> None:
    result = quiz(stresscheck_home, "chest_pain: 1\n", "--lang", "en", LANG="nl_NL.UTF-8")
    assert (
        "You answered yes to the question about chest pain or pressure, or very short of breath."
        in result["advice"]["reasons"]
    )


def test_json_numbers_are_not_localised(stresscheck_home) -> None:
    result = quiz(stresscheck_home, "fatigue_1: 3\nfatigue_2: 0\n", "--lang", "nl")
    assert result["domains"]["fatigue"]["score"] == 4.5


# --------------------------------------------------------------------------- usage


def test_quiz_without_answers_and_no_terminal_is_a_usage_error(stresscheck_home) -> None:
    done = run_cli(["quiz", "--no-save"], stresscheck_home, stdin="1\n1\n")
    assert done.returncode == 2
    assert "--answers" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def run_python(
    home: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """This interpreter with ``args`` (``-m stresscheck``, or a probe script)."""
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(home),
        timeout=20,
        check=False,
    )


def test_version(stresscheck_home) -> None:
    done = run_cli(["--version"], stresscheck_home)
    assert done.returncode == 0
    assert stresscheck.__version__ in done.stdout
    assert done.stdout.strip() == f"stresscheck {stresscheck.__version__}"


def test_python_dash_m_version(stresscheck_home) -> None:
    done = run_python(stresscheck_home, "-m", "stresscheck", "--version")
    assert done.returncode == 0, done.stderr
    assert stresscheck.__version__ in done.stdout


def test_the_program_skips_the_last_collection_at_exit(stresscheck_home) -> None:
    """The program freezes its objects before exiting (saving Python's last pass
    over them); a caller that passes its own arguments, as tests do, is left alone."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from stresscheck.__main__ import main\n"
        "sys.argv = ['stresscheck', '--version']\n"
        "main()\n"
    )
    done = run_python(stresscheck_home, "-c", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"stresscheck {stresscheck.__version__}", "frozen True"]
    before = gc.get_freeze_count()
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert gc.get_freeze_count() == before


def test_python_dash_m_runs_a_quiz(stresscheck_home) -> None:
    done = run_python(stresscheck_home, "-m", "stresscheck", *QUIZ, stdin=HIGH_TENSION)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["advice"]["action"] == "physiotherapy"


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["quiz", "--bogus"], ["quiz", "--answers"], ["no-such-command"], ["validate"]],
    ids=["global", "quiz", "missing_value", "command", "missing_argument"],
)
def test_bad_usage_exits_2_without_traceback(stresscheck_home, args) -> None:
    done = run_cli(args, stresscheck_home)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()


@pytest.mark.parametrize(
    "args", [["quiz", "--lang", "xx", *QUIZ[1:]], ["--lang", "xx", "quiz", *QUIZ[1:]]]
)
def test_unknown_language_exits_2(stresscheck_home, args) -> None:
    done = run_cli(args, stresscheck_home, stdin=HIGH_TENSION)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "xx" in done.stderr and "en" in done.stderr and "nl" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_no_save_leaves_no_history(stresscheck_home) -> None:
    quiz(stresscheck_home, HIGH_TENSION)
    stored = (
        [p for p in stresscheck_home.rglob("*") if p.is_file()] if stresscheck_home.exists() else []
    )
    assert stored == []


def test_help_lists_the_quiz_options(stresscheck_home) -> None:
    done = run_cli(["quiz", "--help"], stresscheck_home)
    assert done.returncode == 0
    for option in ("--answers", "--json", "--no-save", "--questions", "--lang"):
        assert option in done.stdout


def snapshot(home) -> dict[str, bytes]:
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (QUIZ, "fatigue_1: 9\n"),
        (QUIZ, "nonsense: 1\n"),
        (QUIZ, "[1, 2"),
        (["quiz", "--json", "--answers", "-"], "fatigue_1: 9\n"),
        (
            ["quiz", "--json", "--answers", "-", "--questions", "/no/such/file.yaml"],
            "fatigue_1: 1\n",
        ),
    ],
    ids=["bad_value", "unknown_id", "syntax", "without_no_save", "missing_questionnaire"],
)
def test_bad_input_never_changes_stored_data(stresscheck_home, args, stdin) -> None:
    saved = run_cli(["quiz", "--json", "--answers", "-"], stresscheck_home, stdin=HIGH_TENSION)
    assert saved.returncode == 0, saved.stderr
    before = snapshot(stresscheck_home)
    assert before, "a quiz without --no-save keeps its result"
    done = run_cli(args, stresscheck_home, stdin=stdin)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(stresscheck_home) == before


# --------------------------------------------------------------------------- skipped safety


def test_skipped_safety_questions_are_listed_never_read_as_no(stresscheck_home) -> None:
    result = quiz(stresscheck_home, '{"fatigue_1": 1}')
    assert result["red_flags"] == []
    assert result["unanswered_red_flags"] == ["chest_pain", "fainting", "self_harm"]
    answered = '{"chest_pain": 0, "fainting": 0, "self_harm": 0}'
    assert quiz(stresscheck_home, answered)["unanswered_red_flags"] == []


@pytest.mark.parametrize("plain", [False, True])
def test_the_result_says_which_safety_questions_were_skipped(stresscheck_home, plain) -> None:
    args = ["quiz", "--answers", "-", "--no-save", *(["--plain"] if plain else [])]
    done = run_cli(args, stresscheck_home, stdin='{"fatigue_1": 1, "chest_pain": 0}')
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())
    # Each skipped safety question is named with the contact that fits it: 113 for self-harm.
    t = Translator("en")
    fainting = t(
        "result.unanswered_flag", question="fainting or nearly fainting", contact=t("contact.gp")
    )
    self_harm = t(
        "result.unanswered_flag",
        question="thoughts of harming yourself",
        contact=t("contact.crisis"),
    )
    assert " ".join(fainting.split()) in shown
    assert " ".join(self_harm.split()) in shown
    assert (
        "chest pain" not in shown.split(t("result.heading"))[1].split(t("advice.breathe.title"))[0]
    )
    assert Translator("en")("advice.breathe.intro_unscored").split(".")[0] in shown
