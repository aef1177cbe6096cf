"""The collation screen: three or more accounts read against a base. The base's passages run down the page,
each with one marker per other account (its colour and initial: filled when it carries the passage
verbatim, a lower-case letter when reworded, a dot when not at all) — a presence matrix read down the
page — under a summary row per account. `b` picks another base, `enter` opens the two-account compare
screen of the base and the account under the cursor, at that passage."""

from __future__ import annotations

import textwrap
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..engine.align.settings import MatchSettings
from ..engine.corpus.collate import (
    CollatedPassage,
    Collation,
    PairTable,
    align_pairs,
    collate,
    days_from_base,
    initials,
)
from ..engine.ingest.articles import Article
from ..engine.render.collation import render_collation
from ..store.exporting import collation_notes, slug, write_atomically
from ..store.verdicts import judged_pairs
from ..widgets.key_order import BindingsAsSent
from ..widgets.palette import account_style
from ..widgets.passage_view import visible_text
from .export_dialog import ExportDialog, default_export_path
from .host import VerdictsChanged, host, says_library_errors
from .picker import BasePicker

_GAP = "\u00a0"
"""The option list folds ordinary spaces at the start of a line: the markers' column is kept with these."""


def marker(passage: CollatedPassage, account: int, letter: str, cursor: bool) -> Text:
    """One account's mark beside a passage: filled letter (verbatim), lower-case letter (reworded), dot."""
    colour = account_style(account)
    kind = passage.carriage(account)
    if kind == "verbatim":
        text = Text(letter, style=Style(color="black", bgcolor=colour, bold=True))
    elif kind == "reworded":
        text = Text(letter.lower(), style=Style(color=colour, bold=True))
    else:
        text = Text("·", style="dim")
    if cursor:
        text.stylize(Style(underline=True, reverse=kind != "verbatim"))
    return text


class _Passages(OptionList, BindingsAsSent):
    """The list of passages, wrapped again whenever its own width changes: the keys panel (`?`) opening
    beside it narrows it without resizing the screen, and rows wrapped for the old width broke raggedly.
    Its keys run their bindings in the order typed, and `enter` (or a click) opens the pair at once: the
    list's own selection is a message, handled after the keys behind it, so `enter q` typed together
    closed the collation first and then opened the pair over the screen below."""

    def action_select(self) -> None:
        screen = self.screen
        if self.highlighted is not None and isinstance(screen, CollationScreen):
            screen.action_open_pair()

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, CollationScreen):
            screen.refill()


class CollationScreen(Screen[None]):
    """The accounts in `articles` read against `articles[base]`."""

    BINDINGS = [
        Binding("enter", "open_pair", "Open pair", id="collation.open_pair"),
        Binding("b", "pick_base", "Base", tooltip="Read the others against another account.", id="collation.base"),
        Binding("l,right", "account(1)", "Next account", key_display="→", id="collation.next_account"),
        Binding("h,left", "account(-1)", "Previous account", key_display="←", show=False, id="collation.previous"),
        Binding(
            "x", "export", "Export", tooltip="Write the collation: Markdown, HTML, CSV or JSON.", id="collation.export"
        ),
        Binding("j", "cursor('down')", "Down", show=False, id="collation.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="collation.up"),
        Binding("g", "cursor('first')", "First", show=False, id="collation.first"),
        Binding("G", "cursor('last')", "Last", show=False, id="collation.last"),
        Binding("escape,q", "back", "Back", key_display="q", id="collation.back"),
    ]

    collation: reactive[Collation | None] = reactive(None)
    """The accounts read against the base; None while the pairs are aligned."""
    column: reactive[int] = reactive(0)
    """Which of the other accounts the cursor is on (a position in `others`): `enter` opens it with the base."""

    def __init__(self, articles: list[Article], base: int = 0, settings: MatchSettings | None = None) -> None:
        super().__init__()
        self.articles = articles
        self.base = base
        self.settings = settings or MatchSettings()
        self.letters = initials(articles)
        self.pairs: PairTable | None = None
        self._aligned_pairs: PairTable | None = None
        """The engine's pairs before the reader's verdicts: judged again when a verdict may have changed."""

    @property
    def others(self) -> list[int]:
        return [i for i in range(len(self.articles)) if i != self.base]

    def compose(self) -> ComposeResult:
        yield Static(id="collation-title")
        yield Static(id="collation-accounts")
        yield LoadingIndicator(id="collating")
        yield _Passages(id="passages")
        yield Static(id="collation-status")
        yield Footer()

    def on_mount(self) -> None:
        self._show_heading()
        self.query_one("#passages").display = False
        self.align()

    @work(thread=True, exclusive=True, group="collate")
    def align(self) -> None:
        """Align every pair in a thread, reporting progress; the base is chosen afterwards, instantly."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_status, f"Aligning the accounts: {done} of {total} pairs…")

        pairs = align_pairs([a.body for a in self.articles], self.settings, on_pair=progress)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._aligned, pairs)

    def _aligned(self, pairs: PairTable) -> None:
        if self.is_attached:
            self._aligned_pairs = pairs
            self._judge()

    def _judge(self) -> None:
        """The reader's verdicts applied to every pair (read here: the library's connection is this
        thread's), and the collation read again."""
        if self._aligned_pairs is not None:
            self.pairs = judged_pairs(host(self).library, self.articles, self._aligned_pairs)
            self.collation = collate(self.articles, self.pairs, self.base)

    @on(VerdictsChanged)
    @says_library_errors
    def _verdicts_changed(self) -> None:
        """A colleague's verdict on a pair of these accounts: the collation read again."""
        if self.is_mounted:
            self._judge()

    @says_library_errors
    def on_screen_resume(self) -> None:
        # Back from a pair opened from here, where a verdict may have been given.
        if self.is_mounted:
            self._judge()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "collate")

    def watch_collation(self, collation: Collation | None) -> None:
        if collation is None:
            return
        self.query_one("#collating").display = False
        passages = self.query_one("#passages", OptionList)
        passages.display = True
        self._show_heading()
        # The list was hidden until now: it has its width only after the next layout.
        self.call_after_refresh(self._fill, passages.highlighted)
        passages.focus()

    def refill(self) -> None:
        """The passages wrapped again to the list's width (after it changed)."""
        if self.collation is not None:
            self.call_after_refresh(self._fill, self.query_one("#passages", OptionList).highlighted)

    def watch_column(self) -> None:
        if self.collation is not None:
            self._fill(keep=self.query_one("#passages", OptionList).highlighted)

    def _fill(self, keep: int | None) -> None:
        collation = self.collation
        if collation is None:
            return
        options = self.query_one("#passages", OptionList)
        options.clear_options()
        for number, passage in enumerate(collation.passages):
            options.add_option(Option(self._row(passage, number), id=f"p{number}"))
        if collation.shared:
            heading = Text("Not in the base, told by two or more others", style="bold italic")
            options.add_option(Option(heading, disabled=True))
            for number, passage in enumerate(collation.shared):
                options.add_option(Option(self._row(passage, number, shared=True), id=f"s{number}"))
        options.highlighted = min(keep or 0, options.option_count - 1) if options.option_count else None
        self._show_status()

    def _row(self, passage: CollatedPassage, number: int, shared: bool = False) -> Text:
        """The markers, then the passage wrapped beside them with a hanging indent, so the markers make a
        column the eye reads down."""
        marks = Text()
        for position, account in enumerate(self.others):
            if shared and account == passage.account:
                marks.append(
                    self.letters[account], style=Style(color="black", bgcolor=account_style(account), bold=True)
                )
            else:
                marks.append_text(marker(passage, account, self.letters[account], position == self.column))
            marks.append(_GAP)
        marks.append(_GAP)
        indent = marks.cell_len
        available = self.query_one("#passages", OptionList).scrollable_content_region.width or self.size.width
        width = max(20, available - indent - 3)
        lines = textwrap.wrap(visible_text(" ".join(passage.span.text.split())), width) or [""]
        row = marks
        row.append(lines[0])
        for line in lines[1:]:
            row.append("\n" + _GAP * indent + line)
        return row

    def _show_heading(self) -> None:
        base = self.articles[self.base]
        title = Text()
        title.append(" Collation ", style="bold reverse")
        title.append(f" {len(self.articles)} accounts · base ")
        title.append(
            f" {self.letters[self.base]} ", style=Style(color="black", bgcolor=account_style(self.base), bold=True)
        )
        title.append(f" {visible_text(base.outlet or '—')} · {visible_text(base.title)}", style="bold")
        title.no_wrap, title.overflow = True, "ellipsis"
        self.query_one("#collation-title", Static).update(title)
        rows = Text(no_wrap=True, overflow="ellipsis")
        collation = self.collation
        far = days_from_base([a.date for a in self.articles], self.base)
        for index in self.others:
            article = self.articles[index]
            if rows:
                rows.append("\n")
            rows.append(f" {self.letters[index]} ", style=Style(color="black", bgcolor=account_style(index), bold=True))
            name = visible_text(article.outlet or "—")
            if sum(1 for other in self.articles if other.outlet == article.outlet) > 1:
                name = f"{name[:7]} {article.id[:8]}"  # versions of one story: one outlet, told apart by id
            rows.append(f" {name[:16]:<16} ", style=Style(color=account_style(index)))
            if collation is None:
                rows.append(visible_text(article.title), style="dim")
                continue
            summary = collation.accounts[index]
            carried = [p for p in collation.passages if p.reading(index) is not None]
            verbatim = sum(1 for p in carried if p.carriage(index) == "verbatim")
            if index in far:  # said first: the row is cut at the screen's edge
                rows.append(
                    f"{abs(far[index]):,} days {'after' if far[index] > 0 else 'before'}: another event? ", style="bold"
                )
            rows.append(
                f"{len(carried)}/{len(collation.passages)} ({verbatim} verbatim) · base {summary.base_coverage:.0%}"
                f" · story {collation.story_share(summary)} · {len(summary.alone)} alone"
            )
        self.query_one("#collation-accounts", Static).update(rows)

    def _show_status(self, message: str | None = None) -> None:
        """What the account under the cursor gives otherwise in the passage under it (a misquote, a figure
        left out), whole, first: the markers say only whether it carries the passage; then the keys and
        what the markers mean. Wrapped, not cut, at 80 columns."""
        status = self.query_one("#collation-status", Static)
        if message is not None or self.collation is None or not self.others:
            status.update(Text(message or ""))
            return
        account = self.others[self.column]
        letter, colour = self.letters[account], account_style(account)
        passage = self.selected_passage()
        reading = None if passage is None else passage.reading(account)
        text = Text()
        text.append(f"{letter} ({visible_text(self.articles[account].outlet or '—')}): ", style="bold")
        if passage is not None and passage.account == account:
            # A passage the base lacks, under the account that tells it: its own, not "not carried".
            text.append("tells this passage, which the base lacks; ←/→ the others that carry it")
        elif reading is None or passage is None:
            text.append("does not carry this passage")
        else:
            text.append(visible_text(reading.notes) if reading.notes else f"carries it, {passage.carriage(account)}")
        text.append("\nenter opens it beside the base · ←/→ another account · b another base · ")
        text.append(letter, style=Style(color="black", bgcolor=colour, bold=True))
        text.append(" verbatim · ")
        text.append(letter.lower(), style=Style(color=colour, bold=True))
        text.append(" reworded · · not carried")
        status.update(text)

    # Actions

    def action_cursor(self, direction: str) -> None:
        options = self.query_one("#passages", OptionList)
        moves = {
            "down": options.action_cursor_down,
            "up": options.action_cursor_up,
            "first": options.action_first,
            "last": options.action_last,
        }
        moves[direction]()

    def action_account(self, step: int) -> None:
        if self.others:
            self.column = (self.column + step) % len(self.others)

    def selected_passage(self) -> CollatedPassage | None:
        collation = self.collation
        options = self.query_one("#passages", OptionList)
        if collation is None or options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        if option_id.startswith("p"):
            return collation.passages[int(option_id[1:])]
        if option_id.startswith("s"):
            return collation.shared[int(option_id[1:])]
        return None

    @on(OptionList.OptionHighlighted, "#passages")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_status()

    def action_open_pair(self) -> None:
        """The compare screen of the passage's account and the account under the cursor, at the passage."""
        passage = self.selected_passage()
        if passage is None or not self.others:
            return
        account = self.others[self.column]
        if account == passage.account:
            self.notify("This passage is that account's own: pick another account with ←/→.")
            return
        span = passage.span
        host(self).compare_at(self.articles[passage.account], self.articles[account], (span.start, span.end))

    def action_pick_base(self) -> None:
        def chosen(base: int | None) -> None:
            if base is None or base == self.base:
                return
            account = self.others[self.column] if self.others else None
            self.base = base
            others = self.others
            self.column = others.index(account) if account in others else 0
            self._show_heading()
            if self.pairs is not None:
                self.collation = collate(self.articles, self.pairs, base)

        self.app.push_screen(BasePicker(self.articles, self.base), chosen)

    def action_export(self) -> None:
        collation = self.collation
        if collation is None:
            self.notify("Still aligning…")
            return
        articles = self.articles
        library = host(self).library

        def write(format_name: str, path: Path, overwrite: bool) -> None:
            document = render_collation(format_name, collation, articles, collation_notes(library, articles))
            encoding = "utf-8-sig" if format_name == "csv" else "utf-8"
            write_atomically(path, document, overwrite=overwrite, encoding=encoding)

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {visible_text(str(path))}", title="Exported", markup=False)

        base = articles[collation.base]
        default = default_export_path(base, base, last=host(self).last_export_folder)
        default = default.with_name(f"collation-{slug(base.title) or 'accounts'}{default.suffix}")
        labels = {
            "html": "HTML (the presence matrix and every passage, printable)",
            "csv": "CSV (a row per passage, what each account gives otherwise)",
        }
        self.app.push_screen(ExportDialog(default, write, "the collation", labels), written)

    def action_back(self) -> None:
        self.app.pop_screen()
