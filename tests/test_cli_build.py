"""A run builds only the command it is for; help and mistakes still see them all."""

from __future__ import annotations

import pytest

from stresscheck.__main__ import main
from stresscheck.cli import COMMAND_MODULES, command_run


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["history"], "history"),
        (["--lang", "nl", "report", "-o", "x.md"], "report"),
        (["--lang=nl", "exercises", "show", "box"], "exercises"),
        (["quiz", "--help"], "quiz"),
        ([], None),  # the app's own help
        (["--help", "history"], None),  # the app's help acts first
        (["-V"], None),
        (["histroy"], None),  # not ours: Typer suggests the nearest of all
        (["--", "history"], None),
    ],
)
def test_the_command_a_run_is_for(args: list[str], built: str | None) -> None:
    assert command_run(args) == built


def test_every_command_has_its_module() -> None:
    import typer

    from stresscheck.cli import create_app
    from stresscheck.context import AppContext

    every = typer.main.get_command(create_app(AppContext(lang="en")))
    assert set(every.commands) == set(COMMAND_MODULES)  # type: ignore[attr-defined]


def test_a_misspelt_command_is_still_matched_against_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["histroy"])
    assert done.value.code == 2
    assert "Did you mean 'history'?" in capsys.readouterr().err


def test_the_apps_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for name in COMMAND_MODULES:
        assert f"  {name} " in shown or f"  {name}\n" in shown
