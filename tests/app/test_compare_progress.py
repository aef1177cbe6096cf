"""A long comparison on the compare screen: its progress in the status line, the engine stopping when
the screen is left, and a pair compared before opening from the cache without the engine."""

from __future__ import annotations

import os
import threading
import time

from textual.screen import Screen

from cyberread.app import CyberreadApp
from cyberread.engine.align.cancel import never, quiet
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.forked import worth_splitting
from cyberread.engine.ingest.articles import load_article, parse_text
from cyberread.screens import compare as compare_module
from cyberread.screens.compare import CompareScreen
from cyberread.screens.library import LibraryScreen
from cyberread.store import comparing
from cyberread.store.compare_cache import CACHE_NAME, ComparisonCache
from cyberread.store.comparing import compare_pair, now
from tests.app.test_compare import wait_for_comparison, word_salad
from tests.conftest import seed_path


async def test_the_status_line_shows_the_stage_and_share_done(library, monkeypatch) -> None:
    reading, release = threading.Event(), threading.Event()

    def halfway(folder, a, b, settings, cancel=never, progress=quiet, warn=None, later=now):
        progress("reading the texts", 0.1)
        reading.wait(10)
        progress("pairing passages", 0.42)
        release.wait(10)
        return compare_pair(folder, a, b, settings, cancel, later=later)

    async def shown_once(pilot, screen: CompareScreen, wanted: str) -> str:
        shown = ""
        for _ in range(50):
            await pilot.pause(0.05)
            shown = str(screen.query_one("#summary").render())
            if wanted in shown:
                break
        return shown

    monkeypatch.setattr(compare_module, "compare_pair", halfway)
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert "reading the texts 10%" in await shown_once(pilot, screen, "10%")
        # The line changes ten times a second while the engine works, on the screen's thread: laying
        # the whole screen out again for each (both bodies, their rulers) took the engine's time.
        await pilot.pause(0.5)  # the screen settles: its scroll bars and keys are laid out
        layouts: list[Screen] = []
        laid_out = Screen._refresh_layout

        def counted(self: Screen, *args: object, **kwargs: object) -> None:
            layouts.append(self)
            laid_out(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        reading.set()
        assert "pairing passages 42%" in await shown_once(pilot, screen, "42%")
        assert screen not in layouts
        release.set()
        await wait_for_comparison(pilot, screen)
        assert "similarity" in str(screen.query_one("#summary").render())
        assert screen in layouts  # the comparison is laid out when it comes


async def test_leaving_the_screen_stops_the_engine(library, monkeypatch) -> None:
    long_a = parse_text("Long account one\n\n" + word_salad(1))
    long_b = parse_text("Long account two\n\n" + word_salad(2))
    heard: list[float] = []
    started, left, finished = threading.Event(), threading.Event(), threading.Event()

    def watched(folder, a, b, settings, cancel=never, progress=quiet, warn=None, later=now):
        def hear(stage: str, fraction: float) -> None:
            heard.append(fraction)
            if stage == "pairing passages" and not started.is_set():
                started.set()
                left.wait(10)  # the engine is mid-way when the reader leaves
            progress(stage, fraction)

        try:
            return compare_pair(None, a, b, settings, cancel, hear)
        finally:
            finished.set()

    monkeypatch.setattr(compare_module, "compare_pair", watched)
    app = CyberreadApp(library, compare=(long_a, long_b))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert started.wait(20)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        left.set()
        assert finished.wait(10), "the engine went on after the screen was left"
        count = len(heard)
        time.sleep(0.3)
        assert len(heard) == count
        assert max(heard) < 1.0  # it stopped before the end
        assert screen.comparison is None


async def test_a_pair_compared_before_opens_without_the_engine(library, monkeypatch) -> None:
    engine_runs: list[str] = []
    real = comparing.compare_articles

    def counted(*args, **kwargs):
        engine_runs.append("run")
        return real(*args, **kwargs)

    monkeypatch.setattr(comparing, "compare_articles", counted)
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    for expected_runs in (1, 1):
        app = CyberreadApp(library, compare=(a, b))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            await wait_for_comparison(pilot, screen)
            assert len(screen.comparison.matches) > 5
        assert len(engine_runs) == expected_runs


async def test_a_damaged_cache_file_is_one_warning_and_the_comparison_still_opens(library) -> None:
    (library.cache_folder / CACHE_NAME).write_bytes(b"\x00garbage, not SQLite\n" * 500)
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    for opening in ("damaged", "rebuilt"):
        app = CyberreadApp(library, compare=(a, b))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            await wait_for_comparison(pilot, screen)
            assert screen.comparison == compare_texts(a.body, b.body, screen.settings)
            await pilot.pause()
            warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
        if opening == "damaged":
            assert len(warnings) == 1 and "not a comparison cache" in warnings[0]
            assert "\n" not in warnings[0]
        else:
            assert warnings == []  # the file was started afresh, and this opening read it
            assert ComparisonCache(library.cache_folder).get(a.body, b.body, screen.settings) is not None


async def test_a_long_pair_is_split_across_two_processes_and_shows_the_comparison_made_in_one(
    library, monkeypatch
) -> None:
    ours = word_salad(1, paragraphs=420).split("\n\n")
    theirs = word_salad(2, paragraphs=420).split("\n\n")
    # b reports every other paragraph of a, with paragraphs of its own between them.
    long_a = parse_text("Long account one\n\n" + "\n\n".join(ours))
    long_b = parse_text(
        "Long account two\n\n" + "\n\n".join(p for pair in zip(ours[::2], theirs[:210], strict=True) for p in pair)
    )
    assert worth_splitting(long_a.body, long_b.body)
    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        child = real_fork()
        if child:
            forks.append(child)
        return child

    monkeypatch.setattr(os, "fork", counted)
    app = CyberreadApp(library, compare=(long_a, long_b))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        for _ in range(1500):
            await pilot.pause(0.02)
            if screen.comparison is not None:
                break
        assert screen.engine_result is not None
        assert forks  # the screen's worker forked, though the app runs other threads
        # Made here in one process: the test's own thread does not say it may fork.
        assert screen.engine_result == compare_texts(long_a.body, long_b.body, screen.settings)
        assert len(screen.engine_result.matches) > 100


async def test_a_fresh_comparison_is_kept_once_it_is_shown(library, monkeypatch) -> None:
    """Keeping it (its JSON, compressed and written: 0.09 s of the long pair) waits for the screen to
    show it; a second opening then reads it back."""
    shown_when_kept: list[bool] = []
    keep = ComparisonCache.put

    def put(cache: ComparisonCache, *args: object) -> None:
        screen = app.screen
        shown = isinstance(screen, CompareScreen) and screen.engine_result is not None
        keep(cache, *args)
        shown_when_kept.append(shown)  # once written: the worker keeps it while the test goes on

    monkeypatch.setattr(ComparisonCache, "put", put)
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    app = CyberreadApp(library, compare=(a, b))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for_comparison(pilot, screen)
        for _ in range(250):  # the worker keeps it after showing it: up to 5 s on a loaded machine
            if shown_when_kept:
                break
            await pilot.pause(0.02)
    assert shown_when_kept == [True]
    assert ComparisonCache(library.cache_folder).get(a.body, b.body, screen.settings) == screen.engine_result


async def test_keys_typed_while_comparing_are_held_not_refused(library, monkeypatch) -> None:
    # Each key that needs the comparison said so in its own notice, and some said something else ("Select
    # a pair first", "No verdict of this visit to take back"): typed fast, fifteen notices covered a pane.
    # Then one notice said "Still comparing…" and the keys were lost. They are held, and done in order
    # once the comparison is shown.
    release = threading.Event()

    def held(folder, a, b, settings, cancel=never, progress=quiet, warn=None, later=now):
        release.wait(10)
        return compare_pair(folder, a, b, settings, cancel, later=later)

    monkeypatch.setattr(compare_module, "compare_pair", held)
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            await pilot.press("j", "n", "n", "s")
            await pilot.pause(0.2)
            assert [str(n.message) for n in app._notifications] == []
            assert screen.comparison is None and screen.selection is None
            assert screen.view("a").scroll_y == 1 and screen.synchronised  # j answered at once, s held
            release.set()
            await wait_for_comparison(pilot, screen)
            await pilot.pause(0.3)
            assert screen.selection is not None and (screen.selection.kind, screen.selection.index) == ("match", 1)
            assert not screen.synchronised
    finally:
        release.set()
