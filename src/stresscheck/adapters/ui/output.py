"""Where a command's words go: the ``Output`` every command speaks through.

Data (JSON documents, exports, reports) goes to standard output or to a
private file written atomically; everything said to the person goes to
standard error, so the data can be piped safely; questions are asked there
too. Every JSON document carries its ``format_version``.

Every way writing can go wrong becomes one clear message. A folder that does
not exist, or a name that is a folder, is bad input (exit 2): the person can
fix the command. A folder we may not write in, or a full disk, is a runtime
failure (exit 1). Nothing is ever written over the history database itself.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from stresscheck.adapters.paths import database_path, write_private_file
from stresscheck.errors import OutputGone, StresscheckError, UsageError, note_change
from stresscheck.speech import word

if TYPE_CHECKING:
    from rich.console import Console

    from stresscheck.adapters.ui.lines import Printer
    from stresscheck.i18n import Translator

STDOUT = "-"
# The shape of every JSON document stresscheck prints or writes; a program that
# reads one can tell when the shape changes. ``export`` and ``import`` use it too.
FORMAT_VERSION = 1


class Output:
    """The one way a command talks: data to standard output, talk to standard error.

    ``plain``: no colour or animation, one line per paragraph (screen readers, logs).
    """

    def __init__(self, *, plain: bool = False) -> None:
        self.plain = plain

    def json(self, document: Mapping[str, Any], *, versioned: bool = True) -> None:
        """Print ``document`` as JSON, with its ``format_version`` first.

        ``versioned=False`` for documents whose shape is fixed elsewhere:
        ``history --json`` (the contract: ``{"quizzes": [...], "sessions": [...]}``)
        and ``schema`` (a JSON Schema, which says its own version).
        """
        if versioned:
            document = {"format_version": FORMAT_VERSION, **document}
        self.data(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    def data(
        self, text: str, target: str = STDOUT, *, refused_is_usage: bool = False
    ) -> Path | None:
        """Write ``text`` to ``target`` (``-``: standard output); see ``write_output``."""
        return write_output(target, text, refused_is_usage=refused_is_usage)

    @cached_property
    def screen(self) -> Console:
        """A console for people on standard output (results, views).

        A reader that goes away (``| head``) stops the run quietly, as for data.
        """
        from stresscheck.adapters.ui.console import make_console

        console = make_console(plain=self.plain)
        console.on_broken_pipe = stdout_closed  # type: ignore[method-assign]
        return console

    @cached_property
    def lines(self) -> Printer:
        """What ``screen`` is, for views that only print lines of styled text
        (``history``): it prints the same without loading rich, which takes time.
        """
        from stresscheck.adapters.ui.console import make_lines

        return make_lines(plain=self.plain, on_broken_pipe=stdout_closed)

    @cached_property
    def talk(self) -> Console:
        """A console for people on standard error, beside data on standard output."""
        from stresscheck.adapters.ui.console import make_console

        return make_console(stderr=True, plain=self.plain)

    def say(self, key: str, /, **fields: Any) -> None:
        """Tell the person the catalogue's ``key`` on standard error."""
        tell(word(key, **fields))

    def ask(self, question: str) -> str:
        """The person's typed answer to ``question`` (asked on standard error).

        EOFError when there is no more input; KeyboardInterrupt on Ctrl-C:
        the caller decides what they mean.
        """
        from rich.text import Text  # plain text: "[y/N]" is no markup

        return self.talk.input(Text(question + " "))


def is_yes(answer: str, t: Translator, *, default: bool) -> bool:
    """Whether a typed answer to a [Y/n] or [y/N] question means yes (Enter: ``default``).

    Every language's own words count, and English ones everywhere: a Dutch
    user who types "ja" or "yes" means it.
    """
    typed = answer.strip().lower()
    if not typed:
        return default
    return typed in t("app.yes_words").split()


def tell(message: str) -> None:
    """Say ``message`` on standard error, at once (standard output may carry data)."""
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


def _protected() -> set[Path]:
    # Imported here: only a command that writes a file needs the store's names (and SQLite).
    from stresscheck.adapters.storage.store import SIDE_SUFFIXES

    database = database_path().resolve()
    return {database, *(Path(f"{database}{suffix}") for suffix in SIDE_SUFFIXES)}


def check_target(target: str) -> Path | None:
    """The file ``target`` names (None: standard output), or a UsageError saying why not.

    Called before any work is done, so a typo in ``-o`` costs nothing.
    """
    if target == STDOUT:
        return None
    if not target.strip():
        raise UsageError(key="history.output.empty")
    path = Path(target).expanduser()
    if path.is_dir():
        raise UsageError(key="history.output.is_folder", path=target)
    folder = path.absolute().parent
    if not folder.exists():
        raise UsageError(key="history.output.no_folder", path=target, folder=str(folder))
    if not folder.is_dir():
        raise UsageError(key="history.output.not_a_folder", path=target, folder=str(folder))
    if path.resolve() in _protected():
        raise UsageError(key="history.output.is_database", path=target)
    return path


def stdout_closed() -> NoReturn:
    """The reader of standard output has gone (``| head``): stop writing.

    The program's exit point (``__main__``) ends the run quietly; see the
    README on output that cannot be written. Any other failure to write
    standard output (closed, full) is left to raise: the exit point reports it.
    """
    raise OutputGone


def is_special(path: Path) -> bool:
    """Whether ``path`` is something other than a regular file (a device, a pipe)."""
    return path.exists() and not path.is_file()


def write_output(target: str, text: str, *, refused_is_usage: bool = False) -> Path | None:
    """Write ``text`` (UTF-8) to ``target``: ``-`` is standard output, else a 0600 file.

    Returns the file written, or None for standard output. A reader closing
    the pipe early (``| head``) is not an error. With ``refused_is_usage`` a
    folder we may not write in is bad input (exit 2), for commands whose
    contract says so (``plan``); a full disk stays a runtime failure.
    """
    path = check_target(target)
    data = text.encode("utf-8")
    if path is None:
        stream = getattr(sys.stdout, "buffer", None)
        try:
            if stream is not None:
                sys.stdout.flush()
                stream.write(data)
                stream.flush()
            else:  # a replaced stdout (tests): it takes text
                sys.stdout.write(text)
                sys.stdout.flush()
        except BrokenPipeError:
            stdout_closed()
        return None
    try:
        if is_special(path):
            # /dev/null, /dev/stdout, a named pipe: write into it. Renaming a
            # file over it (as for a real file) would replace the device itself.
            with path.open("wb") as handle:
                handle.write(data)
        else:
            # Through a symbolic link to the file it points at, which stays a link.
            write_private_file(path.resolve(), data)
            note_change("file", path=str(path))
    except OSError as error:
        problem = _write_problem(error, target, path)
        if refused_is_usage and error.errno in _REFUSED:
            raise UsageError(problem) from None
        raise StresscheckError(problem) from None
    return path


# The system says no to writing there: the person can choose another place.
_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR)


def check_writable(target: str) -> Path | None:
    """``check_target``, and also a UsageError when the folder is one we may not
    write in: for commands that must write nothing on bad input and say so first."""
    path = check_target(target)
    if path is None or is_special(path):
        return path
    # The file is written beside itself and renamed into place: the folder decides.
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(key="history.output.read_only", path=target, folder=str(folder))
    return path


def _write_problem(error: OSError, target: str, path: Path) -> str:
    folder = str(path.absolute().parent)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return word("history.output.read_only", path=target, folder=folder)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return word("history.output.disk_full", path=target)
    if error.errno == errno.EISDIR:
        return word("history.output.is_folder", path=target)
    return word("history.output.failed", path=target, reason=error.strerror or str(error))
