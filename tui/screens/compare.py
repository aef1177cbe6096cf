"""The compare screen: two accounts side by side, each matched pair in one colour on both sides, the
passages each account alone carries marked, and keys to walk through them.

The screen is built in layers: compare_panes (selection, state, scrolling), compare_display (what it
shows), compare_walk and compare_verdicts (their keys); this module adds the layout, the alignment, notes
and exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from ..engine.align.alone import ready_to_summarise
from ..engine.align.cancel import Cancelled, cancelled_when
from ..engine.align.compare import Comparison
from ..engine.align.forked import forking_from_this_thread
from ..engine.render.report import render_export
from ..engine.text.safe import terminal_excerpt
from ..store.comparing import compare_pair
from ..store.exporting import comparison_notes, write_atomically
from ..widgets.key_order import send_to_screen_shown
from ..widgets.passage_view import PassageView, visible_text
from ..widgets.ruler import OverviewRuler
from .compare_panes import SIDES, Selection, selection_at
from .compare_verdicts import CompareVerdicts
from .compare_walk import CompareWalk
from .export_dialog import ExportDialog, default_export_path
from .host import host, says_library_errors
from .note_marks import editor_heading, new_note_saver, open_note_editor

__all__ = ["CompareScreen", "Selection", "selection_at"]


_ANSWERED_WHILE_COMPARING = frozenset({"scroll", "page", "edge", "switch_pane", "toggle_sync", "back"})
"""The compare screen's actions that need only the two texts, not their comparison."""


class CompareScreen(CompareWalk, CompareVerdicts):
    """Compares account a (left, or top) with account b."""

    # The footer shows these in order and cuts the rest at 80 columns: the keys a newcomer needs first.
    BINDINGS = [
        Binding("n", "next_match(1)", "Next", id="compare.next_match"),
        Binding("N", "next_match(-1)", "Previous pair", key_display="N", show=False, id="compare.previous_match"),
        Binding("o", "next_left_out(1)", "Left out", id="compare.next_left_out"),
        Binding(
            "O", "next_left_out(-1)", "Previous left out", key_display="O", show=False, id="compare.previous_left_out"
        ),
        Binding(
            "l", "jump_list", "List", tooltip="Every pair and left-out passage, filterable.", id="compare.jump_list"
        ),
        Binding(
            "a",
            "annotate",
            "Note",
            tooltip="Write or edit a note on the selected pair or left-out passage.",
            id="compare.annotate",
        ),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Write the comparison to a file: Markdown, HTML, CSV or JSON.",
            id="compare.export",
        ),
        Binding(
            "w",
            "toggle_left_out_order",
            "Left-out order",
            tooltip="o walks left-out passages heaviest first (names, figures, quotations first) or in reading order.",
            show=False,
            id="compare.left_out_order",
        ),
        Binding(
            "m",
            "next_quote_difference(1)",
            "Misquotes",
            tooltip="Walk the pairs whose quotations differ: misquotes, quotes in other words, one side quoting.",
            show=False,
            id="compare.next_misquote",
        ),
        Binding(
            "plus",
            "verdict('accepted')",
            "Accept",
            show=False,
            tooltip="Confirm the selected pair.",
            id="compare.accept",
        ),
        Binding(
            "minus",
            "verdict('rejected')",
            "Reject",
            tooltip="Say the selected pair is wrong: its passages become left-out ones.",
            show=False,
            id="compare.reject",
        ),
        Binding(
            "equals_sign",
            "link",
            "Link",
            key_display="=",
            tooltip="Link a passage of each account: select one, press =, select one in the other pane, press =.",
            show=False,
            id="compare.link",
        ),
        Binding(
            "u",
            "undo_verdict",
            "Undo verdict",
            show=False,
            tooltip="Take back your last verdict.",
            id="compare.undo_verdict",
        ),
        # Off the footer: the summary bar shows whether the panes scroll together, and its key.
        Binding("s", "toggle_sync", "Sync", show=False, id="compare.sync_scroll"),
        Binding("enter", "jump_to_partner", "Partner", show=False, id="compare.partner"),
        Binding("escape,q", "back", "Back", key_display="q", show=False, id="compare.back"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="compare.switch_pane"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="compare.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="compare.up"),
        Binding("space,pagedown", "page('down')", "Page down", show=False, id="compare.page_down"),
        Binding("b,pageup", "page('up')", "Page up", show=False, id="compare.page_up"),
        Binding("g,home", "edge('top')", "Top", show=False, id="compare.top"),
        Binding("G,end", "edge('bottom')", "Bottom", show=False, id="compare.bottom"),
        # The details of a pair run longer than their panel at 80x24 (a note under them was cut off).
        Binding(
            "right_square_bracket",
            "details(1)",
            "Details down",
            key_display="]",
            show=False,
            tooltip="Scroll the selected pair's details down.",
            id="compare.details_down",
        ),
        Binding(
            "left_square_bracket",
            "details(-1)",
            "Details up",
            key_display="[",
            show=False,
            tooltip="Scroll the selected pair's details up.",
            id="compare.details_up",
        ),
    ]

    def action_details(self, lines: int) -> None:
        details = self.query_one("#pair-details", VerticalScroll)
        details.scroll_relative(y=lines * max(1, details.scrollable_content_region.height - 1), animate=False)

    def compose(self) -> ComposeResult:
        with Container(id="panes"):
            for side in SIDES:
                article = self.articles[side]
                with Vertical(classes="pane", id=f"pane-{side}"):
                    yield Static(
                        Text(visible_text(article.title), style="bold", no_wrap=True, overflow="ellipsis"),
                        classes="pane-title",
                    )
                    yield Static(self._details(side), classes="pane-details", id=f"details-{side}")
                    with Horizontal(classes="pane-body"):
                        view = PassageView(article.body, id=f"view-{side}")
                        yield view
                        yield OverviewRuler(view, id=f"ruler-{side}")
        with VerticalScroll(id="pair-details"):
            yield Static(id="pair-text")
        with Container(id="summary-bar"):
            yield LoadingIndicator(id="comparing")
            yield Static(Text("Comparing the two accounts…"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.view("a").focus()
        self._fit_layout()
        self.align()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "align")

    def action_back(self) -> None:
        self.app.pop_screen()

    # Alignment

    @work(thread=True, exclusive=True, group="align")
    def align(self) -> None:
        """Align in a thread; the screen stays responsive, and a result for a screen left is dropped.
        A pair compared before is read back from the cache; a long one shows its progress."""
        worker = get_current_worker()
        self.app.call_from_thread(self._watch_progress)

        def heard(stage: str, fraction: float) -> None:
            self._progress = (stage, fraction)  # read by the screen's timer, never waited for

        def warn(message: str) -> None:
            self.app.call_from_thread(self.notify, message, severity="warning", markup=False)

        # Keeping a fresh comparison for next time waits until it is shown (or the screen is left).
        keep: list[Callable[[], None]] = []
        try:
            # A long pair splits its work across two processes here too, as on the command line.
            with forking_from_this_thread():
                comparison = compare_pair(
                    host(self).library.cache_folder,
                    self.articles["a"],
                    self.articles["b"],
                    self.settings,
                    cancelled_when(lambda: worker.is_cancelled),
                    heard,
                    warn,
                    keep.append,
                )
        except Cancelled:
            return  # the screen was left: the engine stopped at its next check
        if not worker.is_cancelled:
            ready_to_summarise(comparison, self.articles["a"].body, self.articles["b"].body)
            self.app.call_from_thread(self._show_comparison, comparison)
        for step in keep:
            step()

    def _watch_progress(self) -> None:
        """Ten times a second while the pair is compared, its stage and share done in the status line."""

        def show() -> None:
            if self.engine_result is not None or not self.is_attached:
                timer.stop()
                return
            if self._progress is not None:
                stage, fraction = self._progress
                doing = "laying out the pairs" if stage == "done" else f"{stage} {fraction:.0%}"
                # One line whatever it says, so the screen is not laid out again at each change: that
                # re-rendered both bodies and their rulers ten times a second, on the thread the engine
                # shares with this one (0.3 s of the long pair's comparison in the app).
                self.query_one("#summary", Static).update(
                    Text(f"Comparing the two accounts… {doing}", no_wrap=True, overflow="ellipsis"), layout=False
                )

        timer = self.set_interval(0.1, show)

    def _show_comparison(self, comparison: Comparison) -> None:
        if self.is_attached:
            self.engine_result = comparison
            self.comparison = self._judged()
            if self._held:
                self.call_later(self._replay_held)

    async def _replay_held(self) -> None:
        """The keys held while the pair was compared, in order: each bound key's action run here; once
        one opens another screen (a: the note editor) the rest go to it, behind its mounting, where the
        letters of a note typed after `a` belong."""
        held, self._held = self._held, []
        for number, key in enumerate(held):
            bindings = self._bindings.key_to_bindings.get(key.key, ())
            if self.app.screen is not self or not bindings:
                # Another screen, or a key this screen does not bind (the app's): this one and the
                # rest go through the app as typed, in order.
                for later in held[number:]:
                    send_to_screen_shown(self, later)
                return
            await self.run_action(bindings[0].action)

    def on_key(self, event: events.Key) -> None:
        """A key typed while the pair is still compared whose action needs the comparison (a pair, a
        note, an export) is held, and so is every key after it, and they are handled in order once it is
        shown: refused one by one ("Still comparing…"), a burst such as `c n a note ctrl+s` lost its n
        and a and ran the s of "note" (sync off). Keys the texts answer alone (scrolling, the other
        pane, sync, leaving) are answered at once while nothing is held."""
        if self.comparison is not None:
            return  # (not asked whether it is current: keys reach it before it is, behind the c that opened it)
        if not self._held:
            actions = [binding.action for binding in self._bindings.key_to_bindings.get(event.key, ())]
            if all(action.split("(", 1)[0] in _ANSWERED_WHILE_COMPARING for action in actions):
                return
        event.stop()
        event.prevent_default()
        self._held.append(event)

    # Notes and exports

    @says_library_errors
    def action_annotate(self) -> None:
        """Note the selected pair (one note on both passages) or the selected left-out passage."""
        if self.still_comparing():
            return
        passages = self.selected_passages()
        if not passages:
            self.notify("Select a passage first: n for the next match, o for the next left-out passage, or click one.")
            return
        library = host(self).library
        missing = [side for side in passages if library.get(self.articles[side].id) is None]
        if missing:
            names = " and ".join(f"{side} (“{terminal_excerpt(self.articles[side].title, 50)}”)" for side in missing)
            self.notify(
                f"Notes belong to articles in the library, and {names} is not in it. Add the file with"
                " `cyberread add PATH`, then compare the two again from the library.",
                title="Not in the library",
                severity="warning",
                timeout=12,
                markup=False,
            )
            return
        a, b = self.articles["a"], self.articles["b"]
        if len(passages) == 2:
            heading = editor_heading("Note on the pair", a.body[slice(*passages["a"])])
            save_new = new_note_saver(library, a, passages["a"], (b, passages["b"]))
        else:
            ((side, span),) = passages.items()
            heading = editor_heading(f"Note on the passage only {side} reports", self.articles[side].body[slice(*span)])
            save_new = new_note_saver(library, self.articles[side], span)
        open_note_editor(self, heading, self._selected_note(), save_new, lambda _: self._paint())

    def action_export(self) -> None:
        """Ask for a format and a file, and write the comparison there with the notes on its passages."""
        comparison = self.comparison
        if self.still_comparing() or comparison is None:
            return
        a, b = self.articles["a"], self.articles["b"]
        library = host(self).library

        def write(format_name: str, path: Path, overwrite: bool) -> None:
            notes = comparison_notes(library, a, b)
            # A byte-order mark tells a spreadsheet the CSV is UTF-8 (Excel guesses a legacy code page).
            encoding = "utf-8-sig" if format_name == "csv" else "utf-8"
            document = render_export(format_name, comparison, a, b, notes)
            write_atomically(path, document, overwrite=overwrite, encoding=encoding)

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {visible_text(str(path))}", title="Exported", markup=False)

        self.app.push_screen(
            ExportDialog(default_export_path(a, b, last=host(self).last_export_folder), write), written
        )
