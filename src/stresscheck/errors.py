"""One exception root for everything stresscheck reports to a user.

Commands raise these; the single exit point in ``__main__`` turns them into a
message on stderr and an exit code from the contract. Messages are already
translated when the exception is raised, so the edge only prints.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_RUNTIME = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class StresscheckError(Exception):
    """Base of every error that is shown to the user instead of a traceback."""

    exit_code = EXIT_RUNTIME

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(StresscheckError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = EXIT_USAGE


class ContentError(StresscheckError):
    """A file the user or therapist gave us is unreadable or invalid (exit 2).

    ``problems`` holds one line per mistake, each naming file, line, key path
    and the fix; ``message`` is their joined form.
    """

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class StoreError(StresscheckError):
    """The local history could not be read or written (exit 1)."""

    exit_code = EXIT_RUNTIME
