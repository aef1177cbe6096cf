"""Pilot tests of the library and reader screens, driven by the keys a user presses."""

from __future__ import annotations

from textual.widgets import Input

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import parse_text
from cyberread.screens.library import LibraryScreen, _word_count
from cyberread.screens.reader import ReaderScreen
from cyberread.store.importing import open_library
from cyberread.store.library import Library
from cyberread.store.paths import locations
from cyberread.widgets.article_table import ArticleTable
from cyberread.widgets.passage_view import PassageView


def shown_titles(screen: LibraryScreen) -> list[str]:
    table = screen.query_one(ArticleTable)
    return [str(table.cells_at(index)[1]) for index in range(table.row_count)]


async def test_library_lists_the_seeds_sorted_by_title(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        titles = shown_titles(screen)
        assert len(titles) == 5
        assert titles == sorted(titles, key=str.casefold)


async def test_a_filter_of_words_to_leave_out_alone_says_to_name_one_to_find(app: CyberreadApp) -> None:
    # "-china" said "No articles match." and nothing more; the command line explains it.
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"-china")
        await pilot.pause(0.3)
        said = str(app.screen.query_one("#library-empty").render())
        assert "Name a word to find besides those to leave out" in said
        await pilot.press(*" nothingatall")
        await pilot.pause(0.3)
        assert str(app.screen.query_one("#library-empty").render()) == "No articles match."


async def test_filter_then_read_then_back(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"patrushev")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#filter", Input).has_focus
        assert shown_titles(screen) == [
            "Networks should not be a new battlefield for digital iron curtain: senior Chinese diplomat"
        ]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.outlet == "Global Times"
        assert app.screen.query_one(PassageView).body.startswith("The networks should be a big stage")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(shown_titles(app.screen)) == 1
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(shown_titles(app.screen)) == 5


async def test_j_k_move_and_sort_cycles(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = screen.selected_id
        await pilot.press("j", "j")
        assert screen.query_one(ArticleTable).cursor_row == 2
        await pilot.press("k")
        assert screen.query_one(ArticleTable).cursor_row == 1
        await pilot.press("g")
        assert screen.selected_id == first
        await pilot.press("s")  # sort by outlet
        assert screen.sort_column == "outlet"
        outlets = [row.outlet or "" for row in screen.rows]
        assert outlets == sorted(outlets, key=str.casefold)
        await pilot.press("s", "S")  # by date, newest first
        dates = [row.date for row in screen.rows if row.date]
        assert dates == sorted(dates, reverse=True)


async def test_reader_keys_scroll_and_q_goes_back(app: CyberreadApp) -> None:
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("slash", *"vaizey", "enter", "enter")
        await pilot.pause()
        view = app.screen.query_one(PassageView)
        assert view.scroll_y == 0
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 2
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("space")
        assert view.scroll_y > 2
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_markup_in_an_article_is_shown_literally(library, app: CyberreadApp) -> None:
    library.add(
        parse_text("[bold red]Loud[/] title\n\nIt says [@click=app.quit]quit[/] and [link=http://x]link[/link] here.\n")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"loud", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        title = app.screen.query_one("#reader-title")
        assert "[bold red]Loud[/] title" in str(title.render())
        lines = [strip.text for strip in (app.screen.query_one(PassageView).render_line(y) for y in range(2))]
        assert "[@click=app.quit]quit[/]" in lines[0]
        # Clicking the word the markup would have made a quit link runs nothing: the reader stays open.
        assert await pilot.click(PassageView, offset=(lines[0].index("quit[/]"), 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen) and app.return_code is None


async def test_r_reads_the_articles_another_process_added(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and len(shown_titles(screen)) == 5
        # Another connection to the same library (`cyberread add` in another terminal, a colleague).
        with open_library(locations()) as other:
            other.add(parse_text("Added elsewhere\n\nA report another process imported while the app ran.\n"))
        await pilot.pause()
        assert len(shown_titles(screen)) == 5  # not read until asked for, or the list is shown again
        await pilot.press("r")
        await pilot.pause()
        assert "Added elsewhere" in shown_titles(screen)


async def test_command_palette_offers_the_screen_actions(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Read", "Filter", "Sort", "Keys"} <= set(titles)


async def test_question_mark_shows_the_keys(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


def test_library_snapshot(snap_compare, library) -> None:
    assert snap_compare(CyberreadApp(library), terminal_size=(120, 30))


def test_reader_snapshot(snap_compare, library) -> None:
    assert snap_compare(CyberreadApp(library), terminal_size=(100, 30), press=["slash", *"patrushev", "enter", "enter"])


def test_a_word_count_fits_the_words_column() -> None:
    # A 30 MB article's 5,063,155 words showed as "5,063,…".
    assert [_word_count(n) for n in (0, 449, 999_999, 1_000_000, 5_063_155)] == ["0", "449", "999,999", "1.0M", "5.1M"]
    assert all(len(_word_count(n)) <= 7 for n in (999_999, 5_063_155, 9_999_999))


async def test_D_removes_the_article_after_asking_and_keeps_a_copy(app: CyberreadApp, library: Library) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        first = screen.selected_id
        await pilot.press("D")
        await pilot.press("n")  # no: nothing happens
        assert library.get(first) is not None
        await pilot.press("D", "y")
        await pilot.pause()
        assert library.get(first) is None and len(library) == 4
        (copy,) = (locations().data_dir / "removed").iterdir()
        assert first in copy.name


async def test_v_without_an_earlier_version_says_so(app) -> None:
    """v did nothing on an article with no earlier text: its key was hidden, and pressing it was silent."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert any("no earlier version" in str(notice.message) for notice in app._notifications)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert len(titles) == len(set(titles))
