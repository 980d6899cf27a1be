"""``stresscheck validate`` and ``stresscheck schema``: for people who write the files."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from stresscheck.commands.options import exercises_option, file_argument, lang_option
from stresscheck.context import AppContext
from stresscheck.errors import ContentError


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add ``validate`` and ``schema`` to ``app``."""
    t = ctx.t

    @app.command(help=t("validate.help"))
    def validate(
        file: Annotated[str, file_argument(t, "validate.file_help")],
        exercises: Annotated[Path | None, exercises_option(ctx, "validate.exercises_help")] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        kind = validate_file(ctx, file, exercises)
        from stresscheck.adapters.sources.problems import display_name

        typer.echo(ctx.t("files.valid", file=display_name(file), kind=ctx.t(f"files.kind.{kind}")))

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
        from stresscheck.errors import UsageError

        model = SCHEMAS.get(kind)
        if model is None:
            raise UsageError(ctx.t("schema.unknown_kind", kind=kind, choices=", ".join(SCHEMAS)))
        # Titles and descriptions in the run's language: an editor shows them on hover.
        document = localise_schema(model.model_json_schema(), model, ctx.t)
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def validate_file(ctx: AppContext, file: str, exercises: Path | None = None) -> str:
    """Check any of the three file kinds; returns the kind, raises ContentError."""
    from stresscheck.adapters.sources import files, validation
    from stresscheck.adapters.sources.problems import display_name

    t = ctx.t
    name = display_name(file)
    document = files.load_document(file, t)
    kind = validation.detect_kind(document.data)
    # Always validated afresh (never from the cache): this is the author's check.
    if kind == "questionnaire":
        exercise_ids = list(ctx.load_exercises(exercises))
        validation.parse_questionnaire(document, name, t, exercise_ids)
    elif kind == "exercises":
        validation.parse_exercises(document, name, t)
    elif kind == "practice":
        from stresscheck.adapters.sources.settings import check_practice

        check_practice(Path(file), t, document)  # as setup checks it, with what it names
    else:
        raise ContentError([t("files.unknown_kind", file=name)])
    return kind
