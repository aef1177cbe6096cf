"""The reader's verdicts on a comparison: confirm a pair, reject it, link two passages the engine did not
pair, take the last one back; the screen shows the comparison with them applied."""

from __future__ import annotations

from ..engine.align.compare import Comparison
from ..engine.align.verdicts import Verdict, VerdictKind
from ..store.library import LibraryError
from ..store.verdicts import VerdictStore
from .compare_display import CompareDisplay
from .compare_panes import SIDES, Selection, other, selection_at
from .host import host


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
