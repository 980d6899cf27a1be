"""The program's single exit point: every error becomes a message and an exit code."""

from __future__ import annotations

import os
import sys

from stresscheck.errors import EXIT_INTERRUPTED, EXIT_RUNTIME, StresscheckError


def _debug() -> bool:
    return "--debug" in sys.argv[1:] or bool(os.environ.get("STRESSCHECK_DEBUG"))


def main(argv: list[str] | None = None) -> None:
    """Run the stresscheck command line and exit with the contract's exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from stresscheck.cli import run

        code = run([a for a in args if a != "--debug"])
    except StresscheckError as error:
        _report(error.message)
        code = error.exit_code
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: never a traceback
        if _debug():
            raise
        from stresscheck.i18n import Translator, language_from_locale

        t = Translator(language_from_locale() or "en")
        _report(t("app.unexpected", error=type(error).__name__, detail=error))
        code = EXIT_RUNTIME
    if argv is None:  # the program itself, not a test calling in
        _skip_the_final_collection()
    sys.exit(code)


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
    except (OSError, ValueError):  # stderr closed: nothing left to tell
        pass


if __name__ == "__main__":
    main()
