"""Talking points: the phrases that recur across the library, sortable by spread, frequency and first
use; the selected phrase's timeline, outlet by outlet, and its articles; `enter` reads one at the phrase."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.widgets.data_table import ColumnKey

from ..engine.corpus.phrase_record import Phrase
from ..engine.corpus.phrases import PhraseSettings, spread_order
from ..engine.text.plural import counted
from ..engine.text.safe import terminal_excerpt
from ..store.common import LibraryError
from ..store.corpus_jobs import cached_or_found_phrases
from ..widgets.key_order import hand_keys_to
from ..widgets.row_table import RowTable
from .host import host

SORTS = {
    "spread": spread_order,
    "frequency": lambda p: (p.boilerplate, -len(p.articles), -len(p.outlets), p.first or "9999", p.text),
    "first use": lambda p: (p.boilerplate, p.first or "9999", -len(p.outlets), p.text),
}
_BARS = " ▁▂▃▄▅▆▇█"
ARTICLES_SHOWN = 500


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ("YYYY-MM"), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


NAME_WIDTH = 20
TIMELINE_ROWS = 8
"""Outlets drawn in the timeline; the rest are counted on one line (the panel is at most 12 lines)."""


def timeline_text(phrase: Phrase, width: int = 60, colour: str = "cyan", rows: int = 50) -> Text:
    """One line per outlet, the first to use the phrase first: a bar per month (scaled to the busiest),
    its article count, and how many of them are undated; above them, the span of months the bars cover.
    Past `rows` outlets, one line says how many more there are."""
    text = Text()
    months = sorted({m for months in phrase.timeline.values() for m in months})
    buckets: list[list[str]] = []
    if months:
        axis = months_between(months[0], months[-1])
        # A long span is drawn in buckets of several months, so the line fits.
        step = max(1, -(-len(axis) // max(1, width)))
        buckets = [axis[i : i + step] for i in range(0, len(axis), step)]
        unit = "month" if step == 1 else f"{step} months"
        span = axis[0] if len(axis) == 1 else f"{axis[0]} … {axis[-1]}"
        text.append(f"{'':{NAME_WIDTH}} {span}  (a bar a {unit})\n", style="dim")
    else:
        text.append("No dated articles: no timeline.\n", style="dim")
    peak = max(
        (sum(counts.get(month, 0) for month in bucket) for counts in phrase.timeline.values() for bucket in buckets),
        default=1,
    )

    def first_use(outlet: str) -> tuple[str, bool, str]:
        return (min(phrase.timeline.get(outlet, {"9999": 0})), not outlet, outlet.casefold())

    outlets = sorted(phrase.per_outlet, key=first_use)
    for outlet in outlets[:rows]:
        counts, total = phrase.timeline.get(outlet, {}), phrase.per_outlet[outlet]
        name = terminal_excerpt(outlet or "(no outlet)", NAME_WIDTH)
        text.append(f"{name:<{NAME_WIDTH}} ", style="bold")
        for bucket in buckets:
            count = sum(counts.get(month, 0) for month in bucket)
            text.append(_BARS[0 if count == 0 else max(1, round(8 * count / peak))], style=colour if count else "")
        text.append(f"  {total}")
        undated = total - sum(counts.values())
        if undated:
            text.append(" undated" if undated == total else f" ({undated} undated)", style="dim")
        text.append("\n")
    if len(outlets) > rows:
        text.append(f"… and {len(outlets) - rows} more outlets", style="dim")
    text.rstrip()
    return text


class TalkingPointsScreen(Screen[None]):
    """The library's talking points; `escape` or `q` goes back."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="phrases.back"),
        Binding("s", "sort", "Sort", tooltip="Sort by spread (outlets), frequency or first use.", id="phrases.sort"),
        Binding("enter", "read", "Read", tooltip="Read the article at the phrase, highlighted.", id="phrases.read"),
        # A priority key: the app acts on it as it reads it, so the keys typed after go to the other list.
        Binding("tab", "switch", "Phrases/articles", show=False, priority=True, id="phrases.switch"),
    ]

    sort: reactive[str] = reactive("spread", init=False)
    """The order of the phrases: a key of SORTS."""

    def __init__(self) -> None:
        super().__init__()
        self.phrases: list[Phrase] = []
        self.shown: list[Phrase] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Talking points: finding the phrases that recur across the library…"), id="phrases-title")
        yield _Rows(id="phrases-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="phrases-timeline")
        yield _Rows(id="phrases-articles", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#phrases-table", DataTable)
        for label, width in (("Phrase", 40), ("Outlets", 7), ("Articles", 8), ("First", 10), ("Last", 10)):
            table.add_column(label, key=label.casefold(), width=width)
        articles = self.query_one("#phrases-articles", DataTable)
        for label, width in (("Date", 10), ("Outlet", 24), ("Title", 40)):
            articles.add_column(label, key=label.casefold(), width=width)
        self._fit_columns()
        table.focus()
        self.find()

    def on_resize(self) -> None:
        self._fit_columns()
        if self.phrases:
            self._fill()  # phrases and titles are cut to the new widths

    def _fit_columns(self) -> None:
        """Give the phrase and the title what the fixed columns leave, so neither table scrolls sideways."""
        width = max(40, self.size.width - 3)  # less the scroll bar
        outlet = min(24, max(10, width // 6))
        fitted = {
            "#phrases-table": {"phrase": width - (7 + 8 + 10 + 10) - 2 * 5},
            "#phrases-articles": {"outlet": outlet, "title": width - 10 - outlet - 2 * 3},
        }
        for selector, widths in fitted.items():
            table = self.query_one(selector, DataTable)
            for key, column_width in widths.items():
                column = table.columns[ColumnKey(key)]
                column.width, column.auto_width = column_width, False
            # DataTable re-measures its columns only when told its dimensions changed.
            table._require_update_dimensions = True
            table.refresh()

    def _width(self, selector: str, key: str) -> int:
        return self.query_one(selector, DataTable).columns[ColumnKey(key)].width

    @work(thread=True, exclusive=True)
    def find(self) -> None:
        # SQLite connections stay in their thread: this one reads through its own.
        try:
            library = host(self).library.reader()
            try:
                phrases = cached_or_found_phrases(library, PhraseSettings())
            finally:
                library.close()
        except LibraryError as error:  # a shared library's server gone: said, and the app stays
            self.app.call_from_thread(self.notify, str(error), title="The library", severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, phrases)

    def show(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self._fill()

    def _fill(self, keep_row: bool = True) -> None:
        talking = sum(not p.boilerplate for p in self.phrases)
        title = Text(f"Talking points: {counted(talking, 'phrase recurs', 'phrases recur')}", style="bold")
        title.append(f" · {len(self.phrases) - talking} boilerplate · sorted by {self.sort}", style="not bold")
        self.query_one("#phrases-title", Static).update(title)
        self.shown = sorted(self.phrases, key=SORTS[self.sort])
        table = self.query_one("#phrases-table", DataTable)
        row = table.cursor_row
        table.clear()
        width = self._width("#phrases-table", "phrase")
        for phrase in self.shown:
            if phrase.boilerplate:
                words = Text("boilerplate · ", style="dim")
                words.append(terminal_excerpt(phrase.text, width - len(words)), style="dim italic")
            else:
                words = Text(terminal_excerpt(phrase.text, width))
            table.add_row(words, len(phrase.outlets), len(phrase.articles), phrase.first or "—", phrase.last or "—")
        if self.shown:
            row = min(max(row, 0), len(self.shown) - 1) if keep_row else 0
            table.move_cursor(row=row)
            self._show_phrase(row)

    def watch_sort(self) -> None:
        self._fill(keep_row=False)

    @property
    def selected(self) -> Phrase | None:
        row = self.query_one("#phrases-table", DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @on(DataTable.RowHighlighted, "#phrases-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_phrase(event.cursor_row)

    def _show_phrase(self, row: int) -> None:
        if not 0 <= row < len(self.shown):
            return
        phrase = self.shown[row]
        # The phrase whole (the list cuts it to its column), then its timeline.
        shown = Text(f"“{terminal_excerpt(phrase.text, 400)}”\n", style="bold")
        shown.append_text(
            timeline_text(
                phrase,
                width=max(12, self.size.width - NAME_WIDTH - 20),
                colour=self.app.theme_variables.get("accent", "cyan"),
                rows=TIMELINE_ROWS,
            )
        )
        self.query_one("#phrases-timeline", Static).update(shown)
        articles = self.query_one("#phrases-articles", DataTable)
        articles.clear()
        library = host(self).library
        rowids = [r for a in phrase.articles[:ARTICLES_SHOWN] if (r := library.rowid_of(a)) is not None]
        rows = {r.id: r for r in library.rows_by_ids(rowids) if r is not None}
        outlet, title = self._width("#phrases-articles", "outlet"), self._width("#phrases-articles", "title")
        for article_id in phrase.articles[:ARTICLES_SHOWN]:
            found = rows.get(article_id)
            articles.add_row(
                (found.date if found else None) or "—",
                Text(terminal_excerpt((found.outlet if found else None) or "—", outlet)),
                Text(terminal_excerpt(found.title if found else "(no longer in the library)", title)),
            )

    def action_sort(self) -> None:
        order = list(SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]

    def action_switch(self) -> None:
        phrases, articles = self.query_one("#phrases-table", DataTable), self.query_one("#phrases-articles", DataTable)
        hand_keys_to(phrases if self.focused is articles else articles)

    def action_read(self) -> None:
        self.read_from(self.focused)

    def read_from(self, table: object) -> None:
        """Read, at the phrase, the article under the cursor of `table` if it is the article list, else
        the first to use the phrase."""
        phrase = self.selected
        if phrase is None:
            return
        articles = self.query_one("#phrases-articles", DataTable)
        index = articles.cursor_row if table is articles else 0
        occurrence = phrase.occurrences[min(max(index, 0), len(phrase.occurrences) - 1)]
        article = host(self).library.get(occurrence.article_id)
        if article is None:
            self.notify("That article is no longer in the library.", severity="error")
            return
        from .reader import ReaderScreen

        self.app.push_screen(ReaderScreen(article, select=(occurrence.start, occurrence.end)))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.read_from(event.data_table)

    def action_back(self) -> None:
        self.app.pop_screen()


class _Rows(RowTable):
    """A list of the screen: each key's binding runs as the list handles it, in the order typed (j/k,
    g/G too); enter reads from the list it was typed in, in its turn."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "read_here", "Read", show=False)]

    def action_read_here(self) -> None:
        screen = self.screen
        assert isinstance(screen, TalkingPointsScreen)
        screen.read_from(self)
