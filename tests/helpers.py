"""Shared helpers for the questionnaire, files, quiz and catalogue tests.

Builders make small questionnaires in code (the pure engine never needs a
file), and ``run_cli`` runs the real program in a subprocess with a private
data home and a fixed language, as a user would.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import pytest

from stresscheck.adapters.clock import Clock
from stresscheck.adapters.sources.files import load_exercises, load_questionnaire
from stresscheck.commands.breathe import BreatheOptions, breathe_session
from stresscheck.context import AppContext, packaged_data
from stresscheck.core.breathing import Exercise, Phase, PhaseKind
from stresscheck.core.questionnaire import (
    NONE_VALUE,
    Band,
    Condition,
    Domain,
    Option,
    OptionValue,
    Question,
    Questionnaire,
    RedFlag,
    Rule,
    Total,
)
from stresscheck.core.text import LocalText
from stresscheck.errors import EXIT_OK, Interrupted

SRC = Path(__file__).resolve().parent.parent / "src" / "stresscheck"
VENV_SCRIPT = Path(sys.executable).parent / "stresscheck"


def command() -> list[str]:
    """The installed console script when there is one, else ``python -m stresscheck``."""
    if VENV_SCRIPT.exists():
        return [str(VENV_SCRIPT)]
    return [sys.executable, "-m", "stresscheck"]


def cli_env(home: Path, lang: str = "en_US.UTF-8", **extra: str) -> dict[str, str]:
    """A clean environment: private data home, one locale, no debug switch."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"LC_ALL", "LC_MESSAGES", "LANGUAGE", "STRESSCHECK_DEBUG", "NO_COLOR"}
    }
    env.update(STRESSCHECK_HOME=str(home), LANG=lang, COLUMNS="100", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    home: Path,
    *,
    stdin: str | bytes | None = None,
    timeout: float = 20,
    **env_extra: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``stresscheck ARGS`` as a user would; stdin is empty unless given."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*command(), *map(str, args)],
        input=data if data is not None else b"",
        capture_output=True,
        env=cli_env(home, **env_extra),
        timeout=timeout,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


# --------------------------------------------------------------------------- builders


def text(value: str) -> LocalText:
    return LocalText({"en": value, "nl": f"{value} (nl)"})


def options(values: Iterable[float]) -> tuple[Option, ...]:
    return tuple(Option(float(v), text(f"option {i}")) for i, v in enumerate(values, start=1))


def question(
    qid: str,
    values: Iterable[float] = (0, 1, 2, 3, 4),
    *,
    domain: str | None = None,
    reverse: bool = False,
    red_flag: float | None = None,
) -> Question:
    return Question(
        id=qid,
        text=text(f"Question {qid}?"),
        options=options(values),
        domain=domain,
        reverse=reverse,
        red_flag=RedFlag(red_flag) if red_flag is not None else None,
    )


def multi_question(
    qid: str, values: Sequence[OptionValue] = ("neck", "jaw", "shoulders", NONE_VALUE)
) -> Question:
    """A ``multi`` question (choose any number); option i is labelled "option i"."""
    return Question(
        id=qid,
        text=text(f"Question {qid}?"),
        options=tuple(
            Option(value, text(f"option {i}")) for i, value in enumerate(values, start=1)
        ),
        multi=True,
    )


def bands(
    *maxes: float, levels: Sequence[str] = ("low", "moderate", "high", "very_high")
) -> tuple[Band, ...]:
    """Bands with these maxes, then an open top band; levels named in order."""
    count = len(maxes) + 1
    names = list(levels[:count]) if count <= len(levels) else [f"level{i}" for i in range(count)]
    return (
        *(Band(level=names[i], max=float(m)) for i, m in enumerate(maxes)),
        Band(level=names[-1]),
    )


def domain(
    did: str,
    band_list: tuple[Band, ...] | None = None,
    *,
    scoring: str = "sum",
    max_missing: int = 0,
) -> Domain:
    return Domain(
        id=did,
        title=text(did.title()),
        scoring=scoring,  # type: ignore[arg-type]
        max_missing=max_missing,
        bands=band_list if band_list is not None else bands(4, 8),
    )


def questionnaire(
    questions: Sequence[Question],
    domains: Sequence[Domain] = (),
    *,
    rules: Sequence[Rule] = (),
    total: Total | None = None,
) -> Questionnaire:
    return Questionnaire(
        id="test",
        version=1,
        title=text("Test"),
        questions=tuple(questions),
        domains=tuple(domains),
        rules=tuple(rules),
        total=total,
    )


def rule(action: str, when: Condition | None = None, exercise: str | None = None) -> Rule:
    return Rule(action=action, when=when, exercise=exercise)  # type: ignore[arg-type]


def answers_of(mapping: Mapping[str, float]) -> dict[str, float]:
    return {key: float(value) for key, value in mapping.items()}


IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only, even for root (who ignores permission bits)."""
    if IS_ROOT:
        try:
            done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        except FileNotFoundError:
            pytest.skip("chattr is needed to make a folder read-only for root")
        if done.returncode != 0:
            pytest.skip("this file system cannot make a folder read-only for root")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


def make_exercise(
    *phases: tuple[PhaseKind, float], minutes: float = 5, cycles: int | None = None
) -> Exercise:
    """A throwaway exercise with these phases (``("inhale", 4), ("exhale", 6)``)."""
    return Exercise(
        id="test",
        title=LocalText.plain("Test"),
        description=LocalText(),
        suits=LocalText(),
        phases=tuple(Phase(kind, seconds) for kind, seconds in phases),
        default_minutes=minutes,
        default_cycles=cycles,
    )


@cache
def shipped() -> tuple[Questionnaire, dict[str, LocalText]]:
    """The default questionnaire and exercise titles, in English (loaded in a
    test, once the session's private file cache is in place)."""
    questionnaire = load_questionnaire(
        packaged_data("questions.yaml"), [packaged_data("exercises.yaml")]
    )
    exercises = {e.id: e.title for e in load_exercises(packaged_data("exercises.yaml"))}
    return questionnaire, exercises


def quick_exercises(folder: Path, seconds: float = 1, exercise_id: str = "quick") -> Path:
    """An exercises file with one short in-out exercise (``seconds`` each way), to keep
    sessions short: a typed rhythm that fast would be refused."""
    path = folder / f"{exercise_id}.yaml"
    path.write_text(
        "exercises:\n"
        f"  - id: {exercise_id}\n"
        "    title: Quick\n"
        "    phases:\n"
        f"      - {{kind: inhale, seconds: {seconds}}}\n"
        f"      - {{kind: exhale, seconds: {seconds}}}\n"
        "    default_minutes: 1\n",
        encoding="utf-8",
    )
    return path


def run_breathe(ctx: AppContext, options: BreatheOptions, clock: Clock) -> int:
    """A breathing session in process, and the exit code the program would end with
    for it: an interruption is 130; any other error is raised, as the command does."""
    try:
        breathe_session(ctx, options, clock)
    except Interrupted as stop:
        return stop.exit_code
    return EXIT_OK
