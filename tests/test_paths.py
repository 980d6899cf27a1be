"""Where data lives, and that what we create is private to its owner."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from helpers import IS_ROOT
from stresscheck import speech
from stresscheck.adapters import paths
from stresscheck.errors import StoreError
from stresscheck.i18n import Translator

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def config_dir() -> Path:
    """A settings folder inside the data home (moved here: the program keeps none)."""
    return paths.data_home() / "config"


def test_stresscheck_home_decides(stresscheck_home: Path) -> None:
    assert paths.data_home() == stresscheck_home
    assert paths.database_path() == stresscheck_home / "history.sqlite3"
    assert config_dir() == stresscheck_home / "config"


def test_without_stresscheck_home_the_platform_folder_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("STRESSCHECK_HOME")
    expected = Path(platformdirs.user_data_dir("stresscheck", appauthor=False))
    assert paths.data_home() == expected
    assert paths.data_home({"STRESSCHECK_HOME": ""}) == expected  # empty means unset


def test_a_relative_or_tilde_home_becomes_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.data_home({"STRESSCHECK_HOME": "data"}) == tmp_path / "data"
    assert paths.data_home({"STRESSCHECK_HOME": "~/x"}) == Path.home() / "x"


@posix_only
def test_a_new_private_folder_is_0700_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        created = paths.private_dir(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    assert created == tmp_path / "a" / "b"
    assert mode(created) == 0o700


@posix_only
def test_an_open_folder_of_ours_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    folder.chmod(0o755)
    paths.private_dir(folder)
    assert mode(folder) == 0o700


@posix_only
def test_the_home_folder_is_never_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_home = tmp_path / "me"
    fake_home.mkdir()
    fake_home.chmod(0o755)
    monkeypatch.setenv("HOME", str(fake_home))
    paths.private_dir(fake_home)
    assert mode(fake_home) == 0o755


def test_a_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("x")
    with pytest.raises(NotADirectoryError):
        paths.private_dir(tmp_path / "home")


@posix_only
def test_private_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        assert paths.create_private_file(tmp_path / "f")
        assert not paths.create_private_file(tmp_path / "f")  # there already: left alone
        paths.write_private_file(tmp_path / "g", b"data")
    finally:
        os.umask(old)
    assert mode(tmp_path / "f") == 0o600
    assert mode(tmp_path / "g") == 0o600
    assert (tmp_path / "g").read_bytes() == b"data"


def test_an_atomic_write_that_fails_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    paths.write_private_file(target, b"old")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError):
        paths.write_private_file(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary left


# --------------------------------------------------------------------------- issue 11, class 5


@pytest.fixture
def quiet_speaker() -> Iterator[None]:
    """Notes in English, whatever an earlier in-process run left behind."""
    speech.speak_with(lambda: Translator("en"))
    yield
    speech.speak_with(None)


def note(path: Path, before: int, after: int, lang: str = "en") -> str:
    return Translator(lang)(
        "paths.tightened", path=str(path), before=f"{before:04o}", after=f"{after:04o}"
    )


@posix_only
def test_every_level_created_is_0700_and_existing_ones_are_left(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)  # there already: not ours to change
    old = os.umask(0)
    try:
        paths.private_dir(tmp_path / "data" / "deeper" / "home")
    finally:
        os.umask(old)
    assert mode(tmp_path) == 0o755
    for folder in ("data", "data/deeper", "data/deeper/home"):
        assert mode(tmp_path / folder) == 0o700, folder  # data/ was 0777 under umask 000


@posix_only
def test_a_shared_folder_or_one_holding_home_is_never_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet_speaker: None
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    assert not paths.tighten(shared)
    assert mode(shared) == 0o1777
    holder = tmp_path / "homes"
    (holder / "me").mkdir(parents=True)
    holder.chmod(0o755)
    monkeypatch.setenv("HOME", str(holder / "me"))
    paths.private_dir(holder)
    assert mode(holder) == 0o755


@posix_only
def test_tighten_keeps_the_owners_bits_and_tells_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quiet_speaker: None
) -> None:
    file = tmp_path / "history.sqlite3"
    file.write_bytes(b"")
    file.chmod(0o644)
    assert paths.tighten(file)
    assert mode(file) == 0o600
    assert not paths.tighten(file)  # private now: nothing to do, nothing to say
    read_only = tmp_path / "old"
    read_only.write_bytes(b"")
    read_only.chmod(0o444)
    speech.speak_with(lambda: Translator("nl"))  # a run in Dutch
    assert paths.tighten(read_only)
    assert mode(read_only) == 0o400  # never more than it had
    err = capsys.readouterr().err
    assert err.splitlines() == [note(file, 0o644, 0o600), note(read_only, 0o444, 0o400, "nl")]
    assert not paths.tighten(tmp_path / "missing")


@posix_only
def test_tighten_never_changes_a_link_or_what_it_points_to(
    tmp_path: Path, quiet_speaker: None
) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"")
    target.chmod(0o644)
    link = tmp_path / "link"
    link.symlink_to(target)
    assert not paths.tighten(link)
    assert mode(target) == 0o644


@pytest.mark.skipif(not IS_ROOT, reason="giving a file away needs root")
def test_tighten_leaves_what_another_user_owns(tmp_path: Path, quiet_speaker: None) -> None:
    theirs = tmp_path / "theirs"
    theirs.write_bytes(b"")
    theirs.chmod(0o644)
    os.chown(theirs, 65534, 65534)
    assert not paths.tighten(theirs)
    assert mode(theirs) == 0o644


def test_a_link_is_refused_with_its_path_and_exit_1(tmp_path: Path, quiet_speaker: None) -> None:
    link = tmp_path / "history.sqlite3"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StoreError) as refused:
        paths.refuse_link(link)
    assert refused.value.exit_code == 1
    assert str(link) in refused.value.message
    assert "symbolic link" in refused.value.message
    paths.refuse_link(tmp_path / "missing")  # nothing there: fine


@posix_only
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_refused_database_is_left_exactly_as_it_was(
    tmp_path: Path, suffix: str, quiet_speaker: None
) -> None:
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    database = folder / "history.sqlite3"
    if suffix:
        database.write_bytes(b"")
        database.chmod(0o644)
    Path(f"{database}{suffix}").symlink_to(tmp_path / "victim")
    with pytest.raises(StoreError):
        paths.secure_database(database)
    assert mode(folder) == 0o755
    if suffix:
        assert mode(database) == 0o644
    assert not (tmp_path / "victim").exists()


@posix_only
def test_an_open_database_its_side_files_and_folder_are_tightened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quiet_speaker: None
) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    folder.chmod(0o755)
    database = folder / "history.sqlite3"
    files = [database, *(Path(f"{database}{s}") for s in ("-wal", "-shm"))]
    for file in files:
        file.write_bytes(b"")
        file.chmod(0o644)
    paths.secure_database(database)
    assert mode(folder) == 0o700
    assert all(mode(file) == 0o600 for file in files)
    assert len(capsys.readouterr().err.splitlines()) == 4


@posix_only
def test_read_private_never_reads_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], quiet_speaker: None
) -> None:
    entry = tmp_path / "entry.json"
    entry.write_bytes(b"{}")
    entry.chmod(0o666)
    assert paths.read_private(entry) == b"{}"
    assert mode(entry) == 0o600
    assert note(entry, 0o666, 0o600) in capsys.readouterr().err
    secret = tmp_path / "secret"
    secret.write_bytes(b"not ours")
    linked = tmp_path / "linked.json"
    linked.symlink_to(secret)
    with pytest.raises(OSError, match="symbolic link"):
        paths.read_private(linked)


@posix_only
def test_writing_over_a_link_replaces_the_link_not_its_target(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"theirs")
    link = tmp_path / "settings.json"
    link.symlink_to(target)
    paths.write_private_file(link, b"ours")
    assert target.read_bytes() == b"theirs"
    assert not link.is_symlink()
    assert link.read_bytes() == b"ours"
    assert mode(link) == 0o600


@posix_only
def test_notes_held_back_are_told_in_the_language_decided_later(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "settings.json"
    file.write_bytes(b"{}")
    file.chmod(0o644)
    speech.hold_notes(lambda: Translator("en"))
    try:
        assert paths.tighten(file)
        assert capsys.readouterr().err == ""  # not yet: the practice decides the language
    finally:
        speech.speak_with(lambda: Translator("nl"))
    assert capsys.readouterr().err == note(file, 0o644, 0o600, "nl") + "\n"
    speech.speak_with(None)


@posix_only
def test_read_private_never_waits_on_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "settings.json"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="plain file"):
        paths.read_private(pipe)
