"""Cheap signs that two articles report the same event, for ranking many candidates before the engine
compares any pair in full (tens of milliseconds a pair): the names an article keeps mentioning, and how
much of its wording another article shares."""

from __future__ import annotations

import re
import zlib
from collections import Counter

from ..text.words import WORD, is_function_word

NAMES_KEPT = 8
_term_hashes: dict[str, int] = {}
"""Each word as written (case-folded) to the hash of its root, 0 for a function word: the articles of a
library repeat their words."""
_REMEMBERED = 200_000

# A letter that may be a capital (not a digit, not a-z) after a word and a space, or after a comma:
# not the first word of a sentence. The letter comes first so the search skips ahead to candidates.
_MID_SENTENCE_WORD = re.compile(r"[^\W\d_a-z](?<=[^\W_] .|, .)[^\W_]*(?:['’][^\W_]+)*")


_ENDING = re.compile(r"(?:['’]s|(?<=[^s])s)$")


def _term_hash(word: str) -> int:
    if is_function_word(word):
        return 0
    # Possessives and plurals folded by hand: the engine's stemmer takes 100 ms over the new words of
    # the forty articles ranked, and a rough root is enough to rank them.
    root = _ENDING.sub("", word) if len(word) > 3 else word
    return zlib.crc32(root.encode("utf-8", "surrogatepass")) or 1


def _content_hashes(body: str) -> list[int]:
    words = WORD.findall(body.casefold())
    known = _term_hashes
    if len(known) > _REMEMBERED:
        known.clear()
    for word in set(words).difference(known):
        known[word] = _term_hash(word)
    return [h for h in map(known.__getitem__, words) if h]


def wording(body: str) -> set[int]:
    """Every run of three neighbouring content words (roots; function words left out), each as a
    number that ignores the order of the three, so a rewording that swaps neighbours keeps the run."""
    h = _content_hashes(body)
    # A sum and an exclusive or are the same in any order: no sort per run. The shifted copies are
    # shorter on purpose: the last two words start no run.
    return {(x + y + z) << 32 | (x ^ y ^ z) for x, y, z in zip(h, h[1:], h[2:], strict=False)}


def likeness(a: set[int], b: set[int]) -> float:
    """How much of the shorter account's wording (`wording()`) the other shares, from 0 to 1."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def names(body: str, count: int = NAMES_KEPT) -> list[str]:
    """The capitalised words inside sentences (people, places, organisations), case-folded, most often
    named first: the other accounts of an event name the same ones, whatever their wording."""
    found = Counter(
        word.casefold()
        for word in _MID_SENTENCE_WORD.findall(body)
        if word[0].isupper() and len(word) > 1 and not is_function_word(word)
    )
    return [name for name, _ in found.most_common(count)]
