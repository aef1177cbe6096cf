"""Candidate pairs found with less work (engine/align/candidates.py) are the pairs the plain lookup
found, in the same order: the old code is kept here as the reference, and both run on sides with
repeated clauses, common terms, clauses of one term, taken clauses and weights whose sums depend on
the order they are added in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.candidates import _rank_aligned, candidate_pairs  # unchanged: shared
from cyberread.engine.align.copies import copied_blocks
from cyberread.engine.align.matching import Bag, Side, clause_bags_of, prepare
from cyberread.engine.align.settings import MatchSettings

QUICK = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _old_candidate_pairs(
    a: Side,
    b: Side,
    settings: MatchSettings,
    taken: tuple[AbstractSet[int], AbstractSet[int]] = (frozenset(), frozenset()),
) -> list[tuple[int, int]]:
    """candidate_pairs before its fast paths: every term of a looked up, every pair ranked."""
    bags_a, bags_b = clause_bags_of(a), clause_bags_of(b)
    frequency = a.clause_frequency
    postings, too_common = _old_inverted_index(bags_a, bags_b, settings, taken[1])
    overlap: dict[tuple[int, int], float] = {}
    for i, bag in enumerate(bags_a):
        if i in taken[0]:
            continue
        shared: dict[int, list[float]] = {}
        for term, weight in bag.items():
            if frequency[term] > too_common:
                continue
            for j, other in postings[term]:
                entry = shared.get(j)
                if entry is None:
                    shared[j] = [weight if weight < other else other, 1]
                else:
                    entry[0] += weight if weight < other else other
                    entry[1] += 1
        for j, (weight, count) in shared.items():
            if count >= min(settings.candidate_shared_terms, len(bag), len(bags_b[j])):
                overlap[i, j] = weight
    keys_a, keys_b = _old_by_terms(bags_a, taken[0]), _old_by_terms(bags_b, taken[1])
    for key, mine in keys_a.items():
        theirs = keys_b.get(key)
        if not theirs:
            continue
        limit = max(1, settings.candidates_per_clause // 2)
        for pair in _rank_aligned(mine, theirs, limit) + _rank_aligned(theirs, mine, limit, swap=True):
            overlap.setdefault(pair, 0.0)
    rows: dict[int, list[tuple[float, int]]] = defaultdict(list)
    cols: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), weight in overlap.items():
        rows[i].append((weight, j))
        cols[j].append((weight, i))
    keep: set[tuple[int, int]] = set()
    limit = settings.candidates_per_clause
    for i, row in rows.items():
        keep.update((i, j) for j in _old_best(row, limit))
    for j, col in cols.items():
        keep.update((i, j) for i in _old_best(col, limit))
    return sorted(keep)


def _old_by_terms(bags: list[Bag], taken: AbstractSet[int]) -> dict[frozenset[str], list[int]]:
    out: dict[frozenset[str], list[int]] = defaultdict(list)
    for k, bag in enumerate(bags):
        if k not in taken:
            out[frozenset(bag)].append(k)
    return out


def _old_inverted_index(
    bags_a: list[Bag], bags_b: list[Bag], settings: MatchSettings, taken_b: AbstractSet[int]
) -> tuple[dict[str, list[tuple[int, float]]], float]:
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, bag in enumerate(bags_b):
        if j in taken_b:
            continue
        for term, weight in bag.items():
            postings[term].append((j, weight))
    too_common = min(
        max(settings.common_term_floor, settings.common_term_share * (len(bags_a) + len(bags_b))),
        max(settings.common_term_floor, settings.common_term_ceiling),
    )
    return postings, too_common


def _old_best(entries: list[tuple[float, int]], limit: int) -> list[int]:
    if len(entries) <= limit:
        return [k for _, k in entries]
    floor = sorted((s for s, _ in entries), reverse=True)[limit - 1]
    return [k for s, k in entries if s >= floor]


def _side(bags: list[Bag], frequency: Counter[str]) -> Side:
    """A side that is only its clause bags: all candidate_pairs reads."""
    return Side("", [], [], [], {}, {}, frequency, clause_bags=bags)


TERMS = [f"t{k}" for k in range(7)]
# Weights whose sums depend on the order they are added in ((0.1 + 0.2) + 0.3 is not 0.1 + (0.2 + 0.3)),
# and equal ones, for ties at the cut of the best few.
WEIGHTS = [0.1, 0.2, 0.3, 0.7, 1.0, 1 / 3, 2.5, 3.0000000000000004, 1e-3]
bags = st.lists(st.tuples(st.sampled_from(TERMS), st.sampled_from(WEIGHTS)), max_size=5).map(dict)


@st.composite
def sides(draw: st.DrawFn) -> tuple[list[Bag], list[Bag], Counter[str], MatchSettings, tuple[set[int], set[int]]]:
    """Two lists of clause bags drawn from a few shared ones (so that clauses repeat, within a text
    and across, some with their terms in another order or other weights), clause counts that make
    some terms too common to look up, settings near their edges, and some clauses taken."""
    pool = draw(st.lists(bags, min_size=1, max_size=6))

    def clause(k: int, mode: int) -> Bag:
        bag = pool[k % len(pool)]
        if mode == 1:  # the same terms in the other order
            return dict(reversed(bag.items()))
        if mode == 2:  # the same terms, other weights
            return {term: WEIGHTS[(len(term) + k) % len(WEIGHTS)] for term in bag}
        return dict(bag)

    picks = st.lists(st.tuples(st.integers(0, 20), st.integers(0, 4)), max_size=14)
    bags_a = [clause(k, mode) for k, mode in draw(picks)]
    bags_b = [clause(k, mode) for k, mode in draw(picks)]
    frequency = Counter({term: draw(st.integers(0, 9)) for term in TERMS})
    match_settings = MatchSettings(
        candidate_shared_terms=draw(st.integers(0, 4)),
        candidates_per_clause=draw(st.integers(0, 5)),
        common_term_share=draw(st.sampled_from([0.0, 0.17, 0.25, 0.5])),
        common_term_floor=draw(st.integers(0, 6)),
        common_term_ceiling=draw(st.integers(0, 8)),
    )
    taken = (
        draw(st.sets(st.integers(0, max(0, len(bags_a) - 1)), max_size=3)),
        draw(st.sets(st.integers(0, max(0, len(bags_b) - 1)), max_size=3)),
    )
    return bags_a, bags_b, frequency, match_settings, taken


# A pair of a's first clause sums 0.1 + 0.2 + 0.3 to 0.6000000000000001 and beats one of 0.3 + 0.3
# to the one place in its row: summed in another order, they would tie and both stay.
ORDERED = (
    [{"t0": 0.1, "t1": 0.2, "t2": 0.3, "t3": 0.6}, {"t2": 0.3, "t3": 0.3, "t5": 1.0}],
    [{"t0": 0.1, "t1": 0.2, "t2": 0.3}, {"t2": 0.3, "t3": 0.3, "t5": 1.0}],
    Counter(dict.fromkeys(TERMS, 1)),
    MatchSettings(candidates_per_clause=1),
    (set(), set()),
)


@QUICK
@given(sides())
@example(ORDERED)
def test_the_candidates_are_those_the_plain_lookup_found(
    drawn: tuple[list[Bag], list[Bag], Counter[str], MatchSettings, tuple[set[int], set[int]]],
) -> None:
    bags_a, bags_b, frequency, match_settings, taken = drawn
    a, b = _side(bags_a, frequency), _side(bags_b, frequency)
    assert candidate_pairs(a, b, match_settings, taken) == _old_candidate_pairs(a, b, match_settings, taken)
    assert candidate_pairs(a, b, match_settings) == _old_candidate_pairs(a, b, match_settings)


LINES = [
    "security",
    "The minister said talks would resume.",
    "The minister said talks would resume in Geneva next week.",
    "Talks would resume, the minister said.",
    "Officials said they paid $3.2 million.",
    "He said so.",
    "Negotiators met for six hours on Sunday.",
    "the",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=40), st.lists(st.sampled_from(LINES), max_size=40))
@example(["security"] * 30 + [LINES[1]], ["security"] * 20 + [LINES[3]])
def test_prepared_texts_get_the_candidates_the_plain_lookup_found(lines_a: list[str], lines_b: list[str]) -> None:
    match_settings = MatchSettings()
    a, b = prepare("\n".join(lines_a), "\n".join(lines_b), match_settings)
    # Copied blocks taken first, as the selection takes them.
    taken: tuple[set[int], set[int]] = (set(), set())
    for first_a, first_b, clauses in copied_blocks(a, b):
        taken[0].update(range(first_a, first_a + clauses))
        taken[1].update(range(first_b, first_b + clauses))
    for held in (taken, (set(), set())):
        assert candidate_pairs(a, b, match_settings, held) == _old_candidate_pairs(a, b, match_settings, held)
