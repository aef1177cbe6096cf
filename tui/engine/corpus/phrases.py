"""Talking points: the phrases that recur across a corpus, found the way passim finds reused text.

Each article is shingled (`shingles.py`) into runs of `gram` content words (case-folded stems; function
words, quotes and dashes left out, so "a community with a shared future" and "a community of shared
future" shingle alike); the n-grams found in enough articles are kept, those in too many dropped as common
language, and those one outlet repeats in most of its articles set apart as boilerplate. Kept n-grams with
the same articles are then chained, over a gap of one changed word, into maximal phrases.

Memory stays bounded whatever the corpus's size: each article posts its n-grams into parts by key range
(spilled to files past HELD_POSTINGS), the parts are counted one at a time, and the bodies are read one
at a time, again only for the articles that hold a kept n-gram. The pure steps are shared by both
engines: `find_phrases_streamed` runs them in this process; the Spark job (`corpus.spark.phrases`)
posts, counts (`kept_grams`) and finds (`found_in`) on a cluster, one part a partition, and ends in the
same `phrases_of` on the driver, so both give the same answer.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from .phrase_record import Occurrence, Phrase
from .phrase_text import Placed, place, shared_openers
from .shingles import Found, Postings, SpilledPostings, found_in, part_count, shingles

HELD_POSTINGS = 2_000_000
"""Postings (12 bytes each) the in-process engine holds before it appends them to files."""


@dataclass(frozen=True)
class ArticleRecord:
    """What phrase finding needs of an article."""

    id: str
    outlet: str | None
    date: str | None
    body: str


@dataclass(frozen=True)
class PhraseSettings:
    """How phrases are found; the same settings give the same phrases on either engine."""

    gram: int = 4
    """Content words per n-gram (function words between them come along): the shortest phrase."""
    min_articles: int = 2
    """A phrase must be in at least this many articles."""
    min_outlets: int = 1
    """... and in articles of at least this many outlets (an article without one, a file or a page that
    names none, counts as an outlet of its own: none is known to have repeated another)."""
    common_share: float = 0.05
    """An n-gram in more than this share of the articles (and more than common_floor) is common language."""
    common_floor: int = 50
    boilerplate_share: float = 0.5
    """An n-gram in at least this share of one outlet's articles is that outlet's furniture ..."""
    boilerplate_min_articles: int = 5
    """... when the outlet has at least this many articles (fewer cannot show a habit) ..."""
    boilerplate_outside: float = 0.2
    """... and at most this share of the n-gram's articles are other outlets'."""

    def key(self) -> str:
        """The settings as text, for remembering results computed with them."""
        return repr(self)


# Counting and classifying


class GramJudge:
    """Whether n-grams found in enough articles are talking points, boilerplate or common language.

    `outlets[n]` is article n's outlet. Boilerplate is an n-gram in most of one outlet's articles and
    few others'; it is looked for before the common-language cut, as a large outlet's sign-off may be in
    a good share of the whole library."""

    def __init__(self, outlets: Sequence[str | None], settings: PhraseSettings) -> None:
        self.outlets = list(outlets)
        self.sizes = Counter(o for o in outlets if o)
        self.cap = max(settings.common_floor, int(settings.common_share * len(outlets)))
        self.settings = settings

    def is_boilerplate(self, articles: Sequence[int]) -> bool | None:
        """True for an outlet's furniture, False for a talking point, None for common language."""
        settings, outlets = self.settings, self.outlets
        by_outlet = Counter(o for n in articles if (o := outlets[n]))
        if by_outlet:
            outlet, count = min(by_outlet.items(), key=lambda item: (-item[1], item[0]))
            size = self.sizes[outlet]
            if (
                size >= settings.boilerplate_min_articles
                and count >= settings.boilerplate_share * size
                and len(articles) - count <= settings.boilerplate_outside * len(articles)
            ):
                return True
        return False if len(articles) <= self.cap else None


@dataclass
class KeptGrams:
    """The n-grams kept as talking points and as boilerplate: key -> article numbers, ascending."""

    talking: dict[int, tuple[int, ...]] = field(default_factory=dict)
    furniture: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def update(self, other: KeptGrams) -> None:
        self.talking.update(other.talking)
        self.furniture.update(other.furniture)

    def articles(self) -> set[int]:
        """Every article holding a kept n-gram."""
        return {n for grams in (self.talking, self.furniture) for holders in grams.values() for n in holders}


def kept_grams(postings: Postings, judge: GramJudge, min_articles: int) -> KeptGrams:
    """The n-grams of one part in at least `min_articles` articles, judged."""
    # Most n-grams are in one article only: counting keys (at C speed) leaves the few worth a list.
    candidates = {key for key, count in Counter(postings.keys).items() if count >= min_articles}
    kept = KeptGrams()
    if not candidates:
        return kept
    holders: dict[int, list[int]] = defaultdict(list)
    for key, article in zip(postings.keys, postings.articles, strict=True):
        if key in candidates:
            holders[key].append(article)
    for key, found in holders.items():
        articles = tuple(sorted(found))
        boilerplate = judge.is_boilerplate(articles)
        if boilerplate is not None:
            (kept.furniture if boilerplate else kept.talking)[key] = articles
    return kept


# Merging n-grams into phrases


@dataclass(frozen=True)
class RawPhrase:
    """A phrase as content-word positions: for each article, the first and last content word."""

    articles: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    boilerplate: bool


def _chains(positions: list[int], reach: int) -> list[list[int]]:
    chains: list[list[int]] = []
    for position in positions:
        if chains and position - chains[-1][-1] <= reach:
            chains[-1].append(position)
        else:
            chains.append([position])
    return chains


def merge_phrases(
    grams: Mapping[int, tuple[int, ...]],
    occurrences: Mapping[int, Iterable[tuple[int, int]]],
    gram: int,
    boilerplate: bool = False,
) -> list[RawPhrase]:
    """Chain the n-grams of `grams` (key -> articles) into maximal phrases.

    n-grams with the same articles whose positions in an article are adjacent, or one changed word apart
    (which breaks the `gram` n-grams covering it), are one phrase. A phrase found in some articles that
    lies inside a phrase found in more of them (the n-grams around a changed word) is dropped.
    `occurrences[n]` lists (position, key) of article n's n-grams that are in `grams`."""
    reach = gram + 1
    by_articles: dict[tuple[int, ...], set[int]] = defaultdict(set)
    for key, articles in grams.items():
        by_articles[articles].add(key)
    found: dict[tuple[tuple[int, ...], tuple[tuple[int, int], ...]], None] = {}
    for articles, keys in sorted(by_articles.items()):
        positions_of: dict[int, dict[int, list[int]]] = {}
        for number in articles:
            spots: dict[int, list[int]] = defaultdict(list)
            for position, key in occurrences.get(number, ()):
                if key in keys:
                    spots[key].append(position)
            positions_of[number] = spots
        reference = positions_of[articles[0]]
        # Each run's keys read from the positions in it, in one pass: asking every key whether one of
        # its places lies in each run was quadratic in an article of repeated words (200 KB: 20 s).
        placed = sorted((p, key) for key, places in reference.items() for p in places)
        at = 0
        for run in _chains([p for p, _ in placed], reach):
            run_keys = {key for _, key in placed[at : at + len(run)]}
            at += len(run)
            spans = []
            for number in articles:
                where = positions_of[number]
                positions = sorted({p for key in run_keys for p in where.get(key, ())})
                if not positions:
                    break
                best = max(_chains(positions, reach), key=lambda chain: (len(chain), -chain[0]))
                spans.append((best[0], best[-1] + gram - 1))
            else:
                found.setdefault((articles, tuple(spans)))
    return _maximal([RawPhrase(articles, spans, boilerplate) for articles, spans in found])


def _maximal(phrases: list[RawPhrase]) -> list[RawPhrase]:
    """The phrases no other phrase holds: one in at least as many articles whose span holds this one's in
    each of its articles. Each phrase is checked against the phrases of its first article that start
    at or before it and reach as far, found by bisection (every pair of an article's phrases was
    compared: 3,353 phrases of two articles of repeated words, 11 million comparisons, 10 s)."""
    spans_of = [dict(zip(phrase.articles, phrase.spans, strict=True)) for phrase in phrases]
    by_article: dict[int, list[tuple[int, int, int]]] = defaultdict(list)  # (start, end, phrase) by start
    for k, phrase in enumerate(phrases):
        for number, (first, last) in zip(phrase.articles, phrase.spans, strict=True):
            by_article[number].append((first, last, k))
    starts: dict[int, list[int]] = {}
    reaches: dict[int, list[int]] = {}  # the furthest end of the phrases up to each one
    for number, entries in by_article.items():
        entries.sort()
        starts[number] = [first for first, _, _ in entries]
        reaches[number] = list(accumulate((last for _, last, _ in entries), max))
    kept = []
    for k, phrase in enumerate(phrases):
        spans = spans_of[k]
        number = phrase.articles[0]
        first, last = phrase.spans[0]
        entries, reach = by_article[number], reaches[number]
        at = bisect_right(starts[number], first) - 1
        covered = False
        while at >= 0 and reach[at] >= last and not covered:
            _, other_last, j = entries[at]
            at -= 1
            other = phrases[j]
            if j == k or other_last < last or len(other.articles) < len(phrase.articles):
                continue
            other_spans = spans_of[j]
            if other.articles == phrase.articles and other_spans == spans:
                continue
            covered = all(
                n in other_spans and other_spans[n][0] <= spans[n][0] and spans[n][1] <= other_spans[n][1]
                for n in phrase.articles
            )
        if not covered:
            kept.append(phrase)
    return kept


# Describing phrases for people


BodiesOf = Callable[[Sequence[int]], Iterable[tuple[int, str]]]
"""Given article numbers (ascending), their (number, body) in any order: a corpus read back piece by piece."""


def describe_phrases(
    raw: Iterable[RawPhrase],
    metas: Sequence[ArticleRecord],
    found: Mapping[int, Found],
    bodies_of: BodiesOf,
    settings: PhraseSettings,
) -> list[Phrase]:
    """The phrases with their text, articles, outlets, dates and counts, most widely spread first.

    `metas[n]` is article n (its body may be empty: `bodies_of` reads the bodies needed, one at a time,
    so neither engine need hold a whole corpus); `found[n]` says where its kept n-grams are."""
    # A phrase only outlet-less articles share was never listed (quake accounts imported as files).
    chosen = [p for p in raw if len({metas[n].outlet or n for n in p.articles}) >= settings.min_outlets]
    wanted: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for index, phrase in enumerate(chosen):
        for number, (first, last) in zip(phrase.articles, phrase.spans, strict=True):
            wanted[number].append((index, first, last - settings.gram + 1))
    leads = [min(p.articles, key=lambda n: _chronological(metas[n])) for p in chosen]
    # Each phrase is described as soon as its last use is read, and its uses let go.
    uses: list[list[Placed]] = [[] for _ in chosen]
    lead_text: dict[int, tuple[int, str]] = {}
    described = []
    for number, body in bodies_of(sorted(wanted)):
        where = found[number]
        for index, first, last in wanted.pop(number, ()):
            spot = place(number, body, where.span(first)[0], where.span(last)[1])
            uses[index].append(spot)
            if leads[index] == number:
                opened = spot.openers[0][1] if spot.openers else spot.start
                lead_text[index] = (opened, body[opened : spot.end])
            if len(uses[index]) == len(chosen[index].articles):
                described.append((index, _phrase(chosen[index], metas, uses[index], lead_text.pop(index))))
                uses[index] = []
    if wanted:
        raise ValueError(f"{len(wanted)} articles could not be read back (first: {metas[min(wanted)].id})")
    # Phrases alike in spread keep the order they were merged in, whatever order the bodies came in.
    return [phrase for _, phrase in sorted(described, key=lambda item: (spread_order(item[1]), item[0]))]


def _phrase(raw: RawPhrase, metas: Sequence[ArticleRecord], spots: list[Placed], lead: tuple[int, str]) -> Phrase:
    shared = shared_openers(spots)
    spots = sorted(spots, key=lambda spot: _chronological(metas[spot.article]))
    occurrences = [
        Occurrence(metas[spot.article].id, spot.openers[-shared][1] if shared else spot.start, spot.end)
        for spot in spots
    ]
    opened, words = lead
    text = " ".join(words[occurrences[0].start - opened :].split())
    outlets = sorted({o for n in raw.articles if (o := metas[n].outlet)})
    dates = sorted(d for n in raw.articles if (d := metas[n].date))
    timeline: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for number in raw.articles:
        meta = metas[number]
        if meta.date:
            timeline[meta.outlet or ""][meta.date[:7]] += 1
    return Phrase(
        text=text,
        articles=tuple(o.article_id for o in occurrences),
        outlets=tuple(outlets),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        boilerplate=raw.boilerplate,
        occurrences=tuple(occurrences),
        per_outlet=dict(sorted(Counter(metas[n].outlet or "" for n in raw.articles).items())),
        per_month=dict(sorted(Counter(d[:7] for d in dates).items())),
        timeline={o: dict(sorted(months.items())) for o, months in sorted(timeline.items())},
    )


def spread_order(phrase: Phrase) -> tuple[object, ...]:
    """Talking points before boilerplate; most outlets, then most articles, then earliest first."""
    return (phrase.boilerplate, -len(phrase.outlets), -len(phrase.articles), phrase.first or "9999", phrase.text)


def _chronological(meta: ArticleRecord) -> tuple[str, str]:
    return (meta.date or "9999", meta.id)


def in_window(records: Iterable[ArticleRecord], since: str | None, until: str | None) -> list[ArticleRecord]:
    """The records to search, in the order both engines number them (by id): with `since` or `until`,
    only articles dated inside that window (inclusive; a date may be a year or a month too)."""
    chosen = []
    for record in records:
        if since or until:
            if not record.date:
                continue
            if since and record.date[: len(since)] < since:
                continue
            if until and record.date[: len(until)] > until:
                continue
        chosen.append(record)
    return sorted(chosen, key=lambda r: r.id)


def find_phrases(records: Iterable[ArticleRecord], settings: PhraseSettings | None = None) -> list[Phrase]:
    """Every phrase recurring across `records`, in this process (records numbered in the given order:
    pass them through `in_window` for the order the Spark engine uses)."""
    records = list(records)
    return find_phrases_streamed(
        records, enumerate(r.body for r in records), lambda numbers: ((n, records[n].body) for n in numbers), settings
    )


def find_phrases_streamed(
    metas: Sequence[ArticleRecord],
    bodies: Iterable[tuple[int, str]],
    bodies_of: BodiesOf,
    settings: PhraseSettings | None = None,
    spill_folder: Path | None = None,
    held_postings: int = HELD_POSTINGS,
    parts: int | None = None,
) -> list[Phrase]:
    """Every phrase recurring across a corpus read once whole (`bodies`: (n, the body of `metas[n]`) for
    every n, in any order), then twice more for the articles the phrases are in (`bodies_of`).

    Memory stays bounded whatever the corpus's size: postings beyond `held_postings` go to files in
    `spill_folder` (the system's temporary folder by default), split into `parts` by n-gram key (as
    `part_count` says by default), and are counted one part at a time."""
    settings = settings or PhraseSettings()
    spill = SpilledPostings(parts or part_count(len(metas)), held_postings, spill_folder)
    for number, body in bodies:
        spill.add(number, shingles(body, settings.gram))
    judge = GramJudge([m.outlet for m in metas], settings)
    kept = KeptGrams()
    for postings in spill:
        kept.update(kept_grams(postings, judge, max(2, settings.min_articles)))
    wanted = kept.talking.keys() | kept.furniture.keys()
    found = {number: found_in(body, settings.gram, wanted) for number, body in bodies_of(sorted(kept.articles()))}
    return phrases_of(kept, found, metas, bodies_of, settings)


def phrases_of(
    kept: KeptGrams,
    found: Mapping[int, Found],
    metas: Sequence[ArticleRecord],
    bodies_of: BodiesOf,
    settings: PhraseSettings,
) -> list[Phrase]:
    """The kept n-grams, `found` in their articles, merged into phrases and described: both engines end
    here. `kept` is emptied once merged, so the memory its n-grams took serves the description."""
    raw = merge_phrases(kept.talking, found, settings.gram) + merge_phrases(
        kept.furniture, found, settings.gram, boilerplate=True
    )
    kept.talking.clear()
    kept.furniture.clear()
    return describe_phrases(raw, metas, found, bodies_of, settings)
