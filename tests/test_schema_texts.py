"""``stresscheck schema``: every title and description in the reader's language.

An editor shows a key's title and description on hover, so they are user-facing
texts like any other: they come from the catalogue (``schema.model``, ``schema.field``,
``schema.type``), exist in both languages, and change nothing else in the schema.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import run_cli
from stresscheck.adapters.sources.schema import SCHEMAS, localise_schema
from stresscheck.i18n import LANGUAGES, Translator, catalogue

TEXT_KEYS = ("title", "description")
# The catalogue's schema texts; schema.help and the like are the command's own messages.
PREFIXES = ("schema.model.", "schema.field.", "schema.type.")
KINDS = sorted(SCHEMAS)


def localised(kind: str, lang: str) -> dict[str, Any]:
    model = SCHEMAS[kind]
    return localise_schema(model.model_json_schema(), model, Translator(lang))


def texts(node: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every title and description, at any depth.

    A property named ``title`` or ``description`` (a key of the file format) is a
    schema, not a text: only string values count.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}/{key}"
            if key in TEXT_KEYS and not isinstance(value, dict):
                yield here, key, value
            else:
                yield from texts(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from texts(item, f"{path}/{i}")


def without_texts(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: without_texts(value)
            for key, value in node.items()
            if not (key in TEXT_KEYS and not isinstance(value, dict))
        }
    if isinstance(node, list):
        return [without_texts(item) for item in node]
    return node


def schema_texts(lang: str) -> set[str]:
    """The catalogue's schema texts as shown: doubled braces written once."""
    return {value.format() for key, value in catalogue(lang).items() if key.startswith(PREFIXES)}


def models(document: dict[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    yield SCHEMAS[kind].__name__, document
    yield from document.get("$defs", {}).items()


# --------------------------------------------------------------------------- the texts


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_text_comes_from_the_catalogue(kind: str, lang: str) -> None:
    found = list(texts(localised(kind, lang)))
    assert len(found) > 10
    allowed = schema_texts(lang)
    strays = [(path, value) for path, _, value in found if value not in allowed]
    assert strays == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_text_is_empty_or_a_raw_key(kind: str, lang: str) -> None:
    for path, _, value in texts(localised(kind, lang)):
        assert isinstance(value, str) and value.strip(), path
        assert not value.startswith("schema."), f"{path}: the key, not its text"
        assert "{{" not in value and "}}" not in value, f"{path}: braces shown doubled"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_model_and_field_has_a_title_and_a_description(kind: str, lang: str) -> None:
    document = localised(kind, lang)
    for name, sub in models(document, kind):
        assert sub.get("title") and sub.get("description"), name
        for field, prop in sub.get("properties", {}).items():
            assert prop.get("title") and prop.get("description"), f"{name}.{field}"


@pytest.mark.parametrize("kind", KINDS)
def test_dutch_differs_from_english(kind: str) -> None:
    english = {path: value for path, _, value in texts(localised(kind, "en"))}
    dutch = {path: value for path, _, value in texts(localised(kind, "nl"))}
    assert english.keys() == dutch.keys()
    # A very short word ("Band", "Website", "Hint") may be the same in both languages.
    same = [path for path in english if english[path] == dutch[path] and len(english[path]) > 8]
    assert same == []


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_texts_change(kind: str) -> None:
    """Keys, types, enums, required and $defs are those pydantic generates, in any language."""
    raw = without_texts(SCHEMAS[kind].model_json_schema())
    for lang in LANGUAGES:
        assert without_texts(localised(kind, lang)) == raw, lang


def test_no_schema_text_has_a_placeholder() -> None:
    """The texts are shown as written: braces are examples, doubled in the catalogue."""
    for lang in LANGUAGES:
        for key, value in catalogue(lang).items():
            if key.startswith(PREFIXES):
                fields = [name for _, name, _, _ in string.Formatter().parse(value) if name]
                assert fields == [], key


def test_every_schema_text_is_used() -> None:
    """A text for a model or field that no longer exists would only mislead translators."""
    used: set[str] = set()
    for kind in KINDS:
        document = SCHEMAS[kind].model_json_schema()
        for name, sub in models(document, kind):
            used |= {f"schema.model.{name}.title", f"schema.model.{name}.doc"}
            for field in sub.get("properties", {}):
                used |= {f"schema.field.{name}.{field}.title", f"schema.field.{name}.{field}.doc"}
        used |= {value for _, key, value in texts(document) if str(value).startswith("schema.")}
    written = {key for key in catalogue("en") if key.startswith(PREFIXES)}
    assert written == used


def test_shared_types_are_explained() -> None:
    """An id or a text inside a list or an 'or' gets its explanation too."""
    document = localised("questionnaire", "nl")
    identifier = document["$defs"]["TotalModel"]["properties"]["domains"]["items"]
    assert identifier["description"] == Translator("nl")("schema.type.identifier")
    text = document["$defs"]["QuestionModel"]["properties"]["help"]["anyOf"][0]
    assert "{nl: ..., en: ...}" in text["description"]


# --------------------------------------------------------------------------- the command


def test_schema_lang_nl_shows_dutch(stresscheck_home) -> None:
    done = run_cli(["schema", "--kind", "questionnaire", "--lang", "nl"], stresscheck_home)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["title"] == "Vragenlijst"
    assert document["properties"]["questions"]["title"] == "Vragen"
    assert without_texts({k: v for k, v in document.items() if k != "$schema"}) == without_texts(
        SCHEMAS["questionnaire"].model_json_schema()
    )


@pytest.mark.parametrize(("locale", "title"), [("nl_NL.UTF-8", "Oefeningen"), ("C", "Exercises")])
def test_schema_follows_the_usual_language(stresscheck_home, locale: str, title: str) -> None:
    done = run_cli(["schema", "--kind", "exercises"], stresscheck_home, LANG=locale)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["properties"]["exercises"]["title"] == title
    english = run_cli(
        ["schema", "--kind", "exercises", "--lang", "en"], stresscheck_home, LANG=locale
    )
    assert json.loads(english.stdout)["properties"]["exercises"]["title"] == "Exercises"
