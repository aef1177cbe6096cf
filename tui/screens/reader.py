"""The reader: one clean article, its metadata, its paragraphs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from cyberread.engine.articles import Article
from cyberread.widgets.passage_view import PassageView, visible_text


def article_details(article: Article) -> str:
    """The metadata line shown under a title: outlet · date · dateline · words."""
    parts = [article.outlet, article.date, article.dateline, f"{article.words:,} words"]
    return " · ".join(part for part in parts if part)


class ReaderScreen(Screen[None]):
    """Reads one article; `escape` or `q` goes back."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", key_display="esc"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("space,pagedown", "page('down')", "Page down", key_display="space"),
        Binding("b,pageup", "page('up')", "Page up", show=False),
        Binding("g,home", "edge('top')", "Top", key_display="g"),
        Binding("G,end", "edge('bottom')", "Bottom", key_display="G"),
        Binding("c", "compare", "Compare with…"),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        yield Static(Text(visible_text(self.article.title), style="bold"), id="reader-title")
        yield Static(Text(visible_text(article_details(self.article))), id="reader-details")
        yield PassageView(self.article.body, id="reader-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PassageView).focus()

    @property
    def view(self) -> PassageView:
        return self.query_one(PassageView)

    def action_compare(self) -> None:
        """Pick another account, most likely the same event first, and compare."""
        from cyberread.screens.picker import RelatedPicker

        def chosen(article_id: str | None) -> None:
            other = self.app.library.get(article_id) if article_id else None
            if other is not None:
                self.app.compare(self.article, other)

        self.app.push_screen(RelatedPicker(self.app.library, self.article), chosen)

    def action_scroll(self, direction: str) -> None:
        if direction == "down":
            self.view.scroll_down(animate=False)
        else:
            self.view.scroll_up(animate=False)

    def action_page(self, direction: str) -> None:
        if direction == "down":
            self.view.scroll_page_down(animate=False)
        else:
            self.view.scroll_page_up(animate=False)

    def action_edge(self, edge: str) -> None:
        if edge == "top":
            self.view.scroll_home(animate=False)
        else:
            self.view.scroll_end(animate=False)
