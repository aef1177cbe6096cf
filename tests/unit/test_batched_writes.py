"""A batch of articles written at once ends as the same library, with the same outcome for each, as the
articles written one after another by store_article: re-imports, edited files, the same text twice in a
batch, two files sharing a title, articles stored under an older cyberread's id, web pages fetched again.
The insert of the plainly new ones is one statement, so the full-text index is written once a batch."""

from __future__ import annotations

import dataclasses
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.ingest.articles import Article, article_id, count_words, legacy_article_id
from cyberread.store.common import store_article
from cyberread.store.library import Library, _now

TITLES = ["Talks in Geneva", "talks in geneva", "Flood warning", "Straße gesperrt"]
BODIES = ["The talks ended on Monday.", "Rivers rose in the valley.", "Die Straße bleibt zu.", "Zoë said “no”."]
PATHS = [None, "/news/a.txt", "/news/b.txt", "relative.txt", "https://example.org/story"]


def make(title: str, body: str, path: str | None, outlet: str | None, legacy: bool) -> Article:
    identity = legacy_article_id(body) if legacy else article_id(title, body)
    return Article(identity, title, outlet, "2024-05-01", None, body, count_words(body), path)


articles = st.builds(
    make,
    st.sampled_from(TITLES),
    st.sampled_from(BODIES),
    st.sampled_from(PATHS),
    st.sampled_from([None, "Reuters"]),
    st.booleans(),
)


def one_by_one(library: Library, batch: list[Article]) -> list[str]:
    """The batch as add_many wrote it before: store_article for each, in order, in one transaction."""
    with library.writing() as connection:
        assert isinstance(connection, sqlite3.Connection)
        now = _now()
        return [store_article(connection, article, now) for article in batch]


def contents(library: Library) -> tuple[object, ...]:
    connection = library.connection
    rows = connection.execute(
        "SELECT id, title, outlet, date, dateline, body, words, path, author FROM articles ORDER BY id"
    ).fetchall()
    versions = connection.execute("SELECT id, story, title, body FROM article_versions ORDER BY id").fetchall()
    found = {word: sorted(row.id for row in library.search(word)) for word in ("talks", "straße", "zoe", "r")}
    return rows, versions, found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(articles, max_size=6), st.lists(st.lists(articles, max_size=8), min_size=1, max_size=3))
def test_a_batch_is_stored_as_the_articles_one_by_one(tmp_path: Path, stored: list[Article], batches) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    with Library(folder / "batched.db") as batched, Library(folder / "single.db") as single:
        one_by_one(batched, stored)
        one_by_one(single, stored)
        for batch in batches:
            assert batched.add_many(batch) == one_by_one(single, batch)
            assert contents(batched) == contents(single)


def test_a_batch_writes_the_full_text_index_once(tmp_path: Path) -> None:
    batch = [make(f"Story {k}", f"Body number {k} of the import.", f"/news/{k}.txt", None, False) for k in range(50)]

    def index_writes(store: Callable[[Library], list[str]], name: str) -> int:
        with Library(tmp_path / name) as library:
            statements: list[str] = []
            library.connection.set_trace_callback(statements.append)
            assert store(library) == ["added"] * 50
            library.connection.set_trace_callback(None)
            assert len(library.search("import")) == 50
            return sum("articles_fts_data" in sql for sql in statements)

    batched = index_writes(lambda library: library.add_many(batch), "batched.db")
    single = index_writes(lambda library: one_by_one(library, batch), "single.db")
    # Row by row, FTS5 writes its pending terms at every statement: a segment an article.
    assert batched <= 5 < 50 <= single


def test_the_same_batch_again_is_unchanged(tmp_path: Path) -> None:
    batch = [make(f"Story {k}", f"Body number {k}.", f"/news/{k}.txt", None, False) for k in range(20)]
    with Library(tmp_path / "library.db") as library:
        assert library.add_many(batch) == ["added"] * 20
        assert library.add_many(batch + batch[:3]) == ["unchanged"] * 23
        edited = dataclasses.replace(batch[4], title="Story four, corrected")
        assert library.add_many([edited, batch[5]]) == ["updated", "unchanged"]
        assert len(library) == 20


def test_a_large_import_writes_the_index_once_a_batch_and_finds_what_one_by_one_finds(tmp_path: Path) -> None:
    # Bodies of 60,000 distinct words in all: over FTS5's default 1 MB of pending terms in one batch.
    words = [f"w{k:05d}" for k in range(60_000)]
    batch = [
        make(f"Story {k}", " ".join(words[k * 600 : (k + 1) * 600]), f"/news/{k}.txt", None, False) for k in range(100)
    ]

    def imported(name: str, bulk: bool) -> tuple[int, list[list[str]]]:
        with Library(tmp_path / name) as library:
            if bulk:
                with library.bulk_writing():
                    library.add_many(batch)
            else:
                library.add_many(batch)
            (segments,) = library.connection.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx").fetchone()
            found = [sorted(row.id for row in library.search(query)) for query in ("w0001", "w59", "w", "story 4")]
            return segments, found

    default, found_default = imported("default.db", bulk=False)
    bulk, found_bulk = imported("bulk.db", bulk=True)
    assert found_bulk == found_default and all(found_bulk)
    assert bulk == 1 < default


def test_a_batch_longer_than_one_statement_allows_is_stored_whole_in_order(tmp_path: Path) -> None:
    # SQLite bounds the parameters of a statement; where the bound is low, the rows go in several
    # statements of as many rows as fit, still in the batch's order.
    batch = [make(f"Story {k}", f"Body number {k} of the import.", f"/news/{k}.txt", None, False) for k in range(23)]
    with Library(tmp_path / "batched.db") as batched, Library(tmp_path / "single.db") as single:
        batched.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 25)  # two rows a statement
        assert batched.add_many(batch) == one_by_one(single, batch) == ["added"] * 23
        assert contents(batched) == contents(single)
        order = "SELECT id FROM articles ORDER BY rowid"
        assert batched.connection.execute(order).fetchall() == single.connection.execute(order).fetchall()
