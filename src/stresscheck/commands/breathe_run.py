"""Kept for ``commands/plan.py``, which names the default exercise and the
unknown-exercise error from here; both live in ``usecases/breathing_session.py``."""

from stresscheck.usecases.breathing_session import DEFAULT_EXERCISE, unknown_exercise

__all__ = ["DEFAULT_EXERCISE", "unknown_exercise"]
