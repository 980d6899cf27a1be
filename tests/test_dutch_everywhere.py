"""A Dutch user sees no English anywhere: every screen of every command, run with
``--lang nl``, holds no English sentence from the catalogue and none of Typer's
(click's) own English words.

The English sentences are every en.yaml message longer than 25 characters
whose Dutch differs, cut at its {placeholders} into fixed pieces; a piece of 20
characters or more found in Dutch output is English that leaked through.
History wording (``history``, ``history --json``) is left out here.
"""

from __future__ import annotations

import enum
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
import yaml

from helpers import quick_exercises, run_cli
from stresscheck.context import packaged_data
from stresscheck.i18n import catalogue

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DATA = packaged_data("questions.yaml").parent
TYPER_WORDS = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Invalid value",
    "Did you mean",
    "Missing argument",
    "Missing option",
    "No such option",
    "No such command",
    "[OPTIONS]",
    "[ARGS]",
    "{FILE}",
    "<str>",
    "Got unexpected",
    "requires an argument",
    "Show this message",
    "Input should be",
)
DEFAULT_ANSWERS = """\
fatigue_1: 3
fatigue_2: 3
fatigue_3: 2
tension_1: 3
tension_2: 2
tension_3: 3
tension_4: 2
restlessness_1: 2
restlessness_2: 2
restlessness_3: 2
restlessness_4: 2
breathing_1: 1
breathing_2: 1
breathing_3: 1
breathing_4: 1
duration: 4
relaxation_effect: 2
spreading: 2
chest_pain: 0
fainting: 0
self_harm: 0
"""
PRACTICE = """\
practice:
  name: Praktijk De Adem
  website: https://praktijk.example
  email: info@praktijk.example
language: nl
"""


def data_texts(node: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """(where, English, Dutch) for every text of a shipped data file ({en: ..., nl: ...})."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("nl"), str):
            yield where, node["en"], node["nl"]
        for key, value in node.items():
            yield from data_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from data_texts(item, f"{where}[{index}]")


def english_pieces() -> dict[str, str]:
    """Fixed pieces (20+ characters) of English sentences, each with the key it comes
    from: the catalogue's messages, and the texts of the shipped questionnaire and
    exercises (reasons, titles, answers) that a record or a report may show."""
    english, dutch = catalogue("en"), catalogue("nl")
    texts = [(key, text, dutch.get(key)) for key, text in english.items()]
    for path in sorted(DATA.glob("*.yaml")):
        texts += data_texts(yaml.safe_load(path.read_text("utf-8")), path.name)
    pieces: dict[str, str] = {}
    for key, text, translated in texts:
        if len(text) <= 25 or translated == text:
            continue
        for piece in re.split(r"\{[^{}]*\}", text.replace("{{", "{").replace("}}", "}")):
            piece = piece.strip()
            if len(piece) >= 20:
                pieces.setdefault(piece, key)
    return pieces


PIECES = english_pieces()


def english_in(text: str) -> list[str]:
    """What in ``text`` is English: catalogue sentences (with their keys) and Typer's words."""
    found = [f"{key}: {piece!r}" for piece, key in PIECES.items() if piece in text]
    found += [f"Typer: {word!r}" for word in TYPER_WORDS if word in text]
    return found


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A data home with one self-check and one breathing session, and the files to use."""
    root = tmp_path_factory.mktemp("dutch")
    home = root / "home"
    answers = root / "antwoorden.yaml"
    answers.write_text(DEFAULT_ANSWERS, encoding="utf-8")
    quick = quick_exercises(root, seconds=0.5)
    practice = root / "praktijk.yaml"
    practice.write_text(PRACTICE, encoding="utf-8")
    broken = root / "kapot.yaml"
    broken.write_text("questions: [1, 2\n", encoding="utf-8")
    bad_exercises = root / "fout.yaml"
    bad_exercises.write_text("exercises:\n  - id: x\n    title: X\n", encoding="utf-8")
    # Made in English: what is stored must be told in the reader's language later.
    for args in (
        ["quiz", "--answers", answers],
        ["breathe", "quick", "--exercises", quick, "--cycles", "1", "--plain", "--no-rate"],
    ):
        done = run_cli([*args, "--lang", "en"], home)
        assert done.returncode == 0, done.stderr
    export = root / "export.json"
    done = run_cli(["export", "--format", "json", "-o", export], home)
    assert done.returncode == 0, done.stderr
    return {
        "home": home,
        "root": root,
        "answers": answers,
        "quick": quick,
        "practice": practice,
        "broken": broken,
        "bad_exercises": bad_exercises,
        "export": export,
    }


COMMANDS = [
    [],
    ["quiz"],
    ["breathe"],
    ["validate"],
    ["schema"],
    ["setup"],
    ["history"],
    ["export"],
    ["import"],
    ["forget"],
    ["report"],
    ["exercises"],
    ["exercises", "show"],
    ["plan"],
]

# name -> (arguments with {placeholders} for the place's files, expected exit code)
SCREENS: dict[str, tuple[list[str], int]] = {
    **{f"help {' '.join(c) or 'main'}": ([*c, "--help"], 0) for c in COMMANDS},
    "help -h": (["-h"], 0),
    "no command": ([], 2),
    "quiz plain": (["quiz", "--answers", "{answers}", "--plain", "--no-save"], 0),
    "quiz rich": (["quiz", "--answers", "{answers}", "--no-save"], 0),
    "report md": (["report", "--format", "md", "-o", "-"], 0),
    "report to a file": (["report", "--format", "md", "-o", "{root}/overzicht.md"], 0),
    "exercises": (["exercises"], 0),
    "exercises show": (["exercises", "show", "box"], 0),
    "exercises show unknown": (["exercises", "show", "boxx"], 2),
    "breathe plain": (
        ["breathe", "quick", "--exercises", "{quick}", "--cycles", "1", "--plain", "--no-rate"],
        0,
    ),
    "validate good": (
        [
            "validate",
            str(EXAMPLES / "questionnaire.yaml"),
            "--exercises",
            str(EXAMPLES / "exercises.yaml"),
        ],
        0,
    ),
    "validate exercises": (["validate", str(EXAMPLES / "exercises.yaml")], 0),
    "validate broken": (["validate", "{broken}"], 2),
    "validate bad": (["validate", "{bad_exercises}"], 2),
    "validate missing file": (["validate", "{root}/er-niet.yaml"], 2),
    "setup --show none": (["setup", "--show"], 0),
    "forget without --yes": (["forget"], 2),  # not in a terminal: it cannot ask
    "export json": (["export", "--format", "json", "-o", "{root}/kopie.json"], 0),
    "export csv": (["export", "--format", "csv", "-o", "{root}/kopie.csv"], 0),
    "export bad format": (["export", "--format", "xml", "-o", "{root}/kopie.xml"], 2),
    "import": (["import", "{export}"], 0),
    "import broken": (["import", "{broken}"], 2),
    "plan to a file": (["plan", "-o", "{root}/plan.ics"], 0),
    "plan json": (["plan", "--json"], 0),
    "plan bad time": (["plan", "--at", "25:00", "-o", "{root}/fout.ics"], 2),
    "plan bad weeks": (["plan", "--weeks", "0", "-o", "{root}/fout.ics"], 2),
    "plan unknown exercise": (["plan", "boxx", "-o", "{root}/fout.ics"], 2),
    "plan without -o": (["plan"], 2),
    "schema": (["schema"], 0),
    "schema exercises": (["schema", "--kind", "exercises"], 0),
    "unknown command": (["quizz"], 2),
    "unknown option": (["breathe", "--cyc", "3"], 2),
    "bad number": (["breathe", "--minutes", "abc"], 2),
    "decimal comma": (["breathe", "--minutes", "2,5"], 2),
    "bad whole number": (["breathe", "--cycles", "1.5"], 2),
    "missing value": (["breathe", "--minutes"], 2),
    "value for a flag": (["breathe", "--plain=ja"], 2),
    "missing argument": (["validate"], 2),
    "missing argument of a sub-command": (["exercises", "show"], 2),
    "unknown sub-command": (["exercises", "shwo"], 2),
    "missing option": (["report"], 2),
    "extra argument": (["validate", "een.yaml", "twee.yaml"], 2),
    "bad language": (["quiz", "--lang", "xx"], 2),
}


def fill(args: list[str], place: dict[str, Path]) -> list[str]:
    return [arg.format(**{k: str(v) for k, v in place.items()}) for arg in args]


def run_dutch(args: list[str], place: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    if "--lang" not in args:
        args = [*args, "--lang", "nl"]
    return run_cli(args, place["home"], lang="nl_NL.UTF-8")


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_no_english_on_any_screen(name: str, place: dict[str, Path]) -> None:
    args, code = SCREENS[name]
    done = run_dutch(fill(args, place), place)
    output = done.stdout + done.stderr
    assert done.returncode == code, output
    assert "Traceback" not in output
    assert output.strip()
    assert english_in(output) == [], output


def test_the_report_file_is_dutch(place: dict[str, Path]) -> None:
    target = place["root"] / "overzicht-bestand.md"
    done = run_dutch(["report", "--format", "md", "-o", str(target)], place)
    assert done.returncode == 0, done.stderr
    assert english_in(target.read_text("utf-8")) == []


def test_the_plan_file_is_dutch(place: dict[str, Path]) -> None:
    from icalendar import Calendar

    target = place["root"] / "oefenplan.ics"
    done = run_dutch(["plan", "-o", str(target)], place)
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    texts = [
        str(event[key]) for event in calendar.walk("VEVENT") for key in ("SUMMARY", "DESCRIPTION")
    ]
    assert len(texts) == 4
    assert english_in("\n".join(texts)) == []


def test_setup_and_its_screens_are_dutch(tmp_path: Path, place: dict[str, Path]) -> None:
    home = tmp_path / "home"
    for args in (
        ["setup", str(place["practice"])],
        ["setup", "--show"],
        ["setup", "--reset"],
    ):
        done = run_cli([*args, "--lang", "nl"], home, lang="nl_NL.UTF-8")
        output = done.stdout + done.stderr
        assert done.returncode == 0, output
        assert english_in(output) == [], (args, output)


def test_the_check_would_see_english(tmp_path: Path) -> None:
    """The pieces are real: an English help page and an English error are caught."""
    assert len(PIECES) > 100
    english = run_cli(["breathe", "--minutes", "abc", "--lang", "en"], tmp_path)
    assert english_in(english.stderr)
    assert english_in(run_cli(["--help", "--lang", "en"], tmp_path).stdout)


# --------------------------------------------------------------------------- Typer's errors


class Format(enum.StrEnum):
    md = "md"
    html = "html"


def typer_error(lang: str, *args: str) -> list[str]:
    """The lines ``usage_error_lines`` makes of a small app's usage error, in ``lang``:
    a choice, a number with limits and a file that must exist, as Typer checks them."""
    from stresscheck.commands.chrome import LocalisedTyper, usage_error_lines
    from stresscheck.i18n import Translator

    t = Translator(lang)
    app = LocalisedTyper(t, name="demo")

    @app.command(help="One. Two.")
    def show(
        fmt: Annotated[Format, typer.Option("--format")] = Format.md,
        count: Annotated[int, typer.Option("--count", min=1, max=9)] = 1,
        file: Annotated[Path | None, typer.Option("--file", exists=True, dir_okay=False)] = None,
    ) -> None:
        """Nothing to do."""

    @app.command(help="Other.")
    def other() -> None:
        """Only there to make ``show`` a sub-command."""

    with pytest.raises(Exception) as raised:
        typer.main.get_command(app).main(list(args), prog_name="demo", standalone_mode=False)
    lines = usage_error_lines(raised.value, t)
    assert lines is not None
    return lines


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (
            ["show", "--format", "pdf"],
            "--format kan md of html zijn, niet 'pdf'.",
            "--format can be md or html, not 'pdf'.",
        ),
        (
            ["show", "--count", "0"],
            "--count moet minstens 1 zijn; 0 is te klein.",
            "--count must be at least 1; 0 is too small.",
        ),
        (
            ["show", "--count", "10"],
            "--count mag hoogstens 9 zijn; 10 is te groot.",
            "--count can be at most 9; 10 is too large.",
        ),
        (
            ["show", "--file", "/no/such/file.yaml"],
            "--file: er is geen bestand of map '/no/such/file.yaml'. Kijk de naam en de plek na.",
            "--file: there is no file or folder '/no/such/file.yaml'. "
            "Check the name and where it is.",
        ),
        (
            ["show", "--file", "/"],
            "--file verwacht een bestand, maar '/' is een map. Geef een bestand daarin.",
            "--file needs a file, but '/' is a folder. Give a file in it.",
        ),
    ],
)
def test_typer_value_errors_name_the_option_and_the_fix(
    args: list[str], dutch: str, english: str
) -> None:
    assert typer_error("nl", *args) == [
        "Gebruik: demo show [OPTIES]",
        "Zie 'demo show --help' voor hulp.",
        dutch,
    ]
    assert typer_error("en", *args)[-1] == english


def test_the_command_list_shows_whole_first_sentences() -> None:
    from typer.testing import CliRunner

    from stresscheck.cli import create_app
    from stresscheck.context import AppContext

    for lang in ("nl", "en"):
        for args in (["--help"], ["exercises", "--help"]):
            shown = CliRunner().invoke(create_app(AppContext(lang=lang)), args).output
            assert "..." not in shown.replace("[ARGS]...", "").replace("[ARGUMENTEN]...", "")
    assert typer_error("nl", "sho")[-1] == "Er is geen opdracht 'sho'. Bedoel je: show?"


def test_installing_tab_completion_says_so_in_dutch(tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    done = run_cli(
        ["--install-completion", "--lang", "nl"],
        tmp_path / "data",
        lang="nl_NL.UTF-8",
        HOME=str(home),
        SHELL="/bin/bash",
    )
    assert done.returncode == 0, done.stderr
    script = home / ".bash_completions" / "stresscheck.sh"
    assert done.stdout == (
        f"Aanvullen met Tab voor bash is ingesteld in {script}. "
        "Het werkt in een nieuw terminalvenster.\n"
    )
    assert script.exists()
