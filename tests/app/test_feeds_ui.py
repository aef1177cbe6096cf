"""The feeds screen and versions in the app, against the loopback news site: follow a feed, update it
with a progress bar, read the new articles, and compare a changed story with its earlier version."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import Article, article_id
from cyberread.engine.ingest.fetch import FetchPolicy
from cyberread.screens.compare import CompareScreen
from cyberread.screens.failures import FailuresModal
from cyberread.screens.feeds import FeedsScreen
from cyberread.screens.library import LibraryScreen
from cyberread.screens.picker import VersionPicker
from cyberread.screens.reader import ReaderScreen
from cyberread.store.config import Config
from cyberread.store.library import Library
from tests.web_server import NewsSite

FETCH = FetchPolicy(timeout=2, host_delay=0, allow_private=True)


async def wait_idle(pilot, screen: FeedsScreen) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if not screen.busy:
            return
    raise AssertionError("the work did not finish")


async def following(pilot, app: CyberreadApp, url: str) -> FeedsScreen:
    """The feeds screen, open from the library, once it follows the feed at `url`."""
    await pilot.press("F")
    screen = app.screen
    assert isinstance(screen, FeedsScreen)
    await pilot.press("a", *url, "enter")
    await wait_idle(pilot, screen)
    return screen


async def test_follow_update_read_and_compare_versions(library: Library, news_site: NewsSite) -> None:
    app = CyberreadApp(library, config=Config(fetch=FETCH))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await following(pilot, app, news_site.url("/feeds/world.rss"))
        assert "Following World News Daily: World: 3 entries" in str(screen.query_one("#feeds-status").render())
        await pilot.press("u")
        await wait_idle(pilot, screen)
        assert "3 new articles" in str(screen.query_one("#feeds-status").render())
        news_site.edit_drones_story()
        await pilot.press("u")
        await wait_idle(pilot, screen)
        assert "1 changed since last fetched" in str(screen.query_one("#feeds-status").render())
        await pilot.press("escape")
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        # The library filter finds the new articles by outlet, and says so when nothing matches.
        await pilot.press("slash", *"outlet:sea", "enter")
        assert {row.outlet for row in library_screen.rows} == {"Sea Lanes"} and len(library_screen.rows) == 2
        await pilot.press("escape", "slash", *"drones", "enter")
        (row,) = [r for r in library_screen.rows if r.earlier_versions]
        assert library_screen.query_one("#library-empty").display is False
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.id == row.id
        await pilot.press("v")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert "school" not in compare.articles["a"].body and "school" in compare.articles["b"].body


async def test_an_entry_gone_for_good_is_left_alone_and_U_asks_again(library: Library, news_site: NewsSite) -> None:
    app = CyberreadApp(library, config=Config(fetch=FETCH))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await following(pilot, app, news_site.url("/feeds/half.rss"))
        for _ in range(2):
            await pilot.press("u")
            await wait_idle(pilot, screen)
        status = str(screen.query_one("#feeds-status").render())
        assert "1 entry that failed before left alone: not found (HTTP 404) (U asks for them again)" in status
        assert "1/2 (1 failed)" in str(screen.query_one(DataTable).get_row_at(0))
        await pilot.press("U")
        await wait_idle(pilot, screen)
        assert "1 entry failed" in str(screen.query_one("#feeds-status").render())
        assert news_site.requests["/news/gone.html"] == 2


async def test_no_articles_match_is_said(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"kangaroo", "enter")
        assert app.screen.query_one("#library-empty").display is True


async def _importing(pilot, app: CyberreadApp, address: str) -> FeedsScreen:
    """The feeds screen opened with I, importing `address`."""
    await pilot.press("I")
    screen = app.screen
    assert isinstance(screen, FeedsScreen)
    await pilot.press(*address, "enter")
    return screen


@pytest.mark.parametrize("given", ["missing.html"])
async def test_an_import_from_the_app_reports_its_failure(library: Library, news_site: NewsSite, given: str) -> None:
    app = CyberreadApp(library, config=Config(fetch=FETCH))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _importing(pilot, app, news_site.url("/" + given))
        await wait_idle(pilot, screen)
        assert "not found (HTTP 404)" in str(screen.query_one("#feeds-status").render())


async def test_keys_that_would_start_more_work_while_some_runs_say_so(library: Library, news_site: NewsSite) -> None:
    app = CyberreadApp(library, config=Config(fetch=FETCH))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _importing(pilot, app, news_site.url("/slow.html"))
        assert screen.busy
        await pilot.press("a", "u", "d")
        assert not screen.query_one("#feeds-input").display  # no address field over the running import
        said = [notice.message for notice in app._notifications]
        assert said == ["Still working: wait for it to finish, or press escape to cancel it."] * 3
        await pilot.press("escape")
        await wait_idle(pilot, screen)


async def test_f_lists_every_failure_of_the_last_import(library: Library, tmp_path) -> None:
    # The status had room for the first failure only, and the app no way to see the others.
    folder = tmp_path / "files"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_bytes(bytes(range(256)) * 4)
    (folder / "good.txt").write_text("A headline here\n\nThe minister said on Monday that the talks would go on.\n")
    app = CyberreadApp(library, config=Config(fetch=FETCH))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _importing(pilot, app, str(folder))
        await wait_idle(pilot, screen)
        assert "(f lists all 3)" in str(screen.query_one("#feeds-status").render())
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FailuresModal)
        shown = [str(line.render()) for line in app.screen.query(".failure")]
        assert [line.split(": ")[0].rsplit("/", 1)[-1] for line in shown] == ["a.txt", "b.txt", "c.txt"]
        await pilot.press("escape")
        assert app.screen is screen


@pytest.mark.parametrize("page", ["/trickle.html", "/silent.html"])
async def test_escape_stops_a_page_on_its_way(library: Library, news_site: NewsSite, page: str) -> None:
    # A server sending a byte at a time: "Cancelling after the page being fetched…" stayed until it had
    # all arrived (a minute here; never, from a server that never stops). A server that took the request
    # and said nothing kept "Cancelling…" for the whole time-out, then counted the page as timed out.
    slow = FetchPolicy(timeout=30, host_delay=0, allow_private=True)
    app = CyberreadApp(library, config=Config(fetch=slow))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _importing(pilot, app, news_site.url(page))
        await pilot.pause(0.5)
        assert screen.busy
        await pilot.press("escape")
        await wait_idle(pilot, screen)  # ten seconds at most
        said = str(screen.query_one("#feeds-status").render())
        assert "interrupted: the addresses not yet fetched were not added" in said and "0 failed" in said


async def test_v_offers_every_earlier_text_of_a_story_kept_three_times(library: Library) -> None:
    page = "https://news.example/bridge"
    texts = [
        "The bridge closed on Monday.",
        "The bridge closed on Monday after a ship struck it.",
        "It reopened Tuesday.",
    ]
    for text in texts:
        body = f"Engineers said so. {text}"
        library.add(Article(article_id("Bridge", body), "Bridge", "Herald", None, None, body, len(body.split()), page))
    first, _, last = (version.id for version in library.versions(library.rows()[0].id))
    app = CyberreadApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_article(last)
        await pilot.pause()
        await pilot.press("v")
        picker = app.screen
        assert isinstance(picker, VersionPicker)
        options = picker.query_one(OptionList)
        assert options.option_count == 2 and "version 2 of 3" in str(options.get_option_at_index(0).prompt)
        await pilot.press("j", "enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert (compare.articles["a"].id, compare.articles["b"].id) == (first, last)
        # The two panes' titles are one story's: each says which version it is.
        await pilot.pause()
        details = [str(compare.query_one(f"#details-{side}").render()) for side in "ab"]
        assert details[0].startswith("version 1 of 3, fetched ") and details[1].startswith("version 3 of 3, fetched ")


async def test_d_asks_before_it_stops_following_a_feed_and_names_it(library: Library) -> None:
    # It removed the feed under the cursor at once, its entries and failures with it, and said only
    # "Feed removed".
    from cyberread.screens.note_editor import ConfirmModal
    from cyberread.store.feeds import FeedStore

    FeedStore(library).add("https://news.example/world.rss", "World News", None, [])
    app = CyberreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        feeds = app.screen
        assert isinstance(feeds, FeedsScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert [row.title for row in FeedStore(library).all()] == ["World News"]
        await pilot.press("d", "y")
        await pilot.pause()
        assert FeedStore(library).all() == []
        assert "Stopped following World News (https://news.example/world.rss)" in str(
            feeds.query_one("#feeds-status").render()
        )


async def test_i_follows_the_feeds_an_opml_file_lists(library: Library, tmp_path) -> None:
    # It was refused as "not an article file (.opml)", and nothing in the app took one.
    from cyberread.store.feeds import FeedStore

    opml = tmp_path / "subscriptions.OPML"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
        '<outline type="rss" text="World" xmlUrl="https://news.example/world.rss"/>'
        '<outline type="rss" text="Asia" xmlUrl="https://news.example/asia.rss"/></body></opml>',
        encoding="utf-8",
    )
    app = CyberreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("F")
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        await pilot.press("i", *str(opml), "enter")
        await wait_idle(pilot, screen)
        assert sorted(row.title or "" for row in FeedStore(library).all()) == ["Asia", "World"]
        assert "2 feeds added, 0 already followed; u fetches their entries" in str(
            screen.query_one("#feeds-status").render()
        )
