"""The store's behaviour, the same on both databases: the embedded SQLite file and a PostgreSQL server
(a real one, started by tests/pg_server.py). Also what only a shared server is for: writers on several
connections at once, a colleague's note announced, and `db copy` there and back."""

from __future__ import annotations

import json
import multiprocessing
import string
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.ingest.articles import Article, article_id
from cyberread.engine.ingest.feeds import FeedEntry
from cyberread.resources import seeds_dir
from cyberread.store.copying import copy_library, library_counts, note_anchors
from cyberread.store.feeds import ENTRY_TRIES, FeedStore
from cyberread.store.importing import import_paths
from cyberread.store.interface import Store
from cyberread.store.library import LibraryError
from cyberread.store.notes import NoteError, NoteStore, Passage
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from cyberread.store.postgres.schema import SCHEMA_VERSION as POSTGRES_SCHEMA

Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens one library (a new connection each call): SQLite in tmp_path, or a database of its own."""
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    opened: list[Store] = []

    def open_one(user: str = "tester") -> Store:
        library = connect_library(locations(tmp_path / "home"), url, user)
        opened.append(library)
        return library

    yield open_one
    for library in opened:
        library.close()


@pytest.fixture
def seeded(open_store: Opener) -> Store:
    library = open_store()
    import_paths(library, [seeds_dir()])
    return library


def _sentence(library: Store, article_id: str) -> Passage:
    article = library.get(article_id)
    assert article is not None
    end = article.body.index(".") + 1
    return Passage.of(article, 0, end)


def test_the_seeds_are_listed_sorted_and_found_by_prefix(seeded: Store) -> None:
    rows = seeded.rows()
    assert len(seeded) == len(rows) == 5
    assert [r.title.casefold() for r in rows] == sorted(r.title.casefold() for r in rows)
    assert [r.words for r in seeded.rows("words", descending=True)] == sorted((r.words for r in rows), reverse=True)
    first = rows[0]
    assert seeded.resolve(first.id[:8]) == first.id
    assert seeded.get(first.id) is not None and seeded.rows_by_ids([seeded.rowid_of(first.id) or -1]) == [first]


def test_search_matches_prefixes_fields_and_ranks_titles_first(seeded: Store) -> None:
    xinhua = {r.id for r in seeded.rows() if r.outlet == "Xinhua"}
    assert len(xinhua) == 2
    assert {r.id for r in seeded.search("outlet:xinh")} == xinhua
    assert seeded.count_search("outlet:xinhua") == 2
    of_2024 = {r.id for r in seeded.rows() if (r.date or "").startswith("2024")}
    assert {r.id for r in seeded.search("date:2024")} == of_2024
    # "cyber" is a prefix of the words in every account; the one whose title says "Cyber Security" ranks first.
    found = seeded.search("cyber secur")
    assert found and "Cyber Security" in found[0].title
    assert len(seeded.search_ids("networ")) == seeded.count_search("networ") >= 1
    assert seeded.search("zzzunheardof") == []
    assert seeded.search('"[(*^') == [] or seeded.count_search('"[(*^') == 5  # never a syntax error


def test_a_word_typed_with_a_minus_is_left_out(seeded: Store) -> None:
    """`china -xinhua`: the articles that say China, less those that say Xinhua; a minus inside a word
    ("anti-war") is a hyphen, and one after it leaves out the articles holding all its words; words only
    to leave out find nothing (a word to find is needed)."""
    china = {r.id for r in seeded.search("china")}
    xinhua = {r.id for r in seeded.search("xinhua")}
    assert xinhua and china - xinhua
    assert {r.id for r in seeded.search("china -xinhua")} == china - xinhua
    assert seeded.count_search("china -xinh") == len(seeded.search_ids("china -xinhua")) == len(china - xinhua)
    assert {r.id for r in seeded.search("china -network-security")} == china - {
        r.id for r in seeded.search("network security")
    }
    assert seeded.search("-xinhua") == [] and seeded.count_search("-xinhua") == 0
    assert seeded.count_search("china -") == len(china)


def _article(title: str, body: str, outlet: str | None = None, author: str | None = None) -> Article:
    return Article(article_id(title, body), title, outlet, "2024-05-01", None, body, len(body.split()), None, author)


ACCENTED = _article(
    "São Paulo braces for the floods",
    "The mayor of São Paulo met José Álvarez in Zürich; a naïve plan, said Nguyễn Thị Ánh.",
    outlet="Folha de São Paulo",
    author="José Álvarez",
)
PLAIN = _article("Sao Tome votes", "Jose Alvarez was not in Sao Tome or Zurich.", outlet="Wire", author="Jane Doe")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("sao paulo", {"accented"}),
        ("São Paulo", {"accented"}),
        ("SAO PAU", {"accented"}),
        ("Sa\u0303o Pa", {"accented"}),  # a decomposed ã, as some keyboards send it
        ("são", {"accented", "plain"}),
        ("jose", {"accented", "plain"}),
        ("JOSÉ ÁLV", {"accented", "plain"}),
        ("zürich", {"accented", "plain"}),
        ("naive nguyen thi anh", {"accented"}),
        ("author:jose", {"accented"}),
        ('author:"josé álvarez"', {"accented"}),
        ("outlet:sao", {"accented"}),
        ("title:são", {"accented", "plain"}),
        ("date:2024-05 álvarez", {"accented", "plain"}),
        ("paulõ", {"accented"}),  # a mark the text does not have is ignored too
    ],
)
def test_search_ignores_accents_in_the_query_and_the_text(open_store: Opener, query: str, found: set[str]) -> None:
    library = open_store()
    library.add_many([ACCENTED, PLAIN])
    names = {ACCENTED.id: "accented", PLAIN.id: "plain"}
    assert {names[row.id] for row in library.search(query)} == found
    assert library.count_search(query) == len(library.search_ids(query)) == len(found)


def test_a_figure_searched_for_is_found_whole(open_store: Opener) -> None:
    """The index holds "4.2" as two words, 4 and 2: every article with a word starting 4 and another
    starting 2 matched it. A figure with its point or comma is now asked for whole."""

    def article(title: str, body: str) -> Article:
        return Article(article_id(title, body), title, None, None, None, body, len(body.split()), None)

    growth = article("Growth", "The economy grew 4.2 percent, the bureau said, after 2 weak years.")
    scattered = article("Scattered", "Four ministers met on 4 May; 2 of them left early, 42 stayed.")
    thousands = article("Fuel", "Diesel reached 65,000 roubles a tonne in 2024.")
    library = open_store()
    library.add_many([growth, scattered, thousands])
    for query, found in (("4.2", {growth.id}), ("4.2 bureau", {growth.id}), ("65,000", {thousands.id})):
        assert {row.id for row in library.search(query)} == found, query
        assert library.count_search(query) == len(library.search_ids(query)) == len(found), query
    assert {row.id for row in library.search("4 2")} == {growth.id, scattered.id}


def test_a_batch_holding_repeats_and_new_texts_is_stored_as_one_by_one(open_store: Opener, tmp_path: Path) -> None:
    """add_many over one batch gives what adding its articles one by one gives, on both databases: a
    repeat is unchanged, a file's new text replaces its old one, a page's new text keeps the old as a
    version; in the same batch as what they repeat, or in the next."""
    story = str(tmp_path / "story.txt")

    def at(path: str | None, title: str, body: str) -> Article:
        return Article(article_id(title, body), title, None, None, None, body, len(body.split()), path)

    page = "https://news.example/a"
    batch = [
        at(story, "Story", "First text."),
        at(story, "Story", "First text."),
        at(story, "Story", "Second text."),
        at(page, "Page", "As first published."),
        at(page, "Page", "As corrected."),
        at(None, "Loose", "No file."),
        at(None, "Loose", "No file."),
        at(None, "Loose, retitled", "No file."),
    ]
    expected = ["added", "unchanged", "replaced", "added", "versioned", "added", "unchanged", "added"]
    library = open_store()
    assert library.add_many(batch) == expected
    assert sorted(row.title for row in library.rows()) == ["Loose", "Loose, retitled", "Page", "Story"]
    assert [v.words for v in library.versions(batch[4].id)] == [3, 2]
    # Again: the file and the page go back to their first text, then on to their second.
    again = ["replaced", "unchanged", "replaced", "versioned", "versioned", "unchanged", "unchanged", "unchanged"]
    assert library.add_many(batch) == again


def test_exact_words_ignore_accents(open_store: Opener) -> None:
    library = open_store()
    library.add_many([ACCENTED, PLAIN])
    assert library.count_with_word("zurich") == library.count_with_word("Zürich") == 2
    assert library.rowids_with_word("nguyễn") == library.rowids_with_word("nguyen") == {library.rowid_of(ACCENTED.id)}
    assert library.count_with_word("pau") == 0  # exact, not a prefix


def test_every_latin_letter_with_marks_is_searched_alike_on_both_databases(postgres_url: str, tmp_path: Path) -> None:
    """One article for each accented Latin letter; each unaccented letter and each accented one, searched
    on SQLite (FTS5's remove_diacritics 2) and on PostgreSQL, finds the same articles."""
    # SQLite's table folds four letters otherwise: ſ and ẛ (long s) to s, and keeps ǡ (a with dot above
    # and macron) whole. PostgreSQL follows Unicode's decompositions for all of them.
    unlike = {"\u017f", "\u1e9b", "\u01e0", "\u01e1"}
    letters = [
        chr(code)
        for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
        if chr(code).isalpha() and unicodedata.decomposition(chr(code)) and chr(code) not in unlike
    ]
    assert len(letters) > 500
    articles = [_article(f"x{letter}y", f"text {number}") for number, letter in enumerate(letters)]
    sqlite = connect_library(locations(tmp_path / "sqlite"), None, "me")
    postgres = connect_library(locations(tmp_path / "pg"), postgres_url, "me")
    for library in (sqlite, postgres):
        library.add_many(articles)
    queries = [f"x{letter}y" for letter in letters] + [f"x{letter}y" for letter in string.ascii_lowercase]
    found = {
        library.kind: [sorted(r.title for r in library.search(q)) for q in queries] for library in (sqlite, postgres)
    }
    assert found["postgresql"] == found["sqlite"]
    with_a = [letter for letter in letters if unicodedata.normalize("NFD", letter)[0] in "aA"]
    assert len(found["sqlite"][queries.index("xay")]) == len(with_a) > 20
    sqlite.close()
    postgres.close()


def test_exact_words_find_their_articles(seeded: Store) -> None:
    found = seeded.rowids_with_word("xinhua")
    assert seeded.count_with_word("xinhua") == len(found) >= 2
    assert seeded.count_with_word("xinhu") == 0  # exact, not a prefix


def test_notes_record_their_author_and_filter_by_it(seeded: Store, open_store: Opener) -> None:
    article_id = seeded.rows()[0].id
    mine = NoteStore(seeded).add(article_id, "my reading", _sentence(seeded, article_id))
    colleague = open_store("Jane Doe")
    theirs = NoteStore(colleague).add(article_id, "her reading")
    store = NoteStore(seeded)
    assert [n.author for n in store.all()] == ["tester", "Jane Doe"]
    assert [n.id for n in store.all('author:"jane doe"')] == [theirs.id]
    assert [n.id for n in store.all("author:tester reading")] == [mine.id]
    assert store.authors() == ["Jane Doe", "tester"]
    assert store.get(mine.id) == mine


def test_the_second_of_two_edits_of_one_note_is_refused_not_written_over_the_first(
    seeded: Store, open_store: Opener
) -> None:
    # Ana and Ben both opened note 1; Ana saved, then Ben saved from his copy and Ana's text was gone.
    article_id = seeded.rows()[0].id
    note = NoteStore(seeded).add(article_id, "first reading")
    ana, ben = NoteStore(open_store("Ana")), NoteStore(open_store("Ben"))
    read_by_ana, read_by_ben = ana.get(note.id), ben.get(note.id)
    assert read_by_ana is not None and read_by_ben is not None
    saved = ana.update(note.id, "first reading +ANA", read_by_ana)
    with pytest.raises(NoteError, match=rf"note {note.id} was changed meanwhile \(saved .*, by Ana\)"):
        ben.update(note.id, "first reading +BEN", read_by_ben)
    assert NoteStore(seeded).get(note.id) == saved
    # Read again, Ben's edit goes over Ana's, which he has now seen.
    assert ben.update(note.id, "first reading +ANA +BEN", ben.get(note.id)).text == "first reading +ANA +BEN"


def test_reimporting_an_edited_file_reanchors_notes(open_store: Opener, tmp_path: Path) -> None:
    library = open_store()
    story = tmp_path / "story.txt"
    text = (seeds_dir() / "000_afd296c38ccb180e.txt").read_text(encoding="utf-8")
    story.write_text(text, encoding="utf-8")
    import_paths(library, [story])
    (row,) = library.rows()
    passage = _sentence(library, row.id)
    note = NoteStore(library).add(row.id, "anchored", passage)
    story.write_text(text.replace("\n\n", "\n\nAn added paragraph.\n\n", 1), encoding="utf-8")
    import_paths(library, [story])
    (moved,) = NoteStore(library).all()
    assert moved.id == note.id and moved.article_id != row.id
    assert moved.passage is not None and not moved.passage.detached and moved.passage.text == passage.text


def test_verdicts_are_kept_listed_both_ways_and_reanchored(open_store: Opener, tmp_path: Path) -> None:
    from cyberread.engine.align.verdicts import Verdict
    from cyberread.store.verdicts import VerdictStore

    library = open_store()
    import_paths(library, [seeds_dir()])
    rows = library.rows()
    a, b = library.get(rows[0].id), library.get(rows[1].id)
    assert a is not None and b is not None
    saved = VerdictStore(library).save(a, b, Verdict("rejected", (0, 20), (5, 30)))
    assert saved.id is not None
    (again,) = VerdictStore(open_store()).list(a.id, b.id)
    assert (again.kind, again.a, again.b) == ("rejected", (0, 20), (5, 30))
    (mirrored,) = VerdictStore(library).list(b.id, a.id)
    assert (mirrored.a, mirrored.b) == ((5, 30), (0, 20))
    assert VerdictStore(library).delete(saved.id) and VerdictStore(library).list(a.id, b.id) == []
    # Who gave each: the library's user unless told; a colleague's is theirs, in either order.
    VerdictStore(library).save(a, b, Verdict("accepted", (0, 20), (5, 30)))
    VerdictStore(library, "Ana Lima").save(b, a, Verdict("linked", (40, 60), (30, 50)))
    assert [v.author for v in VerdictStore(open_store()).list(a.id, b.id)] == [library.user or None, "Ana Lima"]


def test_feeds_meta_versions_and_removal(seeded: Store) -> None:
    feeds = FeedStore(seeded)
    feed = feeds.add("https://example.org/feed.xml", "Example", None, [])
    assert feed is not None and feeds.add("https://example.org/feed.xml", "Again", None, []) is None
    assert [f.url for f in feeds.all()] == ["https://example.org/feed.xml"]
    seeded.set_meta("k", "1")
    seeded.set_meta("k", "2")
    assert seeded.get_meta("k") == "2"
    first = seeded.rows()[0].id
    assert [v.id for v in seeded.versions(first)] == [first]
    assert seeded.remove(first) and len(seeded) == 4 and seeded.get(first) is None


def test_a_feed_entry_remembers_its_failed_fetches_until_it_changes_or_is_fetched(seeded: Store) -> None:
    feeds = FeedStore(seeded)
    entries = [FeedEntry("https://example.org/a", "A", None, "1"), FeedEntry("https://example.org/b", "B", None, None)]
    feed = feeds.add("https://example.org/feed.xml", "Example", None, entries)
    assert feed is not None
    feeds.failed(feed.id, "https://example.org/a", "timed out after 20 s", transient=True)
    feeds.failed(feed.id, "https://example.org/a", "the server answered HTTP 503", transient=True)
    feeds.failed(feed.id, "https://example.org/b", "not found (HTTP 404)", transient=False)
    a, b = sorted(feeds.listed(feed.id), key=lambda e: e.link)
    assert (a.failures, a.failure, a.given_up) == (2, "the server answered HTTP 503", False)
    assert (b.failures, b.failure, b.given_up) == (ENTRY_TRIES, "not found (HTTP 404)", True)
    assert feeds.all()[0].failing == 2
    # The feed lists both again, the same: nothing is forgotten. Then it says the first was updated.
    feeds.checked(feed.id, entries, None, None)
    assert [e.failures for e in sorted(feeds.listed(feed.id), key=lambda e: e.link)] == [2, ENTRY_TRIES]
    feeds.checked(feed.id, [FeedEntry("https://example.org/a", "A", None, "2"), entries[1]], None, None)
    assert [e.failures for e in sorted(feeds.listed(feed.id), key=lambda e: e.link)] == [0, ENTRY_TRIES]
    # Fetched at last: the failure is gone.
    feeds.fetched(feed.id, "https://example.org/b", "https://example.org/b", None, None)
    assert [(e.failures, e.failure) for e in feeds.listed(feed.id)] == [(0, None), (0, None)]
    assert feeds.all()[0].failing == 0


def _write_notes(url: str, author: str, article_id: str, count: int) -> None:
    library = connect_library(locations(Path("/nonexistent")), url, author)
    store = NoteStore(library)
    for number in range(count):
        store.add(article_id, f"{author} {number}")
    library.close()


def test_two_processes_writing_notes_at_once_lose_nothing(postgres_url: str, tmp_path: Path) -> None:
    library = connect_library(locations(tmp_path), postgres_url, "setup")
    import_paths(library, [seeds_dir()])
    article_id = library.rows()[0].id
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_notes, args=(postgres_url, name, article_id, 60)) for name in "ab"]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    notes = NoteStore(library).all()
    assert len(notes) == 120
    assert {n.text for n in notes} == {f"{a} {i}" for a in "ab" for i in range(60)}
    library.close()


def test_a_colleagues_note_is_announced(postgres_url: str, tmp_path: Path) -> None:
    mine = connect_library(locations(tmp_path), postgres_url, "me")
    import_paths(mine, [seeds_dir()])
    colleague = connect_library(locations(tmp_path), postgres_url, "them")
    changes = mine.changes()
    assert changes is not None
    with changes as notices:
        NoteStore(colleague).add(mine.rows()[0].id, "look at this")
        assert next(notices) == "notes"
    assert [n.author for n in NoteStore(mine).all()] == ["them"]
    mine.close()
    colleague.close()


def test_db_copy_round_trip_keeps_counts_and_anchors(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    assert main(["--home", str(home), "list"]) == 0  # the seed library
    local = connect_library(locations(home), None, "me")
    article_id = local.rows()[0].id
    # A note removed for good leaves a gap in the numbers: the copy renumbered the notes after it, and
    # `notes --restore 3` named another note there.
    NoteStore(local).delete(NoteStore(local).add(article_id, "gone for good").id)
    NoteStore(local).empty_trash()
    NoteStore(local).add(article_id, "on a passage", _sentence(local, article_id))
    NoteStore(local).add(article_id, "on the article")
    NoteStore(local).delete(NoteStore(local).add(article_id, "in the trash").id)  # copied, still in the trash
    FeedStore(local).add("https://example.org/feed.xml", "Example", None, [])
    from cyberread.engine.align.verdicts import Verdict
    from cyberread.store.verdicts import VerdictStore

    first, second = (local.get(row.id) for row in local.rows()[:2])
    assert first is not None and second is not None
    VerdictStore(local).save(first, second, Verdict("accepted", (0, 10), (0, 12)))
    capsys.readouterr()

    assert main(["--home", str(home), "db", "copy", "--to", postgres_url]) == 0
    assert (
        "5 articles, 0 earlier versions, 2 notes and 1 in the trash, 1 verdict, 1 feed (0 entries)"
        in capsys.readouterr().out
    )
    remote = connect_library(locations(home), postgres_url, "me")
    assert library_counts(remote) == library_counts(local)
    assert library_counts(remote).verdicts == 1
    assert note_anchors(remote) == note_anchors(local)
    assert [note.text for note in NoteStore(remote).trash()] == ["in the trash"] and len(NoteStore(remote)) == 2

    def numbered(library: Store) -> dict[int, str]:
        notes = NoteStore(library)
        return {note.id: note.text for note in [*notes.all(), *notes.trash()]}

    assert numbered(remote) == numbered(local) and min(numbered(local)) > 1
    assert NoteStore(remote).add(article_id, "written after the copy").id > max(numbered(local))

    back = tmp_path / "back"
    assert main(["--home", str(home), "db", "copy", "--from", postgres_url, "--to", str(back)]) == 0
    returned = connect_library(locations(back), None, "me")
    assert numbered(returned) == numbered(remote)
    assert note_anchors(returned) == note_anchors(remote)
    with pytest.raises(LibraryError, match="already holds"):
        copy_library(local, remote)
    for library in (local, remote, returned):
        library.close()


def test_db_copy_holds_one_batch_at_a_time_both_ways(postgres_url: str, tmp_path: Path) -> None:
    """A large library copies in bounded memory: the source is read a batch at a time (on PostgreSQL
    through a cursor the server keeps), never a whole table at once."""
    local = connect_library(locations(tmp_path / "local"), None, "me")
    articles = [_article(f"Story {n}", f"Story {n} begins. " + "and the story goes on " * 200) for n in range(3000)]
    local.add_many(articles)
    NoteStore(local).add(articles[7].id, "a note", Passage.of(articles[7], 0, 17))
    text = sum(len(article.body) for article in articles)  # 13 MB
    remote = connect_library(locations(tmp_path / "remote"), postgres_url, "me")
    done: list[int] = []
    tracemalloc.start()
    try:
        copy_library(local, remote, lambda copied, total: done.append(copied), batch=100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert done == list(range(100, 3001, 100))
    assert peak < text / 6, f"{peak:,} bytes held copying {text:,} bytes of text"

    back = connect_library(locations(tmp_path / "back"), None, "me")
    reads: list[str] = []

    def watch(copied: int, total: int) -> None:
        # What the copy's own session on the server last did, between two batches.
        row = remote.connection.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state = 'idle in transaction'"
        ).fetchone()
        reads.append(row[0])

    tracemalloc.start()
    try:
        counts = copy_library(remote, back, watch, batch=100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert counts.articles == 3000 and counts.notes == 1 and note_anchors(back) == note_anchors(local)
    assert len(reads) == 30 and all(read.startswith("FETCH FORWARD 100 FROM") for read in reads), reads[:2]
    assert peak < text / 6, f"{peak:,} bytes held copying {text:,} bytes of text"
    for library in (local, remote, back):
        library.close()


@pytest.mark.parametrize("into", ["sqlite", "postgresql"])
def test_a_copy_whose_counts_disagree_leaves_the_target_empty(
    into: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source = connect_library(locations(tmp_path / "source"), None, "me")
    import_paths(source, [seeds_dir()])
    url = request.getfixturevalue("postgres_url") if into == "postgresql" else None
    target = connect_library(locations(tmp_path / "target"), url, "me")

    def one_more(copied: int, total: int) -> None:
        # Written inside the copy's transaction, so the check at its end finds one article too many.
        target.connection.execute(
            "INSERT INTO articles (id, title, body, words, added_at) VALUES ('extra', 'Extra', 'text', 1, 'now')"
        )

    with pytest.raises(LibraryError, match="the copy holds 6 articles.*the source 5 articles"):
        copy_library(source, target, one_more)
    assert len(target) == 0 and library_counts(target) == library_counts(
        connect_library(locations(tmp_path / "empty"), None, "me")
    )
    source.close()
    target.close()


def test_db_info_names_the_database_and_schema(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = str(tmp_path / "home")
    assert main(["--home", home, "db", "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["database"] == "sqlite"
    monkeypatch.setenv("CYBERREAD_DATABASE_URL", postgres_url)
    assert main(["--home", home, "list"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "db", "info", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    # A desk's shared library starts empty, not with the seeds: `db copy --to` must find it so, after a
    # first command against it as much as before.
    assert facts["database"] == "postgresql" and facts["schema"] == POSTGRES_SCHEMA and facts["articles"] == 0
    monkeypatch.delenv("CYBERREAD_DATABASE_URL")
    assert main(["--home", home, "db", "copy", "--to", postgres_url]) == 0
    assert capsys.readouterr().out.startswith("Copied ")
    assert "@" not in facts["location"].split("//")[1].split("/")[0] or "postgres@" in facts["location"]


def test_an_unreachable_server_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.setenv("CYBERREAD_DATABASE_URL", "postgresql://ann:s3cret@127.0.0.1:9/lib")
    assert main(["--home", str(tmp_path), "db", "info"]) == 1
    error = capsys.readouterr().err
    assert "127.0.0.1:9" in error and "s3cret" not in error and len(error.strip().splitlines()) == 1


def test_an_article_a_colleague_stores_meanwhile_is_found_not_refused(postgres_url: str, tmp_path: Path) -> None:
    """Two people import the same story at the same moment: the one whose write waits on the other's finds
    it there (unchanged) instead of failing on the duplicate."""
    import threading

    import psycopg

    mine = connect_library(locations(tmp_path), postgres_url, "me")
    story = _article("Flood warning", "The river rose overnight.")
    with psycopg.connect(postgres_url) as colleague:
        # Their transaction has written the story and not yet committed.
        colleague.execute(
            "INSERT INTO articles (id, title, date, body, words, added_at) VALUES (%s, %s, %s, %s, %s, 'now')",
            (story.id, story.title, story.date, story.body, story.words),
        )
        outcome: list[list[str]] = []
        writer = threading.Thread(target=lambda: outcome.append(mine.add_many([story])))
        writer.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        with psycopg.connect(postgres_url, autocommit=True) as watcher:
            for _ in range(200):
                if watcher.execute(waiting).fetchone() == (1,):
                    break
                time.sleep(0.05)
            else:
                raise AssertionError("my write never waited on theirs")
        colleague.commit()
        writer.join(30)
    assert outcome == [["unchanged"]] and len(mine) == 1
    mine.close()
