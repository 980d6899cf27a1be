"""``stresscheck plan``: a practice plan as an iCalendar file (contract section 9).

Every written file is read back with icalendar, as a calendar program would:
one daily event with a recurrence rule at the chosen local time (TZID and its
VTIMEZONE), one event W weeks out for the self-check, texts in the run's
language, the practice named. "Now" is fixed in-process through the clock
adapter; subprocess runs check what a person sees (exit codes, messages).
"""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from helpers import read_only, run_cli
from stresscheck.__main__ import main
from stresscheck.adapters import clock
from stresscheck.context import packaged_data
from stresscheck.core.breathing import Exercise
from stresscheck.core.plan import (
    MAX_WEEKS,
    PlanChoice,
    PlanValueError,
    choose,
    first_start,
    make_plan,
    parse_time,
)
from stresscheck.core.practice import PlanDefaults, Practice
from stresscheck.i18n import Translator

ZONE = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(ZONE)
# A Friday morning before the clocks go forward (29 March 2026): the plan crosses it.
NOW = datetime(2026, 3, 20, 7, 15, tzinfo=AMSTERDAM)
EN, NL = Translator("en"), Translator("nl")
PRACTICE_NAME = "Praktijk De Adem"

# Self-check answers (default questionnaire) and the advice they get.
MILD = {
    "fatigue_1": 2,
    "fatigue_2": 2,
    "fatigue_3": 1,
    "tension_1": 1,
    "tension_2": 1,
    "tension_3": 1,
    "tension_4": 3,
    "restlessness_1": 1,
    "restlessness_2": 1,
    "restlessness_3": 1,
    "restlessness_4": 1,
    "breathing_1": 0,
    "breathing_2": 0,
    "breathing_3": 0,
    "breathing_4": 0,
    "duration": 1,
    "relaxation_effect": 0,
    "spreading": 0,
    "load": 1,
    "chest_pain": 0,
    "fainting": 0,
    "self_harm": 0,
}
BREATHE_RESONANCE = MILD
BREATHE_EXTENDED = {**MILD, "breathing_1": 3, "breathing_2": 2, "breathing_3": 2}
PHYSIOTHERAPY = {
    "tension_1": 4,
    "tension_2": 4,
    "tension_3": 4,
    "tension_4": 0,
    "duration": 4,
    "relaxation_effect": 2,
}
URGENT = {**PHYSIOTHERAPY, "chest_pain": 1}


def answers_text(answers: dict[str, int]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in answers.items())


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The machine is in Amsterdam, and it is NOW."""
    monkeypatch.setattr(clock, "local_zone", lambda environ=None: ZONE)
    monkeypatch.setattr(clock, "local_now", lambda zone: NOW.astimezone(ZoneInfo(zone)))
    return NOW


def run_here(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the program in this process (so the frozen clock applies): (code, out, err)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main([*args])
    done = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), done.out, done.err


def read_calendar(path: Path) -> Calendar:
    raw = path.read_bytes()
    return Calendar.from_ical(raw)


def events(calendar: Calendar) -> tuple[Event, Event]:
    """(daily, recheck): the one with a recurrence rule first."""
    found = list(calendar.walk("VEVENT"))
    assert len(found) == 2
    daily = [event for event in found if "RRULE" in event]
    once = [event for event in found if "RRULE" not in event]
    assert len(daily) == 1 and len(once) == 1
    return daily[0], once[0]


def plan_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[Calendar, str]:
    target = tmp_path / "plan.ics"
    code, _, err = run_here(["plan", *args, "-o", str(target)], capsys)
    assert code == 0, err
    return read_calendar(target), err


def install(home: Path, tmp_path: Path, extra: str = "") -> None:
    practice = tmp_path / "praktijk.yaml"
    practice.write_text(
        "practice:\n"
        f"  name: {PRACTICE_NAME}\n"
        "  website: https://praktijk.example\n"
        '  phone: "+31 20 000 0000"\n' + extra,
        encoding="utf-8",
    )
    done = run_cli(["setup", practice], home)
    assert done.returncode == 0, done.stderr


def resonance() -> Exercise:
    from stresscheck.adapters.sources.files import load_exercises

    return next(e for e in load_exercises(packaged_data("exercises.yaml")) if e.id == "resonance")


# --------------------------------------------------------------------------- the core


@pytest.mark.parametrize(("text", "expected"), [("08:00", time(8)), ("7:30", time(7, 30))])
def test_times_are_read_as_hh_mm(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8", "8.30", "08:60", "abc", "", "-1:00", "08:00:00"])
def test_other_times_are_refused(text: str) -> None:
    with pytest.raises(PlanValueError) as error:
        parse_time(text)
    assert error.value.key == "plan.error.bad_time"


def test_the_first_practice_is_today_while_the_time_is_still_ahead() -> None:
    assert first_start(NOW, time(7, 16)) == datetime(2026, 3, 20, 7, 16, tzinfo=AMSTERDAM)
    assert first_start(NOW, time(7, 15)) == datetime(2026, 3, 21, 7, 15, tzinfo=AMSTERDAM)
    assert first_start(NOW, time(6, 0)) == datetime(2026, 3, 21, 6, 0, tzinfo=AMSTERDAM)


def test_choose_weighs_command_line_advice_practice_and_defaults() -> None:
    practice = PlanDefaults(exercise="box", at="19:30", weeks=6)
    base: dict[str, Any] = {"exercise": None, "at": None, "weeks": None, "recheck_weeks": None}
    built_in = choose(**base, defaults=None, advised=None, default_exercise="resonance")
    assert built_in == PlanChoice("resonance", time(8), 4, 4)
    from_practice = choose(**base, defaults=practice, advised=None, default_exercise="resonance")
    assert from_practice == PlanChoice("box", time(19, 30), 6, 6)
    advised = choose(**base, defaults=practice, advised="extended_exhale", default_exercise="x")
    assert advised.exercise == "extended_exhale"  # the latest advice comes before the practice's
    given = {**base, "exercise": "four_seven_eight", "at": "6:05", "weeks": 2, "recheck_weeks": 9}
    chosen = choose(**given, defaults=practice, advised="extended_exhale", default_exercise="x")
    assert chosen == PlanChoice("four_seven_eight", time(6, 5), 2, 9)


@pytest.mark.parametrize("weeks", [0, -1, MAX_WEEKS + 1, 10**9])
def test_choose_refuses_weeks_out_of_range(weeks: int) -> None:
    for key in ("weeks", "recheck_weeks"):
        given: dict[str, Any] = {"exercise": None, "at": None, "weeks": None, "recheck_weeks": None}
        given[key] = weeks
        with pytest.raises(PlanValueError) as error:
            choose(**given, defaults=None, advised=None, default_exercise="resonance")
        assert error.value.key == "plan.error.bad_weeks"
        assert error.value.fields["option"] == "--" + key.replace("_", "-")


def test_make_plan_counts_days_and_keeps_the_local_time_across_summer_time() -> None:
    plan = make_plan(
        resonance(), PlanChoice("resonance", time(8), 3, 5), now=NOW, zone=ZONE, lang="en"
    )
    assert plan.count == 21
    assert plan.first == datetime(2026, 3, 20, 8, 0, tzinfo=AMSTERDAM)
    assert plan.last == date(2026, 4, 9)
    assert plan.recheck == datetime(2026, 4, 24, 8, 0, tzinfo=AMSTERDAM)
    assert plan.recheck.utcoffset() == timedelta(hours=2)  # summer time by then
    assert plan.first.utcoffset() == timedelta(hours=1)
    # resonance: 5 minutes of 11 s cycles, rounded up to whole cycles (28 x 11 s).
    assert plan.seconds == 308
    assert plan.minutes == 5


def test_the_same_plan_has_the_same_uids() -> None:
    def uids(now: datetime) -> list[str]:
        choice = PlanChoice("resonance", time(8), 4, 4)
        plan = make_plan(resonance(), choice, now=now, zone=ZONE, lang="en")
        return [event.uid for event in plan.events]

    assert uids(NOW) == uids(NOW + timedelta(minutes=20))
    assert len(set(uids(NOW))) == 2
    assert uids(NOW) != uids(NOW + timedelta(days=1))


def test_every_text_of_a_plan_is_in_both_catalogues() -> None:
    from stresscheck.i18n import catalogue

    practice = Practice(name="P", website="w", phone="p", email="e")
    for weeks in (1, 2):
        choice = PlanChoice("resonance", time(8), weeks, weeks)
        plan = make_plan(resonance(), choice, now=NOW, zone=ZONE, lang="en", practice=practice)
        for event in plan.events:
            for message in (event.summary, *event.description):
                for lang in ("en", "nl"):
                    assert message.key in catalogue(lang), message.key
                    assert "{" not in Translator(lang)(message.key, **message.fields)


# --------------------------------------------------------------------------- the clock


def test_the_zone_comes_from_tz_when_it_names_one() -> None:
    assert clock.local_zone({"TZ": "Europe/Amsterdam"}) == "Europe/Amsterdam"
    assert clock.local_zone({"TZ": ":America/New_York"}) == "America/New_York"
    assert clock.local_zone({"TZ": "/usr/share/zoneinfo/Asia/Tokyo"}) == "Asia/Tokyo"


@pytest.mark.parametrize("value", ["", "Nowhere/Atlantis", "../../etc/passwd", "/etc/passwd"])
def test_an_unknown_tz_falls_back_to_the_system_or_utc(value: str) -> None:
    found = clock.local_zone({"TZ": value})
    assert found == clock.local_zone({})
    ZoneInfo(found)  # always a zone calendar programs can be told about


def test_without_any_clue_the_zone_is_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "_LOCALTIME", "/nonexistent/localtime")
    assert clock.local_zone({}) == "UTC"


def test_local_now_is_in_that_zone() -> None:
    assert clock.local_now(ZONE).tzinfo == AMSTERDAM


# --------------------------------------------------------------------------- the file


def test_the_file_has_a_daily_rule_at_local_time_with_its_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime
) -> None:
    calendar, err = plan_here(tmp_path, capsys, "--at", "08:00", "--weeks", "3", "--lang", "en")
    assert calendar["VERSION"] == "2.0" and "stresscheck" in str(calendar["PRODID"])
    daily, recheck = events(calendar)
    rule = daily["RRULE"]
    assert rule["FREQ"] == ["DAILY"]
    assert rule["COUNT"] == [21]
    assert daily["DTSTART"].params["TZID"] == ZONE
    assert daily.decoded("DTSTART") == datetime(2026, 3, 20, 8, 0, tzinfo=AMSTERDAM)
    assert daily.decoded("DURATION") == timedelta(seconds=308)
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["TZID"]) for zone in zones] == [ZONE]
    assert calendar.get_missing_tzids() == set()
    assert recheck["DTSTART"].params["TZID"] == ZONE
    assert recheck.decoded("DTSTART") == datetime(2026, 4, 10, 8, 0, tzinfo=AMSTERDAM)
    for event in (daily, recheck):
        assert event["UID"] and event["DTSTAMP"]
    assert str(tmp_path / "plan.ics") in err
    assert "Traceback" not in err


def test_a_time_already_past_starts_tomorrow_and_the_recheck_counts_from_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime
) -> None:
    calendar, _ = plan_here(
        tmp_path, capsys, "--at", "6:30", "--weeks", "2", "--recheck-weeks", "6"
    )
    daily, recheck = events(calendar)
    assert daily.decoded("DTSTART") == datetime(2026, 3, 21, 6, 30, tzinfo=AMSTERDAM)
    assert daily["RRULE"]["COUNT"] == [14]
    assert recheck.decoded("DTSTART").date() == NOW.date() + timedelta(weeks=6)


def test_the_file_is_well_formed_and_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime
) -> None:
    target = tmp_path / "plan.ics"
    code, _, err = run_here(["plan", "--lang", "nl", "-o", str(target)], capsys)
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded, as RFC 5545 asks
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("lang", "title", "daily_words", "recheck_words"),
    [
        ("en", "Resonance breathing", "Missed a day?", "Do the stresscheck self-check again"),
        ("nl", "Resonantie-ademhaling", "Een dag overgeslagen?", "zelfcheck van stresscheck"),
    ],
)
def test_the_texts_are_in_the_run_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    frozen: datetime,
    lang: str,
    title: str,
    daily_words: str,
    recheck_words: str,
) -> None:
    calendar, err = plan_here(tmp_path, capsys, "--lang", lang)
    daily, recheck = events(calendar)
    t = Translator(lang)
    assert str(daily["SUMMARY"]) == t("plan.event.daily_summary", title=title)
    description = str(daily["DESCRIPTION"])
    assert daily_words in description
    assert "stresscheck breathe resonance" in description
    assert t("plan.event.daily_length_many", minutes=5) in description
    assert recheck_words in str(recheck["SUMMARY"])
    assert "stresscheck quiz" in str(recheck["DESCRIPTION"])
    assert t("plan.event.recheck_why_many", weeks=4) in str(recheck["DESCRIPTION"])
    assert t("plan.written", path=str(tmp_path / "plan.ics")) in err
    assert PRACTICE_NAME not in description  # no practice is set up


def test_the_practice_is_named_in_both_events(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    frozen: datetime,
    stresscheck_home: Path,
) -> None:
    install(stresscheck_home, tmp_path, "language: nl\n")
    calendar, _ = plan_here(tmp_path, capsys)
    for event in events(calendar):
        description = str(event["DESCRIPTION"])
        assert NL("plan.event.practice", name=PRACTICE_NAME) in description
        assert "https://praktijk.example" in description
        assert "+31 20 000 0000" in description
    assert "Ademoefening" in str(events(calendar)[0]["SUMMARY"])  # the practice's language


def test_a_practice_name_with_control_characters_is_made_safe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    practice = tmp_path / "praktijk.yaml"
    practice.write_text('practice:\n  name: "Praktijk\\e]0;pwned\\a Adem"\n', encoding="utf-8")
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    code, out, err = run_here(["plan", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["practice"] == "Praktijk Adem"
    assert "\x1b" not in out + err


def test_standard_output_gets_the_calendar_with_dash(
    capsys: pytest.CaptureFixture[str], frozen: datetime
) -> None:
    code, out, err = run_here(["plan", "box", "-o", "-"], capsys)
    assert code == 0, err
    calendar = Calendar.from_ical(out)
    daily, _ = events(calendar)
    assert "stresscheck breathe box" in str(daily["DESCRIPTION"])
    assert err == ""  # no file, so nothing to say where it is


def test_a_machine_on_utc_writes_utc_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    utc_now = datetime(2026, 3, 20, 7, 15, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(clock, "local_zone", lambda environ=None: "UTC")
    monkeypatch.setattr(clock, "local_now", lambda zone: utc_now)
    calendar, _ = plan_here(tmp_path, capsys, "--at", "09:00")
    daily, _ = events(calendar)
    start = daily.decoded("DTSTART")
    assert start == datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert start.utcoffset() == timedelta(0)
    assert calendar.get_missing_tzids() == set()


def test_a_real_run_uses_the_zone_from_tz(tmp_path: Path, stresscheck_home: Path) -> None:
    target = tmp_path / "plan.ics"
    done = run_cli(["plan", "-o", target], stresscheck_home, TZ="America/New_York")
    assert done.returncode == 0, done.stderr
    daily, _ = events(read_calendar(target))
    assert daily["DTSTART"].params["TZID"] == "America/New_York"
    start = daily.decoded("DTSTART")
    assert start.time() == time(8, 0)
    today = datetime.now(ZoneInfo("America/New_York")).date()
    assert start.date() in (today, today + timedelta(days=1))


# --------------------------------------------------------------------------- which exercise


def test_without_history_the_default_exercise_and_no_store_is_made(
    capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    code, out, err = run_here(["plan", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["exercise"] == "resonance"
    assert not (stresscheck_home / "history.sqlite3").exists()


def test_the_latest_breathing_advice_chooses_the_exercise(
    capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    for answers in (BREATHE_RESONANCE, BREATHE_EXTENDED, PHYSIOTHERAPY):
        done = run_cli(
            ["quiz", "--answers", "-", "--json"], stresscheck_home, stdin=answers_text(answers)
        )
        assert done.returncode == 0, done.stderr
    # The newest quiz advised physiotherapy; the newest with breathing advice: extended_exhale.
    code, out, err = run_here(["plan", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["exercise"] == "extended_exhale"
    code, out, _ = run_here(["plan", "box", "--json"], capsys)
    assert json.loads(out)["exercise"] == "box"  # named on the command line: that one


def test_the_practice_file_gives_the_default_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    install(
        stresscheck_home,
        tmp_path,
        'plan:\n  exercise: box\n  at: "19:30"\n  weeks: 2\n  recheck_weeks: 3\n',
    )
    code, out, err = run_here(["plan", "--json"], capsys)
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["exercise"], shown["at"], shown["weeks"], shown["count"]) == (
        "box",
        "19:30",
        2,
        14,
    )
    assert shown["recheck_date"] == (NOW.date() + timedelta(weeks=3)).isoformat()
    assert shown["practice"] == PRACTICE_NAME
    listed = run_cli(["setup", "--show", "--lang", "en"], stresscheck_home)
    assert EN("plan.setup_show", value="exercise: box, at: 19:30, weeks: 2, recheck_weeks: 3") in (
        listed.stdout
    )
    code, out, _ = run_here(["plan", "--json", "--weeks", "5", "--at", "07:00"], capsys)
    shown = json.loads(out)
    assert (shown["weeks"], shown["at"], shown["recheck_weeks"]) == (5, "07:00", 3)


def test_an_edited_copy_of_the_plan_keeps_only_values_of_the_right_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    install(stresscheck_home, tmp_path, 'plan:\n  exercise: box\n  at: "19:30"\n  weeks: 2\n')
    settings = stresscheck_home / "practice" / "settings.json"
    kept = json.loads(settings.read_text("utf-8"))
    kept["plan"] = {"exercise": 7, "at": 1930, "weeks": "six", "recheck_weeks": True}
    settings.write_text(json.dumps(kept), encoding="utf-8")
    code, out, err = run_here(["plan", "--json"], capsys)
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["exercise"], shown["at"], shown["weeks"]) == ("resonance", "08:00", 4)


@pytest.mark.parametrize(
    ("plan", "where", "words"),
    [
        ("  at: 19:30\n", "plan.at", '"19:30"'),  # YAML read a number: say to add quotes
        ('  at: "25:00"\n', "plan.at", "25:00"),
        ("  weeks: 0\n", "plan.weeks", "1"),
        ("  weeks: 100\n", "plan.weeks", "52"),
        ("  exercise: boxx\n", "plan.exercise", "resonance"),
        ("  colour: blue\n", "plan.colour", "colour"),
    ],
)
def test_a_bad_plan_in_the_practice_file_is_named(
    tmp_path: Path, stresscheck_home: Path, plan: str, where: str, words: str
) -> None:
    practice = tmp_path / "praktijk.yaml"
    practice.write_text(f"practice:\n  name: {PRACTICE_NAME}\nplan:\n{plan}", encoding="utf-8")
    for command in (["setup", practice], ["validate", practice]):
        done = run_cli(command, stresscheck_home)
        assert done.returncode == 2, done.stdout
        assert f"praktijk.yaml:4: {where}:" in done.stderr
        assert words in done.stderr
        assert "Traceback" not in done.stderr
    assert not (stresscheck_home / "practice").exists()


# --------------------------------------------------------------------------- bad input, --json


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--at", "25:00"], "25:00"),
        (["--at", "acht uur"], "acht uur"),
        (["--weeks", "0"], "--weeks 0"),
        (["--weeks", "53"], "--weeks 53"),
        (["--weeks", "100000000000"], "--weeks 100000000000"),
        (["--recheck-weeks", "0"], "--recheck-weeks 0"),
        (["--weeks", "vier"], "--weeks"),
        (["nope"], "resonance"),  # the known ones are named
    ],
)
def test_bad_input_exits_2_names_the_problem_and_writes_nothing(
    tmp_path: Path, stresscheck_home: Path, args: list[str], named: str
) -> None:
    target = tmp_path / "plan.ics"
    done = run_cli(["plan", *args, "-o", target], stresscheck_home)
    assert done.returncode == 2, done.stderr
    assert named in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()
    assert [path for path in tmp_path.iterdir() if path != stresscheck_home] == []


def test_an_unknown_exercise_names_the_known_ones(stresscheck_home: Path, tmp_path: Path) -> None:
    done = run_cli(["plan", "nope", "-o", tmp_path / "p.ics"], stresscheck_home)
    assert done.returncode == 2
    for known in ("resonance", "box", "extended_exhale", "four_seven_eight", "cyclic_sighing"):
        assert known in done.stderr


def test_a_folder_that_is_not_there_is_named(tmp_path: Path, stresscheck_home: Path) -> None:
    target = tmp_path / "missing" / "plan.ics"
    done = run_cli(["plan", "-o", target], stresscheck_home)
    assert done.returncode == 2
    assert str(target) in done.stderr
    assert not target.parent.exists()


def test_a_folder_one_may_not_write_in_is_named(tmp_path: Path, stresscheck_home: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "plan.ics"
    with read_only(folder):
        done = run_cli(["plan", "-o", target], stresscheck_home)
        assert done.returncode == 2, done.stderr
        assert str(target) in done.stderr
        assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "key"),
    [([], "plan.needs_output"), (["--json", "-o", "x.ics"], "plan.json_and_output")],
)
def test_output_is_asked_for_once(stresscheck_home: Path, args: list[str], key: str) -> None:
    done = run_cli(["plan", *args], stresscheck_home)
    assert done.returncode == 2
    assert EN(key) in done.stderr


def test_json_prints_the_plan(
    capsys: pytest.CaptureFixture[str], frozen: datetime, stresscheck_home: Path
) -> None:
    code, out, err = run_here(
        ["plan", "four_seven_eight", "--at", "21:00", "--weeks", "1", "--json", "--lang", "nl"],
        capsys,
    )
    assert code == 0, err
    assert err == ""
    shown = json.loads(out)
    assert shown == {
        "format_version": 1,
        "exercise": "four_seven_eight",
        "title": shown["title"],
        "at": "21:00",
        "timezone": ZONE,
        "first_date": "2026-03-20",
        "first": "2026-03-20T21:00:00+01:00",
        "last_date": "2026-03-26",
        "weeks": 1,
        "count": 7,
        "recheck_weeks": 1,
        "recheck_date": "2026-03-27",
        "recheck": "2026-03-27T21:00:00+01:00",
        "minutes": 1,  # four cycles of 19 s
        "seconds": 76.0,
        "practice": None,
        "lang": "nl",
    }
    assert shown["title"] != "4-7-8 breathing" and shown["title"]
    assert not list(Path.cwd().glob("*.ics"))


# --------------------------------------------------------------------------- the quiz, help


def quiz_screen(home: Path, answers: dict[str, int], *extra: str) -> str:
    done = run_cli(
        ["quiz", "--answers", "-", "--no-save", *extra], home, stdin=answers_text(answers)
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("plain", [True, False])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_breathing_advice_mentions_plan_once(
    stresscheck_home: Path, plain: bool, lang: str
) -> None:
    extra = ["--plain"] if plain else []
    shown = quiz_screen(stresscheck_home, BREATHE_RESONANCE, "--lang", lang, *extra)
    flat = " ".join(line.strip(" │") for line in shown.splitlines())
    assert flat.count("stresscheck plan") == 1
    assert "stresscheck plan resonance" in " ".join(flat.split())


@pytest.mark.parametrize("answers", [PHYSIOTHERAPY, URGENT])
def test_other_advice_does_not_mention_plan(
    stresscheck_home: Path, answers: dict[str, int]
) -> None:
    for extra in ([], ["--plain"]):
        assert "stresscheck plan" not in quiz_screen(stresscheck_home, answers, *extra)


def test_quiz_json_is_unchanged(stresscheck_home: Path) -> None:
    done = run_cli(
        ["quiz", "--answers", "-", "--json", "--no-save"],
        stresscheck_home,
        stdin=answers_text(BREATHE_RESONANCE),
    )
    assert "stresscheck plan" not in done.stdout


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_help_in_both_languages(stresscheck_home: Path, lang: str) -> None:
    done = run_cli(["plan", "--help", "--lang", lang], stresscheck_home)
    assert done.returncode == 0, done.stderr
    t = Translator(lang)
    for option in ("--at", "--weeks", "--recheck-weeks", "--output", "--json"):
        assert option in done.stdout
    assert " ".join(t("plan.help").split()[:6]) in " ".join(done.stdout.split())
    listed = run_cli(["--help", "--lang", lang], stresscheck_home)
    assert "plan" in listed.stdout.split()
