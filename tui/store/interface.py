"""What the app, the command line and the other stores ask of a library, whichever database keeps it:
the embedded SQLite file (store.library) or a PostgreSQL server shared by a team (store.postgres)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..engine.ingest.articles import Article
    from .common import ArticleRow, Version


class Cursor(Protocol):
    """The part of a DB-API cursor the stores use: sqlite3's and psycopg's both fit."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection that takes SQL with `?` placeholders. The SQL the notes and feeds issue through it is
    written once, in what SQLite and PostgreSQL both accept: `ON CONFLICT`, `RETURNING`, `NULLS LAST`,
    `lower()` rather than `COLLATE NOCASE`, `= 1` rather than a bare integer as a truth value."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...


class Snapshot(Connection, Protocol):
    """A library as it stood when the snapshot was taken, whatever others write meanwhile."""

    def batches(self, sql: str, size: int) -> Iterator[list[Any]]:
        """The rows `sql` selects, `size` at a time: never more than that held at once, however large
        the table (a copy of 100,000 articles)."""


class Store(Protocol):
    """One library: articles and their versions, full-text search, and the tables of the notes and feeds
    stores. Every write is its own committed transaction."""

    kind: str
    """"sqlite" or "postgresql", for `cyberread db info`."""
    location: str
    """Where it is, for messages: a file path, or a server address without its password."""
    created: bool
    read_only: bool
    read_only_reason: str
    user: str
    """Who writes through this library: the author recorded on new notes."""

    @property
    def cache_folder(self) -> Path:
        """A local folder for derived data (the corpus cache, exports for Spark)."""

    @property
    def schema_version(self) -> int: ...

    @property
    def connection(self) -> Connection:
        """For reading; write through writing()."""

    def writing(self) -> AbstractContextManager[Connection]:
        """A transaction committed on leaving it; a failure to write raises LibraryError."""

    def bulk_writing(self) -> AbstractContextManager[None]: ...

    def snapshot(self) -> AbstractContextManager[Snapshot]:
        """One consistent view of the whole library, for reading all of it (`db copy`): a read transaction
        that does not keep others from writing."""

    def reader(self) -> Store:
        """Another connection to this library, for a worker thread. Close it when done."""

    def check(self) -> None:
        """The integrity checks opening left for later, from any thread; LibraryError when damaged."""

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def __len__(self) -> int: ...

    def add(self, article: Article) -> str: ...

    def add_many(self, articles: Iterable[Article]) -> list[str]: ...

    def remove(self, article_id: str) -> bool: ...

    def versions(self, article_id: str) -> list[Version]: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def get(self, article_id: str) -> Article | None: ...

    def resolve(self, prefix: str) -> str | None: ...

    def rows(self, sort: str = "title", descending: bool = False) -> list[ArticleRow]: ...

    def row_ids(self, sort: str = "title", descending: bool = False, limit: int | None = None) -> array[int]:
        """The rowid of every article in that order (the first `limit` only, when given)."""

    def rows_by_ids(self, rowids: Sequence[int]) -> list[ArticleRow | None]: ...

    def rowid_of(self, article_id: str) -> int | None: ...

    def search_ids(self, query: str, sort: str = "title", descending: bool = False) -> array[int]: ...

    def count_search(self, query: str) -> int: ...

    def search(self, query: str, limit: int | None = None) -> list[ArticleRow]: ...

    def rowids_with_word(self, word: str) -> set[int]:
        """The articles whose title or text holds `word` (one token of the index), exactly."""

    def count_with_word(self, word: str) -> int: ...

    def changes(self, until: Callable[[], bool] = ...) -> AbstractContextManager[Iterator[str]] | None:
        """What other processes changed ("notes", "verdicts"), as they change it, where the database can say
        (PostgreSQL's LISTEN/NOTIFY); None where it cannot. The iteration waits for the next change, and
        ends once `until()` is true (asked at least twice a second) or the server is lost."""
