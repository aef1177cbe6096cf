"""The word diff of a match: the edit script from one side's words to the other's, SequenceMatcher's
own wherever its work stays within DIFF_WORK, and a bounded one past it (differences.py reads what
changed from it)."""

from __future__ import annotations

from collections import Counter
from difflib import Match, SequenceMatcher
from itertools import accumulate

from ..text.words import Token
from .result import OpTag, WordOp


def word_ops(tokens_a: list[Token], tokens_b: list[Token]) -> tuple[WordOp, ...]:
    """The edit script from a's words to b's, compared case-insensitively, numbers and dates as units.

    Neighbouring words of one kind of step form one step, so "clarify the direction" -> "identify
    areas" reads as one replacement.
    """
    keys_a, keys_b = _diff_keys(tokens_a), _diff_keys(tokens_b)
    ops = []
    for tag, i1, i2, j1, j2 in _opcodes(keys_a, keys_b):
        ops.append(WordOp(_tag(tag), _range(tokens_a, i1, i2), _range(tokens_b, j1, j2)))
    return tuple(ops)


# SequenceMatcher's work: for each word of a, one step per place b has that word, in every search for
# a longest common block (it searches again left and right of each block it finds). Two long passages
# of a few repeated words ("security security ...") cost billions of steps (a stall of minutes); so did
# a long sentence whose frame words repeat between names ("minister X met ...": 600 searches).
DIFF_WORK = 2_000_000
_Opcode = tuple[str, int, int, int, int]


def diff_work(keys_a: list[str], keys_b: list[str]) -> int:
    """SequenceMatcher's steps to find the first longest common block of keys_a and keys_b."""
    return _places_before(keys_a, keys_b)[-1]


def _places_before(keys_a: list[str], keys_b: list[str]) -> list[int]:
    """The places keys_b has each word of keys_a, summed up to each word (from 0): the steps of a search
    of keys_a[lo:hi] are a difference of two of these sums, not a walk of its words."""
    counts = Counter(keys_b)
    return list(accumulate([counts.get(key, 0) for key in keys_a], initial=0))


class _OverBudget(Exception):
    pass


class BoundedMatcher(SequenceMatcher[str]):
    """SequenceMatcher (no junk) that counts the steps of all its block searches and stops with
    _OverBudget before they pass `budget`: a bound on the whole diff, not a guess from its first step.
    A search of a[alo:ahi] is counted as its length plus, for each of its words, every place b has it
    (at least what the search walks)."""

    def __init__(
        self, a: list[str], b: list[str], budget: int = DIFF_WORK, places_before: list[int] | None = None
    ) -> None:
        """`places_before`: _places_before(a, b), where the caller has it."""
        super().__init__(None, a, b, autojunk=False)
        self.keys_a, self.length_b = a, len(b)
        # Walking a search's words to count them cost as much as the searches themselves.
        self.places_before = _places_before(a, b) if places_before is None else places_before
        self.budget = budget
        self.spent = 0

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Match:
        ahi = len(self.keys_a) if ahi is None else ahi
        steps = ahi - alo + self.places_before[ahi] - self.places_before[alo]
        if self.spent + steps > self.budget:
            raise _OverBudget
        self.spent += steps
        return super().find_longest_match(alo, ahi, blo, self.length_b if bhi is None else bhi)


def _bounded_opcodes(keys_a: list[str], keys_b: list[str], budget: int = DIFF_WORK) -> tuple[list[_Opcode] | None, int]:
    """SequenceMatcher's opcodes, or None past `budget` steps; and the steps spent."""
    places_before = _places_before(keys_a, keys_b)
    if places_before[-1] > budget:
        return None, 0  # not even the first search is affordable
    matcher = BoundedMatcher(keys_a, keys_b, budget, places_before)
    try:
        return list(matcher.get_opcodes()), matcher.spent
    except _OverBudget:
        return None, matcher.spent


def _opcodes(keys_a: list[str], keys_b: list[str]) -> list[_Opcode]:
    """SequenceMatcher's opcodes, unchanged while they are affordable; past DIFF_WORK the common
    start and end are equal steps and what lies between is diffed if what is left of the budget
    affords it, or else reported as one replacement. One budget for both: a long list of names in
    another order spent it all on the whole, then all again on the middle, to report one replacement."""
    if keys_a == keys_b:
        # What SequenceMatcher finds (one block, the whole of both) without its searches; half the
        # matches of a long pair are word for word.
        return [("equal", 0, len(keys_a), 0, len(keys_b))] if keys_a else []
    plain, spent = _bounded_opcodes(keys_a, keys_b)
    if plain is not None:
        return plain
    head = 0
    limit = min(len(keys_a), len(keys_b))
    while head < limit and keys_a[head] == keys_b[head]:
        head += 1
    tail = 0
    while tail < limit - head and keys_a[-1 - tail] == keys_b[-1 - tail]:
        tail += 1
    end_a, end_b = len(keys_a) - tail, len(keys_b) - tail
    middle_a, middle_b = keys_a[head:end_a], keys_b[head:end_b]
    ops: list[_Opcode] = [("equal", 0, head, 0, head)] if head else []
    middle, _ = _bounded_opcodes(middle_a, middle_b, DIFF_WORK - spent)
    if middle is not None:
        for tag, i1, i2, j1, j2 in middle:
            ops.append((tag, head + i1, head + i2, head + j1, head + j2))
    elif middle_a and middle_b:
        ops.append(("replace", head, end_a, head, end_b))
    elif middle_a or middle_b:
        ops.append(("delete" if middle_a else "insert", head, end_a, head, end_b))
    if tail:
        ops.append(("equal", end_a, len(keys_a), end_b, len(keys_b)))
    return ops


def _diff_keys(tokens: list[Token]) -> list[str]:
    """What the diff compares of each token: a value's term, a word's case-folded surface."""
    return [terms[0] if terms and terms[0].startswith("#") else surface.casefold() for _, _, surface, terms in tokens]


_TAGS: dict[str, OpTag] = {"equal": "equal", "replace": "replace", "insert": "insert", "delete": "delete"}


def _tag(tag: str) -> OpTag:
    return _TAGS[tag]


def _range(tokens: list[Token], lo: int, hi: int) -> tuple[int, int]:
    """Offsets covering tokens lo..hi; an empty range where the missing words would go."""
    if hi > lo:
        return tokens[lo].start, tokens[hi - 1].end
    if lo < len(tokens):
        return tokens[lo].start, tokens[lo].start
    if tokens:
        return tokens[-1].end, tokens[-1].end
    return 0, 0
