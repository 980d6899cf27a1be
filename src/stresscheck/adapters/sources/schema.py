"""The shape of every file a person or therapist writes, as pydantic models.

These models check types and keys (one error per bad field, with its key path);
cross-references (unknown scale, band order, rules naming unknown questions)
are checked in ``stresscheck.adapters.sources.files`` where the line numbers are known.
``stresscheck schema`` prints their JSON Schema for editor completion, with every
title and description taken from the message catalogue (``localise_schema``): the
docstrings and comments here are for developers, the catalogue is what people read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StrictBool,
    StrictFloat,
    StrictInt,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from stresscheck.core.plan import MAX_WEEKS, TIME_PATTERN

# Shared types carry the catalogue key of their text as their description;
# localise_schema puts the text in the reader's language in its place.
TYPE_TEXT = "schema.type."

# Letters, digits, _ . - (no spaces).
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$",
        max_length=64,
        description=TYPE_TEXT + "identifier",
    ),
]
LanguageCode = Literal["en", "nl"]
LANGUAGE_CODES = ("en", "nl")


def _check_local_text(value: Any) -> str | dict[str, str]:
    """One clear error for a bad text, instead of one per union member."""
    if isinstance(value, str) and value.strip():
        return value
    if (
        isinstance(value, dict)
        and value
        and all(key in LANGUAGE_CODES for key in value)
        and all(isinstance(text, str) and text.strip() for text in value.values())
    ):
        return value
    raise PydanticCustomError("local_text", "expected a text or {en: ..., nl: ...}")


LocalisedText = Annotated[
    str | dict[LanguageCode, str],
    PlainValidator(_check_local_text),
    WithJsonSchema(
        {
            # A text, or one text per language: {en: ..., nl: ...}.
            "description": TYPE_TEXT + "text",
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {"en": {"type": "string"}, "nl": {"type": "string"}},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
        }
    ),
]
# Every number in a file is bounded, so that whatever validates also runs: finite
# (.inf or .nan would break scoring and the JSON output) and within a million
# (1e308 overflows the exact decimal arithmetic of scoring; a version of 10**20
# does not fit SQLite's INTEGER). No questionnaire needs more.
NUMBER_LIMIT = 1_000_000
Finite = Annotated[StrictFloat, Field(allow_inf_nan=False)]  # for fields with bounds of their own
Number = Annotated[Finite, Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT)]
# Counts: more than any honest file has, few enough to stay quick.
MAX_ITEMS = 500
# A breathing cycle has a few phases; one cycle is at most ten minutes.
MAX_PHASES = 20
MAX_CYCLE_SECONDS = 600.0


class Strict(BaseModel):
    """Unknown keys are mistakes (usually typos), never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionModel(Strict):
    """One answer option. Two options may share a value (recoding).

    Values are numbers; in a ``multi`` question they may also be ids.
    """

    value: Number | Identifier
    label: LocalisedText


class BandModel(Strict):
    """Bands ascend; a score belongs to the first band whose max it does not exceed."""

    max: Number | None = None  # absent on the last band only
    level: Identifier
    label: LocalisedText | None = None


class DomainModel(Strict):
    """A scored group of questions."""

    id: Identifier
    title: LocalisedText
    scoring: Literal["sum", "mean"] = "sum"
    max_missing: StrictInt = Field(default=0, ge=0, le=MAX_ITEMS)
    bands: list[BandModel] = Field(min_length=1, max_length=MAX_ITEMS)
    # This area is about breathing complaints: breath holds and extra in-breaths
    # then get a caution.
    breathing: StrictBool = False


ContactKindName = Literal["emergency", "crisis", "gp", "gp_out_of_hours", "practice"]


class RedFlagModel(Strict):
    """An answer at or above ``at_least`` raises a red flag."""

    at_least: Number
    # Whom to contact for this alarm, most fitting first (default: gp,
    # gp_out_of_hours, emergency).
    contacts: list[ContactKindName] | None = Field(default=None, min_length=1)
    # Shown with the urgent advice when this flag is raised.
    message: LocalisedText | None = None


class QuestionModel(Strict):
    """A question: ``scale`` names a shared scale, ``options`` lists its own."""

    id: Identifier
    text: LocalisedText
    type: Literal["single", "multi"] = "single"  # multi: choose any number of options
    scale: Identifier | None = None
    options: list[OptionModel] | None = Field(default=None, max_length=MAX_ITEMS)
    domain: Identifier | None = None
    reverse: StrictBool = False
    red_flag: RedFlagModel | None = None
    short: LocalisedText | None = None
    help: LocalisedText | None = None


class TotalModel(Strict):
    """The overall score: the sum of these domains' scores, with its own bands."""

    domains: list[Identifier] = Field(min_length=1, max_length=MAX_ITEMS)
    bands: list[BandModel] = Field(min_length=1, max_length=MAX_ITEMS)


# Shown when this condition holds; may use {answer}, {question}, {domain}, {level},
# {score}, {max}, {count}.
ReasonText = LocalisedText | None


class RedFlagCondition(Strict):
    red_flag: StrictBool
    reason: ReasonText = None


class DomainLevelCondition(Strict):
    domain: Identifier
    level_at_least: Identifier
    reason: ReasonText = None


class TotalAtLeastCondition(Strict):
    total_at_least: Number
    reason: ReasonText = None


class AnswerCondition(Strict):
    answer: Identifier
    at_least: Number | None = None
    at_most: Number | None = None
    includes: Number | Identifier | None = None  # multi questions: this option was chosen
    # multi questions: at least this many chosen.
    count_at_least: StrictInt | None = Field(default=None, ge=1, le=MAX_ITEMS)
    reason: ReasonText = None


class BodyMapSpreadCondition(Strict):
    body_map_spread: StrictBool
    reason: ReasonText = None


class AnyCondition(Strict):
    any: list[ConditionModel] = Field(min_length=1, max_length=MAX_ITEMS)
    reason: ReasonText = None


class AllCondition(Strict):
    all: list[ConditionModel] = Field(min_length=1, max_length=MAX_ITEMS)
    reason: ReasonText = None


_CONDITION_TAGS = (
    "red_flag",
    "domain",
    "total_at_least",
    "answer",
    "body_map_spread",
    "any",
    "all",
)
# Tags are prefixed so that error locations can tell them from real keys.
TAG_PREFIX = "condition:"


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        for tag in _CONDITION_TAGS:
            if tag in value:
                return TAG_PREFIX + tag
    return None


ConditionModel = Annotated[
    Annotated[RedFlagCondition, Tag(TAG_PREFIX + "red_flag")]
    | Annotated[DomainLevelCondition, Tag(TAG_PREFIX + "domain")]
    | Annotated[TotalAtLeastCondition, Tag(TAG_PREFIX + "total_at_least")]
    | Annotated[AnswerCondition, Tag(TAG_PREFIX + "answer")]
    | Annotated[BodyMapSpreadCondition, Tag(TAG_PREFIX + "body_map_spread")]
    | Annotated[AnyCondition, Tag(TAG_PREFIX + "any")]
    | Annotated[AllCondition, Tag(TAG_PREFIX + "all")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition_kind",
        custom_error_message="unknown condition",
    ),
]
AnyCondition.model_rebuild()
AllCondition.model_rebuild()


class RuleModel(Strict):
    """If ``when`` holds (or is absent), the advice is ``advice``."""

    when: ConditionModel | None = None
    advice: Literal["urgent", "gp", "physiotherapy", "breathe"]
    exercise: Identifier | None = None
    reason: LocalisedText | None = None
    # Conditions that never decide, but add their reason when they hold.
    also: list[ConditionModel] = Field(default_factory=list)


class InsightModel(Strict):
    """When the person's own history turns 'breathe' into 'physiotherapy'."""

    enabled: StrictBool = True
    min_sessions: StrictInt = Field(default=6, ge=1, le=100_000)
    min_days: StrictInt = Field(default=14, ge=0, le=36_500)
    # Points; when absent, min_drop_percent applies.
    min_score_drop: Finite | None = Field(default=None, ge=0)
    # Percent of the score's range.
    min_drop_percent: Finite = Field(default=10.0, gt=0, le=100)
    min_relief: Finite = Field(default=1.0, ge=0, le=10)
    # The multi question of where complaints sit, and how much more of it is spreading.
    body_map: Identifier = "locations"
    spread_more_places: StrictInt = Field(default=2, ge=1, le=MAX_ITEMS)
    spread_weeks: StrictInt = Field(default=4, ge=1, le=520)


class QuestionnaireModel(Strict):
    """A questionnaire file (see the therapists' guide)."""

    id: Identifier
    version: StrictInt = Field(default=1, ge=1, le=NUMBER_LIMIT)
    title: LocalisedText
    description: LocalisedText | None = None
    scales: dict[Identifier, Annotated[list[OptionModel], Field(max_length=MAX_ITEMS)]] = Field(
        default_factory=dict, max_length=MAX_ITEMS
    )
    domains: list[DomainModel] = Field(default_factory=list, max_length=MAX_ITEMS)
    questions: list[QuestionModel] = Field(min_length=1, max_length=MAX_ITEMS)
    total: TotalModel | None = None
    rules: list[RuleModel] = Field(default_factory=list, max_length=MAX_ITEMS)
    insight: InsightModel = Field(default_factory=InsightModel)


class PhaseModel(Strict):
    """One phase of a breathing cycle."""

    kind: Literal["inhale", "hold", "exhale", "rest"]
    seconds: Finite = Field(ge=0.5, le=600)


class ExerciseModel(Strict):
    """One breathing exercise: its phases make one cycle."""

    id: Identifier
    title: LocalisedText
    description: LocalisedText | None = None
    suits: LocalisedText | None = None
    phases: list[PhaseModel] = Field(min_length=1, max_length=MAX_PHASES)
    default_minutes: Finite = Field(gt=0, le=120)
    default_cycles: StrictInt | None = Field(default=None, ge=1, le=10_000)
    # One text, or a list of short texts shown as bullets.
    cautions: LocalisedText | list[LocalisedText] | None = None


class ExercisesModel(Strict):
    """An exercises file."""

    exercises: list[ExerciseModel] = Field(min_length=1, max_length=MAX_ITEMS)


class PracticeDetails(Strict):
    """How clients reach the practice."""

    name: str = Field(min_length=1)
    website: str | None = None
    phone: str | None = None
    email: str | None = None


# A time of day, HH:MM. Unquoted, YAML reads 19:30 as the number 1170 (base 60):
# the model lets that number through so that the check can say to add quotes
# (validation.parse_practice), while an editor is told to write a text.
TimeOfDay = Annotated[
    str | StrictInt,
    WithJsonSchema({"type": "string", "pattern": TIME_PATTERN}),
]


class PlanModel(Strict):
    """The practice's default plan for ``stresscheck plan``; every key may be left out."""

    exercise: Identifier | None = None
    at: TimeOfDay | None = None
    weeks: StrictInt | None = Field(default=None, ge=1, le=MAX_WEEKS)
    recheck_weeks: StrictInt | None = Field(default=None, ge=1, le=MAX_WEEKS)


class PracticeModel(Strict):
    """A practice file, handed by a therapist to clients."""

    practice: PracticeDetails
    language: LanguageCode | None = None
    questions: str | None = None  # relative to this file
    exercises: str | None = None  # relative to this file
    plan: PlanModel | None = None


SCHEMAS: dict[str, type[BaseModel]] = {
    "questionnaire": QuestionnaireModel,
    "exercises": ExercisesModel,
    "practice": PracticeModel,
}


# --------------------------------------------------------------------------- texts for editors


def localise_schema(
    document: dict[str, Any], model: type[BaseModel], t: Callable[[str], str]
) -> dict[str, Any]:
    """``model``'s JSON Schema ``document`` with every title and description in the
    language of ``t``, from the catalogue; nothing else changes.

    The top model and each ``$defs`` entry get ``schema.model.<Model>.title`` and
    ``.doc``; each of their properties ``schema.field.<Model>.<field>.title`` and
    ``.doc``; a shared type's key (``schema.type.<name>``) anywhere is replaced by its
    text. The catalogue writes braces doubled, as in every message.
    """

    def text(key: str) -> str:
        return t(key).format()

    def shared_types(node: Any) -> Any:
        if isinstance(node, list):
            return [shared_types(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: shared_types(value) for key, value in node.items()}
        description = out.get("description")
        if isinstance(description, str) and description.startswith(TYPE_TEXT):
            out["description"] = text(description)
        return out

    result: dict[str, Any] = shared_types(document)
    models = [(model.__name__, result), *result.get("$defs", {}).items()]
    for name, sub in models:
        sub["title"] = text(f"schema.model.{name}.title")
        sub["description"] = text(f"schema.model.{name}.doc")
        for field, prop in sub.get("properties", {}).items():
            prop["title"] = text(f"schema.field.{name}.{field}.title")
            prop["description"] = text(f"schema.field.{name}.{field}.doc")
    return result
