"""A figure each side of a match gives alone, counting the same thing, is one figure changed: "killing at
least 23 people" and "At least 27 people have died" say 23 -> 27, which the word diff, finding the two
numbers in different places of the sentence, left as a figure dropped and another added."""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter

from ..text.words import Token
from .result import ValueChange

_START = attrgetter("start")
_REACH = 3
"""Tokens after a figure searched for the word it counts ("23 of the passengers": function words have no
terms and are passed over, so this counts words that have)."""


def _counted(tokens: list[Token], start: int) -> str | None:
    """The first term of the word the figure at `start` counts: the first word with terms after it, if
    it is not a value itself."""
    k = bisect_left(tokens, start, key=_START)
    if k >= len(tokens) or tokens[k].start != start:
        return None
    for token in tokens[k + 1 : k + 1 + _REACH]:
        if token.terms:
            return None if token.terms[0].startswith("#") else token.terms[0]
    return None


def counted_alike(changes: list[ValueChange], tokens_a: list[Token], tokens_b: list[Token]) -> list[ValueChange]:
    """`changes` with a number only a gives and a number only b gives made one change, where each is
    the only such number of its side and both count the same word. More than one on a side is left as
    it is: which goes with which would be a guess."""
    lone_a = [k for k, c in enumerate(changes) if c.kind == "number" and c.a is not None and c.b is None]
    lone_b = [k for k, c in enumerate(changes) if c.kind == "number" and c.a is None and c.b is not None]
    if len(lone_a) != 1 or len(lone_b) != 1:
        return changes
    x, y = changes[lone_a[0]].a, changes[lone_b[0]].b
    assert x is not None and y is not None
    counted = _counted(tokens_a, x.start)
    if counted is None or counted != _counted(tokens_b, y.start):
        return changes
    paired = ValueChange("number", x, y)
    return [paired if k == lone_a[0] else c for k, c in enumerate(changes) if k != lone_b[0]]
