"""The HTML report in a real headless browser: it opens, the chart is drawn, it prints.

Uses Debian's ``chromium`` (the CI script installs it). The screenshot and the
printed PDF are kept under ``tests/artifacts/`` (ignored by git) to look at;
the screenshot is also copied to ``/tmp/report.png``.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import run_cli
from history_factories import quiz, session
from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import AnswerValue, DomainScoreDict

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MAXIMA = {"fatigue": 12.0, "tension": 16.0, "restlessness": 16.0, "breathing": 16.0}
BANDS = {"fatigue": (3.75, 7.5), "tension": (5, 10), "restlessness": (5, 10), "breathing": (5, 10)}

if CHROMIUM is None:
    pytest.skip(
        "chromium is not installed (apt-get install chromium); the CI script installs it",
        allow_module_level=True,
    )


def level(domain_id: str, score: float) -> str:
    low, moderate = BANDS[domain_id]
    return "low" if score <= low else "moderate" if score <= moderate else "high"


def twelve_weeks(home: Path) -> None:
    """Twelve weekly self-checks with scores slowly going down, and practice between."""
    rng = random.Random(7)
    start = {"fatigue": 9.0, "tension": 12.0, "restlessness": 9.0, "breathing": 6.0}
    with Store.open(home / "history.sqlite3") as store:
        for week in range(12):
            domains: dict[str, DomainScoreDict] = {}
            for domain_id, maximum in MAXIMA.items():
                rounded = round(start[domain_id] - week * 0.5 + rng.uniform(-1.5, 1.5))
                score = float(max(0, min(maximum, rounded)))
                domains[domain_id] = {
                    "score": score,
                    "max": maximum,
                    "level": level(domain_id, score),
                    "missing": 0,
                }
            total = sum(d["score"] or 0.0 for d in domains.values())
            answers: dict[str, AnswerValue] = {
                "fatigue_1": float(3 - week // 4),
                "duration": 4.0,
                "load": 2.0,
            }
            store.save_quiz(
                replace(
                    quiz(day=week * 7, total=total, answers=answers),
                    domains=domains,
                    total={"score": total, "level": "moderate" if total > 18 else "low"},
                )
            )
        for day in range(1, 80, 2):
            before = rng.randint(4, 8)
            store.save_session(
                session(
                    day=day + 0.4,
                    before=before,
                    after=max(0, before - rng.randint(0, 3)),
                    completed=day % 9 != 0,
                    exercise=("resonance", "box", "extended_exhale")[day % 3],
                )
            )


def chromium(profile: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Headless Chromium without any network chatter of its own."""
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    home = folder / "home"
    twelve_weeks(home)
    target = folder / "report.html"
    done = run_cli(["report", "--format", "html", "-o", target], home)
    assert done.returncode == 0, done.stderr
    return target


def keep(source: Path, name: str, *also: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for destination in (ARTIFACTS / name, *also):
        shutil.copyfile(source, destination)


def test_the_report_renders_to_a_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(
        tmp_path / "profile", f"--screenshot={shot}", "--window-size=1000,1400", report.as_uri()
    )
    assert shot.exists(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a page with text and a chart, not a blank one
    keep(shot, "report.png", Path("/tmp/report.png"))


def test_the_chart_is_in_the_rendered_page(report: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path / "profile", "--dump-dom", report.as_uri())
    dom = done.stdout
    assert "<svg" in dom, done.stderr[-2000:]
    start = dom.index('class="chart"')
    chart = dom[start : dom.index("</svg>", start)]
    assert chart.count("<polyline") == len(MAXIMA)
    for label in ("0%", "50%", "100%", "5 Jan 2026"):
        assert f">{label}</text>" in chart, label
    assert "% of the highest score" in chart
    for title in ("Tiredness", "Tension and pain", "Restlessness", "Breathing"):
        assert title in dom
    assert "<script" not in dom


def test_the_answers_are_in_the_rendered_page(report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", report.as_uri()).stdout
    assert "<h2>Answers per question</h2>" in dom
    start = dom.index('<table class="answers">')
    table = dom[start : dom.index("</table>", start)]
    assert '<th scope="col">First, 5 Jan 2026</th>' in table
    assert '<th scope="col">Latest, 23 Mar 2026</th>' in table
    assert '<tr><th scope="row">Tiredness</th><td>Often</td><td>Rarely</td></tr>' in table
    assert "Sessions per week (on average)" in dom
    assert "Verdict: " in dom
    assert "<script" not in dom


def pages(pdf: Path, folder: Path) -> Sequence[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def test_the_report_prints_to_a_few_pages(report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    done = chromium(
        tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()
    )
    assert pdf.exists(), done.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")
    keep(pdf, "report.pdf")
    printed = pages(pdf, tmp_path)
    if printed:
        # The answers of the first and the latest self-check add about a page.
        assert 2 <= len(printed) <= 6
        for page in printed:
            keep(page, f"report-{page.name}")
