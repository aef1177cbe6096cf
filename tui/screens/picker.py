"""The pickers of the account to compare with: related accounts (the other articles, most likely to report the
same event first), the earlier texts of a story, and a collation's base."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..engine.corpus.collate import initials
from ..engine.ingest.articles import Article
from ..store.common import Version
from ..store.interface import Store
from ..store.related import Related, related_articles
from ..widgets.palette import account_style
from ..widgets.passage_view import visible_text


class _Picker(ModalScreen[str | None]):
    """A list of articles to compare with: enter dismisses with the chosen one's id, escape with None."""

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Cancel", key_display="esc", id="picker.cancel"),
        Binding("j", "cursor('down')", "Down", show=False, id="picker.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="picker.up"),
    ]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)


class RelatedPicker(_Picker):
    """Choose the account to compare `article` with; dismisses with its id, or None."""

    def __init__(self, library: Store, article: Article) -> None:
        super().__init__()
        self.library = library
        self.article = article

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(
                Text("Compare with…  same event first · the share of wording in common", style="bold"),
                id="picker-title",
            )
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

    def _show(self, ranked: list[Related]) -> None:
        options = self.query_one(OptionList)
        self.query_one("#picker-loading").display = False
        options.display = True
        if not ranked:
            options.add_option(Option(Text("No other article in the library."), disabled=True))
        for score, row, same_event in ranked:
            label = Text()
            # The number is shared wording, which a translation of the same speech barely has: the
            # accounts of the same event are said to be, not left to a figure like any other's.
            label.append("same event " if same_event else " " * len("same event "), style="bold")
            # A share of words, not the engine's similarity: as 0.07 it was read as the comparison's.
            label.append(f"{score:>4.0%} of words  ", style="dim")
            label.append(visible_text(row.title))
            details = " · ".join(v for v in (row.outlet, row.date) if v)
            if details:
                label.append(f"  — {visible_text(details)}", style="dim")
            options.add_option(Option(label, id=row.id))
        if ranked:
            options.highlighted = 0  # enter takes the likeliest at once
        options.focus()


class VersionPicker(_Picker):
    """Choose the earlier text of a story to compare its later one with: `versions` (the story's, oldest
    first, as `Library.versions` lists them), of which those before `article` are offered, the one just
    before it first. Dismisses with the chosen version's id, or None."""

    def __init__(self, article: Article, versions: list[Version]) -> None:
        super().__init__()
        self.article = article
        self.versions = versions

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Text("Compare this text with an earlier one of the story…", style="bold"), id="picker-title")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [version.id for version in self.versions]
        here = ids.index(self.article.id) if self.article.id in ids else len(ids)
        for number in range(here, 0, -1):
            version = self.versions[number - 1]
            label = Text()
            label.append(f"version {number} of {len(ids)}", style="bold")
            label.append(f"  fetched {version.fetched[:16].replace('T', ' ')} · {version.words:,} words")
            label.append(f"  {version.id}", style="dim")
            options.add_option(Option(label, id=version.id))
        options.highlighted = 0
        options.focus()


class BasePicker(ModalScreen[int | None]):
    """Choose the account the others are read against; dismisses with its position, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="esc", id="base_picker.cancel")]

    def __init__(self, articles: list[Article], base: int) -> None:
        super().__init__()
        self.articles = articles
        self.base = base

    def compose(self) -> ComposeResult:
        letters = initials(self.articles)
        with Vertical(id="base-picker"):
            yield Static(Text("Read the others against…", style="bold"))
            options = OptionList(id="base-list")
            for index, article in enumerate(self.articles):
                label = Text()
                label.append(f" {letters[index]} ", style=Style(color="black", bgcolor=account_style(index), bold=True))
                label.append(f" {visible_text(article.outlet or '—')} · {visible_text(article.title)}")
                options.add_option(Option(label, id=str(index)))
            yield options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.base
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
