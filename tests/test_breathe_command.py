"""``stresscheck breathe`` and ``stresscheck exercises``: in-process on a fake clock,
and as a user runs them (subprocess) for options, errors and JSON."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from fake_clock import FakeClock
from helpers import quick_exercises, run_breathe, run_cli
from history_factories import quiz
from stresscheck.adapters.storage.store import Store
from stresscheck.commands.breathe import BreatheOptions
from stresscheck.context import AppContext
from stresscheck.errors import EXIT_INTERRUPTED, EXIT_OK, UsageError

IDS = "box, cyclic_sighing, extended_exhale, four_seven_eight, resonance"


def context(lang: str = "en") -> AppContext:
    return AppContext(lang=lang)


def sessions(home: Path) -> list[dict[str, object]]:
    with Store.open(home / "history.sqlite3") as store:
        return [record.to_json() for record in store.history().sessions]


# --------------------------------------------------------------------------- in process


def test_plain_session_prints_one_line_per_phase_and_is_saved(
    capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    code = run_breathe(context(), BreatheOptions(pattern="4-2-6", cycles=2), FakeClock())
    assert code == EXIT_OK
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Your rhythm 4-2-6: 2 cycles, 24 s",
        "Inhale 4 s",
        "Hold 2 s",
        "Exhale 6 s",
        "Inhale 4 s",
        "Hold 2 s",
        "Exhale 6 s",
        "Done: 2 cycles in 24 s. Well done.",
    ]
    assert "\x1b" not in out
    [saved] = sessions(stresscheck_home)
    assert saved["exercise"] == "pattern-4-2-6"
    assert saved["status"] == "completed"
    assert saved["cycles_planned"] == saved["cycles_completed"] == 2
    assert saved["planned_seconds"] == saved["actual_seconds"] == 24
    assert saved["tension_before"] is None and saved["tension_after"] is None


def test_dutch_plain_session(capsys: pytest.CaptureFixture[str]) -> None:
    run_breathe(context("nl"), BreatheOptions("resonance", cycles=1, save=False), FakeClock())
    assert capsys.readouterr().out.splitlines() == [
        "Resonantie-ademhaling: 1 ronde, 11 s",
        "Inademen 5,5 s",
        "Uitademen 5,5 s",
        "Klaar: 1 ronde in 11 s. Goed gedaan.",
    ]


def test_ctrl_c_keeps_the_partial_session_as_interrupted(
    capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    start = 1000.0

    def on_sleep(now: float) -> None:
        if now - start >= 25:  # box cycles end at 16 and 32; plain mode wakes at 28
            raise KeyboardInterrupt

    code = run_breathe(
        context(), BreatheOptions("box", minutes=2), FakeClock(start, on_sleep=on_sleep)
    )
    assert code == EXIT_INTERRUPTED
    captured = capsys.readouterr()
    assert "Stopped after 1 of 8 cycles (28 s)." in captured.out
    [saved] = sessions(stresscheck_home)
    assert saved["status"] == "interrupted"
    assert saved["completed"] is False
    assert saved["cycles_completed"] == 1
    assert saved["cycles_planned"] == 8
    assert saved["actual_seconds"] == 28
    assert saved["planned_seconds"] == 128


def test_no_save_stores_nothing(capsys: pytest.CaptureFixture[str], stresscheck_home: Path) -> None:
    run_breathe(context(), BreatheOptions("box", cycles=1, save=False), FakeClock())
    assert not (stresscheck_home / "history.sqlite3").exists()


def test_ratings_before_and_after(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    monkeypatch.setattr(AppContext, "stdin_is_terminal", property(lambda self: True))
    monkeypatch.setattr("sys.stdin", io.StringIO("7\n12\n3\n"))
    run_breathe(context(), BreatheOptions("box", cycles=1), FakeClock())
    captured = capsys.readouterr()
    assert "How tense do you feel right now" in captured.err
    assert "A whole number from 0 to 10" in captured.err  # 12 was asked again
    assert captured.out.splitlines()[-1] == "Tension before: 7, after: 3."
    [saved] = sessions(stresscheck_home)
    assert (saved["tension_before"], saved["tension_after"]) == (7, 3)


def test_ratings_can_be_skipped_with_enter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    monkeypatch.setattr(AppContext, "stdin_is_terminal", property(lambda self: True))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n5\n"))
    run_breathe(context(), BreatheOptions("box", cycles=1), FakeClock())
    assert "Tension" not in capsys.readouterr().out  # only one of the two was given
    [saved] = sessions(stresscheck_home)
    assert (saved["tension_before"], saved["tension_after"]) == (None, 5)


def test_no_rate_asks_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(AppContext, "stdin_is_terminal", property(lambda self: True))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    run_breathe(context(), BreatheOptions("box", cycles=1, rate=False, save=False), FakeClock())
    assert "tense" not in capsys.readouterr().err


def test_ctrl_c_at_the_first_rating_saves_nothing(
    monkeypatch: pytest.MonkeyPatch, stresscheck_home: Path
) -> None:
    class Interrupting:
        def readline(self) -> str:
            raise KeyboardInterrupt

    monkeypatch.setattr(AppContext, "stdin_is_terminal", property(lambda self: True))
    monkeypatch.setattr("sys.stdin", Interrupting())
    code = run_breathe(context(), BreatheOptions("box", cycles=1), FakeClock())
    assert code == EXIT_INTERRUPTED
    assert not (stresscheck_home / "history.sqlite3").exists()


def test_cautions_are_shown_before_starting(capsys: pytest.CaptureFixture[str]) -> None:
    run_breathe(context(), BreatheOptions("box", cycles=1, save=False), FakeClock())
    err = capsys.readouterr().err
    assert err.startswith("Before you start:\n  • ")


def test_without_an_exercise_the_last_quiz_decides(
    capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    advised = quiz(day=1)
    with Store.open() as store:
        store.save_quiz(quiz(day=0))  # older: resonance
        store.save_quiz(replace(advised, advice={**advised.advice, "exercise": "box"}))
    run_breathe(context(), BreatheOptions(cycles=1, save=False), FakeClock())
    assert capsys.readouterr().out.startswith("Box breathing: 1 cycle")


def test_without_history_the_default_is_resonance(capsys: pytest.CaptureFixture[str]) -> None:
    run_breathe(context(), BreatheOptions(cycles=1, save=False), FakeClock())
    assert capsys.readouterr().out.startswith("Resonance breathing: 1 cycle")


def test_an_advised_exercise_that_is_gone_falls_back_to_the_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    advised = quiz()
    with Store.open() as store:
        store.save_quiz(replace(advised, advice={**advised.advice, "exercise": "from_old_file"}))
    run_breathe(context(), BreatheOptions(cycles=1, save=False), FakeClock())
    assert capsys.readouterr().out.startswith("Resonance breathing")


def test_a_damaged_history_does_not_stop_a_session_with_no_save(
    capsys: pytest.CaptureFixture[str], stresscheck_home: Path
) -> None:
    stresscheck_home.mkdir()
    (stresscheck_home / "history.sqlite3").write_bytes(b"not a database at all" * 100)
    assert run_breathe(context(), BreatheOptions(cycles=1, save=False), FakeClock()) == 0
    assert capsys.readouterr().out.startswith("Resonance breathing")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (BreatheOptions("nope"), f"There is no exercise 'nope'. Choose one of: {IDS}."),
        (BreatheOptions(minutes=-1), "--minutes needs a number above 0"),
        (BreatheOptions(minutes=0), "--minutes needs a number above 0"),
        (BreatheOptions(cycles=0), "--cycles needs a whole number of 1 or more"),
        (BreatheOptions(minutes=1, cycles=2), "either --minutes or --cycles"),
        (BreatheOptions(minutes=10_000), "at most 240 minutes"),
        (BreatheOptions(pattern="4-7"), "'4-7' is not a rhythm"),
        (BreatheOptions(pattern="1-0-1"), "30 breaths a minute; stresscheck guides at most 20"),
        (BreatheOptions(pattern="4-60-4"), "holds of at most 20 seconds. Make the hold shorter"),
        (BreatheOptions(pattern="2-0-2"), "Slow the rhythm to 10 breaths a minute or fewer"),
        (BreatheOptions("box", pattern="4-7-8"), "an exercise or --pattern, not both"),
    ],
)
def test_usage_errors(options: BreatheOptions, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        run_breathe(context(), options, FakeClock())
    assert message in caught.value.message
    assert caught.value.exit_code == 2


def test_minutes_round_up_to_whole_cycles(capsys: pytest.CaptureFixture[str]) -> None:
    run_breathe(context(), BreatheOptions("resonance", minutes=0.5, save=False), FakeClock())
    out = capsys.readouterr().out
    assert out.startswith("Resonance breathing: 3 cycles, 33 s")  # 30 s -> 3 cycles of 11 s
    assert out.count("Inhale 5.5 s") == 3


def test_own_exercises_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        "exercises:\n"
        "  - id: evening\n"
        "    title: {en: Evening breath, nl: Avondadem}\n"
        "    phases: [{kind: inhale, seconds: 3}, {kind: exhale, seconds: 6}]\n"
        "    default_minutes: 1\n",
        encoding="utf-8",
    )
    options = BreatheOptions("evening", save=False, exercises_file=own)
    run_breathe(context(), options, FakeClock())
    assert capsys.readouterr().out.startswith("Evening breath: 7 cycles, 1 min 3 s")


# --------------------------------------------------------------------------- as a user


def test_cli_plain_when_piped(tmp_path: Path, stresscheck_home: Path) -> None:
    quick = quick_exercises(tmp_path, seconds=0.5)
    done = run_cli(
        ["breathe", "quick", "--exercises", quick, "--cycles", "2", "--no-save"],
        stresscheck_home,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:5] == ["Inhale 0.5 s", "Exhale 0.5 s"] * 2
    assert "\x1b" not in done.stdout


def test_cli_a_calm_typed_rhythm_runs_when_piped(stresscheck_home: Path) -> None:
    done = run_cli(["breathe", "--pattern", "1-1-1-3", "--cycles", "1"], stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Your rhythm 1-1-1-3: 1 cycle, 6 s",
        "Inhale 1 s",
        "Hold 1 s",
        "Exhale 1 s",
        "Rest 3 s",
        "Done: 1 cycle in 6 s. Well done.",
    ]
    assert "Before you start:" in done.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["breathe", "nope"], f"Choose one of: {IDS}."),
        (["breathe", "--minutes", "-1"], "--minutes needs a number above 0"),
        (["breathe", "--cycles", "-3"], "--cycles needs a whole number"),
        (["breathe", "--pattern", "4-x-4"], "in-hold-out or in-hold-out-rest"),
        (["exercises", "show", "nope"], f"Choose one of: {IDS}."),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], needle: str, stresscheck_home: Path) -> None:
    done = run_cli(args, stresscheck_home)
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not stresscheck_home.exists()  # nothing stored by a failed command


def test_exercises_json(stresscheck_home: Path) -> None:
    done = run_cli(["exercises", "--json"], stresscheck_home)
    assert done.returncode == 0, done.stderr
    items = {item["id"]: item for item in json.loads(done.stdout)["exercises"]}
    assert sorted(items) == IDS.split(", ")
    resonance = items["resonance"]
    assert resonance["phases"] == [
        {"kind": "inhale", "seconds": 5.5},
        {"kind": "exhale", "seconds": 5.5},
    ]
    assert resonance["cycle_seconds"] == 11
    assert resonance["breaths_per_minute"] == pytest.approx(60 / 11, abs=1e-3)
    assert resonance["title"] == "Resonance breathing"
    assert resonance["source"] == "built-in"
    assert items["box"]["has_holds"] is True


def test_exercises_table_and_own_file(tmp_path: Path, stresscheck_home: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text(
        "exercises:\n"
        "  - id: evening\n"
        "    title: Evening [b]breath[/b]\n"
        "    phases: [{kind: inhale, seconds: 3}, {kind: exhale, seconds: 6}]\n"
        "    default_minutes: 1\n",
        encoding="utf-8",
    )
    done = run_cli(["exercises", "--exercises", own], stresscheck_home, COLUMNS="80")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "Resonance breathing" in done.stdout
    assert "5.5 in · 5.5 out" in done.stdout
    assert "4 in · 7 hold · 8 out" in done.stdout
    assert "Evening [b]breath[/b]" in done.stdout  # file text is never markup
    assert "From mine.yaml" in done.stdout


def test_exercises_in_a_narrow_window(stresscheck_home: Path) -> None:
    done = run_cli(["exercises", "--lang", "nl"], stresscheck_home, COLUMNS="40")
    assert done.returncode == 0, done.stderr
    assert "Resonantie-ademhaling (resonance)" in done.stdout
    assert all(len(line.rstrip()) <= 40 for line in done.stdout.splitlines())


def test_exercises_show(stresscheck_home: Path) -> None:
    done = run_cli(["exercises", "show", "box"], stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Box breathing\n")
    assert "Rhythm: 4 in · 4 hold · 4 out · 4 hold" in done.stdout
    assert "Take care" in done.stdout
    assert "stresscheck breathe box" in done.stdout
    shown = run_cli(["exercises", "show", "box", "--json", "--lang", "nl"], stresscheck_home)
    item = json.loads(shown.stdout)
    assert item["id"] == "box" and item["cautions"] and item["description"]
    assert item["title"] == "Vierkant ademen"


# --------------------------------------------------------------------------- breath holds


def quiz_with_breathing(level: str) -> None:
    record = quiz()
    domains = {"breathing": {"score": 7.0, "max": 16.0, "level": level, "missing": 0}}
    with Store.open() as store:
        store.save_quiz(replace(record, domains=domains))


def test_holds_after_breathing_complaints_are_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiz_with_breathing("moderate")
    run_breathe(context(), BreatheOptions(exercise="box", cycles=1, save=False), FakeClock())
    captured = capsys.readouterr()
    assert "Your last self-check showed breathing complaints" in captured.err
    assert "Box breathing" in captured.err
    # Without a terminal to answer on, the chosen exercise still runs.
    assert captured.out.startswith("Box breathing: 1 cycle")


def test_holds_without_breathing_complaints_need_no_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiz_with_breathing("low")
    run_breathe(context(), BreatheOptions(exercise="box", cycles=1, save=False), FakeClock())
    assert "Your last self-check" not in capsys.readouterr().err


def test_an_exercise_without_holds_needs_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    quiz_with_breathing("high")
    options = BreatheOptions(exercise="resonance", cycles=1, save=False)
    run_breathe(context(), options, FakeClock())
    assert "Your last self-check" not in capsys.readouterr().err


def test_in_a_terminal_enter_switches_to_the_exercise_without_holds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    quiz_with_breathing("high")
    ctx = context()
    monkeypatch.setattr(AppContext, "stdin_is_terminal", property(lambda self: True))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    options = BreatheOptions(exercise="four_seven_eight", cycles=1, rate=False, save=False)
    run_breathe(ctx, options, FakeClock())
    captured = capsys.readouterr()
    assert "[Y/n]" in captured.err
    assert captured.out.startswith("Longer out-breath")
