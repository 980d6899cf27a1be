"""The quiz keeps its result, and the person's own history can change the advice.

This is the article's question answered with their data: regular practice
whose relief does not last turns a `breathe` advice into physiotherapy, with
the numbers as reasons.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import SessionRecord, new_uid

# Moderate tiredness, everything else calm: the default rules advise breathing.
MILD = {
    "fatigue_1": 2, "fatigue_2": 2, "fatigue_3": 1,
    "tension_1": 1, "tension_2": 1, "tension_3": 1, "tension_4": 3,
    "restlessness_1": 1, "restlessness_2": 1, "restlessness_3": 1, "restlessness_4": 1,
    "breathing_1": 0, "breathing_2": 0, "breathing_3": 0, "breathing_4": 0,
    "duration": 1, "relaxation_effect": 0, "spreading": 0, "load": 1,
    "chest_pain": 0, "fainting": 0, "self_harm": 0,
}  # fmt: skip
# No complaints at all (tension_4 is reverse-scored: 4 means "I can let go").
CALM = dict.fromkeys(MILD, 0) | {"tension_4": 4}


def quiz(tmp_path: Path, answers: dict[str, int], *extra: str) -> dict[str, Any]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "stresscheck", "quiz", "--answers", str(path), "--json", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def baseline_then_practice(
    tmp_path: Path, answers: dict[str, int], sessions: int, days: int
) -> None:
    """A quiz ``days + 1`` days ago, then ``sessions`` rated sessions spanning ``days`` days."""
    quiz(tmp_path, answers)
    start = datetime.now(UTC) - timedelta(days=days + 2)
    with Store.open() as store:
        first = store.history().quizzes[0]
        store.forget()
    with Store.open() as store:
        store.save_quiz(dataclasses.replace(first, uid=new_uid(), at=start))
        for index in range(sessions):
            store.save_session(
                SessionRecord(
                    uid=new_uid(),
                    at=start + timedelta(days=1 + index * days / (sessions - 1)),
                    exercise_id="resonance",
                    planned_seconds=300,
                    actual_seconds=300,
                    cycles_planned=28,
                    cycles_completed=28,
                    completed=True,
                    tension_before=7,
                    tension_after=4,
                )
            )


def test_a_quiz_is_saved_unless_no_save(tmp_path: Path, stresscheck_home: Path) -> None:
    quiz(tmp_path, MILD, "--no-save")
    assert not (stresscheck_home / "history.sqlite3").exists()
    quiz(tmp_path, MILD)
    with Store.open() as store:
        saved = store.history().quizzes
    assert len(saved) == 1
    assert saved[0].answers["fatigue_1"] == 2
    assert saved[0].questionnaire_id == "stresscheck-default"
    assert saved[0].advice["action"] == "breathe"
    assert (stresscheck_home / "history.sqlite3").stat().st_mode & 0o777 == 0o600


def test_brief_relief_over_weeks_of_practice_turns_the_advice_to_physiotherapy(
    tmp_path: Path,
) -> None:
    assert quiz(tmp_path, MILD, "--no-save")["advice"]["action"] == "breathe"
    baseline_then_practice(tmp_path, MILD, sessions=8, days=21)
    advice = quiz(tmp_path, MILD, "--no-save")["advice"]
    assert advice["action"] == "physiotherapy"
    reason = " ".join(advice["reasons"])
    assert "8 times" in reason
    assert "21 days" in reason
    assert "from 7 to 4" in reason


def test_the_history_reasons_are_in_dutch_too(tmp_path: Path) -> None:
    baseline_then_practice(tmp_path, MILD, sessions=8, days=21)
    advice = quiz(tmp_path, MILD, "--no-save", "--lang", "nl")["advice"]
    assert advice["action"] == "physiotherapy"
    assert "8 keer" in " ".join(advice["reasons"])


def test_too_little_practice_does_not_change_the_advice(tmp_path: Path) -> None:
    baseline_then_practice(tmp_path, MILD, sessions=5, days=21)
    assert quiz(tmp_path, MILD, "--no-save")["advice"]["action"] == "breathe"


def test_without_complaints_practice_is_no_reason_for_a_therapist(tmp_path: Path) -> None:
    baseline_then_practice(tmp_path, CALM, sessions=8, days=21)
    assert quiz(tmp_path, CALM, "--no-save")["advice"]["action"] == "breathe"


def test_a_questionnaire_can_turn_the_insight_off(tmp_path: Path) -> None:
    default = Path(__file__).parents[1] / "src" / "stresscheck" / "data" / "questions.yaml"
    own = tmp_path / "questions.yaml"
    text = default.read_text(encoding="utf-8")
    own.write_text(text.replace("\ninsight:\n", "\ninsight:\n  enabled: false\n", 1), "utf-8")
    baseline_then_practice(tmp_path, MILD, sessions=8, days=21)
    advice = quiz(tmp_path, MILD, "--no-save", "--questions", str(own))["advice"]
    assert advice["action"] == "breathe"
