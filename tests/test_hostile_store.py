"""The history store in broken surroundings: read-only, full, damaged, with odd files beside it.

Issue 11, class 4 (folders and disks) and the parsed-file cache. Reading
commands work whatever cannot be written (they open the file read-only, or as
immutable, and never need a -wal or -shm made for them); writes stay
all-or-nothing and a refusal names the real cause and its fix. A damaged file
is never shown as fine: ``history``, ``export`` and ``report`` check every page.

The real program runs in a subprocess throughout. A full disk is a small
tmpfs (mounting one needs root) or, failing that, a file size limit of 0
bytes (``RLIMIT_FSIZE``): either way nothing can be written anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from helpers import IS_ROOT, cli_env, command, read_only
from history_factories import quiz, session
from stresscheck.adapters.storage import migrations
from stresscheck.adapters.storage.store import Store
from stresscheck.core.history import History
from stresscheck.i18n import Translator

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file systems")

EN = Translator("en")
DATABASE = "history.sqlite3"
ANSWERS = "tension_1: 4\ntension_2: 4\nduration: 4\n"
UNEXPECTED = EN("app.unexpected", error="", detail="").split("(")[0].strip()
READING: list[list[str | os.PathLike[str]]] = [
    ["history"],
    ["history", "--json"],
    ["history", "--all", "--plain"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
]


def run(
    args: Sequence[str | os.PathLike[str]],
    home: Path,
    *,
    stdin: str = "",
    preexec: Callable[[], None] | None = None,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*command(), *map(str, args)],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=cli_env(home, **env),
        timeout=60,
        check=False,
        preexec_fn=preexec,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and UNEXPECTED not in stderr, stderr
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), stderr
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with its content's digest."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def fill(home: Path, quizzes: int = 3, sessions: int = 2) -> History:
    with Store.open(home / DATABASE) as store:
        store.import_history(
            History(
                quizzes=tuple(quiz(day=i) for i in range(quizzes)),
                sessions=tuple(session(day=i + 0.5) for i in range(sessions)),
            )
        )
        return store.history()


def take_quiz(home: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run(["quiz", "--answers", "-", "--json"], home, stdin=ANSWERS, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """Make one file read-only, even for root (who ignores permission bits)."""
    if IS_ROOT:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("this file system cannot make a file read-only for root")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=False)
    else:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)


def assert_reads(home: Path, history: History, report: Path, **kwargs: object) -> None:
    """Every reading command works and shows what is stored; the report goes to ``report``."""
    for args in READING:
        done = run(args, home, **kwargs)  # type: ignore[arg-type]
        assert done.returncode == 0, (args, done.stderr)
        if args == ["history", "--json"]:
            assert json.loads(done.stdout) == history.to_json()
    done = run(["report", "--format", "md", "-o", report], home, **kwargs)  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    assert report.exists()


# --------------------------------------------------------------------------- read-only folder


def test_a_read_only_folder_can_still_be_read(stresscheck_home: Path, tmp_path: Path) -> None:
    history = fill(stresscheck_home)
    before = listing(stresscheck_home)
    database = stresscheck_home / DATABASE
    with read_only(stresscheck_home):
        assert_reads(stresscheck_home, history, tmp_path / "report.md")
        saving = take_quiz(stresscheck_home)
        assert saving.returncode == 1
        folder = str(stresscheck_home)
        assert EN("store.read_only", path=str(database), folder=folder) in saving.stderr
    assert listing(stresscheck_home) == before


def test_a_read_only_database_file_is_named_as_such(stresscheck_home: Path, tmp_path: Path) -> None:
    history = fill(stresscheck_home)
    database = stresscheck_home / DATABASE
    before = listing(stresscheck_home)
    with read_only_file(database):
        assert_reads(stresscheck_home, history, tmp_path / "report.md")
        saving = take_quiz(stresscheck_home)
        assert saving.returncode == 1
        assert EN("store.file_read_only", path=str(database)) in saving.stderr
        folder = str(stresscheck_home)
        assert EN("store.read_only", path=str(database), folder=folder) not in saving.stderr
    assert listing(stresscheck_home) == before  # no -wal or -shm left behind


def test_an_older_database_in_a_read_only_folder_is_read_through_a_copy(
    stresscheck_home: Path,
) -> None:
    """Bringing it up to date would write: it is done in memory instead; the file stays."""
    stresscheck_home.mkdir()
    database = stresscheck_home / DATABASE
    old = session(day=1)
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as db:
        migrations.migrate(db, upto=1)
        db.execute(
            "INSERT INTO sessions (uid, at, exercise_id, planned_seconds, actual_seconds,"
            " cycles_planned, cycles_completed, completed, tension_before, tension_after)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (old.uid, old.at.isoformat(), "resonance", 300, 300, 27, 27, 1, 6, 4),
        )
    before = listing(stresscheck_home)
    with read_only(stresscheck_home):
        done = run(["history", "--json"], stresscheck_home)
        assert done.returncode == 0, done.stderr
        assert [s["id"] for s in json.loads(done.stdout)["sessions"]] == [old.uid]
        assert run(["history"], stresscheck_home).returncode == 0
    assert listing(stresscheck_home) == before


def test_changes_waiting_in_a_log_that_cannot_be_read_are_named(stresscheck_home: Path) -> None:
    """A -wal with committed changes but no -shm, in a read-only folder: reading the file
    alone would miss those changes, so the message says what to do instead."""
    fill(stresscheck_home)
    database = stresscheck_home / DATABASE
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE sessions SET tension_after = 1")
        wal = Path(f"{database}-wal")
        kept = wal.read_bytes(), database.read_bytes()
    # As a crash leaves them: the log still full, its index gone.
    wal.write_bytes(kept[0])
    database.write_bytes(kept[1])
    Path(f"{database}-shm").unlink(missing_ok=True)
    before = listing(stresscheck_home)
    with read_only(stresscheck_home):
        done = run(["history", "--json"], stresscheck_home)
    assert done.returncode == 1
    assert str(wal) in done.stderr and "writable" in done.stderr
    assert listing(stresscheck_home) == before


# --------------------------------------------------------------------------- a full disk


def _no_file_may_grow() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


@pytest.fixture(params=["tmpfs", "file-size-limit"])
def full_disk(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A data home with a history in it where nothing more can be written."""
    if request.param == "file-size-limit":
        home = tmp_path / "home"
        fill(home)
        yield home, _no_file_may_grow
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (the file size limit case still runs)")
    try:
        home = disk / "home"
        fill(home)
        with contextlib.suppress(OSError), (disk / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        yield home, None
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_still_lets_a_person_rescue_their_data(
    full_disk: tuple[Path, Callable[[], None] | None], tmp_path: Path
) -> None:
    home, limit = full_disk
    with Store.open(home / DATABASE) as store:
        history = store.history()
    before = listing(home)
    for args in READING:
        done = run(args, home, preexec=limit)
        assert done.returncode == 0, (args, done.stderr)
        if args == ["history", "--json"]:
            assert json.loads(done.stdout) == history.to_json()
    if limit is None:  # the file size limit would stop this file too
        rescued = tmp_path / "rescued.json"
        done = run(["export", "--format", "json", "-o", rescued], home)
        assert done.returncode == 0, done.stderr
        assert json.loads(rescued.read_text("utf-8"))["quizzes"] == history.to_json()["quizzes"]
    assert listing(home) == before


def test_a_full_disk_saves_nothing_and_says_so(
    full_disk: tuple[Path, Callable[[], None] | None],
) -> None:
    home, limit = full_disk
    before = listing(home)
    saving = take_quiz(home, preexec=limit)
    assert saving.returncode == 1
    assert "Nothing was saved" in saving.stderr and str(home / DATABASE) in saving.stderr
    if limit is None:
        assert EN("store.disk_full", path=str(home / DATABASE)) in saving.stderr
    here = run(["export", "--format", "json", "-o", home / "export.json"], home, preexec=limit)
    assert here.returncode == 1 and str(home / "export.json") in here.stderr
    assert listing(home) == before


def test_a_read_only_disk_is_named(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    ).returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        home = disk / "home"
        history = fill(home)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert_reads(home, history, tmp_path / "report.md")
        saving = take_quiz(home)
        assert saving.returncode == 1
        assert EN("store.read_only_disk", path=str(home / DATABASE)) in saving.stderr
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# --------------------------------------------------------------------------- damage


def _damage_the_middle(path: Path, seed: int) -> None:
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    middle = len(data) // 2 - 2048
    data[middle : middle + 4096] = rng.randbytes(4096)
    path.write_bytes(bytes(data))


def _malformed(path: Path) -> bool:
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        try:
            return db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        except sqlite3.DatabaseError:
            return True


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_in_the_middle_are_never_shown_as_fine(
    stresscheck_home: Path, tmp_path: Path, seed: int
) -> None:
    fill(stresscheck_home, quizzes=500, sessions=500)
    database = stresscheck_home / DATABASE
    assert 400_000 < database.stat().st_size < 520_000  # as in the attack run: 446 KB
    _damage_the_middle(database, seed)
    assert _malformed(database)
    before = listing(stresscheck_home)
    report = tmp_path / "report.html"
    every: list[list[str | os.PathLike[str]]] = [*READING, ["report", "-o", report]]
    for args in every:
        done = run(args, stresscheck_home)
        assert done.returncode == 1, args
        assert EN("store.corrupt", path=str(database), backup=f"{DATABASE}.damaged") in (
            done.stderr
        ), args
        assert done.stdout == ""
    assert not report.exists()
    assert listing(stresscheck_home) == before


def test_a_damaged_history_leaves_nothing_beside_it_however_the_reads_interleave(
    stresscheck_home: Path,
) -> None:
    """The first look at a WAL-mode file already makes SQLite create a -wal and
    -shm; when the file then turns out damaged, those are tidied, whichever of
    the reader and the whole-file check closes last (that order varies from run
    to run, so each command runs a few times)."""
    fill(stresscheck_home, quizzes=500, sessions=500)
    database = stresscheck_home / DATABASE
    _damage_the_middle(database, 1)
    before = listing(stresscheck_home)
    for args in (["history", "--json"], ["export", "--format", "json"]) * 4:
        done = run(args, stresscheck_home)
        assert done.returncode == 1, args
        assert listing(stresscheck_home) == before, args


@pytest.mark.parametrize("page", [20, 40])
def test_damage_the_view_does_not_read_is_still_found(stresscheck_home: Path, page: int) -> None:
    """``history`` and ``report`` read the newest quizzes and sums kept beside them; an
    old quiz's page is checked all the same."""
    fill(stresscheck_home, quizzes=300, sessions=0)
    database = stresscheck_home / DATABASE
    data = bytearray(database.read_bytes())
    data[page * 4096 : (page + 1) * 4096] = b"\xff" * 4096
    database.write_bytes(bytes(data))
    for args in (["history"], ["report", "--format", "md", "-o", "-"]):
        done = run(args, stresscheck_home)
        assert done.returncode == 1 and "damaged" in done.stderr, args
        assert done.stdout == ""


def test_a_file_that_passed_is_checked_again_once_it_changes(
    stresscheck_home: Path, tmp_path: Path
) -> None:
    """An unchanged file that passed is not read whole twice (the note in the cache
    folder); any write to it, however made, changes its change time: checked again."""
    import time

    cache = tmp_path / "cache"
    fill(stresscheck_home, quizzes=500, sessions=500)
    time.sleep(2.2)  # a check in the same clock tick as the last write is not noted
    database = stresscheck_home / DATABASE
    for _ in range(2):
        done = run(
            ["report", "-o", tmp_path / "r.md"], stresscheck_home, STRESSCHECK_CACHE=str(cache)
        )
        assert done.returncode == 0, done.stderr
    assert list(cache.glob("note-checked-*.json"))
    _damage_the_middle(database, 1)  # as a stray program would: the size stays the same
    assert _malformed(database)
    again: list[list[str | os.PathLike[str]]] = [["history"], ["report", "-o", tmp_path / "r2.md"]]
    for args in again:
        done = run(args, stresscheck_home, STRESSCHECK_CACHE=str(cache))
        assert done.returncode == 1 and "damaged" in done.stderr, args


# --------------------------------------------------------------------------- files beside it


EVERY_COMMAND: list[list[str | os.PathLike[str]]] = [
    *READING,
    ["report", "--format", "md", "-o", "-"],
    ["quiz", "--answers", "-", "--json"],
    ["breathe", "--pattern", "4-0-6", "--cycles", "1", "--no-rate"],
]


def test_a_garbage_journal_is_named_by_every_command(stresscheck_home: Path) -> None:
    fill(stresscheck_home)
    journal = stresscheck_home / f"{DATABASE}-journal"
    journal.write_bytes(random.Random(7).randbytes(3000))
    journal.chmod(0o600)
    before = listing(stresscheck_home)
    expected = EN(
        "store.journal_foreign",
        path=str(stresscheck_home / DATABASE),
        journal=str(journal),
        backup=f"{journal.name}.damaged",
    )
    for args in EVERY_COMMAND:
        done = run(args, stresscheck_home, stdin=ANSWERS)
        assert done.returncode == 1, (args, done.stderr)
        assert expected in done.stderr, args
        assert "read-only" not in done.stderr
    assert listing(stresscheck_home) == before


def _interrupted_write(home: Path) -> History:
    """A history whose last write was cut off mid-way: SQLite's own -journal is left."""
    history = fill(home, quizzes=0, sessions=2000)
    database = home / DATABASE
    with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = DELETE")
    cut_off = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA cache_size = 2')\n"  # spill into the file before committing
        "db.execute('BEGIN')\n"
        "db.execute('UPDATE sessions SET tension_after = 9')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", cut_off, str(database)], check=True)
    assert Path(f"{database}-journal").stat().st_size > 0
    return history


def test_an_interrupted_write_is_undone_before_reading(stresscheck_home: Path) -> None:
    history = _interrupted_write(stresscheck_home)
    done = run(["history", "--json"], stresscheck_home)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == history.to_json()  # the half-made change is gone


def test_an_interrupted_write_in_a_read_only_folder_says_what_is_needed(
    stresscheck_home: Path,
) -> None:
    _interrupted_write(stresscheck_home)
    before = listing(stresscheck_home)
    with read_only(stresscheck_home):
        done = run(["history", "--json"], stresscheck_home)
    assert done.returncode == 1
    journal = stresscheck_home / f"{DATABASE}-journal"
    assert (
        EN(
            "store.journal_pending",
            path=str(stresscheck_home / DATABASE),
            journal=str(journal),
            folder=str(stresscheck_home),
        )
        in done.stderr
    )
    assert listing(stresscheck_home) == before


def test_a_log_that_is_a_link_is_named_by_every_command(
    stresscheck_home: Path, tmp_path: Path
) -> None:
    fill(stresscheck_home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    wal = stresscheck_home / f"{DATABASE}-wal"
    wal.symlink_to(elsewhere)
    for args in EVERY_COMMAND:
        done = run(args, stresscheck_home, stdin=ANSWERS)
        assert done.returncode == 1, (args, done.stderr)
        assert str(wal) in done.stderr and "link" in done.stderr, args
        assert "read-only" not in done.stderr
    assert wal.is_symlink() and elsewhere.read_bytes() == b""


# --------------------------------------------------------------------------- the cache


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*.json"))


def _quiz_result(home: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    done = run(
        ["quiz", "--answers", "-", "--json", "--no-save"],
        home,
        stdin=ANSWERS,
        STRESSCHECK_CACHE=str(cache),
    )
    assert done.returncode == 0, done.stderr
    return done


def _wrong_types(path: Path) -> None:
    head, _, body = path.read_bytes().partition(b"\n")
    entry = json.loads(body)
    entry["result"]["version"] = "one"
    entry["result"]["questions"][0]["options"] = 5
    path.write_bytes(head + b"\n" + json.dumps(entry).encode())


def _deep(path: Path) -> None:
    path.write_bytes(b'{"source": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")


def _deep_and_sealed(path: Path) -> None:
    """Deep nesting that even carries a seal that fits (as only a deliberate edit could)."""
    import zlib

    body = b'{"source": "", "result": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    path.write_bytes(b"stresscheck-cache %08x %d\n%s" % (zlib.crc32(body), len(body), body))


def _huge(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no room


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(b"{not json"),
        lambda path: path.write_bytes(b""),
        _wrong_types,
        _deep,
        _deep_and_sealed,
        _huge,
        _folder,
    ],
    ids=["truncated", "not-json", "empty", "wrong-types", "deep", "deep-sealed", "huge", "folder"],
)
def test_a_damaged_cache_entry_is_rebuilt(
    stresscheck_home: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    cache = tmp_path / "cache"
    expected = _quiz_result(stresscheck_home, cache).stdout
    (entry,) = _entries(cache, "questionnaire")
    good = entry.read_bytes()
    damage(entry)
    for _ in range(2):  # and the run after it: never broken until deleted by hand
        assert _quiz_result(stresscheck_home, cache).stdout == expected
    if entry.is_file():
        assert entry.read_bytes() == good  # rebuilt from the source file and written anew


def test_damaged_message_entries_are_rebuilt(stresscheck_home: Path, tmp_path: Path) -> None:
    """The catalogue is cached too: a damaged one must not garble or break any message."""
    cache = tmp_path / "cache"
    _quiz_result(stresscheck_home, cache)
    for entry in _entries(cache, "messages-en"):
        _wrong_types_in_catalogue(entry)
    done = run(["validate", "/nonexistent"], stresscheck_home, STRESSCHECK_CACHE=str(cache))
    assert done.returncode == 2
    assert "/nonexistent" in done.stderr and "files." not in done.stderr


def _wrong_types_in_catalogue(path: Path) -> None:
    head, _, body = path.read_bytes().partition(b"\n")
    entry = json.loads(body)
    entry["result"]["__dict__"] = dict.fromkeys(entry["result"]["__dict__"], 5)
    path.write_bytes(head + b"\n" + json.dumps(entry).encode())
