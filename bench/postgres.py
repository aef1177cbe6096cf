"""Search, open and import timings of the two libraries, SQLite and PostgreSQL, on the same articles,
measured side by side in one run: the import alternates windows of 1,000 articles between the two, and
every open and search alternates between them, so a change in the machine's load weighs on both.

    .venv/bin/python bench/postgres.py [ARTICLES] [--profile FILE]

ARTICLES defaults to 100,000; a server is started as the tests start theirs. --profile writes a cProfile
of the PostgreSQL import to FILE. Prints seconds; never asserted in the test suite."""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.pg_server import new_database, postgres_server

from cyberread.engine.ingest.articles import Article, article_id
from cyberread.store.interface import Store
from cyberread.store.opening import connect_library
from cyberread.store.paths import locations
from make_library import iter_articles  # type: ignore[import-not-found]

# Generated articles are ASCII; their authors carry accents, so that `alvarez` and `author:jose` measure
# the accent-folded search on both databases.
AUTHORS = ("José Álvarez", "Zoë Brontë", "Jane Doe", "Łukasz Wójcik", "Nguyễn Thị Ánh")
QUERIES = ("xinhua", "cyber secur", "outlet:glob", "date:2024", "alvarez", "author:jose", "n")
WINDOW = 1000
REPEATS = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", nargs="?", type=int, default=100_000)
    parser.add_argument("--profile", type=Path)
    arguments = parser.parse_args()
    count = arguments.articles
    print(f"load before: {_load()}")
    start = time.perf_counter()
    articles = [_article(index, generated) for index, generated in enumerate(iter_articles(count))]
    print(f"generated {count} articles in {time.perf_counter() - start:.1f} s (not counted below)")
    with tempfile.TemporaryDirectory() as folder, postgres_server() as server:
        places = {
            "sqlite": (None, Path(folder) / "sqlite"),
            "postgresql": (new_database(server, "bench"), Path(folder)),
        }

        def open_library(name: str) -> Store:
            url, home = places[name]
            return connect_library(locations(home), url, "bench")

        libraries = {name: open_library(name) for name in places}
        imported = dict.fromkeys(places, 0.0)
        profile = cProfile.Profile() if arguments.profile else None

        def timed(name: str, step: Callable[[], object]) -> None:
            if profile is not None and name == "postgresql":
                profile.enable()
            start = time.perf_counter()
            step()
            imported[name] += time.perf_counter() - start
            if profile is not None:
                profile.disable()

        # One bulk import each, as `cyberread add` makes one, its windows taken in turn.
        bulk = {name: library.bulk_writing() for name, library in libraries.items()}
        for name, writing in bulk.items():
            timed(name, writing.__enter__)
        for window in range(0, count, WINDOW):
            for name, library in libraries.items():
                timed(name, lambda: library.add_many(articles[window : window + WINDOW]))  # noqa: B023
        for name, writing in bulk.items():
            timed(name, lambda: writing.__exit__(None, None, None))  # noqa: B023
        if profile is not None:
            profile.dump_stats(arguments.profile)
        for library in libraries.values():
            assert len(library) == count, f"{library.kind} holds {len(library)}"
            library.close()
        table: list[tuple[str, dict[str, float]]] = [(f"import {count:,}", imported)]

        def first_screen(name: str) -> Callable[[], None]:
            def run() -> None:
                with open_library(name) as library:
                    library.rows_by_ids(library.row_ids()[:60])

            return run

        table.append(("open + first screen", _alternate({name: first_screen(name) for name in places})))
        libraries = {name: open_library(name) for name in places}
        for query in QUERIES:
            found = {name: len(library.search_ids(query)) for name, library in libraries.items()}
            counts = (
                f"{found['sqlite']:,}" if len(set(found.values())) == 1 else " ≠ ".join(map(format, found.values()))
            )

            def search(library: Store, query: str = query) -> Callable[[], None]:
                return lambda: (library.search_ids(query), library.search(query, limit=50))  # type: ignore[func-returns-value]

            timings = _alternate({name: search(library) for name, library in libraries.items()})
            table.append((f"search {query!r} ({counts} found)", timings))
        for library in libraries.values():
            library.close()
    print(f"load after: {_load()}")
    print()
    print("| seconds | SQLite | PostgreSQL | PostgreSQL / SQLite |")
    print("|---|---:|---:|---:|")
    for label, seconds in table:
        lite, pg = seconds["sqlite"], seconds["postgresql"]
        print(f"| {label} | {_seconds(lite)} | {_seconds(pg)} | {pg / lite:.1f}× |")


def _alternate(runs: dict[str, Callable[[], None]]) -> dict[str, float]:
    """The median of REPEATS runs of each, run in turn."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in seconds.items()}


def _article(index: int, generated: object) -> Article:
    title, outlet, date, body = (getattr(generated, name) for name in ("title", "outlet", "date", "body"))
    author = AUTHORS[index % len(AUTHORS)] if index % 3 == 0 else None
    return Article(article_id(title, body), title, outlet, date, None, body, len(body.split()), None, author)


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.3f}"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
