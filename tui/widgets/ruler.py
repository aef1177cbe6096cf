"""An overview ruler: one column beside a PassageView showing where, in the whole article, the matches
(in their colours) and the left-out passages lie, and which stretch the view shows. A click jumps."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from .passage_view import PassageView


@dataclass(frozen=True)
class RulerMark:
    """A stretch of the body, [start, end) in characters, and the colour it shows in the ruler."""

    start: int
    end: int
    style: Style


class OverviewRuler(Widget):
    """The whole of `view`'s article squeezed into the ruler's height."""

    DEFAULT_CSS = """
    OverviewRuler { width: 1; height: 1fr; }
    """

    @dataclass
    class Jump(Message):
        """The ruler was clicked: show `line` of the view."""

        ruler: OverviewRuler
        line: int

        @property
        def control(self) -> OverviewRuler:
            return self.ruler

    def __init__(self, view: PassageView, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = view
        self.marks: list[RulerMark] = []
        self.viewport_style = Style(bold=True)
        self._rows: tuple[tuple[int, int, int], list[Style | None]] | None = None
        """Each row's mark style, for (marks set, view's line count, height): worked out once, not per
        row per mark (8,000 marks of a long pair looked up on every row of every frame)."""

    def set_marks(self, marks: list[RulerMark]) -> None:
        self.marks = marks
        self._rows = None
        self.refresh()

    def _lines_per_row(self) -> float:
        return max(1, self.view.line_count) / max(1, self.size.height)

    def _row_styles(self) -> list[Style | None]:
        """The style of each row: the first mark (in the order set) that reaches into it."""
        key = (id(self.marks), self.view.line_count, self.size.height)
        if self._rows is not None and self._rows[0] == key:
            return self._rows[1]
        height, per_row = max(1, self.size.height), self._lines_per_row()
        rows: list[Style | None] = [None] * height
        lines = self.view.lines_of([n for mark in self.marks for n in (mark.start, max(mark.start, mark.end - 1))])
        for k, mark in enumerate(self.marks):
            start, end = lines[2 * k], lines[2 * k + 1] + 1
            # Rows y with y * per_row < end and (y + 1) * per_row > start.
            for y in range(max(0, math.floor(start / per_row)), min(height, math.ceil(end / per_row))):
                if rows[y] is None:
                    rows[y] = mark.style
        self._rows = (key, rows)
        return rows

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        per_row = self._lines_per_row()
        first, last = y * per_row, (y + 1) * per_row
        rows = self._row_styles()
        marked = rows[y] if 0 <= y < len(rows) else None
        style = base if marked is None else base + marked
        top = self.view.scroll_y
        in_view = top < last and first < top + self.view.view_height
        glyph = "┃" if in_view else " "
        return Strip([Segment(glyph, style + self.viewport_style if in_view else style)], 1)

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Jump(self, int(event.y * self._lines_per_row())))
