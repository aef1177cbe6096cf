"""What the two libraries (SQLite, PostgreSQL) share: the records they return, the error they raise, and
the SQL about articles and their versions that both databases read alike."""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from ..engine.ingest.record import Article, legacy_article_id
from .interface import Connection


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
        except Exception as error:
            # Another database's driver (PostgreSQL): its library says what the error means to a user.
            owner = args[0]
            library = owner if hasattr(owner, "kind") else getattr(owner, "library", None)
            translate = getattr(library, "database_error", None)
            translated = translate(error) if translate is not None else None
            if translated is None:
                raise
            raise translated from None

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
    author: str | None
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
            "author": self.author,
        }


_ROW_COLUMNS = "id, title, outlet, date, dateline, words, path, author"
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


def read_article(connection: Connection, article_id: str) -> Article | None:
    """The article stored under `article_id`, or the earlier text of a story that had it (read and
    compared like any article, listed only as a version)."""
    row = connection.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        row = connection.execute(
            "SELECT id, title, outlet, date, dateline, body, words, story, author FROM article_versions WHERE id = ?",
            (article_id,),
        ).fetchone()
    return Article(*row) if row else None


def resolve_prefix(connection: Connection, prefix: str) -> str | None:
    """The id that `prefix` starts (an article's or an earlier version's); None when none or several do.
    A web address names the article fetched from it (`cyberread show https://…`), where one article was."""
    if prefix.strip().lower().startswith(("http://", "https://")):
        found = connection.execute("SELECT id FROM articles WHERE path = ? LIMIT 2", (prefix.strip(),)).fetchall()
        return str(found[0][0]) if len(found) == 1 else None
    prefix = prefix.strip().lower()
    if not prefix or not re.fullmatch(r"[0-9a-f]+", prefix):
        return None
    rows = connection.execute(
        "SELECT id FROM articles WHERE id >= ? AND id < ? UNION SELECT id FROM article_versions"
        " WHERE id >= ? AND id < ? LIMIT 2",
        (prefix, prefix + "g", prefix, prefix + "g"),
    ).fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None


def store_article(connection: Connection, article: Article, now: str) -> str:
    """Inside the caller's transaction: store `article`, as Library.add describes."""
    stored_id, metadata = _stored_version(connection, article)
    previous = _earlier_version(connection, article) if stored_id is None else None
    current = _current_at_address(connection, article) if stored_id is None else None
    if current is not None:
        _keep_earlier_version(connection, current, article, now)
        return "versioned"
    elif previous is not None:
        # Imported here to avoid a cycle: the note and verdict stores are built on the library.
        from .anchors import reanchor_notes
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
        return "replaced"
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
        return "added"
    elif metadata != (article.title, article.outlet, article.date, article.dateline, article.author):
        # The id stays what it was: notes and the user's references keep pointing at it.
        connection.execute(
            "UPDATE articles SET title = ?, outlet = ?, date = ?, dateline = ?, author = ?, path = ? WHERE id = ?",
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
        return "updated"
    else:
        return "unchanged"


def _stored_version(connection: Connection, article: Article) -> tuple[str | None, tuple[object, ...]]:
    """The id under which `article`'s content is already stored, and its stored metadata: its own id;
    the file it came from holding the same body under another title (a front-matter fix); or the id an
    older cyberread gave it from the body alone, with the same title."""
    columns = "SELECT id, title, outlet, date, dateline, author FROM articles"
    row = connection.execute(f"{columns} WHERE id = ?", (article.id,)).fetchone()
    if row is None and article.path and os.path.isabs(article.path):
        row = connection.execute(
            f"{columns} WHERE path = ? AND body = ? ORDER BY rowid DESC LIMIT 1", (article.path, article.body)
        ).fetchone()
    if row is None:
        row = connection.execute(
            f"{columns} WHERE id = ? AND title = ? AND body = ?",
            (legacy_article_id(article.body), article.title, article.body),
        ).fetchone()
    return (row[0], tuple(row[1:])) if row else (None, ())


def _earlier_version(connection: Connection, article: Article) -> str | None:
    """The id of the article last imported from `article`'s file, if that is an earlier text of it."""
    # Only an absolute path names one file: "story.txt" imported from two folders is two stories.
    if not article.path or not os.path.isabs(article.path):
        return None
    row = connection.execute(
        "SELECT id FROM articles WHERE path = ? AND id != ? ORDER BY rowid DESC LIMIT 1", (article.path, article.id)
    ).fetchone()
    return row[0] if row else None


def _current_at_address(connection: Connection, article: Article) -> str | None:
    """The id of the current text of the story at `article`'s web address, when `article` is a new
    text of it (a page fetched again after the outlet edited it)."""
    if not article.path or not article.path.startswith(WEB_SCHEMES):
        return None
    row = connection.execute(
        "SELECT id FROM articles WHERE path = ? AND id != ? ORDER BY rowid DESC LIMIT 1", (article.path, article.id)
    ).fetchone()
    return row[0] if row else None


def _keep_earlier_version(connection: Connection, current: str, article: Article, now: str) -> None:
    """Inside the caller's transaction: the story's current text becomes an earlier version (keeping its
    id, so its notes stay on the text they were written on) and `article` takes its row."""
    # Deleted first rather than replaced: both databases read the same SQL, and the version is listed last.
    connection.execute("DELETE FROM article_versions WHERE id = ?", (current,))
    connection.execute(
        "INSERT INTO article_versions (id, story, title, outlet, date, dateline, author, body, words, fetched)"
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


def story_versions(connection: Connection, article_id: str) -> list[Version]:
    row = connection.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        row = connection.execute("SELECT story FROM article_versions WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return []
    story = row[0]
    if not story or not story.startswith(WEB_SCHEMES):
        current = connection.execute("SELECT id, added_at, words FROM articles WHERE id = ?", (article_id,)).fetchall()
        return [Version(i, f, w, True) for i, f, w in current]
    earlier = connection.execute(
        "SELECT id, fetched, words FROM article_versions WHERE story = ? ORDER BY fetched, rowid", (story,)
    ).fetchall()
    current = connection.execute(
        "SELECT id, added_at, words FROM articles WHERE path = ? ORDER BY rowid DESC LIMIT 1", (story,)
    ).fetchall()
    return [Version(i, f, w, False) for i, f, w in earlier] + [Version(i, f, w, True) for i, f, w in current]
