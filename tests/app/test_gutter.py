"""The gutter of a pane: a numbered pair's own mark beside its number, and a "+" where more pairs start
on the same line."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult

from cyberread.widgets.passage_view import Highlight, PassageView

BODY = '"These are legitimate targets," a senior official said. "Every litre counts." Then more text came.'
PLAIN, MISQUOTE = Style(color="green"), Style(color="red")


class GutterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PassageView(BODY, id="view")


async def test_two_pairs_starting_on_one_line_show_the_first_with_its_own_mark_and_a_plus() -> None:
    # The gutter read "7≠": pair 7's number with pair 8's misquote mark, and no sign of pair 8.
    second = BODY.index('"Every')
    app = GutterApp()
    async with app.run_test(size=(120, 10)) as pilot:
        view = app.query_one(PassageView)
        view.set_highlights(
            [
                Highlight(0, second - 1, PLAIN, key=7, mark="▌", badge="7"),
                Highlight(second, len(BODY), MISQUOTE, key=8, mark="≠", badge="8"),
                Highlight(len(BODY) - 5, len(BODY), PLAIN, key=12, mark="▌", badge="12"),  # a two-digit badge
            ]
        )
        await pilot.pause()
        first_line = view.render_line(0).text
        assert first_line.startswith("7+▌")
