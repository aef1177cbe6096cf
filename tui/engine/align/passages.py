"""From the aligner's piece pairs to the passages a reader sees: what lies between two neighbouring
matches paired where both sides hold something there, and neighbouring pairs that continue each
other on both sides made one match (a copied block is one pair, its sentence pairs kept as parts).
A sentence's leftovers join their matches in leftovers.py."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from .leftovers import STRONG_SCORE, in_order, taken_pieces
from .matching import Found, Side, add_bags, dice
from .settings import MatchSettings

_A, _B, _A_B = attrgetter("a"), attrgetter("b"), attrgetter("a", "b")
"""A match's range in a, in b, and both: the order matches are taken in."""


@dataclass(frozen=True)
class Run:
    """Neighbouring piece pairs that form one match; `parts` are the pairs it was made of."""

    parts: tuple[Found, ...]

    @property
    def a(self) -> tuple[int, int]:
        return self.parts[0].a[0], self.parts[-1].a[1]

    @property
    def b(self) -> tuple[int, int]:
        return self.parts[0].b[0], self.parts[-1].b[1]


def fill_gaps(a: Side, b: Side, found: list[Found], settings: MatchSettings) -> list[Found]:
    """Pair what lies between two neighbouring matches when both sides hold something there.

    Two translations of one story keep its order: a short sentence between two pairs ("The verbal
    disagreement grew into a fistfight." / "The verbal argument escalated into a physical
    altercation") is most likely the partner of the one between the same pairs on the other side,
    even with one word in common. The positions are the evidence, so the bar is low but not zero.
    """
    ordered = list(map(found.__getitem__, in_order(found)))
    # A gap between two neighbours in a may hold, in b, pieces a third match took (one that crosses
    # over: "1." paired with a "1." further on): such a gap is not free to fill.
    used = taken_pieces(a, found, _A), taken_pieces(b, found, _B)
    extra = []
    for first, second in zip(ordered, ordered[1:], strict=False):
        # Asked first, as most neighbours follow each other (100,000 matches of one line each).
        if first.a[1] >= second.a[0] or first.b[1] >= second.b[0]:
            continue  # nothing between them on a side, or the two sides disagree on order here
        if min(first.score, second.score) < settings.gap_anchor_score:
            continue  # weak neighbours say too little about where the texts are
        gap_a, gap_b = (first.a[1], second.a[0]), (first.b[1], second.b[0])
        if _sentences_in(a, gap_a) > settings.gap_sentences or _sentences_in(b, gap_b) > settings.gap_sentences:
            continue  # counted before the gap is walked: the gaps of a long text add up to its square
        if any(used[0][gap_a[0] : gap_a[1]]) or any(used[1][gap_b[0] : gap_b[1]]):
            continue
        options_a, options_b = _sentence_runs(a, gap_a), _sentence_runs(b, gap_b)
        # The best single sentence (or the whole gap) on each side: a sentence one account added
        # between the two pairs stays out.
        best: tuple[float, tuple[int, int], tuple[int, int]] | None = None
        for run_a in [*options_a, gap_a] if len(options_a) > 1 else options_a:
            bag_a = add_bags(*a.bags[run_a[0] : run_a[1]])
            for run_b in [*options_b, gap_b] if len(options_b) > 1 else options_b:
                bag_b = add_bags(*b.bags[run_b[0] : run_b[1]])
                if not bag_a.keys() & bag_b.keys():
                    continue
                score = dice(bag_a, bag_b)
                if best is None or (score, run_a, run_b) > best:
                    best = (score, run_a, run_b)
        if best is not None and best[0] >= settings.gap_score:
            extra.append(Found(*best))
    return found + extra + _beside_pairs(a, b, ordered, used, settings, extra)


# Terms a sentence beside a match must share with its counterpart to pair (one is chance).
BESIDE_SHARED_TERMS = 2


def _beside_pairs(
    a: Side,
    b: Side,
    ordered: list[Found],
    used: tuple[list[bool], list[bool]],
    settings: MatchSettings,
    extra: list[Found],
) -> list[Found]:
    """The sentences right before (or after) a reworded match, in its paragraph on both sides, paired
    when both are free and share BESIDE_SHARED_TERMS terms: a translation keeps a paragraph's order,
    so "Meteorologists expect the rain to ease on Tuesday." before one pair is the partner of
    "Forecasters say the rainfall should let up on Tuesday." before the other half, though a gap of
    three sentences lies before them. Not beside a copy: what surrounds a pasted passage is the host
    text's own, however it shares the topic's words."""
    if not settings.gap_sentences:
        return []  # no sentence is paired by its place alone (the setting's word to the user)
    for f in extra:
        for s, (lo, hi) in enumerate((f.a, f.b)):
            used[s][lo:hi] = [True] * (hi - lo)
    pairs = []
    for f in ordered:
        # A match strong enough to vouch for its sentence's leftovers vouches for its neighbours.
        if not STRONG_SCORE <= f.score < settings.verbatim_score:
            continue
        for step in (-1, 1):
            run_a, run_b = _free_sentence_beside(a, f.a, step, used[0]), _free_sentence_beside(b, f.b, step, used[1])
            if run_a is None or run_b is None:
                continue
            bag_a, bag_b = add_bags(*a.bags[run_a[0] : run_a[1]]), add_bags(*b.bags[run_b[0] : run_b[1]])
            if len(bag_a.keys() & bag_b.keys()) < BESIDE_SHARED_TERMS:
                continue
            score = dice(bag_a, bag_b)
            if score < settings.gap_score:
                continue
            pairs.append(Found(score, run_a, run_b))
            for s, (lo, hi) in enumerate((run_a, run_b)):
                used[s][lo:hi] = [True] * (hi - lo)
    return pairs


def _free_sentence_beside(side: Side, span: tuple[int, int], step: int, used: list[bool]) -> tuple[int, int] | None:
    """The whole sentence next to `span` (before it for step -1), if it is free and in the same line
    (paragraph) as the span's edge."""
    pieces = side.pieces
    edge = span[0] if step < 0 else span[1] - 1
    k = edge + step
    if not 0 <= k < len(pieces) or pieces[k].block != pieces[edge].block or pieces[k].sentence == pieces[edge].sentence:
        return None
    sentence, lo, hi = pieces[k].sentence, k, k + 1
    while lo > 0 and pieces[lo - 1].sentence == sentence:
        lo -= 1
    while hi < len(pieces) and pieces[hi].sentence == sentence:
        hi += 1
    if pieces[lo].block != pieces[edge].block or pieces[hi - 1].block != pieces[edge].block or any(used[lo:hi]):
        return None
    return lo, hi


def _sentences_in(side: Side, gap: tuple[int, int]) -> int:
    """How many sentences the pieces of a gap touch (pieces number their sentences in order)."""
    return side.pieces[gap[1] - 1].sentence - side.pieces[gap[0]].sentence + 1


def _sentence_runs(side: Side, gap: tuple[int, int]) -> list[tuple[int, int]]:
    """The pieces of a gap grouped by sentence, as piece ranges."""
    runs: list[tuple[int, int]] = []
    for k in range(*gap):
        if runs and side.pieces[k].sentence == side.pieces[runs[-1][0]].sentence:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs


def merge_runs(found: list[Found], copy_score: float) -> list[Run]:
    """Copies whose pieces follow each other directly on both sides, as single runs.

    Only pairs scoring `copy_score` or more join: a copied block becomes one detection, while the
    reworded sentences of two accounts stay pairs of their own, each easy to read side by side.
    """
    runs: list[list[Found]] = []
    last: Found | None = None
    for f in map(found.__getitem__, in_order(found)):
        if last is not None and last.a[1] == f.a[0] and last.b[1] == f.b[0] and min(last.score, f.score) >= copy_score:
            runs[-1].append(f)
        else:
            runs.append([f])
        last = f
    return [Run(tuple(parts)) for parts in runs]
