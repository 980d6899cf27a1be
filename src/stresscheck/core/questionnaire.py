"""The questionnaire model: scales, domains, questions, bands and advice rules.

Immutable values built by the file loader after validation; the scoring and
advice modules read them and never touch files. They are NamedTuples rather
than frozen dataclasses because they are defined on every start of the
program: a dataclass costs about half a millisecond to create, a NamedTuple a
tenth of that (see benchmarks/bench_startup.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from stresscheck.core.text import LocalText

Action = Literal["urgent", "gp", "physiotherapy", "breathe"]
ACTIONS: tuple[Action, ...] = ("urgent", "gp", "physiotherapy", "breathe")
Scoring = Literal["sum", "mean"]
# Whom to contact, most fitting first (the contract's ``advice.contacts`` kinds).
ContactKind = Literal["emergency", "crisis", "gp", "gp_out_of_hours", "practice"]
# A red flag without contacts of its own: the huisarts today, 112 when it is acute.
DEFAULT_FLAG_CONTACTS: tuple[ContactKind, ...] = ("gp", "gp_out_of_hours", "emergency")
# The option of a multi question that means "none of these": it stands alone.
NONE_VALUE = "none"

OptionValue = float | str
# One answer: a number for a single-choice question, the chosen values for a multi one.
AnswerValue = float | tuple[OptionValue, ...]


class Option(NamedTuple):
    """One answer a person can pick; ``value`` is what scoring sees.

    Values are numbers; in a ``multi`` question they may also be ids (``neck``).
    """

    value: OptionValue
    label: LocalText


class Band(NamedTuple):
    """A score range ending at ``max`` (inclusive); ``None`` is the open top band."""

    level: str
    max: float | None = None
    label: LocalText | None = None


class Domain(NamedTuple):
    """A scored group of questions."""

    id: str
    title: LocalText
    scoring: Scoring
    max_missing: int
    bands: tuple[Band, ...]
    # Marked in the file (``breathing: true``): this area's complaints mean breath
    # holds and extra in-breaths need care. Never decided from an id in code.
    breathing: bool = False

    @property
    def levels(self) -> tuple[str, ...]:
        """Level names in band order (low to high)."""
        return tuple(band.level for band in self.bands)


class RedFlag(NamedTuple):
    """An answer at or above ``at_least`` raises a red flag.

    ``contacts`` say whom to call for this alarm, most fitting first;
    ``message`` is the question's own words for the urgent advice.
    """

    at_least: float
    contacts: tuple[ContactKind, ...] = DEFAULT_FLAG_CONTACTS
    message: LocalText | None = None


class Question(NamedTuple):
    """A question with its answer options; ``domain`` None means unscored context.

    A ``multi`` question takes any number of options; its answer is a tuple of
    option values. Only single-choice questions are scored or raise red flags.
    """

    id: str
    text: LocalText
    options: tuple[Option, ...]
    domain: str | None = None
    reverse: bool = False
    red_flag: RedFlag | None = None
    short: LocalText | None = None
    help: LocalText | None = None
    multi: bool = False

    @property
    def red_flag_at_least(self) -> float | None:
        """The value from which an answer raises a red flag (None: never)."""
        return self.red_flag.at_least if self.red_flag else None

    @property
    def numbers(self) -> tuple[float, ...]:
        """The numeric option values (all of them for a single-choice question)."""
        return tuple(
            float(option.value) for option in self.options if not isinstance(option.value, str)
        )

    @property
    def min_value(self) -> float:
        """The lowest numeric option value."""
        return min(self.numbers)

    @property
    def max_value(self) -> float:
        """The highest numeric option value."""
        return max(self.numbers)

    @property
    def values(self) -> frozenset[OptionValue]:
        """Every value an answer (or, for ``multi``, one chosen item) may have."""
        return frozenset(option.value for option in self.options)

    def label_for(self, value: AnswerValue | OptionValue, lang: str) -> str:
        """The label of the first option with ``value`` (several may share one).

        For a multi answer: the chosen labels joined by semicolons (a label may
        itself hold a comma).
        """
        if isinstance(value, tuple):
            return "; ".join(self.label_for(item, lang) for item in value)
        for option in self.options:
            if option.value == value:
                return option.label.get(lang)
        return str(value)


class Total(NamedTuple):
    """An optional overall score: the sum of some domains' scores."""

    domains: tuple[str, ...]
    bands: tuple[Band, ...]


# Conditions of advice rules: a small closed set of data types, evaluated by
# stresscheck.core.advice. Nothing from a file is ever evaluated as code.
# Every condition may carry its own ``reason``: the sentence shown when it held,
# with {answer}, {question}, {domain}, {level}, {score}, {max} or {count} filled in.
class RedFlagCondition(NamedTuple):
    """Holds when the answers raised any red flag (``expected`` False: none)."""

    expected: bool = True
    reason: LocalText | None = None


class DomainLevelCondition(NamedTuple):
    """Holds when a domain's level is ``level`` or a later band."""

    domain: str
    level: str
    reason: LocalText | None = None


class TotalAtLeastCondition(NamedTuple):
    """Holds when the total score is at least ``minimum``."""

    minimum: float
    reason: LocalText | None = None


class AnswerCondition(NamedTuple):
    """Holds when a question was answered within the given bounds.

    For a multi question: ``includes`` (that value was chosen) or
    ``count_at_least`` (at least that many chosen, "none" not counted).
    """

    question: str
    at_least: float | None = None
    at_most: float | None = None
    reason: LocalText | None = None
    includes: OptionValue | None = None
    count_at_least: int | None = None


class BodyMapSpreadCondition(NamedTuple):
    """Holds when the person's own history shows the complaints spreading: more
    places on the body map now than at the first check, or than a few weeks ago
    (the thresholds are ``InsightSettings``'s ``spread_*``). The article's
    spreading sign, measured rather than self-rated."""

    expected: bool = True
    reason: LocalText | None = None


class AnyCondition(NamedTuple):
    """Holds when at least one of ``conditions`` holds."""

    conditions: tuple[Condition, ...]
    reason: LocalText | None = None


class AllCondition(NamedTuple):
    """Holds when every one of ``conditions`` holds."""

    conditions: tuple[Condition, ...]
    reason: LocalText | None = None


Condition = (
    RedFlagCondition
    | DomainLevelCondition
    | TotalAtLeastCondition
    | AnswerCondition
    | BodyMapSpreadCondition
    | AnyCondition
    | AllCondition
)


class Rule(NamedTuple):
    """If ``when`` holds (or is absent), the advice is ``action``.

    ``also`` conditions never decide; when the rule gives the advice, each of
    them that holds adds its reason (e.g. a load that is too much).
    """

    action: Action
    when: Condition | None = None
    exercise: str | None = None
    reason: LocalText | None = None
    also: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class InsightSettings:
    """When a person's own history turns a ``breathe`` advice into physiotherapy.

    After at least ``min_sessions`` completed breathing sessions over
    ``min_days`` days, a score that has not dropped by ``min_score_drop`` points
    (when set), else by ``min_drop_percent`` of the score's range, means
    relaxation alone has not been enough, which is the article's point.
    ``min_relief`` is the mean drop in tension (0-10) right after a session
    that counts as (brief) relief. The questionnaire file carries these under
    ``insight:``; ``enabled: false`` keeps history from changing the advice.

    ``body_map`` is the multi question of where complaints sit; having
    ``spread_more_places`` more places now than at the first check, or than at
    the latest check at least ``spread_weeks`` weeks ago, is measured spreading.
    """

    enabled: bool = True
    min_sessions: int = 6
    min_days: int = 14
    # Points on the score's own scale; None: ``min_drop_percent`` of its range.
    min_score_drop: float | None = None
    min_drop_percent: float = 10.0
    min_relief: float = 1.0
    body_map: str = "locations"
    spread_more_places: int = 2
    spread_weeks: int = 4

    def __post_init__(self) -> None:
        if self.min_sessions < 1:
            raise ValueError("min_sessions must be at least 1")
        if self.min_days < 0:
            raise ValueError("min_days must be at least 0")
        drop = self.min_score_drop
        if drop is not None and not (math.isfinite(drop) and drop >= 0):
            raise ValueError("min_score_drop must be a number of at least 0")
        if not (math.isfinite(self.min_drop_percent) and 0 < self.min_drop_percent <= 100):
            raise ValueError("min_drop_percent must be more than 0 and at most 100")
        if not (math.isfinite(self.min_relief) and self.min_relief >= 0):
            raise ValueError("min_relief must be a number of at least 0")
        if self.spread_more_places < 1:
            raise ValueError("spread_more_places must be at least 1")
        if self.spread_weeks < 1:
            raise ValueError("spread_weeks must be at least 1")


_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` fields a reason text asks for."""
    return _PLACEHOLDER.findall(text)


def fill(text: str, fields: dict[str, str]) -> str:
    """``text`` with each known ``{name}`` replaced; never ``str.format``, which
    would let a file reach attributes (``{answer.__class__}``)."""
    return _PLACEHOLDER.sub(lambda match: fields.get(match.group(1), match.group(0)), text)


class Questionnaire(NamedTuple):
    """A complete, validated questionnaire."""

    id: str
    version: int
    title: LocalText
    questions: tuple[Question, ...]
    domains: tuple[Domain, ...] = ()
    rules: tuple[Rule, ...] = ()
    total: Total | None = None
    description: LocalText | None = None
    insight: InsightSettings = InsightSettings()

    def question(self, question_id: str) -> Question:
        """The question with ``question_id`` (KeyError if there is none)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def domain(self, domain_id: str) -> Domain:
        """The domain with ``domain_id`` (KeyError if there is none)."""
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def domain_questions(self, domain_id: str) -> tuple[Question, ...]:
        """The questions scored in ``domain_id``, in file order."""
        return tuple(q for q in self.questions if q.domain == domain_id)
