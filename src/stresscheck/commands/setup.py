"""``stresscheck setup``: install, show or remove the practice a therapist handed out
(the work in ``usecases/practice_setup.py``)."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from pathlib import Path
from typing import Annotated

import typer

from stresscheck.commands.options import file_argument, flag, lang_option
from stresscheck.context import AppContext
from stresscheck.errors import UsageError


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``setup`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("setup.help"))
    def setup(
        file: Annotated[str | None, file_argument(t, "setup.file_help", show_default=False)] = None,
        show: Annotated[bool, flag(t, "--show", "setup.show_help")] = False,
        reset: Annotated[bool, flag(t, "--reset", "setup.reset_help")] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        if sum([bool(file), show, reset]) != 1:
            raise UsageError(key="setup.choose_one")
        from stresscheck.adapters.sources.settings import describe
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases import practice_setup

        if show:
            lines = [str(line) for line in describe(practice_setup.practice_in_force(ctx.practice))]
        elif reset:
            removed = practice_setup.remove_practice()
            lines = [t("setup.reset_done" if removed else "setup.nothing_to_reset")]
        else:
            assert file is not None
            practice = practice_setup.install_practice(Path(file))
            said = [str(line) for line in describe(practice)[1:]]
            lines = [t("setup.done", name=practice.name), *said]
        Output().data("\n".join(lines) + "\n")
