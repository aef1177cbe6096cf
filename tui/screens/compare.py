"""The compare screen: two accounts side by side, each matched pair in one colour on both sides, the
passages each account alone carries marked, and keys to walk through them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from ..engine.align.cancel import Cancelled, cancelled_when
from ..engine.align.compare import Comparison, Span
from ..engine.align.omissions import heaviest_first, omission_summary
from ..engine.align.quotes import quotes_touching
from ..engine.align.result import LeftOut, Match, Side
from ..engine.align.settings import MatchSettings
from ..engine.align.verdicts import Verdict, VerdictKind
from ..engine.ingest.articles import Article
from ..engine.render.common import match_notes
from ..engine.render.report import render_export
from ..engine.text.safe import terminal_excerpt
from ..store.comparing import compare_pair
from ..store.exporting import comparison_notes, write_atomically
from ..store.library import LibraryError
from ..store.notes import Note, NoteStore
from ..store.verdicts import VerdictStore
from ..widgets.focus import focus_now
from ..widgets.pair_scroll import follow, level_tops, sync_anchors
from ..widgets.pair_text import describe_match, gutter_mark, value_changes, word_diff
from ..widgets.palette import (
    CHANGED_VALUE,
    LEFT_OUT_MARK,
    NOTE_MARK,
    left_out_style,
    pair_colours,
    pair_style,
)
from ..widgets.passage_view import Highlight, PassageView, visible_text
from ..widgets.ruler import OverviewRuler, RulerMark
from .export_dialog import ExportDialog, default_export_path
from .host import NotesChanged, host
from .jump_list import JumpEntry, JumpList
from .notes import (
    NOTE_MARK_STYLE,
    NOTED,
    editor_heading,
    new_note_saver,
    noted_passages,
    notes_on,
    open_note_editor,
    span_of,
)
from .reader import article_details

STACK_BELOW_WIDTH = 100
MISQUOTE = Style(bold=True, reverse=True, underline=True)
SIDES: tuple[Side, Side] = ("a", "b")


@dataclass(frozen=True)
class Selection:
    """What is selected: a match (`kind` "match") or a passage one account left out ("a_only"/"b_only")."""

    kind: str
    index: int


def selection_at(comparison: Comparison, place: tuple[int, int]) -> Selection | None:
    """The match holding most of `place` (offsets into a), else the passage of a left out there."""
    start, end = place

    def overlap(spans: Sequence[Span]) -> int:
        return sum(max(0, min(end, s.end) - max(start, s.start)) for s in spans)

    best = max(range(len(comparison.matches)), key=lambda i: overlap(comparison.matches[i].a), default=None)
    if best is not None and overlap(comparison.matches[best].a) > 0:
        return Selection("match", best)
    left = max(range(len(comparison.a_only)), key=lambda i: overlap(comparison.a_only[i : i + 1]), default=None)
    if left is not None and overlap(comparison.a_only[left : left + 1]) > 0:
        return Selection("a_only", left)
    return None


def other(side: str) -> str:
    return "b" if side == "a" else "a"


class CompareScreen(Screen[None]):
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
            tooltip="Walk the pairs whose quotations differ: misquotes, then a quote against a paraphrase.",
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
        Binding("s", "toggle_sync", "Sync", id="compare.sync_scroll"),
        Binding("enter", "jump_to_partner", "Partner", show=False, id="compare.partner"),
        Binding("escape,q", "back", "Back", key_display="q", show=False, id="compare.back"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="compare.switch_pane"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="compare.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="compare.up"),
        Binding("space,pagedown", "page('down')", "Page down", show=False, id="compare.page_down"),
        Binding("b,pageup", "page('up')", "Page up", show=False, id="compare.page_up"),
        Binding("g,home", "edge('top')", "Top", show=False, id="compare.top"),
        Binding("G,end", "edge('bottom')", "Bottom", show=False, id="compare.bottom"),
    ]

    comparison: reactive[Comparison | None] = reactive(None)
    """The engine's result; None while the alignment runs."""
    selection: reactive[Selection | None] = reactive(None)
    """The selected match or left-out passage."""
    synchronised: reactive[bool] = reactive(True)
    """Whether scrolling one pane scrolls the other to the corresponding place."""
    left_out_by_weight: reactive[bool] = reactive(True)
    """Whether `o` walks the left-out passages heaviest first (else in reading order); `w` switches."""

    def __init__(self, a: Article, b: Article, settings: MatchSettings | None = None) -> None:
        super().__init__()
        self.articles = {"a": a, "b": b}
        self.settings = settings or MatchSettings()
        self.notes: dict[str, list[Note]] = {"a": [], "b": []}
        self.colours: list[int] = []
        """Each match's colour (an index into PAIR_COLOURS); neighbours in a and in b differ."""
        self._anchors: list[tuple[float, float]] | None = None
        self._levelled: tuple[float, float] | None = None
        self.engine_result: Comparison | None = None
        """The engine's comparison before the reader's verdicts are applied."""
        self._progress: tuple[str, float] | None = None
        """The comparison's stage and share done, as the worker last heard it."""
        self.linking: tuple[str, tuple[int, int]] | None = None
        """The passage picked as the first of a link: its side and place."""
        self._undo: list[int] = []

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

    def on_resize(self) -> None:
        self._fit_layout()

    def _fit_layout(self) -> None:
        self.set_class(self.size.width < STACK_BELOW_WIDTH, "-stacked")
        self._anchors = None  # the lines wrap anew

    def view(self, side: str) -> PassageView:
        return self.query_one(f"#view-{side}", PassageView)

    @property
    def focused_side(self) -> str:
        return "b" if self.view("b").has_focus else "a"

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

        try:
            comparison = compare_pair(
                host(self).library.cache_folder,
                self.articles["a"],
                self.articles["b"],
                self.settings,
                cancelled_when(lambda: worker.is_cancelled),
                heard,
                warn,
            )
        except Cancelled:
            return  # the screen was left: the engine stopped at its next check
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_comparison, comparison)

    def _watch_progress(self) -> None:
        """Ten times a second while the pair is compared, its stage and share done in the status line."""

        def show() -> None:
            if self.engine_result is not None or not self.is_attached:
                timer.stop()
                return
            if self._progress is not None:
                stage, fraction = self._progress
                doing = "laying out the pairs" if stage == "done" else f"{stage} {fraction:.0%}"
                self.query_one("#summary", Static).update(Text(f"Comparing the two accounts… {doing}"))

        timer = self.set_interval(0.1, show)

    def _show_comparison(self, comparison: Comparison) -> None:
        if self.is_attached:
            self.engine_result = comparison
            self.comparison = self._judged()

    # The reader's verdicts

    def _verdicts(self) -> VerdictStore | None:
        """The verdict store, when both accounts are in the library (files compared have none)."""
        library = host(self).library
        if any(library.get(self.articles[side].id) is None for side in SIDES):
            return None
        return VerdictStore(library)

    def _judged(self) -> Comparison | None:
        store, result = self._verdicts(), self.engine_result
        if store is None or result is None:
            return result
        return store.judged(result, self.articles["a"], self.articles["b"])

    def _save_verdict(self, kind: VerdictKind, a: tuple[int, int], b: tuple[int, int]) -> None:
        store = self._verdicts()
        if store is None:
            self.notify("Verdicts belong to articles in the library: `cyberread add` the files first.", markup=False)
            return
        try:
            saved = store.save(self.articles["a"], self.articles["b"], Verdict(kind, a, b))
        except LibraryError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if saved.id is not None:
            self._undo.append(saved.id)
        self._rejudge(Selection("match", 0) if kind != "rejected" else None, place=a)
        self.notify({"accepted": "Pair confirmed.", "rejected": "Pair rejected.", "linked": "Passages linked."}[kind])

    def _rejudge(self, selection: Selection | None, place: tuple[int, int]) -> None:
        judged = self._judged()
        self.selection = None
        self.comparison = judged
        if judged is not None and selection is not None:
            found = selection_at(judged, place)
            self.select(found, scroll=False)

    def action_verdict(self, kind: VerdictKind) -> None:
        """Accept or reject the selected pair."""
        selection, comparison = self.selection, self.comparison
        if comparison is None or selection is None or selection.kind != "match":
            self.notify("Select a pair first: n for the next one, or click it.")
            return
        match = comparison.matches[selection.index]
        self._save_verdict(kind, match.extent("a"), match.extent("b"))

    def action_link(self) -> None:
        """Pick the focused pane's selected passage; picked on both sides, link them as a pair."""
        passages = self.selected_passages()
        side = self.focused_side
        if side not in passages:
            self.notify("Select a passage in this pane first (o, w, or a click), then press =.")
            return
        if self.linking is None or self.linking[0] == side:
            self.linking = (side, passages[side])
            self.notify(f"Picked in {side}: now select a passage in {other(side)} and press = again.")
            return
        places = {self.linking[0]: self.linking[1], side: passages[side]}
        self.linking = None
        self._save_verdict("linked", places["a"], places["b"])

    def action_undo_verdict(self) -> None:
        store = self._verdicts()
        if store is None or not self._undo:
            self.notify("No verdict of this visit to take back.")
            return
        store.delete(self._undo.pop())
        self._rejudge(None, (0, 0))
        self.notify("Verdict taken back.")

    def action_toggle_left_out_order(self) -> None:
        self.left_out_by_weight = not self.left_out_by_weight
        self.notify(
            "o: left-out passages heaviest first (names, figures, quotations first)."
            if self.left_out_by_weight
            else "o: left-out passages in reading order."
        )
        self._show_summary()

    def _next_weighty(self, step: int) -> None:
        """The next left-out passage of the focused pane by weight, heaviest first."""
        side = self.focused_side
        passages = self.left_out(side)
        order = heaviest_first(passages)
        current = self.selection
        kind = f"{side}_only"
        at = order.index(current.index) if current is not None and current.kind == kind else -1
        self.select(Selection(kind, order[(at + step) % len(order)]))

    def action_next_quote_difference(self, step: int) -> None:
        """The next pair whose quotations differ: misquotes first, then a quote against a paraphrase."""
        comparison = self.comparison
        if comparison is None:
            self.notify("Still comparing…")
            return
        order = [i for i, m in enumerate(comparison.matches) if m.quote == "misquote"]
        order += [i for i, m in enumerate(comparison.matches) if m.quote == "one_side"]
        if not order:
            self.notify("The two accounts quote alike: no misquote, no quote against a paraphrase.")
            return
        current = self.selection
        at = (
            order.index(current.index)
            if current is not None and current.index in order and current.kind == "match"
            else -1
        )
        self.select(Selection("match", order[(at + step) % len(order)]))

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "align")

    def watch_comparison(self, comparison: Comparison | None) -> None:
        if comparison is None:
            return
        self.query_one("#comparing").display = False
        b_order = sorted(range(len(comparison.matches)), key=lambda i: comparison.matches[i].extent("b"))
        self.colours = pair_colours(b_order)
        self._paint()
        for side in SIDES:
            self.query_one(f"#details-{side}", Static).update(self._details(side))
        self._show_summary()

    def _paint(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        dark = self.app.current_theme.dark
        background = Color.parse(self.app.current_theme.background or ("#000000" if dark else "#ffffff"))
        left_text, left_selected, left_mark = left_out_style(background, dark)
        highlights: dict[str, list[Highlight]] = {"a": [], "b": []}
        rulers: dict[str, list[RulerMark]] = {"a": [], "b": []}
        for index, match in enumerate(comparison.matches):
            style = pair_style(self.colours[index], background, dark)
            key = Selection("match", index)
            for side in SIDES:
                quotes = comparison.quotes(side)
                quoted_here = any(quotes_touching(quotes, span.start, span.end) for span in match.side(side))
                mark, mark_style = gutter_mark(match, quoted_here, style.mark)
                for number, span in enumerate(getattr(match, side)):
                    highlights[side].append(
                        Highlight(
                            span.start,
                            span.end,
                            style.text,
                            key,
                            mark,
                            mark_style,
                            style.selected,
                            badge="" if number else str(index + 1),
                            badge_style=style.badge,
                        )
                    )
                    rulers[side].append(RulerMark(span.start, span.end, style.badge))
        for side in SIDES:
            for index, span in enumerate(self.left_out(side)):
                key = Selection(f"{side}_only", index)
                highlights[side].append(
                    Highlight(span.start, span.end, left_text, key, LEFT_OUT_MARK, left_mark, left_selected)
                )
                rulers[side].append(RulerMark(span.start, span.end, left_selected))
            highlights[side] += self._note_highlights(side, highlights[side])
            self.view(side).set_highlights(highlights[side])
            self.query_one(f"#ruler-{side}", OverviewRuler).set_marks(rulers[side])
        self._anchors = None
        self._show_emphasis()
        self._show_details()

    # Notes

    def _note_highlights(self, side: str, regions: list[Highlight]) -> list[Highlight]:
        """Noted passages, underlined with NOTE_MARK in the gutter. Each takes the key and mark colour of
        the match or left-out passage it starts in, so a click on it still selects that region."""
        article_id = self.articles[side].id
        self.notes[side] = NoteStore(host(self).library).for_article(article_id)
        marks = []
        for _note, passage in noted_passages(self.notes[side], article_id):
            region = next((h for h in regions if h.start <= passage.start < h.end), None)
            key, mark_style = (region.key, region.mark_style) if region else (None, NOTE_MARK_STYLE)
            marks.append(Highlight(passage.start, passage.end, NOTED, key, NOTE_MARK, mark_style, NOTED))
        return marks

    def selected_passages(self) -> dict[str, tuple[int, int]]:
        """The selected passage on each side it has one: both for a match, one for a left-out passage."""
        selection = self.selection
        if selection is None or self.comparison is None:
            return {}
        if selection.kind == "match":
            match = self.comparison.matches[selection.index]
            return {side: span_of(getattr(match, side)) for side in SIDES}
        side = selection.kind[0]
        return {side: span_of(self.left_out(side)[selection.index : selection.index + 1])}

    def _selected_note(self) -> Note | None:
        """The note exactly on the selection: on both passages of a match, or on the left-out passage."""
        passages = self.selected_passages()
        if not passages:
            return None
        for note in self.notes[next(iter(passages))]:
            places = {side: note.passage_in(self.articles[side].id) for side in passages}
            if all(p is not None and (p.start, p.end) == passages[side] for side, p in places.items()):
                return note
        return None

    def action_annotate(self) -> None:
        """Note the selected pair (one note on both passages) or the selected left-out passage."""
        if self.comparison is None:
            self.notify("Still comparing…")
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
        if comparison is None:
            self.notify("Still comparing…")
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

        self.app.push_screen(ExportDialog(default_export_path(a, b), write), written)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_screen_resume(self) -> None:
        # The notes screen may have edited or deleted notes on these accounts meanwhile.
        self._notes_changed()

    @on(NotesChanged)
    def _notes_changed(self) -> None:
        if self.comparison is not None:
            self._paint()

    def left_out(self, side: str) -> tuple[Span, ...]:
        """The passages of `side` that the other account left out."""
        if self.comparison is None:
            return ()
        return self.comparison.a_only if side == "a" else self.comparison.b_only

    def _details(self, side: str) -> Text:
        return Text(visible_text(article_details(self.articles[side])), no_wrap=True, overflow="ellipsis")

    # What the selection says

    def _show_summary(self) -> None:
        """The status line: the comparison's numbers first, short enough for 80 columns, wrapping
        rather than cut off; and whether the panes scroll together."""
        text = Text()
        comparison = self.comparison
        if comparison is not None:
            count = len(comparison.matches)
            text.append(f"similarity {comparison.similarity:.2f}", style="bold")
            text.append(f" · {count} {'pair' if count == 1 else 'pairs'}")
            text.append(f" · a {comparison.coverage_a:.0%} b {comparison.coverage_b:.0%} matched")
            text.append(f" · left out {len(comparison.a_only)} a, {len(comparison.b_only)} b", style="italic")
            quoted = sum(1 for m in comparison.matches if m.quote != "none")
            misquoted = sum(1 for m in comparison.matches if m.quote == "misquote")
            text.append(f" · {quoted} quoting, {misquoted} misquoted")
            if comparison.rejected:
                text.append(f" · {len(comparison.rejected)} rejected by you")
        else:
            text.append("Comparing the two accounts…")
        text.append(" · ")
        text.append("⇅ sync on" if self.synchronised else "⇅ sync off", style="bold" if self.synchronised else "dim")
        self.query_one("#summary", Static).update(text)

    def _show_details(self) -> None:
        """The selected pair or passage in full, wrapped: nothing is cut off; the panel scrolls."""
        self._show_summary()
        comparison = self.comparison
        selection = self.selection
        text = Text()
        if comparison is None:
            pass
        elif selection is None:
            text.append("n", style="bold")
            text.append(" next pair · ")
            text.append("o", style="bold")
            text.append(" next left-out passage" + (", heaviest first · " if self.left_out_by_weight else " · "))
            text.append("l", style="bold")
            text.append(" list of all · click a passage · ")
            text.append("?", style="bold")
            text.append(" every key · ")
            order = " (reading order)" if not self.left_out_by_weight else " order"
            for key, what in (("w", order), ("m", " misquotes"), ("+ - =", " accept, reject, link")):
                text.append(key, style="bold")
                text.append(what + (" · " if key != "+ - =" else ""))
            text.append("\nLeft out that matters: ")
            a, b = self.articles["a"], self.articles["b"]
            summary = omission_summary(comparison, a.body, b.body, a.outlet or "a", b.outlet or "b")
            text.append(visible_text(summary))
        elif selection.kind == "match":
            match = comparison.matches[selection.index]
            text.append(f"Pair {selection.index + 1} of {len(comparison.matches)}", style="bold")
            text.append(f" · {match.kind} · score {match.score:.2f}")
            for label, value in match_notes(match, self.articles["a"].body, self.articles["b"].body):
                text.append(f"\n{label}: ", style="bold")
                text.append(
                    visible_text(value), style=MISQUOTE if match.quote == "misquote" and label != "Reader" else ""
                )
            describe_match(text, match, self.articles["a"].body, self.articles["b"].body)
        else:
            side = selection.kind[0]
            span = self.left_out(side)[selection.index]
            text.append(f"Left out by {other(side)}", style="bold")
            text.append(f" · passage {selection.index + 1} of {len(self.left_out(side))} in {side}")
            text.append(f" · {len(span.text.split())} words")
            if isinstance(span, LeftOut):
                text.append(f" · weight {span.weight:.2f}", style="bold")
                carries = span.carries
                for label, items in (
                    ("Names", carries.names),
                    ("Numbers", carries.numbers),
                    ("Quotes", carries.quotes),
                ):
                    if items:
                        text.append(f"\n{label}: ", style="bold")
                        text.append(visible_text(" · ".join(items)))
        notes = self._notes_shown()
        for note in notes[:3]:
            text.append(f"\n{NOTE_MARK} ", style="bold")
            text.append(visible_text(note.text))
        if len(notes) > 3:
            text.append(f"\n(+{len(notes) - 3} more notes: ctrl+n lists them)", style="dim")
        self.query_one("#pair-text", Static).update(text)
        self.query_one("#pair-details", VerticalScroll).scroll_home(animate=False)

    def _notes_shown(self) -> list[Note]:
        exact = self._selected_note()
        shown = [exact] if exact else []
        for side, (start, end) in self.selected_passages().items():
            shown += [n for n in notes_on(self.notes[side], self.articles[side].id, start, end) if n not in shown]
        return shown

    def _show_emphasis(self) -> None:
        """The aligned word diff of the selected pair, with its changed numbers and names."""
        comparison = self.comparison
        if comparison is None:
            return
        selection = self.selection
        for side in SIDES:
            stressed: list[tuple[int, int, Style]] = []
            if selection is not None and selection.kind == "match":
                match = comparison.matches[selection.index]
                stressed += word_diff(match, side)
                for op in match.quoted:
                    start, end = op.a if side == "a" else op.b
                    if op.tag != "equal" and end > start:
                        stressed.append((start, end, MISQUOTE))
                # After the word diff, so a changed number or name shows as one, whatever its words.
                for change in value_changes(match):
                    span = change.a if side == "a" else change.b
                    if span is not None:
                        stressed.append((span.start, span.end, CHANGED_VALUE))
            view = self.view(side)
            view.emphasis = stressed
            view.refresh()

    # Selection

    def watch_selection(self, selection: Selection | None) -> None:
        for side in SIDES:
            self.view(side).selected_key = selection
        self._show_emphasis()
        self._show_details()

    def select(self, selection: Selection | None, *, scroll: bool = True) -> None:
        self.selection = selection
        if selection is None or self.comparison is None or not scroll:
            return
        if selection.kind == "match":
            self.level(self.comparison.matches[selection.index])
        else:
            side = selection.kind[0]
            span = self.left_out(side)[selection.index]
            view = self.view(side)
            lines = view.line_of(span.end) - view.line_of(span.start) + 1
            view.scroll_to_line(view.line_of(span.start) - max(0, min(view.view_height // 3, view.view_height - lines)))
            self._follow(side)

    def level(self, match: Match) -> None:
        """Scroll both panes so the pair is in full view with its first lines on the same screen row."""
        views = (self.view("a"), self.view("b"))
        starts = tuple(view.line_of(match.extent(side)[0]) for view, side in zip(views, SIDES, strict=False))
        lengths = tuple(
            view.line_of(match.extent(side)[1] - 1) - start + 1
            for view, side, start in zip(views, SIDES, starts, strict=False)
        )
        tops = level_tops(
            (starts[0], starts[1]),
            (lengths[0], lengths[1]),
            (views[0].view_height, views[1].view_height),
            (views[0].last_top, views[1].last_top),
        )
        for view, top in zip(views, tops, strict=False):
            view.scroll_to_line(top)
        self._levelled = (views[0].scroll_y, views[1].scroll_y)

    def action_next_match(self, step: int) -> None:
        if not self.comparison or not self.comparison.matches:
            self.notify("No matches to walk through." if self.comparison else "Still comparing…")
            return
        count = len(self.comparison.matches)
        current = self.selection
        if current is not None and current.kind == "match":
            index = (current.index + step) % count
        else:
            index = 0 if step > 0 else count - 1
        self.select(Selection("match", index))

    def action_next_left_out(self, step: int) -> None:
        side = self.focused_side
        passages = self.left_out(side)
        if not passages:
            self.notify("Nothing in this account that the other left out." if self.comparison else "Still comparing…")
            return
        if self.left_out_by_weight:
            self._next_weighty(step)
            return
        kind = f"{side}_only"
        current = self.selection
        if current is not None and current.kind == kind:
            index = (current.index + step) % len(passages)
        else:
            top = self.view(side).top_offset
            after = [i for i, span in enumerate(passages) if span.end > top]
            index = (
                (after[0] if after else 0)
                if step > 0
                else ((after[0] - 1) % len(passages) if after else len(passages) - 1)
            )
        self.select(Selection(kind, index))

    def action_jump_to_partner(self) -> None:
        """Select the match under the focused pane's selection or top line and bring both halves level."""
        if not self.comparison or not self.comparison.matches:
            return
        side = self.focused_side
        if self.selection is not None and self.selection.kind != "match":
            self.notify("The other account has no partner for this passage: it left it out.")
            return
        selection = self.selection
        if selection is None:
            top = self.view(side).top_offset
            spans = [getattr(m, side)[-1].end for m in self.comparison.matches]
            selection = Selection("match", next((i for i, end in enumerate(spans) if end > top), len(spans) - 1))
        self.select(selection)

    def action_jump_list(self) -> None:
        comparison = self.comparison
        if comparison is None:
            self.notify("Still comparing…")
            return

        def chosen(entry: JumpEntry | None) -> None:
            if entry is not None:
                self.select(Selection(entry.kind, entry.index))

        self.app.push_screen(JumpList(comparison), chosen)

    @on(PassageView.HighlightClicked)
    def _clicked(self, event: PassageView.HighlightClicked) -> None:
        if isinstance(event.key, Selection):
            self.select(event.key)

    @on(OverviewRuler.Jump)
    def _ruler_clicked(self, event: OverviewRuler.Jump) -> None:
        view = event.ruler.view
        view.focus()
        view.scroll_to_line(event.line - view.view_height // 2)
        self._follow("a" if view is self.view("a") else "b")

    # Scrolling

    def action_toggle_sync(self) -> None:
        self.synchronised = not self.synchronised

    def watch_synchronised(self) -> None:
        if self.is_mounted:
            self._show_summary()
            self.set_class(not self.synchronised, "-unsynchronised")

    def action_switch_pane(self) -> None:
        focus_now(self.view(other(self.focused_side)))

    def action_scroll(self, direction: str) -> None:
        view = self.view(self.focused_side)
        view.scroll_to_line(view.scroll_y + (1 if direction == "down" else -1))
        self._follow(self.focused_side)

    def action_page(self, direction: str) -> None:
        view = self.view(self.focused_side)
        step = max(1, view.view_height - 1)
        view.scroll_to_line(view.scroll_y + (step if direction == "down" else -step))
        self._follow(self.focused_side)

    def action_edge(self, edge: str) -> None:
        view = self.view(self.focused_side)
        view.scroll_to_line(0 if edge == "top" else view.last_top)
        self._follow(self.focused_side)

    def anchors(self) -> list[tuple[float, float]]:
        """The sync anchors for the panes as they are wrapped now (rebuilt after a resize)."""
        if self._anchors is None:
            a, b = self.view("a"), self.view("b")
            row = min(a.view_height, b.view_height) // 3
            pairs = []
            for match in self.comparison.matches if self.comparison else ():
                in_a, in_b = match.extent("a"), match.extent("b")
                pairs.append((a.line_of(in_a[0]), b.line_of(in_b[0])))
                pairs.append((a.line_of(in_a[1] - 1), b.line_of(in_b[1] - 1)))
            self._anchors = sync_anchors(pairs, (a.last_top, b.last_top), row)
        return self._anchors

    def _follow(self, side: str) -> None:
        """Move the other pane to where the anchors put it for `side`'s position, when synchronised."""
        if not self.synchronised or self.comparison is None:
            return
        source = self.view(side)
        target = self.view(other(side))
        target.scroll_to_line(round(follow(self.anchors(), source.scroll_y, SIDES.index(side))))
        self._levelled = None
        for ruler in self.query(OverviewRuler):
            ruler.refresh()

    @on(PassageView.Scrolled)
    def _scrolled(self, event: PassageView.Scrolled) -> None:
        """A scroll the screen did not make (the mouse wheel, the scroll bar): the focused pane leads."""
        for ruler in self.query(OverviewRuler):
            ruler.refresh()
        if not event.view.has_focus:
            return
        a, b = self.view("a"), self.view("b")
        if self._levelled == (a.scroll_y, b.scroll_y):
            return  # the panes were levelled on a pair: keep them so
        self._follow("a" if event.view is a else "b")
