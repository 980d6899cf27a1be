"""Scoring: answers in, per-domain scores, levels, total and red flags out.

Pure functions over the questionnaire model. Rounding is half-up on the decimal
value a person would write down, so 2.25 becomes 2.3 (not 2.2 as binary floats
and bankers' rounding would have it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from stresscheck.core.questionnaire import AnswerValue, Band, Domain, Question, Questionnaire

Answers = Mapping[str, AnswerValue]


def number(answers: Answers, question_id: str) -> float | None:
    """The numeric answer to a single-choice question (None: unanswered or a list)."""
    value = answers.get(question_id)
    return None if value is None or isinstance(value, tuple) else value


class DomainScore(NamedTuple):
    """One domain's result; ``score`` and ``level`` are None when too much is missing."""

    domain: str
    score: float | None
    max: float
    level: str | None
    missing: int


class TotalScore(NamedTuple):
    """The overall score, None when a domain it sums has no score."""

    score: float | None
    level: str | None


class Scores(NamedTuple):
    """Everything scoring derives from one set of answers."""

    domains: dict[str, DomainScore]
    total: TotalScore | None
    red_flags: tuple[str, ...]
    # Red-flag questions left unanswered: never read as "all is well".
    unanswered_flags: tuple[str, ...] = ()


def _decimal(value: float | Decimal) -> Decimal:
    """The decimal a person wrote (``0.1``), not the binary float's exact value."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def round_half_up(value: float | Decimal, places: int = 1) -> float:
    """Round like a person would: 0.05 goes up, whatever the binary float says."""
    quantum = Decimal(1).scaleb(-places)
    return float(_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def item_score(question: Question, value: float) -> float:
    """The scored value of one answer; reversed items count from the other end."""
    if question.reverse:
        # In decimals, so that 0.1 + 0.2 - 0.1 is 0.2 and stays within the scale.
        return float(_decimal(question.min_value) + _decimal(question.max_value) - _decimal(value))
    return value


def band_level(bands: Sequence[Band], score: float) -> str:
    """The level of the first band whose ``max`` the score does not exceed."""
    for band in bands:
        if band.max is None or score <= band.max:
            return band.level
    return bands[-1].level  # validation guarantees an open last band


def score_domain(domain: Domain, questions: Sequence[Question], answers: Answers) -> DomainScore:
    """Score one domain, prorating up to ``max_missing`` unanswered items."""
    given = [(q, number(answers, q.id)) for q in questions]
    scored = [item_score(q, value) for q, value in given if value is not None]
    missing = len(questions) - len(scored)
    if domain.scoring == "sum":
        maximum = float(sum((_decimal(q.max_value) for q in questions), Decimal(0)))
    else:
        maximum = sum(q.max_value for q in questions) / len(questions) if questions else 0.0
    if not scored or missing > domain.max_missing:
        return DomainScore(domain.id, None, maximum, None, missing)
    # Sum in decimals: 6.1 * 3 / 2 is 9.15 and rounds to 9.2 (in floats: 9.1499.. -> 9.1).
    exact = sum((_decimal(value) for value in scored), Decimal(0))
    if domain.scoring == "sum":
        # Prorate: what the answered items suggest the whole domain would sum to.
        score = round_half_up(exact * len(questions) / len(scored), 1)
    else:
        score = round_half_up(exact / len(scored), 2)
    return DomainScore(domain.id, score, maximum, band_level(domain.bands, score), missing)


def red_flags(questionnaire: Questionnaire, answers: Answers) -> tuple[str, ...]:
    """Ids of red-flag questions whose answer reached their threshold, in file order."""
    raised = []
    for q in questionnaire.questions:
        value = number(answers, q.id)
        if q.red_flag is not None and value is not None and value >= q.red_flag.at_least:
            raised.append(q.id)
    return tuple(raised)


def score(questionnaire: Questionnaire, answers: Answers) -> Scores:
    """Score every domain, the total and the red flags of one set of answers."""
    domains = {
        d.id: score_domain(d, questionnaire.domain_questions(d.id), answers)
        for d in questionnaire.domains
    }
    total = None
    if questionnaire.total is not None:
        parts = [domains[d].score for d in questionnaire.total.domains]
        if any(part is None for part in parts):
            total = TotalScore(None, None)
        else:
            value = round_half_up(sum((_decimal(p) for p in parts if p is not None), Decimal(0)), 1)
            total = TotalScore(value, band_level(questionnaire.total.bands, value))
    unanswered = tuple(
        q.id for q in questionnaire.questions if q.red_flag is not None and q.id not in answers
    )
    return Scores(domains, total, red_flags(questionnaire, answers), unanswered)


def above_lowest_band(questionnaire: Questionnaire, scores: Scores) -> bool:
    """Whether any domain (or the total) scored above its lowest band: complaints
    are present, so relief that does not last is worth acting on."""
    for domain in questionnaire.domains:
        level = scores.domains[domain.id].level
        if level is not None and level != domain.bands[0].level:
            return True
    total = scores.total
    return (
        questionnaire.total is not None
        and total is not None
        and total.level is not None
        and total.level != questionnaire.total.bands[0].level
    )
