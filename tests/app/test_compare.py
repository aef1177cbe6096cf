"""Pilot tests of the compare screen: getting there, walking matches and left-out passages by key,
staying responsive while a long alignment runs."""

from __future__ import annotations

import random
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from textual.pilot import Pilot

from cyberread.app import CyberreadApp
from cyberread.engine.align.cancel import never, quiet
from cyberread.engine.align.compare import compare_articles
from cyberread.engine.ingest.articles import load_article, parse_text
from cyberread.screens import compare as compare_module
from cyberread.screens.compare import CompareScreen, Selection
from cyberread.screens.library import LibraryScreen
from cyberread.store.comparing import compare_pair, now
from cyberread.widgets.article_table import ArticleTable
from tests.conftest import seed_path


def word_salad(seed: int, paragraphs: int = 260, length: int = 40) -> str:
    """Distinct paragraphs of news-like words (cleaning drops repeated paragraphs)."""
    vocabulary = [
        "minister",
        "council",
        "border",
        "talks",
        "delegation",
        "agreement",
        "trade",
        "security",
        "energy",
        "water",
        "summit",
        "ceasefire",
        "election",
        "parliament",
        "budget",
        "president",
        "envoy",
        "sanctions",
        "treaty",
        "harbour",
        "railway",
        "drought",
        "refugees",
        "inflation",
        "tariffs",
        "exports",
        "reactor",
        "pipeline",
        "coalition",
        "opposition",
        "court",
        "verdict",
        "protest",
    ]
    chooser = random.Random(seed)
    return "\n\n".join(
        " ".join(chooser.choice(vocabulary) for _ in range(length)).capitalize() + "." for _ in range(paragraphs)
    )


async def wait_for_comparison(pilot, screen: CompareScreen) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if screen.comparison is not None:
            return
    raise AssertionError("the comparison did not finish")


@asynccontextmanager
async def seed_pair_at_third_pair(library, size: tuple[int, int]) -> AsyncIterator[tuple[Pilot, CompareScreen]]:
    """The seed pair compared in the app at `size`, its third pair selected with n, n, n."""
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for_comparison(pilot, screen)
        await pilot.press("n", "n", "n")
        yield pilot, screen


async def open_johannesburg(pilot) -> CompareScreen:
    """Mark the Global Times and the Sputnik accounts in the library and press c, as a user would."""
    await pilot.press("slash", *"patrushev", "enter", "space", "escape")
    await pilot.press("slash", *"cyberarms", "enter", "space", "c")
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for_comparison(pilot, screen)
    return screen


def selected_spans(screen: CompareScreen) -> dict[str, list[tuple[int, int]]]:
    """The spans each pane draws as selected."""
    return {
        side: [(h.start, h.end) for h in screen.view(side).highlights if h.key == screen.view(side).selected_key]
        for side in ("a", "b")
    }


async def test_marks_accumulate_in_order(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        first, second, third = (row.id for row in screen.rows[:3])
        await pilot.press("space", "space", "space")
        assert screen.marked == [first, second, third]
        assert str(screen.query_one(ArticleTable).get_cell(first, "mark")) == "a"
        assert str(screen.query_one(ArticleTable).get_cell(third, "mark")) == "c"
        await pilot.press("k", "space")  # unmarking one leaves the others
        assert screen.marked == [first, second]


async def test_c_with_fewer_than_two_marked_explains(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "c")
        assert isinstance(app.screen, LibraryScreen)


async def test_walking_the_johannesburg_pair(app: CyberreadApp) -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    expected = compare_articles(a, b)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        assert screen.articles["a"].id == a.id and screen.articles["b"].id == b.id
        assert screen.comparison == expected
        assert len(expected.matches) >= 2

        await pilot.press("n")
        assert screen.selection == Selection("match", 0)
        await pilot.press("n")
        assert screen.selection == Selection("match", 1)
        match = expected.matches[1]
        spans = selected_spans(screen)
        assert spans["a"] == [(s.start, s.end) for s in match.a]
        assert spans["b"] == [(s.start, s.end) for s in match.b]
        for side in ("a", "b"):  # both panes scrolled so the pair is in view
            view = screen.view(side)
            line = view.line_of(getattr(match, side)[0].start)
            assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height

        await pilot.press("N")
        assert screen.selection == Selection("match", 0)

        await pilot.press("o")  # pane a has focus: what Sputnik left out of the Global Times account
        assert screen.selection.kind == "a_only"
        left_out = expected.a_only[screen.selection.index]
        assert selected_spans(screen)["a"] == [(left_out.start, left_out.end)]

        await pilot.press("tab")
        assert screen.view("b").has_focus
        await pilot.press("o")  # now what the Global Times left out of the Sputnik account
        assert screen.selection.kind == "b_only"

        await pilot.press("n", "n", "n", "tab", "enter")
        assert screen.view("a").has_focus
        assert screen.selection == Selection("match", 2)
        partner = expected.matches[2].b[0]
        view_b = screen.view("b")
        line = view_b.line_of(partner.start)
        assert view_b.scroll_y <= line < view_b.scroll_y + view_b.scrollable_content_region.height


async def test_clicking_a_passage_selects_it_and_its_partner(app: CyberreadApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        view = screen.view("a")
        match = screen.comparison.matches[0]
        line = view.line_of(match.a[0].start) - round(view.scroll_y)
        await pilot.click(view, offset=(6, line))
        assert screen.selection == Selection("match", 0)


async def test_screen_answers_keys_while_a_long_alignment_runs(library, monkeypatch) -> None:
    long_a = parse_text("Long account one\n\n" + word_salad(1))
    long_b = parse_text("Long account two\n\n" + word_salad(2))
    assert long_a.words >= 10_000
    release = threading.Event()

    def slow_compare(folder, a, b, settings, cancel=never, progress=quiet, warn=None, later=now):
        release.wait(10)
        return compare_pair(folder, a, b, settings, cancel, progress, later=later)

    monkeypatch.setattr(compare_module, "compare_pair", slow_compare)
    app = CyberreadApp(library, compare=(long_a, long_b))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.comparison is None
        assert "Comparing" in str(screen.query_one("#summary").render())
        await pilot.press("j", "j", "j")
        assert screen.view("a").scroll_y == 3
        assert screen.comparison is None  # the keys were answered before the alignment ended
        release.set()
        await wait_for_comparison(pilot, screen)


async def test_leaving_before_the_alignment_ends_drops_it(library, monkeypatch) -> None:
    release = threading.Event()

    def slow_compare(folder, a, b, settings, cancel=never, progress=quiet, warn=None, later=now):
        release.wait(10)
        return compare_pair(folder, a, b, settings, cancel, progress, later=later)

    monkeypatch.setattr(compare_module, "compare_pair", slow_compare)
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    app = CyberreadApp(library, compare=(a, b))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        worker = next(iter(screen.workers))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert worker.is_cancelled
        release.set()
        await pilot.pause(0.2)
        assert screen.comparison is None


@pytest.mark.parametrize(("width", "stacked"), [(80, True), (120, False)])
async def test_panes_stack_on_narrow_terminals(library, width: int, stacked: bool) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=(width, 24)) as pilot:
        await wait_for_comparison(pilot, app.screen)
        screen = app.screen
        assert screen.has_class("-stacked") is stacked
        a, b = screen.query_one("#pane-a").region, screen.query_one("#pane-b").region
        assert (b.y > a.y) is stacked and (b.x > a.x) is (not stacked)
        assert a.height >= 5 and b.height >= 5


async def test_hostile_text_is_drawn_literally(library) -> None:
    a = parse_text(
        "[bold red]Loud[/] account\n\nThe minister said [@click=app.quit]talks[/] went well on Monday in Geneva.\n"
    )
    b = parse_text("Quiet account\n\nThe minister said talks went well on Monday in Geneva, officials confirmed.\n")
    app = CyberreadApp(library, compare=(a, b))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        assert "[bold red]Loud[/] account" in str(screen.query_one(".pane-title").render())
        text = screen.view("a").render_line(0).text
        assert "[@click=app.quit]talks[/]" in text
        await pilot.press("n")
        assert app.is_running


def test_compare_snapshot_120x40(snap_compare, library) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))

    async def settle(pilot) -> None:
        await wait_for_comparison(pilot, pilot.app.screen)
        await pilot.press("n", "n")

    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_compare_snapshot_80x24(snap_compare, library) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))

    async def settle(pilot) -> None:
        await wait_for_comparison(pilot, pilot.app.screen)
        await pilot.press("n")

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def in_view(screen: CompareScreen, side: str, start: int, end: int) -> bool:
    view = screen.view(side)
    top, bottom = view.line_of(start), view.line_of(end - 1)
    return view.scroll_y <= top and bottom < view.scroll_y + view.view_height


@pytest.mark.parametrize("size", [(140, 40), (120, 40), (80, 24)])
async def test_after_each_n_both_halves_of_the_pair_are_in_view_and_level(library, size) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        matches = screen.comparison.matches
        levelled = 0
        for index, match in enumerate(matches):
            await pilot.press("n")
            assert screen.selection == Selection("match", index)
            rows = {}
            for side in ("a", "b"):
                start, end = match.extent(side)
                view = screen.view(side)
                if view.line_of(end - 1) - view.line_of(start) < view.view_height:
                    assert in_view(screen, side, start, end), (index, side)
                rows[side] = view.line_of(start) - view.scroll_y
            room = all(screen.view(s).last_top >= screen.view(s).line_of(match.extent(s)[0]) for s in ("a", "b"))
            if room:
                assert rows["a"] == rows["b"], (index, rows)
            levelled += rows["a"] == rows["b"]
        assert levelled >= len(matches) - 2  # only pairs near the end of a text may not be levelled
        await pilot.pause()  # the scroll messages arrive: the panes stay where the pair put them
        last = matches[-1]
        assert in_view(screen, "a", *last.extent("a")) and in_view(screen, "b", *last.extent("b"))


async def test_a_resize_keeps_the_selected_pair_in_view(library) -> None:
    # Selected in a tiny window, the pair is the first thing in view; the panes then wrap their lines
    # anew at each size, and the pair the details panel describes must stay on screen.
    async with seed_pair_at_third_pair(library, (30, 10)) as (pilot, screen):
        match = screen.comparison.matches[2]
        for size in ((160, 45), (80, 24), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert screen.selection == Selection("match", 2)
            for side in ("a", "b"):
                start, _ = match.extent(side)
                view = screen.view(side)
                assert view.scroll_y <= view.line_of(start) < view.scroll_y + view.view_height, (size, side)


async def test_a_resize_keeps_the_text_first_in_view(library) -> None:
    # Nothing selected: the words at the top of a pane stay at its top, not its line number.
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        view = screen.view("a")
        view.scroll_to_line(12)
        await pilot.pause()
        first = view.top_offset
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        await pilot.pause()
        assert view.offset_at_line(round(view.scroll_y)) <= first < view.offset_at_line(round(view.scroll_y) + 1)


@pytest.mark.parametrize("size", [(140, 40), (80, 24)])
async def test_scrolling_together_is_monotonic_and_reaches_both_ends(library, size) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        a, b = screen.view("a"), screen.view("b")
        positions = [b.scroll_y]
        while a.scroll_y < a.last_top:
            await pilot.press("j")
            positions.append(b.scroll_y)
        assert positions == sorted(positions)
        assert b.scroll_y == b.last_top  # both ends together
        await pilot.press("g")
        assert a.scroll_y == 0 and b.scroll_y == 0
        await pilot.press("G")
        assert b.scroll_y == b.last_top
        await pilot.press("s", "g")
        assert "sync off" in str(screen.query_one("#summary").render())
        assert a.scroll_y == 0 and b.scroll_y == b.last_top  # no longer follows


async def test_pairs_carry_numbers_and_neighbours_differ_in_colour(library) -> None:
    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        matches = screen.comparison.matches
        for side in ("a", "b"):
            badges = {h.badge: h.start for h in screen.view(side).highlights if h.badge}
            assert badges == {str(i + 1): m.extent(side)[0] for i, m in enumerate(matches)}
        b_order = sorted(range(len(matches)), key=lambda i: matches[i].extent("b"))
        for order in (range(len(matches)), b_order):
            for left, right in zip(order, list(order)[1:], strict=False):
                assert screen.colours[left] != screen.colours[right]
        line = screen.view("a").line_of(matches[0].extent("a")[0]) - round(screen.view("a").scroll_y)
        assert screen.view("a").render_line(line).text.startswith("1▌")


async def test_the_selected_pair_shows_its_aligned_changes(library) -> None:
    async with seed_pair_at_third_pair(library, (80, 24)) as (pilot, screen):
        match = screen.comparison.matches[2]
        replaced = [op for op in match.differences.ops if op.tag == "replace"]
        assert replaced
        body_a, body_b = screen.articles["a"].body, screen.articles["b"].body
        old, new = body_a[slice(*replaced[0].a)], body_b[slice(*replaced[0].b)]
        details = str(screen.query_one("#pair-text").render())
        assert f"{old} → {new}" in details.replace("\n", " ")
        assert "score 0.29" in details or f"score {match.score:.2f}" in details
        assert (replaced[0].a[0], replaced[0].a[1]) in [(s, e) for s, e, _ in screen.view("a").emphasis]
        for key in ("n", "o", "a", "x", "?"):
            assert any(f"{key}" == str(k.key_display) for k in screen.query("FooterKey") if k.region.right <= 80)


async def test_the_jump_list_filters_and_jumps(library) -> None:
    from cyberread.screens.jump_list import JumpList

    app = CyberreadApp(library, compare=(load_article(seed_path("001")), load_article(seed_path("004"))))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for_comparison(pilot, screen)
        await pilot.press("l")
        jump = app.screen
        assert isinstance(jump, JumpList)
        total = len(screen.comparison.matches) + len(screen.comparison.a_only) + len(screen.comparison.b_only)
        assert len(jump.shown) == total
        await pilot.press(*"left", "space", "b")
        assert len(jump.shown) == len(screen.comparison.b_only)
        await pilot.press("down", "enter")
        assert app.screen is screen
        assert screen.selection == Selection("b_only", 1)
        start, end = screen.comparison.b_only[1].start, screen.comparison.b_only[1].end
        assert in_view(screen, "b", start, end)


async def test_q_closes_the_compare_screen(library) -> None:
    app = CyberreadApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        assert screen is not app.screen


def test_a_and_b_in_a_phrase_are_words_of_the_text_not_sides() -> None:
    from cyberread.screens.jump_list import JumpEntry, matches_filter

    pair = JumpEntry("match", 0, 0.5, "paraphrase", "Cybersecurity is a cornerstone of national security")
    only_b = JumpEntry("b_only", 0, None, "left-out", "A new battlefield in cyberspace")
    assert matches_filter(pair, "Cybersecurity is a cornerstone")  # found nothing: "a" kept only passages of a
    assert matches_filter(only_b, "a new battlefield") and not matches_filter(pair, "a new battlefield")
    assert matches_filter(only_b, "b") and not matches_filter(pair, "b")  # alone, still the side


def test_the_pair_list_filter_reads_both_halves_of_a_pair() -> None:
    # Only the left account's half was read: "willing", in the Global Times' half on the right, found
    # no pair.
    from cyberread.engine.align.compare import compare_texts
    from cyberread.engine.ingest.articles import load_article
    from cyberread.screens.jump_list import jump_entries, matches_filter
    from tests.conftest import seed_path

    sputnik, global_times = load_article(seed_path("004")), load_article(seed_path("001"))
    comparison = compare_texts(sputnik.body, global_times.body)
    entries = [e for e in jump_entries(comparison) if e.kind == "match"]
    only_in_b_half = [
        e
        for e, m in zip(entries, comparison.matches, strict=True)
        if "willing" in " ".join(s.text for s in m.b).lower() and "willing" not in " ".join(s.text for s in m.a).lower()
    ]
    assert only_in_b_half
    assert all(matches_filter(e, "willing") for e in only_in_b_half)


async def test_escape_closes_the_keys_panel_before_the_comparison(app: CyberreadApp) -> None:
    # With the keys panel open, escape left the compare screen and its place.
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_square_brackets_scroll_the_details_of_a_long_pair(library) -> None:
    # At 80x24 the details panel shows some four lines; a note under a pair's differences was cut off,
    # and no key scrolled it.
    async with seed_pair_at_third_pair(library, (80, 24)) as (pilot, screen):
        details = screen.query_one("#pair-details")
        await pilot.pause()
        assert details.max_scroll_y > 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert details.scroll_y > 0
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert details.scroll_y == 0


async def test_a_left_out_passage_chosen_in_the_list_is_in_view_at_80x24(library) -> None:
    # The pane the list left focused heard the scrolls first and led them: the other pane went to the
    # anchor of its position, and the passage chosen was below the view.
    from cyberread.engine.ingest.articles import load_article
    from tests.conftest import seed_path

    sputnik, global_times = (library.get(load_article(seed_path(p)).id) for p in ("004", "001"))
    app = CyberreadApp(library, compare=(sputnik, global_times))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await wait_for_comparison(pilot, screen)
        await pilot.press("l", *"Iran", "enter")
        await pilot.pause(0.5)
        selection = screen.selection
        assert selection is not None and selection.kind == "b_only"
        view = screen.view("b")
        first = view.line_of(screen.left_out("b")[selection.index].start)
        assert view.scroll_y <= first < view.scroll_y + view.view_height
        assert app.focused is view
