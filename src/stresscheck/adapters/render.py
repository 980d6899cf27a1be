"""Showing quiz results to a person: rich panels and tables, or plain lines.

Red flags come first and are never folded away; every result ends with the
self-check notice. Colours are calm (no red walls of text), and everything
degrades to plain text for screen readers, ``NO_COLOR`` and ``TERM=dumb``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from stresscheck.core.breathing import Exercise
from stresscheck.core.result import QuizResult
from stresscheck.core.text import format_number
from stresscheck.i18n import Translator

BAR_WIDTH = 16
ACCENT = {"urgent": "magenta", "physiotherapy": "cyan", "breathe": "green"}
LEVEL_STYLE = {"low": "green", "moderate": "yellow", "high": "magenta"}


def make_console(*, stderr: bool = False, plain: bool = False) -> Console:
    """A console that respects NO_COLOR and TERM=dumb, and never wraps mid-word badly."""
    no_color = plain or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"
    return Console(
        stderr=stderr,
        no_color=no_color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        force_terminal=False if plain else None,
    )


def bar(score: float | None, maximum: float, width: int = BAR_WIDTH) -> str:
    """A bar of block characters, ``width`` wide, filled in proportion."""
    if score is None or maximum <= 0:
        return "·" * width
    eighths = round(max(0.0, min(1.0, score / maximum)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width, "·")


def ascii_safe() -> bool:
    """Whether stdout can show block characters (not under LANG=C and friends)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
    return "utf" in encoding


def _bar_text(score: float | None, maximum: float) -> str:
    text = bar(score, maximum)
    if not ascii_safe():
        text = text.replace("█", "#").replace("·", ".")
        text = "".join(c if c in "#." else "#" for c in text)
    return text


def score_table(result: QuizResult, t: Translator) -> Table:
    """Scores per domain with bars and levels, and the total."""
    lang = t.lang
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
    table.add_column(t("result.col_domain"))
    table.add_column(t("result.col_score"), justify="right")
    table.add_column("", no_wrap=True)
    table.add_column(t("result.col_level"))
    for domain in result.questionnaire.domains:
        scored = result.scores.domains[domain.id]
        level = result.level_text(domain.id, scored.level, t, lang)
        score_text = (
            f"{format_number(scored.score, lang)}/{format_number(scored.max, lang)}"
            if scored.score is not None
            else t("result.not_scored")
        )
        table.add_row(
            domain.title.get(lang),
            score_text,
            Text(
                _bar_text(scored.score, scored.max), style=LEVEL_STYLE.get(scored.level or "", "")
            ),
            Text(level, style=LEVEL_STYLE.get(scored.level or "", "")),
        )
    total = result.scores.total
    if total is not None and result.questionnaire.total is not None:
        maximum = sum(result.scores.domains[d].max for d in result.questionnaire.total.domains)
        table.add_row(
            Text(t("result.total"), style="bold"),
            f"{format_number(total.score, lang)}/{format_number(maximum, lang)}"
            if total.score is not None
            else t("result.not_scored"),
            Text(_bar_text(total.score, maximum), style=LEVEL_STYLE.get(total.level or "", "")),
            Text(result.level_text(None, total.level, t, lang), style="bold"),
        )
    return table


def advice_lines(
    result: QuizResult,
    t: Translator,
    exercises: Mapping[str, Exercise],
    contact: Mapping[str, str | None] | None,
) -> tuple[str, list[str], list[str]]:
    """The advice as (title, reasons, explanation lines), shared by rich and plain output."""
    lang = t.lang
    action = result.advice.action
    reasons = result.reasons(t, lang)
    lines: list[str] = []
    if action == "urgent":
        lines += [
            t("advice.urgent.intro"),
            t("advice.urgent.gp"),
            t("advice.urgent.emergency"),
            t("advice.urgent.suicide"),
            t("advice.urgent.later"),
        ]
    elif action == "physiotherapy":
        lines += [t("advice.physiotherapy.why"), t("advice.physiotherapy.what")]
        if contact:
            lines.append(t("advice.physiotherapy.contact", name=contact.get("name")))
            for key in ("website", "phone", "email"):
                if contact.get(key):
                    lines.append(
                        t(
                            "advice.physiotherapy.contact_line",
                            label=t(f"advice.physiotherapy.{key}"),
                            value=contact[key],
                        )
                    )
        else:
            lines.append(t("advice.physiotherapy.find"))
        lines.append(t("advice.physiotherapy.meanwhile"))
    else:
        lines.append(t("advice.breathe.intro"))
        exercise_id = result.advice.exercise
        if exercise_id:
            exercise = exercises.get(exercise_id)
            if exercise is not None:
                lines.append(t("advice.breathe.exercise", title=exercise.title.get(lang)))
            lines.append(t("advice.breathe.start", exercise=exercise_id))
        else:
            lines.append(t("advice.breathe.start", exercise="").rstrip())
        lines.append(t("advice.breathe.recheck"))
    return t(f"advice.{action}.title"), reasons, lines


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
    console.print(score_table(result, t))
    skipped = len(result.questionnaire.questions) - len(result.answers)
    if skipped:
        console.print(Text(t("result.skipped", count=skipped), style="dim"))
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

    advice = [title, *(f"- {reason}" for reason in reasons), *lines]
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
    say()
    if result.advice.action != "urgent":
        for line in advice:
            say(line)
        say()
    say(t("result.notice"))
