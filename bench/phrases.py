"""Talking points and story grouping at scale: both engines (in process, Spark in local mode) on generated
libraries with planted phrase families and story families; time, peak memory and recall of the planted.

    .venv/bin/python bench/phrases.py [N ...] [--engines local,spark]

Articles come from bench/make_library.py (story families: four articles of one event every 40); every
PHRASE_SPACING articles a phrase family is planted: one 12-word phrase in five articles of different
outlets, one of them with a changed word; and every Kyodo article ends with the same sign-off (boilerplate).
Each engine runs in its own process, so its peak memory (the largest process: Python, or Spark's JVM or
a worker) is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cyberread.engine.corpus.phrases import ArticleRecord, Phrase, find_phrases, in_window
from cyberread.engine.corpus.stories import StoryRecord, group_stories
from cyberread.store.corpus_cache import write_records_jsonl
from make_library import FAMILY_SIZE, FAMILY_SPACING, SYLLABLES, iter_articles

PHRASE_SPACING = 500
PHRASE_FAMILY = 5
SIGN_OFF = "Kyodo News keeps readers informed around the clock with trusted reporting from across Asia."


def planted_phrase(family: int) -> list[str]:
    rng = random.Random(f"phrase-{family}")
    return ["".join(rng.choice(SYLLABLES) for _ in range(5)) for _ in range(12)]


def corpus(n: int) -> tuple[list[ArticleRecord], dict[int, list[str]], list[StoryRecord]]:
    """The records, the planted phrase families (family -> its articles' ids), and the same articles
    as story records (with their titles)."""
    records, families, stories = [], {}, []
    for article in iter_articles(n):
        body = article.body
        family, place = divmod(article.index, PHRASE_SPACING)
        if place < PHRASE_FAMILY * 37 and place % 37 == 0:  # five articles 37 apart: other outlets, dates
            words = planted_phrase(family)
            if place == 37:
                words[6] = "changed"
            body += "\n\n" + " ".join(words).capitalize() + "."
            families.setdefault(family, []).append(f"{article.index:06d}")
        if article.outlet == "Kyodo":
            body += "\n\n" + SIGN_OFF
        records.append(ArticleRecord(f"{article.index:06d}", article.outlet, article.date, body))
        stories.append(StoryRecord(f"{article.index:06d}", article.title, article.outlet, article.date, body))
    return in_window(records, None, None), families, sorted(stories, key=lambda r: r.id)


def run_engine(engine: str, n: int) -> dict[str, object]:
    records, families, story_records = corpus(n)
    started = time.perf_counter()
    if engine == "spark":
        from cyberread.engine.corpus.spark import spark_session
        from cyberread.engine.corpus.spark.phrases import find_phrases_spark
        from cyberread.engine.corpus.spark.stories import group_stories_spark, write_story_records

        spark = spark_session()
        started = time.perf_counter()  # the session's start (some 8 s) is not the job's
        with tempfile.TemporaryDirectory() as folder:
            jsonl = write_records_jsonl(records, Path(folder) / "articles.jsonl")
            metas = [ArticleRecord(r.id, r.outlet, r.date, "") for r in records]
            phrases = find_phrases_spark(spark, jsonl, metas)
            phrase_seconds = time.perf_counter() - started
            stories_jsonl = write_story_records(story_records, Path(folder) / "stories.jsonl")
            bodiless = [StoryRecord(r.id, r.title, r.outlet, r.date, "") for r in story_records]
            groups = [list(s.articles) for s in group_stories_spark(spark, stories_jsonl, bodiless)]
        spark.stop()
    else:
        phrases = find_phrases(records)
        phrase_seconds = time.perf_counter() - started
        groups = [list(s.articles) for s in group_stories(story_records)]
    story_seconds = time.perf_counter() - started - phrase_seconds
    return {
        "engine": engine,
        "n": n,
        "phrase_seconds": round(phrase_seconds, 1),
        "story_seconds": round(story_seconds, 1),
        "phrases": len(phrases),
        "boilerplate": sum(p.boilerplate for p in phrases),
        "phrase_recall": phrase_recall(phrases, families),
        "story_recall": story_recall(groups, n),
    }


def phrase_recall(phrases: list[Phrase], families: dict[int, list[str]]) -> float:
    """The share of planted families that one talking point covers (at least four of its five articles)."""
    found = 0
    for family, ids in families.items():
        words = set(planted_phrase(family)) - {"changed"}
        if any(
            not p.boilerplate
            and len(set(ids) & set(p.articles)) >= 4
            and len(words & set(p.text.casefold().split())) >= 6
            for p in phrases
        ):
            found += 1
    return round(found / max(1, len(families)), 3)


def story_recall(groups: list[list[str]], n: int) -> float:
    """The share of the planted story families' pairs that ended in one group."""
    group_of = {article: index for index, group in enumerate(groups) for article in group}
    pairs = together = 0
    for start in range(0, n, FAMILY_SPACING):
        members = [f"{i:06d}" for i in range(start, min(start + FAMILY_SIZE, n))]
        for a, b in combinations(members, 2):
            pairs += 1
            together += a in group_of and group_of.get(a) == group_of.get(b)
    return round(together / max(1, pairs), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--run", metavar="ENGINE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        result = run_engine(args.run, args.sizes[0])
        # This process, or the largest of its children (Spark's JVM and Python workers) once they ended.
        usage = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        result["peak_mb"] = round(usage / 1024)
        print(json.dumps(result))
        return 0
    print("engine  articles  phrases s  stories s  peak MB  phrases  boilerplate  phrase recall  story recall")
    for n in args.sizes:
        for engine in args.engines.split(","):
            done = subprocess.run(
                [sys.executable, __file__, str(n), "--run", engine], capture_output=True, text=True, check=True
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            peak = result["peak_mb"]
            print(
                f"{engine:<7} {n:>8}  {result['phrase_seconds']:>9}  {result['story_seconds']:>9}  {peak:>7}"
                f"  {result['phrases']:>7}  {result['boilerplate']:>11}  {result['phrase_recall']:>13}"
                f"  {result['story_recall']:>12}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
