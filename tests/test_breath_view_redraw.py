"""The live breathing view redraws only what changed, and the screen still shows the right thing.

What is written is read back by a small terminal emulator (printable text,
line feed as a terminal with ONLCR takes it, carriage return, cursor up, down
and to a column, erase below and erase a line, colours): after every frame the
emulated screen must show exactly the frame as it is drawn whole, so writing
less never means showing something else.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import signal
import sys
from collections.abc import Callable

import pytest
from rich.console import Console

from fake_clock import FakeClock
from helpers import make_exercise
from stresscheck.adapters.pacer import run_session
from stresscheck.adapters.ui import bigtext
from stresscheck.adapters.ui.breath_view import (
    BellSignal,
    Line,
    LiveView,
    Redrawer,
    frame_at,
    frame_lines,
)
from stresscheck.core.breathing import ScheduledPhase, schedule, session_seconds
from stresscheck.i18n import Translator

EN = Translator("en")
BOX = make_exercise(("inhale", 4), ("hold", 4), ("exhale", 4), ("hold", 4))
RESONANCE = make_exercise(("inhale", 5.5), ("exhale", 5.5))
TICK = 0.2  # the animated view's frame interval, as the breathe command runs it


class TtyStringIO(io.StringIO):
    def isatty(self) -> bool:
        return True


class Screen:
    """Just enough of a terminal to read back what the live view writes."""

    SEQUENCE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|([\r\n\a])|([^\x1b\r\n\a]+)")

    def __init__(self, width: int = 80) -> None:
        self.width = width
        self.rows: list[list[tuple[str, str]]] = [[]]
        self.row = self.column = 0
        self.style = ""  # the colour codes in force, as written

    def feed(self, data: str) -> None:
        position = 0
        while position < len(data):
            match = self.SEQUENCE.match(data, position)
            assert match, f"unexpected output at {data[position : position + 20]!r}"
            position = match.end()
            params, final, control, text = match.groups()
            if text is not None:
                for char in text:
                    self._put(char)
            elif control == "\n":  # ONLCR: a line feed returns the carriage too
                self.row, self.column = self.row + 1, 0
            elif control == "\r":
                self.column = 0
            elif control is None:
                self._csi(params, final)

    def _line(self) -> list[tuple[str, str]]:
        while len(self.rows) <= self.row:
            self.rows.append([])
        return self.rows[self.row]

    def _put(self, char: str) -> None:
        line = self._line()
        while len(line) <= self.column:
            line.append((" ", ""))
        line[self.column] = (char, self.style)
        self.column += 1
        assert self.column <= self.width, "a line ran past the terminal's edge"

    def _csi(self, params: str, final: str) -> None:
        number = int(params) if params.isdigit() else 1
        if final == "m":
            self.style = "" if params in ("", "0") else self.style + f"\x1b[{params}m"
        elif final == "A":
            assert self.row - number >= 0, "moved above the top of the screen"
            self.row -= number
        elif final == "B":
            self.row += number
        elif final == "G":
            self.column = number - 1
        elif final == "J":  # erase from the cursor to the end of the screen
            del self._line()[self.column :]
            del self.rows[self.row + 1 :]
        elif final == "K":
            assert params == "2"
            self._line().clear()
        elif final in ("h", "l"):
            assert params == "?25"  # the cursor shown or hidden
        else:  # pragma: no cover - nothing else is ever written
            raise AssertionError(f"unexpected sequence {final!r}")

    def text(self) -> list[str]:
        return ["".join(char for char, _ in line).rstrip() for line in self.rows]

    def cells(self, top: int) -> list[list[tuple[str, str]]]:
        """The cells from row ``top`` down, trailing blanks left out."""
        shown = []
        for line in self.rows[top:]:
            cells = list(line)
            while cells and cells[-1] == (" ", ""):
                cells.pop()
            shown.append(cells)
        return shown


def expected_cells(
    lines: list[Line], codes: Callable[[str], tuple[str, str]]
) -> list[list[tuple[str, str]]]:
    shown = []
    for line in lines:
        cells = [(char, codes(style)[0] if style else "") for text, style in line for char in text]
        while cells and cells[-1] == (" ", ""):
            cells.pop()
        shown.append(cells)
    return shown


class Watched:
    """A live view on an emulated terminal that checks the screen after every frame."""

    def __init__(
        self,
        timetable: list[ScheduledPhase],
        width: int = 80,
        height: int = 24,
        no_color: bool = False,
    ) -> None:
        self.out = TtyStringIO()
        self.console = Console(
            file=self.out, width=width, height=height, force_terminal=True, no_color=no_color
        )
        self.view = LiveView(self.console, EN, "Box breathing", timetable)
        self.screen = Screen(width)
        self.timetable = timetable
        self.writes: list[str] = []
        self.seen = 0
        self.checked = 0

    def take(self) -> str:
        """What was written since last asked, fed to the screen."""
        text = self.out.getvalue()[self.seen :]
        self.seen += len(text)
        self.screen.feed(text)
        if text:
            self.writes.append(text)
        return text

    def check(self, phase: ScheduledPhase, elapsed: float) -> None:
        """The screen shows exactly the frame ``elapsed`` into ``phase``, drawn whole."""
        self.take()
        width, height = self.console.size
        frame = frame_at(phase, elapsed, self.view.cycles, self.view.total_seconds)
        lines = frame_lines(EN, "Box breathing", frame, width, height)[: height - 1]
        assert self.screen.cells(0) == expected_cells(lines, self.view._codes)
        self.checked += 1

    def on_phase(self, phase: ScheduledPhase) -> float:
        wanted = self.view.on_phase(phase)
        self.check(phase, 0.0)
        return wanted

    def on_tick(self, phase: ScheduledPhase, elapsed: float) -> float:
        wanted = self.view.on_tick(phase, elapsed)
        self.check(phase, elapsed)
        return wanted

    def run(self, clock: FakeClock | None = None) -> None:
        with self.view:
            run_session(self.timetable, clock or FakeClock(), self.on_phase, self.on_tick, TICK)
        self.take()


# --------------------------------------------------------------------------- the screen


@pytest.mark.parametrize(
    ("width", "height"), [(80, 24), (40, 24), (40, 10), (30, 8), (20, 5), (120, 40)]
)
def test_after_every_frame_the_screen_shows_the_whole_frame(width: int, height: int) -> None:
    watched = Watched(schedule(BOX, 2), width, height)
    watched.run()
    assert watched.checked > 32
    assert watched.screen.text() == [""], "the view is gone when it ends"


def test_the_screen_is_right_without_colour_too() -> None:
    watched = Watched(schedule(RESONANCE, 2), no_color=True)
    watched.run()
    output = "".join(watched.writes)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9;]*m", output.replace("\x1b[2m", ""))


# --------------------------------------------------------------------------- less


def test_a_frame_that_looks_the_same_writes_nothing() -> None:
    console = Console(file=TtyStringIO(), width=80, height=24, force_terminal=True)
    timetable = schedule(BOX, 1)
    hold = timetable[1]
    with LiveView(console, EN, "Box", timetable) as view:
        view.on_phase(hold)
        assert isinstance(console.file, io.StringIO)
        written, frames = len(console.file.getvalue()), view.frames
        view.on_tick(hold, 0.2)  # a hold: nothing moved
        view.on_tick(hold, 0.4)
        assert (len(console.file.getvalue()), view.frames) == (written, frames)
    screen = Redrawer(lambda style: ("", ""))
    lines: list[Line] = [(("a", ""),), (("b", "dim"),)]
    assert screen.update(lines)
    assert screen.update(list(lines)) == ""


def test_the_static_parts_are_written_once() -> None:
    watched = Watched(schedule(BOX, 2))
    watched.run()
    output = "".join(watched.writes)
    assert output.count("Box breathing") == 1  # the title, in the panel's top border
    assert output.count(EN("breathe.stop_hint")) == 1
    assert output.count("╰" + "─" * 70 + "╯") == 1
    # Each frame after the first writes a few cells, not the panel.
    assert max(len(write) for write in watched.writes[1:]) < 800
    assert sorted(len(write) for write in watched.writes)[len(watched.writes) // 2] < 120


def test_changed_text_is_written_whole() -> None:
    """A reader (or a screen reader) gets "cycle 2 of 2" and whole large letters,
    never a lone changed digit."""
    watched = Watched(schedule(RESONANCE, 2))
    watched.run()
    output = "".join(watched.writes)
    assert "cycle 2 of 2" in output
    assert re.search(r"0:1\d left", output)
    for word in ("Breathe in", "Breathe out"):
        for row in bigtext.render(word):
            assert row in output


def test_a_one_minute_session_writes_little() -> None:
    """Resonance breathing for a minute (6 cycles of 5.5 s in, 5.5 s out) after
    the lead-in: drawn whole, every frame took some 2.6 KB, 700 KB a minute."""
    out = TtyStringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True)
    timetable = schedule(RESONANCE, 6)
    clock = FakeClock()
    with LiveView(console, EN, "Resonance breathing", timetable) as view:
        view.lead_in(clock, 3)
        run_session(timetable, clock, view.on_phase, view.on_tick, TICK)
    written = len(out.getvalue().encode("utf-8"))
    assert written < 60_000
    assert 300 < view.frames < 5 * 70  # about five frames a second: the bar moves all the time
    assert written / view.frames < 150


# --------------------------------------------------------------------------- fewer frames


def ticks_per_phase(timetable: list[ScheduledPhase]) -> dict[int, list[float]]:
    console = Console(file=TtyStringIO(), width=80, height=24, force_terminal=True)
    ticks: dict[int, list[float]] = {phase.index: [] for phase in timetable}

    with LiveView(console, EN, "Box", timetable) as view:

        def on_tick(phase: ScheduledPhase, elapsed: float) -> float:
            ticks[phase.index].append(elapsed)
            return view.on_tick(phase, elapsed)

        run_session(timetable, FakeClock(), view.on_phase, on_tick, TICK)
    return ticks


def test_a_hold_wakes_only_when_its_count_changes() -> None:
    ticks = ticks_per_phase(schedule(BOX, 1))
    for hold in (1, 3):
        assert ticks[hold] == pytest.approx([1, 2, 3], abs=0.001)  # 4 s, 3 s ... left
    assert 15 <= len(ticks[0]) <= 19  # breathing in: the bar moves, five frames a second


def test_numbers_change_within_a_frame_of_the_second() -> None:
    """A 5.5 s phase counts down at 0.5 s, 1.5 s, ... into it: the frame that shows
    it comes then, or with the bar's next frame, never later."""
    ticks = ticks_per_phase(schedule(RESONANCE, 1))
    for phase in (0, 1):
        for moment in (0.5, 1.5, 2.5, 3.5, 4.5):
            assert any(0 <= elapsed - moment <= TICK for elapsed in ticks[phase]), moment


def test_ticks_stay_at_least_a_frame_apart() -> None:
    ticks = ticks_per_phase(schedule(RESONANCE, 2))
    for elapsed in ticks.values():
        moments = [0.0, *elapsed]
        assert min(b - a for a, b in itertools.pairwise(moments)) >= TICK - 1e-9


def test_the_second_ring_of_the_bell_still_comes() -> None:
    console = Console(file=TtyStringIO(), width=80, height=24, force_terminal=True)
    rings = io.StringIO()
    timetable = schedule(BOX, 1)
    with LiveView(console, EN, "Box", timetable, BellSignal(rings)) as view:
        run_session(timetable, FakeClock(), view.on_phase, view.on_tick, TICK)
    assert rings.getvalue() == "\a" * 3


def test_phases_still_begin_on_schedule() -> None:
    clock = FakeClock(start=5_000.123)
    console = Console(file=TtyStringIO(), width=80, height=24, force_terminal=True)
    timetable = schedule(RESONANCE, 30)
    starts: list[float] = []
    t0 = clock.monotonic()
    with LiveView(console, EN, "Resonance", timetable) as view:

        def on_phase(phase: ScheduledPhase) -> float:
            starts.append(clock.monotonic() - t0)
            return view.on_phase(phase)

        outcome = run_session(timetable, clock, on_phase, view.on_tick, TICK)
    assert starts == pytest.approx([p.start for p in timetable], abs=1e-6)
    assert outcome.actual_seconds == pytest.approx(session_seconds(timetable), abs=1e-6)


# --------------------------------------------------------------------------- terminals


@pytest.mark.skipif(not hasattr(signal, "SIGWINCH"), reason="no resize signal here")
def test_a_resized_window_is_drawn_afresh() -> None:
    watched = Watched(schedule(RESONANCE, 1), 80, 24)
    before = signal.getsignal(signal.SIGWINCH)
    console = watched.console
    phase = watched.timetable[0]
    with watched.view as view:
        view.on_phase(phase)
        watched.check(phase, 0.0)
        console.width, console.height = 40, 12
        view.on_tick(phase, 0.4)  # no signal yet: the size is not asked again
        watched.take()
        assert len(watched.screen.text()[0]) > 40
        watched.screen.width = 40
        os.kill(os.getpid(), signal.SIGWINCH)
        view.on_tick(phase, 0.6)
        watched.check(phase, 0.6)
        assert bigtext.render("Breathe in")[0] not in "\n".join(watched.screen.text())
    assert signal.getsignal(signal.SIGWINCH) == before, "the earlier handler is back"


@pytest.mark.parametrize("terminal", [False, True], ids=["a file", "TERM=dumb"])
def test_without_a_terminal_that_moves_its_cursor_the_view_stays_silent(terminal: bool) -> None:
    out = TtyStringIO() if terminal else io.StringIO()
    console = Console(
        file=out, width=80, height=24, force_terminal=terminal, _environ={"TERM": "dumb"}
    )
    timetable = schedule(BOX, 1)
    with LiveView(console, EN, "Box", timetable) as view:
        run_session(timetable, FakeClock(), view.on_phase, view.on_tick, TICK)
    assert "\x1b[" not in out.getvalue().replace("\x1b[?25l", "").replace("\x1b[?25h", "")
    assert "Box" not in out.getvalue()
    assert view.frames == 0


def test_an_old_windows_console_gets_whole_frames_from_rich() -> None:
    out = TtyStringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True, legacy_windows=True)
    timetable = schedule(BOX, 1)
    if sys.platform == "win32":  # pragma: no cover - rich would talk to a real console
        pytest.skip("needs a real old Windows console")
    with LiveView(console, EN, "Box breathing", timetable) as view:
        run_session(timetable, FakeClock(), view.on_phase, view.on_tick, TICK)
    text = out.getvalue()
    assert 16 < view.frames < 80
    assert text.count("Box breathing") >= view.frames  # each frame drawn whole
    assert "cycle 1 of 1" in text
