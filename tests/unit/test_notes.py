"""Notes: anchoring to passages, following a passage through an edited re-import, and the exports."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.cli import main
from cyberread.engine.ingest.articles import load_article
from cyberread.resources import seeds_dir
from cyberread.store.anchors import locate_passage
from cyberread.store.importing import import_paths
from cyberread.store.interface import Store
from cyberread.store.library import Library, LibraryError
from cyberread.store.notes import NoteError, NoteStore, Passage
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from tests.conftest import configure

SEED = "000_afd296c38ccb180e.txt"
OTHER_SEED = "001_1868b0e8e5cae7fd.txt"
SENTENCE = (
    "China is ready to work with other countries to implement the GSI and jointly build a fair and reasonable"
    " international order in cyberspace, Chen said."
)
EDITED_SENTENCE = SENTENCE.replace("jointly build", "together build")
PARAGRAPH_BEFORE = "Chen also urged for building a sound cyberspace order"


@pytest.fixture(params=["sqlite", "postgresql"])
def library(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The library the notes live in: a SQLite file, or a database of its own on the test's PostgreSQL."""
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path / "home"))
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    with connect_library(locations(), url) as library:
        yield library


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A seed article copied where the test can edit it, as a user edits a saved page."""
    path = tmp_path / "articles" / "story.txt"
    path.parent.mkdir()
    shutil.copy(seeds_dir() / SEED, path)
    return path


def passage(article, text: str) -> Passage:
    start = article.body.index(text)
    return Passage.of(article, start, start + len(text))


def test_a_passage_note_is_anchored_by_offsets_into_the_clean_body(library: Store, story: Path) -> None:
    import_paths(library, [story])
    article = library.get(load_article(story).id)
    store = NoteStore(library)

    note = store.add(article.id, "Compare with the Reuters account", passage(article, SENTENCE))

    saved = store.get(note.id)
    assert saved == note
    assert article.body[saved.passage.start : saved.passage.end] == SENTENCE
    assert not saved.detached
    with pytest.raises(NoteError):
        store.add(article.id, "off by one", Passage(article.id, note.passage.start + 1, note.passage.end, SENTENCE))
    with pytest.raises(NoteError):
        store.add("0123456789ab", "no such article")
    assert len(store) == 1


def test_readding_the_same_article_keeps_its_notes(library: Store, story: Path) -> None:
    import_paths(library, [story])
    article = library.get(load_article(story).id)
    store = NoteStore(library)
    note = store.add(article.id, "keep me", passage(article, SENTENCE))
    whole = store.add(article.id, "about the whole story")

    assert import_paths(library, [story]).unchanged == 1
    # New front matter changes the metadata, not the text: same id, same offsets.
    story.write_text('+++\noutlet = "Xinhua News Agency"\n+++\n' + story.read_text(encoding="utf-8"), encoding="utf-8")
    assert import_paths(library, [story]).updated == 1

    assert store.for_article(article.id) == [whole, note]
    assert library.get(article.id).outlet == "Xinhua News Agency"


def test_an_edited_reimport_replaces_the_article_and_the_note_follows_its_passage(
    library: Library, story: Path, tmp_path: Path
) -> None:
    import_paths(library, [story])
    old = library.get(load_article(story).id)
    import_paths(library, [seeds_dir() / OTHER_SEED])
    other = library.get(load_article(seeds_dir() / OTHER_SEED).id)
    store = NoteStore(library)
    note = store.add(old.id, "the GSI line", passage(old, SENTENCE))
    pair = store.add(other.id, "both mention it", passage(other, other.body[:60]), passage(old, SENTENCE))

    # The user edits the file: a new paragraph above the passage, words changed around it, and the
    # passage itself reworded a little.
    text = story.read_text(encoding="utf-8")
    text = text.replace("In a keynote speech", "Officials from 100 countries attended.\n\nIn a long keynote speech")
    text = text.replace(SENTENCE, EDITED_SENTENCE).replace("cracking down", "a crackdown")
    story.write_text(text, encoding="utf-8")
    report = import_paths(library, [story])

    new = library.get(load_article(story).id)
    assert (report.replaced, report.added) == (1, 0)
    assert "1 replaced by its edited file," in report.summary()
    assert library.get(old.id) is None and len(library) == 2
    moved = store.get(note.id)
    assert moved.article_id == new.id and not moved.detached
    assert moved.passage.text == EDITED_SENTENCE
    assert new.body[moved.passage.start : moved.passage.end] == EDITED_SENTENCE
    assert moved.passage.start > note.passage.start
    moved_pair = store.get(pair.id)
    assert moved_pair.partner.article_id == new.id
    assert new.body[moved_pair.partner.start : moved_pair.partner.end] == EDITED_SENTENCE
    assert moved_pair.passage == pair.passage
    assert {n.id for n in store.for_article(new.id)} == {note.id, pair.id}
    assert library.search("together build")[0].id == new.id


def test_a_passage_deleted_from_the_text_leaves_its_note_detached_but_listed(library: Store, story: Path) -> None:
    import_paths(library, [story])
    old = library.get(load_article(story).id)
    store = NoteStore(library)
    note = store.add(old.id, "where did this go?", passage(old, SENTENCE))

    story.write_text(story.read_text(encoding="utf-8").replace(SENTENCE, ""), encoding="utf-8")
    assert import_paths(library, [story]).replaced == 1

    new_id = load_article(story).id
    detached = store.get(note.id)
    assert detached.detached and detached.article_id == new_id
    assert detached.passage.text == SENTENCE
    assert store.for_article(new_id) == [detached]
    assert store.all() == [detached]
    exported = store.markdown(store.all())
    assert "Detached" in exported and f"> {SENTENCE}" in exported
    assert store.as_dicts([detached])[0]["detached"] is True


def test_a_relative_path_never_replaces_another_article(library: Store, story: Path, monkeypatch) -> None:
    # "story.txt" added from two folders is two different stories, not one edited.
    elsewhere = story.parent.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "story.txt").write_text(story.read_text(encoding="utf-8").replace("Chen", "Li"), encoding="utf-8")
    monkeypatch.chdir(story.parent)
    assert library.add(load_article(Path("story.txt"))) == "added"
    monkeypatch.chdir(elsewhere)
    assert library.add(load_article(Path("story.txt"))) == "added"
    assert len(library) == 2


def test_a_pair_note_belongs_to_both_passages(library: Store) -> None:
    import_paths(library, [seeds_dir()])
    a, b = (library.get(row.id) for row in library.rows()[:2])
    store = NoteStore(library)
    left, right = Passage.of(a, 0, 40), Passage.of(b, 10, 70)
    pair = store.add(a.id, "same event, different framing", left, right)
    only_a = store.add(a.id, "just A")

    assert [n.id for n in store.for_article(a.id)] == [only_a.id, pair.id]
    assert store.for_article(b.id) == [pair]
    assert pair.passage_in(b.id) == right and pair.passage_in(a.id) == left
    with pytest.raises(NoteError):
        store.add(a.id, "a pair inside one article", left, Passage.of(a, 50, 60))


def test_search_reads_note_text_and_passages_in_any_case(library: Store, story: Path) -> None:
    import_paths(library, [story])
    article = library.get(load_article(story).id)
    store = NoteStore(library)
    on_passage = store.add(article.id, "check this", passage(article, SENTENCE))
    plain = store.add(article.id, "Ask the EDITOR")

    assert store.all("editor") == [plain]
    assert store.all("REASONABLE INTERNATIONAL") == [on_passage]
    assert store.all("nothing like it") == []
    assert store.all() == [on_passage, plain]


def test_editing_and_deleting_notes(library: Store, story: Path) -> None:
    import_paths(library, [story])
    article_id = load_article(story).id
    store = NoteStore(library)
    note = store.add(article_id, "first thought")

    edited = store.update(note.id, "second thought")
    assert edited.text == "second thought" and edited.created == note.created and edited.updated >= note.created
    assert store.get(note.id) == edited
    assert store.delete(note.id) and store.get(note.id) is None
    assert not store.delete(note.id)
    with pytest.raises(NoteError):
        store.update(note.id, "gone")


def test_a_deleted_note_waits_in_the_trash_and_comes_back_as_it_was(library: Store, story: Path) -> None:
    import_paths(library, [story, seeds_dir() / OTHER_SEED])
    article = library.get(load_article(story).id)
    other = library.get(load_article(seeds_dir() / OTHER_SEED).id)
    mine = NoteStore(library, author="Me")
    theirs = NoteStore(library, author="A Colleague").add(
        other.id, "their pair", passage(other, other.body[:40]), passage(article, SENTENCE)
    )
    kept = mine.add(article.id, "kept")
    whole = mine.add(article.id, "my own")

    assert mine.delete(theirs.id) and mine.delete(whole.id)
    # Gone from every list, count, lookup and export, and not deleted twice nor edited there.
    assert mine.all() == mine.for_article(article.id) == [kept] and mine.for_article(other.id) == []
    assert len(mine) == 1 and mine.authors() == ["Me"] and mine.get(theirs.id) is None
    assert not mine.delete(theirs.id)
    with pytest.raises(NoteError, match=f"note {whole.id} was deleted meanwhile: it is in the trash"):
        mine.update(whole.id, "edited in the trash")
    trash = mine.trash()
    assert [note.id for note in trash] == [whole.id, theirs.id]  # the last deleted first
    assert all(note.deleted is not None and note.deleted >= note.created for note in trash)

    # Restored by someone else, in a later session (a new store, the library opened again): the note
    # keeps its id, its author and its times, and its passages.
    assert NoteStore(library, author="Someone Else").restore(theirs.id) == theirs
    assert mine.get(theirs.id) == theirs and mine.for_article(article.id) == [kept, theirs]
    assert [note.id for note in mine.trash()] == [whole.id]
    with pytest.raises(NoteError, match=f"no note {theirs.id} in the trash"):
        mine.restore(theirs.id)
    with pytest.raises(NoteError, match="no note 999999 in the trash"):
        mine.restore(999_999)

    # Emptying the trash removes only what is in it, for good.
    assert mine.empty_trash() == (1, 0) and mine.empty_trash() == (0, 0)
    assert mine.trash() == [] and {note.id for note in mine.all()} == {kept.id, theirs.id}
    with pytest.raises(NoteError):
        mine.restore(whole.id)


def test_a_notes_number_is_never_given_again(library: Store) -> None:
    """The trash and `notes --restore` name notes by number: once the newest note is deleted for good, a
    note written after it gets a new number, so a number read from an old listing never restores
    another note."""
    import_paths(library, [seeds_dir()])
    article_id = library.rows()[0].id
    store = NoteStore(library)
    first, newest = store.add(article_id, "first"), store.add(article_id, "newest")
    store.delete(newest.id)
    assert store.empty_trash() == (1, 0)
    later = store.add(article_id, "written later")
    assert later.id > newest.id > first.id
    store.delete(later.id)
    with pytest.raises(NoteError, match=f"no note {newest.id} in the trash"):
        store.restore(newest.id)


def test_emptying_the_trash_of_one_article_leaves_the_rest(library: Store) -> None:
    import_paths(library, [seeds_dir()])
    first, second = (row.id for row in library.rows()[:2])
    store = NoteStore(library)
    for article_id, text in ((first, "on the first"), (second, "on the second")):
        store.delete(store.add(article_id, text).id)
    assert store.empty_trash(first) == (1, 0)
    assert [note.text for note in store.trash()] == ["on the second"]


def test_the_trash_of_one_article_and_its_size(library: Store) -> None:
    """`trash(article_id=...)` keeps the notes on that article, either side of a pair, as
    `empty_trash(article_id)` takes them; `trash_size` counts the whole trash."""
    import_paths(library, [seeds_dir()])
    first, second, third = (row.id for row in library.rows()[:3])
    store = NoteStore(library)
    alone = store.add(first, "on the first")
    on_first, on_second = library.get(first), library.get(second)
    assert on_first is not None and on_second is not None
    pair = store.add(second, "a pair", Passage.of(on_second, 0, 20), Passage.of(on_first, 0, 20))
    other = store.add(third, "on the third")
    kept = store.add(first, "not deleted")
    for note in (alone, pair, other):
        store.delete(note.id)
    assert [note.id for note in store.trash(article_id=first)] == [pair.id, alone.id]
    assert [note.id for note in store.trash("pair", article_id=first)] == [pair.id]
    assert store.trash(article_id="nosuch") == []
    assert store.trash_size() == 3 == len(store.trash())
    assert store.empty_trash(first) == (2, 0)
    assert store.trash_size() == 1 and store.get(kept.id) == kept


def test_a_note_in_the_trash_follows_its_passage_through_an_edited_reimport(library: Store, story: Path) -> None:
    import_paths(library, [story])
    old = library.get(load_article(story).id)
    store = NoteStore(library)
    note = store.add(old.id, "the GSI line", passage(old, SENTENCE))
    store.delete(note.id)
    story.write_text(story.read_text(encoding="utf-8").replace(SENTENCE, EDITED_SENTENCE), encoding="utf-8")
    assert import_paths(library, [story]).replaced == 1

    new = library.get(load_article(story).id)
    restored = store.restore(note.id)
    assert restored.article_id == new.id and not restored.detached
    assert new.body[restored.passage.start : restored.passage.end] == EDITED_SENTENCE


def test_markdown_export_groups_by_article_and_quotes_both_passages_of_a_pair(library: Store) -> None:
    import_paths(library, [seeds_dir()])
    a, b = (library.get(row.id) for row in library.rows()[:2])
    store = NoteStore(library)
    store.add(a.id, "the whole of A")
    store.add(a.id, "A and B agree here", Passage.of(a, 0, 30), Passage.of(b, 0, 30))
    store.add(b.id, "only in B", Passage.of(b, 40, 80))

    text = store.markdown(store.all())

    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == sorted(headings, key=str.casefold) and len(headings) == 2
    assert any(h.startswith(f"## {a.title}") for h in headings)
    pair_part = text.split("A and B agree here")[0]
    assert f"**{a.title}**\n\n> {a.body[:30]}" in pair_part
    assert f"**{b.title}**\n\n> {b.body[:30]}" in pair_part
    assert f"> {b.body[40:80]}" in text.split(f"## {b.title}")[1]
    assert text.count("*Noted ") == 3


def test_json_export_shape(library: Store) -> None:
    import_paths(library, [seeds_dir()])
    a, b = (library.get(row.id) for row in library.rows()[:2])
    store = NoteStore(library, author="Jane Doe")
    store.add(a.id, "whole")
    store.add(a.id, "pair", Passage.of(a, 5, 25), Passage.of(b, 0, 12))

    whole, pair = json.loads(json.dumps(store.as_dicts(store.all())))
    assert whole["passage"] is None and whole["partner"] is None
    assert whole["author"] == pair["author"] == "Jane Doe"
    assert whole["article"] == {"id": a.id, "title": a.title}
    assert pair["passage"] == {"start": 5, "end": 25, "text": a.body[5:25], "detached": False}
    assert pair["partner"] == {
        "article_id": b.id,
        "title": b.title,
        "start": 0,
        "end": 12,
        "text": b.body[:12],
        "detached": False,
    }
    assert whole["deleted"] is None
    assert set(pair) == {
        "id",
        "text",
        "created",
        "updated",
        "detached",
        "article",
        "passage",
        "partner",
        "author",
        "edited_by",
        "deleted",
        "deleted_by",
    }


def test_cli_notes_prints_markdown_and_json(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path / "home"))
    from cyberread.store.importing import open_library

    with open_library(locations()) as library:
        first = library.get(library.rows()[0].id)
        NoteStore(library).add(first.id, "[bold]not markup[/] \x1b[31m", Passage.of(first, 0, 20))

    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Notes") and f"## {first.title}" in out
    assert "\\[bold\\]not markup\\[/\\] \\\\x1b\\[31m" in out and "\x1b" not in out
    assert main(["notes", "--format", "json", "--article", first.id[:8]]) == 0
    assert json.loads(capsys.readouterr().out)[0]["text"] == "[bold]not markup[/] \x1b[31m"
    assert main(["notes", "--article", "zzz"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cyberread: zzz") and err.count("\n") == 1


def test_cli_notes_lists_restores_and_empties_the_trash(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CYBERREAD_HOME", str(tmp_path / "home"))
    from cyberread.store.importing import open_library

    with open_library(locations()) as library:
        first, second = (library.get(row.id) for row in library.rows()[:2])
        store = NoteStore(library, author="Jane Doe")
        gone = store.add(first.id, "gone \x1b[31m for now", Passage.of(first, 0, 20))
        store.add(second.id, "also gone")
        store.add(second.id, "staying")
        store.delete(gone.id)
        store.delete(store.all()[0].id)

    assert main(["notes"]) == 0
    listed = capsys.readouterr().out
    assert "staying" in listed and "gone" not in listed
    assert main(["notes", "--trash", "--article", first.id[:8]]) == 0
    trash = capsys.readouterr().out
    assert trash.startswith("# Deleted notes") and f"## {first.title}" in trash and "also gone" not in trash
    assert f"*Note {gone.id}: noted by Jane Doe " in trash and ", deleted " in trash and "\x1b" not in trash
    assert main(["notes", "--trash", "--format", "json"]) == 0
    assert [note["text"] for note in json.loads(capsys.readouterr().out)] == ["also gone", gone.text]

    assert main(["notes", "--restore", str(gone.id)]) == 0
    assert capsys.readouterr().out == f"Note {gone.id} restored: gone ␛[31m for now\n"
    assert main(["notes", "--restore", str(gone.id)]) == 1
    err = capsys.readouterr().err
    assert err == f"cyberread: no note {gone.id} in the trash\n"
    for number in ("0", "9" * 30):  # no note has it; the larger once made SQLite raise OverflowError
        with pytest.raises(SystemExit):
            main(["notes", "--restore", number])
        assert "argument --restore: " in capsys.readouterr().err
    assert main(["notes", "--empty-trash", "--article", "nosuch"]) == 1  # a mistyped article empties nothing
    assert capsys.readouterr().err.startswith("cyberread: nosuch: no article")
    assert main(["notes", "--restore", str(gone.id), "--article", first.id[:8]]) == 1
    assert "--restore takes the note's number alone" in capsys.readouterr().err
    # Jane Doe's, who is not this login: they stay unless every author's are asked for.
    assert main(["notes", "--all-authors"]) == 1  # alone it asks for nothing: said, not ignored
    assert "--all-authors goes with --empty-trash" in capsys.readouterr().err
    assert main(["notes", "--empty-trash", "--all-authors"]) == 0
    assert capsys.readouterr().out == "1 deleted note removed for good\n"
    assert main(["notes", "--format", "json"]) == 0
    assert sorted(note["text"] for note in json.loads(capsys.readouterr().out)) == [gone.text, "staying"]
    assert main(["notes", "--trash"]) == 0
    assert capsys.readouterr().out == "# Deleted notes\n\nNo notes.\n"


def test_a_library_that_cannot_be_written_raises_a_one_line_library_error(library: Store) -> None:
    import_paths(library, [seeds_dir()])
    article_id = library.rows()[0].id
    store = NoteStore(library)
    # Root ignores file modes, so make the connection refuse writes the way a read-only folder (or a
    # read-only role on the server) does.
    refuse = "PRAGMA query_only = 1" if library.kind == "sqlite" else "SET default_transaction_read_only = on"
    library.connection.execute(refuse)
    with pytest.raises(LibraryError) as error:
        store.add(article_id, "lost?")
    assert "cannot save" in str(error.value) and "\n" not in str(error.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_note_text_is_stored_exactly_as_given(library: Store, text: str) -> None:
    if not len(library):
        import_paths(library, [seeds_dir() / SEED])
    article_id = library.rows()[0].id
    store = NoteStore(library)
    if "\x00" in text:  # neither database takes it: PostgreSQL cannot store it, and db copy must not fail
        with pytest.raises(NoteError, match="NUL"):
            store.add(article_id, text)
        return
    note = store.add(article_id, text)
    assert store.get(note.id).text == text
    assert store.as_dicts([note])[0]["text"] == text


def test_locate_prefers_the_exact_occurrence_nearest_the_old_place() -> None:
    body = "the vote was close. " * 3
    assert locate_passage(body, "the vote was close.", near=41) == (40, 59)
    # Short passages are not fuzzy-matched: "on Tuesday" is not "on Thursday".
    assert locate_passage("He spoke on Thursday.", "on Tuesday") is None
    assert locate_passage(body, "an entirely different sentence about the weather") is None


SEED_BODIES = [load_article(path).body for path in sorted(seeds_dir().glob("*.txt"))]


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    words=st.sampled_from([" very much", " (AP)", "", " and, officials said, later"]),
    cut=st.integers(0, 6),
)
def test_a_reworded_passage_is_found_again_with_its_exact_edges(data, words: str, cut: int) -> None:
    body = data.draw(st.sampled_from(SEED_BODIES))
    length = data.draw(st.integers(120, 400))
    start = data.draw(st.integers(0, len(body) - length))
    end = start + length
    middle = start + length // 2
    edited_body = body[:middle] + words + body[middle + cut :]
    edited = edited_body[start : end + len(words) - cut]
    shifted = "A paragraph the editor added.\n\n" + edited_body

    found = locate_passage(shifted, body[start:end], start)

    assert found is not None
    assert shifted[found[0] : found[1]] == edited


def test_emptying_the_trash_leaves_a_colleagues_deleted_notes_unless_told(library: Store, story: Path) -> None:
    """In a desk's library, Ana's --empty-trash removed Ben's deleted notes for good, unasked."""
    import_paths(library, [story])
    article_id = library.rows()[0].id
    ana, ben = NoteStore(library, author="Ana"), NoteStore(library, author="Ben")
    for store in (ana, ben, ben):
        store.delete(store.add(article_id, f"{store.author}'s").id)
    assert ana.empty_trash() == (1, 2)
    assert [note.author for note in ana.trash()] == ["Ben", "Ben"]
    assert ana.empty_trash(all_authors=True) == (2, 0) and ana.trash() == []


def test_the_command_says_which_deleted_notes_stay(cyberread_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(cyberread_home, '[user]\nname = "Ana"\n')
    with connect_library(locations()) as library:
        import_paths(library, [seeds_dir()])
        article_id = library.rows()[0].id
        for author in ("Ana", "Ben"):
            store = NoteStore(library, author=author)
            store.delete(store.add(article_id, author).id)
    assert main(["notes", "--empty-trash"]) == 0
    assert capsys.readouterr().out.strip() == (
        "1 deleted note removed for good; 1 colleague's deleted note stays in the trash (--all-authors removes"
        " them too)"
    )
    assert main(["notes", "--empty-trash", "--all-authors"]) == 0
    assert capsys.readouterr().out.strip() == "1 deleted note removed for good"


def test_a_colleagues_edit_is_said_to_be_theirs(library: Store, story: Path) -> None:
    """Ben's words saved into Ana's note read "Noted by Ana ..., edited ..." as if hers."""
    import_paths(library, [story])
    article_id = library.rows()[0].id
    ana, ben = NoteStore(library, author="Ana"), NoteStore(library, author="Ben")
    note = ana.add(article_id, "first")
    assert ana.update(note.id, "first, again").edited_by is None  # her own edit
    edited = ben.update(note.id, "first, and Ben's")
    assert (edited.author, edited.edited_by) == ("Ana", "Ben")
    assert "edited by Ben " in ana.markdown([edited])
    assert ana.as_dicts([edited])[0]["edited_by"] == "Ben"
    assert ana.update(note.id, "hers again").edited_by is None


def test_a_colleagues_deletion_is_said_to_be_theirs(library: Store, story: Path) -> None:
    """Ana's note that Ben put in the trash was found there with no word of who had deleted it."""
    import_paths(library, [story])
    article_id = library.rows()[0].id
    ana, ben = NoteStore(library, author="Ana"), NoteStore(library, author="Ben")
    hers, other = ana.add(article_id, "hers"), ana.add(article_id, "deleted by herself")
    assert ben.delete(hers.id) and ana.delete(other.id)
    by_id = {note.id: note for note in ana.trash()}
    assert (by_id[hers.id].deleted_by, by_id[other.id].deleted_by) == ("Ben", None)
    assert f"Note {hers.id}: noted by Ana " in ana.markdown([by_id[hers.id]])
    assert ", deleted by Ben " in ana.markdown([by_id[hers.id]])
    assert ", deleted by" not in ana.markdown([by_id[other.id]]).replace(", deleted 2", "")
    assert ana.as_dicts([by_id[hers.id]])[0]["deleted_by"] == "Ben"
    # Brought back, it is nobody's deletion; deleted again by its author, hers alone.
    assert ana.restore(hers.id).deleted_by is None
    assert ana.delete(hers.id) and ana.trash()[0].deleted_by is None


def test_the_notes_report_shows_what_was_typed_and_runs_none_of_it(library: Store, story: Path) -> None:
    """A note's heading, setext underline and code fence were run by a Markdown renderer: the fence
    swallowed every later note; an article titled as a link was a live link."""
    import_paths(library, [story])
    article = library.get(library.rows()[0].id)
    assert article is not None
    store = NoteStore(library, author="Eve [x](http://evil.example)")
    store.add(article.id, "# not a heading\nTitle\n---\n```\n<b>&gt;</b>", Passage.of(article, 0, 20))
    store.add(article.id, "the second note")
    report = store.markdown(store.all())
    lines = report.splitlines()
    # Each line the note's next line follows ends in a hard break (a backslash): its lines stay lines.
    assert "\\# not a heading\\" in lines and "```" not in report and "\\`\\`\\`\\" in lines
    assert "\\<b\\>\\&gt;\\</b\\>" in lines and "Title\\" in lines
    assert lines[lines.index("Title\\") + 1] == "\\---\\"  # no setext heading
    assert "the second note" in lines
    assert "Eve \\[x\\](http://evil.example)" in report and "[x](" not in report


def test_notes_author_gives_one_authors_notes(cyberread_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A desk's library printed every colleague's notes, and nothing made a report of one's own.
    configure(cyberread_home, '[user]\nname = "Ana"\n')
    with connect_library(locations()) as library:
        import_paths(library, [seeds_dir()])
        article_id = library.rows()[0].id
        for author in ("Ana", "Ben", "Ana"):
            NoteStore(library, author=author).add(article_id, f"by {author}")
    for name, texts in (("ben", ["by Ben"]), ("me", ["by Ana", "by Ana"]), ("Nobody", [])):
        assert main(["notes", "--author", name, "--format", "json"]) == 0
        assert [note["text"] for note in json.loads(capsys.readouterr().out)] == texts


def test_a_note_on_an_earlier_version_of_a_story_is_kept(cyberread_home: Path) -> None:
    # The compare screen of `v` let a note be written on the earlier text, then refused to save it:
    # "no article … in the library" (its id is a version's, not a current article's).
    from cyberread.engine.ingest.articles import Article, article_id

    with connect_library(locations()) as library:
        page = "https://news.example/port"
        for text in ("Workers at the port may strike on Monday.", "Workers at the port will strike on Monday."):
            library.add(Article(article_id("Port", text), "Port", "Herald", None, None, text, 8, page))
        earlier, current = (version.id for version in library.versions(library.rows()[0].id))
        body = "Workers at the port may strike on Monday."
        start = body.index("may strike")
        note = NoteStore(library).add(earlier, "may, then will", Passage(earlier, start, start + 10, "may strike"))
        assert [n.text for n in NoteStore(library).for_article(earlier)] == [note.text]
        assert current != earlier
