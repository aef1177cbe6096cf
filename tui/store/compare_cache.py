"""Finished comparisons, kept so that a pair already compared opens at once: `comparisons.sqlite3` in the
cache folder.

The key covers what the result depends on: both bodies (a digest of their text, so an article whose
text changed misses), every engine setting, and the engine itself: `ENGINE_VERSION`, a digest of the
engine's own files (so an edit that forgot to change ENGINE_VERSION misses too) and the versions of
the libraries it calls. A pair is kept once, in the order the engine aligns it, and read back
mirrored for the other. The file is bounded (least recently used entries go past `MAX_BYTES`), safe
to delete, and never trusted blindly: an entry that does not decode into spans of these very bodies
is dropped and computed again, and a file that is not this cache (damaged, or another program's) is
set aside with one warning and started afresh.

Entries are JSON (zlib-compressed), read back only into the engine's own result classes: nothing in
the file can name code to run. What each account alone reports (the summary of what each left out) is
kept beside the comparison as the phrases it was; like every text, it is shown escaped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import sqlite3
import threading
import zlib
from collections.abc import Callable
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ..engine.align import result as result_module
from ..engine.align.alone import account_alone, know_alone
from ..engine.align.compare import ENGINE_VERSION, Comparison, collector_paused
from ..engine.align.result import Side
from ..engine.align.settings import MatchSettings

CACHE_NAME = "comparisons.sqlite3"
MAX_BYTES = 256 * 1024 * 1024
# Marks the file as this cache (SQLite's application_id header field): a database made by anything
# else, even one with a table of this name, is set aside rather than read or written.
APPLICATION_ID = int.from_bytes(b"cyCm", "big")
# What the engine's results are made by: its code and word lists, and the libraries it calls.
_ENGINE_FOLDERS = ("align", "text")
_ENGINE_LIBRARIES = ("nltk", "pystemmer", "rapidfuzz")
_SCHEMA = """CREATE TABLE IF NOT EXISTS comparisons (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    size INTEGER NOT NULL,
    used INTEGER NOT NULL
)"""
_CLASSES = {
    cls.__name__: cls
    for cls in vars(result_module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == result_module.__name__
}


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple([_decode(item) for item in value])
    if isinstance(value, dict):
        cls = _CLASSES[value["@"]]  # KeyError for anything but the engine's result classes
        return cls(*[_decode(item) for item in value["f"]])
    return value


_FIELDS = {cls: tuple(field.name for field in dataclasses.fields(cls)) for cls in _CLASSES.values()}


def _as_entry(value: Any) -> Any:
    """The JSON writers' hook for the engine's result classes: {"@": class name, "f": [field values,
    in order]}, the fields left to the writer (tuples as lists, result objects through this hook)."""
    names = _FIELDS.get(type(value))
    if names is None:
        raise TypeError(f"not a result class: {type(value).__name__}")
    return {"@": type(value).__name__, "f": [getattr(value, name) for name in names]}


def comparison_to_bytes(comparison: Comparison, alone: tuple[str, str]) -> bytes:
    """The entry for a comparison and what each account alone reports (`account_alone` of a and of b,
    which the summary of a long pair read from both whole bodies: 0.4 s): their JSON, written by orjson
    (its walk of the objects is C; a walk in Python took 0.2-0.45 s of the long pair's 4,322 pairs), or
    by `json` where orjson refuses a text (a lone surrogate)."""
    entry = {"comparison": comparison, "alone": alone}
    with collector_paused():  # some 300,000 objects made and no cycles
        try:
            text = orjson.dumps(entry, default=_as_entry, option=orjson.OPT_PASSTHROUGH_DATACLASS)
        except TypeError:  # orjson.JSONEncodeError
            text = json.dumps(entry, default=_as_entry, separators=(",", ":")).encode("utf-8")
    return zlib.compress(text, 1)


def _loads(text: bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # `json` wrote it: a lone surrogate, escaped


def comparison_from_bytes(blob: bytes, body_a: str, body_b: str) -> Comparison:
    """The comparison an entry holds; ValueError unless it is one, and its spans are these bodies'. What
    each account alone reports, kept with it, is told to `account_alone` for these bodies."""
    try:
        with collector_paused():  # a long comparison is some 300,000 objects and no cycles
            entry = _loads(zlib.decompress(blob))
            comparison = _decode(entry["comparison"])
            alone = entry["alone"]
    except (KeyError, TypeError, ValueError, zlib.error, RecursionError) as error:
        raise ValueError(f"not a comparison: {error}") from error
    if not isinstance(comparison, Comparison):
        raise ValueError("not a comparison")
    if not (isinstance(alone, list) and len(alone) == 2 and all(isinstance(phrase, str) for phrase in alone)):
        raise ValueError("not a comparison: what each account alone reports is missing")
    sides: tuple[tuple[Side, str], ...] = (("a", body_a), ("b", body_b))
    for side, body in sides:
        spans = [span for match in comparison.matches for span in match.side(side)]
        spans += list(comparison.left_out(side))
        if any(body[span.start : span.end] != span.text for span in spans):
            raise ValueError("its passages are not these texts'")
    know_alone(comparison, "a", body_b, alone[0])
    know_alone(comparison, "b", body_a, alone[1])
    return comparison


def _settings_key(settings: MatchSettings) -> str:
    return json.dumps(dataclasses.asdict(settings), sort_keys=True)


def engine_fingerprint(folders: tuple[str, ...] = _ENGINE_FOLDERS) -> str:
    """What made a comparison, beyond its texts and settings: ENGINE_VERSION, then a digest of the
    engine's files and its libraries' versions, which change with any edit or upgrade. `folders`: the
    engine's folders to digest (talking points are made by `corpus` and `text`)."""
    return f"{ENGINE_VERSION}:{_engine_files_digest(Path(result_module.__file__).parents[1], folders)}"


@cache
def _engine_files_digest(engine_folder: Path, folders: tuple[str, ...] = _ENGINE_FOLDERS) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted((engine_folder / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(engine_folder)}:{path.stat().st_size}:".encode())
                digest.update(path.read_bytes())
    for library in _ENGINE_LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}={version};".encode())
    return digest.hexdigest()


class _NotThisCache(sqlite3.DatabaseError):
    """A readable SQLite file that some other program made."""


class ComparisonCache:
    """Finished comparisons by pair, in one SQLite file; usable from any thread (a connection per call).
    `warn` hears, once, that an unreadable file was set aside."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES, warn: Callable[[str], None] = lambda _: None) -> None:
        self.path = folder / CACHE_NAME
        self.max_bytes = max_bytes
        self.warn = warn
        self._lock = threading.Lock()
        self._clock = 0

    @staticmethod
    def key(body_a: str, body_b: str, settings: MatchSettings) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for part in (engine_fingerprint(), _settings_key(settings), body_a, body_b):
            data = part.encode("utf-8", "surrogatepass")
            # Each part's length first: bodies may hold any character, so no separator could do.
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, body_a: str, body_b: str, settings: MatchSettings) -> Comparison | None:
        """The kept comparison of a with b, if there is one (kept either way round)."""
        first, second, swapped = (body_b, body_a, True) if body_b < body_a else (body_a, body_b, False)
        key = self.key(first, second, settings)
        row = self._run(lambda c: c.execute("SELECT value FROM comparisons WHERE key = ?", (key,)).fetchone())
        if not row:
            return None
        try:
            comparison = comparison_from_bytes(row[0], first, second)
        except ValueError:
            self._run(lambda c: c.execute("DELETE FROM comparisons WHERE key = ?", (key,)))
            return None
        self._run(lambda c: c.execute("UPDATE comparisons SET used = ? WHERE key = ?", (self._tick(c), key)))
        # Mirrored, each side keeps its passages and quotations, and so what it alone reports.
        return comparison.mirrored() if swapped else comparison

    def put(self, body_a: str, body_b: str, settings: MatchSettings, comparison: Comparison) -> None:
        first, second = (body_b, body_a) if body_b < body_a else (body_a, body_b)
        kept = comparison.mirrored() if body_b < body_a else comparison
        # Said here, where the engine has read both bodies; the caller's summary then asks no more
        # (mirrored, each side keeps its passages and quotations).
        alone = (account_alone(kept, "a", first, second), account_alone(kept, "b", second, first))
        blob = comparison_to_bytes(kept, alone)
        if len(blob) > self.max_bytes:
            return
        key = self.key(first, second, settings)

        def write(connection: sqlite3.Connection) -> None:
            connection.execute(
                "INSERT OR REPLACE INTO comparisons (key, value, size, used) VALUES (?, ?, ?, ?)",
                (key, blob, len(blob), self._tick(connection)),
            )
            (total,) = connection.execute("SELECT coalesce(sum(size), 0) FROM comparisons").fetchone()
            for old_key, size in connection.execute("SELECT key, size FROM comparisons ORDER BY used").fetchall():
                if total <= self.max_bytes:
                    break
                connection.execute("DELETE FROM comparisons WHERE key = ?", (old_key,))
                total -= size

        self._run(write)

    def _tick(self, connection: sqlite3.Connection) -> int:
        with self._lock:
            if not self._clock:
                self._clock = connection.execute("SELECT coalesce(max(used), 0) FROM comparisons").fetchone()[0]
            self._clock += 1
            return self._clock

    def _run(self, step: Callable[[sqlite3.Connection], Any]) -> Any:
        """One step on the file; a file that is not this cache is set aside (once, with a warning)
        and a fresh one begun; a cache that cannot be used at all (busy, read-only) is simply not used."""
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=5.0, isolation_level=None)) as connection:
                    _claim(connection)
                    return step(connection)
            except sqlite3.OperationalError:
                return None  # locked by another process, or a folder we may not write
            except sqlite3.DatabaseError as error:
                if attempt or not self._set_aside(error):
                    return None
            except OSError:
                return None
        return None

    def _set_aside(self, error: sqlite3.DatabaseError) -> bool:
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            self.path.replace(aside)
        except OSError:
            return False
        self.warn(f"{self.path}: not a comparison cache ({error}); moved to {aside.name}, starting afresh")
        return True


def _claim(connection: sqlite3.Connection) -> None:
    """Check that the file is this cache, making it one if it is new (empty); else _NotThisCache."""
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    if application_id != APPLICATION_ID:
        (objects,) = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        if objects:
            raise _NotThisCache(f"a database made by another program, application id {application_id}")
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(_SCHEMA)
