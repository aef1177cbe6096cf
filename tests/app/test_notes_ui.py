"""Pilot tests of notes: written in the reader and the compare screen, listed, filtered, opened, edited and
deleted on the notes screen, and shown literally whatever they hold."""

from __future__ import annotations

import os

from rich.text import Text
from textual.widgets import DataTable, Input, Static, TextArea

from cyberread.app import CyberreadApp
from cyberread.engine.align.compare import Span, compare_articles
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.text.sentences import sentences
from cyberread.screens import reader as reader_module
from cyberread.screens.compare import CompareScreen, Selection
from cyberread.screens.note_editor import ConfirmModal, NoteEditor
from cyberread.screens.note_marks import match_for_note, span_of
from cyberread.screens.notes import NotesScreen
from cyberread.screens.reader import ReaderScreen
from cyberread.store.library import Library, LibraryError
from cyberread.store.notes import NoteStore, Passage
from cyberread.widgets.palette import LEFT_OUT_MARK, NOTE_MARK
from cyberread.widgets.passage_view import PassageView
from tests.conftest import seed_path

GLOBAL_TIMES, SPUTNIK = "001", "004"


def seed(library: Library, prefix: str):
    article = library.get(load_article(seed_path(prefix)).id)
    assert article is not None
    return article


async def open_reader(pilot, library: Library, prefix: str = GLOBAL_TIMES) -> ReaderScreen:
    pilot.app.open_article(seed(library, prefix).id)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def open_compare(pilot, library: Library) -> CompareScreen:
    pilot.app.compare(seed(library, GLOBAL_TIMES), seed(library, SPUTNIK))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    for _ in range(200):
        await pilot.pause(0.02)
        if screen.comparison is not None:
            return screen
    raise AssertionError("the comparison did not finish")


async def type_note(pilot, text: str) -> None:
    assert isinstance(pilot.app.screen, NoteEditor)
    await pilot.press(*("space" if c == " " else c for c in text))
    await pilot.pause()


async def open_notes(pilot) -> NotesScreen:
    """ctrl+n, and the notes screen it opens."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    notes = pilot.app.screen
    assert isinstance(notes, NotesScreen)
    return notes


def shown_notes(screen: NotesScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(index)[3]) for index in range(table.row_count)]


def gutter(view: PassageView) -> str:
    return "".join(view.render_line(y).text[:1] for y in range(view.scrollable_content_region.height))


async def test_note_on_a_sentence_is_stored_marked_and_listed(app: CyberreadApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        second = sentences(reader.article.body)[1]
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert reader.selection == second
        await pilot.press("a")
        await type_note(pilot, "check the date")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is reader

        (note,) = NoteStore(library).all()
        assert note.text == "check the date"
        assert note.passage == Passage.of(reader.article, *second)
        assert note.partner is None
        assert NOTE_MARK in gutter(reader.view)
        assert "check the date" in str(reader.query_one("#reader-note", Static).render())

        # escape clears the selection first, and with it the note bar; a second escape goes back.
        await pilot.press("escape")
        assert reader.selection is None and app.screen is reader
        assert not reader.query_one("#reader-note").display

        notes = await open_notes(pilot)
        assert shown_notes(notes) == ["check the date"]
        await pilot.press("slash", *"nothing")
        await pilot.pause()
        assert shown_notes(notes) == []
        await pilot.press("escape", *"date")  # escape clears the filter; typing filters again
        await pilot.pause()
        assert shown_notes(notes) == ["check the date"]

        # enter in the filter opens the reader on the selected note's passage.
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, ReaderScreen) and opened is not reader
        assert opened.selection == second


async def test_a_selected_passage_with_a_note_opens_it_for_editing(app: CyberreadApp, library: Library) -> None:
    article = seed(library, GLOBAL_TIMES)
    first = sentences(article.body)[0]
    note = NoteStore(library).add(article.id, "first draft", Passage.of(article, *first))
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        await pilot.press("right_parenthesis", "a")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(TextArea).text == "first draft"
        await pilot.press("space", *"edited", "ctrl+s")
        await pilot.pause()
        assert app.screen is reader
        assert [n.text for n in NoteStore(library).all()] == ["first draft edited"]
        assert NoteStore(library).get(note.id).text == "first draft edited"


async def test_editing_a_colleagues_note_says_whose_it_is(app: CyberreadApp, library: Library) -> None:
    # e opened a colleague's note in the editor with nothing saying it was not one's own.
    article = seed(library, GLOBAL_TIMES)
    first = sentences(article.body)[0]
    NoteStore(library, author="Ben").add(article.id, "Ben's reading", Passage.of(article, *first))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_notes(pilot)
        await pilot.press("down", "e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert "Ben's note" in str(editor.heading)


async def test_pair_note_in_compare_anchors_both_passages(app: CyberreadApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, library)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen  # nothing selected: a notification, no editor
        await pilot.press("n", "a")
        await type_note(pilot, "same quote different framing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen

        match = screen.comparison.matches[0]
        a, b = screen.articles["a"], screen.articles["b"]
        (note,) = NoteStore(library).all()
        # A side of several spans is noted from the first span's start to the last span's end.
        assert note.passage == Passage.of(a, match.a[0].start, match.a[-1].end)
        assert note.partner == Passage.of(b, match.b[0].start, match.b[-1].end)
        assert note.passage_in(b.id) == note.partner
        for side in ("a", "b"):
            noted = [h for h in screen.view(side).highlights if h.mark == NOTE_MARK]
            spans = getattr(match, side)
            assert [(h.start, h.end) for h in noted] == [(spans[0].start, spans[-1].end)]
            # The mark keeps the match's key, so clicking the noted passage still selects the pair.
            assert noted[0].key == Selection("match", 0)
        assert "same quote" in str(screen.query_one("#pair-text", Static).render())

        # The next match has no note; coming back to the first shows it again, in the details panel.
        await pilot.press("n")
        assert "same quote" not in str(screen.query_one("#pair-text", Static).render())
        await pilot.press("N")
        assert "same quote" in str(screen.query_one("#pair-text", Static).render())

        # From the notes screen, enter opens a compare screen of the two accounts with that match selected.
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("enter")
        reopened = app.screen
        assert isinstance(reopened, CompareScreen) and reopened is not screen
        for _ in range(200):
            await pilot.pause(0.02)
            if reopened.selection is not None:
                break
        assert reopened.selection == Selection("match", 0)
        assert reopened.articles["a"].id == a.id and reopened.articles["b"].id == b.id


async def test_escape_with_typed_text_asks_before_discarding(app: CyberreadApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        await pilot.press("a")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await type_note(pilot, "half a thought")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert app.screen is editor
        assert editor.query_one(TextArea).text == "half a thought"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is reader
        assert len(NoteStore(library)) == 0

        # With nothing typed, escape closes at once.
        await pilot.press("a", "escape")
        await pilot.pause()
        assert app.screen is reader


async def test_typing_filters_and_a_deleted_note_can_be_brought_back(app: CyberreadApp, library: Library) -> None:
    article = seed(library, SPUTNIK)
    store = NoteStore(library)
    keep = store.add(article.id, "keep me")
    # A colleague's note (a team library): brought back, it is still theirs, with its id and times.
    theirs = NoteStore(library, author="A Colleague").add(
        article.id, "delete me", Passage.of(article, *sentences(article.body)[0])
    )
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await open_notes(pilot)
        assert shown_notes(notes) == ["keep me", "A Colleague: delete me"]
        await pilot.press(*"deputy", "d", "y", "delete")  # typed into the filter: nothing deleted
        assert len(store) == 2
        assert notes.query_one("#notes-filter", Input).value == "deputydy"
        await pilot.press("escape")
        await pilot.press("down", "down", "delete")  # on the table, the second note
        await pilot.pause()
        assert app.screen is notes
        assert [n.id for n in store.all()] == [keep.id]
        assert shown_notes(notes) == ["keep me"]
        assert [n.id for n in store.trash()] == [theirs.id]
        await pilot.press("u")
        assert store.all() == [keep, theirs] and store.trash() == []
        assert shown_notes(notes) == ["keep me", "A Colleague: delete me"]


async def test_end_and_home_go_to_the_last_and_first_note(app: CyberreadApp, library: Library) -> None:
    article = seed(library, SPUTNIK)
    store = NoteStore(library)
    for number in range(5):
        store.add(article.id, f"note {number}")
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await open_notes(pilot)
        table = notes.query_one(DataTable)
        await pilot.press("down", "end")  # from the filter to the list, then its last row
        assert table.cursor_row == 4
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("G", "k", "g", "j")
        assert table.cursor_row == 1


async def test_the_trash_brings_back_notes_deleted_in_an_earlier_session(app: CyberreadApp, library: Library) -> None:
    article = seed(library, SPUTNIK)
    store = NoteStore(library)
    first = store.add(article.id, "deleted long ago", Passage.of(article, *sentences(article.body)[0]))
    second = store.add(article.id, "deleted yesterday")
    store.add(article.id, "still here")
    store.delete(first.id)
    store.delete(second.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        notes = app.screen
        assert isinstance(notes, NotesScreen) and shown_notes(notes) == ["still here"]
        await pilot.press("u")  # typed into the filter: a letter, nothing restored
        await pilot.press("backspace", "down", "u")  # on the list: nothing deleted in this session
        assert len(store) == 1
        await pilot.press("t")
        await pilot.pause()
        assert notes.in_trash and shown_notes(notes) == ["deleted yesterday", "deleted long ago"]
        assert str(notes.query_one("#notes-name", Static).render()) == "Trash"
        assert "2 deleted notes" in str(notes.query_one("#notes-status", Static).render())
        await pilot.press("delete", "e")  # neither deletes nor edits a note in the trash
        await pilot.pause()
        assert app.screen is notes and [n.id for n in store.trash()] == [second.id, first.id]

        footer_keys = {binding.action for _, binding, enabled, _ in notes.active_bindings.values() if enabled}
        assert "restore" in footer_keys and not {"undo_delete", "edit", "delete"} & footer_keys
        # t goes back to the notes, and the footer says so rather than "Trash".
        assert "leave_trash" in footer_keys and "trash" not in footer_keys
        assert notes.active_bindings["t"].binding.description == "Notes"
        await pilot.press("j", "u")  # u brings the note under the cursor back, as it was
        await pilot.pause()
        assert store.get(first.id) == first and shown_notes(notes) == ["deleted yesterday"]
        await pilot.press("slash", *"yesterday", "enter")  # the filter, then enter: the note found, back
        await pilot.pause()
        assert store.trash() == [] and store.get(second.id) == second and shown_notes(notes) == []
        assert "The trash is empty" in str(notes.query_one("#notes-status", Static).render())

        await pilot.press("escape", "escape")  # the filter cleared, then back to the notes
        await pilot.pause()
        assert app.screen is notes and not notes.in_trash
        assert shown_notes(notes) == ["deleted long ago", "deleted yesterday", "still here"]
        await pilot.press("down")  # to the list, where t is a key, not a letter of the filter
        assert notes.active_bindings["t"].binding.description == "Trash"
        await pilot.press("t", "t")  # to the trash and back with the same key
        await pilot.pause()
        assert app.screen is notes and not notes.in_trash
        # The list still has the keys, and the status names them, not "type to filter" ("tribune" typed
        # after it went to the trash and restored a note).
        status = str(notes.query_one("#notes-status", Static).render())
        assert "type to filter" not in status and "/ filter" in status and "del deletes" in status
        await pilot.press("slash")
        await pilot.pause()
        assert "type to filter" in str(notes.query_one("#notes-status", Static).render())


async def test_a_note_deleted_by_mistake_comes_back_after_leaving_the_notes_screen(
    app: CyberreadApp, library: Library
) -> None:
    article = seed(library, SPUTNIK)
    store = NoteStore(library)
    store.add(article.id, "only note", Passage.of(article, *sentences(article.body)[0]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("down", "delete")  # deleted on the list
        await pilot.pause()
        status = str(app.screen.query_one("#notes-status", Static).render())
        assert status == "No notes · 1 deleted note in the trash: ↓ then t shows it"
        await pilot.press("shift+tab", "down", "t")  # as the status says, from the filter too
        await pilot.pause()
        assert app.screen.in_trash and shown_notes(app.screen) == ["only note"]
        await pilot.press("escape", "escape")  # back to the notes, then the screen left
        await pilot.pause()
        assert len(store) == 0 and not isinstance(app.screen, NotesScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("down", "u")  # a new notes screen, the same session
        await pilot.pause()
        assert [n.text for n in store.all()] == ["only note"]
        assert isinstance(app.screen, NotesScreen) and shown_notes(app.screen) == ["only note"]


async def test_edit_from_the_notes_screen(app: CyberreadApp, library: Library) -> None:
    article = seed(library, SPUTNIK)
    note = NoteStore(library).add(article.id, "old")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("down", "e")  # e on the table edits; in the filter it is typing
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("backspace", "backspace", "backspace", *"new", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert NoteStore(library).get(note.id).text == "new"
        assert shown_notes(app.screen) == ["new"]


async def test_markup_and_escape_codes_in_a_note_show_literally(app: CyberreadApp, library: Library) -> None:
    article = seed(library, GLOBAL_TIMES)
    first = sentences(article.body)[0]
    hostile = "[bold]x[/] \x1b[2J"
    NoteStore(library).add(article.id, hostile, Passage.of(article, *first))
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        await pilot.press("right_parenthesis")
        bar = reader.query_one("#reader-note", Static).render()
        assert "[bold]x[/] ␛[2J" in str(bar)
        assert "\x1b" not in str(bar)

        await pilot.press("ctrl+n")
        await pilot.pause()
        cell = app.screen.query_one(DataTable).get_row_at(0)[3]
        assert isinstance(cell, Text)
        assert cell.plain == "[bold]x[/] ␛[2J"
        assert not cell.spans  # drawn plain: no markup was read into styles


async def test_a_failed_save_keeps_the_editor_open(app: CyberreadApp, library: Library, monkeypatch) -> None:
    def read_only(*args, **kwargs):
        raise LibraryError("the data folder is read-only")

    monkeypatch.setattr(NoteStore, "add", read_only)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(pilot, library)
        await pilot.press("a", *"lost", "ctrl+s")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(TextArea).text == "lost"
        assert any(n.severity == "error" and "read-only" in n.message for n in app._notifications)


async def test_a_read_only_library_reads_and_refuses_notes_clearly(library: Library, monkeypatch) -> None:
    """A library whose folder cannot be written (a read-only mount): os.access is what the library asks."""
    path = library.database
    library.close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real_access(p, mode, **kw))
    with Library(path) as read_only:
        app = CyberreadApp(read_only)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert any(n.title == "Library is read-only" for n in app._notifications)
            await open_reader(pilot, read_only)
            await pilot.press("a", *"kept", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor) and app.screen.query_one(TextArea).text == "kept"
            assert any(n.severity == "error" and "the folder is read-only" in n.message for n in app._notifications)
            await pilot.press("escape", "y", "escape")
            assert app.is_running


async def test_a_detached_note_is_listed_as_such_and_opens_the_reader(app: CyberreadApp, library: Library) -> None:
    article = seed(library, GLOBAL_TIMES)
    note = NoteStore(library).add(article.id, "lost anchor", Passage.of(article, *sentences(article.body)[2]))
    with library.writing() as connection:
        # What re-anchoring leaves when an edited article no longer holds the passage.
        connection.execute("UPDATE notes SET passage_detached = 1 WHERE id = ?", (note.id,))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        passage_cell = app.screen.query_one(DataTable).get_row_at(0)[1]
        assert str(passage_cell).startswith("⚠ detached")
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.id == article.id
        assert reader.selection is None
        assert not [h for h in reader.view.highlights if h.mark == NOTE_MARK]


def test_a_pair_note_finds_its_match_by_overlap(library: Library) -> None:
    a, b = seed(library, GLOBAL_TIMES), seed(library, SPUTNIK)
    comparison = compare_articles(a, b)
    store = NoteStore(library)
    third = comparison.matches[2]
    # A little inside each side of the third match: an edit moved the edges, the overlap still tells.
    inside = store.add(
        a.id,
        "",
        Passage.of(a, third.a[0].start + 5, third.a[-1].end - 5),
        Passage.of(b, third.b[0].start + 5, third.b[-1].end),
    )
    assert match_for_note(comparison, inside) == 2
    # Passages that no match pairs (a left-out passage on each side) have no match to show.
    elsewhere = store.add(
        a.id,
        "",
        Passage.of(a, comparison.a_only[0].start, comparison.a_only[0].end),
        Passage.of(b, comparison.b_only[0].start, comparison.b_only[0].end),
    )
    assert match_for_note(comparison, elsewhere) is None
    assert span_of((Span(3, 10, "x" * 7), Span(20, 30, "y" * 10))) == (3, 30)


async def test_clicking_a_sentence_selects_it_and_ctrl_n_is_in_the_palette(app: CyberreadApp, library: Library) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        view = reader.view
        start, end = sentences(reader.article.body)[1]
        row = view.line_of(start + 10)
        # Past the view's left padding and the gutter, a few characters into the sentence's first line.
        column = (view.scrollable_content_region.x - view.region.x) + 2 + (start + 10 - view.offset_at_line(row))
        await pilot.click(PassageView, offset=(column, row))
        assert reader.selection == (start, end)
        assert "Notes" in [command.title for command in app.get_system_commands(reader)]


async def test_a_pair_note_no_match_holds_opens_in_the_reader(app: CyberreadApp, library: Library) -> None:
    a, b = seed(library, GLOBAL_TIMES), seed(library, SPUTNIK)
    comparison = compare_articles(a, b)
    left_a, left_b = comparison.a_only[0], comparison.b_only[0]
    NoteStore(library).add(
        a.id, "unpaired", Passage.of(a, left_a.start, left_a.end), Passage.of(b, left_b.start, left_b.end)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, ReaderScreen):
                break
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.id == a.id
        assert app.screen.selection == (left_a.start, left_a.end)
        # The compare screen was replaced, not left underneath: escape (the note's passage is where the
        # reader opened, not a selection to clear) returns to the notes screen.
        await pilot.press("escape")
        assert isinstance(app.screen, NotesScreen)


async def test_a_long_articles_sentences_are_found_in_a_thread_and_the_key_waits_for_them(
    app: CyberreadApp, library: Library, monkeypatch
) -> None:
    # The first ) on a 30 MB article split it on the screen's thread: the reader froze for 8.5 s. A body
    # over SPLIT_AT_ONCE characters (made small here) is split in a thread; the key is taken once it is.
    monkeypatch.setattr(reader_module, "SPLIT_AT_ONCE", 200)
    article = seed(library, GLOBAL_TIMES)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_reader(pilot, library)
        assert len(article.body) > reader_module.SPLIT_AT_ONCE
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert [str(n.message) for n in app._notifications] == ["Finding the sentences of this long article…"]
        # The keys typed while it was split are taken in order: the first sentence, then the second.
        for _ in range(100):
            await pilot.pause(0.02)
            if reader.selection == sentences(article.body)[1]:
                break
        assert reader.selection == sentences(article.body)[1]
        await pilot.press("right_parenthesis")
        assert reader.selection == sentences(article.body)[2]


async def test_a_note_on_a_left_out_passage_is_marked_beside_its_left_out_mark(
    app: CyberreadApp, library: Library
) -> None:
    # The note's ✎ took the place of », and the passage no longer showed as left out.
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, library)
        await pilot.press("o", "a")
        await type_note(pilot, "why did Sputnik drop this")
        await pilot.press("ctrl+s")
        await pilot.pause()
        selection = screen.selection
        assert selection is not None and selection.kind == "a_only"
        view = screen.view("a")
        span = screen.comparison.a_only[selection.index]
        line = view.line_of(span.start) - round(view.scroll_y)
        assert view.render_line(line).text[: view._gutter_width].rstrip().endswith(LEFT_OUT_MARK + NOTE_MARK)


async def test_the_trash_says_which_colleague_deleted_a_note(app: CyberreadApp, library: Library) -> None:
    article = seed(library, GLOBAL_TIMES)
    mine = NoteStore(library)
    deleted_by_ben, deleted_by_me = mine.add(article.id, "gone by Ben"), mine.add(article.id, "gone by me")
    assert NoteStore(library, author="Ben").delete(deleted_by_ben.id) and mine.delete(deleted_by_me.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("down", "t")
        await pilot.pause()
        assert app.screen.in_trash
        assert sorted(shown_notes(app.screen)) == ["deleted by Ben · gone by Ben", "gone by me"]


async def test_a_colleagues_note_says_who_wrote_it(app: CyberreadApp, library: Library) -> None:
    # On a library a desk shares, the app showed no author anywhere.
    article = seed(library, GLOBAL_TIMES)
    first = sentences(article.body)[0]
    NoteStore(library).add(article.id, "mine", Passage.of(article, *first))
    NoteStore(library, author="Jane Doe").add(article.id, "check the date", Passage.of(article, *first))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert sorted(shown_notes(app.screen)) == ["Jane Doe: check the date", "mine"]


async def test_r_reads_again_which_articles_are_still_in_the_library(app: CyberreadApp, library: Library) -> None:
    """An article another process removed (`cyberread remove`) is said to be removed once r reads the
    notes again, and back under its title once it is added back."""
    article = seed(library, SPUTNIK)
    NoteStore(library).add(article.id, "a note on it")
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await open_notes(pilot)
        table = notes.query_one(DataTable)

        def articles_column() -> str:
            return str(table.get_row_at(0)[0])

        assert article.title[:20] in articles_column()
        other = Library(library.database)
        assert other.remove(article.id)
        await pilot.press("down", "r")
        await pilot.pause()
        assert "removed" in articles_column()
        other.add(article)
        await pilot.press("r")
        await pilot.pause()
        assert article.title[:20] in articles_column() and "removed" not in articles_column()
        other.close()
