"""Pilot tests of the collation and stories screens: three accounts marked in the library and `c`, the
presence matrix read down the page, another base, one pair opened at a passage; the library's stories."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from cyberread.app import CyberreadApp
from cyberread.engine.ingest.articles import load_article
from cyberread.screens.collation import CollationScreen
from cyberread.screens.compare import CompareScreen
from cyberread.screens.picker import BasePicker
from cyberread.screens.stories import StoriesScreen
from cyberread.store.library import Library
from tests.conftest import seed_path
from tests.unit.test_collate import THIRD


@pytest.fixture
def three(library: Library) -> Library:
    library.add(load_article(THIRD))
    return library


async def wait_until(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def open_collation(pilot) -> CollationScreen:
    """Mark the Global Times, Sputnik and wire accounts, as a user would, and press c."""
    await pilot.press("slash", *"patrushev", "enter", "space", "escape")
    await pilot.press("slash", *"cyberarms", "enter", "space", "escape")
    await pilot.press("slash", *"pretoria", "enter", "space", "c")
    screen = pilot.app.screen
    assert isinstance(screen, CollationScreen)
    await wait_until(pilot, lambda: screen.collation is not None)
    await pilot.pause()
    return screen


def row_of(screen: CollationScreen, text: str) -> int:
    return next(i for i, p in enumerate(screen.collation.passages) if p.span.text.startswith(text))


async def test_three_marks_open_the_collation_and_enter_opens_a_pair_at_the_passage(three: Library) -> None:
    global_times, sputnik, wire = (load_article(p).id for p in (seed_path("001"), seed_path("004"), THIRD))
    app = CyberreadApp(three)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_collation(pilot)
        assert [a.id for a in screen.articles] == [global_times, sputnik, wire]
        assert screen.base == 0
        row = row_of(screen, "Wang, member of the Political Bureau")
        passage = screen.collation.passages[row]
        assert (passage.carriage(1), passage.carriage(2)) == ("reworded", "verbatim")
        # Down the page to that passage, across to the wire account, enter.
        await pilot.press(*["j"] * row, "l")
        assert screen.selected_passage() == passage and screen.others[screen.column] == 2
        await pilot.press("enter")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert (compare.articles["a"].id, compare.articles["b"].id) == (global_times, wire)
        await wait_until(pilot, lambda: compare.selection is not None)
        match = compare.comparison.matches[compare.selection.index]
        assert match.a[0].start <= passage.span.start < match.a[-1].end
        assert match.kind == "verbatim"
        await pilot.press("q")
        assert app.screen is screen


async def test_b_reads_the_others_against_another_account(three: Library) -> None:
    app = CyberreadApp(three)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_collation(pilot)
        await pilot.press("l")  # the cursor on the wire account
        await pilot.press("b")
        assert isinstance(app.screen, BasePicker)
        await pilot.press("down", "enter")
        assert app.screen is screen and screen.base == 1
        assert all(p.account == 1 for p in screen.collation.passages)
        assert screen.others == [0, 2] and screen.others[screen.column] == 2  # still on the wire account
        summary = str(screen.query_one("#collation-accounts").render())
        assert "Global Times" in summary and "Wire Desk" in summary and "Sputnik" not in summary


async def open_stories(pilot) -> StoriesScreen:
    """From the library, t, once the stories are listed."""
    await pilot.pause()
    await pilot.press("t")
    screen = pilot.app.screen
    assert isinstance(screen, StoriesScreen)
    await wait_until(pilot, lambda: bool(screen.stories))
    return screen


async def test_the_stories_screen_groups_the_speech_and_opens_it(library: Library) -> None:
    app = CyberreadApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_stories(pilot)
        assert {*screen.stories[0].articles} == {load_article(seed_path(p)).id for p in ("001", "004")}
        await pilot.press("enter")
        assert isinstance(app.screen, CompareScreen)


def test_collation_snapshot_80x24(snap_compare, three: Library) -> None:
    articles = [load_article(p) for p in (seed_path("001"), seed_path("004"), THIRD)]
    app = CyberreadApp(three)

    async def settle(pilot) -> None:
        pilot.app.collate(articles)
        await pilot.pause()
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.collation is not None)
        await pilot.press("j", "j", "j", "l")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


async def test_a_story_of_three_is_collated_against_the_account_it_is_named_after(three: Library) -> None:
    # It was read against the earliest account, while the list named the story after another.
    app = CyberreadApp(three)
    async with app.run_test(size=(100, 30)) as pilot:
        story = (await open_stories(pilot)).stories[0]
        assert len(story.articles) == 3
        await pilot.press("enter")
        collation = app.screen
        assert isinstance(collation, CollationScreen)
        assert collation.articles[collation.base].title == story.title


async def test_marks_a_filter_hides_are_said_to_count_and_g_G_go_to_the_ends(three: Library) -> None:
    app = CyberreadApp(three)
    async with app.run_test(size=(80, 24)) as pilot:
        library = app.screen
        await pilot.press("slash", *"patrushev", "enter", "space", "escape")
        await pilot.press("slash", *"cyberarms", "enter", "space")
        status = str(library.query_one("#library-status").render())
        assert "2 marked, 1 hidden by the filter" in status
        await pilot.press("M")
        assert library.marked == [] and "marked" not in str(library.query_one("#library-status").render())
        await pilot.press("escape")
        screen = await open_collation(pilot)
        options = screen.query_one("#passages", OptionList)
        await pilot.press("G")
        assert options.highlighted == options.option_count - 1 > 0
        await pilot.press("g")
        assert options.highlighted == 0


async def test_the_passages_are_wrapped_again_when_the_keys_panel_narrows_the_list(three: Library) -> None:
    app = CyberreadApp(three)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_collation(pilot)
        options = screen.query_one("#passages", OptionList)
        wide = options.scrollable_content_region.width
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: options.scrollable_content_region.width < wide)
        await pilot.pause(0.2)
        width = options.scrollable_content_region.width
        for index in range(options.option_count):
            prompt = options.get_option_at_index(index).prompt
            assert all(line.cell_len <= width for line in prompt.split("\n")), prompt


async def test_enter_and_q_typed_together_open_the_pair_and_close_it(three: Library) -> None:
    # The list's selection was a message handled after the keys behind it: `q` closed the collation
    # first, and the pair then opened over the library, the collation gone.
    from textual import events

    app = CyberreadApp(three)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_collation(pilot)
        await pilot.press("j", "j")
        opened = []
        open_pair = app.compare_at

        def recorded(*args) -> None:
            opened.append(args)
            open_pair(*args)

        app.compare_at = recorded  # the pair is opened and closed between two looks at the screens
        app.post_message(events.Key("enter", "\r"))  # as a terminal sends a burst: both read at once
        app.post_message(events.Key("q", "q"))

        def back_from_the_pair() -> bool:
            return (
                bool(opened)
                and app.screen is screen
                and not any(isinstance(s, CompareScreen) for s in app.screen_stack)
            )

        await wait_until(pilot, back_from_the_pair)
        await pilot.pause(0.3)
        assert app.screen is screen and not any(isinstance(s, CompareScreen) for s in app.screen_stack)


async def test_a_passage_the_base_lacks_says_it_is_its_accounts_own(three: Library) -> None:
    # On a row of "Passages the base lacks", the account telling it read "does not carry this passage"
    # while its marker said it carried it; enter then said "This passage is that account's own".
    from cyberread.engine.corpus.collate import collate

    app = CyberreadApp(three)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_collation(pilot)
        screen.base, screen.column = 1, 0  # Sputnik the base, the cursor on the Global Times
        screen.collation = collate(screen.articles, screen.pairs, 1)
        await pilot.pause()
        options = screen.query_one("#passages", OptionList)
        shared = next(i for i in range(options.option_count) if (options.get_option_at_index(i).id or "")[:1] == "s")
        passage = screen.collation.shared[int(options.get_option_at_index(shared).id[1:])]
        assert passage.account == 0
        options.highlighted = shared
        await pilot.pause()
        said = str(screen.query_one("#collation-status").render())
        assert "tells this passage, which the base lacks" in said and "does not carry" not in said
