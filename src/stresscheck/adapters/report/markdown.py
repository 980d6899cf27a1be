"""The report as Markdown: ``render_markdown`` and the parts it is made of.

Readable as plain text and tidy when rendered; every text goes through ``md``,
so a name from outside cannot become emphasis, a link, HTML or a broken table.
The words come from ``summary.py``, shared with the HTML report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stresscheck.adapters.report.summary import (
    ReportData,
    advice_reasons,
    advice_title,
    answer_rows,
    answers_intro,
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
    sessions_per_week,
    tension_words,
    trend_words,
    verdict_line,
)
from stresscheck.core.history import QuizRecord

_MD_SPECIAL = "\\`*_[]<>|#"


def md(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or broken tables."""
    escaped = "".join(f"\\{c}" if c in _MD_SPECIAL else c for c in text)
    return " ".join(escaped.splitlines())


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(data: ReportData) -> str:
    """The report as Markdown: readable as plain text, tidy when rendered."""
    labels, t = data.labels, data.labels.t
    out: list[str] = [f"# {md(t('report.title'))}", ""]
    out.append(md(t("report.subtitle")))
    out.append("")
    out += markdown_meta(data)
    out += ["", f"> {md(t('report.notice'))}", ""]
    out += markdown_body(data)
    out += ["---", "", md(t("report.footer", version=data.version, date=labels.date(data.made_at)))]
    return "\n".join(out) + "\n"


def markdown_meta(data: ReportData) -> list[str]:
    """The list under the title: the period, the period shared, the practice."""
    overview, labels, t = data.overview, data.labels, data.labels.t
    meta = [t("report.period", period=labels.period(overview.first_at, overview.last_at))]
    shared = period_line(data)
    if shared:
        meta.append(shared)
    meta += practice_lines(labels, data.practice)
    return [f"- {md(line)}" for line in meta]


def markdown_body(data: ReportData) -> list[str]:
    """The report's sections (``##`` headings), from the latest self-check on: what a
    section of a report on several clients shows of each (``adapters/report/clients.py``)."""
    overview, labels, t = data.overview, data.labels, data.labels.t
    out: list[str] = [f"## {md(t('report.latest_heading'))}", ""]
    latest = overview.latest
    if latest is None:
        out += [md(t("report.no_quizzes")), ""]
    else:
        name = questionnaire_name(labels, latest.questionnaire_id, latest.questionnaire_version)
        out += [
            md(t("report.latest_when", date=labels.date_time(latest.at), questionnaire=name)),
            "",
        ]
        if latest.red_flags:
            out.append(
                f"**{md(t('report.red_flags_heading'))}:** {md(t('report.red_flags_intro'))}"
            )
            out += [f"- **{md(flag)}**" for flag in flag_names(labels, latest)]
            out.append("")
        earlier = earlier_flags(labels, overview)
        if earlier:
            out += [f"**{md(earlier)}**", ""]
        out += _md_table(
            [t("report.col.area"), t("report.col.score"), t("report.col.level")],
            [(area, score, level) for area, score, level, *_ in domain_rows(labels, latest)],
        )
        out += _md_context(data, latest)
        title = advice_title(labels, latest.advice["action"])
        out += ["", f"**{md(t('report.advice_heading'))}:** {md(title)}"]
        out += [f"- {md(reason)}" for reason, _ in advice_reasons(labels, latest)]
        out.append("")
        out += _md_answers(data)

    if overview.trends and latest is not None:
        out += [f"## {md(t('report.chart_heading'))}", ""]
        out += [md(t("report.trend_caption", count=len(overview.trends[0].values))), ""]
        out += _md_table(
            [t("report.col.area"), t("report.col.trend"), t("report.col.change")],
            [
                (
                    labels.domain(latest.questionnaire_id, item.domain_id)
                    if item.domain_id
                    else t("result.total"),
                    item.trend.sparkline.replace(" ", "·"),
                    trend_words(labels, item),
                )
                for item in overview.trends
            ],
        )
        out.append("")

    out += _md_practice(data)
    out += [f"## {md(t('insight.title'))}", ""]
    out += [f"**{md(verdict_line(labels, overview))}**", ""]
    out += [md(line) for line in insight_lines(data)]
    out.append("")

    if overview.questionnaires:
        out += [f"## {md(t('report.questionnaires_heading'))}", ""]
        for use in overview.questionnaires:
            line = t(
                "report.questionnaire_use",
                questionnaire=questionnaire_name(labels, use.questionnaire_id, use.version),
                count=labels.count("history.quizzes", use.quizzes),
                period=labels.period(use.first_at, use.last_at),
            )
            out.append(f"- {md(line)}")
        out.append("")
        out += _md_all_quizzes(data)
    return out


def _md_context(data: ReportData, quiz: QuizRecord) -> list[str]:
    """What was told about the situation: a list, or beside the first self-check's."""
    quizzes = compared(data)
    rows, raw = context_rows(data, quizzes) if len(quizzes) > 1 else ([], False)
    single: list[tuple[str, str]] = []
    if len(quizzes) <= 1:
        single, raw = context_answers(data, quiz)
    if not (rows or single):
        return []
    out = ["", f"**{md(data.labels.t('report.context_heading'))}**", ""]
    if raw:
        out += [md(context_note(data, quiz)), ""]
    if single:
        return out + [f"- {md(question)}: {md(answer)}" for question, answer in single]
    header = [
        data.labels.t("report.col.question"),
        *(column_heading(data.labels, quizzes, i) for i in range(len(quizzes))),
    ]
    return out + _md_table(header, [(question, *answers) for question, answers in rows])


def _md_answers(data: ReportData) -> list[str]:
    """The answers per question of the first and the latest self-check."""
    labels, t = data.labels, data.labels.t
    quizzes = compared(data)
    if not quizzes:
        return []
    out = [f"## {md(t('report.answers_heading'))}", ""]
    out += [f"- {md(line)}" for line in answers_intro(data, quizzes)]
    out.append("")
    rows = answer_rows(data, quizzes)
    if rows:
        header = [
            t("report.col.question"),
            *(column_heading(labels, quizzes, i) for i in range(len(quizzes))),
        ]
        out.append("| " + " | ".join(md(h) for h in header) + " |")
        out.append("|" + "---|" * len(header))
        for row in rows:
            cells = [md(row.name), *(md(answer) for answer in row.answers)]
            if row.area:  # an area and its scores stand out, in plain text too
                cells = [f"**{cell}**" if cell else cell for cell in cells]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    places = body_map_rows(data, quizzes)
    if places:
        out += [f"**{md(t('report.body_map_heading'))}**", ""]
        out += [f"- {md(when)}: {md(chosen)}" for when, chosen in places]
        out.append("")
    return out


def _md_practice(data: ReportData) -> list[str]:
    overview, labels, t = data.overview, data.labels, data.labels.t
    stats = overview.practice
    out = [f"## {md(t('report.practice_heading'))}", ""]
    if not stats.sessions:
        return [*out, md(t("report.no_sessions")), ""]
    tension = tension_words(labels, stats.mean_before, stats.mean_after)
    out += [
        f"- {md(t('report.stat.sessions'))}: {stats.sessions}",
    ]
    rate = sessions_per_week(data)
    if rate is not None:
        out.append(f"- {md(t('report.stat.per_week'))}: {md(rate)}")
    out += [
        f"- {md(t('report.stat.minutes'))}: {md(labels.minutes(stats.seconds))}",
        f"- {md(t('report.stat.completed'))}: {stats.completed}",
        f"- {md(t('report.stat.interrupted'))}: {stats.interrupted}",
        f"- {md(t('report.stat.tension'))}: {md(tension)}",
    ]
    if stats.mean_relief is not None:
        relief = t("report.relief_value", relief=labels.number(stats.mean_relief))
        out.append(f"- {md(t('report.stat.relief'))}: {md(relief)}")
    out.append("")
    out += _md_table(
        [t("report.col.exercise"), t("report.col.sessions"), t("report.col.minutes")],
        [
            (labels.exercise(e.exercise_id), str(e.sessions), labels.minutes(e.seconds))
            for e in stats.exercises
        ],
    )
    return [*out, ""]


def _md_all_quizzes(data: ReportData) -> list[str]:
    overview, t = data.overview, data.labels.t
    out = [f"## {md(t('report.all_heading'))}", ""]
    header, rows = quiz_table(data)
    out += _md_table(header, rows)
    if len(rows) < overview.quizzes:
        out += ["", md(t("report.all_showing", shown=len(rows), count=overview.quizzes))]
    return [*out, ""]
