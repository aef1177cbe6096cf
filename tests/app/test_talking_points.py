"""Pilot tests of the Talking points screen on the seed library: the shared-future phrase, its timeline
per outlet, its articles, and `enter` reading it highlighted."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from cyberread.app import CyberreadApp
from cyberread.screens.reader import ReaderScreen
from cyberread.screens.talking_points import TalkingPointsScreen, months_between, timeline_text

SHARED_FUTURE = "building a community with a shared future in cyberspace"


async def open_talking_points(app: CyberreadApp, pilot: object) -> TalkingPointsScreen:
    await pilot.press("ctrl+t")  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, TalkingPointsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def test_the_shared_future_phrase_its_timeline_and_reading_it(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_talking_points(app, pilot)
        table = screen.query_one("#phrases-table", DataTable)
        texts = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        row = texts.index(SHARED_FUTURE)
        for _ in range(row):
            await pilot.press("down")
        assert screen.selected is not None and screen.selected.text == SHARED_FUTURE
        timeline = str(screen.query_one("#phrases-timeline", Static).render())
        assert "Xinhua" in timeline and "2024-04" in timeline and "2 undated articles" in timeline
        articles = screen.query_one("#phrases-articles", DataTable)
        assert articles.row_count == 3
        assert str(articles.get_row_at(0)[1]) == "Xinhua"
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        start, end = reader.selection or (0, 0)
        assert (
            reader.article.body[start:end] == "building a community of shared future in cyberspace"
        )  # the workshop report's wording
        await pilot.press("escape", "escape")
        assert app.screen is screen


async def test_s_sorts_by_frequency_then_first_use(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_talking_points(app, pilot)
        await pilot.press("s")
        assert screen.sort == "frequency"
        counts = [len(p.articles) for p in screen.shown if not p.boilerplate]
        assert counts == sorted(counts, reverse=True)
        await pilot.press("s")
        firsts = [p.first or "9999" for p in screen.shown if not p.boilerplate]
        assert firsts == sorted(firsts)


def test_a_long_timeline_is_drawn_in_buckets_of_months() -> None:
    from cyberread.engine.corpus.phrases import Phrase

    phrase = Phrase(
        "x",
        ("a", "b"),
        ("A", "B"),
        "2010-01-01",
        "2020-12-01",
        False,
        (),
        per_month={"2010-01": 1, "2020-12": 1},
        timeline={"A": {"2010-01": 1}, "B": {"2020-12": 1}},
    )
    lines = str(timeline_text(phrase, width=60)).splitlines()
    assert "a bar a 3 months" in lines[0]
    assert len(months_between("2010-01", "2020-12")) == 132
    assert lines[1].startswith("A") and lines[2].startswith("B")
