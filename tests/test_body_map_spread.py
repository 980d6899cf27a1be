"""Spreading measured on the body map: the article's third sign from the person's own data.

"Complaints that spread" was only a self-rating; now the places marked on the body
map are compared with the first check and with a check some weeks ago, and more
places (``insight: spread_more_places``) counts as the spreading sign in the advice,
with the numbers ("On 3 Oct 2026 the number of places ... was 2; now it is 5").
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli
from history_factories import quiz
from stresscheck.adapters.storage.store import Store
from stresscheck.core.body_map import (
    PlaceCount,
    measured_spreading,
    place_count,
    shown_counts,
)
from stresscheck.core.history import History
from stresscheck.core.questionnaire import InsightSettings

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
# Tension moderate, no sign of settling in that the person rated: breathing advice,
# unless the body map shows the complaints spreading.
MILD = {"tension_1": 2, "tension_2": 2, "tension_3": 3, "gp_signs": ["none"]}
FIVE_PLACES = ["neck", "shoulders", "jaw", "low_back", "legs"]


# --------------------------------------------------------------------------- the rule itself


moments = st.integers(min_value=0, max_value=400).map(lambda days: NOW - timedelta(days=days + 1))


@st.composite
def earlier_checks(draw: st.DrawFn) -> list[PlaceCount]:
    ats = sorted(draw(st.lists(moments, min_size=1, max_size=12)))
    return [PlaceCount(at, draw(st.integers(0, 10))) for at in ats]


@given(
    earlier=earlier_checks(),
    now_count=st.integers(0, 10),
    more=st.integers(1, 5),
    weeks=st.integers(1, 20),
)
@settings(max_examples=400, deadline=None)
def test_spreading_is_more_places_than_at_the_first_check_or_weeks_ago(
    earlier: list[PlaceCount], now_count: int, more: int, weeks: int
) -> None:
    limits = InsightSettings(spread_more_places=more, spread_weeks=weeks)
    found = measured_spreading(earlier, now_count, NOW, limits)
    cutoff = NOW - timedelta(weeks=weeks)
    old_enough = [point for point in earlier if point.at <= cutoff]
    against_first = now_count - earlier[0].places >= more
    against_weeks = bool(old_enough) and now_count - old_enough[-1].places >= more
    assert (found is not None) == (against_first or against_weeks)
    if found is not None:
        assert found.now == now_count and found.now - found.then >= more
        expected = earlier[0] if against_first else old_enough[-1]
        assert (found.then_at, found.then) == (expected.at, expected.places)
        assert found.compared == ("first" if against_first else "weeks")


def test_no_earlier_check_or_no_answer_now_is_no_spreading() -> None:
    limits = InsightSettings()
    assert measured_spreading([], 9, NOW, limits) is None
    assert measured_spreading([PlaceCount(NOW - timedelta(days=60), 0)], None, NOW, limits) is None


def test_none_is_not_a_place_and_a_skipped_body_map_is_not_zero() -> None:
    assert place_count(("neck", "jaw")) == 2
    assert place_count(("none",)) == 0
    assert place_count(()) == 0
    assert place_count(None) is None
    assert place_count(3.0) is None


def test_a_long_history_shows_where_it_started_and_the_latest_checks() -> None:
    points = [PlaceCount(NOW - timedelta(days=100 - i), i) for i in range(10)]
    shown = shown_counts(points)
    assert shown[0] == points[0] and shown[1] is None and shown[2:] == points[-4:]
    assert shown_counts(points[:6]) == points[:6]


# --------------------------------------------------------------------------- through the program


def seed(home: Path, *checks: tuple[datetime, list[str]]) -> None:
    """Earlier self-checks with these places on the body map."""
    quizzes = tuple(
        replace(quiz(answers={"locations": tuple(places)}), at=at) for at, places in checks
    )
    with Store.open(home / "history.sqlite3") as store:
        store.import_history(History(quizzes=quizzes))


def advice(home: Path, places: list[str], lang: str = "en", *extra: str) -> dict[str, Any]:
    done = run_cli(
        ["quiz", "--answers", "-", "--json", "--lang", lang, *extra],
        home,
        stdin=json.dumps({**MILD, "locations": places}),
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)["advice"]
    return result


def ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def test_without_a_history_mild_tension_gets_breathing(stresscheck_home: Path) -> None:
    assert advice(stresscheck_home, FIVE_PLACES, "en", "--no-save")["action"] == "breathe"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["number of places on the body map", "was 2; now it is 5", "spreading"]),
        ("nl", ["aantal plekken op de lichaamskaart", "zit 2; nu is het 5", "breiden"]),
    ],
)
def test_more_places_than_at_the_first_check_is_the_spreading_sign(
    stresscheck_home: Path, lang: str, words: list[str]
) -> None:
    first = ago(58)
    seed(stresscheck_home, (first, ["neck", "shoulders"]), (ago(20), ["neck", "shoulders"]))
    given = advice(stresscheck_home, FIVE_PLACES, lang, "--no-save")
    assert given["action"] == "physiotherapy"
    sentence = given["reasons"][0]
    for word in words:
        assert word in sentence
    assert str(first.day) in sentence and str(first.year) in sentence  # the date, in words


def test_one_place_more_is_not_yet_spreading(stresscheck_home: Path) -> None:
    seed(stresscheck_home, (ago(58), ["neck", "shoulders"]))
    given = advice(stresscheck_home, ["neck", "shoulders", "jaw"], "en", "--no-save")
    assert given["action"] == "breathe"
    assert not any("body map" in reason for reason in given["reasons"])


def test_complaints_that_eased_and_spread_again_count_against_some_weeks_ago(
    stresscheck_home: Path,
) -> None:
    seed(
        stresscheck_home,
        (ago(90), ["neck", "shoulders", "jaw", "chest"]),  # first: 4 places
        (ago(40), ["neck"]),  # eased to 1, more than 4 weeks ago
        (ago(10), ["neck", "jaw"]),  # too recent to compare with
    )
    given = advice(stresscheck_home, ["neck", "shoulders", "jaw", "chest"], "en", "--no-save")
    assert given["action"] == "physiotherapy"
    assert "was 1; now it is 4" in given["reasons"][0]


def test_a_red_flag_still_comes_first(stresscheck_home: Path) -> None:
    seed(stresscheck_home, (ago(60), ["neck"]))
    done = run_cli(
        ["quiz", "--answers", "-", "--json", "--no-save"],
        stresscheck_home,
        stdin=json.dumps({**MILD, "locations": FIVE_PLACES, "chest_pain": 1}),
    )
    assert json.loads(done.stdout)["advice"]["action"] == "urgent"


def test_a_questionnaire_can_switch_the_history_off(stresscheck_home: Path, tmp_path: Path) -> None:
    from stresscheck.context import packaged_data

    text = packaged_data("questions.yaml").read_text(encoding="utf-8")
    off = tmp_path / "off.yaml"
    off.write_text(text.replace("insight:\n", "insight:\n  enabled: false\n", 1), encoding="utf-8")
    seed(stresscheck_home, (ago(60), ["neck"]))
    given = advice(stresscheck_home, FIVE_PLACES, "en", "--no-save", "--questions", str(off))
    assert given["action"] == "breathe"


def test_history_and_report_show_the_places_check_by_check(stresscheck_home: Path) -> None:
    seed(stresscheck_home, (ago(58), ["neck", "shoulders"]), (ago(30), ["neck", "jaw", "legs"]))
    advice(stresscheck_home, FIVE_PLACES)  # saved: the third check
    shown = run_cli(["history", "--plain"], stresscheck_home)
    assert shown.returncode == 0, shown.stderr
    line = next(row for row in shown.stdout.splitlines() if "check by check" in row)
    assert [part.split(" (")[0].split()[-1] for part in line.split("→")] == ["2", "3", "5"]
    report = run_cli(["report", "--format", "md", "-o", "-", "--lang", "nl"], stresscheck_home)
    assert report.returncode == 0, report.stderr
    assert "Plekken waar spanning of pijn zit, per check: " in report.stdout
    assert ": 2 → " in report.stdout and ": 5." in report.stdout
    assert "zit 2; nu is het 5" in report.stdout  # the stored reason, said in Dutch


def test_an_english_check_reads_back_in_dutch(stresscheck_home: Path) -> None:
    seed(stresscheck_home, (ago(58), ["neck", "shoulders"]))
    advice(stresscheck_home, FIVE_PLACES, "en")
    report = run_cli(["report", "--format", "md", "-o", "-", "--lang", "nl"], stresscheck_home)
    assert "aantal plekken op de lichaamskaart waar spanning of pijn zit 2; nu is het 5" in (
        report.stdout
    )


# --------------------------------------------------------------------------- a therapist's file


def test_spreading_needs_a_body_map_question(tmp_path: Path, stresscheck_home: Path) -> None:
    bad = tmp_path / "q.yaml"
    bad.write_text(
        """id: mine
title: Mine
questions:
  - id: q1
    text: How tired?
    options: [{value: 0, label: "No"}, {value: 1, label: "Yes"}]
rules:
  - when: {body_map_spread: true}
    advice: physiotherapy
  - advice: breathe
""",
        encoding="utf-8",
    )
    done = run_cli(["validate", str(bad)], stresscheck_home)
    assert done.returncode == 2
    assert "rules[0].when.body_map_spread" in done.stderr
    assert "locations" in done.stderr and "insight: body_map" in done.stderr


# A practice's own questionnaire with its own body map question and threshold.
OWN_BODY_MAP = """id: own
title: Own check
questions:
  - id: where
    type: multi
    text: Where?
    options:
      - {value: neck, label: Neck}
      - {value: back, label: Lower back}
      - {value: legs, label: Legs}
      - {value: none, label: Nowhere}
insight:
  body_map: where
  spread_more_places: 1
rules:
  - when: {body_map_spread: true, reason: "From {then} to {now} places since {since}."}
    advice: physiotherapy
  - advice: breathe
"""


def test_a_practice_names_its_own_body_map_and_thresholds(
    tmp_path: Path, stresscheck_home: Path
) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(OWN_BODY_MAP, encoding="utf-8")
    assert run_cli(["validate", str(own)], stresscheck_home).returncode == 0
    with Store.open(stresscheck_home / "history.sqlite3") as store:
        store.import_history(
            History(
                quizzes=(
                    replace(
                        quiz(questionnaire="own", answers={"where": ("neck",)}),
                        at=datetime(2026, 10, 3, 12, tzinfo=UTC),
                    ),
                )
            )
        )
    done = run_cli(
        ["quiz", "--questions", str(own), "--answers", "-", "--json", "--no-save"],
        stresscheck_home,
        stdin=json.dumps({"where": ["neck", "back"]}),
    )
    assert done.returncode == 0, done.stderr
    given = json.loads(done.stdout)["advice"]
    assert given["action"] == "physiotherapy"
    assert given["reasons"][0] == "From 1 to 2 places since 3 Oct 2026."


def test_a_practices_own_body_map_shows_in_its_report(
    tmp_path: Path, stresscheck_home: Path
) -> None:
    """The report's places and outline follow ``insight: body_map`` too."""
    (tmp_path / "own.yaml").write_text(OWN_BODY_MAP, encoding="utf-8")
    practice = tmp_path / "practice.yaml"
    practice.write_text("practice:\n  name: Test practice\nquestions: own.yaml\n", "utf-8")
    assert run_cli(["setup", str(practice)], stresscheck_home).returncode == 0
    for places in (["neck"], ["neck", "back"]):
        done = run_cli(
            ["quiz", "--answers", "-", "--json"],
            stresscheck_home,
            stdin=json.dumps({"where": places}),
        )
        assert done.returncode == 0, done.stderr
    report = run_cli(["report", "--format", "md", "-o", "-"], stresscheck_home)
    assert "Where tension or pain sits (body map)" in report.stdout
    assert "Neck; Lower back" in report.stdout
    html = run_cli(["report", "--format", "html", "-o", "-"], stresscheck_home).stdout
    assert "<svg" in html and "Lower back" in html


@given(
    lists=st.lists(
        st.one_of(
            st.none(),
            st.just(("none",)),
            st.lists(st.sampled_from(["neck", "jaw", "legs", "nonexistent", 3]), unique=True).map(
                tuple
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
@settings(max_examples=40, deadline=None)
def test_the_store_counts_places_as_the_core_does(tmp_path_factory, lists) -> None:
    """The store's one query and ``counts_of_records`` agree on every shape of answer."""
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.body_map import counts_of_records

    database = tmp_path_factory.mktemp("places") / "history.sqlite3"
    quizzes = tuple(
        replace(
            quiz(answers={} if chosen is None else {"locations": chosen}),
            at=NOW - timedelta(days=len(lists) - i),
        )
        for i, chosen in enumerate(lists)
    )
    with Store.open(database) as store:
        store.import_history(History(quizzes=quizzes))
    with OverviewStore.open(database) as store:
        assert store.place_counts("locations") == counts_of_records(quizzes, "locations")
