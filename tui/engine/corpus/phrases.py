"""Talking points: the phrases that recur across a corpus, found the way passim finds reused text.

Each article is shingled into runs of `gram` content words (case-folded stems; function words, quotes
and dashes left out, so "a community with a shared future" and "a community of shared future" shingle
alike); the n-grams found in enough articles are kept, those in too many dropped as common language, and
those one outlet repeats in most of its articles set apart as boilerplate. Kept n-grams with the same
articles are then chained, over a gap of one changed word, into maximal phrases.

The pure steps here are shared by both engines: `find_phrases` runs them all in this process; the Spark
job (`corpus.spark.phrases`) shingles, counts and looks up occurrences on a cluster, then calls the same
`classify_grams`, `merge_phrases` and `describe_phrases` on the driver, so both give the same answer.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..text.words import FUNCTION_WORDS, WORD, stem

_POSSESSIVE = re.compile(r"'s$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})
_PREFILTER_GRAMS = 2_000_000
"""Above this many n-grams the in-process count first sieves them through a table of counters, so
that only n-grams that may be in enough articles take room in the index."""


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
    """... and in articles of at least this many outlets (an article without one counts as none)."""
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


@dataclass(frozen=True)
class Occurrence:
    """Where a phrase is in one article: [start, end) offsets of its body."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Phrase:
    """A phrase recurring across articles, with where and when it was used."""

    text: str
    """As the earliest article (dated first, then by id) words it."""
    articles: tuple[str, ...]
    """Article ids, earliest first (undated last)."""
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    boilerplate: bool
    occurrences: tuple[Occurrence, ...]
    per_outlet: dict[str, int] = field(default_factory=dict)
    """Articles per outlet ("" for articles without one)."""
    per_month: dict[str, int] = field(default_factory=dict)
    """Articles per month ("YYYY-MM"; undated articles are not counted)."""
    timeline: dict[str, dict[str, int]] = field(default_factory=dict)
    """Outlet -> month -> articles: the spread over time, outlet by outlet."""

    def as_dict(self) -> dict[str, object]:
        return {
            "phrase": self.text,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "first": self.first,
            "last": self.last,
            "boilerplate": self.boilerplate,
            "per_outlet": dict(self.per_outlet),
            "per_month": dict(self.per_month),
            "timeline": {outlet: dict(months) for outlet, months in self.timeline.items()},
            "occurrences": [{"article": o.article_id, "start": o.start, "end": o.end} for o in self.occurrences],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Phrase:
        """A phrase as `as_dict` wrote it (the results cache keeps them so)."""
        return cls(
            text=str(data["phrase"]),
            articles=tuple(map(str, data["articles"])),
            outlets=tuple(map(str, data["outlets"])),
            first=data["first"],
            last=data["last"],
            boilerplate=bool(data["boilerplate"]),
            occurrences=tuple(
                Occurrence(str(o["article"]), int(o["start"]), int(o["end"])) for o in data["occurrences"]
            ),
            per_outlet={str(k): int(v) for k, v in data["per_outlet"].items()},
            per_month={str(k): int(v) for k, v in data["per_month"].items()},
            timeline={
                str(outlet): {str(k): int(v) for k, v in months.items()}
                for outlet, months in data.get("timeline", {}).items()
            },
        )


# Shingling


_token_hashes: dict[str, int] = {}
_REMEMBERED = 500_000


def content_words(body: str) -> list[tuple[str, int, int]]:
    """The content words of `body` as (key, start, end): case-folded Snowball stems, curly quotes read
    as straight ones, function words and possessive endings left out. Dashes and other punctuation
    separate words, so "co-operation" and "co operation" are the same two words."""
    found = []
    for match in WORD.finditer(body):
        folded = _POSSESSIVE.sub("", match.group().casefold().translate(_QUOTES))
        if folded in FUNCTION_WORDS:
            continue
        found.append((stem(folded), match.start(), match.end()))
    return found


def _token_hash(key: str) -> int:
    value = _token_hashes.get(key)
    if value is None:
        if len(_token_hashes) > _REMEMBERED:
            _token_hashes.clear()
        # A digest, not hash(): a string's hash() differs between processes, and Spark's workers are
        # other processes. A tuple of ints hashes the same everywhere.
        value = _token_hashes[key] = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
    return value


def shingles(body: str, gram: int) -> array[int]:
    """The n-gram keys of `body`, one per content position (the n-gram starting there), in order."""
    hashes = [_token_hash(key) for key, _, _ in content_words(body)]
    return array("q", (hash(tuple(hashes[i : i + gram])) for i in range(len(hashes) - gram + 1)))


# Counting and classifying


def count_grams(grams: Sequence[Sequence[int]], min_articles: int) -> dict[int, tuple[int, ...]]:
    """n-gram key -> the numbers of the articles holding it, for the keys in at least `min_articles`."""
    total = sum(len(g) for g in grams)
    sieve: bytearray | None = None
    mask = 0
    if total > _PREFILTER_GRAMS:
        # A first pass counts articles per bucket of keys; a key whose bucket holds too few cannot be
        # frequent, and most keys are in one article only. Exact: collisions only let more through.
        mask = (1 << max(20, (total * 8).bit_length())) - 1
        sieve = bytearray(mask + 1)
        for article in grams:
            for key in set(article):
                bucket = key & mask
                if sieve[bucket] < 255:
                    sieve[bucket] += 1
    index: dict[int, list[int]] = {}
    for number, article in enumerate(grams):
        for key in set(article):
            if sieve is not None and sieve[key & mask] < min_articles:
                continue
            holders = index.get(key)
            if holders is None:
                index[key] = [number]
            else:
                holders.append(number)
    return {key: tuple(holders) for key, holders in index.items() if len(holders) >= min_articles}


def classify_grams(
    frequent: Mapping[int, Sequence[int]], outlets: Sequence[str | None], settings: PhraseSettings
) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """The frequent n-grams split into (talking points, boilerplate); common language is dropped.

    `outlets[n]` is article n's outlet. Boilerplate is an n-gram in most of one outlet's articles and
    few others'; it is looked for before the common-language cut, as a large outlet's sign-off may be in
    a good share of the whole library."""
    outlet_sizes = Counter(o for o in outlets if o)
    cap = max(settings.common_floor, int(settings.common_share * len(outlets)))
    talking: dict[int, tuple[int, ...]] = {}
    furniture: dict[int, tuple[int, ...]] = {}
    for key, holders in frequent.items():
        articles = tuple(sorted(holders))
        by_outlet = Counter(o for n in articles if (o := outlets[n]))
        if by_outlet:
            outlet, count = min(by_outlet.items(), key=lambda item: (-item[1], item[0]))
            size = outlet_sizes[outlet]
            if (
                size >= settings.boilerplate_min_articles
                and count >= settings.boilerplate_share * size
                and len(articles) - count <= settings.boilerplate_outside * len(articles)
            ):
                furniture[key] = articles
                continue
        if len(articles) <= cap:
            talking[key] = articles
    return talking, furniture


# Merging n-grams into phrases


@dataclass(frozen=True)
class RawPhrase:
    """A phrase as content-word positions: for each article, the first and last content word."""

    articles: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    boilerplate: bool


def occurrences_of(grams: array[int] | Sequence[int], wanted: Container[int]) -> list[tuple[int, int]]:
    """(position, key) of every n-gram of one article that is in `wanted`."""
    return [(position, key) for position, key in enumerate(grams) if key in wanted]


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
    occurrences: Mapping[int, Sequence[tuple[int, int]]],
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
        for run in _chains(sorted(p for places in reference.values() for p in places), reach):
            run_keys = set()
            for key, places in reference.items():
                if any(run[0] <= p <= run[-1] for p in places):
                    run_keys.add(key)
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
    by_article: dict[int, list[RawPhrase]] = defaultdict(list)
    for phrase in phrases:
        for number in phrase.articles:
            by_article[number].append(phrase)
    kept = []
    for phrase in phrases:
        spans = dict(zip(phrase.articles, phrase.spans, strict=True))
        covered = False
        for other in by_article[phrase.articles[0]]:
            if other is phrase or len(other.articles) < len(phrase.articles):
                continue
            other_spans = dict(zip(other.articles, other.spans, strict=True))
            if other.articles == phrase.articles and other_spans == spans:
                continue
            if all(
                n in other_spans and other_spans[n][0] <= spans[n][0] and spans[n][1] <= other_spans[n][1]
                for n in phrase.articles
            ):
                covered = True
                break
        if not covered:
            kept.append(phrase)
    return kept


# Describing phrases for people


def describe_phrases(
    raw: Iterable[RawPhrase],
    metas: Sequence[ArticleRecord],
    fetch_bodies: Callable[[Sequence[int]], Mapping[int, str]],
    settings: PhraseSettings,
) -> list[Phrase]:
    """The phrases with their text, articles, outlets, dates and counts, most widely spread first.

    `metas[n]` is article n (its body may be empty: `fetch_bodies` gives the bodies of the articles
    named, so a driver need not hold a whole corpus)."""
    raw = list(raw)
    needed = sorted({n for phrase in raw for n in phrase.articles})
    bodies = fetch_bodies(needed)
    words = {n: content_words(bodies[n]) for n in needed}
    described = []
    for phrase in raw:
        outlets = sorted({o for n in phrase.articles if (o := metas[n].outlet)})
        if len(outlets) < settings.min_outlets:
            continue
        order = sorted(zip(phrase.articles, phrase.spans, strict=True), key=lambda item: _chronological(metas[item[0]]))
        occurrences = []
        for number, (first, last) in order:
            tokens = words[number]
            occurrences.append(
                Occurrence(
                    metas[number].id, tokens[first][1], _closed(bodies[number], tokens[first][1], tokens[last][2])
                )
            )
        lead = occurrences[0]
        text = " ".join(bodies[order[0][0]][lead.start : lead.end].split())
        dates = sorted(d for n in phrase.articles if (d := metas[n].date))
        timeline: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for number in phrase.articles:
            meta = metas[number]
            if meta.date:
                timeline[meta.outlet or ""][meta.date[:7]] += 1
        described.append(
            Phrase(
                text=text,
                articles=tuple(metas[n].id for n, _ in order),
                outlets=tuple(outlets),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
                boilerplate=phrase.boilerplate,
                occurrences=tuple(occurrences),
                per_outlet=dict(sorted(Counter(metas[n].outlet or "" for n in phrase.articles).items())),
                per_month=dict(sorted(Counter(d[:7] for d in dates).items())),
                timeline={o: dict(sorted(months.items())) for o, months in sorted(timeline.items())},
            )
        )
    return sorted(described, key=spread_order)


_PAIRS = {"(": ")", "[": "]", "“": "”", "‘": "’"}


def _closed(body: str, start: int, end: int) -> int:
    """`end`, moved past the closing bracket or quote the phrase opened: "(CPC" reads as "(CPC)"."""
    for opener, closer in _PAIRS.items():
        if body.count(opener, start, end) > body.count(closer, start, end) and body.startswith(closer, end):
            return end + 1
    return end


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
    settings = settings or PhraseSettings()
    records = list(records)
    grams = [shingles(r.body, settings.gram) for r in records]
    frequent = count_grams(grams, max(2, settings.min_articles))
    talking, furniture = classify_grams(frequent, [r.outlet for r in records], settings)
    wanted = {**talking, **furniture}
    occurrences = {n: found for n, g in enumerate(grams) if (found := occurrences_of(g, wanted))}
    del grams
    raw = merge_phrases(talking, occurrences, settings.gram) + merge_phrases(
        furniture, occurrences, settings.gram, boilerplate=True
    )
    return describe_phrases(raw, records, lambda numbers: {n: records[n].body for n in numbers}, settings)
