"""The quick ways of the pairing stage give what the plain ones they replaced gave (kept here as the
reference): copied blocks found along clauses numbered by their words, the free runs of clauses of
one piece read from what is used, b's index of terms made with the common terms set apart, and the
cores a forked copy sends back without their bags."""

from __future__ import annotations

import heapq
import pickle
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import TypeVar
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from cyberread.engine.align import copies, selection
from cyberread.engine.align.candidates import Postings, _inverted_index
from cyberread.engine.align.copies import MIN_BLOCK_WORDS, Block, copied_blocks
from cyberread.engine.align.growing import Growing, Range
from cyberread.engine.align.matching import Bag, Side, clause_bags_of, prepare
from cyberread.engine.align.selection import _FreeRuns, select_matches
from cyberread.engine.align.settings import MatchSettings

QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Few words, so that clauses repeat on both sides (copied blocks) and terms are common to many.
_WORDS = ["He", "he", "said", "the", "minister", "Minister", "ten", "refineries", "İstanbul", "talks"]
_clause = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join)
_sentence = st.lists(_clause, min_size=1, max_size=4).map(lambda clauses: ", ".join(clauses) + ".")
_body = st.lists(_sentence, min_size=1, max_size=10).map(" ".join)


@st.composite
def _accounts(draw: st.DrawFn) -> tuple[str, str]:
    """Two bodies, the second the first with sentences left out, added or changed."""
    sentences = draw(st.lists(_sentence, min_size=1, max_size=10))
    other = list(sentences)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(other)))
        if other and draw(st.booleans()):
            del other[min(at, len(other) - 1)]
        else:
            other.insert(at, draw(_sentence))
    return " ".join(sentences), " ".join(other) or "Talks."


@st.composite
def _reworded(draw: st.DrawFn) -> tuple[str, str]:
    """Two bodies whose sentences share some clauses and not others, so that cores are trimmed."""
    sentences = draw(st.lists(st.lists(_clause, min_size=1, max_size=4), min_size=1, max_size=8))
    other = []
    for clauses in draw(st.permutations(sentences)):
        kept = [clause if draw(st.integers(0, 2)) else draw(_clause) for clause in clauses]
        kept.insert(draw(st.integers(0, len(kept))), draw(_clause))
        other.append(kept)
    body_a, body_b = (" ".join(", ".join(clauses) + "." for clauses in body) for body in (sentences, other))
    return body_a, body_b


def _plain_copied_blocks(a: Side, b: Side) -> list[Block]:
    """copied_blocks as it was: the LCS of the clauses' tuples of words."""
    keys_a, keys_b = a.clause_words, b.clause_words
    sizes = list(map(len, keys_a))
    start = 0
    while start < min(len(keys_a), len(keys_b)) and keys_a[start] == keys_b[start]:
        start += 1
    end = 0
    while end < min(len(keys_a), len(keys_b)) - start and keys_a[-1 - end] == keys_b[-1 - end]:
        end += 1
    blocks: list[Block] = [(0, 0, start)] if start else []
    middle_a, middle_b = keys_a[start : len(keys_a) - end], keys_b[start : len(keys_b) - end]
    if middle_a and middle_b and len(middle_a) * len(middle_b) <= copies.LCS_BUDGET:
        for op in Indel.opcodes(middle_a, middle_b):
            if op.tag == "equal":
                blocks.append((start + op.src_start, start + op.dest_start, op.src_end - op.src_start))
    if end:
        blocks.append((len(keys_a) - end, len(keys_b) - end, end))
    return [block for block in blocks if sum(sizes[block[0] : block[0] + block[2]]) >= MIN_BLOCK_WORDS]


@QUICK
@given(_accounts(), st.sampled_from([copies.LCS_BUDGET, copies.LCS_BUDGET, 0]))
@example(("He said the talks. The minister said ten refineries.",) * 2, copies.LCS_BUDGET)
def test_copied_blocks_are_those_the_words_of_each_clause_gave(texts: tuple[str, str], budget: int) -> None:
    a, b = prepare(*texts, MatchSettings())
    with mock.patch.object(copies, "LCS_BUDGET", budget):
        assert copied_blocks(a, b) == _plain_copied_blocks(a, b)


class _PlainFreeRuns:
    """_FreeRuns as it was: every clause walked, one piece or many."""

    def __init__(self, side: Side, used: list[bool]) -> None:
        self.side, self.used = side, used
        self.runs: dict[int, dict[int, int]] = {}
        self.starts: dict[int, list[int]] = {}
        self.heaps: dict[int, list[tuple[int, int, int]]] = {}

    def longest(self, clause: int) -> Range | None:
        if clause not in self.runs:
            self._walk(clause)
        runs, heap = self.runs[clause], self.heaps[clause]
        while heap and runs.get(heap[0][1]) != heap[0][2]:
            heapq.heappop(heap)
        return (heap[0][1], heap[0][2]) if heap else None

    def take(self, lo: int, hi: int) -> None:
        pieces = self.side.pieces
        for clause in range(pieces[lo].clause, pieces[hi - 1].clause + 1):
            runs = self.runs.get(clause)
            if runs is None:
                continue
            starts = self.starts[clause]
            at = max(0, bisect_right(starts, lo) - 1)
            while at < len(starts) and starts[at] < hi:
                start = starts[at]
                end = runs[start]
                if end <= lo:
                    at += 1
                    continue
                del runs[start], starts[at]
                for part in ((start, lo), (hi, end)):
                    if part[0] < part[1]:
                        runs[part[0]] = part[1]
                        insort(starts, part[0])
                        heapq.heappush(self.heaps[clause], (part[0] - part[1], *part))
                at = bisect_left(starts, lo)

    def _walk(self, clause: int) -> None:
        lo, hi = self.side.clause_range[clause]
        runs: dict[int, int] = {}
        start = None
        for k in range(lo, hi + 1):
            if k < hi and not self.used[k]:
                start = k if start is None else start
            elif start is not None:
                runs[start] = k
                start = None
        self.runs[clause] = runs
        self.starts[clause] = sorted(runs)
        self.heaps[clause] = [(s - e, s, e) for s, e in runs.items()]
        heapq.heapify(self.heaps[clause])


@QUICK
@given(_body, st.data())
def test_the_longest_free_run_of_a_clause_is_the_one_every_walked_clause_gave(body: str, data: st.DataObject) -> None:
    """Clauses asked for and pieces taken in any order, some used before the first question (copied
    blocks): the quick runs answer as the plain ones, those of one piece as those of many."""
    side = prepare(body, "Talks.", MatchSettings())[0]
    n = len(side.pieces)
    used = [data.draw(st.integers(0, 4)) == 0 for _ in range(n)]
    plain_used = list(used)
    quick, plain = _FreeRuns(side, used), _PlainFreeRuns(side, plain_used)
    for _ in range(data.draw(st.integers(1, 30))):
        if data.draw(st.booleans()):
            clause = data.draw(st.integers(0, len(side.clause_range) - 1))
            assert quick.longest(clause) == plain.longest(clause)
        else:
            lo = data.draw(st.integers(0, n - 1))
            hi = data.draw(st.integers(lo + 1, min(n, lo + 4)))
            if any(used[lo:hi]):
                continue  # a match takes free pieces only
            for k in range(lo, hi):
                used[k] = plain_used[k] = True
            quick.take(lo, hi)
            plain.take(lo, hi)
    assert [quick.longest(c) for c in range(len(side.clause_range))] == [
        plain.longest(c) for c in range(len(side.clause_range))
    ]


def _plain_inverted_index(
    bags_b: list[Bag], frequency: Counter[str], too_common: int, shared_terms: int, taken_b: AbstractSet[int]
) -> tuple[Postings, Postings]:
    """b's index as it was made: each term's count compared with the bound."""
    postings: Postings = defaultdict(list)
    small: Postings = defaultdict(list)
    for j, bag in enumerate(bags_b):
        if j in taken_b:
            continue
        for term, weight in bag.items():
            if frequency[term] <= too_common:
                postings[term].append((j, weight))
        if len(bag) < shared_terms:
            for term, weight in bag.items():
                if frequency[term] <= too_common:
                    small[term].append((j, weight))
    return postings, small


@QUICK
@given(_accounts(), st.integers(0, 6), st.sampled_from([1, 2, 3]), st.sets(st.integers(0, 12), max_size=4))
def test_the_index_of_b_sets_apart_the_terms_the_plain_counts_did(
    texts: tuple[str, str], floor: int, shared_terms: int, taken_b: set[int]
) -> None:
    """A floor of a few clauses makes some terms common (the share of a few clauses is below 1)."""
    a, b = prepare(*texts, MatchSettings())
    match = MatchSettings(common_term_floor=floor, common_term_ceiling=floor, candidate_shared_terms=shared_terms)
    bags_a, bags_b = clause_bags_of(a), clause_bags_of(b)
    quick = _inverted_index(bags_a, bags_b, a.clause_frequency, match, taken_b)
    assert quick == _plain_inverted_index(bags_b, a.clause_frequency, floor, shared_terms, taken_b)


_Here = TypeVar("_Here")
_There = TypeVar("_There")


def _in_two_pickled(
    here: Callable[[], _Here], there: Callable[[], _There], cancel: Callable[[], None] = lambda: None
) -> tuple[_Here, _There]:
    """in_two without a fork: `there`'s answer goes through pickle as a copy's does."""
    mine = here()
    theirs: _There = pickle.loads(pickle.dumps(there(), pickle.HIGHEST_PROTOCOL))
    return mine, theirs


@QUICK
@given(st.one_of(_accounts(), _reworded()), st.sampled_from([0.0, 0.1, 0.3]), st.sampled_from([64, 64, 1, 2]))
@example(  # long runs narrowed (a run of two pieces is long here) in both processes alike
    (
        "He, He. He, He, He. minister minister minister, He. He, He, He, He.",
        "minister minister minister, said said, said. He, He, He, He. He, He, He. He, He, He, He, He.",
    ),
    0.0,
    1,
)
def test_cores_sent_back_without_their_bags_make_the_matches_they_made_with_them(
    texts: tuple[str, str], trim_share: float, long_run: int
) -> None:
    """The scoring split in two, the second half's cores sent back pickled, those that trimming left
    as they started without their bags: the same matches as scored in one process. (The split copy
    scores the same candidates here, so each of its cores replaces the one this process made.)"""
    match = MatchSettings(trim_share=trim_share)
    with mock.patch("cyberread.engine.align.growing._LONG_RUN", long_run):
        alone = select_matches(*prepare(*texts, match), match)
        with (
            mock.patch.object(selection, "_SPLIT_CANDIDATES", 0),
            mock.patch.object(selection, "worth_splitting", lambda *bodies: True),
            mock.patch.object(selection, "can_fork", lambda: True),
            mock.patch.object(selection, "in_two", _in_two_pickled),
        ):
            split = select_matches(*prepare(*texts, match), match)
    assert repr(split) == repr(alone)


@QUICK
@given(st.one_of(_accounts(), _reworded()), st.data())
def test_a_core_left_as_it_started_has_the_bags_its_spans_give(texts: tuple[str, str], data: st.DataObject) -> None:
    sides = prepare(*texts, MatchSettings())
    runs = tuple(side.clause_range[data.draw(st.integers(0, len(side.clause_range) - 1))] for side in sides)
    fresh = Growing(sides, (runs[0], runs[1]))
    started = fresh.started
    fresh.trim(data.draw(st.sampled_from([0.0, 0.1, 0.3])))
    if fresh.spans != list(started):
        return  # trimmed: not sent, trimmed again where asked for
    again = Growing(sides, (runs[0], runs[1]), (fresh.spans, None, fresh.score))
    assert [list(bag.items()) for bag in again.bags] == [list(bag.items()) for bag in fresh.bags]
    assert again.score == fresh.score
