"""The article library: one SQLite database with full-text search, safe for two cyberread processes at once."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from ..engine.ingest.record import Article
from .common import _ROW_COLUMNS, read_article, resolve_prefix, store_article, story_versions
from .common import ArticleRow as ArticleRow
from .common import LibraryError as LibraryError
from .common import Version as Version
from .common import store_boundary as store_boundary
from .interface import Connection, Cursor
from .search_filters import figures_in
from .sqlite_file import LibraryFile, in_transaction, schema_version, transaction
from .sqlite_search import JOINED_ARTICLES, figures_held, fts_query, fts_word

_INDEX_PENDING_BYTES = 16 * 1024 * 1024
"""How many bytes of terms the full-text index gathers in memory before writing them (FTS5's hashsize):
the writer's CPU an article 0.35 -> 0.29 ms importing 20,000 typeset articles (1 MB, the default)."""
SORT_COLUMNS = {"title": "title COLLATE NOCASE", "outlet": "outlet COLLATE NOCASE", "date": "date", "words": "words"}


class Library:
    """The articles a user keeps, in one SQLite file (a Store). Every write is its own committed transaction."""

    kind = "sqlite"

    def __init__(self, database: Path, user: str = "", check_later: bool = False) -> None:
        self.database = Path(database)
        self.location = str(self.database)
        self.user = user
        self._file = LibraryFile(self.database, check_later)
        self._connection = self._file.connection
        self.created = self._file.created
        self.read_only = self._file.read_only
        """True when the library's folder or file cannot be written: it is opened for reading only."""
        self.read_only_reason = self._file.read_only_reason
        """Why, for messages: "the folder is read-only", or what SQLite said of a full or failing disk."""
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
        return schema_version(self._connection)

    @contextmanager
    def snapshot(self) -> Iterator[_Snapshot]:
        """A read transaction on this connection: in WAL mode, writers in other processes go on."""
        try:
            # Inside the try: a Ctrl-C just after BEGIN would leave the read open, and the next write
            # would join it.
            self._connection.execute("BEGIN")
            yield _Snapshot(self._connection)
        finally:
            if in_transaction(self._connection):
                self._connection.execute("ROLLBACK")  # it wrote nothing; this only ends the read

    def changes(self, until: Callable[[], bool] = lambda: False) -> None:
        """SQLite cannot tell one process what another wrote: the app refreshes on a key."""
        return None

    def check(self) -> None:
        """The checks of the pages and the full-text index that opening left for later (check_later: the
        app shows its first frame before them), from any thread. Raises LibraryError when the library is
        damaged. Until they pass, a write runs them first, so a damaged library is never written into."""
        self._file.check()

    def backup_path(self, version: int) -> Path:
        """Where the copy of a library of schema `version` is kept before it is migrated."""
        return self._file.backup_path(version)

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
        self._file.before_writing_articles()
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
        self._file.before_writing()
        try:
            with transaction(self._connection):
                yield self._connection
        except sqlite3.OperationalError as error:
            if self.read_only:
                raise LibraryError(f"{self.database}: cannot save: {self.read_only_reason}") from None
            raise LibraryError(f"{self.database}: cannot save ({error})") from None
        except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError, sqlite3.ProgrammingError):
            raise  # the record's fault, not the library's: the caller may skip that one
        except sqlite3.DatabaseError as error:
            # A damaged page or full-text index met while writing: the transaction is rolled back.
            raise self._file.damaged(str(error)) from None
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
        found = self.matching_rowids(match, figures_in(query))
        # Filtering the kept order costs a few milliseconds; sorting the matches in SQL, a join per match.
        return array("q", filter(found.__contains__, self.row_ids(sort, descending)))

    @store_boundary
    def matching_rowids(self, match: str, figures: Sequence[str] = ()) -> set[int]:
        """The rowids of the articles matching an FTS5 query built by the program (never by a user), and
        holding each of `figures` whole in their title or text."""
        # One string for all of them, read as a JSON list: a row each, or int() each, costs more than the
        # search itself for 100,000 matches.
        joined_to, holding, parameters = figures_held(figures)
        (joined,) = self._connection.execute(
            f"SELECT group_concat(articles_fts.rowid) FROM articles_fts{joined_to} WHERE articles_fts MATCH ?{holding}",
            (match, *parameters),
        ).fetchone()
        return set(json.loads(f"[{joined}]")) if joined else set()

    def rowids_with_word(self, word: str) -> set[int]:
        return self.matching_rowids(fts_word(word))

    def count_with_word(self, word: str) -> int:
        return self.count_matching(fts_word(word))

    @store_boundary
    def count_search(self, query: str) -> int:
        """How many articles search(query) finds."""
        match = fts_query(query)
        return len(self) if match is None else self.count_matching(match, figures_in(query))

    @store_boundary
    def count_matching(self, match: str, figures: Sequence[str] = ()) -> int:
        """How many articles match an FTS5 query built by the program (and hold `figures` whole)."""
        joined_to, holding, parameters = figures_held(figures)
        query = f"SELECT count(*) FROM articles_fts{joined_to} WHERE articles_fts MATCH ?{holding}"
        return int(self._connection.execute(query, (match, *parameters)).fetchone()[0])

    @store_boundary
    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles whose title or body hold every word of `query` (prefixes count), best first. Ranking
        costs some 30 microseconds a match (the index keeps no positions, so bm25 reads the texts): the
        library screen filters its own order with search_ids instead."""
        match = fts_query(query)
        if match is None:
            return self.rows()[:limit]
        _, holding, held = figures_held(figures_in(query))
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _ROW_COLUMNS.split(','))} FROM articles_fts{JOINED_ARTICLES}"
            f" WHERE articles_fts MATCH ?{holding} ORDER BY bm25(articles_fts, 5.0, 1.0)"
        )
        parameters: tuple[object, ...] = (match, *held)
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


def _present(rows: list[ArticleRow | None]) -> list[ArticleRow]:
    # A row is None when another process removed its article between reading the order and the rows.
    return [row for row in rows if row is not None]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
