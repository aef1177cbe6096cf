"""Talking points over a library, in this process or on Spark, their results written to the corpus cache
beside the library (`corpus_cache`); story grouping, on either engine, is in `stories`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from ..engine.corpus.phrase_record import Phrase
from ..engine.corpus.phrases import ArticleRecord, PhraseSettings, find_phrases_streamed, in_window
from .compare_cache import engine_fingerprint
from .corpus_cache import CorpusCache, article_metas, bodies_of, numbered_bodies, write_records_jsonl
from .interface import Store

Engine = Literal["local", "spark"]
ENGINES: tuple[Engine, ...] = ("local", "spark")


PHRASE_FOLDERS = ("corpus", "text")
"""The engine's folders whose code finds talking points."""


def phrases_key(settings: PhraseSettings, since: str | None, until: str | None) -> str:
    """What talking points are kept under: their settings, their dates, and what found them (the
    shingling's files, the stemmer's version), so that results of an older engine are found again."""
    return f"{settings.key()} since={since} until={until} engine={engine_fingerprint(PHRASE_FOLDERS)}"


def library_phrases(
    library: Store,
    settings: PhraseSettings,
    since: str | None = None,
    until: str | None = None,
    engine: Engine = "local",
    master: str | None = None,
) -> list[Phrase]:
    """Find the library's talking points on `engine` and keep them in the corpus cache. Neither engine
    holds the library's bodies in memory: they are read one at a time, and again for the few needed."""
    metas = in_window(article_metas(library), since, until)
    if engine == "spark":
        phrases = _on_spark(metas, library, settings, master)
    else:
        phrases = find_phrases_streamed(
            metas,
            numbered_bodies(library, metas),
            lambda numbers: bodies_of(library, metas, numbers),
            settings,
            spill_folder=library.cache_folder,
        )
    CorpusCache(library).save_phrases(phrases_key(settings, since, until), engine, phrases)
    return phrases


def cached_or_found_phrases(library: Store, settings: PhraseSettings) -> list[Phrase]:
    """The talking points the cache holds for the library as it is, else found now in this process."""
    cached = CorpusCache(library).phrases(phrases_key(settings, None, None))
    return cached if cached is not None else library_phrases(library, settings)


def _on_spark(metas: list[ArticleRecord], library: Store, settings: PhraseSettings, master: str | None) -> list[Phrase]:
    from ..engine.corpus.spark import spark_session
    from ..engine.corpus.spark.phrases import find_phrases_spark

    # The library goes to the job as JSON lines in a folder beside it, removed afterwards.
    with tempfile.TemporaryDirectory(prefix="corpus-export-", dir=library.cache_folder) as folder:
        records = (
            (n, ArticleRecord(metas[n].id, metas[n].outlet, metas[n].date, body))
            for n, body in numbered_bodies(library, metas)
        )
        jsonl = write_records_jsonl(records, Path(folder) / "articles.jsonl")
        return find_phrases_spark(spark_session(master), jsonl, metas, settings)
