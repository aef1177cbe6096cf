"""Stories: the articles of a library that report the same event, grouped, from what survives translation
and rewording — the names an article treats as names, its numbers, its title's words, its wording — and
dates close together.

A pure function over (id, title, outlet, date, body) records, in four steps that port to any engine:

1. `signature` per record: hashed terms (proper names, pairs of them, numbers, title words) and a
   bottom-k sketch of its wording; cacheable, as it depends on the record alone;
2. `candidate_pairs`: an inverted index of each record's rarest terms (document-frequency cut-offs), the
   pairs sharing two or more of them — never all pairs;
3. `link_score`: the share of rare-term weight two records hold in common, and of their wording;
   a pair links when that is high enough and their dates (when both are known) are close;
4. `stories_from_links`: connected components, pruned against chaining: in a group above three, every
   member must link to two others (and to a quarter of a large group), or it is left out. An article in
   no group is better than one in a wrong group.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..align.relatedness import one_event
from ..text.words import WORD, is_function_word
from .signature import wording

SIGNATURE_VERSION = 1
"""Raised whenever `signature` changes, so cached signatures are made again."""
SKETCH_SIZE = 64
CANDIDATE_TERMS = 12
"""How many of its rarest terms an article is looked up by."""
SAMPLED_TERMS = 8
"""... and how many more, sampled by their hashes (`looked_up`)."""
MAX_DF = 100
"""A term in more articles than this (or than MAX_DF_SHARE of them, whichever is more) names no event."""
MAX_DF_SHARE = 0.001
MIN_SHARED_TERMS = 2
LINK_SCORE = 0.2
"""Below this rare-term likeness (see `link_score`) two articles report different events; above it and
below STRONG_LINK, a full alignment decides."""
STRONG_LINK = 0.6
"""From this rare-term likeness, with a focus in common (a name both keep coming back to), two articles
report one event without aligning them. An official's titles in both (Political Bureau, Central
Committee) give likeness but no common focus."""
STRONG_TERMS = 4
"""...and with at least this many terms in common: a date ("October 24") alone is no event."""
FOCUS_TERMS = 4
"""How many of an article's heaviest terms say what it is about (see `link_score`)."""
WORDING_LINK = 0.35
"""Articles sharing this much of their wording are one story even with few rare terms (a copy)..."""
MIN_COPY_RUNS = 25
"""... when the shorter has at least this many runs of wording (some fifty words): a stub whose text
is an outlet's footer ("Follow the Tribune on social media for more news") shares all of it with
every article that carries the footer, and was a copy of each, across months, until one story held
every article of the library."""
MAX_DAYS_APART = 3
"""Accounts of one event are published within days of each other; further apart, only a copy links..."""
FAR_COPY_LINK = 0.6
"""... sharing this much of the shorter one's wording: two accounts of one topic a month apart share
stock phrases and the outlets' standing lines (a footer, a slogan), 0.38-0.42 of the shorter's wording
in a library of variants of the seeds, where the variants of one account share 0.64-0.99 of it."""

_CAPITALISED = re.compile(r"(?<![^\W_])[^\W\d_a-z][^\W_]*(?:['’][^\W_]+)*")
_OPENING = frozenset("\"“‘'(«[")
_ENDING = frozenset(".!?:;\n")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True)
class StoryRecord:
    id: str
    title: str
    outlet: str | None
    date: str | None
    body: str


@dataclass(frozen=True)
class Signature:
    """What grouping needs of an article: `terms` (hashes of its proper names, pairs of names, numbers and
    title words), `sketch` (the smallest SKETCH_SIZE hashes of its wording), `size` (how many wording
    hashes it has) and `day` (its date as a day number, None if unknown)."""

    id: str
    day: int | None
    terms: dict[int, int]
    sketch: tuple[int, ...]
    size: int


@dataclass(frozen=True)
class Story:
    """Articles reporting one event: their ids (earliest first), a title for the group, the outlets and
    the span of dates."""

    title: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first_date: str | None
    last_date: str | None


def _hash(kind: str, text: str) -> int:
    return zlib.crc32(f"{kind}:{text}".encode("utf-8", "surrogatepass"))


def day_number(date: str | None) -> int | None:
    """The day a date (YYYY-MM-DD, or longer) names, as a number; None for none or an unreadable one."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def _starts_sentence(body: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence (or a quotation opening one), where any word has a capital."""
    i = start - 1
    while i >= 0 and body[i] in " \t":
        i -= 1
    while i >= 0 and body[i] in _OPENING:
        i -= 1
        while i >= 0 and body[i] in " \t":
            i -= 1
    return i < 0 or body[i] in _ENDING


def signature(record: StoryRecord) -> Signature:
    body = record.body
    lower = {w for w in set(WORD.findall(body)) if w.islower()}
    terms: Counter[int] = Counter()
    previous_end, previous = -2, ""
    for found in _CAPITALISED.finditer(body):
        word = found.group()
        folded = word.casefold()
        # A name is a word written with a capital inside sentences and never without one.
        if len(word) < 2 or folded in lower or is_function_word(folded) or _starts_sentence(body, found.start()):
            previous_end = -2
            continue
        terms[_hash("n", folded)] += 1
        if found.start() == previous_end + 1:
            terms[_hash("p", previous + " " + folded)] += 1
        previous_end, previous = found.end(), folded
    for number in _NUMBER.findall(body):
        if len(number) > 1 or number != "0":
            terms[_hash("d", number.replace(",", ""))] += 1
    for word in WORD.findall(record.title.casefold()):
        if len(word) > 3 and not is_function_word(word):
            terms[_hash("t", word)] += 1
    shingles = wording(body)
    return Signature(
        record.id, day_number(record.date), dict(terms), tuple(heapq.nsmallest(SKETCH_SIZE, shingles)), len(shingles)
    )


@dataclass(frozen=True)
class Corpus:
    """What the whole library says about each term: in how many articles it is (`frequencies`), how
    telling that makes it (`idf`, by frequency), and from what count it is too common to focus on."""

    count: int
    frequencies: Counter[int]
    idf: dict[int, float]

    @classmethod
    def of(cls, signatures: Sequence[Signature]) -> Corpus:
        frequencies: Counter[int] = Counter()
        for sig in signatures:
            frequencies.update(sig.terms.keys())
        count = len(signatures)
        return cls(count, frequencies, {df: math.log((count + 1) / df) for df in set(frequencies.values())})

    @property
    def max_df(self) -> int:
        """Terms in more articles than this name no event: not looked up by."""
        return max(MAX_DF, int(self.count * MAX_DF_SHARE))

    @property
    def common(self) -> int:
        """Terms in more articles than this are no article's focus (China in a small library on China)."""
        return min(self.max_df, max(3, self.count // 2))

    def weights(self, sig: Signature) -> dict[int, float]:
        """Each term's weight: rarer and more often named weigh more. A term no other article has
        cannot be shared and is left out."""
        df = self.frequencies
        return {t: self.idf[df[t]] * (1 + math.log(n)) for t, n in sig.terms.items() if df[t] > 1}

    def focus(self, sig: Signature) -> set[int]:
        """The names an article keeps coming back to: its FOCUS_TERMS most frequent shareable terms."""
        df, terms, common = self.frequencies, sig.terms, self.common
        shareable = (t for t in terms if 1 < df[t] <= common)
        return set(heapq.nlargest(FOCUS_TERMS, shareable, key=lambda t: (terms[t], -df[t], t)))


def looked_up(sig: Signature, corpus: Corpus) -> list[int]:
    """The terms an article is looked up by: its CANDIDATE_TERMS rarest shareable ones, and a sample of
    the rest, the SAMPLED_TERMS with the smallest hashes (a MinHash sketch: two articles with much in
    common sample much the same terms). By rarity alone, they were the terms it happens to share with
    one other article: once a copy of an account joined the library, every term the account shared with
    a rewording of it was in three articles, none was looked up, and the rewording fell out of its story."""
    df, limit = corpus.frequencies, corpus.max_df
    shareable = [t for t in sig.terms if 1 < df[t] <= limit]
    rare = heapq.nsmallest(CANDIDATE_TERMS, shareable, key=lambda t: (df[t], t))
    return list(dict.fromkeys([*rare, *heapq.nsmallest(SAMPLED_TERMS, shareable)]))


def candidate_pairs(signatures: Sequence[Signature], corpus: Corpus) -> Iterator[tuple[int, int]]:
    """Pairs of positions in `signatures` sharing MIN_SHARED_TERMS of the terms each is looked up by
    (`looked_up`), each once (i < j)."""
    postings: defaultdict[int, list[int]] = defaultdict(list)
    for position, sig in enumerate(signatures):
        for term in looked_up(sig, corpus):
            postings[term].append(position)
    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        if len(members) > 1:
            shared.update((i, j) for index, i in enumerate(members) for j in members[index + 1 :])
    return (pair for pair, count in shared.items() if count >= MIN_SHARED_TERMS)


def wording_likeness(a: Signature, b: Signature) -> float:
    """How much of the shorter account's wording the other shares (as signature.likeness), estimated from
    the two sketches: the share of the union's smallest hashes found in both is the Jaccard index."""
    if not a.sketch or not b.sketch:
        return 0.0
    union = heapq.nsmallest(SKETCH_SIZE, set(a.sketch) | set(b.sketch))
    both = set(a.sketch) & set(b.sketch)
    jaccard = sum(1 for h in union if h in both) / len(union)
    return min(1.0, jaccard * (a.size + b.size) / (1 + jaccard) / min(a.size, b.size))


def link_score(a: Signature, b: Signature, corpus: Corpus) -> float:
    """The rare-term likeness of two articles, 0 to 1: the weight of the terms they share over the weight
    of the lighter article's shareable terms."""
    weights_a, weights_b = corpus.weights(a), corpus.weights(b)
    lighter = min(sum(weights_a.values()), sum(weights_b.values()))
    if not lighter:
        return 0.0
    return sum(min(weights_a[t], weights_b[t]) for t in weights_a.keys() & weights_b.keys()) / lighter


Confirm = Callable[[int, int], bool]
"""Whether the accounts at two positions report one event, by a full alignment: asked only of the pairs
the signatures leave in doubt."""


def linked(a: Signature, b: Signature, corpus: Corpus) -> bool | None:
    """True or False when the signatures settle it; None when only a full alignment can."""
    far = a.day is not None and b.day is not None and abs(a.day - b.day) > MAX_DAYS_APART
    if min(a.size, b.size) >= MIN_COPY_RUNS and wording_likeness(a, b) >= (FAR_COPY_LINK if far else WORDING_LINK):
        return True  # a copy, whatever its date
    if far:
        return False
    score = link_score(a, b, corpus)
    shared = len(a.terms.keys() & b.terms.keys())
    if score >= STRONG_LINK and shared >= STRONG_TERMS and corpus.focus(a) & corpus.focus(b):
        return True
    return None if score >= LINK_SCORE else False


def story_links(signatures: Sequence[Signature], confirm: Confirm) -> list[tuple[int, int]]:
    corpus = Corpus.of(signatures)
    links = []
    for i, j in candidate_pairs(signatures, corpus):
        verdict = linked(signatures[i], signatures[j], corpus)
        if verdict or (verdict is None and confirm(i, j)):
            links.append((i, j))
    return links


def aligned_alike(bodies: Sequence[str]) -> Confirm:
    """A Confirm that aligns the two bodies (`one_event`)."""

    def confirm(i: int, j: int) -> bool:
        return one_event(bodies[i], bodies[j])

    return confirm


def stories_from_links(count: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Groups of positions: connected components of the links, with members that hang on by one link
    (in groups above three) or by few (in large groups) left out, until every group holds together."""
    neighbours: defaultdict[int, set[int]] = defaultdict(set)
    for i, j in links:
        neighbours[i].add(j)
        neighbours[j].add(i)
    groups = []
    for component in _components(neighbours):
        groups.extend(_hold_together(component, neighbours))
    return sorted(groups, key=lambda g: g[0])


def _components(neighbours: dict[int, set[int]]) -> Iterator[set[int]]:
    seen: set[int] = set()
    for start in sorted(neighbours):
        if start in seen:
            continue
        component, stack = {start}, [start]
        while stack:
            for other in neighbours[stack.pop()] - component:
                component.add(other)
                stack.append(other)
        seen |= component
        yield component


def _hold_together(component: set[int], neighbours: dict[int, set[int]]) -> list[list[int]]:
    """`component` as groups that hold together. Above three members, a link counts only when the two
    share a neighbour (a lone bridge between two families is cut), and every member needs two links
    inside its group (a quarter of a large one) or is left out."""
    if len(component) <= 3:
        return [sorted(component)] if len(component) > 1 else []
    inside = {m: {n for n in neighbours[m] & component if neighbours[m] & neighbours[n] & component} for m in component}
    members = set(component)
    while len(members) > 3:
        needed = max(2, math.ceil(len(members) / 4))
        weak = {m for m in members if len(inside[m] & members) < needed}
        if not weak:
            break
        members -= weak
    inside = {m: inside[m] & members for m in members}
    parts = list(_components({m: links for m, links in inside.items() if links}))
    if len(parts) == 1 and parts[0] == component:
        return [sorted(component)]
    return [group for part in parts for group in _hold_together(part, inside)]


def _story(records: Sequence[StoryRecord], members: list[int], links: dict[int, int]) -> Story:
    chosen = [records[m] for m in members]
    chosen.sort(key=lambda r: (r.date or "9999", r.id))
    dates = sorted(r.date for r in chosen if r.date)
    # The title of the best-connected account, the earliest among equals.
    central = max(members, key=lambda m: (links.get(m, 0), -(day_number(records[m].date) or 0), -m))
    outlets = tuple(dict.fromkeys(r.outlet for r in chosen if r.outlet))
    return Story(
        records[central].title,
        tuple(r.id for r in chosen),
        outlets,
        dates[0] if dates else None,
        dates[-1] if dates else None,
    )


def group_stories(
    records: Sequence[StoryRecord], signatures: Sequence[Signature] | None = None, confirm: Confirm | None = None
) -> list[Story]:
    """The stories among `records` (two articles or more each), largest first. `signatures`, when given,
    are theirs in the same order (made by `signature`, perhaps cached); `confirm` settles the pairs in
    doubt (by default, aligning the records' bodies)."""
    if signatures is None:
        signatures = [signature(record) for record in records]
    links = story_links(signatures, confirm or aligned_alike([r.body for r in records]))
    return story_list(records, stories_from_links(len(records), links), links)


def story_list(
    records: Sequence[StoryRecord], groups: Sequence[list[int]], links: Sequence[tuple[int, int]]
) -> list[Story]:
    """The groups (positions in `records`) as stories, largest first; each titled by its best-linked
    account. Both engines end here."""
    degree: Counter[int] = Counter(i for pair in links for i in pair)
    stories = [_story(records, group, degree) for group in groups]
    return sorted(stories, key=lambda s: (-len(s.articles), s.first_date or "9999", s.title.casefold()))
