"""Output that cannot be written: a closed or full standard output, a reader that left.

Issue 11, class 4 (streams). One behaviour for every command, decided at the
program's single exit point (``stresscheck.__main__``) and described in the
README ("When output cannot be written"):

* the reader went away (``| head``, EPIPE): a quiet end, exit 0 (or the
  command's own code), nothing on stderr;
* standard output closed (``>&-``) or full (``>/dev/full``): exit 1 with one
  message, followed by what the run had already saved ("Nothing was changed."
  only when that is true);
* standard error closed or full: the exit code is the one the command has anyway.

Everything runs the real program through ``bash -c``, as a person's shell would.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from helpers import cli_env, command
from stresscheck.i18n import Translator

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX shells and /dev/full")

EN, NL = Translator("en"), Translator("nl")
ANSWERS = "tension_1: 4\ntension_2: 4\nduration: 4\n"
QUICK = (
    "exercises:\n"
    "  - id: quick\n"
    "    title: Quick\n"
    "    phases: [{kind: inhale, seconds: 0.5}, {kind: exhale, seconds: 0.5}]\n"
    "    default_minutes: 1\n"
)
UNEXPECTED = EN("app.unexpected", error="", detail="").split("(")[0].strip()
NOTHING_CHANGED = EN("app.changed.nothing")


def shell(
    line: str, home: Path, *, timeout: float = 30, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``line`` with bash; ``SC`` in it is the stresscheck command."""
    program = " ".join(shlex.quote(part) for part in command())
    done = subprocess.run(
        ["bash", "-c", line.replace("SC", program)],
        capture_output=True,
        env=cli_env(home, **env),
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def stored(home: Path) -> dict[str, list[dict[str, object]]]:
    done = shell("SC history --json", home)
    assert done.returncode == 0, done.stderr
    result: dict[str, list[dict[str, object]]] = json.loads(done.stdout)
    return result


def files(tmp_path: Path) -> tuple[Path, Path]:
    answers, quick = tmp_path / "answers.yaml", tmp_path / "quick.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    quick.write_text(QUICK, encoding="utf-8")
    return answers, quick


def clean(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr
    assert UNEXPECTED not in done.stderr


# --------------------------------------------------------------------------- closed or full


@pytest.mark.parametrize(("redirect", "key"), [(">&-", "closed"), (">/dev/full", "full")])
def test_a_saved_quiz_is_never_called_unchanged(
    tmp_path: Path, stresscheck_home: Path, redirect: str, key: str
) -> None:
    """The quiz row is stored before its result is printed: the message says it was kept."""
    answers, _ = files(tmp_path)
    done = shell(f"SC quiz --answers {answers} --json {redirect}", stresscheck_home)
    assert done.returncode == 1
    clean(done)
    assert EN(f"app.output.{key}") in done.stderr
    assert EN("app.changed.quiz") in done.stderr
    assert NOTHING_CHANGED not in done.stderr
    assert len(stored(stresscheck_home)["quizzes"]) == 1


def test_the_message_speaks_the_runs_language(tmp_path: Path, stresscheck_home: Path) -> None:
    answers, _ = files(tmp_path)
    done = shell(f"SC quiz --lang nl --answers {answers} --json >/dev/full", stresscheck_home)
    assert done.returncode == 1
    assert NL("app.output.full") in done.stderr
    assert NL("app.changed.quiz") in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        "export --format json",
        "export --format csv",
        "history",
        "history --json",
        "history --all",
        "--help",
        "quiz --help",
        "--version",
        "exercises",
        "exercises --json",
        "breathe quick --exercises {quick} --cycles 1 --no-rate",
        "quiz --answers {answers} --json --no-save",
    ],
)
@pytest.mark.parametrize(("redirect", "key"), [(">&-", "closed"), (">/dev/full", "full")])
def test_output_that_cannot_be_written_is_a_runtime_failure(
    tmp_path: Path, stresscheck_home: Path, args: str, redirect: str, key: str
) -> None:
    answers, quick = files(tmp_path)
    shell(f"SC quiz --answers {answers} --json >/dev/null", stresscheck_home)
    before = stored(stresscheck_home)
    line = "SC " + args.format(answers=answers, quick=quick) + " " + redirect
    done = shell(line, stresscheck_home)
    assert done.returncode == 1, done.stderr
    clean(done)
    assert done.stderr.splitlines() == [EN(f"app.output.{key}"), NOTHING_CHANGED]
    assert stored(stresscheck_home) == before  # truly nothing changed: no session was kept


def test_a_command_with_nothing_to_print_ignores_a_closed_stdout(
    tmp_path: Path, stresscheck_home: Path
) -> None:
    """Only output that is lost makes the run fail; ``export -o FILE`` prints nothing."""
    answers, _ = files(tmp_path)
    shell(f"SC quiz --answers {answers} --json >/dev/null", stresscheck_home)
    target = tmp_path / "export.json"
    done = shell(f"SC export --format json -o {target} >&-", stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(target.read_text("utf-8"))["quizzes"]) == 1


def test_a_file_written_before_the_output_failed_is_named(
    tmp_path: Path, stresscheck_home: Path
) -> None:
    """``setup`` installs the practice, then fails to say so: the practice stays."""
    practice = tmp_path / "practice.yaml"
    practice.write_text("practice:\n  name: Praktijk Voorbeeld\n", encoding="utf-8")
    done = shell(f"SC setup {practice} >/dev/full", stresscheck_home)
    assert done.returncode == 1
    assert EN("app.changed.practice") in done.stderr
    assert shell("SC setup --show", stresscheck_home).stdout.count("Praktijk Voorbeeld") >= 1


# --------------------------------------------------------------------------- standard error


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_closed_stderr_keeps_the_exit_code_of_bad_input(
    stresscheck_home: Path, redirect: str
) -> None:
    done = shell(f"SC validate /nonexistent {redirect}", stresscheck_home)
    assert done.returncode == 2


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_closed_stderr_keeps_the_exit_code_of_a_saved_session(
    tmp_path: Path, stresscheck_home: Path, redirect: str
) -> None:
    _, quick = files(tmp_path)
    done = shell(
        f"SC breathe quick --exercises {quick} --cycles 1 --no-rate {redirect}", stresscheck_home
    )
    assert done.returncode == 0
    assert "Inhale 0.5 s" in done.stdout
    assert len(stored(stresscheck_home)["sessions"]) == 1


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_closed_stderr_keeps_the_exit_code_of_a_runtime_failure(
    tmp_path: Path, stresscheck_home: Path, redirect: str
) -> None:
    stresscheck_home.mkdir()
    (stresscheck_home / "history.sqlite3").write_bytes(b"not a database" * 500)
    done = shell(f"SC history {redirect}", stresscheck_home)
    assert done.returncode == 1


def test_stdout_and_stderr_both_closed(tmp_path: Path, stresscheck_home: Path) -> None:
    answers, _ = files(tmp_path)
    done = shell(f"SC quiz --answers {answers} --json >&- 2>&-", stresscheck_home)
    assert done.returncode == 1
    assert len(stored(stresscheck_home)["quizzes"]) == 1


# --------------------------------------------------------------------------- reader gone


def gone_reader(args: Sequence[str], home: Path) -> subprocess.CompletedProcess[bytes]:
    """Run with standard output a pipe whose reader has already gone: every write fails."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(
            [*command(), *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=cli_env(home),
            timeout=30,
            check=False,
        )
    finally:
        os.close(writer)


@pytest.mark.parametrize(
    "args",
    [
        ["exercises"],
        ["exercises", "--json"],
        ["history"],
        ["history", "--json"],
        ["export", "--format", "csv"],
        ["--help"],
        ["quiz", "--json", "--answers", "{answers}"],
        ["breathe", "quick", "--exercises", "{quick}", "--cycles", "1", "--no-rate"],
    ],
)
def test_a_reader_that_went_away_ends_the_command_quietly(
    tmp_path: Path, stresscheck_home: Path, args: list[str]
) -> None:
    answers, quick = files(tmp_path)
    shell(f"SC quiz --answers {answers} --json >/dev/null", stresscheck_home)
    done = gone_reader([a.format(answers=answers, quick=quick) for a in args], stresscheck_home)
    assert done.returncode == 0
    assert done.stderr == b""


@pytest.mark.parametrize(
    "args",
    [
        "breathe quick --exercises {quick} --cycles 3 --no-rate --no-save",
        "exercises",
        "exercises --json",
        "history --json",
    ],
)
def test_head_reading_ten_bytes_is_not_an_error(
    tmp_path: Path, stresscheck_home: Path, args: str
) -> None:
    answers, quick = files(tmp_path)
    shell(f"SC quiz --answers {answers} --json >/dev/null", stresscheck_home)
    line = "SC " + args.format(quick=quick) + " | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}"
    done = shell(line, stresscheck_home)
    assert done.returncode == 0
    assert done.stderr == ""


def test_the_command_keeps_its_own_code_when_its_reader_leaves(
    tmp_path: Path, stresscheck_home: Path
) -> None:
    """A bad answers file is exit 2 whether or not anyone reads standard output."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("no_such_question: 1\n", encoding="utf-8")
    done = gone_reader(["quiz", "--json", "--answers", str(bad)], stresscheck_home)
    assert done.returncode == 2


# --------------------------------------------------------------------------- the code paths


def test_an_internal_error_says_nothing_changed_only_when_true(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last line of defence tells what the run had already saved."""
    from stresscheck import __main__ as entry
    from stresscheck.errors import note_change

    def after_a_save(args: Sequence[str]) -> int:
        note_change("session")
        raise RuntimeError("boom")

    def before_anything(args: Sequence[str]) -> int:
        raise RuntimeError("boom")

    monkeypatch.delenv("STRESSCHECK_DEBUG", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setattr("stresscheck.cli.run", after_a_save)
    with pytest.raises(SystemExit) as stop:
        entry.main(["history"])
    assert stop.value.code == 1
    said = capsys.readouterr().err
    assert UNEXPECTED in said and EN("app.changed.session") in said
    assert NOTHING_CHANGED not in said

    monkeypatch.setattr("stresscheck.cli.run", before_anything)
    with pytest.raises(SystemExit) as stop:
        entry.main(["history"])
    assert stop.value.code == 1
    said = capsys.readouterr().err
    assert UNEXPECTED in said and NOTHING_CHANGED in said
    assert EN("app.changed.session") not in said  # a new run starts a new list


def test_every_change_a_run_can_note_has_a_message() -> None:
    import re

    source = Path(__file__).resolve().parents[1] / "src" / "stresscheck"
    kinds = {"nothing", "history"}  # "history": the store's default for a transaction
    for path in source.rglob("*.py"):
        kinds |= set(re.findall(r'note_change\(\s*"(\w+)"', path.read_text("utf-8")))
        kinds |= set(re.findall(r'_transaction\(\s*"(\w+)"', path.read_text("utf-8")))
    assert {"quiz", "session", "forget", "file", "practice"} <= kinds
    for kind in kinds:
        for t in (EN, NL):
            assert t.has(f"app.changed.{kind}"), kind
