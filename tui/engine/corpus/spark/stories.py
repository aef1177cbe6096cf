"""Story grouping as a Spark job, step for step the in-process grouping of `corpus.stories`: the workers
make each article's signature, count in how many articles each term is, pair the articles that share
their rarest terms, judge each pair by its signatures and align the bodies of the pairs left in doubt;
the driver joins the links into stories with the same functions, so both engines give the same groups."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ...align.relatedness import one_event
from ..stories import (
    MIN_SHARED_TERMS,
    Corpus,
    Signature,
    Story,
    StoryRecord,
    linked,
    looked_up,
    signature,
    stories_from_links,
    story_list,
)

ARTICLES_PER_SPLIT = 4_000
"""Articles a worker reads in one task."""


def write_story_records(records: Iterable[StoryRecord], path: Path) -> Path:
    """The records as JSON lines, numbered in order (`n`), the form the job reads."""
    with path.open("w", encoding="utf-8") as handle:
        for number, record in enumerate(records):
            fields = {"n": number, "id": record.id, "title": record.title, "outlet": record.outlet}
            fields |= {"date": record.date, "body": record.body}
            handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
    return path


def _record(line: str) -> tuple[int, StoryRecord]:
    fields = json.loads(line)
    record = StoryRecord(fields["id"], fields["title"], fields["outlet"], fields["date"], fields["body"])
    return int(fields["n"]), record


def _rarest(item: tuple[int, Signature], corpus: Corpus) -> list[tuple[int, int]]:
    """(term, position) for the terms the article is looked up by, as candidate_pairs takes them."""
    position, sig = item
    return [(term, position) for term in looked_up(sig, corpus)]


def _pairs(members: Iterable[int]) -> Iterator[tuple[tuple[int, int], int]]:
    ordered = sorted(members)
    for index, i in enumerate(ordered):
        for j in ordered[index + 1 :]:
            yield (i, j), 1


def group_stories_spark(spark: Any, jsonl: Path, metas: Sequence[StoryRecord]) -> list[Story]:
    """The stories of the articles exported to `jsonl` by `write_story_records`; `metas` are the same
    records in the same order (their bodies may be empty: the driver needs titles, outlets and dates)."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    partitions = max(context.defaultParallelism * 2, -(-len(metas) // ARTICLES_PER_SPLIT))
    records = context.textFile(str(jsonl), partitions).map(_record)
    # Only the signatures are kept between steps (some 3 KB an article); bodies are read again for the
    # few pairs in doubt.
    signatures = records.mapValues(signature).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        count = signatures.count()
        # Terms in one article only can be shared with none: the driver keeps the rest.
        frequencies = dict(
            signatures.flatMap(lambda item: [(t, 1) for t in item[1].terms])
            .reduceByKey(lambda x, y: x + y, partitions)
            .filter(lambda item: item[1] > 1)
            .collect()
        )
        corpus = Corpus(
            count, Counter(frequencies), {df: math.log((count + 1) / df) for df in set(frequencies.values())}
        )
        shared_corpus = context.broadcast(corpus)
        candidates = (
            signatures.flatMap(lambda item: _rarest(item, shared_corpus.value))
            .groupByKey(partitions)
            .flatMap(lambda posting: _pairs(posting[1]))
            .reduceByKey(lambda x, y: x + y, partitions)
            .filter(lambda item: item[1] >= MIN_SHARED_TERMS)
            .keys()
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        # Each pair meets both signatures in two joins, of only the articles in some pair.
        paired = context.broadcast(frozenset(candidates.flatMap(lambda pair: pair).distinct().collect()))
        in_pairs = signatures.filter(lambda item: item[0] in paired.value)
        judged = (
            _both(candidates, in_pairs)
            .map(lambda item: (item[0], linked(item[1][0], item[1][1], shared_corpus.value)))
            .filter(lambda item: item[1] is not False)
            .collect()
        )
        candidates.unpersist()
        paired.destroy()
        in_doubt = [pair for pair, verdict in judged if verdict is None]
        doubtful = context.broadcast(frozenset(n for pair in in_doubt for n in pair))
        bodies = records.filter(lambda item: item[0] in doubtful.value).mapValues(lambda record: record.body)
        confirmed = (
            _both(context.parallelize(in_doubt, partitions), bodies)
            .filter(lambda item: one_event(item[1][0], item[1][1]))
            .keys()
            .collect()
        )
        doubtful.destroy()
        shared_corpus.destroy()
    finally:
        signatures.unpersist()
    links = sorted({(min(i, j), max(i, j)) for i, j in [pair for pair, verdict in judged if verdict] + confirmed})
    return story_list(metas, stories_from_links(len(metas), links), links)


def _both(pairs: Any, values: Any) -> Any:
    """((i, j), (value of i, value of j)) for each pair (i, j) of the RDD `pairs`, from the RDD `values`."""
    return (
        pairs.join(values)
        .map(lambda item: (item[1][0], (item[0], item[1][1])))
        .join(values)
        .map(lambda item: ((item[1][0][0], item[0]), (item[1][0][1], item[1][1])))
    )
