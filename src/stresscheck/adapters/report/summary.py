"""The report a client hands to their therapist: Markdown or one self-contained HTML file.

Renderers are pure: a ``ReportData`` in (the overview, how things are named in
the person's language, the practice), a string out; only the command writes
it to disk. ``REPORT_FORMATS`` (``formats.py``) maps ``--format`` names to them.

Here: ``ReportData`` and the words both formats share, so the two say the
same. The renderers are ``markdown.py`` and ``html.py`` (its score chart in
``chart.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, NamedTuple

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


def domain_rows(
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


def reference_questionnaire(
    data: ReportData, quizzes: Sequence[QuizRecord]
) -> Questionnaire | None:
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
    questionnaire = reference_questionnaire(data, quizzes)
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
    places = body_map(reference_questionnaire(data, quizzes))
    if places is None or not any(places.id in quiz.answers for quiz in quizzes):
        return []  # no map, or no check that answered it (older ones did not ask)
    return [
        (column_heading(data.labels, quizzes, index), _answer(data, quiz, places.id))
        for index, quiz in enumerate(quizzes)
    ]


def column_heading(labels: Labels, quizzes: Sequence[QuizRecord], index: int) -> str:
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


def context_note(data: ReportData, quiz: QuizRecord) -> str:
    """Why the answers about the situation are shown as stored: ``quiz``'s
    questionnaire is not at hand."""
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


def flag_names(labels: Labels, quiz: QuizRecord) -> list[str]:
    """The warning signs ``quiz`` found, by name."""
    return [labels.red_flag(quiz.questionnaire_id, q) for q in quiz.red_flags]


def practice_lines(labels: Labels, practice: Practice | None) -> list[str]:
    """The practice's name, then its website, phone and e-mail as far as known;
    empty without a practice."""
    if practice is None:
        return []
    lines = [str(labels.t("report.practice", name=practice.name))]
    lines += [value for value in (practice.website, practice.phone, practice.email) if value]
    return lines


def insight_lines(data: ReportData) -> list[str]:
    """The relief insight's sentences, then the body map over time."""
    labels = data.labels
    lines = [
        str(labels.t(key, **fields))
        for key, fields in describe_insight(data.overview.insight, labels.lang)
    ]
    if data.places:
        lines.append(labels.places(data.places))
    return lines


def earlier_flags(labels: Labels, overview: Overview) -> str | None:
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


def tension_words(labels: Labels, before: float | None, after: float | None) -> str:
    """Tension before and after the breathing sessions on average (``7 → 4``), or not rated."""
    if before is None or after is None:
        return str(labels.t("report.tension_unrated"))
    return str(
        labels.t("report.tension_value", before=labels.number(before), after=labels.number(after))
    )


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
            ", ".join(flag_names(labels, quiz)) or t("level.none"),
            labels.action(quiz.advice["action"]),
        )
        for quiz in reversed(quizzes)
    ]
    return header, rows
