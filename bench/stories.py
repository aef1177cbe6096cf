"""Story grouping on a generated library with planted families: pairwise precision and recall, and time.

make_library.py plants a family of four accounts of one event every 40 articles (shared names, some
sentences copied, some reworded, dates within two days). This adds, for every family, a decoy: an
article naming the same people in sentences of its own, half a year later — the same people, another
event, which must stay out of the family's story.

    .venv/bin/python bench/stories.py 10000 100000

Pairwise precision: of the pairs of articles put in one story, the share that are of one family.
Pairwise recall: of the pairs of articles of one family, the share put in one story.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cyberread.engine.corpus.stories import StoryRecord, group_stories, signature
from make_library import FAMILY_SPACING, SEED, _event, _sentence, _Vocabulary, make_article


def planted_library(n: int) -> tuple[list[StoryRecord], list[int | None]]:
    """n generated articles and one decoy per family; each record's family (None for none)."""
    vocabulary = _Vocabulary(random.Random(SEED))
    records, families = [], []
    for index in range(n):
        article = make_article(index, vocabulary)
        records.append(StoryRecord(f"a{index:06d}", article.title, article.outlet, article.date, article.body))
        families.append(article.family)
    for family in range(n // FAMILY_SPACING):
        names, _, day = _event(SEED, family, vocabulary)
        rng = random.Random(f"decoy-{family}")
        body = " ".join(_sentence(rng, vocabulary, names) for _ in range(rng.randint(8, 20)))
        date = (dt.date.fromisoformat(day) + dt.timedelta(days=rng.randint(150, 300))).isoformat()
        title = f"{names[0]} {' '.join(vocabulary.draw(rng, 4))}"
        records.append(StoryRecord(f"d{family:06d}", title, "Decoy Daily", date, body))
        families.append(None)
    return records, families


def pairs_of_groups(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def measure(n: int, workers: int) -> None:
    started = time.perf_counter()
    records, families = planted_library(n)
    generated = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            signatures = list(pool.map(signature, records, chunksize=500))
    else:
        signatures = [signature(record) for record in records]
    signed = time.perf_counter()
    stories = group_stories(records, signatures)
    grouped = time.perf_counter()
    position = {record.id: i for i, record in enumerate(records)}
    found = pairs_of_groups([[position[a] for a in story.articles] for story in stories])
    truth: dict[int, list[int]] = {}
    for i, family in enumerate(families):
        if family is not None:
            truth.setdefault(family, []).append(i)
    expected = pairs_of_groups(list(truth.values()))
    right = len(found & expected)
    precision = right / len(found) if found else 1.0
    recall = right / len(expected) if expected else 1.0
    decoys = sum(1 for story in stories for a in story.articles if a.startswith("d"))
    print(
        f"{len(records):>7,} articles ({len(truth):,} families, {n // FAMILY_SPACING:,} decoys): "
        f"{len(stories):,} stories · pairwise precision {precision:.4f} · recall {recall:.4f} · "
        f"decoys grouped {decoys} · signatures {signed - generated:.1f} s ({workers} processes) · "
        f"grouping {grouped - signed:.1f} s · (generating {generated - started:.1f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    for n in args.sizes:
        measure(n, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
