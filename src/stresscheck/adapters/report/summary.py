"""The report a client hands to their therapist: Markdown or one self-contained HTML file.

Renderers are pure: a ``ReportData`` in (the overview, how things are named in
the person's language, the practice), a string out; only the command writes
it to disk. ``REPORT_FORMATS`` (``formats.py``) maps ``--format`` names to them.

The HTML file must stand on its own for years and on any computer: inline CSS,
an inline SVG chart, no scripts, no fonts or images from elsewhere, and every
text escaped. It is laid out to print well (A4, no section split over pages
where that can be avoided), because many people bring it on paper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple

from stresscheck.adapters.report.chart import chart_legend, svg_chart
from stresscheck.adapters.report.escape import esc
from stresscheck.adapters.report.outline import report_outline
from stresscheck.core.history import AnswerValue, QuizRecord
from stresscheck.core.insight import describe_insight
from stresscheck.core.labels import Labels, readable_id
from stresscheck.core.overview import DomainTrend, Overview
from stresscheck.core.period import Period, per_week
from stresscheck.core.practice import Practice

if TYPE_CHECKING:
    from stresscheck.core.body_map import PlaceCount
    from stresscheck.core.questionnaire import Question, Questionnaire

# Tables in a report stay readable: the newest this many quizzes, with a note.
REPORT_QUIZZES = 100


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows. ``made_at`` and ``version`` go in its footer.

    ``questionnaires`` are more questionnaires (besides the one in ``labels``)
    in which the self-checks' answers may be looked up, such as the
    built-in one while a practice's is in force.

    ``first`` is the first self-check (of the period), whose answers are shown
    beside the latest's; None: the oldest of ``overview.recent_quizzes`` when
    those are all there are. ``period`` is the period the person chose to
    share (``--since`` / ``--until``), said at the top.
    """

    overview: Overview
    labels: Labels
    practice: Practice | None
    made_at: datetime
    version: str
    questionnaires: tuple[Questionnaire, ...] = ()
    first: QuizRecord | None = None
    period: Period | None = None
    # How many places on the body map each check marked, oldest first.
    places: tuple[PlaceCount, ...] = ()


# --- shared wording ----------------------------------------------------------------------


def questionnaire_name(labels: Labels, questionnaire_id: str, version: int) -> str:
    """``Self-check: stress and tension (stresscheck-default, version 1)``."""
    q = labels.questionnaire
    if q is not None and q.id == questionnaire_id:
        return str(
            labels.t(
                "report.questionnaire",
                title=q.title.get(labels.lang),
                id=questionnaire_id,
                version=version,
            )
        )
    return str(labels.t("report.questionnaire_plain", id=questionnaire_id, version=version))


def trend_words(labels: Labels, item: DomainTrend) -> str:
    """``9 → 4, going down``."""
    known = [value for value in item.values if value is not None]
    if not known:
        return str(labels.t("level.none"))
    if len(known) == 1:
        return str(labels.t("history.trend.single", latest=labels.number(known[0])))
    return str(
        labels.t(
            "history.trend.line",
            first=labels.number(known[0]),
            latest=labels.number(known[-1]),
            direction=labels.t(f"history.trend.{item.trend.direction}"),
        )
    )


def _domain_rows(
    labels: Labels, quiz: QuizRecord
) -> list[tuple[str, str, str, float | None, float, str | None]]:
    """(area, score text, level text, score, max, level id) for the latest result table."""
    qid = quiz.questionnaire_id
    rows = []
    for domain_id, domain in quiz.domains.items():
        rows.append(
            (
                labels.domain(qid, domain_id),
                labels.score(domain["score"], domain["max"]),
                labels.level(qid, domain_id, domain["level"]),
                domain["score"],
                domain["max"],
                domain["level"],
            )
        )
    if quiz.total is not None:
        maximum = labels.total_max(qid, quiz.domains)
        rows.append(
            (
                str(labels.t("result.total")),
                labels.score(quiz.total["score"], maximum),
                labels.level(qid, None, quiz.total["level"]),
                quiz.total["score"],
                maximum or 0.0,
                quiz.total["level"],
            )
        )
    return rows


def _questionnaire(data: ReportData, questionnaire_id: str) -> Questionnaire | None:
    for candidate in (data.labels.questionnaire, *data.questionnaires):
        if candidate is not None and candidate.id == questionnaire_id:
            return candidate
    return None


def _is_context(question: Question) -> bool:
    """Told about the situation rather than scored: a question without an area
    (red-flag questions have their own place), or one with several answers."""
    if question.red_flag_at_least is not None:
        return False
    return question.domain is None or question.multi


def body_map(questionnaire: Questionnaire | None) -> Question | None:
    """The questionnaire's body map, if it has one: the multi question its
    ``insight: body_map`` names (``locations`` by default, contract section 4)."""
    if questionnaire is None:
        return None
    for question in questionnaire.questions:
        if question.id == questionnaire.insight.body_map and question.multi:
            return question
    return None


def _nothing(labels: Labels) -> str:
    return str(labels.t("report.context_nothing"))


def _raw_answer(labels: Labels, value: AnswerValue) -> str:
    if not isinstance(value, tuple):
        return labels.number(value)
    items = [item if isinstance(item, str) else labels.number(item) for item in value]
    return "; ".join(items) or _nothing(labels)


def context_answers(data: ReportData, quiz: QuizRecord) -> tuple[list[tuple[str, str]], bool]:
    """(question, answer) for what ``quiz`` told about the situation, and whether
    they are raw (the questionnaire is not at hand: every answer, as stored).

    With the questionnaire: its unscored questions (how long, what relaxation
    does, load, ...) and multi questions, in its order, by their short texts,
    with the chosen labels in the report's language.
    """
    labels = data.labels
    questionnaire = _questionnaire(data, quiz.questionnaire_id)
    if questionnaire is None:
        raw = [
            (readable_id(key), _raw_answer(labels, value)) for key, value in quiz.answers.items()
        ]
        return raw, True
    rows = []
    places = body_map(questionnaire)
    for question in questionnaire.questions:
        value = quiz.answers.get(question.id)
        if value is None or not _is_context(question) or question is places:
            continue
        rows.append((_question_name(labels, question), _label(labels, question, value)))
    return rows, False


def _question_name(labels: Labels, question: Question) -> str:
    name = (question.short or question.text).get(labels.lang)
    return name[:1].upper() + name[1:]


def _label(labels: Labels, question: Question, value: AnswerValue) -> str:
    """The chosen option's label (a multi answer: its labels) in the report's language."""
    if isinstance(value, tuple):  # labels may hold commas: "; " keeps them apart
        answer = "; ".join(question.label_for(item, labels.lang) for item in value)
    else:
        answer = question.label_for(value, labels.lang)
    return answer or _nothing(labels)


def compared(data: ReportData) -> tuple[QuizRecord, ...]:
    """The self-checks whose answers the report shows: the first and the latest,
    or only the latest when it is the first (or the first is not known)."""
    overview = data.overview
    latest = overview.latest
    if latest is None:
        return ()
    first = data.first
    recent = overview.recent_quizzes
    if first is None and recent and overview.quizzes <= len(recent):
        first = recent[0]  # every quiz is among the recent ones
    if first is None or first.uid == latest.uid:
        return (latest,)
    return (first, latest)


def _answer(data: ReportData, quiz: QuizRecord, question_id: str) -> str:
    """``quiz``'s answer to ``question_id`` in words (as stored when its
    questionnaire is not at hand or does not have that question)."""
    labels = data.labels
    value = quiz.answers.get(question_id)
    if value is None:
        return str(labels.t("report.answers_missing"))
    questionnaire = _questionnaire(data, quiz.questionnaire_id)
    if questionnaire is not None:
        for question in questionnaire.questions:
            if question.id == question_id:
                return _label(labels, question, value)
    return _raw_answer(labels, value)


def _reference(data: ReportData, quizzes: Sequence[QuizRecord]) -> Questionnaire | None:
    """The questionnaire whose questions (and order) the answer tables follow:
    the latest self-check's, else the first's; None when neither is at hand."""
    for quiz in reversed(quizzes):
        found = _questionnaire(data, quiz.questionnaire_id)
        if found is not None:
            return found
    return None


class AnswerRow(NamedTuple):
    """One row of the answers table: a question and its answer in each compared
    self-check, or (``area`` true) an area or group with its scores."""

    name: str
    answers: tuple[str, ...]
    area: bool = False


def _area_cell(labels: Labels, quiz: QuizRecord, domain_id: str | None) -> str:
    qid = quiz.questionnaire_id
    scored = quiz.total if domain_id is None else quiz.domains.get(domain_id)
    if scored is None:
        return str(labels.t("level.none"))
    if domain_id is None:
        maximum = labels.total_max(qid, quiz.domains)
    else:
        maximum = quiz.domains[domain_id]["max"]
    level = labels.level(qid, domain_id, scored["level"])
    if scored["score"] is None:
        return level
    return f"{labels.score(scored['score'], maximum)} · {level}"


def answer_rows(data: ReportData, quizzes: Sequence[QuizRecord]) -> list[AnswerRow]:
    """Each area with its scores, then its questions with the chosen answers, for
    each of ``quizzes``; then the warning-sign questions; then the total.

    Questions about the situation (``_is_context``) and the body map have their
    own blocks. Empty when no questionnaire of these self-checks is at hand:
    the context block then shows every answer as stored.
    """
    labels = data.labels
    questionnaire = _reference(data, quizzes)
    if questionnaire is None:
        return []
    rows: list[AnswerRow] = []

    def add_questions(questions: Iterable[Question]) -> None:
        for question in questions:
            if _is_context(question):
                continue
            answers = tuple(_answer(data, quiz, question.id) for quiz in quizzes)
            rows.append(AnswerRow(_question_name(labels, question), answers))

    for domain in questionnaire.domains:
        name = labels.domain(questionnaire.id, domain.id)
        rows.append(
            AnswerRow(name, tuple(_area_cell(labels, q, domain.id) for q in quizzes), area=True)
        )
        add_questions(questionnaire.domain_questions(domain.id))
    known = {domain.id for domain in questionnaire.domains}
    others = [q for q in questionnaire.questions if q.domain not in known and not _is_context(q)]
    if others:
        rows.append(
            AnswerRow(str(labels.t("report.answers_flags")), ("",) * len(quizzes), area=True)
        )
        add_questions(others)
    if any(quiz.total is not None for quiz in quizzes):
        rows.append(
            AnswerRow(
                str(labels.t("result.total")),
                tuple(_area_cell(labels, q, None) for q in quizzes),
                area=True,
            )
        )
    return rows


def context_rows(
    data: ReportData, quizzes: Sequence[QuizRecord]
) -> tuple[list[tuple[str, tuple[str, ...]]], bool]:
    """``context_answers`` of several self-checks side by side: (question, answer in
    each) for every context question answered in any of them, and whether raw."""
    labels = data.labels
    latest = quizzes[-1]
    questionnaire = _questionnaire(data, latest.questionnaire_id)
    if questionnaire is None:
        keys: dict[str, None] = {}
        for quiz in quizzes:
            keys.update(dict.fromkeys(quiz.answers))
        raw = [
            (
                readable_id(key),
                tuple(
                    _raw_answer(labels, quiz.answers[key])
                    if key in quiz.answers
                    else str(labels.t("report.answers_missing"))
                    for quiz in quizzes
                ),
            )
            for key in keys
        ]
        return raw, True
    places = body_map(questionnaire)
    rows = []
    for question in questionnaire.questions:
        if not _is_context(question) or question is places:
            continue
        if not any(question.id in quiz.answers for quiz in quizzes):
            continue
        answers = tuple(_answer(data, quiz, question.id) for quiz in quizzes)
        rows.append((_question_name(labels, question), answers))
    return rows, False


def body_map_rows(data: ReportData, quizzes: Sequence[QuizRecord]) -> list[tuple[str, str]]:
    """(which self-check, the places chosen) for the body map, when the
    questionnaire has one and a compared check answered it; empty otherwise."""
    places = body_map(_reference(data, quizzes))
    if places is None or not any(places.id in quiz.answers for quiz in quizzes):
        return []  # no map, or no check that answered it (older ones did not ask)
    return [
        (_column(data.labels, quizzes, index), _answer(data, quiz, places.id))
        for index, quiz in enumerate(quizzes)
    ]


def _column(labels: Labels, quizzes: Sequence[QuizRecord], index: int) -> str:
    """``First, 3 Jan 2025`` / ``Latest, 1 Mar 2025`` / ``Answer, 1 Mar 2025``."""
    when = labels.date(quizzes[index].at)
    if len(quizzes) == 1:
        return str(labels.t("report.col.answer", date=when))
    key = "report.col.first" if index == 0 else "report.col.latest"
    return str(labels.t(key, date=when))


def answers_intro(data: ReportData, quizzes: Sequence[QuizRecord]) -> list[str]:
    """When each compared self-check was made, with which questionnaire (id, version)."""
    labels = data.labels
    keys = (
        ("report.answers_only",)
        if len(quizzes) == 1
        else ("report.answers_first", "report.answers_latest")
    )
    return [
        str(
            labels.t(
                key,
                date=labels.date_time(quiz.at),
                questionnaire=questionnaire_name(
                    labels, quiz.questionnaire_id, quiz.questionnaire_version
                ),
            )
        )
        for key, quiz in zip(keys, quizzes, strict=True)
    ]


def _day(labels: Labels, day: date) -> str:
    noon = datetime.combine(day, time(12))
    return labels.date(noon.replace(tzinfo=labels.tz) if labels.tz else noon.astimezone())


def period_line(data: ReportData) -> str | None:
    """The period the person chose to share, when they chose one."""
    period, labels = data.period, data.labels
    if period is None or not period.limited:
        return None
    if period.since is not None and period.until is not None:
        return str(
            labels.t(
                "report.shared.both",
                since=_day(labels, period.since),
                until=_day(labels, period.until),
            )
        )
    if period.since is not None:
        return str(labels.t("report.shared.since", since=_day(labels, period.since)))
    assert period.until is not None
    return str(labels.t("report.shared.until", until=_day(labels, period.until)))


def sessions_per_week(data: ReportData) -> str | None:
    """Breathing sessions a week on average, over the weeks practised."""
    stats, labels = data.overview.practice, data.labels
    if stats.first_at is None or stats.last_at is None:
        return None
    rate = per_week(stats.sessions, labels.local(stats.first_at), labels.local(stats.last_at))
    return None if rate is None else labels.number(rate)


def verdict_line(labels: Labels, overview: Overview) -> str:
    """``Verdict: lasting relief``: the history view's relief verdict, in a word."""
    verdict = labels.t(f"report.verdict.{overview.insight.verdict}")
    return str(labels.t("report.verdict_line", verdict=verdict))


def _context_note(data: ReportData, quiz: QuizRecord) -> str:
    return str(data.labels.t("report.context_raw", id=quiz.questionnaire_id))


def advice_reasons(labels: Labels, quiz: QuizRecord) -> list[tuple[str, str]]:
    """Why the advice was given, as ``(sentence, language)``: in the reader's
    language when the record keeps its reasons as data, else as written then."""
    from stresscheck.core.advice import stored_reasons  # loads the questionnaire model

    known = labels.questionnaire
    questionnaire = known if known is not None and known.id == quiz.questionnaire_id else None
    return stored_reasons(quiz.advice, quiz.lang, questionnaire, labels.t, labels.lang)


def advice_title(labels: Labels, action: str) -> str:
    """The advice's title (``See your GP (huisarts) first``), or its short name."""
    key = f"advice.{action}.title"
    title = str(labels.t(key))
    return labels.action(action) if title == key else title


def _flag_names(labels: Labels, quiz: QuizRecord) -> list[str]:
    return [labels.red_flag(quiz.questionnaire_id, q) for q in quiz.red_flags]


def _practice_lines(labels: Labels, practice: Practice | None) -> list[str]:
    if practice is None:
        return []
    lines = [str(labels.t("report.practice", name=practice.name))]
    lines += [value for value in (practice.website, practice.phone, practice.email) if value]
    return lines


def _insight_lines(data: ReportData) -> list[str]:
    """The relief insight's sentences, then the body map over time."""
    labels = data.labels
    lines = [
        str(labels.t(key, **fields))
        for key, fields in describe_insight(data.overview.insight, labels.lang)
    ]
    if data.places:
        lines.append(labels.places(data.places))
    return lines


def _earlier_flags(labels: Labels, overview: Overview) -> str | None:
    """A sentence about red flags in earlier quizzes, which the latest may not show."""
    latest_flagged = bool(overview.latest and overview.latest.red_flags)
    earlier = overview.flagged - (1 if latest_flagged else 0)
    if earlier <= 0 or overview.last_flagged_at is None:
        return None
    return str(
        labels.t(
            "report.red_flags_all",
            count=labels.count("history.quizzes", overview.flagged),
            date=labels.date(overview.last_flagged_at),
        )
    )


def _table_quizzes(overview: Overview) -> tuple[QuizRecord, ...]:
    return overview.recent_quizzes[-REPORT_QUIZZES:]


def _table_domains(quizzes: Iterable[QuizRecord]) -> list[tuple[str, str]]:
    """(questionnaire id, domain id) columns of the quiz table, in first-seen order."""
    seen: dict[str, str] = {}
    for quiz in quizzes:
        for domain_id in quiz.domains:
            seen.setdefault(domain_id, quiz.questionnaire_id)
    return [(qid, domain_id) for domain_id, qid in seen.items()]


def _cell(labels: Labels, quiz: QuizRecord, domain_id: str) -> str:
    domain = quiz.domains.get(domain_id)
    if domain is None:
        return str(labels.t("level.none"))
    level = labels.level(quiz.questionnaire_id, domain_id, domain["level"])
    return level if domain["score"] is None else f"{labels.score(domain['score'])} {level}"


def _total_cell(labels: Labels, quiz: QuizRecord) -> str:
    if quiz.total is None:
        return str(labels.t("level.none"))
    level = labels.level(quiz.questionnaire_id, None, quiz.total["level"])
    score = quiz.total["score"]
    return level if score is None else f"{labels.score(score)} {level}"


def _tension(labels: Labels, before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return str(labels.t("report.tension_unrated"))
    return str(
        labels.t("report.tension_value", before=labels.number(before), after=labels.number(after))
    )


# --- Markdown ---------------------------------------------------------------------------

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
    meta += _practice_lines(labels, data.practice)
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
            out += [f"- **{md(flag)}**" for flag in _flag_names(labels, latest)]
            out.append("")
        earlier = _earlier_flags(labels, overview)
        if earlier:
            out += [f"**{md(earlier)}**", ""]
        out += _md_table(
            [t("report.col.area"), t("report.col.score"), t("report.col.level")],
            [(area, score, level) for area, score, level, *_ in _domain_rows(labels, latest)],
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
    out += [md(line) for line in _insight_lines(data)]
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
        out += [md(_context_note(data, quiz)), ""]
    if single:
        return out + [f"- {md(question)}: {md(answer)}" for question, answer in single]
    header = [
        data.labels.t("report.col.question"),
        *(_column(data.labels, quizzes, i) for i in range(len(quizzes))),
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
            *(_column(labels, quizzes, i) for i in range(len(quizzes))),
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
    tension = _tension(labels, stats.mean_before, stats.mean_after)
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


def quiz_table(data: ReportData) -> tuple[list[str], list[tuple[str, ...]]]:
    """Header and rows (newest first) of the table of all quizzes, shared by both formats.

    The questionnaire column appears only when more than one questionnaire (or
    version) was used; otherwise the "Questionnaires used" section says it once.
    """
    overview, labels, t = data.overview, data.labels, data.labels.t
    quizzes = _table_quizzes(overview)
    columns = _table_domains(quizzes)
    several = len(overview.questionnaires) > 1
    header = [
        t("report.col.date"),
        *([t("report.col.questionnaire")] if several else []),
        *(labels.domain(qid, d) for qid, d in columns),
        t("report.col.total"),
        t("report.col.red_flags"),
        t("report.col.advice"),
    ]
    rows = [
        (
            labels.date_time(quiz.at),
            *([f"{quiz.questionnaire_id} v{quiz.questionnaire_version}"] if several else []),
            *(_cell(labels, quiz, d) for _, d in columns),
            _total_cell(labels, quiz),
            ", ".join(_flag_names(labels, quiz)) or t("level.none"),
            labels.action(quiz.advice["action"]),
        )
        for quiz in reversed(quizzes)
    ]
    return header, rows


def _md_all_quizzes(data: ReportData) -> list[str]:
    overview, t = data.overview, data.labels.t
    out = [f"## {md(t('report.all_heading'))}", ""]
    header, rows = quiz_table(data)
    out += _md_table(header, rows)
    if len(rows) < overview.quizzes:
        out += ["", md(t("report.all_showing", shown=len(rows), count=overview.quizzes))]
    return [*out, ""]


# --- HTML -------------------------------------------------------------------------------


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
    practice_lines = _practice_lines(labels, data.practice)
    if practice_lines:
        body.append(f"<li><strong>{esc(practice_lines[0])}</strong></li>")
        if practice_lines[1:]:
            body.append(f"<li>{' · '.join(esc(line) for line in practice_lines[1:])}</li>")
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
            *(f"<p>{esc(line)}</p>" for line in _insight_lines(data)),
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
    earlier = _earlier_flags(labels, overview)
    if latest.red_flags or earlier:
        body.append('<div class="flags" role="note">')
        if latest.red_flags:
            body.append(
                f"<p><strong>{esc(t('report.red_flags_heading'))}</strong> · "
                f"{esc(t('report.red_flags_intro'))}</p>"
            )
            body.append(
                "<ul>"
                + "".join(
                    f"<li><strong>{esc(f)}</strong></li>" for f in _flag_names(labels, latest)
                )
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
    rows = _domain_rows(labels, latest)
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
        body.append(f'<p class="muted small">{esc(_context_note(data, quiz))}</p>')
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
        f'<th scope="col">{esc(_column(labels, quizzes, i))}</th>' for i in range(len(quizzes))
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
        question = body_map(_reference(data, quizzes))
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
        (_tension(labels, stats.mean_before, stats.mean_after), t("report.stat.tension")),
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
