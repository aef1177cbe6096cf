"""The library's keys do what they were typed to do however they arrive: all at once (a fast typist, tmux
send-keys of a whole string), a turn of the event loop apart, or with pauses. A key typed after the one
that leaves the filter never lands in it, and the keys before are handled first."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cyberread.app import CyberreadApp
from cyberread.screens.library import LibraryScreen
from cyberread.screens.reader import ReaderScreen

from .typists import Typing


async def rows_on_opening(pilot: Pilot[None]) -> list[str]:
    """The ids of the rows the library opens with, in order."""
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return shown(screen)


async def library_after(pilot: Pilot[None], typing: Typing, typed: str) -> LibraryScreen:
    await typing(pilot, typed)
    await pilot.pause(0.3)
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen), f"{typed!r} left the library for {screen!r}"
    return screen


def filter_of(screen: LibraryScreen) -> str:
    return screen.query_one("#filter", Input).value


def shown(screen: LibraryScreen) -> list[str]:
    return [row.id for row in screen.rows if row is not None]


async def test_filter_leave_filter_mark_and_compare_in_one_burst(app: CyberreadApp, typing: Typing) -> None:
    (patrushev,) = app.library.search("patrushev")
    (cyberarms,) = app.library.search("cyberarms")
    assert patrushev.id != cyberarms.id
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await library_after(pilot, typing, "/patrushev⏎⎋/cyberarms⏎␣c")
        assert filter_of(screen) == "cyberarms"
        assert shown(screen) == [cyberarms.id]
        assert screen.marked == [cyberarms.id]
        assert app.focused is not None and app.focused.id == "articles"
        assert any("Mark two articles" in str(note.message) for note in app._notifications)


async def test_the_keys_after_enter_move_and_mark_in_the_filtered_list(app: CyberreadApp, typing: Typing) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await library_after(pilot, typing, "/cyber⏎j␣")
        assert filter_of(screen) == "cyber"
        rows = shown(screen)
        assert len(rows) >= 2, "the test needs two matches of 'cyber' in the seeds"
        assert screen.marked == [rows[1]]


@pytest.mark.parametrize("typed", ["/xinhua⎋␣", "/xinhua⎋⎋␣"], ids=["escape", "escape twice"])
async def test_escape_clears_the_filter_and_the_keys_after_it_go_to_the_table(
    app: CyberreadApp, typing: Typing, typed: str
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        everything = await rows_on_opening(pilot)
        screen = await library_after(pilot, typing, typed)
        assert filter_of(screen) == ""
        assert shown(screen) == everything
        assert screen.marked == [everything[0]]


async def test_enter_on_an_empty_filter_goes_back_to_the_table_and_reads_nothing(
    app: CyberreadApp, typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        first = (await rows_on_opening(pilot))[0]
        screen = await library_after(pilot, typing, "/⏎␣")
        assert filter_of(screen) == ""
        assert screen.marked == [first]
        # enter on the table, now that it has the keys, reads the row under the cursor
        await typing(pilot, "⏎")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen)


# `/` on the table selects the whole filter, as it was before, so what is typed next replaces it.
@pytest.mark.parametrize(("typed", "expected"), [("/ab⌫c", "ac"), ("/a/b", "a/b"), ("/ab⏎/c", "c"), ("/ab⏎/⌫", "")])
async def test_editing_keys_in_the_filter_apply_in_the_order_typed(
    app: CyberreadApp, typing: Typing, typed: str, expected: str
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await library_after(pilot, typing, typed)
        assert filter_of(screen) == expected


async def test_keys_typed_on_the_table_before_slash_are_handled_before_the_filter(
    app: CyberreadApp, typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        second = (await rows_on_opening(pilot))[1]
        screen = await library_after(pilot, typing, "j␣/xinhua")
        assert filter_of(screen) == "xinhua"
        assert screen.marked == [second]
