"""``stresscheck setup``: install, show or remove the practice a therapist handed out."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from pathlib import Path
from typing import Annotated

import typer

from stresscheck.commands.options import file_argument, flag, lang_option
from stresscheck.context import AppContext
from stresscheck.errors import StoreError, UsageError, note_change


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
        chosen = [bool(file), show, reset]
        if sum(chosen) != 1:
            raise UsageError(ctx.t("setup.choose_one"))
        from stresscheck.adapters.sources import settings

        if show:
            # Kept, yet not loaded: the copy cannot be read (a note said why).
            broken = settings.kept_settings() if ctx.practice is None else None
            if broken is not None:
                raise StoreError(ctx.t("setup.show_unreadable", path=str(broken)))
            lines = settings.describe(ctx.practice, ctx.t)
        elif reset:
            removed = settings.reset_practice(ctx.t)
            if removed:
                note_change("practice_removed")
            lines = [ctx.t("setup.reset_done" if removed else "setup.nothing_to_reset")]
        else:
            assert file is not None
            practice = settings.install_practice(Path(file), ctx.t)
            note_change("practice")
            lines = [
                ctx.t("setup.done", name=practice.name),
                *settings.describe(practice, ctx.t)[1:],
            ]
        typer.echo("\n".join(lines))
