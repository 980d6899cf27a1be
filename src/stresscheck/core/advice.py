"""Advice: the first rule whose condition holds decides, red flags overrule all.

Reasons are kept as data (a message key and its fields) so the core stays free
of language; ``describe`` turns one into a sentence with an injected translator.
Every reason comes from a condition that held, so no sentence claims an answer
the person did not give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from stresscheck.core.body_map import Spreading, spreading_fields
from stresscheck.core.labels import Labels, level_name, readable_id
from stresscheck.core.questionnaire import (
    DEFAULT_FLAG_CONTACTS,
    NONE_VALUE,
    Action,
    AllCondition,
    AnswerCondition,
    AnswerValue,
    AnyCondition,
    BodyMapSpreadCondition,
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

if TYPE_CHECKING:  # the stored shapes only name types here: a quiz not kept never loads them
    from stresscheck.core.history import ReasonDataDict, ReasonLineDict

Translate = Callable[..., str]
_Found = TypeVar("_Found")


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

    def __init__(
        self,
        questionnaire: Questionnaire,
        scores: Scores,
        answers: Answers,
        spreading: Spreading | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.scores = scores
        self.answers = answers
        self.spreading = spreading

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
            case BodyMapSpreadCondition(expected=expected):
                found = self.spreading
                if found is None:
                    return not expected, [], {}
                fields = spreading_fields(found)
                reasons = [Reason("advice.reason.body_map_spread", fields)] if expected else []
                return expected, reasons, fields
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
    spreading: Spreading | None = None,
) -> Advice:
    """The advice for one result.

    A red flag always gives ``urgent``, whatever the rules say: safety does not
    depend on a questionnaire author remembering the rule. ``escalation`` (from
    the person's history) turns a ``breathe`` advice into physiotherapy;
    ``spreading`` (measured on the body map over time) is what a
    ``body_map_spread`` condition looks at.
    Reasons come only from conditions that held, personal ones first, each once.
    """
    evaluator = _Evaluator(questionnaire, scores, answers, spreading)
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


def describe(
    reason: Reason, questionnaire: Questionnaire | None, translate: Translate, lang: str
) -> str:
    """One reason as a sentence in ``lang``, quoting the person's own answers.

    ``questionnaire`` None (or one that does not know an id, as for a record of
    an older or another questionnaire): ids are shown in a readable form.
    """
    if reason.key == "advice.reason.history":
        # Sentences from the history insight, each a catalogue line with its numbers.
        return " ".join(
            str(translate(key, **_numbers(fields, lang))) for key, fields in reason.fields["lines"]
        )
    fields: dict[str, Any] = dict(reason.fields)
    if "question" in fields:
        question_id = str(fields["question"])
        question = _lookup(questionnaire.question, question_id) if questionnaire else None
        value = fields.get("value")
        if question is not None:
            fields["question"] = (question.short or question.text).get(lang)
            if value is not None:
                fields["answer"] = question.label_for(value, lang)
        else:
            fields["question"] = readable_id(question_id)
            if value is not None:
                fields["answer"] = _plain_answer(value, lang)
    if "domain" in fields:
        domain_id = str(fields["domain"])
        domain = _lookup(questionnaire.domain, domain_id) if questionnaire else None
        fields["domain"] = domain.title.get(lang) if domain is not None else readable_id(domain_id)
    if "level" in fields:
        fields["level"] = level_name(
            questionnaire, reason.fields.get("domain"), fields["level"], translate, lang
        )
    if isinstance(fields.get("since"), str):
        fields["since"] = _day_words(fields["since"], translate, lang)
    fields = _numbers(fields, lang, ("score", "max", "count", "then", "now"))
    if reason.text is not None:
        return fill(reason.text.get(lang), {k: str(v) for k, v in fields.items()})
    return str(translate(reason.key, **fields))


def _day_words(iso_day: str, translate: Translate, lang: str) -> str:
    """``2026-10-03`` as the catalogue writes a day (``3 Oct 2026``); as given
    when it is not a date (an edited import)."""
    try:
        day = date.fromisoformat(iso_day)
    except ValueError:
        return iso_day
    return Labels(translate, lang).day(day)


def _lookup(find: Callable[[str], _Found], identifier: str) -> _Found | None:
    try:
        return find(identifier)
    except KeyError:
        return None


def _numbers(
    fields: Mapping[str, Any], lang: str, names: Iterable[str] | None = None
) -> dict[str, Any]:
    """``fields`` with its numbers (those in ``names``, or all) written for ``lang``."""
    wanted = None if names is None else set(names)
    return {
        key: format_number(value, lang)
        if isinstance(value, int | float)
        and not isinstance(value, bool)
        and (wanted is None or key in wanted)
        else value
        for key, value in fields.items()
    }


def _plain_answer(value: Any, lang: str) -> str:
    """An answer without its questionnaire: numbers for ``lang``, option ids readable."""
    if isinstance(value, tuple | list):
        return "; ".join(_plain_answer(item, lang) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, lang)
    return readable_id(str(value))


# --- reasons kept with a record ------------------------------------------------------
#
# A record keeps its reasons twice: as the sentences shown when the quiz was taken
# (in the record's language), and as data without language, so that a report in
# another language can say them again: ``{"key": ..., "fields": {...}}``, with
# ``"text"`` (a questionnaire file's own sentence, all its languages) or
# ``"lines"`` (the history insight's catalogue lines, numbers as numbers).

_FORMATTED = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?\Z")


def _unformatted(value: Any) -> Any:
    """A number that ``describe_insight`` wrote as text (``2,1``) as a number again."""
    if isinstance(value, str) and _FORMATTED.match(value):
        return float(value.replace(",", ".")) if "." in value or "," in value else int(value)
    return value


def reason_data(reason: Reason) -> ReasonDataDict:
    """``reason`` as JSON-shaped data that holds no language (see ``reason_from_data``)."""
    if reason.key == "advice.reason.history":
        lines: list[ReasonLineDict] = [
            {"key": key, "fields": {name: _unformatted(v) for name, v in fields.items()}}
            for key, fields in reason.fields["lines"]
        ]
        return {"key": reason.key, "fields": {}, "lines": lines}
    data: ReasonDataDict = {
        "key": reason.key,
        "fields": {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in reason.fields.items()
        },
    }
    if reason.text is not None:
        data["text"] = dict(reason.text.values)
    return data


def reason_from_data(data: Mapping[str, Any]) -> Reason:
    """The reason that ``reason_data`` made ``data`` of (a checked record's data)."""
    fields: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list | tuple) else value
        for name, value in data["fields"].items()
    }
    if "lines" in data:
        fields["lines"] = tuple((line["key"], dict(line["fields"])) for line in data["lines"])
    text = LocalText(dict(data["text"])) if "text" in data else None
    return Reason(str(data["key"]), fields, text)


def stored_reasons(
    advice: Mapping[str, Any],
    record_lang: str,
    questionnaire: Questionnaire | None,
    translate: Translate,
    lang: str,
) -> list[tuple[str, str]]:
    """A stored advice's reasons as ``(sentence, language it is written in)``.

    In the record's own language: the sentences as they were shown. In another
    language: said again from the record's reason data; a record from before
    that data was kept has only its sentences, which stay in ``record_lang``.
    ``questionnaire`` is the record's own (None when not known).
    """
    data = advice.get("reason_data")
    kept = [(str(sentence), record_lang) for sentence in advice["reasons"]]
    if data is None or lang == record_lang:
        return kept
    try:
        sentences = [
            describe(reason_from_data(item), questionnaire, translate, lang) for item in data
        ]
    except (KeyError, IndexError, TypeError, ValueError):
        # Data that does not fit its sentence (an edited import lacking a field the
        # catalogue line fills in): the sentences as they were written are still true.
        return kept
    return [(sentence, lang) for sentence in dict.fromkeys(sentences)]
