"""Bringing files into the library: walking folders, cleaning each file, reporting the ones that fail."""

from __future__ import annotations

import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path
from typing import TypeVar

from ..engine.ingest.articles import Article, ArticleError, load_article
from ..engine.ingest.clean import safe_line
from ..engine.ingest.decode import DEFAULT_MAX_BYTES
from ..resources import seeds_dir
from .library import Library
from .paths import Locations

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
_BATCH = 2000
"""Articles written in one transaction: fewer, larger pieces of the full-text index to merge later."""
_WINDOW = 2000
_PARALLEL_FROM = 400
"""Fewer files than this are cleaned here: starting the worker processes costs about a second."""
_T = TypeVar("_T")


@dataclass(frozen=True)
class ImportFailure:
    path: Path
    reason: str

    def __str__(self) -> str:
        # File names are untrusted too: one with a newline or an escape sequence must not forge lines
        # or drive the terminal, and one with undecodable bytes must not crash the print.
        return safe_line(f"{self.path}: {self.reason}")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[ImportFailure] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.unchanged} already in the library"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.replaced:
            parts.append(f"{self.replaced} replaced by their edited files")
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def article_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | ImportFailure]:
    """Each file to import: named files as they are, folders walked for article files (links to folders
    are not followed, so a link loop cannot trap the walk). A path that cannot be read is a failure."""
    for given in paths:
        # Absolute, so the same file imported again from elsewhere is recognised as the same file.
        path = Path(given).absolute()
        try:
            # stat(), not is_dir()/exists(): those answer False for a link loop or a folder we may not
            # enter, and the user would be told the file does not exist.
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            reason = "symbolic link to nothing" if path.is_symlink() else "no such file or folder"
            yield ImportFailure(path, reason)
        except OSError as error:
            yield ImportFailure(path, (error.strerror or str(error)).lower())
        except ValueError:
            yield ImportFailure(path, "not a possible file name")
        else:
            yield from _walk(path) if is_dir else [path]


def _walk(folder: Path) -> Iterator[Path | ImportFailure]:
    failures: list[ImportFailure] = []

    def on_error(error: OSError) -> None:
        failures.append(ImportFailure(Path(error.filename or folder), (error.strerror or str(error)).lower()))

    for root, dirs, files in os.walk(folder, onerror=on_error, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                yield Path(root) / name
        yield from failures
        failures.clear()
    yield from failures


def import_paths(
    library: Library,
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[int, Path], None] | None = None,
) -> ImportReport:
    """Import every article file under `paths`. Bad files are reported, never stop the rest, and never
    touch what the library already holds."""
    report = ImportReport()
    batch: list[Article] = []
    count = 0

    def flush() -> None:
        for outcome in library.add_many(batch):
            setattr(report, outcome, getattr(report, outcome) + 1)
        batch.clear()

    def write(files: list[Path], loaded: Iterable[Article | str]) -> None:
        nonlocal count
        for item, outcome in zip(files, loaded):
            count += 1
            if on_file:
                on_file(count, item)
            if isinstance(outcome, str):
                report.failures.append(ImportFailure(item, outcome))
            else:
                batch.append(outcome)
            if len(batch) >= _BATCH:
                flush()

    pool: ProcessPoolExecutor | None = None
    cleaning: deque[tuple[list[Path], Iterator[Article | str]]] = deque()
    try:
        with library.bulk_writing():
            for window in _windows(article_files(paths), _WINDOW):
                files = [item for item in window if isinstance(item, Path)]
                report.failures.extend(item for item in window if isinstance(item, ImportFailure))
                # Cleaning a file costs milliseconds of Python; a large folder is cleaned on every core
                # while this process writes to the library.
                if pool is None and len(files) >= _PARALLEL_FROM and (_workers() > 1):
                    pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context("spawn"))
                if pool is None:
                    write(files, map(_load, files, repeat(max_bytes)))
                    continue
                cleaning.append((files, pool.map(_load, files, repeat(max_bytes), chunksize=20)))
                # The workers clean the next window while this one is written: neither waits for the other.
                if len(cleaning) > 1:
                    write(*cleaning.popleft())
            while cleaning:
                write(*cleaning.popleft())
            flush()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return report


def _load(path: Path, max_bytes: int) -> Article | str:
    """The clean article at `path`, or why it cannot be read."""
    try:
        return load_article(path, max_bytes)
    except ArticleError as error:
        return str(error)
    except Exception as error:
        # A parser bug met on one hostile file must not cost the user the rest of a large import.
        return f"could not be read ({type(error).__name__}: {error})"


def _windows(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def _workers() -> int:
    return min(4, os.cpu_count() or 1)


def open_library(locations: Locations) -> Library:
    """The user's library; a new one starts with the bundled seed articles."""
    library = Library(locations.database)
    if not library.read_only and library.get_meta("seeded") is None:
        import_paths(library, [seeds_dir()])
        library.set_meta("seeded", "1")
    return library
