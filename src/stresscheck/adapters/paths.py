"""Where stresscheck keeps its data: the one module that decides it.

``STRESSCHECK_HOME`` (when set and not empty) wins; otherwise the platform's
user data directory from platformdirs. The cache folder likewise:
``STRESSCHECK_CACHE``, else the platform's user cache directory. The history
database, the practice copy, the cache and the files shipped in the package are
all found through this module; no other module reads those variables or asks
platformdirs. Tests point both variables at temporary folders (see
``tests/conftest.py``), so nothing here is cached: the environment is read on
every call.

Stored data is health data, so the folder is private to its owner (0700) and
every file we create is too (0600), whatever the umask says. This module is the
one place those decisions live: every folder we create (each level of it) is
0700, our files and folders that are open to others are tightened on open
with a one-line note, and a symbolic link where our own database or practice
files belong is refused, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from stresscheck.speech import note

APP_NAME = "stresscheck"
HOME_ENV = "STRESSCHECK_HOME"
CACHE_ENV = "STRESSCHECK_CACHE"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
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


def practice_dir() -> Path:
    """Where the installed practice's files are kept (``stresscheck setup``)."""
    return data_home() / "practice"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where cached files live: ``STRESSCHECK_CACHE`` (when set and not empty), else the
    platform's user cache folder."""
    env = os.environ if environ is None else environ
    override = env.get(CACHE_ENV, "")
    if override:
        return Path(override)
    import platformdirs  # only when STRESSCHECK_CACHE is not set

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def packaged_data(name: str) -> Path:
    """A data file shipped inside the package (``questions.yaml``, ``exercises.yaml``)."""
    # A plain path (not importlib.resources): pip installs packages as files,
    # and this runs on every start.
    return PACKAGE_DIR / "data" / name


# Files SQLite keeps beside the database (``store.SIDE_SUFFIXES`` says the same).
DATABASE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
# Files a practice copy may hold (``settings.install_practice`` writes them).
PRACTICE_FILES = ("settings.json", "questions.yaml", "exercises.yaml")


def _never_tighten(path: Path, info: os.stat_result | None = None) -> bool:
    """Folders that are not ours to close, even when they hold our data.

    The home folder, any folder that holds it (``/home``, the root), and a
    shared folder with the sticky bit (``/tmp``): a data home set to one of
    them is a mistake we should not act on by changing its permissions.
    """
    if info is not None and info.st_mode & stat.S_ISVTX:
        return True
    try:
        resolved = path.resolve()
        home = Path.home().resolve()
    except (OSError, RuntimeError):  # no home known, or a loop of links: leave it be
        return True
    return resolved == home or resolved in home.parents or resolved == Path(resolved.anchor)


def tighten(path: Path) -> bool:
    """Take group and other permissions off a file or folder of ours; True if it was open.

    Only what this user owns is changed, never through a symbolic link, never
    the home folder or a shared folder; the owner's own bits stay as they
    are. Says so on stderr in one line. Anything that cannot be looked at or
    changed is left as it is (the command that uses it will say what is wrong).
    """
    if os.name != "posix":
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    before = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid() or not before & 0o077:
        return False
    if stat.S_ISDIR(info.st_mode) and _never_tighten(path, info):
        return False
    after = before & 0o700
    try:
        os.chmod(path, after, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return False
    # Changed before it is told: the message catalogue is itself read from the
    # cache, so telling must find nothing left to tighten.
    note("paths.tightened", path=str(path), before=f"{before:04o}", after=f"{after:04o}")
    return True


def refuse_link(path: Path, *, key: str = "paths.link") -> None:
    """A StoreError (exit 1) naming ``path`` if it is a symbolic link: never followed.

    Our files are made by us, in our own folder: a link in their place was put
    there by someone else (or by mistake), and following it could read or write
    another file, even another person's history.
    """
    if os.path.islink(path):
        from stresscheck.errors import StoreError

        raise StoreError(key=key, path=str(path))


def secure_database(path: Path) -> None:
    """Before the history database is opened: no link at it or its side files, and
    it, its side files and its folder private (tightened with a note if they were not).

    A refusal changes nothing at all; tightening happens only after every check.
    """
    files = [path, *(Path(f"{path}{suffix}") for suffix in DATABASE_SIDE_SUFFIXES)]
    for candidate in files:
        refuse_link(candidate)
    for candidate in (path.parent, *files):
        tighten(candidate)


def secure_practice(directory: Path) -> bool:
    """Before the practice copy is read: False when there is none; a StoreError when the
    folder or one of its files is a link; the data home, the folder and its files tightened."""
    try:
        os.lstat(directory)
    except OSError:
        return False  # nothing set up (the usual case: one look, nothing more)
    files = [directory / name for name in PRACTICE_FILES]
    for candidate in (directory, *files):
        refuse_link(candidate, key="paths.practice_link")
    for candidate in (directory.parent, directory, *files):
        tighten(candidate)
    return True


def read_private(path: Path) -> bytes:
    """The bytes of a file in one of our private folders, never through a link.

    A link raises OSError (ELOOP), as a missing file raises FileNotFoundError,
    and so does anything but a plain file (a named pipe would never end); a
    file or folder open to others is tightened first, with a note.
    """
    if os.path.islink(path):
        raise OSError(errno.ELOOP, "Is a symbolic link", str(path))
    flags = os.O_RDONLY | os.O_NONBLOCK if hasattr(os, "O_NONBLOCK") else os.O_RDONLY
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Not a plain file", str(path))
        tighten(path.parent)
        tighten(path)
        return handle.read()


def private_dir(path: Path) -> Path:
    """Create ``path`` with every missing folder on the way at mode 0700, whatever the umask.

    Only the folders created here are set; a folder that was there already is
    left alone, except ``path`` itself when it is ours and open to others: it is
    tightened (with a note). The home folder, the folders that hold it and
    shared folders are never changed. Raises OSError (e.g. read-only file
    system, disk full, a file in the way) for the caller to turn into a message.
    """
    missing: list[Path] = []
    level = path
    while not os.path.lexists(level):
        missing.append(level)
        if level.parent == level:
            break
        level = level.parent
    for folder in reversed(missing):
        try:
            # With mode 0700 the umask can only take bits away; chmod puts back
            # any it took, so the folder is never more open than 0700.
            os.mkdir(folder, PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # another process made it a moment ago: not ours to change
        if os.name == "posix":
            os.chmod(folder, PRIVATE_DIR_MODE)
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(path))
    if path not in missing:
        tighten(path)
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
