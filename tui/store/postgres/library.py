"""The library on a PostgreSQL server (a Store): many people add, annotate and delete at once, each in
their own transaction, and nobody waits on a file lock. Full-text search is PostgreSQL's own."""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
import urllib.parse
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import psycopg

from ...engine.ingest.articles import Article
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
from ..interface import Connection, Cursor
from .schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION

SORT_COLUMNS = {"title": "lower(title)", "outlet": "lower(outlet)", "date": "date", "words": "words"}
NOTES_CHANNEL = "cyberread_notes"
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)
_INDEX_WORD = re.compile(r"[^\W_]+")
# A field filter looks in the weights of that field; date and author share D, so they are rechecked.
_FIELD_WEIGHTS = {"title": "A", "text": "B", "body": "B", "outlet": "C", "date": "D", "author": "D"}
_FIELD = re.compile(rf"(?i)\b(?P<field>{'|'.join(_FIELD_WEIGHTS)}):(?:\"(?P<quoted>[^\"]+)\"?|(?P<bare>[^\s\"]+))")
_SCHEMA_LOCK = 0x637962657272  # any number the team's cyberreads agree on: "cyberr"


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The address without its password, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "the PostgreSQL address"
    user = f"{parts.username}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


class _Connection:
    """A psycopg connection taking the `?` placeholders the shared SQL is written with."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = None, /) -> Cursor:
        if parameters is None:
            return self.raw.execute(sql.encode())
        return self.raw.execute(_placeholders(sql).encode(), parameters)


@functools.lru_cache(maxsize=512)
def _placeholders(sql: str) -> str:
    # The SQL is the program's own: no `?` or `%` inside its literals.
    return sql.replace("%", "%%").replace("?", "%s")


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in autocommit mode (writes open their own transactions); one-line errors."""
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="cyberread")
    except psycopg.ProgrammingError as error:
        raise LibraryError(f"{redacted(url)}: not a usable PostgreSQL address ({_first_line(error)})") from None
    except psycopg.OperationalError as error:
        raise LibraryError(f"{redacted(url)}: cannot connect to the library's server ({_first_line(error)})") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


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
        self._raw = connect(url)
        self._connection = _Connection(self._raw)
        try:
            self._bring_up_to_date()
        except BaseException:
            self._raw.close()
            raise

    def _bring_up_to_date(self) -> None:
        """Create the schema on an empty database, or migrate an older one, in one transaction under a lock
        every cyberread takes: two people starting at once never both create it. PostgreSQL changes its
        tables transactionally, so a failed migration leaves the library as it was."""
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
            raise LibraryError(f"{self.location}: cannot prepare the library ({_first_line(error)})") from None

    def database_error(self, error: Exception) -> LibraryError | None:
        """What a driver error met while reading means to a user (store_boundary asks)."""
        if isinstance(error, psycopg.OperationalError):
            return LibraryError(f"{self.location}: the server did not answer ({_first_line(error)}); try again")
        if isinstance(error, psycopg.Error):
            return LibraryError(f"{self.location}: {_first_line(error)}")
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

    def reader(self) -> PostgresLibrary:
        return PostgresLibrary(self.url, self._cache_folder, self.user)

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> PostgresLibrary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def changes(self, until: Callable[[], bool] = lambda: False) -> Iterator[Iterator[str]]:
        """Note changes as other processes commit them (LISTEN/NOTIFY), on a connection of their own:
        iterate in a worker thread; `until()` true or leaving the block stops the listening."""
        listener = connect(self.url)
        listener.execute(f"LISTEN {NOTES_CHANNEL}")
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
            raise LibraryError(f"{self.location}: cannot save ({_first_line(error)})") from None

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        yield

    def add(self, article: Article) -> str:
        return self.add_many([article])[0]

    def add_many(self, articles: Iterable[Article]) -> list[str]:
        now = _now()
        with self._writing() as connection:
            return [store_article(connection, article, now) for article in articles]

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
        sort = sort if sort in SORT_COLUMNS else "title"
        direction = "DESC" if descending else "ASC"
        nulls = "NULLS LAST" if descending else "NULLS FIRST"  # as SQLite orders them
        cursor = self._connection.execute(
            f"SELECT rowid FROM articles ORDER BY {SORT_COLUMNS[sort]} {direction} {nulls}, rowid"
            + (" LIMIT ?" if limit is not None else ""),
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
        found = self._matching(match)
        return array("q", filter(found.__contains__, self.row_ids(sort, descending)))

    def _matching(self, match: _Query) -> set[int]:
        sql, parameters = match.where()
        return {row[0] for row in self._connection.execute(f"SELECT rowid FROM articles WHERE {sql}", parameters)}

    @store_boundary
    def count_search(self, query: str) -> int:
        match = ts_query(query)
        if match is None:
            return len(self)
        sql, parameters = match.where()
        return int(self._connection.execute(f"SELECT count(*) FROM articles WHERE {sql}", parameters).fetchone()[0])

    @store_boundary
    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]:
        """Articles holding every word of `query` (prefixes count), best first: ts_rank weighs a word in
        the title above one in the text."""
        match = ts_query(query)
        if match is None:
            return self.rows()[:limit]
        where, parameters = match.where()
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM articles WHERE {where}"
            " ORDER BY ts_rank(document, to_tsquery('simple', ?)) DESC, rowid"
        )
        parameters = (*parameters, match.text)
        if limit is not None:
            sql += " LIMIT ?"
            parameters = (*parameters, limit)
        return [ArticleRow(*row) for row in self._connection.execute(sql, parameters)]

    @store_boundary
    def rowids_with_word(self, word: str) -> set[int]:
        return self._matching(_Query(_word(word, prefix=False), ()))

    @store_boundary
    def count_with_word(self, word: str) -> int:
        where, parameters = _Query(_word(word, prefix=False), ()).where()
        return int(self._connection.execute(f"SELECT count(*) FROM articles WHERE {where}", parameters).fetchone()[0])


class _Query:
    """A tsquery for the index, and the exact rechecks of date: and author: filters."""

    def __init__(self, text: str, rechecks: tuple[tuple[str, str], ...]) -> None:
        self.text = text
        self.rechecks = rechecks

    def where(self) -> tuple[str, tuple[object, ...]]:
        sql = "document @@ to_tsquery('simple', ?)"
        parameters: tuple[object, ...] = (self.text,)
        for column, term in self.rechecks:
            sql += (
                f" AND to_tsvector('simple', regexp_replace(coalesce({column}, ''), '[^[:alnum:]]+', ' ', 'g'))"
                " @@ to_tsquery('simple', ?)"
            )
            parameters += (term,)
        return sql, parameters


def ts_query(text: str) -> _Query | None:
    """What a user typed as a query: every word a required prefix; `outlet:xinhua`, `date:2024-04` or
    `author:"jane doe"` look in that field alone, as the SQLite library's search does. Never a syntax
    error, whatever the user typed: each word is quoted."""
    parts: list[str] = []
    rechecks: list[tuple[str, str]] = []

    def field(match: re.Match[str]) -> str:
        name = match["field"].casefold()
        weight = _FIELD_WEIGHTS[name]
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        for term in _words(value):
            parts.append(_word(term, prefix=True) + weight)
            if name in ("date", "author"):
                rechecks.append((name, _word(term, prefix=True)))
        return " "

    rest = _FIELD.sub(field, text)
    parts.extend(_word(term, prefix=True) for term in _words(rest))
    return _Query(" & ".join(parts), tuple(rechecks)) if parts else None


def _words(text: str) -> list[str]:
    # The index splits words where the SQLite tokenizer does: at underscores and punctuation too.
    return [piece for term in _SEARCH_TERM.findall(text) for piece in _INDEX_WORD.findall(term)]


def _word(term: str, prefix: bool) -> str:
    quoted = "'" + term.casefold().replace("'", "''").replace("\\", "\\\\") + "'"
    return quoted + (":*" if prefix else "")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
