"""``history``, ``export``, ``import``, ``forget`` and ``report``: the person's own records.

Each command parses its options, calls its use case (``usecases/``) and
renders the result through ``Output``: data to standard output (``history
--json``, ``export`` without ``-o``, ``report -o -``), everything said about it
to standard error, so the data can be piped safely. Heavy modules are imported
inside the commands, because every run of stresscheck builds this module's commands.
"""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stresscheck.commands.options import (
    complete_data_file,
    file_argument,
    flag,
    lang_option,
    output_option,
    since_option,
    until_option,
)
from stresscheck.commands.reading import (
    chosen_period,
    labels_and_thresholds,
    overview_store,
    report_format,
    reporting,
    tell_written,
)
from stresscheck.context import AppContext
from stresscheck.errors import Interrupted, UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.ui.output import Output
    from stresscheck.core.period import Period


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

        out = Output(plain=plain)
        if as_json:  # the contract's shape: {"quizzes": [...], "sessions": [...]}
            out.json(every_record(overview_store).to_json(), versioned=False)
            return
        from stresscheck.adapters.ui.history_view import render_empty, render_history
        from stresscheck.core.labels import Labels

        names = partial(labels_and_thresholds, ctx)
        bare = Labels(t, ctx.lang)
        summary = summarise_history(overview_store, names, bare, show_all=show_all)
        if summary.overview is None:
            render_empty(out.lines, summary.labels)
            return
        overview, labels, places = summary.overview, summary.labels, summary.places
        render_history(out.lines, overview, labels, plain=plain, places=places)

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
        check_target(output)  # a typo in -o costs nothing
        exporter = EXPORT_FORMATS.get(format_name)
        if exporter is None:
            choices = ", ".join(EXPORT_FORMATS)
            raise UsageError(
                t("history.export.unknown_format", format=format_name, choices=choices)
            )
        exported = export_history(Store.open, exporter, period)
        out = Output()
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

        done = import_history(Path(file), Store.open)
        if done.empty:
            lines = [t("history.import.empty", file=file)]
        else:
            added = _counts(ctx, done.quizzes, done.sessions)
            lines = [t("history.import.done", file=file, **added)]
        if done.known_quizzes or done.known_sessions:
            known = _counts(ctx, done.known_quizzes, done.known_sessions)
            lines.append(t("history.import.already", **known))
        Output().data("\n".join(lines) + "\n")

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
            raise UsageError(key="history.forget.needs_yes")
        out = Output()
        confirm = None if yes else partial(_confirm_forgetting, ctx, out)
        done = forget_history(overview_store, confirm)
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
            report_from_exports(ctx, format_name, output, sources, names or (), period)
            return
        if names:
            raise UsageError(key="clients.label_without_from")
        from stresscheck.adapters.report.formats import REPORT_FORMATS
        from stresscheck.adapters.ui.output import Output, check_target
        from stresscheck.usecases.report import own_report

        check_target(output)  # a typo in -o costs nothing
        chosen = report_format(format_name, output, ctx)
        render = REPORT_FORMATS.get(chosen)
        if render is None:
            choices = ", ".join(REPORT_FORMATS)
            raise UsageError(key="report.unknown_format", format=chosen, choices=choices)
        made = own_report(overview_store, reporting(ctx, period), render)
        out = Output()
        path = out.data(made.document, output)
        tell_written(out, path, "report.written_html" if chosen == "html" else "report.written")
        if made.empty:
            out.say("report.empty_period" if period.limited else "report.empty")


def report_from_exports(
    ctx: AppContext,
    format_name: str | None,
    output: str,
    sources: Sequence[str],
    names: Sequence[str],
    period: "Period",
) -> None:
    """``report --from``: one client's report, or an overview and a section per client."""
    from stresscheck.adapters.ui.output import Output, check_target
    from stresscheck.usecases import clients_report as exports

    clients = exports.clients_of(sources, names)
    target = check_target(output)
    chosen = report_format(format_name, output, ctx)
    exports.check_clients_format(chosen)
    exports.check_not_an_input(clients, target)
    document = exports.clients_report(clients, reporting(ctx, period), chosen)
    out = Output()
    path = out.data(document, output)
    if len(clients) == 1:
        tell_written(out, path, "report.written_html" if chosen == "html" else "report.written")
    else:
        key = "clients.written_html" if chosen == "html" else "clients.written"
        tell_written(out, path, key, count=len(clients))


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

    from stresscheck.adapters.ui.output import is_yes

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
