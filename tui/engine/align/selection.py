"""Choosing one consistent set of matches: strongest candidate first, each grown over neighbouring
clauses while that raises its score, then trimmed of edge pieces the other side does not echo."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from typing import TypeGuard

from rapidfuzz import fuzz

from ..text.words import WORD
from .cancel import CancelCheck, never
from .copies import Block, copied_blocks
from .forked import HERE_SHARE, can_fork, in_two, worth_splitting
from .matching import Bag, Found, Side, _add, _clause_bags, candidate_pairs, dice
from .settings import MatchSettings

Range = tuple[int, int]
_SPLIT_CANDIDATES = 2_000
"""Candidates enough to score in two processes (the long pair has 27,700)."""
_Core = tuple[list[Range], list[Bag]]
"""A candidate's trimmed spans and their bags (see select_matches' `core`)."""
# How much keeping the words in order counts when candidates are ranked (their bags' score is 0..1).
ORDER_BONUS = 0.15
# A run longer than this many pieces has its unechoed edges dropped at once before it is trimmed (no
# real clause comes near: the longest in the reference pairs and the long pair has 13 pieces).
_LONG_RUN = 64
# Words of a clause its order ratio reads (ranking candidates).
_ORDER_WORDS = 400
# A match stops growing at this many pieces on either side (the longest real one has 12).
_MAX_GROWN = 64
# A swap in the best-total choice needs both new pairs at least this share of the pair they replace.
SWAP_SHARE = 0.75
# (score, -length, added text, leftwards) ranks a way to grow a match; then what it adds to each side
# (pieces and their bag, or None).
_Option = tuple[tuple[float, int, str, bool], list[tuple[Range | None, "Bag"]]]
# Whether the pair is in the best one-to-one choice (those go first), its rank, tie-breakers that do
# not change when a and b swap, the raw score, then the clause pair.
_QueueEntry = tuple[int, float, int, int, str, str, float, int, int]


def _bag(side: Side, span: Range) -> Bag:
    clause = side.pieces[span[0]].clause
    if side.clause_range[clause] == span:
        return _clause_bags(side)[clause]
    return _add(*side.bags[span[0] : span[1]])


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
        if clause not in self.runs:
            self._walk(clause)
        runs, heap = self.runs[clause], self.heaps[clause]
        while heap and runs.get(heap[0][1]) != heap[0][2]:
            heapq.heappop(heap)  # a stretch a match has since cut
        return (heap[0][1], heap[0][2]) if heap else None

    def take(self, lo: int, hi: int) -> None:
        """Pieces lo..hi are used now (the caller has marked them)."""
        pieces = self.side.pieces
        for clause in range(pieces[lo].clause, pieces[hi - 1].clause + 1):
            runs = self.runs.get(clause)
            if runs is None:
                continue  # not walked yet: walked from `used` when first asked
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


def _neighbour(side: Side, span: Range, used: list[bool], leftwards: bool) -> Range | None:
    """The free pieces next to `span`, up to the edge of the clause they belong to."""
    k = span[0] - 1 if leftwards else span[1]
    if k < 0 or k >= len(side.pieces) or used[k]:
        return None
    clause = side.pieces[k].clause
    lo = hi = k
    step = -1 if leftwards else 1
    # Walked at most one piece past _LONG_RUN: a longer block is offered a piece at a time (grow).
    for _ in range(_LONG_RUN):
        if not (0 <= lo + step < len(side.pieces) and not used[lo + step] and side.pieces[lo + step].clause == clause):
            break
        lo += step
    lo, hi = min(lo, hi), max(lo, hi)
    return lo, hi + 1


def _share(piece: Bag, weight: float, other: Bag) -> float:
    """How much of a piece's weight (`weight`, the sum of its bag) the other side of its match also
    carries."""
    if weight <= 0:
        return 0.0
    return sum([w if w < other[t] else other[t] for t, w in piece.items() if t in other]) / weight


class _Sums:
    """A match's two bags summed as `dice` sums them, to score it with a few more pieces added from
    what those pieces change alone."""

    def __init__(self, bags: list[Bag]) -> None:
        self.x, self.y = bags
        self.total = sum(self.x.values()) + sum(self.y.values())
        small, large = (self.x, self.y) if len(self.x) <= len(self.y) else (self.y, self.x)
        self.shared = sum([w if w < large[t] else large[t] for t, w in small.items() if t in large])

    def with_added(self, to_x: Bag, to_y: Bag) -> float:
        """`dice` of the two bags with `to_x` added to the first and `to_y` to the second."""
        x, y = self.x, self.y
        gained = 0.0
        # In the order of the pieces' own terms: the sum, and so the score, is the same every run.
        for term in [*to_x, *(t for t in to_y if t not in to_x)] if to_x and to_y else to_x or to_y:
            old_x, old_y = x.get(term, 0.0), y.get(term, 0.0)
            new_x, new_y = old_x + to_x.get(term, 0.0), old_y + to_y.get(term, 0.0)
            gained += (new_x if new_x < new_y else new_y) - (old_x if old_x < old_y else old_y)
        total = self.total + sum(to_x.values()) + sum(to_y.values())
        if total <= 0:
            return 0.0
        return round(2 * (self.shared + gained) / total, 12)


def _take(bag: Bag, piece: Bag) -> None:
    """Take a piece's weights out of a bag that holds them, in place."""
    for term, weight in piece.items():
        left = bag[term] - weight
        if left > 1e-9:
            bag[term] = left
        else:
            del bag[term]


def _echoed(side: Side, span: Range, other: Bag) -> Range | None:
    """The pieces of `span` from the first to the last that shares a term with `other`, found
    through the side's term index rather than by walking the pieces; None if none does."""
    lo, hi = span
    index = side.pieces_with
    first, last = hi, lo - 1
    for term in other:
        places = index.get(term)
        if not places:
            continue
        at = bisect_left(places, lo)
        if at < len(places) and places[at] < hi:
            first = min(first, places[at])
            last = max(last, places[bisect_left(places, hi) - 1])
    return (first, last + 1) if first <= last else None


class _Growing:
    """One match under construction: piece ranges and term bags on both sides."""

    def __init__(
        self, sides: tuple[Side, Side], spans: tuple[Range, Range], trimmed: tuple[list[Range], list[Bag]] | None = None
    ) -> None:
        """`trimmed`: the spans and bags these spans were trimmed to before (bags are never changed
        in place, so they are shared, not copied)."""
        self.sides = sides
        if trimmed is not None:
            self.spans, self.bags = list(trimmed[0]), list(trimmed[1])
            return
        self.spans = list(spans)
        lengths = [hi - lo for lo, hi in spans]
        for s in (0, 1):
            if lengths[s] > _LONG_RUN >= lengths[1 - s]:
                # Narrowed to what the short side echoes before its bag is summed: trim would drop the
                # rest first thing (see _drop_unechoed_edges), and summing thousands of pieces per
                # candidate was quadratic.
                self.spans[s] = _echoed(sides[s], spans[s], _bag(sides[1 - s], spans[1 - s])) or spans[s]
        self.bags = [_bag(sides[0], self.spans[0]), _bag(sides[1], self.spans[1])]

    @property
    def score(self) -> float:
        return dice(self.bags[0], self.bags[1])

    def enough_shared(self, wanted: int) -> bool:
        """At least `wanted` distinct terms in common, or all the terms of the smaller side: "China."
        is its own match though it has one word."""
        smaller = min(len(self.bags[0]), len(self.bags[1]))
        return len(self.bags[0].keys() & self.bags[1].keys()) >= min(wanted, smaller)

    def grow(self, used: tuple[list[bool], list[bool]], min_gain: float) -> None:
        score = self.score
        # Each step weighs the whole match again: a match growing over a whole text (two accounts
        # whose sentence ends never agree) was quadratic, 27 s at 25,000 words. Past _MAX_GROWN
        # pieces a side it stops, and what lies beyond is paired by the next candidates.
        while max(hi - lo for lo, hi in self.spans) < _MAX_GROWN:
            # The match's own sums, once a step; each way to grow is then scored by what its pieces
            # change, not by summing both bags again (six options a step, each over the whole match:
            # 25,000 words of shifted sentence ends spent a third of their time in dice).
            now = _Sums(self.bags)
            options = []
            for leftwards in (True, False):
                steps: list[list[Range]] = []
                for s in (0, 1):
                    block = _neighbour(self.sides[s], self.spans[s], used[s], leftwards)
                    if block is None:
                        steps.append([])
                        continue
                    piece = (block[1] - 1, block[1]) if leftwards else (block[0], block[0] + 1)
                    # The rest of a long clause in one step would be a bag of thousands of pieces
                    # summed for every step of the growth (25,000 words of shifted sentences: 25 s).
                    whole = block != piece and block[1] - block[0] <= _LONG_RUN
                    steps.append([piece] + ([block] if whole else []))
                choices: list[tuple[int, Range, Range | None]] = [(s, step, None) for s in (0, 1) for step in steps[s]]
                # Both sides at once: "ensuring openness, security" and "ensure openness, safety"
                # each lower the score alone but raise it together.
                choices += [(0, pa, pb) for pa in steps[0][:1] for pb in steps[1][:1]]
                for s, extra, extra_b in choices:
                    options.append(self._option(now, s, extra, extra_b, leftwards))
            if not options:
                return
            key, added = max(options, key=lambda o: o[0])
            if key[0] <= score + min_gain:
                return
            for side, (step, bag) in enumerate(added):
                if step is not None:
                    lo, hi = self.spans[side]
                    self.spans[side] = (min(lo, step[0]), max(hi, step[1]))
                    self.bags[side] = _add(self.bags[side], bag)
            score = key[0]

    def _option(self, now: _Sums, s: int, extra: Range, extra_b: Range | None, leftwards: bool) -> _Option:
        steps: list[tuple[Range | None, Bag]] = [(None, {}), (None, {})]
        added = []
        for side, step in ((s, extra), (1, extra_b)):
            if step is None:
                continue
            steps[side] = (step, _bag(self.sides[side], step))
            pieces = self.sides[side].pieces
            added.append(self.sides[side].text[pieces[step[0]].start : pieces[step[1] - 1].end])
        # Ties go by the added text, never by side, so (a, b) and (b, a) grow alike.
        text = "\n".join(sorted(added))
        return (now.with_added(steps[0][1], steps[1][1]), -len(text), text, leftwards), steps

    def trim(self, min_share: float) -> None:
        """Drop edge pieces the other side echoes least, while one echoes less than `min_share`. The
        least echoed goes first; a tie goes by the piece's text, then the leading edge first."""
        owned = [False, False]
        for s in (0, 1):
            if self.spans[s][1] - self.spans[s][0] > _LONG_RUN:
                owned[s] = self._drop_unechoed_edges(s)
        while True:
            edges = []
            for s in (0, 1):
                lo, hi = self.spans[s]
                if hi - lo < 2:
                    continue
                side, other = self.sides[s], self.bags[1 - s]
                weights = side.weights
                for k in (lo, hi - 1):
                    edges.append((_share(side.bags[k], weights[k], other), s, k))
            if not edges:
                return
            least = min(share for share, _, _ in edges)
            if least >= min_share:
                return
            tied = [edge for edge in edges if edge[0] == least]
            # Texts are read only for a tie: most trims have none.
            _, s, k = tied[0] if len(tied) == 1 else min(tied, key=self._tie_key)
            lo, hi = self.spans[s]
            self.spans[s] = (lo + 1, hi) if k == lo else (lo, hi - 1)
            # Bags may be shared (kept cores), so each side's is copied once a trim, then taken from in
            # place: copying it for every piece dropped made trimming a long clause quadratic, and the
            # many short clauses that pair with one long clause each trimmed it (32 s at 5,000 words).
            if not owned[s]:
                self.bags[s], owned[s] = dict(self.bags[s]), True
            _take(self.bags[s], self.sides[s].bags[k])

    def _drop_unechoed_edges(self, s: int) -> bool:
        """Drop at once the edge pieces of side s that share no term with the other side, as trim
        would one by one: an edge sharing nothing is always the least echoed, dropping it changes no
        other piece's share (its terms are in no piece of the other side), so which goes first does
        not matter. Many short clauses pairing with one long one each trimmed all of it (a run-on
        sentence of 3,000 pieces split into 3,000 sentences by the other account: 96 s). Only when
        some piece is echoed (else trim's ties decide which one is kept); True when the bag was
        replaced by a new one."""
        echoed = _echoed(self.sides[s], self.spans[s], self.bags[1 - s])
        if echoed is None or echoed == self.spans[s]:
            return False
        self.spans[s] = echoed
        self.bags[s] = _bag(self.sides[s], echoed)
        return True

    def _tie_key(self, edge: tuple[float, int, int]) -> tuple[str, bool]:
        _, s, k = edge
        piece = self.sides[s].pieces[k]
        return self.sides[s].text[piece.start : piece.end], k == self.spans[s][0]


def best_total(scores: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """A one-to-one choice of clause pairs with the best total score, not the strongest pair first: a
    lead that shares a few names with a sentence must not take it from its real counterpart when the
    lead has a partner of its own. Greedy, then improved by swaps along every path of three pairs
    (give b's clause to a free clause of a, move its old owner to a free clause of b) while the total
    grows; each swap raises the total, so it ends."""
    by_row: dict[int, list[tuple[float, int]]] = {}
    for (i, j), score in scores.items():
        by_row.setdefault(i, []).append((score, j))
    owner: dict[int, int] = {}  # clause of b -> clause of a
    partner: dict[int, int] = {}  # clause of a -> clause of b
    for (i, j), _ in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if i not in partner and j not in owner:
            partner[i], owner[j] = j, i
    improved = True
    rounds = 0
    while improved and rounds < 20:
        improved, rounds = False, rounds + 1
        for x in sorted(by_row):
            if x in partner:
                continue
            best: tuple[float, int, int | None] | None = None
            for score_xy, y in by_row[x]:
                z = owner.get(y)
                if z is None:
                    gain, w = score_xy, None
                else:
                    # Only a near-equal rival may take a pair, and only when the old owner has a
                    # near-equal partner of its own to move to: otherwise the total buys weak pairs.
                    options = [(s, w) for s, w in by_row[z] if w not in owner]
                    if not options or score_xy < SWAP_SHARE * scores[z, y]:
                        continue
                    s_zw, w = max(options)
                    if s_zw < SWAP_SHARE * scores[z, y]:
                        continue
                    gain = score_xy + s_zw - scores[z, y]
                if gain > 1e-9 and (best is None or gain > best[0]):
                    best = (gain, y, w)
            if best is None:
                continue
            _, y, w = best
            z = owner.get(y)
            if z is not None:
                del partner[z]
                if w is not None:
                    partner[z], owner[w] = w, z
            partner[x], owner[y] = y, x
            improved = True
    return set(partner.items())


def _seed(score: float | None, settings: MatchSettings) -> TypeGuard[float]:
    return score is not None and score >= settings.seed_score


def _unheard(fraction: float) -> None:
    """Progress nobody listens to."""


def _block_pairs(block: Block) -> zip[tuple[int, int]]:
    first_a, first_b, clauses = block
    return zip(range(first_a, first_a + clauses), range(first_b, first_b + clauses), strict=True)


def select_matches(
    a: Side, b: Side, settings: MatchSettings, cancel: CancelCheck = never, done: Callable[[float], None] = _unheard
) -> list[Found]:
    """Copied blocks first (copies.py), each clause with its twin; then the rest greedily, strongest
    first, with lazy re-scoring: a candidate whose clauses lost pieces to an earlier match goes back
    into the queue with its new score."""
    used = ([False] * len(a.pieces), [False] * len(b.pieces))

    # A clause's text and words, and a pair's order ratio, do not change while matches are chosen:
    # each pair gets an entry at least twice (ranking, queue) and again at every re-scoring, and the
    # words were 1.4 s of findall over 161,000 calls on a 100k-word pair. Computed once each here.
    texts: tuple[dict[int, tuple[str, list[str]]], dict[int, tuple[str, list[str]]]] = ({}, {})
    orders: dict[tuple[int, int], float] = {}

    def clause_text(s: int, clause: int) -> tuple[str, list[str]]:
        known = texts[s].get(clause)
        if known is None:
            side = (a, b)[s]
            lo, hi = side.clause_range[clause]
            text = side.text[side.pieces[lo].start : side.pieces[hi - 1].end]
            # The order ratio reads a clause's first _ORDER_WORDS words: it ranks real clauses (the
            # longest has 106 words) and was O(words) per candidate of a clause of thousands.
            known = texts[s][clause] = (text, WORD.findall(text.casefold())[:_ORDER_WORDS])
        return known

    chosen: set[tuple[int, int]] = set()

    def entry(score: float, i: int, j: int) -> _QueueEntry:
        (ti, words_i), (tj, words_j) = clause_text(0, i), clause_text(1, j)
        # Who goes first decides who may take a contested partner: of two candidates with similar
        # bags, the one that also keeps the words in the same order ("hit at least 10 refineries
        # since" / "hitting at least nine refineries since") is the real counterpart, not a headline
        # that merely shares its names. Ties break on what does not change when a and b swap.
        order = orders.get((i, j))
        if order is None:
            order = orders[i, j] = fuzz.ratio(words_i, words_j) / 100
        first = 0 if (i, j) in chosen else 1
        return (first, -(score + ORDER_BONUS * order), i + j, abs(i - j), min(ti, tj), max(ti, tj), score, i, j)

    # The trimmed core of a pair of free runs: a candidate popped from the queue whose clauses lost
    # nothing since it was scored gets the very core it was scored with, not a second trim.
    cores: dict[tuple[Range, Range], _Core] = {}

    # The free run of a clause changes only when a match takes some of its pieces: walking a long
    # clause for each of its many candidates was quadratic.
    free_runs = (_FreeRuns(a, used[0]), _FreeRuns(b, used[1]))

    def free_run(s: int, clause: int) -> Range | None:
        return free_runs[s].longest(clause)

    def core(i: int, j: int) -> _Growing | None:
        """The candidate's clauses, less what earlier matches took and less unechoed edge pieces."""
        run_a, run_b = free_run(0, i), free_run(1, j)
        if run_a is None or run_b is None:
            return None
        known = cores.get((run_a, run_b))
        if known is not None:
            return _Growing((a, b), (run_a, run_b), known)
        growing = _Growing((a, b), (run_a, run_b))
        growing.trim(settings.trim_share)
        cores[run_a, run_b] = (list(growing.spans), list(growing.bags))
        return growing

    found: list[Found] = []
    taken: tuple[set[int], set[int]] = (set(), set())
    for block in copied_blocks(a, b):
        for i, j in _block_pairs(block):
            (lo_a, hi_a), (lo_b, hi_b) = a.clause_range[i], b.clause_range[j]
            used[0][lo_a:hi_a] = [True] * (hi_a - lo_a)
            used[1][lo_b:hi_b] = [True] * (hi_b - lo_b)
            found.append(Found(dice(_clause_bags(a)[i], _clause_bags(b)[j]), (lo_a, hi_a), (lo_b, hi_b)))
            taken[0].add(i)
            taken[1].add(j)
    cancel()

    candidates = candidate_pairs(a, b, settings, taken)

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

    def scored_with_cores(lo: int, hi: int) -> tuple[list[float | None], dict[tuple[Range, Range], _Core]]:
        """Also the cores of the seeds among them, which the queue below takes up again."""
        scores = scored(lo, hi, report=False)
        kept = {}
        for (i, j), score in zip(candidates[lo:hi], scores, strict=True):
            if not _seed(score, settings):
                continue
            run_a, run_b = free_run(0, i), free_run(1, j)
            if run_a is not None and run_b is not None:  # a scored candidate has both
                kept[run_a, run_b] = cores[run_a, run_b]
        return scores, kept

    if len(candidates) >= _SPLIT_CANDIDATES and worth_splitting(a.text, b.text) and can_fork():
        # Every candidate is scored against the same free runs (only copied blocks are taken yet), so
        # the scores split across two processes; the second half's seeds bring their cores back.
        half = round(len(candidates) * HERE_SHARE)
        first, (rest, their_cores) = in_two(
            lambda: scored(0, half, True), lambda: scored_with_cores(half, len(candidates))
        )
        cores.update(their_cores)
        scores = first + rest
    else:
        scores = scored(0, len(candidates), True)
    seeds = {pair: score for pair, score in zip(candidates, scores, strict=True) if _seed(score, settings)}
    entries = {pair: entry(score, *pair) for pair, score in seeds.items()}
    # Squared, so that one strong pair outweighs two weak ones: the total must not buy chance pairs.
    chosen.update(best_total({pair: rank[1] ** 2 for pair, rank in entries.items()}))
    # The chosen go first: made before the choice, their entries say otherwise only in that.
    queue = [(0, *rank[1:]) if pair in chosen else rank for pair, rank in entries.items()]
    heapq.heapify(queue)
    popped = 0
    while queue:
        popped += 1
        if popped % 512 == 0:
            cancel()
            done(0.5 + 0.5 * min(1.0, popped / (len(seeds) or 1)))
        item = heapq.heappop(queue)
        score, i, j = item[-3], item[-2], item[-1]
        growing = core(i, j)
        if growing is None:
            continue
        current = growing.score
        if current < score - 1e-9:
            if current >= settings.seed_score:
                heapq.heappush(queue, entry(current, i, j))
            continue
        growing.grow(used, settings.min_gain)
        growing.trim(settings.trim_share)
        final = growing.score
        if final < settings.min_score or not growing.enough_shared(settings.min_shared_terms):
            continue
        for s in (0, 1):
            lo, hi = growing.spans[s]
            for k in range(lo, hi):
                used[s][k] = True
            free_runs[s].take(lo, hi)
        found.append(Found(final, growing.spans[0], growing.spans[1]))
    return found
