"""``stresscheck validate`` and ``stresscheck schema``: for people who write the files
(the check itself in ``usecases/check_file.py``)."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from pathlib import Path
from typing import Annotated

import typer

from stresscheck.commands.options import exercises_option, file_argument, lang_option
from stresscheck.context import AppContext


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add ``validate`` and ``schema`` to ``app``."""
    t = ctx.t

    @app.command(help=t("validate.help"))
    def validate(
        file: Annotated[str, file_argument(t, "validate.file_help")],
        exercises: Annotated[Path | None, exercises_option(ctx, "validate.exercises_help")] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases.check_file import check_file

        checked = check_file(file, lambda: list(ctx.load_exercises(exercises)))
        kind = t(f"files.kind.{checked.kind}")
        Output().data(t("files.valid", file=checked.name, kind=kind) + "\n")

    @app.command(help=t("schema.help"))
    def schema(
        kind: Annotated[
            str,
            typer.Option(
                "--kind", metavar="questionnaire|exercises|practice", help=t("schema.kind_help")
            ),
        ] = "questionnaire",
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.sources.schema import SCHEMAS, localise_schema
        from stresscheck.adapters.ui.output import Output
        from stresscheck.errors import UsageError

        model = SCHEMAS.get(kind)
        if model is None:
            raise UsageError(t("schema.unknown_kind", kind=kind, choices=", ".join(SCHEMAS)))
        # Titles and descriptions in the run's language: an editor shows them on hover.
        document = localise_schema(model.model_json_schema(), model, t)
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        # A JSON Schema, not a document of ours: no format_version (tests compare it whole).
        Output().json(document, versioned=False)
