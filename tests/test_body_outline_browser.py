"""The body outline in a real headless browser: the marked places show in their fills.

A report with a first self-check (neck, shoulders) and a latest one (neck,
shoulders, jaw, low back, legs) is opened in Chromium, launched as in
test_report_browser. The screenshot is read pixel by pixel (a small PNG reader
below: no imaging library is needed) to see the "both" and "latest only"
fills where the figures are; the rendered DOM must hold each region with its
state. The screenshot is kept as ``tests/artifacts/body-outline.png`` and
``/tmp/body-outline.png`` to look at.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter
from pathlib import Path

import pytest

from helpers import run_cli
from history_factories import quiz
from stresscheck.adapters.report.outline import MARKS
from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import AnswerValue
from test_report_browser import chromium, keep

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

FIRST: tuple[str, ...] = ("neck", "shoulders")
LATEST: tuple[str, ...] = ("neck", "shoulders", "jaw", "low_back", "legs")


def rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return value >> 16, (value >> 8) & 0xFF, value & 0xFF


def read_png(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """(width, height, rows of RGB pixels) of an 8-bit RGB or RGBA PNG, not interlaced."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append([(line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outline")
    home = folder / "home"
    with Store.open(home / "history.sqlite3") as store:
        for day, places in ((0, FIRST), (28, LATEST)):
            answers: dict[str, AnswerValue] = {"fatigue_1": 2.0, "locations": places}
            store.save_quiz(quiz(day=day, answers=answers))
    target = folder / "report.html"
    done = run_cli(["report", "--format", "html", "-o", target], home)
    assert done.returncode == 0, done.stderr
    return target


def test_the_regions_are_marked_in_the_rendered_page(report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", report.as_uri()).stdout
    start = dom.index('<svg class="outline"')
    svg = dom[start : dom.index("</svg>", start)]
    found = re.findall(r'class="region (\w+)" data-place="(\w+)"', svg)
    states: dict[str, set[str]] = {}
    for state, place in found:
        states.setdefault(place, set()).add(state)
    # Front and back: a place on both views has the same state on each.
    assert len(found) == 15, found
    assert {p for p, s in states.items() if s == {"both"}} == {"neck", "shoulders"}
    assert {p for p, s in states.items() if s == {"latest"}} == {"jaw", "low_back", "legs"}
    assert not [p for p, s in states.items() if "first" in s]
    # The legend's words, from the catalogue.
    assert "At both self-checks" in svg and "Only at the latest self-check" in svg
    assert "<script" not in dom


def test_the_screenshot_shows_the_fills_in_the_outline(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "outline.png"
    done = chromium(
        tmp_path / "profile",
        "--force-color-profile=srgb",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        "--window-size=900,2400",
        report.as_uri(),
    )
    assert shot.exists(), done.stderr[-2000:]
    keep(shot, "body-outline.png", Path("/tmp/body-outline.png"))
    width, height, rows = read_png(shot.read_bytes())
    where: dict[str, list[tuple[int, int]]] = {"first": [], "latest": [], "both": []}
    wanted = {rgb(MARKS[state].background): state for state in where}
    for y, row in enumerate(rows):
        for x, pixel in enumerate(row):
            state = wanted.get(pixel)
            if state is not None:
                where[state].append((x, y))
    counts = Counter({state: len(points) for state, points in where.items()})
    # Neck and shoulders (both), and jaw, low back and legs (latest only), are
    # filled areas; "first only" is in the legend's small key alone.
    assert counts["both"] > 400, counts
    assert counts["latest"] > 2000, counts
    assert counts["latest"] > counts["both"] > counts["first"], counts
    # The latest-only fill reaches from the jaw down to the feet: a tall figure,
    # not just the legend's key.
    ys = [y for _, y in where["latest"]]
    assert max(ys) - min(ys) > 200, (min(ys), max(ys))
    # And the "both" fill sits high up (neck and shoulders), above the legs.
    assert max(y for _, y in where["both"]) < max(ys) - 150
    assert width == 900 and height == 2400
