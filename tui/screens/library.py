"""The library screen: every article in a sortable table, filtered by full-text search as you type.

The table holds only the order of the articles (their rowids); the rows it shows are fetched a page at
a time, so 100,000 articles open, sort and filter as fast as a few. On opening, only the first page of the
order is read before the first frame; the whole of it right after (or sooner, if a key needs it).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from ..engine.text.plural import counted
from ..engine.text.safe import terminal_text
from ..store.interface import Store
from ..store.library import SORT_COLUMNS, ArticleRow
from ..store.search_filters import only_left_out
from ..widgets.article_table import ArticleTable, Column, PagedRows
from ..widgets.filter_field import FilterField, ListFilterField
from ..widgets.key_order import BindingsAsSent, hand_keys_to
from ..widgets.keys_footer import KeysFooter
from .host import host, says_library_errors
from .library_order import OrderAfterFirstPage

_COLUMNS = (("mark", " "), ("title", "Title"), ("outlet", "Outlet"), ("date", "Date"), ("words", "Words"))
_FIXED_WIDTHS = {"mark": 1, "date": 10, "words": 7}


def _word_count(words: int) -> str:
    """A word count in the Words column's seven cells: "999,999", then "1.2M" (a file of up to 50 MB
    holds some 8 million words; "5,063,…" said less)."""
    return f"{words:,}" if words < 1_000_000 else f"{words / 1_000_000:.1f}M"


MARK_SYMBOLS = tuple("abcdefghijklmnopqrstuvwxyz")
"""Each mark shows its order: `c` reads the others against the first."""


class LibraryScreen(Screen[None]):
    """Lists the library; `/` filters, `enter` reads."""

    AUTO_FOCUS = "#articles"
    """Keys typed while the library opens go to the table, never into the filter."""

    BINDINGS = [
        # Not a priority binding: those run as the key arrives, ahead of keys still queued for the table,
        # so a fast "j j enter" opened the first row. The table leaves enter to the screen.
        Binding("enter", "open", "Read", id="library.read"),
        Binding("space", "mark", "Mark", id="library.mark"),
        Binding("M", "clear_marks", "Unmark all", show=False, id="library.clear_marks"),
        Binding(
            "c",
            "compare",
            "Compare",
            tooltip="Two marked: side by side. Three or more: the collation, read against the first marked.",
            id="library.compare_marked",
        ),
        Binding("t", "stories", "Stories", tooltip="The groups of articles reporting one event.", id="library.stories"),
        # A priority key: the app acts on it as it reads it, so the letters a fast typist sends after it
        # go to the filter, not to the table.
        Binding("slash", "filter", "Filter", key_display="/", priority=True, id="library.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False),
        Binding("s", "cycle_sort", "Sort", id="library.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="library.reverse"),
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("g", "first", "First", show=False, id="library.first"),
        Binding("G", "last", "Last", show=False, id="library.last"),
        Binding(
            "F",
            "feeds",
            "Feeds",
            tooltip="Follow feeds and update them, with progress.",
            show=False,
            id="library.feeds",
        ),
        Binding(
            "I",
            "feeds('import')",
            "Import a file or address",
            tooltip="Import a file, folder or web page in the background, with progress; escape cancels.",
            show=False,
            id="library.import",
        ),
        # Articles another process added (`cyberread add`, a feed update, a colleague on a shared
        # library) are read when the list is shown again, or at once with r.
        Binding("r", "reload", "Refresh", show=False, id="library.refresh"),
        Binding(
            "D",
            "remove",
            "Remove from the library",
            tooltip="Take the article under the cursor out of the library, a copy kept for `add`; its notes stay.",
            show=False,
            id="library.remove",
        ),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    sort_column: reactive[str] = reactive("title")
    """The column the table is sorted by (one of the library's SORT_COLUMNS)."""
    descending: reactive[bool] = reactive(False)
    """Whether the sort runs from last to first."""
    search_text: reactive[str] = reactive("")
    """The full-text filter; empty shows the whole library."""

    def __init__(self, library: Store) -> None:
        super().__init__()
        self.library = library
        self.rows: Sequence[ArticleRow | None] = ()
        """The rows shown, in order, fetched as they are looked at; None for one removed meanwhile."""
        self.total = 0
        """How many articles the library holds (counted on each reload)."""
        self.marked: list[str] = []
        """Ids of the marked articles, oldest first: `c` compares two, collates three or more."""
        self._resumed_before = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-bar"):
            yield Static("cyberread", id="app-name")
            yield Static("", id="library-status")
        yield ListFilterField("#articles", placeholder="Search titles and text…", id="filter")
        columns = [Column(key, label, _FIXED_WIDTHS.get(key, 20)) for key, label in _COLUMNS]
        yield _Articles(columns, self._cells, _row_key, id="articles")
        yield Static("No articles match.", id="library-empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._fit_columns()
        # The first frame needs one page of the order; all of it (0.04 s at 100,000 articles) is read
        # once the screen is up, or sooner where a key needs it (G, a page down past the first page).
        order = OrderAfterFirstPage(self.library, self.sort_column, self.descending, first=_FIRST_PAGE)
        self._show(order)
        self.set_timer(_COMPLETE_AFTER, lambda: self._complete_order(order))
        # Watched rather than told by a message: the rows are filtered as each key is typed into the field,
        # before the keys typed after it are handled (a space marks a row of the filtered list).
        self.watch(self.query_one(FilterField), "value", self._filter_changed, init=False)
        self.query_one(ArticleTable).focus()

    def _complete_order(self, order: OrderAfterFirstPage) -> None:
        if not (isinstance(self.rows, PagedRows) and self.rows.ids is order):
            return  # reloaded meanwhile (a search, a sort)
        if len(order.complete()) != order.counted:  # another process added or removed articles meanwhile
            self.reload()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the title what the fixed columns leave, so the table never scrolls sideways."""
        width = max(40, self.size.width - 2)
        outlet = min(26, max(12, width // 6))
        gaps = 2 * len(_COLUMNS)
        widths = dict(_FIXED_WIDTHS, outlet=outlet, title=width - outlet - sum(_FIXED_WIDTHS.values()) - gaps - 1)
        self.query_one(ArticleTable).set_widths(widths)

    @says_library_errors
    def reload(self) -> None:
        """Fetch the order of the rows again: after a search, a sort, or an import. A library that cannot
        be read now (a shared library's server gone) is said in a notice, the rows left as they were."""
        current = self.selected_id
        # A search filters the table and keeps its order: ranking 66,000 matches of 100,000 articles
        # costs 0.1 s a key, filtering the kept order 20 ms.
        ids = self.library.search_ids(self.search_text, self.sort_column, self.descending)
        cursor = 0
        if current is not None and (rowid := self.library.rowid_of(current)) is not None:
            try:
                cursor = ids.index(rowid)
            except ValueError:
                pass
        self._show(ids, cursor)

    def _show(self, ids: Sequence[int], cursor: int = 0) -> None:
        self.total = len(self.library)
        self.rows = PagedRows(ids, self.library.rows_by_ids)
        self.query_one(ArticleTable).set_rows(self.rows, cursor_row=cursor)
        empty = self.query_one("#library-empty", Static)
        empty.display = not self.rows
        if not self.rows:
            # As `cyberread list` says it: a search of words to leave out alone finds nothing.
            hint = " Name a word to find besides those to leave out (`china -xinhua`)."
            empty.update("No articles match." + (hint if only_left_out(self.search_text) else ""))
        self._show_status()

    @says_library_errors
    def action_reload(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # An import or a feed update (the feeds screen) may have added articles meanwhile. The screen is
        # also resumed as the app starts, just after on_mount read the order: nothing to read again.
        if self._resumed_before and self.is_mounted:
            self.reload()
        self._resumed_before = True

    def action_feeds(self, ask: str | None = None) -> None:
        from .feeds import FeedsScreen

        self.app.push_screen(FeedsScreen(self.library, ask))

    def _cells(self, row: ArticleRow | None) -> list[Text]:
        if row is None:
            return [Text(" "), Text("(removed from the library)", style="italic")]
        return [
            self._mark_cell(row.id),
            _title_cell(row),
            Text(terminal_text(row.outlet or "—"), no_wrap=True, overflow="ellipsis"),
            Text(terminal_text(row.date or "—")),
            Text(_word_count(row.words), justify="right"),
        ]

    def _show_status(self) -> None:
        total = self.total
        arrow = "↓" if self.descending else "↑"
        sort = f"sorted by {self.sort_column} {arrow}"
        shown = f"{len(self.rows):,} of {counted(total, 'article')}" if self.search_text else counted(total, "article")
        marked = f" · {len(self.marked)} marked" if self.marked else ""
        if hidden := self._hidden_marks():
            # Marks outlive a filter, so that a second search can add to the first's: the line says so.
            # Said before the sort, and short: at 80 columns "(2 not shown: the" was cut there.
            marked += f", {hidden} hidden by the filter"
        self.query_one("#library-status", Static).update(
            Text(f"{shown}{marked} · {sort}", no_wrap=True, overflow="ellipsis")
        )

    @property
    def selected_id(self) -> str | None:
        if not self.is_mounted:
            return None
        return self.query_one(ArticleTable).key_at(self.query_one(ArticleTable).cursor_row)

    # Marking and comparing

    def _mark_cell(self, article_id: str) -> Text:
        if article_id in self.marked:
            return Text(MARK_SYMBOLS[self.marked.index(article_id)], style="bold reverse")
        return Text(" ")

    def action_mark(self) -> None:
        """Mark the article under the cursor, or unmark it; marks accumulate, none is replaced."""
        article_id = self.selected_id
        if article_id is None:
            return
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked.append(article_id)
        table = self.query_one(ArticleTable)
        table.refresh()
        table.action_cursor_down()
        self._show_status()

    def _hidden_marks(self) -> int:
        """How many marked articles the filter leaves out of the list (they count all the same)."""
        if not self.search_text or not self.marked or not isinstance(self.rows, PagedRows):
            return 0
        shown = self.rows.ids
        return sum(1 for article_id in self.marked if self.library.rowid_of(article_id) not in shown)

    def action_clear_marks(self) -> None:
        """Unmark every article."""
        if not self.marked:
            self.notify("No article is marked.")
            return
        self.notify(f"Unmarked {counted(len(self.marked), 'article')}.")
        self.marked.clear()
        self.query_one(ArticleTable).refresh()
        self._show_status()

    @says_library_errors
    def action_compare(self) -> None:
        if len(self.marked) < 2:
            self.notify("Mark two articles with space (or more, to collate them), then press c.")
            return
        found = [self.library.get(article_id) for article_id in self.marked]
        articles = [article for article in found if article is not None]
        if len(articles) < len(found):
            self.notify("A marked article is no longer in the library.", severity="error")
            return
        if len(articles) == 2:
            host(self).compare(articles[0], articles[1])
        else:
            host(self).collate(articles)

    @says_library_errors
    def action_remove(self) -> None:
        """Ask, then take the article under the cursor out of the library, a copy kept."""
        from .removal import ask_to_remove

        article = self.library.get(self.selected_id) if self.selected_id else None
        if article is None:
            return

        def removed() -> None:
            if article.id in self.marked:
                self.marked.remove(article.id)
            self.reload()

        ask_to_remove(self, article, removed)

    def action_stories(self) -> None:
        host(self).open_stories()

    # Actions

    @says_library_errors
    def action_open(self) -> None:
        if (article_id := self.selected_id) is not None:
            host(self).open_article(article_id)

    @on(ArticleTable.RowSelected)
    def _row_selected(self, event: ArticleTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_filter(self) -> None:
        field = self.query_one(FilterField)
        if self.focused is field:
            raise SkipAction()  # a / typed into the filter is part of the search: the field takes it in turn
        hand_keys_to(field)

    def action_cursor_down(self) -> None:
        self.query_one(ArticleTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(ArticleTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(ArticleTable).action_first()

    def action_last(self) -> None:
        self.query_one(ArticleTable).action_last()

    def action_cycle_sort(self) -> None:
        names = list(SORT_COLUMNS)
        self.sort_column = names[(names.index(self.sort_column) + 1) % len(names)]

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending

    @on(ArticleTable.HeaderSelected)
    def _header_selected(self, event: ArticleTable.HeaderSelected) -> None:
        key = event.column_key
        if key not in SORT_COLUMNS:
            return
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

    def _filter_changed(self, value: str) -> None:
        self.query_one(FilterField).set_class(bool(value), "-active")
        self.search_text = value.strip()

    def watch_search_text(self) -> None:
        if self.is_mounted:
            self.reload()

    def action_clear_filter(self) -> None:
        self.query_one(FilterField).clear()


class _Articles(ArticleTable[ArticleRow | None], BindingsAsSent):
    """The library's table: each key's binding runs as the table handles it, in the order typed."""


_FIRST_PAGE = 200
"""Rows of the order read before the first frame: a tall terminal's screenful, and a page down more."""
_COMPLETE_AFTER = 0.2
"""Seconds after the screen mounts when the rest of the order is read: after the first frames (the footer
draws its keys a frame or two after the table), before most people press a key."""


def _title_cell(row: ArticleRow) -> Text:
    """The title; a story fetched again after it changed says how many texts of it are kept."""
    # A library written by another tool may hold anything in a title: shown, never obeyed.
    title = Text(terminal_text(row.title), no_wrap=True, overflow="ellipsis")
    if row.earlier_versions:
        title = Text.assemble((f"v{row.earlier_versions + 1} ", "bold"), title, no_wrap=True, overflow="ellipsis")
    return title


def _row_key(row: ArticleRow | None) -> str | None:
    return row.id if row is not None else None
