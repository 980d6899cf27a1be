"""The report as one self-contained HTML file: ``render_html`` and the parts it is made of.

The HTML file must stand on its own for years and on any computer: inline CSS,
an inline SVG chart (``chart.py``), no scripts, no fonts or images from
elsewhere, and every text escaped. It is laid out to print well (A4, no section
split over pages where that can be avoided), because many people bring it on
paper. The words come from ``summary.py``, shared with the Markdown report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stresscheck.adapters.report.chart import chart_legend, svg_chart
from stresscheck.adapters.report.escape import esc
from stresscheck.adapters.report.outline import report_outline
from stresscheck.adapters.report.summary import (
    ReportData,
    advice_reasons,
    advice_title,
    answer_rows,
    answers_intro,
    body_map,
    body_map_rows,
    column_heading,
    compared,
    context_answers,
    context_note,
    context_rows,
    domain_rows,
    earlier_flags,
    flag_names,
    insight_lines,
    period_line,
    practice_lines,
    questionnaire_name,
    quiz_table,
    reference_questionnaire,
    sessions_per_week,
    tension_words,
    trend_words,
    verdict_line,
)
from stresscheck.core.history import QuizRecord

# The bar beside each score of the latest result, in its level's calm colour.
LEVEL_COLOURS = {"low": "#5f9e8f", "moderate": "#d2a24c", "high": "#a8436a"}
DEFAULT_LEVEL_COLOUR = "#8a969c"

CSS = """
:root { --ink: #25313a; --muted: #5d6a72; --line: #dde3e4; --paper: #f7f6f2;
  --card: #ffffff; --accent: #1f6f78; --flag: #9b3a5e; --flag-bg: #fbf0f4; --calm: #edf4f3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 40px 28px 48px; }
header { margin-bottom: 8px; }
h1 { font-size: 1.75rem; font-weight: 600; margin: 0 0 4px; letter-spacing: -0.01em; }
.subtitle { margin: 0 0 14px; color: var(--muted); }
.meta { margin: 0; padding: 0; list-style: none; color: var(--muted); font-size: 0.95rem; }
.meta li { margin: 2px 0; }
.meta strong { color: var(--ink); font-weight: 600; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 14px;
  padding: 20px 24px; margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
h2 { font-size: 1.12rem; font-weight: 600; margin: 0 0 12px; color: var(--accent); }
h3 { font-size: 1rem; font-weight: 600; margin: 16px 0 6px; }
p { margin: 6px 0; }
.notice { background: var(--calm); border-color: #cfe1de; }
.notice p { margin: 0; }
.flags { border: 2px solid var(--flag); background: var(--flag-bg); border-radius: 10px;
  padding: 12px 16px; margin: 6px 0 14px; }
.flags strong { color: var(--flag); }
.flags ul { margin: 6px 0 0; padding-left: 22px; }
.when { color: var(--muted); margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 0.85rem; }
td.num, th.num { text-align: right; white-space: nowrap; }
.quizzes td:first-child { white-space: nowrap; }
td.bar { width: 150px; padding-top: 11px; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
.small { font-size: 0.88rem; }
.muted { color: var(--muted); }
.advice { margin-top: 14px; padding: 12px 16px; border-left: 4px solid var(--accent);
  background: var(--calm); border-radius: 6px; }
.advice.urgent { border-left-color: var(--flag); background: var(--flag-bg); }
.advice.gp { border-left-color: #c0792b; background: #fbf5ea; }
table.context tbody th { color: var(--ink); font-size: inherit; font-weight: 400; width: 45%; }
table.context thead th, table.answers thead th { color: var(--muted); font-size: 0.85rem;
  font-weight: 600; }
table.answers tbody th { color: var(--ink); font-size: inherit; font-weight: 400; width: 40%; }
table.answers tr.area th, table.answers tr.area td { font-weight: 600; color: var(--accent);
  padding-top: 14px; border-bottom: 2px solid var(--line); }
.compared { margin: 0 0 12px; padding-left: 20px; color: var(--muted); }
.advice ul { margin: 6px 0 0; padding-left: 20px; }
figure { margin: 0; }
svg.chart { display: block; width: 100%; height: auto; }
svg.outline { display: block; width: 100%; max-width: 600px; height: auto; margin: 4px 0 12px; }
svg text { font-family: inherit; }
.legend { list-style: none; margin: 10px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 6px 22px; font-size: 0.92rem; }
.legend li { display: flex; align-items: center; gap: 8px; }
.legend svg { flex: none; }
figcaption { color: var(--muted); font-size: 0.88rem; margin-top: 10px; }
.stats { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 10px; margin-bottom: 14px; }
.stat { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
.stat b { display: block; font-size: 1.35rem; font-weight: 600; line-height: 1.3; }
.stat span { color: var(--muted); font-size: 0.85rem; }
.insight p { margin: 4px 0; }
footer { color: var(--muted); font-size: 0.85rem; text-align: center; margin-top: 24px; }
@media (max-width: 560px) { main { padding: 20px 12px; } section { padding: 16px; }
  .stats { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border-color: #cfd5d6; border-radius: 8px; margin: 10px 0; padding: 12px 16px; }
  .flags, .advice, .notice { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, .stats, .keep { break-inside: avoid; page-break-inside: avoid; }
  .legend { font-size: 9pt; }
  svg.outline { max-width: 125mm; }
  .quizzes table { font-size: 8pt; }
  .quizzes th, .quizzes td { padding: 4px 4px; }
  thead { display: table-header-group; }
}
"""


def _section(title: str, body: Sequence[str], css_class: str = "") -> list[str]:
    extra = f' class="{css_class}"' if css_class else ""
    return [f"<section{extra}>", f"<h2>{esc(title)}</h2>", *body, "</section>"]


def _html_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> list[str]:
    """A table of escaped texts; ``numeric`` columns are right-aligned."""

    def cls(index: int) -> str:
        return ' class="num"' if index in numeric else ""

    out = ["<table>", "<thead><tr>"]
    out += [f'<th{cls(i)} scope="col">{esc(h)}</th>' for i, h in enumerate(header)]
    out += ["</tr></thead>", "<tbody>"]
    for row in rows:
        out.append(
            "<tr>" + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        )
    out += ["</tbody>", "</table>"]
    return out


def _bar(score: float | None, maximum: float, level: str | None) -> str:
    """A small inline SVG bar: SVG fills print, where CSS backgrounds often do not."""
    share = 0.0 if score is None or maximum <= 0 else max(0.0, min(1.0, score / maximum))
    colour = LEVEL_COLOURS.get(level or "", DEFAULT_LEVEL_COLOUR)
    return (
        '<svg width="140" height="10" viewBox="0 0 140 10" aria-hidden="true">'
        '<rect x="0" y="0" width="140" height="10" rx="5" fill="#e9eded"/>'
        f'<rect x="0" y="0" width="{140 * share:.1f}" height="10" rx="5" fill="{colour}"/>'
        "</svg>"
    )


def render_html(data: ReportData) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, no scripts)."""
    labels, t = data.labels, data.labels.t
    body: list[str] = ["<header>", f"<h1>{esc(t('report.title'))}</h1>"]
    body.append(f'<p class="subtitle">{esc(t("report.subtitle"))}</p>')
    body += [*html_meta(data), "</header>"]
    body += ['<section class="notice">', f"<p>{esc(t('report.notice'))}</p>", "</section>"]
    body += html_body(data)
    footer = t("report.footer", version=data.version, date=labels.date(data.made_at))
    body.append(f"<footer><p>{esc(footer)}</p></footer>")
    return html_page(labels.lang, t("report.title"), body)


def html_meta(data: ReportData) -> list[str]:
    """The list under the title: the period, the period shared, the practice."""
    overview, labels, t = data.overview, data.labels, data.labels.t
    body = ['<ul class="meta">']
    period = labels.period(overview.first_at, overview.last_at)
    body.append(f"<li>{esc(t('report.period', period=period))}</li>")
    shared = period_line(data)
    if shared:
        body.append(f"<li><strong>{esc(shared)}</strong></li>")
    practice = practice_lines(labels, data.practice)
    if practice:
        body.append(f"<li><strong>{esc(practice[0])}</strong></li>")
        if practice[1:]:
            body.append(f"<li>{' · '.join(esc(line) for line in practice[1:])}</li>")
    body.append("</ul>")
    return body


def html_body(data: ReportData) -> list[str]:
    """The report's sections (``<h2>`` headings), from the latest self-check on: what a
    section of a report on several clients shows of each (``adapters/report/clients.py``)."""
    overview, labels, t = data.overview, data.labels, data.labels.t
    body = _html_latest(data)
    body += _html_answers(data)
    body += _html_chart(data)
    body += _html_practice(data)
    body += _section(
        t("insight.title"),
        [
            f'<p class="verdict"><strong>{esc(verdict_line(labels, overview))}</strong></p>',
            *(f"<p>{esc(line)}</p>" for line in insight_lines(data)),
        ],
        "insight",
    )
    if overview.questionnaires:
        items = [
            "<li>"
            + esc(
                t(
                    "report.questionnaire_use",
                    questionnaire=questionnaire_name(labels, use.questionnaire_id, use.version),
                    count=labels.count("history.quizzes", use.quizzes),
                    period=labels.period(use.first_at, use.last_at),
                )
            )
            + "</li>"
            for use in overview.questionnaires
        ]
        body += _section(t("report.questionnaires_heading"), ["<ul>", *items, "</ul>"])
        body += _html_all_quizzes(data)
    return body


def html_page(lang: str, title: str, body: Sequence[str], css: str = CSS) -> str:
    """One self-contained HTML page around ``body``: inline CSS, nothing from elsewhere."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{esc(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # No referrer, no scripts, nothing from elsewhere, even if a text slipped through.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title>",
            f"<style>{css}</style>",
            "</head>",
            "<body>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _html_latest(data: ReportData) -> list[str]:
    overview, labels, t = data.overview, data.labels, data.labels.t
    latest = overview.latest
    if latest is None:
        return _section(t("report.latest_heading"), [f"<p>{esc(t('report.no_quizzes'))}</p>"])
    name = questionnaire_name(labels, latest.questionnaire_id, latest.questionnaire_version)
    when = labels.date_time(latest.at)
    body = [f'<p class="when">{esc(t("report.latest_when", date=when, questionnaire=name))}</p>']
    earlier = earlier_flags(labels, overview)
    if latest.red_flags or earlier:
        body.append('<div class="flags" role="note">')
        if latest.red_flags:
            body.append(
                f"<p><strong>{esc(t('report.red_flags_heading'))}</strong> · "
                f"{esc(t('report.red_flags_intro'))}</p>"
            )
            body.append(
                "<ul>"
                + "".join(f"<li><strong>{esc(f)}</strong></li>" for f in flag_names(labels, latest))
                + "</ul>"
            )
        if earlier:
            body.append(f"<p>{esc(earlier)}</p>")
        body.append("</div>")
    body += [
        "<table>",
        "<thead><tr>"
        f'<th scope="col">{esc(t("report.col.area"))}</th>'
        f'<th scope="col" class="num">{esc(t("report.col.score"))}</th>'
        '<th scope="col"><span class="muted"></span></th>'
        f'<th scope="col">{esc(t("report.col.level"))}</th>'
        "</tr></thead>",
        "<tbody>",
    ]
    rows = domain_rows(labels, latest)
    for index, (area, score_text, level_text, score, maximum, level) in enumerate(rows):
        total_row = latest.total is not None and index == len(rows) - 1
        row_class = ' class="total"' if total_row else ""
        body.append(
            f"<tr{row_class}>"
            f"<td>{esc(area)}</td>"
            f'<td class="num">{esc(score_text)}</td>'
            f'<td class="bar">{_bar(score, maximum, level) if maximum else ""}</td>'
            f"<td>{esc(level_text)}</td></tr>"
        )
    body += ["</tbody>", "</table>"]
    body += _html_context(data, latest)
    action = latest.advice["action"]
    kind = f" {action}" if action in ("urgent", "gp") else ""
    body.append(f'<div class="advice{kind}">')
    body.append(
        f"<p><strong>{esc(t('report.advice_heading'))}:</strong> "
        f"{esc(advice_title(labels, action))}</p>"
    )
    reasons = advice_reasons(labels, latest)
    if reasons:
        # A sentence kept from an older record stays in the language it was written in.
        items = (
            f"<li>{esc(reason)}</li>"
            if lang == labels.lang
            else f'<li lang="{esc(lang)}">{esc(reason)}</li>'
            for reason, lang in reasons
        )
        body.append("<ul>" + "".join(items) + "</ul>")
    body.append("</div>")
    return _section(t("report.latest_heading"), body)


def _html_context(data: ReportData, quiz: QuizRecord) -> list[str]:
    quizzes = compared(data)
    if len(quizzes) > 1:
        rows, raw = context_rows(data, quizzes)
    else:
        single, raw = context_answers(data, quiz)
        rows = [(question, (answer,)) for question, answer in single]
    if not rows:
        return []
    body = ['<div class="keep">', f"<h3>{esc(data.labels.t('report.context_heading'))}</h3>"]
    if raw:
        body.append(f'<p class="muted small">{esc(context_note(data, quiz))}</p>')
    body.append('<table class="context">')
    if len(quizzes) > 1:
        body.append(_html_answer_head(data, quizzes))
    body.append("<tbody>")
    body += [
        f'<tr><th scope="row">{esc(question)}</th>'
        + "".join(f"<td>{esc(answer)}</td>" for answer in answers)
        + "</tr>"
        for question, answers in rows
    ]
    body += ["</tbody></table>", "</div>"]
    return body


def _html_answer_head(data: ReportData, quizzes: Sequence[QuizRecord]) -> str:
    labels = data.labels
    cells = [f'<th scope="col">{esc(labels.t("report.col.question"))}</th>']
    cells += [
        f'<th scope="col">{esc(column_heading(labels, quizzes, i))}</th>'
        for i in range(len(quizzes))
    ]
    return "<thead><tr>" + "".join(cells) + "</tr></thead>"


def _html_answers(data: ReportData) -> list[str]:
    """The answers per question of the first and the latest self-check."""
    t = data.labels.t
    quizzes = compared(data)
    if not quizzes:
        return []
    body = ['<ul class="compared">']
    body += [f"<li>{esc(line)}</li>" for line in answers_intro(data, quizzes)]
    body.append("</ul>")
    rows = answer_rows(data, quizzes)
    if rows:
        body += ['<table class="answers">', _html_answer_head(data, quizzes), "<tbody>"]
        for row in rows:
            cells = "".join(f"<td>{esc(answer)}</td>" for answer in row.answers)
            row_class = ' class="area"' if row.area else ""
            body.append(f'<tr{row_class}><th scope="row">{esc(row.name)}</th>{cells}</tr>')
        body += ["</tbody>", "</table>"]
    places = body_map_rows(data, quizzes)
    if places:
        body += ['<div class="keep">', f"<h3>{esc(t('report.body_map_heading'))}</h3>"]
        question = body_map(reference_questionnaire(data, quizzes))
        if question is not None:  # always so when there are rows; the drawing, then the list
            answers = [quiz.answers.get(question.id) for quiz in quizzes]
            body.append(report_outline(data.labels, question, answers))
        body.append('<table class="context"><tbody>')
        body += [
            f'<tr><th scope="row">{esc(when)}</th><td>{esc(chosen)}</td></tr>'
            for when, chosen in places
        ]
        body += ["</tbody></table>", "</div>"]
    return _section(t("report.answers_heading"), body, "long")


def _html_chart(data: ReportData) -> list[str]:
    overview, labels, t = data.overview, data.labels, data.labels.t
    chart = overview.chart
    if chart is None or not chart.points or not chart.domain_ids:
        return []
    body = ["<figure>", svg_chart(chart, labels)]
    body += chart_legend(chart, overview, labels)
    notes = [t("report.chart_caption")]
    if chart.averaged:
        notes.append(t("report.chart_averaged"))
    if chart.left_out:
        notes.append(
            t("report.chart_left_out", count=labels.count("history.quizzes", chart.left_out))
        )
    body.append(f"<figcaption>{' '.join(esc(n) for n in notes)}</figcaption>")
    body.append("</figure>")
    if overview.trends and overview.latest is not None:
        qid = overview.latest.questionnaire_id
        body.append('<div class="keep">')
        body.append(
            f"<h3>{esc(t('report.trend_caption', count=len(overview.trends[0].values)))}</h3>"
        )
        body += _html_table(
            [t("report.col.area"), t("report.col.change")],
            [
                (
                    labels.domain(qid, item.domain_id) if item.domain_id else t("result.total"),
                    trend_words(labels, item),
                )
                for item in overview.trends
            ],
        )
        body.append("</div>")
    return _section(t("report.chart_heading"), body, "long")


def _html_practice(data: ReportData) -> list[str]:
    overview, labels, t = data.overview, data.labels, data.labels.t
    stats = overview.practice
    if not stats.sessions:
        return _section(t("report.practice_heading"), [f"<p>{esc(t('report.no_sessions'))}</p>"])
    tiles = [(str(stats.sessions), t("report.stat.sessions"))]
    rate = sessions_per_week(data)
    if rate is not None:
        tiles.append((rate, t("report.stat.per_week")))
    tiles += [
        (labels.minutes(stats.seconds), t("report.stat.minutes")),
        (str(stats.completed), t("report.stat.completed")),
        (str(stats.interrupted), t("report.stat.interrupted")),
        (tension_words(labels, stats.mean_before, stats.mean_after), t("report.stat.tension")),
    ]
    if stats.mean_relief is not None:
        tiles.append(
            (
                t("report.relief_value", relief=labels.number(stats.mean_relief)),
                t("report.stat.relief"),
            )
        )
    body = ['<div class="stats">']
    body += [
        f'<div class="stat"><b>{esc(value)}</b><span>{esc(name)}</span></div>'
        for value, name in tiles
    ]
    body.append("</div>")
    body += _html_table(
        [
            t("report.col.exercise"),
            t("report.col.sessions"),
            t("report.col.completed"),
            t("report.col.minutes"),
        ],
        [
            (
                labels.exercise(e.exercise_id),
                str(e.sessions),
                str(e.completed),
                labels.minutes(e.seconds),
            )
            for e in stats.exercises
        ],
        numeric=(1, 2, 3),
    )
    return _section(t("report.practice_heading"), body)


def _html_all_quizzes(data: ReportData) -> list[str]:
    overview, t = data.overview, data.labels.t
    header, rows = quiz_table(data)
    body = ['<div class="small quizzes">', *_html_table(header, rows), "</div>"]
    if len(rows) < overview.quizzes:
        showing = t("report.all_showing", shown=len(rows), count=overview.quizzes)
        body.append(f'<p class="muted small">{esc(showing)}</p>')
    return _section(t("report.all_heading"), body, "long")
