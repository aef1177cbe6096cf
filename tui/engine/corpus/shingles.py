"""Shingling and postings, the first steps of finding talking points on either engine: an article's
content words as n-gram keys (case-folded stems, function words left out), which articles hold each key,
split into parts by key range so each part is counted on its own, and where the kept n-grams are in a
body."""

from __future__ import annotations

import hashlib
import re
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Container, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from ..text.wordlists import FUNCTION_WORDS
from ..text.words import stem

_POSSESSIVE = re.compile(r"'s$")
# A phrase's words are WORD's, but a figure with its separators is one word ("65,000", "4.5"): no phrase
# starts or ends inside a number ("000 roubles per tonne" of "65,000 roubles", where another account
# says "66,000 roubles"). A phrase ends where its sentence does: after a full stop, ? or ! that follows two
# lower-case letters or digits (not "U.S." nor "Mr."), and the quotes or brackets closing there, before a
# capital; and at a blank line ("Whitfield wrote. A damages trial is set" was one talking point). Both are
# found by one scan, a sentence's end as a token of its own (SENTENCE_END).
_PHRASE_TOKEN = re.compile(
    # WORD, a comma or point between digits within it (as fast as WORD: an alternative of its own for
    # figures, tried at every word, took a third longer).
    r"[^\W_]+(?:(?:['’]|(?<=\d)[.,](?=\d))[^\W_]+)*"
    r"|[.!?](?<=[^\W_A-Z]{2}[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z])|\n[^\S\n]*\n"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})
SENTENCE_END = -1
"""The key of a sentence's end: no n-gram holds one (word keys are digests, never negative)."""
PART_ARTICLES = 1_000
"""Articles per part of the postings (see `part_count`)."""


# Shingling


class _WordKeys(dict[str, int]):
    """Each word as written -> its token key (0 for a function word). A corpus repeats a vocabulary of a few
    hundred thousand forms some hundred million times: each is folded, stemmed and digested once."""

    LIMIT = 500_000

    def __missing__(self, word: str) -> int:
        folded = _POSSESSIVE.sub("", word.casefold().translate(_QUOTES))
        if not word[0].isalnum():
            key = SENTENCE_END  # a full stop and the space after it, or a blank line
        elif folded in FUNCTION_WORDS:
            key = 0
        else:
            # A digest, not hash(): a string's hash() differs between processes, and Spark's workers are
            # other processes. A tuple of ints hashes the same everywhere.
            digest = hashlib.blake2b(stem(folded).encode(), digest_size=8).digest()
            key = int.from_bytes(digest, "little") or 1
        if len(self) >= self.LIMIT:
            self.clear()
        self[word] = key
        return key


_word_keys = _WordKeys()


def shingles(body: str, gram: int) -> array[int]:
    """The n-gram keys of `body`, one per content position whose n-gram ends in its sentence, in order.

    Content words are case-folded Snowball stems, curly quotes read as straight ones, function words and
    possessive endings left out. Dashes and other punctuation separate words, so "co-operation" and
    "co operation" are the same two words; a figure is one word ("65,000")."""
    keys = list(filter(None, map(_word_keys.__getitem__, _PHRASE_TOKEN.findall(body))))
    grams = array("q", map(hash, zip(*(keys[shift:] for shift in range(gram)), strict=False)))
    # The n-grams holding a sentence's end are cut out afterwards, last first: a few dozen cuts an
    # article, where testing each n-gram's words took a third of the time.
    ends = [-1]
    with suppress(ValueError):
        while True:
            ends.append(keys.index(SENTENCE_END, ends[-1] + 1))
    for end in reversed(ends[1:]):
        del grams[max(0, end - gram + 1) : end + 1]
    return grams


# Postings: which articles hold each n-gram


def part_count(articles: int) -> int:
    """Into how many parts (ranges of n-gram keys) a corpus's postings are split, so that one part,
    counted in memory, stays some tens of megabytes whatever the corpus's size. Both engines split alike."""
    return max(1, articles // PART_ARTICLES)


def part_bounds(parts: int) -> list[int]:
    """The keys at which parts 1, 2, ... begin: `parts` equal ranges of the signed 64-bit keys."""
    return [-(1 << 63) + (part << 64) // parts for part in range(1, parts)]


@dataclass
class Postings:
    """Postings of one part: n-gram `keys` and the `articles` holding them, side by side, one entry per
    n-gram and article (an n-gram an article repeats is posted once)."""

    keys: array[int] = field(default_factory=lambda: array("q"))
    articles: array[int] = field(default_factory=lambda: array("I"))

    def extend(self, other: Postings) -> None:
        self.keys.extend(other.keys)
        self.articles.extend(other.articles)

    def __len__(self) -> int:
        return len(self.keys)


def add_postings(parts: Sequence[Postings], bounds: Sequence[int], article: int, grams: array[int]) -> None:
    """Post an article's n-grams in the parts their keys fall in (`bounds` from `part_bounds`)."""
    # Sorted, an article's distinct keys fall into the parts in runs: a few slices, no loop per n-gram.
    keys = sorted(set(grams))
    start = 0
    for part, bound in zip(parts, [*bounds, None], strict=True):
        end = len(keys) if bound is None else bisect_left(keys, bound, start)
        if end > start:
            part.keys.extend(keys[start:end])
            part.articles.extend(array("I", (article,)) * (end - start))
        start = end


class SpilledPostings:
    """Postings split into parts, held in memory up to `limit` postings and appended to files beyond."""

    def __init__(self, parts: int, limit: int, folder: Path | None) -> None:
        self.bounds = part_bounds(parts)
        self.limit, self.folder = limit, folder
        self.held = [Postings() for _ in range(parts)]
        self.count = 0
        self.files: tempfile.TemporaryDirectory[str] | None = None

    def add(self, article: int, grams: array[int]) -> None:
        add_postings(self.held, self.bounds, article, grams)
        self.count += len(grams)
        if self.count > self.limit:
            self._write()

    def _path(self, part: int, kind: str) -> Path:
        assert self.files is not None
        return Path(self.files.name) / f"{part}.{kind}"

    def _write(self) -> None:
        if self.files is None:
            self.files = tempfile.TemporaryDirectory(prefix="cyberread-postings-", dir=self.folder)
        for number, postings in enumerate(self.held):
            for kind, values in (("keys", postings.keys), ("articles", postings.articles)):
                with self._path(number, kind).open("ab") as handle:
                    values.tofile(handle)
        self.held = [Postings() for _ in self.held]
        self.count = 0

    def __iter__(self) -> Iterator[Postings]:
        """Each part in turn, whole; only one is in memory at a time."""
        try:
            for number, held in enumerate(self.held):
                postings = Postings()
                if self.files is not None and self._path(number, "keys").exists():
                    for kind, values in (("keys", postings.keys), ("articles", postings.articles)):
                        path = self._path(number, kind)
                        values.frombytes(path.read_bytes())
                        path.unlink()
                postings.extend(held)
                self.held[number] = Postings()
                yield postings
        finally:
            if self.files is not None:
                self.files.cleanup()


@dataclass
class Found:
    """Where the kept n-grams of one article are: their content positions (ascending), their keys, and
    each one's [start, end) in the body, packed as start << 32 | end."""

    positions: array[int] = field(default_factory=lambda: array("I"))
    keys: array[int] = field(default_factory=lambda: array("q"))
    spans: array[int] = field(default_factory=lambda: array("Q"))

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """(position, key) of each, in order."""
        return zip(self.positions, self.keys, strict=True)

    def span(self, position: int) -> tuple[int, int]:
        """Where the n-gram at content `position` (one of `positions`) is in the body."""
        packed = self.spans[bisect_left(self.positions, position)]
        return packed >> 32, packed & 0xFFFFFFFF


def found_in(body: str, gram: int, wanted: Container[int]) -> Found:
    """Where the n-grams of `body` that are in `wanted` are (those `shingles` gives). A sentence's end
    takes two content positions, so that no chain of n-grams runs over it (a phrase's n-grams are
    adjacent, or one changed word apart: `phrases.merge_phrases`)."""
    keys: list[int] = []
    spans: list[tuple[int, int]] = []
    word_keys = _word_keys
    for match in _PHRASE_TOKEN.finditer(body):
        key = word_keys[match.group()]
        if key > 0:
            keys.append(key)
            spans.append(match.span())
        elif key:  # a sentence's end
            keys += (key, key)
            spans += (match.span(), match.span())
    found = Found()
    # An n-gram holding a sentence's end is never wanted (`shingles` posts none): its key is looked for
    # with the rest all the same, no test of each n-gram's words in Python.
    for position, key in enumerate(map(hash, zip(*(keys[shift:] for shift in range(gram)), strict=False))):
        if key in wanted:
            found.positions.append(position)
            found.keys.append(key)
            found.spans.append(spans[position][0] << 32 | spans[position + gram - 1][1])
    return found
