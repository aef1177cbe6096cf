"""The library screen: every article in a sortable table, filtered by full-text search as you type."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from cyberread.store.library import SORT_COLUMNS, ArticleRow, Library

_COLUMNS = (("mark", " "), ("title", "Title"), ("outlet", "Outlet"), ("date", "Date"), ("words", "Words"))
_FIXED_WIDTHS = {"mark": 1, "date": 10, "words": 7}
MARK_SYMBOLS = ("a", "b")


class LibraryScreen(Screen[None]):
    """Lists the library; `/` filters, `enter` reads."""

    BINDINGS = [
        # Priority: DataTable's own enter would otherwise hide "Read" from the footer and the palette.
        Binding("enter", "open", "Read", priority=True),
        Binding("space", "mark", "Mark"),
        Binding("c", "compare", "Compare marked"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("S", "reverse_sort", "Reverse", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    sort_column: reactive[str] = reactive("title")
    """The column the table is sorted by (one of the library's SORT_COLUMNS)."""
    descending: reactive[bool] = reactive(False)
    """Whether the sort runs from last to first."""
    search_text: reactive[str] = reactive("")
    """The full-text filter; empty shows the whole library."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.rows: list[ArticleRow] = []
        self.marked: list[str] = []
        """Ids of the marked articles, oldest first: at most two, the pair `c` compares."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-bar"):
            yield Static("cyberread", id="app-name")
            yield Static("", id="library-status")
        yield Input(placeholder="Search titles and text…", id="filter")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in _COLUMNS:
            table.add_column(label, key=key, width=_FIXED_WIDTHS.get(key, 20))
        self._fit_columns()
        self.reload()
        table.focus()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the title what the fixed columns leave, so the table never scrolls sideways."""
        table = self.query_one(DataTable)
        width = max(40, self.size.width - 2)
        outlet = min(26, max(12, width // 6))
        gaps = 2 * len(_COLUMNS)
        widths = dict(_FIXED_WIDTHS, outlet=outlet, title=width - outlet - sum(_FIXED_WIDTHS.values()) - gaps - 1)
        for key, column_width in widths.items():
            column = table.columns.get(key)
            if column is not None:
                column.width = column_width
                column.auto_width = False
        # DataTable re-measures its columns only when told its dimensions changed.
        table._require_update_dimensions = True
        table.refresh()

    def reload(self) -> None:
        """Fetch the rows again: after a search, a sort, or an import."""
        if self.search_text:
            self.rows = self.library.search(self.search_text)
        else:
            self.rows = self.library.rows(sort=self.sort_column, descending=self.descending)
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        current = self.selected_id
        table.clear()
        for row in self.rows:
            table.add_row(
                self._mark_cell(row.id),
                Text(row.title, no_wrap=True, overflow="ellipsis"),
                Text(row.outlet or "—", no_wrap=True, overflow="ellipsis"),
                Text(row.date or "—"),
                Text(f"{row.words:,}", justify="right"),
                key=row.id,
            )
        if current is not None:
            for index, row in enumerate(self.rows):
                if row.id == current:
                    table.move_cursor(row=index, animate=False)
                    break
        self._show_status()

    def _show_status(self) -> None:
        total = len(self.library)
        arrow = "↓" if self.descending else "↑"
        sort = f"sorted by {self.sort_column} {arrow}" if not self.search_text else "best matches first"
        shown = f"{len(self.rows):,} of {total:,}" if self.search_text else f"{total:,}"
        marked = f" · {len(self.marked)} marked" if self.marked else ""
        self.query_one("#library-status", Static).update(
            Text(f"{shown} articles · {sort}{marked}", no_wrap=True, overflow="ellipsis")
        )

    @property
    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    # Marking and comparing

    def _mark_cell(self, article_id: str) -> Text:
        if article_id in self.marked:
            return Text(MARK_SYMBOLS[self.marked.index(article_id)], style="bold reverse")
        return Text(" ")

    def action_mark(self) -> None:
        """Mark the article under the cursor, or unmark it; a third mark replaces the oldest."""
        article_id = self.selected_id
        if article_id is None:
            return
        before = set(self.marked)
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked.append(article_id)
            del self.marked[:-2]
        table = self.query_one(DataTable)
        for row_id in before | set(self.marked):
            if row_id in table.rows:  # a marked article may be filtered out of view
                table.update_cell(row_id, "mark", self._mark_cell(row_id))
        self.query_one(DataTable).action_cursor_down()
        self._show_status()

    def action_compare(self) -> None:
        if len(self.marked) < 2:
            self.notify("Mark two articles with space, then press c to compare them.")
            return
        articles = [self.library.get(article_id) for article_id in self.marked]
        if None in articles:
            self.notify("A marked article is no longer in the library.", severity="error")
            return
        self.app.compare(articles[0], articles[1])

    # Actions

    def action_open(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.query_one(DataTable).focus()
        elif (article_id := self.selected_id) is not None:
            self.app.open_article(article_id)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        self.query_one(DataTable).move_cursor(row=len(self.rows) - 1)

    def action_cycle_sort(self) -> None:
        names = list(SORT_COLUMNS)
        self.sort_column = names[(names.index(self.sort_column) + 1) % len(names)]

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column = key

    def watch_sort_column(self) -> None:
        if self.is_mounted:
            self.reload()

    def watch_descending(self) -> None:
        if self.is_mounted:
            self.reload()

    # Filtering

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.input.set_class(bool(event.value), "-active")
        self.search_text = event.value.strip()

    def watch_search_text(self) -> None:
        if self.is_mounted:
            self.reload()

    def key_escape(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            if filter_input.value:
                filter_input.value = ""
            self.query_one(DataTable).focus()
        elif filter_input.value:
            filter_input.value = ""
