"""Talking points and story grouping at scale: both engines (in process, Spark in local mode) on generated
libraries with planted phrase families and story families; time, peak memory and recall of the planted.

    .venv/bin/python bench/phrases.py [N ...] [--engines local,spark] [--jobs phrases,stories] [--corpus DIR]

Articles come from bench/make_library.py (story families: four articles of one event every 40); every
PHRASE_SPACING articles a phrase family is planted: one 12-word phrase in five articles of different
outlets, one of them with a changed word; and every Kyodo article ends with the same sign-off (boilerplate).

The corpus is written once as JSON lines (the form the Spark jobs read; kept in --corpus DIR between
runs), and each engine reads it as it reads a library: in process, bodies one at a time and again for
the articles it needs; on Spark, through the cluster. Each job runs in its own process; its peak memory
is the largest total resident size of that process and all its children (Spark's JVM and Python
workers), sampled four times a second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Iterator, Sequence
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cyberread.engine.corpus.phrase_record import Phrase
from cyberread.engine.corpus.phrases import ArticleRecord, find_phrases_streamed
from cyberread.engine.corpus.stories import StoryRecord, aligned_alike, group_stories, signature
from make_library import FAMILY_SIZE, FAMILY_SPACING, SYLLABLES, iter_articles

PHRASE_SPACING = 500
PHRASE_FAMILY = 5
SIGN_OFF = "Kyodo News keeps readers informed around the clock with trusted reporting from across Asia."


def planted_phrase(family: int) -> list[str]:
    rng = random.Random(f"phrase-{family}")
    return ["".join(rng.choice(SYLLABLES) for _ in range(5)) for _ in range(12)]


def write_corpus(n: int, folder: Path) -> Path:
    """The generated corpus as JSON lines (n, id, title, outlet, date, body; by id) and its planted phrase
    families (family -> its articles' ids) beside it; made once per size and folder."""
    path = folder / f"corpus-{n}.jsonl"
    families_path = folder / f"corpus-{n}.families.json"
    if path.exists() and families_path.exists():
        return path
    families: dict[int, list[str]] = {}
    with open(f"{path}.part", "w", encoding="utf-8") as handle:
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
            fields = {"n": article.index, "id": f"{article.index:06d}", "title": article.title}
            fields |= {"outlet": article.outlet, "date": article.date, "body": body}
            handle.write(json.dumps(fields, ensure_ascii=False) + "\n")
    families_path.write_text(json.dumps(families), encoding="utf-8")
    os.replace(f"{path}.part", path)
    return path


class JsonlCorpus:
    """The corpus file read as a library is read: metadata in memory, bodies one at a time by offset."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets = array("Q")
        self.stories: list[StoryRecord] = []
        with path.open("rb") as handle:
            offset = 0
            for line in handle:
                fields = json.loads(line)
                self.offsets.append(offset)
                self.stories.append(StoryRecord(fields["id"], fields["title"], fields["outlet"], fields["date"], ""))
                offset += len(line)
        self.metas = [ArticleRecord(s.id, s.outlet, s.date, "") for s in self.stories]

    def bodies(self) -> Iterator[tuple[int, str]]:
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                yield number, json.loads(line)["body"]

    def bodies_of(self, numbers: Sequence[int]) -> Iterator[tuple[int, str]]:
        with self.path.open("rb") as handle:
            for number in numbers:
                handle.seek(self.offsets[number])
                yield number, json.loads(handle.readline())["body"]

    def body(self, number: int) -> str:
        return next(self.bodies_of([number]))[1]

    def records(self) -> Iterator[StoryRecord]:
        for (_, body), story in zip(self.bodies(), self.stories, strict=True):
            yield StoryRecord(story.id, story.title, story.outlet, story.date, body)


class PeakMemory:
    """The largest total resident size of this process and its descendants, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(0.25)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return round(self.peak / 2**20)


def _tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            statm = Path(entry.path, "statm").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        resident[int(entry.name)] = int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(resident.get(pid, 0) for pid in tree)


def run_job(engine: str, job: str, path: Path, n: int) -> dict[str, object]:
    sampler = PeakMemory()
    corpus = JsonlCorpus(path)
    spark = None
    if engine == "spark":
        from cyberread.engine.corpus.spark import spark_session

        spark = spark_session()
    started = time.perf_counter()  # Spark's session start (some 8 s) is not the job's
    result: dict[str, object] = {"engine": engine, "job": job, "n": n}
    if job == "phrases":
        if spark is not None:
            from cyberread.engine.corpus.spark.phrases import find_phrases_spark

            phrases = find_phrases_spark(spark, path, corpus.metas)
        else:
            phrases = find_phrases_streamed(corpus.metas, corpus.bodies(), corpus.bodies_of)
        planted = json.loads(path.with_name(path.name.replace(".jsonl", ".families.json")).read_text())
        families = {int(family): ids for family, ids in planted.items()}
        result |= {
            "phrases": len(phrases),
            "boilerplate": sum(p.boilerplate for p in phrases),
            "recall": phrase_recall(phrases, families),
        }
    else:
        if spark is not None:
            from cyberread.engine.corpus.spark.stories import group_stories_spark

            stories = group_stories_spark(spark, path, corpus.stories)
        else:
            signatures = [signature(record) for record in corpus.records()]
            confirm = aligned_alike(_Bodies(corpus))
            stories = group_stories(corpus.stories, signatures, confirm)
        result |= {"stories": len(stories), "recall": story_recall([list(s.articles) for s in stories], n)}
    result["seconds"] = round(time.perf_counter() - started, 1)
    if spark is not None:
        spark.stop()
    result["peak_mb"] = sampler.stop()
    return result


class _Bodies(Sequence[str]):
    """The corpus's bodies by position, read when asked (aligning the pairs in doubt needs a few)."""

    def __init__(self, corpus: JsonlCorpus) -> None:
        self.corpus = corpus

    def __len__(self) -> int:
        return len(self.corpus.offsets)

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        return self.corpus.body(number)


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
    parser.add_argument("--jobs", default="phrases,stories")
    parser.add_argument("--corpus", type=Path, help="keep the generated corpora in this folder")
    parser.add_argument("--run", nargs=3, metavar=("ENGINE", "JOB", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        engine, job, path = args.run
        print(json.dumps(run_job(engine, job, Path(path), args.sizes[0])))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.corpus or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print("job      engine  articles  seconds  peak MB  found    boilerplate  recall", flush=True)
        for n in args.sizes:
            path = write_corpus(n, folder)
            for job in args.jobs.split(","):
                for engine in args.engines.split(","):
                    command = [sys.executable, __file__, str(n), "--run", engine, job, str(path)]
                    done = subprocess.run(command, capture_output=True, text=True, check=True)
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    found = result.get("phrases", result.get("stories"))
                    print(
                        f"{job:<8} {engine:<7} {n:>8}  {result['seconds']:>7}  {result['peak_mb']:>7}  {found:>7}"
                        f"  {result.get('boilerplate', '—'):>11}  {result['recall']:>6}",
                        flush=True,
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
