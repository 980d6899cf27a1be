"""Lines of styled text, printed exactly as rich prints them, without importing rich.

The history view only prints lines: headings, sentences, and tables that fit
the window (``columns.lay_out``). Importing rich's Text and Console for that
took about a tenth of ``stresscheck history``'s running time, so the view prints
a ``StyledText`` through a ``LineWriter``, which does what rich's Console does
with such a text, byte for byte (``tests/test_lines.py`` compares the two):
the same width, terminal and colour decisions, word wrapping at the window's
width (none in soft-wrap mode), the same control codes left out and the same
escape sequences. It knows nothing else of rich (no markup, no other
renderables): the other views keep rich.

Cell widths are rich's: characters known to be one cell wide are counted here,
and a text holding any other character (Chinese, emoji, joiners) is measured
and cut by ``rich.cells``, imported only then.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, pairwise
from types import ModuleType
from typing import IO, TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from rich.text import Text

# rich leaves these control codes out of every text: bell, backspace, vertical
# tab, form feed and carriage return (rich/control.py).
_LEFT_OUT = dict.fromkeys((7, 8, 11, 12, 13))


def strip_control_codes(text: str) -> str:
    """``text`` without the control codes rich leaves out of a text."""
    return text.translate(_LEFT_OUT)


class Span(NamedTuple):
    """A style over ``text[start:end]``."""

    start: int
    end: int
    style: str


class StyledText:
    """A text with a style for the whole of it and styled spans, as rich's Text.

    Only what the history view needs: ``plain``, ``style``, ``spans``,
    ``append``, ``split`` and ``cell_len``. Control codes rich leaves out are
    left out here too, so both measure and print the same characters.
    """

    __slots__ = ("_plain", "spans", "style")

    def __init__(self, text: str = "", style: str = "", *, spans: list[Span] | None = None):
        self._plain = strip_control_codes(text)
        self.style = style
        self.spans: list[Span] = spans or []

    @property
    def plain(self) -> str:
        """The text without its styles."""
        return self._plain

    @property
    def cell_len(self) -> int:
        """How many terminal cells the text takes."""
        return cell_len(self._plain)

    def __len__(self) -> int:
        return len(self._plain)

    def __str__(self) -> str:
        return self._plain

    def __repr__(self) -> str:
        return f"<styled {self._plain!r} {self.spans!r} {self.style!r}>"

    def append(self, text: str, style: str | None = None) -> StyledText:
        """Add ``text`` at the end, in ``style`` (on top of the whole text's style)."""
        added = strip_control_codes(text)
        if added:
            offset = len(self._plain)
            if style:
                self.spans.append(Span(offset, offset + len(added), style))
            self._plain += added
        return self

    def split(self, separator: str = "\n") -> list[StyledText]:
        """The text's lines (a separator at the very end makes no empty line),
        each with the whole text's style and its share of the spans."""
        plain = self._plain
        if separator not in plain:
            return [StyledText(plain, self.style, spans=list(self.spans))]
        ranges = _ranges_between(plain, separator)
        if plain.endswith(separator):
            ranges.pop()
        return [
            StyledText(piece, self.style, spans=spans)
            for piece, spans in _cut(plain, self.spans, ranges)
        ]

    def __rich__(self) -> Text:
        """The same text as rich's Text, for a rich Console (tests print to one)."""
        from rich.text import Span as RichSpan
        from rich.text import Text

        spans = [RichSpan(*span) for span in self.spans]
        return Text(self._plain, style=self.style, spans=spans)


class Printer(Protocol):
    """What a view that only prints lines prints to: a LineWriter, or a rich Console."""

    @property
    def width(self) -> int:
        """The width in cells that lines are wrapped at."""

    def print(self, item: StyledText = ..., /, *, soft_wrap: bool | None = None) -> None:
        """Print ``item`` and a newline (no item: an empty line)."""


# --- cell widths ---------------------------------------------------------------------------

# One cell wide in every Unicode version rich knows: rich's own list (rich/cells.py:
# Latin, Greek, Cyrillic, box drawing, blocks, Braille) and the punctuation the
# messages use (test_lines checks those).
_ONE_CELL_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),
    (0x2500, 0x25FC),
    (0x2800, 0x28FF),
)
ONE_CELL_PUNCTUATION = "‐‑‒–—―‘’‚‛“”„‟†‡•‣…‧‰′″‹›⁄€™←↑→↓↔−∞≈≠≤≥✓"
_ONE_CELL = frozenset(
    chain(
        chain.from_iterable(map(chr, range(low, high + 1)) for low, high in _ONE_CELL_RANGES),
        ONE_CELL_PUNCTUATION,
    )
)
_is_simple: Callable[[str], bool] = _ONE_CELL.issuperset


def _rich_cells() -> ModuleType:
    from rich import cells

    return cells


def cell_len(text: str) -> int:
    """How many terminal cells ``text`` takes, as rich counts them."""
    if _is_simple(text):
        return len(text)
    return int(_rich_cells().cell_len(text))


def chop_cells(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` cells, as rich cuts a long word."""
    if _is_simple(text):
        return [text[index : index + width] for index in range(0, len(text), width)]
    return list(_rich_cells().chop_cells(text, width))


def set_cell_size(text: str, total: int) -> str:
    """``text`` cut off or filled with spaces to ``total`` cells, as rich does it."""
    if _is_simple(text):
        return text[:total] if len(text) >= total else text + " " * (total - len(text))
    return str(_rich_cells().set_cell_size(text, total))


_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def divide_line(text: str, width: int) -> list[int]:
    """Where rich breaks ``text`` to fit ``width`` cells (rich/_wrap.py): between
    words, and a word too long for any line folded across lines."""
    breaks: list[int] = []
    offset = 0  # cells taken on the line so far
    position = 0
    while (word_match := _WORD.match(text, position)) is not None:
        start, position = word_match.span()
        word = word_match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            folded = chop_cells(word, width)
            for index, line in enumerate(folded):
                if start:
                    breaks.append(start)
                if index == len(folded) - 1:
                    offset = cell_len(line)
                else:
                    start += len(line)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


# --- lines of a text, as rich divides them ---------------------------------------------

Piece = tuple[str, list[Span]]


def _ranges_between(plain: str, separator: str) -> list[tuple[int, int]]:
    ranges = []
    start = 0
    while (found := plain.find(separator, start)) != -1:
        ranges.append((start, found))
        start = found + len(separator)
    ranges.append((start, len(plain)))
    return ranges


def _cut(plain: str, spans: Sequence[Span], ranges: list[tuple[int, int]]) -> list[Piece]:
    """``plain[start:end]`` for each range (in order, not overlapping), each with the
    spans' parts that fall in it, in the spans' order (rich's ``Text.divide``)."""
    pieces: list[Piece] = [(plain[start:end], []) for start, end in ranges]
    ends = [end for _, end in ranges]
    for span_start, span_end, style in spans:
        index = bisect_right(ends, span_start)  # the first range that can hold part of it
        while index < len(ranges) and ranges[index][0] < span_end:
            start, end = ranges[index]
            new_start, new_end = max(0, span_start - start), min(span_end, end) - start
            if new_end > new_start:
                pieces[index][1].append(Span(new_start, new_end, style))
            index += 1
    return pieces


def _divide(piece: Piece, offsets: list[int]) -> list[Piece]:
    plain, spans = piece
    if not offsets:
        return [piece]
    bounds = [0, *offsets, len(plain)]
    return _cut(plain, spans, list(pairwise(bounds)))


def _expand_tabs(piece: Piece, tab_size: int = 8) -> Piece:
    """Tabs as spaces to the next tab stop, styled as the character before them."""
    plain, spans = piece
    ranges = [(start, end + 1) for start, end in _ranges_between(plain, "\t")]
    ranges[-1] = (ranges[-1][0], len(plain))
    if plain.endswith("\t"):
        ranges.pop()
    texts: list[str] = []
    all_spans: list[Span] = []
    position = 0  # in cells, for the tab stops
    offset = 0  # in characters, in the expanded text
    for part, part_spans in _cut(plain, spans, ranges):
        if part.endswith("\t"):
            part = part[:-1] + " "
            position += cell_len(part)
            spaces = (tab_size - position % tab_size) % tab_size
            if spaces:
                end = len(part)
                part_spans = [
                    Span(s.start, s.end + spaces, s.style) if s.end >= end else s
                    for s in part_spans
                ]
                part += " " * spaces
                position += spaces
        else:
            position += cell_len(part)
        texts.append(part)
        all_spans.extend(Span(offset + s.start, offset + s.end, s.style) for s in part_spans)
        offset += len(part)
    return "".join(texts), all_spans


def _right_crop(piece: Piece, amount: int) -> Piece:
    plain, spans = piece
    most = len(plain) - amount
    kept = [s if s.end < most else Span(s.start, min(most, s.end), s.style) for s in spans]
    return plain[:-amount], [s for s in kept if s.start < most]


def _fit(piece: Piece, width: int) -> Piece:
    """A wrapped line as rich finishes it: spaces beyond ``width`` dropped, then
    cut off at ``width`` cells (only a line of wide characters in a narrow window
    can be wider)."""
    plain, spans = piece
    if len(plain) > width and (spaces := _TRAILING_SPACE.search(plain)) is not None:
        plain, spans = _right_crop(piece, min(len(spaces.group(0)), len(plain) - width))
    if cell_len(plain) > width:
        cut = strip_control_codes(set_cell_size(plain, width))
        if len(cut) < len(plain):
            spans = [
                s if s.end < len(cut) else Span(s.start, min(len(cut), s.end), s.style)
                for s in spans
                if s.start < len(cut)
            ]
        plain = cut
    return plain, spans


def lines_of(text: StyledText, width: int, *, soft_wrap: bool) -> list[Piece]:
    """The lines rich prints for ``text`` in ``width`` cells: its own lines, tabs
    expanded, and (unless ``soft_wrap``) wrapped between words to fit."""
    spans = [Span(0, len(text.plain), text.style), *text.spans] if text.style else text.spans
    plain = text.plain
    lines: list[Piece] = []
    for line in _cut(plain, spans, _ranges_between(plain, "\n")):
        if "\t" in line[0]:
            line = _expand_tabs(line)
        if soft_wrap:
            lines.append(line)
            continue
        lines.extend(_fit(part, width) for part in _divide(line, divide_line(line[0], width)))
    return lines


# --- styles ---------------------------------------------------------------------------------

# The SGR codes of the attributes and colours the views use, in rich's order.
_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "reverse": "7"}
_ATTRIBUTE_ORDER = list(_ATTRIBUTES)
_COLOUR_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_COLOURS = {
    **{name: str(30 + number) for number, name in enumerate(_COLOUR_NAMES)},
    **{f"bright_{name}": str(90 + number) for number, name in enumerate(_COLOUR_NAMES)},
}


class Style(NamedTuple):
    """A parsed style: its attributes (a set of names) and its colour's code."""

    attributes: frozenset[str]
    colour: str | None

    @classmethod
    def parse(cls, definition: str) -> Style:
        """``"bold"``, ``"dim yellow"``: attributes and at most one colour by name."""
        attributes = []
        colour = None
        for word in definition.split():
            if word in _ATTRIBUTES:
                attributes.append(word)
            elif word in _COLOURS:
                colour = _COLOURS[word]
            else:
                raise ValueError(f"not a style the line writer knows: {word!r} in {definition!r}")
        return cls(frozenset(attributes), colour)

    def sgr(self, *, colour: bool) -> str:
        """The style's escape sequence parameters (``1;33``), colour left out if not ``colour``."""
        codes = [_ATTRIBUTES[name] for name in _ATTRIBUTE_ORDER if name in self.attributes]
        if colour and self.colour is not None:
            codes.append(self.colour)
        return ";".join(codes)


Run = tuple[str, tuple[str, ...]]  # a run of text and the styles on it, in order


def _segments(piece: Piece) -> list[Run]:
    """The line in runs of one style, each its spans' styles in order. As rich's
    ``Text.render``, every span's start and end begins a new run, even where the
    style stays the same: rich writes the escape sequences again there."""
    plain, spans = piece
    if not spans:
        return [(plain, ())]
    edges = sorted({0, len(plain), *(s.start for s in spans), *(s.end for s in spans)})
    return [
        (plain[start:end], tuple(s.style for s in spans if s.start <= start < s.end))
        for start, end in pairwise(edges)
        if end > start
    ]


def _crop(segments: list[Run], width: int) -> list[Run]:
    """A line's runs cut off at ``width`` cells, as rich crops what it prints."""
    if sum(cell_len(text) for text, _ in segments) <= width:
        return segments
    kept = []
    used = 0
    for text, styles in segments:
        length = cell_len(text)
        if used + length < width:
            kept.append((text, styles))
            used += length
        else:
            kept.append((set_cell_size(text, width - used), styles))
            break
    return kept


# --- the writer -----------------------------------------------------------------------------

_ENCODING_HINT = "\n*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"


def _std_streams() -> Iterable[int]:
    for stream, number in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):
        try:
            yield stream.fileno()  # type: ignore[union-attr]
        except Exception:  # as rich: a missing or odd stream has its usual number
            yield number


class LineWriter:
    """Prints styled texts as rich's Console prints them, given the same settings.

    ``file`` (default: standard output, or standard error with ``stderr``; looked
    up at each print, as rich does), ``width`` (default: as rich decides),
    ``no_color`` (None: the NO_COLOR variable decides), ``soft_wrap`` (no
    wrapping, no cropping), ``force_terminal`` and ``color_system`` (``"auto"``:
    colour on a terminal that is not dumb; None: no escape sequences) are rich
    Console's. On a broken pipe ``on_broken_pipe`` is called (default: rich's,
    standard output to /dev/null and exit 1). Not for Windows consoles, which
    rich renders its own way: ``console.make_lines`` keeps rich there.
    """

    def __init__(
        self,
        *,
        file: IO[str] | None = None,
        stderr: bool = False,
        width: int | None = None,
        no_color: bool | None = None,
        soft_wrap: bool = False,
        force_terminal: bool | None = None,
        color_system: str | None = "auto",
        on_broken_pipe: Callable[[], object] | None = None,
    ) -> None:
        environ = os.environ
        self._file = file
        self.stderr = stderr
        self.soft_wrap = soft_wrap
        self._force_terminal = force_terminal
        if width is None:
            columns = environ.get("COLUMNS")
            if columns is not None and columns.isdigit():
                width = int(columns)
        self._width = width
        lines = environ.get("LINES")
        # rich takes a width given (or COLUMNS) as it is only when the height is known too
        self._height_known = lines is not None and lines.isdigit()
        self.no_color = no_color if no_color is not None else environ.get("NO_COLOR", "") != ""
        # Decided once, as rich decides its colour system when a console is made.
        if color_system == "auto":
            self._escapes = self.is_terminal and not self.is_dumb_terminal
        else:
            self._escapes = color_system is not None
        self._on_broken_pipe = on_broken_pipe or self._quit_quietly
        self._sgr: dict[tuple[str, ...], str] = {}

    @property
    def file(self) -> IO[str] | None:
        """Where the lines go (None: nowhere, as when Python has no standard output)."""
        file = self._file or (sys.stderr if self.stderr else sys.stdout)
        return getattr(file, "rich_proxied_file", file)

    @property
    def is_terminal(self) -> bool:
        """Whether the file is a terminal, as rich decides it (TTY_COMPATIBLE, FORCE_COLOR)."""
        if self._force_terminal is not None:
            return self._force_terminal
        if str(getattr(sys.stdin, "__module__", "")).startswith("idlelib"):
            return False  # IDLE's shell claims to be a terminal but shows no escapes
        tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
        if tty_compatible in ("0", "1"):
            return tty_compatible == "1"
        force_color = os.environ.get("FORCE_COLOR")
        if force_color is not None:
            return force_color != ""
        isatty = getattr(self.file, "isatty", None)
        try:
            return False if isatty is None else bool(isatty())
        except ValueError:  # a closed file
            return False

    @property
    def is_dumb_terminal(self) -> bool:
        """A terminal that shows no escapes (TERM dumb or unknown)."""
        dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        return self.is_terminal and dumb

    @property
    def width(self) -> int:
        """The width in cells, as rich's Console decides it: the width given (or
        COLUMNS when the console was made), else the terminal's, else 80."""
        if self._width is not None and self._height_known:
            return self._width
        if self.is_dumb_terminal:
            return 80
        width: int | None = None
        for descriptor in _std_streams():
            try:
                width = os.get_terminal_size(descriptor).columns
            except (AttributeError, ValueError, OSError):  # not a terminal
                pass
            else:
                break
        columns = os.environ.get("COLUMNS")
        if columns is not None and columns.isdigit():
            width = int(columns)
        return (width or 80) if self._width is None else self._width

    def print(self, item: StyledText | str = "", *, soft_wrap: bool | None = None) -> None:
        """Print ``item`` and a newline, wrapped to the width unless soft-wrapped.

        A plain ``str`` is printed as it is (rich would read markup in it).
        """
        soft = self.soft_wrap if soft_wrap is None else soft_wrap
        text = item if isinstance(item, StyledText) else StyledText(item)
        width = self.width
        if width < 1:  # rich prints nothing at all into no width
            self._write("")
            return
        out: list[str] = []
        for line in lines_of(text, width, soft_wrap=soft):
            segments = _segments(line)
            if not soft:
                segments = _crop(segments, width)
            out.extend(self._render(text, styles) for text, styles in segments)
            out.append("\n")
        self._write("".join(out))

    def _render(self, text: str, styles: tuple[str, ...]) -> str:
        if not text or not styles or not self._escapes:
            return text
        sgr = self._sgr.get(styles)
        if sgr is None:
            parsed = [Style.parse(style) for style in styles]
            colours = [style.colour for style in parsed if style.colour is not None]
            attributes = frozenset().union(*(style.attributes for style in parsed))
            combined = Style(attributes, colours[-1] if colours else None)
            sgr = self._sgr[styles] = combined.sgr(colour=not self.no_color)
        return f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text

    def _write(self, text: str) -> None:
        file = self.file
        if file is None:
            return
        try:
            try:
                file.write(text)
            except UnicodeEncodeError as error:
                error.reason = f"{error.reason}{_ENCODING_HINT}"
                raise
            file.flush()
        except BrokenPipeError:
            self._on_broken_pipe()

    @staticmethod
    def _quit_quietly() -> None:
        """rich's answer to a reader that went away: nothing more to standard output, exit 1."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1)
