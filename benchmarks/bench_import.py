"""``stresscheck import`` of a large export: a valid one, and one with a bad last record.

Issue 11 (class 3): a 98 MB export with one bad value in its very last record
took 49 s and 3.1 GB to be refused, with no position in the message, while the
valid one imported in 7.3 s. A bad record must be refused fast, with its place
(file, line, key path), and memory must stay a small multiple of the file size.

This builds an export of about ``--size-mb`` MB in a temporary folder (quizzes
shaped as the default questionnaire stores them, and breathing sessions, as
``export --format json`` writes them), and a copy whose last record holds one
bad value (``sessions[-1].tension_after`` is 12). Each round imports both, in
turn, into a fresh empty data folder; the figures are the medians over the
rounds of the wall time and of the child's own peak memory (``ru_maxrss``).
The refused import must exit 2 and name the place; the valid one must exit 0.

Run: .venv/bin/python benchmarks/bench_import.py [--size-mb N] [--rounds N]
[--before SRC]. With ``--before``, another copy of the sources (its ``src``
folder, e.g. from ``git archive``) is measured in the same rounds, alternating
with this one, for a fair before/after on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_history import quizzes, sessions
from measure import realistic_env

from stresscheck.adapters.sources.export import export_json
from stresscheck.core.history import History

# One quiz and one session of this shape take about this many bytes in an export.
BYTES_PER_PAIR = 2_200


@dataclass
class Run:
    seconds: float
    peak_kib: int
    code: int
    stderr: str


def build(folder: Path, size_mb: float) -> tuple[Path, Path]:
    """The valid export and its copy with a bad last record, built in a child
    process (a child of a big process would report its memory as its own)."""
    valid, bad = folder / "export.json", folder / "export-bad.json"
    subprocess.run(
        [sys.executable, __file__, "--build", str(valid), str(bad), str(size_mb)], check=True
    )
    return valid, bad


def _build_here(valid: Path, bad: Path, size_mb: float) -> None:
    count = max(1, int(size_mb * 1e6 / BYTES_PER_PAIR))
    rng = random.Random(11)
    history = History(quizzes=tuple(quizzes(count, rng)), sessions=tuple(sessions(count, rng)))
    text = export_json(history)
    valid.write_text(text, "utf-8")
    # The very last value of the file: the last session's tension after.
    head, _, tail = text.rpartition('"tension_after": ')
    bad.write_text(head + '"tension_after": 12' + tail[tail.index("\n") :], "utf-8")
    json.loads(bad.read_text("utf-8"))  # still JSON, just one value out of range


def run_import(file: Path, home: Path, source: Path | None = None) -> Run:
    """One ``stresscheck import FILE`` into an empty data folder (with the sources
    in ``source`` instead of the installed ones, when given)."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    env = realistic_env({**os.environ, "STRESSCHECK_HOME": str(home), "LANG": "en_US.UTF-8"})
    if source is not None:
        env["PYTHONPATH"] = str(source)
    script = Path(sys.executable).parent / "stresscheck"
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(script), "import", str(file)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.stderr.close()
    return Run(elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status), stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another src folder, measured alike")
    parser.add_argument("--build", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        valid, bad, size = options.build
        _build_here(Path(valid), Path(bad), float(size))
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        valid, bad = build(root, options.size_mb)
        size = valid.stat().st_size
        print(f"export: {size / 1e6:.1f} MB ({bad.name}: the same, bad last record)")
        sources: dict[str, Path | None] = {"now": None}
        if options.before is not None:
            sources = {"before": options.before.resolve(), **sources}
        files = {"valid export (imports)": valid, "bad last record (refused)": bad}
        cases = {
            (f"{label}: {name}" if len(sources) > 1 else name): (file, source)
            for label, source in sources.items()
            for name, file in files.items()
        }
        runs: dict[str, list[Run]] = {name: [] for name in cases}
        for _ in range(options.rounds):  # alternate: slow phases of the machine hit all
            for name, (file, source) in cases.items():
                runs[name].append(run_import(file, root / "home", source))
        print(f"{'case':<36} {'median s':>9} {'peak MiB':>9} {'x file':>7}  exit")
        for name, found in runs.items():
            seconds = statistics.median(run.seconds for run in found)
            kib = statistics.median(run.peak_kib for run in found)
            codes = sorted({run.code for run in found})
            print(
                f"{name:<36} {seconds:>9.2f} {kib / 1024:>9.0f} {kib * 1024 / size:>7.1f}  {codes}"
            )
        print()
        for name, (file, _) in cases.items():
            expected = 0 if file == valid else 2
            if {run.code for run in runs[name]} != {expected}:
                raise SystemExit(f"{name}: exit {runs[name][-1].code}, expected {expected}")
            if expected:
                print(f"{name}: {runs[name][-1].stderr.strip()[:300]}")


if __name__ == "__main__":
    main()
