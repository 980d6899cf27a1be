"""What validates must run: every number in a file is bounded (issue 11, class 2).

A questionnaire or exercises file that `validate` accepts can never crash or
exhaust the program later: scoring, the JSON result, the store and a breathing
session all cope with the largest and smallest values a file may hold.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run_cli
from stresscheck.adapters.sources.files import parse_document
from stresscheck.adapters.sources.validation import parse_exercises, parse_questionnaire
from stresscheck.core.breathing import cycles_for, schedule, session_seconds
from stresscheck.core.result import evaluate, result_json
from stresscheck.errors import ContentError
from stresscheck.i18n import Translator

T = Translator("en")

# Numbers around every edge: huge, tiny, the limits, floats that overflow decimals.
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 999_999, 1_000_000, 1_000_001, -1_000_000, 1e308, -1e308, 2**63]),
)


def questionnaire(values: list[Any], band: Any, version: Any, flag: Any, bound: Any) -> dict:
    return {
        "id": "edges",
        "version": version,
        "title": "Edges",
        "domains": [
            {
                "id": "d",
                "title": "D",
                "max_missing": 1,
                "bands": [{"max": band, "level": "low"}, {"level": "high"}],
            }
        ],
        "questions": [
            {
                "id": f"q{i}",
                "text": "Q?",
                "options": [{"value": v, "label": f"o{j}"} for j, v in enumerate(values)],
                "domain": "d",
                **({"red_flag": {"at_least": flag}} if i == 0 else {}),
            }
            for i in range(2)
        ],
        "total": {"domains": ["d"], "bands": [{"max": band, "level": "low"}, {"level": "high"}]},
        "rules": [
            {"when": {"answer": "q1", "at_least": bound}, "advice": "physiotherapy"},
            {"when": {"total_at_least": bound}, "advice": "physiotherapy"},
            {"advice": "breathe"},
        ],
    }


def parsed(document: dict, parse: Any) -> Any:
    raw = json.dumps(document).encode()
    try:
        return parse(parse_document(raw, "edges.json"), "edges.json")
    except ContentError:
        return None


@given(
    values=st.lists(numbers, min_size=2, max_size=4, unique=True),
    band=numbers,
    version=numbers,
    flag=numbers,
    bound=numbers,
    data=st.data(),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whatever_questionnaire_validates_scores_and_prints(
    values, band, version, flag, bound, data
) -> None:
    q = parsed(questionnaire(values, band, version, flag, bound), parse_questionnaire)
    if q is None:
        return
    assert q.version <= 1_000_000 < 2**63
    answers = {
        question.id: data.draw(st.sampled_from(sorted(question.numbers)))
        for question in q.questions
        if data.draw(st.booleans())
    }
    result = evaluate(q, answers)
    text = json.dumps(result_json(result, T, "en", None), allow_nan=False)
    assert json.loads(text)["advice"]["action"] in {"urgent", "physiotherapy", "breathe"}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"version": 10**20}, "version"),
        ({"version": 99999999999999999999}, "version"),
    ],
)
def test_numbers_beyond_the_limits_are_refused_with_their_place(
    tmp_path, stresscheck_home, change, where
) -> None:
    document = {**questionnaire([0, 1], 0.5, 1, 1, 1), **change}
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2, done.stdout
    assert where in done.stderr and "1000000" in done.stderr


def test_an_option_value_of_1e308_is_refused(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "edges.yaml"
    path.write_text(json.dumps(questionnaire([0, 1.0e308], 0.5, 1, 1, 1)), encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2
    assert "questions[0].options[1].value" in done.stderr


def test_the_largest_version_allowed_is_stored(tmp_path, stresscheck_home) -> None:
    """A file at the very limits runs to the end and its result is kept."""
    document = questionnaire([-1_000_000, 1_000_000], 1_000_000, 1_000_000, 1_000_000, -1_000_000)
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    done = run_cli(
        ["quiz", "--questions", path, "--answers", "-", "--json"],
        stresscheck_home,
        stdin='{"q0": 1000000, "q1": -1000000}',
    )
    assert done.returncode == 0, done.stderr
    history = json.loads(run_cli(["history", "--json"], stresscheck_home).stdout)
    assert history["quizzes"][0]["questionnaire_version"] == 1_000_000


def exercises(phases: list[Any], cycles: Any, minutes: Any) -> dict:
    return {
        "exercises": [
            {
                "id": "edges",
                "title": "Edges",
                "phases": [
                    {"kind": kind, "seconds": seconds}
                    for kind, seconds in zip(
                        ["inhale", "exhale", "hold", "rest"] * 10000, phases, strict=False
                    )
                ],
                "default_minutes": minutes,
                **({"default_cycles": cycles} if cycles is not None else {}),
            }
        ]
    }


@given(
    phases=st.lists(numbers, min_size=2, max_size=30),
    cycles=st.one_of(st.none(), numbers),
    minutes=numbers,
)
@settings(max_examples=300, deadline=None)
def test_whatever_exercise_validates_schedules_a_bounded_session(phases, cycles, minutes) -> None:
    loaded = parsed(exercises(phases, cycles, minutes), parse_exercises)
    if loaded is None:
        return
    [exercise] = loaded
    assert len(exercise.phases) <= 20
    one = schedule(exercise, 1)
    assert session_seconds(one) <= 600
    default = cycles_for(exercise)
    assert default * session_seconds(one) <= 240 * 60 + 600
    assert math.isfinite(session_seconds(one))


def test_a_session_of_ten_thousand_phases_is_refused(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(exercises([600] * 10_000, None, 5)), encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2
    assert "exercises[0].phases" in done.stderr


def test_default_cycles_of_two_to_the_62_is_refused(tmp_path, stresscheck_home) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(exercises([4, 4], 4611686018427387904, 5)), encoding="utf-8")
    done = run_cli(["validate", path], stresscheck_home)
    assert done.returncode == 2
    assert "exercises[0].default_cycles" in done.stderr
