"""Small hostile inputs (issue 11, class 6): each a clear exit 2, nothing stored."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpers import cli_env, command, run_cli


@pytest.mark.parametrize("stdin", ["", "{}", "# nothing here\n", '{"fatigue_1": null}'])
def test_no_answers_at_all_is_refused_and_nothing_is_stored(stresscheck_home, stdin) -> None:
    done = run_cli(["quiz", "--answers", "-"], stresscheck_home, stdin=stdin)
    assert done.returncode == 2, done.stdout
    assert "no answers" in done.stderr
    assert not (stresscheck_home / "history.sqlite3").exists()
    history = json.loads(run_cli(["history", "--json"], stresscheck_home).stdout)
    assert history["quizzes"] == []


def test_closed_stdin_is_a_clear_input_error(stresscheck_home) -> None:
    done = subprocess.run(
        [*command(), "quiz", "--answers", "-", "--no-save"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=cli_env(stresscheck_home),
        check=False,
        # Close fd 0 in the child, as a shell's '<&-' does.
        preexec_fn=lambda: __import__("os").close(0),
    )
    assert done.returncode == 2
    assert b"Standard input is closed" in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_says_which_encoding_is_expected(tmp_path, stresscheck_home, encoding) -> None:
    path = tmp_path / "answers.yaml"
    text = "fatigue_1: 3\n"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + text.encode(encoding))
    done = run_cli(["quiz", "--answers", path, "--no-save"], stresscheck_home)
    assert done.returncode == 2
    assert "UTF-16" in done.stderr and "UTF-8" in done.stderr
