"""The first stretch of an alignment, made with less work, gives what it gave (the old code is kept
here as the reference): the bags and clause counts `prepare` hands the aligner, each clause's
case-folded words cut from a scan of its body, and the surfaces of the terms the synonyms look up."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from functools import partial
from itertools import chain, starmap
from operator import le

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyberread.engine.align import aliases as term_aliases
from cyberread.engine.align import matching, reading
from cyberread.engine.align.matching import Bag, Segmented, Side
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text.sentences import Piece, segment
from cyberread.engine.text.words import Token, WordScan
from tests.unit.test_reading_in_bulk import _everything

QUICK = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that repeat (so that pieces and clauses repeat, on one side and across the two), values,
# function words, and letters whose case folding is longer than they are or parts a word.
_WORDS = [
    "The", "minister", "said", "SAID", "talks", "talk", "troops", "soldiers", "argument", "disagreement",
    "and", "it", "is", "14", "March", "3.2", "million", "$5", "’s", "Don't", "İSTANBUL", "Straße", "ſtate",
    "ı", "é", "_", "cyber", "security", "cybersecurity", "x",
]  # fmt: skip
_GAPS = [" ", " ", " ", "\n", ". ", ", ", "; ", ".\n", "\n\n", " - ", "“", "”"]
texts = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=60).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)
# A few sentences drawn again and again: a body that repeats its pieces, as long ones do.
repeating = st.lists(texts, min_size=1, max_size=4).flatmap(
    lambda pool: st.lists(st.sampled_from(pool), max_size=12).map("\n".join)
)
bodies = st.one_of(texts, repeating)


def _old_prepare(
    text_a: str,
    text_b: str,
    settings: MatchSettings,
    segmented: Segmented = (None, None),
    words: reading.BodyWords | None = None,
) -> tuple[Side, Side]:
    """Segment and weigh both bodies; term rarity (IDF) is counted over the clauses of both.
    `segmented`: the pieces of either body where the caller has them (kept by the store); `words`:
    read_words(text_a, text_b), where the caller has it."""
    if words is None:
        words = reading.read_words(text_a, text_b)
    splits, cache = words.splits, words.cache
    raw: list[tuple[str, list[Piece], list[list[str]], list[list[Token]]]] = []
    # The pieces met so far, on either side (_read_pieces).
    seen: dict[str, tuple[int, list[Token], list[str], int]] = {}
    for text, known, reader in zip((text_a, text_b), segmented, words.readers, strict=True):
        pieces = segment(text) if known is None else known
        if raw and text is raw[0][0] and pieces == raw[0][1]:
            # A body compared with itself: b's pieces are a's, and so are their words and terms.
            terms, tokens = list(raw[0][2]), list(map(list, raw[0][3]))
        else:
            terms, tokens = reading.read_pieces(text, pieces, reader, seen)
        reader.remember()
        raw.append((text, pieces, terms, tokens))
    vocab_a = {t for ts in raw[0][2] for t in ts}
    vocab_b = {t for ts in raw[1][2] for t in ts}
    aliases = term_aliases.fuzzy_aliases(vocab_a - vocab_b, vocab_b - vocab_a, settings)
    if settings.synonyms:
        named_a, named_b = (term_aliases.aliased(vocab, aliases) for vocab in (vocab_a, vocab_b))
        left_a, left_b = named_a - named_b, named_b - named_a
        surfaces = _old_surfaces_by_term(cache, left_a | left_b)
        aliases.update(term_aliases.synonym_aliases(left_a, left_b, surfaces))

    clause_terms: list[set[str]] = []
    sides_terms = []
    sides_ranges = []
    for _text, pieces, terms, _tokens in raw:
        if aliases:
            # Most pieces hold no term an alias renames: asked of each at once, in C.
            renamed = aliases.keys()
            terms = [ts if renamed.isdisjoint(ts) else [aliases.get(t, t) for t in ts] for ts in terms]
        sides_terms.append(terms)
        clauses = list(map(matching._CLAUSE, pieces))
        if all(map(le, clauses, clauses[1:])):
            # Clauses in order (as segment() numbers them): each one's pieces are one run.
            sides_ranges.append(matching._clause_runs(clauses))
            # Each clause's terms gathered in C: a Python step for each of 100,000 one-piece clauses
            # cost more than their sets.
            clause_terms += map(set, map(chain.from_iterable, map(terms.__getitem__, starmap(slice, sides_ranges[-1]))))
            continue
        by_clause: dict[int, set[str]] = defaultdict(set)
        ranges: dict[int, list[int]] = {}
        for index, (clause, ts) in enumerate(zip(clauses, terms, strict=True)):
            by_clause[clause].update(ts)
            ranges.setdefault(clause, [index, index])[1] = index + 1
        clause_terms.extend(by_clause.values())
        sides_ranges.append([(ranges[c][0], ranges[c][1]) for c in sorted(ranges)])
    document_frequency = Counter(chain.from_iterable(clause_terms))
    documents = len(clause_terms)
    idf = {t: math.log((documents + 1) / df) for t, df in document_frequency.items()}

    sides = []
    # Pieces of one text share one list of terms (_read_pieces), and so one bag: made once, copied.
    bag_of: dict[int, Bag] = {}
    for (text, pieces, _, tokens), terms, clause_range, reader in zip(
        raw, sides_terms, sides_ranges, words.readers, strict=True
    ):
        for key, ts in dict(zip(map(id, terms), terms, strict=True)).items():
            if key not in bag_of:
                bag: Bag = {}
                for t in ts:
                    bag[t] = bag.get(t, 0.0) + idf[t]
                bag_of[key] = bag
        bags = list(map(dict.copy, map(bag_of.__getitem__, map(id, terms))))
        sides.append(
            Side(
                text,
                pieces,
                bags,
                clause_range,
                splits,
                cache,
                document_frequency,
                aliases=aliases,
                piece_tokens=tokens,
                word_scan=reader.scan,
            )
        )
    return sides[0], sides[1]


def _old_words_cut_from(scan: WordScan, starts: list[int], ends: list[int]) -> list[tuple[str, ...]]:
    """_words_of each stretch starts[k]..ends[k] of the scanned text, cut from the scan's words: those
    inside a stretch are its words unless one of them runs over an end of it (WORD looks neither
    behind nor ahead, as TextTokens relies on too), and such a stretch is read again. All the words
    are case-folded in one call, as casefold() maps each character on its own and no word holds a
    line break. The clauses of two bodies of 100,000 words (bench/long_pair.py's pair): 0.03 s,
    and 0.037 s reading each clause's text again."""
    folded = "\n".join(scan.surfaces).casefold().split("\n") if scan.surfaces else []
    firsts = list(map(partial(bisect_left, scan.starts), starts))
    lasts = list(map(partial(bisect_left, scan.starts), ends))
    words = list(map(tuple, map(folded.__getitem__, map(slice, firsts, lasts))))
    word_ends = scan.ends
    for k, (start, end, first, last) in enumerate(zip(starts, ends, firsts, lasts, strict=True)):
        if (first and word_ends[first - 1] > start) or (last > first and word_ends[last - 1] > end):
            words[k] = matching._words_of(scan.text[start:end])
    return words


def _old_surfaces_by_term(cache: dict[str, tuple[str, ...]], wanted: AbstractSet[str]) -> dict[str, set[str]]:
    """aliases.surfaces_by_term as it was."""
    from cyberread.engine.text.synonyms import may_have_synsets

    out: dict[str, set[str]] = defaultdict(set)
    for surface, terms in cache.items():
        if len(terms) == 1 and terms[0] in wanted:
            folded = surface.casefold()
            if may_have_synsets(folded):
                out[terms[0]].add(folded)
    return out


@QUICK
@given(bodies, bodies, st.sampled_from(["two", "same", "one copied"]))
@example("The minister said.\nThe minister said.\nTroops.", "The minister said.\nSoldiers.", "two")
@example("It is.\nIt is.", "It is.", "same")
def test_prepare_hands_the_aligner_what_it_did(text_a: str, text_b: str, pair: str) -> None:
    if pair == "same":
        text_b = text_a
    elif pair == "one copied":
        text_b = "".join(text_a)  # equal, but another string: read as two
    settings = MatchSettings()
    new = matching.prepare(text_a, text_b, settings, (None, None), reading.read_words(text_a, text_b))
    old = _old_prepare(text_a, text_b, settings, (None, None), reading.read_words(text_a, text_b))
    for new_side, old_side in zip(new, old, strict=True):
        assert _everything(new_side) == _everything(old_side)
        assert new_side.clause_words == old_side.clause_words
    # Pieces of one text share their bag, but no bag is both sides'.
    assert not {id(bag) for bag in new[0].bags} & {id(bag) for bag in new[1].bags}


def _old_clause_words(side: Side) -> list[tuple[str, ...]]:
    """Side.clause_words as it was."""
    starts = [side.pieces[lo].start for lo, _ in side.clause_range]
    ends = [side.pieces[hi - 1].end for _, hi in side.clause_range]
    assert side.word_scan is not None
    return _old_words_cut_from(side.word_scan, starts, ends)


@QUICK
@given(bodies, st.lists(st.integers(0, 400), max_size=12))
@example("İSTANBUL’S Straße ſtate, Don't. SAID said", [])
@example("The minister said.\nThe minister said.", [5, 3])
def test_the_words_of_stretches_are_what_they_were_whichever_way_they_are_folded(text: str, cuts: list[int]) -> None:
    scan = WordScan(text)
    marks = sorted({min(len(text), cut) for cut in cuts} | {0, len(text)})
    starts, ends = marks[:-1], marks[1:]
    old = _old_words_cut_from(scan, starts, ends)
    # Many distinct words or few: each word folded in one call for all, or once for each distinct one.
    assert matching._words_cut_from(scan, starts, ends, len(scan.surfaces)) == old
    assert matching._words_cut_from(scan, starts, ends, 0) == old


@QUICK
@given(bodies, bodies)
def test_the_clauses_words_are_what_they_were(text_a: str, text_b: str) -> None:
    for side in matching.prepare(text_a, text_b, MatchSettings()):
        assert side.clause_words == _old_clause_words(side)


@QUICK
@given(
    st.dictionaries(
        st.sampled_from(_WORDS),
        st.lists(st.sampled_from(["talk", "troop", "soldier", "said", "x"]), max_size=2).map(tuple),
    ),
    st.sets(st.sampled_from(["talk", "troop", "soldier", "said", "argument", "x"])),
)
def test_the_surfaces_of_the_wanted_terms_are_what_they_were(
    cache: dict[str, tuple[str, ...]], wanted: set[str]
) -> None:
    new = term_aliases.surfaces_by_term(cache, wanted)
    assert list(new.items()) == list(_old_surfaces_by_term(cache, wanted).items())
    assert new.get("none of them", set()) == set()
