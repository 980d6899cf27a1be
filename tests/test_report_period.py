"""``report`` and ``export`` with ``--since`` / ``--until``: a client shares only a period.

Days are calendar days in the person's own time zone, both ends included; a
bad day, or ``--since`` after ``--until``, is a usage error (exit 2) and
nothing is written. Report and export filter with the same core function.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import run_cli
from history_factories import at, history, quiz, session
from stresscheck.adapters.storage.store import Store
from stresscheck.core.period import Period, PeriodError, parse_period, per_week, within

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ZONE = "Europe/Amsterdam"

# T0 is Monday 5 Jan 2026, 09:00 UTC. The session at 23:30 UTC on 9 Jan is
# 00:30 on 10 Jan in Amsterdam: it belongs to the 10th there.
FIRST = quiz(0, 30.0, answers={"fatigue_1": 3.0, "chest_pain": 1.0, "duration": 4.0})
MIDDLE = quiz(10, 24.0, answers={"fatigue_1": 2.0, "duration": 3.0})
LAST = quiz(20, 18.0, answers={"fatigue_1": 0.0, "duration": 1.0})
LATE_SESSION = session(4 + 14.5 / 24, before=8, after=5)
EARLY_SESSION = session(1, before=7, after=4)


def store_all(home: Path) -> None:
    with Store.open(home / "history.sqlite3") as store:
        for record in (FIRST, MIDDLE, LAST):
            store.save_quiz(record)
        for one in (LATE_SESSION, EARLY_SESSION):
            store.save_session(one)


def shows(text: str, day: str) -> bool:
    """Whether ``day`` (``5 Jan 2026``) is in ``text`` as a date, not inside ``15 Jan 2026``."""
    return re.search(rf"(?<!\d){re.escape(day)}", text) is not None


# --- the core ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2026-1-5", "20260105", "2026-02-30", "yesterday", "", "5-1-2026"]
)
def test_a_day_must_be_a_real_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text, None)
    assert caught.value.code == "date"
    assert caught.value.fields == {"option": "--since", "value": text}


def test_since_after_until_is_refused_and_one_day_is_fine() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("2026-01-10", "2026-01-09")
    assert caught.value.code == "order"
    assert parse_period("2026-01-09", "2026-01-09") == Period(date(2026, 1, 9), date(2026, 1, 9))
    assert parse_period(None, None) == Period()
    assert not Period().limited


def test_within_keeps_whole_local_days_both_ends_included() -> None:
    records = history(FIRST, MIDDLE, LAST, LATE_SESSION, EARLY_SESSION)
    until_9th = within(records, Period(None, date(2026, 1, 9)), AMSTERDAM)
    assert until_9th.quizzes == (FIRST,)
    assert until_9th.sessions == (EARLY_SESSION,)  # 23:30 UTC on the 9th is the 10th here
    in_utc = within(records, Period(None, date(2026, 1, 9)), UTC)
    assert LATE_SESSION in in_utc.sessions
    middle = within(records, Period(date(2026, 1, 10), date(2026, 1, 15)), AMSTERDAM)
    assert middle.quizzes == (MIDDLE,)  # 15 Jan 09:00 is on the last day: kept
    assert middle.sessions == (LATE_SESSION,)
    assert within(records, Period(), AMSTERDAM) is records
    assert within(records, Period(date(2026, 1, 26), None), AMSTERDAM).quizzes == ()


def test_the_last_day_there_is_has_no_end() -> None:
    assert Period(None, date.max).bounds(UTC) == (None, None)


def test_sessions_per_week() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert per_week(0, None, None) is None
    assert per_week(3, start, start + timedelta(days=2)) == 3.0  # under a week: one week
    assert per_week(28, start, start + timedelta(days=27)) == 7.0
    assert per_week(10, start, start + timedelta(days=69)) == 1.0


# --- the commands --------------------------------------------------------------------------


def test_report_of_a_period_holds_only_its_records(tmp_path: Path) -> None:
    store_all(tmp_path)
    out = tmp_path / "period.md"
    done = run_cli(
        ["report", "-o", out, "--since", "2026-01-10", "--until", "2026-01-15"], tmp_path, TZ=ZONE
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert "Only what happened from 10 Jan 2026 to 15 Jan 2026 is in this report." in text
    assert "- The only self-check: 15 Jan 2026 10:00 · " in text
    assert "| Tiredness | Sometimes |" in text
    assert not shows(text, "5 Jan 2026") and not shows(text, "25 Jan 2026")
    # The red flag of the first self-check lies outside the period: not in this report.
    assert "Red flags:**" not in text and "raised a red flag" not in text
    assert "- Sessions: 1" in text


def test_the_whole_report_compares_first_and_latest(tmp_path: Path) -> None:
    store_all(tmp_path)
    out = tmp_path / "all.md"
    done = run_cli(["report", "-o", out], tmp_path, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert "| Question | First, 5 Jan 2026 | Latest, 25 Jan 2026 |" in text
    assert "| Tiredness | Often | Never |" in text
    assert "| Chest pain or pressure, or very short of breath | Yes | not answered |" in text
    assert "Only what happened" not in text


def test_html_report_of_a_period(tmp_path: Path) -> None:
    store_all(tmp_path)
    out = tmp_path / "period.html"
    done = run_cli(
        ["report", "-o", out, "--since", "2026-01-20", "--lang", "nl"], tmp_path, TZ=ZONE
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert "In dit overzicht staat alleen wat er vanaf 20 jan 2026 gebeurde." in page
    assert "25 jan 2026" in page
    assert not shows(page, "5 jan 2026") and not shows(page, "15 jan 2026")
    assert "<script" not in page


def test_export_json_and_csv_of_a_period(tmp_path: Path) -> None:
    store_all(tmp_path)
    done = run_cli(["export", "--until", "2026-01-09"], tmp_path, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [item["id"] for item in document["quizzes"]] == [FIRST.uid]
    assert [item["id"] for item in document["sessions"]] == [EARLY_SESSION.uid]
    assert document["format_version"] == 1
    done = run_cli(
        ["export", "--format", "csv", "--since", "2026-01-10", "--until", "2026-01-15"],
        tmp_path,
        TZ=ZONE,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {row["id"] for row in rows} == {MIDDLE.uid, LATE_SESSION.uid}


def test_an_exported_period_says_how_much_it_holds(tmp_path: Path) -> None:
    store_all(tmp_path)
    out = tmp_path / "period.json"
    done = run_cli(["export", "-o", out, "--since", "2026-01-20"], tmp_path, TZ=ZONE)
    assert done.returncode == 0, done.stderr
    assert "1 self-check and 0 breathing sessions" in done.stderr
    assert len(json.loads(out.read_text("utf-8"))["quizzes"]) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--since", "2026-02-30"], "--since 2026-02-30: this is not a date"),
        (["--until", "15-01-2026"], "--until 15-01-2026: this is not a date"),
        (["--since", "2026-01-20", "--until", "2026-01-10"], "--since 2026-01-20 is after"),
    ],
)
@pytest.mark.parametrize("command", ["report", "export"])
def test_a_bad_period_is_refused_and_nothing_is_written(
    tmp_path: Path, command: str, args: list[str], said: str
) -> None:
    store_all(tmp_path)
    out = tmp_path / ("out.md" if command == "report" else "out.json")
    done = run_cli([command, "-o", out, *args], tmp_path)
    assert done.returncode == 2
    assert said in done.stderr
    assert "YYYY-MM-DD" in done.stderr or "Swap" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_a_bad_period_in_dutch(tmp_path: Path) -> None:
    done = run_cli(
        ["report", "-o", tmp_path / "x.md", "--since", "gisteren", "--lang", "nl"], tmp_path
    )
    assert done.returncode == 2
    assert "--since gisteren: dit is geen datum. Schrijf de dag als JJJJ-MM-DD" in done.stderr


@pytest.mark.parametrize("command", ["report", "export"])
def test_the_options_are_in_the_help_in_both_languages(tmp_path: Path, command: str) -> None:
    english = run_cli([command, "--help"], tmp_path)
    assert "--since" in english.stdout and "--until" in english.stdout
    assert "on or after this day" in " ".join(english.stdout.split())
    dutch = run_cli([command, "--help", "--lang", "nl"], tmp_path)
    assert "vanaf deze dag" in " ".join(dutch.stdout.split())


def test_a_period_without_records_says_so(tmp_path: Path) -> None:
    store_all(tmp_path)
    out = tmp_path / "empty.md"
    done = run_cli(["report", "-o", out, "--since", "2027-01-01"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Nothing happened in this period" in done.stderr
    assert out.exists()


def test_the_first_quiz_is_read_alone(tmp_path: Path) -> None:
    from stresscheck.adapters.storage.history_read import OverviewStore

    assert OverviewStore.open(tmp_path / "none.sqlite3").first_quiz() is None
    store_all(tmp_path)
    store = OverviewStore.open(tmp_path / "history.sqlite3")
    try:
        found = store.first_quiz()
    finally:
        store.close()
    assert found is not None and found.uid == FIRST.uid
    assert at(0) == found.at
