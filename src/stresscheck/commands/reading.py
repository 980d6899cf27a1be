"""What the reading commands share (``history``, ``export``, ``report``, ``report
--from``, ``plan``): the store opener, the names and thresholds in force, the
built-in questionnaire for older records, the report's format and period, from
the command line and the files in force, for the use cases (``usecases/``) to
work with; and saying that a file was written.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from stresscheck.context import AppContext
from stresscheck.errors import UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.adapters.ui.output import Output
    from stresscheck.core.labels import Labels
    from stresscheck.core.period import Period
    from stresscheck.core.questionnaire import InsightSettings, Questionnaire
    from stresscheck.usecases.report import Reporting

# Report formats by file name ending, for ``report -o summary.html`` without --format.
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def labels_and_thresholds(ctx: AppContext) -> "tuple[Labels, InsightSettings]":
    """How things are named, and the insight's thresholds, from the files in force.

    A questionnaire or exercises file that cannot be read must not hide a
    person's own history: ids are shown instead of titles, and the default
    thresholds are used.
    """
    from stresscheck.core.labels import Labels
    from stresscheck.core.questionnaire import InsightSettings
    from stresscheck.errors import StresscheckError

    try:
        questionnaire = ctx.load_questionnaire()
    except StresscheckError:
        questionnaire = None
    try:
        exercises = ctx.exercise_titles()
    except StresscheckError:
        exercises = {}
    labels = Labels(ctx.t, ctx.lang, questionnaire, exercises)
    return labels, questionnaire.insight if questionnaire else InsightSettings()


def built_in_questionnaire(
    ctx: AppContext, labels: "Labels", questionnaire_id: str | None
) -> "tuple[Questionnaire, ...]":
    """The built-in questionnaire, when the latest self-check was made with it while
    another (a practice's) is in force: the report names its answers from it."""
    in_force = labels.questionnaire
    if questionnaire_id is None or (in_force is not None and in_force.id == questionnaire_id):
        return ()
    from stresscheck.adapters.sources.files import load_questionnaire
    from stresscheck.context import packaged_data
    from stresscheck.errors import StresscheckError

    try:
        built_in = load_questionnaire(packaged_data("questions.yaml"), ctx.exercises_paths(None))
    except StresscheckError:
        return ()
    return (built_in,) if built_in.id == questionnaire_id else ()


def reporting(ctx: AppContext, period: "Period") -> "Reporting":
    """What a report in this run is made with: the names, thresholds and practice
    in force, the time and version, the period, and the built-in questionnaire
    (looked up once per questionnaire id)."""
    from datetime import UTC, datetime
    from functools import cache, partial

    from stresscheck import __version__
    from stresscheck.usecases.report import Reporting

    labels, thresholds = labels_and_thresholds(ctx)
    built_in = cache(partial(built_in_questionnaire, ctx, labels))
    made_at = datetime.now(UTC)
    return Reporting(labels, thresholds, ctx.practice, made_at, __version__, period, built_in)


def overview_store() -> "OverviewStore":
    """The person's store, to read what the history and the report show (opened
    when called: reading commands import nothing of it before they need it)."""
    from stresscheck.adapters.storage.history_read import OverviewStore

    return OverviewStore.open()


def tell_written(out: "Output", path: Path | None, key: str, **fields: object) -> None:
    """Say that the file at ``path`` was written (not for standard output or a device)."""
    from stresscheck.adapters.ui.output import is_special

    if path is not None and not is_special(path):
        out.say(key, path=str(path), **fields)


def report_format(format_name: str | None, output: str, ctx: AppContext) -> str:
    """``--format``, else the ending of ``-o`` (``.md``, ``.html``); else a usage error."""
    if format_name is not None:
        return format_name
    found = SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output != "-" else None
    if found is None:
        raise UsageError(key="report.needs_format")
    return found


def chosen_period(ctx: AppContext, since: str | None, until: str | None) -> "Period":
    """``--since`` / ``--until`` as a Period; a bad day is a usage error (exit 2),
    raised before anything is read or written."""
    from stresscheck.core.period import PeriodError, parse_period

    try:
        return parse_period(since, until)
    except PeriodError as error:
        raise UsageError(key=f"report.bad_period.{error.code}", **error.fields) from None
