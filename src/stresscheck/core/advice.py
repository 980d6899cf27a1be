"""Advice: the first rule whose condition holds decides, red flags overrule all.

Reasons are kept as data (a message key and its fields) so the core stays free
of language; ``describe`` turns one into a sentence with an injected translator.
Every reason comes from a condition that held, so no sentence claims an answer
the person did not give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from stresscheck.core.questionnaire import (
    DEFAULT_FLAG_CONTACTS,
    NONE_VALUE,
    Action,
    AllCondition,
    AnswerCondition,
    AnswerValue,
    AnyCondition,
    Condition,
    ContactKind,
    DomainLevelCondition,
    OptionValue,
    Questionnaire,
    RedFlagCondition,
    TotalAtLeastCondition,
    fill,
)
from stresscheck.core.scoring import Answers, Scores
from stresscheck.core.text import LocalText, format_number

Translate = Callable[..., str]


class Reason(NamedTuple):
    """Why the advice is what it is: a catalogue key with its fields, or a file's own text.

    ``fields`` hold the facts of the condition that held (question and value,
    domain and level, ...), so the sentence quotes the person's own answers.
    """

    key: str
    fields: Mapping[str, Any] = MappingProxyType({})
    text: LocalText | None = None

    def identity(self) -> str:
        """What makes two reasons the same sentence (shown once)."""
        return repr((self.key, sorted(self.fields.items(), key=repr), self.text))


class Advice(NamedTuple):
    """The one piece of advice a result ends in, and whom to contact, most fitting first."""

    action: Action
    exercise: str | None
    reasons: tuple[Reason, ...]
    contacts: tuple[ContactKind, ...] = ()


def _level_index(levels: tuple[str, ...], level: str | None) -> int:
    return levels.index(level) if level in levels else -1


def _chosen(value: AnswerValue | None) -> tuple[OptionValue, ...]:
    """The options chosen in a multi answer, "none" not counted."""
    if not isinstance(value, tuple):
        return ()
    return tuple(item for item in value if item != NONE_VALUE)


class _Evaluator:
    """Evaluates conditions and collects the reasons of the parts that held."""

    def __init__(self, questionnaire: Questionnaire, scores: Scores, answers: Answers) -> None:
        self.questionnaire = questionnaire
        self.scores = scores
        self.answers = answers

    def holds(self, condition: Condition) -> tuple[bool, list[Reason]]:
        """Whether ``condition`` holds, with the reasons of what held.

        A condition with its own ``reason`` gives that sentence instead of the
        reasons of its parts.
        """
        held, reasons, fields = self._evaluate(condition)
        if held and condition.reason is not None:
            return True, [Reason("advice.reason.rule", fields, condition.reason)]
        return held, reasons if held else []

    def _evaluate(self, condition: Condition) -> tuple[bool, list[Reason], dict[str, Any]]:
        match condition:
            case RedFlagCondition(expected=expected):
                raised = bool(self.scores.red_flags)
                reasons = [
                    Reason("advice.reason.red_flag", {"question": q}) for q in self.scores.red_flags
                ]
                return raised == expected, reasons if raised and expected else [], {}
            case DomainLevelCondition(domain=domain_id, level=level):
                domain = self.questionnaire.domain(domain_id)
                result = self.scores.domains[domain_id]
                held = _level_index(domain.levels, result.level) >= domain.levels.index(level)
                fields = {
                    "domain": domain_id,
                    "level": result.level,
                    "score": result.score,
                    "max": result.max,
                }
                return held, [Reason("advice.reason.domain_level", fields)], fields
            case TotalAtLeastCondition(minimum=minimum):
                total = self.scores.total
                score = total.score if total is not None else None
                held = score is not None and score >= minimum
                parts = self.questionnaire.total.domains if self.questionnaire.total else ()
                fields = {"score": score, "max": sum(self.scores.domains[d].max for d in parts)}
                return held, [Reason("advice.reason.total", fields)], fields
            case AnswerCondition():
                return self._answer(condition)
            case AnyCondition(conditions=parts):
                results = [self.holds(part) for part in parts]
                return any(h for h, _ in results), [r for h, rs in results if h for r in rs], {}
            case AllCondition(conditions=parts):
                results = [self.holds(part) for part in parts]
                return all(h for h, _ in results), [r for _, rs in results for r in rs], {}
        raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover

    def _answer(self, condition: AnswerCondition) -> tuple[bool, list[Reason], dict[str, Any]]:
        value = self.answers.get(condition.question)
        fields: dict[str, Any] = {"question": condition.question, "value": value}
        if isinstance(value, tuple):
            chosen = _chosen(value)
            fields["value"] = chosen
            fields["count"] = len(chosen)
            if condition.includes is not None:
                held = condition.includes in chosen
                fields["value"] = (condition.includes,)
            else:
                held = condition.count_at_least is not None and len(chosen) >= (
                    condition.count_at_least
                )
            return held, [Reason("advice.reason.answer", fields)], fields
        low, high = condition.at_least, condition.at_most
        held = (
            value is not None
            and (low is not None or high is not None)
            and (low is None or value >= low)
            and (high is None or value <= high)
        )
        return held, [Reason("advice.reason.answer", fields)], fields


def _unique(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    seen: set[str] = set()
    kept = []
    for reason in reasons:
        if reason.identity() not in seen:
            seen.add(reason.identity())
            kept.append(reason)
    return tuple(kept)


# Most acute first: when several alarms are raised, the first contact fits the worst.
_URGENCY: tuple[ContactKind, ...] = ("emergency", "crisis", "gp_out_of_hours", "gp", "practice")


def flag_contacts(questionnaire: Questionnaire, flags: Iterable[str]) -> tuple[ContactKind, ...]:
    """Whom to contact for these red flags: each flag's first contact, most acute first,
    then the rest of their contacts in the order the file gives them."""
    lists = [
        question.red_flag.contacts
        for question in map(questionnaire.question, flags)
        if question.red_flag is not None
    ]
    first = sorted({contacts[0] for contacts in lists}, key=_URGENCY.index)
    rest = [kind for contacts in lists for kind in contacts]
    return tuple(dict.fromkeys([*first, *rest]))


def contacts_for(
    action: Action, questionnaire: Questionnaire, flags: Iterable[str]
) -> tuple[ContactKind, ...]:
    """Whom the advice names, most fitting first (empty for ``breathe``)."""
    if action == "urgent":
        return flag_contacts(questionnaire, flags) or DEFAULT_FLAG_CONTACTS
    if action == "gp":
        return ("gp",)
    if action == "physiotherapy":
        return ("practice",)
    return ()


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
    Reasons come only from conditions that held, personal ones first, each once.
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
        contacts = contacts_for("urgent", questionnaire, scores.red_flags)
        return Advice("urgent", None, _unique(flagged + custom), contacts)
    for rule in questionnaire.rules:
        held, reasons = (True, []) if rule.when is None else evaluator.holds(rule.when)
        if not held:
            continue
        if rule.action == "breathe" and escalation is not None:
            return Advice("physiotherapy", None, (escalation,), ("practice",))
        for extra in rule.also:
            reasons += evaluator.holds(extra)[1]
        if rule.reason:
            reasons.append(Reason("advice.reason.rule", text=rule.reason))
        if rule.action == "breathe" and not reasons:
            reasons = [Reason("advice.reason.no_pattern")]
        return Advice(
            rule.action,
            rule.exercise if rule.action == "breathe" else None,
            _unique(reasons),
            contacts_for(rule.action, questionnaire, ()),
        )
    # Validation requires a final rule without `when`; this is the safe default.
    return Advice("breathe", None, (Reason("advice.reason.no_pattern"),))


def describe(reason: Reason, questionnaire: Questionnaire, translate: Translate, lang: str) -> str:
    """One reason as a sentence in ``lang``, quoting the person's own answers."""
    if reason.key == "advice.reason.history":
        # Sentences from the history insight, each a catalogue line with its numbers.
        return " ".join(str(translate(key, **fields)) for key, fields in reason.fields["lines"])
    fields: dict[str, Any] = dict(reason.fields)
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
    for key in ("score", "max", "count"):
        if isinstance(fields.get(key), (int, float)):
            fields[key] = format_number(fields[key], lang)
    if reason.text is not None:
        return fill(reason.text.get(lang), {k: str(v) for k, v in fields.items()})
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
