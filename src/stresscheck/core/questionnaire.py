"""The questionnaire model: scales, domains, questions, bands and advice rules.

Immutable values built by the file loader after validation; the scoring and
advice modules read them and never touch files. They are NamedTuples rather
than frozen dataclasses because they are defined on every start of the
program: a dataclass costs about half a millisecond to create, a NamedTuple a
tenth of that (see benchmarks/bench_startup.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, NamedTuple

from stresscheck.core.text import LocalText

Action = Literal["urgent", "physiotherapy", "breathe"]
ACTIONS: tuple[Action, ...] = ("urgent", "physiotherapy", "breathe")
Scoring = Literal["sum", "mean"]


class Option(NamedTuple):
    """One answer a person can pick; ``value`` is what scoring sees."""

    value: float
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

    @property
    def levels(self) -> tuple[str, ...]:
        """Level names in band order (low to high)."""
        return tuple(band.level for band in self.bands)


class Question(NamedTuple):
    """A question with its answer options; ``domain`` None means unscored context."""

    id: str
    text: LocalText
    options: tuple[Option, ...]
    domain: str | None = None
    reverse: bool = False
    red_flag_at_least: float | None = None
    short: LocalText | None = None
    help: LocalText | None = None

    @property
    def min_value(self) -> float:
        """The lowest option value."""
        return min(option.value for option in self.options)

    @property
    def max_value(self) -> float:
        """The highest option value."""
        return max(option.value for option in self.options)

    @property
    def values(self) -> frozenset[float]:
        """Every value an answer to this question may have."""
        return frozenset(option.value for option in self.options)

    def label_for(self, value: float, lang: str) -> str:
        """The label of the first option with ``value`` (several may share one)."""
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
class RedFlagCondition(NamedTuple):
    """Holds when the answers raised any red flag (``expected`` False: none)."""

    expected: bool = True


class DomainLevelCondition(NamedTuple):
    """Holds when a domain's level is ``level`` or a later band."""

    domain: str
    level: str


class TotalAtLeastCondition(NamedTuple):
    """Holds when the total score is at least ``minimum``."""

    minimum: float


class AnswerCondition(NamedTuple):
    """Holds when a question was answered within the given bounds."""

    question: str
    at_least: float | None = None
    at_most: float | None = None


class AnyCondition(NamedTuple):
    """Holds when at least one of ``conditions`` holds."""

    conditions: tuple[Condition, ...]


class AllCondition(NamedTuple):
    """Holds when every one of ``conditions`` holds."""

    conditions: tuple[Condition, ...]


Condition = (
    RedFlagCondition
    | DomainLevelCondition
    | TotalAtLeastCondition
    | AnswerCondition
    | AnyCondition
    | AllCondition
)


class Rule(NamedTuple):
    """If ``when`` holds (or is absent), the advice is ``action``."""

    action: Action
    when: Condition | None = None
    exercise: str | None = None
    reason: LocalText | None = None


@dataclass(frozen=True)
class InsightSettings:
    """When a person's own history turns a ``breathe`` advice into physiotherapy.

    After at least ``min_sessions`` completed breathing sessions over
    ``min_days`` days, a score that has not dropped by ``min_score_drop`` means
    relaxation alone has not been enough, which is the article's point.
    ``min_relief`` is the mean drop in tension (0-10) right after a session
    that counts as (brief) relief. The questionnaire file carries these under
    ``insight:``; ``enabled: false`` keeps history from changing the advice.
    """

    enabled: bool = True
    min_sessions: int = 6
    min_days: int = 14
    min_score_drop: float = 1.0
    min_relief: float = 1.0

    def __post_init__(self) -> None:
        if self.min_sessions < 1:
            raise ValueError("min_sessions must be at least 1")
        if self.min_days < 0:
            raise ValueError("min_days must be at least 0")
        if not (math.isfinite(self.min_score_drop) and self.min_score_drop >= 0):
            raise ValueError("min_score_drop must be a number of at least 0")
        if not (math.isfinite(self.min_relief) and self.min_relief >= 0):
            raise ValueError("min_relief must be a number of at least 0")


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
