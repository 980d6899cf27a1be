"""Levels are coloured by band order, so a practice's own level names are not grey."""

from __future__ import annotations

import io

from rich.console import Console

from helpers import bands, domain, question, questionnaire, rule
from stresscheck.adapters.ui.console import LEVEL_STYLE, level_style
from stresscheck.adapters.ui.render import score_table
from stresscheck.core.result import evaluate
from stresscheck.i18n import Translator


def test_default_levels_keep_their_colours() -> None:
    for level, style in LEVEL_STYLE.items():
        assert level_style(level) == style


def test_own_levels_are_coloured_by_their_place() -> None:
    levels = ("rustig", "matig", "veel", "heel_veel")
    assert [level_style(level, levels) for level in levels] == [
        LEVEL_STYLE["low"],
        LEVEL_STYLE["moderate"],
        LEVEL_STYLE["moderate"],
        LEVEL_STYLE["high"],
    ]
    assert level_style("onbekend", levels) == ""
    assert level_style(None, levels) == ""


def test_the_result_table_colours_a_practice_s_own_levels() -> None:
    own = questionnaire(
        [question("q1", domain="d"), question("q2", domain="d")],
        [domain("d", bands(2, 5, levels=("rustig", "matig", "veel")))],
        rules=[rule("breathe")],
    )
    shown = {}
    for answer, level in ((0, "rustig"), (4, "veel")):
        result = evaluate(own, {"q1": answer, "q2": answer})
        assert result.scores.domains["d"].level == level
        out = io.StringIO()
        Console(file=out, force_terminal=True, color_system="standard", width=80).print(
            score_table(result, Translator("en"), 80)
        )
        shown[level] = out.getvalue()
    assert "\x1b[32m" in shown["rustig"]  # green
    assert "\x1b[35m" in shown["veel"]  # magenta
