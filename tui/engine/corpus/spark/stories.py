"""Story grouping as a Spark job: the workers compute each article's signature and its MinHash LSH band
keys, pair the articles that meet in a band and check each pair with `story_candidates.same_story`; the
driver joins the confirmed pairs into groups with the in-process engine's own function."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..phrases import ArticleRecord
from ..story_candidates import band_keys, bucket_pairs, groups_from_pairs, same_story, story_signature


def _signature(line: str) -> tuple[int, frozenset[int]]:
    fields = json.loads(line)
    return int(fields["n"]), story_signature(str(fields["body"]))


def group_stories_spark(spark: Any, jsonl: Path, metas: Sequence[ArticleRecord]) -> list[list[str]]:
    """The story groups (article ids) of the articles exported to `jsonl`."""
    from pyspark import StorageLevel

    context = spark.sparkContext
    partitions = max(2, context.defaultParallelism * 2)
    signatures = context.textFile(str(jsonl), partitions).map(_signature).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        candidates = (
            signatures.flatMap(lambda item: [(key, item[0]) for key in band_keys(item[1])])
            .groupByKey(partitions)
            .flatMap(lambda bucket: bucket_pairs(bucket[1]))
            .distinct(partitions)
        )
        # Each pair meets both signatures in two joins, so no worker needs the whole corpus.
        confirmed = (
            candidates.join(signatures)
            .map(lambda item: (item[1][0], (item[0], item[1][1])))
            .join(signatures)
            .filter(lambda item: same_story(item[1][0][1], item[1][1]))
            .map(lambda item: (item[1][0][0], item[0]))
            .collect()
        )
    finally:
        signatures.unpersist()
    return [[metas[n].id for n in group] for group in groups_from_pairs(sorted(confirmed))]
