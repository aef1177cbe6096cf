"""The feeds screen's field takes every key typed after `a` or `i`, however fast, and none typed after the
enter or escape that leaves it: those act on the list of feeds."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from cyberread.app import CyberreadApp
from cyberread.screens.feeds import FeedsScreen
from cyberread.screens.library import LibraryScreen
from cyberread.store.feeds import FeedStore
from cyberread.store.library import Library

from .typists import Typing, opened_with


async def reported(pilot: Pilot[None], screen: FeedsScreen) -> str:
    """The status line once the import has said how it went."""
    for _ in range(100):
        await pilot.pause(0.05)
        if "failed" in status(screen) and not screen.busy:
            return status(screen)
    raise AssertionError(f"the import did not report: {status(screen)!r}")


def status(screen: FeedsScreen) -> str:
    return str(screen.query_one("#feeds-status").render())


async def test_the_address_typed_after_i_is_imported_and_enter_gives_the_keys_back(
    app: CyberreadApp, library: Library, typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "F", FeedsScreen)
        await typing(pilot, "imissing.html⏎")
        assert "missing.html: no such file" in await reported(pilot, screen)
        field = screen.query_one(Input)
        assert not field.display
        assert app.focused is not None and app.focused.id == "feeds-table"
        # the keys after enter went to the list: q leaves the screen, and nothing landed in the field
        await typing(pilot, "q")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LibraryScreen)


async def test_the_keys_after_escape_act_on_the_list_not_in_the_field(
    app: CyberreadApp, library: Library, typing: Typing
) -> None:
    FeedStore(library).add("http://127.0.0.1:9/feed.rss", "A feed", None, [])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened_with(pilot, "F", FeedsScreen)
        await typing(pilot, "ahttp⎋dy")
        await pilot.pause(0.3)
        assert app.screen is screen
        assert not screen.query_one(Input).display
        assert status(screen).startswith("Stopped following A feed")
        # d, typed on the list, asked to stop following the feed under the cursor; y did
        assert FeedStore(library).all() == []


async def test_a_burst_that_leaves_the_field_and_the_screen_leaves_both(
    app: CyberreadApp, library: Library, typing: Typing
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await opened_with(pilot, "F", FeedsScreen)
        await typing(pilot, "ahttp⎋q")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LibraryScreen)
        assert FeedStore(library).all() == []
