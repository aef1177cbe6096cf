"""Bringing files into the library: walking folders, cleaning each file, reporting the ones that fail."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path
from typing import TypeVar

from ..engine.ingest.decode import DEFAULT_MAX_BYTES
from ..engine.ingest.record import Article
from ..engine.text.safe import terminal_line
from ..resources import seeds_dir
from .import_workers import FILE_BUDGET_SECONDS, Workers, load_file, sigint_handled_by, worker_count
from .interface import Store
from .library import LibraryError
from .opening import connect_library
from .paths import Locations

# The worker pool (import_workers.py starts it), the parsing of articles and what they need are imported
# when an import starts: open_library is on the app's way to its first frame.

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
_BATCH = 2000
"""Articles written in one transaction: fewer, larger pieces of the full-text index to merge later."""
_WINDOW = 2000
_PARALLEL_FROM = 400
"""Fewer files than this are cleaned here: starting the worker processes costs about a second."""
_T = TypeVar("_T")


@dataclass(frozen=True)
class ImportFailure:
    path: Path | str
    """The file, or the web address (as given: a Path would fold its // into /)."""
    reason: str

    def __str__(self) -> str:
        # File names are untrusted too: one with a newline or an escape sequence must not forge lines
        # or drive the terminal, and one with undecodable bytes must not crash the print.
        return terminal_line(f"{self.path}: {self.reason}")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    replaced: int = 0
    versioned: int = 0
    """Pages fetched again whose text had changed: kept as a new version beside the earlier one."""
    unchanged: int = 0
    failures: list[ImportFailure] = field(default_factory=list)
    interrupted: bool = False
    pending: str = "the files not yet read"
    """What an interruption left out, as the summary says it."""

    def new_versions(self) -> list[str]:
        """The part of a summary that says how many stories changed, shared by `add` and `feeds update`."""
        return [f"{self.versioned} changed since last fetched (kept as new versions)"] if self.versioned else []

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.unchanged} already in the library"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.replaced:
            parts.append(
                f"{self.replaced} replaced by {'its edited file' if self.replaced == 1 else 'their edited files'}"
            )
        parts += [*self.new_versions(), f"{len(self.failures)} failed"]
        if self.interrupted:
            parts.append(f"interrupted: {self.pending} were not added")
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
    """The folder's article files; a folder without any is a failure, not a silent "0 added"."""
    found = False
    for item in _walk_folder(str(folder), os.path.realpath(folder)):
        found = True
        yield item
    if not found:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        yield ImportFailure(folder, f"no article files in this folder or below it ({kinds})")


def _walk_folder(folder: str, inside: str) -> Iterator[Path | ImportFailure]:
    """The article files of `folder` (sorted), then those of its folders (sorted, links to folders not
    followed). Listed with os.scandir, whose entries know a regular file or a link without a stat() of
    each (two system calls a file for os.walk and pathlib)."""
    try:
        with os.scandir(folder) as listing:
            entries = [entry for entry in listing if not entry.name.startswith(".")]
    except OSError as error:
        yield ImportFailure(Path(error.filename or folder), (error.strerror or str(error)).lower())
        return
    folders, files = [], []
    for entry in sorted(entries, key=lambda entry: entry.name):
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            folders.append(entry)
        elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES:
            files.append(entry)
    for entry in files:
        yield _found(entry, inside)
    for entry in folders:
        if not entry.is_symlink():
            yield from _walk_folder(entry.path, inside)


def _found(entry: os.DirEntry[str], inside: str) -> Path | ImportFailure:
    """A file met in a folder, or why it is skipped: a link leading out of the folder being imported (to
    /proc/self/environ, say) is not followed, and a FIFO or device is no article."""
    path = Path(entry.path)
    try:
        if entry.is_symlink():
            target = os.path.realpath(path)
            if not os.path.lexists(target):
                return ImportFailure(path, "symbolic link to nothing")
            if os.path.commonpath([inside, target]) != inside:
                return ImportFailure(path, "symbolic link to outside the folder being imported; not followed")
        if entry.is_file():
            return path
        mode = entry.stat().st_mode
    except FileNotFoundError:
        return ImportFailure(path, "symbolic link to nothing")
    except (OSError, ValueError) as error:
        return ImportFailure(path, str(getattr(error, "strerror", None) or error).lower())
    if not stat.S_ISREG(mode):
        return ImportFailure(path, "not a regular file (a FIFO, device or socket); skipped")
    return path


def import_paths(
    library: Store,
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[int, Path], None] | None = None,
    budget: float = FILE_BUDGET_SECONDS,
) -> ImportReport:
    """Import every article file under `paths`. Bad files are reported, never stop the rest, and never
    touch what the library already holds. Ctrl-C stops the import: what was cleaned is written, and the
    report says it was interrupted."""
    from concurrent.futures.process import BrokenProcessPool

    report = ImportReport()
    batch: list[Article] = []
    count = 0

    def flush() -> None:
        store_articles(library, batch, report)
        batch.clear()

    def write(files: list[Path], loaded: Iterable[Article | str]) -> list[Path]:
        """Store what `loaded` holds for `files`; the files left unread when a worker died."""
        nonlocal count
        done = 0
        try:
            for outcome in loaded:
                item = files[done]
                done += 1
                count += 1
                if on_file:
                    on_file(count, item)
                if isinstance(outcome, str):
                    report.failures.append(ImportFailure(item, outcome))
                else:
                    batch.append(outcome)
                if len(batch) >= _BATCH:
                    flush()
        except BrokenProcessPool:
            return files[done:]
        return []

    pool: Workers | None = None
    cleaning: deque[tuple[list[Path], Iterator[Article | str]]] = deque()

    def written(files: list[Path], loaded: Iterator[Article | str]) -> None:
        unread = write(files, loaded)
        if unread and pool is not None:
            # A worker died (killed for overrunning its budget, or crashed): every window in flight is
            # lost with it. The file it held fails; the others are cleaned again by new workers.
            for lost, _ in cleaning:
                unread += lost
            cleaning.clear()
            retry, failed = pool.restart(unread)
            report.failures.extend(ImportFailure(path, reason) for path, reason in failed)
            if retry:
                cleaning.append((retry, pool.map(retry, max_bytes, budget)))

    try:
        with library.bulk_writing():
            try:
                for window in _windows(article_files(paths), _WINDOW):
                    files = [item for item in window if isinstance(item, Path)]
                    report.failures.extend(item for item in window if isinstance(item, ImportFailure))
                    # Cleaning a file costs milliseconds of Python; a large folder is cleaned on every core
                    # while this process writes to the library.
                    if pool is None and len(files) >= _PARALLEL_FROM and (worker_count() > 1):
                        pool = Workers()
                    if pool is None:
                        write(files, map(load_file, files, repeat(max_bytes), repeat(budget)))
                        continue
                    cleaning.append((files, pool.map(files, max_bytes, budget)))
                    # The workers clean the next window while this one is written: neither waits for the other.
                    if len(cleaning) > 1:
                        written(*cleaning.popleft())
                while cleaning:
                    written(*cleaning.popleft())
            except KeyboardInterrupt:
                report.interrupted = True
                if pool is not None:
                    pool.stop()
            try:
                flush()
            except KeyboardInterrupt:  # held back until the batch was committed and counted
                report.interrupted = True
    finally:
        if pool is not None:
            pool.close()
    return report


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C held back while a batch is written, then acted on: cut between its BEGIN and its COMMIT, a
    batch was counted in the summary and then rolled back (the summary said 8,000 added where the library
    held 6,000). Main thread only: elsewhere SIGINT cannot be set."""
    pending: list[int] = []
    with sigint_handled_by(lambda signum, frame: pending.append(signum)):
        yield
    if pending:
        signal.raise_signal(signal.SIGINT)  # now to the handler it was held from: KeyboardInterrupt, as a rule


def store_articles(library: Store, articles: list[Article], report: ImportReport) -> None:
    """Write a batch in one transaction; if that fails for something in the articles (not the library),
    each is written on its own, so one that cannot be stored costs only itself. A Ctrl-C meanwhile waits
    until what was committed is counted."""
    with _interrupts_deferred():
        _store_articles(library, articles, report)


def _store_articles(library: Store, articles: list[Article], report: ImportReport) -> None:
    try:
        outcomes = library.add_many(articles)
    except LibraryError:
        raise  # the library cannot be written at all: a file-by-file retry would fail the same way
    except (sqlite3.Error, ValueError):
        outcomes = []
        for article in articles:
            try:
                outcomes += library.add_many([article])
            except (sqlite3.Error, ValueError) as error:
                reason = f"could not be stored ({type(error).__name__}: {error})"
                report.failures.append(ImportFailure(Path(article.path or article.title), reason))
    for outcome in outcomes:
        setattr(report, outcome, getattr(report, outcome) + 1)


def _windows(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def open_library(locations: Locations, url: str | None = None, user: str = "", check_later: bool = False) -> Store:
    """The user's library (SQLite in the data folder, or the PostgreSQL library at `url`); a new one in
    the data folder starts with the bundled seed articles, a desk's shared one empty (a desk fills it
    with `db copy --to` from a library of its own, which must find it empty, or with its own articles).
    `check_later`: see connect_library."""
    library = connect_library(locations, url, user, check_later)
    if url is None and not library.read_only and library.get_meta("seeded") is None:
        import_paths(library, [seeds_dir()])
        library.set_meta("seeded", "1")
    return library
