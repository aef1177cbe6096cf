"""A scrolling view of an article body that renders only its visible lines, with styled, clickable regions
(matched passages, left-out passages, noted passages) and a gutter that marks them without colour."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..engine.text.safe import terminal_text

GUTTER_WIDTH = 2
"""The gutter's width without badges: a mark and a space."""


@dataclass(frozen=True)
class Highlight:
    """A styled stretch of the body: [start, end) in character offsets, with a gutter mark."""

    start: int
    end: int
    style: Style
    key: object = None
    """What the region stands for (a match index, a left-out passage); given back when it is clicked."""
    mark: str = ""
    mark_style: Style | None = None
    selected_style: Style | None = None
    """How the highlight looks while selected; the view's `selected_style` when None."""
    badge: str = ""
    """A short label (a pair's number) drawn in the gutter on the highlight's first line."""
    badge_style: Style | None = None
    beside: bool = False
    """Whether the mark goes beside the mark of the region under it (a note on a left-out passage shows
    "»✎"), rather than in its place (where "✎" alone hid that the passage was left out)."""


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    paragraph_end: bool


# Untrusted text reaches the terminal only through engine.text.safe; the old name stays for callers.
visible_text = terminal_text


def wrap_body(body: str, width: int) -> list[_Line]:
    """Lines of at most `width` cells as character ranges of `body`, breaking at spaces; paragraphs are
    separated by one blank line."""
    width = max(8, width)
    lines: list[_Line] = []
    position = 0
    paragraphs = body.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        start = position
        end = start + len(paragraph)
        lines.extend(_wrap_paragraph(body, start, end, width))
        if number < len(paragraphs) - 1:
            lines.append(_Line(end, end, True))
        position = end + 2
    return lines


def _wrap_paragraph(body: str, start: int, end: int, width: int) -> list[_Line]:
    lines = []
    line_start = start
    while line_start < end:
        cut, last_space = _line_reach(body, line_start, end, width)
        if cut < end and body[cut] == "\n":
            lines.append(_Line(line_start, cut, False))
            line_start = cut + 1
            continue
        if cut < end and last_space > line_start:
            cut = last_space + 1  # break after the space; a word longer than the line is cut hard
        cut = max(cut, line_start + 1)
        lines.append(_Line(line_start, cut, False))
        line_start = cut
    return lines or [_Line(start, start, False)]


def _line_reach(body: str, line_start: int, end: int, width: int) -> tuple[int, int]:
    """Where a line from `line_start` must end: at a newline, or at the first character past `width`
    cells (or `end`); and the last space before that (-1 if none)."""
    reach = min(end, line_start + width + 1)
    if body.isascii() or body[line_start:reach].isascii():
        # One cell a character: found by slicing, not a character at a time (the long pair's body took
        # 0.045-0.095 s a wrap, and the compare screen wraps each body at each width it is laid out at).
        newline = body.find("\n", line_start, reach)
        if newline >= 0:
            return newline, -1
        cut = min(end, line_start + width)
        return cut, body.rfind(" ", line_start, cut)
    cells = 0
    cut = line_start
    last_space = -1
    while cut < end:
        char = body[cut]
        if char == "\n":
            break
        cells += cell_len(char) if not char.isascii() else 1
        if cells > width:
            break
        if char == " ":
            last_space = cut
        cut += 1
    return cut, last_space


class PassageView(ScrollView, can_focus=True, inherit_bindings=False):
    """An article body with highlights; renders only the lines on screen. It binds no keys itself (the
    screen decides what scrolls it), so the key panel lists the screen's keys, not generic ones."""

    DEFAULT_CSS = """
    PassageView { height: 1fr; padding: 0 1; }
    """

    selected_key: reactive[object] = reactive(None)
    """The key of the selected highlight; it is drawn with `selected_style` on top of its own."""

    @dataclass
    class Scrolled(Message):
        """The view scrolled; `top` is the character offset of its first visible line."""

        view: PassageView
        top: int

        @property
        def control(self) -> PassageView:
            return self.view

    @dataclass
    class HighlightClicked(Message):
        """A highlight was clicked."""

        view: PassageView
        key: object
        offset: int

        @property
        def control(self) -> PassageView:
            return self.view

    def __init__(
        self,
        body: str = "",
        highlights: list[Highlight] | tuple[Highlight, ...] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._body = visible_text(body.replace("\r", "\n"))
        self._highlights: list[Highlight] = []
        self._starts: list[int] = []
        self._lines: list[_Line] = []
        self._line_starts: list[int] = []
        self._wrap_width = -1
        self.selected_style = Style(reverse=True)
        self.emphasis: list[tuple[int, int, Style]] = []
        """Stretches drawn with an extra style on top of their highlight (a pair's changed words)."""
        self._gutter_width = GUTTER_WIDTH
        self.set_highlights(highlights)

    @property
    def body(self) -> str:
        return self._body

    def set_body(self, body: str, highlights: list[Highlight] | tuple[Highlight, ...] = ()) -> None:
        self._body = visible_text(body.replace("\r", "\n"))
        self._wrap_width = -1
        self._lines = []  # another text: no place in it to keep
        self.set_highlights(highlights)
        self.scroll_to(0, 0, animate=False)

    def set_highlights(self, highlights: list[Highlight] | tuple[Highlight, ...]) -> None:
        self._highlights = sorted(highlights, key=lambda h: (h.start, h.end))
        self._starts = [h.start for h in self._highlights]
        gutter = GUTTER_WIDTH + max((len(h.badge) for h in self._highlights), default=0)
        if gutter != self._gutter_width:
            self._gutter_width = gutter
            self._wrap_width = -1
        self.refresh()

    @property
    def highlights(self) -> list[Highlight]:
        return self._highlights

    def watch_selected_key(self) -> None:
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self, self.top_offset))

    # Layout

    def _ensure_wrapped(self) -> None:
        width = max(1, self.scrollable_content_region.width - self._gutter_width)
        if width == self._wrap_width:
            return
        # The text first in view before the lines wrap anew stays first after: a resize keeps the
        # reader's place, not the line number, which now holds other words.
        top = round(self.scroll_y)
        kept = self._lines[min(top, len(self._lines) - 1)].start if self._lines and top else None
        self._wrap_width = width
        self._lines = wrap_body(self._body, width)
        self._line_starts = [line.start for line in self._lines]
        self.virtual_size = Size(width + self._gutter_width, len(self._lines))
        if kept is not None:
            self.scroll_to(y=self.line_of(kept), animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_wrapped()
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The wrapped line holding character `offset`."""
        self._ensure_wrapped()
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def lines_of(self, offsets: list[int]) -> list[int]:
        """`line_of` for many offsets, the wrapping checked once."""
        self._ensure_wrapped()
        starts = self._line_starts
        return [max(0, bisect.bisect_right(starts, offset) - 1) for offset in offsets]

    def offset_at_line(self, line: int) -> int:
        self._ensure_wrapped()
        if not self._lines:
            return 0
        return self._lines[max(0, min(line, len(self._lines) - 1))].start

    @property
    def line_count(self) -> int:
        self._ensure_wrapped()
        return len(self._lines)

    @property
    def view_height(self) -> int:
        """How many lines the view shows at once."""
        return max(1, self.scrollable_content_region.height)

    @property
    def last_top(self) -> int:
        """The largest first visible line: the view scrolled to the end."""
        return max(0, self.line_count - self.view_height)

    def scroll_to_line(self, top: float) -> None:
        """Put line `top` (clamped to the scroll range) first in view, now rather than after a refresh,
        so whatever reads the position next sees it."""
        self.scroll_to(y=max(0.0, min(float(self.last_top), top)), animate=False, immediate=True)

    def scroll_to_offset(self, offset: int, *, animate: bool = False, center: bool = True) -> None:
        """Bring character `offset` into view (a third from the top, or just inside the window)."""
        line = self.line_of(offset)
        height = self.scrollable_content_region.height
        top = line - height // 3 if center else line
        if center or not (self.scroll_y <= line < self.scroll_y + height):
            self.scroll_to(y=max(0, top), animate=animate, immediate=True)

    @property
    def top_offset(self) -> int:
        """The character offset of the first visible line."""
        return self.offset_at_line(round(self.scroll_y))

    def highlight_at(self, offset: int) -> Highlight | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        # Highlights may nest (a noted passage inside a match): take the innermost that holds the offset.
        best = None
        for highlight in self._highlights[max(0, index - 8) : index + 1]:
            if highlight.start <= offset < highlight.end and (best is None or highlight.start >= best.start):
                best = highlight
        return best

    # Rendering

    def render_line(self, y: int) -> Strip:
        self._ensure_wrapped()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        segments = self._gutter(line, base)
        segments.extend(self._line_segments(line, base))
        strip = Strip(segments)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _covering(self, start: int, end: int) -> list[Highlight]:
        index = bisect.bisect_left(self._starts, end)
        return [h for h in self._highlights[:index] if h.end > start and h.start < end][-16:]

    def _gutter(self, line: _Line, base: Style) -> list[Segment]:
        width = self._gutter_width
        badge_width = width - GUTTER_WIDTH
        blank = [Segment(" " * width, base)]
        if line.start == line.end:
            return blank
        covering = self._covering(line.start, line.end)
        badges = [h for h in covering if h.badge and line.start <= h.start < line.end]
        badge = badges[0] if badges else None
        marked = [h for h in covering if h.mark]
        regions, besides = [h for h in marked if not h.beside], [h for h in marked if h.beside]
        # The last region's mark (a match's, a left-out passage's), a note's beside it; a note alone
        # (the reader) takes the first column. Where a numbered pair starts on the line, its own mark:
        # two pairs starting on one line showed the first's number with the second's misquote mark.
        main = regions[-1] if regions else besides[-1] if besides else None
        if badge is not None and badge.mark and not badge.beside:
            main = badge
        if main is None:
            return blank
        style = self._mark_style(main, base)
        rest = GUTTER_WIDTH - 1
        second = (
            Segment(besides[-1].mark[:1].ljust(rest), self._mark_style(besides[-1], base))
            if regions and besides
            else Segment(" " * rest, style)
        )
        mark = [Segment(main.mark[:1], style), second]
        if badge is None:
            return [Segment(" " * badge_width, base), *mark]
        # More pairs start on this line: a "+" after the first's number, where the gutter has room.
        text = badge.badge + ("+" if len(badges) > 1 and len(badge.badge) < badge_width else "")
        return [Segment(text.rjust(badge_width), base + (badge.badge_style or style)), *mark]

    def _mark_style(self, highlight: Highlight, base: Style) -> Style:
        style = base + (highlight.mark_style or highlight.style)
        if highlight.key == self.selected_key and highlight.key is not None:
            style += Style(bold=True)
        return style

    def _line_segments(self, line: _Line, base: Style) -> list[Segment]:
        if line.start == line.end:
            return []
        covering = self._covering(line.start, line.end)
        cuts = {line.start, line.end}
        for highlight in covering:
            cuts.update(c for c in (highlight.start, highlight.end) if line.start < c < line.end)
        emphasis = self.emphasis
        for start, end, _ in emphasis:
            cuts.update(c for c in (start, end) if line.start < c < line.end)
        points = sorted(cuts)
        segments = []
        for start, end in zip(points, points[1:], strict=False):
            style = base
            for highlight in covering:
                if highlight.start <= start and end <= highlight.end:
                    style += highlight.style
                    if highlight.key is not None and highlight.key == self.selected_key:
                        style += highlight.selected_style or self.selected_style
            for stress_start, stress_end, stress in emphasis:
                if stress_start <= start and end <= stress_end:
                    style += stress
            segments.append(Segment(self._body[start:end], style))
        return segments

    # Interaction

    def on_click(self, event: events.Click) -> None:
        offset = self._offset_at(event.x, event.y)
        if offset is None:
            return
        highlight = self.highlight_at(offset)
        self.post_message(self.HighlightClicked(self, highlight.key if highlight else None, offset))

    def _offset_at(self, x: int, y: int) -> int | None:
        self._ensure_wrapped()
        region: Region = self.scrollable_content_region
        row = y - (region.y - self.region.y) + round(self.scroll_y)
        if not 0 <= row < len(self._lines):
            return None
        line = self._lines[row]
        column = x - (region.x - self.region.x) - self._gutter_width + round(self.scroll_x)
        cells = 0
        for offset in range(line.start, line.end):
            cells += cell_len(self._body[offset])
            if cells > column:
                return offset
        return max(line.start, line.end - 1)
