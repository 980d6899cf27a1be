"""Shared measuring for the benchmark scripts: run commands alternately, report medians.

Each round runs every command once, in turn, so that slow phases of the
machine hit all of them alike; the figures are medians over the rounds and
ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINIMAL_APP = HERE / "minimal_typer_app.py"


@dataclass
class Sample:
    seconds: float
    peak_kib: int


def run_once(
    argv: Sequence[str], env: Mapping[str, str] | None = None, stdin: bytes | None = None
) -> Sample:
    """Run a command to completion; wall time and the child's own peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else None,
    )
    if stdin is not None and process.stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        err = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(
            f"benchmark command failed ({process.returncode}): {' '.join(argv)}\n{err}"
        )
    return Sample(elapsed, usage.ru_maxrss)


def realistic_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for measured commands: as an installed program runs.

    Some shells here set PYTHONDONTWRITEBYTECODE, which makes every run
    recompile our sources; an installed program has its bytecode cached.
    """
    chosen = dict(os.environ if env is None else env)
    chosen.pop("PYTHONDONTWRITEBYTECODE", None)
    return chosen


def compare(
    cases: Mapping[str, Sequence[str]],
    baseline: str,
    rounds: int = 15,
    env: Mapping[str, str] | None = None,
    warmup: int = 2,
) -> dict[str, tuple[float, float]]:
    """Median wall time and peak memory per case, and print ratios to ``baseline``."""
    env = realistic_env(env)
    samples = alternate({name: (argv, env) for name, argv in cases.items()}, rounds, warmup)
    medians = summarise(samples)
    print_ratios(medians, lambda name: baseline)
    return medians


def alternate(
    cases: Mapping[str, tuple[Sequence[str], Mapping[str, str]]], rounds: int, warmup: int
) -> dict[str, list[Sample]]:
    """Each case's samples: every round runs every case once, in turn (warm-up rounds
    not kept)."""
    samples: dict[str, list[Sample]] = {name: [] for name in cases}
    for round_index in range(warmup + rounds):
        for name, (argv, env) in cases.items():
            sample = run_once(argv, env)
            if round_index >= warmup:
                samples[name].append(sample)
    return samples


def summarise(samples: Mapping[str, Sequence[Sample]]) -> dict[str, tuple[float, float]]:
    """Median seconds and peak KiB per case."""
    return {
        name: (
            statistics.median(s.seconds for s in values),
            statistics.median(s.peak_kib for s in values),
        )
        for name, values in samples.items()
    }


def print_ratios(
    medians: Mapping[str, tuple[float, float]], baseline_of: Callable[[str], str]
) -> None:
    """A table of the medians and their ratios to each case's baseline."""
    print(f"{'case':<44} {'median ms':>10} {'peak MiB':>9} {'time x':>7} {'mem x':>6}")
    for name, (seconds, kib) in medians.items():
        base_time, base_mem = medians[baseline_of(name)]
        print(
            f"{name:<44} {seconds * 1000:>10.1f} {kib / 1024:>9.1f} "
            f"{seconds / base_time:>7.2f} {kib / base_mem:>6.2f}"
        )


def python() -> str:
    """The interpreter running the benchmark (the project's virtual environment)."""
    return sys.executable


def stresscheck(*args: str) -> list[str]:
    """The stresscheck console script of this environment."""
    script = Path(sys.executable).parent / "stresscheck"
    return [str(script), *args]
