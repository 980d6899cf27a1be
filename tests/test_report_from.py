"""``report --from``: a therapist's report from clients' exports (contract section 8).

One export gives that client's own report; several give an overview row per
client and a section per client. The store of whoever runs it is never
created, opened or changed; a bad export is exit 2, names the file and the
place in it, and leaves no report behind. Labels and file names are outside
text: harmless in Markdown, in HTML and on the terminal.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import run_cli, shipped
from history_factories import at, default_domains, history, quiz, session
from stresscheck.adapters.report.markdown import md
from stresscheck.adapters.sources.export import export_json
from stresscheck.core.history import DomainScoreDict, History, QuizRecord
from stresscheck.core.labels import Labels
from stresscheck.core.overview import assemble, overview_parts
from stresscheck.core.period import per_week
from stresscheck.i18n import Translator
from test_dutch_everywhere import english_in

EN, NL = Translator("en"), Translator("nl")
ZONE = "Europe/Amsterdam"


def scored(share: float, *, flags: tuple[str, ...] = (), **extra: object) -> dict[str, object]:
    """The default questionnaire's four areas at ``share`` of their maxima."""
    return {"domains": default_domains(share), "red_flags": list(flags), **extra}


def a_quiz(day: float, share: float, *, places: tuple[str, ...] | None = None) -> QuizRecord:
    answers: dict[str, object] = {"fatigue_1": 3.0, "duration": 4.0}
    if places is not None:
        answers["locations"] = places
    record = quiz(day, total=60 * share, answers=answers)  # type: ignore[arg-type]
    domains: dict[str, DomainScoreDict] = default_domains(share)
    return replace(record, domains=domains)


def anna() -> History:
    """Three weeks: scores going down, one red flag, the body map answered last."""
    first = replace(a_quiz(0, 0.7), red_flags=["chest_pain"], questionnaire_version=2)
    middle = replace(a_quiz(7, 0.5), questionnaire_version=2)
    last = a_quiz(14, 0.3, places=("neck", "shoulders"))
    last = replace(
        last,
        questionnaire_version=2,
        advice={"action": "physiotherapy", "exercise": None, "reasons": ["Because."]},
    )
    return history(first, middle, last, *(session(day) for day in (1, 3, 8, 12)))


def bram() -> History:
    """One self-check, no sessions, no body map answer."""
    return history(a_quiz(2, 0.5))


def write(folder: Path, name: str, records: History) -> Path:
    path = folder / name
    path.write_text(export_json(records), encoding="utf-8")
    return path


def table_row(text: str, label: str) -> list[str]:
    """The cells of the Markdown overview row that starts with ``label``."""
    for line in text.splitlines():
        if line.startswith(f"| {label} |"):
            return [cell.strip() for cell in line.strip("|").split(" | ")]
    raise AssertionError(f"no row for {label!r} in:\n{text[:3000]}")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a hash of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        )
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def runner(tmp_path: Path) -> Path:
    """The therapist's own STRESSCHECK_HOME: not there, and it must stay so."""
    return tmp_path / "therapist-home"


# --- one export -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_one_export_is_that_clients_own_report(tmp_path: Path, runner: Path, fmt: str) -> None:
    """The same report as the client would make from their store (same day, same zone)."""
    export = write(tmp_path, "anna.json", anna())
    client_home = tmp_path / "anna-home"
    assert run_cli(["import", export], client_home).returncode == 0
    own = tmp_path / f"own.{fmt}"
    done = run_cli(["report", "-o", own], client_home, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    ours = tmp_path / f"from.{fmt}"
    done = run_cli(["report", "--from", export, "-o", ours], runner, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    assert ours.read_text("utf-8") == own.read_text("utf-8")
    assert "Stress and tension: a summary" in ours.read_text("utf-8")
    assert str(ours) in done.stderr
    assert not runner.exists()


# --- several exports ------------------------------------------------------------------------


def test_the_overview_row_of_each_client(tmp_path: Path, runner: Path) -> None:
    records = anna()
    files = [write(tmp_path, "anna.json", records), write(tmp_path, "bram.json", bram())]
    out = tmp_path / "clients.md"
    done = run_cli(
        ["report", "--from", files[0], "--from", files[1], "--label", "Anna", "-o", out],
        runner,
        TZ=ZONE,
    )
    assert done.returncode == 0, done.stderr
    assert "A report on 2 clients written to" in done.stderr
    text = out.read_text("utf-8")
    labels = Labels(EN, "en")
    questionnaire = shipped()[0]
    overview = assemble(overview_parts(records, recent=100), questionnaire.insight)
    rate = per_week(4, labels.local(at(1)), labels.local(at(12)))
    assert rate is not None
    row = table_row(text, "Anna")
    assert row == [
        "Anna",
        "3",
        "4",
        labels.date(at(0)),
        labels.date(at(14)),
        "physiotherapy",
        "Tiredness: going down (fewer complaints); "
        "Tension and pain: going down (fewer complaints); "
        "Restlessness: going down (fewer complaints); "
        "Breathing: going down (fewer complaints)",
        labels.number(rate),
        EN(f"report.verdict.{overview.insight.verdict}"),
        "yes, in 1 self-check",
        "Neck; Shoulders",
    ]
    # Without a --label, the file's name; a single check has no trend yet, and no map.
    row = table_row(text, "bram.json")
    assert row[1:4] == ["1", "0", labels.date(at(2))]
    assert "too few self-checks" in row[6]
    assert row[7] == "–" and row[9] == "no" and row[10] == "not asked or not answered"
    # Then a section per client: the client's own report, its headings one level down.
    assert text.index("## Anna\n") < text.index("## bram.json\n")
    section = text[text.index("## Anna\n") : text.index("## bram.json\n")]
    assert "### Latest self-check" in section and "\n## Latest self-check" not in section
    assert "### Breathing practice" in section and "- Sessions: 4" in section
    assert f"From the export: {md(str(files[0]))}" in section
    assert "**Where tension or pain sits (body map)**" in section
    assert text.count("# Your clients: self-checks and breathing practice") == 1
    assert "Stress and tension: a summary" not in text  # one title: the therapist's
    assert not runner.exists()


def test_html_overview_and_sections(tmp_path: Path, runner: Path) -> None:
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    out = tmp_path / "clients.html"
    done = run_cli(["report", "--from", files[0], "--from", files[1], "-o", out], runner, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert '<th scope="row"><a href="#client-1">anna.json</a></th>' in page
    assert '<article class="client" id="client-2">\n<h2>bram.json</h2>' in page
    assert "<h3>Latest self-check</h3>" in page and "<h2>Latest self-check</h2>" not in page
    assert "<td>Neck; Shoulders</td>" in page
    assert "Tiredness: going down (fewer complaints)<br>Tension and pain" in page
    # Each chart's title has its own id in the page.
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page.count("<h1>") == 1 and page.count("<footer>") == 1


def test_many_exports_keep_their_order_and_labels(tmp_path: Path, runner: Path) -> None:
    """Enough exports to be read by several workers: rows and sections stay in order,
    labels given for the first ones, file names for the rest."""
    files = [write(tmp_path, f"c{index}.json", anna()) for index in range(6)]
    out = tmp_path / "six.md"
    args: list[object] = ["report", "--format", "md", "-o", out]
    for file in files:
        args += ["--from", file]
    args += ["--label", "Zoe", "--label", "Adam"]
    done = run_cli(args, runner)
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    names = ["Zoe", "Adam", "c2.json", "c3.json", "c4.json", "c5.json"]
    rows = [text.index(f"| {name} |") for name in names]
    sections = [text.index(f"\n## {name}\n") for name in names]
    assert rows == sorted(rows) and sections == sorted(sections)
    assert max(rows) < min(sections)
    assert not runner.exists()


def test_dutch(tmp_path: Path, runner: Path) -> None:
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    for fmt in ("md", "html"):
        out = tmp_path / f"nl.{fmt}"
        done = run_cli(
            ["report", "--lang", "nl", "--from", files[0], "--from", files[1], "-o", out],
            runner,
        )
        assert done.returncode == 0, done.stderr
        text = out.read_text("utf-8")
        assert "Je cliënten: zelfchecks en ademoefeningen" in text
        assert "dalend (minder klachten)" in text and "Nek; Schouders" in text
        assert "ja, bij 1 zelfcheck" in text
        assert english_in(text) == [], english_in(text)
        assert english_in(done.stderr) == [] and "overzicht van 2 cliënten" in done.stderr


def test_a_period_applies_to_every_client(tmp_path: Path, runner: Path) -> None:
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    out = tmp_path / "period.md"
    done = run_cli(
        ["report", "--from", files[0], "--from", files[1], "--since", "2026-01-12", "-o", out],
        runner,
        TZ=ZONE,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert table_row(text, "anna.json")[1:3] == ["2", "2"]
    assert table_row(text, "bram.json")[1:3] == ["0", "0"]
    assert "Only what happened from 12 Jan 2026 on is in this report." in text


# --- the runner's own store ------------------------------------------------------------------


def test_the_runners_own_history_stays_byte_for_byte(tmp_path: Path, runner: Path) -> None:
    own = write(tmp_path, "own.json", bram())
    assert run_cli(["import", own], runner).returncode == 0
    assert (runner / "history.sqlite3").exists()
    before = snapshot(runner)
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    for args in (["--from", files[0]], ["--from", files[0], "--from", files[1]]):
        done = run_cli(["report", *args, "-o", tmp_path / "out.html"], runner)
        assert done.returncode == 0, done.stderr
        assert snapshot(runner) == before
    # A bad export does not touch it either.
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run_cli(["report", "--from", bad, "-o", tmp_path / "x.md"], runner).returncode == 2
    assert snapshot(runner) == before


# --- bad input -------------------------------------------------------------------------------


def bad_record(tmp_path: Path) -> Path:
    """An export whose second quiz of three has a score that is no number."""
    data = json.loads(export_json(anna()))
    data["quizzes"][1]["domains"]["fatigue"]["score"] = "lots"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("not json", r"broken\.json:1"),
        ("version", r"broken\.json:\d+.*format_version"),
        ("record", r"broken\.json:\d+.*quizzes\[1\]\.domains"),
    ],
)
@pytest.mark.parametrize("count", [1, 3, 6])
def test_a_bad_export_is_exit_2_and_writes_nothing(
    tmp_path: Path, runner: Path, kind: str, said: str, count: int
) -> None:
    if kind == "record":
        broken = bad_record(tmp_path)
    else:
        broken = tmp_path / "broken.json"
        text = "not json at all" if kind == "not json" else export_json(bram())
        broken.write_text(text.replace('"format_version": 1', '"format_version": "one"'))
    good = [write(tmp_path, f"good{index}.json", anna()) for index in range(count - 1)]
    files = [*good[: count // 2], broken, *good[count // 2 :]]
    out = tmp_path / "report.md"
    args: list[object] = ["report", "-o", out]
    for file in files:
        args += ["--from", file]
    done = run_cli(args, runner)
    assert done.returncode == 2, done.stderr
    assert re.search(said, done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert not runner.exists()


def test_a_missing_export_is_named(tmp_path: Path, runner: Path) -> None:
    out = tmp_path / "report.md"
    done = run_cli(["report", "--from", tmp_path / "nowhere.json", "-o", out], runner)
    assert done.returncode == 2 and "nowhere.json" in done.stderr
    assert not out.exists()


def test_more_labels_than_exports(tmp_path: Path, runner: Path) -> None:
    file = write(tmp_path, "anna.json", anna())
    out = tmp_path / "report.md"
    done = run_cli(["report", "--from", file, "--label", "A", "--label", "B", "-o", out], runner)
    assert done.returncode == 2
    assert "There are 2 names (--label) for 1 exports (--from)." in done.stderr
    assert not out.exists()


def test_a_label_needs_an_export(tmp_path: Path, runner: Path) -> None:
    done = run_cli(["report", "--label", "A", "-o", tmp_path / "r.md"], runner)
    assert done.returncode == 2 and "--from" in done.stderr
    assert not runner.exists()


def test_the_report_never_writes_over_an_export(tmp_path: Path, runner: Path) -> None:
    file = write(tmp_path, "anna.md", anna())
    before = file.read_bytes()
    done = run_cli(["report", "--from", file, "--format", "md", "-o", file], runner)
    assert done.returncode == 2 and "write over it" in done.stderr
    assert file.read_bytes() == before


# --- outside text ------------------------------------------------------------------------------

HOSTILE = "\x1b]0;owned\x07\x1b[31mEvil <script>alert(1)</script> *x* | #1"


def test_hostile_labels_are_harmless(tmp_path: Path, runner: Path) -> None:
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    for fmt in ("md", "html"):
        out = tmp_path / f"hostile.{fmt}"
        args: list[object] = ["report", "--from", files[0], "--from", files[1], "-o", out]
        done = run_cli([*args, "--label", HOSTILE], runner)
        assert done.returncode == 0, done.stderr
        text = out.read_text("utf-8")
        assert "\x1b" not in text and "\x07" not in text
        assert "<script>" not in text
        if fmt == "html":
            assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; *x* | #1" in text
        else:
            assert "| Evil \\<script\\>alert(1)\\</script\\> \\*x\\* \\| \\#1 |" in text
            assert "\n## Evil \\<script\\>" in text


def test_hostile_file_names_are_harmless(tmp_path: Path, runner: Path) -> None:
    name = "\x1b[2J<img src=x onerror=alert(1)>.json"
    files = [write(tmp_path, name, anna()), write(tmp_path, "bram.json", bram())]
    for fmt in ("md", "html"):
        out = tmp_path / f"names.{fmt}"
        done = run_cli(["report", "--from", files[0], "--from", files[1], "-o", out], runner)
        assert done.returncode == 0, done.stderr
        text = out.read_text("utf-8")
        assert "\x1b" not in text
        assert not re.search(r"(?<!\\)<img", text)  # only as escaped text
        escaped = "&lt;img src=x onerror=alert(1)&gt;.json" if fmt == "html" else "\\<img src"
        assert escaped in text
    # On the terminal: a bad export with such a name is named without its escapes.
    bad = tmp_path / "\x1b[2Jbad\x1b]0;t\x07.json"
    bad.write_text("{", encoding="utf-8")
    done = run_cli(["report", "--from", bad, "--from", files[1], "-o", tmp_path / "r.md"], runner)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "bad" in done.stderr


def test_a_label_of_only_control_characters_names_the_file(tmp_path: Path, runner: Path) -> None:
    files = [write(tmp_path, "anna.json", anna()), write(tmp_path, "bram.json", bram())]
    out = tmp_path / "r.md"
    args: list[object] = ["report", "--from", files[0], "--from", files[1], "-o", out]
    done = run_cli([*args, "--label", "Anna", "--label", "\x1b[0m\x07 "], runner)
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert table_row(text, "Anna") and table_row(text, "bram.json")
