"""A simple body outline, front and back, with the places of the body map marked.

The HTML report draws it beside the list of places chosen at the first and the
latest self-check. It is one inline ``<svg>``: no scripts, nothing fetched from
elsewhere, and every text escaped here, where it is written into the SVG, so a
label from a practice's own questionnaire stays text.

A place is marked in one of three ways (only at the first check, only at the
latest, at both); each has its own colour AND its own pattern and outline
style, so the marks stay apart for colour-blind readers and on a black-and-white
printout. Places the drawing has no region for are said in words only, and so
is a check at which no place was chosen.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from stresscheck.adapters.report.escape import esc
from stresscheck.core.history import AnswerValue
from stresscheck.core.questionnaire import NONE_VALUE

if TYPE_CHECKING:
    from stresscheck.core.labels import Labels
    from stresscheck.core.questionnaire import Question

State = Literal["first", "latest", "both", "chosen"]
# The order of the legend and of the places said in words.
TWO_CHECKS: tuple[State, ...] = ("first", "latest", "both")

# The drawing's size; a figure is FIGURE_W wide, side by side, the legend to the right.
WIDTH, HEIGHT = 600, 400
FIGURE_W = 160
FIGURE_TOP = 30
BACK_X = 175
LEGEND_X = 360
# Characters per legend line (13 px text in about 200 px, wide fonts too); longer texts wrap.
LEGEND_CHARS = 24

# The outline of one figure, 160 wide, centred on x = 80; the arms and legs are
# drawn on the left and mirrored. Each shape is the body part a place names.
_ARM = "M38,100 L53,100 L50,148 L46,190 L34,190 L33,148 Z"
_HAND = "M34,190 L46,190 C48,198 46,208 40,210 C34,208 32,198 34,190 Z"
_LEG = "M50,198 L79,198 L78,262 L75,338 L61,338 L55,262 Z"
_FOOT = "M61,338 L75,338 C77,344 76,350 70,350 L56,350 C54,346 57,340 61,338 Z"
SHAPES: dict[str, tuple[str, ...]] = {
    "legs": (_LEG, _FOOT),
    "arms_hands": (_ARM, _HAND),
    "lower_torso": ("M54,140 L106,140 C107,160 109,180 110,198 L50,198 C51,180 53,160 54,140 Z",),
    "upper_torso": ("M54,96 L106,96 L106,140 L54,140 Z",),
    "shoulders": (
        "M70,74 L90,74 C104,75 115,79 120,87 C122,91 122,96 122,100 L106,100 L106,96 "
        "L54,96 L54,100 L38,100 C38,96 38,91 40,87 C45,79 56,75 70,74 Z",
    ),
    "neck": ("M71,52 L89,52 L90,76 L70,76 Z",),
    "head": (
        "M80,6 C93,6 102,17 102,32 C102,48 93,60 80,60 C67,60 58,48 58,32 C58,17 67,6 80,6 Z",
    ),
    "jaw": (
        "M61,42 C64,50 71,59 80,60 C89,59 96,50 99,42 C92,47 86,48 80,48 C74,48 68,47 61,42 Z",
    ),
}
# Mirrored shapes: the right arm and leg.
MIRRORED = frozenset({"legs", "arms_hands"})
# Which place each shape shows, per view, drawn in this order (the jaw over the head).
FRONT: tuple[tuple[str, str], ...] = (
    ("legs", "legs"),
    ("arms_hands", "arms_hands"),
    ("lower_torso", "belly"),
    ("upper_torso", "chest"),
    ("shoulders", "shoulders"),
    ("neck", "neck"),
    ("head", "head"),
    ("jaw", "jaw"),
)
BACK: tuple[tuple[str, str], ...] = (
    ("legs", "legs"),
    ("arms_hands", "arms_hands"),
    ("lower_torso", "low_back"),
    ("upper_torso", "upper_back"),
    ("shoulders", "shoulders"),
    ("neck", "neck"),
    ("head", "head"),
)
# Every place the drawing has a region for (the default questionnaire's body map).
DRAWN = frozenset(place for _, place in FRONT + BACK)

INK, MUTED = "#25313a", "#5d6a72"
PLAIN = 'fill="#f3f5f5" stroke="#b9c2c4" stroke-width="1.2"'


class Mark(NamedTuple):
    """How one state looks: a pattern (background colour and its lines or dots)
    and an outline (colour, width, dashes)."""

    background: str
    ink: str
    pattern: str  # the pattern's drawing, in a 6 x 6 tile
    outline_width: float
    dashes: str = ""


# Sand with diagonal lines and a dashed edge; teal dots with a solid edge; plum
# cross-hatching with a thick edge. Lightness differs too (light, light, mid),
# and no two share a pattern or an edge, for grey-scale print.
MARKS: dict[State, Mark] = {
    "first": Mark(
        "#f8ead9",
        "#c0792b",
        '<path d="M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5" stroke-width="1.3"/>',
        2,
        "5 3",
    ),
    "latest": Mark("#dcefed", "#1f6f78", '<circle cx="3" cy="3" r="1.4"/>', 2),
    "both": Mark("#d9cce8", "#5e3f86", '<path d="M0,0 L6,6 M6,0 L0,6" stroke-width="1.1"/>', 2.8),
}
MARKS["chosen"] = MARKS["latest"]


class OutlineWords(NamedTuple):
    """The texts of the drawing, already in the reader's language (plain text:
    the drawing escapes them). ``places`` names each option value."""

    title: str
    front: str
    back: str
    first_only: str
    latest_only: str
    both: str
    chosen: str
    first_check: str
    latest_check: str
    this_check: str
    no_places: str
    not_drawn: str
    places: Mapping[str, str]


_CATALOGUE_WORDS = tuple(name for name in OutlineWords._fields if name != "places")


def _legend_text(words: OutlineWords, state: State) -> str:
    return {
        "first": words.first_only,
        "latest": words.latest_only,
        "both": words.both,
        "chosen": words.chosen,
    }[state]


def states(first: Collection[str] | None, latest: Collection[str]) -> dict[str, State]:
    """Each chosen place (not "none") with how it is marked.

    With ``first`` None only one check is shown: its places are ``chosen``.
    """
    if first is None:
        return {place: "chosen" for place in latest if place != NONE_VALUE}
    marked: dict[str, State] = {}
    for place in (*first, *latest):
        if place == NONE_VALUE or place in marked:
            continue
        in_first, in_latest = place in first, place in latest
        marked[place] = "both" if in_first and in_latest else "first" if in_first else "latest"
    return marked


def _wrap(text: str, width: int = LEGEND_CHARS) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _mirror(path: str) -> str:
    """``path`` mirrored in the figure's middle (x -> 160 - x); only M, L, C, Z."""
    out = []
    for token in path.split():
        head = token[0] if token[0].isalpha() else ""
        rest = token[len(head) :]
        if "," in rest:
            x, y = rest.split(",")
            rest = f"{FIGURE_W - float(x):g},{y}"
        out.append(head + rest)
    return " ".join(out)


def _fill(prefix: str, state: State | None) -> str:
    if state is None:
        return PLAIN
    mark = MARKS[state]
    dashes = f' stroke-dasharray="{mark.dashes}"' if mark.dashes else ""
    return (
        f'fill="url(#{prefix}-{state})" stroke="{mark.ink}" '
        f'stroke-width="{mark.outline_width:g}" stroke-linejoin="round"{dashes}'
    )


def _figure(
    prefix: str,
    view: Sequence[tuple[str, str]],
    x: float,
    heading: str,
    marked: Mapping[str, State],
    words: OutlineWords,
) -> Iterator[str]:
    yield f'<g class="view" transform="translate({x:g} {FIGURE_TOP})">'
    yield (
        f'<text x="{FIGURE_W / 2:g}" y="-12" text-anchor="middle" font-size="14" '
        f'font-weight="600" fill="{MUTED}">{esc(heading)}</text>'
    )
    # Always the view's order, marked or not: the jaw over the head, so a jaw
    # not chosen still shows as such on a chosen head.
    for shape, place in view:
        state = marked.get(place)
        paths = list(SHAPES[shape])
        if shape in MIRRORED:
            paths += [_mirror(path) for path in SHAPES[shape]]
        name = esc(words.places.get(place, place))
        kind = state or "unmarked"
        tooltip = name if state is None else f"{name}: {esc(_legend_text(words, state))}"
        yield (
            f'<g class="region {kind}" data-place="{esc(place)}" {_fill(prefix, state)}>'
            f"<title>{tooltip}</title>" + "".join(f'<path d="{d}"/>' for d in paths) + "</g>"
        )
    yield "</g>"


def _patterns(prefix: str, used: Collection[State]) -> Iterator[str]:
    yield "<defs>"
    for state in used:
        mark = MARKS[state]
        yield (
            f'<pattern id="{prefix}-{state}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{mark.background}"/>'
            f'<g fill="{mark.ink}" stroke="{mark.ink}">{mark.pattern}</g></pattern>'
        )
    yield "</defs>"


def _none_notes(
    first: Collection[str] | None, latest: Collection[str], words: OutlineWords
) -> list[str]:
    """A note such as "First self-check: no places chosen" for each check that
    chose "none" (or nothing at all)."""
    checks = (
        [(words.this_check, latest)]
        if first is None
        else [(words.first_check, first), (words.latest_check, latest)]
    )
    return [
        f"{name}: {words.no_places}"
        for name, chosen in checks
        if not [place for place in chosen if place != NONE_VALUE]
    ]


def _said(places: Collection[str], words: OutlineWords) -> str:
    return ", ".join(words.places.get(place, place) for place in places)


def description(first: Collection[str] | None, latest: Collection[str], words: OutlineWords) -> str:
    """The places in words, per state, for a screen reader (and a missing drawing)."""
    marked = states(first, latest)
    order = sorted(marked, key=lambda place: _order(words, place))
    parts = []
    for state in TWO_CHECKS if first is not None else ("chosen",):
        here = [place for place in order if marked[place] == state]
        if here:
            parts.append(f"{_legend_text(words, state)}: {_said(here, words)}.")
    parts += [f"{note}." for note in _none_notes(first, latest, words)]
    hidden = [place for place in order if place not in DRAWN]
    if hidden:
        parts.append(f"{words.not_drawn}: {_said(hidden, words)}.")
    return " ".join(parts)


def _order(words: OutlineWords, place: str) -> int:
    """The questionnaire's order of options; places it does not name go last."""
    known = list(words.places)
    return known.index(place) if place in known else len(known)


def body_outline(
    first: Collection[str] | None,
    latest: Collection[str],
    words: OutlineWords,
    *,
    prefix: str = "outline",
) -> str:
    """The body outline as one inline ``<svg>``: front and back side by side,
    the places of ``first`` and ``latest`` marked, a legend and notes beside.

    ``first`` None: only one check (``latest``) is shown, its places marked
    alike. ``prefix`` starts every id in the drawing (patterns, title), so two
    drawings can share a page.
    """
    marked = states(first, latest)
    drawn = {place: state for place, state in marked.items() if place in DRAWN}
    # Only the marks that are drawn get a pattern and a line in the legend: a
    # key for "at both checks" with nothing so marked would send the reader
    # looking for it.
    kinds: tuple[State, ...] = TWO_CHECKS if first is not None else ("chosen",)
    used = tuple(state for state in kinds if state in drawn.values())
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    # No xmlns: inline in HTML it is not needed, and the drawing then holds no
    # address of any kind (a test checks there is no "http" in it at all).
    out = [
        f'<svg class="outline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}" font-size="13">',
        f'<title id="{title_id}">{esc(words.title)}</title>',
        f'<desc id="{desc_id}">{esc(description(first, latest, words))}</desc>',
        *_patterns(prefix, used),
        *_figure(prefix, FRONT, 0, words.front, drawn, words),
        *_figure(prefix, BACK, BACK_X, words.back, drawn, words),
        # A faint spine tells the back from the front at a glance.
        f'<path d="M{BACK_X + 80},{FIGURE_TOP + 80} L{BACK_X + 80},{FIGURE_TOP + 192}" '
        'stroke="#9aa6a9" stroke-width="1" stroke-dasharray="2 3" fill="none"/>',
    ]
    out += _legend_and_notes(prefix, first, latest, words, marked, used)
    out.append("</svg>")
    return "\n".join(out)


def _legend_and_notes(
    prefix: str,
    first: Collection[str] | None,
    latest: Collection[str],
    words: OutlineWords,
    marked: Mapping[str, State],
    used: Sequence[State],
) -> list[str]:
    out = ['<g class="legend">']
    y = FIGURE_TOP + 8.0
    if used:
        for state in used:
            out.append(
                f'<g class="key {state}"><rect x="{LEGEND_X}" y="{y - 12:g}" width="26" '
                f'height="18" rx="3" {_fill(prefix, state)}/></g>'
            )
            lines = _wrap(_legend_text(words, state))
            out.append(_text(LEGEND_X + 36, y + 2, lines, INK))
            y += 18 * len(lines) + 12
        y += 6
    order = sorted(marked, key=lambda place: _order(words, place))
    hidden = [place for place in order if place not in DRAWN]
    notes = _none_notes(first, latest, words)
    if hidden:
        notes.append(f"{words.not_drawn}: {_said(hidden, words)}")
    for note in notes:
        lines = _wrap(note, LEGEND_CHARS + 4)
        out.append(_text(LEGEND_X, y + 2, lines, MUTED, css="note"))
        y += 18 * len(lines) + 8
    out.append("</g>")
    return out


def _text(x: float, y: float, lines: Sequence[str], colour: str, css: str = "") -> str:
    """Lines of text, one ``<tspan>`` each (SVG text does not wrap by itself)."""
    cls = f' class="{css}"' if css else ""
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if index == 0 else 18}">{esc(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text{cls} x="{x:g}" y="{y:g}" fill="{colour}">{spans}</text>'


# --- the report's use -------------------------------------------------------------------


def _chosen(answer: AnswerValue | None) -> tuple[str, ...] | None:
    """The places of an answer, or None when the check did not answer the body map."""
    if not isinstance(answer, tuple):
        return None  # not asked then (an older check), or skipped
    return tuple(str(value) for value in answer)


def report_outline(
    labels: Labels, question: Question, answers: Sequence[AnswerValue | None]
) -> str:
    """The outline for a report: ``answers`` are the body-map answers of the
    compared checks, (first, latest) or (only,); a check that did not answer
    is left out. Empty when none of them answered."""
    t = labels.t
    chosen = [_chosen(answer) for answer in answers]
    given = [places for places in chosen if places is not None]
    if not given:
        return ""
    first = given[0] if len(given) == 2 else None
    # Each text but the places is the catalogue's outline.<field name>.
    texts = {name: str(t(f"outline.{name}")) for name in _CATALOGUE_WORDS}
    places = {str(option.value): option.label.get(labels.lang) for option in question.options}
    words = OutlineWords(**texts, places=places)
    return body_outline(first, given[-1], words)
