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

BANDS = 16
ROWS = 4
"""MinHash LSH: 64 hashes in 16 bands of 4. Two articles sharing a third of their wording meet in some
band with probability 1 - (1 - (1/3)^4)^16 = 0.18 a pair of that likeness ... 0.87 at a half."""
SAME_STORY = 0.3
"""How much of the shorter article's wording the other must share (signature.likeness)."""
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
    return [(band, hash(tuple(minimums[band * ROWS : (band + 1) * ROWS]))) for band in range(BANDS)]


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
