"""The message catalogue (messages/en.yaml, nl.yaml) and the texts in the shipped data.

A key missing in one language, a placeholder spelled differently, or a key the
code asks for that does not exist would show a person a raw key or crash
formatting; these tests find them before anyone sees them.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from helpers import SRC
from stresscheck.adapters.sources.yamlio import load_located
from stresscheck.core.questionnaire import ACTIONS
from stresscheck.i18n import LANGUAGES, Translator, catalogue

CATALOGUE_DIR = SRC / "messages"
DATA_DIR = SRC / "data"
TEXT_KEYS = {
    "title",
    "text",
    "label",
    "description",
    "short",
    "help",
    "reason",
    "suits",
    "cautions",
}


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def load_catalogue(lang: str) -> dict[str, Any]:
    """Parsed with the strict loader: a duplicate key anywhere is an error."""
    text = (CATALOGUE_DIR / f"{lang}.yaml").read_text("utf-8")
    document = load_located(text)  # raises YamlProblem on duplicate keys
    assert isinstance(document.data, Mapping)
    return flatten(document.data)


RAW = {lang: load_catalogue(lang) for lang in LANGUAGES}
EN, NL = RAW["en"], RAW["nl"]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


# --------------------------------------------------------------------------- the two files


def test_both_languages_exist() -> None:
    assert set(LANGUAGES) == {"en", "nl"}
    for lang in LANGUAGES:
        assert (CATALOGUE_DIR / f"{lang}.yaml").is_file()
        assert resources.files("stresscheck.messages").joinpath(f"{lang}.yaml").is_file()


def test_every_english_key_is_in_dutch() -> None:
    assert sorted(set(EN) - set(NL)) == []


def test_every_dutch_key_is_in_english() -> None:
    assert sorted(set(NL) - set(EN)) == []


@pytest.mark.parametrize("key", sorted(set(EN) & set(NL)))
def test_same_placeholders(key: str) -> None:
    assert placeholders(str(EN[key])) == placeholders(str(NL[key])), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_messages(lang: str) -> None:
    empty = [key for key, value in RAW[lang].items() if value is None or not str(value).strip()]
    assert empty == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_texts_not_lists_or_numbers(lang: str) -> None:
    odd = [key for key, value in RAW[lang].items() if not isinstance(value, str)]
    assert odd == [], "unquoted yes/no/numbers become booleans or numbers in YAML"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_formats(lang: str) -> None:
    """A stray single brace would crash str.format the moment the message is shown."""
    broken = []
    for key, template in RAW[lang].items():
        try:
            template.format(**dict.fromkeys(placeholders(template), "x"))
        except (ValueError, IndexError, KeyError):
            broken.append(key)
    assert broken == []


def test_the_strict_loader_rejects_a_duplicate_key() -> None:
    """Guard for the test above: the loader it relies on does catch duplicates."""
    from stresscheck.adapters.sources.yamlio import YamlProblem

    with pytest.raises(YamlProblem):
        load_located("quiz:\n  prompt: a\n  prompt: b\n")


def test_translator_sees_the_same_catalogue() -> None:
    for lang in LANGUAGES:
        assert catalogue(lang) == {key: str(value) for key, value in RAW[lang].items()}


def test_dutch_is_really_dutch() -> None:
    """A copied English file would pass the key checks; most sentences must differ."""
    long_keys = [k for k in EN if len(str(EN[k])) > 25]
    same = [k for k in long_keys if EN[k] == NL[k]]
    assert len(same) <= len(long_keys) // 10, same


# --------------------------------------------------------------------------- keys used in code


def python_sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


# Calls that word a key: a translator, the run's voice (speech.word, speech.note),
# Output.say, and speech.Words (a message worded when shown: a file's problems, the
# lines of ``setup --show``); an error raised by key says it as ``key=``.
TRANSLATE_NAMES = {"t", "_t", "translate", "word", "note", "say", "Words"}


def _literal_strings(node: ast.AST) -> list[str] | None:
    """The possible string values of an argument: a literal, or both branches of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, other = _literal_strings(node.body), _literal_strings(node.orelse)
        if body is not None and other is not None:
            return body + other
    return None


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def key_uses() -> Iterator[tuple[str, str, ast.Call, str]]:
    """(key, where, call, kind) for every catalogue key written as a literal in the code."""
    for path in python_sources():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):  # def since_option(t, help_key="report....")
                positional = [*node.args.posonlyargs, *node.args.args]
                with_default = positional[len(positional) - len(node.args.defaults) :]
                defaults = [
                    *zip(with_default, node.args.defaults, strict=True),
                    *zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True),
                ]
                for arg, default in defaults:
                    value = default.value if isinstance(default, ast.Constant) else None
                    if arg.arg.endswith("key") and isinstance(value, str) and "." in value:
                        where = f"{path.relative_to(SRC)}:{node.lineno}"
                        yield value, where, ast.Call(func=node, args=[], keywords=[]), "named"
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            # The option builders of commands/options.py take the key of their help.
            if name == "flag" or (name or "").endswith(("_option", "_argument")):
                for arg in node.args:
                    for value in _literal_strings(arg) or ():
                        if "." in value and " " not in value and not value.startswith("-"):
                            yield value, where, node, "named"
            # An error's fields are its other keywords; elsewhere (refuse_link(path,
            # key=...)) the callee gives them: only that the key exists is checked.
            keyed = "translate" if (name or "").endswith("Error") else "named"
            for keyword in node.keywords:
                by_key = _literal_strings(keyword.value) if keyword.arg == "key" else None
                for value in by_key or ():
                    if "." in value and " " not in value:
                        yield value, where, node, keyed
            if name in TRANSLATE_NAMES or name == "Reason":
                index, kind = 0, "translate" if name != "Reason" else "reason"
            elif name == "Problem":
                index, kind = 1, "problem"
            else:
                continue
            if len(node.args) <= index:
                continue
            values = _literal_strings(node.args[index])
            if values is None:
                continue  # a variable or an f-string: resolved in the tests below where possible
            for value in values:
                if "." in value and " " not in value:
                    yield value, where, node, kind


USES = list(key_uses())


def test_the_scan_finds_keys() -> None:
    """If the scan found nothing it would prove nothing."""
    keys = {key for key, *_ in USES}
    assert {"quiz.progress", "quiz.needs_terminal", "advice.reason.red_flag"} <= keys
    assert {"files.problem", "files.not_found", "store.import.not_json"} <= keys  # Words(...)
    assert any(kind == "problem" for *_, kind in USES)
    assert len(keys) > 50


ADVICE_SOURCE = (SRC / "core" / "advice.py").read_text("utf-8")


def _described_specially(key: str) -> bool:
    """A Reason whose key ``advice.describe`` turns into text itself, never via the catalogue."""
    return f'reason.key == "{key}"' in ADVICE_SOURCE


@pytest.mark.parametrize(
    ("key", "where"),
    sorted(
        {(k, w) for k, w, _, kind in USES if not (kind == "reason" and _described_specially(k))}
    ),
)
def test_key_used_in_code_exists(key: str, where: str) -> None:
    assert key in EN, f"{where} asks for {key!r}, which en.yaml does not have"
    assert key in NL, f"{where} asks for {key!r}, which nl.yaml does not have"


def _keywords(call: ast.Call) -> set[str] | None:
    """Keyword names given to a call, or None when some come from **mapping."""
    if any(k.arg is None for k in call.keywords):
        return None
    return {k.arg for k in call.keywords if k.arg is not None}


def test_translate_calls_give_every_placeholder() -> None:
    """``t("x", a=1)`` for a message using {b} would raise KeyError in front of the user."""
    missing = []
    for key, where, call, kind in USES:
        if kind != "translate" or key not in EN:
            continue
        given = _keywords(call)
        if given is None:
            continue
        needed = placeholders(str(EN[key]))
        if not given:
            # Without fields the template is shown as it is: no braces may be in it at all.
            if "{" in str(EN[key]) or "}" in str(EN[key]):
                missing.append((where, key, "shown unformatted, braces and all"))
        elif needed - given:
            missing.append((where, key, sorted(needed - given)))
    assert missing == []


def test_file_problems_give_every_placeholder() -> None:
    """``Problem(path, key, {fields})``: the message may only use the fields given."""
    missing = []
    for key, where, call, kind in USES:
        if kind != "problem" or key not in EN:
            continue
        fields: set[str] = set()
        if len(call.args) > 2:
            literal = call.args[2]
            if not isinstance(literal, ast.Dict) or not all(
                isinstance(k, ast.Constant) for k in literal.keys
            ):
                continue
            fields = {k.value for k in literal.keys if isinstance(k, ast.Constant)}
        needed = placeholders(str(EN[key]))
        if needed - fields:
            missing.append((where, key, sorted(needed - fields)))
    assert missing == []


def test_pydantic_field_messages_use_only_the_fields_the_loader_gives() -> None:
    """validation._pydantic_problems gives detail, choices and limit; nothing else."""
    for key, template in EN.items():
        if key.startswith("files.field."):
            assert placeholders(template) <= {"detail", "choices", "limit"}, key


def test_yaml_problem_kinds_have_messages() -> None:
    source = (SRC / "adapters" / "sources" / "yamlio.py").read_text("utf-8")
    tree = ast.parse(source)
    kinds = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _callee(node) == "YamlProblem"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert {"syntax", "duplicate_key", "too_deep", "too_large", "multiple_documents"} <= kinds
    for kind in kinds:
        # The fields parse_document fills in (detail_point: the detail with a decimal point).
        assert placeholders(EN[f"files.yaml.{kind}"]) <= {"where", "detail", "detail_point"}
        assert f"files.yaml.{kind}" in NL


def test_keys_built_with_f_strings() -> None:
    """The f-string keys the scan skips, checked for every value they can take."""
    from stresscheck.adapters.sources.validation import FILE_KINDS

    expected = [f"advice.{action}.title" for action in ACTIONS]
    expected += [f"advice.physiotherapy.{field}" for field in ("website", "phone", "email")]
    expected += [f"files.kind.{kind}" for kind in FILE_KINDS]
    expected += [f"level.{level}" for level in ("low", "moderate", "high", "none")]
    for key in expected:
        assert key in EN and key in NL, key


def test_missing_key_falls_back_to_the_key_not_a_crash() -> None:
    assert Translator("nl")("no.such.key") == "no.such.key"


# --------------------------------------------------------------------------- shipped data


def localised_texts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every value under a text key (title, text, label, ...) in a data file."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if key in TEXT_KEYS:
                if isinstance(value, list):
                    for i, item in enumerate(value):
                        yield f"{here}[{i}]", item
                else:
                    yield here, value
            else:
                yield from localised_texts(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from localised_texts(item, f"{path}[{i}]")


DATA_FILES = sorted(DATA_DIR.glob("*.yaml"))


def test_data_files_found() -> None:
    assert {p.name for p in DATA_FILES} >= {"questions.yaml", "exercises.yaml"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_text_in_shipped_data_has_english_and_dutch(path: Path) -> None:
    data = load_located(path.read_text("utf-8")).data
    texts = list(localised_texts(data))
    assert len(texts) > 5
    problems = []
    for where, value in texts:
        if not isinstance(value, Mapping):
            problems.append(f"{where}: plain text, not {{en: ..., nl: ...}}")
            continue
        for lang in ("en", "nl"):
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: no {lang}")
        extra = set(value) - {"en", "nl"}
        if extra:
            problems.append(f"{where}: unknown languages {sorted(extra)}")
    assert problems == []
