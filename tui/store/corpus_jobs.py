"""Talking points over a library, in this process or on Spark, their results written to the corpus cache
beside the library (`corpus_cache`); story grouping, on either engine, is in `stories`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from ..engine.corpus.phrases import ArticleRecord, Phrase, PhraseSettings, find_phrases, in_window
from .corpus_cache import CorpusCache, article_records, write_records_jsonl
from .interface import Store

Engine = Literal["local", "spark"]
ENGINES: tuple[Engine, ...] = ("local", "spark")


def phrases_key(settings: PhraseSettings, since: str | None, until: str | None) -> str:
    return f"{settings.key()} since={since} until={until}"


def library_phrases(
    library: Store,
    settings: PhraseSettings,
    since: str | None = None,
    until: str | None = None,
    engine: Engine = "local",
    master: str | None = None,
) -> list[Phrase]:
    """Find the library's talking points on `engine` and keep them in the corpus cache."""
    records = in_window(article_records(library), since, until)
    if engine == "spark":
        phrases = _on_spark(records, library, settings, master)
    else:
        phrases = find_phrases(records, settings)
    CorpusCache(library).save_phrases(phrases_key(settings, since, until), engine, phrases)
    return phrases


def cached_or_found_phrases(library: Store, settings: PhraseSettings) -> list[Phrase]:
    """The talking points the cache holds for the library as it is, else found now in this process."""
    cached = CorpusCache(library).phrases(phrases_key(settings, None, None))
    return cached if cached is not None else library_phrases(library, settings)


def _on_spark(
    records: list[ArticleRecord], library: Store, settings: PhraseSettings, master: str | None
) -> list[Phrase]:
    from ..engine.corpus.spark import spark_session
    from ..engine.corpus.spark.phrases import find_phrases_spark

    with _exported(records, library) as jsonl:
        return find_phrases_spark(spark_session(master), jsonl, _metadata(records), settings)


def _metadata(records: list[ArticleRecord]) -> list[ArticleRecord]:
    # The driver keeps no bodies: it reads the few it needs back from the export.
    return [ArticleRecord(r.id, r.outlet, r.date, "") for r in records]


class _exported:
    """The records as JSON lines in a folder beside the library, removed afterwards."""

    def __init__(self, records: list[ArticleRecord], library: Store) -> None:
        self.records = records
        self.folder = tempfile.TemporaryDirectory(prefix="corpus-export-", dir=library.cache_folder)

    def __enter__(self) -> Path:
        return write_records_jsonl(self.records, Path(self.folder.name) / "articles.jsonl")

    def __exit__(self, *exc_info: object) -> None:
        self.folder.cleanup()
