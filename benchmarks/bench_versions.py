"""Two versions of stresscheck side by side, in one run: the figures for a before/after table.

The cases are those whose speed an architecture change must keep (issue 15):
``--help``, ``quiz --answers FILE --json --no-save`` with nothing stored (as
``bench_startup.py``), and ``history`` and ``report --format html`` with
10,000 quizzes and 10,000 sessions stored (as ``bench_history.py``). Each
version runs from its own source tree (``python -m stresscheck`` with that
tree first on the path, bytecode compiled as in an installed wheel), with its
own copy of the database and its own cache folder, which the warm-up rounds
fill. Every round runs every case once, in turn; the figures are medians, and
ratios against the smallest Typer app measured in the same rounds.

Run: .venv/bin/python benchmarks/bench_versions.py --before REV [--after REV] [--rounds N]
(``--after`` left out: the working tree.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_history import fill
from bench_startup import ANSWERS
from measure import MINIMAL_APP, alternate, print_ratios, python, realistic_env, summarise

ROOT = Path(__file__).resolve().parent.parent


def source_tree(revision: str | None, into: Path) -> Path:
    """The ``src`` folder of ``revision`` (None: the working tree), compiled."""
    if revision is None:
        source = ROOT / "src"
    else:
        into.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
        source = into / "src"
    subprocess.run([python(), "-m", "compileall", "-q", str(source)], check=True)
    return source


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="a git revision")
    parser.add_argument("--after", default=None, help="a git revision (default: the work tree)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        answers = root / "answers.yaml"
        answers.write_text(ANSWERS, "utf-8")
        database = root / "filled" / "history.sqlite3"
        fill(database, 10_000, 10_000)
        base = realistic_env({**os.environ, "LANG": "en_US.UTF-8", "COLUMNS": "100"})
        base.pop("LC_ALL", None)
        cases: dict[str, tuple[list[str], dict[str, str]]] = {
            "minimal typer app": ([python(), str(MINIMAL_APP)], base),
            "minimal typer app --help": ([python(), str(MINIMAL_APP), "--help"], base),
        }
        for name, revision in (("before", options.before), ("after", options.after)):
            source = source_tree(revision, root / name)
            home = root / f"home-{name}"
            home.mkdir()
            shutil.copy(database, home / "history.sqlite3")
            env = {
                **base,
                "PYTHONPATH": str(source),
                "STRESSCHECK_HOME": str(home),
                "STRESSCHECK_CACHE": str(root / f"cache-{name}"),
            }
            # The quiz as a new user takes it (bench_startup.py): nothing stored yet.
            (root / f"new-{name}").mkdir()
            new_user = {**env, "STRESSCHECK_HOME": str(root / f"new-{name}")}
            program = [python(), "-m", "stresscheck"]
            quiz = ["quiz", "--answers", str(answers), "--json", "--no-save"]
            report = ["report", "--format", "html", "-o", str(root / f"{name}.html")]
            cases[f"{name}: --help"] = ([*program, "--help"], env)
            cases[f"{name}: quiz --answers --json --no-save"] = ([*program, *quiz], new_user)
            cases[f"{name}: history"] = ([*program, "history"], env)
            cases[f"{name}: report --format html"] = ([*program, *report], env)
        medians = summarise(alternate(cases, options.rounds, options.warmup))
    print(f"before: {options.before}, after: {options.after or 'the working tree'}")
    print(f"{options.rounds} rounds, 10,000 quizzes and 10,000 sessions stored")
    print_ratios(
        medians,
        lambda name: "minimal typer app --help" if "--help" in name else "minimal typer app",
    )


if __name__ == "__main__":
    sys.exit(main())
