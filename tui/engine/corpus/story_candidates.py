"""Story grouping's scalable half: which articles may report the same story (MinHash LSH over their
wording, never every pair), whether a candidate pair does, and the groups the confirmed pairs make.

Pure functions over article bodies, shared by the in-process grouping and the Spark job
(`corpus.spark.stories`), so both give the same groups. `same_story` is the verify step: story grouping
proper (`corpus.stories`, from the collation work) is to supply its own check here when it lands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .phrases import ArticleRecord
from .signature import likeness, wording

BANDS = 64
ROWS = 1
"""MinHash LSH: 64 hashes, each its own band. Accounts of one event share little of their wording as a
whole (a Jaccard index of 0.03 to 0.15 in bench/make_library.py's families), so any one equal minimum
makes a candidate: a pair with an index of 0.05 meets with probability 1 - 0.95^64 = 0.96; unrelated
articles (an index near 0) almost never, and the check below drops those that do."""
SAME_STORY = 0.1
"""How much of the shorter article's wording the other must share (signature.likeness): a stand-in
until corpus/stories.py supplies the collation work's own check."""
MAX_BUCKET = 200
"""A band value shared by more articles than this is boilerplate, not a story: it yields no pairs."""
_MASK = (1 << 64) - 1
_EMPTY = _MASK


def story_signature(body: str) -> frozenset[int]:
    """What the candidate search and the check compare: the article's runs of content words."""
    return frozenset(wording(body))


def band_keys(signature: frozenset[int]) -> list[tuple[int, int]]:
    """(band, value) keys: two articles with one key in common are a candidate pair.

    One-permutation MinHash: each run of words is hashed once and falls into one of BANDS * ROWS bins
    by its low bits; a bin keeps its smallest hash. Linear in the article, where 64 hash functions
    would cost 64 passes."""
    if not signature:
        return []
    bins = BANDS * ROWS
    minimums = [_EMPTY] * bins
    for value in signature:
        mixed = (value * 0x9E3779B97F4A7C15) & _MASK
        mixed ^= mixed >> 29
        slot = mixed % bins
        if mixed < minimums[slot]:
            minimums[slot] = mixed
    # A bin no run fell into says nothing: two short articles must not meet by their empty bins.
    bands = [minimums[band * ROWS : (band + 1) * ROWS] for band in range(BANDS)]
    return [(band, hash(tuple(rows))) for band, rows in enumerate(bands) if _EMPTY not in rows]


def same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    """The verify step for a candidate pair."""
    return likeness(set(a), set(b)) >= SAME_STORY


def bucket_pairs(members: Iterable[int]) -> list[tuple[int, int]]:
    """The candidate pairs of one LSH bucket (none from an oversized one)."""
    ordered = sorted(set(members))
    if len(ordered) > MAX_BUCKET:
        return []
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]


def groups_from_pairs(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of the confirmed pairs, each sorted, smallest first member first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for member in parent:
        groups[root(member)].append(member)
    return sorted(sorted(group) for group in groups.values())


def group_stories(records: Sequence[ArticleRecord]) -> list[list[str]]:
    """The articles of `records` that report the same story, as groups of ids, in this process."""
    signatures = [story_signature(r.body) for r in records]
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for number, signature in enumerate(signatures):
        for key in band_keys(signature):
            buckets[key].append(number)
    candidates = {pair for members in buckets.values() for pair in bucket_pairs(members)}
    confirmed = [(a, b) for a, b in sorted(candidates) if same_story(signatures[a], signatures[b])]
    return [[records[n].id for n in group] for group in groups_from_pairs(confirmed)]
