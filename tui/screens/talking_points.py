"""Talking points: the phrases that recur across the library, sortable by spread, frequency and first
use; the selected phrase's timeline, outlet by outlet, and its articles; `enter` reads one at the phrase."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..engine.corpus.phrases import Phrase, PhraseSettings, spread_order
from ..engine.text.safe import terminal_excerpt
from ..store.corpus_jobs import cached_or_found_phrases
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


def timeline_text(phrase: Phrase, width: int = 60, colour: str = "cyan") -> Text:
    """One line per outlet: a bar per month (scaled to the busiest), its article count, and the span."""
    text = Text()
    months = sorted({m for months in phrase.timeline.values() for m in months})
    if not months:
        text.append("No dated articles: no timeline.", style="dim")
        return text
    axis = months_between(months[0], months[-1])
    # A long span is drawn in buckets of several months, so the line fits.
    step = max(1, -(-len(axis) // width))
    buckets = [axis[i : i + step] for i in range(0, len(axis), step)]
    peak = max(sum(m.get(month, 0) for month in bucket) for m in phrase.timeline.values() for bucket in buckets)
    unit = "month" if step == 1 else f"{step} months"
    text.append(f"{'':20} {axis[0]} … {axis[-1]}  (a bar a {unit})\n", style="dim")
    for outlet, counts in phrase.timeline.items():
        name = terminal_excerpt(outlet or "(no outlet)", 20)
        text.append(f"{name:<20} ", style="bold")
        for bucket in buckets:
            count = sum(counts.get(month, 0) for month in bucket)
            text.append(_BARS[0 if count == 0 else max(1, round(8 * count / peak))], style=colour if count else "")
        text.append(f"  {sum(counts.values())}\n")
    undated = len(phrase.articles) - sum(phrase.per_month.values())
    if undated:
        text.append(f"and {undated} undated article{'s' if undated > 1 else ''}", style="dim")
    return text


class TalkingPointsScreen(Screen[None]):
    """The library's talking points; `escape` or `q` goes back."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", key_display="esc", id="phrases.back"),
        Binding("s", "sort", "Sort", tooltip="Sort by spread (outlets), frequency or first use.", id="phrases.sort"),
        Binding("enter", "read", "Read", tooltip="Read the article at the phrase, highlighted.", id="phrases.read"),
        Binding("tab", "switch", "Phrases/articles", show=False, id="phrases.switch"),
    ]

    sort: reactive[str] = reactive("spread", init=False)
    """The order of the phrases: a key of SORTS."""

    def __init__(self) -> None:
        super().__init__()
        self.phrases: list[Phrase] = []
        self.shown: list[Phrase] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Talking points: finding the phrases that recur across the library…"), id="phrases-title")
        yield DataTable(id="phrases-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="phrases-timeline")
        yield DataTable(id="phrases-articles", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#phrases-table", DataTable)
        table.add_columns("Phrase", "Outlets", "Articles", "First", "Last")
        self.query_one("#phrases-articles", DataTable).add_columns("Date", "Outlet", "Title")
        table.focus()
        self.find()

    @work(thread=True, exclusive=True)
    def find(self) -> None:
        # SQLite connections stay in their thread: this one reads through its own.
        library = host(self).library.reader()
        try:
            phrases = cached_or_found_phrases(library, PhraseSettings())
        finally:
            library.close()
        self.app.call_from_thread(self.show, phrases)

    def show(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        self._fill()

    def _fill(self) -> None:
        talking = sum(not p.boilerplate for p in self.phrases)
        title = Text(f"Talking points: {talking} phrases recur across the library", style="bold")
        title.append(f" · {len(self.phrases) - talking} boilerplate · sorted by {self.sort}", style="not bold")
        self.query_one("#phrases-title", Static).update(title)
        self.shown = sorted(self.phrases, key=SORTS[self.sort])
        table = self.query_one("#phrases-table", DataTable)
        table.clear()
        for phrase in self.shown:
            words = Text(terminal_excerpt(phrase.text, 68), style="dim italic" if phrase.boilerplate else "")
            if phrase.boilerplate:
                words = Text("boilerplate · ", style="dim").append_text(words)
            table.add_row(words, len(phrase.outlets), len(phrase.articles), phrase.first or "—", phrase.last or "—")
        if self.shown:
            table.move_cursor(row=0)
            self._show_phrase(0)

    def watch_sort(self) -> None:
        self._fill()

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
        self.query_one("#phrases-timeline", Static).update(
            timeline_text(phrase, colour=self.app.theme_variables.get("accent", "cyan"))
        )
        articles = self.query_one("#phrases-articles", DataTable)
        articles.clear()
        library = host(self).library
        rowids = [r for a in phrase.articles[:ARTICLES_SHOWN] if (r := library.rowid_of(a)) is not None]
        rows = {r.id: r for r in library.rows_by_ids(rowids) if r is not None}
        for article_id in phrase.articles[:ARTICLES_SHOWN]:
            found = rows.get(article_id)
            articles.add_row(
                (found.date if found else None) or "—",
                Text(terminal_excerpt((found.outlet if found else None) or "—", 24)),
                Text(terminal_excerpt(found.title if found else "(no longer in the library)", 90)),
            )

    def action_sort(self) -> None:
        order = list(SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]

    def action_switch(self) -> None:
        phrases, articles = self.query_one("#phrases-table", DataTable), self.query_one("#phrases-articles", DataTable)
        (articles if phrases.has_focus else phrases).focus()

    def action_read(self) -> None:
        """Read the article under the cursor (the first to use the phrase, from the phrase list) at the phrase."""
        phrase = self.selected
        if phrase is None:
            return
        articles = self.query_one("#phrases-articles", DataTable)
        index = articles.cursor_row if articles.has_focus else 0
        occurrence = phrase.occurrences[min(max(index, 0), len(phrase.occurrences) - 1)]
        article = host(self).library.get(occurrence.article_id)
        if article is None:
            self.notify("That article is no longer in the library.", severity="error")
            return
        from .reader import ReaderScreen

        self.app.push_screen(ReaderScreen(article, select=(occurrence.start, occurrence.end)))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_read()

    def action_back(self) -> None:
        self.app.pop_screen()
