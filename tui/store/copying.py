"""Copying a whole library between databases (a SQLite file and a PostgreSQL server, either way): the
articles, their earlier versions, the notes and verdicts with their anchors, the feeds and the library's own marks,
checked against the source at the end."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..engine.text.plural import counted
from .common import LibraryError
from .interface import Connection, Cursor, Store

_ARTICLES = "id, title, outlet, date, dateline, body, words, path, added_at, author"
_VERSIONS = "id, story, title, outlet, date, dateline, author, body, words, fetched"
_NOTES = (
    "text, article_id, passage_start, passage_end, passage_text, passage_detached, partner_id, partner_start,"
    " partner_end, partner_text, partner_detached, created, updated, author, deleted, edited_by, deleted_by"
)
_FEEDS = "url, title, site, etag, last_modified, added, checked"
_ENTRIES = "link, title, published, updated, address, etag, last_modified, listed, failures, failure"
_VERDICTS = "kind, a_id, a_start, a_end, a_text, a_detached, b_id, b_start, b_end, b_text, b_detached, created, author"
_NOTES_READ = f"SELECT {_NOTES} FROM notes"
_BATCH = 500


@dataclass(frozen=True)
class CopyCounts:
    articles: int
    versions: int
    notes: int
    feeds: int
    entries: int
    verdicts: int
    trashed: int = 0
    """Of `notes`, those in the trash (a copy carries them; `db info` and the notes screen count the rest)."""

    def summary(self) -> str:
        notes = counted(self.notes - self.trashed, "note")
        if self.trashed:
            notes += f" and {self.trashed:,} in the trash"
        return (
            f"{counted(self.articles, 'article')}, {counted(self.versions, 'earlier version')},"
            f" {notes}, {counted(self.verdicts, 'verdict')}, {counted(self.feeds, 'feed')}"
            f" ({counted(self.entries, 'entry', 'entries')})"
        )


def library_counts(library: Store) -> CopyCounts:
    return _counts(library.connection)


def note_anchors(library: Store) -> int:
    """A digest of every note with the passages it is anchored to, ids aside, whatever order the notes
    are read in: a copy must have the same."""
    return _anchors(_fetched(library.connection.execute(_NOTES_READ), _BATCH))


def _counts(connection: Connection) -> CopyCounts:
    def count(table: str) -> int:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return CopyCounts(
        count("articles"),
        count("article_versions"),
        count("notes"),
        count("feeds"),
        count("feed_entries"),
        count("verdicts"),
        count("notes WHERE deleted IS NOT NULL"),
    )


def _anchors(batches: Iterable[list[Any]]) -> int:
    # A sum of the notes' hashes is the same in any order, and two notes alike count twice; no note is
    # held longer than its batch.
    return sum(
        int.from_bytes(hashlib.sha256(repr(tuple(row)).encode()).digest()[:16], "big")
        for rows in batches
        for row in rows
    )


def _fetched(cursor: Cursor, size: int) -> Iterator[list[Any]]:
    while rows := cursor.fetchmany(size):
        yield rows


def copy_library(
    source: Store,
    target: Store,
    on_progress: Callable[[int, int], None] | None = None,
    batch: int = _BATCH,
) -> CopyCounts:
    """Copy everything in `source` into `target`, which must hold no articles nor notes, in one transaction;
    raise LibraryError, and leave `target` as it was, if the copy does not hold what the source does.
    The source is read as it stood when the copy began (colleagues may go on writing) and `batch` rows at a
    time, so a library of any size copies in the same memory."""
    if len(target) or library_counts(target).notes:
        raise LibraryError(
            f"{target.location}: already holds articles or notes; copy into an empty library"
            " (a new database, or a new folder)"
        )
    with source.snapshot() as read, target.writing() as write:
        expected = _counts(read)
        # A new library was seeded with nothing (connect_library does not seed), but it may have marks.
        write.execute("DELETE FROM meta")
        done = 0

        def progress(rows: int) -> None:
            nonlocal done
            done += rows
            if on_progress is not None:
                on_progress(done, expected.articles)

        for table, columns, order, after in (
            ("meta", "key, value", "key", None),
            ("articles", _ARTICLES, "rowid", progress),
            ("article_versions", _VERSIONS, "rowid", None),
            # Notes keep their numbers: `notes --restore NOTE` and the reports' "Note 3" name them.
            ("notes", "id, " + _NOTES, "id", None),
            ("verdicts", _VERDICTS, "id", None),
        ):
            for rows in read.batches(f"SELECT {columns} FROM {table} ORDER BY {order}", batch):
                _insert(write, table, columns, rows)
                if after is not None:
                    after(len(rows))
        if target.kind == "postgresql":  # its next note is numbered past those copied
            write.execute(
                "SELECT setval(pg_get_serial_sequence('notes', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
                " FROM notes"
            )
        # Feeds get new numbers in the target; their entries follow them.
        numbers: dict[int, int] = {}
        for rows in read.batches(f"SELECT id, {_FEEDS} FROM feeds ORDER BY id", batch):
            for feed_id, *feed in rows:
                marks = ", ".join("?" * len(feed))
                sql = f"INSERT INTO feeds ({_FEEDS}) VALUES ({marks}) RETURNING id"
                numbers[feed_id] = write.execute(sql, feed).fetchone()[0]
        for rows in read.batches(f"SELECT feed_id, {_ENTRIES} FROM feed_entries ORDER BY feed_id, rowid", batch):
            entries = [(numbers[feed_id], *entry) for feed_id, *entry in rows]
            _insert(write, "feed_entries", "feed_id, " + _ENTRIES, entries)
        # Checked inside the transaction: a copy that falls short is not left behind.
        copied = _counts(write)
        if copied != expected:
            raise LibraryError(f"{target.location}: the copy holds {copied.summary()}, the source {expected.summary()}")
        if _anchors(_fetched(write.execute(_NOTES_READ), batch)) != _anchors(read.batches(_NOTES_READ, batch)):
            raise LibraryError(f"{target.location}: the notes copied are not anchored as in the source")
    return copied


def _insert(write: Connection, table: str, columns: str, rows: list[tuple[object, ...]]) -> None:
    if not rows:
        return
    width = columns.count(",") + 1
    one = "(" + ", ".join("?" * width) + ")"
    write.execute(
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(rows))}",
        [value for row in rows for value in row],
    )
