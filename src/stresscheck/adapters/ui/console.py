"""The console every view prints to, and the few calm colours they share.

Kept apart from ``render`` (the quiz result's panels and tables) so that a view
which only prints lines, such as ``history``, does not load those; and rich is
imported only to make a console, so that such a view, printing through
``make_lines``, does not load rich at all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from stresscheck.adapters.ui.lines import Printer

# The advice's colour, wherever an advice is shown: calm, never a red wall.
ACCENT = {"urgent": "magenta", "gp": "yellow", "physiotherapy": "cyan", "breathe": "green"}
LEVEL_STYLE = {"low": "green", "moderate": "yellow", "high": "magenta"}


def level_style(level: str | None, levels: tuple[str, ...] = ()) -> str:
    """A level's colour: the default levels' own, else by band order (first calm,
    last the strongest), so a practice's own levels (rustig, matig, veel) are
    coloured too instead of grey."""
    if level is None:
        return ""
    if level in LEVEL_STYLE:
        return LEVEL_STYLE[level]
    if level not in levels or len(levels) < 2:
        return ""
    position = levels.index(level)
    if position == 0:
        return LEVEL_STYLE["low"]
    return LEVEL_STYLE["high"] if position == len(levels) - 1 else LEVEL_STYLE["moderate"]


def _no_color(plain: bool) -> bool:
    return plain or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"


def make_console(*, stderr: bool = False, plain: bool = False) -> Console:
    """A console that respects NO_COLOR and TERM=dumb, and never wraps mid-word badly."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=_no_color(plain),
        highlight=False,
        emoji=False,
        # Plain output is for screen readers and logs: one line per paragraph,
        # never broken mid-sentence at the terminal's width.
        soft_wrap=plain,
        force_terminal=False if plain else None,
    )


def make_lines(
    *, plain: bool = False, on_broken_pipe: Callable[[], object] | None = None
) -> Printer:
    """What ``make_console`` makes, for a view that only prints lines of styled
    text (``lines.StyledText``): it prints the same, without loading rich.

    ``on_broken_pipe`` is called when the reader of standard output goes away.
    """
    if sys.platform == "win32":  # rich has its own ways with Windows consoles
        console = make_console(plain=plain)
        if on_broken_pipe is not None:
            console.on_broken_pipe = on_broken_pipe  # type: ignore[method-assign,assignment]
        return console
    from stresscheck.adapters.ui.lines import LineWriter

    return LineWriter(
        no_color=_no_color(plain),
        soft_wrap=plain,  # as make_console: one line per paragraph
        force_terminal=False if plain else None,
        on_broken_pipe=on_broken_pipe,
    )


def ascii_safe() -> bool:
    """Whether stdout can show block characters (not under LANG=C and friends)."""
    from stresscheck.adapters.ui.terminal import is_unicode

    return is_unicode(sys.stdout)
