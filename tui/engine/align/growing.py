"""One match as it is built: a candidate's clause pair trimmed of edge pieces the other side does not
echo, then grown over neighbouring free pieces while that raises its score, and trimmed again."""

from __future__ import annotations

import re
from bisect import bisect_left

from .bag_sums import Sums, put, share, take, unrounded_dice
from .matching import Bag, Side, add_bags, clause_bags_of, dice

Range = tuple[int, int]
# A run longer than this many pieces has its unechoed edges dropped at once before it is trimmed (no
# real clause comes near: the longest in the reference pairs and the long pair has 13 pieces).
_LONG_RUN = 64
# A match stops growing at this many pieces on either side (the longest real one has 12).
_MAX_GROWN = 64
# A way to grow a match: its score (not yet rounded), what it adds to each side (pieces and their bag,
# or None), whether it grows leftwards, and the total and shared weight of the match it makes.
_Option = tuple[float, list[tuple[Range | None, "Bag"]], bool, tuple[float, float]]


def _bag(side: Side, span: Range) -> Bag:
    clause = side.pieces[span[0]].clause
    if side.clause_range[clause] == span:
        return clause_bags_of(side)[clause]
    return add_bags(*side.bags[span[0] : span[1]])


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


def _echoed(side: Side, span: Range, other: Bag) -> Range | None:
    """The pieces of `span` from the first to the last that shares a term with `other`; None if none
    does. Looked for from each end of the span while that costs less than looking up each of
    `other`'s terms in the side's term index: a short passage against a long clause asks the index
    (its few terms), two long clauses walk in from their ends (a bag of 100,000 terms, echoed at once)."""
    lo, hi = span
    bags, theirs = side.bags, other.keys()
    walk = min(hi - lo, len(other) // 8 + 1)
    # Both views: isdisjoint then walks the shorter, the piece's terms.
    first = next((k for k in range(lo, lo + walk) if not bags[k].keys().isdisjoint(theirs)), None)
    if first is not None:
        reach = max(first, hi - walk)
        last = next((k for k in range(hi - 1, reach - 1, -1) if not bags[k].keys().isdisjoint(theirs)), None)
        if last is not None:
            return first, last + 1
    elif walk == hi - lo:
        return None  # every piece was asked
    return _echoed_by_index(side, span, other)


def _echoed_by_index(side: Side, span: Range, other: Bag) -> Range | None:
    """_echoed through the side's term index rather than by walking the pieces."""
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


def same_start(before: tuple[Range, Range], started: tuple[Range, Range], runs: tuple[Range, Range]) -> bool:
    """Whether a Growing made from `runs` starts (is trimmed) from `started`, as one made from `before`
    did. Where one side was narrowed to what the other echoes (a long run against a short one), it
    does while the short side's run is the same and the long one has lost only pieces outside what it
    was narrowed to: the first and last pieces that echo the short side are still its first and last.
    A run-on sentence of 12,500 comma pieces paired with as many sentences narrowed the shrinking run
    again for each of them."""
    for s in (0, 1):
        if started[s] != before[s]:  # side s was narrowed (only one side can be)
            other = 1 - s
            return (
                runs[other] == before[other]
                and runs[s][1] - runs[s][0] > _LONG_RUN
                and before[s][0] <= runs[s][0] <= started[s][0]
                and started[s][1] <= runs[s][1] <= before[s][1]
            )
    return runs == before


_YEAR = re.compile(r"#(?:19|20)\d\d")
REPORTING_TERMS = frozenset({"say", "said", "tell", "told", "add"})
"""The terms (stems) of the verbs that report speech in most sentences of news: say, says, said, saying,
tell, tells, told, added."""


def telling_figure(term: str) -> bool:
    """Whether a term is a figure two accounts are unlikely to share by chance: a number, amount or
    share of two digits or more ("#83", "#4.6", "#$5000000", "#12%"), not a year ("#2023"), a date,
    an ordinal or a small count ("#2")."""
    return (
        term.startswith("#")
        and not term.startswith(("#date:", "#ord:"))
        and sum(c.isdigit() for c in term) >= 2
        and not _YEAR.fullmatch(term)
    )


class Growing:
    """One match under construction: piece ranges and term bags on both sides."""

    def __init__(
        self,
        sides: tuple[Side, Side],
        spans: tuple[Range, Range],
        trimmed: tuple[list[Range], list[Bag] | None, float] | None = None,
    ) -> None:
        """`trimmed`: the spans, bags and score these spans were trimmed to before (bags are never
        changed in place, so they are shared, not copied). Bags None: the spans' own, as they are
        made here, for a core that trimming left as it started (see selection's `scored_with_cores`)."""
        self.sides = sides
        if trimmed is not None:
            self.spans = list(trimmed[0])
            bags = trimmed[1]
            self.bags = [_bag(sides[0], self.spans[0]), _bag(sides[1], self.spans[1])] if bags is None else list(bags)
            self._score: float | None = trimmed[2]
            return
        self._score = None
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
    def started(self) -> tuple[Range, Range]:
        """The spans as they are now: before `trim`, what it starts from (see same_start)."""
        return self.spans[0], self.spans[1]

    @property
    def score(self) -> float:
        """`dice` of the two bags, worked out once for each change of them: a match taken from the
        queue as it was scored is weighed three times (has it lost pieces, before and after growing),
        on a run-on sentence's 12,500 twins 0.05 s of dice."""
        if self._score is None:
            self._score = dice(self.bags[0], self.bags[1])
        return self._score

    def enough_shared(self, wanted: int) -> bool:
        """At least `wanted` distinct terms in common, or all the terms of the smaller side: "China."
        is its own match though it has one word. A telling figure counts twice: "AFAD recorded 83
        aftershocks" and "There have been 83 aftershocks so far" share two terms, one of them 83."""
        smaller = min(len(self.bags[0]), len(self.bags[1]))
        shared = self.bags[0].keys() & self.bags[1].keys()
        # "said" is in every other sentence of news: sharing it is chance ("Malatya's governor said a
        # mother ..." and "The Malatya governor's office said 300 soldiers ...").
        said = len(shared & REPORTING_TERMS) if len(shared) < smaller else 0
        return len(shared) - said + sum(map(telling_figure, shared)) >= min(wanted, smaller)

    def grow(self, used: tuple[list[bool], list[bool]], min_gain: float) -> bool:
        """Add neighbouring free pieces while that raises the score by more than `min_gain`; whether
        any were added."""
        score = self.score
        if score + min_gain >= 1.0:
            # No way to grow can beat it (dice is at most 1): a clause and its twin, of which a run-on
            # sentence split into 12,500 sentences has as many, weighed six ways each for nothing.
            return False
        grew = False
        # The match's own sums, kept from step to step; each way to grow is scored by what its pieces
        # change, not by summing both bags again (six options a step, each over the whole match:
        # 25,000 words of shifted sentence ends spent a third of their time in dice, and then a tenth
        # summing the match again at each step).
        now = Sums(self.bags)
        # The free pieces next to each end of each side, by (leftwards, side): looked for again only at
        # the ends the last step moved (four walks a step were a tenth of growing).
        blocks: dict[tuple[bool, int], Range | None] = {}
        # Each side's bag is copied at its first step (it may be a clause's, or a kept core's), then
        # added to in place: copying the whole match at every step was another tenth.
        owned = [False, False]
        # Each way to grow is weighed afresh at each step: a step of shifted sentence ends grows both
        # sides, and hardly another way (5 in 49,224) adds the same pieces as a way of the step before.
        # Each step weighs the whole match again: a match growing over a whole text (two accounts
        # whose sentence ends never agree) was quadratic, 27 s at 25,000 words. Past _MAX_GROWN
        # pieces a side it stops, and what lies beyond is paired by the next candidates.
        # The sides' lengths compared one by one, and the best way to grow (below) taken from a list:
        # a generator for each, made at every one of the 16,400 steps of growing 100,000 words of
        # shifted sentence ends, cost more than the comparisons (see _option for the time saved).
        spans = self.spans
        while spans[0][1] - spans[0][0] < _MAX_GROWN and spans[1][1] - spans[1][0] < _MAX_GROWN:
            options: list[_Option] = []
            for leftwards in (True, False):
                steps: list[list[Range]] = []
                for s in (0, 1):
                    if (leftwards, s) not in blocks:
                        blocks[leftwards, s] = _neighbour(self.sides[s], self.spans[s], used[s], leftwards)
                    block = blocks[leftwards, s]
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
                    value, added, after = self._option(now, s, extra, extra_b)
                    options.append((value, added, leftwards, after))
            if not options:
                return grew
            # Scores are compared as dice rounds them, but only those that may round to the best are
            # rounded (rounding every way to 12 places was a twelfth of growing): rounding keeps their
            # order, so the best score rounded is the best of the rounded scores, and a score that
            # rounds to it as well is within 1e-12 of the best.
            top = max([option[0] for option in options])
            best = round(top, 12)
            if best <= score + min_gain:
                return grew
            tied = [o for o in options if o[0] == top or (o[0] > top - 1e-9 and round(o[0], 12) == best)]
            # Ties go by the added text, never by side, so (a, b) and (b, a) grow alike; the text is
            # read only for a tie (read for every way to grow, with each piece's bag copied, growing
            # 100,000 words of shifted sentence ends took 0.35 s, now 0.29 s).
            _, added, leftwards, after = tied[0] if len(tied) == 1 else max(tied, key=self._tie_break)
            for side, (step, bag) in enumerate(added):
                if step is not None:
                    lo, hi = self.spans[side]
                    self.spans[side] = (min(lo, step[0]), max(hi, step[1]))
                    if owned[side]:
                        put(self.bags[side], bag)
                    else:
                        self.bags[side], owned[side] = add_bags(self.bags[side], bag), True
                    del blocks[leftwards, side]
            self._score = None  # `best` is the same score summed another way: dice's own is its score
            now = now.grown(after, self.bags)
            score = best
            grew = True
        return grew

    def _option(
        self, now: Sums, s: int, extra: Range, extra_b: Range | None
    ) -> tuple[float, list[tuple[Range | None, Bag]], tuple[float, float]]:
        """The score of the match with `extra` added to side s (and `extra_b` to b), what each adds,
        and the total and shared weight it would have."""
        steps: list[tuple[Range | None, Bag]] = [(None, {}), (None, {})]
        # What each side adds to the total weight: a piece's is kept (Side.weights, the sum of its
        # bag), not summed again for each of the 49,224 ways to grow 100,000 words of shifted
        # sentence ends (this and grow's generators: 0.217 s of growing them, 0.206 s without).
        # Nothing added is 0, as the sum of an empty bag is.
        weights: list[float] = [0, 0]
        for side, step in ((s, extra), (1, extra_b)):
            if step is not None:
                # One piece's own bag, not a copy: a step's bag is read, never changed.
                if step[1] - step[0] == 1:
                    bag, weights[side] = self.sides[side].bags[step[0]], self.sides[side].weights[step[0]]
                else:
                    bag = _bag(self.sides[side], step)
                    weights[side] = sum(bag.values())
                steps[side] = (step, bag)
        after = now.after(steps[0][1], steps[1][1], weights)
        return unrounded_dice(*after), steps, after

    def _tie_break(self, option: _Option) -> tuple[int, str, bool]:
        """Of ways to grow that score alike: the least text added, then the text, then leftwards."""
        _, steps, leftwards, _ = option
        added = []
        for side, (step, _) in enumerate(steps):
            if step is not None:
                pieces = self.sides[side].pieces
                added.append(self.sides[side].text[pieces[step[0]].start : pieces[step[1] - 1].end])
        text = "\n".join(sorted(added))
        return -len(text), text, leftwards

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
                    edges.append((share(side.bags[k], weights[k], other), s, k))
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
            take(self.bags[s], self.sides[s].bags[k])
            self._score = None

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
        self._score = None
        return True

    def _tie_key(self, edge: tuple[float, int, int]) -> tuple[str, bool]:
        _, s, k = edge
        piece = self.sides[s].pieces[k]
        return self.sides[s].text[piece.start : piece.end], k == self.spans[s][0]
