"""The reader's verdicts on a comparison: confirm a pair, reject it, link two passages the engine did not
pair, take the last one back; the screen shows the comparison with them applied."""

from __future__ import annotations

from textual import on

from ..engine.align.compare import Comparison
from ..engine.align.verdicts import Verdict, VerdictKind
from ..store.library import LibraryError
from ..store.verdicts import VerdictStore
from ..widgets.passage_view import visible_text
from .compare_display import CompareDisplay
from .compare_panes import SIDES, Selection, other, selection_at
from .host import VerdictsChanged, host, says_library_errors

_NAMES = {"accepted": "confirmation", "rejected": "rejection", "linked": "link"}
"""A verdict as a notice names it."""


def _place_in_a(comparison: Comparison, selection: Selection | None) -> tuple[int, int] | None:
    """Where the selection lies in account a (a match's extent, a passage a left out); None otherwise."""
    if selection is None:
        return None
    if selection.kind == "match" and selection.index < len(comparison.matches):
        return comparison.matches[selection.index].extent("a")
    if selection.kind == "a_only" and selection.index < len(comparison.a_only):
        span = comparison.a_only[selection.index]
        return span.start, span.end
    return None


class CompareVerdicts(CompareDisplay):
    """The verdict keys (+, -, =, u) and the comparison as the reader judged it."""

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
            saved, replaced = store.save_replacing(self.articles["a"], self.articles["b"], Verdict(kind, a, b))
        except LibraryError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if saved.id is not None:
            self._undo.append((saved.id, a))
        self._rejudge(a if kind != "rejected" else None)
        said = {"accepted": "Pair confirmed.", "rejected": "Pair rejected.", "linked": "Passages linked."}[kind]
        # A verdict on the same passages is replaced: a colleague's is said to be.
        theirs = [v for v in replaced if v.author and v.author != store.author and v.kind != kind]
        if theirs:
            said += f" It replaces {visible_text(theirs[-1].author or '')}'s {_NAMES[theirs[-1].kind]}."
        self.notify(said, markup=False)

    def _rejudge(self, place: tuple[int, int] | None) -> None:
        """The pairs judged again, and the match (or passage left out) at `place` in a selected, if any."""
        judged = self._judged()
        self.selection = None
        self.comparison = judged
        if judged is not None and place is not None:
            found = selection_at(judged, place)
            self.select(found, scroll=False)

    @says_library_errors
    def action_verdict(self, kind: VerdictKind) -> None:
        """Accept or reject the selected pair."""
        selection, comparison = self.selection, self.comparison
        if self.still_comparing():
            return
        if comparison is None or selection is None or selection.kind != "match":
            self.notify("Select a pair first: n for the next one, or click it.")
            return
        match = comparison.matches[selection.index]
        self._save_verdict(kind, match.extent("a"), match.extent("b"))

    @says_library_errors
    def action_link(self) -> None:
        """Pick the focused pane's selected passage; picked on both sides, link them as a pair."""
        if self.still_comparing():
            return
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

    @says_library_errors
    def action_undo_verdict(self) -> None:
        if self.still_comparing():
            return
        store = self._verdicts()
        if store is None or not self._undo:
            self.notify("No verdict of this visit to take back.")
            return
        verdict, place = self._undo.pop()
        taken_back = store.delete(verdict)
        self._rejudge(place)  # the pair the verdict was on, selected again (a rejected one back in view)
        if taken_back:
            self.notify("Verdict taken back.")
        else:
            self.notify("Your verdict was gone already: a colleague's replaced or took it back.", severity="warning")

    @on(VerdictsChanged)
    @says_library_errors
    def _verdicts_changed(self) -> None:
        """A colleague's verdict on these accounts: the pairs judged again, the selection kept where it was."""
        if self.comparison is not None and self.engine_result is not None:
            self._rejudge(_place_in_a(self.comparison, self.selection))
