"""Taking the self-check: the answers in; scores, advice and what the person's
own history adds to it out; kept in the history when asked.

The answers come from a collaborator (the terminal prompt, or an answers file)
and the history is one too (``QuizStore``), so a quiz runs the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stresscheck.adapters.clock import Clock
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.advice import Reason
    from stresscheck.core.body_map import Spreading
    from stresscheck.core.history import DomainScoreDict, QuizRecord
    from stresscheck.core.questionnaire import AnswerValue, Questionnaire
    from stresscheck.core.result import QuizResult
    from stresscheck.core.scoring import DomainScore, Scores

# Asks the questions (or reads them from a file): the answers by question id.
Answers = Callable[["Questionnaire"], "Mapping[str, AnswerValue]"]


class TakenQuiz(NamedTuple):
    """One self-check as taken: its result, when, and whether it was kept."""

    result: QuizResult
    at: datetime
    saved: bool


class QuizStore:
    """The person's local history as a quiz uses it, opened only when needed."""

    def overview(self) -> OverviewStore | None:
        """The stored history to read its signs from (None: nothing is stored yet)."""
        from stresscheck.adapters.paths import database_path

        if not database_path().exists():
            return None
        from stresscheck.adapters.storage.history_read import OverviewStore

        return OverviewStore.open()

    def keep(self, record: QuizRecord) -> None:
        """Keep one finished quiz."""
        from stresscheck.adapters.storage.store import Store

        with Store.open() as store:
            store.save_quiz(record)


def take_quiz(
    questionnaire: Questionnaire,
    answers: Answers,
    lang: str,
    store: QuizStore,
    *,
    save: bool,
    clock: Clock | None = None,
) -> TakenQuiz:
    """Ask (or read), score, advise with the history's signs, and keep the result
    (its reasons in ``lang``, the language of the quiz)."""
    given = answers(questionnaire)
    if clock is None:
        from stresscheck.adapters.clock import SystemClock

        clock = SystemClock()
    from stresscheck.core.advice import advise
    from stresscheck.core.result import QuizResult
    from stresscheck.core.scoring import score

    now = clock.now()
    scores = score(questionnaire, given)  # once: the history's signs need them too
    escalation, spreading = history_signs(store, questionnaire, given, scores, now, lang)
    advice = advise(questionnaire, scores, given, escalation, spreading)
    result = QuizResult(questionnaire, dict(given), scores, advice)
    if save:
        store.keep(quiz_record(result, now, lang))
    return TakenQuiz(result, now, saved=save)


def history_signs(
    store: QuizStore,
    questionnaire: Questionnaire,
    answers: Mapping[str, AnswerValue],
    scores: Scores,
    now: datetime,
    lang: str,
) -> tuple[Reason | None, Spreading | None]:
    """What the person's own history adds to this check's advice, read in one go:
    physiotherapy reasons when practice has not brought lasting relief (the
    article's question, answered with their data), and spreading measured on
    the body map (its third sign: more places than before)."""
    settings = questionnaire.insight
    overview = store.overview() if settings.enabled else None
    if overview is None:
        return None, None
    from stresscheck.core.body_map import measured_spreading, place_count

    with overview as history:
        escalation = _escalation(history, questionnaire, scores, now, lang)
        places_now = place_count(answers.get(settings.body_map))
        earlier = history.place_counts(settings.body_map) if places_now is not None else []
    return escalation, measured_spreading(earlier, places_now, now, settings)


def _escalation(
    history: OverviewStore,
    questionnaire: Questionnaire,
    scores: Scores,
    now: datetime,
    lang: str,
) -> Reason | None:
    """Physiotherapy reasons when the stored practice has not brought lasting relief."""
    from stresscheck.core.advice import Reason
    from stresscheck.core.insight import describe_insight, escalates, judge, score_point
    from stresscheck.core.scoring import above_lowest_band

    if not above_lowest_band(questionnaire, scores):
        return None  # no complaints now: nothing to escalate
    total = scores.total
    current = score_point(
        now,
        questionnaire.id,
        {k: _domain_dict(v) for k, v in scores.domains.items()},
        {"score": total.score, "level": total.level} if total is not None else None,
    )
    insight = judge(history.relief_evidence(current), questionnaire.insight)
    if not escalates(insight):
        return None
    return Reason("advice.reason.history", {"lines": tuple(describe_insight(insight, lang))})


def _domain_dict(score: DomainScore) -> DomainScoreDict:
    return {"score": score.score, "max": score.max, "level": score.level, "missing": score.missing}


def quiz_record(result: QuizResult, at: datetime, lang: str) -> QuizRecord:
    """The stored form of ``result``: the reasons as shown (in the quiz's language,
    ``lang``) and as data, so a report in another language can say them."""
    from stresscheck.core.advice import reason_data
    from stresscheck.core.history import QuizRecord, RecordError, new_uid
    from stresscheck.i18n import Translator

    # The record keeps its sentences in its own language, as it says it does.
    t = Translator(lang)

    scores, advice = result.scores, result.advice
    total = scores.total
    record = QuizRecord(
        uid=new_uid(),
        at=at,
        questionnaire_id=result.questionnaire.id,
        questionnaire_version=result.questionnaire.version,
        lang=lang,
        answers=dict(result.answers),
        domains={k: _domain_dict(v) for k, v in scores.domains.items()},
        total={"score": total.score, "level": total.level} if total is not None else None,
        red_flags=list(scores.red_flags),
        advice={
            "action": advice.action,
            "exercise": advice.exercise,
            "reasons": result.reasons(t, lang),
            "reason_data": [reason_data(r) for r in advice.reasons],
        },
    )
    try:
        QuizRecord.from_json(record.to_json())
    except RecordError:
        # Data beyond what a record may hold (a file with hundreds of reasons):
        # keep the sentences, as records did before reason data was kept.
        del record.advice["reason_data"]
    return record
