"""``history``, ``export``, ``import``, ``forget`` and ``report`` run as a person runs them.

Records are saved through the Store in this process and read back by the real
program in a subprocess, with the same private data home. The contract's
shapes (section 2) and exit codes (section 3) are checked literally; a bad
input or a damaged database must never change what is stored.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import cli_env, command, read_only, run_cli
from history_factories import build_overview, quiz, session
from stresscheck.adapters import paths
from stresscheck.adapters.report.formats import REPORT_FORMATS
from stresscheck.adapters.report.summary import REPORT_QUIZZES
from stresscheck.adapters.sources.export import EXPORT_FORMATS
from stresscheck.adapters.storage import migrations
from stresscheck.adapters.storage.history_read import OverviewStore
from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import History
from stresscheck.core.overview import CHART_POINTS, RECENT, assemble

QUIZ_KEYS = {
    "id",
    "at",
    "questionnaire",
    "questionnaire_version",
    "lang",
    "answers",
    "domains",
    "total",
    "red_flags",
    "advice",
}
SESSION_KEYS = {
    "id",
    "at",
    "exercise",
    "planned_seconds",
    "actual_seconds",
    "cycles_planned",
    "cycles_completed",
    "status",
    "completed",
    "tension_before",
    "tension_after",
}


def database(home: Path) -> Path:
    return home / "history.sqlite3"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(home: Path, *records: object) -> History:
    """Store quizzes and sessions as the quiz and breathe commands do; returns them read back."""
    with Store.open(database(home)) as store:
        for record in records:
            if hasattr(record, "answers"):
                store.save_quiz(record)  # type: ignore[arg-type]
            else:
                store.save_session(record)  # type: ignore[arg-type]
        return store.history()


def some_history(home: Path) -> History:
    """Two quizzes and three sessions, saved out of order (the store sorts them)."""
    return save(
        home,
        quiz(day=14, total=18.0),
        session(day=3, before=7, after=4),
        quiz(day=0, total=24.0),
        session(day=1, before=None, after=None),
        session(day=8, completed=False),
    )


# --- history --json -------------------------------------------------------------------------


def test_history_json_is_the_contract_shape_oldest_first(tmp_path: Path) -> None:
    stored = some_history(tmp_path)
    done = run_cli(["history", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"quizzes", "sessions"}
    assert document == stored.to_json()
    quizzes, sessions = document["quizzes"], document["sessions"]
    assert [q["at"] for q in quizzes] == sorted(q["at"] for q in quizzes)
    assert [s["at"] for s in sessions] == sorted(s["at"] for s in sessions)
    for item in quizzes:
        assert set(item) == QUIZ_KEYS
        assert item["at"].endswith("+00:00")
        assert set(item["advice"]) >= {"action", "exercise", "reasons"}
    for item in sessions:
        assert set(item) == SESSION_KEYS
        assert item["status"] in ("completed", "interrupted")
    skipped = next(s for s in sessions if s["tension_before"] is None)
    assert skipped["tension_after"] is None
    assert done.stderr == ""


def test_history_json_of_nothing_creates_nothing(tmp_path: Path) -> None:
    done = run_cli(["history", "--json"], tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"quizzes": [], "sessions": []}
    assert not database(tmp_path).exists()


# --- the view for people --------------------------------------------------------------------


def test_an_empty_history_says_kindly_how_to_start(tmp_path: Path) -> None:
    done = run_cli(["history"], tmp_path)
    assert done.returncode == 0
    assert "stresscheck quiz" in done.stdout
    assert "stresscheck breathe" in done.stdout
    assert not database(tmp_path).exists()


def test_the_view_shows_quizzes_trends_sessions_and_the_insight(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["history"], tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for text in (
        "Your history",
        "2 self-checks and 3 breathing sessions",
        "5 Jan 2026",  # dates in the catalogue's month names
        "Self-checks",
        "24 → 18, going down",
        "Breathing sessions",
        "7 → 4",
        "stopped early",
        "Do the exercises bring lasting relief?",
        "not a diagnosis",
    ):
        assert text in out, text
    assert any(block in out for block in "▁▂▃▄▅▆▇█")  # a sparkline


def test_the_view_names_exercises_without_loading_the_breathing_model(tmp_path: Path) -> None:
    """Titles come from the kept titles of the exercises files (a few ms less), the
    first run keeping them and every later run reading them back."""
    some_history(tmp_path)
    run = (
        "import sys\n"
        "sys.argv = ['stresscheck', 'history']\n"
        "from stresscheck.__main__ import main\n"
        "try:\n    main()\n"
        "finally:\n    print('stresscheck.core.breathing' in sys.modules, file=sys.stderr)\n"
    )
    env = cli_env(tmp_path, STRESSCHECK_CACHE=str(tmp_path / "cache"))
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", run], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "Resonance breathing" in done.stdout
    assert done.stderr.splitlines()[-1] == "False"


def test_the_view_in_dutch(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["history", "--lang", "nl"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Je geschiedenis" in done.stdout
    assert "jan 2026" in done.stdout
    assert "24 → 18, dalend" in done.stdout


def test_plain_view_has_no_tables_or_colours(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["history", "--plain"], tmp_path, TERM="xterm", FORCE_COLOR="1")
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert "Tiredness 9 high" in done.stdout
    assert "Total: 24 → 18, going down" in done.stdout


def test_a_long_history_shows_the_newest_with_a_note(tmp_path: Path) -> None:
    save(tmp_path, *(quiz(day=i, total=20.0 + i % 3) for i in range(RECENT + 5)))
    done = run_cli(["history"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"The last {RECENT} of {RECENT + 5}" in done.stdout
    everything = run_cli(["history", "--all"], tmp_path)
    assert "The last" not in everything.stdout


def test_red_flags_are_never_left_out_of_the_view(tmp_path: Path) -> None:
    save(tmp_path, replace(quiz(day=1, action="urgent"), red_flags=["chest_pain"]))
    done = run_cli(["history"], tmp_path)
    assert "red flag" in done.stdout
    assert "contact someone now" in done.stdout


# --- export and import ------------------------------------------------------------------------


def test_export_json_then_import_elsewhere_round_trips_exactly(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    stored = some_history(first)
    exported = run_cli(["export", "--format", "json"], first)
    assert exported.returncode == 0, exported.stderr
    assert exported.stderr == ""  # stdout carries the data; nothing to say on stderr
    document = json.loads(exported.stdout)
    assert document["format_version"] == 1
    export_file = tmp_path / "backup.json"
    export_file.write_text(exported.stdout, encoding="utf-8")

    imported = run_cli(["import", export_file], second)
    assert imported.returncode == 0, imported.stderr
    assert "added 2 self-checks and 3 breathing sessions" in imported.stdout
    assert Store.open(database(second)).history() == stored
    again = run_cli(["export", "--format", "json"], second)
    assert again.stdout == exported.stdout

    twice = run_cli(["import", export_file], second)
    assert twice.returncode == 0, twice.stderr
    assert "added 0 self-checks and 0 breathing sessions" in twice.stdout
    assert "Already here, so not added again: 2 self-checks and 3 breathing sessions" in (
        twice.stdout
    )
    assert Store.open(database(second)).history() == stored


def test_export_to_a_file_is_private_and_says_where(tmp_path: Path) -> None:
    some_history(tmp_path)
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    done = run_cli(["export", "--format", "json", "-o", target], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert str(target) in done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text("utf-8"))["format_version"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["export.json"]  # no temp files left


def test_export_csv_has_the_header_and_one_row_per_record(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["export", "--format", "csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    header = rows[0]
    assert header[:3] == ["kind", "id", "at"]
    for column in ("questionnaire", "total_score", "advice", "exercise", "tension_before"):
        assert column in header
    assert "score_fatigue" in header
    assert [row[0] for row in rows[1:]].count("quiz") == 2
    assert [row[0] for row in rows[1:]].count("session") == 3


def test_an_unknown_export_format_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(["export", "--format", "xml"], tmp_path)
    assert done.returncode == 2
    assert "csv, json" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_help_offers_exactly_the_registered_formats(tmp_path: Path) -> None:
    export_help = run_cli(["export", "--help"], tmp_path).stdout
    report_help = run_cli(["report", "--help"], tmp_path).stdout
    assert "|".join(EXPORT_FORMATS) in export_help
    assert "|".join(REPORT_FORMATS) in report_help


BAD_EXPORT = """{
  "format_version": 1,
  "quizzes": [],
  "sessions": [
    {"id": "a1", "at": "2026-01-05T09:00:00+00:00", "exercise": "resonance",
     "planned_seconds": 300, "actual_seconds": 300, "cycles_planned": 27,
     "cycles_completed": 27, "status": "completed", "completed": true,
     "tension_before": 42, "tension_after": 3}
  ]
}
"""


def test_importing_a_bad_file_names_the_place_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_EXPORT, encoding="utf-8")
    done = run_cli(["import", bad], tmp_path)
    assert done.returncode == 2
    assert f"{bad}:" in done.stderr
    assert "sessions[0].tension_before" in done.stderr
    assert "Traceback" not in done.stderr
    assert not database(tmp_path).exists()


def test_a_bad_import_leaves_an_existing_history_alone(tmp_path: Path) -> None:
    some_history(tmp_path)
    before = Store.open(database(tmp_path)).history()
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_EXPORT.replace('"quizzes": []', '"quizzes": [{"id": "x"}]'), "utf-8")
    done = run_cli(["import", bad], tmp_path)
    assert done.returncode == 2
    assert Store.open(database(tmp_path)).history() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("not json at all", "not valid JSON"),
        ('{"quizzes": [], "sessions": []}', "not a stresscheck export"),
    ],
)
def test_other_bad_import_files(tmp_path: Path, content: str | None, expected: str) -> None:
    target = tmp_path / "import.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    done = run_cli(["import", target], tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert not database(tmp_path).exists()


# --- forget -----------------------------------------------------------------------------------


def test_forget_yes_deletes_the_database_and_says_what(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["forget", "--yes"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 self-checks and 3 breathing sessions" in done.stdout
    assert not any(p.name.startswith("history.sqlite3") for p in tmp_path.iterdir())
    assert run_cli(["history", "--json"], tmp_path).stdout.startswith('{\n  "quizzes": []')


def test_forget_keeps_the_practice_and_says_how_to_remove_it(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "practice.yaml"
    if not examples.exists():
        pytest.skip("no example practice file")
    assert run_cli(["setup", examples], tmp_path).returncode == 0
    some_history(tmp_path)
    done = run_cli(["forget", "--yes", "--lang", "en"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "setup --reset" in done.stdout
    assert (tmp_path / "practice").is_dir()


def test_forget_with_nothing_stored(tmp_path: Path) -> None:
    done = run_cli(["forget", "--yes"], tmp_path)
    assert done.returncode == 0
    assert "nothing was deleted" in done.stdout


def test_forget_without_yes_and_without_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    some_history(tmp_path)
    before = digest(database(tmp_path))
    done = run_cli(["forget"], tmp_path)
    assert done.returncode == 2
    assert "--yes" in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(database(tmp_path)) == before


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")
@pytest.mark.parametrize(
    ("answer", "deleted", "code"),
    [("n", False, 0), ("", False, 0), ("y", True, 0), ("Ctrl-C", False, 130)],
)
def test_forget_asks_in_a_terminal(tmp_path: Path, answer: str, deleted: bool, code: int) -> None:
    """Only yes deletes; Ctrl-C at the question keeps everything and is an interruption."""
    import pexpect

    some_history(tmp_path)
    program, *rest = command()
    child = pexpect.spawn(
        program,
        [*rest, "forget"],
        env=cli_env(tmp_path, TERM="xterm"),
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
    )
    child.expect_exact("Delete all stored data? [y/N]")
    if answer == "Ctrl-C":
        child.sendintr()
    else:
        child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    assert database(tmp_path).exists() is not deleted
    assert ("Nothing was deleted" in (child.before or "")) is not deleted


# --- a damaged database -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--json"],
        ["export", "--format", "csv"],
        ["report", "--format", "html", "-o", "REPORT"],
    ],
)
def test_a_corrupt_database_is_named_and_left_byte_for_byte(
    tmp_path: Path, args: list[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    damaged = database(home)
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    before = digest(damaged)
    report = tmp_path / "report.html"
    done = run_cli([str(report) if a == "REPORT" else a for a in args], home)
    assert done.returncode == 1, done.stderr
    assert str(damaged) in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(damaged) == before
    assert sorted(p.name for p in home.iterdir()) == ["history.sqlite3"]
    assert not report.exists()


def test_an_old_database_with_a_damaged_old_row_is_named_like_export_does(
    tmp_path: Path,
) -> None:
    """A database of the schema before the overview columns, one old quiz damaged:
    the view (which migrates it) names the row exactly as export does."""
    paths.private_dir(tmp_path)
    with contextlib.closing(sqlite3.connect(database(tmp_path), isolation_level=None)) as db:
        migrations.migrate(db, upto=2)
        for day in range(RECENT + 3):
            item = quiz(day=day).to_json()
            db.execute(
                "INSERT INTO quizzes (uid, at, questionnaire_id, questionnaire_version, lang,"
                " answers, domains, total, red_flags, advice) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    *(item[k] for k in ("id", "at", "questionnaire", "questionnaire_version")),
                    item["lang"],
                    *(json.dumps(item[k]) for k in ("answers", "domains", "total", "red_flags")),
                    json.dumps(item["advice"]),
                ),
            )
        db.execute('UPDATE quizzes SET total = \'{"score": "lots", "level": null}\' WHERE id = 2')
    database(tmp_path).chmod(0o600)  # as stresscheck writes it (else the first run tightens it)
    exported = run_cli(["export"], tmp_path)
    shown = run_cli(["history"], tmp_path)
    assert exported.returncode == shown.returncode == 1
    assert "quizzes[2].total.score" in shown.stderr
    assert shown.stderr == exported.stderr
    with contextlib.closing(sqlite3.connect(database(tmp_path))) as db:
        assert migrations.applied(db) == migrations.names()


def test_the_brief_read_gives_the_same_overview(tmp_path: Path) -> None:
    records = [quiz(day=i * 2, total=30.0 - i / 2) for i in range(RECENT + 10)]
    records.append(quiz(day=70, total=None))  # compared by domain scores
    records += [session(day=i + 0.5, before=6, after=3 + i % 2) for i in range(40)]
    full = save(tmp_path, *records)
    for recent, chart_points in ((RECENT, 0), (REPORT_QUIZZES, CHART_POINTS), (3, 4)):
        store = OverviewStore.open(database(tmp_path))
        brief = assemble(store.overview_parts(recent=recent, chart_points=chart_points))
        store.close()
        assert brief == build_overview(full, recent=recent, chart_points=chart_points)
    assert (
        brief.insight.score_kind == "percent" and brief.chart is not None and brief.chart.averaged
    )


# --- report -------------------------------------------------------------------------------------


def test_report_html_is_written_privately_and_announced(tmp_path: Path) -> None:
    some_history(tmp_path)
    target = tmp_path / "report.html"
    done = run_cli(["report", "--format", "html", "-o", target], tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stderr
    assert done.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_report_format_follows_the_file_name(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["report", "-o", tmp_path / "summary.md"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "summary.md").read_text("utf-8").startswith("# ")
    unclear = run_cli(["report", "-o", tmp_path / "summary.txt"], tmp_path)
    assert unclear.returncode == 2
    assert "--format" in unclear.stderr


def test_report_markdown_to_standard_output(tmp_path: Path) -> None:
    some_history(tmp_path)
    done = run_cli(["report", "--format", "md", "-o", "-"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Stress and tension: a summary")


def test_report_needs_an_output(tmp_path: Path) -> None:
    done = run_cli(["report", "--format", "md"], tmp_path)
    assert done.returncode == 2
    assert "--output" in done.stderr


def test_an_unknown_report_format_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(["report", "--format", "pdf", "-o", tmp_path / "r.pdf"], tmp_path)
    assert done.returncode == 2
    assert "md, html" in done.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_a_report_of_nothing_still_opens_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = run_cli(["report", "-o", target], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "stresscheck quiz" in done.stderr
    assert "No self-check yet" in target.read_text("utf-8")
    assert not database(tmp_path).exists()


# --- where output goes ------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["export", "report"])
def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path, verb: str) -> None:
    target = tmp_path / "no" / "such" / "file.html"
    args = [verb, "-o", target] + (["--format", "json"] if verb == "export" else [])
    done = run_cli(args, tmp_path)
    assert done.returncode == 2
    assert str(tmp_path / "no" / "such") in done.stderr
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("verb", ["export", "report"])
def test_output_into_a_read_only_folder_fails_clearly(tmp_path: Path, verb: str) -> None:
    some_history(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    args = [verb, "-o", folder / "file.html"] + (["--format", "json"] if verb == "export" else [])
    with read_only(folder):
        done = run_cli(args, tmp_path)
    assert done.returncode == 1
    assert str(folder) in done.stderr
    assert "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []


def test_output_onto_a_folder_or_the_database_itself_is_refused(tmp_path: Path) -> None:
    some_history(tmp_path)
    before = digest(database(tmp_path))
    onto_folder = run_cli(["export", "-o", tmp_path], tmp_path)
    assert onto_folder.returncode == 2
    assert "is a folder" in onto_folder.stderr
    onto_database = run_cli(["export", "-o", database(tmp_path)], tmp_path)
    assert onto_database.returncode == 2
    assert digest(database(tmp_path)) == before


@pytest.mark.parametrize("args", [["export", "--format", "csv"], ["history", "--all"]])
def test_a_closed_pipe_is_not_an_error(tmp_path: Path, args: list[str]) -> None:
    save(tmp_path, *(session(day=i) for i in range(2000)))
    process = subprocess.Popen(
        [*command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(tmp_path),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=20) == 0
    assert error == ""


@pytest.mark.parametrize("columns", ["40", "80"])
def test_a_narrow_window_shows_whole_words_not_cut_off_tables(
    stresscheck_home: Path, columns: str
) -> None:
    with Store.open() as store:
        for day in range(3):
            store.save_quiz(quiz(day=day))
        store.save_session(session(day=2))
    done = run_cli(["history"], stresscheck_home, COLUMNS=columns)
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    assert all(len(line) <= int(columns) for line in done.stdout.splitlines())
