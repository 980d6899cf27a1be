"""A therapist's report on several clients: an overview row each, then a section each.

Made from clients' exports (``report --from``, contract section 8). Each section
is what that client's own report shows (``markdown.markdown_body`` and
``html.html_body``), with its headings one level down under the client's
name; the overview row is read from the same ``ReportData``, so a row and its
section can never disagree.

Pure like ``adapters/report/markdown.py`` and ``html.py``: ``ReportData`` in, text
out. A client is turned into its ``ClientPart`` (row and section, both already
text) as soon as its export is read, so a report on a hundred clients holds a
hundred small texts in memory rather than a hundred histories.

Labels and file names come from outside (the command line): the command makes
them safe for a terminal; here they are escaped like every other text (``md``,
``esc``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from stresscheck.adapters.report.escape import esc
from stresscheck.adapters.report.html import CSS, html_body, html_meta, html_page
from stresscheck.adapters.report.markdown import markdown_body, markdown_meta, md
from stresscheck.adapters.report.summary import ReportData, body_map, sessions_per_week
from stresscheck.core.history import QuizRecord
from stresscheck.core.labels import Labels, readable_id
from stresscheck.core.practice import Practice
from stresscheck.core.questionnaire import InsightSettings


class ClientRow(NamedTuple):
    """One client's row of the overview, every cell already in words.

    ``trends`` holds one ``area: direction`` text per area of the latest
    self-check's questionnaire.
    """

    client: str
    quizzes: str
    sessions: str
    first: str
    latest: str
    advice: str
    trends: tuple[str, ...]
    per_week: str
    relief: str
    red_flags: str
    places: str


# The overview's columns, in order (``clients.col.*``): ClientRow's fields.
COLUMNS = ClientRow._fields


class ClientPart(NamedTuple):
    """One client of the report: the overview row, and the section in the chosen format."""

    row: ClientRow
    section: str


class ClientsReport(NamedTuple):
    """What the report on several clients shows besides the clients themselves."""

    labels: Labels
    practice: Practice | None
    made_at: datetime
    version: str


def client_row(label: str, data: ReportData) -> ClientRow:
    """The overview row of the client ``label`` whose report is ``data``."""
    overview, labels, t = data.overview, data.labels, data.labels.t
    nothing = str(t("clients.nothing"))
    latest = overview.latest
    first = data.first or (overview.recent_quizzes[0] if overview.recent_quizzes else None)
    trends: tuple[str, ...] = ()
    if latest is not None:
        trends = tuple(
            str(
                t(
                    "clients.trend_item",
                    area=labels.domain(latest.questionnaire_id, item.domain_id),
                    trend=t(f"history.trend.{item.trend.direction}")
                    if item.trend.change is not None
                    else t("clients.trend_too_few"),
                )
            )
            for item in overview.trends
            if item.domain_id is not None  # areas only: the total is no area
        )
    flags = overview.flagged
    return ClientRow(
        client=label,
        quizzes=str(overview.quizzes),
        sessions=str(overview.sessions),
        first=labels.date(first.at) if first is not None else nothing,
        latest=labels.date(latest.at) if latest is not None else nothing,
        advice=labels.action(latest.advice["action"]) if latest is not None else nothing,
        trends=trends,
        per_week=sessions_per_week(data) or nothing,
        relief=str(t(f"report.verdict.{overview.insight.verdict}")),
        red_flags=str(
            t("clients.flags", count=labels.count("history.quizzes", flags))
            if flags
            else t("clients.no_flags")
        ),
        places=places(data, latest) if latest is not None else nothing,
    )


def places(data: ReportData, quiz: QuizRecord) -> str:
    """The places ``quiz`` chose on the body map, named in the report's language
    (as stored when its questionnaire is not at hand)."""
    labels = data.labels
    question = None
    for candidate in (labels.questionnaire, *data.questionnaires):
        if candidate is not None and candidate.id == quiz.questionnaire_id:
            question = body_map(candidate)
            break
    # Its questionnaire not at hand: the body map has the default question's id.
    value = quiz.answers.get(question.id if question else InsightSettings().body_map)
    if not isinstance(value, tuple):  # not asked (older questionnaires) or not a map
        return str(labels.t("clients.places_unanswered"))
    if not value:
        return str(labels.t("report.context_nothing"))
    if question is not None:
        return "; ".join(question.label_for(item, labels.lang) for item in value)
    return "; ".join(
        readable_id(item) if isinstance(item, str) else labels.number(item) for item in value
    )


def _header(labels: Labels) -> list[str]:
    return [str(labels.t(f"clients.col.{key}")) for key in COLUMNS]


def _cells(row: ClientRow, trends: str) -> list[str]:
    return [
        row.client,
        row.quizzes,
        row.sessions,
        row.first,
        row.latest,
        row.advice,
        trends,
        row.per_week,
        row.relief,
        row.red_flags,
        row.places,
    ]


# --- Markdown ---------------------------------------------------------------------------


def section_markdown(label: str, source: str, data: ReportData) -> str:
    """The client's own report (its Markdown body) under a ``##`` heading with its name."""
    lines = [f"## {md(label)}", ""]
    lines += markdown_meta(data)
    lines += [f"- {md(data.labels.t('clients.from_file', file=source))}", ""]
    # One level down: md() escapes every # in a text, so only headings start with one.
    lines += [f"#{line}" if line.startswith("#") else line for line in markdown_body(data)]
    return "\n".join(lines)


def render_clients_markdown(report: ClientsReport, parts: Sequence[ClientPart]) -> str:
    """The report on several clients as Markdown: the overview table, then each client."""
    labels, t = report.labels, report.labels.t
    out = [f"# {md(t('clients.title'))}", "", md(t("clients.subtitle")), ""]
    meta = [t("clients.made_from", count=len(parts))]
    if report.practice is not None:
        meta.append(t("report.practice", name=report.practice.name))
    out += [f"- {md(line)}" for line in meta]
    out += ["", f"> {md(t('clients.notice'))}", ""]
    out += [f"## {md(t('clients.overview_heading'))}", ""]
    header = _header(labels)
    out.append("| " + " | ".join(md(cell) for cell in header) + " |")
    out.append("|" + "---|" * len(header))
    for part in parts:
        row = part.row
        trends = "; ".join(row.trends) or str(t("clients.nothing"))
        out.append("| " + " | ".join(md(cell) for cell in _cells(row, trends)) + " |")
    out.append("")
    for part in parts:
        out += [part.section, ""]
    footer = t("clients.footer", version=report.version, date=labels.date(report.made_at))
    out += ["---", "", md(footer)]
    return "\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------

CLIENTS_CSS = """
main { max-width: 1200px; }
table.clients { font-size: 0.85rem; }
table.clients td.nowrap { white-space: nowrap; }
table.clients th, table.clients td { padding: 6px 6px; }
table.clients td.num { text-align: right; }
table.clients a { color: var(--accent); }
article.client { margin-top: 40px; padding-top: 14px; border-top: 3px solid var(--accent); }
article.client > h2 { font-size: 1.45rem; color: var(--ink); margin: 0 0 6px; }
article.client section h3 { font-size: 1.12rem; font-weight: 600; margin: 0 0 12px;
  color: var(--accent); }
article.client h4 { font-size: 1rem; font-weight: 600; margin: 16px 0 6px; }
@media print {
  article.client { break-before: page; page-break-before: always; border-top: 0; }
  table.clients { font-size: 8pt; }
}
"""


_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def _lower(match: re.Match[str]) -> str:
    return f"<{match[1]}h{int(match[2]) + 1}"


def _anchor(index: int) -> str:
    return f"client-{index + 1}"


def section_html(label: str, source: str, data: ReportData, index: int) -> str:
    """The client's own report (its HTML body) in an ``<article>`` under an ``<h2>``
    with its name; ``index`` (from 0) makes its anchor and ids unique in the page."""
    meta = html_meta(data)
    meta.insert(-1, f"<li>{esc(data.labels.t('clients.from_file', file=source))}</li>")
    # One level down. Every text is escaped (esc), so a "<h2" is always markup.
    body = _HEADING.sub(_lower, "\n".join(html_body(data)))
    # An id may be used once in a page: the chart's title gets the client's number.
    unique = f"chart-title-{index + 1}"
    body = body.replace('id="chart-title"', f'id="{unique}"')
    body = body.replace('aria-labelledby="chart-title"', f'aria-labelledby="{unique}"')
    return "\n".join(
        [
            f'<article class="client" id="{_anchor(index)}">',
            f"<h2>{esc(label)}</h2>",
            *meta,
            body,
            "</article>",
        ]
    )


# Counts right-aligned; dates and trends (one area a line) kept on one line each.
_CELL_CLASSES = {
    1: ' class="num"',
    2: ' class="num"',
    3: ' class="nowrap"',
    4: ' class="nowrap"',
    6: ' class="nowrap"',
    7: ' class="num"',
}


def render_clients_html(report: ClientsReport, parts: Sequence[ClientPart]) -> str:
    """The report on several clients as one self-contained HTML page."""
    labels, t = report.labels, report.labels.t
    body = ["<header>", f"<h1>{esc(t('clients.title'))}</h1>"]
    body.append(f'<p class="subtitle">{esc(t("clients.subtitle"))}</p>')
    body.append('<ul class="meta">')
    body.append(f"<li>{esc(t('clients.made_from', count=len(parts)))}</li>")
    if report.practice is not None:
        practice = t("report.practice", name=report.practice.name)
        body.append(f"<li><strong>{esc(practice)}</strong></li>")
    body += ["</ul>", "</header>"]
    body += ['<section class="notice">', f"<p>{esc(t('clients.notice'))}</p>", "</section>"]
    body += ['<section class="long">', f"<h2>{esc(t('clients.overview_heading'))}</h2>"]
    body += ['<table class="clients">', "<thead><tr>"]
    body += [f'<th scope="col">{esc(cell)}</th>' for cell in _header(labels)]
    body += ["</tr></thead>", "<tbody>"]
    for index, part in enumerate(parts):
        row = part.row
        trends = "<br>".join(esc(item) for item in row.trends) or esc(t("clients.nothing"))
        cells = [esc(cell) for cell in _cells(row, "")]
        cells[0] = f'<a href="#{_anchor(index)}">{cells[0]}</a>'
        cells[6] = trends
        body.append(
            '<tr><th scope="row">'
            + cells[0]
            + "</th>"
            + "".join(
                f"<td{_CELL_CLASSES.get(column, '')}>{cell}</td>"
                for column, cell in enumerate(cells)
                if column
            )
            + "</tr>"
        )
    body += ["</tbody>", "</table>", "</section>"]
    body += [part.section for part in parts]
    footer = t("clients.footer", version=report.version, date=labels.date(report.made_at))
    body.append(f"<footer><p>{esc(footer)}</p></footer>")
    return html_page(labels.lang, t("clients.title"), body, CSS + CLIENTS_CSS)


SectionRenderer = Callable[[str, str, ReportData, int], str]
ClientsRenderer = Callable[[ClientsReport, Sequence[ClientPart]], str]


def _section_markdown(label: str, source: str, data: ReportData, index: int) -> str:
    return section_markdown(label, source, data)


# By --format, as adapters/report/formats.py's REPORT_FORMATS: a section per client, and the whole.
CLIENT_SECTIONS: dict[str, SectionRenderer] = {"md": _section_markdown, "html": section_html}
CLIENTS_FORMATS: dict[str, ClientsRenderer] = {
    "md": render_clients_markdown,
    "html": render_clients_html,
}
