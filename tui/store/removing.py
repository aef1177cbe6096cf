"""Taking an article out of the library without losing it: a copy is written first, as `export` writes
it, which `add` reads back to the same article; its notes and verdicts stay in the library and reattach
when it comes back."""

from __future__ import annotations

from pathlib import Path

from ..engine.ingest.articles import Article, article_markdown
from .exporting import article_filename, write_atomically
from .interface import Store
from .paths import locations


def removed_folder(library_folder: Path | None) -> Path:
    """Where the copies of removed articles go: `removed/` in the data folder (the config's library
    folder, where it names one)."""
    return locations().with_library_folder(library_folder).data_dir / "removed"


def remove_keeping_copy(library: Store, article: Article, folder: Path) -> Path:
    """Write `article` into `folder` (made if missing), then take it out of `library`; the copy's path.
    An OSError writing the copy leaves the library as it was."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / article_filename(article.id, article.title)
    write_atomically(copy, article_markdown(article), overwrite=True)
    library.remove(article.id)
    return copy
