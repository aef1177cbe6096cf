"""Words as the comparison engine sees them: tokens with offsets, case-folded Snowball stems,
function words (wordlists.py), and compounds split against the vocabulary of the texts being compared."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import partial
from itertools import accumulate, compress, pairwise
from itertools import count as count_up
from operator import eq, le
from typing import Any, NamedTuple

from .checkpoints import check_in
from .values import BodyValues, Value, find_values
from .wordlists import FUNCTION_WORDS, NUMBER_WORDS, UNIT_WORDS

# Letters and digits only: "_" counts as punctuation so "___" rules carry no words. Apostrophe
# contractions stay one token ("China’s" -> "china’s" -> stem "china").
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# WORD as the one group of a pattern to split a text with (`WordScan`).
_WORD_SPLIT = re.compile(f"({WORD.pattern})")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_BLANK = re.compile(r"\S")

# A compound splits only into parts at least this long, so "together" never becomes "to|get|her".
_MIN_COMPOUND_PART = 4
# Nor is a word longer than this tried: no compound is ("cyberhegemony" has 13 letters), and trying
# every cut of a 300,000-letter "word" (a run of CJK script, a pasted blob) took 13 s.
_MAX_COMPOUND = 40


class Token(NamedTuple):
    """One word of a body: where it is, how it reads, and the terms it counts as (none for a
    function word; two for a split compound). A tuple because long texts hold a great many."""

    start: int
    end: int
    surface: str
    terms: tuple[str, ...]


_STEMS: dict[str, str] = {}
STEMS_KEPT = 200_000
"""Stems remembered, by word; past this many the memory starts again, bounding it."""
# What nltk's Snowball did before stemming: curly apostrophes read as straight ones ("don’t").
_APOSTROPHES = str.maketrans("\u2018\u2019\u201b", "'''")


def stem(word: str) -> str:
    """The comparison key of one case-folded word; number words and digits share a key."""
    known = _STEMS.get(word)
    if known is None:
        if len(_STEMS) >= STEMS_KEPT:
            _STEMS.clear()
        known = _STEMS[word] = _special(word) or _stemmer().stemWord(word.translate(_APOSTROPHES))
    return known


def stem_ahead(words: Iterable[str]) -> None:
    """The stems of these case-folded words, possessives aside (what `term_list` asks for), made at once
    and remembered: one call into the stemmer for the lot, not one a word (100,000 distinct names: 0.02 s)."""
    # A word of letters and digits alone (most are) has no possessive or apostrophe to straighten,
    # and is special only as a number: str.isalnum() answers that in C, where the pattern, the
    # special-word check and the translation each cost a Python call a word.
    bases = {word if word.isalnum() else _POSSESSIVE.sub("", word) for word in words}
    new = [word for word in bases if word not in _STEMS]
    if len(_STEMS) + len(new) > STEMS_KEPT:
        _STEMS.clear()
    plain = []
    for word in new:
        special = _special(word) if not word.isalnum() or word.isdigit() or word in _SPECIAL_WORDS else ""
        if special:
            _STEMS[word] = special
        else:
            plain.append(word)
    stemmed = _stemmer().stemWords([word if word.isalnum() else word.translate(_APOSTROPHES) for word in plain])
    _STEMS.update(zip(plain, stemmed, strict=True))


# Forms the stemmer would merge that news uses for opposite things: "developed countries" are not
# "developing countries" (found in the seed library's talking points, which read "developed countries
# should make" in a text that says "developing countries, and make"). Each is its own key.
KEPT_APART = frozenset({"developed", "developing"})
_SPECIAL_WORDS = frozenset(NUMBER_WORDS) | KEPT_APART | frozenset(UNIT_WORDS)
"""The plain words `_special` keys itself: number words, words kept apart, units' spellings."""


def _special(word: str) -> str:
    """The key of a word the stemmer must not see, or "" for one it must: a possessive goes first, a
    number word or a run of digits is keyed by its value, a word of KEPT_APART by itself, and a unit's
    spelling by its unit's key ("kilometres" and "km" alike)."""
    base = _POSSESSIVE.sub("", word)
    if base in KEPT_APART:
        return base
    if base in UNIT_WORDS:
        return UNIT_WORDS[base]
    if base in NUMBER_WORDS:
        return "#" + NUMBER_WORDS[base]
    if base.isdigit():
        return "#" + base.lstrip("0") if base.strip("0") else "#0"
    return "" if base == word else stem(base)


_LOCAL = threading.local()


def _stemmer() -> Any:
    """This thread's English Snowball stemmer: PyStemmer, the Snowball project's own C stemmers, some
    25 times faster than nltk's pure-Python port (0.02 s against 0.5 s for 100,000 distinct words). An
    instance must not be shared between threads. Its own cache is off: `_STEMS` remembers."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("english", 0)
    return stemmer


def is_function_word(word: str) -> bool:
    return _POSSESSIVE.sub("", word.casefold()) in FUNCTION_WORDS


def compound_splits(vocabulary: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Words of the vocabulary that are two other content words of it run together.

    Translations and house styles write "cybersecurity" or "cyber security", "cyberhegemony" or
    "cyber hegemony"; the texts themselves tell us which halves are words, so no dictionary is needed.
    """
    known = {w for w in vocabulary if w not in FUNCTION_WORDS and not w.isdigit()}
    stems = {stem(w) for w in known if len(w) >= _MIN_COMPOUND_PART}
    splits: dict[str, tuple[str, str]] = {}
    for word in known:
        if not 2 * _MIN_COMPOUND_PART <= len(word) <= _MAX_COMPOUND:
            continue
        for cut in range(_MIN_COMPOUND_PART, len(word) - _MIN_COMPOUND_PART + 1):
            head, tail = word[:cut], word[cut:]
            if head in known and (tail in known or stem(tail) in stems):
                splits[word] = (head, tail)
                break
    return splits


def tokenize(
    text: str,
    start: int = 0,
    end: int | None = None,
    splits: dict[str, tuple[str, str]] | None = None,
    cache: dict[str, tuple[str, ...]] | None = None,
    values: list[Value] | None = None,
) -> list[Token]:
    """Every word of `text[start:end]` with its offsets in `text` and its comparison terms (empty
    for function words); a number or date ("3.2 million", "14 March") is one token whose term is its
    value. `cache` remembers terms by surface form across calls with the same `splits`: a long text
    repeats its words. `values`: find_values(text, start, end), when the caller has it already."""
    splits = splits or {}
    known = cache if cache is not None else _plain_terms() if not splits else {}
    stop = len(text) if end is None else end
    if values is None:
        values = find_values(text, start, stop)
    tokens = []
    position = start
    for value in values:
        tokens += _words(text, position, value.start, splits, known)
        tokens.append(Token(value.start, value.end, value.text, (value.term,)))
        position = value.end
    tokens += _words(text, position, stop, splits, known)
    return tokens


_PLAIN_TERMS: dict[str, tuple[str, ...]] = {}


def _plain_terms() -> dict[str, tuple[str, ...]]:
    """The terms of words met by `tokenize` without compounds to split or a cache of its caller's:
    the quotations of a long text were tokenized one by one, each word's terms found afresh (0.3 s
    of 290,000 words). Bounded as the stems are."""
    if len(_PLAIN_TERMS) >= STEMS_KEPT:
        _PLAIN_TERMS.clear()
    return _PLAIN_TERMS


def count_tokens(text: str, start: int, end: int, values: list[Value] | None = None) -> int:
    """len(tokenize(text, start, end)), without finding each word's terms. `values`: find_values(text,
    start, end), when the caller has it."""
    if values is None:
        values = find_values(text, start, end)
    count, position = len(values), start
    for value in values:
        count += _count_words(text, position, value.start)
        position = value.end
    return count + _count_words(text, position, end)


def _count_words(text: str, start: int, end: int) -> int:
    return sum(1 for _ in WORD.finditer(text, start, end))


_CHECKED_STRETCH = 1 << 16
"""Characters of text `_words` reads between two checkpoints (check_in)."""


def _words(
    text: str, start: int, end: int, splits: dict[str, tuple[str, str]], known: dict[str, tuple[str, ...]]
) -> list[Token]:
    # A stretch of megabytes (a left-out passage of a text that runs on) is read a part at a time, each
    # ending at a space, which no word holds: the same tokens, and a checkpoint between parts.
    bounds = [start]
    while end - bounds[-1] > _CHECKED_STRETCH and (cut := text.find(" ", bounds[-1] + _CHECKED_STRETCH, end)) > 0:
        bounds.append(cut)
    bounds.append(end)
    tokens = []
    for lo, hi in pairwise(bounds):
        if lo != start:
            check_in()
        for found in WORD.finditer(text, lo, hi):
            surface = found.group()
            terms = known.get(surface)
            if terms is None:
                terms = known[surface] = term_list(surface, splits)
            tokens.append(Token(found.start(), found.end(), surface, terms))
    return tokens


class WordScan:
    """Every word of a text, found by one scan: the vocabulary of a comparison, and the tokens of each
    of its pieces (`TextTokens`) without a scan of each piece."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.surfaces, self.starts, self.ends = words_and_places(_WORD_SPLIT, text)


def words_and_places(split: re.Pattern[str], text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of `text` that `split` (a pattern of one group, the word) cuts it around, where each
    starts, and where each ends. Split around the words, the gaps between them kept: the words are every
    second part, and each part's offset is the lengths before it summed, in C: no match object for each
    word (100,000 of a long body; with the collector paused, as the engine runs, 0.034 s against 0.029 s
    of time, bench/README round 20)."""
    parts = split.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    return parts[1::2], offsets[1:-1:2], offsets[2::2]


# A Token from a (start, end, surface, terms) tuple, made without a Python call per token.
_as_token = partial(tuple.__new__, Token)


class TextTokens:
    """`tokenize(text, start, end, splits, cache)` for stretches of one text, cut from tokens made once
    for all its words (`scan`) and its values (`values`, the text's own). The words of the stretches
    cut from those tokens go into `cache` when `remember()` is called, all at once.

    WORD has no look-behind or look-ahead: scanning a stretch finds the words the whole text has in it
    unless one of the whole text's words runs over an end of the stretch. So a stretch's words between
    its values are the whole text's, where no word runs over the stretch's ends or a value's; there a
    stretch is tokenized on its own.
    """

    def __init__(
        self,
        scan: WordScan,
        values: BodyValues,
        splits: dict[str, tuple[str, str]],
        cache: dict[str, tuple[str, ...]],
        terms_of: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """`terms_of`: terms_by_surface of (at least) the scan's words, where the caller has it."""
        self.text, self.scan, self.values, self.splits, self.cache = scan.text, scan, values, splits, cache
        if terms_of is None:
            terms_of = terms_by_surface(set(scan.surfaces), splits, cache)
        self.terms = list(map(terms_of.__getitem__, scan.surfaces))
        self.tokens = list(map(_as_token, zip(scan.starts, scan.ends, scan.surfaces, self.terms, strict=True)))
        # The words given so far and not yet in `cache`: runs of the scan's words, the last one open
        # (pieces given in order make one run; a cache update for each piece was 0.15 s of 40,000).
        self._given: list[tuple[int, int]] = []
        self._first = self._last = 0

    def of(self, start: int, end: int) -> list[Token]:
        """tokenize(text, start, end, splits, cache), except that the words it gives go into `cache`
        only at `remember()` (those it tokenizes afresh go in at once, as tokenize puts them)."""
        starts, ends = self.scan.starts, self.scan.ends
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        values = self.values.within(start, end)
        if (lo and ends[lo - 1] > start) or (hi > lo and ends[hi - 1] > end):
            return tokenize(self.text, start, end, self.splits, self.cache, values)
        if not values:
            self._remember(lo, hi)
            return self.tokens[lo:hi]
        return self._around(start, end, lo, hi, values)

    def _around(self, start: int, end: int, lo: int, hi: int, values: list[Value]) -> list[Token]:
        """`of` a stretch no word runs over an end of, holding the whole text's words lo..hi and these
        values (the stretch's own)."""
        starts, ends = self.scan.starts, self.scan.ends
        kept = []  # the runs of whole-text words before each value
        at = lo
        for value in values:
            before = bisect_left(starts, value.start, at, hi)
            inside = bisect_left(starts, value.end, before, hi)
            if (before > at and ends[before - 1] > value.start) or (inside > before and ends[inside - 1] > value.end):
                return tokenize(self.text, start, end, self.splits, self.cache, values)
            kept.append((at, before, value))
            at = inside
        out: list[Token] = []
        for first, last, value in kept:
            self._remember(first, last)
            out += self.tokens[first:last]
            out.append(Token(value.start, value.end, value.text, (value.term,)))
        self._remember(at, hi)
        return out + self.tokens[at:hi]

    def each(self, starts: list[int], ends: list[int]) -> list[list[Token]]:
        """`of` each stretch starts[k]..ends[k], for stretches in order with blank space between them (a
        body's pieces). Most are cut from the tokens at once: a stretch that blank space stands around,
        which holds no value and no reading of one runs over an end of, holds the whole text's words
        between its ends and no other (100,000 one-word pieces: 0.09 s, and 0.17 s through `of` one
        at a time). The rest go through `of`."""
        count = len(starts)
        text = self.text
        # The words given must be those `of` gives, in the same order: in order, with no word between
        # two stretches, they make one run from the first stretch to the last.
        in_order = all(map(le, starts, ends)) and all(map(le, ends[:-1], starts[1:]))
        if count < 2 or not in_order or _NOT_BLANK.search("".join(map(text.__getitem__, map(slice, ends, starts[1:])))):
            return [self.of(start, end) for start, end in zip(starts, ends, strict=True)]
        values = self.values
        firsts = list(map(partial(bisect_left, self.scan.starts), starts))
        lasts = [*firsts[1:], bisect_left(self.scan.starts, ends[-1])]
        # The stretches to read one at a time: the first and the last, two with nothing between them
        # (no blank space stands at that end of either), and those a reading runs over an end of.
        odd = {0, count - 1}
        for k in compress(count_up(), map(eq, ends, starts[1:])):
            odd.update((k, k + 1))
        for read_start, read_end in values.blank_reads:
            odd.update(range(bisect_right(starts, read_start), bisect_left(starts, read_end)))
            odd.update(range(bisect_right(ends, read_start), bisect_left(ends, read_end)))
        # The values of each other stretch that holds one: the whole text's that start in it.
        held: dict[int, list[Value]] = {}
        for k, value in zip(map(partial(bisect_right, starts), values.starts), values.values, strict=True):
            held.setdefault(k - 1, []).append(value)
        tokens = list(map(self.tokens.__getitem__, map(slice, firsts, lasts)))
        done = 0
        for k in sorted(odd.union(held).difference((-1,))):
            if k > done:
                self._remember(firsts[done], lasts[k - 1])
            if k in odd:
                tokens[k] = self.of(starts[k], ends[k])
            else:
                tokens[k] = self._around(starts[k], ends[k], firsts[k], lasts[k], held[k])
            done = k + 1
        if done < count:
            self._remember(firsts[done], lasts[-1])
        return tokens

    def _remember(self, first: int, last: int) -> None:
        if first != self._last:
            self._given.append((self._first, self._last))
            self._first = first
        self._last = last

    def remember(self) -> None:
        """Put the words `of` has given in `cache`: what tokenizing each stretch would have put there.
        A word's terms are the same whenever they are looked up, so only which words are there counts."""
        surfaces, terms = self.scan.surfaces, self.terms
        for first, last in [*self._given, (self._first, self._last)]:
            self.cache.update(zip(surfaces[first:last], terms[first:last], strict=True))
        self._given.clear()
        self._first = self._last = 0


def term_list(surface: str, splits: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """The comparison terms of one word as written (none for a function word)."""
    folded = surface.casefold()
    if not folded.isalnum():  # only a word with an apostrophe can end in a possessive
        folded = _POSSESSIVE.sub("", folded)
    if folded in FUNCTION_WORDS:
        return ()
    if folded in splits:
        return tuple(stem(part) for part in splits[folded])
    return (stem(folded),)


def terms_by_surface(
    surfaces: Iterable[str], splits: dict[str, tuple[str, str]], cache: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """`term_list` of each surface, from `cache` where it has them: a text of 100,000 distinct words
    asks for as many."""
    out = {}
    for surface in surfaces:
        known = cache.get(surface)
        out[surface] = known if known is not None else term_list(surface, splits)
    return out


def fallback_terms(surfaces: Iterable[str]) -> list[str]:
    """Terms for a passage made only of function words ("It is."), so it can still match itself."""
    return ["~" + _POSSESSIVE.sub("", w.casefold()) for w in surfaces]
