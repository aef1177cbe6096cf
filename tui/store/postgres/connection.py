"""Talking to the library's PostgreSQL server: connecting, the `?` placeholders the shared SQL is
written with, and what goes wrong said in one line, with the address but never its password."""

from __future__ import annotations

import functools
import itertools
import logging
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from ..common import LibraryError
from ..interface import Cursor

# psycopg logs what it ignores while a lost connection is torn down ("error ignored terminating
# <psycopg.Copy [BAD] at 0x…>: the connection is lost"); with no logging set up, Python printed that
# to the terminal ahead of the one line cyberread says about the lost server.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False


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


class ServerConnection:
    """A psycopg connection taking the `?` placeholders the shared SQL is written with. With `reopen`, a
    connection the server closed (restarted, or ended it) is opened again when next used: the one
    request that met the closing failed ("try again"), the next one is answered."""

    def __init__(
        self, raw: psycopg.Connection[Any], reopen: Callable[[], psycopg.Connection[Any]] | None = None
    ) -> None:
        self._raw = raw
        self._reopen = reopen

    @property
    def raw(self) -> psycopg.Connection[Any]:
        if self._raw.closed and self._reopen is not None:
            self._raw = self._reopen()
        return self._raw

    def close(self) -> None:
        """Close it for good: nothing opens it again."""
        self._reopen = None
        self._raw.close()

    def execute(self, sql: str, parameters: Any = None, /) -> Cursor:
        if parameters is None:
            return self.raw.execute(sql.encode())
        return self.raw.execute(placeholders(sql).encode(), parameters)


class SnapshotConnection(ServerConnection):
    """A connection inside the snapshot's transaction; what goes wrong reading is a LibraryError."""

    def __init__(self, raw: psycopg.Connection[Any], location: str) -> None:
        super().__init__(raw)
        self._location = location
        self._cursors = itertools.count()

    def execute(self, sql: str, parameters: Any = None, /) -> Cursor:
        with self._reading():
            return super().execute(sql, parameters)

    def batches(self, sql: str, size: int) -> Iterator[list[Any]]:
        # A server-side cursor: the server holds the result and sends `size` rows a fetch, where an
        # ordinary cursor would bring every row into this process on execute.
        with self._reading(), self.raw.cursor(name=f"cyberread_read_{next(self._cursors)}") as cursor:
            cursor.execute(sql.encode())
            while rows := cursor.fetchmany(size):
                yield rows

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as error:
            raise LibraryError(f"{self._location}: cannot read the library ({first_line(error)})") from None


@functools.lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    # The SQL is the program's own: no `?` or `%` inside its literals.
    return sql.replace("%", "%%").replace("?", "%s")


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection in autocommit mode (writes open their own transactions); one-line errors."""
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="cyberread")
    except psycopg.ProgrammingError as error:
        raise LibraryError(f"{redacted(url)}: not a usable PostgreSQL address ({first_line(error)})") from None
    except psycopg.OperationalError as error:
        raise LibraryError(f"{redacted(url)}: cannot connect to the library's server ({first_line(error)})") from None


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
