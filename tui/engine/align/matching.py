"""The aligner's view of two bodies: every piece's terms weighed by rarity (IDF over the clauses of
both), spelling variants and synonyms across the two mapped to shared terms, and the bags the later
steps score with `dice`. The bodies' words are read in reading.py; candidate clause pairs are found
in candidates.py, chosen in selection.py."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, count, starmap
from operator import attrgetter, le, ne

from ..text.checkpoints import CHECK_EVERY, check_in
from ..text.sentences import Piece, segment
from ..text.words import (
    WORD,
    Token,
    WordScan,
    tokenize,
)
from .aliases import aliased, fuzzy_aliases, surfaces_by_term, synonym_aliases
from .forked import cached_property
from .reading import BodyWords, read_pieces, read_words
from .settings import MatchSettings

Bag = dict[str, float]
_CLAUSE = attrgetter("clause")
AROUND_PIECES = 6
"""Pieces of a sentence read either side of a match for what else the sentence says (Side.terms_around)."""


@dataclass
class Side:
    """One body as the aligner sees it: pieces and their weighted term bags."""

    text: str
    pieces: list[Piece]
    bags: list[Bag]
    clause_range: list[tuple[int, int]]  # clause -> [first piece, last piece + 1)
    splits: dict[str, tuple[str, str]]
    term_cache: dict[str, tuple[str, ...]]
    clause_frequency: Counter[str]
    """How many clauses of the two texts hold each term (their rarity's count, shared by both sides):
    which terms are too common to look candidates up by (candidates.py)."""
    clause_bags: list[Bag] | None = None
    aliases: dict[str, str] | None = None
    """Terms of this text that count as another (a spelling variant or synonym the other text uses)."""
    piece_tokens: list[list[Token]] | None = None
    """The words of each piece, kept from weighing them: the matches' word diffs need them again."""
    term_pairs: set[tuple[str, str]] | None = None
    """Neighbouring content terms of each piece (leftovers.py), made once."""
    word_scan: WordScan | None = None
    """Every word of the text, found by one scan (read_words): its clauses' words are cut from it."""

    @cached_property
    def weights(self) -> list[float]:
        """Each piece's weight: the sum of its bag."""
        return [sum(bag.values()) for bag in self.bags]

    @cached_property
    def clause_words(self) -> list[tuple[str, ...]]:
        """Each clause's words, case-folded one by one: what copied blocks compare, and the words the
        ranking of candidates reads the order of (selection.py)."""
        starts = [self.pieces[lo].start for lo, _ in self.clause_range]
        ends = [self.pieces[hi - 1].end for _, hi in self.clause_range]
        if self.word_scan is None:
            return [_words_of(self.text[start:end]) for start, end in zip(starts, ends, strict=True)]
        # How many distinct words the texts have, near enough to choose how to fold them, and rather
        # too many than too few: the words met so far (the terms' cache, which lacks those read only
        # inside values), and the terms (among them each value's).
        return _words_cut_from(self.word_scan, starts, ends, len(self.term_cache) + len(self.clause_frequency))

    @cached_property
    def pieces_with(self) -> dict[str, list[int]]:
        """The pieces holding each term, in order: where in a long clause another passage is echoed."""
        index: dict[str, list[int]] = defaultdict(list)
        for k, bag in enumerate(self.bags):
            for term in bag:
                index[term].append(k)
        return index

    def tokens(self, lo: int, hi: int) -> list[Token]:
        """The words of pieces lo..hi."""
        if self.piece_tokens is not None:
            return [t for tokens in self.piece_tokens[lo:hi] for t in tokens]
        return [
            t for p in self.pieces[lo:hi] for t in tokenize(self.text, p.start, p.end, self.splits, self.term_cache)
        ]

    def terms_around(self, lo: int, hi: int) -> set[str]:
        """The terms of the rest of the sentence piece lo is in, before it, and of the sentence piece
        hi - 1 is in, after it: what the sentence says besides pieces lo..hi. At most AROUND_PIECES
        pieces each way, so a sentence that never ends is not read whole for each of its matches."""
        pieces = self.pieces
        before = lo
        while before > max(0, lo - AROUND_PIECES) and pieces[before - 1].sentence == pieces[lo].sentence:
            before -= 1
        after = hi
        while after < min(len(pieces), hi + AROUND_PIECES) and pieces[after].sentence == pieces[hi - 1].sentence:
            after += 1
        return {t for token in [*self.tokens(before, lo), *self.tokens(hi, after)] for t in token.terms}

    @property
    def total_weight(self) -> float:
        return sum(self.weights)


def _words_of(clause: str) -> tuple[str, ...]:
    """The words of one clause's text, case-folded one by one."""
    if clause.isascii():
        # Lower-casing ASCII text changes no word's extent: the words of the lower-cased clause are its
        # case-folded words, found in one pass.
        return tuple(WORD.findall(clause.lower()))
    return tuple(word.casefold() for word in WORD.findall(clause))


def _words_cut_from(scan: WordScan, starts: list[int], ends: list[int], distinct: int) -> list[tuple[str, ...]]:
    """_words_of each stretch starts[k]..ends[k] of the scanned text, cut from the scan's words: those
    inside a stretch are its words unless one of them runs over an end of it (WORD looks neither
    behind nor ahead, as TextTokens relies on too), and such a stretch is read again. The clauses of
    two bodies of 100,000 words (bench/long_pair.py's pair): 0.03 s, and 0.037 s reading each clause's
    text again. `distinct`: about how many distinct words the text has."""
    if 8 * distinct < len(scan.surfaces):
        # A text that repeats its words (the long pair's 100,000 a side are 3,800 words) has each
        # folded once, and each use of it is that one string: folding all 200,000 took 0.016 s and
        # 10 MB (a page fault each 4 kB), this 0.006 s, and equal words that are one string hash and
        # compare at once where copied blocks number the clauses (0.004 s less there).
        fold = {surface: surface.casefold() for surface in set(scan.surfaces)}
        folded = list(map(fold.__getitem__, scan.surfaces))
    else:
        # Otherwise (100,000 distinct codes took 0.06 s more so) all are folded in one call, as
        # casefold() maps each character on its own and no word holds a line break.
        folded = "\n".join(scan.surfaces).casefold().split("\n") if scan.surfaces else []
    firsts = list(map(partial(bisect_left, scan.starts), starts))
    lasts = list(map(partial(bisect_left, scan.starts), ends))
    words = list(map(tuple, map(folded.__getitem__, map(slice, firsts, lasts))))
    word_ends = scan.ends
    for k, (start, end, first, last) in enumerate(zip(starts, ends, firsts, lasts, strict=True)):
        if (first and word_ends[first - 1] > start) or (last > first and word_ends[last - 1] > end):
            words[k] = _words_of(scan.text[start:end])
    return words


@dataclass(frozen=True)
class Found:
    """A match as piece ranges [lo, hi) on each side, before it is turned into spans."""

    score: float
    a: tuple[int, int]
    b: tuple[int, int]


def dice(x: Bag, y: Bag) -> float:
    """Weighted Dice: shared weight against the weight of BOTH sides, so a short passage that is a
    subset of a long one scores low (token_set_ratio would call it a perfect match)."""
    in_x = sum(x.values())
    total = in_x + sum(y.values())
    if total <= 0:
        return 0.0
    if x == y:
        # Twins (each clause of a copied block with its own): they share the whole of x, and the sum
        # below would add x's weights in this very order.
        return round(2 * in_x / total, 12)
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    shared = sum([w if w < large[t] else large[t] for t, w in small.items() if t in large])
    # Rounded so that comparing (a, b) and (b, a) sums to the very same score.
    return round(2 * shared / total, 12)


def add_bags(*bags: Bag) -> Bag:
    """One new bag: the weights of `bags` summed term by term (the bags given are not changed)."""
    if not bags:
        return {}
    out = dict(bags[0])
    for bag in bags[1:]:
        for term, weight in bag.items():
            out[term] = out[term] + weight if term in out else weight
    return out


Segmented = tuple[list[Piece] | None, list[Piece] | None]


def _clause_runs(clauses: list[int]) -> list[tuple[int, int]]:
    """The pieces [first, last + 1) of each clause, for pieces whose clause numbers never go down."""
    if not clauses:
        return []
    firsts = [0, *compress(count(1), map(ne, clauses[1:], clauses))]
    return list(zip(firsts, [*firsts[1:], len(clauses)], strict=True))


def prepare(
    text_a: str,
    text_b: str,
    settings: MatchSettings,
    segmented: Segmented = (None, None),
    words: BodyWords | None = None,
) -> tuple[Side, Side]:
    """Segment and weigh both bodies; term rarity (IDF) is counted over the clauses of both.
    `segmented`: the pieces of either body where the caller has them (kept by the store); `words`:
    read_words(text_a, text_b), where the caller has it."""
    if words is None:
        words = read_words(text_a, text_b)
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
            terms, tokens = read_pieces(text, pieces, reader, seen)
        reader.remember()
        raw.append((text, pieces, terms, tokens))
        check_in()  # each step below takes a second or so of a text of millions of words
    vocab_a = {t for ts in raw[0][2] for t in ts}
    vocab_b = {t for ts in raw[1][2] for t in ts}
    aliases = fuzzy_aliases(vocab_a - vocab_b, vocab_b - vocab_a, settings)
    if settings.synonyms:
        named_a, named_b = (aliased(vocab, aliases) for vocab in (vocab_a, vocab_b))
        left_a, left_b = named_a - named_b, named_b - named_a
        surfaces = surfaces_by_term(cache, left_a | left_b)
        aliases.update(synonym_aliases(left_a, left_b, surfaces))
    check_in()

    # How many clauses hold each term: the set of each clause's terms, counted and dropped at once (kept
    # until all were made, the long pair's 11,000 sets took 8 MB, and a page fault each 4 kB).
    document_frequency: Counter[str] = Counter()
    sides_terms = []
    sides_ranges = []
    for _text, pieces, terms, _tokens in raw:
        if aliases:
            # Most pieces hold no term an alias renames: asked of each at once, in C.
            renamed = aliases.keys()
            terms = [ts if renamed.isdisjoint(ts) else [aliases.get(t, t) for t in ts] for ts in terms]
        sides_terms.append(terms)
        clauses = list(map(_CLAUSE, pieces))
        if all(map(le, clauses, clauses[1:])):
            # Clauses in order (as segment() numbers them): each one's pieces are one run.
            sides_ranges.append(_clause_runs(clauses))
            # Each clause's terms gathered in C: a Python step for each of 100,000 one-piece clauses
            # cost more than their sets.
            clause_terms = map(set, map(chain.from_iterable, map(terms.__getitem__, starmap(slice, sides_ranges[-1]))))
            document_frequency.update(chain.from_iterable(clause_terms))
            continue
        by_clause: dict[int, set[str]] = defaultdict(set)
        ranges: dict[int, list[int]] = {}
        for index, (clause, ts) in enumerate(zip(clauses, terms, strict=True)):
            by_clause[clause].update(ts)
            ranges.setdefault(clause, [index, index])[1] = index + 1
        document_frequency.update(chain.from_iterable(by_clause.values()))
        sides_ranges.append([(ranges[c][0], ranges[c][1]) for c in sorted(ranges)])
    documents = sum(map(len, sides_ranges))
    idf = {t: math.log((documents + 1) / df) for t, df in document_frequency.items()}
    check_in()

    sides = []
    for (text, pieces, _, tokens), terms, clause_range, reader in zip(
        raw, sides_terms, sides_ranges, words.readers, strict=True
    ):
        # Pieces of one text share one list of terms (_read_pieces), and so one bag, made once and
        # shared by them: no step changes a piece's bag (passages.py sums bags into new ones; a growing
        # match puts pieces into, and takes them out of, bags of its own, bag_sums.py). Each side has
        # its own bags.
        bag_of: dict[int, Bag] = {}
        for key, ts in dict(zip(map(id, terms), terms, strict=True)).items():
            if not len(bag_of) % CHECK_EVERY:
                check_in()
            bag: Bag = {}
            for t in ts:
                bag[t] = bag.get(t, 0.0) + idf[t]
            bag_of[key] = bag
        bags = list(map(bag_of.__getitem__, map(id, terms)))
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


def clause_bags_of(side: Side) -> list[Bag]:
    """Each clause's bag (its pieces' bags summed), made on first use and kept on the side."""
    if side.clause_bags is None:
        side.clause_bags = [add_bags(*side.bags[lo:hi]) for lo, hi in side.clause_range]
    return side.clause_bags
