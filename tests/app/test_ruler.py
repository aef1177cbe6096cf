"""The overview ruler colours each row with the first mark reaching into it, worked out once for all
rows (the long pair's 8,000 marks were looked up per row per frame), as the per-row search did."""

from __future__ import annotations

import random

from rich.style import Style
from textual.app import App, ComposeResult
from textual.containers import Horizontal

from cyberread.widgets.passage_view import PassageView
from cyberread.widgets.ruler import OverviewRuler, RulerMark

BODY = "\n\n".join(
    " ".join(random.Random(n).choice(["talks", "in", "Geneva", "resumed"]) for _ in range(60)) for n in range(80)
)


class RulerApp(App[None]):
    def compose(self) -> ComposeResult:
        view = PassageView(BODY, id="view")
        with Horizontal():
            yield view
            yield OverviewRuler(view, id="ruler")


def _per_row(ruler: OverviewRuler, y: int) -> Style | None:
    per_row = ruler._lines_per_row()
    first, last = y * per_row, (y + 1) * per_row
    for mark in ruler.marks:
        start, end = ruler.view.line_of(mark.start), ruler.view.line_of(max(mark.start, mark.end - 1)) + 1
        if start < last and end > first:
            return mark.style
    return None


async def test_each_row_takes_the_first_mark_reaching_into_it() -> None:
    app = RulerApp()
    async with app.run_test(size=(60, 30)) as pilot:
        ruler = app.query_one(OverviewRuler)
        chooser = random.Random(5)
        styles = [Style(color=colour) for colour in ("red", "green", "blue", "yellow")]
        marks = []
        for _ in range(300):
            start = chooser.randrange(len(BODY))
            marks.append(RulerMark(start, min(len(BODY), start + chooser.randrange(1, 900)), chooser.choice(styles)))
        ruler.set_marks(marks)
        await pilot.pause()
        rows = ruler._row_styles()
        assert len(rows) == ruler.size.height
        assert rows == [_per_row(ruler, y) for y in range(ruler.size.height)]
        ruler.set_marks(marks[:5])
        assert ruler._row_styles() == [_per_row(ruler, y) for y in range(ruler.size.height)]
