"""Bringing files into the library: walking folders, cleaning each file, reporting the ones that fail."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cyberread.engine.articles import Article, ArticleError, load_article
from cyberread.engine.decode import DEFAULT_MAX_BYTES
from cyberread.resources import seeds_dir
from cyberread.store.library import Library
from cyberread.store.paths import Locations

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
_BATCH = 500


@dataclass(frozen=True)
class ImportFailure:
    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


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
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as error:
            yield ImportFailure(path, (error.strerror or str(error)).lower())
            continue
        if not exists:
            reason = "symbolic link to nothing" if path.is_symlink() else "no such file or folder"
            yield ImportFailure(path, reason)
        elif not is_dir:
            yield path
        else:
            yield from _walk(path)


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

    def flush() -> None:
        for outcome in library.add_many(batch):
            setattr(report, outcome, getattr(report, outcome) + 1)
        batch.clear()

    for count, item in enumerate(article_files(paths), start=1):
        if isinstance(item, ImportFailure):
            report.failures.append(item)
            continue
        if on_file:
            on_file(count, item)
        try:
            batch.append(load_article(item, max_bytes))
        except ArticleError as error:
            report.failures.append(ImportFailure(item, str(error)))
        if len(batch) >= _BATCH:
            flush()
    flush()
    return report


def open_library(locations: Locations) -> Library:
    """The user's library; a new one starts with the bundled seed articles."""
    library = Library(locations.database)
    if library.get_meta("seeded") is None:
        import_paths(library, [seeds_dir()])
        library.set_meta("seeded", "1")
    return library
