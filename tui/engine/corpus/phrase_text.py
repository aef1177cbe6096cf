"""Where a talking point's text begins and ends in a body: the content words its n-grams cover, widened
to whole written words ("co-operation", "U.S."), its closing bracket or quote, and the determiners
before it ("the international community") that every use of the phrase shares (phrases.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Placed:
    """One use of a phrase as found in its body: its offsets, and the whole words that may open it."""

    article: int
    start: int
    end: int
    openers: tuple[tuple[str, int], ...]
    """The determiners just before it, nearest last: (word case-folded, its start)."""


_DETERMINERS = frozenset("the a an this these those our their its his her my your every each all both".split())
"""Words that open a phrase with it ("the international community"): kept when every use has them."""
_JOINERS = frozenset("-‐‑./")
"""Between two word characters these make one written word of several content words: "co-operation",
"U.S", "1.5", "24/7". A phrase never starts or ends inside one."""
_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def place(article: int, body: str, start: int, end: int) -> Placed:
    """The occurrence spanning the content words [start, end) of `body`, widened to whole written words,
    its closing bracket or quote, and the final dot of an abbreviation ("U.S.")."""
    while start > 1 and body[start - 1] in _JOINERS and body[start - 2].isalnum():
        start -= 1
        while start > 0 and body[start - 1].isalnum():
            start -= 1
    while end + 1 < len(body) and body[end] in _JOINERS and body[end + 1].isalnum():
        end += 1
        while end < len(body) and body[end].isalnum():
            end += 1
    if body.startswith(".", end) and _ABBREVIATION.fullmatch(body[start:end].rsplit(None, 1)[-1]):
        end += 1
    return Placed(article, start, _closed(body, start, end), _openers(body, start))


def _openers(body: str, start: int) -> tuple[tuple[str, int], ...]:
    """The determiners (at most two) just before `start` on its line, nearest last."""
    found: list[tuple[str, int]] = []
    while len(found) < 2:
        gap = start
        while gap > 0 and body[gap - 1] in " \t":
            gap -= 1
        word = gap
        while word > 0 and body[word - 1].isalpha():
            word -= 1
        joined = word > 0 and (body[word - 1].isalnum() or body[word - 1] in _JOINERS or body[word - 1] in "_'’")
        folded = body[word:gap].casefold()
        if gap == start or joined or folded not in _DETERMINERS:
            break
        found.insert(0, (folded, word))
        start = word
    return tuple(found)


def shared_openers(spots: Sequence[Placed]) -> int:
    """How many of the determiners before it every use of a phrase has, the same ones."""
    shared = min(len(spot.openers) for spot in spots)
    while shared and len({tuple(w for w, _ in spot.openers[-shared:]) for spot in spots}) > 1:
        shared -= 1
    return shared


_PAIRS = {"(": ")", "[": "]", "“": "”", "‘": "’"}


def _closed(body: str, start: int, end: int) -> int:
    """`end`, moved past the closing bracket or quote the phrase opened: "(CPC" reads as "(CPC)"."""
    for opener, closer in _PAIRS.items():
        if body.count(opener, start, end) > body.count(closer, start, end) and body.startswith(closer, end):
            return end + 1
    return end
