"""Whether the other account of a pair gives a name: weighing one account's left-out passages, and
summing up what each account alone reports, ask the other body of every name they carry, answered
from an index of where its words start, made once a body (here, or in another process and sent
pickled)."""

from __future__ import annotations

import pickle
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice, pairwise

from rapidfuzz import fuzz, process

from ..text.checkpoints import CHECK_EVERY, check_in
from ..text.words import words_and_places
from .forked import cached_property

_ALNUM = re.compile(r"[^\W_]+")
_ALNUM_SPLIT = re.compile(f"({_ALNUM.pattern})")


class OtherAccount:
    """The other account as the weighing asks of it: does it give this name (case aside)? It does when
    its body holds the name, each word of the name starting a word there ("South Africa" is in "the
    South African city", "Dorros" is not in "Kordorros"). Each name is looked up once however many
    passages carry it, in an index of the body made when the first name is asked for: passages that
    name nobody (a text of prices) need none."""

    def __init__(self, other_body: str) -> None:
        self.body = other_body
        self.given: dict[str, bool] = {}
        self.offered: bytes | None = None

    def gives(self, item: str) -> bool:
        known = self.given.get(item)
        if known is None:
            known = self.given[item] = self.index.holds_name(item.casefold())
        return known

    def spells(self, word: str, ratio: float) -> bool:
        """Whether the body has a word written with a capital that is a spelling of `word` (case-folded)
        at least this alike (rapidfuzz's ratio), beginning with the same letter: "sissi" for "sisi"."""
        index = self.index
        words = index.words
        first = word[:1]
        lo, hi = bisect_left(words, first), bisect_left(words, chr(ord(first) + 1)) if first else 0
        found = process.extract(word, words[lo:hi], scorer=fuzz.ratio, score_cutoff=ratio, limit=5)
        body, same_length = self.body, len(self.body) == len(index.folded)
        for candidate, _, _ in found:
            places = index.starts.get(candidate, ())
            if not same_length or any(body[at].isupper() for at in islice(places, 50)):
                return True
        return False

    @cached_property
    def index(self) -> _BodyIndex:
        """Where the body's words start, indexed on first use, or taken from the index offered."""
        offered, self.offered = self.offered, None
        if offered is None:
            return _BodyIndex(self.body)
        index: _BodyIndex = pickle.loads(offered)
        return index


class _BodyIndex:
    """Where each word of a body starts. The body is searched only for names whose words all start
    words of it: a search of a long body for each of thousands of names was quadratic. Where the name
    can be in the body is read from where the body's words, or pairs of neighbouring words, start (see
    `_holds`), not by scanning the body for each name."""

    def __init__(self, body: str) -> None:
        self.folded = body.casefold()
        # The words cut out around them (0.058 s against 0.09 s with a match object for each of 100,000
        # distinct words).
        words, starts, _ = words_and_places(_ALNUM_SPLIT, self.folded)
        self.starts: dict[str, list[int]] = {}
        for at in range(0, len(words), CHECK_EVERY):
            if at:
                check_in()
            for word, start in zip(words[at : at + CHECK_EVERY], starts[at : at + CHECK_EVERY], strict=True):
                found = self.starts.get(word)
                if found is None:
                    self.starts[word] = [start]
                else:
                    found.append(start)
        self.words = sorted(self.starts)
        self.backwards = sorted(word[::-1] for word in self.starts)
        self._pair_starts: dict[str, list[int]] | None = None
        # Places checked for names of common words before the pairs are indexed: the index costs about
        # a check per body word, so it is built once names have cost that many (the long pair's 750
        # names never do), and a long list of such names costs at most twice what it would with it.
        self._checked_by_word = 0
        self._words_in_body = sum(map(len, self.starts.values()))

    def holds_name(self, folded: str) -> bool:
        """Whether the body holds `folded` (a case-folded name), each of its words starting a word."""
        return all(self._starts_a_word(word) for word in _ALNUM.findall(folded)) and self._holds(folded)

    def _starts_a_word(self, word: str) -> bool:
        at = bisect_left(self.words, word)
        return at < len(self.words) and self.words[at].startswith(word)

    def _holds(self, folded: str) -> bool:
        """`folded in self.folded`, answered from a few places. Where the name holds a word with a
        non-word character before it, the body has a word starting at the same place: that word is
        the name's word when a non-word character follows it in the name too, else a word it begins;
        a word with only a non-word character after it ends a body word. So every place the name can
        be is given by each of its words, and by each two neighbouring words with what lies between
        them (the body then has two neighbouring words with the same between). The word or pair the
        body has fewest times is checked; pairs are read only where even the rarest word is common,
        once such names have cost as many checks as indexing the pairs would (a name of common words,
        "Minister Of Foreign Affairs", in a long text of such names was quadratic)."""
        runs = list(_ALNUM.finditer(folded))
        if len(runs) == 1 and runs[0].start() == 0 and runs[0].end() == len(folded):
            return True  # one word, which starts a word of the body (`gives` asked first)
        best: tuple[int, list[tuple[list[int], int]]] | None = None
        for run in runs:
            limit = _MAX_PLACES if best is None else best[0] - 1
            places = self._places_of_word(folded, run, limit)
            if places is not None:
                best = places
        by_pairs = best is None or best[0] > _PAIRS_FROM
        if by_pairs and self._pair_starts is None:
            self._checked_by_word += _MAX_PLACES if best is None else best[0]
            by_pairs = self._checked_by_word > _PAIR_INDEX_AFTER * self._words_in_body
        if by_pairs:
            for left, right in pairwise(runs):
                limit = _MAX_PLACES if best is None else best[0] - 1
                places = self._places_of_pair(folded, left, right, limit)
                if places is not None:
                    best = places
        if best is None:
            return folded in self.folded
        return any(
            at + shift >= 0 and self.folded.startswith(folded, at + shift) for starts, shift in best[1] for at in starts
        )

    def _places_of_word(
        self, folded: str, run: re.Match[str], limit: int
    ) -> tuple[int, list[tuple[list[int], int]]] | None:
        """Where the name can start, from one of its words: (how many places, [(starts of a body word,
        the shift from there to the name's start)]); None past `limit` places."""
        start, end = run.span()
        count = 0
        places = []
        for body_word in self._body_words_for(folded, start, end, run.group()):
            starts = self.starts[body_word]
            count += len(starts)
            if count > limit:
                return None
            places.append((starts, -start if start > 0 else len(body_word) - end))
        return count, places

    def _places_of_pair(
        self, folded: str, left: re.Match[str], right: re.Match[str], limit: int
    ) -> tuple[int, list[tuple[list[int], int]]] | None:
        """As `_places_of_word`, from two neighbouring words of the name; None past `limit` places or
        where the words could be too many pairs of body words to look up."""
        lefts = list(islice(self._body_words_for(folded, *left.span(), left.group()), _PAIR_WORDS + 1))
        rights = list(islice(self._body_words_for(folded, *right.span(), right.group()), _PAIR_WORDS + 1))
        if len(lefts) * len(rights) > _PAIR_WORDS:
            return None
        pairs = self._pairs()
        between = folded[left.end() : right.start()]
        count = 0
        places = []
        for first in lefts:
            for second in rights:
                starts = pairs.get(first + between + second)
                if starts:
                    count += len(starts)
                    if count > limit:
                        return None
                    places.append((starts, len(first) - left.end()))
        return count, places

    def _pairs(self) -> dict[str, list[int]]:
        """Each two neighbouring words of the body with what lies between them -> where the first starts."""
        if self._pair_starts is None:
            self._pair_starts = {}
            for first, second in pairwise(_ALNUM.finditer(self.folded)):
                self._pair_starts.setdefault(self.folded[first.start() : second.end()], []).append(first.start())
        return self._pair_starts

    def _body_words_for(self, folded: str, start: int, end: int, word: str) -> Iterator[str]:
        """The words of the body that can hold this word of the name (at start..end) where the name is
        in the body: the word itself between non-word characters, a word it begins when it ends the
        name, a word it ends when it starts the name."""
        if start > 0 and end < len(folded):
            if word in self.starts:
                yield word
            return
        if start > 0:
            at = bisect_left(self.words, word)
            while at < len(self.words) and self.words[at].startswith(word):
                yield self.words[at]
                at += 1
            return
        backwards = word[::-1]
        at = bisect_left(self.backwards, backwards)
        while at < len(self.backwards) and self.backwards[at].startswith(backwards):
            yield self.backwards[at][::-1]
            at += 1


# Past this many places for every word and pair of words of a name, the body is searched for the name
# instead; past _PAIRS_FROM places for its rarest word, its pairs of words are looked up, each where
# its two words are at most _PAIR_WORDS pairs of body words ("un" ending a name begins many), once
# such names have been checked at _PAIR_INDEX_AFTER times as many places as the body has words.
_MAX_PLACES = 2000
_PAIRS_FROM = 64
_PAIR_WORDS = 16
_PAIR_INDEX_AFTER = 1.0


@lru_cache(maxsize=4)
def other_account(body: str) -> OtherAccount:
    """The other account of a pair: weighing its left-out passages and summing up what each account
    alone gives ask it of the same names."""
    return OtherAccount(body)


def pickled_word_index(body: str) -> bytes:
    """The index of the body's words that weighing the other account's left-out passages asks of it,
    made in another process (forked.Aside) and pickled: 0.037 s to make for 100,000 words, 0.006 s to
    unpickle."""
    return pickle.dumps(_BodyIndex(body), pickle.HIGHEST_PROTOCOL)


def offer_word_index(body: str, pickled: bytes) -> None:
    """`pickled_word_index(body)`, made elsewhere: taken up when the weighing first asks the body for a
    name (in whichever process weighs), never unpickled where none is asked."""
    other = other_account(body)
    if "index" not in other.__dict__:
        other.offered = pickled


def names_given_by(body: str) -> dict[str, bool]:
    """What has been asked of `body` as the other account so far: whether it gives each name."""
    return dict(other_account(body).given)


def learn_names_given_by(body: str, answers: dict[str, bool]) -> None:
    """Answers `names_given_by` gave in another process, kept as if asked here: the summary asks the
    same names again, and would index the body to answer them (0.05 s a side of the long pair)."""
    other_account(body).given.update(answers)
