"""The library on a PostgreSQL server (a Store): many people add, annotate and delete at once, each in
their own transaction, and nobody waits on a file lock. Full-text search is PostgreSQL's own."""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any

import psycopg

from ...engine.ingest.articles import Article, legacy_article_id
from ..common import (
    _ROW_COLUMNS,
    ArticleRow,
    LibraryError,
    Version,
    read_article,
    resolve_prefix,
    store_article,
    store_boundary,
)
from ..common import story_versions as _story_versions
from ..interface import Connection
from .connection import ServerConnection, SnapshotConnection, connect, first_line, redacted
from .schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION
from .search import Query, fold_accents, ts_query, ts_word

SORT_COLUMNS = {"title": "lower(title)", "outlet": "lower(outlet)", "date": "date", "words": "words"}
NOTES_CHANNEL = "cyberread_notes"
VERDICTS_CHANNEL = "cyberread_verdicts"
_SCHEMA_LOCK = 0x637962657272  # any number the team's cyberreads agree on: "cyberr"
OLDEST_SERVER = 140000
_ATTEMPTS = 3


class PostgresLibrary:
    """The articles a team keeps on a PostgreSQL server."""

    kind = "postgresql"

    def __init__(self, url: str, cache_folder: Path, user: str = "") -> None:
        self.url = url
        self.location = redacted(url)
        self.database = self.location
        self.user = user
        self.created = False
        self.read_only = False
        self.read_only_reason = ""
        self._cache_folder = cache_folder
        self._connection = ServerConnection(connect(url), lambda: connect(url))
        try:
            self._bring_up_to_date()
        except BaseException:
            self._connection.close()
            raise

    def _bring_up_to_date(self) -> None:
        """Create the schema on an empty database, or migrate an older one, in one transaction under a lock
        every cyberread takes: two people starting at once never both create it. PostgreSQL changes its
        tables transactionally, so a failed migration leaves the library as it was."""
        self._refuse_unfit_server()
        try:
            with self._raw.transaction():
                self._raw.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                self._raw.execute("CREATE TABLE IF NOT EXISTS cyberread_schema (version INTEGER NOT NULL)")
                row = self._raw.execute("SELECT version FROM cyberread_schema").fetchone()
                version = int(row[0]) if row else 0
                if version > SCHEMA_VERSION:
                    raise LibraryError(
                        f"{self.location}: written by a newer cyberread (schema {version}, this one reads"
                        f" {SCHEMA_VERSION}); upgrade cyberread"
                    )
                if version == 0:
                    for statement in SCHEMA:
                        self._raw.execute(statement.encode())
                    self._raw.execute("INSERT INTO cyberread_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
                    self.created = True
                elif version < SCHEMA_VERSION:
                    for step in range(version, SCHEMA_VERSION):
                        for statement in MIGRATIONS[step]:
                            self._raw.execute(statement.encode())
                    self._raw.execute("UPDATE cyberread_schema SET version = %s", (SCHEMA_VERSION,))
        except psycopg.Error as error:
            raise LibraryError(f"{self.location}: cannot prepare the library ({first_line(error)})") from None

    def _refuse_unfit_server(self) -> None:
        """The index needs normalize() on Unicode text and function bodies bound when created."""
        version = self._raw.info.server_version
        if version < OLDEST_SERVER:
            raise LibraryError(
                f"{self.location}: the server runs PostgreSQL {version // 10000}; cyberread needs 14 or later"
            )
        encoding = self._raw.info.parameter_status("server_encoding")
        if encoding is not None and encoding != "UTF8":
            raise LibraryError(
                f"{self.location}: the database is encoded in {encoding}; cyberread needs one in UTF8"
                " (createdb --encoding UTF8 --template template0 NAME)"
            )

    @property
    def _raw(self) -> psycopg.Connection[Any]:
        """The connection to the server, opened again if the server closed it."""
        return self._connection.raw

    def database_error(self, error: Exception) -> LibraryError | None:
        """What a driver error met while reading means to a user (store_boundary asks)."""
        if isinstance(error, psycopg.OperationalError):
            return LibraryError(f"{self.location}: the server did not answer ({first_line(error)}); try again")
        if isinstance(error, psycopg.Error):
            return LibraryError(f"{self.location}: {first_line(error)}")
        return None

    @property
    def cache_folder(self) -> Path:
        return self._cache_folder

    @property
    @store_boundary
    def schema_version(self) -> int:
        row = self._connection.execute("SELECT version FROM cyberread_schema").fetchone()
        return int(row[0]) if row else 0

    @property
    def connection(self) -> Connection:
        return self._connection

    @contextmanager
    def snapshot(self) -> Iterator[SnapshotConnection]:
        """A read-only transaction of its own on a connection of its own, repeatable read: colleagues go
        on writing, and every table is read as it stood at the first read."""
        reader = connect(self.url)
        try:
            with reader.transaction():
                reader.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield SnapshotConnection(reader, self.location)
        finally:
            reader.close()

    def reader(self) -> PostgresLibrary:
        return PostgresLibrary(self.url, self._cache_folder, self.user)

    def check(self) -> None:
        return None  # the server keeps its own pages whole: nothing is left for later

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> PostgresLibrary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def changes(self, until: Callable[[], bool] = lambda: False) -> Iterator[Iterator[str]]:
        """Changes to the notes ("notes") and verdicts ("verdicts") as other processes commit them
        (LISTEN/NOTIFY), on a connection of their own:
        iterate in a worker thread; `until()` true or leaving the block stops the listening."""
        listener = connect(self.url)
        listener.execute(f"LISTEN {NOTES_CHANNEL}")
        listener.execute(f"LISTEN {VERDICTS_CHANNEL}")
        stop = threading.Event()

        def notices() -> Iterator[str]:
            while not stop.is_set() and not until():
                try:
                    for notice in listener.notifies(timeout=0.5):
                        yield notice.channel.removeprefix("cyberread_")
                except psycopg.Error:
                    return

        try:
            yield notices()
        finally:
            stop.set()
            listener.close()

    # Writing

    def writing(self) -> AbstractContextManager[Connection]:
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self._raw.transaction():
                yield self._connection
        except (psycopg.errors.IntegrityError, psycopg.DataError):
            raise  # the record's fault, not the library's: the caller may skip that one
        except psycopg.Error as error:
            raise LibraryError(f"{self.location}: cannot save ({first_line(error)})") from None

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """After a large import, the planner's statistics are taken at once: until autovacuum gets to it,
        the server would think the table small and read every article's index terms for each search (60 ms
        for 5,000 articles, against 1 ms through the index)."""
        yield
        # Only the table's owner may; for anyone else autovacuum does it a little later.
        with suppress(psycopg.Error):
            self._raw.execute("ANALYZE articles")

    def add(self, article: Article) -> str:
        return self.add_many([article])[0]

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        """As the SQLite library's add_many. Articles the library has never seen in any form are sent in
        one COPY; the rest go through store_article's checks one by one, in their turn."""
        articles = list(articles)
        attempts = _ATTEMPTS
        while True:
            try:
                return self._add_batch(articles)
            except psycopg.errors.UniqueViolation:
                # A colleague stored one of these articles while this batch was being written: the batch
                # was rolled back, and written again it finds theirs (unchanged) instead of adding it twice.
                attempts -= 1
                if not attempts:
                    raise

    def _add_batch(self, articles: list[Article]) -> list[str]:
        now = _now()
        outcomes: list[str] = []
        with self._writing() as connection:
            new: list[Article] = []
            for article, unseen in zip(articles, self._unseen(articles), strict=True):
                if unseen:
                    new.append(article)
                    outcomes.append("added")
                else:
                    self._copy_in(new, now)  # an earlier article of the batch may be the one it updates
                    new = []
                    outcomes.append(store_article(connection, article, now))
            self._copy_in(new, now)
        return outcomes

    def _unseen(self, articles: list[Article]) -> list[bool]:
        """For each article, whether store_article could only add it: neither its id, nor the id an older
        cyberread would have given it, nor the file or address it came from is in the library or earlier in
        the batch. Two queries for the whole batch, where store_article asks three for each article."""
        legacy = [legacy_article_id(article.body) for article in articles]
        ids = [article.id for article in articles]
        paths = [article.path for article in articles if article.path]
        taken = {
            row[0] for row in self._connection.execute("SELECT id FROM articles WHERE id = ANY(?)", (ids + legacy,))
        }
        if paths:
            taken |= {
                row[0] for row in self._connection.execute("SELECT path FROM articles WHERE path = ANY(?)", (paths,))
            }
        unseen = []
        for article, old_id in zip(articles, legacy, strict=True):
            keys = {article.id, old_id} | ({article.path} if article.path else set())
            unseen.append(not keys & taken)
            taken |= keys
        return unseen

    def _copy_in(self, articles: list[Article], now: str) -> None:
        if not articles:
            return
        with self._raw.cursor().copy(f"COPY articles ({_COPIED}) FROM STDIN".encode()) as copy:
            for article in articles:
                copy.write_row(_copied(article, now))

    def remove(self, article_id: str) -> bool:
        with self._writing() as connection:
            return connection.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    @store_boundary
    def versions(self, article_id: str) -> list[Version]:
        return _story_versions(self._connection, article_id)

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
        return [row for row in self.rows_by_ids(self.row_ids(sort, descending)) if row is not None]

    @store_boundary
    def row_ids(self, sort: str = "title", descending: bool = False, limit: int | None = None) -> array[int]:
        """Read anew each time: a colleague may have added or removed articles since."""
        cursor = self._connection.execute(
            f"SELECT rowid FROM articles{_order(sort, descending)}" + (" LIMIT ?" if limit is not None else ""),
            (limit,) if limit is not None else None,
        )
        return array("q", (row[0] for row in cursor))

    @store_boundary
    def rows_by_ids(self, rowids: Sequence[int]) -> list[ArticleRow | None]:
        found: dict[int, ArticleRow] = {}
        for start in range(0, len(rowids), 5000):
            chunk = list(rowids[start : start + 5000])
            for rowid, *columns in self._connection.execute(
                f"SELECT rowid, {_ROW_COLUMNS}, (SELECT count(*) FROM article_versions AS v WHERE v.story = path)"
                " FROM articles WHERE rowid = ANY(?)",
                (chunk,),
            ):
                found[rowid] = ArticleRow(*columns)
        return [found.get(rowid) for rowid in rowids]

    @store_boundary
    def rowid_of(self, article_id: str) -> int | None:
        row = self._connection.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        return int(row[0]) if row else None

    @store_boundary
    def search_ids(self, query: str, sort: str = "title", descending: bool = False) -> array[int]:
        match = ts_query(query)
        if match is None:
            return self.row_ids(sort, descending)
        # Sorted by the server: only the matches travel, where filtering row_ids read every article's id.
        return array("q", (row[0] for row in self._found("rowid", match, _order(sort, descending))))

    def _found(self, columns: str, match: Query, then: str = "", more: tuple[object, ...] = ()) -> list[Any]:
        """`columns` of the articles `match` finds, read through the search index. Left to itself the planner
        reads every article's index terms in a library of a few thousand (they are stored out of line,
        which its costs leave out): 50 ms a search at 5,000 articles, where the index takes 1."""
        where, parameters = match.where()
        with self._raw.transaction():
            self._raw.execute("SET LOCAL enable_seqscan = off")
            sql = f"SELECT {columns} FROM articles WHERE {where}{then}"
            return self._connection.execute(sql, (*parameters, *more)).fetchall()

    @store_boundary
    def count_search(self, query: str) -> int:
        match = ts_query(query)
        return len(self) if match is None else int(self._found("count(*)", match)[0][0])

    @store_boundary
    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles holding every word of `query` (prefixes count), best first: ts_rank weighs a word in
        the title above one in the text."""
        match = ts_query(query)
        if match is None:
            return self.rows()[:limit]
        if not match.text:
            return []  # only words to leave out
        ranked = " ORDER BY ts_rank(document, to_tsquery('simple', ?)) DESC, rowid"
        if limit is None:
            return [ArticleRow(*row) for row in self._found(_ROW_COLUMNS, match, ranked, (match.text,))]
        rows = self._found(_ROW_COLUMNS, match, ranked + " LIMIT ?", (match.text, limit))
        return [ArticleRow(*row) for row in rows]

    @store_boundary
    def rowids_with_word(self, word: str) -> set[int]:
        return {row[0] for row in self._found("rowid", Query(ts_word(fold_accents(word), prefix=False), ()))}

    @store_boundary
    def count_with_word(self, word: str) -> int:
        return int(self._found("count(*)", Query(ts_word(fold_accents(word), prefix=False), ()))[0][0])


def _order(sort: str, descending: bool) -> str:
    column = SORT_COLUMNS.get(sort, SORT_COLUMNS["title"])
    direction = "DESC" if descending else "ASC"
    nulls = "NULLS LAST" if descending else "NULLS FIRST"  # as SQLite orders them
    return f" ORDER BY {column} {direction} {nulls}, rowid"


_COPIED = "id, title, outlet, date, dateline, body, words, path, added_at, author"


def _copied(article: Article, now: str) -> tuple[object, ...]:
    a = article
    return (a.id, a.title, a.outlet, a.date, a.dateline, a.body, a.words, a.path, now, a.author)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
