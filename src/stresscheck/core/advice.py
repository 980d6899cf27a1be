"""Advice: the first rule whose condition holds decides, red flags overrule all.

Reasons are kept as data (a message key and its fields) so the core stays free
of language; ``describe`` turns one into a sentence with an injected translator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from stresscheck.core.questionnaire import (
    Action,
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Condition,
    DomainLevelCondition,
    Questionnaire,
    RedFlagCondition,
    Rule,
    TotalAtLeastCondition,
)
from stresscheck.core.scoring import Answers, Scores
from stresscheck.core.text import LocalText, format_number

Translate = Callable[..., str]


class Reason(NamedTuple):
    """Why the advice is what it is: a catalogue key with its fields, or a rule's own text."""

    key: str
    fields: Mapping[str, Any] = MappingProxyType({})
    text: LocalText | None = None


class Advice(NamedTuple):
    """The one piece of advice a result ends in."""

    action: Action
    exercise: str | None
    reasons: tuple[Reason, ...]


def _level_index(levels: tuple[str, ...], level: str | None) -> int:
    return levels.index(level) if level in levels else -1


class _Evaluator:
    """Evaluates conditions and collects the reasons of the parts that held."""

    def __init__(self, questionnaire: Questionnaire, scores: Scores, answers: Answers) -> None:
        self.questionnaire = questionnaire
        self.scores = scores
        self.answers = answers

    def holds(self, condition: Condition) -> tuple[bool, list[Reason]]:
        match condition:
            case RedFlagCondition(expected=expected):
                raised = bool(self.scores.red_flags)
                reasons = [
                    Reason("advice.reason.red_flag", {"question": q}) for q in self.scores.red_flags
                ]
                return raised == expected, reasons if raised and expected else []
            case DomainLevelCondition(domain=domain_id, level=level):
                domain = self.questionnaire.domain(domain_id)
                result = self.scores.domains[domain_id]
                held = _level_index(domain.levels, result.level) >= domain.levels.index(level)
                reason = Reason(
                    "advice.reason.domain_level",
                    {
                        "domain": domain_id,
                        "level": result.level,
                        "score": result.score,
                        "max": result.max,
                    },
                )
                return held, [reason] if held else []
            case TotalAtLeastCondition(minimum=minimum):
                total = self.scores.total
                held = total is not None and total.score is not None and total.score >= minimum
                return held, [
                    Reason("advice.reason.total", {"score": total.score if total else None})
                ] if held else []
            case AnswerCondition(question=question_id, at_least=low, at_most=high):
                value = self.answers.get(question_id)
                held = (
                    value is not None
                    and (low is None or value >= low)
                    and (high is None or value <= high)
                )
                reason = Reason("advice.reason.answer", {"question": question_id, "value": value})
                return held, [reason] if held else []
            case AnyCondition(conditions=parts):
                results = [self.holds(part) for part in parts]
                return any(h for h, _ in results), [r for h, rs in results if h for r in rs]
            case AllCondition(conditions=parts):
                results = [self.holds(part) for part in parts]
                held = all(h for h, _ in results)
                return held, [r for _, rs in results for r in rs] if held else []
        raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover


def _reasons(rule: Rule, from_conditions: list[Reason]) -> tuple[Reason, ...]:
    custom = [Reason("advice.reason.rule", text=rule.reason)] if rule.reason else []
    return tuple(custom + from_conditions)


def advise(
    questionnaire: Questionnaire,
    scores: Scores,
    answers: Answers,
    escalation: Reason | None = None,
) -> Advice:
    """The advice for one result.

    A red flag always gives ``urgent``, whatever the rules say: safety does not
    depend on a questionnaire author remembering the rule. ``escalation`` (from
    the person's history) turns a ``breathe`` advice into physiotherapy.
    """
    evaluator = _Evaluator(questionnaire, scores, answers)
    if scores.red_flags:
        urgent_rule = next((r for r in questionnaire.rules if r.action == "urgent"), None)
        flagged = [Reason("advice.reason.red_flag", {"question": q}) for q in scores.red_flags]
        custom = (
            [Reason("advice.reason.rule", text=urgent_rule.reason)]
            if urgent_rule and urgent_rule.reason
            else []
        )
        return Advice("urgent", None, tuple(custom + flagged))
    for rule in questionnaire.rules:
        held, reasons = (True, []) if rule.when is None else evaluator.holds(rule.when)
        if not held:
            continue
        if rule.action == "breathe" and escalation is not None:
            return Advice("physiotherapy", None, (escalation,))
        if rule.action == "breathe" and not reasons and not rule.reason:
            reasons = [Reason("advice.reason.no_pattern")]
        return Advice(
            rule.action,
            rule.exercise if rule.action == "breathe" else None,
            _reasons(rule, reasons),
        )
    # Validation requires a final rule without `when`; this is the safe default.
    return Advice("breathe", None, (Reason("advice.reason.no_pattern"),))


def describe(reason: Reason, questionnaire: Questionnaire, translate: Translate, lang: str) -> str:
    """One reason as a sentence in ``lang``."""
    if reason.text is not None:
        return reason.text.get(lang)
    if reason.key == "advice.reason.history":
        # Sentences from the history insight, each a catalogue line with its numbers.
        return " ".join(str(translate(key, **fields)) for key, fields in reason.fields["lines"])
    fields = dict(reason.fields)
    if "question" in fields:
        question = questionnaire.question(fields["question"])
        fields["question"] = (question.short or question.text).get(lang)
        if fields.get("value") is not None:
            fields["answer"] = question.label_for(fields["value"], lang)
    if "domain" in fields:
        fields["domain"] = questionnaire.domain(fields["domain"]).title.get(lang)
    if "level" in fields:
        fields["level"] = level_name(
            questionnaire, reason.fields.get("domain"), fields["level"], translate, lang
        )
    for key in ("score", "max"):
        if isinstance(fields.get(key), (int, float)):
            fields[key] = format_number(fields[key], lang)
    return str(translate(reason.key, **fields))


def level_name(
    questionnaire: Questionnaire,
    domain_id: str | None,
    level: str | None,
    translate: Translate,
    lang: str,
) -> str:
    """A level as people read it: the band's own label, else the catalogue's word."""
    if level is None:
        return str(translate("level.none"))
    bands = (
        questionnaire.domain(domain_id).bands
        if domain_id
        else (questionnaire.total.bands if questionnaire.total else ())
    )
    for band in bands:
        if band.level == level and band.label:
            return band.label.get(lang)
    key = f"level.{level}"
    text = str(translate(key))
    return level if text == key else text
