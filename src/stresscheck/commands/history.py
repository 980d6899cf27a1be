"""``history``, ``export``, ``import``, ``forget`` and ``report``: the person's own records.

Data goes to standard output (``history --json``, ``export`` without ``-o``,
``report -o -``) and everything said to the person about it to standard error,
so the data can be piped safely. Each command computes (``core/overview.py``)
and hands the result to a renderer; heavy modules are imported inside the
commands, because every run of stresscheck builds this module's commands.
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import (
    complete_data_file,
    file_argument,
    flag,
    is_yes,
    lang_option,
    output_option,
    since_option,
    until_option,
)
from stresscheck.commands.reading import (
    built_in_questionnaire,
    chosen_period,
    labels_and_thresholds,
    report_format,
    say,
    tell_written,
)
from stresscheck.context import AppContext
from stresscheck.errors import Interrupted, UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.adapters.ui.output import Output
    from stresscheck.core.period import Period
    from stresscheck.i18n import Translator


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add ``history``, ``export``, ``import``, ``forget`` and ``report`` to ``app``."""
    t = ctx.t

    @app.command(help=t("history.help"))
    def history(
        as_json: Annotated[bool, flag(t, "--json", "history.json_help")] = False,
        show_all: Annotated[bool, flag(t, "--all", "history.all_help")] = False,
        plain: Annotated[bool, flag(t, "--plain", "history.plain_help")] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases.history_summary import every_record, summarise_history

        out = Output(t, plain=plain)
        if as_json:  # the contract's shape: {"quizzes": [...], "sessions": [...]}
            out.json(every_record(partial(_overview_store, t)).to_json(), versioned=False)
            return
        from stresscheck.adapters.ui.history_view import render_empty, render_history
        from stresscheck.core.labels import Labels

        names = partial(labels_and_thresholds, ctx)
        bare = Labels(t, ctx.lang)
        summary = summarise_history(partial(_overview_store, t), names, bare, show_all=show_all)
        if summary.overview is None:
            render_empty(out.screen, summary.labels)
            return
        overview, labels, places = summary.overview, summary.labels, summary.places
        render_history(out.screen, overview, labels, plain=plain, places=places)

    @app.command(help=t("history.export.help"))
    def export(
        format_name: Annotated[
            str,
            typer.Option("--format", metavar="csv|json", help=t("history.export.format_help")),
        ] = "json",
        output: Annotated[str, output_option(t, "history.export.output_help")] = "-",
        since: Annotated[str | None, since_option(t, "history.export.since_help")] = None,
        until: Annotated[str | None, until_option(t, "history.export.until_help")] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.sources.export import EXPORT_FORMATS
        from stresscheck.adapters.storage.store import Store
        from stresscheck.adapters.ui.output import Output, check_target
        from stresscheck.usecases.history_records import export_history

        period = chosen_period(ctx, since, until)
        check_target(output, t)  # a typo in -o costs nothing
        exporter = EXPORT_FORMATS.get(format_name)
        if exporter is None:
            choices = ", ".join(EXPORT_FORMATS)
            raise UsageError(
                t("history.export.unknown_format", format=format_name, choices=choices)
            )
        exported = export_history(partial(Store.open, t=t), exporter, period)
        out = Output(t)
        path = out.data(exported.document, output)
        counts = _counts(ctx, exported.quizzes, exported.sessions)
        tell_written(out, path, "history.export.done", **counts)
        if not (exported.quizzes or exported.sessions):
            out.say("history.export.empty")

    @app.command(name="import", help=t("history.import.help"))
    def import_(
        file: Annotated[str, file_argument(t, "history.import.file_help", show_default=False)],
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.storage.store import Store
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases.history_records import import_history

        done = import_history(Path(file), partial(Store.open, t=t), t)
        if done.empty:
            lines = [t("history.import.empty", file=file)]
        else:
            added = _counts(ctx, done.quizzes, done.sessions)
            lines = [t("history.import.done", file=file, **added)]
        if done.known_quizzes or done.known_sessions:
            known = _counts(ctx, done.known_quizzes, done.known_sessions)
            lines.append(t("history.import.already", **known))
        Output(t).data("\n".join(lines) + "\n")

    @app.command(help=t("history.forget.help"))
    def forget(
        yes: Annotated[
            bool, typer.Option("--yes", "-y", help=t("history.forget.yes_help"))
        ] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        from stresscheck.adapters.ui.output import Output
        from stresscheck.usecases.history_records import forget_history

        if not yes and not ctx.stdin_is_terminal:
            raise UsageError(t("history.forget.needs_yes"))
        out = Output(t)
        confirm = None if yes else partial(_confirm_forgetting, ctx, out)
        done = forget_history(partial(_overview_store, t), confirm)
        if done.existed and not done.deleted:  # the person said no
            out.data(t("history.forget.kept") + "\n")
            return
        if done.deleted:
            lines = [t("history.forget.done", path=str(done.path), what=_what(ctx, done.counts))]
        else:
            lines = [t("history.forget.nothing", path=str(done.path))]
        # The practice is the therapist's file, not the person's records: `setup --reset`.
        if ctx.practice is not None:
            lines.append(t("history.forget.practice_kept", name=ctx.practice.name))
        out.data("\n".join(lines) + "\n")

    @app.command(help=t("report.help"))
    def report(
        output: Annotated[str, output_option(t, "report.output_help", show_default=False)],
        format_name: Annotated[
            str | None,
            typer.Option("--format", metavar="md|html", help=t("report.format_help")),
        ] = None,
        since: Annotated[str | None, since_option(t)] = None,
        until: Annotated[str | None, until_option(t)] = None,
        sources: Annotated[
            list[str] | None,
            typer.Option(
                "--from",
                metavar="EXPORT.json",
                help=t("clients.from_help"),
                show_default=False,
                autocompletion=complete_data_file,
            ),
        ] = None,
        names: Annotated[
            list[str] | None,
            typer.Option(
                "--label", metavar="LABEL", help=t("clients.label_help"), show_default=False
            ),
        ] = None,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        period = chosen_period(ctx, since, until)
        if sources:  # clients' exports: the store of whoever runs this is never opened
            from stresscheck.commands.report_from import write_clients_report

            write_clients_report(ctx, format_name, output, sources, names or (), period=period)
            return
        if names:
            raise UsageError(t("clients.label_without_from"))
        write_report(ctx, format_name, output, period=period)


def _overview_store(t: "Translator") -> "OverviewStore":
    from stresscheck.adapters.storage.history_read import OverviewStore

    return OverviewStore.open(t=t)


# --- report ------------------------------------------------------------------------------


def write_report(
    ctx: AppContext, format_name: str | None, output: str, *, period: "Period | None" = None
) -> None:
    """``report``: a summary to hand to a therapist, as Markdown or HTML.

    With a ``period`` only its records count: they are read in full and filtered
    (``core.period.within``, as ``export`` does); without one, only the sums,
    the newest records and the first quiz are read.
    """
    from stresscheck.adapters.ui.output import check_target, is_special, write_output

    t = ctx.t
    check_target(output, t)
    chosen = report_format(format_name, output, ctx)
    from datetime import UTC, datetime

    from stresscheck import __version__
    from stresscheck.adapters.report.formats import REPORT_FORMATS
    from stresscheck.adapters.report.summary import REPORT_QUIZZES, ReportData
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.overview import assemble

    renderer = REPORT_FORMATS.get(chosen)
    if renderer is None:
        raise UsageError(
            t("report.unknown_format", format=chosen, choices=", ".join(REPORT_FORMATS))
        )
    limited = period is not None and period.limited
    labels, thresholds = labels_and_thresholds(ctx)
    store = OverviewStore.open(t=t)
    # What leaves the machine comes from an intact file: checked while the report is made.
    with store.whole_file_checked():
        try:
            if period is not None and limited:
                from stresscheck.core.body_map import counts_of_records
                from stresscheck.core.overview import overview_parts
                from stresscheck.core.period import within

                records = within(store.history(), period)
                parts = overview_parts(records, recent=REPORT_QUIZZES)
                first = records.quizzes[0] if records.quizzes else None
                places = counts_of_records(records.quizzes, thresholds.body_map)
            else:
                parts = store.overview_parts(recent=REPORT_QUIZZES)
                first = store.first_quiz() if parts.quizzes > len(parts.recent_quizzes) else None
                places = store.place_counts(thresholds.body_map) if parts.quizzes else []
        finally:
            store.close()
        overview = assemble(parts, thresholds)
        ids = dict.fromkeys(
            quiz.questionnaire_id for quiz in (overview.latest, first) if quiz is not None
        )
        data = ReportData(
            overview,
            labels,
            ctx.practice,
            datetime.now(UTC),
            __version__,
            questionnaires=tuple(
                q for qid in ids for q in built_in_questionnaire(ctx, labels, qid)
            ),
            first=first,
            period=period,
            places=tuple(places),
        )
        document = renderer(data)
    path = write_output(output, document, t)
    if path is not None and not is_special(path):
        say(t("report.written_html" if chosen == "html" else "report.written", path=str(path)))
    if overview.empty:
        say(t("report.empty_period" if limited else "report.empty"))


def _counts(ctx: AppContext, quizzes: int, sessions: int) -> dict[str, str]:
    """``quizzes`` and ``sessions`` in words, for a message's fields."""
    from stresscheck.core.labels import Labels

    labels = Labels(ctx.t, ctx.lang)
    return {
        "quizzes": labels.count("history.quizzes", quizzes),
        "sessions": labels.count("history.sessions", sessions),
    }


def _what(ctx: AppContext, counts: tuple[int, int] | None) -> str:
    """What the history holds, in words (a file that cannot be read: it says so)."""
    if counts is None:
        return ctx.t("history.forget.what_unknown")
    return ctx.t("history.forget.what", **_counts(ctx, *counts))


def _confirm_forgetting(
    ctx: AppContext, out: "Output", path: Path, counts: tuple[int, int] | None
) -> bool:
    """Whether the person, asked on standard error, wants the history at ``path`` deleted.

    Ctrl-C keeps it and stops the run (exit 130); the end of input is a no.
    """
    from rich.text import Text  # plain text: "[y/N]" is no markup

    t = ctx.t
    out.talk.print(Text(t("history.forget.about", path=str(path), what=_what(ctx, counts))))
    try:
        answer = out.ask(t("history.forget.question"))
    except EOFError:
        answer = ""
    except KeyboardInterrupt:
        out.talk.print()
        out.talk.print(Text(t("history.forget.kept")))
        raise Interrupted from None
    return is_yes(answer, t, default=False)
