"""A damaged library, whatever the damage, gets one line and is left exactly as it was: never written
into, never a traceback."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.store.importing import open_library
from cyberread.store.paths import locations
from tests.conftest import SEEDS


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(database: Path) -> None:
        connection = sqlite3.connect(database, isolation_level=None)
        for statement in statements:
            connection.execute(statement)
        connection.close()

    return damage


def _scribble_pages(database: Path) -> None:
    data = bytearray(database.read_bytes())
    for offset in range(4096 * 2, len(data), 4096 * 3):
        data[offset + 100 : offset + 400] = bytes(range(300 % 256)) + bytes(300 - 300 % 256)
    database.write_bytes(bytes(data))


DAMAGE = {
    "negative user_version": _sql("PRAGMA user_version = -1"),
    "scribbled pages": _scribble_pages,
    "dropped column": _sql("ALTER TABLE articles DROP COLUMN dateline"),
    "dropped notes table": _sql("DROP TABLE notes"),
    "dropped full-text index": _sql("DROP TABLE articles_fts"),
    "damaged full-text index": _sql("UPDATE articles_fts_data SET block = zeroblob(length(block)) WHERE id > 10"),
}


@pytest.fixture
def damaged_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CYBERREAD_HOME", str(home))
    open_library(locations()).close()  # a library with the seeds, as the first run makes it
    database = home / "library.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # one file, so "untouched" is one hash
    DAMAGE[request.param](database)
    return database


@pytest.mark.parametrize("damaged_home", list(DAMAGE), indirect=True)
@pytest.mark.parametrize("command", [["list"], ["add", str(SEEDS)], ["notes"], ["list", "--search", "cyber"]])
def test_a_damaged_library_gets_one_line_and_is_left_as_it_was(
    damaged_home: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(damaged_home.read_bytes()).hexdigest()
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cyberread: ") and "damaged" in err
    assert hashlib.sha256(damaged_home.read_bytes()).hexdigest() == before
    assert not os.path.exists(f"{damaged_home}-wal")


def test_a_title_that_is_not_utf8_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_library(locations()).close()
    with sqlite3.connect(locations().database) as connection:
        connection.execute("UPDATE articles SET title = CAST(X'41FF42' AS TEXT) WHERE rowid = 1")
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err


def test_a_large_librarys_damaged_index_fails_the_write_that_meets_it_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberread.store import sqlite_file as library_file

    open_library(locations()).close()
    DAMAGE["damaged full-text index"](locations().database)
    # As for a library too large to have its index checked on every start.
    monkeypatch.setattr(library_file, "_INDEX_CHECK_BYTES", 0)
    story = tmp_path / "story.txt"
    story.write_text("A new story for a damaged library\n\nOfficials said on Monday that the talks would go on.\n")
    assert main(["add", str(story)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err
    with sqlite3.connect(locations().database) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (5,)


def test_damage_met_while_reading_reaches_the_app_as_a_library_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberread.store import sqlite_file as library_file
    from cyberread.store.library import Library, LibraryError
    from cyberread.store.notes import NoteStore

    with open_library(locations()) as library:
        (first_id,) = library.connection.execute("SELECT id FROM articles WHERE rowid = 1").fetchone()
        NoteStore(library).add(first_id, "a note on the article about to be damaged")
    DAMAGE["damaged full-text index"](locations().database)
    with sqlite3.connect(locations().database) as connection:
        connection.execute("UPDATE articles SET title = CAST(X'41FF42' AS TEXT) WHERE rowid = 1")
    monkeypatch.setattr(library_file, "_INDEX_CHECK_BYTES", 0)  # as for a large library
    with Library(locations().database) as library:
        for read in (
            library.rows,
            lambda: library.search("cyber"),
            lambda: NoteStore(library).markdown(NoteStore(library).all()),
        ):
            with pytest.raises(LibraryError, match="damaged"):
                read()


def test_a_damaged_library_in_a_read_only_folder_gets_the_same_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    open_library(locations()).close()
    DAMAGE["dropped column"](locations().database)
    # A read-only mount says no to everyone, root included; os.access is what the library asks.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: False if mode & os.W_OK else real_access(path, mode, **kw)
    )
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged (the column articles.dateline is missing)" in err


def _wal_library() -> Path:
    """A library as the app finds it: seeded, in WAL mode, everything checkpointed into the main file."""
    open_library(locations()).close()
    database = locations().database
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


@pytest.mark.parametrize("damage", ["scribbled pages", "damaged full-text index"])
def test_checks_left_for_later_find_the_damage_and_nothing_is_written_before(damage: str, tmp_path: Path) -> None:
    from cyberread.engine.ingest.articles import load_article
    from cyberread.store.library import Library, LibraryError

    database = _wal_library()
    DAMAGE[damage](database)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    # Opening checks only what costs nothing (the schema): the app shows its first frame meanwhile.
    with Library(database, check_later=True) as library:
        story = tmp_path / "story.txt"
        story.write_text("A new story for a damaged library\n\nOfficials said on Monday that talks would go on.\n")
        # A write before the check has run checks first.
        with pytest.raises(LibraryError, match="damaged"):
            library.add(load_article(story))
        if damage == "scribbled pages":  # any write: the pages are checked before a note or a setting too
            with pytest.raises(LibraryError, match="damaged"):
                library.set_meta("written", "while the check had not run")
        with pytest.raises(LibraryError, match="damaged"):
            library.check()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert not os.path.exists(f"{database}-wal") or os.path.getsize(f"{database}-wal") == 0


def test_checks_left_for_later_run_once_and_then_writes_go_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberread.store import sqlite_file as library_file
    from cyberread.store.library import Library

    database = _wal_library()
    checks: list[bool] = []
    damage = library_file._damage

    def counted(connection: sqlite3.Connection, version: int, tables: object, full: bool, index: bool) -> object:
        checks.append(full)
        return damage(connection, version, tables, full, index)  # type: ignore[arg-type]

    monkeypatch.setattr(library_file, "_damage", counted)
    with Library(database, check_later=True) as library:
        assert checks == [False]  # the schema only, while opening
        library.check()
        library.check()  # nothing left: not run again
        library.set_meta("checked", "yes")
        assert library.get_meta("checked") == "yes"
    assert checks == [False, True]
    with Library(database) as library:  # without check_later, opening checks the pages itself
        assert checks == [False, True, True]
