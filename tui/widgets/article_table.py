"""A table that renders only the rows on screen, fetched as they are needed, so a library of 100,000
articles opens as fast as one of ten. It looks and steers like a row-cursor DataTable."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowT = TypeVar("RowT")


def checked_index(index: int, length: int) -> int:
    """A sequence's index as `list` reads it: from the end where negative, IndexError outside."""
    if index < 0:
        index += length
    if not 0 <= index < length:
        raise IndexError(index)
    return index


class PagedRows(Sequence[RowT], Generic[RowT]):
    """A sequence over `ids` whose items are fetched a page at a time by `fetch` and cached, so only
    the pages someone looked at are in memory."""

    PAGE = 100
    PAGES_KEPT = 40

    def __init__(self, ids: Sequence[int], fetch: Callable[[Sequence[int]], list[RowT]]) -> None:
        self.ids = ids
        self._fetch = fetch
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> RowT: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowT]: ...
    def __getitem__(self, index: int | slice) -> RowT | list[RowT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        number, offset = divmod(checked_index(index, len(self.ids)), self.PAGE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(self.ids[number * self.PAGE : (number + 1) * self.PAGE])
            self._pages[number] = page
            if len(self._pages) > self.PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[offset]

    def __iter__(self) -> Iterator[RowT]:
        # Page by page without filling the cache: iterating a whole library stays small in memory.
        for start in range(0, len(self.ids), self.PAGE):
            yield from self._fetch(self.ids[start : start + self.PAGE])

    def forget(self) -> None:
        """Drop the fetched pages: the rows changed underneath (an import, an edit)."""
        self._pages.clear()


@dataclass
class Column:
    key: str
    label: str
    width: int
    """In cells, without the one-cell padding either side."""


class ArticleTable(ScrollView, Generic[RowT], can_focus=True):
    """Rows of cells with a row cursor and a header that can be clicked. The rows are any sequence;
    `cells` turns one into its cells and `row_key` names it."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # No enter: the screen says what enter means (its binding shows in the footer); a double click
        # still posts RowSelected.
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "Top", show=False),
        Binding("end,ctrl+end", "last", "Bottom", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--header",
        "article-table--cursor",
        "article-table--even-row",
        "article-table--odd-row",
    }
    # The same look as DataTable's, so the library reads as before.
    DEFAULT_CSS = """
    ArticleTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .article-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .article-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .article-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .article-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .article-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .article-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .article-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, always_update=True)
    """The index of the row under the cursor (0 when the table is empty)."""

    @dataclass
    class _RowMessage(Message):
        """A message about one row: which table, which row, and its key."""

        table: ArticleTable[Any]
        cursor_row: int
        row_key: str | None

        @property
        def control(self) -> ArticleTable[Any]:
            return self.table

    class RowSelected(_RowMessage):
        """Enter was pressed, or the row under the cursor clicked."""

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row."""

    @dataclass
    class HeaderSelected(Message):
        """A column's header was clicked."""

        table: ArticleTable[Any]
        column_key: str

        @property
        def control(self) -> ArticleTable[Any]:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[RowT], Sequence[Text]],
        row_key: Callable[[RowT], str | None],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self._cells = cells
        self._row_key = row_key
        self.rows: Sequence[RowT] = ()

    # The rows

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: Sequence[RowT], cursor_row: int = 0) -> None:
        """Show `rows` instead, with the cursor on `cursor_row`."""
        self.rows = rows
        self._update_virtual_size()
        self.cursor_row = cursor_row
        self.refresh()

    def key_at(self, index: int) -> str | None:
        if not 0 <= index < len(self.rows):
            return None
        return self._row_key(self.rows[index])

    def cells_at(self, index: int) -> Sequence[Text]:
        """The cells the row at `index` shows."""
        return self._cells(self.rows[index])

    def get_cell(self, row_key: str, column_key: str) -> Text:
        """The cell of the row named `row_key` in column `column_key`. Looks through every row: for
        tests and small tables, not for drawing."""
        column = [c.key for c in self.columns].index(column_key)
        for row in self.rows:
            if self._row_key(row) == row_key:
                return self._cells(row)[column]
        raise KeyError(row_key)

    def set_widths(self, widths: dict[str, int]) -> None:
        for column in self.columns:
            column.width = widths.get(column.key, column.width)
        self._update_virtual_size()
        self.refresh()

    def _update_virtual_size(self) -> None:
        width = sum(column.width + 2 for column in self.columns)
        self.virtual_size = Size(width, len(self.rows) + 1)

    # The cursor

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, row: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        if old != row or not self.rows:
            self.post_message(self.RowHighlighted(self, row, self.key_at(row)))

    def move_cursor(self, row: int) -> None:
        self.cursor_row = row

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        visible = self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._scroll_cursor_into_view()

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._visible_rows()

    def action_page_down(self) -> None:
        self.cursor_row += self._visible_rows()

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.key_at(self.cursor_row)))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + int(self.scroll_x)
            for column in self.columns:
                if x < column.width + 2:
                    self.post_message(self.HeaderSelected(self, column.key))
                    break
                x -= column.width + 2
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.rows):
            again = index == self.cursor_row
            self.cursor_row = index
            if again:
                self.action_select_cursor()

    # Drawing: only the lines on screen, one row each

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            style = self.get_component_rich_style("article-table--header")
            cells = [Text(column.label) for column in self.columns]
            return self._strip(cells, style, width, -1)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        style = self.get_component_rich_style("article-table--odd-row" if index % 2 else "article-table--even-row")
        if index == self.cursor_row:
            style += self.get_component_rich_style("article-table--cursor")
        return self._strip(self._cells(self.rows[index]), style, width, index)

    def _strip(self, cells: Sequence[Text], style: Style, width: int, index: int) -> Strip:
        console = self.app.console
        segments: list[Segment] = []
        for number, (column, cell) in enumerate(zip(self.columns, cells, strict=False)):
            cell = cell.copy()
            cell.truncate(column.width, overflow="ellipsis")
            room = column.width - cell.cell_len
            left, right = (room, 0) if cell.justify == "right" else (0, room)
            cell.pad_left(left + 1)
            cell.pad_right(right + 1)
            # Each cell its own style (the meta says where it is), as DataTable draws them.
            cell_style = style + Style.from_meta({"row": index, "column": number})
            # Text renders no style for stretches without spans: apply the cell's beneath them all.
            segments.extend(Segment.apply_style(cell.render(console), cell_style))
        used = sum(column.width + 2 for column in self.columns)
        segments.append(
            Segment(" " * max(0, width - used), style + Style.from_meta({"row": index, "out_of_bounds": True}))
        )
        x = int(self.scroll_x)
        return Strip(segments).crop(x, x + width).extend_cell_length(width, style).simplify()
