"""Degenerate text (thousands of one-word lines, runs of abbreviations or periods, one sentence or one
word repeated) costs the aligner work in proportion to its length: counted in postings visited,
candidate pairs and word-diff steps, never in seconds."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from difflib import SequenceMatcher
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from cyberread.engine.align import aliases as term_aliases
from cyberread.engine.align import alone, differences, growing, matching, name_index, quotes, selection, word_diff
from cyberread.engine.align.cancel import Cancelled
from cyberread.engine.align.candidates import candidate_pairs, lookup_work
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.matching import prepare
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text import sentences, words
from cyberread.engine.text.words import tokenize
from tests.conftest import edit

ARTICLE = (
    "The minister said on Monday that talks with the union would resume in Geneva next week. "
    "Mr. Ruiz, who leads the union, told reporters the offer of 4.5 percent was not enough.\n\n"
    "Officials in the U.S. and the U.K. said they expected a deal before March 14, 2024."
)
_WORDS = st.sampled_from(["security", "talks", "Geneva", "a", "the", "minister", "x", "4.5", "Mr", "union"])


@st.composite
def degenerate(draw: st.DrawFn) -> str:
    n = draw(st.integers(200, 3000))
    kind = draw(st.sampled_from(["lines", "periods", "abbreviations", "sentence", "word", "joiners", "blob", "mixed"]))
    if kind == "lines":
        return "\n".join(draw(_WORDS) for _ in range(n))
    if kind == "periods":
        return draw(st.sampled_from(["a. ", ". ", "... ", "x.y. "])) * n
    if kind == "abbreviations":
        return "Mr. Dr. U.S. e.g. Gen. St. Jan. No. " * (n // 8)
    if kind == "sentence":
        return (ARTICLE.split("\n")[0] + " ") * (n // 30)
    if kind == "word":
        return " ".join([draw(_WORDS)] * n)
    if kind == "blob":
        return draw(st.sampled_from(["x", "王毅在约翰内斯堡"])) * (n * 6)
    if kind == "joiners":
        return "Minister " + "Of The " * (n // 2) + "the end."
    return " ".join(draw(_WORDS) for _ in range(n)) + "."


def _words(text: str) -> int:
    return len(text.split()) + 1


@contextmanager
def _counted_matchers() -> Iterator[list[word_diff.BoundedMatcher]]:
    """Every word diff's matcher made inside, kept to read its steps from."""
    matchers: list[word_diff.BoundedMatcher] = []

    class CountingMatcher(word_diff.BoundedMatcher):
        def __init__(self, a: list[str], b: list[str], *rest: Any) -> None:
            matchers.append(self)
            super().__init__(a, b, *rest)

    with mock.patch.object(word_diff, "BoundedMatcher", CountingMatcher):
        yield matchers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(degenerate(), st.one_of(degenerate(), st.just(ARTICLE)))
def test_degenerate_text_costs_work_in_proportion_to_its_length(a: str, b: str) -> None:
    match_settings = MatchSettings()
    words = _words(a) + _words(b)
    side_a, side_b = prepare(a, b, match_settings)
    clauses = len(side_a.clause_range) + len(side_b.clause_range)
    assert lookup_work(side_a, side_b, match_settings) <= 200 * words
    # The best few partners per clause, plus ties, which a term's clause count bounds.
    bound = (match_settings.candidates_per_clause + match_settings.common_term_ceiling) * clauses
    assert len(candidate_pairs(side_a, side_b, match_settings)) <= bound

    with _counted_matchers() as matchers:
        comparison = compare_texts(a, b, match_settings)
    # Every search of every word diff counted, not only each diff's first.
    assert all(matcher.spent <= word_diff.DIFF_WORK for matcher in matchers)
    assert sum(matcher.spent for matcher in matchers) <= 2 * word_diff.DIFF_WORK + 200 * words
    assert comparison == compare_texts(b, a, match_settings).mirrored()


def test_one_diff_spends_one_budget_however_it_is_tried() -> None:
    # A list of distinct names in another order, between a common start and end: the whole is over the
    # budget, and so is what lies between the start and the end.
    names = [f"name{i}" for i in range(30_000)]
    shuffled = names[1::2] + names[::2]
    keys_a, keys_b = ["those", "present", *names, "end"], ["those", "present", *shuffled, "end"]
    with _counted_matchers() as matchers:
        ops = word_diff._opcodes(keys_a, keys_b)
    assert ops == [("equal", 0, 2, 0, 2), ("replace", 2, 30_002, 2, 30_002), ("equal", 30_002, 30_003, 30_002, 30_003)]
    assert sum(matcher.spent for matcher in matchers) <= word_diff.DIFF_WORK


def test_a_long_run_of_one_word_is_diffed_as_its_common_start_not_word_by_word() -> None:
    keys = ["security"] * 20_000
    assert word_diff.diff_work(keys, keys) > word_diff.DIFF_WORK
    ops = word_diff._opcodes(keys, keys + ["talks"])
    assert ops == [("equal", 0, 20_000, 0, 20_000), ("insert", 20_000, 20_000, 20_000, 20_001)]


def test_a_comparison_stops_at_the_first_check_after_it_is_cancelled() -> None:
    body = (ARTICLE + "\n\n") * 200
    checks: list[int] = []

    def cancel_on_third() -> None:
        checks.append(1)
        if len(checks) == 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        compare_texts(body, body.replace("Geneva", "Bern"), cancel=cancel_on_third)
    assert len(checks) == 3
    # Checked often enough to stop a long comparison promptly: at least once a phase.
    seen: list[int] = []
    compare_texts(body, body.replace("Geneva", "Bern"), cancel=lambda: seen.append(1))
    assert len(seen) >= 5


def test_a_body_is_segmented_once_for_several_comparisons() -> None:
    body = ARTICLE + "\n\nA sentence only this body has, about the harbour."
    with mock.patch.object(sentences, "_segment", wraps=sentences._segment) as cut:
        sentences._segment_once.cache_clear()
        first = compare_texts(body, ARTICLE)
        compare_texts(body, ARTICLE.replace("Geneva", "Bern"))
    assert first.matches
    assert [call.args[0] for call in cut.call_args_list].count(body) == 1


def test_the_pieces_are_cut_from_one_reading_of_each_body_not_tokenized_one_by_one() -> None:
    line = "Mr. Ruiz said 4.5 percent was not enough, and the union agreed."
    body = "\n".join([line, "A different sentence about Geneva.", line, line])
    other = line + "\nSomething else entirely, about 14 March 2024."
    with mock.patch("cyberread.engine.text.words.tokenize", wraps=tokenize) as counted:
        side_a, side_b = prepare(body, other, MatchSettings())
    for side in (side_a, side_b):
        assert side.piece_tokens is not None
        for piece, tokens in zip(side.pieces, side.piece_tokens, strict=True):
            assert tokens == tokenize(side.text, piece.start, piece.end, side.splits, {})
    assert counted.call_count == 0


def test_a_word_too_long_to_be_a_compound_is_left_whole() -> None:
    # No compound is 80,000 letters long; trying each of its cuts was quadratic (bench/degenerate.py).
    blob = "security" * 10_000
    assert words.compound_splits([blob, "security", "cyber", "cybersecurity"]) == {
        "cybersecurity": ("cyber", "security")
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), max_size=60), st.lists(st.sampled_from("abcdefgh"), max_size=60))
def test_the_bounded_word_diff_is_sequence_matchers_while_affordable(a: list[str], b: list[str]) -> None:
    matcher = word_diff.BoundedMatcher(a, b)
    assert matcher.get_opcodes() == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert matcher.spent <= word_diff.DIFF_WORK


def test_a_diff_whose_later_searches_run_over_the_budget_stops_and_falls_back() -> None:
    # The first search is cheap (each frame word is in b's every third place), the later ones repeat it
    # for every name: SequenceMatcher alone took 6 s on 2,000 words of this.
    a = [w for i in range(700) for w in ("minister", f"a{i}", "met")]
    b = [w for i in range(700) for w in ("minister", f"b{i}", "met")]
    assert word_diff.diff_work(a, b) <= word_diff.DIFF_WORK
    with pytest.raises(word_diff._OverBudget):
        word_diff.BoundedMatcher(a, b).get_opcodes()
    ops = word_diff._opcodes(a, b)
    assert ops[0][0] == "equal" and ops[0][2] == 1  # the common start, then one step for the rest
    assert ops[-1][0] == "equal" and ops[-1][2] == len(a)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), max_size=40), st.lists(st.sampled_from("abcdefxyz"), max_size=40))
def test_the_steps_a_diff_counts_are_its_searches_words_and_their_places_in_b(a: list[str], b: list[str]) -> None:
    searches = []

    class Recording(word_diff.BoundedMatcher):
        def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Any:
            searches.append((alo, len(a) if ahi is None else ahi))
            return super().find_longest_match(alo, ahi, blo, bhi)

    matcher = Recording(a, b, budget=10**9)
    matcher.get_opcodes()
    walked = sum(hi - lo + sum(b.count(key) for key in a[lo:hi]) for lo, hi in searches)
    assert matcher.spent == walked
    assert word_diff.diff_work(a, b) == sum(b.count(key) for key in a)


class _SearchingMatcher(SequenceMatcher[str]):
    """BoundedMatcher as it was: SequenceMatcher's own searches, each counted as BoundedMatcher counts."""

    def __init__(self, a: list[str], b: list[str], budget: int) -> None:
        super().__init__(None, a, b, autojunk=False)
        self.places_before = word_diff._places_before(a, b)
        self.budget, self.spent = budget, 0

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None) -> Any:
        ahi = len(self.a) if ahi is None else ahi
        steps = ahi - alo + self.places_before[ahi] - self.places_before[alo]
        if self.spent + steps > self.budget:
            raise word_diff._OverBudget
        self.spent += steps
        return super().find_longest_match(alo, ahi, blo, len(self.b) if bhi is None else bhi)


def _searched_opcodes(a: list[str], b: list[str], budget: int) -> tuple[list[Any] | None, int]:
    """_bounded_opcodes as it was, with SequenceMatcher's own searches."""
    matcher = _SearchingMatcher(a, b, budget)
    try:
        return list(matcher.get_opcodes()), matcher.spent
    except word_diff._OverBudget:
        return None, matcher.spent


@st.composite
def _related_keys(draw: st.DrawFn, min_size: int = 0, max_size: int = 50) -> tuple[list[str], list[str]]:
    """Two lists of few words, the second often the first edited: long common runs, repeated ones, and
    runs a block found first cuts in two."""
    a = draw(st.lists(st.sampled_from("abcdef"), min_size=min_size, max_size=max_size))
    if draw(st.booleans()):
        return a, draw(st.lists(st.sampled_from("abcdxy"), max_size=max_size))
    b = list(a)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(b)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "move"]))
        piece = draw(st.lists(st.sampled_from("abcxy"), min_size=1, max_size=6))
        edit(b, at, kind, piece)
    return a, b


@settings(max_examples=1000, deadline=None)
@given(_related_keys(), st.integers(0, 400))
def test_the_word_diff_searches_find_and_count_what_sequence_matchers_own_searches_did(
    keys: tuple[list[str], list[str]], budget: int
) -> None:
    a, b = keys
    # The same blocks, the same steps counted, the same search over the budget (where it stops).
    assert word_diff._bounded_opcodes(a, b, budget) == _searched_opcodes(a, b, budget)
    assert word_diff._bounded_opcodes(a, b, 10**9) == _searched_opcodes(a, b, 10**9)


@settings(max_examples=300, deadline=None)
@given(_related_keys(100, 400))
def test_runs_longer_than_a_walk_give_sequence_matchers_blocks(keys: tuple[list[str], list[str]]) -> None:
    # Runs of hundreds of words, compared a slice at a time past their first words.
    a, b = keys
    assert word_diff._bounded_opcodes(a, b, 10**9) == _searched_opcodes(a, b, 10**9)
    assert word_diff._bounded_opcodes(a, b, 10**9)[0] == SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@settings(max_examples=300, deadline=None)
@given(_related_keys(), st.lists(st.tuples(*[st.integers(0, 60)] * 4), min_size=1, max_size=6))
def test_a_search_of_any_stretches_finds_sequence_matchers_block(
    keys: tuple[list[str], list[str]], stretches: list[tuple[int, int, int, int]]
) -> None:
    # Asked directly, in any order: a search with no runs kept for it finds them itself.
    a, b = keys
    matcher, plain = word_diff.BoundedMatcher(a, b, 10**9), SequenceMatcher(None, a, b, autojunk=False)
    for x, y, u, v in stretches:
        alo, ahi = sorted((min(x, len(a)), min(y, len(a))))
        blo, bhi = sorted((min(u, len(b)), min(v, len(b))))
        assert matcher.find_longest_match(alo, ahi, blo, bhi) == plain.find_longest_match(alo, ahi, blo, bhi)


@settings(max_examples=200, deadline=None)
@given(st.text("abcdeé", min_size=1, max_size=12), st.lists(st.text("abcdeé", min_size=1, max_size=14), max_size=30))
def test_spelling_variants_are_found_as_comparing_every_pair_would(term: str, variants: list[str]) -> None:
    expected = any(fuzz.ratio(term, v) >= differences._WORD_VARIANT_RATIO for v in variants)
    assert differences._Spellings(variants).has_variant(term) == expected


def test_a_bucket_of_thousands_of_lookalike_terms_is_not_compared_pair_by_pair() -> None:
    only_a = {f"wang{i}" for i in range(1_000)} | {"fulli"}
    only_b = {f"wang{i}x" for i in range(1_000)} | {"full"}
    aliases = term_aliases.fuzzy_aliases(only_a, only_b, MatchSettings())
    assert aliases["fulli"] == aliases["full"]
    assert not any(term.startswith("wang") for term in aliases)
    assert aliases == term_aliases.fuzzy_aliases(only_b, only_a, MatchSettings())


_SYLLABLES = st.sampled_from(["ka", "lo", "mi", "ra", "ve", "tan", "bel", "dor", "fen", "gri"])
_PSEUDO_WORD = st.lists(_SYLLABLES, min_size=2, max_size=3).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PSEUDO_WORD, min_size=3, max_size=6), min_size=70, max_size=120), st.randoms())
def test_a_long_clause_trims_at_once_to_the_pieces_the_other_side_echoes(parts: list[list[str]], rng: Any) -> None:
    # A run-on sentence of comma pieces on one side, some of its parts as short sentences on the other.
    run_on = "Officials said " + ", ".join(" ".join(words) for words in parts) + "."
    chosen = rng.sample(range(len(parts)), 5)
    short = " ".join(" ".join(parts[k]).capitalize() + "." for k in chosen)
    side_a, side_b = prepare(run_on, short, MatchSettings())
    long_clause = max(side_a.clause_range, key=lambda lo_hi: lo_hi[1] - lo_hi[0])
    assert long_clause[1] - long_clause[0] > growing._LONG_RUN
    for j in range(len(side_b.clause_range)):
        spans = (long_clause, side_b.clause_range[j])
        fast = growing.Growing((side_a, side_b), spans)
        fast.trim(0.5)
        with mock.patch.object(growing, "_LONG_RUN", 10**9):
            walked = growing.Growing((side_a, side_b), spans)
            walked.trim(0.5)
        assert fast.spans == walked.spans
        assert fast.bags[0].keys() == walked.bags[0].keys()
        assert all(abs(fast.bags[0][t] - walked.bags[0][t]) < 1e-9 for t in fast.bags[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PSEUDO_WORD, min_size=1, max_size=4), min_size=1, max_size=40), st.randoms())
def test_the_echoed_stretch_walked_from_its_ends_is_the_one_the_index_finds(parts: list[list[str]], rng: Any) -> None:
    text = "Officials said " + ", ".join(" ".join(words) for words in parts) + "."
    side, other_side = prepare(text, " ".join(rng.choice(parts)) + ".", MatchSettings())
    for _ in range(20):
        lo = rng.randrange(len(side.bags) + 1)
        span = (lo, rng.randrange(lo, len(side.bags) + 1))
        # Bags of every size: a few of the other side's terms, or many of this side's own.
        terms = [t for bag in rng.sample(side.bags, rng.randrange(len(side.bags) + 1)) for t in bag]
        other = dict.fromkeys(terms + [t for bag in other_side.bags for t in bag], 1.0)
        if rng.random() < 0.5:
            other = dict.fromkeys(rng.sample(sorted(other), rng.randrange(len(other) + 1)), 1.0)
        assert growing._echoed(side, span, other) == growing._echoed_by_index(side, span, other)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PSEUDO_WORD, min_size=1, max_size=4), min_size=70, max_size=160), st.randoms())
def test_a_long_run_that_lost_pieces_outside_its_narrowing_starts_and_trims_alike(
    parts: list[list[str]], rng: Any
) -> None:
    # Where same_start says a candidate starts alike, its Growing is the one made afresh: the queue
    # reuses the trimmed core rather than narrow and trim the shrunken run again.
    run_on = "Officials said " + ", ".join(" ".join(words) for words in parts) + "."
    short = " ".join(" ".join(rng.choice(parts)).capitalize() + "." for _ in range(3))
    side_a, side_b = prepare(run_on, short, MatchSettings())
    run = max(side_a.clause_range, key=lambda lo_hi: lo_hi[1] - lo_hi[0])
    for j in range(len(side_b.clause_range)):
        before = (run, side_b.clause_range[j])
        first = growing.Growing((side_a, side_b), before)
        started = first.started
        first.trim(0.5)
        narrowed = started[0] != run
        for _ in range(10):
            mode = rng.random()
            if narrowed and mode < 0.5:  # around what it was narrowed to, as a queue shrinks it
                lo = rng.randint(run[0], started[0][0])
                shrunk = ((lo, rng.randint(started[0][1], run[1])), before[1])
            elif narrowed and mode < 0.8:  # into it, from either end (a run keeps a piece at least)
                starts = range(started[0][0] + 1, min(started[0][1], run[1] - 1) + 1)
                ends = range(max(started[0][0], run[0] + 1), started[0][1])
                if starts and (rng.random() < 0.5 or not ends):
                    shrunk = ((rng.choice(starts), run[1]), before[1])
                elif ends:
                    shrunk = ((run[0], rng.choice(ends)), before[1])
                else:
                    continue
            else:
                lo = rng.randrange(run[0], run[1])
                shrunk = ((lo, rng.randint(lo + 1, run[1])), before[1])
            again = growing.Growing((side_a, side_b), shrunk)
            if growing.same_start(before, started, shrunk):
                assert again.started == started
                again.trim(0.5)
                assert (again.spans, again.bags) == (first.spans, first.bags)
            elif narrowed and shrunk[0][1] - shrunk[0][0] > growing._LONG_RUN:
                # Only a run that lost a piece it was narrowed to starts elsewhere.
                assert not (shrunk[0][0] <= started[0][0] and started[0][1] <= shrunk[0][1])


_FOREIGN_WORD = st.lists(st.sampled_from(["zu", "xo", "qe", "wy", "ju"]), min_size=3, max_size=3).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(_PSEUDO_WORD, min_size=2, max_size=4), min_size=4, max_size=150),
    st.lists(st.lists(_FOREIGN_WORD, min_size=2, max_size=4), min_size=0, max_size=150),
    st.randoms(),
)
def test_a_match_scores_its_bags_as_they_are_after_every_change(
    parts: list[list[str]], foreign: list[list[str]], rng: Any
) -> None:
    # The score is kept between changes (a match popped unchanged from the queue is not weighed three
    # times): after narrowing, trimming (two long runs drop the edges the other does not echo at once),
    # growing, and when made from a kept core, it is dice's.
    pieces, others = [" ".join(words) for words in parts], [" ".join(words) for words in foreign]
    cut = rng.randrange(len(others) + 1)
    text_a = ", ".join(pieces[: len(pieces) // 2]) + ". " + ". ".join(pieces[len(pieces) // 2 :]) + "."
    echoed = rng.sample(pieces, rng.randint(1, len(pieces)))
    text_b = (", " if rng.random() < 0.5 else ". ").join(others[:cut] + echoed + others[cut:]) + "."
    side_a, side_b = prepare(text_a, text_b, MatchSettings())
    used: tuple[list[bool], list[bool]] = (
        [rng.random() < 0.2 for _ in side_a.pieces],
        [rng.random() < 0.2 for _ in side_b.pieces],
    )
    longest = [max(side.clause_range, key=lambda lo_hi: lo_hi[1] - lo_hi[0]) for side in (side_a, side_b)]
    for attempt in range(10):
        i, j = rng.randrange(len(side_a.clause_range)), rng.randrange(len(side_b.clause_range))
        spans = (longest[0], longest[1]) if attempt == 0 else (side_a.clause_range[i], side_b.clause_range[j])
        match = growing.Growing((side_a, side_b), spans)
        assert match.score == matching.dice(*match.bags)
        match.trim(rng.choice([0.0, 0.2, 0.5, 0.9]))
        assert match.score == matching.dice(*match.bags)
        core = (list(match.spans), list(match.bags), match.score)
        kept = growing.Growing((side_a, side_b), spans, core)
        min_gain = rng.choice([0.0, 0.01, 0.05])
        for built in (match, kept):
            if built.grow(used, min_gain):
                assert built.score == matching.dice(*built.bags)
                built.trim(0.5)
            assert built.score == matching.dice(*built.bags)
        assert (kept.spans, kept.bags, kept.score) == (match.spans, match.bags, match.score)


def test_two_long_runs_score_what_is_left_once_their_unechoed_edges_are_dropped() -> None:
    rng = random.Random(5)

    def piece(syllables: list[str]) -> str:
        return " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(4))

    ours = [piece(["ka", "lo", "mi", "ra", "ve", "tan", "bel", "dor", "fen", "gri"]) for _ in range(200)]
    theirs = [piece(["zu", "xo", "qe", "wy", "ju"]) for _ in range(100)]
    run_on = "Officials said " + ", ".join(ours) + "."
    other = "Officials said " + ", ".join(theirs[:40] + ours[80:120] + theirs[40:]) + "."
    side_a, side_b = prepare(run_on, other, MatchSettings())
    match = growing.Growing((side_a, side_b), (side_a.clause_range[0], side_b.clause_range[0]))
    assert min(hi - lo for lo, hi in match.spans) > growing._LONG_RUN
    before = (match.spans[1], match.score)
    match.trim(0.0)  # drops what shares nothing, and nothing more
    assert match.spans[1] != before[0]
    assert match.score == matching.dice(*match.bags) != before[1]


def test_a_match_that_scores_one_weighs_no_way_to_grow() -> None:
    # One run-on sentence of comma pieces against the same pieces as sentences: each pair is a piece
    # and its twin, which no neighbour can improve on.
    parts = [f"{name}ka lo{name}mi ra{name}ve tan{name}bel" for name in ("dor", "fen", "gri", "kal", "mor", "vex")]
    run_on = ", ".join(parts).capitalize() + "."
    split = " ".join(part.capitalize() + "." for part in parts)
    weighed = []
    option = growing.Growing._option

    def counted(self: growing.Growing, *args: Any) -> Any:
        weighed.append(args)
        return option(self, *args)

    with mock.patch.object(growing.Growing, "_option", counted):
        comparison = compare_texts(run_on, split)
    assert comparison.coverage_a == comparison.coverage_b == 1.0
    assert weighed == []


def test_a_body_without_quotation_marks_looks_for_no_speakers() -> None:
    # Speakers are named people before a reporting verb: 100,000 words of names took 0.14 s to find
    # them for no quotation.
    body = "Those present included " + ", ".join(f"Minister Name{k} of Place{k}" for k in range(200)) + "."
    with mock.patch.object(quotes, "named_speakers", side_effect=AssertionError("looked for speakers")):
        assert quotes.find_quotations(body) == ()
    (quotation,) = quotes.find_quotations(body + ' Name7 said: "We met them all."')
    assert quotation.speaker == "Name7"


def test_the_other_body_is_indexed_only_for_a_name_left_out() -> None:
    made = []

    class Counted(name_index._BodyIndex):
        def __init__(self, body: str) -> None:
            made.append(body)
            super().__init__(body)

    name_index.other_account.cache_clear()
    with mock.patch.object(name_index, "_BodyIndex", Counted):
        comparison = compare_texts(ARTICLE, ARTICLE + " ")
        assert comparison.a_only == comparison.b_only == ()
        assert made == []
        comparison = compare_texts(ARTICLE, ARTICLE + " The union rejected it, at 45 percent.")
        assert comparison.b_only
        assert made == []  # left out, but naming nobody
        name_index.other_account.cache_clear()
        compare_texts(ARTICLE, ARTICLE + " The union rejected it, said Lula.")
    name_index.other_account.cache_clear()
    assert made == [ARTICLE]


def test_a_summary_made_ready_indexes_nothing_on_the_screens_thread() -> None:
    # The app reads what the summary needs in its worker; the summary itself (on the UI thread) then
    # indexes no body.
    b = ARTICLE + " The union rejected it, said Lula."
    comparison = compare_texts(ARTICLE, b)
    name_index.other_account.cache_clear()
    alone.ready_to_summarise(comparison, ARTICLE, b)
    with mock.patch.object(name_index, "_BodyIndex", side_effect=AssertionError("indexed a body")):
        assert "Lula" in alone.omission_summary(comparison, ARTICLE, b, "A", "B")
    name_index.other_account.cache_clear()


def _longest_free_walked(side: Any, clause: int, used: list[bool]) -> tuple[int, int] | None:
    """The longest stretch of free pieces of a clause, the first of equals: the walk the kept runs replace."""
    lo, hi = side.clause_range[clause]
    best, start = None, None
    for k in range(lo, hi + 1):
        if k < hi and not used[k]:
            start = k if start is None else start
        elif start is not None:
            if best is None or k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    return best


@settings(max_examples=100, deadline=None)
@given(st.integers(5, 60), st.lists(st.tuples(st.integers(0, 59), st.integers(1, 6)), max_size=25))
def test_kept_free_runs_are_the_longest_free_stretch_as_a_walk_finds_it(
    pieces: int, takes: list[tuple[int, int]]
) -> None:
    side, _ = prepare(", ".join(f"word{k} more{k} text{k}" for k in range(pieces)) + ".", "Other.", MatchSettings())
    used = [False] * len(side.pieces)
    runs = selection._FreeRuns(side, used)
    clauses = range(len(side.clause_range))
    for start, length in takes:
        assert [runs.longest(c) for c in clauses] == [_longest_free_walked(side, c, used) for c in clauses]
        # A match takes free pieces only, and a contiguous stretch of them.
        lo = start % len(side.pieces)
        hi = lo
        while hi < min(len(side.pieces), lo + length) and not used[hi]:
            hi += 1
        if hi > lo:
            used[lo:hi] = [True] * (hi - lo)
            runs.take(lo, hi)
    assert [runs.longest(c) for c in clauses] == [_longest_free_walked(side, c, used) for c in clauses]


class _CountingText(str):
    """A body that counts the places a name is checked at, and the characters of whole-body searches."""

    checked = 0

    def startswith(self, prefix: Any, start: Any = None, end: Any = None) -> bool:
        _CountingText.checked += 1
        return super().startswith(prefix, start, end)

    def __contains__(self, item: object) -> bool:
        _CountingText.checked += len(self)
        return super().__contains__(item)


def test_names_of_common_words_are_looked_for_where_their_rarest_pair_of_words_is() -> None:
    # A long list of names drawn from few words: each word is in thousands of places, each pair of
    # neighbouring words in a few; checking each name wherever its rarest word is was quadratic.
    rng = random.Random(4)
    vocabulary = [f"Name{letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcd"]
    body = ", ".join(" ".join(rng.choices(vocabulary, k=3)) for _ in range(6000))
    asked = [" ".join(rng.choices(vocabulary, k=3)) for _ in range(1000)]
    index = name_index._BodyIndex(body)
    index.folded = _CountingText(index.folded)
    _CountingText.checked = 0
    given = [index.holds_name(name.casefold()) for name in asked]
    assert given == [name.casefold() in body.casefold() for name in asked]
    # Each word alone is in ~600 places; the pairs are indexed once names cost a check a body word.
    assert _CountingText.checked <= 2 * len(body.split()) + 64 * len(asked)
