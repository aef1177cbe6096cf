"""The notes screen's keys do what they were typed to do however fast they come: the letters of the
filter stay in the filter, the keys typed after leaving it act on the list, and a key meant for the
list never lands in the filter, nor one meant for the filter deletes or edits a note."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from cyberread.app import CyberreadApp
from cyberread.screens.library import LibraryScreen
from cyberread.screens.note_editor import NoteEditor
from cyberread.screens.notes import NotesScreen
from cyberread.screens.reader import ReaderScreen
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore

from .typists import Typing, opened_with

NOTES = ("alpha one", "beta two", "alpha three")


@pytest.fixture
def noted(library: Library) -> list[str]:
    """Three notes on the first article; their texts in the order the screen lists them."""
    article_id = library.search("")[0].id
    store = NoteStore(library)
    for text in NOTES:
        store.add(article_id, text)
    return [note.text for note in store.all()]


async def after(pilot: Pilot[None], typing: Typing, typed: str) -> None:
    await typing(pilot, typed)
    await pilot.pause(0.3)


def filter_of(screen: NotesScreen) -> str:
    return screen.query_one("#notes-filter", Input).value


def kept(library: Library) -> list[str]:
    return [note.text for note in NoteStore(library).all()]


@pytest.mark.parametrize(
    ("typed", "expected", "deleted", "focused"),
    [
        ("alpha↓⌦", "alpha", "alpha one", "notes-table"),
        ("alpha⇥j⌦", "alpha", "alpha three", "notes-table"),
        ("↓/beta", "beta", None, "notes-filter"),
        ("alpha↓⎋beta", "beta", None, "notes-filter"),
        ("alph⇥/⌫b", "b", None, "notes-filter"),
        # delete typed in the filter deletes a letter, never a note
        ("alpha⌦", "alpha", None, "notes-filter"),
        ("↓/⌦", "", None, "notes-filter"),
        ("alpha↓/⌦⌦", "", None, "notes-filter"),
    ],
)
async def test_the_keys_after_moving_between_filter_and_list_act_where_they_were_typed(
    app: CyberreadApp,
    library: Library,
    noted: list[str],
    typing: Typing,
    typed: str,
    expected: str,
    deleted: str | None,
    focused: str,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "ctrl+n", NotesScreen)
        await after(pilot, typing, typed)
        assert app.screen is screen
        assert filter_of(screen) == expected
        assert kept(library) == [text for text in noted if text != deleted]
        assert app.focused is not None and app.focused.id == focused


async def test_e_after_leaving_the_filter_edits_the_note_and_types_nothing_into_it(
    app: CyberreadApp, library: Library, noted: list[str], typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "ctrl+n", NotesScreen)
        await after(pilot, typing, "beta↓e")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text_area.text == "beta two"
        assert filter_of(screen) == "beta"


async def test_escape_clears_the_filter_and_a_second_leaves(
    app: CyberreadApp, library: Library, noted: list[str], typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "ctrl+n", NotesScreen)
        await after(pilot, typing, "alpha↓⎋")
        assert app.screen is screen and filter_of(screen) == ""
        await after(pilot, typing, "⎋")
        assert isinstance(app.screen, LibraryScreen)


async def test_the_keys_after_enter_go_to_the_note_opened(
    app: CyberreadApp, library: Library, noted: list[str], typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "ctrl+n", NotesScreen)
        # enter opens the note in the reader; q, typed for the reader, closes it
        await after(pilot, typing, "beta⏎q")
        assert app.screen is screen
        assert filter_of(screen) == "beta"
        await after(pilot, typing, "⏎")
        assert isinstance(app.screen, ReaderScreen)


# The note under the cursor edited, saved with ctrl+s, then j for the list; or the edit cancelled with
# escape and y, typed for the question it asks, discarding it.
@pytest.mark.parametrize(("typed", "text", "row"), [("!⌃j", "alpha one!", 1), ("!⎋y", "alpha one", 0)])
async def test_the_keys_after_the_editor_closes_never_land_in_the_note(
    app: CyberreadApp, library: Library, noted: list[str], typing: Typing, typed: str, text: str, row: int
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "ctrl+n", NotesScreen)
        await pilot.press("down", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await after(pilot, typing, typed)
        assert app.screen is screen
        assert kept(library)[0] == text
        assert screen.query_one(DataTable).cursor_row == row
