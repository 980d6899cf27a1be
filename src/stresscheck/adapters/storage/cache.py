"""A small on-disk cache of files we have already parsed and validated.

Validating a questionnaire with pydantic, and even importing pydantic's models,
costs more than the rest of a quiz run together. A file's validated form is
therefore kept as JSON together with the exact bytes it came from, named by the
program version and a stamp of the code that made it, so any edit of the file
(or of the program) simply misses the cache. Only plain JSON and
a fixed list of our own dataclasses are ever read back: nothing is unpickled or
evaluated. Any failure to read or write the cache just means doing the work.

A cache must never be able to break the program: each entry carries a seal
(its length and CRC-32) that a truncated, damaged or edited entry fails before
its JSON is parsed, an entry far larger than its source is not read, and any
error while reading one (wrong types, deep nesting, a folder in its place)
means it is rebuilt from the source file and written anew.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from stresscheck import __version__
from stresscheck.adapters.paths import PACKAGE_DIR, cache_dir

T = TypeVar("T")

_TYPE = "__type__"
# The only classes ``decode`` may build, by module; a module is imported only
# when a cached file needs one of its classes (the quiz never needs breathing).
_MODULES = ("stresscheck.core.text", "stresscheck.core.questionnaire", "stresscheck.core.breathing")
_CLASSES: dict[str, type[Any]] = {}


def _is_record_type(value: Any) -> bool:
    """Our value classes: frozen dataclasses and NamedTuples."""
    if not isinstance(value, type):
        return False
    return dataclasses.is_dataclass(value) or (
        issubclass(value, tuple) and hasattr(value, "_fields")
    )


def _class(name: str) -> type[Any]:
    if name not in _CLASSES:
        import importlib

        for module_name in _MODULES:
            module = importlib.import_module(module_name)
            for value in vars(module).values():
                if _is_record_type(value) and value.__module__ == module_name:
                    _CLASSES.setdefault(value.__name__, value)
            if name in _CLASSES:
                break
    return _CLASSES[name]


def _fields(value: Any) -> dict[str, Any] | None:
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {name: getattr(value, name) for name in value._fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return None


def encode(value: Any) -> Any:
    """Our value classes, tuples, lists, mappings and scalars as plain JSON data."""
    fields = _fields(value)
    if fields is not None:
        return {_TYPE: type(value).__name__, **{k: encode(v) for k, v in fields.items()}}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
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


# The code that decides what a cached entry holds: any change to these files
# (an upgrade, or a developer's edit) makes earlier entries unreachable.
_CODE = (
    "core/text.py",
    "core/questionnaire.py",
    "core/breathing.py",
    "adapters/sources/schema.py",
    "adapters/sources/validation.py",
    "adapters/storage/cache.py",
)


@functools.cache
def code_stamp(files: tuple[str, ...]) -> str:
    """A stamp of the version and of these source files (paths in the package):
    any upgrade or edit of them changes it, so what they computed is not reused."""
    stamp = zlib.crc32(__version__.encode())
    for name in files:
        try:
            info = (PACKAGE_DIR / name).stat()
        except OSError:
            continue
        stamp = zlib.crc32(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode(), stamp)
    return f"{stamp:08x}"


def cached(kind: str, raw: bytes, build: Callable[[], T], check: Callable[[Any], bool]) -> T:
    """``build()``'s result for this file content, from the cache when possible.

    The entry is named by a checksum of ``raw`` and holds ``raw`` itself, which
    must match byte for byte: a checksum collision can never hand back another
    file's result, and no cryptographic hash module is loaded on every start.
    ``build`` must raise for invalid content: only valid results are stored,
    so errors are always reported fresh with their file and line. ``check``
    tells whether what the cache holds is of the expected shape; an entry
    written by another build of the program is simply rebuilt.
    """
    source = raw.decode("latin-1")  # any bytes, one character each
    checksum = f"{zlib.crc32(raw):08x}{len(raw):x}"
    path = cache_dir() / f"{kind}-{__version__}-{code_stamp(_CODE)}-{checksum}.json"
    try:
        entry = _read_entry(path, len(raw))
        if entry is not None and entry["source"] == source:
            result: T = decode(entry["result"])
            if check(result):
                return result
    except Exception:  # whatever is wrong with an entry (even a RecursionError): rebuild it
        pass
    result = build()
    # A read-only or full disk only costs speed; an entry that cannot be written
    # (a folder in its place) is simply rebuilt next time.
    with contextlib.suppress(Exception):
        from stresscheck.adapters.paths import private_dir, write_private_file

        private_dir(path.parent)
        text = json.dumps({"source": source, "result": encode(result)}, ensure_ascii=False)
        write_private_file(path, _seal(text.encode("utf-8")))
    return result


# An entry is a line ``stresscheck-cache CRC32 LENGTH`` and then the JSON it
# vouches for. A truncated, damaged or hand-edited entry no longer matches its
# seal and is rebuilt from the source file, before its JSON is even parsed.
_SEAL = b"stresscheck-cache"


def _seal(data: bytes) -> bytes:
    return b"%s %08x %d\n%s" % (_SEAL, zlib.crc32(data), len(data), data)


def _read_entry(path: Path, source_size: int) -> Any:
    """The JSON of the entry at ``path`` if it is whole and as written; else None.

    An entry far larger than its source file could make (its JSON holds the
    source and the parsed result) is not read at all.
    """
    from stresscheck.adapters.paths import read_private  # never through a link

    if path.stat().st_size > 32 * source_size + (1 << 20):
        return None
    head, _, data = read_private(path).partition(b"\n")
    parts = head.split(b" ")
    if len(parts) != 3 or parts[0] != _SEAL:
        return None
    if parts[1] != b"%08x" % zlib.crc32(data) or parts[2] != b"%d" % len(data):
        return None
    return json.loads(data.decode("utf-8"))


# --- small notes --------------------------------------------------------------------------
#
# What the program has found out about a file it may meet again (the history
# that passed a whole-file check, for one): kept sealed like an entry, and as
# disposable. A note that is missing or damaged just means finding out again.

_NOTE_LIMIT = 64 * 1024


def read_note(name: str) -> Any:
    """The note ``name`` (plain JSON), or None when there is none that is whole."""
    try:
        return _read_entry(cache_dir() / f"note-{name}.json", _NOTE_LIMIT)
    except Exception:  # a damaged note is no note
        return None


def write_note(name: str, value: Any) -> None:
    """Keep the note ``name``; a read-only or full disk only means it is not kept."""
    with contextlib.suppress(Exception):
        from stresscheck.adapters.paths import private_dir, write_private_file

        path = cache_dir() / f"note-{name}.json"
        private_dir(path.parent)
        write_private_file(path, _seal(json.dumps(value).encode("utf-8")))
