"""The program's single exit point: every error becomes a message and an exit code.

Standard output and standard error are looked after here too, in one place for
every command (see README, "When output cannot be written"):

* A reader that goes away (``stresscheck history | head``, EPIPE) ends the
  command quietly. The exit code is the command's own, or 0 when it was
  stopped by this: the reader had what it wanted; nothing failed.
* Standard output that is closed (``>&-``), full (``>/dev/full``, a full disk)
  or fails otherwise is a runtime failure (exit 1) with one message on stderr
  that says so and tells truthfully what the run had already saved.
* A closed, full or broken standard error never changes the exit code: what
  cannot be said is dropped.

A closed standard stream is first taken up by ``/dev/null``, so that no file
the program opens later can become "standard output" and receive its text.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import Any

from stresscheck.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_RUNTIME,
    OutputGone,
    StresscheckError,
    changes,
    forget_changes,
)
from stresscheck.speech import word


def _debug() -> bool:
    return "--debug" in sys.argv[1:] or bool(os.environ.get("STRESSCHECK_DEBUG"))


class _Output(io.FileIO):
    """Standard output's file descriptor, remembering the first write that failed.

    Every way of writing to standard output (``print``, rich, Typer, the
    exports' bytes) ends in ``write`` here, so the exit point knows for sure
    whether output was lost and why, whoever caught the error on the way.
    """

    def __init__(self, fd: int, *, closed: bool) -> None:
        super().__init__(fd, "wb", closefd=False)
        self.closed_at_start = closed
        self.failure: OSError | None = None
        self.discard = False

    def write(self, data: Any, /) -> int:
        if self.discard:
            return memoryview(data).nbytes
        try:
            if self.closed_at_start:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            return super().write(data)
        except BlockingIOError:
            raise
        except OSError as error:
            if self.failure is None:
                self.failure = error
            raise

    def isatty(self) -> bool:
        return not self.closed_at_start and super().isatty()


class _Talk(io.FileIO):
    """Standard error's file descriptor: what cannot be written is dropped, never raised."""

    def __init__(self, fd: int) -> None:
        super().__init__(fd, "wb", closefd=False)
        self.lost = False

    def write(self, data: Any, /) -> int:
        size = memoryview(data).nbytes
        if not self.lost:
            try:
                written: int | None = super().write(data)
            except OSError:
                self.lost = True
            else:
                return size if written is None else written  # None: it would block
        return size


def _take_up_closed(fd: int, flags: int) -> bool:
    """Point a closed standard descriptor at /dev/null; True if it was closed."""
    try:
        os.fstat(fd)
        return False
    except OSError:
        pass
    # Streams are taken up in order 0, 1, 2: the lowest free descriptor is ``fd``.
    null = os.open(os.devnull, flags)
    if null != fd:  # pragma: no cover - only when a lower one is closed too
        os.dup2(null, fd)
        os.close(null)
    return True


def _text(raw: io.RawIOBase, like: Any, *, line_buffering: bool = False) -> io.TextIOWrapper:
    """A text stream over ``raw`` that writes as the interpreter's own ``like`` did."""
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=getattr(like, "encoding", None) or "utf-8",
        errors=getattr(like, "errors", None) or "strict",
        newline="\n",
        line_buffering=line_buffering or bool(getattr(like, "line_buffering", False)),
        write_through=bool(getattr(like, "write_through", False)),
    )


def _guard_streams() -> _Output | None:
    """Watch standard output and quieten standard error (POSIX; elsewhere: None)."""
    if os.name != "posix":
        return None
    _take_up_closed(0, os.O_RDONLY)  # sys.stdin stays None: "no input" is still seen
    out_closed = _take_up_closed(1, os.O_WRONLY)
    _take_up_closed(2, os.O_WRONLY)  # what is said there now goes nowhere, quietly
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    output = _Output(1, closed=out_closed)
    sys.stdout = _text(output, sys.stdout)
    sys.stderr = _text(_Talk(2), sys.stderr, line_buffering=True)
    return output


def main(argv: list[str] | None = None) -> None:
    """Run the stresscheck command line and exit with the contract's exit code."""
    program = argv is None  # the program itself, not a test calling in
    output = _guard_streams() if program else None
    forget_changes()
    _forget_last_run()
    args = list(sys.argv[1:] if argv is None else argv)
    stopped = False  # the command did not come to its own end
    try:
        from stresscheck.cli import run

        code = run([a for a in args if a != "--debug"])
    except StresscheckError as error:
        if error.message:  # an interruption has been told where it happened
            _report(_with_changes(error.message) if error.exit_code else error.message)
        code = error.exit_code
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except OutputGone:
        code, stopped = EXIT_OK, True
    except SystemExit as exit_:  # Typer and rich stop this way when the reader has gone
        code, stopped = _exit_code(exit_.code), True
    except Exception as error:  # the last line of defence: never a traceback
        code, stopped = EXIT_RUNTIME, True
        if isinstance(error, BrokenPipeError) and output is None:
            code = EXIT_OK  # no watch on standard output here: its reader has gone
        elif output is None or output.failure is None:  # else: reported just below
            if _debug():
                raise
            unexpected = word("app.unexpected", error=type(error).__name__, detail=error)
            _report(_with_changes(unexpected, or_nothing=True))
    code = _finish_output(output, code, stopped=stopped)
    if program:
        _skip_the_final_collection()
    sys.exit(code)


def _forget_last_run() -> None:
    """A new run speaks its own language (tests run the program many times in one process)."""
    from stresscheck import speech

    speech.speak_with(None)


def _exit_code(value: object) -> int:
    if value is None:
        return EXIT_OK
    return value if isinstance(value, int) else EXIT_RUNTIME


def _finish_output(output: _Output | None, code: int, *, stopped: bool) -> int:
    """Flush standard output, and turn a failure to write it into the exit code and a message.

    A reader that went away: the command's own code, or 0 if that stopped it.
    Anything else (closed, full, an I/O error): exit 1, saying what was kept.
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()  # a failure here is what the watch has seen
    if output is None or output.failure is None:
        return code
    failure = output.failure
    output.discard = True  # the interpreter's last flush must find nothing to complain about
    if failure.errno == errno.EPIPE:
        return EXIT_OK if stopped else code
    if failure.errno == errno.EBADF:
        message = word("app.output.closed")
    elif failure.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        message = word("app.output.full")
    else:
        message = word("app.output.failed", reason=failure.strerror or str(failure))
    _report(_with_changes(message, or_nothing=True))
    return EXIT_RUNTIME if code == EXIT_OK or stopped else code


def _with_changes(message: str, *, or_nothing: bool = False) -> str:
    """``message`` and, truthfully, what this run had stored or written before it went wrong.

    ``or_nothing``: say "Nothing was changed." when that is so (the message
    itself does not say what happened to the person's data).
    """
    done = changes()
    if not done and not or_nothing:
        return message
    lines = [word(key, **fields) for key, fields in done] or [word("app.changed.nothing")]
    return "\n".join([message.rstrip(), *lines])


def _skip_the_final_collection() -> None:
    """Spare the garbage collector's last pass over every object when the process ends.

    Python's shutdown collects all objects once more before it exits; with
    Typer, pydantic and rich loaded that pass takes 20-30 ms, longer than most
    commands, and only hands memory back that the system reclaims anyway.
    Frozen objects are left out of it. Nothing depends on it: files and
    databases are closed, and output flushed, where they are used.
    """
    import gc

    gc.freeze()


def _report(message: str) -> None:
    try:
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed: nothing left to tell
        pass


if __name__ == "__main__":
    main()
