"""Talking points as a Spark job, step for step the in-process finder of `corpus.phrases`: the workers
shingle the articles and post their n-grams by key range (one shuffle of packed arrays, one part per
partition, as passim's n-gram index), count and judge each part, then list where the kept n-grams are;
the driver merges and describes them with the in-process engine's own functions, so both agree."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..phrase_record import Phrase
from ..phrases import ArticleRecord, GramJudge, KeptGrams, PhraseSettings, kept_grams, phrases_of
from ..shingles import Postings, add_postings, found_in, part_bounds, part_count, shingles

ARTICLES_PER_SPLIT = 4_000
"""Articles a worker shingles in one task: its postings (some 12 bytes an n-gram) stay a few tens of MB."""


def _numbered_body(line: str) -> tuple[int, str]:
    fields = json.loads(line)
    return int(fields["n"]), str(fields["body"])


def _posted(articles: Iterable[tuple[int, str]], gram: int, parts: int) -> Iterator[tuple[int, tuple[bytes, bytes]]]:
    """One task's postings, a packed pair of arrays per part."""
    split = [Postings() for _ in range(parts)]
    bounds = part_bounds(parts)
    for number, body in articles:
        add_postings(split, bounds, number, shingles(body, gram))
    for part, postings in enumerate(split):
        if postings:
            yield part, (postings.keys.tobytes(), postings.articles.tobytes())


def _kept(posted: Iterable[tuple[int, tuple[bytes, bytes]]], judge: GramJudge, minimum: int) -> Iterator[KeptGrams]:
    """The kept n-grams of the parts shuffled to this task, a part at a time."""
    parts: dict[int, list[tuple[bytes, bytes]]] = {}
    for part, packed in posted:
        parts.setdefault(part, []).append(packed)
    for part in sorted(parts):
        postings = Postings()
        for keys, articles in parts.pop(part):
            postings.keys.frombytes(keys)
            postings.articles.frombytes(articles)
        yield kept_grams(postings, judge, minimum)


def _by_part(part: int) -> int:
    return part


def read_bodies(jsonl: Path, numbers: Sequence[int]) -> Iterator[tuple[int, str]]:
    """The bodies of articles `numbers` from the exported JSON lines, read on the driver."""
    wanted = set(numbers)
    with jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            number, body = _numbered_body(line)
            if number in wanted:
                yield number, body


def find_phrases_spark(
    spark: Any, jsonl: Path, metas: Sequence[ArticleRecord], settings: PhraseSettings | None = None
) -> list[Phrase]:
    """The phrases of the articles exported to `jsonl` (`metas[n]` describes line n; bodies may be empty)."""
    settings = settings or PhraseSettings()
    context = spark.sparkContext
    gram, minimum, parts = settings.gram, max(2, settings.min_articles), part_count(len(metas))
    splits = max(context.defaultParallelism * 2, -(-len(metas) // ARTICLES_PER_SPLIT))
    articles = context.textFile(str(jsonl), splits).map(_numbered_body)
    judge = context.broadcast(GramJudge([m.outlet for m in metas], settings))
    kept = KeptGrams()
    # The parts are counted side by side; what each keeps is small (the n-grams in several articles).
    for part in (
        articles.mapPartitions(lambda rows: _posted(rows, gram, parts))
        .partitionBy(parts, _by_part)
        .mapPartitions(lambda posted: _kept(posted, judge.value, minimum))
        .collect()
    ):
        kept.update(part)
    judge.destroy()
    wanted = context.broadcast((kept.talking.keys() | kept.furniture.keys(), kept.articles()))
    found = dict(
        articles.filter(lambda article: article[0] in wanted.value[1])
        .map(lambda article: (article[0], found_in(article[1], gram, wanted.value[0])))
        .collect()
    )
    wanted.destroy()

    def bodies_of(numbers: Sequence[int]) -> Iterator[tuple[int, str]]:
        needed = context.broadcast(frozenset(numbers))
        try:
            yield from articles.filter(lambda article: article[0] in needed.value).toLocalIterator()
        finally:
            needed.destroy()

    return phrases_of(kept, found, metas, bodies_of, settings)
