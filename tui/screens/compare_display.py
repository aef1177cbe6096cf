"""What the compare screen shows: each pair in its colour on both panes, the left-out passages and the
notes marked, the status line, and the selected pair or passage in full."""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual import on
from textual.color import Color
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..engine.align.alone import omission_summary
from ..engine.align.compare import Comparison
from ..engine.align.quote_agreement import quotes_touching
from ..engine.align.relatedness import reports_one_event
from ..engine.align.result import LeftOut
from ..engine.render.common import labels, match_notes
from ..engine.text.plural import counted
from ..store.common import LibraryError
from ..store.notes import Note, NoteStore
from ..widgets.pair_text import describe_match, gutter_mark, value_changes, word_diff
from ..widgets.palette import (
    CHANGED_VALUE,
    LEFT_OUT_MARK,
    NOTE_MARK,
    left_out_style,
    pair_colours,
    pair_style,
)
from ..widgets.passage_view import Highlight, visible_text
from ..widgets.ruler import OverviewRuler, RulerMark
from .compare_panes import SIDES, ComparePanes, Selection, other
from .host import NotesChanged, host, says_library_errors
from .note_marks import NOTE_MARK_STYLE, NOTED, mine_first, noted_passages, notes_on, written_by
from .reader import article_details

MISQUOTE = Style(bold=True, reverse=True, underline=True)


class CompareDisplay(ComparePanes):
    """The panes painted from the comparison, and the panels that say what the selection is."""

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

    def _note_highlights(self, side: str, regions: list[Highlight]) -> list[Highlight]:
        """Noted passages, underlined with NOTE_MARK in the gutter. Each takes the key and mark colour of
        the match or left-out passage it starts in, so a click on it still selects that region."""
        article_id = self.articles[side].id
        self.notes[side] = NoteStore(host(self).library).for_article(article_id)
        marks = []
        for _note, passage in noted_passages(self.notes[side], article_id):
            region = next((h for h in regions if h.start <= passage.start < h.end), None)
            key, mark_style = (region.key, region.mark_style) if region else (None, NOTE_MARK_STYLE)
            marks.append(Highlight(passage.start, passage.end, NOTED, key, NOTE_MARK, mark_style, NOTED, beside=True))
        return marks

    def _selected_note(self) -> Note | None:
        """The user's own note exactly on the selection (on both passages of a match, or on the left-out
        passage), to edit; a colleague's there is left as it is (mine_first)."""
        passages = self.selected_passages()
        if not passages:
            return None

        def on_selection(note: Note) -> bool:
            places = {side: note.passage_in(self.articles[side].id) for side in passages}
            return all(p is not None and (p.start, p.end) == passages[side] for side, p in places.items())

        return mine_first(filter(on_selection, self.notes[next(iter(passages))]), host(self).library.user or None)

    def on_screen_resume(self) -> None:
        # The notes screen may have edited or deleted notes on these accounts meanwhile.
        self._notes_changed()

    @on(NotesChanged)
    @says_library_errors
    def _notes_changed(self) -> None:
        if self.comparison is not None:
            self._paint()

    def _details(self, side: str) -> Text:
        """The metadata line under a pane's title; for two texts of one story (its versions, which share a
        title, outlet and date), which version each is and when it was fetched, first."""
        details = article_details(self.articles[side])
        try:
            versions = host(self).library.versions(self.articles[side].id)
        except LibraryError:
            versions = []
        ids = [version.id for version in versions]
        if self.articles[other(side)].id in ids and self.articles[side].id in ids:
            number = ids.index(self.articles[side].id)
            fetched = versions[number].fetched[:16].replace("T", " ")
            details = f"version {number + 1} of {len(ids)}, fetched {fetched} · {details}"
        return Text(visible_text(details), no_wrap=True, overflow="ellipsis")

    # What the selection says

    def watch_selection(self, selection: Selection | None) -> None:
        for side in SIDES:
            self.view(side).selected_key = selection
        self._show_emphasis()
        self._show_details()

    def watch_synchronised(self) -> None:
        if self.is_mounted:
            self._show_summary()
            self.set_class(not self.synchronised, "-unsynchronised")

    def _rejecters(self, comparison: Comparison) -> str:
        """Who rejected the comparison's rejected pairs: "you", or colleagues by name (a shared library)."""
        me = host(self).library.user or None
        names = dict.fromkeys("you" if m.judged_by in (None, me) else m.judged_by for m in comparison.rejected)
        return visible_text(", ".join(name for name in names if name))

    def _show_summary(self) -> None:
        """The status line: the comparison's numbers first, short enough for 80 columns, wrapping
        rather than cut off; and whether the panes scroll together."""
        text = Text()
        comparison = self.comparison
        if comparison is not None:
            count = len(comparison.matches)
            text.append(f"similarity {comparison.similarity:.2f}", style="bold")
            if not reports_one_event(comparison, self.articles["a"].body, self.articles["b"].body):
                # The rule collation and the stories follow: what the pairs share may be stock phrases.
                text.append(" · different events?", style="bold reverse")
            text.append(f" · {counted(count, 'pair')}")
            text.append(f" · a {comparison.coverage_a:.0%} b {comparison.coverage_b:.0%} matched")
            text.append(f" · left out {len(comparison.a_only)} a, {len(comparison.b_only)} b", style="italic")
            quotes = Counter(m.quote for m in comparison.matches)
            text.append(f" · {count - quotes['none']} quoting, {quotes['misquote']} misquoted")
            if quotes["reworded"]:
                text.append(f", {quotes['reworded']} reworded")
            if comparison.rejected:
                text.append(f" · {len(comparison.rejected)} rejected by {self._rejecters(comparison)}")
        else:
            text.append("Comparing the two accounts…")
        text.append(" · ")
        text.append("⇅ sync on" if self.synchronised else "⇅ sync off", style="bold" if self.synchronised else "dim")
        text.append(" (s)", style="dim")
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
            # What matters first: on a short terminal the panel shows its first lines, and the keys
            # are in the footer too.
            text.append("Left out that matters: ", style="bold")
            a, b = self.articles["a"], self.articles["b"]
            summary = omission_summary(comparison, a.body, b.body, *labels(a, b, ("a", "b")))
            text.append(visible_text(summary))
            text.append("\n")
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
            text.append(f"Only in {side}", style="bold")
            text.append(f" · left out by {other(side)} · passage {selection.index + 1} of {len(self.left_out(side))}")
            text.append(f" · {counted(len(span.text.split()), 'word')}")
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
        me = host(self).library.user or None
        for note in notes[:3]:
            text.append(f"\n{NOTE_MARK} ", style="bold")
            text.append(written_by(note, me), style="italic")
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
