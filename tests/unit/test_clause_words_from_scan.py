"""Each clause's case-folded words cut from the words one scan of the body found are those reading
the clause's own text finds (the old way, kept here as the reference)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.matching import Side, prepare
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text.sentences import Piece
from cyberread.engine.text.words import WORD

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that run into one another over apostrophes, underscores and digits, and letters whose case
# folding is longer than they are or parts a word ("İ" folds to "i" and a combining dot).
_FRAGMENTS = [
    "The",
    "minister",
    "SAID",
    "’s",
    "'",
    "’",
    "_",
    "3",
    "14",
    "İSTANBUL",
    "Straße",
    "ſtate",
    "ı",
    "é",
    "Don't",
]
_GAPS = ["", " ", " ", "\n", ". ", ", ", "; ", ": ", " - ", "“", "”", '"', "_"]
texts = st.lists(st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from(_GAPS)), max_size=30).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)


def _clause_words_one_by_one(side: Side) -> list[tuple[str, ...]]:
    """Side.clause_words as it was: each clause's text read on its own."""
    words = []
    text, pieces = side.text, side.pieces
    for lo, hi in side.clause_range:
        clause = text[pieces[lo].start : pieces[hi - 1].end]
        if clause.isascii():
            words.append(tuple(WORD.findall(clause.lower())))
        else:
            words.append(tuple(word.casefold() for word in WORD.findall(clause)))
    return words


@QUICK
@given(texts, texts)
@example("The minister SAID; İSTANBUL’S Straße officials met: Don't.", "Nothing alike.")
def test_the_clauses_words_cut_from_the_scan_are_those_of_each_clause_read_alone(text_a: str, text_b: str) -> None:
    for side in prepare(text_a, text_b, MatchSettings()):
        assert side.word_scan is not None
        assert side.clause_words == _clause_words_one_by_one(side)


def _pieces_at(text: str, cuts: list[int], clauses: list[int]) -> list[Piece]:
    """Pieces between cuts that may fall inside a word, as a caller's own pieces may, in the clauses
    given (in order or not)."""
    marks = sorted({min(len(text), cut) for cut in cuts} | {0, len(text)})
    spans = [(start, end) for start, end in zip(marks, marks[1:], strict=False) if start < end]
    return [
        Piece(start, end, clauses[k % len(clauses)] if clauses else 0, 0, 0) for k, (start, end) in enumerate(spans)
    ]


@QUICK
@given(texts, texts, st.lists(st.integers(0, 300), max_size=12), st.lists(st.integers(0, 4), max_size=12))
@example("abc def", "x", [2, 5], [0, 1, 1])  # pieces starting and ending inside words
@example("a’b c", "x", [2], [0, 1])  # a clause ending after an apostrophe inside a word
@example("one two three four", "x", [4, 8, 14], [1, 0, 1, 0])  # clauses out of order
def test_the_clauses_words_of_pieces_cutting_words_are_those_of_each_clause_read_alone(
    text_a: str, text_b: str, cuts: list[int], clauses: list[int]
) -> None:
    pieces = _pieces_at(text_a, cuts, clauses)
    side, _ = prepare(text_a, text_b, MatchSettings(), (pieces, None))
    assert side.clause_words == _clause_words_one_by_one(side)
