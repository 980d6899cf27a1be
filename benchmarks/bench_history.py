"""``history`` and ``report`` over years of data, and the size of the database.

Issue 15 targets, with 10,000 quizzes and 10,000 breathing sessions stored:
``stresscheck history`` (output to /dev/null, COLUMNS=100) and ``stresscheck
report --format html -o FILE`` each take at most 1.25x the wall time of the
smallest Typer app, measured in alternating rounds (medians). The warm-up
rounds fill the cache folder as on a real computer (the parsed files, and the
overview computed of this very database file, kept until it changes).

Also printed: the database's size per 1,000 quizzes and per 1,000 sessions, and
(for information, no target) ``stresscheck history`` with nothing stored.

Run: .venv/bin/python benchmarks/bench_history.py [--rounds N] [--count N]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from measure import MINIMAL_APP, compare, python, stresscheck

from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import History, QuizRecord, SessionRecord, new_uid

TARGET = 1.25
DOMAINS = {"fatigue": 12.0, "tension": 16.0, "restlessness": 16.0, "breathing": 16.0}
QUESTIONS = [
    *(f"fatigue_{i}" for i in range(1, 4)),
    *(f"tension_{i}" for i in range(1, 5)),
    *(f"restlessness_{i}" for i in range(1, 5)),
    *(f"breathing_{i}" for i in range(1, 5)),
    "duration",
    "relaxation_effect",
    "spreading",
    "load",
    "chest_pain",
    "fainting",
    "self_harm",
]
REASON = "No area scored high, and your complaints do not show the long-lasting pattern."


def quizzes(count: int, rng: random.Random) -> list[QuizRecord]:
    """Quizzes shaped as the default questionnaire stores them (22 answers, 4 domains)."""
    start = datetime(2020, 1, 1, 19, 0, tzinfo=UTC)
    records = []
    for index in range(count):
        domains = {}
        for domain_id, maximum in DOMAINS.items():
            score = float(rng.randint(0, int(maximum)))
            level = (
                "low" if score <= maximum / 3 else "moderate" if score <= maximum * 0.6 else "high"
            )
            domains[domain_id] = {"score": score, "max": maximum, "level": level, "missing": 0}
        total = sum(d["score"] for d in domains.values())
        records.append(
            QuizRecord(
                uid=new_uid(),
                at=start + timedelta(hours=4 * index),
                questionnaire_id="stresscheck-default",
                questionnaire_version=1,
                lang="en",
                answers={question: float(rng.randint(0, 4)) for question in QUESTIONS},
                domains=domains,  # type: ignore[arg-type]
                total={"score": total, "level": "moderate"},
                red_flags=[],
                advice={"action": "breathe", "exercise": "resonance", "reasons": [REASON]},
            )
        )
    return records


def sessions(count: int, rng: random.Random) -> list[SessionRecord]:
    """Five-minute sessions, most completed and rated."""
    start = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
    records = []
    for index in range(count):
        completed = rng.random() > 0.1
        before = rng.randint(3, 9)
        records.append(
            SessionRecord(
                uid=new_uid(),
                at=start + timedelta(hours=4 * index),
                exercise_id=rng.choice(["resonance", "box", "extended_exhale"]),
                planned_seconds=330.0,
                actual_seconds=330.0 if completed else rng.uniform(20, 300),
                cycles_planned=30,
                cycles_completed=30 if completed else rng.randint(1, 29),
                completed=completed,
                tension_before=before,
                tension_after=max(0, before - rng.randint(0, 3)),
            )
        )
    return records


def fill(path: Path, quiz_count: int, session_count: int) -> int:
    """Store the records in one transaction (as an import does); the file's size after.

    Done in a child process: the records take tens of MiB, and a child started
    from a big process reports that process's memory as its own peak.
    """
    subprocess.run(
        [sys.executable, __file__, "--fill", str(path), str(quiz_count), str(session_count)],
        check=True,
    )
    return path.stat().st_size  # closed: the write-ahead log is folded back in


def _fill_here(path: Path, quiz_count: int, session_count: int) -> None:
    rng = random.Random(5)
    history = History(
        quizzes=tuple(quizzes(quiz_count, rng)), sessions=tuple(sessions(session_count, rng))
    )
    with Store.open(path) as store:
        store.import_history(history)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--fill", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.fill:
        path, quiz_count, session_count = options.fill
        _fill_here(Path(path), int(quiz_count), int(session_count))
        return
    count = options.count
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        quiz_bytes = fill(root / "quizzes-only" / "history.sqlite3", count, 0)
        session_bytes = fill(root / "sessions-only" / "history.sqlite3", 0, count)
        home = root / "home"
        both = fill(home / "history.sqlite3", count, count)
        print(f"database with {count:,} quizzes and {count:,} sessions: {both / 1e6:.1f} MB")
        print(f"  per 1,000 quizzes:  {quiz_bytes / count * 1000 / 1024:,.0f} KiB")
        print(f"  per 1,000 sessions: {session_bytes / count * 1000 / 1024:,.0f} KiB")
        print()

        env = {
            **os.environ,
            "STRESSCHECK_HOME": str(home),
            # The parsed-file cache fills in the warm-up rounds, as on a real computer.
            "STRESSCHECK_CACHE": str(root / "cache"),
            "LANG": "en_US.UTF-8",
            "COLUMNS": "100",
        }
        env.pop("LC_ALL", None)
        report = root / "report.html"
        empty = ["env", f"STRESSCHECK_HOME={root / 'empty-home'}", *stresscheck("history")]
        medians = compare(
            {
                "minimal typer app": [python(), str(MINIMAL_APP)],
                "stresscheck history": stresscheck("history"),
                "stresscheck report --format html -o FILE": stresscheck(
                    "report", "--format", "html", "-o", str(report)
                ),
                "stresscheck history, nothing stored": empty,
            },
            baseline="minimal typer app",
            rounds=options.rounds,
            env=env,
        )
        base = medians["minimal typer app"][0]
        print()
        for name in ("stresscheck history", "stresscheck report --format html -o FILE"):
            ratio = medians[name][0] / base
            verdict = "ok" if ratio <= TARGET else "MISSED"
            print(f"{name}: {ratio:.2f}x (target at most {TARGET}x) {verdict}")
        print(f"report size: {report.stat().st_size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
