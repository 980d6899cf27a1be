"""Hostile surroundings: a careless umask, files open to others, links planted in our place.

Issue 11, class 5. Everything runs the real program in a subprocess, as a
person would, with the loosest umask there is (``umask 000``). Mode bits and
symbolic links behave the same for root, so these run for real as root too.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from helpers import cli_env, command
from stresscheck.i18n import Translator

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and links")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EN, NL = Translator("en"), Translator("nl")
DATABASE = "history.sqlite3"
# Moderate tiredness, everything else calm (as in test_quiz_history).
MILD = {
    "fatigue_1": 2, "fatigue_2": 2, "fatigue_3": 1,
    "tension_1": 1, "tension_2": 1, "tension_3": 1, "tension_4": 3,
    "restlessness_1": 1, "restlessness_2": 1, "restlessness_3": 1, "restlessness_4": 1,
    "breathing_1": 0, "breathing_2": 0, "breathing_3": 0, "breathing_4": 0,
    "duration": 1, "relaxation_effect": 0, "spreading": 0, "load": 1,
    "chest_pain": 0, "fainting": 0, "self_harm": 0,
}  # fmt: skip


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(
    args: Sequence[str | os.PathLike[str]],
    home: Path,
    *,
    lang: str = "en_US.UTF-8",
    **extra: str,
) -> subprocess.CompletedProcess[str]:
    """``stresscheck ARGS`` with umask 000, as someone with a careless shell setup."""
    done = subprocess.run(
        [*command(), *map(str, args)],
        input=b"",
        capture_output=True,
        env=cli_env(home, lang, **extra),
        timeout=30,
        check=False,
        preexec_fn=lambda: os.umask(0),  # in the child, before the program starts
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(MILD), encoding="utf-8")
    return path


def quiz(home: Path, answers: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return run(["quiz", "--answers", answers, "--json"], home, **extra)


def assert_refused(done: subprocess.CompletedProcess[str], path: Path, t: Translator = EN) -> None:
    """Exit 1 (the surroundings, not the input), one message naming the path and the fix."""
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert str(path) in done.stderr
    assert t("paths.link", path=str(path)) in done.stderr


def tightened(path: Path, before: int, after: int, t: Translator = EN) -> str:
    return t("paths.tightened", path=str(path), before=f"{before:04o}", after=f"{after:04o}")


# --------------------------------------------------------------------------- what we create


def test_every_folder_created_is_0700_whatever_the_umask(tmp_path: Path, answers: Path) -> None:
    home = tmp_path / "data" / "deeper" / "home"
    cache = tmp_path / "cache" / "deeper" / "stresscheck"
    done = quiz(home, answers, STRESSCHECK_CACHE=str(cache))
    assert done.returncode == 0, done.stderr
    for folder in (home, home.parent, home.parent.parent, cache, cache.parent, cache.parent.parent):
        assert mode(folder) == 0o700, folder  # the intermediate data/ and cache/ were 0777
    assert mode(home / DATABASE) == 0o600
    entries = list(cache.iterdir())
    assert entries
    assert all(mode(entry) == 0o600 for entry in entries)
    assert done.stderr == ""  # nothing was open, so nothing to tell


def test_a_folder_we_did_not_create_is_never_changed(tmp_path: Path, answers: Path) -> None:
    person = tmp_path / "person"  # their home folder, open to others on purpose
    person.mkdir()
    person.chmod(0o755)
    home = person / ".local" / "share" / "stresscheck"
    done = quiz(home, answers, HOME=str(person))
    assert done.returncode == 0, done.stderr
    assert mode(person) == 0o755
    assert mode(person / ".local") == mode(person / ".local" / "share") == mode(home) == 0o700


def test_the_practice_copy_is_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "data" / "home"
    done = run(["setup", EXAMPLES / "practice.yaml"], home)
    assert done.returncode == 0, done.stderr
    practice = home / "practice"
    assert mode(home.parent) == mode(home) == mode(practice) == 0o700
    files = list(practice.iterdir())
    assert {path.name for path in files} >= {"settings.json"}
    assert all(mode(path) == 0o600 for path in files)


# --------------------------------------------------------------------------- open to others


def test_an_open_history_and_its_folder_are_tightened_with_a_note(
    tmp_path: Path, answers: Path
) -> None:
    home = tmp_path / "home"
    assert quiz(home, answers).returncode == 0
    database = home / DATABASE
    database.chmod(0o644)
    home.chmod(0o755)
    before = digest(database)
    done = run(["history"], home)
    assert done.returncode == 0, done.stderr
    assert mode(home) == 0o700
    assert mode(database) == 0o600
    assert tightened(home, 0o755, 0o700) in done.stderr
    assert tightened(database, 0o644, 0o600) in done.stderr
    assert digest(database) == before  # reading changed nothing stored
    again = run(["history"], home)
    assert again.stderr == ""  # told once: it stays private


def test_the_note_is_in_dutch_too(tmp_path: Path, answers: Path) -> None:
    home = tmp_path / "home"
    assert quiz(home, answers).returncode == 0
    database = home / DATABASE
    database.chmod(0o664)
    done = run(["history"], home, lang="nl_NL.UTF-8")
    assert done.returncode == 0, done.stderr
    assert tightened(database, 0o664, 0o600, NL) in done.stderr
    assert "alleen voor jou" in done.stderr


def test_open_practice_files_and_cache_entries_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cache = tmp_path / "cache"
    done = run(["setup", EXAMPLES / "practice.yaml"], home, STRESSCHECK_CACHE=str(cache))
    assert done.returncode == 0, done.stderr
    assert run(["setup", "--show"], home, STRESSCHECK_CACHE=str(cache)).returncode == 0
    practice = home / "practice"
    settings = practice / "settings.json"
    practice.chmod(0o755)
    settings.chmod(0o644)
    cache.chmod(0o777)
    for entry in cache.iterdir():
        entry.chmod(0o666)
    done = run(["setup", "--show"], home, STRESSCHECK_CACHE=str(cache))
    assert done.returncode == 0, done.stderr
    assert mode(practice) == 0o700
    assert mode(settings) == 0o600
    assert mode(cache) == 0o700
    assert tightened(settings, 0o644, 0o600, NL) in done.stderr  # the practice speaks Dutch
    assert tightened(cache, 0o777, 0o700, NL) in done.stderr
    assert "Traceback" not in done.stderr
    read = [entry for entry in cache.iterdir() if entry.name.startswith("messages-nl-")]
    assert read  # the catalogue the run read: tightened when opened
    for entry in read:
        assert mode(entry) == 0o600
        assert tightened(entry, 0o666, 0o600, NL) in done.stderr


# --------------------------------------------------------------------------- planted links


def test_a_link_at_the_database_is_refused_and_never_followed(
    tmp_path: Path, answers: Path
) -> None:
    other = tmp_path / "other"
    assert quiz(other, answers).returncode == 0
    target = other / DATABASE
    before = digest(target)
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    link = home / DATABASE
    link.symlink_to(target)
    commands: list[list[str | os.PathLike[str]]] = [
        ["quiz", "--answers", answers, "--json"],
        ["history"],
        ["export"],
    ]
    for args in commands:
        done = run(args, home)
        assert_refused(done, link)
    assert digest(target) == before  # the other history did not receive the new quiz
    assert link.is_symlink()
    assert sorted(p.name for p in home.iterdir()) == [DATABASE]
    assert mode(home) == 0o755  # a refusal changes nothing, not even modes
    assert_refused(run(["history"], home, lang="nl_NL.UTF-8"), link, NL)


def test_a_dangling_link_at_the_database_creates_nothing(tmp_path: Path, answers: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    nowhere = tmp_path / "elsewhere.sqlite3"
    link = home / DATABASE
    link.symlink_to(nowhere)
    assert_refused(quiz(home, answers), link)
    assert not nowhere.exists()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_link_beside_the_database_is_refused(tmp_path: Path, answers: Path, suffix: str) -> None:
    home = tmp_path / "home"
    assert quiz(home, answers).returncode == 0
    database = home / DATABASE
    before = digest(database)
    victim = tmp_path / "victim"
    victim.write_bytes(b"someone else's file")
    link = Path(f"{database}{suffix}")
    link.symlink_to(victim)
    assert_refused(quiz(home, answers), link)
    assert victim.read_bytes() == b"someone else's file"
    assert digest(database) == before


@pytest.mark.parametrize("name", ["settings.json", "questions.yaml", "practice"])
def test_a_link_in_the_practice_copy_is_refused(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    assert run(["setup", EXAMPLES / "practice.yaml"], home).returncode == 0
    practice = home / "practice"
    planted = tmp_path / "planted"
    if name == "practice":
        practice.rename(planted)
        link = practice
    else:
        (practice / name).rename(planted)
        link = practice / name
    link.symlink_to(planted)
    before = sorted(p.name for p in home.rglob("*"))
    done = run(["setup", "--show"], home)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert EN("paths.practice_link", path=str(link)) in done.stderr
    assert "stresscheck setup" in done.stderr  # the fix
    assert sorted(p.name for p in home.rglob("*")) == before
    assert link.is_symlink()


def test_a_linked_cache_entry_is_not_followed(tmp_path: Path, answers: Path) -> None:
    home = tmp_path / "home"
    cache = tmp_path / "cache"
    assert quiz(home, answers, STRESSCHECK_CACHE=str(cache)).returncode == 0
    victim = tmp_path / "victim.json"
    for entry in list(cache.iterdir()):
        victim.write_bytes(entry.read_bytes())
        entry.unlink()
        entry.symlink_to(victim)
    kept = victim.read_bytes()
    done = quiz(home, answers, STRESSCHECK_CACHE=str(cache))
    assert done.returncode == 0, done.stderr  # the cache only costs speed: redone, no error
    assert victim.read_bytes() == kept
    for entry in cache.iterdir():
        assert not entry.is_symlink()  # replaced by a private file of our own
        assert mode(entry) == 0o600
