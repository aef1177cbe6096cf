"""The compare screen: two accounts side by side, each matched pair in one colour on both sides, the
passages each account alone carries marked, and keys to walk through them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static
from textual.worker import get_current_worker

from ..engine.align.compare import Comparison, Span, compare_articles
from ..engine.align.settings import MatchSettings
from ..engine.ingest.articles import Article
from ..engine.render.report import render_export
from ..store.exporting import comparison_notes, write_atomically
from ..store.notes import Note, NoteStore
from ..widgets.palette import LEFT_OUT_MARK, MATCH_MARK, NOTE_MARK, left_out_style, pair_style
from ..widgets.passage_view import Highlight, PassageView, visible_text
from .export_dialog import ExportDialog, default_export_path
from .notes import (
    NOTE_MARK_STYLE,
    NOTED,
    editor_heading,
    new_note_saver,
    note_bar,
    noted_passages,
    notes_on,
    open_note_editor,
    span_of,
)
from .reader import article_details

STACK_BELOW_WIDTH = 100
SIDES = ("a", "b")


@dataclass(frozen=True)
class Selection:
    """What is selected: a match (`kind` "match") or a passage one account left out ("a_only"/"b_only")."""

    kind: str
    index: int


def other(side: str) -> str:
    return "b" if side == "a" else "a"


class CompareScreen(Screen[None]):
    """Compares account a (left, or top) with account b."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", key_display="esc", id="compare.back"),
        Binding("n", "next_match(1)", "Next match", id="compare.next_match"),
        Binding("N", "next_match(-1)", "Previous match", key_display="N", show=False, id="compare.previous_match"),
        Binding("o", "next_left_out(1)", "Next left out", id="compare.next_left_out"),
        Binding(
            "O", "next_left_out(-1)", "Previous left out", key_display="O", show=False, id="compare.previous_left_out"
        ),
        Binding("enter", "jump_to_partner", "Partner", id="compare.partner"),
        Binding("s", "toggle_sync", "Sync scroll", id="compare.sync_scroll"),
        Binding(
            "a",
            "annotate",
            "Annotate",
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

    def __init__(self, a: Article, b: Article, settings: MatchSettings | None = None) -> None:
        super().__init__()
        self.articles = {"a": a, "b": b}
        self.settings = settings or MatchSettings()
        self.notes: dict[str, list[Note]] = {"a": [], "b": []}

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
                    yield PassageView(article.body, id=f"view-{side}")
        yield Static(id="compare-note", classes="note-bar")
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

    def view(self, side: str) -> PassageView:
        return self.query_one(f"#view-{side}", PassageView)

    @property
    def focused_side(self) -> str:
        return "b" if self.view("b").has_focus else "a"

    # Alignment

    @work(thread=True, exclusive=True, group="align")
    def align(self) -> None:
        """Align in a thread; the screen stays responsive, and a result for a screen left is dropped."""
        comparison = compare_articles(self.articles["a"], self.articles["b"], self.settings)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_comparison, comparison)

    def _show_comparison(self, comparison: Comparison) -> None:
        if self.is_attached:
            self.comparison = comparison

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "align")

    def watch_comparison(self, comparison: Comparison | None) -> None:
        if comparison is None:
            return
        self.query_one("#comparing").display = False
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
        for index, match in enumerate(comparison.matches):
            style = pair_style(index, background, dark)
            key = Selection("match", index)
            for side in SIDES:
                for span in getattr(match, side):
                    highlights[side].append(
                        Highlight(span.start, span.end, style.text, key, MATCH_MARK, style.mark, style.selected)
                    )
        for side in SIDES:
            for index, span in enumerate(self.left_out(side)):
                key = Selection(f"{side}_only", index)
                highlights[side].append(
                    Highlight(span.start, span.end, left_text, key, LEFT_OUT_MARK, left_mark, left_selected)
                )
            highlights[side] += self._note_highlights(side, highlights[side])
            self.view(side).set_highlights(highlights[side])
        self._show_note()

    # Notes

    def _note_highlights(self, side: str, regions: list[Highlight]) -> list[Highlight]:
        """Noted passages, underlined with NOTE_MARK in the gutter. Each takes the key and mark colour of
        the match or left-out passage it starts in, so a click on it still selects that region."""
        article_id = self.articles[side].id
        self.notes[side] = NoteStore(self.app.library).for_article(article_id)
        marks = []
        for note, passage in noted_passages(self.notes[side], article_id):
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

    def _show_note(self) -> None:
        exact = self._selected_note()
        shown = [exact] if exact else []
        for side, (start, end) in self.selected_passages().items():
            shown += [n for n in notes_on(self.notes[side], self.articles[side].id, start, end) if n not in shown]
        bar = self.query_one("#compare-note", Static)
        bar.update(note_bar(shown))
        bar.display = bool(shown)

    def action_annotate(self) -> None:
        """Note the selected pair (one note on both passages) or the selected left-out passage."""
        if self.comparison is None:
            self.notify("Still comparing…")
            return
        passages = self.selected_passages()
        if not passages:
            self.notify("Select a passage first: n for the next match, o for the next left-out passage, or click one.")
            return
        library = self.app.library
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

        def write(format_name: str, path: Path, overwrite: bool) -> None:
            notes = comparison_notes(self.app.library, a, b)
            # A byte-order mark tells a spreadsheet the CSV is UTF-8 (Excel guesses a legacy code page).
            encoding = "utf-8-sig" if format_name == "csv" else "utf-8"
            document = render_export(format_name, comparison, a, b, notes)
            write_atomically(path, document, overwrite=overwrite, encoding=encoding)

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {visible_text(str(path))}", title="Exported", markup=False)

        self.app.push_screen(ExportDialog(default_export_path(a, b), write), written)

    def on_screen_resume(self) -> None:
        # The notes screen may have edited or deleted notes on these accounts meanwhile.
        if self.comparison is not None:
            self._paint()

    def left_out(self, side: str) -> tuple[Span, ...]:
        """The passages of `side` that the other account left out."""
        if self.comparison is None:
            return ()
        return self.comparison.a_only if side == "a" else self.comparison.b_only

    def _details(self, side: str) -> Text:
        details = article_details(self.articles[side])
        if self.comparison is not None:
            coverage = self.comparison.coverage_a if side == "a" else self.comparison.coverage_b
            details += f" · {coverage:.0%} matched"
        return Text(visible_text(details), no_wrap=True, overflow="ellipsis")

    def _show_summary(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        text = Text()
        text.append(f"similarity {comparison.similarity:.2f}", style="bold")
        count = len(comparison.matches)
        text.append(f" · {count} {'match' if count == 1 else 'matches'} · left out: ")
        text.append(f"{len(comparison.a_only)} in a only", style="italic")
        text.append(", ")
        text.append(f"{len(comparison.b_only)} in b only", style="italic")
        selection = self.selection
        if selection is not None and selection.kind == "match":
            match = comparison.matches[selection.index]
            text.append(f"  │  match {selection.index + 1}/{len(comparison.matches)}: ", style="bold")
            text.append(f"{match.score:.2f} {match.kind}")
            differences = match.differences
            if differences.numbers:
                text.append(" · numbers ")
                text.append(", ".join(f"{x or '—'}≠{y or '—'}" for x, y in differences.numbers), style="bold")
            if differences.names:
                text.append(" · names ")
                text.append(
                    visible_text(", ".join(f"{x or '—'}≠{y or '—'}" for x, y in differences.names)), style="bold"
                )
        elif selection is not None:
            side = selection.kind[0]
            total = len(self.left_out(side))
            text.append(f"  │  left out by {other(side)}: {selection.index + 1}/{total}", style="bold")
        self.query_one("#summary", Static).update(text)

    # Selection

    def watch_selection(self, selection: Selection | None) -> None:
        for side in SIDES:
            view = self.view(side)
            view.selected_key = selection
            view.emphasis = self._emphasis(side, selection)
            view.refresh()
        self._show_summary()
        if self.comparison is not None:
            self._show_note()

    def _emphasis(self, side: str, selection: Selection | None) -> list[tuple[int, int]]:
        """Where, inside the selected match, the words that differ from the partner stand."""
        if self.comparison is None or selection is None or selection.kind != "match":
            return []
        match = self.comparison.matches[selection.index]
        words = match.differences.a_words if side == "a" else match.differences.b_words
        if not words:
            return []
        pattern = re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE
        )
        return [
            (span.start + m.start(), span.start + m.end())
            for span in getattr(match, side)
            for m in pattern.finditer(span.text)
        ]

    def select(self, selection: Selection | None, *, scroll: bool = True) -> None:
        self.selection = selection
        if selection is None or self.comparison is None or not scroll:
            return
        if selection.kind == "match":
            match = self.comparison.matches[selection.index]
            for side in SIDES:
                self.view(side).scroll_to_offset(getattr(match, side)[0].start)
        else:
            side = selection.kind[0]
            self.view(side).scroll_to_offset(self.left_out(side)[selection.index].start)

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
        """Select the match under the focused pane's selection or top line and bring its partner into view."""
        if not self.comparison or not self.comparison.matches:
            return
        side = self.focused_side
        if self.selection is not None and self.selection.kind != "match":
            self.notify("The other account has no partner for this passage: it left it out.")
            return
        if self.selection is None:
            top = self.view(side).top_offset
            spans = [getattr(m, side)[-1].end for m in self.comparison.matches]
            index = next((i for i, end in enumerate(spans) if end > top), len(spans) - 1)
            self.selection = Selection("match", index)
        match = self.comparison.matches[self.selection.index]
        self.view(other(side)).scroll_to_offset(getattr(match, other(side))[0].start)
        self.view(side).scroll_to_offset(getattr(match, side)[0].start)

    @on(PassageView.HighlightClicked)
    def _clicked(self, event: PassageView.HighlightClicked) -> None:
        if isinstance(event.key, Selection):
            side = "a" if event.view is self.view("a") else "b"
            self.selection = event.key
            if event.key.kind == "match" and self.comparison:
                partner = getattr(self.comparison.matches[event.key.index], other(side))[0]
                self.view(other(side)).scroll_to_offset(partner.start)

    # Scrolling

    def action_toggle_sync(self) -> None:
        self.synchronised = not self.synchronised
        self.notify("Scrolling together." if self.synchronised else "Scrolling each pane on its own.")

    def action_switch_pane(self) -> None:
        self.view(other(self.focused_side)).focus()

    def action_scroll(self, direction: str) -> None:
        view = self.view(self.focused_side)
        view.scroll_down(animate=False) if direction == "down" else view.scroll_up(animate=False)

    def action_page(self, direction: str) -> None:
        view = self.view(self.focused_side)
        view.scroll_page_down(animate=False) if direction == "down" else view.scroll_page_up(animate=False)

    def action_edge(self, edge: str) -> None:
        view = self.view(self.focused_side)
        view.scroll_home(animate=False) if edge == "top" else view.scroll_end(animate=False)

    @on(PassageView.Scrolled)
    def _scrolled(self, event: PassageView.Scrolled) -> None:
        """Keep the other pane at the partner of the first match in view, when synchronised."""
        if not self.synchronised or not self.comparison or not event.view.has_focus:
            return
        side = "a" if event.view is self.view("a") else "b"
        target = self.view(other(side))
        for match in self.comparison.matches:
            spans = getattr(match, side)
            if spans[-1].end > event.top:
                lead = event.view.line_of(spans[0].start) - round(event.view.scroll_y)
                partner_line = target.line_of(getattr(match, other(side))[0].start)
                target.scroll_to(y=max(0, partner_line - max(0, lead)), animate=False)
                return
