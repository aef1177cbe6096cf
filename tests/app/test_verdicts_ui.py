"""The compare screen's quotes, weighty omissions and the reader's verdicts, pressed as a user would."""

from __future__ import annotations

from cyberread.app import CyberreadApp
from cyberread.engine.align.result import LeftOut
from cyberread.screens.compare import Selection
from cyberread.store.library import Library
from cyberread.store.verdicts import VerdictStore
from cyberread.widgets.pair_text import MISQUOTE_MARK, QUOTE_MARK
from tests.app.test_compare import open_johannesburg


async def test_quotes_weights_and_a_rejection_that_survives_a_restart(library: Library) -> None:
    app = CyberreadApp(library)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        comparison = screen.comparison
        assert comparison is not None
        # Sputnik (b) quotes Wang where the Global Times paraphrases: the gutter says so
        marks_b = {h.mark for h in screen.view("b").highlights}
        assert QUOTE_MARK in marks_b or MISQUOTE_MARK in marks_b
        await pilot.press("m")
        assert screen.selection is not None and screen.selection.kind == "match"
        assert comparison.matches[screen.selection.index].quote in {"misquote", "reworded", "one_side"}
        # o walks what Sputnik left out heaviest first: the passage naming the most comes first
        await pilot.press("o")
        passages = comparison.a_only
        weights = [p.weight for p in passages if isinstance(p, LeftOut)]
        assert screen.selection == Selection("a_only", weights.index(max(weights)))
        await pilot.press("o")
        assert screen.selection is not None
        second = weights[screen.selection.index]
        assert second <= max(weights) and second == sorted(weights, reverse=True)[1]
        # w switches o to reading order: the next left-out passage down the page
        at = screen.selection.index
        await pilot.press("w")
        await pilot.press("o")
        assert screen.selection == Selection("a_only", (at + 1) % len(passages))
        # reject the second pair
        await pilot.press("n", "n")
        rejected = comparison.matches[1]
        await pilot.press("minus")
        await pilot.pause()
        assert screen.comparison is not None and rejected.a in [m.a for m in screen.comparison.rejected]
        assert rejected.a not in [m.a for m in screen.comparison.matches]
    # quit and compare again: still rejected
    app = CyberreadApp(library)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        assert screen.comparison is not None
        assert rejected.a in [m.a for m in screen.comparison.rejected]
        await pilot.press("u")  # this visit made no verdict: nothing to take back
        assert len(VerdictStore(library).list(screen.articles["a"].id, screen.articles["b"].id)) == 1


async def test_accept_link_and_undo(library: Library) -> None:
    app = CyberreadApp(library)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        await pilot.press("n", "plus")
        await pilot.pause()
        assert screen.comparison is not None and screen.comparison.matches[0].verdict == "accepted"
        await pilot.press("u")
        await pilot.pause()
        assert screen.comparison.matches[0].verdict is None
        assert screen.selection == Selection("match", 0)  # the pair stays selected
        # a pair rejected and taken back is in view again, selected
        await pilot.press("n")
        second = screen.comparison.matches[1]
        await pilot.press("minus")
        await pilot.pause()
        assert second.a not in [m.a for m in screen.comparison.matches]
        await pilot.press("u")
        await pilot.pause()
        assert screen.selection is not None and screen.comparison.matches[screen.selection.index].a == second.a
        # link a's first left-out passage with b's first left-out passage
        a_first, b_first = screen.comparison.a_only[0], screen.comparison.b_only[0]
        screen.select(Selection("a_only", 0))
        await pilot.press("equals_sign", "tab")
        screen.select(Selection("b_only", 0))
        await pilot.press("equals_sign")
        await pilot.pause()
        linked = [m for m in screen.comparison.matches if m.verdict == "linked"]
        assert len(linked) == 1
        assert linked[0].a[0].start == a_first.start and linked[0].b[0].start == b_first.start


async def test_a_passage_chosen_in_the_jump_list_is_linked_from_its_own_pane(library: Library) -> None:
    # Chosen in the list, the passage was selected while the other pane kept the keys, and = said
    # "select a passage in this pane first".
    app = CyberreadApp(library)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_johannesburg(pilot)
        b_first = screen.comparison.b_only[0]
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("b", "enter")  # b: the passages only b carries
        await pilot.pause()
        assert screen.selection == Selection("b_only", 0) and screen.focused_side == "b"
        await pilot.press("equals_sign", "tab")
        screen.select(Selection("a_only", 0))
        await pilot.press("equals_sign")
        await pilot.pause()
        (linked,) = [m for m in screen.comparison.matches if m.verdict == "linked"]
        assert linked.b[0].start == b_first.start
