"""Opening a library written by an older cyberread: a copy is saved next to it first, then it is
migrated in one transaction; a migration that fails leaves the library as it was and says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cyberread.engine.ingest.articles import load_article
from cyberread.store import schema as schema_module
from cyberread.store.library import Library, LibraryError
from cyberread.store.notes import NoteStore
from cyberread.store.schema import SCHEMA_VERSION
from tests.conftest import seed_path

# The schema of the first cyberread libraries, as that version wrote it.
V1_SCHEMA = """
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


def make_v1_library(path: Path) -> str:
    """A library as cyberread wrote it at schema 1: one seed article, a note on it, the seeded flag.
    Returns the article's id."""
    article = load_article(seed_path("001"))
    with sqlite3.connect(path) as connection:
        connection.executescript(V1_SCHEMA + "PRAGMA user_version = 1;")
        connection.execute(
            "INSERT INTO articles (id, title, outlet, date, dateline, body, words, path, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01T00:00:00+00:00')",
            (
                article.id,
                article.title,
                article.outlet,
                article.date,
                article.dateline,
                article.body,
                article.words,
                article.path,
            ),
        )
        connection.execute(
            "INSERT INTO notes (text, article_id, created, updated) VALUES ('kept', ?, 'x', 'x')", (article.id,)
        )
        connection.execute("INSERT INTO meta (key, value) VALUES ('seeded', '1')")
    return article.id


def version_of(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA user_version").fetchone()[0]


def test_an_old_library_is_copied_then_upgraded_with_everything_kept(tmp_path: Path) -> None:
    database = tmp_path / "library.sqlite3"
    article_id = make_v1_library(database)
    with Library(database) as library:
        assert version_of(database) == SCHEMA_VERSION
        assert library.get(article_id).title == load_article(seed_path("001")).title
        assert [note.text for note in NoteStore(library).for_article(article_id)] == ["kept"]
        # Schema 6 made the notes table again (AUTOINCREMENT, the trash): the note kept its number.
        notes_sql = library.connection.execute("SELECT sql FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
        assert "AUTOINCREMENT" in notes_sql and "deleted TEXT" in notes_sql
        assert [note.id for note in NoteStore(library).all()] == [1]
        assert library.get_meta("seeded") == "1"
        # The rebuilt index finds the article, by a whole word and by its first letters.
        assert [row.id for row in library.search("Patrushev")] == [article_id]
        assert [row.id for row in library.search("Pa")] == [article_id]
        library.remove(article_id)
        assert library.count_search("Patrushev") == 0
    backup = tmp_path / "library.sqlite3.v1-backup"
    assert version_of(backup) == 1
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT id FROM articles").fetchall() == [(article_id,)]
        assert connection.execute("SELECT text FROM notes").fetchall() == [("kept",)]
        hits = connection.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'patrushev'").fetchall()
        assert len(hits) == 1
    # Opening it again migrates nothing and copies nothing.
    backup.unlink()
    Library(database).close()
    assert not backup.exists()


def test_a_new_library_needs_no_copy(tmp_path: Path) -> None:
    Library(tmp_path / "library.sqlite3").close()
    assert version_of(tmp_path / "library.sqlite3") == SCHEMA_VERSION
    assert [path.name for path in tmp_path.iterdir() if "backup" in path.name] == []


def test_a_failed_migration_leaves_the_library_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "library.sqlite3"
    article_id = make_v1_library(database)
    # The real migration, then a step that fails: everything before it must be rolled back.
    failing = (*schema_module.MIGRATIONS[1], "INSERT INTO no_such_table VALUES (1)")
    monkeypatch.setitem(schema_module.MIGRATIONS, 1, failing)
    with pytest.raises(LibraryError, match=r"could not upgrade .* it is unchanged, and a copy is in .*v1-backup"):
        Library(database)
    assert version_of(database) == 1
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT id FROM articles").fetchall() == [(article_id,)]
        # The old index and its triggers are still there and still work.
        assert connection.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'patrushev'"
        ).fetchone() == (1,)
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert triggers == {"articles_ai", "articles_ad", "articles_au"}
    assert (tmp_path / "library.sqlite3.v1-backup").exists()
    # Once the cause is gone, the next start migrates.
    monkeypatch.undo()
    with Library(database) as library:
        assert [row.id for row in library.search("patrushev")] == [article_id]


def test_no_migration_without_a_copy(tmp_path: Path) -> None:
    database = tmp_path / "library.sqlite3"
    make_v1_library(database)
    (tmp_path / "library.sqlite3.v1-backup").mkdir()  # the copy cannot be put in its place
    with pytest.raises(LibraryError, match="cannot save a copy before upgrading the library .* nothing was changed"):
        Library(database)
    assert version_of(database) == 1
    assert not (tmp_path / "library.sqlite3.v1-backup.partial").exists()


def test_a_library_from_a_newer_cyberread_is_neither_copied_nor_touched(tmp_path: Path) -> None:
    database = tmp_path / "library.sqlite3"
    make_v1_library(database)
    with sqlite3.connect(database) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = database.read_bytes()
    with pytest.raises(LibraryError, match="newer cyberread"):
        Library(database)
    assert database.read_bytes() == before
    assert not (tmp_path / f"library.sqlite3.v{SCHEMA_VERSION + 1}-backup").exists()


def test_schema_3_searches_outlets_and_dates_after_migrating(tmp_path: Path) -> None:
    database = tmp_path / "library.sqlite3"
    article_id = make_v1_library(database)
    with Library(database) as library:
        outlet = library.get(article_id).outlet
        assert outlet and [row.id for row in library.search(f"outlet:{outlet.split()[0]}")] == [article_id]
        assert library.versions(article_id)[0].id == article_id
    assert (tmp_path / "library.sqlite3.v1-backup").exists()


def test_old_notes_have_no_author_after_migrating_and_new_ones_do(tmp_path: Path) -> None:
    # The note-author step (3 -> 4 here) stands alone, so it can take another number when merged.
    database = tmp_path / "library.sqlite3"
    article_id = make_v1_library(database)
    with Library(database, "ana") as library:
        NoteStore(library).add(article_id, "new")
        notes = NoteStore(library).for_article(article_id)
        assert sorted((note.text, note.author) for note in notes) == [("kept", None), ("new", "ana")]
        assert [note.text for note in NoteStore(library).all("author:ana")] == ["new"]
