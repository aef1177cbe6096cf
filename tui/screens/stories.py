"""The stories screen: the library's articles grouped by the event they report, largest group first;
`enter` opens a story's collation (its compare screen when it has two accounts)."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..engine.corpus.stories import Story
from ..engine.text.plural import counted
from ..store.common import LibraryError
from ..store.interface import Store
from ..store.stories import library_stories
from ..widgets.key_order import send_to_screen_shown
from ..widgets.passage_view import visible_text
from .host import host


class StoriesScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open_story", "Collate", id="stories.open"),
        Binding("j", "cursor('down')", "Down", show=False, id="stories.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="stories.up"),
        Binding("escape,q", "back", "Back", key_display="q", id="stories.back"),
    ]

    def __init__(self, library: Store) -> None:
        super().__init__()
        self.library = library
        self.stories: list[Story] = []
        self._typed_ahead: list[events.Key] | None = []
        """Keys typed while the stories are grouped, done in order once they are shown (`t enter` typed
        in one burst opens the first story; `q` after it comes back from it); None once shown."""

    def compose(self) -> ComposeResult:
        yield Static(Text(" Stories  grouping the library's accounts by event…", no_wrap=True), id="stories-status")
        yield LoadingIndicator(id="stories-loading")
        yield OptionList(id="stories-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stories-list").display = False
        self.group()

    @work(thread=True, exclusive=True)
    def group(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._status, f" Stories  reading articles: {done:,} of {total:,}…")

        # Its own connection: one opened in the app's thread cannot be used in this one.
        try:
            with self.library.reader() as library:
                stories = library_stories(library, progress)
        except LibraryError as error:  # a shared library's server gone: said, and the app stays
            if not worker.is_cancelled:
                self.app.call_from_thread(self._status, f" Stories  {error}")
                self.app.call_from_thread(self.notify, str(error), title="The library", severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, stories)

    def _status(self, message: str) -> None:
        self.query_one("#stories-status", Static).update(Text(message, no_wrap=True, overflow="ellipsis"))

    def _show(self, stories: list[Story]) -> None:
        self.stories = stories
        self.query_one("#stories-loading").display = False
        options = self.query_one("#stories-list", OptionList)
        options.display = True
        for index, story in enumerate(stories):
            label = Text()
            label.append(f"{len(story.articles)} accounts  ", style="bold")
            label.append(visible_text(story.title))
            dates = " to ".join(dict.fromkeys(d for d in (story.first_date, story.last_date) if d)) or "undated"
            label.append(f"\n    {visible_text(', '.join(story.outlets) or 'outlets unknown')} · {dates}", style="dim")
            options.add_option(Option(label, id=str(index)))
        if not stories:
            options.add_option(Option(Text("No two articles of the library report the same event."), disabled=True))
        else:
            options.highlighted = 0
        self._status(f" Stories  {counted(len(stories), 'group')} · enter collates a story's accounts · q back")
        options.focus()
        typed, self._typed_ahead = self._typed_ahead or [], None
        for number, key in enumerate(typed):
            action = {"enter": self.action_open_story, "q": self.action_back, "escape": self.action_back}.get(key.key)
            if action is None:
                options.post_message(events.Key(key.key, key.character))
                continue
            action()
            if self.app.screen is not self:  # a story opened, or back to the library: the rest are typed there
                for later in typed[number + 1 :]:
                    send_to_screen_shown(self, later)
                return

    def on_key(self, event: events.Key) -> None:
        if self._typed_ahead is not None:
            event.stop()
            event.prevent_default()
            self._typed_ahead.append(event)

    @on(OptionList.OptionSelected, "#stories-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_story()

    def action_open_story(self) -> None:
        options = self.query_one("#stories-list", OptionList)
        if options.highlighted is None or not self.stories:
            return
        story = self.stories[int(options.get_option_at_index(options.highlighted).id or 0)]
        found = [self.library.get(article_id) for article_id in story.articles]
        articles = [article for article in found if article is not None]
        if len(articles) < 2:
            self.notify("The story's articles are no longer in the library.", severity="error")
        elif len(articles) == 2:
            host(self).compare(articles[0], articles[1])
        else:
            # Read against the account the story is named after (the best connected), not the earliest:
            # the collation's heading then names the story the list showed.
            base = next((i for i, article in enumerate(articles) if article.title == story.title), 0)
            host(self).collate(articles, base)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one("#stories-list", OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    def action_back(self) -> None:
        self.app.pop_screen()
