"""Reading a body once gives what reading each stretch of it gave (kept here as the reference): the
values of a stretch, the tokens of a piece, and the pieces' tokens and terms the aligner prepares; and
the differences and framing of a match found with less work are the ones the plain loops found; the
clauses and pieces cut with quicker patterns are the ones the plain patterns cut."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import attribution, differences, names, quote_agreement, quotes, word_diff
from cyberread.engine.align.matching import clause_bags_of, prepare
from cyberread.engine.align.result import Span
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text import sentences, values
from cyberread.engine.text.sentences import segment
from cyberread.engine.text.values import BodyValues, find_values
from cyberread.engine.text.wordlists import FUNCTION_WORDS
from cyberread.engine.text.words import (
    WORD,
    TextTokens,
    Token,
    WordScan,
    compound_splits,
    count_tokens,
    tokenize,
)

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of numbers, dates and words that run into one another when nothing parts them: a value may
# run over the end of a stretch, a word over the end of a value ("March’s", "1990’s").
_FRAGMENTS = [
    "14", "March", "3.2", "million", "$", "US$", "five", "twenty", "one", "hundred", "first", "’s", "’",
    "x", "Cyber", "security", "cybersecurity", "the", "5th", "2024-03-14", "percent", "%", "per cent",
    "Jan", "k", "_", "ſ", "İ", "1,500", ".5", "m", "bn", "B", "\u212a", "“", "”", '"',
]  # fmt: skip
# Quotation marks, brackets and stops right after a value: a stretch ends before them.
_SEPARATORS = ["", " ", " ", "\n", ". ", ", ", " - ", "  ", "”", '"', ")", ";", ",", ".", "%", "-", ":", "'"]


def _joined(words: list[str], gaps: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to `max_size` of `words`, each followed by one of `gaps`."""
    return st.lists(st.tuples(st.sampled_from(words), st.sampled_from(gaps)), max_size=max_size).map(
        lambda parts: "".join(word + gap for word, gap in parts)
    )


texts = _joined(_FRAGMENTS, _SEPARATORS, 30)


def _stretches(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    marks = sorted({min(len(text), cut) for cut in cuts} | {0, len(text)})
    return list(zip(marks, marks[1:], strict=False)) + [(0, len(text))]


@QUICK
@given(texts, st.lists(st.integers(0, 200), max_size=8))
@example("At 14 March 2024 they paid $3.2 million", [3, 12, 17, 30])
@example("in 1990’s and 14 March’s", [3, 8, 15, 20])
@example('It cost 3 m” and 5 kn" and 2 mx later', [11, 21, 30])  # a magnitude's lookahead at the end
def test_the_values_of_a_stretch_are_what_reading_it_alone_gives(text: str, cuts: list[int]) -> None:
    values = BodyValues(text)
    assert values.values == find_values(text)
    for start, end in _stretches(text, cuts):
        assert values.within(start, end) == find_values(text, start, end)


def _words_in_read_alone(body: str, spans: tuple[Span, ...]) -> int:
    """quotes._words_in as it was: each short quote's values read on their own."""
    words = 0
    for span in spans:
        for _ in WORD.finditer(body, span.start, span.end):
            words += 1
            if words >= quotes._LONGEST_VALUE:
                return words
    return sum(count_tokens(body, s.start, s.end) for s in spans)


@QUICK
@given(texts, st.lists(st.integers(0, 200), max_size=8))
@example('“It cost 3 m” and 5 kn" and', [1, 11, 17, 21])
def test_a_quotes_words_are_counted_as_reading_it_alone_counts_them(text: str, cuts: list[int]) -> None:
    stretches = _stretches(text, cuts)
    spans = tuple(Span(start, end, text[start:end]) for start, end in stretches[:-1])
    values = BodyValues(text)
    for k in range(len(spans) + 1):
        assert quotes._words_in(text, spans[:k], values) == _words_in_read_alone(text, spans[:k])
        assert quotes._words_in(text, spans[k:], values) == _words_in_read_alone(text, spans[k:])


@QUICK
@given(texts, st.lists(st.integers(0, 200), max_size=8))
@example("in 1990’s and 14 March’s cybersecurity", [3, 8, 15, 20])
def test_the_tokens_of_a_stretch_are_what_tokenizing_it_alone_gives(text: str, cuts: list[int]) -> None:
    scan = WordScan(text)
    splits = compound_splits({w.casefold() for w in scan.surfaces})
    quick_cache: dict[str, tuple[str, ...]] = {}
    plain_cache: dict[str, tuple[str, ...]] = {}
    reader = TextTokens(scan, BodyValues(text), splits, quick_cache)
    for start, end in _stretches(text, cuts):
        assert reader.of(start, end) == tokenize(text, start, end, splits, plain_cache)
        reader.remember()
        assert quick_cache == plain_cache
    # Remembered once, after every stretch: the same words.
    once_cache: dict[str, tuple[str, ...]] = {}
    once = TextTokens(scan, BodyValues(text), splits, once_cache)
    for start, end in _stretches(text, cuts):
        once.of(start, end)
    once.remember()
    assert once_cache == plain_cache


@QUICK
@given(texts, texts)
@example("The minister met 14 March. The minister met 14 March.", "The minister met 14 March’s envoy.")
def test_the_prepared_pieces_hold_what_tokenizing_each_alone_gives(text_a: str, text_b: str) -> None:
    a, b = prepare(text_a, text_b, MatchSettings())
    cache: dict[str, tuple[str, ...]] = {}  # every word tokenizing the pieces one by one meets
    for side in (a, b):
        assert side.pieces == segment(side.text)
        assert side.piece_tokens == [tokenize(side.text, p.start, p.end, side.splits, cache) for p in side.pieces]
    assert a.term_cache == cache
    # The clause counts prepare weighed terms by are those candidates.py counted of the clause bags.
    counted = Counter(term for side in (a, b) for bag in clause_bags_of(side) for term in bag)
    assert a.clause_frequency is b.clause_frequency and a.clause_frequency == counted


@QUICK
@given(st.lists(st.sampled_from("abc"), max_size=40))
def test_the_diff_of_two_equal_word_lists_is_sequence_matchers(keys: list[str]) -> None:
    assert word_diff._opcodes(keys, list(keys)) == SequenceMatcher(None, keys, keys, autojunk=False).get_opcodes()


def _plain_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """The runs _names trims, as its loop found them asking every word whether it joins the run."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        capitalised = token.surface[:1].isupper() and differences._value_kind(token) is None
        capitalised = capitalised and token.surface.casefold() not in names.NOT_NAMES
        joiner = bool(current) and token.surface in names.NAME_JOINERS
        adjacent = bool(current) and text[current[-1].end : token.start] == " "
        if (capitalised or joiner) and (adjacent or not current):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if capitalised else []
    if current:
        runs.append(current)
    return runs


names_texts = st.lists(
    st.tuples(
        st.sampled_from(["Wang", "Yi", "of", "the", "Of", "March", "14", "said", "Mr", "de"]),
        st.sampled_from([" ", "  ", ", ", ". "]),
    ),
    max_size=20,
).map(lambda parts: "".join(word + gap for word, gap in parts))


@QUICK
@given(names_texts)
def test_the_runs_of_capitalised_words_are_what_the_plain_loop_found(text: str) -> None:
    tokens = tokenize(text)
    assert names.capitalised_runs(text, tokens) == _plain_runs(text, tokens)


@QUICK
@given(names_texts, names_texts)
def test_a_side_whose_every_term_the_other_has_has_no_word_value_or_name_of_its_own(text_a: str, text_b: str) -> None:
    # What find_differences no longer works out when one side's terms are all the other's.
    tokens_a, tokens_b = tokenize(text_a), tokenize(text_b + " ; " + text_a)
    terms_a = {t for tok in tokens_a for t in tok.terms}
    terms_b = {t for tok in tokens_b for t in tok.terms}
    assume(terms_a <= terms_b)
    assert differences._words_only_here(tokens_a, terms_b, sorted(terms_b - terms_a)) == []
    assert not [t for t in tokens_a if differences._value_kind(t) and t.terms[0] not in terms_b]
    for run in names.names_in(text_a, tokens_a):
        content = [t for tok in run for t in tok.terms]
        assert sum(t in terms_b for t in content) * 2 >= len(content)


# The cut patterns as they were written, each alternative starting with its look-behind.
_PLAIN_CLAUSE_CUT = re.compile(r"(?<=[;:])\s+|\s+(?=including\s)")
_PLAIN_PIECE_CUT = re.compile(
    r"(?<=,)\s+|(?<=,[\"”’'])\s+|\s+(?=(?:and|or|but|as well as)\s+(?![A-Z]))|\s+(?=[—–-]+\s)"
)
_CUT_PARTS = [
    " ",
    "  ",
    "\n",
    ",",
    ";",
    ":",
    "”",
    "'",
    "—",
    "-",
    "and",
    "or",
    "but",
    "as well as",
    "including",
    "A",
    "x",
]
cut_texts = st.lists(st.sampled_from(_CUT_PARTS), max_size=30).map("".join)


@QUICK
@given(cut_texts, st.integers(0, 40), st.integers(0, 40))
def test_the_cut_patterns_find_what_they_found_written_the_plain_way(text: str, start: int, length: int) -> None:
    end = min(len(text), start + length)
    for quick, plain in ((sentences._CLAUSE_CUT, _PLAIN_CLAUSE_CUT), (sentences._PIECE_CUT, _PLAIN_PIECE_CUT)):
        assert [m.span() for m in quick.finditer(text, start, end)] == [
            m.span() for m in plain.finditer(text, start, end)
        ]


@QUICK
@given(texts)
def test_the_content_words_counted_are_those_the_plain_loop_counted(text: str) -> None:
    plain = sum(1 for w in WORD.findall(text) if w.lower() not in FUNCTION_WORDS)
    assert sentences._word_count(text, 0, len(text)) == plain


own_words = st.lists(
    st.sampled_from(["Wang", "said", "SAID", "claimed", "so-called", "the", "ſaid", "talks", " ", ", "]), max_size=12
).map("".join)


@QUICK
@given(st.lists(own_words, max_size=4))
def test_the_reporting_verbs_are_what_reading_every_word_found(texts: list[str]) -> None:
    stretches = [Span(100 * k, 100 * k + len(text), text) for k, text in enumerate(texts)]
    plain = [
        (attribution.VERBS[m.group().casefold()], Span(s.start + m.start(), s.start + m.end(), m.group()))
        for s in stretches
        for m in quote_agreement._WORD_RUN.finditer(s.text)
        if m.group().casefold() in attribution.VERBS
    ]
    assert quote_agreement._verbs(stretches) == plain


@QUICK
@given(st.lists(own_words, max_size=4), st.integers(0, 50))
def test_two_sides_in_the_same_own_words_frame_nothing_differently(texts: list[str], shift: int) -> None:
    # framing_changes returns at once when both sides' own words are the same: reading them would
    # find the same verbs and qualifiers on each side, so nothing to report.
    spans_a = tuple(Span(100 * k, 100 * k + len(text), text) for k, text in enumerate(texts))
    spans_b = tuple(Span(s.start + shift, s.end + shift, s.text) for s in spans_a)
    verbs_a, verbs_b = quote_agreement._verbs(list(spans_a)), quote_agreement._verbs(list(spans_b))
    assert [v for v, _ in verbs_a] == [v for v, _ in verbs_b]
    assert {q for q, _ in quote_agreement._qualifiers(list(spans_a))} == {
        q for q, _ in quote_agreement._qualifiers(list(spans_b))
    }
    assert quote_agreement.framing_changes(spans_a, [], spans_b, []) == ()


def test_in_the_folded_lower_cased_copy_each_character_is_what_re_takes_it_for_ignoring_case() -> None:
    # Every code point: the copy the value searches run over holds one character for it, a word
    # character or digit exactly when it is one, and an ASCII letter exactly when `re` ignoring case
    # takes it for that letter (the searches' letters are all ASCII).
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for point in range(0x110000):
        character = chr(point)
        copy = character
        for odd, letter in values._FOLDED:
            copy = copy.replace(odd, letter)
        copy = copy.lower()
        assert len(copy) == 1, hex(point)
        assert (copy.isalnum() or copy == "_") == (character.isalnum() or character == "_"), hex(point)
        assert copy.isdecimal() == character.isdecimal(), hex(point)
        if ascii_letter.fullmatch(character):
            assert "a" <= copy <= "z" and re.fullmatch(copy, character, re.IGNORECASE), hex(point)
        else:
            assert not "a" <= copy <= "z", hex(point)


class _PlainScan(values._Scan):
    """The searches as they ran before: ignoring case, over the text itself."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.copy, self.shift, self.searches = text, 0, values._ANY_CASE


def _outcome(text: str, start: int, end: int) -> object:
    try:
        return find_values(text, start, end)
    except KeyError as error:  # "fırst" was read as an ordinal word that _ORDINAL_WORDS did not hold
        return ("KeyError", error.args)


folding_texts = _joined(
    [*_FRAGMENTS, "FIRST", "fırst", "İ", "ſix", "ſeventh", "Kelvin", "MARCH", "Aprıl", "ß"], _SEPARATORS, 20
)


@QUICK
@given(folding_texts, st.integers(0, 200), st.integers(0, 200))
@example("on 14 MARCH the fırst ſix", 0, 200)
def test_the_values_read_from_a_lower_cased_copy_are_those_read_ignoring_case(
    text: str, start: int, length: int
) -> None:
    end = min(len(text), start + length)
    quick = _outcome(text, start, end)
    plain_scan = values._Scan
    values._Scan = _PlainScan  # type: ignore[misc]
    try:
        assert quick == _outcome(text, start, end)
    finally:
        values._Scan = plain_scan  # type: ignore[misc]


quantity_texts = _joined(
    ["Blinken", "99347", "5", "x", "US$", "uſ$", "S", "$", "€", ".", "_", "3D", "٣", "million", "five", "th", "%"],
    ["", "", " ", ", ", ".", "\u00a0", " \t"],
    20,
)


@QUICK
@given(quantity_texts, st.integers(0, 60), st.integers(0, 200))
@example("Blinken9US$5 and x99 5", 0, 200)
@example("cost US$ .5 and S€ 5", 0, 200)
def test_the_quantities_found_are_what_the_plain_finditer_finds(text: str, start: int, length: int) -> None:
    """_quantities tries only near a digit or a number word, from no further back than the currency,
    blank and point before it, and skips a run of digits that follows a letter or digit at once: it
    finds what trying every position finds."""
    end = min(len(text), start + length)
    quick = [m.span() for m in values._quantities(text, start, end, values._Scan(text, start, end))]
    assert quick == [m.span() for m in values._QUANTITY.finditer(text, start, end)]


@pytest.mark.parametrize(
    ("turkish", "english"),
    [
        ("on 3 Aprıl 2024", "on 3 April 2024"),
        ("the fırst meeting", "the first meeting"),
        ("two bıllıon dollars", "two billion dollars"),
        ("on 3 APRİL 2024", "on 3 APRIL 2024"),
        ("a rise of fıve percent", "a rise of five percent"),
    ],
)
def test_a_dotless_or_dotted_i_in_a_value_is_read_as_the_i_the_pattern_took_it_for(turkish: str, english: str) -> None:
    """`re` ignoring case takes ı and İ for i; the tables are looked up the same way (a KeyError once
    stopped the whole comparison of such a text)."""
    assert [v.key for v in find_values(turkish, 0, len(turkish))] == [
        v.key for v in find_values(english, 0, len(english))
    ]


date_texts = _joined(
    ["14", "3rd", "2024", "03", "-", "2024-03-14", "March", "MAR", "sept", "Aprıl", "decide", "of"],
    ["", " ", ", ", ".", "-"],
    12,
)


@QUICK
@given(date_texts, st.integers(0, 40), st.integers(0, 120))
@example("decide 14 and 2024-03-14", 0, 120)
@example("on 14 MARCH", 3, 120)
def test_a_stretch_without_a_month_or_an_iso_date_has_no_date(text: str, start: int, length: int) -> None:
    """Dates are tried only where a month's name or an ISO date is: the values are those found when
    every digit is tried as a date's start."""
    end = min(len(text), start + length)
    scan = values._Scan(text, start, end)
    dated = [m.span() for m in values._DATE.finditer(text, start, end)]
    assert not dated or scan.may_hold_date(start, end)
    quick = _outcome(text, start, end)
    gated = values._Scan.may_hold_date
    values._Scan.may_hold_date = lambda self, start, end: True  # type: ignore[method-assign]
    try:
        assert quick == _outcome(text, start, end)
    finally:
        values._Scan.may_hold_date = gated  # type: ignore[method-assign]
