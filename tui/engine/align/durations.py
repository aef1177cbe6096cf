"""Spans of time written in other units: "within 48 hours" and "in two days", "almost an hour" and "nearly
sixty minutes" give one duration, which differences.py does not report as a figure changed."""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from ..text.words import Token
from .result import ValueChange

_HOURS = {
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "week": 24.0 * 7,
    "fortnight": 24.0 * 14,
}
_UNIT_AFTER = re.compile(r"[\s-]+(?P<unit>minute|hour|day|week|fortnight)s?\b", re.IGNORECASE)
_ONE_UNIT = re.compile(r"\b(?:an?|one)[\s-]+(?P<unit>minute|hour|day|week|fortnight)\b", re.IGNORECASE)
_FIGURE = re.compile(r"#(\d+(?:\.\d+)?)")
_START = attrgetter("start")


def _hours(body: str, token: Token) -> float | None:
    """The hours a count of time units comes to ("48 hours", "two days", "sixty-minute"), or None."""
    figure = _FIGURE.fullmatch(token.terms[0]) if token.terms else None
    unit = _UNIT_AFTER.match(body, token.end) if figure else None
    return float(figure.group(1)) * _HOURS[unit["unit"].casefold()] if figure and unit else None


def same_durations(
    changes: list[ValueChange], body_a: str, tokens_a: list[Token], body_b: str, tokens_b: list[Token]
) -> list[ValueChange]:
    """`changes` without those that give one span of time in other units: a pair of counts of time
    ("48 hours" / "two days"), or a count on one side where the other side's passage gives one unit
    that comes to as much ("nearly sixty minutes" / "almost an hour")."""
    if not changes or not (
        _UNIT_AFTER.search(body_a, *_extent(tokens_a)) or _UNIT_AFTER.search(body_b, *_extent(tokens_b))
    ):
        return changes
    ones = {
        side: {_HOURS[found["unit"].casefold()] for found in _ONE_UNIT.finditer(body, *_extent(tokens))}
        for side, body, tokens in (("a", body_a, tokens_a), ("b", body_b, tokens_b))
    }
    kept = []
    for change in changes:
        hours_a = _hours(body_a, x) if change.a and (x := _token_at(tokens_a, change.a.start)) else None
        hours_b = _hours(body_b, y) if change.b and (y := _token_at(tokens_b, change.b.start)) else None
        if hours_a is not None and hours_b is not None and abs(hours_a - hours_b) <= 1e-9 * max(hours_a, hours_b):
            continue
        if change.b is None and hours_a is not None and hours_a in ones["b"]:
            continue
        if change.a is None and hours_b is not None and hours_b in ones["a"]:
            continue
        kept.append(change)
    return kept


def _token_at(tokens: list[Token], start: int) -> Token | None:
    """The token starting at `start`, by bisection (a change's span starts where its value's token does)."""
    k = bisect_left(tokens, start, key=_START)
    return tokens[k] if k < len(tokens) and tokens[k].start == start else None


def _extent(tokens: list[Token]) -> tuple[int, int]:
    return (tokens[0].start, tokens[-1].end) if tokens else (0, 0)
