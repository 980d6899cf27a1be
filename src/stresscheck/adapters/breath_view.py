"""How a breathing session looks and sounds: plain lines, a live view, the bell.

Plain mode writes one line per phase the moment it begins (``Inhale 4 s``)
and flushes it, with no ANSI codes, for screen readers and logs. The live view
is a calm rich panel redrawn only when something visible changed, a few times
a second at most. The bell rings once when breathing in starts and twice when
breathing out starts, so the two can be told apart with closed eyes.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TextIO

from stresscheck.adapters import bigtext, terminal
from stresscheck.adapters.clock import Clock
from stresscheck.core.breathing import PhaseKind, ScheduledPhase, format_seconds, session_seconds
from stresscheck.i18n import Translator

if TYPE_CHECKING:  # rich is imported only when a live view is really shown
    from rich.console import Console, RenderableType
    from rich.live import Live

    from stresscheck.adapters.pacer import SessionOutcome

BELL = "\a"
# Two rings too close together merge into one sound on many terminals.
BELL_GAP = 0.2
# Five frames a second moves a slowly growing bar smoothly enough while
# keeping the process close to idle; frames that would look the same are skipped.
FRAME_INTERVAL = 0.2
# A wider panel only spreads the same few words further apart.
MAX_PANEL_WIDTH = 72

_COLOURS: dict[PhaseKind, str] = {
    "inhale": "#8ec5d6",
    "hold": "#b4c7b0",
    "exhale": "#a6b4dc",
    "rest": "#b4c7b0",
}
_TRACK = "─"
_FULL, _LEFT_HALF, _RIGHT_HALF = "█", "▌", "▐"


# --------------------------------------------------------------------------- text


def seconds_text(t: Translator, seconds: float) -> str:
    """A length in seconds as written in this language: ``5.5`` or ``5,5``."""
    return format_seconds(seconds, t("breathe.decimal_mark"))


def phase_line(t: Translator, phase: ScheduledPhase) -> str:
    """The plain-mode line for a phase: ``Inhale 4 s`` / ``Inademen 4 s``."""
    return t(
        "breathe.plain_line",
        phase=t(f"breathe.phase.{phase.kind}"),
        seconds=seconds_text(t, phase.seconds),
    )


def clock_text(seconds: float) -> str:
    """Whole seconds, rounded up, as ``m:ss`` (``4:05``)."""
    total = max(0, math.ceil(seconds - 1e-9))
    return f"{total // 60}:{total % 60:02d}"


def duration_text(t: Translator, seconds: float) -> str:
    """A length of time in words: ``5 min 8 s``, ``40 s``, ``2 min``."""
    total = max(0, round(seconds))
    minutes, rest = divmod(total, 60)
    if minutes and rest:
        return t("breathe.duration.min_sec", minutes=minutes, seconds=rest)
    if minutes:
        return t("breathe.duration.min", minutes=minutes)
    return t("breathe.duration.sec", seconds=rest)


def cycles_text(t: Translator, count: int) -> str:
    """``1 cycle`` / ``12 cycles`` in the chosen language."""
    key = "breathe.cycles_one" if count == 1 else "breathe.cycles_many"
    return t(key, count=count)


def intro_line(t: Translator, title: str, timetable: Sequence[ScheduledPhase]) -> str:
    """``Box breathing: 12 cycles, 3 min 12 s``."""
    cycles = timetable[-1].cycle + 1 if timetable else 0
    return t(
        "breathe.intro",
        title=title,
        cycles=cycles_text(t, cycles),
        duration=duration_text(t, session_seconds(timetable)),
    )


def summary_lines(
    t: Translator,
    outcome: SessionOutcome,
    planned_cycles: int,
    before: int | None = None,
    after: int | None = None,
) -> list[str]:
    """The few kind lines shown when a session ends or is stopped."""
    duration = duration_text(t, outcome.actual_seconds)
    if outcome.completed:
        lines = [
            t("breathe.summary.completed", cycles=cycles_text(t, planned_cycles), duration=duration)
        ]
    else:
        lines = [
            t(
                "breathe.summary.interrupted",
                done=outcome.cycles_completed,
                planned=cycles_text(t, planned_cycles),
                duration=duration,
            )
        ]
    if before is not None and after is not None:
        lines.append(t("breathe.summary.tension", before=before, after=after))
    return lines


# --------------------------------------------------------------------------- bell


class BellSignal:
    """Rings the terminal bell: once as breathing in starts, twice as breathing out starts.

    Holds and rests stay silent. The second ring of a pair is given on the
    first tick at least :data:`BELL_GAP` later, so the runner must pass ticks.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self._pending: int | None = None  # phase index still owed a second ring

    def on_phase(self, phase: ScheduledPhase) -> None:
        """Ring for a phase that just began."""
        if phase.kind == "inhale":
            self._ring()
        elif phase.kind == "exhale":
            self._ring()
            self._pending = phase.index

    def on_tick(self, phase: ScheduledPhase, elapsed: float) -> None:
        """Give the owed second ring once the gap has passed."""
        if self._pending == phase.index and elapsed >= BELL_GAP - 1e-9:
            self._pending = None
            self._ring()

    def _ring(self) -> None:
        if self.stream is not None:
            self.stream.write(BELL)
            self.stream.flush()


def bell_stream() -> TextIO | None:
    """Where a bell is heard: the terminal on stdout, else on stderr, else nowhere."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and stream.isatty():
            return stream
    return None


# --------------------------------------------------------------------------- plain


class PlainView:
    """One line per phase, printed and flushed as it begins; no ANSI codes."""

    def __init__(self, out: TextIO, t: Translator, bell: BellSignal | None = None) -> None:
        self.out = out
        self.t = t
        self.bell = bell

    def line(self, text: str) -> None:
        """Write one line and flush it, so a log or screen reader gets it now."""
        self.out.write(text + "\n")
        self.out.flush()

    def on_phase(self, phase: ScheduledPhase) -> None:
        """Announce a phase that just began."""
        self.line(phase_line(self.t, phase))
        if self.bell is not None:
            self.bell.on_phase(phase)

    @property
    def on_tick(self) -> Callable[[ScheduledPhase, float], None] | None:
        """Ticks are only needed for the bell's second ring."""
        return self.bell.on_tick if self.bell is not None else None


# --------------------------------------------------------------------------- live


@dataclass(frozen=True)
class Frame:
    """Everything visible in one frame of the live view."""

    kind: PhaseKind
    fill: float  # 0 empty .. 1 full lungs
    seconds_left: int  # in this phase, rounded up
    cycle: int  # 1-based
    cycles: int
    time_left: float  # in the session, seconds


def frame_at(phase: ScheduledPhase, elapsed: float, cycles: int, total_seconds: float) -> Frame:
    """The frame ``elapsed`` seconds into ``phase``."""
    return Frame(
        kind=phase.kind,
        fill=phase.fill_at(elapsed),
        seconds_left=max(1, math.ceil(phase.seconds - elapsed - 1e-9)),
        cycle=phase.cycle + 1,
        cycles=cycles,
        time_left=max(0.0, total_seconds - phase.start - elapsed),
    )


def bar_cells(fill: float, width: int) -> tuple[int, int]:
    """Filled half-cells on each side of a centred bar ``width`` cells wide.

    Returns (filled half-cells per side, half-cells per side). The bar grows
    from the middle outwards, like a chest widening; half blocks give it twice
    the resolution of whole characters.
    """
    per_side = max(width // 2, 1) * 2
    return round(min(max(fill, 0.0), 1.0) * per_side), per_side


def bar_line(fill: float, width: int, style: str) -> RenderableType:
    """The breathing bar as rich Text, centred, with a faint track."""
    from rich.text import Text

    filled, per_side = bar_cells(fill, width)
    side_cells = per_side // 2
    full, half = divmod(filled, 2)
    empty = side_cells - full - half
    text = Text(no_wrap=True, overflow="crop")
    text.append(_TRACK * empty, style="dim")
    text.append(_RIGHT_HALF * half + _FULL * full, style=style)
    text.append(_FULL * full + _LEFT_HALF * half, style=style)
    text.append(_TRACK * empty, style="dim")
    return text


@dataclass(frozen=True)
class Layout:
    """How much of the view fits: the full panel, a compact one, or bare lines."""

    width: int  # columns the view uses
    bar_width: int
    panel: bool
    big_word: bool
    spacious: bool  # blank lines between parts
    hint: bool


def choose_layout(width: int, height: int, cue: str) -> Layout:
    """Fit the view into a ``width`` x ``height`` terminal, dropping extras first.

    From richest to barest: large letters with room around them, a plain word
    with room, a tight panel, bare lines. One terminal row stays free, because
    a view as tall as the window scrolls and smears.
    """
    view_width = min(width, MAX_PANEL_WIDTH)
    panel_fits = view_width >= 30
    inner = view_width - 4 if panel_fits else view_width  # border and padding
    big_fits = (
        panel_fits
        and bigtext.can_draw(cue)
        and bigtext.width_of(cue) <= inner - 2
        # Large letters are drawn with half blocks, which an ASCII terminal cannot show.
        and terminal.is_unicode(sys.stdout)
    )
    candidates = [
        (True, True, True),
        (True, False, True),
        (True, False, False),
        (False, False, False),
    ]
    for panel, big, spacious in candidates:
        if (panel and not panel_fits) or (big and not big_fits):
            continue
        lines = (2 if panel else 0) + (3 if big else 1) + 3 + (4 if spacious else 0)
        if lines <= height - 1 or not panel:
            bar_width = max(2, (inner - 6) if panel else view_width - 1)
            return Layout(view_width, bar_width, panel, big, spacious, lines + 1 <= height - 1)
    raise AssertionError("unreachable: the bare layout always fits")  # pragma: no cover


def render_frame(
    t: Translator, title: str, frame: Frame, width: int, height: int, cue: str | None = None
) -> RenderableType:
    """One frame of the live view, fitted to the terminal size.

    ``cue`` replaces the phase's word (the lead-in says "Get ready").
    """
    from rich.align import Align
    from rich.box import ROUNDED
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    cue = cue if cue is not None else t(f"breathe.cue.{frame.kind}")
    layout = choose_layout(width, height, cue)
    colour = _COLOURS[frame.kind]
    parts: list[RenderableType] = []

    def gap() -> None:
        if layout.spacious:
            parts.append(Text(""))

    gap()
    if layout.big_word:
        parts.append(Align.center(Text("\n".join(bigtext.render(cue)), style=colour, no_wrap=True)))
    else:
        parts.append(Align.center(Text(cue, style=f"bold {colour}", no_wrap=True)))
    gap()
    parts.append(Align.center(bar_line(frame.fill, layout.bar_width, colour)))
    gap()
    parts.append(
        Align.center(Text(t("breathe.seconds_left", seconds=frame.seconds_left), style="bold"))
    )
    gap()
    progress = t("breathe.cycle_progress", cycle=frame.cycle, cycles=frame.cycles)
    left = t("breathe.time_left", time=clock_text(frame.time_left))
    inner = layout.width - 4 if layout.panel else layout.width
    room = inner - 2 - len(progress) - len(left)
    if room >= 1:
        parts.append(Text(" " + progress + " " * room + left, style="dim", no_wrap=True))
    else:
        parts.append(
            Align.center(Text(f"{progress} · {left}", style="dim", no_wrap=True, overflow="crop"))
        )
    body: RenderableType = Group(*parts)
    if layout.panel:
        body = Panel(
            body,
            title=Text(title, style="dim"),
            box=ROUNDED,
            border_style="dim",
            width=layout.width,
            padding=(0, 1),
        )
    rows: list[RenderableType] = [Align.center(body)]
    if layout.hint:
        rows.append(Align.center(Text(t("breathe.stop_hint"), style="dim", no_wrap=True)))
    return Group(*rows)


class LiveView:
    """The animated session view on a rich console (a terminal).

    Use as a context manager around the session: it hides the cursor and
    stops terminal echo while running, and always gives both back, also on
    Ctrl-C. The view is transient: when it ends the screen holds only what is
    printed afterwards (the summary). ``frames`` counts real redraws.
    """

    def __init__(
        self,
        console: Console,
        t: Translator,
        title: str,
        timetable: Sequence[ScheduledPhase],
        bell: BellSignal | None = None,
    ) -> None:
        self.console = console
        self.t = t
        self.title = title
        self.cycles = timetable[-1].cycle + 1 if timetable else 0
        self.total_seconds = session_seconds(timetable)
        self.bell = bell
        self._first = timetable[0] if timetable else None
        self.frames = 0
        self._live: Live | None = None
        self._last_key: tuple[object, ...] | None = None

    def __enter__(self) -> LiveView:
        from rich.live import Live

        # No auto-refresh thread: frames are drawn from the runner's ticks only,
        # and only when they differ, which keeps the process near idle.
        self._live = Live(
            "",
            console=self.console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._live.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
        # Belt and braces: make sure the cursor is visible whatever happened.
        self.console.show_cursor(True)

    def lead_in(self, clock: Clock, seconds: float) -> None:
        """Count down a few calm seconds ("Get ready 3, 2, 1") before the first breath.

        Redrawn once a second, when the number changes; not part of the
        session's timetable, which starts when this returns.
        """
        if seconds <= 0 or self._first is None:
            return
        cue = self.t("breathe.ready")
        start = clock.monotonic()
        while (left := seconds - (clock.monotonic() - start)) > 1e-6:
            whole = math.ceil(left - 1e-9)
            frame = replace(
                frame_at(self._first, 0.0, self.cycles, self.total_seconds),
                kind="rest",
                fill=0.0,
                seconds_left=whole,
            )
            self._show(frame, cue)
            clock.sleep(left - (whole - 1))

    def on_phase(self, phase: ScheduledPhase) -> None:
        """Draw the first frame of a phase (and ring the bell)."""
        if self.bell is not None:
            self.bell.on_phase(phase)
        self._draw(phase, 0.0)

    def on_tick(self, phase: ScheduledPhase, elapsed: float) -> None:
        """Redraw if anything visible changed since the last frame."""
        if self.bell is not None:
            self.bell.on_tick(phase, elapsed)
        self._draw(phase, elapsed)

    def _draw(self, phase: ScheduledPhase, elapsed: float) -> None:
        self._show(frame_at(phase, elapsed, self.cycles, self.total_seconds), None)

    def _show(self, frame: Frame, cue: str | None) -> None:
        if self._live is None:
            return
        width, height = self.console.size
        word = cue if cue is not None else self.t(f"breathe.cue.{frame.kind}")
        layout = choose_layout(width, height, word)
        key = (
            word,
            frame.kind,
            bar_cells(frame.fill, layout.bar_width)[0],
            frame.seconds_left,
            frame.cycle,
            clock_text(frame.time_left),
            width,
            height,
        )
        if key == self._last_key:
            return
        self._last_key = key
        self._live.update(render_frame(self.t, self.title, frame, width, height, cue), refresh=True)
        self.frames += 1


# --------------------------------------------------------------------------- terminal


@contextmanager
def quiet_terminal(stream: TextIO | None = None) -> Iterator[None]:
    """Stop echoing keys typed during the animation; restore the terminal after.

    Stray keys would otherwise scribble over the live view. Ctrl-C keeps
    working (signals stay on). Keys typed meanwhile are discarded at the end,
    so they do not land in the next prompt or the shell. Does nothing when
    ``stream`` (default stdin) is not a terminal or on systems without termios.
    """
    stream = sys.stdin if stream is None else stream
    try:
        import termios

        fd = stream.fileno()
        if not os.isatty(fd):
            raise OSError
        saved = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):
        yield
        return
    quiet = list(saved)
    quiet[3] = quiet[3] & ~(termios.ECHO | termios.ICANON)
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, saved)


# --------------------------------------------------------------------------- rating


Moment = Literal["before", "after"]


def ask_tension(
    t: Translator,
    moment: Moment,
    read_line: Callable[[], str] | None = None,
    out: TextIO | None = None,
    tries: int = 3,
) -> int | None:
    """Ask how tense the person feels, 0 to 10; Enter (or end of input) skips.

    A mistyped answer is asked again gently, a few times, then skipped: a
    rating is welcome, never required. Ctrl-C propagates to the caller.
    """
    read = read_line if read_line is not None else sys.stdin.readline
    stream = out if out is not None else sys.stderr
    stream.write(t(f"breathe.rate.{moment}") + "\n")
    for _ in range(tries):
        stream.write(t("breathe.rate.prompt"))
        stream.flush()
        answer = read()
        if not answer:  # end of input
            stream.write("\n")
            return None
        answer = answer.strip()
        if not answer:
            return None
        if answer.isascii() and answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        stream.write(t("breathe.rate.invalid") + "\n")
    return None
