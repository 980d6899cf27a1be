"""Breathing safety: limits and cautions for a typed ``--pattern``, and care with
breath holds and extra in-breaths after breathing complaints (issue 14, item 6).

The limits (core/breathing.py): a typed rhythm faster than 10 breaths a minute,
or with a hold or rest over 10 s, runs only after a yes in a terminal; faster
than 20 a minute (a cycle under 3 s), a hold or rest over 20 s, or breathing in
or out for more than 30 s is refused (exit 2).
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fake_clock import FakeClock
from helpers import make_exercise, quick_exercises, run_breathe, run_cli
from history_factories import quiz
from stresscheck.adapters.sources.files import load_exercises
from stresscheck.adapters.storage.store import Store
from stresscheck.commands.breathe import BreatheOptions
from stresscheck.context import AppContext, packaged_data
from stresscheck.core.breathing import (
    CALM_MAX_BREATHS_PER_MINUTE,
    CALM_MAX_PAUSE_SECONDS,
    GENERAL_CAUTIONS,
    HOLD_CAUTIONS,
    MAX_PATTERN_BREATHS_PER_MINUTE,
    MAX_PATTERN_PAUSE_SECONDS,
    MAX_PATTERN_PHASE_SECONDS,
    NEW_HOLD_CYCLES,
    BreathingValueError,
    caution_keys,
    concerns,
    format_seconds,
    parse_pattern,
)
from stresscheck.core.history import DomainScoreDict
from stresscheck.core.practice import Practice
from stresscheck.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError
from stresscheck.i18n import Translator, catalogue
from stresscheck.usecases.breathing_session import breathing_complaints

EN, NL = Translator("en"), Translator("nl")
LIMIT_KEYS = {
    "breathe.error.too_fast",
    "breathe.error.hold_too_long",
    "breathe.error.rest_too_long",
    "breathe.error.phase_too_long",
}

# A practice questionnaire whose breathing area is not called "breathing" and
# whose levels are not called "low": only the `breathing: true` mark says so.
PRACTICE_QUESTIONNAIRE = """\
id: praktijk-adem
version: 1
title: Adem
scales:
  s:
    - {value: 0, label: Nee}
    - {value: 1, label: Soms}
    - {value: 2, label: Vaak}
domains:
  - id: adem
    title: Adem
    breathing: true
    bands:
      - {max: 1, level: rustig}
      - {max: 3, level: wat}
      - {level: veel}
  - id: lijf
    title: Lijf
    bands:
      - {max: 1, level: laag}
      - {level: hoog}
questions:
  - {id: a1, text: Adem een, scale: s, domain: adem}
  - {id: a2, text: Adem twee, scale: s, domain: adem}
  - {id: l1, text: Lijf, scale: s, domain: lijf}
rules:
  - advice: breathe
"""


# --------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def person(answer: str | None) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """stdout and stderr captured; ``answer`` typed in a terminal (None: no terminal)."""
    out, err = io.StringIO(), io.StringIO()
    terminal = answer is not None
    with (
        mock.patch.object(AppContext, "stdin_is_terminal", property(lambda self: terminal)),
        mock.patch("sys.stdin", io.StringIO(answer or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        yield out, err


def breathe(
    options: BreatheOptions, answer: str | None = None, ctx: AppContext | None = None
) -> tuple[int, str, str]:
    """Run ``breathe`` in process on a fake clock: (exit code, stdout, stderr)."""
    with person(answer) as (out, err):
        try:
            code = run_breathe(ctx or AppContext(lang="en"), options, FakeClock())
        except UsageError as error:
            code = error.exit_code
            err.write(error.message + "\n")
    return code, out.getvalue(), err.getvalue()


def pattern_text(parts: list[float]) -> str:
    return "-".join(format_seconds(part) for part in parts)


def phase_count(parts: list[float]) -> int:
    return sum(1 for part in parts if part > 0)


tenths = st.integers  # lengths as whole tenths of a second, as people type them


def seconds_between(low: float, high: float) -> st.SearchStrategy[float]:
    return tenths(round(low * 10), round(high * 10)).map(lambda n: n / 10)


breath = seconds_between(0.5, MAX_PATTERN_PHASE_SECONDS)
pause = st.one_of(st.just(0.0), seconds_between(0.5, MAX_PATTERN_PAUSE_SECONDS))


@st.composite
def patterns_within_limits(draw: st.DrawFn) -> list[float]:
    parts = [draw(breath), draw(pause), draw(breath)]
    if draw(st.booleans()):
        parts.append(draw(pause))
    # At most 20 breaths a minute: one cycle lasts 3 s or more.
    if math.fsum(parts) < 60 / MAX_PATTERN_BREATHS_PER_MINUTE:
        parts[0] += 60 / MAX_PATTERN_BREATHS_PER_MINUTE - math.fsum(parts)
        parts[0] = math.ceil(parts[0] * 10) / 10
    return parts


@st.composite
def patterns_beyond_limits(draw: st.DrawFn) -> list[float]:
    parts = draw(patterns_within_limits())
    broken = draw(st.sampled_from(["fast", "hold", "rest", "in", "out"]))
    if broken == "fast":  # all phases together under 3 s
        parts = [draw(seconds_between(0.5, 1.2)), 0.0, draw(seconds_between(0.5, 1.2))]
        if draw(st.booleans()):
            parts[1] = draw(seconds_between(0.5, 2.9 - parts[0] - parts[2]))
    elif broken in ("hold", "rest"):
        index = 1 if broken == "hold" else 3
        parts += [0.0] * (4 - len(parts))
        parts[index] = draw(seconds_between(MAX_PATTERN_PAUSE_SECONDS + 0.1, 120))
    else:
        index = 0 if broken == "in" else 2
        parts[index] = draw(seconds_between(MAX_PATTERN_PHASE_SECONDS + 0.1, 120))
    return parts


def calm(parts: list[float]) -> bool:
    pauses = parts[1::2]
    return (
        math.fsum(parts) >= 60 / CALM_MAX_BREATHS_PER_MINUTE
        and max(pauses) <= CALM_MAX_PAUSE_SECONDS
    )


# --------------------------------------------------------------------------- the limits


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns_within_limits(), st.booleans())
def test_every_rhythm_within_the_limits_runs_one_cycle(parts: list[float], yes: bool) -> None:
    """A calm rhythm starts at once, even with no terminal; any other one after a yes."""
    text = pattern_text(parts)
    options = BreatheOptions(pattern=text, cycles=1, rate=False, save=False)
    code, out, err = breathe(options, "y\n" if yes else None)
    if calm(parts) or yes:
        assert code == EXIT_OK, err
        lines = out.splitlines()
        assert lines[0].startswith(f"Your rhythm {text}: 1 cycle,")
        assert len(lines) == 1 + phase_count(parts) + 1  # intro, one per phase, summary
        assert lines[-1].startswith("Done: 1 cycle in")
        assert ("[y/N]" in err) == (not calm(parts))
    else:
        assert code == EXIT_USAGE
        assert out == ""
        assert "Slow the rhythm" in err


@settings(max_examples=60, deadline=None)
@given(patterns_beyond_limits(), st.sampled_from([None, "y\n"]))
def test_every_rhythm_beyond_the_limits_is_refused(parts: list[float], answer: str | None) -> None:
    """Not even a yes in a terminal starts it: exit 2, naming the limit and the fix."""
    text = pattern_text(parts)
    with pytest.raises(BreathingValueError) as caught:
        parse_pattern(text)
    assert caught.value.key in LIMIT_KEYS
    code, out, err = breathe(BreatheOptions(pattern=text, cycles=1, save=False), answer)
    assert code == EXIT_USAGE
    assert out == ""
    assert "[y/N]" not in err
    assert f"'{text}'" in err
    assert "at most" in err  # the limit
    assert "for example" in err  # the fix


@pytest.mark.parametrize(
    ("pattern", "key", "needle"),
    [
        ("1-0-1", "too_fast", "30 breaths a minute; stresscheck guides at most 20 a minute"),
        ("0.5-0-0.5", "too_fast", "60 breaths a minute"),
        ("1-0.5-1", "too_fast", "24 breaths a minute"),
        ("4-60-4", "hold_too_long", "holds your breath for 60 seconds"),
        ("4-60-8-60", "hold_too_long", "holds of at most 20 seconds"),
        ("4-0-6-21", "rest_too_long", "rests for 21 seconds"),
        ("4-0-31", "phase_too_long", "breathes in or out for 31 seconds"),
        ("61-0-4", "phase_too_long", "at most 30 seconds for one breath in or out"),
    ],
)
def test_the_limits_by_example(pattern: str, key: str, needle: str) -> None:
    with pytest.raises(BreathingValueError) as caught:
        parse_pattern(pattern)
    assert caught.value.key == f"breathe.error.{key}"
    code, _, err = breathe(BreatheOptions(pattern=pattern, save=False))
    assert code == EXIT_USAGE
    assert needle in err


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        ("1-0-1", "'1-0-1' komt neer op 30 ademhalingen per minuut"),
        ("1,5-0-1", "'1,5-0-1' komt neer op 24 ademhalingen per minuut"),
        ("4-60-4", "houd je je adem 60 seconden vast"),
        ("4-0-4-20,5", "rust je 20,5 seconden"),
    ],
)
def test_the_limits_in_dutch(pattern: str, needle: str) -> None:
    code, _, err = breathe(BreatheOptions(pattern=pattern, save=False), ctx=AppContext(lang="nl"))
    assert code == EXIT_USAGE
    assert needle in err


@pytest.mark.parametrize(
    ("pattern", "refused"),
    [
        ("1.5-0-1.5", False),  # exactly 20 a minute
        ("1.4-0-1.5", True),
        ("4-20-4", False),
        ("4-20.1-4", True),
        ("30-0-30", False),
        ("30.1-0-30", True),
    ],
)
def test_the_limits_are_exact(pattern: str, refused: bool) -> None:
    if refused:
        with pytest.raises(BreathingValueError):
            parse_pattern(pattern)
    else:
        assert parse_pattern(pattern).phases


@pytest.mark.parametrize(
    ("pattern", "keys"),
    [
        ("3-0-3", []),  # exactly 10 a minute: calm
        ("4-10-4", []),  # a 10 s hold: calm
        ("2.9-0-3", ["breathe.confirm.fast"]),
        ("2-0-2", ["breathe.confirm.fast"]),
        ("4-10.5-4", ["breathe.confirm.long_hold"]),
        ("4-0-4-12", ["breathe.confirm.long_rest"]),
        ("1-11-1", ["breathe.confirm.long_hold"]),  # 13 s: slow enough
        ("1-0-1-2", ["breathe.confirm.fast"]),
    ],
)
def test_what_asks_first(pattern: str, keys: list[str]) -> None:
    assert [concern.key for concern in concerns(parse_pattern(pattern))] == keys


@settings(max_examples=80, deadline=None)
@given(patterns_within_limits())
def test_a_rhythm_asks_first_exactly_when_it_is_not_calm(parts: list[float]) -> None:
    assert bool(concerns(parse_pattern(pattern_text(parts)))) == (not calm(parts))


def test_a_fast_rhythm_is_refused_without_a_terminal_with_the_way_out() -> None:
    code, out, err = breathe(BreatheOptions(pattern="2-0-2", cycles=1, save=False))
    assert code == EXIT_USAGE
    assert out == ""
    assert "This rhythm comes to 15 breaths a minute. Calm breathing is 10 a minute" in err
    assert "there is no terminal here to answer in" in err
    assert "Slow the rhythm to 10 breaths a minute or fewer" in err
    assert "holds and rests of 10 seconds or less" in err


def test_a_long_hold_is_named_and_asked_about(stresscheck_home: Path) -> None:
    options = BreatheOptions(pattern="4-12-8", cycles=1, rate=False)
    code, out, err = breathe(options, "j\n", AppContext(lang="nl"))
    assert code == EXIT_OK
    assert "Bij dit ritme houd je je adem 12 seconden vast." in err
    assert "Wil je toch met dit ritme verder? [j/N]" in err
    assert "Vasthouden 12 s" in out
    assert len(Store.open().history().sessions) == 1


@pytest.mark.parametrize("answer", ["\n", "n\n", "nee\n", ""])
def test_no_or_just_enter_starts_nothing(answer: str, stresscheck_home: Path) -> None:
    code, out, err = breathe(BreatheOptions(pattern="2-0-2", cycles=1), answer)
    assert code == EXIT_OK
    assert out == ""
    assert "[y/N]" in err
    assert "Not started. A slower rhythm, such as 4-0-6" in err
    assert "How tense" not in err  # nothing after the no
    assert not stresscheck_home.exists()


def test_ctrl_c_at_the_question_stops_and_saves_nothing(stresscheck_home: Path) -> None:
    class Interrupting:
        def readline(self) -> str:
            raise KeyboardInterrupt

    with person("") as (out, _), mock.patch("sys.stdin", Interrupting()):
        code = run_breathe(AppContext(lang="en"), BreatheOptions(pattern="2-0-2"), FakeClock())
    assert code == EXIT_INTERRUPTED
    assert out.getvalue() == ""
    assert not stresscheck_home.exists()


def test_built_in_and_file_exercises_are_not_held_to_the_typed_limits(tmp_path: Path) -> None:
    """A therapist's file is checked by `validate`; only typed rhythms ask or are refused."""
    own = quick_exercises(tmp_path)
    options = BreatheOptions("quick", cycles=2, save=False, exercises_file=own)
    code, out, err = breathe(options)
    assert code == EXIT_OK, err
    assert out.startswith("Quick: 2 cycles, 4 s")


# --------------------------------------------------------------------------- cautions


def cautions_shown(err: str) -> list[str]:
    lines = err.split("Before you start:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [line.removeprefix("  • ") for line in lines]


def test_a_typed_rhythm_with_holds_gets_the_breath_hold_cautions() -> None:
    code, out, err = breathe(BreatheOptions(pattern="4-7-8", save=False))
    assert code == EXIT_OK
    shown = cautions_shown(err)
    assert shown == [EN(key) for key in (*HOLD_CAUTIONS, *GENERAL_CAUTIONS)]
    text = " ".join(shown)
    for needle in ("pregnant", "heart or lung", "doctor", "four cycles", "dizzy", "tingly"):
        assert needle in text
    for needle in ("Sit or lie down", "eyes may stay open", "driving", "in water"):
        assert needle in text
    # At most four cycles while it is new: the session is four cycles long.
    assert out.startswith(f"Your rhythm 4-7-8: {NEW_HOLD_CYCLES} cycles, 1 min 16 s")
    assert out.count("Hold 7 s") == NEW_HOLD_CYCLES


def test_a_typed_rhythm_without_holds_gets_only_the_general_cautions() -> None:
    code, _, err = breathe(BreatheOptions(pattern="4-0-6", cycles=1, save=False))
    assert code == EXIT_OK
    shown = cautions_shown(err)
    assert shown == [EN(key) for key in GENERAL_CAUTIONS]
    assert "doctor" not in err and "four cycles" not in err


def test_holds_rhythm_lasts_as_long_as_asked() -> None:
    _, out, _ = breathe(BreatheOptions(pattern="4-7-8", cycles=6, save=False))
    assert out.startswith("Your rhythm 4-7-8: 6 cycles")
    _, out, _ = breathe(BreatheOptions(pattern="4-7-8", minutes=2, save=False))
    assert out.startswith("Your rhythm 4-7-8: 7 cycles")  # 120 s / 19 s, rounded up
    _, out, _ = breathe(BreatheOptions(pattern="4-0-6", save=False))
    assert out.startswith("Your rhythm 4-0-6: 30 cycles, 5 min")  # no holds: 5 minutes


def test_typed_rhythm_cautions_in_dutch() -> None:
    _, _, err = breathe(
        BreatheOptions(pattern="4-7-8", cycles=1, save=False), None, AppContext("nl")
    )
    assert "Voor je begint:" in err
    for needle in ("zwanger", "hart- of longziekte", "huisarts", "vier rondes", "je ogen"):
        assert needle.lower() in err.lower()
    assert "autorijdt" in err and "in het water" in err


def test_caution_keys_follow_the_phases() -> None:
    with_holds = make_exercise(("inhale", 4), ("hold", 4), ("exhale", 4))
    without = make_exercise(("inhale", 4), ("exhale", 4), ("rest", 4))
    assert caution_keys(with_holds) == HOLD_CAUTIONS + GENERAL_CAUTIONS
    assert caution_keys(without) == GENERAL_CAUTIONS


def built_in() -> dict[str, Any]:
    return {exercise.id: exercise for exercise in load_exercises(packaged_data("exercises.yaml"))}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_built_in_exercise_has_the_general_cautions(lang: str) -> None:
    needles = {
        "en": ["Sit or lie down", "eyes may stay open", "driving", "in water", "dizzy"],
        "nl": ["zitten of liggen", "ogen mogen open", "autorijdt", "in het water", "duizelig"],
    }[lang]
    for exercise in built_in().values():
        text = exercise.cautions.get(lang)
        for needle in needles:
            assert needle in text, (exercise.id, needle)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_built_in_exercises_with_holds_ask_to_check_with_a_doctor(lang: str) -> None:
    needles = {
        "en": ["pregnant", "heart or lung", "doctor"],
        "nl": ["zwanger", "hart- of longziekte", "huisarts"],
    }[lang]
    exercises = built_in().values()
    assert any(exercise.has_holds for exercise in exercises)
    for exercise in exercises:
        text = exercise.cautions.get(lang)
        for needle in needles:
            assert (needle in text) == exercise.has_holds, (exercise.id, needle)


def test_cyclic_sighing_cautions_about_its_extra_in_breath() -> None:
    sighing = built_in()["cyclic_sighing"]
    assert sighing.has_extra_inhale and not sighing.has_holds
    assert "breathing complaints" in sighing.cautions.get("en")
    assert "ademklachten" in sighing.cautions.get("nl")


def test_dutch_texts_say_vasthouden_and_vijfenhalve() -> None:
    shipped = packaged_data("exercises.yaml").read_text("utf-8")
    breathe_nl = {k: v for k, v in catalogue("nl").items() if k.startswith("breathe.")}
    for text in (shipped, *breathe_nl.values()):
        assert "inhoud" not in text and "in te houden" not in text
        assert "vijf en een halve" not in text
    assert "vijfenhalve seconde" in built_in()["resonance"].description.get("nl")


def test_extra_in_breath_is_found_from_the_phases() -> None:
    assert make_exercise(("inhale", 3), ("inhale", 1), ("exhale", 6)).has_extra_inhale
    assert make_exercise(("inhale", 3), ("hold", 1), ("inhale", 1), ("exhale", 6)).has_extra_inhale
    # The cycle wraps: an in-breath at the end runs into the next cycle's first.
    assert make_exercise(("inhale", 2), ("exhale", 6), ("inhale", 1)).has_extra_inhale
    assert not make_exercise(("inhale", 4), ("hold", 4), ("exhale", 4)).has_extra_inhale
    assert not make_exercise(("exhale", 4), ("inhale", 4)).has_extra_inhale


# --------------------------------------------------------------------------- breathing complaints


@pytest.fixture
def practice(tmp_path: Path) -> AppContext:
    questions = tmp_path / "questionnaire.yaml"
    questions.write_text(PRACTICE_QUESTIONNAIRE, encoding="utf-8")
    return AppContext(lang="en", practice=Practice(name="Praktijk", questions=questions))


def store_quiz(levels: Mapping[str, str | None], questionnaire: str = "praktijk-adem") -> None:
    domains = {
        domain: DomainScoreDict(score=2.0, max=4.0, level=level, missing=0)
        for domain, level in levels.items()
    }
    with Store.open() as store:
        store.save_quiz(replace(quiz(questionnaire=questionnaire), domains=domains))


WARNING = "Your last self-check showed breathing complaints."


@pytest.mark.parametrize(
    ("levels", "questionnaire", "warned"),
    [
        ({"adem": "wat", "lijf": "laag"}, "praktijk-adem", True),
        ({"adem": "veel"}, "praktijk-adem", True),
        ({"adem": "rustig", "lijf": "hoog"}, "praktijk-adem", False),  # lijf is not marked
        ({"adem": None}, "praktijk-adem", False),  # too many unanswered: no level
        ({"adem": "retired-level"}, "praktijk-adem", False),
        ({"lijf": "hoog"}, "praktijk-adem", False),
        ({"adem": "veel"}, "another-questionnaire", False),  # cannot be read this way
        ({"breathing": "high"}, "praktijk-adem", False),  # the id means nothing by itself
    ],
)
def test_breathing_complaints_come_from_the_marked_domains(
    practice: AppContext, levels: dict[str, str | None], questionnaire: str, warned: bool
) -> None:
    store_quiz(levels, questionnaire)
    code, out, err = breathe(BreatheOptions("box", cycles=1, save=False), ctx=practice)
    assert code == EXIT_OK
    assert (WARNING in err) == warned
    assert out.startswith("Box breathing: 1 cycle")  # no terminal: the warning is enough


def test_breathing_complaints_without_a_quiz_or_questionnaire() -> None:
    assert not breathing_complaints(None, quiz())
    assert not breathing_complaints(None, None)


def test_a_typed_rhythm_with_holds_is_warned_about_in_plain_words(practice: AppContext) -> None:
    store_quiz({"adem": "wat"})
    _, _, err = breathe(BreatheOptions(pattern="4-7-8", cycles=1, save=False), ctx=practice)
    assert (
        "Your last self-check showed breathing complaints. In this rhythm you hold your breath,"
        in err
    )
    assert "Your rhythm 4-7-8," not in err
    ctx = replace(practice, lang="nl")
    _, _, err = breathe(BreatheOptions(pattern="4-7-8", cycles=1, save=False), ctx=ctx)
    assert "Bij dit ritme houd je je adem vast, en met ademklachten kan dat" in err
    assert "Je eigen ritme" not in err.split("Voor je begint")[0]


def test_a_typed_rhythm_without_holds_needs_no_warning(practice: AppContext) -> None:
    store_quiz({"adem": "veel"})
    _, _, err = breathe(BreatheOptions(pattern="4-0-6", cycles=1, save=False), ctx=practice)
    assert WARNING not in err


def test_cyclic_sighing_is_warned_about_after_breathing_complaints(practice: AppContext) -> None:
    store_quiz({"adem": "wat"})
    _, out, err = breathe(BreatheOptions("cyclic_sighing", cycles=1, save=False), ctx=practice)
    assert f"{WARNING} In Cyclic sighing you breathe in twice" in err
    assert out.startswith("Cyclic sighing: 1 cycle")


def test_cyclic_sighing_offers_one_in_breath_in_a_terminal(practice: AppContext) -> None:
    store_quiz({"adem": "wat"})
    options = BreatheOptions("cyclic_sighing", cycles=1, rate=False, save=False)
    _, out, err = breathe(options, "\n", practice)
    assert "Breathe in once and out slowly (Longer out-breath) instead? [Y/n]" in err
    assert out.startswith("Longer out-breath: 1 cycle")
    _, out, _ = breathe(options, "n\n", practice)
    assert out.startswith("Cyclic sighing: 1 cycle")


def test_cyclic_sighing_without_complaints_needs_no_warning(practice: AppContext) -> None:
    store_quiz({"adem": "rustig"})
    _, _, err = breathe(BreatheOptions("cyclic_sighing", cycles=1, save=False), ctx=practice)
    assert WARNING not in err


def test_holds_warning_in_dutch_names_the_exercise_naturally(practice: AppContext) -> None:
    store_quiz({"adem": "wat"})
    ctx = replace(practice, lang="nl")
    _, _, err = breathe(BreatheOptions("box", cycles=1, save=False), ctx=ctx)
    assert "Bij Vierkant ademen houd je je adem vast, en met ademklachten" in err


def test_a_broken_practice_questionnaire_does_not_stop_a_breath(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    store_quiz({"adem": "veel"})
    ctx = AppContext(lang="en", practice=Practice(name="P", questions=broken))
    code, out, err = breathe(BreatheOptions("box", cycles=1, save=False), ctx=ctx)
    assert code == EXIT_OK
    assert WARNING not in err
    assert out.startswith("Box breathing")


@pytest.mark.parametrize(
    ("exercise", "stored", "loads"),
    [
        ("resonance", True, False),  # nothing in it needs care
        ("box", False, False),  # no quiz to look at
        ("box", True, True),
        ("cyclic_sighing", True, True),
    ],
)
def test_the_questionnaire_is_read_only_when_it_matters(
    practice: AppContext, exercise: str, stored: bool, loads: bool
) -> None:
    if stored:
        store_quiz({"adem": "rustig"})
    with mock.patch.object(
        AppContext, "load_questionnaire", autospec=True, side_effect=AppContext.load_questionnaire
    ) as load:
        breathe(BreatheOptions(exercise, cycles=1, save=False), ctx=practice)
    assert load.called == loads


# --------------------------------------------------------------------------- catalogue and help


def test_every_key_the_safety_code_builds_exists_in_both_languages() -> None:
    keys = {
        *HOLD_CAUTIONS,
        *GENERAL_CAUTIONS,
        *LIMIT_KEYS,
        "breathe.holds.warning",
        "breathe.holds.warning_pattern",
        "breathe.holds.offer",
        "breathe.extra_inhale.warning",
        "breathe.extra_inhale.offer",
        "breathe.confirm.fast",
        "breathe.confirm.long_hold",
        "breathe.confirm.long_rest",
    }
    for lang in ("en", "nl"):
        missing = sorted(key for key in keys if key not in catalogue(lang))
        assert missing == [], lang


def test_the_help_states_the_limits_in_force() -> None:
    for t in (EN, NL):
        help_text = t("breathe.pattern_help")
        for limit in (
            CALM_MAX_BREATHS_PER_MINUTE,
            CALM_MAX_PAUSE_SECONDS,
            MAX_PATTERN_BREATHS_PER_MINUTE,
            MAX_PATTERN_PAUSE_SECONDS,
            MAX_PATTERN_PHASE_SECONDS,
        ):
            assert f" {format_seconds(limit)} " in help_text, (t.lang, limit)


def test_the_calm_limits_lie_within_the_hard_ones() -> None:
    assert CALM_MAX_BREATHS_PER_MINUTE < MAX_PATTERN_BREATHS_PER_MINUTE
    assert CALM_MAX_PAUSE_SECONDS < MAX_PATTERN_PAUSE_SECONDS <= MAX_PATTERN_PHASE_SECONDS
    # The built-in exercises are all calm.
    for exercise in built_in().values():
        assert not concerns(exercise), exercise.id


# --------------------------------------------------------------------------- as a user


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--pattern", "1-0-1"], "30 breaths a minute"),
        (["--pattern", "4-60-4"], "holds your breath for 60 seconds"),
        (["--pattern", "4-60-8-60"], "holds your breath for 60 seconds"),
        (["--pattern", "2-0-2", "--cycles", "1"], "Slow the rhythm"),
    ],
)
def test_cli_refuses_with_exit_2(args: list[str], needle: str, stresscheck_home: Path) -> None:
    done = run_cli(["breathe", *args, "--no-save"], stresscheck_home)
    assert done.returncode == 2
    assert needle in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) <= 3
    assert not stresscheck_home.exists()
