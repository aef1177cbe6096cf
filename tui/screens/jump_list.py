"""The jump list: every match and left-out passage of a comparison in one list, filtered as you type
(by kind, by score, by text); enter jumps to the one under the cursor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..engine.align.result import Comparison
from ..widgets.filter_field import FilterField
from ..widgets.passage_view import visible_text


@dataclass(frozen=True)
class JumpEntry:
    """One line of the list: what it selects (`kind` "match", "a_only" or "b_only", and its index)."""

    kind: str
    index: int
    score: float | None
    label: str
    """The kind as a user filters by it: "verbatim", "paraphrase" or "left-out"."""
    text: str
    searched: str = ""
    """What words of the filter are looked for in, lower-cased between spaces: both halves of a pair
    (the line shows a's first passage; a word of b's half found nothing), else the passage."""


def jump_entries(comparison: Comparison) -> list[JumpEntry]:
    entries = [
        JumpEntry(
            "match",
            i,
            m.score,
            m.kind,
            " ".join(m.a[0].text.split()) if m.a else "",
            f" {' '.join(' '.join(span.text for span in (*m.a, *m.b)).split()).lower()} ",
        )
        for i, m in enumerate(comparison.matches)
    ]
    for side in ("a", "b"):
        spans = comparison.a_only if side == "a" else comparison.b_only
        entries += [
            JumpEntry(f"{side}_only", i, None, "left-out", " ".join(s.text.split())) for i, s in enumerate(spans)
        ]
    return entries


_KINDS = ("verbatim", "paraphrase", "left-out")


def matches_filter(entry: JumpEntry, query: str) -> bool:
    """Every word of `query` holds: `>0.5` / `<0.5` bound the score, `a`/`b` keep passages only that
    side carries, a kind (`verbatim`, `paraphrase`, `left`) keeps that kind, other words the text. Among
    words of the text, `a` is the article it is ("is a cornerstone" found nothing)."""
    words = query.lower().split()
    texts = [w for w in words if w[0] not in "<>" and w not in ("a", "b") and not any(k.startswith(w) for k in _KINDS)]
    for word in words:
        if texts and word in ("a", "b"):
            word = f" {word} "  # a word of the text, not a side
        if word[0] in "<>":
            try:
                bound = float(word[1:])
            except ValueError:
                continue
            if entry.score is None or (entry.score <= bound if word[0] == ">" else entry.score >= bound):
                return False
        elif word in ("a", "b"):
            if entry.kind != f"{word}_only":
                return False
        elif not (entry.label.startswith(word) or word in (entry.searched or f" {entry.text.lower()} ")):
            return False
    return True


def entry_line(entry: JumpEntry) -> Text:
    """One line: the pair's number, score and kind, or the passage's number and the side it is only in
    (as the details of a selected passage say it), then its text, in one column for both."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{entry.index + 1:>4} ", style="bold")
    if entry.kind == "match":
        line.append(f"{entry.score or 0:.2f} {entry.label:<10} ")
    else:
        line.append(f"{'only in ' + entry.kind[0]:<15} ", style="italic")
    line.append(visible_text(entry.text[:300]))
    return line


class JumpList(ModalScreen[JumpEntry | None]):
    """Lists every match and left-out passage; typing filters, enter jumps, escape closes."""

    BINDINGS = [
        Binding("escape", "dismiss_list", "Close", key_display="esc", id="jump.close"),
        Binding("down", "move(1)", "Down", show=False, id="jump.down"),
        Binding("up", "move(-1)", "Up", show=False, id="jump.up"),
    ]
    AUTO_FOCUS = "#jump-filter"

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.entries = jump_entries(comparison)
        self.shown: list[JumpEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="jump"):
            yield Static(
                Text("Jump to a pair or passage · filter: words, paraphrase, left, a or b (only in), >0.5"),
                id="jump-title",
            )
            yield _JumpFilter("#jump-options", placeholder="Filter…", id="jump-filter")
            yield OptionList(id="jump-options")

    def on_mount(self) -> None:
        self._show("")
        # Watched rather than told by a message: the list is filtered as each key is typed, before the
        # enter typed after it chooses from the list.
        self.watch(self.query_one(FilterField), "value", self._show, init=False)

    def _show(self, query: str) -> None:
        self.shown = [entry for entry in self.entries if matches_filter(entry, query)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(entry_line(entry)) for entry in self.shown])
        if self.shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = max(0, min(len(self.shown) - 1, (options.highlighted or 0) + step))

    def action_choose(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index])

    def action_dismiss_list(self) -> None:
        self.dismiss(None)


class _JumpFilter(FilterField):
    """The jump list's filter, which keeps the focus: enter chooses and escape closes in their turn, after
    the letters typed before; the keys typed after go on to the compare screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.choose", "Jump", show=False),
        Binding("escape", "screen.dismiss_list", "Close", show=False),
    ]
