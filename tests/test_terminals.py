"""The quiz and a breathing session on ordinary terminals that are not the author's.

Each environment is a real pseudo-terminal: 40 columns, ``NO_COLOR``,
``--no-color``, ``TERM=dumb``, ``LANG=C``, ``LC_ALL=C``, and streams that
really cannot write UTF-8 (ASCII, Latin-1). None may crash, and the advice
must stay readable: its title and its opening sentence whole, every area's
name whole in the scores.

What really happens under ``LANG=C``: Python 3.11 switches to UTF-8 mode in
the C locale (PEP 538/540), so the output stays UTF-8. A stream that is truly
ASCII (``PYTHONUTF8=0 LC_ALL=C``, ``PYTHONIOENCODING=ascii``) gets ASCII
look-alikes (``stresscheck.adapters.ui.terminal``): ``-`` for a bullet, ``#`` for
a bar, ``+-|`` for boxes, ``e`` for ``é``.

Output written to a pipe or a file (no pseudo-terminal) is checked last.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import command
from stresscheck.adapters.ui import bigtext
from stresscheck.adapters.ui.terminal import protect_streams
from terminal_helpers import (
    ANSI,
    CALM_EXERCISES,
    DEFAULT,
    EN,
    Run,
    answer_whole_quiz,
    answers_file_text,
    as_shown,
    assert_no_crash,
    colour_codes,
    expected_action,
    finish,
    first_options,
    spawn,
    terminal_env,
    visible,
    words,
)

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pexpect needs a POSIX pty", allow_module_level=True)

# name: (environment settings, extra arguments, columns)
ENVIRONMENTS: dict[str, tuple[dict[str, str], list[str], int]] = {
    "40-columns": ({}, [], 40),
    "NO_COLOR": ({"NO_COLOR": "1"}, [], 80),
    "--no-color": ({}, ["--no-color"], 80),
    "TERM=dumb": ({"TERM": "dumb"}, [], 80),
    "LANG=C": ({"LANG": "C"}, [], 80),
    "LC_ALL=C": ({"LC_ALL": "C"}, [], 80),
    "LC_ALL=C-40-columns": ({"LC_ALL": "C"}, [], 40),
    "ascii-only": ({"LC_ALL": "C", "PYTHONUTF8": "0"}, [], 80),
    "PYTHONIOENCODING=ascii": ({"PYTHONIOENCODING": "ascii"}, [], 40),
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, [], 80),
}
NO_COLOUR = {"NO_COLOR", "--no-color", "TERM=dumb"}
ASCII_ONLY = {"ascii-only", "PYTHONIOENCODING=ascii"}


@pytest.fixture
def calm(tmp_path: Path) -> Path:
    path = tmp_path / "calm.yaml"
    path.write_text(CALM_EXERCISES, "utf-8")
    return path


def run_all(
    tmp: pytest.TempPathFactory, session: Callable[[Path, str], Run]
) -> Iterator[dict[str, Future[Run]]]:
    """Every environment's session at once, each in its own data home.

    The sessions mostly wait (on the pacer, or for the next prompt), so running
    them side by side takes as long as the slowest one instead of their sum.
    """
    with ThreadPoolExecutor(max_workers=len(ENVIRONMENTS)) as pool:
        yield {
            name: pool.submit(session, tmp.mktemp(f"home-{index}"), name)
            for index, name in enumerate(ENVIRONMENTS)
        }


@pytest.fixture(scope="module")
def quizzes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Run]]]:
    def session(home: Path, name: str) -> Run:
        settings, extra, columns = ENVIRONMENTS[name]
        child = spawn(
            [*extra, "quiz", "--no-save"], terminal_env(home, **settings), columns=columns
        )
        return answer_whole_quiz(child)

    yield from run_all(tmp_path_factory, session)


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Future[Run]]]:
    calm = tmp_path_factory.mktemp("exercises") / "calm.yaml"
    calm.write_text(CALM_EXERCISES, "utf-8")

    def session(home: Path, name: str) -> Run:
        settings, extra, columns = ENVIRONMENTS[name]
        args = [*extra, "breathe", "quick", "--exercises", str(calm), "--cycles", "1"]
        env = terminal_env(home, **settings)
        return finish(spawn([*args, "--no-save", "--no-rate"], env, columns=columns, rows=24))

    yield from run_all(tmp_path_factory, session)


def advice_is_readable(run: Run, action: str, ascii_only: bool) -> None:
    """The advice's title and first sentence, and every area's name, are there whole."""
    shown = words(run.output)
    title = as_shown(EN(f"advice.{action}.title"), ascii_only)
    assert title in shown, shown[-1500:]
    first_line = EN(f"advice.{action}.intro")
    assert " ".join(as_shown(first_line, ascii_only).split()) in shown, shown[-1500:]
    results = shown[shown.rindex(as_shown(EN("result.heading"), ascii_only)) :]
    for domain in DEFAULT.domains:
        assert as_shown(domain.title.get("en"), ascii_only) in results, results
    assert "…" not in results, "nothing in the results may be cut short"


@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_the_interactive_quiz(quizzes: dict[str, Future[Run]], name: str) -> None:
    run = quizzes[name].result(timeout=60)
    assert_no_crash(run)
    advice_is_readable(run, expected_action(), name in ASCII_ONLY)
    if name in NO_COLOUR:
        assert colour_codes(run.output) == []
    if name == "TERM=dumb":
        assert ANSI.findall(run.output) == [], "a dumb terminal gets no escape codes at all"
    if name in ASCII_ONLY:
        assert run.output.isascii()


@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_a_breathing_session(sessions: dict[str, Future[Run]], name: str) -> None:
    run = sessions[name].result(timeout=60)
    assert_no_crash(run)
    shown = visible(run.output)
    done = EN("breathe.summary.completed", cycles="1 cycle", duration="DURATION")
    assert re.search(re.escape(done).replace("DURATION", r"\d+ s"), shown), shown[-500:]
    cue = EN("breathe.cue.inhale")
    assert cue in shown or bigtext.render(cue)[0] in shown or "Inhale 0.5 s" in shown
    if name in NO_COLOUR:
        assert colour_codes(run.output) == []
    if name == "TERM=dumb":  # no animation: the plain lines, and no escape codes
        assert ANSI.findall(run.output) == []
        assert "Inhale 0.5 s" in shown.splitlines()
    if name in ASCII_ONLY:
        assert run.output.isascii()


def test_no_color_is_in_the_help(stresscheck_home: Path) -> None:
    done = subprocess.run(
        [*command(), "--help"],
        capture_output=True,
        text=True,
        env=terminal_env(stresscheck_home),
        check=False,
    )
    assert done.returncode == 0
    assert "--no-color" in done.stdout


# --------------------------------------------------------------------------- pipes and files


def run_to_file(args: list[str], home: Path, tmp_path: Path, **settings: str) -> tuple[str, int]:
    """Run with stdout going to a file (not a terminal) and stdin empty."""
    target = tmp_path / "out.txt"
    with target.open("wb") as out:
        done = subprocess.run(
            [*command(), *args],
            stdout=out,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=terminal_env(home, **settings),
            timeout=30,
            check=False,
        )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    return target.read_bytes().decode("utf-8"), done.returncode


@pytest.mark.parametrize("plain", [True, False], ids=["--plain", "piped"])
def test_breathing_into_a_file_gives_one_line_per_phase(
    stresscheck_home: Path, calm: Path, tmp_path: Path, plain: bool
) -> None:
    args = ["breathe", "quick", "--exercises", str(calm), "--cycles", "2", "--no-save", "--no-rate"]
    text, code = run_to_file([*args, *(["--plain"] if plain else [])], stresscheck_home, tmp_path)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "Quick calm: 2 cycles, 2 s"
    assert lines[1:5] == ["Inhale 0.5 s", "Exhale 0.5 s", "Inhale 0.5 s", "Exhale 0.5 s"]
    assert lines[5] == EN("breathe.summary.completed", cycles="2 cycles", duration="2 s")
    assert "\x1b" not in text and "\a" not in text


@pytest.mark.parametrize("locale", ["en_US.UTF-8", "C"])
def test_quiz_results_into_a_file_read_well(
    stresscheck_home: Path, tmp_path: Path, locale: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_file_text(first_options()), "utf-8")
    text, code = run_to_file(
        ["quiz", "--answers", str(answers), "--no-save"], stresscheck_home, tmp_path, LANG=locale
    )
    assert code == 0
    assert "\x1b" not in text, "no escape codes in a file"
    action = expected_action()
    shown = words(text)
    assert EN(f"advice.{action}.title") in shown
    assert " ".join(EN(f"advice.{action}.intro").split()) in shown
    for domain in DEFAULT.domains:
        assert domain.title.get("en") in text
    assert all(len(line) <= 80 for line in text.splitlines()), "80 columns when not a terminal"


# --------------------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("args", "left", "no_color"),
    [
        (["quiz", "--no-color"], ["quiz"], True),
        (["--no-color", "breathe", "--plain"], ["breathe", "--plain"], True),
        (["validate", "--", "--no-color"], ["validate", "--", "--no-color"], False),
        (["history"], ["history"], False),
    ],
)
def test_no_color_is_taken_from_anywhere_before_a_double_dash(
    monkeypatch: pytest.MonkeyPatch, args: list[str], left: list[str], no_color: bool
) -> None:
    from stresscheck.cli import without_no_color

    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.delenv("NO_COLOR")
    assert without_no_color(args) == left
    assert ("NO_COLOR" in os.environ) is no_color


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [
        ("• één · twee – drie…", "- een - twee - drie..."),
        ("╭─ Advice ─╮│", "+- Advice -+|"),
        ("████▌····", "#####----"),
        ("→ ≥ “quoted” ’", '-> >= "quoted" \''),
        ("✓☃", "??"),
    ],
)
def test_ascii_look_alikes(text: str, ascii_text: str) -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    protect_streams(stream)
    stream.write(text)
    stream.flush()
    assert stream.buffer.getvalue().decode("ascii") == ascii_text


def test_utf8_and_latin1_streams_keep_what_they_can_write() -> None:
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    protect_streams(utf8)
    assert utf8.errors == "strict", "a UTF-8 stream is left alone"
    latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1", errors="strict")
    protect_streams(latin)
    latin.write("één • ─")
    latin.flush()
    assert latin.buffer.getvalue().decode("latin-1") == "één - -"
