"""A small on-disk cache of files we have already parsed and validated.

Validating a questionnaire with pydantic, and even importing pydantic's models,
costs more than the rest of a quiz run together. A file's validated form is
therefore kept as JSON, keyed by a hash of the file's bytes and the program
version, so any edit (or upgrade) simply misses the cache. Only plain JSON and
a fixed list of our own dataclasses are ever read back: nothing is unpickled or
evaluated. Any failure to read or write the cache just means doing the work.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from stresscheck import __version__

T = TypeVar("T")

_TYPE = "__type__"
# The only classes ``decode`` may build, by module; a module is imported only
# when a cached file needs one of its classes (the quiz never needs breathing).
_MODULES = ("stresscheck.core.text", "stresscheck.core.questionnaire", "stresscheck.core.breathing")
_CLASSES: dict[str, type[Any]] = {}


def _class(name: str) -> type[Any]:
    if name not in _CLASSES:
        import importlib

        for module_name in _MODULES:
            module = importlib.import_module(module_name)
            for value in vars(module).values():
                if dataclasses.is_dataclass(value) and isinstance(value, type):
                    _CLASSES.setdefault(value.__name__, value)
            if name in _CLASSES:
                break
    return _CLASSES[name]


def encode(value: Any) -> Any:
    """Our dataclasses, tuples, lists, dicts and scalars as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_TYPE: type(value).__name__, **fields}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"__dict__": {key: encode(item) for key, item in value.items()}}
    return value


def decode(data: Any) -> Any:
    """The inverse of ``encode``; sequences come back as tuples (the core's frozen form)."""
    if isinstance(data, list):
        return tuple(decode(item) for item in data)
    if isinstance(data, dict):
        if "__dict__" in data:
            return {key: decode(item) for key, item in data["__dict__"].items()}
        cls = _class(data[_TYPE])
        return cls(**{key: decode(item) for key, item in data.items() if key != _TYPE})
    return data


def cache_dir() -> Path:
    """Where cached files live: ``STRESSCHECK_CACHE``, else the platform's cache folder."""
    override = os.environ.get("STRESSCHECK_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("stresscheck", appauthor=False))


def cached(kind: str, raw: bytes, build: Callable[[], T]) -> T:
    """``build()``'s result for this file content, from the cache when possible.

    ``build`` must raise for invalid content: only valid results are stored,
    so errors are always reported fresh with their file and line.
    """
    digest = hashlib.sha256(raw).hexdigest()[:32]
    path = cache_dir() / f"{kind}-{__version__}-{digest}.json"
    try:
        result: T = decode(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    else:
        return result
    result = build()
    # A read-only or full disk only costs speed.
    with contextlib.suppress(OSError, TypeError, ValueError):
        from stresscheck.adapters.paths import ensure_private_dir, write_private_file

        ensure_private_dir(path.parent)
        write_private_file(path, json.dumps(encode(result), ensure_ascii=False).encode())
    return result
