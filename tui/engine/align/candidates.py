"""Candidate clause pairs: found through an inverted index of shared terms rather than by scoring all
pairs, the few best kept per clause of either text, so the set does not depend on which text is a."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet

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
    frequency = a.clause_frequency
    postings, too_common = _inverted_index(bags_a, bags_b, settings, taken[1])

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
        # One rare word in common is chance, not a candidate (it still counts once a match forms).
        for j, (weight, count) in shared.items():
            if count >= min(settings.candidate_shared_terms, len(bag), len(bags_b[j])):
                overlap[i, j] = weight
    # Identical clauses made only of common words still find each other.
    keys_a, keys_b = _by_terms(bags_a, taken[0]), _by_terms(bags_b, taken[1])
    for key, mine in keys_a.items():
        theirs = keys_b.get(key)
        if not theirs:
            continue
        # Half the usual share from each side: the two directions overlap, and the k-th of many
        # identical clauses pairs with those at about its own place, so a few suffice.
        limit = max(1, settings.candidates_per_clause // 2)
        for pair in _rank_aligned(mine, theirs, limit) + _rank_aligned(theirs, mine, limit, swap=True):
            overlap.setdefault(pair, 0.0)

    # The best few per clause of a and per clause of b: the same set whichever text is a.
    rows: dict[int, list[tuple[float, int]]] = defaultdict(list)
    cols: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), weight in overlap.items():
        rows[i].append((weight, j))
        cols[j].append((weight, i))
    keep: set[tuple[int, int]] = set()
    limit = settings.candidates_per_clause
    for i, row in rows.items():
        keep.update((i, j) for j in _best(row, limit))
    for j, col in cols.items():
        keep.update((i, j) for i in _best(col, limit))
    return sorted(keep)


def _by_terms(bags: list[Bag], taken: AbstractSet[int]) -> dict[frozenset[str], list[int]]:
    """The clauses of each set of terms, in order, less those taken."""
    out: dict[frozenset[str], list[int]] = defaultdict(list)
    for k, bag in enumerate(bags):
        if k not in taken:
            out[frozenset(bag)].append(k)
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
    settings: MatchSettings,
    taken_b: AbstractSet[int] = frozenset(),
) -> tuple[Postings, float]:
    """b's clauses by term (less those taken), and the count of clauses holding a term (over both texts:
    the sides' `clause_frequency`) above which it is too common to look up by (bounded, so that the
    lookups grow linearly)."""
    postings: Postings = defaultdict(list)
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


def lookup_work(a: Side, b: Side, settings: MatchSettings) -> int:
    """How many postings `candidate_pairs` visits: its work, whatever the texts hold."""
    bags_a, bags_b = clause_bags_of(a), clause_bags_of(b)
    frequency = a.clause_frequency
    postings, too_common = _inverted_index(bags_a, bags_b, settings)
    return sum(len(postings.get(t, ())) for bag in bags_a for t in bag if frequency[t] <= too_common)


def _best(entries: list[tuple[float, int]], limit: int) -> list[int]:
    if len(entries) <= limit:
        return [k for _, k in entries]
    floor = sorted((s for s, _ in entries), reverse=True)[limit - 1]
    return [k for s, k in entries if s >= floor]  # ties at the cut all stay, for symmetry
