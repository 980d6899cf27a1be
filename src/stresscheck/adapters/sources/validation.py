"""Checking the content of files: pydantic models first, then cross-references.

Every problem becomes one line: ``file:line: key.path: what is wrong. How to fix.``
in the person's language. Nothing here prints or exits; callers raise the
resulting ``ContentError`` and the program's single exit point reports it.
Importing this module costs pydantic; ``stresscheck.adapters.sources.files`` only does
so when a file is not already known to be valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from stresscheck.adapters.sources import schema as s
from stresscheck.adapters.sources.problems import (
    Problem,
    display_name,
    format_problems,
    plain_number,
)
from stresscheck.adapters.sources.yamlio import KeyPath, LocatedDocument
from stresscheck.core import questionnaire as q
from stresscheck.core.breathing import Exercise, Phase
from stresscheck.core.plan import TIME_PATTERN
from stresscheck.core.practice import PlanDefaults, Practice
from stresscheck.core.text import LocalText, terminal_safe
from stresscheck.errors import ContentError
from stresscheck.speech import Words


def _clean_location(loc: Sequence[str | int], data: Any) -> KeyPath:
    """Drop pydantic's union tags from an error location, keeping real key paths."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(part, str) and part.startswith(s.TAG_PREFIX):
            continue
        is_key = isinstance(current, Mapping) and part in current
        is_index = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if is_key or is_index:
            current = current[part]
            path.append(part)
        elif index == len(loc) - 1 and isinstance(part, str) and not part.startswith("["):
            path.append(part)  # a missing or unknown key names itself
            current = None
    return tuple(path)


def _pydantic_problems(error: ValidationError, data: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[KeyPath] = set()
    for item in error.errors(include_url=False):
        path = _clean_location(item["loc"], data)
        if path in seen:  # one message per place is enough to find the mistake
            continue
        seen.add(path)
        kind = item["type"]
        given = item.get("input")
        if kind in ("local_text", "string_type"):
            # An unquoted Yes, No, On or Off: YAML reads true or false, not a text.
            if isinstance(given, bool):
                kind = "bool_not_text"
            elif isinstance(given, Mapping):
                flags = [key for key, value in given.items() if isinstance(value, bool)]
                if flags:
                    kind, path = "bool_not_text", (*path, flags[0])
        fields: dict[str, Any] = {"detail": item["msg"]}
        ctx = item.get("ctx") or {}
        if kind == "literal_error":
            # pydantic says "'sum' or 'mean'"; the word "or" would be English in Dutch.
            fields["choices"] = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        for bound in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            if bound in ctx:
                fields["limit"] = plain_number(ctx[bound])
        problems.append(Problem(path, f"files.field.{kind}", fields))
    return problems


def _validate_model(model: type[BaseModel], document: LocatedDocument, name: str) -> Any:
    if not isinstance(document.data, Mapping):
        raise ContentError([Words("files.not_mapping", file=name)])
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise ContentError(
            format_problems(_pydantic_problems(error, document.data), document, name)
        ) from None


def _text(value: str | Mapping[Any, str] | None) -> LocalText:
    """A file's text, made safe for a terminal once, as it enters the program."""
    if value is None:
        return LocalText()
    if isinstance(value, str):
        return LocalText.plain(terminal_safe(value))
    return LocalText({code: terminal_safe(text) for code, text in value.items()})


def _optional_text(value: str | Mapping[Any, str] | None) -> LocalText | None:
    return None if value is None else _text(value)


# --- questionnaires ---------------------------------------------------------


def _unknown(path: KeyPath, kind: str, name: str, known: Iterable[str]) -> Problem:
    """A reference to a scale or domain that is not defined, with the ones that are."""
    choices = ", ".join(known)
    if not choices:
        return Problem(path, f"files.check.unknown_{kind}_none", {"name": name})
    return Problem(path, f"files.check.unknown_{kind}", {"name": name, "choices": choices})


def _duplicate_ids(items: Sequence[Any], key: str) -> list[Problem]:
    """One problem for every item whose ``id`` an earlier item already has."""
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                Problem((key, index, "id"), "files.check.duplicate_id", {"id": item.id})
            )
        seen.add(item.id)
    return problems


def _check_bands(bands: Sequence[s.BandModel], path: KeyPath) -> list[Problem]:
    problems = []
    previous: float | None = None
    levels: set[str] = set()
    for index, band in enumerate(bands):
        here = (*path, index)
        last = index == len(bands) - 1
        if band.level in levels:
            problems.append(
                Problem((*here, "level"), "files.check.duplicate_level", {"level": band.level})
            )
        levels.add(band.level)
        if band.max is None and not last:
            problems.append(Problem(here, "files.check.band_needs_max"))
        if band.max is not None and last:
            problems.append(Problem((*here, "max"), "files.check.last_band_has_max"))
        if band.max is not None:
            if previous is not None and band.max <= previous:
                problems.append(
                    Problem(
                        (*here, "max"),
                        "files.check.bands_not_ascending",
                        {"max": plain_number(band.max), "previous": plain_number(previous)},
                    )
                )
            previous = band.max
    return problems


def _options_of(model: s.QuestionnaireModel, question: s.QuestionModel) -> list[s.OptionModel]:
    if question.options is not None:
        return question.options
    if question.scale is not None:
        return model.scales.get(question.scale, [])
    return []


# What a condition's own reason may fill in, by kind of condition; anything else in
# braces is a mistake (it would show as typed). any/all and red_flag have no fields.
def _reason_fields(condition: Any) -> frozenset[str]:
    if isinstance(condition, s.AnswerCondition):
        return frozenset({"answer", "question", "count"})
    if isinstance(condition, s.DomainLevelCondition):
        return frozenset({"domain", "level", "score", "max"})
    if isinstance(condition, s.TotalAtLeastCondition):
        return frozenset({"score", "max"})
    if isinstance(condition, s.BodyMapSpreadCondition):
        return frozenset({"then", "now", "since"})
    return frozenset()


def _check_reason(condition: Any, path: KeyPath, problems: list[Problem]) -> None:
    reason = getattr(condition, "reason", None)
    texts = [reason] if isinstance(reason, str) else list((reason or {}).values())
    allowed = _reason_fields(condition)
    for text in texts:
        for name in q.placeholders(text):
            if name not in allowed:
                key = "unknown_placeholder" if allowed else "no_placeholders"
                problems.append(
                    Problem(
                        (*path, "reason"),
                        f"files.check.{key}",
                        {"name": name, "choices": ", ".join(sorted(allowed))},
                    )
                )


def _check_answer_condition(
    condition: s.AnswerCondition,
    path: KeyPath,
    model: s.QuestionnaireModel,
    problems: list[Problem],
) -> None:
    question = next((x for x in model.questions if x.id == condition.answer), None)
    if question is None:
        problems.append(
            Problem((*path, "answer"), "files.check.unknown_question", {"name": condition.answer})
        )
        return
    bounds = condition.at_least is not None or condition.at_most is not None
    multi_tests = condition.includes is not None or condition.count_at_least is not None
    if question.type == "multi":
        if bounds or not multi_tests:
            problems.append(Problem(path, "files.check.multi_needs_includes"))
        elif condition.includes is not None:
            values = [option.value for option in _options_of(model, question)]
            if condition.includes not in values:
                problems.append(
                    Problem(
                        (*path, "includes"),
                        "files.check.unknown_option_value",
                        {
                            "name": plain_number(condition.includes),
                            "choices": ", ".join(plain_number(v) for v in values),
                        },
                    )
                )
    elif multi_tests:
        problems.append(Problem(path, "files.check.includes_needs_multi"))
    elif not bounds:
        problems.append(Problem(path, "files.check.answer_needs_bound"))


def _check_condition(
    condition: Any, path: KeyPath, model: s.QuestionnaireModel, problems: list[Problem]
) -> None:
    domains = {d.id: d for d in model.domains}
    _check_reason(condition, path, problems)
    if isinstance(condition, (s.AnyCondition, s.AllCondition)):
        key = "any" if isinstance(condition, s.AnyCondition) else "all"
        for index, part in enumerate(getattr(condition, key)):
            _check_condition(part, (*path, key, index), model, problems)
    elif isinstance(condition, s.DomainLevelCondition):
        if condition.domain not in domains:
            problems.append(_unknown((*path, "domain"), "domain", condition.domain, domains))
        else:
            levels = [band.level for band in domains[condition.domain].bands]
            if condition.level_at_least not in levels:
                problems.append(
                    Problem(
                        (*path, "level_at_least"),
                        "files.check.unknown_level",
                        {"name": condition.level_at_least, "choices": ", ".join(levels)},
                    )
                )
    elif isinstance(condition, s.AnswerCondition):
        _check_answer_condition(condition, path, model, problems)
    elif isinstance(condition, s.TotalAtLeastCondition) and model.total is None:
        problems.append(Problem((*path, "total_at_least"), "files.check.no_total"))
    elif isinstance(condition, s.BodyMapSpreadCondition):
        body_map = next((x for x in model.questions if x.id == model.insight.body_map), None)
        if body_map is None or body_map.type != "multi":
            problems.append(
                Problem(
                    (*path, "body_map_spread"),
                    "files.check.no_body_map",
                    {"name": model.insight.body_map},
                )
            )


def _check_question_kind(
    question: s.QuestionModel, options: Sequence[s.OptionModel], here: KeyPath
) -> list[Problem]:
    """Ids as values only in multi questions; multi questions are never scored or flags."""
    problems = []
    if question.type == "single":
        for index, option in enumerate(question.options or []):
            if isinstance(option.value, str):
                problems.append(
                    Problem(
                        (*here, "options", index, "value"),
                        "files.check.id_value_needs_multi",
                        {"value": option.value},
                    )
                )
        return problems
    for key in ("domain", "red_flag"):
        if getattr(question, key) is not None:
            problems.append(Problem((*here, key), "files.check.multi_not_scored", {"key": key}))
    if question.reverse:
        problems.append(
            Problem((*here, "reverse"), "files.check.multi_not_scored", {"key": "reverse"})
        )
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        problems.append(Problem((*here, "options"), "files.check.multi_values_unique"))
    return problems


def check_questionnaire(
    model: s.QuestionnaireModel, exercise_ids: Iterable[str] | None
) -> list[Problem]:
    """Cross-reference checks that a schema alone cannot express."""
    problems: list[Problem] = []
    for name, options in model.scales.items():
        if len(options) < 2:
            problems.append(Problem(("scales", name), "files.check.too_few_options"))
    domain_ids = [d.id for d in model.domains]
    problems += _duplicate_ids(model.domains, "domains")
    problems += _duplicate_ids(model.questions, "questions")
    for index, domain in enumerate(model.domains):
        problems += _check_bands(domain.bands, ("domains", index, "bands"))
        if not any(question.domain == domain.id for question in model.questions):
            problems.append(
                Problem(("domains", index), "files.check.empty_domain", {"id": domain.id})
            )
    for index, question in enumerate(model.questions):
        here: KeyPath = ("questions", index)
        if (question.scale is None) == (question.options is None):
            problems.append(Problem(here, "files.check.scale_or_options"))
        elif question.scale is not None and question.scale not in model.scales:
            problems.append(_unknown((*here, "scale"), "scale", question.scale, model.scales))
        elif question.options is not None and len(question.options) < 2:
            problems.append(Problem((*here, "options"), "files.check.too_few_options"))
        if question.domain is not None and question.domain not in domain_ids:
            problems.append(_unknown((*here, "domain"), "domain", question.domain, domain_ids))
        options = _options_of(model, question)
        problems += _check_question_kind(question, options, here)
        if question.red_flag is not None and options and question.type == "single":
            highest = max(o.value for o in options if not isinstance(o.value, str))
            if question.red_flag.at_least > highest:
                problems.append(
                    Problem(
                        (*here, "red_flag", "at_least"),
                        "files.check.red_flag_unreachable",
                        {"limit": plain_number(highest)},
                    )
                )
    if model.total is not None:
        for index, domain_id in enumerate(model.total.domains):
            if domain_id not in domain_ids:
                problems.append(
                    _unknown(("total", "domains", index), "domain", domain_id, domain_ids)
                )
        problems += _check_bands(model.total.bands, ("total", "bands"))
    known_exercises = set(exercise_ids) if exercise_ids is not None else None
    for index, rule in enumerate(model.rules):
        here = ("rules", index)
        for number, extra in enumerate(rule.also):
            _check_condition(extra, (*here, "also", number), model, problems)
        if rule.when is not None:
            _check_condition(rule.when, (*here, "when"), model, problems)
        elif index != len(model.rules) - 1:
            problems.append(Problem(here, "files.check.unreachable_rules"))
        if rule.exercise is not None:
            if rule.advice != "breathe":
                problems.append(Problem((*here, "exercise"), "files.check.exercise_needs_breathe"))
            elif known_exercises is not None and rule.exercise not in known_exercises:
                problems.append(
                    Problem(
                        (*here, "exercise"),
                        "files.check.unknown_exercise",
                        {"name": rule.exercise, "choices": ", ".join(sorted(known_exercises))},
                    )
                )
    if model.rules and model.rules[-1].when is not None:
        problems.append(
            Problem(("rules", len(model.rules) - 1), "files.check.last_rule_conditional")
        )
    return problems


def _band(model: s.BandModel) -> q.Band:
    return q.Band(level=model.level, max=model.max, label=_optional_text(model.label))


def _condition(model: Any) -> q.Condition:
    reason = _optional_text(model.reason)
    if isinstance(model, s.RedFlagCondition):
        return q.RedFlagCondition(model.red_flag, reason)
    if isinstance(model, s.DomainLevelCondition):
        return q.DomainLevelCondition(model.domain, model.level_at_least, reason)
    if isinstance(model, s.TotalAtLeastCondition):
        return q.TotalAtLeastCondition(model.total_at_least, reason)
    if isinstance(model, s.AnswerCondition):
        return q.AnswerCondition(
            model.answer,
            model.at_least,
            model.at_most,
            reason,
            model.includes,
            model.count_at_least,
        )
    if isinstance(model, s.BodyMapSpreadCondition):
        return q.BodyMapSpreadCondition(model.body_map_spread, reason)
    if isinstance(model, s.AnyCondition):
        return q.AnyCondition(tuple(_condition(part) for part in model.any), reason)
    return q.AllCondition(tuple(_condition(part) for part in model.all), reason)


def _red_flag(model: s.RedFlagModel | None) -> q.RedFlag | None:
    if model is None:
        return None
    contacts = tuple(model.contacts) if model.contacts else q.DEFAULT_FLAG_CONTACTS
    return q.RedFlag(model.at_least, contacts, _optional_text(model.message))


def build_questionnaire(model: s.QuestionnaireModel) -> q.Questionnaire:
    """Turn a checked file model into the core's questionnaire."""
    questions = tuple(
        q.Question(
            id=question.id,
            text=_text(question.text),
            options=tuple(q.Option(o.value, _text(o.label)) for o in _options_of(model, question)),
            domain=question.domain,
            reverse=question.reverse,
            red_flag=_red_flag(question.red_flag),
            short=_optional_text(question.short),
            help=_optional_text(question.help),
            multi=question.type == "multi",
        )
        for question in model.questions
    )
    return q.Questionnaire(
        id=model.id,
        version=model.version,
        title=_text(model.title),
        description=_optional_text(model.description),
        questions=questions,
        domains=tuple(
            q.Domain(
                d.id,
                _text(d.title),
                d.scoring,
                d.max_missing,
                tuple(_band(b) for b in d.bands),
                d.breathing,
            )
            for d in model.domains
        ),
        total=q.Total(tuple(model.total.domains), tuple(_band(b) for b in model.total.bands))
        if model.total
        else None,
        rules=tuple(
            q.Rule(
                action=rule.advice,
                when=_condition(rule.when) if rule.when is not None else None,
                exercise=rule.exercise,
                reason=_optional_text(rule.reason),
                also=tuple(_condition(extra) for extra in rule.also),
            )
            for rule in model.rules
        ),
        insight=q.InsightSettings(
            enabled=model.insight.enabled,
            min_sessions=model.insight.min_sessions,
            min_days=model.insight.min_days,
            min_score_drop=model.insight.min_score_drop,
            min_drop_percent=model.insight.min_drop_percent,
            min_relief=model.insight.min_relief,
            body_map=model.insight.body_map,
            spread_more_places=model.insight.spread_more_places,
            spread_weeks=model.insight.spread_weeks,
        ),
    )


def parse_questionnaire(
    document: LocatedDocument, name: str, exercise_ids: Iterable[str] | None = None
) -> q.Questionnaire:
    """Validate a parsed questionnaire file; ContentError lists every mistake."""
    model = _validate_model(s.QuestionnaireModel, document, name)
    problems = check_questionnaire(model, exercise_ids)
    if problems:
        raise ContentError(format_problems(problems, document, name))
    return build_questionnaire(model)


# --- exercises --------------------------------------------------------------


def build_exercise(model: s.ExerciseModel) -> Exercise:
    """Turn a checked exercise model into the core's exercise."""
    return Exercise(
        id=model.id,
        title=_text(model.title),
        description=_text(model.description),
        suits=_text(model.suits),
        phases=tuple(Phase(kind=phase.kind, seconds=phase.seconds) for phase in model.phases),
        default_minutes=model.default_minutes,
        default_cycles=model.default_cycles,
        cautions=_joined(model.cautions),
    )


def _joined(value: str | Mapping[Any, str] | list[Any] | None) -> LocalText:
    """Several cautions become one text with a line per caution, in each language."""
    if not isinstance(value, list):
        return _text(value)
    parts = [_text(item) for item in value]
    languages = {code for part in parts for code in part.values} or {"*"}
    return LocalText({code: "\n".join(part.get(code) for part in parts) for code in languages})


def _check_length(exercise: s.ExerciseModel, here: KeyPath) -> list[Problem]:
    """A session a file asks for must be one a person can do (and we can schedule)."""
    from stresscheck.core.breathing import MAX_SESSION_MINUTES

    cycle = sum(phase.seconds for phase in exercise.phases)
    if cycle > s.MAX_CYCLE_SECONDS:
        minutes = plain_number(s.MAX_CYCLE_SECONDS / 60)
        return [Problem((*here, "phases"), "files.check.cycle_too_long", {"limit": minutes})]
    cycles = exercise.default_cycles
    if cycles is not None and cycles * cycle > MAX_SESSION_MINUTES * 60:
        return [
            Problem(
                (*here, "default_cycles"),
                "files.check.session_too_long",
                {"limit": plain_number(MAX_SESSION_MINUTES)},
            )
        ]
    return []


def parse_exercises(document: LocatedDocument, name: str) -> list[Exercise]:
    """Validate a parsed exercises file; ContentError lists every mistake."""
    model = _validate_model(s.ExercisesModel, document, name)
    problems = _duplicate_ids(model.exercises, "exercises")
    for index, exercise in enumerate(model.exercises):
        here: KeyPath = ("exercises", index)
        kinds = {phase.kind for phase in exercise.phases}
        if not {"inhale", "exhale"} <= kinds:
            problems.append(Problem((*here, "phases"), "files.check.needs_in_and_out"))
        problems += _check_length(exercise, here)
    if problems:
        raise ContentError(format_problems(problems, document, name))
    return [build_exercise(exercise) for exercise in model.exercises]


# --- practice files -----------------------------------------------------------


def parse_practice(document: LocatedDocument, path: Path) -> Practice:
    """Validate a practice file; the files it names must exist beside it."""
    name = display_name(path)
    model = _validate_model(s.PracticeModel, document, name)
    base = path.resolve().parent
    resolved: dict[str, Path | None] = {}
    problems = []
    for key in ("questions", "exercises"):
        relative = getattr(model, key)
        resolved[key] = (base / relative) if relative else None
        if relative and not (base / relative).is_file():
            problems.append(Problem((key,), "files.check.missing_file", {"name": relative}))
    if model.plan is not None:
        problems += _check_plan_time(model.plan.at)
    if problems:
        raise ContentError(format_problems(problems, document, name))
    details = model.practice

    def safe(value: str | None) -> str | None:
        return None if value is None else terminal_safe(value)

    return Practice(
        name=terminal_safe(details.name),
        website=safe(details.website),
        phone=safe(details.phone),
        email=safe(details.email),
        language=model.language,
        questions=resolved["questions"],
        exercises=resolved["exercises"],
        plan=_plan_defaults(model.plan),
    )


def _check_plan_time(at: str | int | None) -> list[Problem]:
    """``plan.at`` must be HH:MM; unquoted, YAML made 19:30 the number 1170."""
    path: KeyPath = ("plan", "at")
    if isinstance(at, int):
        if 0 <= at < 24 * 60:
            hours, minutes = divmod(at, 60)
            return [Problem(path, "plan.check.time_as_number", {"time": f"{hours}:{minutes:02d}"})]
        return [Problem(path, "plan.check.bad_time", {"value": str(at)})]
    if at is not None and not re.match(TIME_PATTERN, at):
        return [Problem(path, "plan.check.bad_time", {"value": at})]
    return []


def _plan_defaults(model: s.PlanModel | None) -> PlanDefaults | None:
    if model is None:
        return None
    return PlanDefaults(
        exercise=model.exercise,
        at=model.at if isinstance(model.at, str) else None,  # a number was refused above
        weeks=model.weeks,
        recheck_weeks=model.recheck_weeks,
    )


def check_plan_exercise(
    practice: Practice, document: LocatedDocument, name: str, known: Iterable[str]
) -> None:
    """The exercise of the practice's default plan must be one in force (built in
    or from the practice's exercises file); ContentError names the ones there are."""
    chosen = practice.plan.exercise if practice.plan else None
    ids = sorted(set(known))
    if chosen is None or chosen in ids:
        return
    problem = Problem(
        ("plan", "exercise"),
        "files.check.unknown_exercise",
        {"name": chosen, "choices": ", ".join(ids)},
    )
    raise ContentError(format_problems([problem], document, name))


FILE_KINDS = ("questionnaire", "exercises", "practice")


def detect_kind(data: Any) -> str | None:
    """Which kind of file a parsed document is, from its top-level keys."""
    if not isinstance(data, Mapping):
        return None
    if "practice" in data:
        return "practice"
    if "exercises" in data and "questions" not in data:
        return "exercises"
    if "questions" in data or "scales" in data or "domains" in data:
        return "questionnaire"
    return None
