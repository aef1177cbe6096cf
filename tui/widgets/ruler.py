"""An overview ruler: one column beside a PassageView showing where, in the whole article, the matches
(in their colours) and the left-out passages lie, and which stretch the view shows. A click jumps."""

from __future__ import annotations

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

    def set_marks(self, marks: list[RulerMark]) -> None:
        self.marks = marks
        self.refresh()

    def _lines_per_row(self) -> float:
        return max(1, self.view.line_count) / max(1, self.size.height)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        per_row = self._lines_per_row()
        first, last = y * per_row, (y + 1) * per_row
        style = base
        for mark in self.marks:
            start, end = self.view.line_of(mark.start), self.view.line_of(max(mark.start, mark.end - 1)) + 1
            if start < last and end > first:
                style = base + mark.style
                break
        top = self.view.scroll_y
        in_view = top < last and first < top + self.view.view_height
        glyph = "┃" if in_view else " "
        return Strip([Segment(glyph, style + self.viewport_style if in_view else style)], 1)

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Jump(self, int(event.y * self._lines_per_row())))
