"""Bad files a person or therapist may give us, and the messages they get.

The contract: exit code 2, no traceback, and one or a few lines on stderr that
name the file and, for YAML, the line and the key path (``questions[3].scale``),
and say how to fix it. Each case is checked in the loader and end to end.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli
from stresscheck.adapters.sources import files, validation
from stresscheck.adapters.sources.yamlio import LocatedDocument
from stresscheck.context import packaged_data
from stresscheck.errors import ContentError
from stresscheck.i18n import Translator

T = Translator("en")
EXERCISES = packaged_data("exercises.yaml")

BASE = """\
id: demo
title: Demo
scales:
  s3:
    - {value: 0, label: Never}
    - {value: 1, label: Sometimes}
    - {value: 2, label: Often}
domains:
  - id: d
    title: D
    max_missing: 1
    bands:
      - {max: 2, level: low}
      - {max: 4, level: moderate}
      - {level: high}
questions:
  - id: q1
    text: One
    scale: s3
    domain: d
  - id: q2
    text: Two
    scale: s3
    domain: d
  - id: q3
    text: Three
    scale: s3
    domain: d
  - id: q4
    text: Four
    scale: s3
rules:
  - when:
      any:
        - {domain: d, level_at_least: high}
        - {answer: q4, at_least: 2}
    advice: physiotherapy
  - advice: breathe
    exercise: resonance
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} is not in the test file"
    return hits[occurrence - 1]


def edit(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return apply


@dataclass(frozen=True)
class Case:
    """A broken questionnaire: the edit, where the message must point, and the fix it gives."""

    id: str
    change: Callable[[str], str]
    line_marker: str  # a text on the line the message must name (in the edited file)
    path: str | None  # the key path the message must name (None: YAML syntax, no path yet)
    fix: str  # words of the fix
    occurrence: int = 1


CASES = [
    Case(
        "yaml_syntax",
        edit("    text: Two\n", "    text: Two: too\n"),
        "text: Two: too",
        None,
        "colon followed by a space inside a text",
    ),
    Case(
        "text_where_a_number_belongs",
        edit("{max: 4, level: moderate}", "{max: four, level: moderate}"),
        "max: four",
        "domains[0].bands[1].max",
        "expected a number",
    ),
    Case(
        "missing_required_key",
        edit("    text: Three\n", ""),
        "- id: q3",
        "questions[2].text",
        "Add it",
    ),
    Case(
        "unknown_key_typo",
        edit("    max_missing: 1\n", "    max_missing: 1\n    scoreing: sum\n"),
        "scoreing",
        "domains[0].scoreing",
        "Check the spelling",
    ),
    Case(
        "unknown_scale",
        edit("    text: Four\n    scale: s3", "    text: Four\n    scale: s4"),
        "scale: s4",
        "questions[3].scale",
        "Use one of: s3",
    ),
    Case(
        "unknown_domain",
        edit(
            "    text: Two\n    scale: s3\n    domain: d",
            "    text: Two\n    scale: s3\n    domain: e",
        ),
        "domain: e",
        "questions[1].domain",
        "Use one of: d",
    ),
    Case(
        "duplicate_question_id",
        edit("- id: q3", "- id: q1"),
        "- id: q1",
        "questions[2].id",
        "Give each one its own id",
        occurrence=2,
    ),
    Case(
        "duplicate_yaml_key",
        edit("    text: Three\n", "    text: Three\n    text: Drie\n"),
        "text: Drie",
        "questions[2].text",
        "Keep one",
    ),
    Case(
        "duplicate_top_level_key",
        edit("title: Demo\n", "title: Demo\ntitle: Again\n"),
        "title: Again",
        "title",
        "Keep one",
    ),
    Case(
        "bands_out_of_order",
        edit("{max: 4, level: moderate}", "{max: 1, level: moderate}"),
        "max: 1, level: moderate",
        "domains[0].bands[1].max",
        "Reorder",
    ),
    Case(
        "band_without_max_in_the_middle",
        edit("{max: 4, level: moderate}", "{level: moderate}"),
        "{level: moderate}",
        "domains[0].bands[1]",
        "Add 'max:'",
    ),
    Case(
        "last_band_with_max",
        edit("{level: high}", "{max: 9, level: high}"),
        "max: 9, level: high",
        "domains[0].bands[2].max",
        "Remove it",
    ),
    Case(
        "rule_unknown_question",
        edit("{answer: q4, at_least: 2}", "{answer: q9, at_least: 2}"),
        "answer: q9",
        "rules[0].when.any[1].answer",
        "Check the spelling",
    ),
    Case(
        "rule_unknown_domain",
        edit("{domain: d, level_at_least: high}", "{domain: x, level_at_least: high}"),
        "domain: x",
        "rules[0].when.any[0].domain",
        "Use one of: d",
    ),
    Case(
        "rule_unknown_level",
        edit("level_at_least: high}", "level_at_least: huge}"),
        "level_at_least: huge",
        "rules[0].when.any[0].level_at_least",
        "Use one of: low, moderate, high",
    ),
    Case(
        "rule_wrong_type_inside_any",
        edit("{answer: q4, at_least: 2}", "{answer: q4, at_least: many}"),
        "at_least: many",
        "rules[0].when.any[1].at_least",
        "expected a number",
    ),
    Case(
        "rule_unknown_exercise",
        edit("exercise: resonance", "exercise: nosuch"),
        "exercise: nosuch",
        "rules[1].exercise",
        "Use one of:",
    ),
    Case(
        "rule_after_an_unconditional_rule",
        edit("rules:\n", "rules:\n  - advice: urgent\n"),
        "- advice: urgent",
        "rules[0]",
        "Move it to the end",
    ),
    Case(
        "last_rule_conditional",
        edit("  - advice: breathe\n", "  - when: {red_flag: true}\n    advice: breathe\n"),
        "when: {red_flag: true}",
        "rules[1]",
        "Add a final rule",
    ),
    Case(
        "exercise_on_a_non_breathe_rule",
        edit("    advice: physiotherapy\n", "    advice: physiotherapy\n    exercise: box\n"),
        "exercise: box",
        "rules[0].exercise",
        "Remove it, or change the advice",
    ),
    Case(
        "advice_not_allowed",
        edit("advice: physiotherapy", "advice: yoga"),
        "advice: yoga",
        "rules[0].advice",
        "Use one of: urgent, gp, physiotherapy",
    ),
]


def write(tmp_path: Path, text: str | bytes, name: str = "questions.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load(path: Path | str):
    return files.load_questionnaire(path, [EXERCISES])


def problems_of(path: Path | str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(path)
    return caught.value.problems


def assert_clean_usage_error(done, *must_contain: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert done.stderr.strip(), "an error must say something"
    assert len(done.stderr.strip().splitlines()) <= 5, "one or a few lines, not a wall"
    for text in must_contain:
        assert text in done.stderr, (text, done.stderr)


def test_base_file_is_valid(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, BASE)
    assert [q.id for q in load(path).questions] == ["q1", "q2", "q3", "q4"]
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_questionnaire_in_the_loader(tmp_path, case: Case) -> None:
    text = case.change(BASE)
    path = write(tmp_path, text)
    problems = problems_of(path)
    line = line_of(text, case.line_marker, case.occurrence)
    matching = [p for p in problems if p.startswith(f"{path}:{line}: ")]
    assert matching, f"no message names {path}:{line}: {problems}"
    message = matching[0]
    if case.path is not None:
        assert case.path in message, message
    assert case.fix in message, message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_questionnaire_end_to_end(tmp_path, stresscheck_home, case: Case) -> None:
    text = case.change(BASE)
    path = write(tmp_path, text)
    line = line_of(text, case.line_marker, case.occurrence)
    done = run_cli(["validate", path], stresscheck_home)
    expected = [f"{path}:{line}:", case.fix] + ([case.path] if case.path else [])
    assert_clean_usage_error(done, *expected)
    assert not stresscheck_home.exists(), "a bad file must not create or change stored data"


def test_yaml_syntax_error_line_is_the_offending_line(tmp_path) -> None:
    text = "id: x\ntitle: X\nquestions:\n  - id: a\n    text: [unclosed\n  - id: b\n"
    problems = problems_of(write(tmp_path, text))
    assert len(problems) == 1
    # The parser notices the unclosed list where the next item starts.
    assert f":{line_of(text, '- id: b')}:" in problems[0]


def test_every_problem_is_reported_not_only_the_first(tmp_path) -> None:
    text = edit("scale: s3\n    domain: d", "scale: s9\n    domain: d")(BASE)
    text = edit("{max: 4, level: moderate}", "{max: 1, level: moderate}")(text)
    problems = problems_of(write(tmp_path, text))
    assert any("questions[0].scale" in p for p in problems)
    assert any("domains[0].bands[1].max" in p for p in problems)


def test_questionnaire_messages_in_dutch(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, edit("    max_missing: 1\n", "    scoreing: sum\n")(BASE))
    done = run_cli(["validate", path, "--lang", "nl"], stresscheck_home)
    assert_clean_usage_error(done, f"{path}:", "domains[0].scoreing")
    assert "unknown key" not in done.stderr


# --------------------------------------------------------------------------- unreadable files


def test_empty_file(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, "")
    [message] = problems_of(path)
    assert message.startswith(str(path)) and "id:" in message
    assert_clean_usage_error(run_cli(["validate", path], stresscheck_home), str(path), "questions:")


def test_binary_file(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, os.urandom(300) + b"\x00\x01\x02" + os.urandom(300), "image.yaml")
    [message] = problems_of(path)
    assert str(path) in message and "not a text file" in message
    assert_clean_usage_error(
        run_cli(["validate", path], stresscheck_home), str(path), "YAML or JSON"
    )


def test_non_utf8_file_names_the_line(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, "id: demo\ntitle: Caf\xe9\n".encode("latin-1"))
    [message] = problems_of(path)
    assert message.startswith(f"{path}:2:") and "UTF-8" in message
    assert_clean_usage_error(run_cli(["validate", path], stresscheck_home), f"{path}:2:", "UTF-8")


def test_utf8_with_bom_is_fine(tmp_path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert load(path).id == "demo"


def test_directory(tmp_path, stresscheck_home) -> None:
    [message] = problems_of(tmp_path)
    assert str(tmp_path) in message and "folder" in message
    assert_clean_usage_error(
        run_cli(["validate", tmp_path], stresscheck_home), str(tmp_path), "folder"
    )


def test_missing_file(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "nope.yaml"
    [message] = problems_of(path)
    assert str(path) in message and "no such file" in message
    assert_clean_usage_error(
        run_cli(["validate", path], stresscheck_home), str(path), "Check the name"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, BASE)
    path.chmod(0)
    try:
        assert_clean_usage_error(
            run_cli(["validate", path], stresscheck_home), str(path), "permission"
        )
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000 + "]" * 10_000, "a:\n" + "".join("  " * i + "- \n" for i in range(1, 3000))],
    ids=["flow", "block"],
)
def test_deeply_nested_yaml(tmp_path, stresscheck_home, text) -> None:
    path = write(tmp_path, text)
    started = time.monotonic()
    [message] = problems_of(path)
    assert message.startswith(f"{path}:")
    done = run_cli(["validate", path], stresscheck_home)
    assert time.monotonic() - started < 10
    assert_clean_usage_error(done, f"{path}:")
    assert "RecursionError" not in done.stderr


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.timeout(20)
def test_alias_bomb_ends_quickly_with_a_clean_error(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, BILLION_LAUGHS)
    started = time.monotonic()
    done = run_cli(["validate", path], stresscheck_home, timeout=10)
    assert time.monotonic() - started < 3
    assert_clean_usage_error(done, f"{path}:", "aliases")
    started = time.monotonic()
    [message] = problems_of(path)
    assert time.monotonic() - started < 2
    assert message.startswith(f"{path}:")


def test_alias_bomb_hidden_in_an_answers_file(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, BILLION_LAUGHS, "answers.yaml")
    started = time.monotonic()
    done = run_cli(["quiz", "--answers", path, "--json", "--no-save"], stresscheck_home, timeout=10)
    assert time.monotonic() - started < 3
    assert_clean_usage_error(done, f"{path}:")
    assert done.stdout == ""


def test_multi_document_file(tmp_path, stresscheck_home) -> None:
    text = BASE + "---\nid: other\n"
    path = write(tmp_path, text)
    [message] = problems_of(path)
    assert message.startswith(f"{path}:{line_of(text, '---')}:")
    assert "more than one" in message and "---" in message
    done = run_cli(["validate", path], stresscheck_home)
    assert_clean_usage_error(done, f"{path}:{line_of(text, '---')}:", "more than one")


def test_python_tags_are_not_executed(tmp_path, stresscheck_home) -> None:
    marker = tmp_path / "pwned"
    text = BASE.replace("title: Demo", f"title: !!python/object/apply:os.system ['touch {marker}']")
    path = write(tmp_path, text)
    done = run_cli(["validate", path], stresscheck_home)
    assert_clean_usage_error(done, f"{path}:{line_of(text, 'python/object')}:")
    assert not marker.exists()


def test_a_json_questionnaire_works(tmp_path, stresscheck_home) -> None:
    data = yaml.safe_load(BASE)
    path = write(tmp_path, json.dumps(data, indent=2), "questions.json")
    assert load(path).id == "demo"
    assert run_cli(["validate", path], stresscheck_home).returncode == 0
    answers = write(tmp_path, json.dumps({"q1": 2, "q2": 2, "q3": 1}), "answers.json")
    done = run_cli(
        ["quiz", "--questions", path, "--answers", answers, "--json", "--no-save"], stresscheck_home
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["domains"]["d"]["score"] == 5.0


def test_a_bad_json_questionnaire_names_line_and_path(tmp_path, stresscheck_home) -> None:
    data = yaml.safe_load(BASE)
    data["questions"][3]["scale"] = "s4"
    text = json.dumps(data, indent=2)
    path = write(tmp_path, text, "questions.json")
    line = line_of(text, '"scale": "s4"')
    done = run_cli(["validate", path], stresscheck_home)
    assert_clean_usage_error(done, f"{path}:{line}:", "questions[3].scale", "Use one of: s3")


def test_quiz_with_a_bad_questionnaire_is_a_usage_error(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, CASES[4].change(BASE))
    answers = write(tmp_path, "{q1: 1}", "answers.yaml")
    done = run_cli(
        ["quiz", "--questions", path, "--answers", answers, "--json", "--no-save"], stresscheck_home
    )
    assert_clean_usage_error(done, "questions[3].scale")
    assert done.stdout == ""


def test_not_a_questionnaire_at_all(tmp_path, stresscheck_home) -> None:
    path = write(tmp_path, "shopping: [milk, bread]\n")
    assert_clean_usage_error(run_cli(["validate", path], stresscheck_home), str(path), "questions:")
    path = write(tmp_path, "- just\n- a list\n", "list.yaml")
    [message] = problems_of(path)
    assert str(path) in message


# --------------------------------------------------------------------------- answers files

QUIZ = ["quiz", "--json", "--no-save"]


@pytest.fixture
def base_questions(tmp_path) -> Path:
    return write(tmp_path, BASE)


def quiz_with(home, questions: Path, answers: Path | str, stdin: str | None = None):
    return run_cli([*QUIZ, "--questions", questions, "--answers", answers], home, stdin=stdin)


def test_answers_unknown_id(tmp_path, stresscheck_home, base_questions) -> None:
    text = "q1: 1\nq9: 2\n"
    answers = write(tmp_path, text, "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert_clean_usage_error(done, f"{answers}:2:", "q9", "Check the id")
    assert done.stdout == ""


def test_answers_value_not_an_option_lists_the_allowed_values(
    tmp_path, stresscheck_home, base_questions
) -> None:
    answers = write(tmp_path, "q1: 1\nq2: 7\n", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert_clean_usage_error(done, f"{answers}:2:", "q2", "7", "0, 1, 2")


@pytest.mark.parametrize("value", ["true", "false", "yes", '"1"', "[1]"])
def test_answers_non_numbers_are_rejected(
    tmp_path, stresscheck_home, base_questions, value
) -> None:
    answers = write(tmp_path, f"q1: {value}\n", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert_clean_usage_error(done, f"{answers}:1:", "q1", "0, 1, 2")


def test_answers_from_stdin(stresscheck_home, base_questions) -> None:
    done = quiz_with(stresscheck_home, base_questions, "-", stdin="{q1: 2, q2: 2, q3: 2, q4: 0}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["domains"]["d"] == {"score": 6.0, "max": 6, "level": "high", "missing": 0}
    assert result["advice"]["action"] == "physiotherapy"


def test_bad_answers_from_stdin_are_named_stdin(stresscheck_home, base_questions) -> None:
    done = quiz_with(stresscheck_home, base_questions, "-", stdin="q1: 5\n")
    assert_clean_usage_error(done, "<stdin>:1:", "q1")


def test_a_missing_answer_is_unanswered_and_prorated(
    tmp_path, stresscheck_home, base_questions
) -> None:
    answers = write(tmp_path, "{q1: 1, q2: 2}", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert done.returncode == 0, done.stderr
    domain = json.loads(done.stdout)["domains"]["d"]
    assert domain == {"score": 4.5, "max": 6, "level": "high", "missing": 1}  # 3 * 3 / 2


def test_an_explicit_null_is_unanswered(tmp_path, stresscheck_home, base_questions) -> None:
    answers = write(tmp_path, "{q1: 1, q2: 2, q3: null}", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["domains"]["d"]["missing"] == 1


def test_too_many_missing_gives_no_score(tmp_path, stresscheck_home, base_questions) -> None:
    answers = write(tmp_path, "{q1: 2}", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["domains"]["d"] == {
        "score": None,
        "max": 6,
        "level": None,
        "missing": 2,
    }


@pytest.mark.parametrize("text", ["[1, 2]", "just text", "42"])
def test_answers_must_be_a_mapping(tmp_path, stresscheck_home, base_questions, text) -> None:
    answers = write(tmp_path, text, "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert_clean_usage_error(done, str(answers), "fatigue_1: 3")


def test_answers_file_missing(tmp_path, stresscheck_home) -> None:
    done = run_cli([*QUIZ, "--answers", tmp_path / "nope.yaml"], stresscheck_home)
    assert_clean_usage_error(done, "nope.yaml", "no such file")


def test_answers_syntax_error(tmp_path, stresscheck_home) -> None:
    answers = write(tmp_path, "fatigue_1: 1\nduration: [4\n", "answers.yaml")
    done = run_cli([*QUIZ, "--answers", answers], stresscheck_home)
    assert_clean_usage_error(done, f"{answers}:", "not valid YAML")


def test_answers_against_the_default_questionnaire_in_the_loader() -> None:
    questionnaire = files.load_questionnaire(packaged_data("questions.yaml"), [EXERCISES])
    document = files.parse_document(b"fatigue_1: 3\nduration: 9\nnonsense: 1\n", "a.yaml")
    with pytest.raises(ContentError) as caught:
        files.parse_answers(document, "a.yaml", questionnaire)
    problems = caught.value.problems
    assert any(p.startswith("a.yaml:2: duration:") and "0, 1, 2, 3, 4" in p for p in problems)
    assert any(p.startswith("a.yaml:3: nonsense:") for p in problems)


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (None, "questions"),
        ("questionnaire", "questions"),
        ("exercises", "exercises"),
        ("practice", "practice"),
    ],
)
def test_schema_prints_json_schema(stresscheck_home, kind, key) -> None:
    done = run_cli(["schema", *(["--kind", kind] if kind else [])], stresscheck_home)
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert "properties" in schema
    assert key in schema["properties"]
    assert schema.get("additionalProperties") is False, "typos must be flagged by editors too"


def test_schema_unknown_kind(stresscheck_home) -> None:
    done = run_cli(["schema", "--kind", "recipes"], stresscheck_home)
    assert_clean_usage_error(done, "recipes", "questionnaire, exercises, practice")
    assert done.stdout == ""


def test_schema_accepts_the_default_questionnaire(stresscheck_home) -> None:
    """The schema editors get agrees with the shipped file on every top-level key."""
    schema = json.loads(run_cli(["schema"], stresscheck_home).stdout)
    shipped = yaml.safe_load(packaged_data("questions.yaml").read_text("utf-8"))
    assert set(shipped) <= set(schema["properties"])
    assert set(schema.get("required", [])) <= set(shipped)


@pytest.mark.parametrize("digits", [400, 5000], ids=["overflows_a_float", "over_int_limit"])
def test_answers_huge_numbers(tmp_path, stresscheck_home, base_questions, digits) -> None:
    """Not 'something went wrong' (exit 1): a bad answers file is exit 2 with its line."""
    answers = write(tmp_path, "q1: 1\nq2: 1" + "0" * digits + "\n", "answers.yaml")
    done = quiz_with(stresscheck_home, base_questions, answers)
    assert_clean_usage_error(done, f"{answers}:2:")
    assert "went wrong" not in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("{value: 2, label: Often}", "{value: .inf, label: Often}", "scales.s3[2].value"),
        ("{value: 2, label: Often}", "{value: .nan, label: Often}", "scales.s3[2].value"),
        ("{max: 2, level: low}", "{max: .nan, level: low}", "domains[0].bands[0].max"),
        (
            "{answer: q4, at_least: 2}",
            "{answer: q4, at_least: .nan}",
            "rules[0].when.any[1].at_least",
        ),
    ],
    ids=["inf_value", "nan_value", "nan_band", "nan_threshold"],
)
def test_numbers_must_be_finite(tmp_path, stresscheck_home, old, new, path) -> None:
    """.inf and .nan are YAML numbers, but no score can be computed or written as JSON with them."""
    text = edit(old, new)(BASE)
    questions = write(tmp_path, text)
    line = line_of(text, new)
    assert_clean_usage_error(
        run_cli(["validate", questions], stresscheck_home), f"{questions}:{line}:", path
    )


# --------------------------------------------------------------------------- whatever the input

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "s3", "d", "q1", "low", "high", "breathe", "x y", "resonance"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "max", "level", "value", "label", "when", "any", "all", "en", "x"]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def paths_of(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, (*prefix, index))


BASE_DATA = yaml.safe_load(BASE)
BASE_PATHS = [p for p in paths_of(BASE_DATA) if p]


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(copy[path[0]], path[1:], value)
    return copy


@given(st.sampled_from(BASE_PATHS), json_values)
@settings(max_examples=300, deadline=None)
def test_any_broken_questionnaire_is_a_content_error_never_a_crash(path, value) -> None:
    """Every part of a valid file replaced by anything: a message, or a valid result."""
    data = replaced(BASE_DATA, path, value)
    document = LocatedDocument(data=data, lines={(): 1})
    try:
        validation.parse_questionnaire(document, "q.yaml", ["resonance", "box"])
    except ContentError as error:
        assert error.problems and all(p.startswith("q.yaml") for p in error.problems)


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_content_error_never_a_crash(text) -> None:
    try:
        document = files.parse_document(text.encode("utf-8", "surrogatepass"), "x.yaml")
        validation.parse_questionnaire(document, "x.yaml", [])
    except ContentError as error:
        assert error.problems and all(p.startswith("x.yaml") for p in error.problems)


BASE_QUESTIONNAIRE = validation.parse_questionnaire(
    LocatedDocument(data=BASE_DATA, lines={(): 1}), "q.yaml", ["resonance"]
)


@given(
    st.one_of(
        json_values,
        st.dictionaries(
            st.sampled_from(["q1", "q2", "q3", "q4", "q9"]),
            json_values | st.integers() | st.floats(),
            max_size=5,
        ),
    )
)
@settings(max_examples=300, deadline=None)
def test_any_answers_are_checked_never_a_crash(data) -> None:
    document = LocatedDocument(data=data, lines={(): 1})
    try:
        answers = files.parse_answers(document, "a.yaml", BASE_QUESTIONNAIRE)
    except ContentError as error:
        assert error.problems and all(p.startswith("a.yaml") for p in error.problems)
    else:
        assert all(BASE_QUESTIONNAIRE.question(k).values >= {v} for k, v in answers.items())


def test_many_mistakes_give_a_few_lines_not_a_wall(tmp_path: Path, stresscheck_home: Path) -> None:
    questions = "".join(f"  - {{id: q{i}, text: Q, scale: nope}}\n" for i in range(20))
    path = tmp_path / "many.yaml"
    path.write_text(f"id: x\ntitle: X\nquestions:\n{questions}", encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 9
    assert lines[0].startswith(f"{path}:4: questions[0].scale: there is no scale 'nope'")
    assert "12 more" in lines[-1]
