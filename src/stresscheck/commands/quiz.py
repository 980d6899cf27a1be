"""``stresscheck quiz``: the self-check, interactive or from an answers file."""
# No "from __future__ import annotations" here: Typer reads the annotations at
# run time, and they refer to the translated help texts of the enclosing function.

import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stresscheck.commands.options import (
    complete_data_file,
    exercises_option,
    is_yes,
    lang_option,
)
from stresscheck.context import AppContext
from stresscheck.errors import EXIT_INTERRUPTED, UsageError

if TYPE_CHECKING:
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.advice import Reason
    from stresscheck.core.body_map import Spreading
    from stresscheck.core.breathing import Exercise
    from stresscheck.core.history import DomainScoreDict
    from stresscheck.core.questionnaire import AnswerValue, Questionnaire
    from stresscheck.core.result import QuizResult
    from stresscheck.core.scoring import DomainScore


def register(app: typer.Typer, ctx: AppContext) -> None:
    """Add the ``quiz`` command to ``app``."""
    t = ctx.t

    @app.command(help=t("quiz.help"))
    def quiz(
        answers: Annotated[
            str | None,
            typer.Option(
                "--answers",
                metavar="FILE",
                help=t("quiz.answers_help"),
                autocompletion=complete_data_file,
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help=t("quiz.json_help"))] = False,
        no_save: Annotated[bool, typer.Option("--no-save", help=t("quiz.no_save_help"))] = False,
        questions: Annotated[
            Path | None,
            typer.Option(
                "--questions",
                metavar="FILE",
                help=t("quiz.questions_help"),
                autocompletion=complete_data_file,
            ),
        ] = None,
        exercises: Annotated[Path | None, exercises_option(ctx, "quiz.exercises_help")] = None,
        plain: Annotated[bool, typer.Option("--plain", help=t("quiz.plain_help"))] = False,
        lang: Annotated[str | None, lang_option(ctx)] = None,
    ) -> None:
        run_quiz(
            ctx,
            answers=answers,
            as_json=as_json,
            no_save=no_save,
            questions=questions,
            exercises=exercises,
            plain=plain,
        )


def run_quiz(
    ctx: AppContext,
    *,
    answers: str | None,
    as_json: bool,
    no_save: bool,
    questions: Path | None,
    exercises: Path | None = None,
    plain: bool,
) -> "QuizResult":
    """Load, ask or read, score, advise, save and show one self-check."""
    t = ctx.t
    interactive = answers is None
    if interactive and not ctx.stdin_is_terminal:
        raise UsageError(t("quiz.needs_terminal"))
    questionnaire = ctx.load_questionnaire(questions, exercises)
    if answers is not None:
        from stresscheck.adapters.sources.files import load_answers

        given = load_answers(answers, questionnaire, t)
    else:
        from stresscheck.adapters.ui.quiz_prompt import QuizStopped, ask_questions

        console = ctx.console(stderr=as_json)
        try:
            given = ask_questions(console, questionnaire, t, console.input, plain=plain)
        except (QuizStopped, KeyboardInterrupt, EOFError):
            console.print()
            console.print(t("quiz.stopped"))
            raise typer.Exit(EXIT_INTERRUPTED) from None
    from stresscheck.core.result import evaluate, result_json

    now = datetime.now(UTC)
    escalation, spreading = history_signs(ctx, questionnaire, given, now)
    result = evaluate(questionnaire, given, escalation, spreading)
    contact = ctx.practice.contact() if ctx.practice else None
    report = result_json(result, t, t.lang, contact)
    if not no_save:
        save_result(ctx, result, report, now)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return result
    from stresscheck.adapters.ui.console import make_console
    from stresscheck.adapters.ui.render import render_result

    console = make_console(plain=plain)
    library = ctx.load_exercises(exercises)
    render_result(console, result, t, library, contact, plain=plain)
    console.print(t("quiz.not_saved" if no_save else "quiz.saved"), style="dim")
    advised = library.get(result.advice.exercise or "")
    if interactive and result.advice.action == "breathe" and advised is not None:
        offer_exercise(ctx, advised, exercises, no_save=no_save, plain=plain)
    return result


def offer_exercise(
    ctx: AppContext, exercise: "Exercise", exercises: Path | None, *, no_save: bool, plain: bool
) -> None:
    """Offer the advised exercise at once ("Start it now? [Y/n]"): one Enter away."""
    t = ctx.t
    try:
        answer = input(t("quiz.offer_breathe", exercise=exercise.title.get(t.lang)) + " ")
    except EOFError:
        print()  # noqa: T201 - end the prompt's line; declining is fine
        return
    except KeyboardInterrupt:
        print()  # noqa: T201 - Ctrl-C is an interruption (exit 130), never a quiet "no"
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if not is_yes(answer, t, default=True):
        return
    from stresscheck.commands.breathe_run import BreatheOptions, run_breathe

    options = BreatheOptions(
        exercise=exercise.id, plain=plain, save=not no_save, exercises_file=exercises
    )
    code = run_breathe(ctx, options)
    if code:
        raise typer.Exit(code)


def history_signs(
    ctx: AppContext,
    questionnaire: "Questionnaire",
    answers: "Mapping[str, AnswerValue]",
    now: datetime,
) -> "tuple[Reason | None, Spreading | None]":
    """What the person's own history adds to this check's advice, read in one go:
    physiotherapy reasons when practice has not brought lasting relief (the
    article's question, answered with their data), and spreading measured on
    the body map (its third sign: more places than before)."""
    from stresscheck.adapters.paths import database_path

    settings = questionnaire.insight
    if not settings.enabled or not database_path().exists():
        return None, None
    from stresscheck.adapters.storage.history_read import OverviewStore
    from stresscheck.core.body_map import measured_spreading, place_count

    with OverviewStore.open(t=ctx.t) as store:
        escalation = _escalation(ctx, store, questionnaire, answers, now)
        places_now = place_count(answers.get(settings.body_map))
        earlier = store.place_counts(settings.body_map) if places_now is not None else []
    return escalation, measured_spreading(earlier, places_now, now, settings)


def _escalation(
    ctx: AppContext,
    store: "OverviewStore",
    questionnaire: "Questionnaire",
    answers: "Mapping[str, AnswerValue]",
    now: datetime,
) -> "Reason | None":
    """Physiotherapy reasons when the stored practice has not brought lasting relief."""
    from stresscheck.core.advice import Reason
    from stresscheck.core.insight import describe_insight, escalates, judge, score_point
    from stresscheck.core.scoring import above_lowest_band, score

    scores = score(questionnaire, answers)
    if not above_lowest_band(questionnaire, scores):
        return None  # no complaints now: nothing to escalate
    total = scores.total
    current = score_point(
        now,
        questionnaire.id,
        {k: _domain_dict(v) for k, v in scores.domains.items()},
        {"score": total.score, "level": total.level} if total is not None else None,
    )
    insight = judge(store.relief_evidence(current), questionnaire.insight)
    if not escalates(insight):
        return None
    lines = describe_insight(insight, ctx.lang)
    return Reason("advice.reason.history", {"lines": tuple(lines)})


def _domain_dict(score: "DomainScore") -> "DomainScoreDict":
    return {"score": score.score, "max": score.max, "level": score.level, "missing": score.missing}


def save_result(
    ctx: AppContext, result: "QuizResult", report: dict[str, Any], now: datetime
) -> None:
    """Keep one finished quiz in the local history: the reasons as shown (in the
    quiz's language) and as data, so a report in another language can say them."""
    from stresscheck.adapters.storage.store import Store
    from stresscheck.core.advice import reason_data
    from stresscheck.core.history import QuizRecord, RecordError, new_uid

    advice = report["advice"]
    record = QuizRecord(
        uid=new_uid(),
        at=now,
        questionnaire_id=result.questionnaire.id,
        questionnaire_version=result.questionnaire.version,
        lang=ctx.lang,
        answers=dict(result.answers),
        domains={k: _domain_dict(v) for k, v in result.scores.domains.items()},
        total=report["total"],
        red_flags=list(result.scores.red_flags),
        advice={
            "action": advice["action"],
            "exercise": advice["exercise"],
            "reasons": advice["reasons"],
            "reason_data": [reason_data(r) for r in result.advice.reasons],
        },
    )
    try:
        QuizRecord.from_json(record.to_json())
    except RecordError:
        # Data beyond what a record may hold (a file with hundreds of reasons):
        # keep the sentences, as records did before reason data was kept.
        del record.advice["reason_data"]
    with Store.open(t=ctx.t) as store:
        store.save_quiz(record)
