"""Walking through a comparison: the next pair, the next left-out passage (heaviest first or in reading
order), the next misquote, a pair's partner, the jump list and a click on a passage."""

from __future__ import annotations

from textual import on

from ..engine.align.omissions import heaviest_first
from ..widgets.focus import focus_now
from ..widgets.passage_view import PassageView
from .compare_display import CompareDisplay
from .compare_panes import Selection
from .jump_list import JumpEntry, JumpList


class CompareWalk(CompareDisplay):
    """The keys that move the selection: n, o, w, m, enter and l."""

    def action_next_match(self, step: int) -> None:
        if self.still_comparing():
            return
        if not self.comparison or not self.comparison.matches:
            self.notify("No matches to walk through.")
            return
        count = len(self.comparison.matches)
        current = self.selection
        if current is not None and current.kind == "match":
            index = (current.index + step) % count
        else:
            index = 0 if step > 0 else count - 1
        self.select(Selection("match", index))

    def action_next_left_out(self, step: int) -> None:
        if self.still_comparing():
            return
        side = self.focused_side
        passages = self.left_out(side)
        if not passages:
            self.notify("Nothing in this account that the other left out.")
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

    def _next_weighty(self, step: int) -> None:
        """The next left-out passage of the focused pane by weight, heaviest first."""
        side = self.focused_side
        passages = self.left_out(side)
        order = heaviest_first(passages)
        current = self.selection
        kind = f"{side}_only"
        at = order.index(current.index) if current is not None and current.kind == kind else -1
        self.select(Selection(kind, order[(at + step) % len(order)]))

    def action_toggle_left_out_order(self) -> None:
        self.left_out_by_weight = not self.left_out_by_weight
        self.notify(
            "o: left-out passages heaviest first (names, figures, quotations first)."
            if self.left_out_by_weight
            else "o: left-out passages in reading order."
        )
        self._show_summary()

    def action_next_quote_difference(self, step: int) -> None:
        """The next pair whose quotations differ: misquotes first, then quotes each side words its own way,
        then a quote against a paraphrase."""
        comparison = self.comparison
        if self.still_comparing() or comparison is None:
            return
        order = [i for i, m in enumerate(comparison.matches) if m.quote == "misquote"]
        order += [i for i, m in enumerate(comparison.matches) if m.quote == "reworded"]
        order += [i for i, m in enumerate(comparison.matches) if m.quote == "one_side"]
        if not order:
            self.notify("The two accounts quote alike: no misquote, no quote in other words or against a paraphrase.")
            return
        current = self.selection
        at = (
            order.index(current.index)
            if current is not None and current.index in order and current.kind == "match"
            else -1
        )
        self.select(Selection("match", order[(at + step) % len(order)]))

    def action_jump_to_partner(self) -> None:
        """Select the match under the focused pane's selection or top line and bring both halves level."""
        if self.still_comparing() or not self.comparison or not self.comparison.matches:
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
        if self.still_comparing() or comparison is None:
            return

        def chosen(entry: JumpEntry | None) -> None:
            if entry is not None:
                if entry.kind in ("a_only", "b_only"):
                    # Its pane takes the keys, as a click on it gives them: = links the passage chosen
                    # ("select a passage in this pane first" when the other pane had the focus). Focused
                    # first, at once: the other pane, still focused as the scrolls were heard, led them,
                    # and took the passage out of view again (80x24).
                    focus_now(self.view(entry.kind[0]))
                self.select(Selection(entry.kind, entry.index))

        self.app.push_screen(JumpList(comparison), chosen)

    @on(PassageView.HighlightClicked)
    def _clicked(self, event: PassageView.HighlightClicked) -> None:
        if isinstance(event.key, Selection):
            self.select(event.key)
