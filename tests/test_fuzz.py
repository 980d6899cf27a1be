"""Fuzzing every file stresscheck reads: garbage in, a clean message out, data untouched.

Five kinds of file come in from outside: questionnaires, exercises, answers,
practice files and exports (to ``import``). For each, hypothesis generates

* structured garbage: the parsed seed file with keys deleted, renamed or
  duplicated and values swapped for other types and extreme numbers, written
  back as YAML or JSON;
* text garbage: the seed file's bytes with YAML punctuation, tabs, anchors,
  tags, NUL and invalid UTF-8 inserted, lines duplicated, the file cut short;
* byte garbage: arbitrary bytes, arbitrary text, and a list of known nasty
  documents (alias bombs, deep nesting, huge numbers, python tags, dates, sets).

Each case runs the real command line in-process (``stresscheck.__main__.main``,
the single exit point), against a data home that already holds a quiz and a
breathing session. The only allowed outcomes are success (exit 0) or exit 2
with a message on stderr that names the file, nothing on stdout, no traceback,
and the stored data byte for byte as it was. A handful of cases also run in a
real process.

The fast version (a few hundred cases, well under a minute) runs with the
suite. For a longer run set ``STRESSCHECK_FUZZ_EXAMPLES`` (cases per test)::

    STRESSCHECK_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py

The number of cases is printed at the end of the test run; with
``STRESSCHECK_FUZZ_REPORT=FILE`` it is also written there as JSON (CI uses it).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run_cli
from history_factories import quiz, session
from stresscheck.__main__ import main
from stresscheck.adapters.clock import SystemClock
from stresscheck.adapters.storage.store import Store
from stresscheck.context import packaged_data
from stresscheck.i18n import Translator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EN = Translator("en")
UNEXPECTED = EN("app.unexpected", error="", detail="").split("(")[0].strip()

LONG_RUN = int(os.environ.get("STRESSCHECK_FUZZ_EXAMPLES", "0") or 0)
TALLY: Counter[str] = Counter()  # cases per kind of file
OUTCOMES: Counter[int] = Counter()  # cases per exit code

pytestmark = [pytest.mark.timeout(0 if LONG_RUN else 120)]


def examples(default: int) -> int:
    """Cases per test: ``default``, or ``STRESSCHECK_FUZZ_EXAMPLES`` when set."""
    return LONG_RUN or default


# --------------------------------------------------------------------------- report


class _FuzzReport:
    """Prints the number of cases at the end of the run (and writes it for CI)."""

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not TALLY:
            return
        total = sum(TALLY.values())
        parts = ", ".join(f"{name} {count}" for name, count in sorted(TALLY.items()))
        accepted, refused = OUTCOMES[0], OUTCOMES[2]
        terminalreporter.write_sep(
            "-", f"fuzz: {total} cases ({parts}); {accepted} accepted, {refused} refused (exit 2)"
        )
        target = os.environ.get("STRESSCHECK_FUZZ_REPORT")
        if target:
            Path(target).write_text(
                json.dumps(
                    {
                        "total": total,
                        "accepted": accepted,
                        "refused": refused,
                        "cases": dict(sorted(TALLY.items())),
                    },
                    indent=2,
                ),
                "utf-8",
            )


@pytest.fixture(scope="session", autouse=True)
def _fuzz_report(pytestconfig: pytest.Config) -> None:
    name = "stresscheck-fuzz-report"
    if not pytestconfig.pluginmanager.has_plugin(name):
        pytestconfig.pluginmanager.register(_FuzzReport(), name)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def invoke(args: Sequence[str | Path], stdin: bytes = b"") -> Outcome:
    """Run ``stresscheck ARGS`` in this process through the single exit point."""
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    code: Any = None
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _replaced_stdin(fake_stdin),
    ):
        try:
            main([*map(str, args), "--lang", "en"])
        except SystemExit as stop:
            code = stop.code
    return Outcome(code if isinstance(code, int) else -1, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _replaced_stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


def stored(home: Path) -> dict[str, bytes]:
    """Every stored file's bytes (the history database, the practice set up)."""
    if not home.exists():
        return {}
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal"))
    }


def names_a_file(err: str, args: Sequence[str | Path]) -> bool:
    """Whether the message names a file the command was given, or (for a practice
    file) one in its folder that it names."""
    files = [arg for arg in args if isinstance(arg, Path)]
    return any(str(path) in err for path in files) or any(
        path.name == "practice.yaml" and str(path.parent) in err for path in files
    )


def check(
    outcome: Outcome,
    args: Sequence[str | Path],
    home: Path,
    before: dict[str, bytes],
    what: str,
) -> None:
    """The contract's error standard for one case."""
    OUTCOMES[outcome.code] += 1
    shown = outcome.out + outcome.err
    assert "Traceback" not in shown, shown
    assert UNEXPECTED not in outcome.err, outcome.err
    assert outcome.code in (0, 2), f"{what}: exit {outcome.code}\n{outcome.err}"
    if outcome.code == 2:
        assert outcome.err.strip(), f"{what}: exit 2 without a message"
        assert names_a_file(outcome.err, args), f"{what}: no file is named\n{outcome.err}"
        assert outcome.out == "", f"{what}: data on stdout after an error\n{outcome.out}"
        assert stored(home) == before, f"{what}: a bad file changed stored data"


# --------------------------------------------------------------------------- strategies

# An alias bomb: nine levels of nine references (387 million leaves if expanded).
ALIAS_BOMB = b"a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n".encode() for i in range(1, 10)
)
DEEP = b"[" * 5000 + b"]" * 5000

NASTY: list[bytes] = [
    b"",
    b"null\n",
    b"[]\n",
    b"42\n",
    b'"just a string"\n',
    b"\xef\xbb\xbf{}\n",  # a UTF-8 BOM
    b"\xff\xfe{\x00}\x00",  # UTF-16
    b"\x00\x01\x02binary",
    b"a: \xff\xfe\n",
    b"\t- tab: indented\n",
    b"a: 1\na: 2\n",
    b"{a: 1, a: 2}\n",
    b"? [1, 2]\n: complex key\n",
    b"a: &x [1]\nb: *undefined\n",
    b"<<: *nothing\n",
    b"--- \n...\n---\nsecond: document\n",
    b"%YAML 9.9\n---\na: 1\n",
    b"a: !!python/object/apply:os.system ['echo owned']\n",
    b"!!python/name:os.system\n",
    b"a: !!binary aGVsbG8=\n",
    b"a: !!set {x, y}\n",
    b"a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\n",
    b"a: .nan\nb: .inf\nc: -.inf\n",
    b"a: " + b"9" * 5000 + b"\n",
    b"a: 1e999999\n",
    DEEP,
    b"{a: " * 3000 + b"1" + b"}" * 3000,
    ALIAS_BOMB,
    b"questions:\n  - id: q\n    text: \x85\xa0\n",
    b"\xed\xa0\x80\n",  # an encoded surrogate: not UTF-8
    "exercises: [{id: 'é', title: '\u202e\u200b', phases: []}]\n".encode(),
    b"questions: [" + b"{id: q}, " * 20000 + b"]\n",
]

_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.sampled_from([0, -1, 0.4, 0.5, 1e308, 10**30, 2**63, -(2**63) - 1, 10**400])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["", "inhale", "hold", "resonance", "urgent", "nl", "en", "-", "..", "/"])
)
json_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
INSERTS = [
    b":",
    b": ",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!str ",
    b"\t",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\n",
    b"\r",
    b"'",
    b'"',
    b"#",
    b"<<: *a\n",
    b"---\n",
    b"? ",
    b"|",
    b">",
    b"%",
    b"@",
    b"`",
    b"\\",
    b"\xe2\x80\xa8",
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_data(draw: st.DrawFn, seed: Any) -> Any:
    """The seed with one to three structural mutations."""
    data = copy.deepcopy(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(list(_paths(data))))
        operation = draw(st.sampled_from(["replace", "delete", "retype", "duplicate", "rename"]))
        if not path:
            if operation in ("replace", "retype"):
                data = draw(json_values)
            continue
        parent, last = _get(data, path[:-1]), path[-1]
        node = parent[last]
        if operation == "replace":
            parent[last] = draw(json_values)
        elif operation == "delete":
            del parent[last]
        elif operation == "retype":
            parent[last] = draw(
                st.sampled_from(
                    [str(node), [node], {"value": node}, None, 0, -1, 0.4, True, "", 10**400]
                )
            )
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(node))
        elif operation == "rename" and isinstance(parent, dict):
            new_key = draw(st.text(max_size=10) | st.sampled_from(["id", "ID", " id", "en", "nl"]))
            del parent[last]
            parent[new_key] = node
    return data


def serialise(data: Any, how: str) -> bytes:
    if how == "json":
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if how == "yaml-flow":
        return yaml.safe_dump(data, default_flow_style=True, allow_unicode=True).encode("utf-8")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def structured(seed: Any) -> st.SearchStrategy[bytes]:
    return st.builds(serialise, mutated_data(seed), st.sampled_from(["yaml", "json", "yaml-flow"]))


@st.composite
def text_mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed's bytes with one to four textual mutations."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        operation = draw(
            st.sampled_from(["insert", "delete", "replace", "truncate", "line", "indent"])
        )
        if operation == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS) | st.binary(min_size=1, max_size=6))
        elif operation == "delete":
            del data[at : at + draw(st.integers(min_value=1, max_value=40))]
        elif operation == "replace" and at < len(data):
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif operation == "truncate":
            del data[at:]
        elif operation in ("line", "indent"):
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
            if operation == "line":
                lines.insert(index, lines[index])
            else:
                lines[index] = draw(st.sampled_from([b" ", b"  ", b"\t", b"    "])) + lines[index]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def garbage() -> st.SearchStrategy[bytes]:
    return (
        st.binary(max_size=300)
        | st.text(max_size=200).map(lambda text: text.encode("utf-8"))
        | st.sampled_from(NASTY)
    )


# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    """One kind of file: its seed, where a case is written, and the commands that read it."""

    name: str
    seed: bytes
    path: Path
    commands: list[list[str | Path]]
    changes_data_on_success: bool = False


@pytest.fixture
def world(stresscheck_home: Path, tmp_path: Path) -> dict[str, Target]:
    """A data home with a quiz and a session in it, and the five kinds of target."""
    with Store.open(stresscheck_home / "history.sqlite3") as store:
        store.save_quiz(quiz(day=0))
        store.save_session(session(day=1))
    folder = tmp_path / "fuzz files"  # a space, as in many real folders
    folder.mkdir()
    for name in ("questionnaire.yaml", "exercises.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)  # what practice.yaml names
    exercises_ok = folder / "exercises.yaml"
    answers = folder / "valid-answers.yaml"
    shutil.copy(EXAMPLES / "answers.yaml", answers)
    export = invoke(["export", "--format", "json"])
    assert export.code == 0, export.err
    questions = folder / "questions under test.yaml"
    exercises = folder / "exercises under test.yaml"
    answers_case = folder / "answers under test.yaml"
    practice = folder / "practice.yaml"
    backup = folder / "backup under test.json"
    # The example questionnaire advises the example exercises.
    quiz_with: list[str | Path] = ["quiz", "--no-save", "--exercises", exercises_ok, "--questions"]
    return {
        "questionnaire": Target(
            "questionnaire",
            (EXAMPLES / "questionnaire.yaml").read_bytes(),
            questions,
            [
                ["validate", questions, "--exercises", exercises_ok],
                [*quiz_with, questions, "--answers", answers, "--json"],
            ],
        ),
        "exercises": Target(
            "exercises",
            (EXAMPLES / "exercises.yaml").read_bytes(),
            exercises,
            [["validate", exercises], ["exercises", "--exercises", exercises, "--json"]],
        ),
        "answers": Target(
            "answers",
            (EXAMPLES / "answers.yaml").read_bytes(),
            answers_case,
            [[*quiz_with, folder / "questionnaire.yaml", "--answers", answers_case, "--json"]],
        ),
        "practice": Target(
            "practice",
            (EXAMPLES / "practice.yaml").read_bytes(),
            practice,
            [["validate", practice], ["setup", practice]],
            changes_data_on_success=True,
        ),
        "import": Target(
            "import",
            export.out.encode("utf-8"),
            backup,
            [["import", backup]],
            changes_data_on_success=True,
        ),
    }


def fuzz(target: Target, home: Path, strategy: st.SearchStrategy[bytes], count: int) -> None:
    """Run ``count`` generated cases against every command that reads ``target``."""
    before = stored(home)

    @settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(content=strategy, which=st.integers(min_value=0, max_value=len(target.commands) - 1))
    def one_case(content: bytes, which: int) -> None:
        nonlocal before
        TALLY[target.name] += 1
        target.path.write_bytes(content)
        args = target.commands[which]
        outcome = invoke(args)
        check(outcome, args, home, before, f"{target.name} via {args[0]}")
        if outcome.code == 0 and target.changes_data_on_success:
            before = stored(home)

    one_case()


KINDS = ["questionnaire", "exercises", "answers", "practice", "import"]


def seed_data(target: Target) -> Any:
    return yaml.safe_load(target.seed.decode("utf-8"))


@pytest.mark.parametrize("kind", KINDS)
def test_structured_garbage(world: dict[str, Target], stresscheck_home: Path, kind: str) -> None:
    target = world[kind]
    fuzz(target, stresscheck_home, structured(seed_data(target)), examples(60))


@pytest.mark.parametrize("kind", KINDS)
def test_text_garbage(world: dict[str, Target], stresscheck_home: Path, kind: str) -> None:
    target = world[kind]
    fuzz(target, stresscheck_home, text_mutated(target.seed), examples(40))


@pytest.mark.parametrize("kind", KINDS)
def test_byte_garbage(world: dict[str, Target], stresscheck_home: Path, kind: str) -> None:
    target = world[kind]
    fuzz(target, stresscheck_home, garbage(), examples(30))


def test_the_default_files_survive_structured_garbage(
    world: dict[str, Target], stresscheck_home: Path, tmp_path: Path
) -> None:
    """The shipped questionnaire and exercises, the largest seeds, mutated too."""
    for name, kind in (("questions.yaml", "questionnaire"), ("exercises.yaml", "exercises")):
        seed = packaged_data(name).read_bytes()
        target = world[kind]
        fuzz(
            Target(f"default {kind}", seed, target.path, target.commands),
            stresscheck_home,
            structured(yaml.safe_load(seed.decode("utf-8"))) | text_mutated(seed),
            examples(25),
        )


@pytest.mark.parametrize("kind", KINDS)
def test_every_nasty_document_is_refused_cleanly(
    world: dict[str, Target], stresscheck_home: Path, kind: str
) -> None:
    """The known nasty documents, each against every command (not left to chance)."""
    target = world[kind]
    before = stored(stresscheck_home)
    for content in NASTY:
        target.path.write_bytes(content)
        for args in target.commands:
            TALLY[kind] += 1
            outcome = invoke(args)
            check(outcome, args, stresscheck_home, before, f"{kind} via {args[0]}")
            if outcome.code == 0 and target.changes_data_on_success:
                before = stored(stresscheck_home)


def test_a_file_too_large_is_refused(world: dict[str, Target], stresscheck_home: Path) -> None:
    before = stored(stresscheck_home)
    for kind in KINDS:
        target = world[kind]
        target.path.write_bytes(b"# padding\n" * 1_100_000)  # 11 MB
        for args in target.commands:
            TALLY[kind] += 1
            outcome = invoke(args)
            check(outcome, args, stresscheck_home, before, f"{kind} via {args[0]}")
            assert outcome.code == 2


# --------------------------------------------------------------------------- real processes

REAL: list[tuple[str, bytes]] = [
    ("questionnaire", b"\x00\x01\x02binary"),
    ("questionnaire", DEEP),
    ("exercises", b"exercises: [{id: x, phases: [{kind: inhale, seconds: 1e999999}]}]\n"),
    ("answers", b"a: " + b"9" * 5000 + b"\n"),
    ("practice", b"practice: {name: x}\nquestions: ../../../../etc/passwd\n"),
    ("import", b'{"format_version": 1, "quizzes": [{"id": "x"}], "sessions": []}'),
    ("import", ALIAS_BOMB),
]


@pytest.mark.parametrize(
    ("kind", "content"), REAL, ids=[f"{k}-{i}" for i, (k, _) in enumerate(REAL)]
)
def test_garbage_in_a_real_process(
    world: dict[str, Target], stresscheck_home: Path, kind: str, content: bytes
) -> None:
    target = world[kind]
    before = stored(stresscheck_home)
    target.path.write_bytes(content)
    for args in target.commands:
        TALLY[kind] += 1
        done = run_cli(args, stresscheck_home)
        outcome = Outcome(done.returncode, done.stdout, done.stderr)
        check(outcome, args, stresscheck_home, before, f"{kind} via {args[0]}")


def test_garbage_answers_on_stdin_name_stdin(stresscheck_home: Path) -> None:
    before = stored(stresscheck_home)
    for content in (b"\xff\xfe", b"[1, 2", b"nope: 3\n"):
        done = run_cli(
            ["quiz", "--answers", "-", "--json", "--no-save"], stresscheck_home, stdin=content
        )
        TALLY["answers"] += 1
        OUTCOMES[done.returncode] += 1
        assert done.returncode == 2, done.stderr
        assert "<stdin>" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
        assert stored(stresscheck_home) == before


# --------------------------------------------------------------------------- helpers' own checks


def test_the_seeds_themselves_are_accepted(
    world: dict[str, Target], stresscheck_home: Path
) -> None:
    """Mutations start from valid files, so every command reads its seed without complaint."""
    for target in world.values():
        target.path.write_bytes(target.seed)
        for args in target.commands:
            outcome = invoke(args)
            assert outcome.code == 0, (target.name, args, outcome.err)


# --------------------------------------------------------------------------- text fields


# What an attacker writes into a title, a label or a practice name (issue 11, class 1):
# a title change, a screen clear, a clipboard write, a spoofed link, a hidden cursor,
# the bell, C1's one-byte CSI and a bidi override.
INJECTIONS = [
    "\x1b]0;PWNED-TITLE\x07",
    "\x1b[2J",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[?25l",
    "\x07",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\r",
]
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def hostile_text() -> st.SearchStrategy[str]:
    piece = st.sampled_from(INJECTIONS) | st.text(min_size=1, max_size=6)
    return st.lists(piece, min_size=1, max_size=4).map("".join).filter(lambda s: s.strip())


@st.composite
def with_hostile_texts(draw: st.DrawFn, seed: Any, keep_ids: frozenset[str] = frozenset()) -> bytes:
    """The seed with every text leaf that is not an id or a choice made hostile
    (``keep_ids`` holding "uid": records get new ids, so an import stores them)."""
    keep = {"id", "kind", "level", "scale", "domain", "advice", "scoring", "type"}
    keep |= {"answer", "questions", "exercises", "language", "lang", "at", "status", "uid"}

    def walk(value: Any, key: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key == "id" and isinstance(value, str) and "uid" in keep_ids:
            # A record id of its own, or import skips it as already stored.
            return draw(st.uuids()).hex
        if isinstance(value, str) and key not in keep and draw(st.booleans()):
            return draw(hostile_text())
        return value

    return json.dumps(walk(copy.deepcopy(seed), None), ensure_ascii=False).encode("utf-8")


def shown_safely(outcome: Outcome, what: str) -> None:
    shown = outcome.out + outcome.err
    for character in FORBIDDEN:
        assert character not in shown, f"{what}: {character!r} reached the output\n{shown!r}"


@pytest.fixture
def instant_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The breathing sessions run here pass at once: the system clock's waits only
    move its time on. What is checked is what they show, not their pace; in real
    time each valid exercises file cost a 14-second session, and the test's time
    swung from half a minute to past its two-minute limit with how many there were."""
    waited = [0.0]

    def sleep(_clock: SystemClock, seconds: float) -> None:
        waited[0] += max(seconds, 0.0)

    monkeypatch.setattr(SystemClock, "sleep", sleep)
    monkeypatch.setattr(SystemClock, "monotonic", lambda _clock: time.monotonic() + waited[0])


@pytest.mark.parametrize("kind", KINDS)
def test_hostile_text_never_reaches_the_terminal(
    world: dict[str, Target], stresscheck_home: Path, kind: str, instant_sessions: None
) -> None:
    """Whatever a text field holds, no escape, bell, C1 control or bidi override is
    printed: not by the command that reads the file, nor by those that show it later."""
    target = world[kind]
    seed = seed_data(target)
    folder = target.path.parent
    later: dict[str, list[list[str | Path]]] = {
        "questionnaire": [
            [
                "quiz",
                "--no-save",
                "--plain",
                "--exercises",
                folder / "exercises.yaml",
                "--questions",
                target.path,
                "--answers",
                folder / "valid-answers.yaml",
            ],
        ],
        "exercises": [
            ["exercises", "--exercises", target.path],
            ["exercises", "show", "rustig_uit", "--exercises", target.path],
            [
                "breathe",
                "rustig_uit",
                "--exercises",
                target.path,
                "--cycles",
                "1",
                "--plain",
                "--no-rate",
                "--no-save",
            ],
        ],
        "practice": [["setup", "--show"]],
        "import": [["history"], ["history", "--json"], ["report", "--format", "md", "-o", "-"]],
        "answers": [],
    }

    @settings(max_examples=examples(25), deadline=None, suppress_health_check=list(HealthCheck))
    @given(content=with_hostile_texts(seed, frozenset({"uid"} if kind == "import" else ())))
    def one_case(content: bytes) -> None:
        TALLY["text fields"] += 1
        target.path.write_bytes(content)
        for args in [*target.commands, *later[kind]]:
            outcome = invoke(args)
            OUTCOMES[outcome.code] += 1
            assert "Traceback" not in outcome.err and UNEXPECTED not in outcome.err, outcome.err
            shown_safely(outcome, f"{kind} via {' '.join(map(str, args[:2]))}")

    one_case()
