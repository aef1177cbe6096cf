"""The article library: one SQLite database with full-text search, safe for two cyberread processes at once."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sqlite3
import urllib.parse
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from contextlib import AbstractContextManager, closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from ..engine.ingest.articles import Article, legacy_article_id
from .schema import MIGRATIONS, REQUIRED_COLUMNS, REQUIRED_TABLES, SCHEMA, SCHEMA_VERSION

_FULL_CHECK_BYTES = 128 * 1024 * 1024
"""Libraries up to this size (some 12,000 articles) are checked page by page each time they are opened (70
ms for 10,000 articles); larger ones before the first write, so a damaged file is never written into."""
_INDEX_CHECK_BYTES = 16 * 1024 * 1024
"""Libraries up to this size also have their full-text index checked on opening (0.4 s at 10,000 articles,
too slow to do on every start of a large library: there a damaged index fails the write that meets it)."""
SORT_COLUMNS = {"title": "title COLLATE NOCASE", "outlet": "outlet COLLATE NOCASE", "date": "date", "words": "words"}
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)


class LibraryError(Exception):
    """The library cannot be opened or written. The message is one line and says what to do."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def store_boundary(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """A reading method of the store: any SQLite error it meets (a damaged page, a title that is not UTF-8,
    a dropped table) reaches the caller as one LibraryError, never a traceback from inside SQLite."""

    @functools.wraps(method)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as error:
            owner = args[0]
            database = getattr(owner, "database", None) or getattr(getattr(owner, "library", None), "database", "")
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise LibraryError(f"{database}: the library is busy ({error}); try again") from None
            raise LibraryError(
                f"{database}: the library is damaged ({error}); move it aside to start a new one"
            ) from None

    return guarded


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
    earlier_versions: int = 0
    """How many earlier texts of this story the library keeps (a page fetched again after it changed)."""

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
_ARTICLE_COLUMNS = "id, title, outlet, date, dateline, body, words, path, author"
WEB_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Version:
    """One text of a story: the article id it has, when it was fetched, how long it is."""

    id: str
    fetched: str
    words: int
    current: bool

    def summary(self) -> dict[str, object]:
        return {"id": self.id, "fetched": self.fetched, "words": self.words, "current": self.current}


class Library:
    """The articles a user keeps. Every write is its own committed transaction."""

    def __init__(self, database: Path) -> None:
        self.database = Path(database)
        self.created = False
        self.read_only = False
        """True when the library's folder or file cannot be written: it is opened for reading only."""
        self.read_only_reason = ""
        """Why, for messages: "the folder is read-only", or what SQLite said of a full or failing disk."""
        self._checked = True
        """Whether the pages were checked; a large library is checked before its first write."""
        self._index_checked = True
        """Whether the full-text index was checked; a large library's is checked before articles are written."""
        self._connection = self._open()
        self._writes = 0
        self._orders: dict[tuple[str, bool], tuple[tuple[int, int], array[int]]] = {}
        """The rowids in each sort order asked for, with the state of the library they were read in."""

    def reader(self) -> Library:
        """Another connection to this library, for a worker thread: SQLite connections stay in the
        thread that opened them. Close it when done."""
        return Library(self.database)

    def _open(self) -> sqlite3.Connection:
        try:
            self.database.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"{self.database.parent}: cannot create the data folder ({error.strerror})") from None
        is_new = not self.database.exists() or self.database.stat().st_size == 0
        if not _writable(self.database):
            if is_new:
                raise LibraryError(
                    f"{self.database.parent}: the data folder is read-only; no library can be made there"
                )
            return self._open_read_only("the folder is read-only")
        try:
            connection = sqlite3.connect(self.database, timeout=10.0, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 10000")
            version = _schema_version(connection)
            if not is_new:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.OperationalError as error:
            # Not the file's fault: the disk is full or failing, or the folder refuses the WAL files.
            if is_new:
                raise LibraryError(f"{self.database}: cannot make a library there ({error})") from None
            return self._open_read_only(f"the folder cannot be written: {error}")
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
            raise LibraryError(
                f"{self.database}: not a cyberread library; move it aside or point CYBERREAD_HOME elsewhere"
            )
        if not is_new:
            # Before anything is written (WAL mode included): a damaged library is left exactly as it is.
            size = self.database.stat().st_size
            self._refuse_damage(
                connection, version, tables, full=size <= _FULL_CHECK_BYTES, index=size <= _INDEX_CHECK_BYTES
            )
        try:
            self._enable_wal(connection)
            if version < SCHEMA_VERSION:
                self._bring_up_to_date(connection)
        except sqlite3.OperationalError as error:
            connection.close()
            raise LibraryError(f"{self.database}: cannot write the library ({error})") from None
        except LibraryError:
            connection.close()
            raise
        return connection

    def _refuse_damage(
        self, connection: sqlite3.Connection, version: int, tables: Set[str], full: bool, index: bool = False
    ) -> None:
        """Raise LibraryError, closing `connection`, when the library is damaged: a schema version out of
        range, tables or columns missing, pages or the full-text index failing SQLite's own checks."""
        try:
            damage = _damage(connection, version, tables, full, index)
        except sqlite3.DatabaseError as error:
            damage = str(error)
        self._checked = full and damage is None
        self._index_checked = index and damage is None
        if damage is not None:
            connection.close()
            raise self._damaged(damage)

    def _damaged(self, damage: str) -> LibraryError:
        return LibraryError(
            f"{self.database}: the library is damaged ({damage}); it was left as it is: move it aside to start"
            " a new one"
        )

    def _bring_up_to_date(self, connection: sqlite3.Connection) -> None:
        """Create the schema in a new library, or migrate an older one: a copy of it is saved first, and
        the migration runs in one transaction, so a failure leaves the library as it was."""
        # Two processes may open the same library at once: the version is read again under the lock.
        with _transaction(connection):
            version = _schema_version(connection)
            if version == 0:
                for statement in SCHEMA:
                    connection.execute(statement)
                self.created = True
            elif version < SCHEMA_VERSION:
                backup = self.backup_path(version)
                self._back_up(backup)
                try:
                    for step in range(version, SCHEMA_VERSION):
                        for statement in MIGRATIONS[step]:
                            connection.execute(statement)
                except sqlite3.Error as error:
                    raise LibraryError(
                        f"{self.database}: could not upgrade the library from schema {version} to {SCHEMA_VERSION}"
                        f" ({error}); it is unchanged, and a copy is in {backup}"
                    ) from None
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def backup_path(self, version: int) -> Path:
        """Where the copy of a library of schema `version` is kept before it is migrated."""
        return self.database.with_name(f"{self.database.name}.v{version}-backup")

    def _back_up(self, target: Path) -> None:
        # A second connection reads the last committed state while the first holds the write lock, so
        # the copy is exactly what the migration starts from. Written aside, then renamed into place:
        # an interrupted copy never passes for a backup.
        partial = target.with_name(target.name + ".partial")
        try:
            with (
                closing(sqlite3.connect(self.database, timeout=10.0)) as source,
                closing(sqlite3.connect(partial)) as copy,
            ):
                source.backup(copy)
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as error:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
            raise LibraryError(
                f"{self.database}: cannot save a copy before upgrading the library ({error}); nothing was changed"
            ) from None

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """The library of a read-only folder (a mounted archive, a full or locked-down disk), for reading.
        SQLite needs to write a WAL library's -shm file even to read; where it cannot, the library is
        opened as immutable, which is true while nothing can write the folder."""
        self.read_only, self.read_only_reason = True, reason
        location = "file:" + urllib.parse.quote(str(self.database.resolve()))
        for mode in ("?mode=ro", "?immutable=1"):
            try:
                connection = sqlite3.connect(location + mode, uri=True, isolation_level=None, check_same_thread=True)
                version = _schema_version(connection)
                connection.execute("SELECT count(*) FROM articles").fetchone()
            except sqlite3.DatabaseError:
                continue
            if version != SCHEMA_VERSION:
                connection.close()
                newer = version > SCHEMA_VERSION
                raise LibraryError(
                    f"{self.database}: a library of schema {version} in a read-only folder; this cyberread reads"
                    f" {SCHEMA_VERSION} and "
                    + ("cannot read it" if newer else "must upgrade it once where it can write")
                )
            connection.execute("PRAGMA query_only = ON")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self._refuse_damage(connection, version, tables, full=self.database.stat().st_size <= _FULL_CHECK_BYTES)
            return connection
        raise LibraryError(
            f"{self.database}: cannot be opened for writing (a read-only or full folder?) nor for reading"
        )

    @staticmethod
    def _enable_wal(connection: sqlite3.Connection) -> None:
        # WAL lets one process read while another writes; synchronous=NORMAL keeps commits durable
        # against an application crash (SIGKILL), which is what the notes promise.
        with suppress(sqlite3.OperationalError):  # a read-only folder: reading still works
            connection.execute("PRAGMA journal_mode = WAL")
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
        if not self._index_checked:
            try:
                _check_index(self._connection)
            except sqlite3.DatabaseError as error:
                raise self._damaged(str(error)) from None
            self._index_checked = True
        with self._writing() as connection:
            for article in articles:
                stored_id, metadata = self._stored_version(article)
                previous = self._earlier_version(article) if stored_id is None else None
                current = self._current_at_address(article) if stored_id is None else None
                if current is not None:
                    self._keep_earlier_version(connection, current, article, now)
                    outcomes.append("versioned")
                elif previous is not None:
                    # Imported here to avoid a cycle: the note store is built on Library.
                    from .notes import reanchor_notes
                    from .verdicts import reanchor_verdicts

                    connection.execute(
                        "UPDATE articles SET id = ?, title = ?, outlet = ?, date = ?, dateline = ?, body = ?,"
                        " words = ? WHERE id = ?",
                        (
                            article.id,
                            article.title,
                            article.outlet,
                            article.date,
                            article.dateline,
                            article.body,
                            article.words,
                            previous,
                        ),
                    )
                    reanchor_notes(connection, previous, article)
                    reanchor_verdicts(connection, previous, article)
                    outcomes.append("replaced")
                elif stored_id is None:
                    connection.execute(
                        "INSERT INTO articles (id, title, outlet, date, dateline, body, words, path, added_at, author)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            article.id,
                            article.title,
                            article.outlet,
                            article.date,
                            article.dateline,
                            article.body,
                            article.words,
                            article.path,
                            now,
                            article.author,
                        ),
                    )
                    outcomes.append("added")
                elif metadata != (article.title, article.outlet, article.date, article.dateline, article.author):
                    # The id stays what it was: notes and the user's references keep pointing at it.
                    connection.execute(
                        "UPDATE articles SET title = ?, outlet = ?, date = ?, dateline = ?, author = ?, path = ?"
                        " WHERE id = ?",
                        (
                            article.title,
                            article.outlet,
                            article.date,
                            article.dateline,
                            article.author,
                            article.path,
                            stored_id,
                        ),
                    )
                    outcomes.append("updated")
                else:
                    outcomes.append("unchanged")
        return outcomes

    def _stored_version(self, article: Article) -> tuple[str | None, tuple[object, ...]]:
        """The id under which `article`'s content is already stored, and its stored metadata: its own id;
        the file it came from holding the same body under another title (a front-matter fix); or the id an
        older cyberread gave it from the body alone, with the same title."""
        columns = "SELECT id, title, outlet, date, dateline, author FROM articles"
        row = self._connection.execute(f"{columns} WHERE id = ?", (article.id,)).fetchone()
        if row is None and article.path and os.path.isabs(article.path):
            row = self._connection.execute(
                f"{columns} WHERE path = ? AND body = ? ORDER BY rowid DESC LIMIT 1", (article.path, article.body)
            ).fetchone()
        if row is None:
            row = self._connection.execute(
                f"{columns} WHERE id = ? AND title = ? AND body = ?",
                (legacy_article_id(article.body), article.title, article.body),
            ).fetchone()
        return (row[0], tuple(row[1:])) if row else (None, ())

    def _earlier_version(self, article: Article) -> str | None:
        """The id of the article last imported from `article`'s file, if that is an earlier text of it."""
        # Only an absolute path names one file: "story.txt" imported from two folders is two stories.
        if not article.path or not os.path.isabs(article.path):
            return None
        row = self._connection.execute(
            "SELECT id FROM articles WHERE path = ? AND id != ? ORDER BY rowid DESC LIMIT 1", (article.path, article.id)
        ).fetchone()
        return row[0] if row else None

    def _current_at_address(self, article: Article) -> str | None:
        """The id of the current text of the story at `article`'s web address, when `article` is a new
        text of it (a page fetched again after the outlet edited it)."""
        if not article.path or not article.path.startswith(WEB_SCHEMES):
            return None
        row = self._connection.execute(
            "SELECT id FROM articles WHERE path = ? AND id != ? ORDER BY rowid DESC LIMIT 1", (article.path, article.id)
        ).fetchone()
        return row[0] if row else None

    def _keep_earlier_version(self, connection: sqlite3.Connection, current: str, article: Article, now: str) -> None:
        """Inside the caller's transaction: the story's current text becomes an earlier version (keeping its
        id, so its notes stay on the text they were written on) and `article` takes its row."""
        connection.execute(
            "INSERT OR REPLACE INTO article_versions"
            " (id, story, title, outlet, date, dateline, author, body, words, fetched)"
            " SELECT id, path, title, outlet, date, dateline, author, body, words, added_at FROM articles WHERE id = ?",
            (current,),
        )
        # A text seen before (an edit taken back) becomes the current one again: it is not kept twice.
        connection.execute("DELETE FROM article_versions WHERE id = ?", (article.id,))
        connection.execute(
            "UPDATE articles SET id = ?, title = ?, outlet = ?, date = ?, dateline = ?, author = ?, body = ?,"
            " words = ?, added_at = ? WHERE id = ?",
            (
                article.id,
                article.title,
                article.outlet,
                article.date,
                article.dateline,
                article.author,
                article.body,
                article.words,
                now,
                current,
            ),
        )

    @store_boundary
    def versions(self, article_id: str) -> list[Version]:
        """Every kept text of the story `article_id` is a text of, oldest first; one for an article that
        was never fetched again with other text, none for an id the library does not hold."""
        row = self._connection.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            row = self._connection.execute("SELECT story FROM article_versions WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return []
        story = row[0]
        if not story or not story.startswith(WEB_SCHEMES):
            current = self._connection.execute(
                "SELECT id, added_at, words FROM articles WHERE id = ?", (article_id,)
            ).fetchall()
            return [Version(i, f, w, True) for i, f, w in current]
        earlier = self._connection.execute(
            "SELECT id, fetched, words FROM article_versions WHERE story = ? ORDER BY fetched, rowid", (story,)
        ).fetchall()
        current = self._connection.execute(
            "SELECT id, added_at, words FROM articles WHERE path = ? ORDER BY rowid DESC LIMIT 1", (story,)
        ).fetchall()
        return [Version(i, f, w, False) for i, f, w in earlier] + [Version(i, f, w, True) for i, f, w in current]

    def remove(self, article_id: str) -> bool:
        with self._writing() as connection:
            return connection.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    @store_boundary
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

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """While a large import lasts: a page cache that holds the indexes of 100,000 articles (the
        default 2 MB makes every insert into them read pages back from the file)."""
        (previous,) = self._connection.execute("PRAGMA cache_size").fetchone()
        self._connection.execute("PRAGMA cache_size = -65536")
        try:
            yield
        finally:
            self._connection.execute(f"PRAGMA cache_size = {int(previous)}")

    @property
    def connection(self) -> sqlite3.Connection:
        """The database connection, for reading; write through writing()."""
        return self._connection

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if not self._checked:
            self._refuse_damage(self._connection, _schema_version(self._connection), REQUIRED_TABLES, full=True)
        try:
            with _transaction(self._connection):
                yield self._connection
        except sqlite3.OperationalError as error:
            if self.read_only:
                raise LibraryError(f"{self.database}: cannot save: {self.read_only_reason}") from None
            raise LibraryError(f"{self.database}: cannot save ({error})") from None
        except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError, sqlite3.ProgrammingError):
            raise  # the record's fault, not the library's: the caller may skip that one
        except sqlite3.DatabaseError as error:
            # A damaged page or full-text index met while writing: the transaction is rolled back.
            raise self._damaged(str(error)) from None
        finally:
            self._writes += 1  # after the transaction: an order read inside it may have been rolled back

    # Reading

    @store_boundary
    def __len__(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM articles").fetchone()[0])

    @store_boundary
    def get(self, article_id: str) -> Article | None:
        row = self._connection.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            # An earlier text of a story: read and compared like any article, listed only as a version.
            row = self._connection.execute(
                "SELECT id, title, outlet, date, dateline, body, words, story, author FROM article_versions"
                " WHERE id = ?",
                (article_id,),
            ).fetchone()
        return Article(*row) if row else None

    @store_boundary
    def resolve(self, prefix: str) -> str | None:
        """The id that `prefix` starts; None when no id or more than one does."""
        prefix = prefix.strip().lower()
        if not prefix or not re.fullmatch(r"[0-9a-f]+", prefix):
            return None
        rows = self._connection.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? UNION SELECT id FROM article_versions"
            " WHERE id >= ? AND id < ? LIMIT 2",
            (prefix, prefix + "g", prefix, prefix + "g"),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    @store_boundary
    def rows(self, sort: str = "title", descending: bool = False) -> list[ArticleRow]:
        """Every article without its body, sorted by one of SORT_COLUMNS."""
        return _present(self.rows_by_ids(self.row_ids(sort, descending)))

    @store_boundary
    def row_ids(self, sort: str = "title", descending: bool = False) -> array[int]:
        """The rowid of every article in the order of rows(): 8 bytes an article, so a table of 100,000
        keeps its order in memory and fetches only the rows it shows (rows_by_ids). Kept until the
        library changes; the caller must not modify it."""
        sort = sort if sort in SORT_COLUMNS else "title"
        # data_version changes when another connection commits; _writes, when this one writes.
        state = (self._connection.execute("PRAGMA data_version").fetchone()[0], self._writes)
        cached = self._orders.get((sort, descending))
        if cached is not None and cached[0] == state:
            return cached[1]
        direction = "DESC" if descending else "ASC"
        cursor = self._connection.execute(
            f"SELECT rowid FROM articles ORDER BY {SORT_COLUMNS[sort]} {direction}, rowid"
        )
        order = array("q", (row[0] for row in cursor))
        self._orders[(sort, descending)] = (state, order)
        return order

    @store_boundary
    def rows_by_ids(self, rowids: Sequence[int]) -> list[ArticleRow | None]:
        """The rows with these rowids, in that order; None for one no longer in the library."""
        found: dict[int, ArticleRow] = {}
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for rowid, *columns in self._connection.execute(
                f"SELECT rowid, {_ROW_COLUMNS}, (SELECT count(*) FROM article_versions AS v WHERE v.story = path)"
                f" FROM articles WHERE rowid IN ({marks})",
                chunk,
            ):
                found[rowid] = ArticleRow(*columns)
        return [found.get(rowid) for rowid in rowids]

    @store_boundary
    def rowid_of(self, article_id: str) -> int | None:
        row = self._connection.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    @store_boundary
    def search_ids(self, query: str, sort: str = "title", descending: bool = False) -> array[int]:
        """The rowids of search(query), in the order of row_ids(sort, descending)."""
        match = fts_query(query)
        if match is None:
            return self.row_ids(sort, descending)
        found = self.matching_rowids(match)
        # Filtering the kept order costs a few milliseconds; sorting the matches in SQL, a join per match.
        return array("q", filter(found.__contains__, self.row_ids(sort, descending)))

    @store_boundary
    def matching_rowids(self, match: str) -> set[int]:
        """The rowids of the articles matching an FTS5 query built by the program (never by a user)."""
        # One string for all of them, read as a JSON list: a row each, or int() each, costs more than the
        # search itself for 100,000 matches.
        (joined,) = self._connection.execute(
            "SELECT group_concat(rowid) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
        ).fetchone()
        return set(json.loads(f"[{joined}]")) if joined else set()

    @store_boundary
    def count_search(self, query: str) -> int:
        """How many articles search(query) finds."""
        match = fts_query(query)
        return len(self) if match is None else self.count_matching(match)

    @store_boundary
    def count_matching(self, match: str) -> int:
        """How many articles match an FTS5 query built by the program."""
        query = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
        return int(self._connection.execute(query, (match,)).fetchone()[0])

    @store_boundary
    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles whose title or body hold every word of `query` (prefixes count), best first. Ranking
        costs some 30 microseconds a match (the index keeps no positions, so bm25 reads the texts): the
        library screen filters its own order with search_ids instead."""
        match = fts_query(query)
        if match is None:
            return self.rows()[:limit]
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
    """An FTS5 query for what a user typed: every word, as a prefix, all required, in the title, text,
    outlet, date or author; `outlet:xinhua`, `date:2024-04` or `author:"jane doe"` look in that field
    alone. Never an FTS5 syntax error, whatever the user typed."""
    parts: list[str] = []

    def field(match: re.Match[str]) -> str:
        column = _FIELD_COLUMNS[match["field"].casefold()]
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        parts.extend(f"{column} : {_fts_term(term)}" for term in _SEARCH_TERM.findall(value))
        return " "

    rest = _FIELD.sub(field, text)
    parts.extend(_fts_term(term) for term in _SEARCH_TERM.findall(rest))
    return " ".join(parts) or None


_FIELD_COLUMNS = {
    "title": "title",
    "text": "body",
    "body": "body",
    "outlet": "outlet",
    "date": "date",
    "author": "author",
}
_FIELD = re.compile(rf"(?i)\b(?P<field>{'|'.join(_FIELD_COLUMNS)}):(?:\"(?P<quoted>[^\"]+)\"?|(?P<bare>[^\s\"]+))")


def _fts_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"*'


def _writable(database: Path) -> bool:
    """Whether the library could be written: its folder (for the WAL files) and the file, if it exists.
    os.access also says no for a read-only mount, even to root."""
    folder_ok = os.access(database.parent, os.W_OK | os.X_OK)
    return folder_ok and (not database.exists() or os.access(database, os.W_OK))


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if _in_transaction(connection):  # SQLite may have rolled back already (a full disk)
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _in_transaction(connection: sqlite3.Connection) -> bool:
    # A call, not the attribute: mypy would keep the value read before the statements that changed it.
    return connection.in_transaction


def _present(rows: list[ArticleRow | None]) -> list[ArticleRow]:
    # A row is None when another process removed its article between reading the order and the rows.
    return [row for row in rows if row is not None]


def _damage(connection: sqlite3.Connection, version: int, tables: Set[str], full: bool, index: bool) -> str | None:
    """What is wrong with an existing library, or None."""
    if not 0 <= version <= SCHEMA_VERSION:
        return f"schema version {version}"
    if version == 0:
        return None  # made but never filled: the schema is created over it
    if missing := REQUIRED_TABLES - tables:
        return f"the table {sorted(missing)[0]} is missing"
    for table, required in REQUIRED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if missing := required - present:
            return f"the column {table}.{sorted(missing)[0]} is missing"
    if not full:
        return None
    problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        return "; ".join(problems)
    if not index:
        return None
    _check_index(connection)
    return None


def _check_index(connection: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError if the full-text index is damaged. It lives in its own tables, which
    quick_check reads only as pages. Its check is written as an INSERT and takes the write lock: while
    another process holds it (an import), the check is skipped rather than waited for."""
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
    finally:
        connection.execute("PRAGMA busy_timeout = 10000")


def _schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
