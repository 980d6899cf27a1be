"""Every pitfall the therapists' guide warns about gets its cause, its line and the fix.

Each slip is checked with both YAML loaders (libyaml's and the pure one): a file
is valid or not whatever machine it is checked on, and the message is the same.
"""

from __future__ import annotations

import pytest
import yaml

from stresscheck import speech
from stresscheck.adapters.sources import yamlio
from stresscheck.adapters.sources.files import parse_document
from stresscheck.adapters.sources.validation import parse_questionnaire
from stresscheck.errors import ContentError
from stresscheck.i18n import Translator

LOADERS = [pytest.param(yamlio.PureLoader, id="pure")]
if hasattr(yaml, "CSafeLoader"):
    LOADERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "SafeLoader", request.param)


def questionnaire(title: str = "T", band: str = "{max: 4, level: low}", label: str = "a") -> str:
    return (
        "id: pitfalls\n"
        f"title: {title}\n"
        "domains:\n"
        "  - id: d\n"
        "    title: D\n"
        f"    bands: [{band}, {{level: high}}]\n"
        "questions:\n"
        "  - id: q\n"
        "    text: How often?\n"
        "    domain: d\n"
        f"    options: [{{value: 0, label: {label}}}, {{value: 1, label: b}}]\n"
    )


def problems(text: str, lang: str = "en") -> str:
    speech.speak_with(lambda: Translator(lang))
    try:
        parse_questionnaire(parse_document(text.encode(), "q.yaml"), "q.yaml")
    except ContentError as error:
        return "\n".join(error.problems)
    return ""


CASES = [
    # (what the guide warns about, the file, the line, words of the message, the Dutch words)
    (
        "decimal comma",
        questionnaire(band="{max: 4,5, level: low}"),
        6,
        "Write the number with a point: 4.5",
        "Schrijf het getal met een punt: 4.5",
    ),
    (
        "comma inside braces",
        questionnaire(label="{en: Yes, they come back, nl: Ja}"),
        11,
        "a comma ends the text",
        "beëindigt een komma de tekst",
    ),
    (
        "question mark starting a text inside braces",
        questionnaire(label="{en: ?Why, nl: Waarom?}"),
        11,
        "question mark inside",
        "vraagteken binnen",
    ),
    (
        "colon and space in a text",
        questionnaire(title="Tension: how are you"),
        2,
        "colon followed by a space",
        "dubbele punt met een spatie",
    ),
    (
        "a text starting with an apostrophe",
        questionnaire(title="\n  nl: 's Ochtends moe\n  en: Tired"),
        3,
        "never closes",
        "nergens sluit",
    ),
    (
        "unquoted Yes",
        questionnaire(label="{en: Yes, nl: Ja}"),
        11,
        "questions[0].options[0].label.en: without quotes, YAML reads Yes",
        "zonder aanhalingstekens leest YAML Yes",
    ),
    (
        "unquoted No as the whole label",
        questionnaire(label="No"),
        11,
        "questions[0].options[0].label: without quotes, YAML reads Yes, No",
        "leest YAML Yes, No",
    ),
    (
        "a tab for indenting",
        questionnaire().replace("    text: How often?", "\ttext: How often?"),
        9,
        "indented with a tab",
        "springt in met een tab",
    ),
    (
        "a text starting with a brace",
        questionnaire(title="{question} first"),
        2,
        "Put the whole text in single quotes",
        "enkele aanhalingstekens",
    ),
]


@pytest.mark.usefixtures("loader")
@pytest.mark.parametrize(
    ("what", "text", "line", "english", "dutch"), CASES, ids=[c[0] for c in CASES]
)
def test_each_pitfall_names_its_cause_line_and_fix(what, text, line, english, dutch) -> None:
    shown = problems(text)
    assert shown.startswith(f"q.yaml:{line}:"), (what, shown)
    assert english in shown, (what, shown)
    dutch_shown = problems(text, "nl")
    assert dutch_shown.startswith(f"q.yaml:{line}:"), (what, dutch_shown)
    assert dutch in dutch_shown, (what, dutch_shown)
    # No PyYAML English inside a Dutch sentence.
    for english_word in ("found", "expected", "while scanning", "mapping values"):
        assert english_word not in dutch_shown, dutch_shown


@pytest.mark.usefixtures("loader")
def test_the_quoted_forms_the_guide_recommends_are_valid() -> None:
    fixed = [
        questionnaire(band="{max: 4.5, level: low}"),
        questionnaire(label='{en: "Yes, they come back", nl: Ja}'),
        questionnaire(label='{en: "?Why", nl: "Waarom?"}'),
        questionnaire(label="{en: Why?, nl: Waarom?}"),  # as YAML 1.2 and libyaml read it
        questionnaire(title='"Tension: how are you"'),
        questionnaire(title='\n  nl: "\'s Ochtends moe"\n  en: Tired'),
        questionnaire(label='{en: "Yes", nl: Ja}'),
        questionnaire(title="'{question} first'"),
    ]
    for text in fixed:
        assert problems(text) == "", text


@pytest.mark.parametrize(
    "label", ["{en: Why?, nl: Waarom?}", "{en: a ? b, nl: x}", "{en: ?Why, nl: x}", "[x?, y]"]
)
def test_both_loaders_agree_on_a_question_mark_in_braces(monkeypatch, label) -> None:
    """PyYAML's pure scanner refused {en: Why?} where libyaml reads it: now both read it."""
    text = questionnaire(label=label)
    seen = set()
    for loader_class in [p.values[0] for p in LOADERS]:
        monkeypatch.setattr(yamlio, "SafeLoader", loader_class)
        seen.add(problems(text))
    assert len(seen) == 1
