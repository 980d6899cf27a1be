"""How a breathing session looks and sounds: plain lines, a live view, the bell.

Plain mode writes one line per phase the moment it begins (``Inhale 4 s``)
and flushes it, with no ANSI codes, for screen readers and logs. The live view
is a calm panel drawn once; after that only what changed is written (the bar,
a number, the phase's word), a few times a second at most and once a second
while nothing moves. The bell rings once when breathing in starts and twice
when breathing out starts, so the two can be told apart with closed eyes.
"""

from __future__ import annotations

import math
import os
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import IO, TYPE_CHECKING, Literal, NamedTuple, TextIO

from stresscheck.adapters.clock import Clock
from stresscheck.adapters.ui import bigtext, terminal
from stresscheck.core.breathing import PhaseKind, ScheduledPhase, format_seconds, session_seconds
from stresscheck.core.labels import plural_key
from stresscheck.core.text import terminal_safe
from stresscheck.i18n import Translator

if TYPE_CHECKING:  # rich is imported only when a live view is really shown
    from types import FrameType

    from rich.console import Console, RenderableType
    from rich.live import Live

    from stresscheck.adapters.pacer import SessionOutcome

BELL = "\a"
# Two rings too close together merge into one sound on many terminals.
BELL_GAP = 0.2
# Five frames a second at most moves a slowly growing bar smoothly enough while
# keeping the process close to idle; frames that would look the same are skipped,
# and while nothing moves (a hold) the view wakes only when a number changes.
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
    return t(plural_key("breathe.cycles", count), count=count)


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

    def due(self, phase: ScheduledPhase) -> float | None:
        """Seconds into ``phase`` when a ring is still owed, if one is."""
        return BELL_GAP if self._pending == phase.index else None

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


# A line of the view: pieces of text, each with a rich style ("" for none).
Span = tuple[str, str]
Line = tuple[Span, ...]


def bar_spans(fill: float, width: int, style: str) -> Line:
    """The breathing bar, centred on a faint track."""
    filled, per_side = bar_cells(fill, width)
    full, half = divmod(filled, 2)
    track = _TRACK * (per_side // 2 - full - half)
    body = _RIGHT_HALF * half + _FULL * (2 * full) + _LEFT_HALF * half
    return tuple(span for span in ((track, "dim"), (body, style), (track, "dim")) if span[0])


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


# Characters a terminal shows one column wide, in every encoding (their ASCII
# look-alikes are one character too). A text of these alone is as wide as it is
# long, and on a line of these alone a column can be addressed.
_ONE_COLUMN = frozenset(map(chr, range(0x20, 0x7F))) | frozenset("─│╭╮╰╯█▌▐▀▄·")
_SIDE: Span = ("│", "dim")
_PADDING: Span = (" ", "")


def _cells(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    if _ONE_COLUMN.issuperset(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _line_width(line: Line) -> int:
    return sum(_cells(text) for text, _ in line)


def _crop(line: Line, width: int) -> Line:
    """``line`` cut off at ``width`` columns."""
    if _line_width(line) <= width:
        return line
    from rich.cells import set_cell_size

    kept: list[Span] = []
    room = width
    for text, style in line:
        size = _cells(text)
        if size > room:
            text = set_cell_size(text, room) if room > 0 else ""
            size = room
        if text:
            kept.append((text, style))
        room -= size
    return tuple(kept)


def _centre(line: Line, width: int) -> Line:
    """``line`` centred in ``width`` columns (cut off when wider)."""
    line = _crop(line, width)
    left = (width - _line_width(line)) // 2
    return ((" " * left, ""), *line) if left else line


def _pad(line: Line, width: int) -> Line:
    """``line`` cut off or filled with spaces to exactly ``width`` columns."""
    line = _crop(line, width)
    excess = width - _line_width(line)
    return (*line, (" " * excess, "")) if excess else line


def _indent(line: Line, columns: int) -> Line:
    return ((" " * columns, ""), *line) if columns > 0 and line else line


@lru_cache(maxsize=512)
def _place(line: Line, centred: bool, body_width: int, panel_width: int, width: int) -> Line:
    """A part of the view where it goes on screen: centred (or flush left) in
    the body, between the panel's sides when there is a panel (``panel_width``),
    and the whole centred in the terminal's ``width``."""
    line = _centre(line, body_width) if centred else _crop(line, body_width)
    if panel_width:
        line = (_SIDE, _PADDING, *_pad(line, body_width), _PADDING, _SIDE)
    return _indent(line, (width - (panel_width or body_width)) // 2)


@lru_cache(maxsize=8)
def _borders(title: str, panel_width: int, width: int) -> tuple[Line, Line]:
    """The panel's top border, with the title in its middle (``╭─── Title ───╮``),
    and its bottom border, placed in the terminal's ``width``."""
    from rich.cells import set_cell_size

    text = " " + terminal_safe(title).replace("\n", " ").expandtabs() + " "
    room = panel_width - 4
    if _cells(text) > room:
        text = set_cell_size(text, room)
    excess = room - _cells(text)
    left = excess // 2
    top = "╭─" + "─" * left + text + "─" * (excess - left) + "─╮"
    bottom = "╰" + "─" * (panel_width - 2) + "╯"
    indent = (width - panel_width) // 2
    return _indent(((top, "dim"),), indent), _indent(((bottom, "dim"),), indent)


def frame_lines(
    t: Translator, title: str, frame: Frame, width: int, height: int, cue: str | None = None
) -> list[Line]:
    """One frame of the live view as lines of styled text, fitted to the terminal.

    The one place the view's looks are decided: the live view draws these
    lines, :func:`render_frame` hands them to rich. ``cue`` replaces the
    phase's word (the lead-in says "Get ready").
    """
    cue = cue if cue is not None else t(f"breathe.cue.{frame.kind}")
    return _frame_lines(t, title, frame, width, choose_layout(width, height, cue), cue)


@lru_cache(maxsize=16)
def _big_rows(word: str) -> tuple[str, ...]:
    return tuple(bigtext.render(word))


def _frame_lines(
    t: Callable[..., str], title: str, frame: Frame, width: int, layout: Layout, cue: str
) -> list[Line]:
    head, tail, place = _around_bar(t, title, frame, width, layout, cue)
    return [*head, _bar_line(frame, layout, place), *tail]


# Where the bar goes: the body's width, the panel's width (0: no panel), the terminal's.
_Place = tuple[int, int, int]


def _bar_line(frame: Frame, layout: Layout, place: _Place) -> Line:
    return _place(bar_spans(frame.fill, layout.bar_width, _COLOURS[frame.kind]), True, *place)


def _around_bar(
    t: Callable[..., str], title: str, frame: Frame, width: int, layout: Layout, cue: str
) -> tuple[tuple[Line, ...], tuple[Line, ...], _Place]:
    """The lines above the bar and below it, and where the bar goes: all of the
    frame that stays the same while only the bar moves."""
    colour = _COLOURS[frame.kind]
    inner = layout.width - 4 if layout.panel else layout.width
    if layout.big_word:
        word: tuple[Line, ...] = tuple(((row, colour),) for row in _big_rows(cue))
    else:
        word = (((cue, f"bold {colour}"),),)
    count: Line = ((t("breathe.seconds_left", seconds=frame.seconds_left), "bold"),)
    progress = t("breathe.cycle_progress", cycle=frame.cycle, cycles=frame.cycles)
    left = t("breathe.time_left", time=clock_text(frame.time_left))
    room = inner - 2 - len(progress) - len(left)
    status: Line = (
        ((" " + progress + " " * room + left, "dim"),)  # flush left, the time on the right
        if room >= 1
        else ((f"{progress} · {left}", "dim"),)  # centred
    )
    if layout.panel:
        body_width, panel_width = inner, layout.width
    else:  # bare lines: as wide as the widest of them (the bar's width is fixed)
        widest = max(_line_width(line) for line in (*word, count, status))
        body_width, panel_width = min(max(widest, layout.bar_width // 2 * 2), width), 0
    hint = t("breathe.stop_hint") if layout.hint else None
    box = _Box(title, layout.spacious, body_width, panel_width, width)
    return _head(word, box), _tail(count, status, room < 1, hint, box), box[2:]


class _Box(NamedTuple):
    """Where the lines around the bar go: the panel's title, whether there is room
    between them, and as ``_Place`` the body's, the panel's and the terminal's width."""

    title: str
    spacious: bool
    body_width: int
    panel_width: int
    width: int

    def place(self, line: Line, centred: bool = True) -> Line:
        return _place(line, centred, self.body_width, self.panel_width, self.width)

    def gap(self) -> tuple[Line, ...]:
        return (self.place(()),) if self.spacious else ()

    def border(self, which: Literal[0, 1]) -> tuple[Line, ...]:
        """The panel's top (0) or bottom (1) border, if there is a panel."""
        return (
            (_borders(self.title, self.panel_width, self.width)[which],) if self.panel_width else ()
        )


@lru_cache(maxsize=32)
def _head(word: tuple[Line, ...], box: _Box) -> tuple[Line, ...]:
    """The view above the bar: the panel's top, and the phase's word with room around it."""
    gap = box.gap()
    return (*box.border(0), *gap, *(box.place(row) for row in word), *gap)


@lru_cache(maxsize=32)
def _tail(
    count: Line, status: Line, centred: bool, hint: str | None, box: _Box
) -> tuple[Line, ...]:
    """The view below the bar: the seconds left, the cycle and the time left, with
    room between them, the panel's bottom, and the hint under the panel."""
    gap = box.gap()
    under = (_place(((hint, "dim"),), True, box.width, 0, box.width),) if hint is not None else ()
    return (*gap, box.place(count), *gap, box.place(status, centred), *box.border(1), *under)


def render_frame(
    t: Translator, title: str, frame: Frame, width: int, height: int, cue: str | None = None
) -> RenderableType:
    """One frame of the live view as a rich renderable (for printing it once)."""
    from rich.console import Group
    from rich.text import Text

    return Group(
        *(
            Text.assemble(*line, no_wrap=True, overflow="crop")
            for line in frame_lines(t, title, frame, width, height, cue)
        )
    )


# --------------------------------------------------------------------------- redraw

# Spans of these (the bar, blank padding) may be redrawn cell by cell; any
# other span is text and is rewritten whole when part of it changes, so a
# reader or a screen reader gets "cycle 2 of 6", never a lone "2".
_CELLWISE = frozenset(_TRACK + _FULL + _LEFT_HALF + _RIGHT_HALF + " ")
# Unchanged cells between two changes are rewritten rather than jumped over
# when the jump (an escape sequence) would cost about as much.
_JOIN_GAP = 4
# Changes remembered, for the cycles that show them again (a few hundred lines).
_EDITS_KEPT = 1024
# A moment just past a computed change, so a clock that wakes a hair early or
# float rounding cannot land before it.
_NUDGE = 1e-4
_CSI = "\x1b["


@dataclass(frozen=True)
class _Row:
    """One line as cells: its characters, where its spans begin (and where it
    ends), each span's style, and the stretches written together (text spans)."""

    chars: str
    edges: tuple[int, ...]
    styles: tuple[str, ...]
    whole: tuple[tuple[int, int], ...]
    simple: bool  # every character one column wide: columns can be addressed

    def cut(self, start: int, end: int) -> Line:
        """Cells ``start`` to ``end`` as spans (blank past the end of the line)."""
        spans: list[Span] = []
        edges = self.edges
        index = max(bisect_right(edges, start) - 1, 0)
        while index < len(self.styles) and edges[index] < end:
            left, right = max(start, edges[index]), min(end, edges[index + 1])
            if left < right:
                spans.append((self.chars[left:right], self.styles[index]))
            index += 1
        if end > len(self.chars):
            spans.append((" " * (end - max(start, len(self.chars))), ""))
        return tuple(spans)


@lru_cache(maxsize=64)
def _row(line: Line) -> _Row:
    edges = [0]
    whole: list[tuple[int, int]] = []
    for text, _ in line:
        if not _CELLWISE.issuperset(text):
            whole.append((edges[-1], edges[-1] + len(text)))
        edges.append(edges[-1] + len(text))
    chars = "".join(text for text, _ in line)
    styles = tuple(style for _, style in line)
    return _Row(chars, tuple(edges), styles, tuple(whole), _ONE_COLUMN.issuperset(chars))


def _differing(before: str, after: str) -> list[tuple[int, int]]:
    """Where two different texts of one length differ: the stretch from the first
    to the last difference, or two stretches when the middle is alike (a bar
    that grew at both ends)."""
    left, right = 0, len(after)
    while before[left] == after[left]:
        left += 1
    while before[right - 1] == after[right - 1]:
        right -= 1
    first_end, last_start = left + 1, right - 1
    while first_end < right and before[first_end] != after[first_end]:
        first_end += 1
    while last_start > first_end and before[last_start - 1] != after[last_start - 1]:
        last_start -= 1
    if first_end < last_start and before[first_end:last_start] == after[first_end:last_start]:
        return [(left, first_end), (last_start, right)]
    return [(left, right)]


def _changed(old_line: Line, new_line: Line) -> list[tuple[int, int]]:
    """The stretches of cells that differ between two lines, text spans whole and
    near neighbours joined. Spans the lines share at either end are passed over;
    the rest is compared a stretch of one style at a time, not cell by cell."""
    old, new = _row(old_line), _row(new_line)
    # Spans alike at the start, and at the end when the lines are as long.
    same = min(len(old_line), len(new_line))
    head = 0
    while head < same and old_line[head] == new_line[head]:
        head += 1
    tail = 0
    if len(old.chars) == len(new.chars):
        while tail < same - head and old_line[-1 - tail] == new_line[-1 - tail]:
            tail += 1
    first = old.edges[head]
    size = max(len(old.chars), len(new.chars))
    last = old.edges[len(old_line) - tail] if tail else size
    old_chars, new_chars = old.chars.ljust(size), new.chars.ljust(size)
    changes: list[tuple[int, int]] = []
    cuts = sorted({first, last, *(e for e in (*old.edges, *new.edges) if first < e < last)})
    old_span = new_span = 0  # the span each line has at ``start``
    for start, end in pairwise(cuts):
        while old_span < len(old.styles) and old.edges[old_span + 1] <= start:
            old_span += 1
        while new_span < len(new.styles) and new.edges[new_span + 1] <= start:
            new_span += 1
        old_style = old.styles[old_span] if old_span < len(old.styles) else ""
        new_style = new.styles[new_span] if new_span < len(new.styles) else ""
        before, after = old_chars[start:end], new_chars[start:end]
        if old_style != new_style:
            changes.append((start, end))
        elif before != after:  # the same style: only the cells that differ
            changes += [(start + a, start + b) for a, b in _differing(before, after)]
    if not changes:
        return []
    changes += [(a, b) for a, b in new.whole if any(x < b and a < y for x, y in changes)]
    changes.sort()
    joined = [changes[0]]
    for start, end in changes[1:]:
        if start - joined[-1][1] <= _JOIN_GAP:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


class Redrawer:
    """Keeps a block of lines on the terminal up to date with few bytes.

    The first frame is drawn whole; after that only the cells that differ
    from what is on screen are written, reached with cursor movement (text
    spans whole). A frame that looks the same writes nothing. ``codes(style)``
    gives the escape codes that switch a style on and off.
    """

    def __init__(self, codes: Callable[[str], tuple[str, str]]) -> None:
        self.codes = codes
        self.lines: list[Line] = []  # what is on screen
        self.row = 0  # the cursor's line within the block
        # Each cycle of a session shows the same changes again: worked out once.
        self._edits: dict[tuple[Line, Line], str] = {}

    def update(self, lines: Sequence[Line]) -> str:
        """What to write to turn the screen into ``lines`` ('' when it already shows them)."""
        if len(lines) != len(self.lines):
            return self.redraw(lines)
        out: list[str] = []
        for index, (old, new) in enumerate(zip(self.lines, lines, strict=True)):
            if old is not new and old != new:
                edit = self._edits.get((old, new))
                if edit is None:
                    if len(self._edits) >= _EDITS_KEPT:
                        self._edits.clear()
                    edit = self._edits[old, new] = self._edit(old, new)
                if edit:
                    out += (self._move_to(index), edit)
        self.lines = list(lines)
        return "".join(out)

    def redraw(self, lines: Sequence[Line]) -> str:
        """What to write to clear the block and draw ``lines`` afresh."""
        out = self.clear() + "\n".join(self._encode(line) for line in lines)
        self.lines = list(lines)
        self.row = max(len(self.lines) - 1, 0)
        return out

    def clear(self) -> str:
        """What to write to erase the block, leaving the cursor where it began."""
        out = self._move_to(0) + "\r" + _CSI + "J"
        self.lines = []
        return out

    def _move_to(self, row: int) -> str:
        step, self.row = row - self.row, row
        if step < 0:
            return f"{_CSI}{-step}A"
        return f"{_CSI}{step}B" if step else ""

    def _edit(self, old_line: Line, new_line: Line) -> str:
        new = _row(new_line)
        if not (new.simple and _row(old_line).simple):
            return "\r" + _CSI + "2K" + self._encode(new_line)  # columns unknown: all of it
        return "".join(
            f"{_CSI}{start + 1}G" + self._encode(new.cut(start, end))
            for start, end in _changed(old_line, new_line)
        )

    def _encode(self, line: Line) -> str:
        """``line`` with each style switched on and off around its text."""
        out: list[str] = []
        current: str | None = None
        for text, style in line:
            if style != current:
                if current:
                    out.append(self.codes(current)[1])
                if style:
                    out.append(self.codes(style)[0])
                current = style
            out.append(text)
        if current:
            out.append(self.codes(current)[1])
        return "".join(out)


class LiveView:
    """The animated session view on a rich console (a terminal).

    Use as a context manager around the session: it hides the cursor while
    running and always gives it back, also on Ctrl-C. The view is transient:
    when it ends the screen holds only what is printed afterwards (the
    summary). It is drawn once, then only what changed is written (the bar,
    a number, the phase's word); ``frames`` counts the writes. The callbacks
    return when, in seconds into the phase, something visible next changes,
    so the runner need not wake up before then: a hold wakes once a second.
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
        self._screen = Redrawer(self._codes)
        self._codes_of: dict[str, tuple[str, str]] = {}
        self._texts: dict[tuple[object, ...], str] = {}
        self._layouts: dict[tuple[int, int, str], Layout] = {}
        self._running = False
        self._out: IO[str] | None = None
        self._last_key: tuple[object, ...] | None = None
        self._rest_key: tuple[object, ...] | None = None
        self._around: tuple[tuple[Line, ...], tuple[Line, ...], _Place] = ((), (), (0, 0, 0))
        self._bar_width = 2  # the bar's width as drawn now
        # The window's size is asked again only after the terminal said it
        # changed (SIGWINCH), where that signal can be watched; else every frame.
        self._size: tuple[int, int] | None = None
        self._resizes = 0  # resize signals received
        self._sized_at = -1  # ... when the size was last asked
        self._restore: Callable[[], None] | None = None
        self._live: Live | None = None  # rich's live view, on old Windows consoles only

    def __enter__(self) -> LiveView:
        # A live view needs a terminal that moves its cursor; elsewhere it stays silent.
        self._running = self.console.is_terminal and not self.console.is_dumb_terminal
        if self._running and self.console.legacy_windows:
            # An old Windows console takes no escape codes: there rich draws each
            # frame whole, through the console's own functions.
            from rich.live import Live

            self._live = Live(
                "",
                console=self.console,
                auto_refresh=False,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()  # hides the cursor
            return self
        self._out = self.console.file
        self._restore = self._watch_resizes()
        self.console.show_cursor(False)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
        elif self._running and self._screen.lines:
            self._write(self._screen.clear(), frame=False)
        self._running = False
        if self._restore is not None:
            self._restore()
            self._restore = None
        self.console.show_cursor(True)

    def _watch_resizes(self) -> Callable[[], None] | None:
        """Count SIGWINCH signals (passing them on to any earlier handler); returns
        what puts the earlier handler back, or None where this cannot be done
        (no such signal, or not the main thread)."""
        import signal

        number = getattr(signal, "SIGWINCH", None)
        if number is None:
            return None
        earlier = signal.getsignal(number)

        def resized(signum: int, frame: FrameType | None) -> None:
            self._resizes += 1
            if callable(earlier):
                earlier(signum, frame)

        try:
            signal.signal(number, resized)
        except (ValueError, OSError):  # not the main thread
            return None

        def restore() -> None:
            signal.signal(number, earlier if earlier is not None else signal.SIG_DFL)

        return restore

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

    def on_phase(self, phase: ScheduledPhase) -> float:
        """Draw the first frame of a phase (and ring the bell); when to look again."""
        if self.bell is not None:
            self.bell.on_phase(phase)
        self._draw(phase, 0.0)
        return self.next_change(phase, 0.0)

    def on_tick(self, phase: ScheduledPhase, elapsed: float) -> float:
        """Redraw what changed since the last frame; when to look again."""
        if self.bell is not None:
            self.bell.on_tick(phase, elapsed)
        self._draw(phase, elapsed)
        return self.next_change(phase, elapsed)

    def next_change(self, phase: ScheduledPhase, elapsed: float) -> float:
        """Seconds into ``phase`` when something on screen next changes: the bar
        by a half cell, a number, or a ring of the bell (at most a second on)."""
        moments = [elapsed + 1.0]  # a resized window is noticed within a second
        whole = math.ceil(phase.seconds - elapsed - 1e-9)
        if whole > 1:
            moments.append(phase.seconds - (whole - 1))
        session_left = math.ceil(self.total_seconds - phase.start - elapsed - 1e-9)
        moments.append(self.total_seconds - phase.start - (session_left - 1))
        change = phase.fill_to - phase.fill_from
        if change:
            filled, per_side = bar_cells(phase.fill_at(elapsed), self._bar_width)
            target = (filled + math.copysign(0.5, change)) / per_side
            moments.append((target - phase.fill_from) / change * phase.seconds)
        if self.bell is not None and (due := self.bell.due(phase)) is not None:
            moments.append(due)
        return min(moment for moment in moments if moment > elapsed + 1e-9) + _NUDGE

    def _draw(self, phase: ScheduledPhase, elapsed: float) -> None:
        self._show(frame_at(phase, elapsed, self.cycles, self.total_seconds), None)

    def _show(self, frame: Frame, cue: str | None) -> None:
        if not self._running:
            return
        width, height = self._window()
        word = cue if cue is not None else self._text(f"breathe.cue.{frame.kind}")
        layout = self._layouts.get((width, height, word))
        if layout is None:
            layout = self._layouts[width, height, word] = choose_layout(width, height, word)
        self._bar_width = layout.bar_width
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
        resized = self._last_key is not None and self._last_key[-2:] != key[-2:]
        self._last_key = key
        if self._live is not None:
            frame_view = render_frame(self.t, self.title, frame, width, height, cue)
            self._live.update(frame_view, refresh=True)
            self.frames += 1
            return
        # Most frames only move the bar: the rest of the frame is kept from before.
        rest = (key[:2], key[3:])
        if rest != self._rest_key:
            self._rest_key = rest
            self._around = _around_bar(self._text, self.title, frame, width, layout, word)
        head, tail, place = self._around
        lines = [*head, _bar_line(frame, layout, place), *tail]
        # A view taller than the window would scroll away from under the cursor.
        del lines[max(height - 1, 1) :]
        screen = self._screen
        self._write(screen.redraw(lines) if resized else screen.update(lines))

    def _window(self) -> tuple[int, int]:
        """The terminal's size: asked anew after a resize signal, else remembered."""
        if self._restore is None:
            return self.console.size
        resizes = self._resizes
        if self._size is None or self._sized_at != resizes:
            self._size = self.console.size
            self._sized_at = resizes  # a signal during the asking makes the next frame ask
        return self._size

    def _text(self, key: str, /, **fields: object) -> str:
        """A message, translated once for each set of values (they repeat a lot)."""
        memo = (key, *fields.items())
        text = self._texts.get(memo)
        if text is None:
            text = self._texts[memo] = self.t(key, **fields)
        return text

    def _write(self, text: str, frame: bool = True) -> None:
        if text and self._out is not None:
            self._out.write(text)
            self._out.flush()
            self.frames += frame

    def _codes(self, style: str) -> tuple[str, str]:
        """The escape codes that switch ``style`` on and off on this console,
        as rich writes them (no colour under NO_COLOR, fewer colours where the
        terminal has fewer)."""
        codes = self._codes_of.get(style)
        if codes is None:
            from rich.text import Text

            with self.console.capture() as capture:
                self.console.print(Text("X", style=style), end="")
            on, _, off = capture.get().partition("X")
            codes = self._codes_of[style] = (on, off)
        return codes


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
