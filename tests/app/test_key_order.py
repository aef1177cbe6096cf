"""Keys are handled in the order they were typed, even in a burst with no pause between them, and keys
typed before a screen is ready never land in a field they were not typed into."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from cyberread.app import CyberreadApp
from cyberread.screens.library import LibraryScreen
from cyberread.screens.note_editor import NoteEditor
from cyberread.screens.reader import ReaderScreen
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore


def burst(app: CyberreadApp, *keys: str) -> None:
    """Post every key at once, as a terminal delivers a fast typist's keys: `pilot.press` waits for the
    app to go idle after each key, which hides any reordering."""
    for key in keys:
        character = {"space": " ", "enter": "\r"}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_a_burst_of_j_j_enter_opens_the_third_row(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        third = library.rows[2]
        assert third is not None
        burst(app, "j", "j", "enter")
        await pilot.pause(0.3)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.id == third.id


async def test_keys_typed_during_start_up_do_not_land_in_the_filter(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        burst(app, "j", "x", "y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#filter", Input).value == ""


async def test_a_note_typed_fast_and_saved_at_once_is_saved_whole(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        burst(app, *"deputy", "space", *"minister", "ctrl+s")
        await pilot.pause(0.5)
        assert not isinstance(app.screen, NoteEditor)
        assert [note.text for note in NoteStore(app.library).all()] == ["deputy minister"]


async def test_q_closes_every_screen_and_quits_on_the_library(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_palette_offers_each_command_once(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles)), titles


async def test_a_palette_command_runs_the_action_of_the_key_it_names(app: CyberreadApp) -> None:
    from cyberread.screens.notes import NotesScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        titles = [command.title for command in commands]
        assert len(titles) == len(set(titles)), "one palette entry per command"
        # Each entry's help says more than its title, or which key it is: never the title again.
        assert all(not command.help.startswith(command.title + " (") for command in commands)
        (bottom,) = [command for command in commands if command.title == "Bottom"]
        assert bottom.help == "the key: end"
        (notes,) = [command for command in commands if command.title == "Notes"]
        result = notes.callback()
        if result is not None:
            await result
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_a_burst_after_slash_lands_in_the_filter(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "slash", *"xinhua")
        await pilot.pause(0.3)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        assert library.query_one("#filter", Input).value == "xinhua"
        # In the filter, / is part of the search.
        await pilot.press("slash")
        assert library.query_one("#filter", Input).value == "xinhua/"


async def test_a_burst_of_a_filter_down_and_enter_opens_the_first_row_found(app: CyberreadApp) -> None:
    """Down leaves the filter for the list: the enter typed after it opens the row under the cursor
    (it left the filter, and a second enter was needed)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "slash", *"xinhua", "down", "enter")
        await pilot.pause(0.5)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.outlet == "Xinhua"


async def test_keys_typed_while_the_stories_are_grouped_are_done_once_they_are_shown(app: CyberreadApp) -> None:
    """`t enter q q` in one burst opens the first story, comes back from it and back to the library: the
    enter was dropped while the stories were grouped, and the two q's quit the app."""
    from cyberread.screens.compare import CompareScreen
    from cyberread.screens.stories import StoriesScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "t", "enter")
        for _ in range(50):
            await pilot.pause(0.1)
            if isinstance(app.screen, CompareScreen):
                break
        assert isinstance(app.screen, CompareScreen)
        burst(app, "q")
        await pilot.pause(0.3)
        assert isinstance(app.screen, StoriesScreen)
        burst(app, "q", "t", "enter", "q", "q")
        await pilot.pause(3.0)  # grouping the stories again, opening one and coming back from it
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        assert not any(isinstance(screen, StoriesScreen | CompareScreen) for screen in app.screen_stack)


async def test_keys_typed_as_a_screen_opens_keep_their_order_behind_those_it_was_sent(
    app: CyberreadApp, library: Library
) -> None:
    """`j space space c n n a` in one burst, then a note's letters as the compare screen opens: the n n a
    the library handed on to the new screen went behind its queue, and the letters, typed after but
    dispatched at once, went ahead of them (in a terminal: no pair selected, no note, sync off)."""
    import asyncio

    from cyberread.screens.compare import CompareScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "j", "space", "space", "c", "n", "n", "a")
        for _ in range(2000):
            if isinstance(app.screen, CompareScreen):
                break
            await asyncio.sleep(0)
        assert isinstance(app.screen, CompareScreen)
        compare = app.screen
        burst(app, *[c if c != " " else "space" for c in "typed fast note"], "ctrl+s")
        for _ in range(50):
            await pilot.pause(0.1)
            if NoteStore(library).all():
                break
        assert [note.text for note in NoteStore(library).all()] == ["typed fast note"]
        assert compare.selection is not None and compare.selection.index == 1 and compare.synchronised
