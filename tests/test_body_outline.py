"""The body outline: which regions are marked how, texts escaped, words where
the drawing has nothing to show, and its place in the HTML report in both languages.

The drawing is read as XML (the SVG part must be well-formed), so the tests
look at its elements rather than at the exact text of the markup.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from helpers import shipped
from history_factories import build_overview, history, quiz
from stresscheck.adapters.report.html import render_html
from stresscheck.adapters.report.markdown import render_markdown
from stresscheck.adapters.report.outline import (
    BACK,
    DRAWN,
    FRONT,
    OutlineWords,
    body_outline,
    states,
)
from stresscheck.adapters.report.summary import (
    REPORT_QUIZZES,
    ReportData,
)
from stresscheck.core.history import AnswerValue, History
from stresscheck.core.labels import Labels
from stresscheck.i18n import Translator

EN, NL = Translator("en"), Translator("nl")
MADE = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PLACES = {
    "jaw": "Jaw",
    "head": "Head",
    "neck": "Neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "chest": "Chest",
    "belly": "Belly",
    "low_back": "Low back",
    "arms_hands": "Arms and hands",
    "legs": "Legs",
    "none": "Nowhere in particular",
}


def words(**changed: object) -> OutlineWords:
    texts: dict[str, object] = {
        "title": "Body outline",
        "front": "Front",
        "back": "Back",
        "first_only": "Only first",
        "latest_only": "Only latest",
        "both": "Both",
        "chosen": "Chosen",
        "first_check": "First check",
        "latest_check": "Latest check",
        "this_check": "This check",
        "no_places": "no places chosen",
        "not_drawn": "Not drawn",
        "places": PLACES,
    }
    texts.update(changed)
    return OutlineWords(**texts)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    """The drawing as XML: raises if it is not well-formed."""
    return ET.fromstring(svg)


def regions(svg: str) -> dict[str, set[str]]:
    """Each place drawn, with the states its regions have (front and back)."""
    found: dict[str, set[str]] = {}
    for element in parse(svg).iter("g"):
        classes = (element.get("class") or "").split()
        if "region" in classes:
            state = next(c for c in classes if c != "region")
            found.setdefault(element.get("data-place", ""), set()).add(state)
    return found


def texts(svg: str) -> str:
    """Every text shown in the drawing (legend, notes, headings), joined."""
    root = parse(svg)
    return " ".join(" ".join(t.itertext()) for t in root.iter("text"))


def description(svg: str) -> str:
    desc = parse(svg).find("desc")
    assert desc is not None
    return desc.text or ""


# --------------------------------------------------------------------------- the drawing


def test_each_place_is_marked_by_where_it_was_chosen() -> None:
    svg = body_outline(
        {"neck", "shoulders", "chest"}, {"neck", "shoulders", "jaw", "legs"}, words()
    )
    drawn = regions(svg)
    assert drawn["neck"] == drawn["shoulders"] == {"both"}
    assert drawn["chest"] == {"first"}
    assert drawn["jaw"] == drawn["legs"] == {"latest"}
    for place in ("head", "belly", "low_back", "upper_back", "arms_hands"):
        assert drawn[place] == {"unmarked"}, place
    assert states({"a"}, {"a", "b"}) == {"a": "both", "b": "latest"}


def test_the_front_and_the_back_show_their_own_places() -> None:
    front = {place for _, place in FRONT}
    back = {place for _, place in BACK}
    assert {"jaw", "chest", "belly"} <= front - back
    assert {"upper_back", "low_back"} <= back - front
    assert {"head", "neck", "shoulders", "arms_hands", "legs"} <= front & back
    # Every place of the default body map except "none" has a region.
    assert set(PLACES) - {"none"} == DRAWN
    root = parse(body_outline(set(), {"legs"}, words()))
    views = [g for g in root.iter("g") if g.get("class") == "view"]
    assert len(views) == 2
    headings = [next(view.iter("text")).text for view in views]
    assert headings == ["Front", "Back"]


def test_the_states_differ_in_pattern_and_outline_not_only_colour() -> None:
    root = parse(body_outline({"neck", "jaw"}, {"neck", "legs"}, words()))
    looks = {}
    for element in root.iter("g"):
        classes = (element.get("class") or "").split()
        if "region" in classes:
            state = classes[1]
            looks[state] = (
                element.get("fill"),
                element.get("stroke-width"),
                element.get("stroke-dasharray"),
            )
    assert len({fill for fill, _, _ in looks.values()}) == 4  # three patterns and plain
    outline_styles = {(width, dashes) for state, (_, width, dashes) in looks.items()}
    assert len(outline_styles) == 4
    patterns = {p.get("id"): ET.tostring(p) for p in root.iter("pattern")}
    assert set(patterns) == {"outline-first", "outline-latest", "outline-both"}
    # Each pattern draws something of its own over its background (lines, dots, cross).
    drawings = [p.split(b"</rect>")[-1] if b"</rect>" in p else p for p in patterns.values()]
    assert len({d.split(b"/>", 1)[1] for d in drawings}) == 3


def test_a_legend_and_a_description_in_words() -> None:
    svg = body_outline({"neck", "chest"}, {"neck", "jaw"}, words())
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "outline-title outline-desc"
    title = root.find("title")
    assert title is not None and title.text == "Body outline"
    assert description(svg) == "Only first: Chest. Only latest: Jaw. Both: Neck."
    shown = texts(svg)
    for legend in ("Only first", "Only latest", "Both"):
        assert legend in shown


def test_the_legend_keys_only_the_marks_that_are_drawn() -> None:
    svg = body_outline({"neck"}, {"neck", "feet"}, words())
    shown = texts(svg)
    assert "Both" in shown
    assert "Only first" not in shown and "Only latest" not in shown  # feet is not drawn
    assert {p.get("id") for p in parse(svg).iter("pattern")} == {"outline-both"}


def test_a_hostile_label_stays_text() -> None:
    hostile = {**PLACES, "jaw": '<script>alert("x")</script> & "co"', "feet": "<b>Feet</b> &amp;"}
    svg = body_outline({"jaw"}, {"jaw", "feet"}, words(places=hostile, both="<i>Both</i> &"))
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)  # still well-formed XML
    assert not [e for e in root.iter() if e.tag in ("script", "b", "i", "foreignObject")]
    said = description(svg)
    assert '<script>alert("x")</script> & "co"' in said  # read back as the text it was
    assert "<b>Feet</b> &amp;" in said
    assert "<i>Both</i> &" in texts(svg)


def test_a_place_without_a_region_is_said_in_words_only() -> None:
    svg = body_outline({"neck"}, {"neck", "feet"}, words(places={**PLACES, "feet": "Feet"}))
    assert "feet" not in regions(svg)
    assert "Not drawn: Feet" in texts(svg)
    assert description(svg) == "Only latest: Feet. Both: Neck. Not drawn: Feet."
    # A value no label is known for is said as it is.
    svg = body_outline(None, {"toes"}, words())
    assert "Not drawn: toes" in texts(svg)
    assert all(states == {"unmarked"} for states in regions(svg).values())


def test_none_chosen_is_said_and_nothing_is_marked() -> None:
    svg = body_outline({"none"}, {"none"}, words())
    assert all(states == {"unmarked"} for states in regions(svg).values())
    shown = texts(svg)
    assert "First check: no places chosen" in shown
    assert "Latest check: no places chosen" in shown
    assert "Only first" not in shown  # no legend for nothing marked
    assert description(svg) == ("First check: no places chosen. Latest check: no places chosen.")
    # None at the first check, places at the latest: both said, the places marked.
    svg = body_outline({"none"}, {"neck"}, words())
    assert regions(svg)["neck"] == {"latest"}
    assert "First check: no places chosen" in texts(svg)
    assert "Latest check: no places chosen" not in texts(svg)
    # An empty answer (nothing chosen) reads the same.
    assert "This check: no places chosen" in texts(body_outline(None, (), words()))


def test_one_check_shows_just_that_check() -> None:
    svg = body_outline(None, {"neck", "low_back"}, words())
    drawn = regions(svg)
    assert drawn["neck"] == drawn["low_back"] == {"chosen"}
    shown = texts(svg)
    assert "Chosen" in shown
    assert "Only first" not in shown and "Both" not in shown
    assert {p.get("id") for p in parse(svg).iter("pattern")} == {"outline-chosen"}
    assert description(svg) == "Chosen: Neck, Low back."


def test_ids_start_with_the_prefix_so_two_drawings_can_share_a_page() -> None:
    svg = body_outline({"neck"}, {"jaw"}, words(), prefix="client-7")
    ids = {e.get("id") for e in parse(svg).iter() if e.get("id")}
    assert ids and all(i.startswith("client-7-") for i in ids)
    assert "url(#client-7-latest)" in svg


# --------------------------------------------------------------------------- in the report


def report(records: History, t: Translator) -> ReportData:
    questionnaire, exercises = shipped()
    labels = Labels(t, t.lang, questionnaire, exercises, tz=UTC)
    overview = build_overview(records, questionnaire.insight, recent=REPORT_QUIZZES)
    return ReportData(overview, labels, None, MADE, "9.9.9")


def two_checks(first: AnswerValue | None, latest: AnswerValue | None) -> History:
    def answers(places: AnswerValue | None) -> dict[str, AnswerValue]:
        return {"fatigue_1": 2.0} | ({"locations": places} if places is not None else {})

    return history(quiz(0, 30.0, answers=answers(first)), quiz(28, 20.0, answers=answers(latest)))


def outline_of(page: str) -> str:
    start = page.index('<svg class="outline"')
    return page[start : page.index("</svg>", start) + len("</svg>")]


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (EN, ("Front", "Back", "Only at the latest self-check", "At both self-checks", "Jaw")),
        (NL, ("Voorkant", "Achterkant", "Alleen bij de laatste zelfcheck", "Kaak", "Nek")),
    ],
)
def test_the_html_report_draws_the_outline(t: Translator, expected: tuple[str, ...]) -> None:
    records = two_checks(("neck", "shoulders"), ("neck", "shoulders", "jaw", "low_back", "legs"))
    page = render_html(report(records, t))
    svg = outline_of(page)
    root = parse(svg)  # the SVG part is valid XML
    assert root.tag == "svg"
    assert "http" not in svg and "<script" not in page and "href" not in svg
    drawn = regions(svg)
    assert drawn["neck"] == drawn["shoulders"] == {"both"}
    assert drawn["jaw"] == drawn["low_back"] == drawn["legs"] == {"latest"}
    said = description(svg) + " " + texts(svg) + " " + " ".join(root.itertext())
    for word in expected:
        assert word in said, word
    # The drawing sits under the body map's heading, and the list stays beside it.
    heading = page.index(t("report.body_map_heading"))
    assert heading < page.index(svg) < page.index('<table class="context"><tbody>', heading)
    assert "svg.outline" in page.split("</style>")[0]  # its rule is in the page's own CSS
    if t is NL:
        assert "Only at" not in page and "Front<" not in page


def test_the_markdown_report_still_lists_the_places_and_draws_nothing() -> None:
    records = two_checks(("neck",), ("neck", "jaw"))
    text = render_markdown(report(records, EN))
    assert "- First, 5 Jan 2026: Neck" in text
    assert "- Latest, 2 Feb 2026: Neck; Jaw" in text
    assert "<svg" not in text


def test_a_first_check_without_a_body_map_leaves_just_the_latest() -> None:
    """Checks made before the body map was asked: only the latest one is drawn."""
    svg = outline_of(render_html(report(two_checks(None, ("belly",)), EN)))
    assert regions(svg)["belly"] == {"chosen"}
    assert "Only at the first" not in svg


def test_no_outline_when_no_check_answered_the_body_map() -> None:
    page = render_html(report(two_checks(None, None), EN))
    assert '<svg class="outline"' not in page
