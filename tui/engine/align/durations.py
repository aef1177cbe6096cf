"""Spans of time written in other units: "within 48 hours" and "in two days", "almost an hour" and "nearly
sixty minutes" give one duration, which differences.py does not report as a figure changed."""

from __future__ import annotations

import re

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
    by_start = {
        side: {token.start: token for token in tokens if token.terms and token.terms[0].startswith("#")}
        for side, tokens in (("a", tokens_a), ("b", tokens_b))
    }
    ones = {
        side: {_HOURS[found["unit"].casefold()] for found in _ONE_UNIT.finditer(body, *_extent(tokens))}
        for side, body, tokens in (("a", body_a, tokens_a), ("b", body_b, tokens_b))
    }
    kept = []
    for change in changes:
        x = by_start["a"].get(change.a.start) if change.a else None
        y = by_start["b"].get(change.b.start) if change.b else None
        hours_a = _hours(body_a, x) if x else None
        hours_b = _hours(body_b, y) if y else None
        if hours_a is not None and hours_b is not None and abs(hours_a - hours_b) <= 1e-9 * max(hours_a, hours_b):
            continue
        if change.b is None and hours_a is not None and hours_a in ones["b"]:
            continue
        if change.a is None and hours_b is not None and hours_b in ones["a"]:
            continue
        kept.append(change)
    return kept


def _extent(tokens: list[Token]) -> tuple[int, int]:
    return (tokens[0].start, tokens[-1].end) if tokens else (0, 0)
