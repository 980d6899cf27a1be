"""``stresscheck history`` for people: tables, sparklines and the relief insight.

Presents an ``Overview`` (all counting is done in ``core/overview.py``). People
would rather look than read, so each domain gets a sparkline of its recent
scores; the words beside it ("9 → 4, going down") say the same for screen
readers and for ``--plain``, which prints lines instead of tables.

It prints only lines of styled text (``lines.StyledText``), to a ``Printer``:
the ``LineWriter`` that ``history`` uses, which needs no rich, or a rich Console.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from stresscheck.adapters.ui.columns import Justify, lay_out
from stresscheck.adapters.ui.console import ACCENT, ascii_safe, level_style
from stresscheck.adapters.ui.lines import Printer, StyledText

if TYPE_CHECKING:  # an empty history is shown without them
    from stresscheck.core.body_map import PlaceCount
    from stresscheck.core.history import QuizRecord, SessionRecord
    from stresscheck.core.labels import Labels
    from stresscheck.core.overview import DomainTrend, Overview

# Under an ASCII-only terminal the blocks of a sparkline become these, low to high.
ASCII_BLOCKS = "_.,-=+*#"


def sparkline(trend_line: str) -> str:
    """The sparkline as the terminal can show it."""
    from stresscheck.core.insight import BLOCKS

    if ascii_safe():
        return trend_line
    return "".join(ASCII_BLOCKS[BLOCKS.index(c)] if c in BLOCKS else " " for c in trend_line)


def trend_words(labels: Labels, item: DomainTrend) -> str:
    """``9 → 4, going down``: the sparkline in words."""
    t = labels.t
    if item.latest is None and item.first is None:
        return str(t("level.none"))
    known = [value for value in item.values if value is not None]
    if len(known) < 2:
        return str(t("history.trend.single", latest=labels.number(known[-1])))
    return str(
        t(
            "history.trend.line",
            first=labels.number(known[0]),
            latest=labels.number(known[-1]),
            direction=t(f"history.trend.{item.trend.direction}"),
        )
    )


def trend_title(labels: Labels, questionnaire_id: str, item: DomainTrend) -> str:
    """The domain's title, or "Total"."""
    if item.domain_id is None:
        return str(labels.t("result.total"))
    return labels.domain(questionnaire_id, item.domain_id)


def quiz_cells(labels: Labels, quiz: QuizRecord, domain_ids: list[str]) -> list[StyledText]:
    """Score and level per domain (``9 high``), for one row of the quiz table."""
    qid = quiz.questionnaire_id
    cells = []
    for domain_id in domain_ids:
        domain = quiz.domains.get(domain_id)
        if domain is None:
            cells.append(StyledText(str(labels.t("level.none")), style="dim"))
            continue
        level = labels.level(qid, domain_id, domain["level"])
        text = f"{labels.score(domain['score'])} {level}" if domain["score"] is not None else level
        style = level_style(domain["level"], labels.levels(qid, domain_id))
        cells.append(StyledText(text, style=style))
    return cells


def advice_text(labels: Labels, quiz: QuizRecord) -> StyledText:
    """The advice given, with the red flags that led to it never left out."""
    action = quiz.advice["action"]
    text = StyledText(labels.action(action), style=ACCENT.get(action, ""))
    if quiz.red_flags:
        names = ", ".join(labels.red_flag(quiz.questionnaire_id, q) for q in quiz.red_flags)
        text.append("\n" + labels.t("history.red_flag", questions=names), style="bold")
    return text


def tension_text(labels: Labels, session: SessionRecord, arrow: str) -> str:
    """``6 → 4``, or a dash when the ratings were skipped."""
    before, after = session.tension_before, session.tension_after
    if before is None and after is None:
        return str(labels.t("level.none"))
    dash = str(labels.t("level.none"))
    return f"{dash if before is None else before} {arrow} {dash if after is None else after}"


def _domain_ids(quizzes: tuple[QuizRecord, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for quiz in quizzes:
        for domain_id in quiz.domains:
            seen.setdefault(domain_id, None)
    return list(seen)


def _summary(labels: Labels, overview: Overview) -> str:
    return str(
        labels.t(
            "history.summary",
            quizzes=labels.count("history.quizzes", overview.quizzes),
            sessions=labels.count("history.sessions", overview.sessions),
            period=labels.period(overview.first_at, overview.last_at),
        )
    )


def render_empty(console: Printer, labels: Labels) -> None:
    """Nothing stored yet: say so kindly, and how to start."""
    t = labels.t
    console.print(StyledText(t("history.empty")))
    console.print(StyledText(t("history.empty_quiz")))
    console.print(StyledText(t("history.empty_breathe")))


def _table(
    console: Printer,
    rows: list[list[StyledText]],
    *,
    plain: bool,
    justify: Sequence[Justify] = (),
) -> bool:
    """Print ``rows`` as a table if it fits the window whole; False if it does not
    (or in plain mode): then each record becomes a line of its own, rather than a
    table of cut-off words."""
    if plain:
        return False
    table = lay_out(rows, width=console.width, justify=justify)
    if table is None:
        return False
    console.print(table, soft_wrap=True)  # it fits: nothing to wrap
    return True


def _header(*titles: str) -> list[StyledText]:
    return [StyledText(title, style="bold") for title in titles]


def render_history(
    console: Printer,
    overview: Overview,
    labels: Labels,
    *,
    plain: bool,
    places: Sequence[PlaceCount] = (),
) -> None:
    """Print the whole history view: quizzes, trends, sessions, the relief insight,
    and ``places``, how many places on the body map each check marked."""
    from stresscheck.core.insight import describe_insight

    t = labels.t
    say: Callable[..., None] = console.print
    if overview.empty:
        render_empty(console, labels)
        return
    arrow = "→" if ascii_safe() else "->"
    say(StyledText(t("history.title"), style="bold"))
    say(StyledText(_summary(labels, overview)))
    if overview.recent_quizzes:
        say()
        _quizzes(console, overview, labels, plain=plain)
        _trends(console, overview, labels, plain=plain)
    if overview.recent_sessions:
        say()
        _sessions(console, overview, labels, arrow, plain=plain)
    say()
    say(StyledText(t("insight.title"), style="bold"))
    for key, fields in describe_insight(overview.insight, labels.lang):
        say(StyledText(t(key, **fields)))
    if places:
        say()
        say(StyledText(t("insight.places_title"), style="bold"))
        say(StyledText(labels.places(places, arrow, gap="…" if arrow == "→" else "...")))
    say()
    say(StyledText(t("result.notice"), style="italic"))
    say(StyledText(t("history.report_hint"), style="dim"))


def _shown_note(labels: Labels, shown: int, count: int) -> StyledText | None:
    if shown >= count:
        return None
    return StyledText(labels.t("history.showing", shown=shown, count=count), style="dim")


def _quizzes(console: Printer, overview: Overview, labels: Labels, *, plain: bool) -> None:
    t = labels.t
    quizzes = overview.recent_quizzes
    domain_ids = _domain_ids(quizzes)
    latest_qid = quizzes[-1].questionnaire_id
    with_total = any(quiz.total is not None for quiz in quizzes)
    console.print(StyledText(t("history.quizzes_heading"), style="bold"))
    note = _shown_note(labels, len(quizzes), overview.quizzes)
    header = [t("history.col.date"), *(labels.domain(latest_qid, d) for d in domain_ids)]
    if with_total:
        header.append(t("result.total"))
    rows = [_header(*header, t("history.col.advice"))]
    for quiz in quizzes:
        row = [StyledText(labels.date_time(quiz.at)), *quiz_cells(labels, quiz, domain_ids)]
        if with_total:
            row.append(StyledText(_total_text(labels, quiz), style=_total_style(labels, quiz)))
        row.append(advice_text(labels, quiz))
        rows.append(row)
    if not _table(console, rows, plain=plain):
        for quiz in quizzes:
            parts = [
                f"{labels.domain(quiz.questionnaire_id, d)} {cell.plain}"
                for d, cell in zip(domain_ids, quiz_cells(labels, quiz, domain_ids), strict=True)
                if d in quiz.domains
            ]
            if quiz.total is not None:
                parts.append(f"{t('result.total')} {_total_text(labels, quiz)}")
            parts.append(f"{t('history.col.advice')}: {advice_text(labels, quiz).plain}")
            line = f"{labels.date_time(quiz.at)}: " + "; ".join(parts)
            console.print(StyledText(line.replace("\n", "; ")))
    if note is not None:
        console.print(note)


def _total_text(labels: Labels, quiz: QuizRecord) -> str:
    if quiz.total is None:
        return str(labels.t("level.none"))
    level = labels.level(quiz.questionnaire_id, None, quiz.total["level"])
    if quiz.total["score"] is None:
        return level
    return f"{labels.score(quiz.total['score'])} {level}"


def _total_style(labels: Labels, quiz: QuizRecord) -> str:
    level = quiz.total["level"] if quiz.total else None
    return level_style(level, labels.levels(quiz.questionnaire_id, None))


def _trends(console: Printer, overview: Overview, labels: Labels, *, plain: bool) -> None:
    if not overview.trends or overview.latest is None:
        return
    t = labels.t
    qid = overview.latest.questionnaire_id
    console.print()
    console.print(StyledText(t("history.trends_heading"), style="bold"))
    rows = [
        [
            StyledText(trend_title(labels, qid, item)),
            StyledText(
                sparkline(item.trend.sparkline),
                style=level_style(item.latest_level, labels.levels(qid, item.domain_id)),
            ),
            StyledText(trend_words(labels, item)),
        ]
        for item in overview.trends
    ]
    if not _table(console, rows, plain=plain):
        for item in overview.trends:
            console.print(
                StyledText(f"{trend_title(labels, qid, item)}: {trend_words(labels, item)}")
            )
    if any(quiz.questionnaire_id != qid for quiz in overview.recent_quizzes):
        console.print(StyledText(t("history.other_questionnaires", id=qid), style="dim"))


def _sessions(
    console: Printer, overview: Overview, labels: Labels, arrow: str, *, plain: bool
) -> None:
    t = labels.t
    sessions = overview.recent_sessions
    console.print(StyledText(t("history.sessions_heading"), style="bold"))
    rows = [
        _header(
            t("history.col.date"),
            t("history.col.exercise"),
            t("history.col.minutes"),
            t("history.col.cycles"),
            t("history.col.finished"),
            t("history.col.tension"),
        )
    ]
    for session in sessions:
        status = t(f"history.status.{session.status}")
        rows.append(
            [
                StyledText(labels.date_time(session.at)),
                StyledText(labels.exercise(session.exercise_id)),
                StyledText(labels.minutes(session.actual_seconds)),
                StyledText(f"{session.cycles_completed}/{session.cycles_planned}"),
                StyledText(status, style="" if session.completed else "dim"),
                StyledText(tension_text(labels, session, arrow)),
            ]
        )
    justify: list[Justify] = ["left", "left", "right", "right", "left", "center"]
    if not _table(console, rows, plain=plain, justify=justify):
        for session in sessions:
            line = t(
                "history.session_line",
                date=labels.date_time(session.at),
                exercise=labels.exercise(session.exercise_id),
                minutes=labels.minutes(session.actual_seconds),
                status=t(f"history.status.{session.status}"),
                tension=tension_text(labels, session, arrow),
            )
            console.print(StyledText(line))
    note = _shown_note(labels, len(sessions), overview.sessions)
    if note is not None:
        console.print(note)
    stats = overview.practice
    console.print(
        StyledText(
            t(
                "history.practice_line",
                sessions=labels.count("history.sessions", stats.sessions),
                minutes=labels.minutes(stats.seconds),
                completed=stats.completed,
                interrupted=stats.interrupted,
            )
        )
    )
