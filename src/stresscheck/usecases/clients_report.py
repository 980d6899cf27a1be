"""Report from exports: a therapist's report from clients' exports (contract section 8).

Reads files written by ``export --format json`` with the import's reader
(``adapters/sources/export.read_export``: every record checked, every mistake
named with its file, line and key path) and never the store of whoever runs
it: nothing here opens, creates or changes a history database.

One export gives that client's report, exactly as ``report`` would from a
store. Several give an overview (one row per client) and a section per
client (``adapters/report/clients.py``). Each client is read, computed and
rendered on its own and only its texts are kept, so memory stays small; with
several exports the clients are spread over the computer's cores (Linux: forked
workers, which share what is already loaded). Nothing is written until every
export has been read: a bad one stops the run (exit 2) and no file is left.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stresscheck.errors import ContentError, StresscheckError, UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.report.clients import ClientPart, SectionRenderer
    from stresscheck.adapters.report.summary import ReportData
    from stresscheck.usecases.report import Reporting

# Fewer exports than this are read in this process: starting workers would cost
# more than it saves.
PARALLEL_FROM = 4


class Client(NamedTuple):
    """One export to read, and the client's name in the report (safe for a terminal)."""

    path: Path
    label: str
    source: str  # the file as given, safe for a terminal: said in the client's section


def clients_of(sources: Sequence[str], names: Sequence[str]) -> list[Client]:
    """The exports and their names (``--label`` in order, else the file's name).

    More names than exports is a usage error. Names and file names are outside
    text: control characters and escape sequences are dropped here, once.
    """
    from stresscheck.core.text import terminal_safe

    if len(names) > len(sources):
        raise UsageError(key="clients.too_many_labels", labels=len(names), files=len(sources))
    clients = []
    for index, source in enumerate(sources):
        path = Path(source).expanduser()
        name = names[index] if index < len(names) else path.name
        safe = terminal_safe(source)
        # A name of nothing but control characters names nobody: then the file, or its place.
        label = terminal_safe(name).strip() or terminal_safe(path.name).strip() or safe
        clients.append(Client(path, label or f"#{index + 1}", safe))
    return clients


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while a client is read and rendered.

    A year's export is tens of thousands of small dicts and lists, and its
    report thousands of strings and lists, none in a cycle: reference counting
    frees them, and the collector would only walk them again and again while
    they are made (5-20 % of the time).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _Job:
    """What reading one client needs, the same for every client: made once, before
    any worker starts (a forked worker finds it ready). ``section``: each client's
    section of a report on several (None: the one client's own report)."""

    def __init__(
        self, reporting: Reporting, section: SectionRenderer | None, *, chart: bool
    ) -> None:
        self.reporting = reporting
        self.section = section
        self.chart = chart

    def data(self, client: Client) -> ReportData:
        """The client's report, from their export (ContentError when it is bad)."""
        with _no_cycle_collection():
            return self._data(client)

    def _data(self, client: Client) -> ReportData:
        from stresscheck.adapters.report.summary import REPORT_QUIZZES
        from stresscheck.adapters.sources.export import read_export
        from stresscheck.core.body_map import counts_of_records
        from stresscheck.core.overview import CHART_POINTS, assemble, overview_parts

        reporting = self.reporting
        history = read_export(client.path)
        if reporting.period is not None and reporting.limited:
            from stresscheck.core.period import within

            history = within(history, reporting.period)
        # The overview reads every record once; only the newest are kept in full.
        # Markdown has no chart: its points are not worked out for it.
        points = CHART_POINTS if self.chart else 0
        parts = overview_parts(history, recent=REPORT_QUIZZES, chart_points=points)
        overview = assemble(parts, reporting.thresholds)
        first = history.quizzes[0] if history.quizzes else None
        # The places on the body map over time (the question the insight weighs).
        places = counts_of_records(history.quizzes, reporting.thresholds.body_map)
        return reporting.data(overview, first, places, practice=self.section is None)

    def part(self, client: Client, index: int) -> ClientPart:
        """The client's overview row and section, as text."""
        from stresscheck.adapters.report.clients import ClientPart, client_row

        assert self.section is not None
        with _no_cycle_collection():
            data = self._data(client)
            row = client_row(client.label, data)
            return ClientPart(row, self.section(client.label, client.source, data, index))


class _Failure(NamedTuple):
    """A client's export that could not be used, as a worker sends it back: the
    exception's kind and its lines (an exception itself may not survive the trip)."""

    kind: type[StresscheckError]
    lines: list[str]

    def error(self) -> StresscheckError:
        if issubclass(self.kind, ContentError):
            return ContentError(self.lines)
        return self.kind("\n".join(self.lines))


# The job of this run, for forked workers (set before they start, never changed).
_JOB: _Job | None = None
_CLIENTS: Sequence[Client] = ()


def _one(index: int) -> ClientPart | _Failure:
    assert _JOB is not None
    try:
        return _JOB.part(_CLIENTS[index], index)
    except ContentError as error:
        return _Failure(ContentError, error.problems)
    except StresscheckError as error:
        return _Failure(type(error), [error.message])


def _quiet_worker() -> None:
    """Ctrl-C is the main process's to handle: a worker finishes quietly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def client_parts(job: _Job, clients: Sequence[Client]) -> Iterator[ClientPart]:
    """Each client's row and section, in the order given; the first bad export
    (in that order) stops it with its error."""
    global _JOB, _CLIENTS
    workers = min(_cores(), len(clients))
    # Forked workers start at once with everything loaded; elsewhere (macOS, Windows)
    # starting a fresh interpreter per worker would cost more than it saves.
    if workers < 2 or len(clients) < PARALLEL_FROM or not sys.platform.startswith("linux"):
        for index, client in enumerate(clients):
            yield job.part(client, index)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Loaded once, here: each forked worker finds them loaded instead of importing
    # them itself (pydantic alone takes a tenth of a second).
    import stresscheck.adapters.report.clients
    import stresscheck.adapters.sources.export
    import stresscheck.core.overview  # noqa: F401

    _JOB, _CLIENTS = job, clients
    # What is loaded now stays shared with the workers: no collection in them
    # touches (and so copies) it.
    gc.freeze()
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_quiet_worker
    )
    try:
        for result in pool.map(_one, range(len(clients))):
            if isinstance(result, _Failure):
                raise result.error()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _JOB, _CLIENTS = None, ()


def check_clients_format(chosen: str) -> None:
    """A UsageError unless a report from exports can be written in format ``chosen``."""
    from stresscheck.adapters.report.clients import CLIENTS_FORMATS
    from stresscheck.adapters.report.formats import REPORT_FORMATS

    if chosen not in REPORT_FORMATS or chosen not in CLIENTS_FORMATS:
        raise UsageError(
            key="report.unknown_format", format=chosen, choices=", ".join(CLIENTS_FORMATS)
        )


def check_not_an_input(clients: Sequence[Client], target: Path | None) -> None:
    """A UsageError when the report would be written over one of the exports it reads."""
    from stresscheck.adapters.ui.output import is_special

    if target is None or is_special(target):
        return
    written = target.resolve()
    for client in clients:
        if client.path.resolve() == written:
            raise UsageError(key="clients.output_is_input", path=client.source)


def clients_report(clients: Sequence[Client], reporting: Reporting, chosen: str) -> str:
    """The report in format ``chosen``: the one client's own, or an overview and a
    section per client. Nothing is written here; a bad export raises its error."""
    from stresscheck.adapters.report.clients import CLIENT_SECTIONS, CLIENTS_FORMATS, ClientsReport
    from stresscheck.adapters.report.formats import REPORT_FORMATS

    chart = chosen == "html"
    if len(clients) == 1:
        return REPORT_FORMATS[chosen](_Job(reporting, None, chart=chart).data(clients[0]))
    job = _Job(reporting, CLIENT_SECTIONS[chosen], chart=chart)
    parts = list(client_parts(job, clients))
    labels, practice = reporting.labels, reporting.practice
    report = ClientsReport(labels, practice, reporting.made_at, reporting.version)
    return CLIENTS_FORMATS[chosen](report, parts)
