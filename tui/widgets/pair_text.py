"""How one matched pair reads on screen: its gutter mark, the styled stretches of its word diff on
each side, the numbers and names it gives differently, and the lines that describe it in the details
panel. Pure functions of the engine's Match, used by the compare screen."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from ..engine.align.result import Match, Span, ValueChange
from .palette import ADDED_WORDS, CHANGED_VALUE, CHANGED_WORDS, DROPPED_WORDS, MATCH_MARK
from .passage_view import visible_text

QUOTE_MARK = "“"
MISQUOTE_MARK = "≠"
REWORDED_MARK = "≈"
READER_MARK = "✓"


def gutter_mark(match: Match, quoted_here: bool, mark_style: Style) -> tuple[str, Style]:
    """A pair's gutter mark on one side: ≠ on a misquote, ≈ where both quote in words of their own, “
    where this side quotes, ✓ for the reader's."""
    if match.quote == "misquote":
        return MISQUOTE_MARK, mark_style + Style(bold=True, reverse=True)
    if match.quote == "reworded":
        return REWORDED_MARK, mark_style + Style(bold=True)
    if quoted_here:
        return QUOTE_MARK, mark_style + Style(bold=True)
    if match.verdict:
        return READER_MARK, mark_style
    return MATCH_MARK, mark_style


def word_diff(match: Match, side: str) -> list[tuple[int, int, Style]]:
    """Where the selected pair's words differ, on `side`: changed, dropped (only in a) or added (only
    in b). Without the aligned diff, the words found on this side only."""
    ops = match.differences.ops
    if not ops:
        return [(start, end, CHANGED_WORDS) for start, end in _find_words(match, side, _one_side_words(match, side))]
    styles = {"replace": CHANGED_WORDS, "delete": DROPPED_WORDS, "insert": ADDED_WORDS}
    stressed = []
    for op in ops:
        start, end = op.a if side == "a" else op.b
        if op.tag != "equal" and end > start:
            stressed.append((start, end, styles[op.tag]))
    return stressed


def _one_side_words(match: Match, side: str) -> tuple[str, ...]:
    return match.differences.a_words if side == "a" else match.differences.b_words


def _find_words(match: Match, side: str, words: Sequence[str]) -> list[tuple[int, int]]:
    words = [w for w in words if w]
    if not words:
        return []
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE
    )
    return [
        (span.start + m.start(), span.start + m.end())
        for span in match.side("a" if side == "a" else "b")
        for m in pattern.finditer(span.text)
    ]


def value_changes(match: Match) -> list[ValueChange]:
    """The numbers and names the two sides give differently, with their places. The engine's
    `changes` where it gives them; else found from its (a, b) text pairs, first occurrence each."""
    differences = match.differences
    if differences.changes:
        return list(differences.changes)
    found = []
    for kind, pairs in (("number", differences.numbers), ("name", differences.names)):
        for old, new in pairs:
            spans = [_place(match, side, value) for side, value in (("a", old), ("b", new))]
            found.append(ValueChange(kind, spans[0], spans[1]))  # type: ignore[arg-type]
    return found


def _place(match: Match, side: str, value: str) -> Span | None:
    if not value:
        return None
    for span in match.side("a" if side == "a" else "b"):
        at = span.text.find(value)
        if at >= 0:
            return Span(span.start + at, span.start + at + len(value), value)
    return None


def describe_match(text: Text, match: Match, body_a: str, body_b: str) -> None:
    """Append what a pair says differently: the aligned changes "old → new", the words only one side
    has, and the numbers and names given differently."""
    changed, dropped, added = [], [], []
    for op in match.differences.ops:
        old, new = " ".join(body_a[slice(*op.a)].split()), " ".join(body_b[slice(*op.b)].split())
        if op.tag == "replace":
            changed.append(f"{old} → {new}")
        elif op.tag == "delete":
            dropped.append(old)
        elif op.tag == "insert":
            added.append(new)
    if not (changed or dropped or added):
        # No word-level diff to show (the pair's words differ only in case or function words, or
        # were not diffed): the words each side alone has, as the exports list them.
        dropped, added = list(match.differences.a_words), list(match.differences.b_words)
    # Otherwise both sides from the diff alike: "Changed" holds the words only one side has where the
    # other has others in their place, "Only in" those with nothing in their place. Filling one side
    # from the diff and the other from its words alone listed "made · proposal" both as changed and
    # as only in a.
    changes = value_changes(match)
    lines: list[tuple[str, list[str], Style]] = [
        ("Numbers and names", [change.label for change in changes], CHANGED_VALUE),
        ("Changed", changed, CHANGED_WORDS),
        ("Only in a", dropped, DROPPED_WORDS),
        ("Only in b", added, ADDED_WORDS),
    ]
    for label, items, style in lines:
        if items:
            text.append(f"\n{label}: ", style="bold")
            for number, item in enumerate(items):
                if number:
                    text.append(" · ")
                text.append(visible_text(item), style=style)
