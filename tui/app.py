"""The cyberread App: screens, global keys, and a command palette that offers every key's action."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

# Private, but the one function that names keys as Textual's keymaps do; textual is pinned exactly.
from textual.keys import _character_to_key
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from .resources import styles_dir
from .screens.host import NotesChanged, VerdictsChanged
from .screens.library import LibraryScreen
from .store.common import LibraryError
from .store.config import Config
from .widgets.key_order import KeysBackFromAnotherScreen

if TYPE_CHECKING:
    from .engine.align.compare import Comparison
    from .engine.ingest.record import Article
    from .screens.compare import CompareScreen
    from .store.interface import Store
    from .store.notes import Note

LISTEN_RETRY_SECONDS = 5.0
"""How long the app waits before listening again after losing the server of a shared library."""


IN_TRANSIT_SECONDS = 2.0
"""How long a key sent again behind a screen's queue is waited for (a burst is handled in milliseconds)."""


class CyberreadApp(App[None]):
    """Read a library of news accounts and compare them side by side."""

    TITLE = "cyberread"
    CSS_PATH = [styles_dir() / name for name in ("app.tcss", "library.tcss")]
    """What the library screen needs: the first frame parses and matches only these."""
    LATER_CSS_PATH = [
        styles_dir() / name for name in ("reader.tcss", "compare.tcss", "notes.tcss", "phrases.tcss", "collation.tcss")
    ]
    """The other screens' stylesheets (a sixth of the work before the first frame), read in this order after
    the first two, as one stylesheet, before the first other screen or modal shows."""
    BINDINGS = [
        Binding("question_mark", "toggle_keys", "Keys", key_display="?", id="app.keys"),
        Binding("ctrl+n", "notes", "Notes", tooltip="List every note: filter, open, edit, delete.", id="app.notes"),
        Binding(
            "ctrl+t",
            "talking_points",
            "Talking points",
            show=False,  # in the key panel and the palette; the footer keeps its keys for the screen in view
            tooltip="The phrases that recur across the library: who used them first, who repeats them.",
            id="app.talking_points",
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        # Escape closes the keys panel first: it went on to the screen, and left the comparison open
        # under the panel, its place lost.
        Binding("escape", "close_keys", "Close keys", show=False, priority=True, id="app.close_keys"),
    ]

    def __init__(
        self, library: Store, compare: tuple[Article, Article] | None = None, config: Config | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self._compare_on_start = compare
        self._later_css = list(self.LATER_CSS_PATH)
        self.damage: LibraryError | None = None
        """Why the app closed without being asked to: the library's pages failed their check."""
        self.theme = self.config.theme
        self.set_keymap(self.config.keys)
        self._keys_sent = KeysBackFromAnotherScreen()
        self._in_transit: dict[int, float] = {}
        """The keys sent again (send_key_again) not yet back at the app: their ids, and when they were sent."""
        self.last_export_folder: Path | None = None
        """Where the last export of this session went (Host.last_export_folder)."""
        self.deleted_notes: list[Note] = []
        """The notes deleted this session, newest last: any notes screen's `u` brings them back."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if event.is_forwarded:
                if self._keys_sent.came_back(event, self.screen):
                    event.stop()
                    self.send_key_again(event)
                    return
            else:
                if self._in_transit.pop(id(event), None) is not None:
                    pass  # back: handled now, in its place
                elif self._still_in_transit():
                    # Keys sent again wait behind the screen shown now; one typed after them waits
                    # with them: dispatched at once, it went ahead ("c n n a" then a note's letters:
                    # the letters reached the compare screen before the n n a that came back to it).
                    self.send_key_again(event)
                    return
                await super().on_event(event)  # forwarded to the screen's focus, or acted on here
                self._keys_sent.forwarded(event, self.screen)
                return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from .widgets.editable import editable_text

            # Before any widget draws it: some terminals pass escapes in a paste through untouched.
            event.text = editable_text(event.text)
        await super().on_event(event)

    def send_key_again(self, key: events.Key) -> None:
        """`key` to the screen shown now, behind what it has queued (send_to_screen_shown), counted in
        transit until it is back here, so that the keys typed meanwhile keep their place after it."""
        again = events.Key(key.key, key.character)
        self._in_transit[id(again)] = time.monotonic()
        if not self.screen.call_later(self.post_message, again):
            self.post_message(again)

    def _still_in_transit(self) -> bool:
        """Whether keys sent again are on their way; one a closing screen dropped stops counting after a
        while, rather than hold every key after it for good."""
        now = time.monotonic()
        for key_id, sent in list(self._in_transit.items()):
            if now - sent > IN_TRANSIT_SECONDS:
                del self._in_transit[key_id]
        return bool(self._in_transit)

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        # Textual's hook for a screen's own CSS_PATH (private, but textual is pinned exactly).
        if self._later_css and not isinstance(screen, LibraryScreen):
            for path in self._later_css:
                self.stylesheet.read(path)
            self._later_css = []
            self.stylesheet.reparse()
            self.stylesheet.update(self)
        super()._load_screen_css(screen)

    def get_default_screen(self) -> Screen[Any]:
        # The library is the first screen itself, not pushed over an empty one: one screen to mount and
        # lay out before the first frame.
        return LibraryScreen(self.library)

    def on_mount(self) -> None:
        if self.library.read_only:
            self.notify(
                f"{self.library.location}: {self.library.read_only_reason}. Read and compare as usual;"
                " notes cannot be saved until it can be written.",
                title="Library is read-only",
                severity="warning",
                timeout=10,
                markup=False,
            )
        # The objects made while starting live as long as the app: frozen out of the collector's
        # reach, its full collections stop pausing keystrokes for 25-40 ms (measured at 100k articles).
        self.call_after_refresh(gc.freeze)
        self.call_after_refresh(self.check_library)
        if self.library.changes() is not None:  # a shared library that can say when colleagues write
            self.listen_for_notes()
        if self._compare_on_start is not None:
            self.compare(*self._compare_on_start)

    @work(thread=True, exclusive=True, group="library-check", exit_on_error=False)
    def check_library(self) -> None:
        """The library's pages and full-text index checked once the first frame is shown (50-100 ms for a
        library of 1,000-10,000 articles). A damaged library closes the app with the same line the command
        line gives; nothing was written into it meanwhile (a write checks first while this has not passed)."""
        try:
            self.library.check()
        except LibraryError as error:
            self.call_from_thread(self._close_damaged, error)

    def _fatal_error(self) -> None:
        """Textual's ending after an unhandled error (textual is pinned: this is its 8.2.8 body), with the
        traceback but not each frame's local variables: they hold articles' text and a shared library's
        address, password and all, which the terminal then shows and a bug report would carry."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def _close_damaged(self, error: LibraryError) -> None:
        self.damage = error
        self.exit(return_code=1)

    @work(thread=True, exclusive=True, group="notes-listener", exit_on_error=False)
    def listen_for_notes(self) -> None:
        """For as long as the app runs, tell the screens when anyone else changes the notes, so a
        colleague's note shows up without a refresh key. A lost server is listened to again a few seconds
        later, and what changed meanwhile is read then."""
        worker = get_current_worker()
        missed = False
        while not worker.is_cancelled:
            try:
                changes = self.library.changes(until=lambda: worker.is_cancelled)
                if changes is None:
                    return
                with changes as notices:
                    if missed:
                        self.post_message(NotesChanged())
                        self.post_message(VerdictsChanged())
                    for what in notices:
                        if what == "notes":
                            self.post_message(NotesChanged())
                        elif what == "verdicts":
                            self.post_message(VerdictsChanged())
            except LibraryError:
                pass
            missed = True
            worker.cancelled_event.wait(LISTEN_RETRY_SECONDS)

    @on(NotesChanged)
    @on(VerdictsChanged)
    def _tell_screens(self, message: NotesChanged | VerdictsChanged) -> None:
        """What a colleague changed, told to every screen (the message does not bubble back up)."""
        for screen in self.screen_stack:
            screen.post_message(type(message)())

    def compare(self, a: Article, b: Article) -> None:
        """Open the compare screen for accounts a and b."""
        from .screens.compare import CompareScreen

        self.push_screen(CompareScreen(a, b, self.config.match))

    def compare_at(self, a: Article, b: Article, place: tuple[int, int]) -> None:
        """Open the compare screen for a and b with the pair (or left-out passage) holding `place` in a selected."""
        from .screens.compare import CompareScreen, selection_at

        screen = CompareScreen(a, b, self.config.match)
        self.push_screen(screen)

        def select(comparison: Comparison | None) -> None:
            if comparison is not None and screen.is_current:
                found = selection_at(comparison, place)
                if found is not None:
                    screen.select(found)

        self.watch(screen, "comparison", select, init=False)

    def collate(self, articles: list[Article], base: int = 0) -> None:
        """Open the collation screen: the accounts read against articles[base]."""
        from .screens.collation import CollationScreen

        self.push_screen(CollationScreen(articles, base, self.config.match))

    def open_stories(self) -> None:
        from .screens.stories import StoriesScreen

        self.push_screen(StoriesScreen(self.library))

    def open_article(self, article_id: str) -> None:
        article = self.library.get(article_id)
        if article is None:
            self.notify("That article is no longer in the library.", severity="error")
            return
        from .screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(article))

    def action_notes(self) -> None:
        from .screens.notes import NotesScreen

        # Not over a modal (the editor would be left waiting underneath) nor over itself.
        if not isinstance(self.screen, (NotesScreen, ModalScreen)):
            self.push_screen(NotesScreen(self.library, self.deleted_notes))

    def action_talking_points(self) -> None:
        from .screens.talking_points import TalkingPointsScreen

        if not isinstance(self.screen, (TalkingPointsScreen, ModalScreen)):
            self.push_screen(TalkingPointsScreen())

    def open_note(self, note: Note) -> None:
        """Show where `note` belongs: a pair in the compare screen with its match selected (the reader if
        no match holds it any more), a passage selected in the reader, or the article."""
        from .screens.compare import CompareScreen
        from .screens.reader import ReaderScreen

        article = self.library.get(note.article_id)
        if article is None:
            self.notify("That note's article is no longer in the library.", severity="error")
            return
        if note.detached:
            self.notify("This note is detached: its passage is no longer in the article's text.")
        passage = note.passage if note.passage is not None and not note.passage.detached else None
        partner = self.library.get(note.partner.article_id) if note.partner is not None else None
        if passage is None or partner is None or note.detached:
            self.push_screen(ReaderScreen(article, select=(passage.start, passage.end) if passage else None))
            return
        screen = CompareScreen(article, partner, self.config.match)
        self.push_screen(screen)
        self.watch(screen, "comparison", lambda found: self._select_note_match(screen, note, found), init=False)

    def _select_note_match(self, screen: CompareScreen, note: Note, comparison: Comparison | None) -> None:
        from .screens.compare import Selection
        from .screens.note_marks import match_for_note
        from .screens.reader import ReaderScreen

        if comparison is None or not screen.is_current:
            return
        index = match_for_note(comparison, note)
        if index is not None:
            screen.select(Selection("match", index))
            return
        self.notify("No match holds this pair any more; showing its passage in the reader.")
        article = screen.articles["a"]
        passage = note.passage
        self.switch_screen(ReaderScreen(article, select=(passage.start, passage.end) if passage else None))

    async def _run_on(self, node: DOMNode, action: str) -> None:
        """Run a binding's action on the node that offers it (a screen, a widget or the app)."""
        await self.run_action(action, node)

    def action_close_keys(self) -> None:
        if not self.screen.query("HelpPanel"):
            raise SkipAction()  # the key goes on to the screen's own escape
        self.action_hide_help_panel()

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, then one for every key the screen offers, so the palette can do
        whatever the keys can."""
        titles: set[str] = set()
        for command in super().get_system_commands(screen):
            titles.add(command.title)
            yield command
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            # Textual's own commands already offer some keys ("Keys", "Quit"): one entry each.
            if not binding.description or binding.action in seen or binding.description in titles:
                continue
            if not active.enabled:
                continue
            seen.add(binding.action)
            titles.add(binding.description)
            key = binding.key_display or active.node.app.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                # Without a tooltip the help line would repeat the title ("Bottom" over "Bottom (end)").
                f"{binding.tooltip} ({key})" if binding.tooltip else f"the key: {key}",
                partial(self._run_on, active.node, binding.action),
            )


def key_name(key: str) -> str:
    """Textual's name for a key as a user writes it in the config: "?" is "question_mark"."""
    return _character_to_key(key) if len(key) == 1 else key


def binding_catalogue() -> dict[str, tuple[str, str]]:
    """Every action a user may rebind in the config: binding id -> (default keys, description)."""
    from .screens.collation import CollationScreen
    from .screens.compare import CompareScreen
    from .screens.feeds import FeedsScreen
    from .screens.library import LibraryScreen
    from .screens.note_editor import ConfirmModal, NoteEditor
    from .screens.notes import NotesScreen
    from .screens.picker import BasePicker, RelatedPicker
    from .screens.reader import ReaderScreen
    from .screens.stories import StoriesScreen
    from .screens.talking_points import TalkingPointsScreen

    catalogue: dict[str, tuple[str, str]] = {}
    for owner in (
        CyberreadApp,
        LibraryScreen,
        FeedsScreen,
        ReaderScreen,
        CompareScreen,
        CollationScreen,
        BasePicker,
        StoriesScreen,
        RelatedPicker,
        NotesScreen,
        NoteEditor,
        ConfirmModal,
        TalkingPointsScreen,
    ):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                catalogue[binding.id] = (binding.key, binding.description)
    return catalogue
