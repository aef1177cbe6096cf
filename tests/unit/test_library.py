"""The library store: first run, adding, searching, ids, and databases it must refuse."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.ingest.articles import load_article, parse_text
from cyberread.store.importing import import_paths, open_library
from cyberread.store.interface import Store
from cyberread.store.library import Library, LibraryError
from cyberread.store.notes import NoteStore
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from cyberread.store.sqlite_search import fts_query
from tests.conftest import SEEDS, seed_path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None for the SQLite library in the data folder, or a database of its own on the test's PostgreSQL.
    The tests of files, folders and SQLite's own schema and damage take no such fixture: SQLite only."""
    return request.getfixturevalue("postgres_url") if request.param == "postgresql" else None


def seeded(database_url: str | None) -> Store:
    """The library, with the seeds: the data folder's starts with them, a shared one is given them here."""
    library = open_library(locations(), database_url)
    if database_url and not len(library):
        import_paths(library, [SEEDS])
    return library


def test_first_run_imports_the_five_seeds() -> None:
    with open_library(locations()) as library:
        titles = sorted(row.title for row in library.rows())
    assert len(titles) == 5
    assert "China urge int'l co-op for network security" in titles


def test_a_desks_shared_library_starts_empty(postgres_url: str) -> None:
    """`db copy --to` fills it, and must find it empty: the seeds are the data folder's library's alone."""
    with open_library(locations(), postgres_url) as library:
        assert len(library) == 0
    with open_library(locations(), postgres_url) as library:
        assert len(library) == 0


def test_seeds_are_not_imported_twice_even_after_removal() -> None:
    with open_library(locations()) as library:
        library.remove(library.rows()[0].id)
    with open_library(locations()) as library:
        assert len(library) == 4


def test_remove_keeps_a_copy_that_add_brings_back_with_its_notes(
    database_url: str | None, cyberread_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if database_url:
        monkeypatch.setenv("CYBERREAD_DATABASE_URL", database_url)
    with seeded(database_url) as library:
        import_paths(library, [SEEDS])
        article = library.get(load_article(seed_path("001")).id)
        assert article is not None
        NoteStore(library).add(article.id, "kept")
        count = len(library)
    assert main(["remove", article.id[:6], "nosuch"]) == 1  # one unknown: nothing is removed
    assert "nosuch: no article" in capsys.readouterr().err
    assert main(["remove", article.id[:6], article.id]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    copy = Path(line.split("`cyberread add ")[1].split("`")[0])
    assert copy.parent == cyberread_home / "removed" and copy.exists()
    with seeded(database_url) as library:
        assert len(library) == count - 1 and library.get(article.id) is None
    # Its notes stay, listed "no longer in the library": --article reaches them by its id or a prefix.
    capsys.readouterr()
    assert main(["notes", "--article", article.id[:8], "--format", "json"]) == 0
    assert [note["text"] for note in json.loads(capsys.readouterr().out)] == ["kept"]
    assert main(["add", str(copy)]) == 0
    with seeded(database_url) as library:
        back = library.get(article.id)
        assert back is not None and (back.title, back.body, back.outlet, back.date) == (
            article.title,
            article.body,
            article.outlet,
            article.date,
        )
        assert [note.text for note in NoteStore(library).for_article(article.id)] == ["kept"]


def test_data_lives_where_cyberread_home_points(cyberread_home) -> None:
    open_library(locations()).close()
    assert (cyberread_home / "library.sqlite3").exists()


def test_xdg_folders_are_honoured(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("CYBERREAD_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    where = locations()
    assert where.database == tmp_path / "data" / "cyberread" / "library.sqlite3"
    assert where.config_file == tmp_path / "config" / "cyberread" / "config.toml"


def test_re_adding_the_same_content_adds_nothing(database_url: str | None) -> None:
    with connect_library(locations(), database_url) as library:
        first = import_paths(library, [SEEDS])
        second = import_paths(library, [SEEDS])
        assert (first.added, second.added, second.unchanged) == (5, 0, 5)
        assert len(library) == 5


def test_front_matter_fix_updates_the_stored_metadata(database_url: str | None, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(seed_path("004").read_text(encoding="utf-8"), encoding="utf-8")
    with connect_library(locations(), database_url) as library:
        library.add(load_article(story))
        (before,) = library.rows()
        # The same file, its title fixed in front matter: the same article, under the id it had.
        story.write_text('+++\ntitle = "Wang Yi on cybersecurity"\n+++\n' + story.read_text(encoding="utf-8"))
        assert library.add(load_article(story)) == "updated"
        (row,) = library.rows()
        assert (row.id, row.title) == (before.id, "Wang Yi on cybersecurity")
        assert library.add(load_article(story)) == "unchanged"


def test_search_finds_words_in_titles_and_bodies(database_url: str | None) -> None:
    with seeded(database_url) as library:
        assert {row.outlet for row in library.search("Patrushev")} == {"Global Times"}
        assert len(library.search("cyber")) == 5  # a prefix: cyberspace, cybersecurity
        assert library.search("Vaizey")[0].title == "China urge int'l co-op for network security"
        assert library.search("kangaroo") == []


@pytest.mark.parametrize("typed", ['"', "AND", "(", "*", "NEAR(", "title:", "-", "'; DROP TABLE articles; --"])
def test_search_reads_fts_syntax_a_user_types_as_plain_words(typed: str, database_url: str | None) -> None:
    # FTS5 operators and SQL are words to look for like any other (prefixes count); no words, no filter.
    with seeded(database_url) as library:
        everything = library.rows()
        words = {row.id: re.findall(r"\w+", f"{row.title} {library.get(row.id).body}".casefold()) for row in everything}
        wanted = re.findall(r"\w+", typed.casefold())
        expected = {
            row_id for row_id, found in words.items() if all(any(w.startswith(t) for w in found) for t in wanted)
        }
        assert {row.id for row in library.search(typed)} == expected
        assert len(library) == 5
    # The reference is no tautology: "and" is in every seed, the words of the SQL in none.
    assert {"AND": 5, "'; DROP TABLE articles; --": 0}.get(typed, len(expected)) == len(expected)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('wang "yi') == '"wang"* "yi"*'
    assert fts_query("  --  ") is None


def test_ids_resolve_by_unique_prefix(database_url: str | None) -> None:
    with seeded(database_url) as library:
        article_id = load_article(seed_path("001")).id
        assert library.resolve(article_id[:5]) == article_id
        assert library.resolve("") is None
        assert library.resolve("zz") is None
        assert library.get(article_id).body == load_article(seed_path("001")).body


def test_newer_schema_is_refused_and_left_alone(cyberread_home) -> None:
    database = cyberread_home / "library.sqlite3"
    open_library(locations()).close()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = database.read_bytes()
    with pytest.raises(LibraryError, match="newer cyberread"):
        Library(database)
    assert database.read_bytes() == before


def test_corrupt_database_is_refused_and_left_alone(cyberread_home) -> None:
    database = cyberread_home / "library.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="not a cyberread library"):
        Library(database)
    assert database.read_bytes() == b"this is not a database" * 100


def test_cli_list_and_show_json(capsys) -> None:
    assert main(["list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert len(listing) == 5
    assert set(listing[0]) == {"id", "title", "outlet", "date", "dateline", "words", "path", "author"}
    by_outlet = {item["outlet"]: item for item in listing if item["outlet"] == "Global Times"}
    article_id = by_outlet["Global Times"]["id"]
    assert main(["show", article_id[:6], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["body"] == load_article(seed_path("001")).body
    assert shown["date"] is None and shown["dateline"] is None


def test_cli_list_and_show_give_the_author(tmp_path, capsys) -> None:
    # `show` printed the outlet, date and words but not who wrote it, and `list --json` had no author.
    story = tmp_path / "story.md"
    story.write_text(
        '+++\ntitle = "Council approves budget"\nauthor = "Ana Costa"\noutlet = "Local Post"\n+++\n'
        "The council voted on Monday to approve the budget for next year.\n",
        encoding="utf-8",
    )
    assert main(["add", str(story)]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    (item,) = [i for i in json.loads(capsys.readouterr().out) if i["title"] == "Council approves budget"]
    assert item["author"] == "Ana Costa"
    assert main(["show", item["id"]]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "Local Post · Ana Costa · 12 words"


def test_cli_show_reads_a_path_without_adding_it(tmp_path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Local council approves budget\n\nThe council voted on Monday to approve the budget for next year.\n"
    )
    assert main(["show", str(story), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Local council approves budget"
    main(["list", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == 5


def test_cli_add_reports_each_failure_and_keeps_the_good(tmp_path, capsys) -> None:
    (tmp_path / "good.txt").write_text(
        "Storm hits coast\n\nA storm hit the coast on Friday, cutting power to thousands of homes.\n"
    )
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    status = main(["add", str(tmp_path), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("image.txt: not text" in line for line in lines)
    assert any("missing.txt: no such file" in line for line in lines)
    assert "1 added" in out
    main(["list", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == 6


def test_cli_show_unknown_id_is_one_line(capsys) -> None:
    assert main(["show", "ffffffffffff"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ffffffffffff" in err


def test_markup_titles_are_stored_literally(database_url: str | None) -> None:
    with connect_library(locations(), database_url) as library:
        library.add(parse_text("[bold red]Loud[/] title\n\nA body that says [link=x]things[/link] at length.\n"))
        assert library.rows()[0].title == "[bold red]Loud[/] title"


def test_a_library_in_a_read_only_folder_opens_for_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    where = locations()
    with open_library(where) as library:
        before = [row.id for row in library.rows()]
    # A read-only mount says no to everyone, root included; os.access is what the library asks.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: False if mode & os.W_OK else real_access(path, mode, **kw)
    )
    with open_library(where) as library:
        assert library.read_only
        assert [row.id for row in library.rows()] == before and library.search("cyberspace")
        with pytest.raises(LibraryError, match="cannot save: the folder is read-only"):
            library.set_meta("x", "y")
        with pytest.raises(LibraryError, match="read-only"):
            NoteStore(library).add(before[0], "a note")


def test_no_library_is_made_in_a_read_only_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    where = locations()
    where.data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not mode & os.W_OK)
    with pytest.raises(LibraryError, match="the data folder is read-only; no library can be made there"):
        open_library(where)
    assert not where.database.exists()


def test_a_file_where_the_data_folder_should_be_is_said_to_be_one(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("mine")
    assert main(["--home", str(blocker), "list"]) == 1
    assert capsys.readouterr().err == f"cyberread: {blocker}: is a file, not the data folder it should be\n"
    assert blocker.read_text() == "mine"


def test_db_copy_reads_a_library_file_of_any_name_and_never_a_library_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup kept as "backup.sqlite3" is the library copied; a mistyped --from is an error, not a
    new empty library copied "successfully"."""
    home = tmp_path / "home"
    assert main(["--home", str(home), "list"]) == 0  # the seed library
    backup = tmp_path / "kept" / "backup.sqlite3"
    backup.parent.mkdir()
    shutil.copy(home / "library.sqlite3", backup)
    capsys.readouterr()

    assert main(["--home", str(home), "db", "copy", "--from", str(backup), "--to", str(tmp_path / "restored")]) == 0
    assert "Copied 5 articles" in capsys.readouterr().out
    assert sorted(path.name for path in backup.parent.iterdir()) == ["backup.sqlite3"]

    for source, says in (
        (tmp_path / "nowhere", "no such file or folder"),
        (tmp_path / "kept", "no library.sqlite3 in that folder"),
    ):
        assert main(["--home", str(home), "db", "copy", "--from", str(source), "--to", str(tmp_path / "x")]) == 1
        assert f"--from {source}: {says}; nothing copied" in capsys.readouterr().err
        assert not source.exists() or sorted(path.name for path in source.iterdir()) == ["backup.sqlite3"]
    assert not (tmp_path / "x").exists()
    for target, says in (("http://x", "not a PostgreSQL address"), ("", "an empty path")):
        assert main(["--home", str(home), "db", "copy", "--to", target]) == 1
        assert says in capsys.readouterr().err
