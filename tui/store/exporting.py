"""Taking things out of the library: every article as a Markdown file that `cyberread add` reads back,
the notes that belong in an export of a comparison, and the atomic file write both exports use."""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from ..engine.ingest.articles import Article, article_markdown
from ..engine.render.collation import AccountNote
from ..engine.render.report import PassageNote
from ..engine.text.safe import terminal_line
from .interface import Store
from .notes import NoteStore, Passage

_SLUG_WORD = re.compile(r"\w+")


class ExportError(Exception):
    """An export that cannot be written; the message is one line naming the file or folder."""


def slug(text: str, limit: int = 60) -> str:
    """`text` as part of a file name: its words in lower case joined by hyphens. No dot, slash or
    space survives, so a hostile title can neither climb out of the folder nor hide the file."""
    words = _SLUG_WORD.findall(unicodedata.normalize("NFKC", text).lower())
    joined = "-".join(words)
    if len(joined) > limit:
        # Cut between words where one ends past half the limit ("after-dam-overflo" read as a typo).
        cut = joined.rfind("-", 0, limit + 1)
        joined = joined[:cut] if cut > limit // 2 else joined[:limit]
    return joined.strip("-_")


def article_filename(article_id: str, title: str) -> str:
    """`<title slug>-<id>.md`: the id makes it unique (even where case does not count) and stable across
    exports, the title makes it readable."""
    return f"{slug(title) or 'article'}-{slug(article_id)}.md"


def write_atomically(path: Path, text: str, *, overwrite: bool, encoding: str = "utf-8") -> None:
    """Write `path` whole or not at all: a hidden temporary file beside it (which `cyberread add` skips),
    flushed to disk, then put in place. Without `overwrite`, an existing file is never replaced, even one
    that appears meanwhile (FileExistsError). Other failures raise OSError; no temporary file is left."""
    folder = path.parent
    while True:
        temporary = folder / f".cyberread-{secrets.token_hex(6)}.tmp"
        try:
            # os.open applies the umask to 0o666, as any other new file of the user's gets.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _place_new(temporary: Path, path: Path) -> None:
    # A hard link fails if the name is taken, so no file appearing meanwhile is clobbered; a file system
    # without hard links gets the check and the rename instead.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def export_library(
    library: Store, folder: Path, *, force: bool = False, on_file: Callable[[int, Path], None] | None = None
) -> int:
    """Write every article of `library` into `folder` (made if missing) as `<title>-<id>.md`; the number
    written. Without `force`, nothing is written when any of those files exists already."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # exist_ok passes over a folder: what is there is a file (or a link to one).
        said = f"{folder}: is a file; export writes one file per article into a folder"
        raise ExportError(terminal_line(said)) from None
    except OSError as error:
        raise ExportError(terminal_line(f"{folder}: cannot make the folder ({error.strerror or error})")) from None
    planned = [(folder / article_filename(row.id, row.title), row.id) for row in library.rows()]
    if not force:
        for path, _ in planned:
            if os.path.lexists(path):
                raise ExportError(terminal_line(f"{path}: already exists; --force replaces it"))
    count = 0
    for path, article_id in planned:
        article = library.get(article_id)
        if article is None:
            continue  # removed by another cyberread since the list was taken
        try:
            write_atomically(path, article_markdown(article), overwrite=force)
        except FileExistsError:
            raise ExportError(terminal_line(f"{path}: already exists; --force replaces it")) from None
        except OSError as error:
            raise ExportError(terminal_line(f"{path}: cannot write ({error.strerror or error})")) from None
        count += 1
        if on_file:
            on_file(count, path)
    return count


def comparison_notes(library: Store, a: Article, b: Article) -> list[PassageNote]:
    """The user's notes on passages of a and b, as the report engine takes them, in the order of a then b.
    A passage counts only where it still stands in the body compared (an article read from a file that
    merely shares an id, or a detached passage, has none); notes on a whole article are not passage notes."""
    store = NoteStore(library)
    notes = {note.id: note for article in (a, b) for note in store.for_article(article.id)}
    found = []
    for note in sorted(notes.values(), key=lambda n: n.id):
        places = {side: _place(note.passage_in(article.id), article) for side, article in (("a", a), ("b", b))}
        if places["a"] or places["b"]:
            found.append(PassageNote(note.text, places["a"], places["b"], note.author))
    return sorted(found, key=lambda n: (n.a or (len(a.body), 0), n.b or (len(b.body), 0)))


def _place(passage: Passage | None, article: Article) -> tuple[int, int] | None:
    if passage is None or passage.detached or article.body[passage.start : passage.end] != passage.text:
        return None
    return passage.start, passage.end


def collation_notes(library: Store, articles: Sequence[Article]) -> list[AccountNote]:
    """The user's notes on the collated accounts: on a passage that still stands in the body collated, or
    on the whole article. A note on a pair counts once for each account it holds a passage of."""
    store = NoteStore(library)
    found = []
    for article in articles:
        for note in store.for_article(article.id):
            passage = note.passage_in(article.id)
            if passage is None:
                found.append(AccountNote(article.id, note.text, author=note.author))
            elif (place := _place(passage, article)) is not None:
                found.append(AccountNote(article.id, note.text, place, note.author))
    return found
