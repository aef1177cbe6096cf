"""A match's bags summed as `dice` sums them, kept up as pieces join it (growing) or leave it (trimming):
each step is weighed from what it changes, not from the whole match again."""

from __future__ import annotations

from collections.abc import Sequence

from .matching import Bag


def share(piece: Bag, weight: float, other: Bag) -> float:
    """How much of a piece's weight (`weight`, the sum of its bag) the other side of its match also
    carries."""
    if weight <= 0:
        return 0.0
    return sum([w if w < other[t] else other[t] for t, w in piece.items() if t in other]) / weight


class Sums:
    """A match's two bags summed as `dice` sums them, to score it with a few more pieces added from
    what those pieces change alone."""

    def __init__(self, bags: list[Bag]) -> None:
        self.x, self.y = bags
        self.total = sum(self.x.values()) + sum(self.y.values())
        small, large = (self.x, self.y) if len(self.x) <= len(self.y) else (self.y, self.x)
        self.shared = sum([w if w < large[t] else large[t] for t, w in small.items() if t in large])

    def grown(self, after: tuple[float, float], bags: list[Bag]) -> Sums:
        """The sums of `bags`, which are these sums' bags with a step's pieces added, `after` being
        what `after` gave for them: the match's sums after a step, from what the step added rather
        than from the whole match again, and from the weighing of the way it grew rather than from
        its pieces again (a fourth of the weighing when each step weighs three ways)."""
        grown = Sums.__new__(Sums)
        grown.x, grown.y = bags
        grown.total, grown.shared = after
        return grown

    def after(self, to_x: Bag, to_y: Bag, weights: Sequence[float] | None = None) -> tuple[float, float]:
        """The total and the shared weight with `to_x` added to the first bag and `to_y` to the second.
        `weights`: theirs (the sums of their values), where the caller knows them."""
        weight_x, weight_y = (sum(to_x.values()), sum(to_y.values())) if weights is None else weights
        return self.total + weight_x + weight_y, self.shared + self._gained(to_x, to_y)

    def _gained(self, to_x: Bag, to_y: Bag) -> float:
        """How much the shared weight grows with `to_x` added to the first bag and `to_y` to the second."""
        x, y = self.x, self.y
        gained = 0.0
        if to_x and to_y:
            # In the order of the pieces' own terms: the sum, and so the score, is the same every run.
            for term in [*to_x, *(t for t in to_y if t not in to_x)]:
                old_x, old_y = x.get(term, 0.0), y.get(term, 0.0)
                new_x, new_y = old_x + to_x.get(term, 0.0), old_y + to_y.get(term, 0.0)
                gained += (new_x if new_x < new_y else new_y) - (old_x if old_x < old_y else old_y)
            return gained
        # Pieces added to one side only: a term the other bag lacks gains exactly 0.0 (weights are
        # positive), so it is passed over, and the sum is the same bit for bit. Three in four terms
        # of a neighbouring piece are (growing 100,000 words of shifted sentence ends).
        mine, theirs = (x, y) if to_x else (y, x)
        for term, weight in (to_x or to_y).items():
            if term in theirs:
                old, other = mine.get(term, 0.0), theirs[term]
                new = old + weight
                gained += (new if new < other else other) - (old if old < other else other)
        return gained


def unrounded_dice(total: float, shared: float) -> float:
    """`dice` of two bags from their total and shared weight, before it is rounded to 12 places."""
    if total <= 0:
        return 0.0
    return 2 * shared / total


def put(bag: Bag, piece: Bag) -> None:
    """Add a piece's weights to a bag in place, as add_bags adds them."""
    for term, weight in piece.items():
        bag[term] = bag[term] + weight if term in bag else weight


def take(bag: Bag, piece: Bag) -> None:
    """Take a piece's weights out of a bag that holds them, in place."""
    for term, weight in piece.items():
        left = bag[term] - weight
        if left > 1e-9:
            bag[term] = left
        else:
            del bag[term]
