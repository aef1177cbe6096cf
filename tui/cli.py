"""The `cyberread` command line: the app by default, and subcommands that print what the app shows."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cyberread import __version__
from cyberread.engine.articles import Article, ArticleError, load_article
from cyberread.engine.clean import safe_line
from cyberread.engine.decode import DEFAULT_MAX_BYTES
from cyberread.store.library import Library, LibraryError
from cyberread.store.paths import HOME_VARIABLE, locations


class CommandError(Exception):
    """A failure to report as one line on stderr, with exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cyberread",
        description="Read news accounts side by side: what they share, how they differ, what each left out.",
    )
    parser.add_argument("--version", action="version", version=f"cyberread {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help=f"keep the library and config in DIR (default: ${HOME_VARIABLE} or the user folders)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("app", help="open the app (the default)")

    add = commands.add_parser("add", help="import article files and folders (.txt, .md, .html)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument(
        "--max-size", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, metavar="MB",
        help="refuse files larger than this many megabytes (default: %(default)g)",
    )

    listing = commands.add_parser("list", help="list the library")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--sort", choices=("title", "outlet", "date", "words"), default="title")
    listing.add_argument("--search", metavar="WORDS", help="only articles holding all these words")

    show = commands.add_parser("show", help="print one clean article")
    show.add_argument("article", metavar="ID|PATH")
    show.add_argument("--json", action="store_true", help="print JSON, with the body")

    compare = commands.add_parser("compare", help="compare two accounts")
    compare.add_argument("a", metavar="A", help="library id (or unique prefix) or file path")
    compare.add_argument("b", metavar="B", help="library id (or unique prefix) or file path")
    compare.add_argument("--format", choices=("text", "json", "md"), default="text")
    compare.add_argument("--tui", action="store_true", help="open the comparison in the app")

    notes = commands.add_parser("notes", help="print your notes, grouped by article, ready for a report")
    notes.add_argument("--format", choices=("md", "json"), default="md")
    notes.add_argument("--article", metavar="ID", help="only the notes on this article (id or unique prefix)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.home:
        os.environ[HOME_VARIABLE] = str(Path(args.home).expanduser().resolve())
    handler = _COMMANDS[args.command or "app"]
    try:
        return handler(args)
    except (CommandError, LibraryError) as error:
        print(f"cyberread: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `cyberread list | head`: the reader went away; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _open_library() -> Library:
    from cyberread.store.importing import open_library

    return open_library(locations())


def run_app(args: argparse.Namespace, compare: tuple[Article, Article] | None = None) -> int:
    from cyberread.app import CyberreadApp

    library = _open_library()
    try:
        CyberreadApp(library, compare=compare).run()
    finally:
        library.close()
    return 0


def run_add(args: argparse.Namespace) -> int:
    from cyberread.store.importing import import_paths

    if not 0 < args.max_size < float("inf"):  # also refuses nan
        raise CommandError(f"--max-size must be a positive number of megabytes, not {args.max_size:g}")
    max_bytes = int(args.max_size * 1024 * 1024)
    # A count on one rewritten line, and only for a person watching: a log or a pipe gets the summary.
    progress = sys.stderr.isatty()

    def on_file(count: int, path: Path) -> None:
        if count % 50 == 0:
            print(f"\r{count} files read…", end="", file=sys.stderr, flush=True)

    with _open_library() as library:
        report = import_paths(library, args.paths, max_bytes, on_file if progress else None)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    for failure in report.failures:
        print(f"cyberread: {failure}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failures else 0


def run_list(args: argparse.Namespace) -> int:
    with _open_library() as library:
        rows = library.search(args.search) if args.search else library.rows(sort=args.sort)
    if args.json:
        print(json.dumps([row.summary() for row in rows], ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row.id}  {row.date or '----------'}  {(row.outlet or '-')[:18]:<18}  {row.words:>6}  {row.title}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    article = resolve_article(args.article)
    if args.json:
        fields = article.summary()
        fields["body"] = article.body
        print(json.dumps(fields, ensure_ascii=False, indent=2))
        return 0
    details = " · ".join(v for v in (article.outlet, article.date, article.dateline, f"{article.words} words") if v)
    print(article.title)
    print(details)
    print()
    print(article.body)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    a, b = resolve_article(args.a), resolve_article(args.b)
    if args.tui:
        return run_app(args, compare=(a, b))
    from cyberread.engine.align import compare_articles
    from cyberread.engine import report

    comparison = compare_articles(a, b)
    if args.format == "json":
        print(json.dumps(report.comparison_to_dict(comparison, a, b), ensure_ascii=False, indent=2))
    elif args.format == "md":
        print(report.render_markdown(comparison, a, b))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(report.render_text(comparison, a, b, color=color))
    return 0


def run_notes(args: argparse.Namespace) -> int:
    from cyberread.store.notes import NoteStore

    with _open_library() as library:
        store = NoteStore(library)
        if args.article:
            article_id = library.resolve(args.article)
            if article_id is None:
                raise CommandError(f"{args.article}: no article in the library has that id (or it starts more than one)")
            notes = store.for_article(article_id)
        else:
            notes = store.all()
        if args.format == "json":
            print(json.dumps(store.as_dicts(notes), ensure_ascii=False, indent=2))
        else:
            print(store.markdown(notes), end="")
    return 0


def resolve_article(spec: str) -> Article:
    """The article `spec` names: a file path (read and cleaned, not added), else a library id or prefix."""
    path = Path(spec)
    if os.path.lexists(path):
        try:
            return load_article(path)
        except ArticleError as error:
            raise CommandError(safe_line(f"{spec}: {error}")) from None
    with _open_library() as library:
        article_id = library.resolve(spec)
        article = library.get(article_id) if article_id else None
    if article is None:
        raise CommandError(safe_line(f"{spec}: no such file, and no article in the library has that id"))
    return article


_COMMANDS = {
    "app": run_app,
    "add": run_add,
    "list": run_list,
    "show": run_show,
    "compare": run_compare,
    "notes": run_notes,
}
