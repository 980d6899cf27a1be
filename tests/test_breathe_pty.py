"""The animated session in a real pseudo-terminal, as a person sees it, and Ctrl-C in one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from helpers import cli_env, command, quick_exercises
from stresscheck.adapters.storage.store import Store
from stresscheck.adapters.ui import bigtext

pexpect = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.pty, pytest.mark.timeout(60)]

HIDE_CURSOR = "\x1b[?25l"
SHOW_CURSOR = "\x1b[?25h"


def spawn(args: list[str], home: Path) -> Any:
    env = cli_env(home, TERM="xterm-256color")
    env.pop("COLUMNS", None)  # the terminal's own size must decide
    return pexpect.spawn(
        command()[0],
        [*command()[1:], *args],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )


def finish(child: Any) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return child.before or "", child.exitstatus


@pytest.fixture
def quick(tmp_path: Path) -> list[str]:
    """A 1 s in, 1 s out exercise from a file, to keep sessions short (a typed
    rhythm that fast would be refused: 30 breaths a minute)."""
    return ["quick", "--exercises", str(quick_exercises(tmp_path))]


def test_animated_session(stresscheck_home: Path, quick: list[str]) -> None:
    child = spawn(["breathe", *quick, "--cycles", "2", "--no-rate"], stresscheck_home)
    seen = ""
    child.expect_exact(HIDE_CURSOR)
    seen += child.before + child.after
    child.expect_exact("cycle 2 of 2")
    seen += child.before + child.after
    rest, code = finish(child)
    seen += rest
    assert code == 0, seen
    assert seen.count(HIDE_CURSOR) == 1
    assert seen.rindex(SHOW_CURSOR) > seen.index(HIDE_CURSOR)
    for word in ("Get ready", "Breathe in", "Breathe out"):
        assert bigtext.render(word)[0] in seen  # large letters at 80 columns
    assert "cycle 1 of 2" in seen
    assert re.search(r"0:0\d left", seen)
    assert "Done: 2 cycles in 4 s. Well done." in seen
    [saved] = Store.open(stresscheck_home / "history.sqlite3").history().sessions
    assert saved.completed and saved.cycles_completed == 2


def test_animated_session_with_ratings_and_bell(stresscheck_home: Path, quick: list[str]) -> None:
    child = spawn(["breathe", *quick, "--cycles", "1", "--bell"], stresscheck_home)
    child.expect_exact("Enter to skip: ")
    child.sendline("6")
    child.expect_exact("Well done.")
    seen = child.before
    child.expect_exact("Enter to skip: ")
    child.sendline("2")
    rest, code = finish(child)
    assert code == 0
    assert seen.count("\a") == 3  # one for in, two for out
    assert "Tension before: 6, after: 2." in rest
    [saved] = Store.open(stresscheck_home / "history.sqlite3").history().sessions
    assert (saved.tension_before, saved.tension_after) == (6, 2)


def test_ctrl_c_stops_cleanly(stresscheck_home: Path, quick: list[str]) -> None:
    child = spawn(["breathe", *quick, "--cycles", "30", "--no-rate"], stresscheck_home)
    child.expect_exact("cycle 2 of 30")
    seen = child.before + child.after
    child.sendcontrol("c")
    child.expect_exact("Stopped after")
    seen += child.before + child.after
    rest, code = finish(child)
    seen += rest
    assert code == 130
    assert SHOW_CURSOR in seen[seen.rindex(HIDE_CURSOR) :]
    assert "Traceback" not in seen
    assert re.search(r"Stopped after [12] of 30 cycles", seen)
    [saved] = Store.open(stresscheck_home / "history.sqlite3").history().sessions
    assert not saved.completed
    assert saved.status == "interrupted"
    assert 1 <= saved.cycles_completed <= 2
    assert saved.actual_seconds < 10


def test_ctrl_c_restores_terminal_echo(stresscheck_home: Path, quick: list[str]) -> None:
    child = spawn(["breathe", *quick, "--cycles", "30", "--no-rate"], stresscheck_home)
    child.expect_exact("cycle 1 of 30")
    assert child.getecho() is False  # keys typed now would scribble over the view
    child.sendcontrol("c")
    child.expect_exact("Stopped after")
    child.expect(pexpect.EOF)
    assert child.getecho() is True
    child.close()


def test_a_small_window_still_works(stresscheck_home: Path, quick: list[str]) -> None:
    child = spawn(["breathe", *quick, "--cycles", "1", "--no-rate", "--no-save"], stresscheck_home)
    child.setwinsize(8, 40)
    rest, code = finish(child)
    assert code == 0
    assert "Breathe in" in rest  # a plain word where large letters do not fit
    assert "Done: 1 cycle" in rest


# --------------------------------------------------------------------------- a typed rhythm


def test_a_fast_typed_rhythm_asks_first_and_yes_starts_it(stresscheck_home: Path) -> None:
    child = spawn(
        ["breathe", "--pattern", "1.5-0-1.5", "--cycles", "1", "--no-rate"], stresscheck_home
    )
    child.expect_exact("This rhythm comes to 20 breaths a minute.")
    child.expect_exact("Go on with this rhythm anyway? [y/N]")
    seen = child.before
    assert HIDE_CURSOR not in seen  # nothing has started while it asks
    child.sendline("y")
    child.expect_exact("Before you start:")  # the cautions every rhythm gets
    child.expect_exact("driving")
    rest, code = finish(child)
    assert code == 0, rest
    assert "Done: 1 cycle in 3 s. Well done." in rest
    [saved] = Store.open(stresscheck_home / "history.sqlite3").history().sessions
    assert saved.exercise_id == "pattern-1.5-0-1.5" and saved.completed


def test_enter_at_the_question_starts_nothing(stresscheck_home: Path) -> None:
    child = spawn(["breathe", "--pattern", "4-15-4", "--lang", "nl"], stresscheck_home)
    child.expect_exact("Bij dit ritme houd je je adem 15 seconden vast.")
    child.expect_exact("[j/N]")
    child.sendline("")
    rest, code = finish(child)
    assert code == 0
    assert "Niet begonnen." in rest
    assert HIDE_CURSOR not in rest
    assert not stresscheck_home.exists()
