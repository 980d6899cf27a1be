"""The pure scoring and advice engine, on small questionnaires built in code.

Expected values are computed independently with exact fractions, the way a
person would check a score on paper (half-up to one decimal), not by calling
the code under test again.
"""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from helpers import bands, domain, question, questionnaire, rule
from stresscheck.adapters.ui.quiz_prompt import ask_questions
from stresscheck.core.advice import advise
from stresscheck.core.questionnaire import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Band,
    DomainLevelCondition,
    RedFlagCondition,
    TotalAtLeastCondition,
)
from stresscheck.core.questionnaire import Total as TotalSpec
from stresscheck.core.result import evaluate
from stresscheck.core.scoring import band_level, item_score, round_half_up, score, score_domain
from stresscheck.i18n import Translator

# Option values as people write them: whole numbers, or one decimal.
whole_values = st.lists(st.integers(0, 10), min_size=2, max_size=6, unique=True)
tenth_values = st.lists(
    st.integers(0, 60).map(lambda tenths: tenths / 10), min_size=2, max_size=6, unique=True
)


def exact(value: float) -> Fraction:
    """The decimal a person wrote, as an exact fraction (0.1 is 1/10, not the float)."""
    return Fraction(repr(value))


def half_up(value: Fraction, places: int) -> Fraction:
    """Round an exact value half-up, as taught at school."""
    scale = 10**places
    scaled = value * scale
    floor = scaled.numerator // scaled.denominator
    return Fraction(floor + (1 if scaled - floor >= Fraction(1, 2) else 0), scale)


@st.composite
def domain_case(draw: st.DrawFn, values: st.SearchStrategy[list[float]] = whole_values):
    """A sum domain of n items on one scale, a max_missing, and answers (None = skipped)."""
    scale = draw(values)
    n = draw(st.integers(1, 8))
    max_missing = draw(st.integers(0, n))
    answers = draw(st.lists(st.one_of(st.none(), st.sampled_from(scale)), min_size=n, max_size=n))
    return scale, n, max_missing, answers


def build(scale, n, max_missing, *, scoring="sum", reverse=False, band_list=None):
    qs = [question(f"q{i}", scale, domain="d", reverse=reverse) for i in range(n)]
    d = domain("d", band_list or bands(1_000_000), scoring=scoring, max_missing=max_missing)
    return d, qs


def given_answers(answers):
    return {f"q{i}": float(v) for i, v in enumerate(answers) if v is not None}


# --------------------------------------------------------------------------- (a) plain sum


@given(scale=whole_values, data=st.data())
def test_sum_without_missing_answers_is_the_plain_sum(scale, data) -> None:
    n = data.draw(st.integers(1, 8))
    values = data.draw(st.lists(st.sampled_from(scale), min_size=n, max_size=n))
    d, qs = build(scale, n, 0)
    result = score_domain(d, qs, given_answers(values))
    assert result.score == sum(values)
    assert result.missing == 0
    assert result.max == n * max(scale)


# --------------------------------------------------------------------------- (b) prorating


@given(domain_case(whole_values))
def test_prorated_sum_whole_values(case) -> None:
    check_prorating(*case)


@given(domain_case(tenth_values))
def test_prorated_sum_decimal_values_rounds_the_decimal_a_person_would_write(case) -> None:
    check_prorating(*case)


def check_prorating(scale, n, max_missing, answers) -> None:
    d, qs = build(scale, n, max_missing)
    result = score_domain(d, qs, given_answers(answers))
    answered = [a for a in answers if a is not None]
    missing = n - len(answered)
    assert result.missing == missing
    if missing > max_missing or not answered:
        assert result.score is None
        assert result.level is None
    else:
        expected = half_up(sum(map(exact, answered)) * n / len(answered), 1)
        assert exact(result.score) == expected, (answered, n)
        assert result.level == "low"


def test_prorating_known_values() -> None:
    """Worked examples from the contract: sum * items / answered, one decimal, half up."""
    d, qs = build([0, 1, 2, 3, 4], 3, 1)
    assert score_domain(d, qs, {"q0": 3, "q1": 2}).score == 7.5  # 5 * 3 / 2
    d, qs = build([0, 1, 2, 3, 4], 4, 1)
    assert score_domain(d, qs, {"q0": 1, "q1": 0, "q2": 0}).score == 1.3  # 4/3 = 1.333
    assert score_domain(d, qs, {"q0": 2, "q1": 2, "q2": 1}).score == 6.7  # 20/3 = 6.667
    # 6.1 * 3 / 2 = 9.15 exactly: half up gives 9.2 (the float product is 9.1499999...).
    d, qs = build([0, 3.0, 3.1], 3, 1)
    assert score_domain(d, qs, {"q0": 3.1, "q1": 3.0}).score == 9.2


def test_more_missing_than_allowed_gives_no_score() -> None:
    d, qs = build([0, 1, 2, 3, 4], 4, 1)
    two_missing = score_domain(d, qs, {"q0": 4, "q1": 4})
    assert (two_missing.score, two_missing.level, two_missing.missing) == (None, None, 2)
    one_missing = score_domain(d, qs, {"q0": 4, "q1": 4, "q2": 4})
    assert (one_missing.score, one_missing.missing) == (16.0, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.25, 2.3), (2.35, 2.4), (0.05, 0.1), (1.45, 1.5), (2.24, 2.2), (9.15, 9.2), (7.5, 7.5)],
)
def test_round_half_up(value: float, expected: float) -> None:
    assert round_half_up(value, 1) == expected


# --------------------------------------------------------------------------- (c) reverse


@given(scale=st.one_of(whole_values, tenth_values), data=st.data())
def test_reverse_item_counts_from_the_other_end(scale, data) -> None:
    value = data.draw(st.sampled_from(scale))
    low, high = min(scale), max(scale)
    reversed_score = item_score(question("r", scale, reverse=True), value)
    assert exact(reversed_score) == exact(low) + exact(high) - exact(value)
    assert low <= reversed_score <= high
    assert item_score(question("p", scale), value) == value


@given(scale=whole_values, data=st.data())
def test_reversed_domain_equals_the_mirrored_answers(scale, data) -> None:
    n = data.draw(st.integers(1, 6))
    values = data.draw(st.lists(st.sampled_from(scale), min_size=n, max_size=n))
    mirrored = [min(scale) + max(scale) - v for v in values]
    d, reversed_qs = build(scale, n, 0, reverse=True)
    _, plain_qs = build(scale, n, 0)
    assert (
        score_domain(d, reversed_qs, given_answers(values)).score
        == score_domain(d, plain_qs, given_answers(mirrored)).score
    )


def test_reverse_extremes() -> None:
    q = question("r", [0, 1, 2, 3, 4], reverse=True)
    assert [item_score(q, v) for v in (0, 1, 2, 3, 4)] == [4, 3, 2, 1, 0]
    q = question("r", [1, 2, 3, 4, 5], reverse=True)
    assert [item_score(q, v) for v in (1, 5)] == [5, 1]


# --------------------------------------------------------------------------- (d) bands

band_maxes = st.lists(st.integers(0, 400), min_size=1, max_size=5, unique=True).map(
    lambda tenths: [t / 10 for t in sorted(tenths)]
)


@given(band_maxes)
def test_band_level_exactly_at_max_and_just_above(maxes) -> None:
    band_list = bands(*maxes, levels=[f"level{i}" for i in range(len(maxes) + 1)])
    for index, top in enumerate(maxes):
        assert band_level(band_list, top) == f"level{index}", "a band's max belongs to that band"
        just_above = round_half_up(top + 0.1, 1)
        assert band_level(band_list, just_above) == f"level{index + 1}", (
            "max + 0.1 is the next band"
        )


@given(band_maxes, st.integers(-10, 500).map(lambda t: t / 10))
def test_every_score_is_in_the_first_band_whose_max_it_does_not_exceed(maxes, value) -> None:
    band_list = bands(*maxes, levels=[f"level{i}" for i in range(len(maxes) + 1)])
    expected = next(
        (f"level{i}" for i, top in enumerate(maxes) if value <= top), f"level{len(maxes)}"
    )
    assert band_level(band_list, value) == expected


def test_domain_score_at_a_band_max_gets_that_band() -> None:
    d = domain("d", bands(4, 8), max_missing=0)
    qs = [question(f"q{i}", [0, 1, 2, 3, 4], domain="d") for i in range(3)]
    levels = {
        total: score_domain(d, qs, {"q0": min(total, 4), "q1": max(0, total - 4), "q2": 0}).level
        for total in (4, 5, 8)
    }
    assert levels == {4: "low", 5: "moderate", 8: "moderate"}
    assert score_domain(d, qs, {"q0": 4, "q1": 4, "q2": 1}).level == "high"


def test_prorated_score_just_above_a_band_max() -> None:
    """7.5 (prorated) is at the max, and 7.6 cannot round down into it."""
    d = domain("d", bands(3.75, 7.5), max_missing=1)
    qs = [question(f"q{i}", [0, 1, 2, 3, 4], domain="d") for i in range(3)]
    assert score_domain(d, qs, {"q0": 3, "q1": 2}).level == "moderate"  # 7.5
    assert score_domain(d, qs, {"q0": 3, "q1": 3}).level == "high"  # 9.0
    assert score_domain(d, qs, {"q0": 1, "q1": 2, "q2": 1}).level == "moderate"  # 4 > 3.75
    assert score_domain(d, qs, {"q0": 1, "q1": 1, "q2": 1}).level == "low"  # 3


# --------------------------------------------------------------------------- (e) recoding

RECODED = [0, 1, 2, 2, 2]


def test_recoded_options_score_identically() -> None:
    """Options 3, 4 and 5 share the value 2: choosing any of them scores the same."""
    qs = [question("q0", RECODED, domain="d"), question("q1", RECODED, domain="d")]
    q = questionnaire(qs, [domain("d", bands(1, 3))], rules=[rule("breathe")])
    t = Translator("en")
    results = []
    for typed in ("3", "4", "5"):
        lines = iter([typed, "2"])
        console = Console(file=io.StringIO(), width=80)
        answers = ask_questions(console, q, t, lambda _prompt, lines=lines: next(lines))
        assert answers == {"q0": 2.0, "q1": 1.0}
        results.append(score(q, answers).domains["d"])
    assert results[0] == results[1] == results[2]
    assert results[0].score == 3.0 and results[0].level == "moderate"


def test_recoded_scale_reverses_over_its_value_range() -> None:
    q = question("r", RECODED, reverse=True)
    assert [item_score(q, v) for v in (0, 1, 2)] == [2, 1, 0]
    assert q.max_value == 2


# --------------------------------------------------------------------------- (f) mean


@given(domain_case(whole_values), st.booleans())
def test_mean_scoring(case, reverse) -> None:
    scale, n, max_missing, answers = case
    d, qs = build(scale, n, max_missing, scoring="mean", reverse=reverse)
    result = score_domain(d, qs, given_answers(answers))
    answered = [a for a in answers if a is not None]
    assert result.max == max(scale)  # the mean of the items' highest values
    if n - len(answered) > max_missing or not answered:
        assert result.score is None
        return
    items = [min(scale) + max(scale) - a if reverse else a for a in answered]
    mean = Fraction(sum(items), len(items))
    assert abs(Fraction(repr(result.score)) - mean) <= Fraction(1, 200)
    assert min(scale) <= result.score <= max(scale)


def test_mean_scoring_known_values() -> None:
    d = domain("d", bands(1.5, 2.5), scoring="mean", max_missing=1)
    qs = [question(f"q{i}", [0, 1, 2, 3, 4], domain="d") for i in range(4)]
    result = score_domain(d, qs, {"q0": 1, "q1": 2, "q2": 2, "q3": 1})
    assert (result.score, result.level, result.max) == (1.5, "low", 4)
    result = score_domain(d, qs, {"q0": 3, "q1": 2, "q2": 2})  # one missing: mean of three
    assert (result.score, result.level) == (2.33, "moderate")


# --------------------------------------------------------------------------- (g) total


def two_domains(max_missing: int = 0, tenths: bool = False):
    scale = [0, 0.5, 1.3, 2.1, 4] if tenths else [0, 1, 2, 3, 4]
    qs = [question(f"{d}{i}", scale, domain=d) for d in ("a", "b") for i in range(3)]
    ds = [domain("a", max_missing=max_missing), domain("b", max_missing=max_missing)]
    return questionnaire(qs, ds, total=TotalSpec(("a", "b"), bands(10, 20)))


@given(st.data(), st.booleans())
def test_total_is_the_sum_of_its_domains(data, tenths) -> None:
    q = two_domains(max_missing=1, tenths=tenths)
    answers = {}
    for item in q.questions:
        value = data.draw(st.one_of(st.none(), st.sampled_from(sorted(item.values))))
        if value is not None:
            answers[item.id] = value
    result = score(q, answers)
    parts = [result.domains["a"].score, result.domains["b"].score]
    if None in parts:
        assert result.total is not None
        assert (result.total.score, result.total.level) == (None, None)
    else:
        assert result.total is not None
        assert exact(result.total.score) == exact(parts[0]) + exact(parts[1])
        expected_level = (
            "low"
            if result.total.score <= 10
            else "moderate"
            if result.total.score <= 20
            else "high"
        )
        assert result.total.level == expected_level


def test_total_is_none_when_one_part_is_not_scored() -> None:
    q = two_domains(max_missing=0)
    full = {f"{d}{i}": 2.0 for d in "ab" for i in range(3)}
    assert score(q, full).total.score == 12.0  # type: ignore[union-attr]
    del full["b1"]
    result = score(q, full)
    assert result.domains["b"].score is None
    assert result.total is not None and result.total.score is None and result.total.level is None


def test_no_total_in_the_questionnaire_gives_none() -> None:
    q = questionnaire([question("q", domain="d")], [domain("d")])
    assert score(q, {"q": 1}).total is None


# --------------------------------------------------------------------------- (h) red flags


@given(threshold=st.integers(1, 4), value=st.integers(0, 4))
def test_red_flag_at_or_above_threshold(threshold, value) -> None:
    q = questionnaire([question("flag", red_flag=threshold), question("other")])
    flags = score(q, {"flag": value, "other": 4}).red_flags
    assert flags == (("flag",) if value >= threshold else ())


def test_red_flags_in_file_order_and_unanswered_never_flags() -> None:
    q = questionnaire([question("b", [0, 1], red_flag=1), question("a", [0, 1], red_flag=1)])
    assert score(q, {"a": 1, "b": 1}).red_flags == ("b", "a")
    assert score(q, {}).red_flags == ()


# --------------------------------------------------------------------------- (i) rules


def rules_questionnaire(*rules, flag: bool = True):
    qs = [
        question("x0", domain="x"),
        question("x1", domain="x"),
        question("y0", domain="y"),
        question("ctx"),
    ]
    if flag:
        qs.append(question("flag", [0, 1], red_flag=1))
    ds = [domain("x", bands(2, 5)), domain("y", bands(1, 3))]
    return questionnaire(qs, ds, rules=rules, total=TotalSpec(("x", "y"), bands(4, 8)))


def advice_for(q, answers):
    answers = {k: float(v) for k, v in answers.items()}
    return advise(q, score(q, answers), answers)


def test_first_matching_rule_wins() -> None:
    q = rules_questionnaire(
        rule("physiotherapy", DomainLevelCondition("x", "moderate")),
        rule("breathe", DomainLevelCondition("x", "low"), exercise="box"),
        rule("breathe", exercise="resonance"),
    )
    assert advice_for(q, {"x0": 2, "x1": 2, "y0": 0}).action == "physiotherapy"
    low = advice_for(q, {"x0": 1, "x1": 0, "y0": 0})
    assert (low.action, low.exercise) == ("breathe", "box")
    unscored = advice_for(q, {"y0": 0})  # x has no score, so no level
    assert (unscored.action, unscored.exercise) == ("breathe", "resonance")


def test_level_at_least_uses_band_order() -> None:
    q = rules_questionnaire(
        rule("physiotherapy", DomainLevelCondition("x", "moderate")), rule("breathe")
    )
    assert advice_for(q, {"x0": 1, "x1": 1, "y0": 0}).action == "breathe"  # 2: low
    assert advice_for(q, {"x0": 2, "x1": 1, "y0": 0}).action == "physiotherapy"  # 3: moderate
    assert advice_for(q, {"x0": 4, "x1": 4, "y0": 0}).action == "physiotherapy"  # 8: high


def test_level_at_least_follows_band_order_not_alphabet() -> None:
    """Levels named so that alphabetical order disagrees with band order."""
    ordered = (Band("zzz", 2.0), Band("mmm", 5.0), Band("aaa"))
    qs = [question("x0", domain="x"), question("x1", domain="x")]
    q = questionnaire(
        qs,
        [domain("x", ordered)],
        rules=[rule("physiotherapy", DomainLevelCondition("x", "mmm")), rule("breathe")],
    )
    assert advice_for(q, {"x0": 0, "x1": 0}).action == "breathe"
    assert advice_for(q, {"x0": 4, "x1": 4}).action == "physiotherapy"  # aaa is above mmm


def test_any_and_all() -> None:
    either = AnyCondition((AnswerCondition("ctx", at_least=3), DomainLevelCondition("y", "high")))
    both = AllCondition((AnswerCondition("ctx", at_least=3), DomainLevelCondition("y", "high")))
    q_any = rules_questionnaire(rule("physiotherapy", either), rule("breathe"))
    q_all = rules_questionnaire(rule("physiotherapy", both), rule("breathe"))
    cases = {
        (0, 0): ("breathe", "breathe"),
        (3, 0): ("physiotherapy", "breathe"),
        (0, 4): ("physiotherapy", "breathe"),
        (4, 4): ("physiotherapy", "physiotherapy"),
    }
    for (ctx, y), (expect_any, expect_all) in cases.items():
        answers = {"ctx": ctx, "y0": y, "x0": 0, "x1": 0}
        assert advice_for(q_any, answers).action == expect_any, answers
        assert advice_for(q_all, answers).action == expect_all, answers


@given(value=st.integers(0, 4), low=st.integers(0, 4), high=st.integers(0, 4))
def test_answer_at_least_and_at_most(value, low, high) -> None:
    at_least = rules_questionnaire(
        rule("physiotherapy", AnswerCondition("ctx", at_least=low)), rule("breathe")
    )
    at_most = rules_questionnaire(
        rule("physiotherapy", AnswerCondition("ctx", at_most=high)), rule("breathe")
    )
    between = rules_questionnaire(
        rule("physiotherapy", AnswerCondition("ctx", at_least=low, at_most=high)), rule("breathe")
    )
    answers = {"ctx": value}
    assert (advice_for(at_least, answers).action == "physiotherapy") == (value >= low)
    assert (advice_for(at_most, answers).action == "physiotherapy") == (value <= high)
    assert (advice_for(between, answers).action == "physiotherapy") == (low <= value <= high)


@pytest.mark.parametrize(
    "condition",
    [
        AnswerCondition("ctx", at_least=0),
        AnswerCondition("ctx", at_most=4),
        AnswerCondition("ctx", at_least=0, at_most=4),
        AnyCondition((AnswerCondition("ctx", at_most=0),)),
    ],
    ids=["at_least_0", "at_most_4", "between", "inside_any"],
)
def test_unanswered_question_never_satisfies_an_answer_condition(condition) -> None:
    q = rules_questionnaire(rule("physiotherapy", condition), rule("breathe"))
    assert advice_for(q, {"x0": 0}).action == "breathe"
    assert advice_for(q, {"x0": 0, "ctx": 0}).action == "physiotherapy"


def test_total_at_least() -> None:
    q = rules_questionnaire(rule("physiotherapy", TotalAtLeastCondition(6)), rule("breathe"))
    assert advice_for(q, {"x0": 3, "x1": 2, "y0": 0}).action == "breathe"  # 5
    assert advice_for(q, {"x0": 3, "x1": 2, "y0": 1}).action == "physiotherapy"  # 6, exactly
    assert advice_for(q, {"x0": 4, "x1": 4}).action == "breathe"  # y unscored: no total


def test_red_flag_rule_first() -> None:
    q = rules_questionnaire(rule("urgent", RedFlagCondition(True)), rule("breathe"))
    assert advice_for(q, {"flag": 1}).action == "urgent"
    assert advice_for(q, {"flag": 0}).action == "breathe"


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "x0": st.integers(0, 4),
            "x1": st.integers(0, 4),
            "y0": st.integers(0, 4),
            "ctx": st.integers(0, 4),
        },
    ),
    st.sampled_from(["none", "last", "first"]),
)
@settings(max_examples=60)
def test_red_flag_always_gives_urgent(answers, where) -> None:
    """Safety does not depend on the rules: no red-flag rule, or one put last."""
    rest = [
        rule("physiotherapy", DomainLevelCondition("x", "moderate")),
        rule("breathe", AnswerCondition("ctx", at_most=4), exercise="box"),
        rule("breathe", exercise="resonance"),
    ]
    red = rule("urgent", RedFlagCondition(True))
    rules = {"none": rest, "last": [*rest[:-1], red, rest[-1]], "first": [red, *rest]}[where]
    q = rules_questionnaire(*rules)
    flagged = advice_for(q, {**answers, "flag": 1})
    assert flagged.action == "urgent"
    assert flagged.exercise is None
    assert any(r.key == "advice.reason.red_flag" for r in flagged.reasons)
    assert advice_for(q, {**answers, "flag": 0}).action != "urgent"


def test_red_flag_false_condition() -> None:
    """`{red_flag: false}` holds only when nothing was flagged (and never beats safety)."""
    q = rules_questionnaire(
        rule("breathe", RedFlagCondition(False), exercise="box"), rule("physiotherapy")
    )
    assert advice_for(q, {"flag": 0}).exercise == "box"
    assert advice_for(q, {"flag": 1}).action == "urgent"


def test_exercise_only_kept_on_breathe_advice() -> None:
    q = rules_questionnaire(rule("breathe", exercise="resonance"))
    result = evaluate(q, {"x0": 0.0})
    assert (result.advice.action, result.advice.exercise) == ("breathe", "resonance")


def test_no_rules_falls_back_to_breathe() -> None:
    q = rules_questionnaire()
    assert advice_for(q, {"x0": 4, "x1": 4}).action == "breathe"
    assert advice_for(q, {"flag": 1}).action == "urgent"


def test_reasons_name_what_held() -> None:
    q = rules_questionnaire(
        rule(
            "physiotherapy",
            AnyCondition((DomainLevelCondition("x", "high"), AnswerCondition("ctx", at_least=3))),
        ),
        rule("breathe"),
    )
    advice = advice_for(q, {"x0": 4, "x1": 4, "ctx": 0})
    assert [r.key for r in advice.reasons] == ["advice.reason.domain_level"]
    t = Translator("en")
    sentences = evaluate(q, {"x0": 4.0, "x1": 4.0, "ctx": 0.0}).reasons(t, "en")
    assert sentences == ["X: high (8 of 8)."]


def test_rule_order_matters_even_when_later_rules_also_hold() -> None:
    q = rules_questionnaire(
        rule("breathe", AnswerCondition("ctx", at_least=0), exercise="box"),
        rule("physiotherapy", DomainLevelCondition("x", "low")),
        rule("breathe"),
    )
    advice = advice_for(q, {"ctx": 4, "x0": 4, "x1": 4})
    assert (advice.action, advice.exercise) == ("breathe", "box")


def test_domain_max_is_the_decimal_sum_of_item_maxima() -> None:
    d, qs = build([0, 0.1], 3, 0)
    assert score_domain(d, qs, {"q0": 0.1, "q1": 0.1, "q2": 0.1}).max == 0.3
    assert score_domain(d, qs, {"q0": 0.1, "q1": 0.1, "q2": 0.1}).score == 0.3
