"""The quiz prompt with an injected ``read_line``: keys, stopping, safety line, multi answers.

Every key works the same in both languages (people switch languages), no key
means "skip" in one language and "stop" in another, and stopping with answers
given asks first. The pty tests drive the same flow in a real terminal.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from helpers import multi_question, question, questionnaire
from stresscheck.adapters.ui.quiz_prompt import (
    BACK_KEYS,
    SKIP_KEYS,
    STOP_KEYS,
    QuizStopped,
    ask_questions,
    key_action,
    multi_choice,
    parse_numbers,
)
from stresscheck.core.questionnaire import NONE_VALUE, AnswerValue, Questionnaire
from stresscheck.i18n import LANGUAGES, Translator

LANGS = pytest.mark.parametrize("lang", LANGUAGES)


class Typist:
    """Types the given lines, one per prompt, and remembers every prompt it saw.

    Running out of lines is a test failure, never a silent stop.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def __call__(self, prompt: Text) -> str:
        assert isinstance(prompt, Text), "prompts are Text, so [y/N] is never markup"
        self.prompts.append(str(prompt))
        if not self.lines:
            raise AssertionError(f"the quiz asked more than was typed: {self.prompts[-3:]}")
        return self.lines.pop(0)


def run(
    q: Questionnaire, lines: Sequence[str], lang: str = "en", *, plain: bool = False
) -> tuple[dict[str, AnswerValue], str, Typist]:
    """Answer ``q`` by typing ``lines``; returns the answers, the screen and the typist."""
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    typist = Typist(lines)
    answers = ask_questions(console, q, Translator(lang), typist, plain=plain)
    assert typist.lines == [], f"not everything typed was asked for: {typist.lines}"
    return answers, out.getvalue(), typist


def stopped(q: Questionnaire, lines: Sequence[str], lang: str = "en") -> tuple[str, Typist]:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    typist = Typist(lines)
    with pytest.raises(QuizStopped):
        ask_questions(console, q, Translator(lang), typist)
    assert typist.lines == []
    return out.getvalue(), typist


def flat(text: str) -> str:
    return " ".join(text.split())


TWO = questionnaire([question("q0", (0, 1, 2)), question("q1", (0, 1, 2))])
SPOTS = questionnaire([question("q0", (0, 1, 2)), multi_question("spots")])


def typed_forms(words: Iterable[str]) -> list[str]:
    """Every key as typed, and in capitals with spaces around (phones capitalise)."""
    return sorted({form for word in words for form in (word, f" {word.upper()} ")})


# --------------------------------------------------------------------------- the key design


def test_no_key_means_two_things() -> None:
    assert not BACK_KEYS & SKIP_KEYS
    assert not BACK_KEYS & STOP_KEYS
    assert not SKIP_KEYS & STOP_KEYS


@LANGS
def test_the_letters_each_language_shows_work_as_shown(lang: str) -> None:
    t = Translator(lang)
    assert t("quiz.key_back") in BACK_KEYS
    assert t("quiz.key_skip") in SKIP_KEYS
    assert t("quiz.key_quit") in STOP_KEYS


def test_a_letter_that_skips_in_any_language_never_stops() -> None:
    skip_letters = {Translator(lang)("quiz.key_skip") for lang in LANGUAGES}
    assert skip_letters == {"s", "o"}
    assert not skip_letters & STOP_KEYS
    assert {"s", "o", "skip", "overslaan"} <= SKIP_KEYS
    assert {"b", "v", "back", "vorige", "terug"} <= BACK_KEYS
    assert {"q", "x", "stop", "stoppen", "quit"} <= STOP_KEYS


@pytest.mark.parametrize(
    ("typed", "action"),
    [("V", "back"), (" Terug ", "back"), ("O", "skip"), ("Overslaan", "skip"), ("Stoppen", "stop")],
)
def test_key_action_ignores_case_and_spaces(typed: str, action: str) -> None:
    assert key_action(typed) == action


@pytest.mark.parametrize("typed", ["", "1", "2 3", "y", "ja", "n", "sto", "backk"])
def test_key_action_of_other_text_is_none(typed: str) -> None:
    assert key_action(typed) is None


# --------------------------------------------------------------------------- every key, en and nl


@LANGS
@pytest.mark.parametrize("typed", typed_forms(SKIP_KEYS))
def test_every_skip_key_skips_in_every_language(lang: str, typed: str) -> None:
    answers, _, _ = run(TWO, [typed, "2"], lang)
    assert answers == {"q1": 1.0}


@LANGS
@pytest.mark.parametrize("typed", typed_forms(BACK_KEYS))
def test_every_back_key_goes_back_in_every_language(lang: str, typed: str) -> None:
    answers, shown, _ = run(TWO, ["1", typed, "3", "2"], lang)
    assert answers == {"q0": 2.0, "q1": 1.0}
    t = Translator(lang)
    assert shown.count(t("quiz.progress", current=1, total=2)) == 2
    assert t("quiz.answered_before", answer="option 1" if lang == "en" else "option 1 (nl)") in (
        shown
    )


@LANGS
@pytest.mark.parametrize("typed", typed_forms(BACK_KEYS))
def test_back_on_the_first_question_says_so(lang: str, typed: str) -> None:
    answers, shown, _ = run(TWO, [typed, "1", "1"], lang)
    assert answers == {"q0": 0.0, "q1": 0.0}
    assert Translator(lang)("quiz.first_question") in shown


@LANGS
@pytest.mark.parametrize("typed", typed_forms(STOP_KEYS))
def test_every_stop_key_stops_at_once_when_nothing_was_answered(lang: str, typed: str) -> None:
    _, typist = stopped(TWO, [typed], lang)
    assert len(typist.prompts) == 1, "nothing to lose: no confirmation asked"


def test_dutch_s_skips_and_never_stops() -> None:
    """Issue 14, item 8: in Dutch `s` used to stop the quiz and throw every answer away."""
    answers, _, typist = run(TWO, ["2", "s"], "nl")
    assert answers == {"q0": 1.0}
    assert not any("?" in prompt for prompt in typist.prompts), "no stop was even offered"


# --------------------------------------------------------------------------- confirming a stop


@LANGS
@pytest.mark.parametrize("typed", typed_forms(STOP_KEYS))
def test_stopping_with_answers_asks_first_and_yes_stops(lang: str, typed: str) -> None:
    t = Translator(lang)
    _, typist = stopped(TWO, ["1", typed, t("app.yes_words").split()[0]], lang)
    assert typist.prompts[-1] == t("quiz.confirm_stop", count=1) + " "


@LANGS
def test_every_yes_word_confirms(lang: str) -> None:
    t = Translator(lang)
    for word in t("app.yes_words").split():
        stopped(TWO, ["1", "q", word.upper()], lang)


@LANGS
@pytest.mark.parametrize("no", ["", "n", "nee", "no", "q", "1"])
def test_declining_returns_to_the_same_question(lang: str, no: str) -> None:
    t = Translator(lang)
    answers, shown, typist = run(TWO, ["1", "q", no, "3"], lang)
    assert answers == {"q0": 0.0, "q1": 2.0}
    assert t("quiz.stop_declined") in shown
    assert shown.count(t("quiz.progress", current=2, total=2)) == 1, "the question is not redrawn"
    assert typist.prompts[-1] == f"{t('quiz.prompt')}: "


def test_the_confirmation_counts_the_answers() -> None:
    q = questionnaire([question(f"q{i}", (0, 1)) for i in range(4)])
    _, typist = stopped(q, ["1", "2", "s", "stop", "y"])
    assert typist.prompts[-1].startswith(Translator("en")("quiz.confirm_stop", count=2))


def test_the_confirmation_shows_y_n_as_typed_not_as_markup() -> None:
    _, typist = stopped(TWO, ["1", "q", "y"])
    assert typist.prompts[-1].rstrip().endswith("[y/N]")
    _, typist = stopped(TWO, ["1", "q", "j"], "nl")
    assert typist.prompts[-1].rstrip().endswith("[j/N]")


@pytest.mark.parametrize("error", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_end_of_input_at_the_confirmation_stops_at_once(error: type) -> None:
    lines = iter(["1", "q"])

    def read_line(_prompt: Text) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise error from None

    with pytest.raises(error):
        ask_questions(Console(file=io.StringIO()), TWO, Translator("en"), read_line)


# --------------------------------------------------------------------------- safety line


@LANGS
@pytest.mark.parametrize("plain", [False, True])
def test_whom_to_call_now_comes_before_the_first_question(lang: str, plain: bool) -> None:
    t = Translator(lang)
    _, shown, _ = run(TWO, ["1", "1"], lang, plain=plain)
    line = t("quiz.safety_now")
    assert line in flat(shown)
    assert flat(shown).index(line) < flat(shown).index(t("quiz.progress", current=1, total=2))
    for number in ("112", "113", "0800-0113"):
        assert number in line


# --------------------------------------------------------------------------- single answers


@pytest.mark.parametrize("typed", ["9", "0", "abc", "", "-1", "1.5", "²", "٣", "9" * 5000, "1 2"])
def test_an_invalid_single_answer_is_asked_again(typed: str) -> None:
    answers, shown, _ = run(TWO, [typed, "1", "1"])
    assert answers == {"q0": 0.0, "q1": 0.0}
    assert Translator("en")("quiz.invalid", count=3, back="b", skip="s", quit="q") in shown


# --------------------------------------------------------------------------- multi answers


@pytest.mark.parametrize(
    "typed", ["2 3", "3 2", "2,3", "2, 3", "3,2", " 2 ,, 3 ", "2 3 2 3", "2;3", "2\t3"]
)
def test_multi_answers_in_any_form_give_the_options_in_order(typed: str) -> None:
    answers, _, _ = run(SPOTS, ["1", typed])
    assert answers == {"q0": 0.0, "spots": ("jaw", "shoulders")}


def test_one_multi_option_is_a_tuple_of_one() -> None:
    answers, _, _ = run(SPOTS, ["1", "1"])
    assert answers["spots"] == ("neck",)


def test_none_alone_is_an_answer() -> None:
    answers, _, _ = run(SPOTS, ["1", "4"])
    assert answers["spots"] == (NONE_VALUE,)


@LANGS
@pytest.mark.parametrize("typed", ["1 4", "4,2", "1 2 3 4"])
def test_none_with_others_gets_a_kind_word_and_the_question_again(lang: str, typed: str) -> None:
    t = Translator(lang)
    answers, shown, _ = run(SPOTS, ["1", typed, "1 3"], lang)
    assert answers["spots"] == ("neck", "shoulders")
    label = "option 4" if lang == "en" else "option 4 (nl)"
    assert t("quiz.multi_none_alone", none=label) in flat(shown)


@pytest.mark.parametrize("typed", ["0", "5", "2 9", "2 0", "abc", "2 x", "", "-1", "1.5", "²"])
def test_invalid_multi_answers_get_the_invalid_message(typed: str) -> None:
    answers, shown, _ = run(SPOTS, ["1", typed, "2"])
    assert answers["spots"] == ("jaw",)
    hint = Translator("en")("quiz.multi_invalid", count=4, back="b", skip="s", quit="q")
    assert hint in flat(shown)


@LANGS
def test_the_multi_question_says_how_to_choose_several(lang: str) -> None:
    t = Translator(lang)
    _, shown, _ = run(SPOTS, ["1", "2"], lang)
    assert t("quiz.multi_hint", example="2 3 4") in flat(shown)


def test_multi_values_may_be_numbers() -> None:
    q = questionnaire([multi_question("m", (10, 20, 30))])
    answers, _, _ = run(q, ["3 1"])
    assert answers == {"m": (10, 30)}


@LANGS
def test_coming_back_marks_the_chosen_options_and_enter_keeps_them(lang: str) -> None:
    t = Translator(lang)
    back, skip = t("quiz.key_back"), t("quiz.key_skip")
    q = questionnaire([multi_question("spots"), question("q1", (0, 1))])
    answers, shown, _ = run(q, ["1 3", back, "", skip], lang)
    assert answers == {"spots": ("neck", "shoulders")}
    again = shown[shown.rindex(t("quiz.progress", current=1, total=2)) :]
    lines = again.splitlines()
    marked = [line.split()[1] for line in lines if line.startswith(" *")]
    assert marked == ["1", "3"]
    labels = "option 1; option 3" if lang == "en" else "option 1 (nl); option 3 (nl)"
    assert t("quiz.answered_before", answer=labels) in again


def test_a_new_multi_answer_replaces_the_old_one() -> None:
    q = questionnaire([multi_question("spots"), question("q1", (0, 1))])
    answers, _, _ = run(q, ["1 3", "b", "2", "1"])
    assert answers == {"spots": ("jaw",), "q1": 0.0}


def test_back_skip_and_stop_work_on_a_multi_question() -> None:
    answers, _, _ = run(SPOTS, ["1", "b", "2", "o"])
    assert answers == {"q0": 1.0}
    _, typist = stopped(SPOTS, ["1", "x", "yes"])
    assert typist.prompts[-1].startswith(Translator("en")("quiz.confirm_stop", count=1))


def test_skipping_a_multi_question_forgets_its_answer() -> None:
    q = questionnaire([multi_question("spots"), question("q1", (0, 1))])
    answers, _, _ = run(q, ["1 2", "v", "s", "2"])
    assert answers == {"q1": 1.0}


def test_plain_mode_shows_one_line_per_option() -> None:
    _, shown, _ = run(SPOTS, ["1", "2"], plain=True)
    lines = shown.splitlines()
    for number in range(1, 5):
        assert any(line.split()[:2] == [str(number), "option"] for line in lines), number
    assert Translator("en")("quiz.multi_hint", example="2 3 4") in shown


# --------------------------------------------------------------------------- the parser


def test_parse_numbers_examples() -> None:
    assert parse_numbers("2 3 7", 9) == (2, 3, 7)
    assert parse_numbers("7,2, 3", 9) == (2, 3, 7)
    assert parse_numbers("3 3", 3) == (3,)
    assert parse_numbers("", 3) is None
    assert parse_numbers(" , ", 3) is None
    assert parse_numbers("4", 3) is None
    assert parse_numbers("1 two", 3) is None


SEPARATORS = st.sampled_from([" ", ",", ", ", " ,", "  ", "\t", ",,", " , "])


@st.composite
def typed_choices(draw: st.DrawFn) -> tuple[int, list[int], str]:
    """(number of options, the chosen numbers, how a person typed them)."""
    count = draw(st.integers(min_value=1, max_value=15))
    chosen = draw(st.sets(st.integers(min_value=1, max_value=count), min_size=1))
    repeated = draw(st.lists(st.sampled_from(sorted(chosen)), max_size=3))
    order = draw(st.permutations([*chosen, *repeated]))
    text = ""
    for i, number in enumerate(order):
        text += (draw(SEPARATORS) if i else "") + str(number)
    padding = st.sampled_from(["", " ", "  ", ",", " ,", "\t"])
    return count, sorted(chosen), f"{draw(padding)}{text}{draw(padding)}"


@given(typed_choices())
def test_any_valid_numbers_give_exactly_those_options_in_option_order(
    case: tuple[int, list[int], str],
) -> None:
    count, chosen, typed = case
    assert parse_numbers(typed, count) == tuple(chosen)
    values = tuple(f"v{n}" for n in range(1, count + 1))
    q = multi_question("m", values)
    assert multi_choice(q, typed) == tuple(f"v{n}" for n in chosen)


@given(st.text(max_size=40), st.integers(min_value=1, max_value=15))
def test_the_parser_never_crashes_and_gives_only_real_options(typed: str, count: int) -> None:
    numbers = parse_numbers(typed, count)
    if numbers is not None:
        assert numbers == tuple(sorted(set(numbers)))
        assert all(1 <= n <= count for n in numbers)
