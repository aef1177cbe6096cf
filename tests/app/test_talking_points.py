"""Pilot tests of the Talking points screen on the seed library: the shared-future phrase with its three
articles, its timeline per outlet, the three orders, and `enter` reading a use of it highlighted."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from cyberread.app import CyberreadApp
from cyberread.engine.corpus.phrase_record import Phrase
from cyberread.screens.reader import ReaderScreen
from cyberread.screens.talking_points import TalkingPointsScreen, months_between, timeline_text
from cyberread.store.library import Library

from .typists import Typing

SHARED_FUTURE = "building a community with a shared future in cyberspace"
XINHUA_2024, GLOBAL_TIMES, WORKSHOP = "37dd875e45a4", "8cc9172e3082", "7113c9066d3b"  # seeds 000, 001, 003


async def open_talking_points(app: CyberreadApp, pilot: Pilot[None]) -> TalkingPointsScreen:
    await pilot.press("ctrl+t")
    screen = app.screen
    assert isinstance(screen, TalkingPointsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def listed(screen: TalkingPointsScreen) -> list[str]:
    table = screen.query_one("#phrases-table", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def lists_in_order(screen: TalkingPointsScreen) -> bool:
    """Whether the table lists the phrases in the screen's order (each whole, or cut with …)."""
    shown = [p.text for p in screen.shown]
    rows = listed(screen)
    return len(rows) == len(shown) and all(
        row == text or (row.endswith("…") and text.startswith(row[:-1])) for row, text in zip(rows, shown, strict=True)
    )


async def select_phrase(screen: TalkingPointsScreen, pilot: Pilot[None], text: str) -> Phrase:
    """Move the cursor down to the phrase `text`, as a user does."""
    for _ in range([p.text for p in screen.shown].index(text)):
        await pilot.press("down")
    assert screen.selected is not None and screen.selected.text == text
    return screen.selected


async def test_the_shared_future_phrase_its_articles_timeline_and_reading_it(
    app: CyberreadApp, library: Library
) -> None:
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_talking_points(app, pilot)
        phrase = await select_phrase(screen, pilot, SHARED_FUTURE)
        # Its three articles, the dated Xinhua account first, the undated after it by id.
        assert phrase.articles == (XINHUA_2024, WORKSHOP, GLOBAL_TIMES)
        articles = screen.query_one("#phrases-articles", DataTable)
        rows = [[str(cell) for cell in articles.get_row_at(row)] for row in range(articles.row_count)]
        titles = [article.title for a in phrase.articles if (article := library.get(a))]
        assert rows == [
            ["2024-04-25", "Xinhua", titles[0]],
            ["—", "—", titles[1]],
            ["—", "Global Times", titles[2]],
        ]
        # The timeline: the phrase whole, the month, a bar for Xinhua, the undated outlets after it.
        timeline = str(screen.query_one("#phrases-timeline", Static).render()).splitlines()
        assert timeline[0] == f"“{SHARED_FUTURE}”"
        assert timeline[1].strip().startswith("2024-04  (a bar a month)")
        assert timeline[2].split() == ["Xinhua", "█", "1"]
        assert timeline[3].split() == ["Global", "Times", "1", "undated"]
        assert timeline[4].split() == ["(no", "outlet)", "1", "undated"]
        # enter on the phrase reads its first use, the phrase highlighted.
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.id == XINHUA_2024
        start, end = reader.selection or (0, 0)
        assert reader.article.body[start:end] == SHARED_FUTURE
        # The phrase was the place the article opened at, not a passage the reader selected: one escape
        # goes back, as the footer says.
        await pilot.press("escape")
        assert app.screen is screen
        # From the articles, enter reads that article's use: the workshop report's own wording.
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.id == WORKSHOP
        start, end = reader.selection or (0, 0)
        assert reader.article.body[start:end] == "building a community of shared future in cyberspace"


async def test_s_sorts_by_spread_frequency_and_first_use(app: CyberreadApp) -> None:
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_talking_points(app, pilot)
        assert screen.sort == "spread"
        spread = [(-len(p.outlets), -len(p.articles), p.first or "9999") for p in screen.shown]
        assert spread == sorted(spread) and lists_in_order(screen)
        await pilot.press("s")
        assert screen.sort == "frequency"
        assert [len(p.articles) for p in screen.shown] == sorted((len(p.articles) for p in screen.shown), reverse=True)
        assert lists_in_order(screen)
        await pilot.press("s")
        assert screen.sort == "first use"
        firsts = [p.first or "9999" for p in screen.shown]
        assert firsts == sorted(firsts) and firsts[0] == "2011-09-30"
        assert lists_in_order(screen)
        title = str(screen.query_one("#phrases-title", Static).render())
        assert title.endswith("sorted by first use")
        await pilot.press("s")
        assert screen.sort == "spread"


async def test_at_80_by_24_every_column_is_on_screen(app: CyberreadApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_talking_points(app, pilot)
        await select_phrase(screen, pilot, SHARED_FUTURE)
        for selector in ("#phrases-table", "#phrases-articles"):
            table = screen.query_one(selector, DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, selector
        # The list cuts the phrase to its column; the panel below says it whole.
        assert SHARED_FUTURE not in listed(screen)
        assert f"“{SHARED_FUTURE}”" in str(screen.query_one("#phrases-timeline", Static).render())


def test_a_long_timeline_is_drawn_in_buckets_of_months_first_user_first() -> None:
    phrase = Phrase(
        "x",
        ("a", "b", "c"),
        ("A", "B"),
        "2010-01-01",
        "2020-12-01",
        False,
        (),
        per_outlet={"A": 1, "B": 2},
        per_month={"2010-01": 1, "2020-12": 1},
        timeline={"A": {"2020-12": 1}, "B": {"2010-01": 1}},
    )
    lines = str(timeline_text(phrase, width=60)).splitlines()
    assert "2010-01 … 2020-12  (a bar a 3 months)" in lines[0]
    assert len(months_between("2010-01", "2020-12")) == 132
    assert lines[1].startswith("B") and lines[1].endswith("2 (1 undated)")
    assert lines[2].startswith("A") and lines[2].endswith("1")
    assert len(lines[1]) == len(lines[2]) + len(" (1 undated)") == 20 + 1 + 44 + 3 + len(" (1 undated)")
    assert str(timeline_text(phrase, rows=1)).splitlines()[-1] == "… and 1 more outlets"


async def test_the_keys_typed_right_after_tab_act_on_the_articles(app: CyberreadApp, typing: Typing) -> None:
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_talking_points(app, pilot)
        await select_phrase(screen, pilot, SHARED_FUTURE)
        await typing(pilot, "⇥↓⏎")
        await pilot.pause(0.3)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.id == WORKSHOP
        assert screen.selected is not None and screen.selected.text == SHARED_FUTURE


async def test_j_k_g_and_G_move_in_the_phrases(app: CyberreadApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_talking_points(app, pilot)
        table = screen.query_one("#phrases-table", DataTable)
        assert table.row_count > 3
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
