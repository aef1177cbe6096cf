"""What the app does before its first frame, and that what it leaves for later is done: the library shows
its first page of the order read with a LIMIT, the whole order is read right after (or at once when a key
needs it: G goes to the last article), two stylesheets are parsed and the others before another screen
shows, the footer has its keys from the first frame and is not built again for the same keys."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from cyberread.app import CyberreadApp
from cyberread.screens import library as library_screen
from cyberread.screens.library import LibraryScreen, OrderAfterFirstPage
from cyberread.screens.reader import ReaderScreen
from cyberread.store.library import Library
from cyberread.widgets.article_table import ArticleTable, PagedRows

import make_library  # bench/, on the path from conftest  # isort: skip

FIRST_PAGE = PagedRows.PAGE
"""A first page as long as the table's pages (it fetches rows a page at a time): the seeds and 120
generated articles reach past it."""


@pytest.fixture
def larger(library: Library) -> Library:
    """The seeds and 120 generated articles (more than a first page)."""
    vocabulary = make_library._Vocabulary(random.Random(make_library.SEED))
    from cyberread.engine.ingest.articles import parse_text

    library.add_many([parse_text(make_library.make_article(k, vocabulary).text()) for k in range(120)])
    return library


def order_of(screen: LibraryScreen) -> OrderAfterFirstPage:
    rows = screen.rows
    assert isinstance(rows, PagedRows) and isinstance(rows.ids, OrderAfterFirstPage)
    return rows.ids


async def test_the_first_frame_reads_one_page_and_g_reaches_the_last_article(
    larger: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_screen, "_FIRST_PAGE", FIRST_PAGE)
    monkeypatch.setattr(library_screen, "_COMPLETE_AFTER", 60.0)  # nothing read later, in this test
    app = CyberreadApp(larger)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(ArticleTable)
        order = order_of(screen)
        assert order._whole is None and len(order.first) == FIRST_PAGE
        # The table is the whole library from the first frame: its length, and the rows of the first page.
        assert table.row_count == len(larger) == 125
        everything = larger.rows()
        assert [table.key_at(k) for k in range(FIRST_PAGE)] == [row.id for row in everything[:FIRST_PAGE]]
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == len(larger) - 1
        assert table.key_at(table.cursor_row) == everything[-1].id
        assert order._whole is not None


async def test_the_whole_order_is_read_soon_after_start_without_a_key(
    larger: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_screen, "_FIRST_PAGE", FIRST_PAGE)
    monkeypatch.setattr(library_screen, "_COMPLETE_AFTER", 0.05)
    app = CyberreadApp(larger)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        order = order_of(screen)
        assert order._whole is not None and list(order) == list(larger.row_ids())
        table = screen.query_one(ArticleTable)
        assert [table.key_at(k) for k in range(table.row_count)] == [row.id for row in larger.rows()]


def test_an_order_read_after_articles_were_removed_shows_them_as_removed(larger: Library) -> None:
    order = OrderAfterFirstPage(larger, "title", False, first=FIRST_PAGE)
    assert len(order) == 125 and order.counted == 125
    # Another process removes two articles after the count, before the rest of the order is read.
    for row in larger.rows()[-2:]:
        larger.remove(row.id)
    rows = PagedRows(order, larger.rows_by_ids)
    assert len(rows) == 125
    assert rows[124] is None and rows[123] is None and rows[122] is not None
    assert order[124] == -1


def test_a_library_smaller_than_a_page_is_whole_at_once(library: Library) -> None:
    order = OrderAfterFirstPage(library, "date", True, first=FIRST_PAGE)
    assert order._whole is not None and list(order) == list(library.row_ids("date", descending=True))


async def test_other_stylesheets_are_read_before_another_screen_shows(larger: Library) -> None:
    app = CyberreadApp(larger)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sources = {Path(path).name for path, _ in app.stylesheet.source}
        assert {"app.tcss", "library.tcss"} <= sources
        assert not sources & {"reader.tcss", "compare.tcss", "notes.tcss", "phrases.tcss", "collation.tcss"}
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        sources = {Path(path).name for path, _ in app.stylesheet.source}
        assert {"reader.tcss", "compare.tcss", "notes.tcss", "phrases.tcss", "collation.tcss"} <= sources
        # reader.tcss's rule for the title, after app.tcss's for the bars, wins as it did.
        assert app.screen.query_one("#reader-title").styles.padding.top == 1


async def test_the_footer_has_its_keys_at_once_and_is_built_again_only_for_new_keys(larger: Library) -> None:
    app = CyberreadApp(larger)
    composed = 0
    compose = Footer.compose

    def counting_compose(footer: Footer):  # type: ignore[no-untyped-def]
        nonlocal composed
        composed += 1
        return compose(footer)

    Footer.compose = counting_compose  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            keys = {key.description for key in app.screen.query(FooterKey)}
            assert {"Read", "Mark", "Filter", "Sort", "Quit"} <= keys
            assert composed == 1
            await pilot.press("j", "j", "k")  # the cursor moves: the keys stay what they are
            await pilot.pause()
            assert composed == 1
            await pilot.press("slash")  # the filter has the focus: other bindings, built again
            await pilot.pause()
            assert composed == 2
    finally:
        Footer.compose = compose  # type: ignore[method-assign]


async def test_the_pages_are_checked_after_the_first_frame_and_a_damaged_library_closes_the_app() -> None:
    import hashlib
    import sqlite3
    from contextlib import closing

    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations

    open_library(locations()).close()
    database = locations().database
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    sound = Library(database, check_later=True)
    async with CyberreadApp(sound).run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert sound._file.left_to_check is None and pilot.app.is_running
    sound.close()
    # The full-text index damaged, as in tests/unit/test_damaged_library.py.
    with closing(sqlite3.connect(database, isolation_level=None)) as connection:
        connection.execute("UPDATE articles_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    damaged = Library(database, check_later=True)  # opens: only the schema is read before the first frame
    assert damaged._file.left_to_check is not None
    app = CyberreadApp(damaged)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
    damaged.close()
    assert app.return_code == 1 and app.damage is not None and "damaged" in str(app.damage)
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_the_command_gives_the_damage_found_after_the_first_frame_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cyberread import cli
    from cyberread.store.library import LibraryError

    def run(self: CyberreadApp) -> None:
        self.damage = LibraryError("library.sqlite3: the library is damaged (database disk image is malformed)")

    monkeypatch.setattr(CyberreadApp, "run", run)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cyberread: ") and "damaged" in err
