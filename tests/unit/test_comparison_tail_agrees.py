"""The quick ways of finishing a comparison give what the plain code they replaced gave (kept here as
the reference): the same-event check that stops reading b once enough of its names are a's; the share
of a body the matches cover, counted blank by blank; a one-pair match's parts, read without the general
loop; the words of each match, counted without making their lists; and whether a side has two terms
side by side, asked pair by pair of the pieces that hold both."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.evidence import (
    _name_terms,
    _spelled_as_name,
    _starts_sentence,
    anchors,
    report_different_events,
    value_pins_event,
)
from cyberread.engine.align.leftovers import _pairs_in, _TermPairs
from cyberread.engine.align.matching import Found, Side, prepare
from cyberread.engine.align.passages import Run
from cyberread.engine.align.result import MatchPart, Span
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.align.spans import BLANKS, coverage, match_parts, word_counts
from cyberread.engine.text.words import Token, tokenize

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SPACE = re.compile(r"\s")


def _plain_anchors(text: str, tokens: list[Token] | None) -> set[str]:
    """anchors() as it was: every term found added at once, none given as it is met."""
    return _plain_names(text, tokens)[0]


def _plain_names(text: str, tokens: list[Token] | None) -> tuple[set[str], set[str]]:
    """The text's anchors, and the terms of every name that begins a sentence."""
    found: set[str] = set()
    openers: set[str] = set()
    spelled_as_name: dict[str, bool] = {}
    for token in tokenize(text) if tokens is None else tokens:
        if not token.terms:
            continue
        term = token.terms[0]
        if term.startswith("#"):
            if value_pins_event(term):
                found.add(term)
            continue
        surface = token.surface
        name = spelled_as_name.get(surface)
        if name is None:
            name = spelled_as_name[surface] = _spelled_as_name(surface)
        if not name:
            continue
        terms = token.terms if len(token.terms) == 1 else _name_terms(surface)
        if _starts_sentence(text, token.start):
            openers.update(terms)
        else:
            found.update(terms)
    return found, openers


def _plain_report_different_events(
    text_a: str, text_b: str, wanted: int, tokens_a: list[Token] | None, tokens_b: list[Token] | None
) -> bool:
    """report_different_events without reading b only as far as it must: both texts' anchors found in
    full, a name that begins a sentence counted where the other text has it inside one, then compared."""
    (names_a, openers_a), (names_b, openers_b) = _plain_names(text_a, tokens_a), _plain_names(text_b, tokens_b)
    names_a, names_b = names_a | (openers_a & names_b), names_b | (openers_b & names_a)
    if min(len(names_a), len(names_b)) < 2 * wanted:
        return False
    return len(names_a & names_b) < wanted


# Names and values some texts share and others do not, function words, and places where a sentence
# starts (a capitalised word there is not a name).
_WORDS = [
    "Wang",
    "Yi",
    "Lula",
    "Pretoria",
    "Monday",
    "14",
    "March",
    "1,500",
    "3",
    "7",
    "the",
    "met",
    "said",
    "The",
    "US",
]
_GAPS = [" ", ". ", ", ", "\n", ': "', " "]
_text = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=30).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)


@QUICK
@given(_text, _text, st.integers(0, 4), st.booleans())
@example("Wang met Yi. Lula met Wang.", "Wang met Yi. Lula met Wang.", 1, False)
@example("Wang met Yi on 14 March", "Lula met Pretoria on Monday", 1, True)
def test_the_same_event_check_answers_as_when_both_texts_were_read_in_full(
    text_a: str, text_b: str, wanted: int, tokenized: bool
) -> None:
    tokens_a, tokens_b = (tokenize(text_a), tokenize(text_b)) if tokenized else (None, None)
    found = report_different_events(text_a, text_b, wanted, tokens_a, tokens_b)
    assert found == _plain_report_different_events(text_a, text_b, wanted, tokens_a, tokens_b)
    assert anchors(text_a, tokens_a) == _plain_anchors(text_a, tokens_a)


def test_the_blanks_are_every_character_a_pattern_reads_as_blank_space() -> None:
    every = map(chr, range(0x110000))
    assert sorted(BLANKS) == [c for c in every if _SPACE.match(c)]


def _plain_coverage(text: str, left_out: tuple[Span, ...]) -> float:
    visible = len(text) - len(_SPACE.findall(text))
    if not visible:
        return 1.0
    missing = sum(len(span.text) - len(_SPACE.findall(span.text)) for span in left_out)
    return round(1 - missing / visible, 6)


_characters = st.sampled_from(["a", "b", "ü", "—", "“", " ", "\n", "\t", "\u00a0", "\u2003", "\u3000", "\x1c", "😀"])


@QUICK
@given(st.lists(_characters, max_size=40).map("".join), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8))))
@example("", [])
@example("   ", [(0, 2)])
def test_coverage_counts_the_blanks_as_matching_each_did(text: str, stretches: list[tuple[int, int]]) -> None:
    left_out = tuple(Span(start, start + length, text[start : start + length]) for start, length in stretches)
    assert repr(coverage(text, left_out)) == repr(_plain_coverage(text, left_out))


def _plain_parts(a: Side, b: Side, run: Run) -> tuple[float, list[float], tuple[MatchPart, ...]]:
    """A match's weights, parts and earned score as _compare_texts made them, part by part."""
    weights = [sum(a.weights[slice(*f.a)]) + sum(b.weights[slice(*f.b)]) for f in run.parts]
    part_earned = sum(f.score * w for f, w in zip(run.parts, weights, strict=True))
    parts = tuple(
        MatchPart(
            round(f.score, 4),
            (a.pieces[f.a[0]].start, a.pieces[f.a[1] - 1].end),
            (b.pieces[f.b[0]].start, b.pieces[f.b[1] - 1].end),
        )
        for f in run.parts
    )
    return part_earned, weights, parts


_line = st.lists(st.sampled_from(["alpha", "Beta", "the", "3", "said", "Wang", "and"]), max_size=4).map(" ".join)
_body = st.lists(st.tuples(_line, st.sampled_from([". ", ", ", "\n", "\n\n", " "])), min_size=1, max_size=8).map(
    lambda lines: "".join(line + end for line, end in lines)
)


@QUICK
@given(_body, _body, st.sampled_from([0.0, -0.0, 0.1, 0.35, 0.83337, 0.912345678, 1.0]), st.data())
@example("alpha.", "alpha.", -0.0, None)
def test_a_one_pair_match_is_built_as_part_by_part(text_a: str, text_b: str, score: float, data: st.DataObject) -> None:
    a, b = prepare(text_a, text_b, MatchSettings())
    if not a.pieces or not b.pieces:
        return
    ranges = []
    for side in (a, b):
        lo = 0 if data is None else data.draw(st.integers(0, len(side.pieces) - 1))
        hi = lo + 1 if data is None else data.draw(st.integers(lo + 1, len(side.pieces)))
        ranges.append((lo, hi))
    run = Run((Found(score, ranges[0], ranges[1]),))
    # repr: the same floats to the last digit (0.0, never -0.0, as sum() gives it), the same parts
    assert repr(match_parts(a, b, run)) == repr(_plain_parts(a, b, run))


@QUICK
@given(_body, st.data())
def test_the_words_counted_for_each_range_are_the_words_it_gives(text: str, data: st.DataObject) -> None:
    side, _ = prepare(text, "alpha", MatchSettings())
    ranges = []
    for _ in range(data.draw(st.integers(0, 5))):
        lo = data.draw(st.integers(0, len(side.pieces)))
        ranges.append((lo, data.draw(st.integers(lo, len(side.pieces)))))
    expected = [len(side.tokens(lo, hi)) for lo, hi in ranges]
    assert word_counts(side, ranges) == expected
    # A side that keeps no words reads them again.
    side.piece_tokens = None
    assert word_counts(side, ranges) == expected


# Content words that recur across sentences, spellings an alias joins ("colour"), speech tags,
# sequence words, function words, numbers, and compounds a side splits.
_TERM_WORDS = ["open", "inclusive", "cyberspace", "state", "report", "colour", "color", "said", "also"]
_TERM_WORDS += ["Secondly", "and", "the", "of", "3", "40,000", "cybersecurity", "cyber", "security"]
_sentences = st.lists(
    st.lists(st.tuples(st.sampled_from(_TERM_WORDS), st.sampled_from(["", ",", ";"])), min_size=1, max_size=8).map(
        lambda words: " ".join(w + p for w, p in words) + "."
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@QUICK
@given(_sentences, _sentences, st.data())
def test_pairs_asked_one_by_one_are_the_sides_pairs(text_a: str, text_b: str, data: st.DataObject) -> None:
    a, b = prepare(text_a, text_b, MatchSettings())
    for side in (a, b):
        every = _pairs_in(side, 0, len(side.pieces))
        terms = sorted({term for pair in every for term in pair} | {"open", "nowhere"})
        asked = _TermPairs(side)
        if data.draw(st.booleans()):
            asked._work_left = data.draw(st.integers(-1, 60))  # runs out part way: the pairs made after all
        for pair in data.draw(st.lists(st.tuples(st.sampled_from(terms), st.sampled_from(terms)), max_size=30)):
            assert (pair in asked) == (pair in every)
        for pair in data.draw(st.lists(st.sampled_from(sorted(every)), max_size=10)) if every else []:
            assert pair in asked
