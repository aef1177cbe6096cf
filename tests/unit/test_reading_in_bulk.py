"""Reading the texts in bulk gives what reading them a line, a sentence or a piece at a time gave (the
plain loops are kept here as the reference): the sentences and pieces of a body, the tokens of a
body's pieces and the words they put in the terms' cache, and everything `prepare` hands the aligner."""

from __future__ import annotations

import math
import os
import pickle
import re
from collections import Counter, defaultdict
from dataclasses import FrozenInstanceError
from itertools import chain, repeat
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import aliases as term_aliases
from cyberread.engine.align import reading
from cyberread.engine.align.matching import Side, prepare
from cyberread.engine.align.reading import read_words
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text import sentences
from cyberread.engine.text.sentences import Piece, segment
from cyberread.engine.text.values import BodyValues
from cyberread.engine.text.words import WORD, TextTokens, Token, WordScan, compound_splits, fallback_terms

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _joined(words: list[str], gaps: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to `max_size` of `words`, each followed by one of `gaps`."""
    return st.lists(st.tuples(st.sampled_from(words), st.sampled_from(gaps)), max_size=max_size).map(
        lambda parts: "".join(word + gap for word, gap in parts)
    )


# Words, values, sentence ends, cut words and blank space of every kind, lines among them.
_WORDS = [
    "the", "Minister", "said", "and", "or", "including", "x", "Mr.", "U.S.", "e.g.", "end.", "Why?", "No!",
    "14", "March", "3.2", "million", "$5", "4.5", "five", "hundred", "first", "’s", "_", "İ", "2024-03-14",
    "“Yes.”", '"', ")", "(", "—", "-", ",", ";", ":", "k", "m", "cyber", "security", "cybersecurity",
]  # fmt: skip
_GAPS = ["", " ", " ", "  ", "\n", "\n", "\n\n", " \n ", "\t", "\r\n", "\u2028", "\u00a0", ". ", ", ", "; "]
texts = _joined(_WORDS, _GAPS, 40)
# Mostly a word a line: the bodies where pieces are many and small.
lines = _joined(_WORDS, ["\n", "\n", "\n", " \n", "\n\n", " "], 40)


# --- sentences and pieces, as they were cut a line and a sentence at a time ---

_LINE = re.compile(r"[^\n]+")


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    possible_end = sentences._possible_ends()
    for line in _LINE.finditer(text):
        if possible_end.search(text, line.start(), line.end()) is None:
            s, e = sentences._trim(text, line.start(), line.end())
            if e > s:
                spans.append((s, e))
            continue
        bounds = [line.start() + s for s in sentences._sentence_starts(line.group())]
        for s, e in zip(bounds, bounds[1:] + [line.end()], strict=True):
            s, e = sentences._trim(text, s, e)
            if e > s:
                spans.append((s, e))
    return spans


def _plain_segment(text: str) -> list[tuple[int, int, int, int, int]]:
    pieces = []
    clause_no = 0
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    for sentence_no, (s_start, s_end) in enumerate(_plain_sentences(text)):
        block_no = sum(1 for start in line_starts if start <= s_start) - 1
        for c_start, c_end in sentences._cut(text, s_start, s_end, sentences._CLAUSE_CUT, sentences.MIN_CLAUSE_WORDS):
            for p_start, p_end in sentences._cut(text, c_start, c_end, sentences._PIECE_CUT, sentences.MIN_PIECE_WORDS):
                pieces.append((p_start, p_end, clause_no, sentence_no, block_no))
            clause_no += 1
    return pieces


def _fields(piece: Piece) -> tuple[int, int, int, int, int]:
    return piece.start, piece.end, piece.clause, piece.sentence, piece.block


@QUICK
@given(st.one_of(texts, lines))
@example("")
@example("one\ntwo\n\n  three  \nMr. Smith went. He said, and left.\n4.5\n")
@example("He said. \u2028She left; then, including all, and more.")
def test_the_sentences_and_pieces_are_those_cut_a_line_and_a_sentence_at_a_time(text: str) -> None:
    assert sentences.sentences(text) == _plain_sentences(text)
    assert [_fields(p) for p in sentences._segment(text)] == _plain_segment(text)


@QUICK
@given(
    st.one_of(texts, lines),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 30), st.sampled_from(_WORDS + _GAPS)), max_size=3),
)
@example("one\ntwo\nthree\n", [(4, 3, "2")])
@example("a. b\nc\n", [(5, 0, "\n")])
@example("x\ny\n", [(4, 0, "z")])
@example("a\nb\nc\n", [(2, 0, "\n")])  # the lines after one more line break
def test_a_near_copy_cut_from_the_body_cut_before_it_has_the_pieces_cutting_it_whole_gives(
    text: str, edits: list[tuple[int, int, str]]
) -> None:
    copy = text
    for at, length, inserted in edits:  # each replaces `length` characters at `at` by `inserted`
        copy = copy[:at] + inserted + copy[at + length :]
    whole = sentences._segment_lines(copy, 0, len(copy))
    near = sentences._segment_near(copy, text, tuple(sentences._segment_lines(text, 0, len(text))))
    assert [_fields(p) for p in near] == [_fields(p) for p in whole] == _plain_segment(copy)


@QUICK
@given(st.text("ab\n", max_size=12), st.text("ab\n", max_size=12), st.text("ab\n", max_size=12))
def test_the_shared_start_and_end_found_by_halving_are_the_longest(start: str, a: str, b: str) -> None:
    first, second = start + a, start + b
    assert sentences._common_prefix(first, second) == len(os.path.commonprefix([first, second]))
    first, second = a + start, b + start
    limit = min(len(first), len(second))
    assert sentences._common_suffix(first, second, limit) == len(os.path.commonprefix([first[::-1], second[::-1]]))


def test_the_body_cut_last_lends_its_pieces_to_the_next_one_cut() -> None:
    body = "\n".join(f"Line {k}, and then some more words." for k in range(50))
    edited = body.replace("Line 20,", "A longer line twenty,")
    sentences._segment_once.cache_clear()
    segment(body)
    assert sentences._last_cut[0] is not None and sentences._last_cut[0][0] is body
    assert segment(edited) == sentences._segment_lines(edited, 0, len(edited))
    assert segment(body) == sentences._segment_lines(body, 0, len(body))  # from the cache, and now cut last
    assert sentences._last_cut[0][0] is body


def test_a_body_cut_with_other_windows_lends_no_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    body = ("word " * 5 + "end. ") * 6 + "\nshort line\n"
    sentences._segment_once.cache_clear()
    monkeypatch.setattr(sentences, "PUNKT_WINDOW", 20)
    segment(body)  # cut in windows of 20 characters: two breaks fewer
    monkeypatch.undo()
    edited = body + "another line\n"
    assert segment(edited) == sentences._segment_lines(edited, 0, len(edited))


def test_a_piece_is_the_frozen_dataclass_it_was() -> None:
    piece = Piece(3, 9, 1, 2, 0)
    assert repr(piece) == "Piece(start=3, end=9, clause=1, sentence=2, block=0)"
    assert piece == Piece(3, 9, 1, 2, 0) and piece != Piece(3, 9, 1, 2, 1)
    assert hash(piece) == hash((3, 9, 1, 2, 0))
    assert pickle.loads(pickle.dumps(piece)) == piece
    with pytest.raises(FrozenInstanceError):
        piece.start = 4  # type: ignore[misc]


# --- the tokens of a body's pieces, as `of` gave them one at a time ---


def _reader(text: str) -> tuple[TextTokens, dict[str, tuple[str, ...]]]:
    scan = WordScan(text)
    cache: dict[str, tuple[str, ...]] = {}
    return TextTokens(scan, BodyValues(text), compound_splits({w.casefold() for w in scan.surfaces}), cache), cache


def _stretches(text: str, cuts: list[int], trims: list[bool], pieces: bool) -> tuple[list[int], list[int]]:
    """The body's pieces, or stretches in order between cuts, each trimmed of blank space or not:
    touching, or with blank space between them, and not always from the text's start to its end."""
    if pieces:
        found = segment(text)
        return [p.start for p in found], [p.end for p in found]
    marks = sorted({min(len(text), cut) for cut in cuts})
    spans = [
        sentences._trim(text, start, end) if trim else (start, end)
        for (start, end), trim in zip(zip(marks, marks[1:], strict=False), chain(trims, repeat(True)), strict=False)
    ]
    return [start for start, _ in spans], [end for _, end in spans]


@QUICK
@given(
    st.one_of(texts, lines),
    st.lists(st.integers(0, 300), max_size=12),
    st.lists(st.booleans(), max_size=12),
    st.booleans(),
)
@example("4.5\nthe\nthree\nhundred\n14\nMarch\nx", [], [], True)  # a value read over a line break
@example("cost 3 m” and 5 k", [0, 6, 12], [False], False)
@example("abc def", [0, 2, 3, 5], [False], False)  # touching in a word
@example("abc def", [1, 3, 5], [True, True], False)  # the first starting in a word
def test_the_tokens_of_each_piece_are_what_reading_each_alone_gives(
    text: str, cuts: list[int], trims: list[bool], pieces: bool
) -> None:
    starts, ends = _stretches(text, cuts, trims, pieces)
    bulk, bulk_cache = _reader(text)
    one_by_one, plain_cache = _reader(text)
    assert bulk.each(starts, ends) == [one_by_one.of(start, end) for start, end in zip(starts, ends, strict=True)]
    assert list(bulk_cache.items()) == list(plain_cache.items())  # the words put in at once
    bulk.remember()
    one_by_one.remember()
    assert list(bulk_cache.items()) == list(plain_cache.items())


@QUICK
@given(st.one_of(texts, lines, st.text(alphabet="ab1_ '’.\n-éİß\u0301", max_size=40)))
def test_the_scan_finds_the_words_a_search_for_each_finds(text: str) -> None:
    scan = WordScan(text)
    found = list(WORD.finditer(text))
    assert scan.surfaces == [word.group() for word in found]
    assert scan.starts == [word.start() for word in found]
    assert scan.ends == [word.end() for word in found]


@pytest.mark.parametrize(
    ("starts", "ends"), [([8, 4, 0], [11, 7, 3]), ([0, 2, 8], [7, 9, 11]), ([0, 4, 4], [3, 7, 11])]
)
def test_stretches_out_of_order_or_overlapping_are_read_one_at_a_time(starts: list[int], ends: list[int]) -> None:
    text = "abc def ghi"
    bulk, bulk_cache = _reader(text)
    one_by_one, plain_cache = _reader(text)
    assert bulk.each(starts, ends) == [one_by_one.of(start, end) for start, end in zip(starts, ends, strict=True)]
    bulk.remember()
    one_by_one.remember()
    assert list(bulk_cache.items()) == list(plain_cache.items())


def test_a_word_character_to_re_is_what_kind_before_calls_one() -> None:
    for point in range(0x110000):
        character = chr(point)
        assert bool(reading._WORD_CHARACTER.match(character)) == (reading._kind_before(" " + character, 2) != 0)


# --- what `prepare` hands the aligner, as its loops made it a piece at a time ---


def _plain_prepare(text_a: str, text_b: str, settings: MatchSettings, segmented: Any, words: Any) -> tuple[Side, Side]:
    splits, cache = words.splits, words.cache
    raw = []
    seen: dict[str, tuple[int, list[Token], list[str], int]] = {}
    for text, known, reader in zip((text_a, text_b), segmented, words.readers, strict=True):
        pieces = segment(text) if known is None else known
        terms = []
        tokens = []
        for p in pieces:
            piece_text = text[p.start : p.end]
            before = seen.get(piece_text)
            context = reading._kind_before(text, p.start)
            if before is None:
                found = reader.of(p.start, p.end)
                piece_terms = list(chain.from_iterable(t.terms for t in found)) or fallback_terms(
                    t.surface for t in found
                )
                seen[piece_text] = (p.start, found, piece_terms, context)
            elif before[3] == context:
                found = reader.of(p.start, p.end)
                piece_terms = before[2]
            else:
                shift = p.start - before[0]
                found = [Token(t.start + shift, t.end + shift, t.surface, t.terms) for t in before[1]]
                piece_terms = before[2]
            tokens.append(found)
            terms.append(piece_terms)
        reader.remember()
        raw.append((text, pieces, terms, tokens))
    vocab_a = {t for ts in raw[0][2] for t in ts}
    vocab_b = {t for ts in raw[1][2] for t in ts}
    aliases = term_aliases.fuzzy_aliases(vocab_a - vocab_b, vocab_b - vocab_a, settings)
    if settings.synonyms:
        named_a, named_b = (term_aliases.aliased(vocab, aliases) for vocab in (vocab_a, vocab_b))
        left_a, left_b = named_a - named_b, named_b - named_a
        surfaces = term_aliases.surfaces_by_term(cache, left_a | left_b)
        aliases.update(term_aliases.synonym_aliases(left_a, left_b, surfaces))
    clause_terms: list[set[str]] = []
    sides_terms = []
    for _text, pieces, terms, _tokens in raw:
        if aliases:
            terms = [[aliases.get(t, t) for t in ts] for ts in terms]
        sides_terms.append(terms)
        by_clause: dict[int, set[str]] = defaultdict(set)
        for piece, ts in zip(pieces, terms, strict=True):
            by_clause[piece.clause].update(ts)
        clause_terms.extend(by_clause.values())
    document_frequency = Counter(chain.from_iterable(clause_terms))
    documents = len(clause_terms)
    idf = {t: math.log((documents + 1) / df) for t, df in document_frequency.items()}
    sides = []
    for (text, pieces, _, tokens), terms in zip(raw, sides_terms, strict=True):
        bags = []
        for ts in terms:
            bag: dict[str, float] = {}
            for t in ts:
                bag[t] = bag.get(t, 0.0) + idf[t]
            bags.append(bag)
        ranges: dict[int, list[int]] = {}
        for index, piece in enumerate(pieces):
            ranges.setdefault(piece.clause, [index, index])[1] = index + 1
        clause_range = [(ranges[c][0], ranges[c][1]) for c in sorted(ranges)]
        side = Side(text, pieces, bags, clause_range, splits, cache, document_frequency, aliases=aliases)
        side.piece_tokens = tokens
        sides.append(side)
    return sides[0], sides[1]


def _everything(side: Side) -> tuple[object, ...]:
    """A side's fields, dicts and counters in their order."""
    return (
        side.text,
        side.pieces,
        [list(bag.items()) for bag in side.bags],
        side.clause_range,
        list(side.splits.items()),
        list(side.term_cache.items()),
        list(side.clause_frequency.items()),
        side.aliases and list(side.aliases.items()),
        side.piece_tokens,
    )


def _given_pieces(text: str, cuts: list[int], shuffle: bool) -> list[Piece]:
    """Pieces a caller might keep: cut anywhere (after a letter, over a value, touching), numbered
    with clauses that may go back."""
    marks = sorted({min(len(text), cut) for cut in cuts} | {0, len(text)})
    pieces = [
        Piece(s, e, (k * 7 % 3) if shuffle else k // 2, k, 0)
        for k, (s, e) in enumerate(zip(marks, marks[1:], strict=False))
    ]
    return [p for p in pieces if p.end > p.start]


@QUICK
@given(
    st.one_of(texts, lines),
    st.one_of(texts, lines),
    st.sampled_from(["two", "same", "one copied"]),
    st.lists(st.integers(0, 300), max_size=10),
    st.sampled_from(["cut", "given", "given in any order", "given for a"]),
)
@example("4.5\nthe\n4.5\nx", "4.5\nthe\nx", "two", [], "cut")
@example("x4.5 the 4.5", "the 4.5", "two", [1, 4, 9], "given")  # "4.5" after a letter, then after blank
@example("x4.5 the", "the\n4.5", "two", [1, 4], "given for a")  # b's "4.5" met first after a letter
def test_prepare_hands_the_aligner_what_its_piece_at_a_time_loops_did(
    text_a: str, text_b: str, pair: str, cuts: list[int], pieces: str
) -> None:
    if pair == "same":
        text_b = text_a
    elif pair == "one copied":
        text_b = "".join(text_a)  # equal, but another string: read as two
    segmented: tuple[list[Piece] | None, list[Piece] | None] = (None, None)
    if pieces != "cut":
        shuffle = pieces == "given in any order"
        segmented = (_given_pieces(text_a, cuts, shuffle), _given_pieces(text_b, cuts[::-1], shuffle))
        if pieces == "given for a":
            segmented = (segmented[0], None)
    settings = MatchSettings()
    quick = prepare(text_a, text_b, settings, segmented, read_words(text_a, text_b))
    plain = _plain_prepare(text_a, text_b, settings, segmented, read_words(text_a, text_b))
    for quick_side, plain_side in zip(quick, plain, strict=True):
        assert _everything(quick_side) == _everything(plain_side)
    assert quick[0].term_cache is quick[1].term_cache


def test_a_body_compared_with_itself_gives_each_side_its_own_lists() -> None:
    text = "The minister met 4.5 envoys.\nThe minister met them."
    a, b = prepare(text, text, MatchSettings())
    assert _everything(a) == _everything(b)
    assert a.piece_tokens is not None and b.piece_tokens is not None
    assert all(x is not y for x, y in zip(a.piece_tokens, b.piece_tokens, strict=True))
    assert all(x is not y for x, y in zip(a.bags, b.bags, strict=True))
