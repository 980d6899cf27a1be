"""Tab completion: commands and options, exercise ids, and data file names.

Run in process the way Typer documents it (and as .ci/smoke.sh's
``complete_words`` does through bash): the shell's script sets
``_STRESSCHECK_COMPLETE`` and ``COMP_WORDS``/``COMP_CWORD`` (bash) or
``_TYPER_COMPLETE_ARGS`` (zsh) and reads the candidates from standard output.
Completion must never fail in front of the user: whatever is broken, it offers
nothing and says nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import quick_exercises
from stresscheck import cli, speech
from stresscheck.commands.options import complete_data_file
from stresscheck.context import AppContext

BUILT_IN = ["box", "cyclic_sighing", "extended_exhale", "four_seven_eight", "resonance"]


def complete(
    words: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> list[str]:
    """The candidates bash gets for ``words`` (the last word is the one being completed)."""
    monkeypatch.setenv("_STRESSCHECK_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split(" ")) - 1))
    capsys.readouterr()
    code = cli.run([])
    speech.speak_with(None)
    done = capsys.readouterr()
    assert code == 0
    assert done.err == ""
    return done.out.split()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with data files, other files, a folder and a hidden file."""
    work = tmp_path / "work"
    (work / "answers").mkdir(parents=True)
    (work / "answers" / "monday.yml").write_text("{}\n", encoding="utf-8")
    (work / "answers" / "notes.txt").write_text("x\n", encoding="utf-8")
    for name in ("questions.yaml", "export.JSON", "report.html", "readme.txt", ".hidden.yaml"):
        (work / name).write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(work)
    return work


# --------------------------------------------------------------------------- commands, options


def test_commands_and_options_still_complete(monkeypatch, capsys) -> None:
    assert complete("stresscheck br", monkeypatch, capsys) == ["breathe"]
    assert complete("stresscheck breathe --cy", monkeypatch, capsys) == ["--cycles"]
    assert complete("stresscheck --lang ", monkeypatch, capsys) == ["en", "nl"]


# --------------------------------------------------------------------------- exercise ids


def test_plan_completes_exercises_and_its_options(monkeypatch, capsys) -> None:
    assert complete("stresscheck pl", monkeypatch, capsys) == ["plan"]
    assert sorted(complete("stresscheck plan ", monkeypatch, capsys)) == BUILT_IN
    assert complete("stresscheck plan --rech", monkeypatch, capsys) == ["--recheck-weeks"]


def test_breathe_completes_the_built_in_exercises(monkeypatch, capsys) -> None:
    assert sorted(complete("stresscheck breathe ", monkeypatch, capsys)) == BUILT_IN
    assert complete("stresscheck breathe fo", monkeypatch, capsys) == ["four_seven_eight"]
    assert complete("stresscheck breathe nothing", monkeypatch, capsys) == []


def test_exercises_show_completes_ids(monkeypatch, capsys) -> None:
    assert sorted(complete("stresscheck exercises show ", monkeypatch, capsys)) == BUILT_IN
    assert complete("stresscheck exercises show b", monkeypatch, capsys) == ["box"]


def test_an_exercises_file_on_the_line_adds_its_ids(tmp_path, monkeypatch, capsys) -> None:
    extra = quick_exercises(tmp_path, exercise_id="calm_down")
    on_command = complete(f"stresscheck breathe --exercises {extra} ", monkeypatch, capsys)
    assert sorted(on_command) == sorted([*BUILT_IN, "calm_down"])
    on_group = complete(f"stresscheck exercises --exercises {extra} show c", monkeypatch, capsys)
    assert sorted(on_group) == ["calm_down", "cyclic_sighing"]


def test_zsh_shows_each_exercise_with_its_title_in_the_language_typed(monkeypatch, capsys) -> None:
    monkeypatch.setenv("_STRESSCHECK_COMPLETE", "complete_zsh")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", "stresscheck --lang nl breathe b")
    assert cli.run([]) == 0
    speech.speak_with(None)
    out = capsys.readouterr().out
    assert '"box":"Vierkant ademen"' in out


# --------------------------------------------------------------------------- file names


def test_file_options_complete_yaml_and_json_files_and_folders(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = ["answers/", "export.JSON", "questions.yaml"]
    assert complete("stresscheck validate ", monkeypatch, capsys) == expected
    assert complete("stresscheck quiz --exercises ", monkeypatch, capsys) == expected
    assert complete("stresscheck breathe --exercises q", monkeypatch, capsys) == ["questions.yaml"]
    assert complete("stresscheck exercises --exercises ", monkeypatch, capsys) == expected


def test_a_folder_that_is_the_only_match_is_opened(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """So that bash does not end ``answers/`` with a space."""
    assert complete("stresscheck validate an", monkeypatch, capsys) == ["answers/monday.yml"]
    assert complete("stresscheck validate answers/", monkeypatch, capsys) == ["answers/monday.yml"]


def test_hidden_files_only_when_asked_for(folder) -> None:
    assert ".hidden.yaml" not in complete_data_file("")
    assert complete_data_file(".h") == [".hidden.yaml"]


def test_file_completion_follows_absolute_paths_and_home(folder, monkeypatch) -> None:
    assert complete_data_file(f"{folder}/q") == [f"{folder}/questions.yaml"]
    monkeypatch.setenv("HOME", str(folder))
    assert complete_data_file("~/answers/") == ["~/answers/monday.yml"]


def test_a_missing_folder_completes_nothing(folder) -> None:
    assert complete_data_file("no-such-folder/x") == []
    assert complete_data_file("readme.txt/") == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_an_unreadable_folder_completes_nothing(folder) -> None:
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert complete_data_file("locked/") == []
    finally:
        locked.chmod(0o700)


# --------------------------------------------------------------------------- never loudly


def test_a_broken_practice_exercises_file_completes_nothing(
    stresscheck_home, monkeypatch, capsys
) -> None:
    practice = stresscheck_home / "practice"
    practice.mkdir(parents=True, mode=0o700)
    settings = {"name": "Broken Practice", "exercises": "exercises.yaml"}
    (practice / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (practice / "exercises.yaml").write_text("exercises: [1, 2\n", encoding="utf-8")
    assert complete("stresscheck breathe ", monkeypatch, capsys) == []
    assert complete("stresscheck br", monkeypatch, capsys) == ["breathe"]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_practice_folder_that_is_a_link_completes_quietly(
    stresscheck_home, tmp_path, monkeypatch, capsys
) -> None:
    """The program refuses such a folder with a message (exit 1); Tab says nothing."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stresscheck_home.mkdir(mode=0o700)
    (stresscheck_home / "practice").symlink_to(elsewhere)
    assert complete("stresscheck br", monkeypatch, capsys) == ["breathe"]
    assert sorted(complete("stresscheck breathe ", monkeypatch, capsys)) == BUILT_IN


def test_a_bad_exercises_file_on_the_line_completes_nothing(tmp_path, monkeypatch, capsys) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [1, 2\n", encoding="utf-8")
    assert complete(f"stresscheck breathe --exercises {broken} ", monkeypatch, capsys) == []


def test_an_error_inside_completion_offers_nothing(monkeypatch, capsys) -> None:
    def explode(self: AppContext, override: object = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(AppContext, "load_exercises", explode)
    assert complete("stresscheck breathe ", monkeypatch, capsys) == []
