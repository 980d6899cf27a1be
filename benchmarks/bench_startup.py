"""Start-up cost of the quiz, against the smallest Typer app (issue 3 targets:
wall time at most 1.15x, peak memory at most 1.35x).

Run: .venv/bin/python benchmarks/bench_startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from measure import MINIMAL_APP, compare, python, stresscheck

ANSWERS = """\
fatigue_1: 3
fatigue_2: 2
fatigue_3: 3
tension_1: 3
tension_2: 2
tension_3: 3
tension_4: 1
restlessness_1: 2
restlessness_2: 2
restlessness_3: 3
restlessness_4: 2
breathing_1: 1
breathing_2: 1
breathing_3: 2
breathing_4: 1
duration: 4
relaxation_effect: 2
spreading: 2
load: 2
chest_pain: 0
fainting: 0
self_harm: 0
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        answers = Path(home) / "answers.yaml"
        answers.write_text(ANSWERS, encoding="utf-8")
        # The same answers as JSON, as a program calling stresscheck would write them.
        answers_json = Path(home) / "answers.json"
        pairs = (line.split(": ") for line in ANSWERS.splitlines())
        answers_json.write_text(json.dumps({k: int(v) for k, v in pairs}), encoding="utf-8")
        env = {**os.environ, "STRESSCHECK_HOME": home, "LANG": "en_US.UTF-8"}
        print("--help")
        compare(
            {
                "minimal typer app --help": [python(), str(MINIMAL_APP), "--help"],
                "stresscheck --help": stresscheck("--help"),
            },
            baseline="minimal typer app --help",
            rounds=options.rounds,
            env=env,
        )
        print("\nquiz --answers FILE --json --no-save")
        compare(
            {
                "minimal typer app": [python(), str(MINIMAL_APP)],
                "quiz --answers YAML --json --no-save": stresscheck(
                    "quiz", "--answers", str(answers), "--json", "--no-save"
                ),
                "quiz --answers JSON --json --no-save": stresscheck(
                    "quiz", "--answers", str(answers_json), "--json", "--no-save"
                ),
            },
            baseline="minimal typer app",
            rounds=options.rounds,
            env=env,
        )


if __name__ == "__main__":
    main()
