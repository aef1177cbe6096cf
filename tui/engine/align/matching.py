"""The aligner's view of two bodies: every piece's terms weighed by rarity (IDF over the clauses of
both), spelling variants and synonyms across the two mapped to shared terms, and the bags the later
steps score with `dice`. Candidate clause pairs are found in candidates.py, chosen in selection.py."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import chain, compress, count, repeat, starmap
from operator import attrgetter, itemgetter, le, ne, sub

from ..text.sentences import Piece, segment
from ..text.values import body_values
from ..text.words import (
    WORD,
    TextTokens,
    Token,
    WordScan,
    compound_splits,
    fallback_terms,
    stem_ahead,
    terms_by_surface,
    tokenize,
)
from .aliases import aliased, fuzzy_aliases, surfaces_by_term, synonym_aliases
from .forked import cached_property
from .settings import MatchSettings

Bag = dict[str, float]
_TERMS = itemgetter(3)
"""A Token's terms."""
_START, _END, _CLAUSE = attrgetter("start"), attrgetter("end"), attrgetter("clause")
_ENTRY_TERMS, _CONTEXT = itemgetter(2), itemgetter(3)
"""Of an entry of `seen` (_read_pieces): the piece's terms, and the kind of character before it."""
_WORD_CHARACTER = re.compile(r"\w")
"""A letter, a digit or "_": the characters `_kind_before` does not call 0."""


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
    """Neighbouring content terms of each piece (passages.py), made once."""
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


def _kind_before(text: str, start: int) -> int:
    """What `re` sees of the character before `start`: a letter or digit (2), "_" (1, a word character
    that is not one), or anything else or none (0)."""
    before = text[start - 1] if start else " "
    return 2 if before.isalnum() else 1 if before == "_" else 0


@dataclass(frozen=True)
class BodyWords:
    """The words of two bodies, read before their pieces are known (`read_words`): each body's
    reader of its pieces' tokens, the compounds split across both, and the terms' cache they fill."""

    readers: tuple[TextTokens, TextTokens]
    splits: dict[str, tuple[str, str]]
    cache: dict[str, tuple[str, ...]]


def read_words(text_a: str, text_b: str) -> BodyWords:
    """Every word of both bodies with its terms, and their values: what `prepare` reads of the texts
    without their pieces, so it may run while another process cuts them (compare.py)."""
    # A body compared with itself (compare_texts passes one string for both) is read once: one reader
    # serves both sides, as `prepare` empties it of what it gave for one before reading the other.
    same = text_b is text_a
    scans = (WordScan(text_a),) if same else (WordScan(text_a), WordScan(text_b))
    surfaces = {surface for scan in scans for surface in scan.surfaces}
    vocabulary = set(map(str.casefold, surfaces))
    stem_ahead(vocabulary)
    splits = compound_splits(vocabulary)
    cache: dict[str, tuple[str, ...]] = {}
    # One dict for the words of both: the second text's shared words are not read again.
    terms_of = terms_by_surface(surfaces, splits, cache)
    readers = [TextTokens(scan, body_values(scan.text), splits, cache, terms_of) for scan in scans]
    return BodyWords((readers[0], readers[-1]), splits, cache)


def _read_pieces(
    text: str, pieces: list[Piece], reader: TextTokens, seen: dict[str, tuple[int, list[Token], list[str], int]]
) -> tuple[list[list[str]], list[list[Token]]]:
    """Each piece's terms and tokens. A piece's words depend on its text and on the kind of character
    before it (a number's start looks one character back): a piece met before, on either side, has its
    terms reused, and its tokens moved from where it was met where that character differs in kind.
    `seen` holds the pieces met: where each was first, its tokens and terms, and that kind."""
    starts, ends = list(map(_START, pieces)), list(map(_END, pieces))
    texts = list(map(text.__getitem__, map(slice, starts, ends)))
    if any(map(_CONTEXT, seen.values())) or _WORD_CHARACTER.search(
        "".join(map(text.__getitem__, map(sub, filter(None, starts), repeat(1))))
    ):
        return _read_one_by_one(text, pieces, texts, reader, seen)
    # Where no piece follows a letter, digit or "_" (none that segment() cuts does), each piece's tokens
    # are its own, and its terms those of the first piece with its text: the tokens of all at once,
    # the terms of each text once (100,000 one-word pieces hold a dozen texts).
    tokens = reader.each(starts, ends)
    first = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1), strict=True))
    for piece_text, k in first.items():
        if piece_text not in seen:
            seen[piece_text] = (starts[k], tokens[k], _terms_of(tokens[k]), 0)
    return list(map(_ENTRY_TERMS, map(seen.__getitem__, texts))), tokens


def _read_one_by_one(
    text: str,
    pieces: list[Piece],
    texts: list[str],
    reader: TextTokens,
    seen: dict[str, tuple[int, list[Token], list[str], int]],
) -> tuple[list[list[str]], list[list[Token]]]:
    """_read_pieces, a piece at a time."""
    terms = []
    tokens = []
    for p, piece_text in zip(pieces, texts, strict=True):
        before = seen.get(piece_text)
        context = _kind_before(text, p.start)
        if before is None:
            found = reader.of(p.start, p.end)
            piece_terms = _terms_of(found)
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
    return terms, tokens


def _terms_of(tokens: list[Token]) -> list[str]:
    """A piece's terms, from its tokens."""
    # Each token's terms chained in C: no Python step for each of a text's 100,000 terms.
    return list(chain.from_iterable(map(_TERMS, tokens))) or fallback_terms(t.surface for t in tokens)


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
            terms, tokens = _read_pieces(text, pieces, reader, seen)
        reader.remember()
        raw.append((text, pieces, terms, tokens))
    vocab_a = {t for ts in raw[0][2] for t in ts}
    vocab_b = {t for ts in raw[1][2] for t in ts}
    aliases = fuzzy_aliases(vocab_a - vocab_b, vocab_b - vocab_a, settings)
    if settings.synonyms:
        named_a, named_b = (aliased(vocab, aliases) for vocab in (vocab_a, vocab_b))
        left_a, left_b = named_a - named_b, named_b - named_a
        surfaces = surfaces_by_term(cache, left_a | left_b)
        aliases.update(synonym_aliases(left_a, left_b, surfaces))

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
