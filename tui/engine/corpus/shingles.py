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
from dataclasses import dataclass, field
from pathlib import Path

from ..text.wordlists import FUNCTION_WORDS
from ..text.words import WORD, stem

_POSSESSIVE = re.compile(r"'s$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})
PART_ARTICLES = 1_000
"""Articles per part of the postings (see `part_count`)."""


# Shingling


class _WordKeys(dict[str, int]):
    """Each word as written -> its token key (0 for a function word). A corpus repeats a vocabulary of a few
    hundred thousand forms some hundred million times: each is folded, stemmed and digested once."""

    LIMIT = 500_000

    def __missing__(self, word: str) -> int:
        folded = _POSSESSIVE.sub("", word.casefold().translate(_QUOTES))
        if folded in FUNCTION_WORDS:
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
    """The n-gram keys of `body`, one per content position (the n-gram starting there), in order.

    Content words are case-folded Snowball stems, curly quotes read as straight ones, function words and
    possessive endings left out. Dashes and other punctuation separate words, so "co-operation" and
    "co operation" are the same two words."""
    return array("q", _ngrams(list(filter(None, map(_word_keys.__getitem__, WORD.findall(body)))), gram))


def _ngrams(hashes: list[int], gram: int) -> Iterator[int]:
    return map(hash, zip(*(hashes[shift:] for shift in range(gram)), strict=False))


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
    """Where the n-grams of `body` that are in `wanted` are."""
    keys, spans = [], []
    word_keys = _word_keys
    for match in WORD.finditer(body):
        if key := word_keys[match.group()]:
            keys.append(key)
            spans.append(match.span())
    found = Found()
    for position, key in enumerate(_ngrams(keys, gram)):
        if key in wanted:
            found.positions.append(position)
            found.keys.append(key)
            found.spans.append(spans[position][0] << 32 | spans[position + gram - 1][1])
    return found
