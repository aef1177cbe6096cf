"""The library's commands: the app, `add` (files, folders and web pages), `list`, `show`, `export` and
`notes`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.ingest.record import Article
from ..engine.text.plural import counted
from ..engine.text.safe import printed_text, terminal_excerpt, terminal_json, terminal_line
from .context import CommandError, no_such_article, open_library, resolve_article
from .feeds import address_list, fetch_addresses

if TYPE_CHECKING:
    from ..store.notes import NoteStore

MAX_IMPORT_MB = 2048
"""The largest --max-size: a file is read whole into memory, and no article is gigabytes long."""


def run_app(args: argparse.Namespace, compare: tuple[Article, Article] | None = None) -> int:
    from ..app import CyberreadApp

    # The app checks the library's pages once its first frame is shown (CyberreadApp.check_library).
    library = open_library(args.settings, check_later=True)
    try:
        app = CyberreadApp(library, compare=compare, config=args.settings)
        app.run()
    finally:
        library.close()
    if app.damage is not None:
        raise app.damage
    return 0


def run_add(args: argparse.Namespace) -> int:
    from ..engine.ingest.fetch import looks_like_address
    from ..store.importing import ImportReport, import_paths

    if args.max_size is None:
        max_bytes = args.settings.max_import_bytes
    elif not 0 < args.max_size <= MAX_IMPORT_MB:  # also refuses nan and infinity
        raise CommandError(
            f"--max-size must be more than 0 and at most {MAX_IMPORT_MB} megabytes, not {args.max_size:g}"
        )
    else:
        max_bytes = int(args.max_size * 1024 * 1024)
    listed = address_list(args.from_file) if args.from_file else []
    if args.from_file and not listed and not args.paths:
        name = "standard input" if args.from_file == "-" else args.from_file
        said = f"{name}: nothing to add: it lists no address (one a line; # starts a comment)"
        raise CommandError(terminal_line(said))
    given = list(args.paths) + listed
    if not given:
        raise CommandError("nothing to add: name files, folders or web addresses (or --from FILE)")
    addresses = [item for item in given if looks_like_address(item)]
    paths = [item for item in given if not looks_like_address(item)]
    report = ImportReport()
    with open_library(args.settings) as library:
        if paths:
            report = import_paths(library, paths, max_bytes, _file_progress(paths))
        if addresses and not report.interrupted:
            fetch_addresses(args, library, addresses, report)
    for failure in report.failures:
        print(f"cyberread: {failure}", file=sys.stderr)
    print(report.summary())
    if report.interrupted:
        return 130
    return 1 if report.failures else 0


def _file_progress(paths: list[str]) -> Callable[[int, Path], None] | None:
    """A progress bar over the files under `paths`, for a person watching (they are counted first)."""
    from ..progress import ProgressBar
    from ..store.importing import article_files

    if not sys.stderr.isatty():
        return None
    bar = ProgressBar("reading", sum(1 for item in article_files(paths) if isinstance(item, Path)))

    def on_file(count: int, path: Path) -> None:
        bar.update(count, str(path))
        if count >= bar.total:
            bar.close()

    return on_file


def run_list(args: argparse.Namespace) -> int:
    with open_library(args.settings) as library:
        rows = library.search(args.search) if args.search else library.rows(sort=args.sort)
    if args.json:
        print(terminal_json([row.summary() for row in rows]))
        return 0
    # Text read back from the library is as untrusted as a file: another tool may have written it.
    for row in rows:
        outlet = row.outlet or "-"
        outlet = outlet if len(outlet) <= 18 else outlet[:17] + "…"  # cut as titles are, and said to be
        line = f"{row.id}  {row.date or '----------'}  {outlet:<18}  {row.words:>6}  {row.title}"
        print(terminal_line(line))
    if not rows and args.search:
        # Said on stderr: the list itself (stdout) stays empty for a script reading it.
        from ..store.search_filters import only_left_out

        hint = ""
        if only_left_out(args.search):
            hint = f"; name a word to find besides those to leave out ({args.search} china)"
        print(terminal_line(f"cyberread: no article matches {args.search!r}{hint}"), file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    article = resolve_article(args, args.article)
    if args.json:
        fields = article.summary()
        fields["body"] = article.body
        print(terminal_json(fields))
        return 0
    # As the reader shows them: who wrote it too.
    parts = (article.outlet, article.date, article.dateline, article.author, counted(article.words, "word"))
    details = " · ".join(v for v in parts if v)
    print(terminal_line(article.title))
    print(terminal_line(details))
    print()
    print(printed_text(article.body))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Take each article out of the library, a copy of each kept first (store/removing.py)."""
    from ..store.removing import remove_keeping_copy, removed_folder

    folder = removed_folder(args.settings.library_folder)
    with open_library(args.settings) as library:
        found = [(spec, library.resolve(spec)) for spec in args.articles]
        for spec, article_id in found:
            if article_id is None:
                raise no_such_article(library, spec)
        for article_id in dict.fromkeys(article_id for _, article_id in found):
            article = library.get(str(article_id))
            if article is None:
                continue  # removed by another cyberread meanwhile
            copy = remove_keeping_copy(library, article, folder)
            said = f"removed {article.id} {terminal_excerpt(article.title, 60)}; `cyberread add {copy}` brings it back"
            print(terminal_line(said))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..store.exporting import ExportError, export_library

    if not args.folder.strip():
        # Path("") is the current folder: an unset $DIR wrote every article there.
        raise CommandError("export: an empty folder name; name the folder to write the articles into")
    folder = Path(args.folder).expanduser()
    try:
        with open_library(args.settings) as library:
            count = export_library(library, folder, force=args.force)
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(terminal_line(f"{counted(count, 'article')} written to {folder}"))
    return 0


def _noted_article(store: NoteStore, given: str) -> str | None:
    """The one article no longer in the library whose id begins with `given` and that notes (or deleted
    notes) are on: `notes` lists them "(no longer in the library)", and --article reaches them."""
    given = given.strip().casefold()
    found = {note.article_id for note in [*store.all(), *store.trash()] if note.article_id.startswith(given)}
    return found.pop() if len(found) == 1 else None


def run_notes(args: argparse.Namespace) -> int:
    from ..store.notes import NoteError, NoteStore

    if args.restore is not None and args.article:
        raise CommandError("--restore takes the note's number alone: it names one note, of whichever article")
    with open_library(args.settings) as library:
        store = NoteStore(library)
        article_id = None
        if args.all_authors and not args.empty_trash:
            raise CommandError("--all-authors goes with --empty-trash: it empties colleagues' deleted notes too")
        if args.article:
            article_id = library.resolve(args.article) or _noted_article(store, args.article)
            if article_id is None:
                raise no_such_article(library, args.article)
        if args.restore is not None:
            try:
                note = store.restore(args.restore)
            except NoteError as error:
                raise CommandError(str(error)) from None
            print(terminal_line(f"Note {note.id} restored: {terminal_excerpt(note.text or '(no text)', 60)}"))
            return 0
        if args.empty_trash:
            removed, left = store.empty_trash(article_id, args.all_authors)
            said = f"{counted(removed, 'deleted note')} removed for good"
            if left:
                kept = counted(left, "colleague's deleted note", "colleagues' deleted notes")
                said += f"; {kept} {'stays' if left == 1 else 'stay'} in the trash (--all-authors removes them too)"
            print(terminal_line(said))
            return 0
        if args.trash:
            notes = store.trash(article_id=article_id)
        else:
            notes = store.all() if article_id is None else store.for_article(article_id)
        if args.author is not None:
            # A personal report from a desk's library: `notes` lists every colleague's too.
            wanted = (library.user if args.author.strip().casefold() == "me" else args.author).strip().casefold()
            notes = [note for note in notes if (note.author or "").strip().casefold() == wanted]
        if args.format == "json":
            print(terminal_json(store.as_dicts(notes)))
        else:
            print(store.markdown(notes, "Deleted notes" if args.trash else "Notes"), end="")
    return 0
