"""Talking points as a Spark job: the workers shingle every article, count which articles hold each
n-gram (one shuffle, as passim's n-gram index) and list where the kept n-grams are; the driver then
classifies and merges them with the in-process engine's own functions, so both engines agree."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..phrases import (
    ArticleRecord,
    Phrase,
    PhraseSettings,
    classify_grams,
    describe_phrases,
    merge_phrases,
    occurrences_of,
    shingles,
)


def _numbered_body(line: str) -> tuple[int, str]:
    fields = json.loads(line)
    return int(fields["n"]), str(fields["body"])


def _article_grams(pair: tuple[int, list[int]]) -> Iterator[tuple[int, int]]:
    number, grams = pair
    for key in set(grams):
        yield key, number


def read_bodies(jsonl: Path, numbers: Sequence[int]) -> dict[int, str]:
    """The bodies of articles `numbers` from the exported JSON lines, read on the driver."""
    wanted = set(numbers)
    bodies = {}
    with jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            number, body = _numbered_body(line)
            if number in wanted:
                bodies[number] = body
    return bodies


def find_phrases_spark(
    spark: Any, jsonl: Path, metas: Sequence[ArticleRecord], settings: PhraseSettings | None = None
) -> list[Phrase]:
    """The phrases of the articles exported to `jsonl` (`metas[n]` describes line n; bodies may be empty)."""
    from pyspark import StorageLevel

    settings = settings or PhraseSettings()
    context = spark.sparkContext
    gram, minimum = settings.gram, max(2, settings.min_articles)
    partitions = max(2, context.defaultParallelism * 2)
    shingled = (
        context.textFile(str(jsonl), partitions)
        .map(_numbered_body)
        .map(lambda article: (article[0], shingles(article[1], gram).tolist()))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        frequent: Mapping[int, tuple[int, ...]] = dict(
            shingled.flatMap(_article_grams)
            .groupByKey(partitions)
            .mapValues(lambda holders: tuple(sorted(holders)))
            .filter(lambda item: len(item[1]) >= minimum)
            .collect()
        )
        talking, furniture = classify_grams(frequent, [m.outlet for m in metas], settings)
        wanted = context.broadcast(frozenset(talking) | frozenset(furniture))
        occurrences = dict(
            shingled.map(lambda article: (article[0], occurrences_of(article[1], wanted.value)))
            .filter(lambda item: bool(item[1]))
            .collect()
        )
        wanted.destroy()
    finally:
        shingled.unpersist()
    raw = merge_phrases(talking, occurrences, gram) + merge_phrases(furniture, occurrences, gram, boilerplate=True)
    return describe_phrases(raw, metas, lambda numbers: read_bodies(jsonl, numbers), settings)
