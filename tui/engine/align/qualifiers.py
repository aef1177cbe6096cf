"""The words that qualify a figure: "at least nine", "nearly 40%", "about $5 million". Two accounts
that give one figure but qualify it differently ("at least nine dead" against "nine dead") report
different things, which the value alone (its term, "#9") does not show: differences.py reports such a
pair beside the values the accounts disagree on."""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter

from ..text.words import Token
from .result import ChangeKind, Span, ValueChange, WordOp

# What each qualifier says of the figure after it: no less than it, no more than it, or near it.
_QUALIFIERS = {
    "at least": "at least",
    "more than": "at least",
    "over": "at least",
    "above": "at least",
    "upwards of": "at least",
    "in excess of": "at least",
    "up to": "at most",
    "at most": "at most",
    "as many as": "at most",
    "as much as": "at most",
    "as long as": "at most",
    "as high as": "at most",
    "fewer than": "at most",
    "less than": "at most",
    "under": "at most",
    "below": "at most",
    "nearly": "at most",
    "almost": "at most",
    "close to": "at most",
    "about": "near",
    "around": "near",
    "roughly": "near",
    "approximately": "near",
    "some": "near",
    "estimated": "near",
}
_LONGEST = max(len(phrase.split()) for phrase in _QUALIFIERS)
_START = attrgetter("start")
_REACH = _LONGEST + 1
"""Tokens into an equal step of the diff where a value may stand whose qualifier the step before
changed ("more than nine" -> "less than nine": "than" is equal, and the value after it). Further in,
every word a qualifier and an article after it may hold is equal on both sides."""


def _is_value(token: Token) -> bool:
    return bool(token.terms) and token.terms[0].startswith("#")


_ARTICLES = frozenset({"the", "a", "an"})
"""Words that may stand between a qualifier and its figure: "above the seven-metre mark"."""


def _qualifier(tokens: list[Token], at: int) -> tuple[str, int]:
    """What qualifies the value tokens[at] (a kind of _QUALIFIERS, or "" for none) and where the
    qualifier starts (the value's own start where there is none)."""
    end = at - 1 if at and tokens[at - 1].surface.casefold() in _ARTICLES else at
    for length in range(min(_LONGEST, end), 0, -1):
        # Read from the words alone, as the diff reads them: where it finds the words before a value
        # equal, its qualifier is the same.
        words = tokens[end - length : end]
        kind = _QUALIFIERS.get(" ".join(token.surface.casefold() for token in words))
        if kind:
            return kind, words[0].start
    return "", tokens[at].start


def qualified_values(
    body_a: str, tokens_a: list[Token], body_b: str, tokens_b: list[Token], ops: tuple[WordOp, ...]
) -> list[ValueChange]:
    """Values both sides give at one place of the word diff, qualified differently: each as its side
    writes it, qualifier and all ("at least nine" -> "nine"). Only the values just after a changed
    step are read: where nothing before a value changed, neither did its qualifier."""
    changes = []
    for before, op in zip(ops, ops[1:], strict=False):
        if before.tag == "equal" or op.tag != "equal":
            continue
        i = bisect_left(tokens_a, op.a[0], key=_START)
        j = bisect_left(tokens_b, op.b[0], key=_START)
        for k in range(_REACH):
            if i + k >= len(tokens_a) or j + k >= len(tokens_b) or tokens_a[i + k].start >= op.a[1]:
                break
            x, y = tokens_a[i + k], tokens_b[j + k]
            if not _is_value(x) or x.terms[:1] != y.terms[:1]:
                continue
            (kind_a, start_a), (kind_b, start_b) = (
                _qualifier(tokens_a, i + k),
                _qualifier(tokens_b, j + k),
            )
            if kind_a != kind_b:
                changes.append(qualified_change(body_a, start_a, x, body_b, start_b, y))
    return changes


def qualified_change(body_a: str, start_a: int, x: Token, body_b: str, start_b: int, y: Token) -> ValueChange:
    """The change between value x and value y, each shown from the start of its qualifier."""
    kind: ChangeKind = "date" if x.terms[0].startswith("#date:") else "number"
    return ValueChange(
        kind, Span(start_a, x.end, body_a[start_a : x.end]), Span(start_b, y.end, body_b[start_b : y.end])
    )
