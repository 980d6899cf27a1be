"""The breathing session's three figures from issue 4, measured in one run.

1. Timing: the largest gap between each ``--plain`` phase line's arrival and
   its place in the schedule, over a session of 32 phases of 1 s (target: at
   most 50 ms, and no growth over the session). The first line (start 0) is
   the reference: what is measured is how far every later start strays.
2. CPU: the CPU time of a 20 s animated session in a pseudo-terminal (target:
   at most 3% of one core), from the child's own rusage. Also shown: the share
   left after subtracting a 1 s session (start-up and lead-in), which is what
   the animation itself costs.
3. Start-up: ``stresscheck exercises --json`` against the smallest Typer app,
   alternating rounds, medians (target: at most 1.25x).
4. The 1-minute animated session (issue 15): resonance breathing (5.5 s in,
   5.5 s out, ``--minutes 1``) in an 80x24 pseudo-terminal, start-up and the
   3 s lead-in included. CPU as a share of one core (the child's user + system
   time over the wall time) and the bytes written to the terminal (targets: at
   most 0.6% and 300 KB). "before" is this tree with the breathing view of a
   committed version (``--before``, default HEAD), run from a copy in a
   temporary folder; "after" is this tree. Rounds alternate, figures are medians.

Run: .venv/bin/python benchmarks/bench_breathe.py [--rounds N] [--quick]
         [--only 1,2,3,4] [--session-rounds N] [--before REF]
"""

from __future__ import annotations

import argparse
import compileall
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import HERE, MINIMAL_APP, compare, python, stresscheck

# Rhythms faster than anyone should breathe keep the measurements short; typed as
# --pattern they are refused (issue 14), so they come from an exercises file.
KINDS = ("inhale", "hold", "exhale", "rest")
FAST_FILE = os.path.join(tempfile.mkdtemp(prefix="bench-breathe-"), "fast.yaml")


def _write_fast_exercises(patterns: Sequence[str]) -> None:
    lines = ["exercises:"]
    for pattern in patterns:
        lines.append(f"  - id: {exercise_id(pattern)}\n    title: {pattern}\n    phases:")
        for kind, seconds in zip(KINDS, pattern.split("-"), strict=False):
            if float(seconds) > 0:
                lines.append(f"      - {{kind: {kind}, seconds: {seconds}}}")
        lines.append("    default_minutes: 1")
    with open(FAST_FILE, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def exercise_id(pattern: str) -> str:
    return "p" + pattern.replace("-", "_").replace(".", "d")


def phases_per_cycle(pattern: str) -> int:
    return sum(float(part) > 0 for part in pattern.split("-"))


def rhythm(pattern: str) -> list[str]:
    """The arguments that start ``pattern`` as an exercise from the fast file."""
    return [exercise_id(pattern), "--exercises", FAST_FILE]


_write_fast_exercises(["1-0-1", "0.5-0-0.5", "4-1-5"])

GAP_TARGET_MS = 50.0
CPU_TARGET_PERCENT = 3.0
STARTUP_TARGET = 1.25
MINUTE_CPU_TARGET_PERCENT = 0.6
MINUTE_KB_TARGET = 300.0
# The files that make the animated view; "before" takes these from a commit.
VIEW_FILES = (
    "src/stresscheck/adapters/ui/breath_view.py",
    "src/stresscheck/adapters/pacer.py",
    "src/stresscheck/adapters/clock.py",
)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --------------------------------------------------------------------------- 1. timing


def phase_gaps(env: Mapping[str, str], cycles: int) -> list[float]:
    """Seconds each phase line arrived after its scheduled start (first line = 0)."""
    pattern = "1-0-1"
    argv = stresscheck(
        "breathe",
        *rhythm(pattern),
        "--cycles",
        str(cycles),
        "--plain",
        "--no-rate",
        "--no-save",
    )
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=dict(env)
    )
    assert process.stdout is not None
    arrivals: list[float] = []
    buffer = b""
    fd = process.stdout.fileno()
    while True:
        chunk = os.read(fd, 4096)
        now = time.monotonic()
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        # Phase lines are "Inhale 1 s" / "Exhale 1 s"; the title and summary are not.
        arrivals += [now for line in lines if line.endswith(b" 1 s")]
    process.wait()
    if process.returncode != 0:
        raise SystemExit(f"breathe --plain failed ({process.returncode})")
    expected = cycles * phases_per_cycle(pattern)
    if len(arrivals) != expected:
        raise SystemExit(f"expected {expected} phase lines, got {len(arrivals)}")
    lengths = [float(part) for part in pattern.split("-") if float(part) > 0] * cycles
    starts = [sum(lengths[:index]) for index in range(len(lengths))]
    t0 = arrivals[0]
    return [arrival - t0 - start for arrival, start in zip(arrivals, starts, strict=True)]


# --------------------------------------------------------------------------- 2. CPU


@dataclass
class PtyRun:
    wall: float
    cpu: float  # user + system seconds of the child
    written: int = 0  # bytes the child wrote to the terminal

    @property
    def percent(self) -> float:
        """CPU as a share of one core over the run."""
        return 100 * self.cpu / self.wall


def run_in_pty(argv: Sequence[str], env: Mapping[str, str]) -> PtyRun:
    """Run ``argv`` on a fresh 80x24 pseudo-terminal, draining (and counting) its output."""
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.monotonic()
    process = subprocess.Popen(
        list(argv),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=dict(env),
        start_new_session=True,
    )
    os.close(follower)
    written = 0
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # EIO: the terminal closed with the child
                    break
                if not chunk:
                    break
                written += len(chunk)
            elif process.poll() is not None:
                break
    finally:
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        os.close(leader)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"animated session failed: {' '.join(argv)}")
    return PtyRun(wall, usage.ru_utime + usage.ru_stime, written)


def animated(pattern: str, cycles: int) -> list[str]:
    return stresscheck(
        "breathe", *rhythm(pattern), "--cycles", str(cycles), "--no-rate", "--no-save"
    )


# --------------------------------------------------------------------------- 4. one minute


def committed_view(ref: str, folder: str) -> str | None:
    """A copy of ``src`` with the breathing view of commit ``ref``; its path, or None.

    Only the view's files come from ``ref``: everything else is this tree, so
    the comparison is about the view alone. Compiled, as an installed wheel is.
    """
    root = HERE.parent
    target = Path(folder) / "src"
    shutil.copytree(
        root / "src", target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    changed = False
    for name in VIEW_FILES:
        done = subprocess.run(
            ["git", "-C", str(root), "show", f"{ref}:{name}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"   (no {name} in {ref}: {done.stderr.strip()})")
            return None
        copy = target.parent / name
        changed = changed or copy.read_text("utf-8") != done.stdout
        copy.write_text(done.stdout, "utf-8")
    if not changed:
        print(f"   ({ref} has the same breathing view as this tree)")
    compileall.compile_dir(str(target), quiet=1)
    return str(target)


def one_minute(env: Mapping[str, str], rounds: int, before_ref: str, quick: bool) -> None:
    length = ["--cycles", "1"] if quick else ["--minutes", "1"]
    argv = stresscheck("breathe", "resonance", *length, "--no-rate", "--no-save")
    with tempfile.TemporaryDirectory(prefix="bench-view-") as folder:
        before_src = committed_view(before_ref, folder)
        variants: dict[str, dict[str, str]] = {}
        if before_src is not None:
            variants[f"before ({before_ref})"] = {**env, "PYTHONPATH": before_src}
        variants["after (this tree)"] = {**env, "PYTHONPATH": str(HERE.parent / "src")}
        runs: dict[str, list[PtyRun]] = {name: [] for name in variants}
        for round_index in range(rounds):
            for name, variant_env in variants.items():
                run = run_in_pty(argv, variant_env)
                runs[name].append(run)
                print(
                    f"   round {round_index + 1} {name:<18} {run.percent:5.2f}% "
                    f"{run.written / 1000:7.1f} KB  ({run.cpu:.3f} s CPU in {run.wall:.1f} s)",
                    flush=True,
                )
    print(f"   {'median':<26} {'CPU % of a core':>16} {'KB written':>11} {'CPU s':>7}")
    for name, values in runs.items():
        percent = statistics.median(run.percent for run in values)
        kb = statistics.median(run.written for run in values) / 1000
        cpu = statistics.median(run.cpu for run in values)
        ok = percent <= MINUTE_CPU_TARGET_PERCENT and kb <= MINUTE_KB_TARGET
        judged = "(one cycle: a smoke test)" if quick else verdict(ok)
        print(f"   {name:<26} {percent:16.2f} {kb:11.1f} {cpu:7.3f}  {judged}")
    print(
        f"   (targets: at most {MINUTE_CPU_TARGET_PERCENT}% of a core and "
        f"{MINUTE_KB_TARGET:.0f} KB for the session)"
    )


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15, help="start-up rounds")
    parser.add_argument("--cycles", type=int, default=16, help="1-0-1 cycles (2 phases each)")
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a smoke test")
    parser.add_argument("--only", default="1,2,3,4", help="which parts to run, e.g. 4 or 1,2")
    parser.add_argument(
        "--session-rounds", type=int, default=3, help="rounds of the 1-minute session"
    )
    parser.add_argument(
        "--before", default="HEAD", help="the commit whose breathing view is 'before'"
    )
    options = parser.parse_args()
    cycles = 4 if options.quick else options.cycles
    parts = {part.strip() for part in options.only.split(",")}
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "STRESSCHECK_HOME": home,
            "LANG": "en_US.UTF-8",
            "TERM": "xterm-256color",
        }
        env.pop("COLUMNS", None)
        env.pop("NO_COLOR", None)
        # An installed package runs from compiled bytecode; without this the
        # warm-up rounds could not write it and every run would compile our
        # sources afresh, which is not what a person's computer does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        if "1" in parts:
            print(f"1. Phase starts vs schedule ({2 * cycles} phases of 1 s, --plain)")
            gaps = phase_gaps(env, cycles)
            worst = max(abs(g) for g in gaps) * 1000
            quarter = max(len(gaps) // 4, 1)
            first = statistics.mean(gaps[1 : 1 + quarter]) * 1000
            last = statistics.mean(gaps[-quarter:]) * 1000
            print(
                f"   largest gap            {worst:7.2f} ms   (target <= {GAP_TARGET_MS:.0f} ms) "
                f"{verdict(worst <= GAP_TARGET_MS)}"
            )
            print(f"   mean gap, first quarter {first:6.2f} ms")
            print(
                f"   mean gap, last quarter  {last:6.2f} ms   (growth {last - first:+.2f} ms) "
                f"{verdict(last - first <= 5)}"
            )

        if "2" in parts:
            session = ("1-0-1", 2) if options.quick else ("4-1-5", 2)  # 4 s / 20 s of breathing
            print(
                f"\n2. CPU of an animated session in a pty (--pattern {session[0]} "
                f"--cycles {session[1]}, plus the 3 s lead-in)"
            )
            long_run = run_in_pty(animated(*session), env)
            short_run = run_in_pty(animated("0.5-0-0.5", 1), env)
            percent = 100 * long_run.cpu / long_run.wall
            steady = 100 * (long_run.cpu - short_run.cpu) / (long_run.wall - short_run.wall)
            print(
                f"   whole run: {long_run.cpu:.3f} s CPU in {long_run.wall:.1f} s = {percent:.2f}% "
                f"of one core (target <= {CPU_TARGET_PERCENT:.0f}%) "
                f"{verdict(percent <= CPU_TARGET_PERCENT)}"
            )
            print(
                f"   1 s session: {short_run.cpu:.3f} s CPU in {short_run.wall:.1f} s "
                f"(start-up, lead-in, summary)"
            )
            print(f"   animation alone: {steady:.2f}% of one core")

        if "3" in parts:
            print("\n3. Start-up: exercises --json against the smallest Typer app")
            medians = compare(
                {
                    "minimal typer app": [python(), str(MINIMAL_APP)],
                    "stresscheck exercises --json": stresscheck("exercises", "--json"),
                },
                baseline="minimal typer app",
                rounds=3 if options.quick else options.rounds,
                env=env,
            )
            ratio = medians["stresscheck exercises --json"][0] / medians["minimal typer app"][0]
            print(
                f"   ratio {ratio:.2f}x (target <= {STARTUP_TARGET}x) "
                f"{verdict(ratio <= STARTUP_TARGET)}"
            )

        if "4" in parts:
            print(
                "\n4. The 1-minute animated session: resonance (5.5 s in, 5.5 s out, "
                "--minutes 1) at 80x24"
            )
            rounds = 1 if options.quick else options.session_rounds
            one_minute(env, rounds, options.before, options.quick)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
