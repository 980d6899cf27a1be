"""Fixtures for every test: stored data goes to a fresh temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def stresscheck_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point STRESSCHECK_HOME at a folder that does not exist yet, so no test ever
    touches the real user data directory, and tests can see what gets created."""
    home = tmp_path / "stresscheck-home"
    monkeypatch.setenv("STRESSCHECK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_run_language() -> Iterator[None]:
    """Each test starts as a fresh run: messages in the locale's language until a
    context (``AppContext``) says the run's (``stresscheck.speech``)."""
    from stresscheck import speech

    speech.speak_with(None)
    yield
    speech.speak_with(None)


@pytest.fixture(autouse=True, scope="session")
def stresscheck_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Validated files are cached on disk (stresscheck.adapters.storage.cache): keep the
    tests' cache out of the user's cache folder, for this process and every
    subprocess it starts."""
    cache = tmp_path_factory.mktemp("stresscheck-cache")
    previous = os.environ.get("STRESSCHECK_CACHE")
    os.environ["STRESSCHECK_CACHE"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("STRESSCHECK_CACHE", None)
    else:
        os.environ["STRESSCHECK_CACHE"] = previous
