"""The keys typed right after a key that opens a screen are for that screen, however fast they come:
none is lost while it mounts, nor read against the bindings of the screen it covers. The editor opened
from the notes list (whose table runs its own bindings) and from the compare screen (whose keys run at
the app) both get the letters typed after the key that opened them."""

from __future__ import annotations

import pytest

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import load_article
from cyberread.screens.compare import Selection
from cyberread.screens.note_editor import NoteEditor
from cyberread.screens.notes import NotesScreen
from cyberread.store.library import Library
from tests.app.test_compare_typed_at_once import compared
from tests.conftest import seed_path

from .test_notes_typed_at_once import after, noted
from .typists import Typing, opened_with

__all__ = ["noted"]  # a fixture


@pytest.fixture
def comparing(library: Library) -> CyberreadApp:
    """The app opened on the Global Times (a) and Sputnik (b) accounts."""
    a, b = (library.get(load_article(seed_path(prefix)).id) for prefix in ("001", "004"))
    return CyberreadApp(library, compare=(a, b))


async def test_the_letters_after_e_in_the_notes_list_are_typed_into_the_note(
    app: CyberreadApp, library: Library, noted: list[str], typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await opened_with(pilot, "ctrl+n", NotesScreen)
        await after(pilot, typing, "beta↓e!!")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text_area.text == "beta two!!"


async def test_the_letters_after_a_on_the_compare_screen_are_the_note(comparing: CyberreadApp, typing: Typing) -> None:
    app = comparing
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot)
        await after(pilot, typing, "nahi")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text_area.text == "hi"
        await after(pilot, typing, "⌃n")  # saved, and n back on the compare screen
        assert app.screen is screen and screen.selection == Selection("match", 1)


async def test_the_keys_after_l_choose_in_the_jump_list(comparing: CyberreadApp, typing: Typing) -> None:
    app = comparing
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot)
        await after(pilot, typing, "l↓⏎")
        assert app.screen is screen
        assert screen.selection == Selection("match", 1)
