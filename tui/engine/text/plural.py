"""A count and the noun it counts, in the singular for one: "1 match", "2 matches"."""

from __future__ import annotations


def counted(number: int, one: str, many: str = "") -> str:
    """`number` (with thousands separators) and `one`, or `many` (by default `one` + "s") unless it is 1."""
    return f"{number:,} {one if number == 1 else many or one + 's'}"
