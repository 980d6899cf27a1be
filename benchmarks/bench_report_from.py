"""``report --from``: a therapist's report from 100 clients' exports of a year each.

Target (the clients' report issue): 100 exports of one year each (365
self-checks and 730 breathing sessions per client) -> the overview report, in
HTML and in Markdown, in at most 3 s wall time and 500 MiB peak RSS on the
2-core machine, measured in alternating rounds (medians).

Peak memory: the medians are ``ru_maxrss`` of the run, which for a run with
workers is its largest single process; once per case the highest sum over the
main process and its workers is printed too (an upper bound: pages the workers
share with the main process count in each).

Baselines measured in the same run: ``stresscheck report`` of one store holding
one client's year, and ``stresscheck import`` of one such export (into a fresh
store each time). The ratios say what 100 clients cost against one.

The exports are realistic: every self-check is the default questionnaire
scored and advised by the real engine from varied answers (reasons as text and
as data, a body map answer, now and then a red flag), written by the real
exporter; sessions are the three usual exercises, most completed and rated.

Run: .venv/bin/python benchmarks/bench_report_from.py [--rounds N] [--clients N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from measure import compare, realistic_env, stresscheck

TARGET_SECONDS = 3.0
TARGET_MIB = 500.0
QUIZZES_A_YEAR = 365
SESSIONS_A_YEAR = 730
PLACES = ("jaw", "head", "neck", "shoulders", "upper_back", "chest", "belly", "low_back")


def _answers(questionnaire, rng: random.Random, calm: float) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Answers to every question; ``calm`` (0-1) lowers the scores as the year goes on."""
    answers: dict[str, object] = {}
    for question in questionnaire.questions:
        if question.multi:
            answers[question.id] = tuple(sorted(rng.sample(PLACES, rng.randint(0, 3))))
            continue
        values = sorted(float(o.value) for o in question.options if not isinstance(o.value, str))
        if question.red_flag_at_least is not None:  # rarely, and never for long
            answers[question.id] = values[-1] if rng.random() < 0.01 else values[0]
            continue
        top = max(0, round((len(values) - 1) * (1 - calm * 0.6)))
        answers[question.id] = values[rng.randint(0, top)]
    return answers


def client_history(seed: int):  # type: ignore[no-untyped-def]
    """One client's year: a self-check a day and two breathing sessions a day."""
    from stresscheck.adapters.sources.files import load_questionnaire
    from stresscheck.context import packaged_data
    from stresscheck.core.advice import reason_data
    from stresscheck.core.history import History, QuizRecord, SessionRecord, new_uid
    from stresscheck.core.result import evaluate, result_json
    from stresscheck.i18n import Translator

    t = Translator("nl" if seed % 3 == 0 else "en")
    questionnaire = load_questionnaire(
        packaged_data("questions.yaml"), [packaged_data("exercises.yaml")]
    )
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 7, 30, tzinfo=UTC) + timedelta(days=seed % 60)
    quizzes = []
    for day in range(QUIZZES_A_YEAR):
        result = evaluate(questionnaire, _answers(questionnaire, rng, day / QUIZZES_A_YEAR))
        report = result_json(result, t, t.lang, None)
        quizzes.append(
            QuizRecord(
                uid=new_uid(),
                at=start + timedelta(days=day, hours=12, minutes=rng.randint(0, 120)),
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                lang=t.lang,
                answers=dict(result.answers),  # type: ignore[arg-type]
                domains={
                    key: {
                        "score": s.score,
                        "max": s.max,
                        "level": s.level,
                        "missing": s.missing,
                    }
                    for key, s in result.scores.domains.items()
                },
                total=report["total"],
                red_flags=list(result.scores.red_flags),
                advice={
                    "action": report["advice"]["action"],
                    "exercise": report["advice"]["exercise"],
                    "reasons": report["advice"]["reasons"],
                    "reason_data": [reason_data(r) for r in result.advice.reasons],
                },
            )
        )
    sessions = []
    for index in range(SESSIONS_A_YEAR):
        completed = rng.random() > 0.1
        before = rng.randint(3, 9)
        sessions.append(
            SessionRecord(
                uid=new_uid(),
                at=start
                + timedelta(days=index // 2, hours=10 * (index % 2), minutes=rng.randint(0, 59)),
                exercise_id=rng.choice(["resonance", "box", "extended_exhale"]),
                planned_seconds=330.0,
                actual_seconds=330.0 if completed else round(rng.uniform(20, 300), 1),
                cycles_planned=30,
                cycles_completed=30 if completed else rng.randint(1, 29),
                completed=completed,
                tension_before=before,
                tension_after=max(0, before - rng.randint(0, 3)),
            )
        )
    return History(quizzes=tuple(quizzes), sessions=tuple(sessions))


def write_exports(folder: Path, clients: int) -> list[Path]:
    """``clients`` export files, as ``export --format json`` writes them."""
    from stresscheck.adapters.sources.export import export_json

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(clients):
        path = folder / f"client-{seed + 1:03d}.json"
        path.write_text(export_json(client_history(seed)), encoding="utf-8")
        paths.append(path)
    return paths


def fill_store(home: Path, export: Path) -> None:
    """A store holding one client's year (the baseline report reads it)."""
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [*stresscheck("import", str(export))],
        check=True,
        env={**os.environ, "STRESSCHECK_HOME": str(home)},
        capture_output=True,
    )


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                pids += _tree(int(child))
    except OSError:
        pass
    return pids


def tree_peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """The highest sum of the resident sets of the command and its workers, sampled
    every 10 ms (shared pages count in each process: an upper bound). The medians
    above are the largest single process (``ru_maxrss`` of the waited-for tree)."""
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_rss_kib(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the exports here and keep them")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        exports = options.keep or root / "exports"
        paths = sorted(exports.glob("client-*.json")) if exports.exists() else []
        if len(paths) != options.clients:
            if exports.exists() and options.keep:
                shutil.rmtree(exports)
            paths = write_exports(exports, options.clients)
        size = sum(path.stat().st_size for path in paths)
        print(f"{len(paths)} exports of a year each: {size / 1e6:.1f} MB in all")
        one_home = root / "one-client"
        fill_store(one_home, paths[0])
        runner_home = root / "therapist"  # never created: report --from opens no store
        env = {
            **os.environ,
            "STRESSCHECK_HOME": str(runner_home),
            "STRESSCHECK_CACHE": str(root / "cache"),
            "LANG": "en_US.UTF-8",
            "COLUMNS": "100",
        }
        env.pop("LC_ALL", None)
        froms = [arg for path in paths for arg in ("--from", str(path))]
        import_home = root / "import-home"
        import_case = [
            "sh",
            "-c",
            f'rm -rf "{import_home}" && STRESSCHECK_HOME="{import_home}" "$0" "$@"',
            *stresscheck("import", str(paths[0])),
        ]
        one = f"report, one client's store ({QUIZZES_A_YEAR}+{SESSIONS_A_YEAR})"
        cases = {
            one: [
                "env",
                f"STRESSCHECK_HOME={one_home}",
                *stresscheck("report", "--format", "html", "-o", str(root / "one.html")),
            ],
            "import of one export": import_case,
            "report --from, 1 export, html": stresscheck(
                "report", "--from", str(paths[0]), "--format", "html", "-o", str(root / "1.html")
            ),
            f"report --from, {len(paths)} exports, html": stresscheck(
                "report", *froms, "--format", "html", "-o", str(root / "all.html")
            ),
            f"report --from, {len(paths)} exports, md": stresscheck(
                "report", *froms, "--format", "md", "-o", str(root / "all.md")
            ),
        }
        medians = compare(cases, baseline=one, rounds=options.rounds, env=env)
        print()
        for name in list(cases)[-2:]:
            seconds, kib = medians[name]
            ok = seconds <= TARGET_SECONDS and kib / 1024 <= TARGET_MIB
            print(
                f"{name}: {seconds:.2f} s, {kib / 1024:.0f} MiB peak "
                f"(targets {TARGET_SECONDS} s, {TARGET_MIB:.0f} MiB) {'ok' if ok else 'MISSED'}"
            )
        for name in list(cases)[-2:]:
            total = tree_peak_mib(cases[name], realistic_env(env))
            print(f"{name}: all processes together at most {total:.0f} MiB")
        print(f"html report: {(root / 'all.html').stat().st_size / 1e6:.1f} MB")
        print(f"md report:   {(root / 'all.md').stat().st_size / 1e6:.1f} MB")
        if runner_home.exists():
            print("the runner's STRESSCHECK_HOME was created: report --from must not do that")


if __name__ == "__main__":
    main()
