"""Candidate clause pairs: found through an inverted index of shared terms rather than by scoring all
pairs, the few best kept per clause of either text, so the set does not depend on which text is a."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from operator import itemgetter

from .matching import Bag, Side, clause_bags_of
from .settings import MatchSettings


def candidate_pairs(
    a: Side,
    b: Side,
    settings: MatchSettings,
    taken: tuple[AbstractSet[int], AbstractSet[int]] = (frozenset(), frozenset()),
) -> list[tuple[int, int]]:
    """Clause pairs worth trying, found through an inverted index of shared terms rather than by
    scoring all pairs; terms common to many clauses are not looked up, so the work grows about
    linearly with the texts. Lookup and ranking run from both texts: the set does not depend on
    which one is a. Clauses in `taken` (of a, of b) are paired already and get no candidates."""
    bags_a, bags_b = clause_bags_of(a), clause_bags_of(b)
    least = settings.candidate_shared_terms
    postings, small = _inverted_index(bags_a, bags_b, a.clause_frequency, settings, taken[1])
    sizes_b = list(map(len, bags_b))

    overlap: dict[tuple[int, int], float] = {}
    # a's clauses with too few terms found to meet their identical twins through the index.
    sparse: list[int] = []
    indexed = postings.__contains__
    for i, bag in enumerate(bags_a):
        if i in taken[0]:
            continue
        found = sum(map(indexed, bag))
        # One rare word in common is chance, not a candidate (it still counts once a match forms).
        needed = min(least, len(bag))
        if found < needed or not found:
            sparse.append(i)
            if not found:
                continue
        # With fewer terms found than needed, only b's smallest clauses can reach their own size:
        # the rest are not visited (the stall test `money`: 69,800 of 139,200 postings, all in vain).
        lookup = postings.get if found >= needed else small.get
        shared: dict[int, list[float]] = {}
        for term, weight in bag.items():
            clauses = lookup(term)
            if clauses is None:
                continue
            for j, other in clauses:
                entry = shared.get(j)
                if entry is None:
                    shared[j] = [weight if weight < other else other, 1]
                else:
                    entry[0] += weight if weight < other else other
                    entry[1] += 1
        for j, (weight, count) in shared.items():
            if count >= needed or count >= sizes_b[j]:
                overlap[i, j] = weight
    # Identical clauses made only of common words still find each other. Those with enough terms
    # looked up have met above already, every pair of them, so only the sparse ones are keyed here
    # (100,000 words in sentences: no clause of 16,667, where keying all took 30 ms).
    keys_a = _by_terms(bags_a, sparse)
    if keys_a:
        keys_b = _by_terms(bags_b, (j for j in range(len(bags_b)) if j not in taken[1]), keys_a.keys())
        for key, mine in keys_a.items():
            theirs = keys_b.get(key)
            if not theirs:
                continue
            # Half the usual share from each side: the two directions overlap, and the k-th of many
            # identical clauses pairs with those at about its own place, so a few suffice.
            limit = max(1, settings.candidates_per_clause // 2)
            for pair in _rank_aligned(mine, theirs, limit) + _rank_aligned(theirs, mine, limit, swap=True):
                overlap.setdefault(pair, 0.0)

    # The best few per clause of a and per clause of b: the same set whichever text is a. A pair
    # stays when it is among the best few of its clause of a or of its clause of b; a clause with no
    # more than the few keeps all its pairs (its floor, the pair's own weight). Only the crowded
    # clauses' weights are gathered and sorted (33,334 pairs, two a clause: gathering every row and
    # column took 50 ms).
    limit = settings.candidates_per_clause
    floors_a, floors_b = _floors(overlap, 0, limit), _floors(overlap, 1, limit)
    if not floors_a and not floors_b:
        return sorted(overlap)
    return sorted(
        (i, j)
        for (i, j), weight in overlap.items()
        if weight >= floors_a.get(i, weight) or weight >= floors_b.get(j, weight)
    )


def _floors(overlap: dict[tuple[int, int], float], side: int, limit: int) -> dict[int, float]:
    """The weight a pair needs to be among the best `limit` of its clause on `side` (0: a, 1: b), for
    the clauses with more pairs than that; ties at the cut all stay, for symmetry."""
    clause = itemgetter(side)
    crowded = {k for k, pairs in Counter(map(clause, overlap)).items() if pairs > limit}
    if not crowded:
        return {}
    weights: dict[int, list[float]] = defaultdict(list)
    for pair, weight in overlap.items():
        if pair[side] in crowded:
            weights[pair[side]].append(weight)
    return {k: sorted(ws, reverse=True)[limit - 1] for k, ws in weights.items()}


def _by_terms(
    bags: list[Bag], clauses: Iterable[int], wanted: AbstractSet[frozenset[str]] | None = None
) -> dict[frozenset[str], list[int]]:
    """The clauses of each set of terms (of those `wanted`, where given), in order."""
    out: dict[frozenset[str], list[int]] = defaultdict(list)
    for k in clauses:
        key = frozenset(bags[k])
        if wanted is None or key in wanted:
            out[key].append(k)
    return out


def _rank_aligned(mine: list[int], theirs: list[int], limit: int, swap: bool = False) -> list[tuple[int, int]]:
    """Pairs of clauses with the same terms: each of `mine` with the `limit` of `theirs` nearest its
    own place among them (the k-th of 9,000 one-word lines "security" with those near the k-th on
    the other side, not every one with the first few: that made 8 candidates for each of the
    9,000, all tied, all scored). With `limit` or fewer of theirs, every pair. (i, j) order: a, b."""
    pairs = []
    for rank, x in enumerate(mine):
        if len(theirs) <= limit:
            window = theirs
        else:
            centre = rank * len(theirs) // len(mine)
            low = max(0, min(centre - limit // 2, len(theirs) - limit))
            window = theirs[low : low + limit]
        pairs += [(y, x) if swap else (x, y) for y in window]
    return pairs


Postings = dict[str, list[tuple[int, float]]]


def _inverted_index(
    bags_a: list[Bag],
    bags_b: list[Bag],
    frequency: Counter[str],
    settings: MatchSettings,
    taken_b: AbstractSet[int] = frozenset(),
) -> tuple[Postings, Postings]:
    """b's clauses by term (less those taken), for the terms not too common to look up by: those in
    more clauses (of both texts: the sides' `clause_frequency`) than a bound that grows with the texts
    up to a ceiling, so that the lookups grow linearly. And the same for b's clauses of fewer terms
    than `candidate_shared_terms`, the only ones a clause with fewer terms found can pair with."""
    # Clause counts are whole: compared with a whole bound (the share of 12,501 clauses is 62.505).
    too_common = math.floor(
        min(
            max(settings.common_term_floor, settings.common_term_share * (len(bags_a) + len(bags_b))),
            max(settings.common_term_floor, settings.common_term_ceiling),
        )
    )
    # The few common terms, found once: asking a set for each of b's terms rather than comparing its
    # count with the bound took a fifth less time, the set made included (the 100,000 terms of a
    # run-on sentence split into sentences: 0.047 s, not 0.059 s; the long pair 6 ms, not 7 ms).
    common = {term for term, clauses in frequency.items() if clauses > too_common}
    postings: Postings = defaultdict(list)
    small: Postings = defaultdict(list)
    for j, bag in enumerate(bags_b):
        if j in taken_b:
            continue
        for term, weight in bag.items():
            if term not in common:
                postings[term].append((j, weight))
        if len(bag) < settings.candidate_shared_terms:
            for term, weight in bag.items():
                if term not in common:
                    small[term].append((j, weight))
    return postings, small


def lookup_work(a: Side, b: Side, settings: MatchSettings) -> int:
    """How many postings `candidate_pairs` visits at most: its work, whatever the texts hold."""
    bags_a, bags_b = clause_bags_of(a), clause_bags_of(b)
    postings, _ = _inverted_index(bags_a, bags_b, a.clause_frequency, settings)
    return sum(len(postings.get(t, ())) for bag in bags_a for t in bag)
