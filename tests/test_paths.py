"""Where data lives, and that what we create is private to its owner."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs
import pytest

from stresscheck.adapters import paths

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_stresscheck_home_decides(stresscheck_home: Path) -> None:
    assert paths.data_home() == stresscheck_home
    assert paths.database_path() == stresscheck_home / "history.sqlite3"
    assert paths.config_dir() == stresscheck_home / "config"


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
        created = paths.ensure_private_dir(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    assert created == tmp_path / "a" / "b"
    assert mode(created) == 0o700


@posix_only
def test_an_open_folder_of_ours_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    folder.mkdir()
    folder.chmod(0o755)
    paths.ensure_private_dir(folder)
    assert mode(folder) == 0o700


@posix_only
def test_the_home_folder_is_never_tightened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_home = tmp_path / "me"
    fake_home.mkdir()
    fake_home.chmod(0o755)
    monkeypatch.setenv("HOME", str(fake_home))
    paths.ensure_private_dir(fake_home)
    assert mode(fake_home) == 0o755


def test_a_file_in_the_way_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("x")
    with pytest.raises(NotADirectoryError):
        paths.ensure_private_dir(tmp_path / "home")


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
