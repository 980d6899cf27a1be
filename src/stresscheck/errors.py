"""One exception root for everything stresscheck reports to a user.

Commands raise these; the single exit point in ``__main__`` turns them into a
message on stderr and an exit code from the contract. An error raised far
from the edge carries a catalogue key and is worded there, in the run's
language (``stresscheck.speech``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stresscheck.speech import Words

EXIT_OK = 0  # success; also when the reader of standard output went away (``| head``)
EXIT_RUNTIME = 1  # a runtime failure; also standard output closed, full or failing
EXIT_USAGE = 2  # bad usage or a bad input file
EXIT_INTERRUPTED = 130  # Ctrl-C
# A closed or full standard error never changes the exit code. The exit point
# (``__main__``) applies all of this, the same way for every command.


class StresscheckError(Exception):
    """Base of every error that is shown to the user instead of a traceback.

    Either worded where it was raised (``message``), or a catalogue ``key``
    with its fields, worded when it is shown, in the run's language.
    """

    exit_code = EXIT_RUNTIME

    def __init__(self, message: str = "", /, *, key: str = "", **fields: Any) -> None:
        super().__init__(message or key)
        self._message = message
        self.key = key
        self.fields = fields

    @property
    def message(self) -> str:
        """What the person is told."""
        if not self.key:
            return self._message
        from stresscheck.speech import word

        return word(self.key, **self.fields)

    def __str__(self) -> str:
        return self.message


class UsageError(StresscheckError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = EXIT_USAGE


class ContentError(StresscheckError):
    """A file the user or therapist gave us is unreadable or invalid (exit 2).

    One line per mistake, each naming file, line, key path and the fix: given
    as ``Words`` (a catalogue key and its fields) or as text, and worded when
    shown, in the run's language. ``problems`` are the lines as text;
    ``message`` is their joined form.
    """

    exit_code = EXIT_USAGE

    def __init__(self, problems: Sequence[str | Words]) -> None:
        super().__init__()
        self.lines = list(problems)

    @property
    def problems(self) -> list[str]:
        """One worded line per mistake."""
        return [str(line) for line in self.lines]

    @property
    def message(self) -> str:
        return "\n".join(self.problems)


class StoreError(StresscheckError):
    """The local history could not be read or written (exit 1)."""

    exit_code = EXIT_RUNTIME


class Interrupted(StresscheckError):
    """The person stopped the run (Ctrl-C, or "stop" in the quiz): exit 130.

    Whatever was to be said about it has been said where it happened; the
    exit point adds nothing but what the run had already changed.
    """

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str = "") -> None:
        super().__init__(message)


class OutputGone(Exception):
    """The reader of standard output went away (``| head``): stop writing, quietly.

    Raised where output is written; the exit point decides the exit code.
    """


# --- what this run has changed -------------------------------------------------------------
#
# A message about a failure must never say "nothing was changed" when something
# was: a quiz may be saved before its result fails to print. Whatever stores,
# deletes or writes something for the person notes it here (a catalogue key
# under ``app.changed`` and its fields), and the exit point says so.

_changes: list[tuple[str, dict[str, str]]] = []


def note_change(key: str, **fields: str) -> None:
    """Remember that this run changed something (``app.changed.<key>``), once per kind."""
    entry = (f"app.changed.{key}", fields)
    if entry not in _changes:
        _changes.append(entry)


def changes() -> list[tuple[str, dict[str, str]]]:
    """What this run has changed so far, in order: (catalogue key, fields)."""
    return list(_changes)


def forget_changes() -> None:
    """Start a new run's list (the program runs once; tests call in many times)."""
    _changes.clear()
