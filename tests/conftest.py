"""Fixtures for every test: stored data goes to a fresh temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def stresscheck_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point STRESSCHECK_HOME at a folder that does not exist yet, so no test ever
    touches the real user data directory, and tests can see what gets created."""
    home = tmp_path / "stresscheck-home"
    monkeypatch.setenv("STRESSCHECK_HOME", str(home))
    return home
