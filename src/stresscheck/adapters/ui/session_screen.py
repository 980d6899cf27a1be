"""A breathing session in the terminal: what is said before and after it, the
questions asked around it (``Talk``), and the view that paces it (``SessionScreen``).

The session itself is drawn by ``breath_view`` (the live view, or one line per
phase); this module decides which, and says the rest. Talk goes to standard
error, the session and its summary to standard output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from stresscheck.errors import Interrupted

if TYPE_CHECKING:
    from datetime import datetime

    from stresscheck.adapters.clock import Clock
    from stresscheck.adapters.pacer import PhaseCallback, SessionOutcome, TickCallback
    from stresscheck.adapters.ui.breath_view import BellSignal, Moment
    from stresscheck.core.breathing import Exercise, ScheduledPhase
    from stresscheck.i18n import Translator

# A short pause before the first breath in the animated view, to settle in.
LEAD_IN_SECONDS = 3.0


def say(stream: TextIO, text: str) -> None:
    """One line, flushed at once, so it shows before the next wait."""
    stream.write(text + "\n")
    stream.flush()


class Talk:
    """Saying things and asking questions on standard error, answers from standard input.

    Ctrl-C at a question ends its line and raises ``Interrupted``.
    """

    def __init__(self, t: Translator, *, can_ask: bool) -> None:
        self.t = t
        self.can_ask = can_ask

    def say(self, text: str) -> None:
        say(sys.stderr, text)

    def ask(self, question: str) -> str:
        """The line typed after ``question`` ("" at the end of input)."""
        sys.stderr.write(question + " ")
        sys.stderr.flush()
        with self._stopped_by_ctrl_c():
            return sys.stdin.readline()

    def yes(self, answer: str, *, default: bool) -> bool:
        from stresscheck.adapters.ui.output import is_yes

        return is_yes(answer, self.t, default=default)

    def rate(self, moment: Moment) -> int | None:
        """How tense the person feels, 0 to 10 (None: skipped)."""
        from stresscheck.adapters.ui.breath_view import ask_tension

        with self._stopped_by_ctrl_c():
            return ask_tension(self.t, moment)

    @contextmanager
    def _stopped_by_ctrl_c(self) -> Iterator[None]:
        try:
            yield
        except KeyboardInterrupt:
            self.say("")
            raise Interrupted from None


@dataclass(frozen=True)
class Pace:
    """How a view follows the session: called at each phase, and between them."""

    on_phase: PhaseCallback
    on_tick: TickCallback | None
    interval: float
    started_at: datetime | None = None  # None: when the view was set up


def animated_output(plain: bool) -> bool:
    """Animate only on a real terminal, and never when plain output was asked for."""
    if plain or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout is not None and sys.stdout.isatty()


class SessionScreen:
    """The session on screen: animated in a terminal, else one line per phase."""

    def __init__(self, t: Translator, *, plain: bool, bell: bool) -> None:
        self.t = t
        self.plain = plain
        self.bell = bell
        self.animated = animated_output(plain)

    def introduce(self, exercise: Exercise, timetable: Sequence[ScheduledPhase]) -> None:
        """What the session is (animated: on standard error), and its cautions."""
        from stresscheck.adapters.ui.breath_view import intro_line

        t, talk = self.t, sys.stderr
        if self.animated:
            say(talk, intro_line(t, exercise.title.get(t.lang), timetable))
        cautions = exercise.cautions.get(t.lang).strip()
        if cautions:
            say(talk, t("breathe.cautions_heading"))
            width = _wrap_width(talk) if self.animated else None
            for caution in cautions.splitlines():
                say(talk, bulleted(caution.strip(), width))
        if self.animated or cautions:
            say(talk, "")

    @contextmanager
    def pacing(
        self, exercise: Exercise, timetable: Sequence[ScheduledPhase], clock: Clock
    ) -> Iterator[Pace]:
        """The view for the session's run; Ctrl-C during the lead-in ends it unbegun."""
        from stresscheck.adapters.pacer import SessionInterrupted, SessionOutcome
        from stresscheck.adapters.ui import breath_view as view

        t, title = self.t, exercise.title.get(self.t.lang)
        bell = view.BellSignal(view.bell_stream()) if self.bell else None
        if not self.animated:
            with self._plain(title, timetable, clock, bell) as pace:
                yield pace
            return
        from stresscheck.adapters.ui.console import make_console

        console = make_console()
        try:
            with view.quiet_terminal(), view.LiveView(console, t, title, timetable, bell) as live:
                live.lead_in(clock, LEAD_IN_SECONDS)
                yield Pace(live.on_phase, live.on_tick, view.FRAME_INTERVAL, clock.now())
        except SessionInterrupted:
            raise
        except KeyboardInterrupt:  # during the lead-in: nothing had begun
            raise SessionInterrupted(SessionOutcome(0, 0.0, False)) from None

    @contextmanager
    def _plain(
        self, title: str, timetable: Sequence[ScheduledPhase], clock: Clock, bell: BellSignal | None
    ) -> Iterator[Pace]:
        from stresscheck.adapters.ui import breath_view as view

        plain = view.PlainView(sys.stdout, self.t, bell)
        plain.line(view.intro_line(self.t, title, timetable))
        if self.plain and sys.stdout.isatty():
            # A screen reader is still reading the cautions: the animated view's
            # calm lead-in, announced in a line, before the first breath.
            plain.line(self.t("breathe.plain_lead_in", seconds=round(LEAD_IN_SECONDS)))
            clock.sleep(LEAD_IN_SECONDS)
        yield Pace(plain.on_phase, plain.on_tick, view.BELL_GAP)

    def summary(self, outcome: SessionOutcome, cycles: int) -> None:
        """How it went, on standard output."""
        from stresscheck.adapters.ui.breath_view import summary_lines

        for line in summary_lines(self.t, outcome, cycles):
            say(sys.stdout, line)

    def tension(self, before: int, after: int) -> None:
        say(sys.stdout, self.t("breathe.summary.tension", before=before, after=after))


def _wrap_width(stream: TextIO) -> int | None:
    """The terminal's width when ``stream`` is one (None: do not wrap)."""
    if not stream.isatty():
        return None
    import shutil

    return max(20, shutil.get_terminal_size().columns - 1)


def bulleted(text: str, width: int | None) -> str:
    """``  • text``, wrapped at word boundaries under its own first word when
    ``width`` is given (a terminal), else one line per paragraph (plain output)."""
    bullet = "  • "
    if width is None:
        return bullet + text
    import textwrap

    return textwrap.fill(
        text,
        width,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    )
