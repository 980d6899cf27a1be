"""Showing quiz results to a person: rich panels and tables, or plain lines.

Red flags come first and are never folded away; every result ends with the
self-check notice. Colours are calm (no red walls of text), and everything
degrades to plain text for screen readers, ``NO_COLOR`` and ``TERM=dumb``.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from stresscheck.adapters.ui.console import ACCENT, ascii_safe, level_style
from stresscheck.core.breathing import Exercise
from stresscheck.core.result import QuizResult
from stresscheck.core.text import format_number
from stresscheck.i18n import Translator

BAR_WIDTH = 16
MIN_BAR_WIDTH = 6  # narrower than this a bar says too little to be worth the room


def bar(score: float | None, maximum: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, ``width`` wide, filled in proportion."""
    if score is None or maximum <= 0:
        return "·" * width
    eighths = round(max(0.0, min(1.0, score / maximum)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width, "·")


def _bar_text(score: float | None, maximum: float, width: int = BAR_WIDTH) -> str:
    text = bar(score, maximum, width)
    if not ascii_safe():
        text = text.replace("█", "#").replace("·", ".")
        text = "".join(c if c in "#." else "#" for c in text)
    return text


def _score_rows(result: QuizResult, t: Translator) -> list[tuple[str, str, str]]:
    """(area, score, level) as shown, for measuring the table before drawing it."""
    lang = t.lang
    rows = [(t("result.col_domain"), t("result.col_score"), t("result.col_level"))]
    for domain in result.questionnaire.domains:
        scored = result.scores.domains[domain.id]
        rows.append(
            (
                domain.title.get(lang),
                f"{format_number(scored.score, lang)}/{format_number(scored.max, lang)}"
                if scored.score is not None
                else t("result.not_scored"),
                result.level_text(domain.id, scored.level, t, lang),
            )
        )
    total = result.scores.total
    if total is not None and result.questionnaire.total is not None:
        maximum = sum(result.scores.domains[d].max for d in result.questionnaire.total.domains)
        score = (
            f"{format_number(total.score, lang)}/{format_number(maximum, lang)}"
            if total.score is not None
            else t("result.not_scored")
        )
        rows.append((t("result.total"), score, result.level_text(None, total.level, t, lang)))
    return rows


def score_bar_width(result: QuizResult, t: Translator, width: int | None) -> int:
    """How wide the bars can be in ``width`` columns: the full width, less, or 0 (none).

    Words come first: on a narrow terminal (40 columns) the bars give way so
    that areas and levels are never cut off.
    """
    if width is None:
        return BAR_WIDTH
    from rich.cells import cell_len

    rows = _score_rows(result, t)
    words = sum(max(cell_len(row[i]) for row in rows) + 2 for i in range(3))
    room = width - words - 2  # the bar column's own padding
    return min(BAR_WIDTH, room) if room >= MIN_BAR_WIDTH else 0


def score_table(result: QuizResult, t: Translator, width: int | None = None) -> Table:
    """Scores per domain with bars and levels, and the total, fitted to ``width``."""
    lang = t.lang
    bar_width = score_bar_width(result, t, width)
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
    table.add_column(t("result.col_domain"), overflow="fold")
    table.add_column(t("result.col_score"), justify="right", no_wrap=True)
    if bar_width:
        table.add_column("", no_wrap=True)
    table.add_column(t("result.col_level"), overflow="fold")

    def row(*cells: str | Text) -> None:
        table.add_row(*(cells if bar_width else (cells[0], cells[1], cells[3])))

    for domain in result.questionnaire.domains:
        scored = result.scores.domains[domain.id]
        level = result.level_text(domain.id, scored.level, t, lang)
        score_text = (
            f"{format_number(scored.score, lang)}/{format_number(scored.max, lang)}"
            if scored.score is not None
            else t("result.not_scored")
        )
        row(
            domain.title.get(lang),
            score_text,
            Text(
                _bar_text(scored.score, scored.max, bar_width),
                style=level_style(scored.level, domain.levels),
            ),
            Text(level, style=level_style(scored.level, domain.levels)),
        )
    total = result.scores.total
    if total is not None and result.questionnaire.total is not None:
        maximum = sum(result.scores.domains[d].max for d in result.questionnaire.total.domains)
        row(
            Text(t("result.total"), style="bold"),
            f"{format_number(total.score, lang)}/{format_number(maximum, lang)}"
            if total.score is not None
            else t("result.not_scored"),
            Text(
                _bar_text(total.score, maximum, bar_width),
                style=level_style(
                    total.level, tuple(band.level for band in result.questionnaire.total.bands)
                ),
            ),
            Text(result.level_text(None, total.level, t, lang), style="bold"),
        )
    return table


def _practice_lines(t: Translator, contact: Mapping[str, str | None] | None) -> list[str]:
    if not contact:
        return [t("advice.physiotherapy.find")]
    lines = [t("advice.physiotherapy.contact", name=contact.get("name"))]
    for key in ("website", "phone", "email"):
        if contact.get(key):
            label = t(f"advice.physiotherapy.{key}")
            lines.append(t("advice.physiotherapy.contact_line", label=label, value=contact[key]))
    return lines


def _urgent_lines(result: QuizResult, t: Translator) -> list[str]:
    """Each alarm's own words first (warm for self-harm), then whom to call, most fitting first."""
    lang = t.lang
    own = [
        question.red_flag.message.get(lang)
        for question in map(result.questionnaire.question, result.scores.red_flags)
        if question.red_flag is not None and question.red_flag.message
    ]
    lines = own or [t("advice.urgent.intro")]
    lines.append(t("advice.urgent.contacts_heading"))
    lines += [f"{_bullet()} {t(f'contact.{kind}')}" for kind in result.advice.contacts]
    lines.append(t("advice.urgent.later"))
    return lines


def _bullet() -> str:
    return "•" if ascii_safe() else "-"


def advice_lines(
    result: QuizResult,
    t: Translator,
    exercises: Mapping[str, Exercise],
    contact: Mapping[str, str | None] | None,
) -> tuple[str, list[str], list[str]]:
    """The advice as (title, reasons, explanation lines), shared by rich and plain output.

    The first explanation line comes before the reasons, the rest after them.
    """
    lang = t.lang
    action = result.advice.action
    reasons = result.reasons(t, lang)
    lines: list[str] = []
    if action == "urgent":
        lines = _urgent_lines(result, t)
    elif action == "gp":
        lines = [t("advice.gp.intro"), t("advice.gp.after")]
    elif action == "physiotherapy":
        lines = [
            t("advice.physiotherapy.what"),
            *_practice_lines(t, contact),
            t("advice.physiotherapy.meanwhile"),
        ]
    else:
        scored = any(s.score is not None for s in result.scores.domains.values())
        lines.append(t("advice.breathe.intro" if scored else "advice.breathe.intro_unscored"))
        exercise_id = result.advice.exercise
        if exercise_id:
            exercise = exercises.get(exercise_id)
            if exercise is not None:
                lines.append(t("advice.breathe.exercise", title=exercise.title.get(lang)))
            lines.append(t("advice.breathe.start", exercise=exercise_id))
        else:
            lines.append(t("advice.breathe.start", exercise="").rstrip())
        # Practising daily is what helps: say once how to put it in a calendar.
        lines.append(t("plan.quiz_hint", exercise=exercise_id or "").rstrip())
    return t(f"advice.{action}.title"), reasons, lines


def unanswered_flags_lines(result: QuizResult, t: Translator) -> list[str]:
    """A skipped safety question is not a "no": say which, and whom to call if it applies
    (the contact that fits that question: 113 for thoughts of self-harm)."""
    lines = []
    for question in map(result.questionnaire.question, result.scores.unanswered_flags):
        kinds = question.red_flag.contacts if question.red_flag else ()
        first = kinds[0] if kinds else "gp"
        lines.append(
            t(
                "result.unanswered_flag",
                question=(question.short or question.text).get(t.lang),
                contact=t(f"contact.{first}"),
            )
        )
    return lines


def context_lines(result: QuizResult, t: Translator) -> list[str]:
    """The answers about the person's situation (unscored questions that are not safety
    questions): how long, what relaxation does, load, ... as ``question: answer``."""
    lang = t.lang
    lines = []
    for question in result.questionnaire.questions:
        value = result.answers.get(question.id)
        if question.domain is not None or question.red_flag is not None or value is None:
            continue
        lines.append(
            t(
                "result.context_line",
                question=(question.short or question.text).get(lang),
                answer=question.label_for(value, lang) if value != () else "—",
            )
        )
    return lines


def render_result(
    console: Console,
    result: QuizResult,
    t: Translator,
    exercises: Mapping[str, Exercise],
    contact: Mapping[str, str | None] | None,
    *,
    plain: bool = False,
) -> None:
    """Print a whole result: urgent advice first, then scores, advice, notice."""
    title, reasons, lines = advice_lines(result, t, exercises, contact)
    action = result.advice.action
    if plain:
        _render_plain(console, result, t, title, reasons, lines)
        return
    advice_panel = Panel(
        Group(
            *(Text(line) for line in lines[:1]),
            Text(""),
            Text(t("advice.reasons_heading"), style="bold"),
            *(Text(f"• {reason}") for reason in reasons),
            Text(""),
            *(Text(line) for line in lines[1:]),
        ),
        title=Text(title, style="bold"),
        title_align="left",
        border_style=ACCENT[action],
        padding=(1, 2),
    )
    console.print()
    if action == "urgent":
        console.print(advice_panel)
    console.print(Text(t("result.heading"), style="bold"))
    console.print(score_table(result, t, console.width))
    skipped = len(result.questionnaire.questions) - len(result.answers)
    if skipped:
        console.print(Text(t("result.skipped", count=skipped), style="dim"))
    context = context_lines(result, t)
    if context:
        console.print()
        console.print(Text(t("result.context_heading"), style="bold"))
        for line in context:
            console.print(Text(f"{_bullet()} {line}"))
    unanswered = unanswered_flags_lines(result, t)
    if unanswered:
        console.print()
        for line in unanswered:
            console.print(Text(line, style="bold"))
    console.print()
    if action != "urgent":
        console.print(advice_panel)
    console.print(Text(t("result.notice"), style="italic"))


def _render_plain(
    console: Console,
    result: QuizResult,
    t: Translator,
    title: str,
    reasons: list[str],
    lines: list[str],
) -> None:
    lang = t.lang

    def say(text: str = "") -> None:
        console.print(Text(text))

    # The same order as the panel: what it is, why, then what to do.
    advice = [
        title,
        *lines[:1],
        t("advice.reasons_heading"),
        *(f"- {reason}" for reason in reasons),
        *lines[1:],
    ]
    if result.advice.action == "urgent":
        for line in advice:
            say(line)
        say()
    say(t("result.heading"))
    for domain in result.questionnaire.domains:
        scored = result.scores.domains[domain.id]
        value = (
            f"{format_number(scored.score, lang)}/{format_number(scored.max, lang)}"
            if scored.score is not None
            else t("result.not_scored")
        )
        level = result.level_text(domain.id, scored.level, t, lang)
        say(f"{domain.title.get(lang)}: {value}, {level}")
    total = result.scores.total
    if total is not None:
        value = (
            format_number(total.score, lang) if total.score is not None else t("result.not_scored")
        )
        say(f"{t('result.total')}: {value}, {result.level_text(None, total.level, t, lang)}")
    context = context_lines(result, t)
    if context:
        say()
        say(t("result.context_heading"))
        for line in context:
            say(f"- {line}")
    unanswered = unanswered_flags_lines(result, t)
    if unanswered:
        say()
        for line in unanswered:
            say(line)
    say()
    if result.advice.action != "urgent":
        for line in advice:
            say(line)
        say()
    say(t("result.notice"))
