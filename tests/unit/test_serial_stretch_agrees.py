"""The quicker steps of the stretches a long comparison works through alone give what the steps they
replaced gave (kept here as the reference): a match's spans read from its first and last piece where
both are on one line, and a match grown step by step without a generator a step, each piece's weight
kept."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.bag_sums import Sums, put, unrounded_dice
from cyberread.engine.align.growing import _LONG_RUN, _MAX_GROWN, Growing, Range, _bag, _neighbour
from cyberread.engine.align.matching import Bag, Side, add_bags, prepare
from cyberread.engine.align.result import Span
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.align.spans import match_spans
from tests.unit.test_match_building_agrees import _sides
from tests.unit.test_pairing_fast_paths import _accounts, _reworded

QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain_match_spans(side: Side, lo: int, hi: int) -> tuple[Span, ...]:
    """match_spans as it was: every piece of the range read for its line."""
    starts, ends = [], []
    line = None
    for piece in side.pieces[lo:hi]:
        if piece.block == line:
            ends[-1] = piece.end
        else:
            starts.append(piece.start)
            ends.append(piece.end)
            line = piece.block
    return tuple(map(Span, starts, ends, map(side.text.__getitem__, map(slice, starts, ends))))


@QUICK
@given(_sides())
def test_a_matchs_spans_are_those_every_piece_gave(sides: tuple[Side, Side]) -> None:
    for side in sides:
        n = len(side.pieces)
        for lo in range(n):
            for hi in range(lo + 1, n + 1):
                assert match_spans(side, lo, hi) == _plain_match_spans(side, lo, hi)


class _PlainGrowing(Growing):
    """Growing whose grow is the one it was: its sides' lengths and its best way each read through a
    generator at every step, and the weight of each way to grow summed from its bags."""

    def _option(
        self, now: Sums, s: int, extra: Range, extra_b: Range | None
    ) -> tuple[float, list[tuple[Range | None, Bag]], tuple[float, float]]:
        steps: list[tuple[Range | None, Bag]] = [(None, {}), (None, {})]
        for side, step in ((s, extra), (1, extra_b)):
            if step is not None:
                bags = self.sides[side].bags
                steps[side] = (step, bags[step[0]] if step[1] - step[0] == 1 else _bag(self.sides[side], step))
        after = now.after(steps[0][1], steps[1][1])
        return unrounded_dice(*after), steps, after

    def grow(self, used: tuple[list[bool], list[bool]], min_gain: float) -> bool:
        score = self.score
        if score + min_gain >= 1.0:
            return False
        grew = False
        now = Sums(self.bags)
        blocks: dict[tuple[bool, int], Range | None] = {}
        owned = [False, False]
        while max(hi - lo for lo, hi in self.spans) < _MAX_GROWN:
            options = []
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
                    whole = block != piece and block[1] - block[0] <= _LONG_RUN
                    steps.append([piece] + ([block] if whole else []))
                choices: list[tuple[int, Range, Range | None]] = [(s, step, None) for s in (0, 1) for step in steps[s]]
                choices += [(0, pa, pb) for pa in steps[0][:1] for pb in steps[1][:1]]
                for s, extra, extra_b in choices:
                    value, added, after = self._option(now, s, extra, extra_b)
                    options.append((value, added, leftwards, after))
            if not options:
                return grew
            top = max(option[0] for option in options)
            best = round(top, 12)
            if best <= score + min_gain:
                return grew
            tied = [o for o in options if o[0] == top or (o[0] > top - 1e-9 and round(o[0], 12) == best)]
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
            self._score = None
            now = now.grown(after, self.bags)
            score = best
            grew = True
        return grew


@QUICK
@given(st.one_of(_accounts(), _reworded()), st.sampled_from([0.0, 0.01, 0.05]), st.data())
def test_a_match_grows_as_it_grew_with_a_generator_a_step(
    texts: tuple[str, str], min_gain: float, data: st.DataObject
) -> None:
    """Every clause pair, from its whole clauses or a piece of each, among pieces some of which are
    used: the same pieces, bags, score to the last digit and answer."""
    a, b = prepare(*texts, MatchSettings())
    used = tuple([data.draw(st.integers(0, 3)) == 0 for _ in side.pieces] for side in (a, b))
    for span_a in a.clause_range:
        for span_b in b.clause_range:
            spans = (span_a, span_b)
            if data.draw(st.booleans()):
                spans = ((span_a[0], span_a[0] + 1), (span_b[1] - 1, span_b[1]))
            quick, plain = Growing((a, b), spans), _PlainGrowing((a, b), spans)
            answer = quick.grow((used[0], used[1]), min_gain)
            assert answer == plain.grow((used[0], used[1]), min_gain)
            assert repr((quick.spans, quick.bags, quick.score)) == repr((plain.spans, plain.bags, plain.score))
