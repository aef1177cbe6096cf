"""Search, open and import timings of the two libraries, SQLite and PostgreSQL, on the same articles.

    .venv/bin/python bench/postgres.py [ARTICLES]   (default 100000; a server is started as the tests do)

Prints seconds; never asserted in the test suite."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pg_server import new_database, postgres_server

from cyberread.engine.ingest.articles import Article, article_id
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from make_library import iter_articles  # type: ignore[import-not-found]

QUERIES = ("xinhua", "cyber secur", "outlet:glob", "date:2024", "n")


def measure(label: str, url: str | None, folder: Path, count: int) -> None:
    library = connect_library(locations(folder), url, "bench")
    start = time.perf_counter()
    articles = [_article(generated) for generated in iter_articles(count)]
    with library.bulk_writing():
        for window in range(0, count, 1000):
            library.add_many(articles[window : window + 1000])
    imported = time.perf_counter() - start
    library.close()
    start = time.perf_counter()
    library = connect_library(locations(folder), url, "bench")
    order = library.row_ids()
    library.rows_by_ids(order[:60])
    opened = time.perf_counter() - start
    print(f"{label:10} import {count}: {imported:7.1f} s   open + first screen: {opened:6.3f} s")
    for query in QUERIES:
        start = time.perf_counter()
        found = len(library.search_ids(query))
        ranked = library.search(query, limit=50)
        print(f"{label:10}   search {query!r:15} {found:7} found, filter+rank {time.perf_counter() - start:6.3f} s")
        assert len(ranked) <= 50
    library.close()


def _article(generated: object) -> Article:
    title, outlet, date, body = (getattr(generated, name) for name in ("title", "outlet", "date", "body"))
    return Article(article_id(title, body), title, outlet, date, None, body, len(body.split()), None)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder, postgres_server() as server:
        measure("sqlite", None, Path(folder) / "sqlite", count)
        measure("postgresql", new_database(server, "bench"), Path(folder) / "pg", count)


if __name__ == "__main__":
    main()
