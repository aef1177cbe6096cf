"""The word diff of a match: the edit script from one side's words to the other's, SequenceMatcher's
own wherever its work stays within DIFF_WORK, and a bounded one past it (differences.py reads what
changed from it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from difflib import Match, SequenceMatcher
from functools import partial
from itertools import accumulate, repeat
from operator import attrgetter

from ..text.words import Token
from .result import OpTag, WordOp


def word_ops(
    tokens_a: list[Token],
    tokens_b: list[Token],
    same_terms: bool = False,
    values: tuple[bool, bool] = (True, True),
    same_words: bool = False,
) -> tuple[WordOp, ...]:
    """The edit script from a's words to b's, compared case-insensitively, numbers and dates as units.

    Neighbouring words of one kind of step form one step, so "clarify the direction" -> "identify
    areas" reads as one replacement. `same_terms`: whether the caller found both sides' tokens to hold
    the same terms, in order. `values`: False for a side the caller found to hold no value (no term
    starting with "#"), whose keys are then its folded words. `same_words`: whether the caller found
    both sides' words spelled alike, in order (so folded alike too).
    """
    if same_terms and (same_words or _folded(tokens_a) == _folded(tokens_b)):
        # A key is a value's term or a word's case-folded surface: the same terms and the same folded
        # words are the same keys, found here without reading each token's first term. In a text of
        # 100,000 distinct words those lie all over memory: the keys of a 100,000-word match took 0.07 s,
        # its folded words take 0.01 s, and words the caller found spelled alike need no folding
        # (0.012 s of a 100,000-word match copied word for word).
        opcodes = [("equal", 0, len(tokens_a), 0, len(tokens_b))] if tokens_a else []
    else:
        opcodes = _opcodes(_diff_keys(tokens_a, values[0]), _diff_keys(tokens_b, values[1]))
    return tuple(
        WordOp(_tag(tag), _range(tokens_a, i1, i2), _range(tokens_b, j1, j2)) for tag, i1, i2, j1, j2 in opcodes
    )


# SequenceMatcher's work: for each word of a, one step per place b has that word, in every search for
# a longest common block (it searches again left and right of each block it finds). Two long passages
# of a few repeated words ("security security ...") cost billions of steps (a stall of minutes); so did
# a long sentence whose frame words repeat between names ("minister X met ...": 600 searches).
DIFF_WORK = 2_000_000
_Opcode = tuple[str, int, int, int, int]
_SURFACE = attrgetter("surface")


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
    (what SequenceMatcher's own search walks).

    Each search finds the block SequenceMatcher's would (the longest run of words common to its
    stretches of a and b; of those, the earliest in a, then in b), but from the runs of two or more
    common words, not by walking every word: the first search finds all of them, each walked once from
    its start, and each later one (get_matching_blocks searches left and right of every block found)
    reads those of the search before it, cut to its stretches. Where none is left, the block is the
    first common word, if any. SequenceMatcher walked all of a's side again in every search: a list of
    100,000 names in another order took 0.5 s, most of it in searches whose side of b was a few words
    long; now 0.15 s. A text of a few words repeated, with runs everywhere, costs up to 1.5 times that
    walk; the budget bounds both. A run longer than _WALKED words is compared a slice at a time past
    them."""

    b2j: dict[str, list[int]]
    """SequenceMatcher's index of b (made by its __init__): the places of each word, in order."""

    def __init__(self, a: list[str], b: list[str], budget: int = DIFF_WORK) -> None:
        super().__init__(None, a, b, autojunk=False)
        self.keys_a, self.keys_b = a, b
        nothing: list[int] = []
        self.places = list(map(self.b2j.get, a, repeat(nothing)))
        """Where b has each word of a, in order."""
        # _places_before(a, b), read from the places: walking a search's words to count them cost as
        # much as the searches themselves.
        self.places_before = list(accumulate(map(len, self.places), initial=0))
        self.budget = budget
        self.spent = 0
        self._cuts: dict[_Rectangle, Callable[[], list[_Run]]] = {}
        """The runs of the rectangles left and right of each block found, cut when searched."""

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Match:
        ahi = len(self.keys_a) if ahi is None else ahi
        bhi = len(self.keys_b) if bhi is None else bhi
        steps = ahi - alo + self.places_before[ahi] - self.places_before[alo]
        if self.spent + steps > self.budget:
            raise _OverBudget
        self.spent += steps
        cut = self._cuts.pop((alo, ahi, blo, bhi), None)
        runs = self._runs(alo, ahi, blo, bhi) if cut is None else cut()
        if runs:
            size = max(run[2] for run in runs)
            i, j, _ = min(run for run in runs if run[2] == size)
        else:
            i, j, size = self._first_common(alo, ahi, blo, bhi)
        if size:
            # Where get_matching_blocks searches next, if it does (and the budget lets it). Each side of
            # the block bounds its runs on one side only: cut to the whole of it, the 490,000 runs of a
            # frame of words repeated around names took twice as long.
            if alo < i and blo < j:
                self._cuts[alo, i, blo, j] = partial(_before, runs, i, j)
            if i + size < ahi and j + size < bhi:
                self._cuts[i + size, ahi, j + size, bhi] = partial(_after, runs, i + size, j + size)
        return Match(i, j, size)

    def _runs(self, alo: int, ahi: int, blo: int, bhi: int) -> list[_Run]:
        """The runs of two or more common words in a[alo:ahi] x b[blo:bhi], each whole as it lies there:
        (where in a, where in b, length), in order of a, then b."""
        a, b, places, runs = self.keys_a, self.keys_b, self.places, []
        last = bhi - 1
        for i in range(alo, ahi - 1):
            following, preceding = a[i + 1], a[i - 1] if i > alo else None
            for j in places[i]:
                if j < blo:
                    continue
                if j >= last:
                    break
                if b[j + 1] != following or (j > blo and b[j - 1] == preceding):
                    continue  # a lone common word, or inside a run found from its start
                size = 2
                while size < _WALKED and i + size < ahi and j + size < bhi and a[i + size] == b[j + size]:
                    size += 1
                if size == _WALKED:
                    size = _common_length(a, b, i, j, size, min(ahi - i, bhi - j))
                runs.append((i, j, size))
        return runs

    def _first_common(self, alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
        """The first word a[alo:ahi] and b[blo:bhi] share, earliest in a, then in b, as a block of one;
        or none, (alo, blo, 0)."""
        places = self.places
        for i in range(alo, ahi):
            for j in places[i]:
                if j >= blo:
                    if j < bhi:
                        return i, j, 1
                    break
        return alo, blo, 0


# A run is walked a word at a time up to this length, and past it compared a slice at a time: a run of
# 100,000 words (a text and the same text cut into sentences) took 0.015 s to walk a word at a time.
_WALKED = 16
_SLICE = 64


def _common_length(a: list[str], b: list[str], i: int, j: int, size: int, most: int) -> int:
    """How many words a and b share from a[i] and b[j] on, up to `most`, knowing `size` of them do."""
    while size + _SLICE <= most and a[i + size : i + size + _SLICE] == b[j + size : j + size + _SLICE]:
        size += _SLICE
    while size < most and a[i + size] == b[j + size]:
        size += 1
    return size


_Rectangle = tuple[int, int, int, int]
_Run = tuple[int, int, int]


def _before(runs: list[_Run], ahi: int, bhi: int) -> list[_Run]:
    """The parts of a search's runs before a[ahi] and b[bhi] (its block's start) that are still two
    words or more."""
    out = []
    for run in runs:
        i, j, size = run
        if i >= ahi - 1 or j >= bhi - 1:
            continue  # past the block's start, or a word from it
        out.append(run if i + size <= ahi and j + size <= bhi else (i, j, min(ahi - i, bhi - j)))
    return out


def _after(runs: list[_Run], alo: int, blo: int) -> list[_Run]:
    """The parts of a search's runs from a[alo] and b[blo] (its block's end) on that are still two
    words or more."""
    out = []
    for run in runs:
        i, j, size = run
        if i >= alo and j >= blo:
            out.append(run)
            continue
        cut = alo - i if alo - i > blo - j else blo - j
        if size - cut >= 2:
            out.append((i + cut, j + cut, size - cut))
    return out


def _bounded_opcodes(keys_a: list[str], keys_b: list[str], budget: int = DIFF_WORK) -> tuple[list[_Opcode] | None, int]:
    """SequenceMatcher's opcodes, or None past `budget` steps; and the steps spent."""
    matcher = BoundedMatcher(keys_a, keys_b, budget)
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


def _diff_keys(tokens: list[Token], values: bool = True) -> list[str]:
    """What the diff compares of each token: a value's term, a word's case-folded surface. `values`:
    False where the caller knows no token is a value."""
    if not values:
        # Reading each token's first term to find none is a value's cost a 100,000-word side of
        # distinct words 0.04 s in a comparison (its terms lie all over memory); its folded words, 0.007 s.
        return _folded(tokens)
    # Each token's terms and surface only: unpacking it read its two offsets too, two more objects a
    # token (a sixth of the cost on a long pair's matches).
    return [
        terms[0] if (terms := token.terms) and terms[0].startswith("#") else token.surface.casefold()
        for token in tokens
    ]


def _folded(tokens: list[Token]) -> list[str]:
    return list(map(str.casefold, map(_SURFACE, tokens)))


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
