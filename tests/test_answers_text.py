"""The quick answers reader must mean exactly what YAML means, or step aside.

Whatever text it accepts, PyYAML's safe loader must read as the same mapping
(same keys, same numbers, same int/float types); everything else it returns
None for, and the full YAML path decides.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from stresscheck.adapters.sources.answers_text import read_simple_answers

KEYS = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True),
    st.sampled_from(["yes", "No", "ON", "off", "y", "n", "null", "true", "False", "1abc"]),
    st.sampled_from(["fatigue_1", "duration", "a.b", "a-b", "_x", "é", "a b", "'q'", '"q"']),
)
VALUES = st.one_of(
    st.integers(min_value=-5, max_value=10**6).map(str),
    st.sampled_from(["0", "1", "2.5", "0.0", "010", "0x1F", "1_000", "1e3", "1.", ".5", "-0"]),
    st.sampled_from(["three", "~", "null", "yes", "[1]", "{a: 1}", "'3'", '"3"', "3#x"]),
)
GAPS = st.sampled_from([" ", "  ", "\t", " \t", ""])
COMMENTS = st.sampled_from(["", " # note", "\t# n", "#tight", "  #"])
INDENTS = st.sampled_from(["", "", "", " ", "\t"])


@st.composite
def answer_lines(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["pair", "pair", "pair", "blank", "comment", "other"]))
    if kind == "blank":
        return draw(st.sampled_from(["", "   ", "\t"]))
    if kind == "comment":
        return draw(st.sampled_from(["# answers", "  # x", "#"]))
    if kind == "other":
        return draw(st.sampled_from(["---", "...", "%YAML 1.1", "- 1", "key:", "a: &x 1", "b: *x"]))
    indent, key, gap = draw(INDENTS), draw(KEYS), draw(GAPS)
    return f"{indent}{key}:{gap}{draw(VALUES)}{draw(COMMENTS)}"


@given(st.lists(answer_lines(), max_size=8), st.sampled_from(["\n", "\r\n"]))
@settings(max_examples=400, deadline=None)
def test_whatever_it_accepts_yaml_reads_the_same(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    quick = read_simple_answers(text)
    if quick is None:
        return
    try:
        full = yaml.safe_load(text)
    except yaml.YAMLError as error:  # pragma: no cover - a failure to report
        raise AssertionError(f"accepted text YAML rejects: {text!r}") from error
    assert (full or {}) == quick, text
    for key, value in quick.items():
        assert type(full[key]) is type(value), (text, key)


def test_plain_answers_are_read() -> None:
    text = "# my answers\nfatigue_1: 3\nduration: 4   # months\n\nscore.x: 2.5\n"
    assert read_simple_answers(text) == {"fatigue_1": 3, "duration": 4, "score.x": 2.5}


def test_json_answers_are_read() -> None:
    assert read_simple_answers(json.dumps({"fatigue_1": 3})) == {"fatigue_1": 3}


def test_anything_unusual_goes_to_the_yaml_parser() -> None:
    for text in (
        "fatigue_1: 3\nfatigue_1: 4",  # duplicate: YAML names the line
        "yes: 1",  # a boolean key in YAML 1.1
        "fatigue_1: 010",  # octal in YAML 1.1
        "fatigue_1: 3#x",  # a string in YAML
        "  fatigue_1: 3",  # indented
        "{fatigue_1: 3}",  # flow YAML, not JSON
        '{"a": 1, "a": 2}',  # duplicate JSON key
        "[1, 2]",
    ):
        assert read_simple_answers(text) is None, text
