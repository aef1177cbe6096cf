"""The article library: one SQLite database with full-text search, safe for two cyberread processes at once."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from cyberread.engine.articles import Article

SCHEMA_VERSION = 1
SORT_COLUMNS = {"title": "title COLLATE NOCASE", "outlet": "outlet COLLATE NOCASE", "date": "date", "words": "words"}
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    dateline TEXT,
    body TEXT NOT NULL,
    words INTEGER NOT NULL,
    path TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_title ON articles (title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_date ON articles (date);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE INDEX IF NOT EXISTS articles_path ON articles (path);
-- No foreign key to articles: a note is never dropped, even when its article is removed or replaced.
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    article_id TEXT NOT NULL,
    passage_start INTEGER,
    passage_end INTEGER,
    passage_text TEXT,
    passage_detached INTEGER NOT NULL DEFAULT 0,
    partner_id TEXT,
    partner_start INTEGER,
    partner_end INTEGER,
    partner_text TEXT,
    partner_detached INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_article ON notes (article_id);
CREATE INDEX IF NOT EXISTS notes_partner ON notes (partner_id);
"""


class LibraryError(Exception):
    """The library cannot be opened or written. The message is one line and says what to do."""


@dataclass(frozen=True)
class ArticleRow:
    """What the library table shows of an article: no body, so listing 100,000 stays cheap."""

    id: str
    title: str
    outlet: str | None
    date: str | None
    dateline: str | None
    words: int
    path: str | None

    def summary(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date,
            "dateline": self.dateline,
            "words": self.words,
            "path": self.path,
        }


_ROW_COLUMNS = "id, title, outlet, date, dateline, words, path"


class Library:
    """The articles a user keeps. Every write is its own committed transaction."""

    def __init__(self, database: Path) -> None:
        self.database = Path(database)
        self.created = False
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.database.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"{self.database.parent}: cannot create the data folder ({error.strerror})") from None
        is_new = not self.database.exists() or self.database.stat().st_size == 0
        try:
            connection = sqlite3.connect(self.database, timeout=10.0, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 10000")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if not is_new:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise LibraryError(
                f"{self.database}: not a cyberread library or damaged ({error}); move it aside to start a new one"
            ) from None
        if version > SCHEMA_VERSION:
            connection.close()
            raise LibraryError(
                f"{self.database}: written by a newer cyberread (schema {version}, this one reads {SCHEMA_VERSION});"
                " upgrade cyberread, or point CYBERREAD_HOME elsewhere"
            )
        if not is_new and version == 0 and "articles" not in tables and tables:
            connection.close()
            raise LibraryError(f"{self.database}: not a cyberread library; move it aside or point CYBERREAD_HOME elsewhere")
        try:
            self._enable_wal(connection)
            if version == 0:
                # Idempotent, in one transaction: two processes may create the same new library at once.
                connection.executescript(
                    f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                )
                self.created = True
        except sqlite3.OperationalError as error:
            connection.close()
            raise LibraryError(f"{self.database}: cannot write the library ({error})") from None
        return connection

    @staticmethod
    def _enable_wal(connection: sqlite3.Connection) -> None:
        # WAL lets one process read while another writes; synchronous=NORMAL keeps commits durable
        # against an application crash (SIGKILL), which is what the notes promise.
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # a read-only folder: reading still works
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Writing

    def add(self, article: Article) -> str:
        """Store `article`: "added", "unchanged" (same content already there), "updated" (same
        content, new metadata from the file's front matter) or "replaced" (new content from the file
        an article in the library came from: it takes that article's place and notes)."""
        return self.add_many([article])[0]

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        """Store several articles in one transaction; one outcome each, as for add()."""
        outcomes = []
        now = _now()
        with self._writing() as connection:
            for article in articles:
                existing = connection.execute(
                    "SELECT title, outlet, date, dateline FROM articles WHERE id = ?", (article.id,)
                ).fetchone()
                previous = self._earlier_version(article) if existing is None else None
                if previous is not None:
                    # Imported here to avoid a cycle: the note store is built on Library.
                    from cyberread.store.notes import reanchor_notes

                    connection.execute(
                        "UPDATE articles SET id = ?, title = ?, outlet = ?, date = ?, dateline = ?, body = ?,"
                        " words = ? WHERE id = ?",
                        (article.id, article.title, article.outlet, article.date, article.dateline,
                         article.body, article.words, previous),
                    )
                    reanchor_notes(connection, previous, article)
                    outcomes.append("replaced")
                elif existing is None:
                    connection.execute(
                        "INSERT INTO articles (id, title, outlet, date, dateline, body, words, path, added_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (article.id, article.title, article.outlet, article.date, article.dateline,
                         article.body, article.words, article.path, now),
                    )
                    outcomes.append("added")
                elif tuple(existing) != (article.title, article.outlet, article.date, article.dateline):
                    connection.execute(
                        "UPDATE articles SET title = ?, outlet = ?, date = ?, dateline = ?, path = ? WHERE id = ?",
                        (article.title, article.outlet, article.date, article.dateline, article.path, article.id),
                    )
                    outcomes.append("updated")
                else:
                    outcomes.append("unchanged")
        return outcomes

    def _earlier_version(self, article: Article) -> str | None:
        """The id of the article last imported from `article`'s file, if that is an earlier text of it."""
        # Only an absolute path names one file: "story.txt" imported from two folders is two stories.
        if not article.path or not os.path.isabs(article.path):
            return None
        row = self._connection.execute(
            "SELECT id FROM articles WHERE path = ? AND id != ? ORDER BY rowid DESC LIMIT 1", (article.path, article.id)
        ).fetchone()
        return row[0] if row else None

    def remove(self, article_id: str) -> bool:
        with self._writing() as connection:
            return connection.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def get_meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._writing() as connection:
            connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """A transaction committed on leaving it, for stores keeping their tables here (notes). A
        failure to write (read-only or full folder) raises LibraryError."""
        return self._writing()

    @property
    def connection(self) -> sqlite3.Connection:
        """The database connection, for reading; write through writing()."""
        return self._connection

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            with _transaction(self._connection):
                yield self._connection
        except sqlite3.OperationalError as error:
            raise LibraryError(f"{self.database}: cannot save ({error})") from None

    # Reading

    def __len__(self) -> int:
        return self._connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def get(self, article_id: str) -> Article | None:
        row = self._connection.execute(
            "SELECT id, title, outlet, date, dateline, body, words, path FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return Article(*row) if row else None

    def resolve(self, prefix: str) -> str | None:
        """The id that `prefix` starts; None when no id or more than one does."""
        prefix = prefix.strip().lower()
        if not prefix or not re.fullmatch(r"[0-9a-f]+", prefix):
            return None
        rows = self._connection.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "g")
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def rows(self, sort: str = "title", descending: bool = False) -> list[ArticleRow]:
        """Every article without its body, sorted by one of SORT_COLUMNS."""
        order = SORT_COLUMNS.get(sort, SORT_COLUMNS["title"])
        direction = "DESC" if descending else "ASC"
        cursor = self._connection.execute(
            f"SELECT {_ROW_COLUMNS} FROM articles ORDER BY {order} {direction}, rowid"
        )
        return [ArticleRow(*row) for row in cursor]

    def row_ids(self, sort: str = "title", descending: bool = False) -> array[int]:
        """The rowid of every article in the order of rows(): 8 bytes an article, so a table of 100,000
        keeps its order in memory and fetches only the rows it shows (rows_by_ids)."""
        order = SORT_COLUMNS.get(sort, SORT_COLUMNS["title"])
        direction = "DESC" if descending else "ASC"
        cursor = self._connection.execute(f"SELECT rowid FROM articles ORDER BY {order} {direction}, rowid")
        return array("q", (row[0] for row in cursor))

    def rows_by_ids(self, rowids: Sequence[int]) -> list[ArticleRow | None]:
        """The rows with these rowids, in that order; None for one no longer in the library."""
        found: dict[int, ArticleRow] = {}
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for rowid, *columns in self._connection.execute(
                f"SELECT rowid, {_ROW_COLUMNS} FROM articles WHERE rowid IN ({marks})", chunk
            ):
                found[rowid] = ArticleRow(*columns)
        return [found.get(rowid) for rowid in rowids]

    def rowid_of(self, article_id: str) -> int | None:
        row = self._connection.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def search_ids(self, query: str, limit: int | None = None) -> array[int]:
        """The rowids of search(query), best first; at most `limit` of them."""
        match = fts_query(query)
        if match is None:
            return self.row_ids()
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0)"
        parameters: tuple[object, ...] = (match,)
        if limit is not None:
            sql += " LIMIT ?"
            parameters += (limit,)
        return array("q", (row[0] for row in self._connection.execute(sql, parameters)))

    def count_search(self, query: str) -> int:
        """How many articles search(query) finds, without ranking them."""
        match = fts_query(query)
        if match is None:
            return len(self)
        return self._connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]

    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles whose title or body hold every word of `query` (prefixes count), best first."""
        match = fts_query(query)
        if match is None:
            return self.rows()
        return self.search_fts(match, limit)

    def search_fts(self, match: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles matching an FTS5 query built by the program (never by a user), best first."""
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _ROW_COLUMNS.split(','))} FROM articles_fts"
            " JOIN articles AS a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0)"
        )
        parameters: tuple[object, ...] = (match,)
        if limit is not None:
            sql += " LIMIT ?"
            parameters += (limit,)
        return [ArticleRow(*row) for row in self._connection.execute(sql, parameters)]


def fts_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word, as a prefix, all required. Never an FTS5 syntax
    error, whatever the user typed."""
    terms = _SEARCH_TERM.findall(text)
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
