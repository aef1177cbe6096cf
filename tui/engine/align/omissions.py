"""Left-out passages by weight: what each carries (names, numbers and dates, quotations, claims
attributed to someone), a weight from those, and the one line saying what each account alone reports
that matters."""

from __future__ import annotations

import math
import pickle
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property, lru_cache
from itertools import islice, pairwise

from ..text.values import Value, body_values, find_values
from ..text.words import Token, is_function_word, tokenize
from .names import name_places
from .quote_agreement import overlapping_parts, quotes_touching
from .quotes import TITLES, attributions
from .result import Carries, Comparison, LeftOut, Quotation, Side, Span

# What one of each adds to a passage's weight; a name or figure the other account never gives counts
# fully, one it gives elsewhere less: the reader already has it.
_NEW_NAME, _KNOWN_NAME = 1.0, 0.35
_NEW_NUMBER, _KNOWN_NUMBER = 1.2, 0.35
_QUOTE, _CLAIM = 1.5, 0.8
_PER_WORD = 0.02
# The weight is 1 - exp(-raw / _SCALE): a passage with a new name, a new figure and a quote is near 0.7.
_SCALE = 3.0


def carried(
    body: str,
    span: Span,
    quotes: tuple[Quotation, ...],
    tokens: list[Token] | None = None,
    values: list[Value] | None = None,
) -> Carries:
    """What a passage of `body` carries, each thing once, in order (`tokens` and `values`: the
    passage's, when the caller has them already)."""
    tokens = tokenize(body, span.start, span.end) if tokens is None else tokens
    values = find_values(body, span.start, span.end) if values is None else values
    names = _unique(body[s:e] for s, e in name_places(body, tokens))
    numbers = _unique(_counted(body, v.text, v.end) for v in values)
    quoted = _unique(quotes[q].parts[p].text for q, p in overlapping_parts(quotes, span.start, span.end))
    return Carries(names, numbers, quoted, _unique(attributions(span.text)))


_COUNTED = re.compile(r"\s+([a-z]{3,})\b")


def _counted(body: str, value: str, end: int) -> str:
    """A bare number with the word it counts ("45 countries"); other values as written."""
    following = _COUNTED.match(body, end)
    if value.replace(",", "").isdigit() and following and not is_function_word(following.group(1)):
        return f"{value} {following.group(1)}"
    return value


def _short_name(name: str) -> str:
    """A name without the titles before it: "Secretary of the Council Nikolai Patrushev" -> "Nikolai Patrushev"."""
    words = name.split()
    joiners = [i for i, word in enumerate(words) if word.islower()]
    tail = words[joiners[-1] + 1 :] if joiners else words
    tail = [w for w in tail if w.casefold() not in TITLES] or tail
    return " ".join(tail[-4:])


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        key = " ".join(item.split())
        seen.setdefault(key.casefold(), key)
    return tuple(seen.values())


_ALNUM = re.compile(r"[^\W_]+")


class _Other:
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

    @cached_property
    def index(self) -> _BodyIndex:
        """Where the body's words start, indexed on first use, or taken from the index offered."""
        if self.offered is None:
            return _BodyIndex(self.body)
        index: _BodyIndex = pickle.loads(self.offered)
        self.offered = None
        return index


class _BodyIndex:
    """Where each word of a body starts. The body is searched only for names whose words all start
    words of it: a search of a long body for each of thousands of names was quadratic. Where the name
    can be in the body is read from where the body's words, or pairs of neighbouring words, start (see
    `_holds`), not by scanning the body for each name."""

    def __init__(self, body: str) -> None:
        self.folded = body.casefold()
        self.starts: dict[str, list[int]] = {}
        for m in _ALNUM.finditer(self.folded):
            self.starts.setdefault(m.group(), []).append(m.start())
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
def _other(body: str) -> _Other:
    """The other account of a pair: weighing its left-out passages and summing up what each account
    alone gives ask it of the same names."""
    return _Other(body)


def pickled_word_index(body: str) -> bytes:
    """The index of the body's words that weighing the other account's left-out passages asks of it,
    made in another process (forked.Aside) and pickled: 0.037 s to make for 100,000 words, 0.006 s to
    unpickle."""
    return pickle.dumps(_BodyIndex(body), pickle.HIGHEST_PROTOCOL)


def offer_word_index(body: str, pickled: bytes) -> None:
    """`pickled_word_index(body)`, made elsewhere: taken up when the weighing first asks the body for a
    name (in whichever process weighs), never unpickled where none is asked."""
    other = _other(body)
    if "index" not in other.__dict__:
        other.offered = pickled


def names_given_by(body: str) -> dict[str, bool]:
    """What has been asked of `body` as the other account so far: whether it gives each name."""
    return dict(_other(body).given)


def learn_names_given_by(body: str, answers: dict[str, bool]) -> None:
    """Answers `names_given_by` gave in another process, kept as if asked here: the summary asks the
    same names again, and would index the body to answer them (0.05 s a side of the long pair)."""
    _other(body).given.update(answers)


def weigh(
    body: str,
    span: Span,
    quotes: tuple[Quotation, ...],
    other: _Other,
    other_values: set[str],
    terms: dict[str, tuple[str, ...]] | None = None,
) -> LeftOut:
    """The passage with what it carries and its weight (0 to 1) for a reader of the other account,
    `other`, whose values' terms are `other_values`. `terms`: the terms of words (no compound split)
    met in other passages of the body, filled in as words are met."""
    values = body_values(body).within(span.start, span.end)
    tokens = tokenize(body, span.start, span.end, cache=terms, values=values)
    carries = carried(body, span, quotes, tokens, values)
    raw = sum(_KNOWN_NAME if other.gives(name) else _NEW_NAME for name in carries.names)
    raw += sum(_NEW_NUMBER if v.term not in other_values else _KNOWN_NUMBER for v in values)
    raw += _QUOTE * min(2, len(carries.quotes)) + _CLAIM * min(2, len(carries.claims))
    raw += _PER_WORD * sum(1 for t in tokens if t.terms)
    weight = round(1 - math.exp(-raw / _SCALE), 4)
    return LeftOut(span.start, span.end, span.text, weight, carries)


def _body_values(body: str) -> list[Value]:
    """The values of a whole body, read once (the aligner read them already): weighing the left-out
    passages of a pair and summing up what each account alone gives ask for them twice a side."""
    return body_values(body).values


def weigh_left_out(
    body: str, spans: Sequence[Span], quotes: tuple[Quotation, ...], other_body: str
) -> tuple[LeftOut, ...]:
    if not spans:
        return ()  # nothing to weigh, and no values of the other body to read for it
    other_values = {v.term for v in _body_values(other_body)}
    other = _other(other_body)
    # A passage outside quotations weighs what any passage of the same words does, given the few
    # characters around it that names and counts look at: thousands of repeated lines are weighed once.
    alike: dict[tuple[str, str, str], LeftOut] = {}
    terms: dict[str, tuple[str, ...]] = {}
    weighed = []
    for span in spans:
        if overlapping_parts(quotes, span.start, span.end):
            weighed.append(weigh(body, span, quotes, other, other_values, terms))
            continue
        following = _COUNTED.match(body, span.end)
        key = (body[max(0, span.start - 3) : span.start], span.text, following.group() if following else "")
        known = alike.get(key)
        if known is None:
            known = alike[key] = weigh(body, span, quotes, other, other_values, terms)
        weighed.append(LeftOut(span.start, span.end, span.text, known.weight, known.carries))
    return tuple(weighed)


def heaviest_first(passages: Sequence[Span]) -> list[int]:
    """Indices of the passages, heaviest first; equal weights in document order."""
    return sorted(range(len(passages)), key=lambda i: (-getattr(passages[i], "weight", 0.0), i))


_SHOWN = 3
"""Names, figures and speakers a summary lists of each kind."""


def _listed(items: Sequence[str], limit: int = _SHOWN) -> str:
    items = list(items[:limit])
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def account_alone(comparison: Comparison, side: Side, other_body: str) -> str:
    """What only `side` reports that matters, as a phrase ("names Brazil, gives 45 and quotes Wang Yi"),
    from its heaviest left-out passages; "" when it alone carries nothing of weight."""
    other = _other(other_body)
    other_values = {v.text.casefold() for v in _body_values(other_body)}
    names: list[str] = []
    numbers: list[str] = []
    speakers: list[str] = []
    # The same lists as sets: asking a list whether it holds an item was quadratic in long accounts.
    seen_names: set[str] = set()
    seen_numbers: set[str] = set()
    seen_speakers: set[str] = set()
    passages = comparison.left_out(side)
    quotes = comparison.quotes(side)
    for index in heaviest_first(passages):
        # Only the first few of each kind are listed: once they are found, the rest is not asked for
        # (asking the other account for every name of 100,000 words of names took 0.3 s).
        if min(len(names), len(numbers), len(speakers)) >= _SHOWN:
            break
        passage = passages[index]
        carries = passage.carries if isinstance(passage, LeftOut) else Carries()
        for name in carries.names:
            if len(names) >= _SHOWN:
                break
            if other.gives(name):
                continue
            # Two names may shorten alike ("Minister Wang Yi", "Wang Yi"), in one passage or two.
            short = _short_name(name)
            if short.casefold() not in TITLES and short not in seen_names:
                names.append(short)
                seen_names.add(short)
        if len(numbers) < _SHOWN:
            new_numbers = [n for n in carries.numbers if n.split()[0].casefold() not in other_values]
            new_numbers = [n for n in new_numbers if n not in seen_numbers]
            numbers += new_numbers
            seen_numbers.update(new_numbers)
        for q in quotes_touching(quotes, passage.start, passage.end):
            who = quotes[q].speaker or "a speaker"
            if who not in seen_speakers:
                seen_speakers.add(who)
                speakers.append(who)
    phrases = []
    if names:
        phrases.append(f"names {_listed(names)}")
    if numbers:
        phrases.append(f"gives {_listed(numbers)}")
    if speakers:
        phrases.append(f"quotes {_listed(speakers)}")
    return _listed(phrases, 3) if phrases else ""


def ready_to_summarise(comparison: Comparison, body_a: str, body_b: str) -> None:
    """Read what `omission_summary` asks of each account now, from the caller's thread: the other
    body's values, and where a left-out passage names someone, where the other body's words start. A
    comparison read back from the cache has read neither, and the app's first summary of a long pair
    then held its screen still for 0.4 s."""
    for passages, other_body in ((comparison.a_only, body_b), (comparison.b_only, body_a)):
        if any(isinstance(passage, LeftOut) and passage.carries.names for passage in passages):
            _ = _other(other_body).index  # made here, off the screen's thread
        _body_values(other_body)


def omission_summary(comparison: Comparison, body_a: str, body_b: str, label_a: str, label_b: str) -> str:
    """One line: what each account alone reports that matters ("only Xinhua names Brazil and gives 45;
    only Sputnik quotes Wang Yi"), or that neither left out anything of weight."""
    parts = []
    sides: tuple[tuple[Side, str, str], ...] = (("a", label_a, body_b), ("b", label_b, body_a))
    for side, label, other_body in sides:
        alone = account_alone(comparison, side, other_body)
        if alone:
            parts.append(f"only {label} {alone}")
    return "; ".join(parts) if parts else "neither account left out a name, a figure or a quotation"
