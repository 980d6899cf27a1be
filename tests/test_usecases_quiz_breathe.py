"""The quiz and breathing use cases with their collaborators replaced: no
terminal, no store, no Typer; what they decide and what they keep."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from fake_clock import FakeClock
from helpers import shipped
from stresscheck.adapters.ui.session_screen import SessionScreen, Talk
from stresscheck.context import AppContext
from stresscheck.core.history import QuizRecord, SessionRecord
from stresscheck.core.questionnaire import AnswerValue, Questionnaire
from stresscheck.core.result import result_json
from stresscheck.errors import Interrupted
from stresscheck.i18n import Translator
from stresscheck.usecases.breathing_session import SessionStore, Wanted, breathe
from stresscheck.usecases.take_quiz import QuizStore, take_quiz

EN = Translator("en")
WALL = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


class KeptQuizzes:
    """A history with nothing in it that keeps what it is given."""

    def __init__(self) -> None:
        self.kept: list[Any] = []

    def overview(self) -> None:
        return None

    def latest_quiz(self) -> None:
        return None

    def keep(self, record: Any) -> None:
        self.kept.append(record)


def answered(questionnaire: Questionnaire) -> Mapping[str, AnswerValue]:
    return {"tension_1": 3, "tension_2": 3, "fatigue_1": 2, "duration": 4}


def test_the_kept_quiz_is_the_result_not_its_json() -> None:
    questionnaire, _ = shipped()
    store = KeptQuizzes()
    taken = take_quiz(
        questionnaire,
        answered,
        "en",
        cast(QuizStore, store),
        save=True,
        clock=FakeClock(wall=WALL),
    )
    [record] = store.kept
    assert isinstance(record, QuizRecord) and taken.saved
    shown = result_json(taken.result, EN, "en", None)
    assert record.at == WALL and record.lang == "en"
    assert record.total == shown["total"]
    assert record.red_flags == shown["red_flags"]
    assert record.advice["action"] == shown["advice"]["action"]
    assert record.advice["reasons"] == shown["advice"]["reasons"]
    assert {k: v["level"] for k, v in record.domains.items()} == {
        k: v["level"] for k, v in shown["domains"].items()
    }


def test_no_save_keeps_nothing() -> None:
    questionnaire, _ = shipped()
    store = KeptQuizzes()
    taken = take_quiz(questionnaire, answered, "en", cast(QuizStore, store), save=False)
    assert store.kept == [] and not taken.saved


def test_an_interrupted_session_is_kept_and_said_so(capsys: pytest.CaptureFixture[str]) -> None:
    """The use case returns an interrupted session; only the command makes it exit 130."""

    def stop(now: float) -> None:
        if now - 1000.0 >= 12:
            raise KeyboardInterrupt

    store = KeptQuizzes()
    session = breathe(
        Wanted("box", cycles=2),
        AppContext(lang="en").load_exercises(),
        "en",
        store=cast(SessionStore, store),
        questionnaire=lambda: pytest.fail("no quiz: the questionnaire is not needed"),
        talk=Talk(EN, can_ask=False),
        screen=SessionScreen(EN, plain=True, bell=False),
        clock=FakeClock(on_sleep=stop),
    )
    assert session.interrupted and session.saved and not session.rated
    [record] = store.kept
    assert isinstance(record, SessionRecord)
    assert record.exercise_id == "box" and not record.completed
    assert "Stopped after 0 of 2 cycles" in capsys.readouterr().out


def test_ctrl_c_at_a_question_is_an_interruption(monkeypatch: pytest.MonkeyPatch) -> None:
    class Interrupting:
        def readline(self) -> str:
            raise KeyboardInterrupt

    monkeypatch.setattr("sys.stdin", Interrupting())
    with pytest.raises(Interrupted):
        Talk(EN, can_ask=True).ask("Go on? [y/N]")
