"""The picker of related accounts: the other articles, most likely to report the same event first."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..engine.ingest.articles import Article
from ..store.interface import Store
from ..store.library import ArticleRow
from ..store.related import related_articles
from ..widgets.passage_view import visible_text


class RelatedPicker(ModalScreen[str | None]):
    """Choose the account to compare `article` with; dismisses with its id, or None."""

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel", key_display="esc", id="picker.cancel"),
        Binding("j", "cursor('down')", "Down", show=False, id="picker.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, library: Store, article: Article) -> None:
        super().__init__()
        self.library = library
        self.article = article

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text("Compare with… (most likely the same event first)", style="bold"), id="picker-title")
            yield LoadingIndicator(id="picker-loading")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.rank()

    @work(thread=True, exclusive=True)
    def rank(self) -> None:
        # Its own connection: one opened in the app's thread cannot be used in this one.
        with self.library.reader() as library:
            ranked = related_articles(library, self.article)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, ranked)

    def _show(self, ranked: list[tuple[float, ArticleRow]]) -> None:
        options = self.query_one(OptionList)
        self.query_one("#picker-loading").display = False
        options.display = True
        if not ranked:
            options.add_option(Option(Text("No other article in the library."), disabled=True))
        for score, row in ranked:
            label = Text()
            label.append(f"{score:4.2f}  ", style="bold")
            label.append(visible_text(row.title))
            details = " · ".join(v for v in (row.outlet, row.date) if v)
            if details:
                label.append(f"  — {visible_text(details)}", style="dim")
            options.add_option(Option(label, id=row.id))
        if ranked:
            options.highlighted = 0  # enter takes the likeliest at once
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
