"""Large letters for the terminal, three rows tall, drawn with half blocks.

Each glyph is a 5-pixel-high bitmap; two pixel rows share one terminal row
(``▀``, ``▄``, ``█``), and since a terminal cell is about twice as tall as it
is wide, the pixels come out roughly square. Only A-Z and space are drawn:
words with other characters are left to the caller to show as plain text.
"""

from __future__ import annotations

_GLYPHS_SOURCE = {
    "A": (".##.", "#..#", "####", "#..#", "#..#"),
    "B": ("###.", "#..#", "###.", "#..#", "###."),
    "C": (".###", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "###.", "#...", "####"),
    "F": ("####", "#...", "###.", "#...", "#..."),
    "G": (".###", "#...", "#.##", "#..#", ".###"),
    "H": ("#..#", "#..#", "####", "#..#", "#..#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..##", "...#", "...#", "#..#", ".##."),
    "K": ("#..#", "#.#.", "##..", "#.#.", "#..#"),
    "L": ("#...", "#...", "#...", "#...", "####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "P": ("###.", "#..#", "###.", "#...", "#..."),
    "Q": (".##.", "#..#", "#..#", "#.##", ".###"),
    "R": ("###.", "#..#", "###.", "#.#.", "#..#"),
    "S": (".###", "#...", ".##.", "...#", "###."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#..#", "#..#", "#..#", "#..#", ".##."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("####", "...#", ".##.", "#...", "####"),
    " ": ("..", "..", "..", "..", ".."),
}

ROWS = 3
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _glyph_rows(bitmap: tuple[str, ...]) -> tuple[str, ...]:
    pixels = [*bitmap, "." * len(bitmap[0])]  # pad to an even pixel count
    return tuple(
        "".join(
            _HALVES[(top == "#", bottom == "#")]
            for top, bottom in zip(pixels[row * 2], pixels[row * 2 + 1], strict=True)
        )
        for row in range(ROWS)
    )


GLYPHS: dict[str, tuple[str, ...]] = {
    char: _glyph_rows(bitmap) for char, bitmap in _GLYPHS_SOURCE.items()
}


def can_draw(text: str) -> bool:
    """Whether every character of ``text`` has a large glyph."""
    return all(char.upper() in GLYPHS for char in text)


def width_of(text: str) -> int:
    """Columns the large ``text`` takes (one blank column between glyphs)."""
    glyphs = [GLYPHS[char.upper()] for char in text]
    return sum(len(glyph[0]) for glyph in glyphs) + max(len(glyphs) - 1, 0)


def render(text: str) -> list[str]:
    """``text`` as three rows of half-block characters (upper case only)."""
    glyphs = [GLYPHS[char.upper()] for char in text]
    return [" ".join(glyph[row] for glyph in glyphs) for row in range(ROWS)]
