"""The feeds a user follows, kept in the library: each feed's address and conditional-request stamps, and
the entries its latest copy lists, with the address and stamps of the article fetched for each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..engine.ingest.feeds import FeedEntry
from .common import store_boundary
from .interface import Connection, Store


@dataclass(frozen=True)
class FeedRow:
    id: int
    url: str
    title: str | None
    site: str | None
    etag: str | None
    last_modified: str | None
    added: str
    checked: str | None
    entries: int
    fetched: int
    """How many of its listed entries have an article in the library."""
    failing: int = 0
    """How many of its listed entries failed when last asked for."""

    def summary(self) -> dict[str, object]:
        return {
            "number": self.id,
            "url": self.url,
            "title": self.title,
            "site": self.site,
            "added": self.added,
            "checked": self.checked,
            "entries": self.entries,
            "fetched": self.fetched,
            "failing": self.failing,
        }


@dataclass(frozen=True)
class StoredEntry:
    link: str
    title: str | None
    published: str | None
    updated: str | None
    address: str | None
    """The story address its article is stored under; None until it was fetched."""
    etag: str | None
    last_modified: str | None
    failures: int = 0
    """The fetches of it that failed in a row (ENTRY_TRIES for one that failed for good)."""
    failure: str | None = None
    """Why the last of those failed."""

    @property
    def given_up(self) -> bool:
        """Whether an update leaves it alone (unless told to try again)."""
        return self.failures >= ENTRY_TRIES


ENTRY_TRIES = 3
"""An entry whose fetch failed this many times in a row, each time for a reason that may pass (a
time-out, the server's own error), is not asked for again by an update; one that failed for good (not
found, not an article) counts as failed this many times at once."""

_FEED_COLUMNS = (
    "f.id, f.url, f.title, f.site, f.etag, f.last_modified, f.added, f.checked,"
    " (SELECT count(*) FROM feed_entries AS e WHERE e.feed_id = f.id AND e.listed = 1),"
    " (SELECT count(*) FROM feed_entries AS e WHERE e.feed_id = f.id AND e.listed = 1 AND e.address IS NOT NULL),"
    " (SELECT count(*) FROM feed_entries AS e WHERE e.feed_id = f.id AND e.listed = 1 AND e.failures > 0)"
)


class FeedStore:
    """Feeds and their entries, in the library's database (its transactions, its damage checks)."""

    def __init__(self, library: Store) -> None:
        self.library = library

    @store_boundary
    def all(self) -> list[FeedRow]:
        rows = self.library.connection.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds AS f ORDER BY lower(f.title) NULLS FIRST, f.url"
        )
        return [FeedRow(*row) for row in rows]

    @store_boundary
    def find(self, spec: str) -> FeedRow | None:
        """The feed with this address, or this number in `feeds list`, or whose title is exactly this."""
        spec = spec.strip()
        for row in self.all():
            if spec in (row.url, str(row.id)) or (row.title and row.title.casefold() == spec.casefold()):
                return row
        return None

    def add(self, url: str, title: str | None, site: str | None, entries: list[FeedEntry]) -> FeedRow | None:
        """Follow the feed at `url`, with the entries it lists now (fetched by the next update). None when
        the library follows it already."""
        with self.library.writing() as connection:
            row = connection.execute(
                "INSERT INTO feeds (url, title, site, added) VALUES (?, ?, ?, ?) ON CONFLICT (url) DO NOTHING"
                " RETURNING id",
                (url, title, site, _now()),
            ).fetchone()
            if row is None:
                return None
            self._list_entries(connection, int(row[0]), entries)
        return self.find(url)

    def remove(self, feed_id: int) -> bool:
        """Stop following a feed; the articles fetched from it stay in the library."""
        with self.library.writing() as connection:
            connection.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed_id,))
            return connection.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount > 0

    def checked(
        self,
        feed_id: int,
        entries: list[FeedEntry] | None,
        etag: str | None,
        last_modified: str | None,
        title: str | None = None,
    ) -> None:
        """Record a fetch of the feed: its new stamps and, unless it had not changed (None), the entries
        it lists now."""
        with self.library.writing() as connection:
            connection.execute(
                "UPDATE feeds SET checked = ?, etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                " title = coalesce(?, title) WHERE id = ?",
                (_now(), etag, last_modified, title, feed_id),
            )
            if entries is not None:
                self._list_entries(connection, feed_id, entries)

    @staticmethod
    def _list_entries(connection: Connection, feed_id: int, entries: list[FeedEntry]) -> None:
        execute = connection.execute
        execute("UPDATE feed_entries SET listed = 0 WHERE feed_id = ?", (feed_id,))
        for entry in entries:
            execute(
                "INSERT INTO feed_entries (feed_id, link, title, published, updated, listed) VALUES (?, ?, ?, ?, ?, 1)"
                " ON CONFLICT (feed_id, link) DO UPDATE SET listed = 1, title = excluded.title,"
                " published = excluded.published, updated = excluded.updated,"
                # An entry the feed says was updated is worth asking for again, whatever failed before.
                " failures = CASE WHEN coalesce(excluded.updated, '') = coalesce(feed_entries.updated, '')"
                " THEN feed_entries.failures ELSE 0 END,"
                " failure = CASE WHEN coalesce(excluded.updated, '') = coalesce(feed_entries.updated, '')"
                " THEN feed_entries.failure END",
                (feed_id, entry.link, entry.title, entry.published, entry.updated),
            )

    @store_boundary
    def listed(self, feed_id: int) -> list[StoredEntry]:
        """The entries the feed's latest copy lists, newest first."""
        rows = self.library.connection.execute(
            "SELECT link, title, published, updated, address, etag, last_modified, failures, failure FROM feed_entries"
            " WHERE feed_id = ? AND listed = 1 ORDER BY published DESC NULLS LAST, rowid",
            (feed_id,),
        )
        return [StoredEntry(*row) for row in rows]

    def fetched(
        self, feed_id: int, link: str, address: str | None, etag: str | None, last_modified: str | None
    ) -> None:
        """Record that the entry's article was fetched (or found unchanged) with these stamps."""
        with self.library.writing() as connection:
            connection.execute(
                "UPDATE feed_entries SET address = coalesce(?, address), etag = ?, last_modified = ?,"
                " failures = 0, failure = NULL WHERE feed_id = ? AND link = ?",
                (address, etag, last_modified, feed_id, link),
            )

    def failed(self, feed_id: int, link: str, reason: str, transient: bool) -> None:
        """Record that fetching the entry's article failed, for `reason`; `transient`: a reason that may
        pass by itself (see ENTRY_TRIES)."""
        with self.library.writing() as connection:
            connection.execute(
                "UPDATE feed_entries SET failures = CASE WHEN ? THEN failures + 1 ELSE ? END, failure = ?"
                " WHERE feed_id = ? AND link = ?",
                (transient, ENTRY_TRIES, reason, feed_id, link),
            )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
