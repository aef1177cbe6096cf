"""The compare screen's two panes: what is selected in them, the state the screen keeps, and scrolling
them together so that a pair's halves stay level."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from textual import events, on
from textual.reactive import reactive
from textual.screen import Screen

from ..engine.align.compare import Comparison, Span
from ..engine.align.result import Match, Side
from ..engine.align.settings import MatchSettings
from ..engine.ingest.articles import Article
from ..store.notes import Note
from ..widgets.focus import focus_now
from ..widgets.pair_scroll import follow, level_tops, sync_anchors
from ..widgets.passage_view import PassageView
from ..widgets.ruler import OverviewRuler
from .note_marks import span_of

STACK_BELOW_WIDTH = 100
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


class ComparePanes(Screen[None]):
    """Account a (left, or top) and account b in two panes, scrolled together."""

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
        self._undo: list[tuple[int, tuple[int, int]]] = []
        """The verdicts of this visit, last last: each one's id and where its pair lies in a."""
        self._said_still_comparing = -math.inf
        """When "Still comparing…" was last put up (time.monotonic)."""
        self._held: list[events.Key] = []
        """Keys typed while the pair is compared, handled once it is shown (CompareScreen.on_key)."""

    def still_comparing(self) -> bool:
        """Whether the comparison is still being made, which a key that needs it is told; said once while
        the notice is up, not once a key (keys typed while a long pair was compared put up fifteen
        notices, which covered a pane for seconds)."""
        if self.comparison is not None:
            return False
        now = time.monotonic()
        if now - self._said_still_comparing > self.app.NOTIFICATION_TIMEOUT:
            self._said_still_comparing = now
            self.notify("Still comparing…")
        return True

    def on_resize(self) -> None:
        self._fit_layout()
        # Once the panes have their new size and wrap their lines anew, the selected pair or passage is
        # brought back into view, both halves level: the details panel describes it.
        self.call_after_refresh(self._show_selection_again)

    def _show_selection_again(self) -> None:
        if self.selection is not None:
            self.select(self.selection)

    def _fit_layout(self) -> None:
        self.set_class(self.size.width < STACK_BELOW_WIDTH, "-stacked")
        self._anchors = None  # the lines wrap anew

    def view(self, side: str) -> PassageView:
        return self.query_one(f"#view-{side}", PassageView)

    @property
    def focused_side(self) -> str:
        # The screen's focus, not the view's has_focus: that is set when the view handles its Focus event,
        # after the keys typed right behind a tab, which would act on the pane tab left.
        return "b" if self.focused is self.view("b") else "a"

    def left_out(self, side: str) -> tuple[Span, ...]:
        """The passages of `side` that the other account left out."""
        if self.comparison is None:
            return ()
        return self.comparison.a_only if side == "a" else self.comparison.b_only

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

    # Selection

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

    # Scrolling

    def action_toggle_sync(self) -> None:
        self.synchronised = not self.synchronised

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

    @on(OverviewRuler.Jump)
    def _ruler_clicked(self, event: OverviewRuler.Jump) -> None:
        view = event.ruler.view
        view.focus()
        view.scroll_to_line(event.line - view.view_height // 2)
        self._follow("a" if view is self.view("a") else "b")

    @on(PassageView.Scrolled)
    def _scrolled(self, event: PassageView.Scrolled) -> None:
        """A scroll the screen did not make (the mouse wheel, the scroll bar): the focused pane leads."""
        for ruler in self.query(OverviewRuler):
            ruler.refresh()
        if self.focused is not event.view:  # the screen's focus: has_focus follows it a message later
            return
        a, b = self.view("a"), self.view("b")
        if self._levelled == (a.scroll_y, b.scroll_y):
            return  # the panes were levelled on a pair: keep them so
        self._follow("a" if event.view is a else "b")
