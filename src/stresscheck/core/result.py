"""One quiz result, and its JSON form (the contract's section 5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from stresscheck.core.advice import Advice, Reason, Translate, advise, describe
from stresscheck.core.body_map import Spreading
from stresscheck.core.contacts import contact_entries
from stresscheck.core.labels import level_name
from stresscheck.core.questionnaire import AnswerValue, Questionnaire
from stresscheck.core.scoring import Scores, score


class QuizResult(NamedTuple):
    """Answers, what scoring made of them, and the advice."""

    questionnaire: Questionnaire
    answers: Mapping[str, AnswerValue]
    scores: Scores
    advice: Advice

    def reasons(self, translate: Translate, lang: str) -> list[str]:
        """The advice's reasons as sentences in ``lang``, each sentence once."""
        sentences = (describe(r, self.questionnaire, translate, lang) for r in self.advice.reasons)
        return list(dict.fromkeys(sentences))

    def level_text(
        self, domain_id: str | None, level: str | None, translate: Translate, lang: str
    ) -> str:
        """A level as people read it (``domain_id`` None: the total's)."""
        return level_name(self.questionnaire, domain_id, level, translate, lang)


def evaluate(
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerValue],
    escalation: Reason | None = None,
    spreading: Spreading | None = None,
) -> QuizResult:
    """Score the answers and decide the advice (``escalation`` and ``spreading``:
    what the person's history says, see ``advise``)."""
    scores = score(questionnaire, answers)
    advice = advise(questionnaire, scores, answers, escalation, spreading)
    return QuizResult(questionnaire, dict(answers), scores, advice)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def answer_json(value: AnswerValue) -> float | int | list[float | int | str]:
    """An answer as JSON: a number, or the list of a multi question's chosen values."""
    if isinstance(value, tuple):
        return [item if isinstance(item, str) else _number(item) for item in value]
    return _number(value)


def result_json(
    result: QuizResult,
    translate: Translate,
    lang: str,
    contact: Mapping[str, str | None] | None,
) -> dict[str, Any]:
    """The contract's ``quiz --json`` object (plus a few documented extra keys)."""
    scores = result.scores
    total = (
        {"score": scores.total.score, "level": scores.total.level}
        if scores.total is not None
        else None
    )
    return {
        "questionnaire": result.questionnaire.id,
        "questionnaire_version": result.questionnaire.version,
        "lang": lang,
        "domains": {
            domain_id: {
                "score": s.score,
                "max": _number(s.max),
                "level": s.level,
                "missing": s.missing,
            }
            for domain_id, s in scores.domains.items()
        },
        "total": total,
        "red_flags": list(scores.red_flags),
        "unanswered_red_flags": list(scores.unanswered_flags),
        "advice": {
            "action": result.advice.action,
            "exercise": result.advice.exercise,
            "reasons": result.reasons(translate, lang),
            "contact": dict(contact)
            if contact and result.advice.action == "physiotherapy"
            else None,
            "contacts": contact_entries(result.advice.contacts, translate, contact),
        },
        "answers": {key: answer_json(value) for key, value in result.answers.items()},
        "notice": translate("result.notice"),
    }
