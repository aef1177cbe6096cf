"""The compare screen's keys, and those of the dialogs it opens, do what they were typed to do however
fast they come: a key typed after tab acts on the other pane, the keys typed after enter in the jump
list or the export dialog act on the compare screen, and a file name typed after tab goes into the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import load_article
from cyberread.screens import export_dialog
from cyberread.screens.compare import CompareScreen, Selection
from cyberread.screens.export_dialog import ExportDialog
from cyberread.screens.jump_list import JumpList
from cyberread.store.library import Library
from tests.app.test_compare import wait_for_comparison
from tests.conftest import seed_path

from .typists import Typing, opened_with


@pytest.fixture
def app(library: Library) -> CyberreadApp:
    """The app opened on the Global Times (a) and Sputnik (b) accounts."""
    a, b = (library.get(load_article(seed_path(prefix)).id) for prefix in ("001", "004"))
    return CyberreadApp(library, compare=(a, b))


async def compared(pilot: Pilot[None]) -> CompareScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for_comparison(pilot, screen)
    return screen


async def after(pilot: Pilot[None], typing: Typing, typed: str) -> None:
    await typing(pilot, typed)
    await pilot.pause(0.3)


@pytest.mark.parametrize(("typed", "side"), [("⇥o", "b"), ("⇥⇥o", "a"), ("⇥o⇥o", "a")])
async def test_a_key_typed_after_tab_acts_on_the_other_pane(
    app: CyberreadApp, typing: Typing, typed: str, side: str
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot)
        await after(pilot, typing, typed)
        assert screen.selection is not None and screen.selection.kind == f"{side}_only"
        assert app.focused is screen.view(side)


# enter jumps to the second entry (pair 2), then n selects the pair after it; escape closes the list, then
# n selects the first pair
@pytest.mark.parametrize(("typed", "selected"), [("↓⏎n", 2), ("zz⎋n", 0)])
async def test_the_keys_after_enter_or_escape_in_the_jump_list_act_on_the_compare_screen(
    app: CyberreadApp, typing: Typing, typed: str, selected: int
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot)
        await opened_with(pilot, "l", JumpList)
        await after(pilot, typing, typed)
        assert app.screen is screen
        assert screen.selection == Selection("match", selected)


# then n, typed for the compare screen once the file is written or the dialog cancelled
@pytest.mark.parametrize(("typed", "written"), [("⇥burst.md⏎n", ["burst.md"]), ("⇥burst.md⎋n", [])])
async def test_a_file_name_typed_after_tab_is_the_one_exported(
    app: CyberreadApp, typing: Typing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, written: list[str]
) -> None:
    monkeypatch.setattr(export_dialog.platformdirs, "user_documents_dir", lambda: str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot)
        await opened_with(pilot, "x", ExportDialog)
        await after(pilot, typing, typed)
        assert [path.name for path in tmp_path.iterdir()] == written
        assert app.screen is screen
        assert screen.selection == Selection("match", 0)


async def test_keys_typed_while_the_pair_is_compared_are_handled_once_it_is_shown(library: Library) -> None:
    # Refused one by one ("Still comparing…"), a burst lost its n and a, and the s of a note's text
    # turned sync off. Held, they are handled in order: n selects the first pair, a opens the note
    # editor, the letters go into it, ctrl+s saves the note.
    from textual import events

    from cyberread.screens.compare_panes import Selection as PaneSelection
    from cyberread.store.notes import NoteStore

    a, b = (library.get(load_article(seed_path(prefix)).id) for prefix in ("001", "004"))
    app = CyberreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.compare(a, b)
        for key, character in [("n", "n"), ("a", "a"), *((c, c) for c in "sums"), ("ctrl+s", None)]:
            app.post_message(events.Key(key, character))
        screen = await compared(pilot)
        for _ in range(40):
            if NoteStore(library).all():
                break
            await pilot.pause(0.1)
        assert [note.text for note in NoteStore(library).all()] == ["sums"]
        assert screen.selection == PaneSelection("match", 0) and screen.synchronised
