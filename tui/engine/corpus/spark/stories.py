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

from ...align.compare import compare_texts
from ..collate import RELATED_SIMILARITY
from ..stories import (
    CANDIDATE_TERMS,
    MIN_SHARED_TERMS,
    Corpus,
    Signature,
    Story,
    StoryRecord,
    linked,
    signature,
    stories_from_links,
    story_list,
)


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


def _rarest(item: tuple[int, Signature], frequencies: dict[int, int], limit: int) -> list[tuple[int, int]]:
    """(term, position) for the article's CANDIDATE_TERMS rarest looked-up terms, as candidate_pairs takes them."""
    position, sig = item
    rare = sorted((frequencies.get(t, 0), t) for t in sig.terms if 1 < frequencies.get(t, 0) <= limit)
    return [(term, position) for _, term in rare[:CANDIDATE_TERMS]]


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
    partitions = max(2, context.defaultParallelism * 2)
    records = context.textFile(str(jsonl), partitions).map(_record).persist(StorageLevel.MEMORY_AND_DISK)
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
        limit = corpus.max_df
        candidates = (
            signatures.flatMap(lambda item: _rarest(item, frequencies, limit))
            .groupByKey(partitions)
            .flatMap(lambda posting: _pairs(posting[1]))
            .reduceByKey(lambda x, y: x + y, partitions)
            .filter(lambda item: item[1] >= MIN_SHARED_TERMS)
            .keys()
        )
        # Each pair meets both signatures in two joins, so no worker needs the whole corpus.
        judged = (
            candidates.join(signatures)
            .map(lambda item: (item[1][0], (item[0], item[1][1])))
            .join(signatures)
            .map(lambda item: ((item[1][0][0], item[0]), linked(item[1][0][1], item[1][1], shared_corpus.value)))
            .filter(lambda item: item[1] is not False)
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        bodies = records.mapValues(lambda record: record.body)
        in_doubt = (
            judged.filter(lambda item: item[1] is None)
            .keys()
            .join(bodies)
            .map(lambda item: (item[1][0], (item[0], item[1][1])))
            .join(bodies)
            .filter(lambda item: compare_texts(item[1][0][1], item[1][1]).similarity >= RELATED_SIMILARITY)
            .map(lambda item: (item[1][0][0], item[0]))
        )
        links = judged.filter(lambda item: item[1] is True).keys().union(in_doubt).collect()
        judged.unpersist()
    finally:
        signatures.unpersist()
        records.unpersist()
    links = sorted((min(i, j), max(i, j)) for i, j in links)
    return story_list(metas, stories_from_links(len(metas), links), links)
