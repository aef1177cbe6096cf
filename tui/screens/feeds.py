"""The feeds screen: the feeds followed, and the long work of bringing articles in (updating feeds,
following a new one, importing a file, folder or web address), run in a worker with a progress bar that
`escape` cancels."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static
from textual.widgets.data_table import ColumnKey

from ..engine.ingest.fetch import Fetcher, looks_like_address
from ..engine.text.plural import counted
from ..engine.text.safe import terminal_excerpt
from ..store.feeds import FeedStore
from ..store.fetching import add_feed, feed_name, import_addresses, import_opml, update_feeds
from ..store.importing import ImportReport, import_paths
from ..store.interface import Store
from ..widgets.filter_field import FilterField
from ..widgets.key_order import hand_keys_to
from ..widgets.row_table import RowTable
from .failures import FailuresModal
from .host import host
from .note_editor import ConfirmModal


class FeedsScreen(Screen[None]):
    """Feeds: `a` follows one, `u` updates them all (`U` asking again for entries that failed), `i`
    imports a file or address, `escape` cancels."""

    BINDINGS = [
        # Priority keys: the app acts on them as it reads them, so the address typed after goes to the field.
        Binding("a", "ask('feed')", "Add feed", priority=True, id="feeds.add"),
        Binding("u", "update", "Update feeds", id="feeds.update"),
        Binding("U", "update(True)", "Update, asking again for entries that failed", show=False, id="feeds.retry"),
        Binding("i", "ask('import')", "Import file or address", priority=True, id="feeds.import"),
        Binding("d,delete", "remove", "Unfollow", id="feeds.remove"),
        Binding(
            "f",
            "failures",
            "Failures",
            tooltip="What failed in the last work, each with its reason.",
            id="feeds.failures",
        ),
        Binding("escape,q", "back", "Back / cancel", key_display="esc", id="feeds.back"),
    ]

    def __init__(self, library: Store, ask: str | None = None) -> None:
        super().__init__()
        self.library = library
        self._asking = ask or ""
        self._cancel = threading.Event()
        self.busy = False
        self.failures: list[str] = []
        """What failed in the last work, a line each ("address: reason"): `f` lists them all."""

    def compose(self) -> ComposeResult:
        yield Static("Feeds", id="feeds-title")
        yield _AddressField("#feeds-table", id="feeds-input")
        yield _FeedsTable(id="feeds-table", cursor_type="row")
        yield ProgressBar(id="feeds-progress", show_eta=True)
        yield Static("", id="feeds-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, width in self._widths().items():
            table.add_column(key.capitalize(), key=key, width=width)
        self.query_one(ProgressBar).display = False
        self.query_one(_AddressField).display = False
        self.reload()
        if not table.row_count:
            self.status("No feeds yet: press a and give a feed's address (or a page that links one).")
        if self._asking:
            self._ask(self._asking)
        else:
            table.focus()

    def on_unmount(self) -> None:
        # Quitting the app leaves the screen: the page on its way stops rather than keep the process
        # alive until it has arrived.
        self._cancel.set()

    def _widths(self) -> dict[str, int]:
        """The columns fitted to the screen, the title and the address sharing what the counts and the
        time leave: at 80 columns a 60-letter title left the address "http://12", and feeds of one
        title (after an OPML import) read alike."""
        rest = max(24, self.size.width - sum(_FIXED_WIDTHS.values()) - 2 * (len(_FIXED_WIDTHS) + 2) - 2)
        feed = max(10, rest * 3 // 8)
        return {"feed": feed, **_FIXED_WIDTHS, "address": rest - feed}

    def on_resize(self) -> None:
        if self.is_mounted and self.query_one(DataTable).columns:
            self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        widths = self._widths()
        for key, width in widths.items():
            column = table.columns[ColumnKey(key)]
            column.width, column.auto_width = width, False
        table._require_update_dimensions = True  # DataTable re-measures only when told
        for feed in FeedStore(self.library).all():
            table.add_row(
                Text(terminal_excerpt(feed.title or "—", widths["feed"])),
                Text(f"{feed.fetched}/{feed.entries}" + (f" ({feed.failing} failed)" if feed.failing else "")),
                Text((feed.checked or "never")[:16].replace("T", " ")),
                Text(_middle_cut(terminal_excerpt(feed.url, 400), widths["address"])),
                key=str(feed.id),
            )

    def status(self, message: str) -> None:
        self.query_one("#feeds-status", Static).update(Text(terminal_excerpt(message, 400)))

    def action_ask(self, what: str) -> None:
        field = self.query_one(_AddressField)
        if self.focused is field:
            raise SkipAction()  # an a or i typed into the address: the field takes it in turn
        self._ask(what)

    def _ask(self, what: str) -> None:
        if self.busy:
            self._say_busy()
            return
        self._asking = what
        field = self.query_one(_AddressField)
        field.placeholder = (
            "A feed's address (or a page that links its feed), then enter"
            if what == "feed"
            else "A file, a folder or a web address to import, then enter"
        )
        field.value = ""
        field.display = True
        hand_keys_to(field)

    def action_submit_address(self) -> None:
        """Follow or import what the field holds: run in turn, once the keys typed before enter are in it."""
        field = self.query_one(_AddressField)
        value = field.value.strip()
        field.display = False
        if not value:
            return
        self._start()
        if self._asking == "feed":
            self._follow(value)
        else:
            self._import(value)

    def action_update(self, retry: bool = False) -> None:
        """Update every feed; `retry`: ask again for the entries left alone after failing."""
        if self.busy:
            self._say_busy()
            return
        self._start()
        self._update(retry)

    def action_failures(self) -> None:
        if not self.failures:
            self.status("Nothing failed in the last work." if not self.busy else "Still working…")
            return
        self.app.push_screen(FailuresModal(self.failures))

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if self.busy:
            self._say_busy()
            return
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        store = FeedStore(self.library)
        feed = None if key is None else store.find(key)
        if feed is None:
            return
        name = terminal_excerpt(f"{feed.title} ({feed.url})" if feed.title else feed.url, 70)
        # Asked first, as the library's D asks: the feed's entries, stamps and failures go with it.
        question = Text.assemble(
            "Stop following ", (f"“{name}”", "bold"), "? Its articles stay in the library; `a` follows it again."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                store.remove(feed.id)
                self.status(f"Stopped following {name}; its articles stay in the library.")
                self.reload()

        self.app.push_screen(ConfirmModal(question), answered)

    def action_back(self) -> None:
        if (field := self.query_one(_AddressField)).display:
            field.display = False
        elif self.busy:
            self._cancel.set()
            self.status("Cancelling…")
        else:
            self.app.pop_screen()

    def _say_busy(self) -> None:
        """A key that would start other work while some runs does nothing, and says why."""
        self.notify("Still working: wait for it to finish, or press escape to cancel it.", severity="warning")

    # The work, in a thread with its own connection to the library

    def _start(self) -> None:
        self.busy = True
        self._cancel.clear()
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.status("Working… (escape cancels)")

    def _progress(self, done: int, total: int, item: str) -> None:
        self.app.call_from_thread(self._show_progress, done, total, item)

    def _show_progress(self, done: int, total: int, item: str) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.status(f"{done}/{total}  {item}")

    def _finish(self, message: str, report: ImportReport | None = None) -> None:
        self.failures = [str(failure) for failure in report.failures] if report is not None else []
        self.busy = False
        self.query_one(ProgressBar).display = False
        self.status(message)
        self.reload()

    def _fetcher(self) -> Fetcher:
        # A page on its way stops when the work is cancelled, not when it has all arrived.
        return Fetcher(host(self).config.fetch, cancelled=self._cancel.is_set)

    @work(thread=True, exclusive=True)
    def _update(self, retry: bool) -> None:
        with self.library.reader() as library:
            report = update_feeds(
                library, self._fetcher(), on_done=self._progress, cancelled=self._cancel.is_set, retry=retry
            )
        summary = report.summary(retry="U asks for them again")
        self.app.call_from_thread(self._finish, _with_failures(summary, report.articles), report.articles)

    @work(thread=True, exclusive=True)
    def _follow(self, address: str) -> None:
        try:
            with self.library.reader() as library:
                row, feed, url = add_feed(library, self._fetcher(), address)
        except Exception as error:  # FetchError, FeedError, LibraryError: one line for the user
            self.app.call_from_thread(self._finish, f"{address}: {error}")
            return
        message = (
            f"Already following {feed_name(feed, url)}."
            if row is None
            else (
                f"Following {row.title or row.url}: {counted(len(feed.entries), 'entry', 'entries')}."
                " Press u to fetch them." + (f" Note: {feed.warning}." if feed.warning else "")
            )
        )
        self.app.call_from_thread(self._finish, message)

    @work(thread=True, exclusive=True)
    def _import(self, given: str) -> None:
        if not looks_like_address(given) and given.casefold().endswith(".opml"):
            self._follow_opml(given)
            return
        with self.library.reader() as library:
            if looks_like_address(given):
                report = import_addresses(
                    library, [given], self._fetcher(), on_done=self._progress, cancelled=self._cancel.is_set
                )
            else:
                report = import_paths(
                    library, [given], host(self).config.max_import_bytes, lambda n, p: self._progress(n, n, str(p))
                )
        self.app.call_from_thread(self._finish, _with_failures(report.summary(), report), report)

    def _follow_opml(self, given: str) -> None:
        """Follow the feeds an OPML file (another reader's export) lists, as `cyberread feeds import`
        does: `i` refused it as "not an article file (.opml)", and nothing in the app took one."""
        path = Path(given).expanduser()
        try:
            with self.library.reader() as library:
                added, listed, skipped = import_opml(library, path.read_bytes())
        except OSError as error:
            self.app.call_from_thread(self._finish, f"{given}: cannot read it ({error.strerror or error})")
            return
        except Exception as error:  # FeedError (no OPML), LibraryError: one line for the user
            self.app.call_from_thread(self._finish, f"{given}: {error}")
            return
        passed = f", {counted(len(skipped), 'outline')} skipped (not a web address)" if skipped else ""
        said = (
            f"{counted(added, 'feed')} added, {len(listed) - added} already followed{passed}; u fetches their entries"
        )
        self.app.call_from_thread(self._finish, said)


class _AddressField(FilterField):
    """The address to follow or import: enter does it, escape closes the field; the keys typed after either
    go to the list of feeds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "leave('screen.submit_address')", "Follow / import", show=False, priority=True),
        Binding("escape", "leave('screen.back')", "Close", show=False, priority=True),
    ]


_FIXED_WIDTHS = {"articles": 14, "checked": 16}


def _middle_cut(text: str, width: int) -> str:
    """`text` in `width` characters, cut in the middle: feeds of one site differ at the end of their
    addresses ("…/feed/world.xml", "…/feed/asia.xml"), which a cut at the end took away."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


"""fetched/listed with its failures, and the time last checked."""


class _FeedsTable(RowTable):
    """The feeds: each key's binding runs as the table handles it, in the order typed."""


def _with_failures(summary: str, report: ImportReport) -> str:
    if not report.failures:
        return summary
    if len(report.failures) == 1:
        return f"{summary}. It failed: {report.failures[0]}"
    return f"{summary}. First failure: {report.failures[0]} (f lists all {len(report.failures)})"
