"""Report: a summary of the person's own history to hand to a therapist.

What every report needs besides the records (``Reporting``) is shared with the
therapist's report from clients' exports (``usecases/clients_report.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import datetime

    from stresscheck.adapters.report.summary import ReportData
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.body_map import PlaceCount
    from stresscheck.core.history import QuizRecord
    from stresscheck.core.labels import Labels
    from stresscheck.core.overview import Overview
    from stresscheck.core.period import Period
    from stresscheck.core.practice import Practice
    from stresscheck.core.questionnaire import InsightSettings, Questionnaire


class Reporting(NamedTuple):
    """What a report is made with: how things are named and the insight's
    thresholds (from the files in force), the practice, when and by which
    version it is made, the period asked for, and ``built_in``: the built-in
    questionnaire for a questionnaire id, when answers must be looked up in it
    (a self-check made with it while another is in force)."""

    labels: Labels
    thresholds: InsightSettings
    practice: Practice | None
    made_at: datetime
    version: str
    period: Period | None
    built_in: Callable[[str], tuple[Questionnaire, ...]]

    @property
    def limited(self) -> bool:
        """Whether only a part of the history is asked for."""
        return self.period is not None and self.period.limited

    def data(
        self,
        overview: Overview,
        first: QuizRecord | None,
        places: list[PlaceCount],
        *,
        practice: bool = True,
    ) -> ReportData:
        """The report's data (``practice=False``: without the practice, for a
        client's section in a therapist's report)."""
        from stresscheck.adapters.report.summary import ReportData

        ids = dict.fromkeys(
            quiz.questionnaire_id for quiz in (overview.latest, first) if quiz is not None
        )
        return ReportData(
            overview,
            self.labels,
            self.practice if practice else None,
            self.made_at,
            self.version,
            questionnaires=tuple(q for qid in ids for q in self.built_in(qid)),
            first=first,
            period=self.period,
            places=tuple(places),
        )


class Report(NamedTuple):
    """A report's text, and whether there was anything (of the period) to report."""

    document: str
    empty: bool


def own_report(
    open_store: Callable[[], OverviewStore],
    reporting: Reporting,
    render: Callable[[ReportData], str],
) -> Report:
    """The person's own report, rendered by ``render`` from a file checked whole.

    With a period only its records count: they are read in full and filtered
    (``core.period.within``, as ``export`` does); without one, only the sums,
    the newest records and the first quiz are read.
    """
    from stresscheck.adapters.report.summary import REPORT_QUIZZES
    from stresscheck.core.overview import assemble

    body_map = reporting.thresholds.body_map
    store = open_store()
    # What leaves the machine comes from an intact file: checked while the report is made.
    with store.whole_file_checked():
        try:
            if reporting.period is not None and reporting.limited:
                from stresscheck.core.body_map import counts_of_records
                from stresscheck.core.overview import overview_parts
                from stresscheck.core.period import within

                records = within(store.history(), reporting.period)
                parts = overview_parts(records, recent=REPORT_QUIZZES, recent_sessions=0)
                first = records.quizzes[0] if records.quizzes else None
                places = counts_of_records(records.quizzes, body_map)
            else:
                parts = store.overview_parts(recent=REPORT_QUIZZES, recent_sessions=0)
                first = store.first_quiz() if parts.quizzes > len(parts.recent_quizzes) else None
                places = store.place_counts(body_map) if parts.quizzes else []
        finally:
            store.close()
        overview = assemble(parts, reporting.thresholds)
        document = render(reporting.data(overview, first, places))
    return Report(document, overview.empty)
