"""What a breathing session looks like: plain lines, the live view, bell and rating."""

from __future__ import annotations

import io
import os
import re

import pytest
from rich.console import Console

from fake_clock import FakeClock
from helpers import make_exercise
from stresscheck.adapters.pacer import SessionOutcome, run_session
from stresscheck.adapters.ui import bigtext
from stresscheck.adapters.ui.breath_view import (
    BELL,
    BellSignal,
    LiveView,
    PlainView,
    ask_tension,
    bar_cells,
    choose_layout,
    clock_text,
    cycles_text,
    duration_text,
    frame_at,
    intro_line,
    phase_line,
    quiet_terminal,
    render_frame,
    summary_lines,
)
from stresscheck.core.breathing import (
    ScheduledPhase,
    parse_pattern,
    schedule,
    session_seconds,
)
from stresscheck.i18n import Translator

ANSI = re.compile(r"\x1b|\x9b")
EN, NL = Translator("en"), Translator("nl")


make = make_exercise


BOX = make(("inhale", 4), ("hold", 4), ("exhale", 4), ("hold", 4))
RESONANCE = make(("inhale", 5.5), ("exhale", 5.5))


class TtyStringIO(io.StringIO):
    def isatty(self) -> bool:
        return True


# --------------------------------------------------------------------------- plain


def test_plain_lines_in_english() -> None:
    out = io.StringIO()
    view = PlainView(out, EN)
    run_session(schedule(parse_pattern("4-7-8-2"), 2), FakeClock(), view.on_phase)
    assert out.getvalue() == (
        "Inhale 4 s\nHold 7 s\nExhale 8 s\nRest 2 s\nInhale 4 s\nHold 7 s\nExhale 8 s\nRest 2 s\n"
    )


def test_plain_lines_in_dutch_with_half_seconds() -> None:
    out = io.StringIO()
    view = PlainView(out, NL)
    run_session(schedule(RESONANCE, 1), FakeClock(), view.on_phase)
    assert out.getvalue() == "Inademen 5,5 s\nUitademen 5,5 s\n"
    assert phase_line(EN, schedule(RESONANCE, 1)[0]) == "Inhale 5.5 s"
    assert phase_line(NL, schedule(parse_pattern("4-7-8-2"), 1)[3]) == "Rust 2 s"
    assert phase_line(NL, schedule(BOX, 1)[1]) == "Vasthouden 4 s"


def test_each_plain_line_is_flushed_as_its_phase_begins() -> None:
    clock = FakeClock(start=0)
    log: list[tuple[float, str]] = []

    class Spy(io.StringIO):
        def flush(self) -> None:
            log.append((clock.monotonic(), self.getvalue()))

    out = Spy()
    run_session(schedule(BOX, 1), clock, PlainView(out, EN).on_phase)
    assert [when for when, _ in log] == [0, 4, 8, 12]
    assert log[1][1] == "Inhale 4 s\nHold 4 s\n"


def test_plain_mode_writes_no_ansi_even_with_the_bell() -> None:
    out = TtyStringIO()
    view = PlainView(out, EN, BellSignal(out))
    view.line(intro_line(EN, "Box breathing", schedule(BOX, 2)))
    run_session(schedule(BOX, 2), FakeClock(), view.on_phase, view.on_tick)
    outcome = SessionOutcome(2, 32.0, True)
    for line in summary_lines(EN, outcome, 2, before=6, after=3):
        view.line(line)
    text = out.getvalue()
    assert not ANSI.search(text)
    assert text.replace(BELL, "").splitlines() == [
        "Box breathing: 2 cycles, 32 s",
        "Inhale 4 s",
        "Hold 4 s",
        "Exhale 4 s",
        "Hold 4 s",
        "Inhale 4 s",
        "Hold 4 s",
        "Exhale 4 s",
        "Hold 4 s",
        "Done: 2 cycles in 32 s. Well done.",
        "Tension before: 6, after: 3.",
    ]


def test_plain_view_needs_no_ticks_without_a_bell() -> None:
    assert PlainView(io.StringIO(), EN).on_tick is None


# --------------------------------------------------------------------------- bell


def test_bell_rings_once_for_in_twice_for_out_and_not_for_holds() -> None:
    clock = FakeClock(start=0)
    rings: list[tuple[float, int]] = []

    class Ear(io.StringIO):
        def write(self, text: str) -> int:
            assert text == BELL
            rings.append((clock.monotonic(), 1))
            return 1

    bell = BellSignal(Ear())
    run_session(schedule(BOX, 2), clock, bell.on_phase, bell.on_tick, tick_interval=0.2)
    assert [when for when, _ in rings] == pytest.approx([0, 8, 8.2, 16, 24, 24.2])


def test_bell_without_a_terminal_is_silent() -> None:
    bell = BellSignal(None)
    phase = schedule(BOX, 1)[0]
    bell.on_phase(phase)  # no error, nothing to write to


# --------------------------------------------------------------------------- text


def test_texts() -> None:
    assert clock_text(0) == "0:00"
    assert clock_text(61.2) == "1:02"  # rounded up: never says 0:00 while time is left
    assert clock_text(600) == "10:00"
    assert duration_text(EN, 308) == "5 min 8 s"
    assert duration_text(EN, 120) == "2 min"
    assert duration_text(NL, 40.4) == "40 s"
    assert cycles_text(EN, 1) == "1 cycle"
    assert cycles_text(NL, 12) == "12 rondes"
    assert intro_line(NL, "Box", schedule(BOX, 2)) == "Box: 2 rondes, 32 s"


def test_summary_of_a_stopped_session() -> None:
    outcome = SessionOutcome(cycles_completed=3, actual_seconds=61, completed=False)
    assert summary_lines(EN, outcome, 12, before=7) == [
        "Stopped after 3 of 12 cycles (1 min 1 s). That is fine: every calm breath counts."
    ]
    assert summary_lines(NL, outcome, 12)[0].startswith("Gestopt na 3 van de 12 rondes")


# --------------------------------------------------------------------------- live view


def test_bar_grows_while_breathing_in_and_shrinks_while_breathing_out() -> None:
    timetable = schedule(BOX, 1)
    total = session_seconds(timetable)
    inhale, hold, exhale, rest = timetable
    filled = [
        bar_cells(frame_at(p, e, 1, total).fill, 40)[0]
        for p, e in [(inhale, 0), (inhale, 2), (inhale, 3.9), (hold, 2), (exhale, 1), (exhale, 3.9)]
    ]
    assert filled[0] == 0
    assert filled[0] < filled[1] < filled[2]
    assert filled[3] == 40  # held full
    assert filled[3] > filled[4] > filled[5]
    assert bar_cells(frame_at(rest, 2, 1, total).fill, 40)[0] == 0


def test_frame_counts_down() -> None:
    timetable = schedule(RESONANCE, 3)
    frame = frame_at(timetable[1], 0.2, 3, session_seconds(timetable))
    assert frame.seconds_left == 6  # 5.3 s left, shown rounded up
    assert frame.cycle == 1 and frame.cycles == 3
    assert frame.time_left == pytest.approx(33 - 5.5 - 0.2)


def render_text(width: int, height: int, lang: Translator = EN, elapsed: float = 2.0) -> str:
    console = Console(
        file=io.StringIO(), width=width, height=height, force_terminal=True, color_system=None
    )
    timetable = schedule(BOX, 4)
    frame = frame_at(timetable[0], elapsed, 4, session_seconds(timetable))
    console.print(render_frame(lang, "Box breathing", frame, width, height))
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def test_live_frame_at_80_columns() -> None:
    text = render_text(80, 24)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert len(lines) <= 23
    assert "Box breathing" in text
    assert bigtext.render("Breathe in")[0] in text  # the large word
    assert "cycle 1 of 4" in text
    assert "1:02 left" in text  # 64 s session, 2 s in
    assert "2 s" in text
    assert "Ctrl-C" in text


def test_live_frame_in_dutch() -> None:
    text = render_text(80, 24, NL)
    assert bigtext.render("Adem in")[0] in text
    assert "ronde 1 van 4" in text
    assert "nog 1:02" in text


@pytest.mark.parametrize(("width", "height"), [(40, 24), (40, 10), (30, 8), (20, 5), (80, 6)])
def test_live_frame_degrades_in_small_windows(width: int, height: int) -> None:
    text = render_text(width, height)
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert len(lines) <= max(height - 1, 4)
    assert "Breathe in" in text
    assert "2 s" in text


def test_layout_choices() -> None:
    assert choose_layout(80, 24, "Breathe out").big_word
    assert not choose_layout(40, 24, "Breathe out").big_word  # too narrow for large letters
    assert not choose_layout(80, 24, "Inspirer à fond").big_word  # no glyph for à
    assert choose_layout(80, 12, "Breathe out").panel
    assert not choose_layout(25, 24, "Breathe out").panel


def test_no_color_keeps_colour_out() -> None:
    console = Console(
        file=io.StringIO(), width=80, height=24, force_terminal=True, _environ={"NO_COLOR": "1"}
    )
    timetable = schedule(BOX, 1)
    console.print(render_frame(EN, "Box", frame_at(timetable[0], 1, 1, 16), 80, 24))
    assert isinstance(console.file, io.StringIO)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9;]*m", console.file.getvalue().replace("\x1b[2m", ""))


def live_console(width: int = 80, height: int = 24) -> tuple[Console, TtyStringIO]:
    out = TtyStringIO()
    console = Console(file=out, width=width, height=height, force_terminal=True)
    return console, out


def test_live_session_redraws_only_when_something_changes() -> None:
    console, out = live_console()
    timetable = schedule(BOX, 2)  # 32 s
    with LiveView(console, EN, "Box breathing", timetable) as view:
        run_session(timetable, FakeClock(), view.on_phase, view.on_tick, tick_interval=0.2)
    # 32 s at 5 ticks a second is 160 ticks; holds change only once a second.
    assert 32 < view.frames < 160
    text = out.getvalue()
    assert "\x1b[?25l" in text  # cursor hidden while running ...
    assert text.rstrip().endswith("\x1b[?25h") or "\x1b[?25h" in text[-200:]  # ... and back


def test_live_view_gives_the_cursor_back_on_ctrl_c() -> None:
    console, out = live_console()
    timetable = schedule(BOX, 2)

    def on_sleep(now: float) -> None:
        if now > 1010:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), LiveView(console, EN, "Box", timetable) as view:
        run_session(timetable, FakeClock(on_sleep=on_sleep), view.on_phase, view.on_tick)
    assert out.getvalue().count("\x1b[?25h") >= 1
    assert out.getvalue().rindex("\x1b[?25h") > out.getvalue().rindex("\x1b[?25l")


def test_live_view_rings_the_bell() -> None:
    console, out = live_console()
    timetable = schedule(BOX, 1)
    with LiveView(console, EN, "Box", timetable, BellSignal(out)) as view:
        run_session(timetable, FakeClock(), view.on_phase, view.on_tick, tick_interval=0.2)
    assert out.getvalue().count(BELL) == 3


# --------------------------------------------------------------------------- rating


def answers(*lines: str) -> tuple[list[str], io.StringIO]:
    queue = list(lines)
    return queue, io.StringIO()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (["7\n"], 7),
        (["0\n"], 0),
        (["10\n"], 10),
        ([" 4 \n"], 4),
        (["\n"], None),  # Enter skips
        ([""], None),  # end of input skips
        (["11\n", "x\n", "3\n"], 3),
        (["-1\n", "5.5\n", "eleven\n"], None),  # gently gives up after three tries
    ],
)
def test_ask_tension(typed: list[str], expected: int | None) -> None:
    queue, out = answers(*typed)
    assert ask_tension(EN, "before", lambda: queue.pop(0), out) == expected
    assert "0 (not at all) to 10" in out.getvalue()


def test_ask_tension_in_dutch_after() -> None:
    queue, out = answers("\n")
    ask_tension(NL, "after", lambda: queue.pop(0), out)
    assert out.getvalue().startswith("En hoe gespannen")


def test_ctrl_c_at_the_rating_propagates() -> None:
    def read() -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ask_tension(EN, "before", read, io.StringIO())


# --------------------------------------------------------------------------- terminal


def test_quiet_terminal_without_a_terminal_does_nothing() -> None:
    with quiet_terminal(io.StringIO()):
        pass


def test_quiet_terminal_turns_echo_off_and_back_on() -> None:
    termios = pytest.importorskip("termios")
    import pty

    leader, follower = pty.openpty()
    try:
        stream = os.fdopen(follower, "r", closefd=False)
        before = termios.tcgetattr(follower)
        assert before[3] & termios.ECHO
        with quiet_terminal(stream):
            assert not termios.tcgetattr(follower)[3] & termios.ECHO
            assert termios.tcgetattr(follower)[3] & termios.ISIG  # Ctrl-C still works
        assert termios.tcgetattr(follower) == before
    finally:
        os.close(leader)
        os.close(follower)


def test_scheduled_phase_is_what_views_draw() -> None:
    phase = ScheduledPhase(0, 0, "inhale", 4, 0, fill_from=0, fill_to=1)
    assert phase.end == 4
    assert phase.fill_at(1) == 0.25


def test_lead_in_counts_down_before_the_first_breath() -> None:
    console, out = live_console()
    clock = FakeClock(start=0)
    timetable = schedule(BOX, 1)
    with LiveView(console, EN, "Box", timetable) as view:
        view.lead_in(clock, 3)
        assert clock.monotonic() == 3
        assert view.frames == 3  # one frame per number: 3, 2, 1
    assert bigtext.render("Get ready")[0] in out.getvalue()
    assert clock.sleeps == [1, 1, 1]
