"""Where stresscheck keeps its data: the one module that decides it.

``STRESSCHECK_HOME`` (when set and not empty) wins; otherwise the platform's
user data directory from platformdirs. Tests point ``STRESSCHECK_HOME`` at a
temporary folder (see ``tests/conftest.py``), so nothing here is cached: the
environment is read on every call.

Stored data is health data, so the folder is private to its owner (0700) and
every file we create is too (0600), whatever the umask says.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "stresscheck"
HOME_ENV = "STRESSCHECK_HOME"
DATABASE_NAME = "history.sqlite3"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """The folder that holds all stored data (it may not exist yet)."""
    env = os.environ if environ is None else environ
    override = env.get(HOME_ENV, "")
    if override:
        return Path(override).expanduser().absolute()
    import platformdirs  # only when STRESSCHECK_HOME is not set

    # appauthor=False: no "stresscheck\\stresscheck" nesting on Windows.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path() -> Path:
    """The history database."""
    return data_home() / DATABASE_NAME


def config_dir() -> Path:
    """Where settings are kept (inside the data home, so STRESSCHECK_HOME moves them too)."""
    return data_home() / "config"


def _never_tighten(path: Path) -> bool:
    # A data home set to the user's home folder or a system folder is a mistake
    # we should not act on by changing that folder's permissions.
    resolved = path.resolve()
    return resolved == Path.home().resolve() or resolved == Path(resolved.anchor)


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with the new folder itself at mode 0700.

    An existing folder of ours that is open to others is tightened to 0700; a
    folder owned by someone else, the home folder and the root are left as
    they are. Raises OSError (e.g. read-only file system, disk full, a file in
    the way) for the caller to turn into a message.
    """
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(path)) from None
        if os.name == "posix" and not _never_tighten(path):
            info = path.stat()
            if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
                path.chmod(PRIVATE_DIR_MODE)
        return path
    # mkdir's mode passes through the umask; chmod makes it exact.
    path.chmod(PRIVATE_DIR_MODE)
    return path


def create_private_file(path: Path) -> bool:
    """Create an empty file with mode 0600 unless it exists; True when created here.

    O_EXCL makes this safe when two processes race to create the same file.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows has no such modes
            os.fchmod(fd, PRIVATE_FILE_MODE)  # the umask may have removed bits; add none
    finally:
        os.close(fd)
    return True


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by its owner only.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    then renamed over ``path``: a reader sees the old file or the new one,
    never half of one, even if the disk fills up or the power goes.
    """
    import tempfile  # only when writing, not on every start

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, PRIVATE_FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
