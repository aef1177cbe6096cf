"""The stories of a library: its articles grouped by the event they report (engine/corpus/stories.py),
with each article's signature kept in a cache database beside the library (`corpus-cache.sqlite3`). The
cache holds nothing that cannot be made again: delete it and the next grouping rebuilds it; a library
that cannot be written beside is grouped without one."""

from __future__ import annotations

import sqlite3
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Literal

from ..engine.align.relatedness import one_event
from ..engine.corpus.stories import SIGNATURE_VERSION, Signature, Story, StoryRecord, group_stories, signature
from .interface import Store

CACHE_NAME = "corpus-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    day INTEGER,
    terms BLOB NOT NULL,
    counts BLOB NOT NULL,
    sketch TEXT NOT NULL,
    size INTEGER NOT NULL
)
"""
_CHUNK = 500
_BODIES_KEPT = 64


def cache_path(library: Store) -> Path:
    return library.cache_folder / CACHE_NAME


def _open_cache(path: Path) -> sqlite3.Connection | None:
    try:
        connection = sqlite3.connect(path)
        connection.execute(_SCHEMA)
        return connection
    except sqlite3.Error:
        return None


def _encode(sig: Signature) -> tuple[object, ...]:
    terms = array("I", sig.terms.keys())
    counts = array("I", sig.terms.values())
    return (
        sig.id,
        SIGNATURE_VERSION,
        sig.day,
        terms.tobytes(),
        counts.tobytes(),
        ",".join(map(str, sig.sketch)),
        sig.size,
    )


def _decode(row: tuple[object, ...]) -> Signature:
    article_id, day, terms_blob, counts_blob, sketch, size = row
    terms, counts = array("I"), array("I")
    terms.frombytes(terms_blob)  # type: ignore[arg-type]
    counts.frombytes(counts_blob)  # type: ignore[arg-type]
    return Signature(
        str(article_id),
        day if isinstance(day, int) else None,
        dict(zip(terms, counts, strict=True)),
        tuple(int(h) for h in str(sketch).split(",") if h),
        int(size),  # type: ignore[call-overload]
    )


def signatures(
    library: Store, ids: Sequence[str], on_progress: Callable[[int, int], None] | None = None
) -> list[Signature]:
    """The signature of each article in `ids`, from the cache where it has one, made (and kept) otherwise."""
    cache = _open_cache(cache_path(library))
    found: dict[str, Signature] = {}
    if cache is not None:
        with closing(cache):
            for start in range(0, len(ids), _CHUNK):
                chunk = list(ids[start : start + _CHUNK])
                marks = ",".join("?" * len(chunk))
                query = (
                    f"SELECT id, day, terms, counts, sketch, size FROM signatures WHERE version = ? AND id IN ({marks})"
                )
                for row in cache.execute(query, [SIGNATURE_VERSION, *chunk]):
                    found[row[0]] = _decode(row)
            _make_missing(library, [i for i in ids if i not in found], found, cache, on_progress)
    else:
        _make_missing(library, list(ids), found, None, on_progress)
    return [found[i] for i in ids]


def _make_missing(
    library: Store,
    missing: list[str],
    found: dict[str, Signature],
    cache: sqlite3.Connection | None,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    connection = library.connection
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        made = [
            signature(StoryRecord(*row))
            for row in connection.execute(
                f"SELECT id, title, outlet, date, body FROM articles WHERE id IN ({marks})", chunk
            )
        ]
        for sig in made:
            found[sig.id] = sig
        if cache is not None:
            try:
                with cache:
                    cache.executemany(
                        "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?, ?, ?, ?, ?)", map(_encode, made)
                    )
            except sqlite3.Error:
                cache = None  # a full disk or a read-only folder: go on without keeping them
        if on_progress is not None:
            on_progress(start + len(chunk), len(missing))


def library_stories(
    library: Store,
    on_progress: Callable[[int, int], None] | None = None,
    engine: Literal["local", "spark"] = "local",
    master: str | None = None,
) -> list[Story]:
    """Every story of the library: groups of two or more articles reporting one event, largest first. On
    Spark (`engine`, a cluster's `master` or local mode) the library goes to the job as JSON lines in a
    folder beside it, removed afterwards; both engines give the same stories."""
    rows = library.connection.execute("SELECT id, title, outlet, date FROM articles ORDER BY id").fetchall()
    records = [StoryRecord(article_id, title, outlet, date, "") for article_id, title, outlet, date in rows]
    if engine == "spark":
        return _on_spark(library, records, master)
    signed = signatures(library, [r.id for r in records], on_progress)
    return group_stories(records, signed, _aligned_alike(library, records))


def _on_spark(library: Store, records: list[StoryRecord], master: str | None) -> list[Story]:
    from ..engine.corpus.spark import spark_session
    from ..engine.corpus.spark.stories import group_stories_spark, write_story_records

    def with_bodies() -> Iterator[StoryRecord]:
        for row in library.connection.execute("SELECT id, title, outlet, date, body FROM articles ORDER BY id"):
            yield StoryRecord(*row)

    with tempfile.TemporaryDirectory(prefix="corpus-export-", dir=library.cache_folder) as folder:
        jsonl = write_story_records(with_bodies(), Path(folder) / "stories.jsonl")
        return group_stories_spark(spark_session(master), jsonl, records)


def _aligned_alike(library: Store, records: Sequence[StoryRecord]) -> Callable[[int, int], bool]:
    """The pairs the signatures leave in doubt are aligned; their bodies are read as needed, the last
    few kept (one article is often in doubt with several)."""
    bodies: OrderedDict[str, str] = OrderedDict()

    def body(position: int) -> str:
        article_id = records[position].id
        if article_id not in bodies:
            article = library.get(article_id)
            bodies[article_id] = article.body if article else ""
            if len(bodies) > _BODIES_KEPT:
                bodies.popitem(last=False)
        return bodies[article_id]

    def confirm(i: int, j: int) -> bool:
        return one_event(body(i), body(j))

    return confirm


def story_of(stories: Sequence[Story], article_id: str) -> Story | None:
    return next((story for story in stories if article_id in story.articles), None)
