"""Choosing one consistent set of matches: strongest candidate first, each grown over neighbouring
clauses while that raises its score, then trimmed of edge pieces the other side does not echo (growing.py)."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Sequence
from typing import TypeGuard

from rapidfuzz import fuzz

from ..text.words import WORD
from .assignment import best_total
from .cancel import CancelCheck, never
from .candidates import candidate_pairs
from .copies import copied_blocks
from .forked import HERE_SHARE, can_fork, in_two, worth_splitting
from .growing import Growing, Range, same_start
from .matching import Bag, Found, Side, clause_bags_of, dice
from .settings import MatchSettings

_SPLIT_CANDIDATES = 2_000
"""Candidates enough to score in two processes (the long pair has 27,700)."""
_Core = tuple[list[Range], list[Bag] | None, float]
"""A candidate's trimmed spans, their bags and its score (see select_matches' `core`); bags None where
they are the spans' own (Growing makes them again)."""
_Start = tuple[tuple[Range, Range], tuple[Range, Range], _Core]
"""A candidate's free runs when it was scored, the spans its trim started from, and its core."""
# How much keeping the words in order counts when candidates are ranked (their bags' score is 0..1).
ORDER_BONUS = 0.15
# Words of a clause its order ratio reads (ranking candidates).
_ORDER_WORDS = 400
# Whether the pair is in the best one-to-one choice (those go first), its rank, tie-breakers that do
# not change when a and b swap, the raw score, then the clause pair.
_QueueEntry = tuple[int, float, int, int, str, str, float, int, int]


class _FreeRuns:
    """The stretches of free pieces of each clause of a side, kept as matches take pieces, so the
    longest (the first of equals, as _free_run finds it) is a heap's top, not a walk of the clause:
    walking a clause of 12,500 pieces once per match was quadratic (25 s at 100,000 words)."""

    def __init__(self, side: Side, used: list[bool]) -> None:
        self.side, self.used = side, used
        self.runs: dict[int, dict[int, int]] = {}  # clause -> {start: end} of its free stretches
        self.starts: dict[int, list[int]] = {}  # clause -> the stretches' starts, sorted
        self.heaps: dict[int, list[tuple[int, int, int]]] = {}  # clause -> [(-length, start, end)]

    def longest(self, clause: int) -> Range | None:
        runs = self.runs.get(clause)
        if runs is None:
            lo, hi = self.side.clause_range[clause]
            if hi - lo == 1:
                # A clause of one piece is free or not: no stretches to keep. Most are (every sentence
                # of shifted sentence ends), and each was walked and given a dict, a list and a heap.
                return None if self.used[lo] else (lo, hi)
            runs = self._walk(clause)
        heap = self.heaps[clause]
        while heap and runs.get(heap[0][1]) != heap[0][2]:
            heapq.heappop(heap)  # a stretch a match has since cut
        return (heap[0][1], heap[0][2]) if heap else None

    def take(self, lo: int, hi: int) -> None:
        """Pieces lo..hi are used now (the caller has marked them)."""
        pieces = self.side.pieces
        for clause in range(pieces[lo].clause, pieces[hi - 1].clause + 1):
            runs = self.runs.get(clause)
            if runs is None:
                continue  # not walked yet, or of one piece: read from `used` when asked
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

    def _walk(self, clause: int) -> dict[int, int]:
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
        return runs


def _clause_texts(side: Side, clauses: Iterable[int]) -> dict[int, str]:
    """The text of each of these clauses."""
    texts = {}
    for clause in clauses:
        lo, hi = side.clause_range[clause]
        texts[clause] = side.text[side.pieces[lo].start : side.pieces[hi - 1].end]
    return texts


def _seed(score: float | None, settings: MatchSettings) -> TypeGuard[float]:
    return score is not None and score >= settings.seed_score


def _unheard(fraction: float) -> None:
    """Progress nobody listens to."""


def select_matches(
    a: Side, b: Side, settings: MatchSettings, cancel: CancelCheck = never, done: Callable[[float], None] = _unheard
) -> list[Found]:
    """Copied blocks first (copies.py), each clause with its twin; then the rest greedily, strongest
    first, with lazy re-scoring: a candidate whose clauses lost pieces to an earlier match goes back
    into the queue with its new score."""
    used = ([False] * len(a.pieces), [False] * len(b.pieces))

    # A clause's words, and a pair's order ratio, do not change while matches are chosen: each pair
    # gets an entry at least twice (ranking, queue) and again at every re-scoring, and the words were
    # 1.4 s of findall over 161,000 calls on a 100k-word pair. Computed once each here. The texts, which
    # the entries read, are cut at once for every clause a candidate pairs, once those are known (asked
    # for one by one, they were a third of the long pair's 0.032 s of entries).
    texts: tuple[dict[int, str], dict[int, str]] = ({}, {})
    words: tuple[dict[int, Sequence[str]], dict[int, Sequence[str]]] = ({}, {})
    orders: dict[tuple[int, int], float] = {}

    def order_words(s: int, clause: int) -> Sequence[str]:
        """The words of a clause the order ratio reads."""
        known = words[s].get(clause)
        if known is None:
            text = texts[s][clause]
            # The order ratio reads a clause's first _ORDER_WORDS words: it ranks real clauses (the
            # longest has 106 words) and was O(words) per candidate of a clause of thousands. An ASCII
            # clause's are the words copied blocks read (the same, case-folded together or one by one;
            # not so "İ", whose folded form holds a combining dot that parts a word).
            found = (a, b)[s].clause_words[clause] if text.isascii() else WORD.findall(text.casefold())
            known = words[s][clause] = found[:_ORDER_WORDS]
        return known

    chosen: set[tuple[int, int]] = set()

    def order_of(i: int, j: int) -> float:
        """How far the pair keeps its words in the same order (0..1), worked out once a pair."""
        order = orders.get((i, j))
        if order is None:
            order = orders[i, j] = fuzz.ratio(order_words(0, i), order_words(1, j)) / 100
        return order

    def entry(score: float, i: int, j: int) -> _QueueEntry:
        ti, tj = texts[0][i], texts[1][j]
        # Who goes first decides who may take a contested partner: of two candidates with similar
        # bags, the one that also keeps the words in the same order ("hit at least 10 refineries
        # since" / "hitting at least nine refineries since") is the real counterpart, not a headline
        # that merely shares its names. Ties break on what does not change when a and b swap.
        order = order_of(i, j)
        first = 0 if (i, j) in chosen else 1
        return (first, -(score + ORDER_BONUS * order), i + j, abs(i - j), min(ti, tj), max(ti, tj), score, i, j)

    # The trimmed core of a pair of free runs: a candidate popped from the queue whose clauses lost
    # nothing since it was scored gets the very core it was scored with, not a second trim. Nor does
    # one whose long run lost only pieces that its core could not hold (same_start).
    cores: dict[tuple[Range, Range], _Core] = {}
    starts: dict[tuple[int, int], _Start] = {}

    # The free run of a clause changes only when a match takes some of its pieces: walking a long
    # clause for each of its many candidates was quadratic.
    free_runs = (_FreeRuns(a, used[0]), _FreeRuns(b, used[1]))

    def free_run(s: int, clause: int) -> Range | None:
        return free_runs[s].longest(clause)

    def core(i: int, j: int) -> Growing | None:
        """The candidate's clauses, less what earlier matches took and less unechoed edge pieces."""
        run_a, run_b = free_run(0, i), free_run(1, j)
        if run_a is None or run_b is None:
            return None
        known = cores.get((run_a, run_b))
        if known is None:
            earlier = starts.get((i, j))
            if earlier is not None and same_start(earlier[0], earlier[1], (run_a, run_b)):
                known = earlier[2]
        if known is not None:
            return Growing((a, b), (run_a, run_b), known)
        growing = Growing((a, b), (run_a, run_b))
        started = growing.started
        growing.trim(settings.trim_share)
        cores[run_a, run_b] = trimmed = (list(growing.spans), list(growing.bags), growing.score)
        if started != (run_a, run_b):  # narrowed: the runs may lose pieces and still start it alike
            starts[i, j] = ((run_a, run_b), started, trimmed)
        return growing

    found: list[Found] = []
    taken: tuple[set[int], set[int]] = (set(), set())
    for first_a, first_b, clauses in copied_blocks(a, b):
        # Each clause with its twin, a block at a time: a long copy is one block of thousands of
        # clauses (100,000 one-word lines: 0.3 s clause by clause).
        ranges_a = a.clause_range[first_a : first_a + clauses]
        ranges_b = b.clause_range[first_b : first_b + clauses]
        for s, ranges in enumerate((ranges_a, ranges_b)):
            for lo, hi in ranges:
                used[s][lo:hi] = [True] * (hi - lo)
        bags_a = clause_bags_of(a)[first_a : first_a + clauses]
        bags_b = clause_bags_of(b)[first_b : first_b + clauses]
        found += map(Found, map(dice, bags_a, bags_b), ranges_a, ranges_b)
        taken[0].update(range(first_a, first_a + clauses))
        taken[1].update(range(first_b, first_b + clauses))
    cancel()

    candidates = candidate_pairs(a, b, settings, taken)
    for s, side in enumerate((a, b)):
        texts[s].update(_clause_texts(side, {pair[s] for pair in candidates}))

    def scored(lo: int, hi: int, report: bool) -> list[float | None]:
        """The scores of the cores of candidates lo..hi (None where a clause has no free run)."""
        scores: list[float | None] = []
        for number in range(lo, hi):
            if number % 512 == 511:
                cancel()
                if report:
                    done(0.5 * (number - lo) / (hi - lo))
            growing = core(*candidates[number])
            scores.append(None if growing is None else growing.score)
        return scores

    def scored_and_ordered(lo: int, hi: int, report: bool) -> list[float | None]:
        """scored(lo, hi), and the order of each seed among them, which its place in the queue reads:
        worked out by the process that scores it (0.05 s of the 33,000 seeds of 100,000 words of
        shifted sentence ends, each half's in its own process)."""
        scores = scored(lo, hi, report)
        for (i, j), score in zip(candidates[lo:hi], scores, strict=True):
            if _seed(score, settings):
                order_of(i, j)
        return scores

    def scored_with_cores(
        lo: int, hi: int
    ) -> tuple[
        list[float | None],
        dict[tuple[Range, Range], _Core],
        dict[tuple[int, int], _Start],
        dict[tuple[int, int], float],
    ]:
        """Also the cores of the seeds among them, what they started from, and their orders, which the
        queue below takes up again. A core that trimming left as it started goes without its bags,
        which its spans give again: for the 15,000 seeds of 100,000 words of shifted sentence ends
        the bags were 1.7 of the 3.2 MB pickled, and 0.035 of the 0.076 s spent pickling and
        unpickling the answer. A core that trimming changed is not sent at all: its bags are not its
        spans' own, and the queue asks again for few such cores, each trimmed anew when it does (the
        long pair's copy sent 5,775, 1.8 of its 2.1 MB and 0.015 s of unpickling in this process,
        for the 287 the queue asked for again)."""
        scores = scored_and_ordered(lo, hi, report=False)
        kept: dict[tuple[Range, Range], _Core] = {}
        kept_starts: dict[tuple[int, int], _Start] = {}
        for (i, j), score in zip(candidates[lo:hi], scores, strict=True):
            if not _seed(score, settings):
                continue
            run_a, run_b = free_run(0, i), free_run(1, j)
            if run_a is None or run_b is None:
                continue  # never so: a scored candidate has both
            trimmed = cores[run_a, run_b]
            earlier = starts.get((i, j))  # narrowed when scored
            started = (run_a, run_b) if earlier is None else earlier[1]
            if trimmed[0] != list(started):
                continue
            sent = (trimmed[0], None, trimmed[2])
            kept[run_a, run_b] = sent
            if earlier is not None:
                kept_starts[i, j] = (earlier[0], earlier[1], sent)
        return scores, kept, kept_starts, orders  # the copy's orders are those of its seeds

    if len(candidates) >= _SPLIT_CANDIDATES and worth_splitting(a.text, b.text) and can_fork():
        # Every candidate is scored against the same free runs (only copied blocks are taken yet), so
        # the scores split across two processes; the second half's seeds bring their cores back.
        half = round(len(candidates) * HERE_SHARE)
        first, (rest, their_cores, their_starts, their_orders) = in_two(
            lambda: scored_and_ordered(0, half, True), lambda: scored_with_cores(half, len(candidates)), cancel
        )
        cores.update(their_cores)
        starts.update(their_starts)
        orders.update(their_orders)
        scores = first + rest
    else:
        scores = scored(0, len(candidates), True)
    seeds = {pair: score for pair, score in zip(candidates, scores, strict=True) if _seed(score, settings)}
    # Squared, so that one strong pair outweighs two weak ones: the total must not buy chance pairs. The
    # rank is the entry's (see `entry`), whose first part says whether the pair is among those chosen.
    ranks = {(i, j): -(score + ORDER_BONUS * order_of(i, j)) for (i, j), score in seeds.items()}
    chosen.update(best_total({pair: rank**2 for pair, rank in ranks.items()}))
    # The seeds sorted once, least last, and those re-scored on the way (1,148 of the long pair's
    # 27,561) in a heap beside them: popping each seed from one heap of all took 0.03 s of the long
    # pair (growing the match before had pushed the heap's entries out of the caches), sorting them
    # takes 0.01 s and popping from the end next to nothing.
    queue = sorted((entry(score, *pair) for pair, score in seeds.items()), reverse=True)
    rescored: list[_QueueEntry] = []
    # The pieces of each clause no match has taken: a seed one of whose clauses is used up is passed
    # over without asking for its free runs, as most are (23,600 of the long pair's 28,700).
    free_pieces = tuple([hi - lo for lo, hi in side.clause_range] for side in (a, b))
    for paired, free in zip(taken, free_pieces, strict=True):
        for clause in paired:
            free[clause] = 0
    popped = 0
    while queue or rescored:
        popped += 1
        if popped % 512 == 0:
            cancel()
            done(0.5 + 0.5 * min(1.0, popped / (len(seeds) or 1)))
        item = heapq.heappop(rescored) if rescored and (not queue or rescored[0] < queue[-1]) else queue.pop()
        score, i, j = item[-3], item[-2], item[-1]
        if not free_pieces[0][i] or not free_pieces[1][j]:
            continue
        growing = core(i, j)
        if growing is None:
            continue
        current = growing.score
        if current < score - 1e-9:
            if current >= settings.seed_score:
                heapq.heappush(rescored, entry(current, i, j))
            continue
        if growing.grow(used, settings.min_gain):
            growing.trim(settings.trim_share)  # the core was trimmed already: only what grew is new
        final = growing.score
        if final < settings.min_score or not growing.enough_shared(settings.min_shared_terms):
            continue
        for s in (0, 1):
            lo, hi = growing.spans[s]
            pieces, free = (a, b)[s].pieces, free_pieces[s]
            for k in range(lo, hi):
                if not used[s][k]:
                    used[s][k] = True
                    free[pieces[k].clause] -= 1
            free_runs[s].take(lo, hi)
        found.append(Found(final, growing.spans[0], growing.spans[1]))
    return found
