"""The selection's queue gives the matches it gave as it was (kept here as the reference): the best
total sorted without a key tuple for each pair, the queue's entries made once the choice is known and
sorted once (the re-scored in a heap beside them), seeds whose clauses are used up passed over
without asking for their free runs, and a forked copy's trimmed cores left for this process to trim."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from cyberread.engine.align import selection
from cyberread.engine.align.assignment import SWAP_SHARE, best_total
from cyberread.engine.align.candidates import candidate_pairs
from cyberread.engine.align.copies import copied_blocks
from cyberread.engine.align.growing import Growing, Range, same_start
from cyberread.engine.align.matching import Found, Side, clause_bags_of, dice, prepare
from cyberread.engine.align.selection import (
    _ORDER_WORDS,
    ORDER_BONUS,
    _Core,
    _FreeRuns,
    _QueueEntry,
    _Start,
    select_matches,
)
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text.words import WORD
from tests.unit.test_pairing_fast_paths import _accounts, _in_two_pickled, _reworded

QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain_best_total(scores: dict[tuple[int, int], float]) -> set[tuple[int, int]]:
    """best_total as it was: sorted by a key of (-score, pair), every rival's options gathered."""
    by_row: dict[int, list[tuple[float, int]]] = {}
    for (i, j), score in scores.items():
        by_row.setdefault(i, []).append((score, j))
    owner: dict[int, int] = {}
    partner: dict[int, int] = {}
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


# Few clauses and few scores, so that pairs contend for partners and tie.
_pairs = st.tuples(st.integers(0, 6), st.integers(0, 6))
_score = st.one_of(st.sampled_from([0.09, 0.2, 0.25, 0.3, 0.45, 0.5, 0.6, 0.75, 0.8, 1.0]), st.floats(0.0, 1.0))


@QUICK
@given(st.dictionaries(_pairs, _score, max_size=30))
@example({(0, 0): 0.5, (0, 1): 0.45, (1, 0): 0.45})
@example({(1, 0): 0.5, (0, 1): 0.5, (0, 0): 0.5, (1, 1): 0.5})
def test_the_best_total_is_the_one_the_keyed_sort_gave(scores: dict[tuple[int, int], float]) -> None:
    assert best_total(scores) == _plain_best_total(scores)


def _plain_select_matches(a: Side, b: Side, settings: MatchSettings) -> list[Found]:
    """select_matches as it was, in one process: every entry made before the best total is chosen and
    made again for the chosen, every seed popped asking for its clauses' free runs."""
    used = ([False] * len(a.pieces), [False] * len(b.pieces))
    texts: tuple[dict[int, tuple[str, Sequence[str]]], dict[int, tuple[str, Sequence[str]]]] = ({}, {})
    orders: dict[tuple[int, int], float] = {}

    def clause_text(s: int, clause: int) -> tuple[str, Sequence[str]]:
        known = texts[s].get(clause)
        if known is None:
            side = (a, b)[s]
            lo, hi = side.clause_range[clause]
            text = side.text[side.pieces[lo].start : side.pieces[hi - 1].end]
            words = side.clause_words[clause] if text.isascii() else WORD.findall(text.casefold())
            known = texts[s][clause] = (text, words[:_ORDER_WORDS])
        return known

    chosen: set[tuple[int, int]] = set()

    def order_of(i: int, j: int) -> float:
        order = orders.get((i, j))
        if order is None:
            order = orders[i, j] = fuzz.ratio(clause_text(0, i)[1], clause_text(1, j)[1]) / 100
        return order

    def entry(score: float, i: int, j: int) -> _QueueEntry:
        ti, tj = clause_text(0, i)[0], clause_text(1, j)[0]
        order = order_of(i, j)
        first = 0 if (i, j) in chosen else 1
        return (first, -(score + ORDER_BONUS * order), i + j, abs(i - j), min(ti, tj), max(ti, tj), score, i, j)

    cores: dict[tuple[Range, Range], _Core] = {}
    starts: dict[tuple[int, int], _Start] = {}
    free_runs = (_FreeRuns(a, used[0]), _FreeRuns(b, used[1]))

    def core(i: int, j: int) -> Growing | None:
        run_a, run_b = free_runs[0].longest(i), free_runs[1].longest(j)
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
        if started != (run_a, run_b):
            starts[i, j] = ((run_a, run_b), started, trimmed)
        return growing

    found: list[Found] = []
    taken: tuple[set[int], set[int]] = (set(), set())
    for first_a, first_b, clauses in copied_blocks(a, b):
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
    candidates = candidate_pairs(a, b, settings, taken)
    scores = []
    for i, j in candidates:
        growing = core(i, j)
        scores.append(None if growing is None else growing.score)
    seeds = {
        pair: score
        for pair, score in zip(candidates, scores, strict=True)
        if score is not None and score >= settings.seed_score
    }
    entries = {pair: entry(score, *pair) for pair, score in seeds.items()}
    chosen.update(_plain_best_total({pair: rank[1] ** 2 for pair, rank in entries.items()}))
    queue = [(0, *rank[1:]) if pair in chosen else rank for pair, rank in entries.items()]
    heapq.heapify(queue)
    while queue:
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
        if growing.grow(used, settings.min_gain):
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


@QUICK
@given(st.one_of(_accounts(), _reworded()), st.sampled_from([0.0, 0.1, 0.3]), st.booleans())
@example(("He said the talks, the minister said. Ten refineries.", "The minister said, he said the talks."), 0.1, True)
def test_the_queue_chooses_the_matches_it_chose_as_it_was(
    texts: tuple[str, str], trim_share: float, split: bool
) -> None:
    """In one process and with the scoring split in two (the second half's cores sent back pickled)."""
    match = MatchSettings(trim_share=trim_share)
    wanted = _plain_select_matches(*prepare(*texts, match), match)
    if not split:
        assert repr(select_matches(*prepare(*texts, match), match)) == repr(wanted)
        return
    with (
        mock.patch.object(selection, "_SPLIT_CANDIDATES", 0),
        mock.patch.object(selection, "worth_splitting", lambda *bodies: True),
        mock.patch.object(selection, "can_fork", lambda: True),
        mock.patch.object(selection, "in_two", _in_two_pickled),
    ):
        assert repr(select_matches(*prepare(*texts, match), match)) == repr(wanted)
