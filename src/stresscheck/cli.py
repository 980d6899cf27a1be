"""The Typer application: builds the commands in the run's language and runs them.

Each command lives in ``stresscheck.commands.<area>`` and only parses options,
calls the core and renders. Help texts come from the message catalogue, so the
app is built after the language is known.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer

from stresscheck import __version__
from stresscheck.context import AppContext


def create_app(ctx: AppContext) -> typer.Typer:
    """The whole command line, with help texts in ``ctx.lang``."""
    t = ctx.t
    app = typer.Typer(
        name="stresscheck",
        help=t("app.help"),
        epilog=t("app.epilog"),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def show_version(value: bool) -> None:
        if value:
            typer.echo(f"stresscheck {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(
        version: bool = typer.Option(
            False, "--version", "-V", help=t("app.version_help"), callback=show_version, is_eager=True
        ),
    ) -> None:
        """Callback only for global options."""

    from stresscheck.commands import quiz, validate

    quiz.register(app, ctx)
    validate.register(app, ctx)
    return app


def run(args: Sequence[str]) -> int:
    """Run the command line with ``args``; returns the exit code."""
    ctx = AppContext.from_args(args)
    app = create_app(ctx)
    try:
        app(args=list(args), prog_name="stresscheck")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
