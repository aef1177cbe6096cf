"""Property tests: arbitrary and hostile text through tokenizing, segmentation (long lines included,
cut into Punkt windows) and alignment never raises, and every offset slices to the text it claims."""

from __future__ import annotations

import itertools
import re
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.compare import compare_texts
from cyberread.engine.ingest import mojibake
from cyberread.engine.ingest.articles import ArticleError, parse_text
from cyberread.engine.text import sentences as segment_module
from cyberread.engine.text.sentences import segment, sentences
from cyberread.engine.text.words import WORD, tokenize
from tests.unit.test_clean_properties import FRAGMENTS

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Small enough that hypothesis's texts span several windows, so the window seams get exercised.
SMALL_WINDOW = 24

SENTENCE_PARTS = list("ab .,;:\n\"“”'’()-—_") + [
    "Mr. ",
    "U.N. ",
    "St. ",
    "a. ",
    "word",
    "Word. ",
    "Yes!? ",
    "(quoted.) ",
    "“Said.” ",
    " including ",
    " and ",
    ", and ",
]
LONG = ["x" * 60, "(" * 40, "Q7" * 30, "a.a." * 15]
texts = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(FRAGMENTS + SENTENCE_PARTS + LONG)), max_size=30).map(
    "".join
)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    return [found.span() for found in re.finditer(r"[^\n]+", text)]


def _within_one_line(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


@QUICK
@given(texts, st.sampled_from([SMALL_WINDOW, segment_module.PUNKT_WINDOW]))
def test_sentences_tile_each_line_in_order(text: str, window: int) -> None:
    with mock.patch.object(segment_module, "PUNKT_WINDOW", window):
        spans = sentences(text)
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert text[position:start].strip() == ""  # nothing but blank space is left out
        assert not (start == position > 0 and text[start - 1].isalnum() and text[start].isalnum())  # no cut in a word
        assert text[start:end] == text[start:end].strip()
        assert _within_one_line(text, start, end)
        position = end
    assert text[position:].strip() == ""


@QUICK
@given(texts, st.sampled_from([SMALL_WINDOW, segment_module.PUNKT_WINDOW]))
def test_pieces_tile_the_text_in_order(text: str, window: int) -> None:
    with mock.patch.object(segment_module, "PUNKT_WINDOW", window):
        pieces = segment(text)
        sentence_spans = sentences(text)
    position = 0
    lines = _line_bounds(text)
    for piece in pieces:
        assert text[position : piece.start].strip() == ""
        assert piece.start < piece.end and text[piece.start : piece.end].strip() == text[piece.start : piece.end]
        s_start, s_end = sentence_spans[piece.sentence]
        assert s_start <= piece.start and piece.end <= s_end
        line_start, line_end = lines[[i for i, (a, _) in enumerate(lines) if a <= piece.start][-1]]
        assert line_start <= piece.start and piece.end <= line_end
        assert text.count("\n", 0, piece.start) == piece.block
        position = piece.end
    assert text[position:].strip() == ""
    for field in ("clause", "sentence", "block"):
        numbers = [getattr(piece, field) for piece in pieces]
        assert numbers == sorted(numbers)


@QUICK
@given(texts, st.integers(0, 50), st.integers(0, 400))
def test_tokens_slice_to_their_surface(text: str, start: int, length: int) -> None:
    end = min(len(text), start + length)
    tokens = tokenize(text, start, end)
    # Numbers and dates are one token each ("3.2 million"); every other word is a WORD of its own.
    words = [w for t in tokens if not (t.terms and t.terms[0].startswith("#")) for w in [t.surface]]
    assert all(WORD.fullmatch(w) for w in words)
    assert " ".join(t.surface for t in tokens).split() == " ".join(WORD.findall(text, start, end)).split() or any(
        t.terms and t.terms[0].startswith("#") for t in tokens
    )
    for token in tokens:
        assert text[token.start : token.end] == token.surface
        assert start <= token.start < token.end <= end


def _body(text: str) -> str:
    """A clean body as the library holds it when the text parses, the raw text when it does not."""
    try:
        return parse_text(text).body
    except ArticleError:
        return text


# Two accounts of one event, so that most pairs have matches (and differences) to check.
SHARED = st.sampled_from(
    [
        "Officials said on Monday that the talks in Geneva would continue for another week.",
        "Officials from Russia said on Tuesday that talks in Geneva would go on for another 7 days.",
    ]
)
with_shared = st.tuples(texts, st.sampled_from([" ", "\n"]), SHARED, st.sampled_from([" ", "\n"]), texts).map("".join)
bodies = st.one_of(texts, with_shared, with_shared.map(_body))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies, bodies)
# Found by this test: the gap between two matches was filled over a piece a crossing match held.
@example(
    '1. Officials said on Monday that the talks in Geneva would continue for another week. 1."0',
    '2 Officials said on Monday that the talks in Geneva would continue for another week. 1."0',
)
def test_alignment_of_hostile_text_claims_only_what_each_body_says(a: str, b: str) -> None:
    comparison = compare_texts(a, b)
    for body, side in ((a, "a"), (b, "b")):
        matched = sorted((s.start, s.end) for m in comparison.matches for s in getattr(m, side))
        for (_, end), (start, _) in itertools.pairwise(matched):
            assert end <= start  # no stretch of a body is in two matches
        for m in comparison.matches:
            for span in getattr(m, side):
                assert body[span.start : span.end] == span.text and span.text.strip()
                assert _within_one_line(body, span.start, span.end)
        left_out = comparison.a_only if side == "a" else comparison.b_only
        for span in left_out:
            assert body[span.start : span.end] == span.text and WORD.search(span.text)
            assert _within_one_line(body, span.start, span.end)
            assert all(span.end <= start or end <= span.start for start, end in matched)
    for m in comparison.matches:
        a_text = " ".join(s.text for s in m.a)
        b_text = " ".join(s.text for s in m.b)
        differences = m.differences
        assert all(word in a_text for word in differences.a_words)
        assert all(word in b_text for word in differences.b_words)
        for x, y in differences.numbers + differences.names:
            assert x in a_text and y in b_text and (x or y)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_of_the_mojibake_repair_changes_nothing_ftfy_would_not(text: str) -> None:
    # The same text with one non-ASCII letter after it takes ftfy's path; "é" repairs to itself.
    assert mojibake.repair(text) == mojibake.repair(text + " é")[:-2]
