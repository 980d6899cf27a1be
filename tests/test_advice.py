"""The advice the default questionnaire gives: the article's decision, true reasons, safety.

Each vignette is a person the clinical review (2026-11-30) or issue 14 describes.
The decision follows the *course* of the complaints (lasting more than 3 months,
coming back or spreading, relaxation helping only briefly), not their size.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli, shipped
from stresscheck.core.advice import Reason
from stresscheck.core.body_map import Spreading
from stresscheck.core.questionnaire import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    BodyMapSpreadCondition,
    Condition,
    DomainLevelCondition,
    Questionnaire,
    RedFlagCondition,
    TotalAtLeastCondition,
)
from stresscheck.core.result import QuizResult, evaluate
from stresscheck.core.scoring import Scores
from stresscheck.i18n import Translator

EN, NL = Translator("en"), Translator("nl")
Answers = dict[str, Any]


def default() -> Questionnaire:
    return shipped()[0]


def calm() -> Answers:
    """Every question answered with its calmest option; no screening signs."""
    return {
        q.id: ("none",) if q.multi else (q.max_value if q.reverse else q.min_value)
        for q in default().questions
    }


def with_(**changes: Any) -> Answers:
    return {**calm(), **changes}


# Tension 7 of 16 (moderate), everything else calm: total 7 of 60.
MILD_TENSION = {"tension_1": 2, "tension_2": 2, "tension_3": 3}
# Tension 14 of 16 (high).
HIGH_TENSION = {"tension_1": 4, "tension_2": 3, "tension_3": 3, "tension_4": 0}  # reversed: 4
SETTLED_SIGNS = {"duration": 4, "relaxation_effect": 2, "spreading": 2}


def advise(answers: Answers, spreading: Spreading | None = None) -> QuizResult:
    return evaluate(default(), answers, spreading=spreading)


def reasons(result: QuizResult, t: Translator = EN) -> list[str]:
    return result.reasons(t, t.lang)


# --------------------------------------------------------------------------- the article's decision


def test_mild_but_persistent_is_not_told_it_is_fine() -> None:
    """Issue 14 case 1: >3 months, relaxation helps only briefly, spreading, tension
    moderate, total 16 of 60: physiotherapy, with the person's own answers as reasons."""
    answers = with_(
        duration=4,
        relaxation_effect=2,
        spreading=3,
        tension_1=2,
        tension_2=2,
        tension_3=3,
        fatigue_1=2,
        fatigue_2=1,
        restlessness_1=2,
        breathing_1=2,
        breathing_3=2,
    )
    result = advise(answers)
    assert result.scores.total is not None and result.scores.total.score == 16
    assert result.advice.action == "physiotherapy"
    shown = reasons(result)
    assert "You said your complaints have lasted more than 3 months." in shown
    relaxation = default().question("relaxation_effect").label_for(2, "en")
    assert f'About relaxation exercises you said: "{relaxation}".' in shown
    assert not any("no signs" in line for line in shown)


def test_high_but_recent_with_lasting_relief_gets_breathing_and_a_recheck() -> None:
    """Issue 14 case 2: tension 14/16, less than 2 weeks, relaxation helps and lasts."""
    result = advise(with_(**HIGH_TENSION, duration=1, relaxation_effect=0, spreading=0))
    assert result.scores.domains["tension"].level == "high"
    assert (result.advice.action, result.advice.exercise) == ("breathe", "resonance")
    shown = " ".join(reasons(result))
    assert "two weeks" in shown and "GP" in shown
    for claim in ("3 months", "relaxation", "come back", "spread"):
        assert claim not in shown.split("If complaints")[0], claim


def test_one_to_three_months_with_lasting_relief_is_not_settled_in() -> None:
    """Issue 14 case 3."""
    result = advise(with_(**MILD_TENSION, duration=3, relaxation_effect=0))
    assert result.advice.action == "breathe"


@pytest.mark.parametrize(("question", "value"), list(SETTLED_SIGNS.items()))
def test_each_settled_in_sign_alone_with_a_moderate_area_gives_physiotherapy(
    question: str, value: int
) -> None:
    result = advise(with_(**MILD_TENSION, **{question: value}))
    assert result.advice.action == "physiotherapy"
    assert result.advice.contacts == ("practice",)
    # The reason names this sign and no other.
    others = [q for q in SETTLED_SIGNS if q != question]
    shown = " ".join(reasons(result))
    phrases = {
        "duration": "more than 3 months",
        "relaxation_effect": "About relaxation",
        "spreading": "About your complaints",
    }
    assert phrases[question] in shown
    assert not any(phrases[other] in shown for other in others)


@pytest.mark.parametrize(("question", "value"), list(SETTLED_SIGNS.items()))
def test_a_settled_in_sign_with_every_area_low_keeps_watch(question: str, value: int) -> None:
    result = advise(with_(**{question: value}))
    assert (result.advice.action, result.advice.exercise) == ("breathe", "resonance")
    shown = " ".join(reasons(result))
    assert "Keep an eye on your complaints" in shown and "physiotherapist" in shown
    assert "no signs" not in shown


def test_calm_gets_resonance_breathing_with_no_signs() -> None:
    result = advise(calm())
    assert (result.advice.action, result.advice.exercise) == ("breathe", "resonance")
    assert result.advice.contacts == ()
    assert "We see no signs now that you need more help than this." in reasons(result)[0]


def test_mild_recent_gets_breathing() -> None:
    result = advise(with_(fatigue_1=2, tension_1=2, duration=1))
    assert result.advice.action == "breathe"


def test_moderate_with_lasting_relief_gets_breathing() -> None:
    answers = with_(**MILD_TENSION, fatigue_1=2, fatigue_2=2, duration=2, relaxation_effect=0)
    assert advise(answers).advice.action == "breathe"


def test_high_recent_breathing_gets_the_exercise_without_holds() -> None:
    answers = with_(breathing_1=4, breathing_2=3, breathing_3=3, breathing_4=3, duration=1)
    result = advise(answers)
    assert (result.advice.action, result.advice.exercise) == ("breathe", "extended_exhale")
    assert "two weeks" in " ".join(reasons(result))


def test_load_and_carrying_on_add_to_the_picture_but_never_decide() -> None:
    heavy = {"load": 3, "carry_on": 4}
    assert advise(with_(**heavy)).advice.action == "breathe"
    result = advise(with_(**MILD_TENSION, duration=4, **heavy))
    assert result.advice.action == "physiotherapy"
    shown = reasons(result)
    load = default().question("load").label_for(3, "en")
    assert any(load in line for line in shown)
    assert any("carry on" in line for line in shown)


def test_the_physiotherapy_text_claims_nothing_the_person_did_not_say() -> None:
    """Issue 14 case 2's fixed sentence is gone: the general text is true for anyone."""
    shown = " ".join(EN(key) for key in ("advice.physiotherapy.what", "advice.physiotherapy.find"))
    assert "come back or spread" not in shown and "only for a short time" not in shown


# --------------------------------------------------------------------------- safety first


@pytest.mark.parametrize(
    ("flag", "first"),
    [("self_harm", "crisis"), ("chest_pain", "emergency"), ("fainting", "gp")],
)
def test_each_alarm_names_the_fitting_contact_first(flag: str, first: str) -> None:
    result = advise(with_(**HIGH_TENSION, duration=4, **{flag: 1}))
    assert result.advice.action == "urgent"
    assert result.advice.contacts[0] == first
    assert result.advice.exercise is None


def test_chest_pain_and_self_harm_together_name_112_first_and_113_too() -> None:
    contacts = advise(with_(chest_pain=1, self_harm=1)).advice.contacts
    assert contacts[0] == "emergency" and "crisis" in contacts


def test_self_harm_is_met_with_warm_words_that_never_play_it_down() -> None:
    question = default().question("self_harm")
    assert question.red_flag is not None and question.red_flag.message is not None
    for lang in ("en", "nl"):
        words = question.red_flag.message.get(lang)
        assert "113" in words
        for dismissive in (
            "need not mean",
            "hoeft niet te betekenen",
            "can wait",
            "kunnen wachten",
        ):
            assert dismissive not in words
    for t in (EN, NL):
        assert "need not mean" not in t("advice.urgent.intro")
        assert "hoeft niet te betekenen" not in t("advice.urgent.intro")


@pytest.mark.parametrize(
    "sign",
    [o.value for o in shipped()[0].question("gp_signs").options if o.value != "none"],
)
def test_each_screening_sign_sends_to_the_gp_first(sign: str) -> None:
    result = advise(with_(**HIGH_TENSION, **SETTLED_SIGNS, gp_signs=(sign,)))
    assert result.advice.action == "gp"
    assert result.advice.contacts == ("gp",)
    label = default().question("gp_signs").label_for(sign, "en")
    assert any(label in line for line in reasons(result))


def test_low_mood_names_the_gp_or_poh_ggz() -> None:
    shown = reasons(advise(with_(gp_signs=("low_mood",))), NL)
    assert any("POH-GGZ" in line for line in shown)


def test_short_of_breath_at_rest_without_a_doctor_goes_to_the_gp() -> None:
    assert advise(with_(breath_doctor=2)).advice.action == "gp"
    assert advise(with_(breath_doctor=1)).advice.action == "breathe"


def test_none_of_the_screening_signs_is_no_sign() -> None:
    assert advise(with_(gp_signs=("none",))).advice.action == "breathe"
    assert advise(with_(gp_signs=())).advice.action == "breathe"


def test_safety_questions_come_last_but_their_contacts_are_data() -> None:
    """Which contact fits which alarm is written in the questionnaire, not in code."""
    flags = {q.id: q.red_flag for q in default().questions if q.red_flag is not None}
    assert set(flags) == {"chest_pain", "fainting", "self_harm"}
    assert flags["self_harm"] is not None and flags["self_harm"].contacts[0] == "crisis"


# --------------------------------------------------------------------------- true reasons


def reference_holds(
    condition: Condition,
    answers: Answers,
    scores: Scores,
    q: Questionnaire,
    spreading: Spreading | None = None,
) -> bool:
    """An independent, plain reading of the contract's conditions."""
    match condition:
        case BodyMapSpreadCondition(expected=expected):
            return (spreading is not None) == expected
        case RedFlagCondition(expected=expected):
            return bool(scores.red_flags) == expected
        case DomainLevelCondition(domain=domain, level=level):
            levels = q.domain(domain).levels
            got = scores.domains[domain].level
            return got is not None and levels.index(got) >= levels.index(level)
        case TotalAtLeastCondition(minimum=minimum):
            return scores.total is not None and (scores.total.score or -1) >= minimum
        case AnswerCondition(question=qid, includes=includes, count_at_least=count):
            value = answers.get(qid)
            if isinstance(value, tuple):
                chosen = [v for v in value if v != "none"]
                return includes in chosen if includes is not None else len(chosen) >= (count or 0)
            if value is None:
                return False
            low, high = condition.at_least, condition.at_most
            return (low is None or value >= low) and (high is None or value <= high)
        case AnyCondition(conditions=parts):
            return any(reference_holds(p, answers, scores, q, spreading) for p in parts)
        case AllCondition(conditions=parts):
            return all(reference_holds(p, answers, scores, q, spreading) for p in parts)
    raise AssertionError(condition)


def walk(condition: Condition | None):
    if condition is None:
        return
    yield condition
    for part in getattr(condition, "conditions", ()):
        yield from walk(part)


def answer_strategy(question):
    if question.multi:
        values = [o.value for o in question.options if o.value != "none"]
        return st.one_of(
            st.none(),
            st.sets(st.sampled_from(values), max_size=3).map(
                lambda chosen: tuple(v for v in values if v in chosen)
            ),
        )
    return st.one_of(st.none(), st.sampled_from(sorted(question.numbers)))


def any_answers():
    return st.fixed_dictionaries({q.id: answer_strategy(q) for q in default().questions}).map(
        lambda given: {k: v for k, v in given.items() if v is not None}
    )


def explained_by(
    reason: Reason,
    rule_conditions: list[Condition],
    result: QuizResult,
    spreading: Spreading | None = None,
) -> bool:
    """Whether ``reason`` comes from a condition of the deciding rule that really held."""
    q, answers, scores = result.questionnaire, result.answers, result.scores
    held = [c for c in rule_conditions if reference_holds(c, answers, scores, q, spreading)]
    if reason.text is not None:
        return any(c.reason == reason.text for c in held)
    fields = reason.fields
    if reason.key == "advice.reason.domain_level":
        return any(
            isinstance(c, DomainLevelCondition) and c.domain == fields["domain"] for c in held
        )
    if reason.key == "advice.reason.answer":
        return any(
            isinstance(c, AnswerCondition) and c.question == fields["question"] for c in held
        )
    if reason.key == "advice.reason.red_flag":
        return fields["question"] in scores.red_flags
    if reason.key == "advice.reason.body_map_spread":
        return spreading is not None and any(isinstance(c, BodyMapSpreadCondition) for c in held)
    return reason.key in {"advice.reason.total", "advice.reason.no_pattern"}


# Spreading measured on the body map, or none: what the history adds to a check.
spreadings = st.none() | st.builds(
    Spreading,
    st.just(datetime(2026, 10, 3, 9, 0, tzinfo=UTC)),
    st.integers(0, 4),
    st.integers(5, 10),
    st.sampled_from(["first", "weeks"]),
)


@given(answers=any_answers(), spreading=spreadings)
@settings(max_examples=300, deadline=None)
def test_every_reason_belongs_to_a_condition_that_held_and_none_repeats(
    answers: Answers, spreading: Spreading | None
) -> None:
    result = advise(answers, spreading)
    q = result.questionnaire
    if result.advice.action == "urgent":
        assert all(
            r.key in {"advice.reason.red_flag", "advice.reason.rule"} for r in result.advice.reasons
        )
        return
    rule = next(
        r
        for r in q.rules
        if r.when is None or reference_holds(r.when, answers, result.scores, q, spreading)
    )
    conditions = [c for root in (rule.when, *rule.also) for c in walk(root)]
    for reason in result.advice.reasons:
        if reason.text is not None and reason.text == rule.reason:
            continue
        assert explained_by(reason, conditions, result, spreading), (reason, rule)
    for t in (EN, NL):
        shown = reasons(result, t)
        assert len(shown) == len(set(shown)), shown


@given(answers=any_answers())
@settings(max_examples=300, deadline=None)
def test_no_sentence_claims_an_answer_the_person_did_not_give(answers: Answers) -> None:
    result = advise(answers)
    shown = " ".join(reasons(result))
    if "more than 3 months" in shown:
        assert answers.get("duration") == 4
    if "About relaxation exercises you said" in shown:
        assert answers.get("relaxation_effect", 0) >= 2
    if "About your complaints you said" in shown:
        assert answers.get("spreading", 0) >= 2
    if "no doctor has looked at it" in shown:
        assert answers.get("breath_doctor") == 2


# --------------------------------------------------------------------------- through the program


def quiz_json(home, answers: Answers, lang: str = "en") -> dict[str, Any]:
    payload = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    done = run_cli(
        ["quiz", "--answers", "-", "--json", "--no-save", "--lang", lang],
        home,
        stdin=json.dumps(payload),
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


VIGNETTES = {
    "calm": (calm(), "breathe", None),
    "persistent": (with_(**MILD_TENSION, **SETTLED_SIGNS), "physiotherapy", "practice"),
    "high_recent": (with_(**HIGH_TENSION, duration=1), "breathe", None),
    "self_harm": (with_(self_harm=1), "urgent", "crisis"),
    "chest_pain": (with_(chest_pain=1), "urgent", "emergency"),
    "fainting": (with_(fainting=1), "urgent", "gp"),
    "screening": (with_(gp_signs=("night_pain",)), "gp", "gp"),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", sorted(VIGNETTES))
def test_vignettes_through_answers_json(stresscheck_home, name: str, lang: str) -> None:
    answers, action, first = VIGNETTES[name]
    result = quiz_json(stresscheck_home, answers, lang)
    advice = result["advice"]
    assert advice["action"] == action
    contacts = advice["contacts"]
    assert [c["kind"] for c in contacts][:1] == ([first] if first else [])
    for contact in contacts:
        assert {"kind", "name", "phone"} <= set(contact)
    if first == "crisis":
        assert contacts[0]["phone"] == "113"
    if first == "emergency":
        assert contacts[0]["phone"] == "112"
    t = Translator(lang)
    expected = reasons(advise(answers), t)
    assert advice["reasons"] == expected
    assert result["answers"].get("gp_signs") == list(answers["gp_signs"])


def test_a_practice_set_up_is_the_physiotherapy_contact(stresscheck_home, tmp_path) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(
        "practice:\n  name: Praktijk Test\n  phone: '+31 20 000 0000'\n", encoding="utf-8"
    )
    assert run_cli(["setup", practice], stresscheck_home).returncode == 0
    result = quiz_json(stresscheck_home, with_(**MILD_TENSION, duration=4))
    [contact] = result["advice"]["contacts"]
    assert (contact["kind"], contact["name"], contact["phone"]) == (
        "practice",
        "Praktijk Test",
        "+31 20 000 0000",
    )


def test_the_result_screen_shows_load_and_the_urgent_contacts(stresscheck_home) -> None:
    answers = with_(self_harm=1, load=3)
    payload = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    done = run_cli(
        ["quiz", "--answers", "-", "--no-save", "--plain", "--lang", "nl"],
        stresscheck_home,
        stdin=json.dumps(payload),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    load = default().question("load").label_for(3, "nl")
    assert any(load in line for line in lines)
    crisis, emergency = NL("contact.crisis"), NL("contact.emergency")
    shown = "\n".join(lines)
    assert crisis in shown and emergency in shown
    assert shown.index(crisis) < shown.index(emergency) < shown.index(NL("result.heading"))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"gp_signs": "night_pain"}, "give a list of values"),
        ({"gp_signs": ["none", "night_pain"]}, "choose it alone"),
        ({"gp_signs": ["headache"]}, "is not one of this question's answers"),
        ({"duration": "night_pain"}, "is not one of this question's answers"),
    ],
)
def test_bad_multi_answers_are_input_errors(stresscheck_home, answers, message) -> None:
    done = run_cli(
        ["quiz", "--answers", "-", "--json", "--no-save"],
        stresscheck_home,
        stdin=json.dumps(answers),
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


SIGNS = [o.value for o in shipped()[0].question("gp_signs").options if o.value != "none"]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("sign", SIGNS)
def test_each_screening_sign_through_the_program(stresscheck_home, sign: str, lang: str) -> None:
    answers = with_(**HIGH_TENSION, **SETTLED_SIGNS, gp_signs=(sign,))
    advice = quiz_json(stresscheck_home, answers, lang)["advice"]
    assert advice["action"] == "gp"
    assert [c["kind"] for c in advice["contacts"]] == ["gp"]
    label = default().question("gp_signs").label_for(sign, lang)
    assert any(label in reason for reason in advice["reasons"])


def test_old_stored_results_still_show(stresscheck_home) -> None:
    """A version 1 result (before gp_signs, carry_on and breath_doctor existed) is kept
    and shown beside a new one, in history and in the report."""
    from history_factories import quiz
    from stresscheck.adapters.storage.store import Store

    with Store.open(stresscheck_home / "history.sqlite3") as store:
        store.save_quiz(quiz(day=0))
    quiz_json_saved = run_cli(
        ["quiz", "--answers", "-", "--json"],
        stresscheck_home,
        stdin=json.dumps({"fatigue_1": 2, "gp_signs": ["none"]}),
    )
    assert quiz_json_saved.returncode == 0, quiz_json_saved.stderr
    history = json.loads(run_cli(["history", "--json"], stresscheck_home).stdout)
    assert [q["questionnaire_version"] for q in history["quizzes"]] == [1, default().version]
    assert history["quizzes"][1]["answers"]["gp_signs"] == ["none"]
    for args in (["history"], ["report", "--format", "md", "-o", "-"]):
        done = run_cli(args, stresscheck_home)
        assert done.returncode == 0, done.stderr
