"""What corpus jobs derive from the library (talking points, story groups), kept in their own SQLite file
beside it, `corpus-cache.sqlite3`: made when first written, never part of the library's schema, and safe
to delete at any time (every result in it is computed again from the library)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path

from ..engine.corpus.phrase_record import Phrase
from ..engine.corpus.phrases import ArticleRecord
from .interface import Store
from .library import LibraryError, store_boundary

CACHE_NAME = "corpus-cache.sqlite3"
_CHUNK = 500
_SCHEMA = """CREATE TABLE IF NOT EXISTS results (
    kind TEXT NOT NULL,
    settings TEXT NOT NULL,
    library TEXT NOT NULL,
    engine TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, settings)
)"""


@store_boundary
def article_metas(library: Store) -> list[ArticleRecord]:
    """Every article as the corpus jobs number it, by id, without its body (read as needed)."""
    rows = library.connection.execute("SELECT id, outlet, date FROM articles ORDER BY id")
    return sorted(
        (ArticleRecord(article_id, outlet, date, "") for article_id, outlet, date in rows), key=lambda r: r.id
    )


def numbered_bodies(library: Store, metas: Sequence[ArticleRecord]) -> Iterator[tuple[int, str]]:
    """(n, body of metas[n]) for every record, in pages of a few hundred by id: one pass over the library
    with a few bodies in memory at a time, on either database."""
    number_of = {record.id: number for number, record in enumerate(metas)}
    after = ""
    while page := _bodies_after(library, after):
        for article_id, body in page:
            number = number_of.get(article_id)
            if number is not None:
                yield number, body
        after = page[-1][0]


@store_boundary
def _bodies_after(library: Store, after: str) -> list[tuple[str, str]]:
    rows = library.connection.execute(
        "SELECT id, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", (after, _CHUNK)
    ).fetchall()
    return [(str(article_id), str(body)) for article_id, body in rows]


def bodies_of(library: Store, metas: Sequence[ArticleRecord], numbers: Sequence[int]) -> Iterator[tuple[int, str]]:
    """(n, body of metas[n]) for the records `numbers`, read a few hundred at a time."""
    number_of = {metas[n].id: n for n in numbers}
    ids = list(number_of)
    for start in range(0, len(ids), _CHUNK):
        for article_id, body in _bodies_with_ids(library, ids[start : start + _CHUNK]):
            yield number_of[article_id], body


@store_boundary
def _bodies_with_ids(library: Store, ids: list[str]) -> list[tuple[str, str]]:
    marks = ",".join("?" * len(ids))
    rows = library.connection.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids).fetchall()
    return [(str(article_id), str(body)) for article_id, body in rows]


@store_boundary
def library_state(library: Store) -> str:
    """A digest of which articles the library holds: results computed for another state are stale."""
    digest = hashlib.blake2b(digest_size=12)
    for (article_id,) in library.connection.execute("SELECT id FROM articles ORDER BY id"):
        digest.update(article_id.encode() + b"\n")
    return digest.hexdigest()


def write_records_jsonl(records: Iterable[tuple[int, ArticleRecord]], path: Path) -> Path:
    """The records as JSON lines, each with its number (`n`), the form the Spark jobs read."""
    with path.open("w", encoding="utf-8") as handle:
        for number, record in records:
            fields = {"n": number, "id": record.id, "outlet": record.outlet, "date": record.date, "body": record.body}
            handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
    return path


class CorpusCache:
    """The results file beside a library. Reading a cache that is not there finds nothing."""

    def __init__(self, library: Store) -> None:
        self.path = library.cache_folder / CACHE_NAME
        self.library = library

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        connection.execute(_SCHEMA)
        return connection

    def _read(self, kind: str, settings: str) -> str | None:
        if not self.path.exists():
            return None
        try:
            with closing(self._connect()) as connection:
                row = connection.execute(
                    "SELECT value FROM results WHERE kind = ? AND settings = ? AND library = ?",
                    (kind, settings, library_state(self.library)),
                ).fetchone()
        except sqlite3.DatabaseError:
            return None  # a damaged cache is as good as none: the results are computed again
        return str(row[0]) if row else None

    def _write(self, kind: str, settings: str, engine: str, value: str) -> None:
        state = library_state(self.library)
        try:
            with closing(self._connect()) as connection:
                connection.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, settings, state, engine, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), value),
                )
        except sqlite3.DatabaseError as error:
            raise LibraryError(f"{self.path}: cannot save corpus results ({error}); delete the file") from None

    def phrases(self, settings: str) -> list[Phrase] | None:
        """The phrases last found with `settings`, if the library has not changed since."""
        value = self._read("phrases", settings)
        if value is None:
            return None
        return [Phrase.from_dict(item) for item in json.loads(value)]

    def save_phrases(self, settings: str, engine: str, phrases: list[Phrase]) -> None:
        self._write("phrases", settings, engine, json.dumps([p.as_dict() for p in phrases], ensure_ascii=False))

    def story_groups(self, settings: str) -> list[list[str]] | None:
        """The story groups (article ids) last found with `settings`, if the library has not changed."""
        value = self._read("stories", settings)
        return None if value is None else [list(map(str, group)) for group in json.loads(value)]

    def save_story_groups(self, settings: str, engine: str, groups: list[list[str]]) -> None:
        self._write("stories", settings, engine, json.dumps(groups))
