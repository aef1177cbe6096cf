"""Copying a whole library between databases (a SQLite file and a PostgreSQL server, either way): the
articles, their earlier versions, the notes and verdicts with their anchors, the feeds and the library's own marks,
checked against the source at the end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .common import LibraryError
from .interface import Connection, Store

_ARTICLES = "id, title, outlet, date, dateline, body, words, path, added_at, author"
_VERSIONS = "id, story, title, outlet, date, dateline, author, body, words, fetched"
_NOTES = (
    "text, article_id, passage_start, passage_end, passage_text, passage_detached, partner_id, partner_start,"
    " partner_end, partner_text, partner_detached, created, updated, author"
)
_FEEDS = "url, title, site, etag, last_modified, added, checked"
_ENTRIES = "link, title, published, updated, address, etag, last_modified, listed"
_VERDICTS = "kind, a_id, a_start, a_end, a_text, a_detached, b_id, b_start, b_end, b_text, b_detached, created"
_BATCH = 500


@dataclass(frozen=True)
class CopyCounts:
    articles: int
    versions: int
    notes: int
    feeds: int
    entries: int
    verdicts: int

    def summary(self) -> str:
        return (
            f"{self.articles} articles, {self.versions} earlier versions, {self.notes} notes,"
            f" {self.verdicts} verdicts, {self.feeds} feeds ({self.entries} entries)"
        )


def library_counts(library: Store) -> CopyCounts:
    def count(table: str) -> int:
        return int(library.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return CopyCounts(
        count("articles"),
        count("article_versions"),
        count("notes"),
        count("feeds"),
        count("feed_entries"),
        count("verdicts"),
    )


def note_anchors(library: Store) -> Counter[tuple[object, ...]]:
    """Every note with the passages it is anchored to, ids aside: a copy must hold the same."""
    rows = library.connection.execute(f"SELECT {_NOTES} FROM notes").fetchall()
    return Counter(tuple(row) for row in rows)


def copy_library(source: Store, target: Store, on_progress: Callable[[int, int], None] | None = None) -> CopyCounts:
    """Copy everything in `source` into `target`, which must hold no articles nor notes, in one transaction;
    raise LibraryError if the copy does not hold what the source does."""
    if len(target) or library_counts(target).notes:
        raise LibraryError(
            f"{target.location}: already holds articles or notes; copy into an empty library"
            " (a new database, or a new folder)"
        )
    expected = library_counts(source)
    read = source.connection
    with target.writing() as write:
        # A new library was seeded with nothing (connect_library does not seed), but it may have marks.
        write.execute("DELETE FROM meta")
        _rows(read, write, "meta", "key, value", "key")
        done = 0
        for batch in _batches(read, f"SELECT {_ARTICLES} FROM articles ORDER BY rowid"):
            _insert(write, "articles", _ARTICLES, batch)
            done += len(batch)
            if on_progress is not None:
                on_progress(done, expected.articles)
        for batch in _batches(read, f"SELECT {_VERSIONS} FROM article_versions ORDER BY rowid"):
            _insert(write, "article_versions", _VERSIONS, batch)
        for batch in _batches(read, f"SELECT {_NOTES} FROM notes ORDER BY id"):
            _insert(write, "notes", _NOTES, batch)
        for batch in _batches(read, f"SELECT {_VERDICTS} FROM verdicts ORDER BY id"):
            _insert(write, "verdicts", _VERDICTS, batch)
        # Feeds get new numbers in the target; their entries follow them.
        for feed_id, *feed in read.execute(f"SELECT id, {_FEEDS} FROM feeds ORDER BY id").fetchall():
            marks = ", ".join("?" * len(feed))
            (new_id,) = write.execute(f"INSERT INTO feeds ({_FEEDS}) VALUES ({marks}) RETURNING id", feed).fetchone()
            entries = read.execute(
                f"SELECT {_ENTRIES} FROM feed_entries WHERE feed_id = ? ORDER BY rowid", (feed_id,)
            ).fetchall()
            _insert(write, "feed_entries", "feed_id, " + _ENTRIES, [(new_id, *entry) for entry in entries])
    copied = library_counts(target)
    if copied != expected:
        raise LibraryError(f"{target.location}: the copy holds {copied.summary()}, the source {expected.summary()}")
    if note_anchors(target) != note_anchors(source):
        raise LibraryError(f"{target.location}: the notes copied are not anchored as in the source")
    return copied


def _rows(read: Connection, write: Connection, table: str, columns: str, order: str) -> None:
    for batch in _batches(read, f"SELECT {columns} FROM {table} ORDER BY {order}"):
        _insert(write, table, columns, batch)


def _batches(read: Connection, sql: str) -> list[list[tuple[object, ...]]]:
    rows = [tuple(row) for row in read.execute(sql).fetchall()]
    return [rows[start : start + _BATCH] for start in range(0, len(rows), _BATCH)]


def _insert(write: Connection, table: str, columns: str, rows: list[tuple[object, ...]]) -> None:
    if not rows:
        return
    width = columns.count(",") + 1
    one = "(" + ", ".join("?" * width) + ")"
    write.execute(
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(rows))}",
        [value for row in rows for value in row],
    )
