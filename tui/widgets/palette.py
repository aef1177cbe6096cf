"""Colours for matched pairs and left-out passages, readable on dark and light themes and distinct for
red-green colour blindness (the Okabe-Ito palette, blended toward the theme's background)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from textual.color import Color

# Okabe & Ito's colour-blind safe set, ordered so that neighbours differ in hue and in lightness. The
# HTML export keeps a copy (the engine cannot import Textual); a test keeps the two lists equal.
PAIR_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00")


def account_style(index: int) -> str:
    """The colour of the account at `index` in a collation (its letter, its marks)."""
    return PAIR_COLOURS[index % len(PAIR_COLOURS)]


LEFT_OUT_MARK = "»"
MATCH_MARK = "▌"
NOTE_MARK = "✎"


@dataclass(frozen=True)
class PairStyle:
    """How one matched pair is drawn on both sides."""

    text: Style
    selected: Style
    mark: Style
    badge: Style
    """The pair's number in the gutter: the full colour behind black or white."""


# How the aligned word diff marks the selected pair: a word changed into another, words only this side
# has (added in b, or dropped from a), and a number, date or name the two sides give differently. They
# differ without colour, so they read on every theme and on top of a note's underline.
CHANGED_WORDS = Style(bold=True, underline=True)
ADDED_WORDS = Style(bold=True, italic=True, overline=True)
DROPPED_WORDS = Style(strike=True)
CHANGED_VALUE = Style(bold=True, reverse=True)


def pair_colours(b_order: Sequence[int]) -> list[int]:
    """A colour (an index into PAIR_COLOURS) for each of `len(b_order)` matches, numbered in a's order,
    so that no two neighbours share one: neither pairs next to each other in a, nor in b (`b_order`
    lists the match indices by their place in b). Each match keeps the export's colour, `index % 7`,
    where that differs from its neighbours."""
    count = len(b_order)
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for order in (range(count), b_order):
        for left, right in zip(order, list(order)[1:], strict=False):
            neighbours[left].add(right)
            neighbours[right].add(left)
    colours: list[int] = []
    size = len(PAIR_COLOURS)
    for index in range(count):
        taken = {colours[n] for n in neighbours[index] if n < index}
        colours.append(next(c % size for c in range(index, index + size) if c % size not in taken))
    return colours


def pair_style(index: int, background: Color, dark: bool) -> PairStyle:
    """The style of a match drawn in colour `index`: a tint of it behind the text, stronger when selected."""
    colour = Color.parse(PAIR_COLOURS[index % len(PAIR_COLOURS)])
    tint = background.blend(colour, 0.30 if dark else 0.35)
    strong = background.blend(colour, 0.60 if dark else 0.65)
    foreground = Color(255, 255, 255) if dark else Color(0, 0, 0)
    return PairStyle(
        text=Style(bgcolor=tint.rich_color),
        selected=Style(bgcolor=strong.rich_color, color=_readable_on(strong, foreground).rich_color, bold=True),
        mark=Style(color=colour.rich_color, bold=True),
        badge=Style(bgcolor=colour.rich_color, color=_readable_on(colour, Color(0, 0, 0)).rich_color, bold=True),
    )


def left_out_style(background: Color, dark: bool) -> tuple[Style, Style, Style]:
    """(text, selected, gutter mark) of a passage the other account left out: italic, a muted hue, and a
    gutter mark, so it differs from matches and plain text even without colour."""
    hue = Color.parse("#B8A2D9" if dark else "#6A4C93")
    return (
        Style(italic=True, color=hue.rich_color),
        Style(
            italic=True, bold=True, color=hue.rich_color, bgcolor=background.blend(hue, 0.25).rich_color, underline=True
        ),
        Style(color=hue.rich_color, bold=True),
    )


def _readable_on(background: Color, preferred: Color) -> Color:
    """`preferred`, unless it is too close in brightness to `background`; then its opposite."""
    if abs(background.brightness - preferred.brightness) >= 0.45:
        return preferred
    return Color(0, 0, 0) if background.brightness > 0.5 else Color(255, 255, 255)
