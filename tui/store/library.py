"""The article library: one SQLite database with full-text search, safe for two cyberread processes at once."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import urllib.parse
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from contextlib import AbstractContextManager, closing, contextmanager, suppress
from pathlib import Path
from typing import Any

from ..engine.ingest.record import Article
from .common import _ROW_COLUMNS, read_article, resolve_prefix, store_article, story_versions
from .common import ArticleRow as ArticleRow
from .common import LibraryError as LibraryError
from .common import Version as Version
from .common import store_boundary as store_boundary
from .interface import Connection, Cursor
from .schema import MIGRATIONS, REQUIRED_COLUMNS, REQUIRED_TABLES, SCHEMA, SCHEMA_VERSION

_FULL_CHECK_BYTES = 128 * 1024 * 1024
"""Libraries up to this size (some 12,000 articles) are checked page by page each time they are opened (70
ms for 10,000 articles); larger ones before the first write, so a damaged file is never written into."""
_INDEX_CHECK_BYTES = 16 * 1024 * 1024
"""Libraries up to this size also have their full-text index checked on opening (0.4 s at 10,000 articles,
too slow to do on every start of a large library: there a damaged index fails the write that meets it)."""
_INDEX_PENDING_BYTES = 16 * 1024 * 1024
"""How many bytes of terms the full-text index gathers in memory before writing them (FTS5's hashsize):
the writer's CPU an article 0.35 -> 0.29 ms importing 20,000 typeset articles (1 MB, the default)."""
SORT_COLUMNS = {"title": "title COLLATE NOCASE", "outlet": "outlet COLLATE NOCASE", "date": "date", "words": "words"}
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)


class Library:
    """The articles a user keeps, in one SQLite file (a Store). Every write is its own committed transaction."""

    kind = "sqlite"

    def __init__(self, database: Path, user: str = "", check_later: bool = False) -> None:
        self.database = Path(database)
        self.location = str(self.database)
        self.user = user
        self.created = False
        self.read_only = False
        """True when the library's folder or file cannot be written: it is opened for reading only."""
        self.read_only_reason = ""
        """Why, for messages: "the folder is read-only", or what SQLite said of a full or failing disk."""
        self._checked = True
        """Whether the pages were checked; a large library is checked before its first write."""
        self._index_checked = True
        """Whether the full-text index was checked; a large library's is checked before articles are written."""
        self._check_later = check_later
        self._left_to_check: tuple[bool, bool] | None = None
        """The checks (pages, full-text index) opening left to check(), asked for with check_later."""
        self._connection = self._open()
        self._writes = 0
        self._orders: dict[tuple[str, bool], tuple[tuple[int, int], array[int]]] = {}
        """The rowids in each sort order asked for, with the state of the library they were read in."""

    def reader(self) -> Library:
        """Another connection to this library, for a worker thread: SQLite connections stay in the
        thread that opened them. Close it when done."""
        return Library(self.database, self.user)

    @property
    def cache_folder(self) -> Path:
        return self.database.parent

    @property
    @store_boundary
    def schema_version(self) -> int:
        return _schema_version(self._connection)

    @contextmanager
    def snapshot(self) -> Iterator[_Snapshot]:
        """A read transaction on this connection: in WAL mode, writers in other processes go on."""
        self._connection.execute("BEGIN")
        try:
            yield _Snapshot(self._connection)
        finally:
            if _in_transaction(self._connection):
                self._connection.execute("ROLLBACK")  # it wrote nothing; this only ends the read

    def changes(self, until: Callable[[], bool] = lambda: False) -> None:
        """SQLite cannot tell one process what another wrote: the app refreshes on a key."""
        return None

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
            full, index = size <= _FULL_CHECK_BYTES, size <= _INDEX_CHECK_BYTES
            # Checked later only where opening writes nothing: no migration, WAL mode already on.
            later = self._check_later and (full or index) and version == SCHEMA_VERSION and _in_wal_mode(connection)
            self._refuse_damage(connection, version, tables, full=full and not later, index=index and not later)
            if later:
                self._left_to_check = (full, index)
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

    def check(self) -> None:
        """The checks of the pages and the full-text index that opening left for later (check_later: the
        app shows its first frame before them), on a connection of its own, so from any thread. Raises
        LibraryError when the library is damaged. Until they pass, a write runs them first (_writing), so
        a damaged library is never written into either way."""
        if self._left_to_check is None:
            return
        pages, index = self._left_to_check
        with closing(sqlite3.connect(self.database, timeout=10.0, isolation_level=None)) as connection:
            try:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                damage = _damage(connection, _schema_version(connection), tables, pages, index)
            except sqlite3.DatabaseError as error:
                damage = str(error)
        if damage is not None:
            raise self._damaged(damage)
        self._left_to_check = None
        self._checked = self._checked or pages
        self._index_checked = self._index_checked or index

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
        batch = list(articles)
        with self._writing() as connection:
            # In the batch's order (rowids decide which article a file or address last held): each run of
            # plainly new articles is one insert, the others are stored one by one between them.
            run: list[Article] = []
            for article, plain in zip(batch, _plainly_new(connection, batch), strict=True):
                if plain:
                    run.append(article)
                    outcomes.append("added")
                    continue
                _insert_new(connection, run, now)
                run = []
                outcomes.append(store_article(connection, article, now))
            _insert_new(connection, run, now)
        return outcomes

    @store_boundary
    def versions(self, article_id: str) -> list[Version]:
        """Every kept text of the story `article_id` is a text of, oldest first; one for an article that
        was never fetched again with other text, none for an id the library does not hold."""
        return story_versions(self._connection, article_id)

    def remove(self, article_id: str) -> bool:
        with self._writing() as connection:
            return connection.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    @store_boundary
    def get_meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._writing() as connection:
            connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def writing(self) -> AbstractContextManager[Connection]:
        """A transaction committed on leaving it, for stores keeping their tables here (notes). A
        failure to write (read-only or full folder) raises LibraryError."""
        return self._writing()

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """While a large import lasts: a page cache that holds the indexes of 100,000 articles (the
        default 2 MB makes every insert into them read pages back from the file); and the full-text index
        gathers a batch's terms in memory (_INDEX_PENDING_BYTES) before writing them."""
        (previous,) = self._connection.execute("PRAGMA cache_size").fetchone()
        self._connection.execute("PRAGMA cache_size = -65536")
        if not self.read_only:
            self._gather_index_terms()
        try:
            yield
        finally:
            self._connection.execute(f"PRAGMA cache_size = {int(previous)}")

    def _gather_index_terms(self) -> None:
        # FTS5 writes its pending terms as a new segment of the index each time they fill its hashsize (1
        # MB by default: eight segments for a batch of 2,000 typeset articles, merged again and again
        # later); 16 MB is one a batch. The setting is kept in the index's own table: it bounds memory only
        # while a transaction is open, and the app's transactions are small.
        query = "SELECT v FROM articles_fts_config WHERE k = 'hashsize'"
        if self._connection.execute(query).fetchone() != (_INDEX_PENDING_BYTES,):
            with self._writing() as connection:
                connection.execute(
                    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", (_INDEX_PENDING_BYTES,)
                )

    @property
    def connection(self) -> sqlite3.Connection:
        """The database connection, for reading; write through writing()."""
        return self._connection

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self._left_to_check is not None:
            self.check()  # everything opening would have checked, the full-text index included
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
        return read_article(self._connection, article_id)

    @store_boundary
    def resolve(self, prefix: str) -> str | None:
        """The id that `prefix` starts; None when no id or more than one does."""
        return resolve_prefix(self._connection, prefix)

    @store_boundary
    def rows(self, sort: str = "title", descending: bool = False) -> list[ArticleRow]:
        """Every article without its body, sorted by one of SORT_COLUMNS."""
        return _present(self.rows_by_ids(self.row_ids(sort, descending)))

    @store_boundary
    def row_ids(self, sort: str = "title", descending: bool = False, limit: int | None = None) -> array[int]:
        """The rowid of every article in the order of rows(): 8 bytes an article, so a table of 100,000
        keeps its order in memory and fetches only the rows it shows (rows_by_ids). Kept until the
        library changes; the caller must not modify it. With `limit`, the first so many, read anew (the
        first page of a table, shown before the whole order is read)."""
        sort = sort if sort in SORT_COLUMNS else "title"
        if limit is not None:
            direction = "DESC" if descending else "ASC"
            query = f"SELECT rowid FROM articles ORDER BY {SORT_COLUMNS[sort]} {direction}, rowid LIMIT ?"
            return array("q", (row[0] for row in self._connection.execute(query, (limit,))))
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

    def rowids_with_word(self, word: str) -> set[int]:
        return self.matching_rowids(_fts_word(word))

    def count_with_word(self, word: str) -> int:
        return self.count_matching(_fts_word(word))

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


def _plainly_new(connection: sqlite3.Connection, batch: list[Article]) -> list[bool]:
    """For each article of `batch`, whether storing it is a plain insert ("added"): nothing in the library
    has its id, its file or web address, or its title (a body stored under an older cyberread's id keeps
    its title), and no article before it in the batch has any of them; stored in the batch's order, what
    comes before it cannot give a row any of them either. Three indexed look-ups a batch, where
    store_article makes four for each article and hashes its body once more."""

    def stored(column: str, values: list[str]) -> set[str]:
        # title is looked up by its index (NOCASE): a superset of the exact titles, compared below.
        query = f"SELECT {column} FROM articles WHERE {column}{' COLLATE NOCASE' if column == 'title' else ''}"
        query += " IN (SELECT value FROM json_each(?))"
        return {row[0] for row in connection.execute(query, (json.dumps(values),))}

    ids = stored("id", [article.id for article in batch])
    paths = stored("path", [article.path for article in batch if article.path])
    titles = stored("title", [article.title for article in batch])
    new = []
    for article in batch:
        plain = article.id not in ids and article.path not in paths and article.title not in titles
        new.append(plain)
        ids.add(article.id)
        titles.add(article.title)
        if article.path:
            paths.add(article.path)
    return new


def _insert_new(connection: sqlite3.Connection, articles: list[Article], now: str) -> None:
    """Insert `articles` (none already stored) with one statement of many rows: the full-text trigger then
    adds them to the index in memory and writes it once. Inserted a row a statement, the index is written
    for each (FTS5 flushes at every statement savepoint): 0.6 ms an article, against 0.3 ms this way. The
    rows are bound as parameters of one INSERT ... VALUES (as many a statement as SQLite allows), not
    gathered in a temporary table first: its pages went through a temporary file."""
    rows_a_statement = max(1, connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(_INSERTED))
    for start in range(0, len(articles), rows_a_statement):
        part = articles[start : start + rows_a_statement]
        values = [
            value
            for a in part
            for value in (a.id, a.title, a.outlet, a.date, a.dateline, a.body, a.words, a.path, now, a.author)
        ]
        connection.execute(
            f"INSERT INTO articles ({', '.join(_INSERTED)}) VALUES {', '.join([_ROW] * len(part))}", values
        )


_INSERTED = ("id", "title", "outlet", "date", "dateline", "body", "words", "path", "added_at", "author")
_ROW = f"({', '.join('?' * len(_INSERTED))})"


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


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"*'


def _writable(database: Path) -> bool:
    """Whether the library could be written: its folder (for the WAL files) and the file, if it exists.
    os.access also says no for a read-only mount, even to root."""
    folder_ok = os.access(database.parent, os.W_OK | os.X_OK)
    return folder_ok and (not database.exists() or os.access(database, os.W_OK))


class _Snapshot:
    """The library's connection inside a read transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        return self._connection.execute(sql, parameters)

    def batches(self, sql: str, size: int) -> Iterator[list[Any]]:
        cursor = self._connection.execute(sql)  # SQLite steps through the rows as they are fetched
        while rows := cursor.fetchmany(size):
            yield rows


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


def _in_wal_mode(connection: sqlite3.Connection) -> bool:
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def _schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
