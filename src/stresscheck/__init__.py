"""stresscheck: a calm self-check and breathing companion for long-term stress."""

__version__ = "0.1.0"
