"""The `cyberread` command line: the app by default, and subcommands that print what the app shows."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import errno
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .engine.ingest.record import Article, ArticleError
from .engine.text.safe import json_for_terminal, printed_text, terminal_json, terminal_line
from .store.config import Config, ConfigError, load_config
from .store.interface import Store
from .store.library import LibraryError
from .store.opening import author_name, database_url
from .store.paths import HOME_VARIABLE, Locations, locations

CONFIG_VARIABLE = "CYBERREAD_CONFIG"
MAX_IMPORT_MB = 2048
"""The largest --max-size: a file is read whole into memory, and no article is gigabytes long."""

if TYPE_CHECKING:
    from .engine.align.result import Comparison
    from .engine.ingest.fetch import Fetcher
    from .engine.render.collation import AccountNote
    from .engine.render.report import PassageNote
    from .store.importing import ImportReport


class CommandError(Exception):
    """A failure to report as one line on stderr, with exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cyberread",
        description="Read news accounts side by side: what they share, how they differ, what each left out.",
    )
    parser.add_argument("--version", action="version", version=f"cyberread {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"keep the library and config in DIR (default: ${HOME_VARIABLE} or the user folders)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help=f"read settings from FILE (default: ${CONFIG_VARIABLE}, or config.toml in the config folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("app", help="open the app (the default)")

    add = commands.add_parser(
        "add", help="import article files and folders (.txt, .md, .html) and web pages (http/https addresses)"
    )
    add.add_argument("paths", nargs="*", metavar="PATH|URL")
    add.add_argument("--from", dest="from_file", metavar="FILE", help="also fetch the addresses in FILE, one a line")
    _allow_private_flag(add)
    add.add_argument(
        "--max-size",
        type=float,
        metavar="MB",
        help="refuse files larger than this many megabytes (default: the config's library.max_import_mb, 50)",
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
    compare.add_argument(
        "--format",
        choices=("text", "md", "html", "csv", "json"),
        default="text",
        help="text (the default), md, html (one self-contained page, side by side), csv (a row a passage) or json",
    )
    compare.add_argument("--tui", action="store_true", help="open the comparison in the app")
    compare.add_argument(
        "--no-cache",
        action="store_true",
        help="compare afresh: neither read nor keep finished comparisons and segmented texts",
    )

    collate = commands.add_parser("collate", help="collate three or more accounts of one event against a base")
    collate.add_argument(
        "accounts", nargs="+", metavar="ACCOUNT", help="library ids (or unique prefixes) or file paths"
    )
    collate.add_argument(
        "--base", metavar="ACCOUNT", help="the account the others are read against (default: the first)"
    )
    collate.add_argument(
        "--format",
        choices=("text", "md", "html", "csv", "json"),
        default="text",
        help="text (the default), md, html (one self-contained page with the presence matrix), csv or json",
    )

    stories = commands.add_parser("stories", help="list the groups of articles reporting the same event")
    stories.add_argument("--json", action="store_true", help="print JSON")
    stories.add_argument(
        "--engine", choices=("local", "spark"), default="local", help="run in this process (the default) or on Spark"
    )
    stories.add_argument("--master", metavar="URL", help="the Spark cluster to run on (default: local mode, two cores)")

    export = commands.add_parser(
        "export", help="write every article as a Markdown file with TOML front matter, which `add` reads back"
    )
    export.add_argument("folder", metavar="DIR", help="the folder to write into (made if missing)")
    export.add_argument("--force", action="store_true", help="replace files of the same name already there")

    config = commands.add_parser("config", help="print the config file's path and the settings in effect")
    config.add_argument(
        "--init",
        action="store_true",
        help="write a commented config file with every default (never over an existing one)",
    )

    notes = commands.add_parser("notes", help="print your notes, grouped by article, ready for a report")
    notes.add_argument("--format", choices=("md", "json"), default="md")
    notes.add_argument("--article", metavar="ID", help="only the notes on this article (id or unique prefix)")

    phrases = commands.add_parser(
        "phrases",
        help="talking points: the phrases that recur across the library, who used them first, who repeats them",
    )
    phrases.add_argument("--min-articles", type=_at_least(2), default=2, metavar="N", help="in at least N articles (2)")
    phrases.add_argument("--min-outlets", type=_at_least(1), default=1, metavar="N", help="of at least N outlets (1)")
    phrases.add_argument(
        "--since", metavar="DATE", help="only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    phrases.add_argument("--until", metavar="DATE", help="only articles dated on or before DATE")
    phrases.add_argument("--json", action="store_true", help="print JSON")
    phrases.add_argument(
        "--engine", choices=("local", "spark"), default="local", help="run in this process (the default) or on Spark"
    )
    phrases.add_argument("--master", metavar="URL", help="the Spark cluster to run on (default: local mode, two cores)")
    _add_feed_commands(commands)
    _add_db_commands(commands)
    return parser


def _at_least(lowest: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < lowest:
            raise argparse.ArgumentTypeError(f"must be at least {lowest}")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.home:
        os.environ[HOME_VARIABLE] = str(Path(args.home).expanduser().resolve())
    handler = _COMMANDS[args.command or "app"]
    try:
        args.settings = _load_config(args)
        status = handler(args)
        sys.stdout.flush()  # a full disk is found here, while it can still be reported
        return status
    except (CommandError, LibraryError, ConfigError) as error:
        print(f"cyberread: {terminal_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cyberread: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `cyberread list | head`: the reader went away; nothing to report.
        _discard_stdout()
        return 0
    except sqlite3.DatabaseError as error:
        # The store turns what it expects into LibraryError; anything else is still a damaged library.
        print(f"cyberread: the library is damaged ({terminal_line(str(error))}); move it aside", file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
            raise
        _discard_stdout()
        print(f"cyberread: cannot write the output: {terminal_line(error.strerror or str(error))}", file=sys.stderr)
        return 1


def _discard_stdout() -> None:
    # Output Python still holds would fail again at exit, with a traceback-like "Exception ignored".
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _config_path(args: argparse.Namespace) -> Path:
    chosen = args.config or os.environ.get(CONFIG_VARIABLE)
    return Path(chosen).expanduser() if chosen else locations().config_file


def _load_config(args: argparse.Namespace) -> Config:
    """The whole config, checked against the app's themes and actions, or a ConfigError: the
    `config --init` command alone runs without one, so that it can write a fresh file."""
    path = _config_path(args)
    if args.command == "config" and args.init:
        return Config()
    if (args.config or os.environ.get(CONFIG_VARIABLE)) and not path.exists():
        raise CommandError(terminal_line(f"{path}: no such config file"))
    return load_config(path, themes=_theme_names, bindings=_bindings, key_name=_key_name)


def _theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def _bindings() -> dict[str, tuple[str, str]]:
    from .app import binding_catalogue

    return binding_catalogue()


def _key_name(key: str) -> str:
    from .app import key_name

    return key_name(key)


def _locations(config: Config) -> Locations:
    return locations().with_library_folder(config.library_folder)


def _open_library(config: Config, check_later: bool = False) -> Store:
    from .store.importing import open_library

    url, user = database_url(config.library_url), author_name(config.user_name)
    return open_library(_locations(config), url, user, check_later)


def run_app(args: argparse.Namespace, compare: tuple[Article, Article] | None = None) -> int:
    from .app import CyberreadApp

    # The app checks the library's pages once its first frame is shown (CyberreadApp.check_library).
    library = _open_library(args.settings, check_later=True)
    try:
        app = CyberreadApp(library, compare=compare, config=args.settings)
        app.run()
    finally:
        library.close()
    if app.damage is not None:
        raise app.damage
    return 0


def run_add(args: argparse.Namespace) -> int:
    from .engine.ingest.fetch import looks_like_address
    from .store.importing import ImportReport, import_paths

    if args.max_size is None:
        max_bytes = args.settings.max_import_bytes
    elif not 0 < args.max_size <= MAX_IMPORT_MB:  # also refuses nan and infinity
        raise CommandError(
            f"--max-size must be more than 0 and at most {MAX_IMPORT_MB} megabytes, not {args.max_size:g}"
        )
    else:
        max_bytes = int(args.max_size * 1024 * 1024)
    given = list(args.paths) + (_address_list(args.from_file) if args.from_file else [])
    if not given:
        raise CommandError("nothing to add: name files, folders or web addresses (or --from FILE)")
    addresses = [item for item in given if looks_like_address(item)]
    paths = [item for item in given if not looks_like_address(item)]
    report = ImportReport()
    with _open_library(args.settings) as library:
        if paths:
            report = import_paths(library, paths, max_bytes, _file_progress(paths))
        if addresses and not report.interrupted:
            _fetch_addresses(args, library, addresses, report)
    for failure in report.failures:
        print(f"cyberread: {failure}", file=sys.stderr)
    print(report.summary())
    if report.interrupted:
        return 130
    return 1 if report.failures else 0


def run_list(args: argparse.Namespace) -> int:
    with _open_library(args.settings) as library:
        rows = library.search(args.search) if args.search else library.rows(sort=args.sort)
    if args.json:
        print(terminal_json([row.summary() for row in rows]))
        return 0
    # Text read back from the library is as untrusted as a file: another tool may have written it.
    for row in rows:
        line = f"{row.id}  {row.date or '----------'}  {(row.outlet or '-')[:18]:<18}  {row.words:>6}  {row.title}"
        print(terminal_line(line))
    return 0


def run_show(args: argparse.Namespace) -> int:
    article = resolve_article(args, args.article)
    if args.json:
        fields = article.summary()
        fields["body"] = article.body
        print(terminal_json(fields))
        return 0
    details = " · ".join(v for v in (article.outlet, article.date, article.dateline, f"{article.words} words") if v)
    print(terminal_line(article.title))
    print(terminal_line(details))
    print()
    print(printed_text(article.body))
    return 0


def run_compare(args: argparse.Namespace) -> int:
    a, b = resolve_article(args, args.a), resolve_article(args, args.b)
    if args.tui:
        return run_app(args, compare=(a, b))
    from .engine.render import report as report

    if args.format == "text":
        # The renderer adds its own colours, so the texts are made safe before it sees them: escapes
        # in a library written by another tool are shown as \x1b, never obeyed.
        a, b = _terminal_safe(a), _terminal_safe(b)
        comparison = _judged(args, _compared(args, a, b), a, b)
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(report.render_text(comparison, a, b, color=color))
        return 0
    comparison = _judged(args, _compared(args, a, b), a, b)
    notes = _comparison_notes(args, a, b)
    _write_export(args.format, report.render_export(args.format, comparison, a, b, notes))
    return 0


def _write_export(format_name: str, exported: str) -> None:
    """An exported document on stdout: JSON with its escapes made visible, other formats made safe for a
    terminal when one shows them."""
    if format_name == "json":
        exported = json_for_terminal(exported)
    elif sys.stdout.isatty():
        exported = printed_text(exported)
    sys.stdout.write(exported)


PARALLEL_PAIRS = 6
"""Aligning fewer pairs than this in one process beats starting a pool of them."""


def run_collate(args: argparse.Namespace) -> int:
    from .engine.corpus.collate import align_pairs, collate, pairs_of
    from .engine.render.collation import render_collation

    articles = [resolve_article(args, spec) for spec in args.accounts]
    if len(articles) < 2:
        raise CommandError("collate takes two or more accounts (three or more is what it is for)")
    ids = [article.id for article in articles]
    if len(set(ids)) < len(ids):
        raise CommandError("an account is named twice")
    base = 0
    if args.base is not None:
        base_id = resolve_article(args, args.base).id
        if base_id not in ids:
            raise CommandError(terminal_line(f"--base {args.base}: not one of the accounts collated"))
        base = ids.index(base_id)
    bodies = [article.body for article in articles]
    workers = min(os.cpu_count() or 1, len(pairs_of(len(articles))))
    if len(pairs_of(len(articles))) >= PARALLEL_PAIRS and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            pairs = align_pairs(bodies, args.settings.match, pool)
    else:
        pairs = align_pairs(bodies, args.settings.match)
    collation = collate(articles, pairs, base)
    if args.format == "text":
        shown = [_terminal_safe(article) for article in articles]
        sys.stdout.write(render_collation("text", collate(shown, pairs, base), shown))
        return 0
    _write_export(args.format, render_collation(args.format, collation, articles, _collation_notes(args, articles)))
    return 0


def _collation_notes(args: argparse.Namespace, articles: list[Article]) -> list[AccountNote]:
    from .store.exporting import collation_notes

    if all(os.path.lexists(spec) for spec in args.accounts):
        return []
    with _open_library(args.settings) as library:
        return collation_notes(library, articles)


def run_stories(args: argparse.Namespace) -> int:
    from .engine.corpus.spark import SparkUnavailable
    from .store.stories import library_stories

    progress = sys.stderr.isatty()

    def on_progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} articles read for grouping…", end="", file=sys.stderr, flush=True)

    with _open_library(args.settings) as library:
        try:
            stories = library_stories(library, on_progress if progress else None, args.engine, args.master)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from None
        if progress:
            print("\r\033[K", end="", file=sys.stderr)
        if args.json:
            print(terminal_json([{"title": s.title, "articles": list(s.articles)} for s in stories]))
            return 0
        for story in stories:
            dates = " to ".join(dict.fromkeys(d for d in (story.first_date, story.last_date) if d)) or "undated"
            print(terminal_line(f"{story.title}"))
            print(
                terminal_line(
                    f"  {len(story.articles)} accounts · {', '.join(story.outlets) or 'outlets unknown'} · {dates}"
                )
            )
            for row in library.rows_by_ids([library.rowid_of(a) or -1 for a in story.articles]):
                if row is not None:
                    print(
                        terminal_line(
                            f"  {row.id}  {row.date or '----------'}  {(row.outlet or '-')[:18]:<18}  {row.title}"
                        )
                    )
            print()
        if not stories:
            print("No two articles of the library report the same event.")
    return 0


def _terminal_safe(article: Article) -> Article:
    title, body = terminal_line(article.title), printed_text(article.body)
    if (title, body) == (article.title, article.body):
        return article
    return dataclasses.replace(article, title=title, body=body)


def _compared(args: argparse.Namespace, a: Article, b: Article) -> Comparison:
    """The engine's comparison, kept and read back unless --no-cache; on a terminal, its progress on
    stderr (one line, rewritten, gone when done)."""
    from .engine.align.cancel import quiet
    from .interrupt import interruptible
    from .store.comparing import compare_pair

    folder = None if args.no_cache else _locations(args.settings).data_dir
    progress = _ProgressLine() if sys.stderr.isatty() else None
    try:
        with interruptible() as cancel:
            return compare_pair(folder, a, b, args.settings.match, cancel, progress or quiet, _warn_line)
    finally:
        if progress is not None:
            progress.clear()


def _warn_line(message: str) -> None:
    print(f"cyberread: {terminal_line(message)}", file=sys.stderr)


class _ProgressLine:
    """A long comparison's stage and percentage on stderr, rewritten in place, at most ten times a
    second; nothing for one that is over within half a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0.0
        self.written = False

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.started < 0.5 or now - self.shown < 0.1 or stage == "done":
            return
        self.shown = now
        self.written = True
        sys.stderr.write(f"\r\x1b[Kcomparing: {stage} {fraction:4.0%}")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.written:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _judged(args: argparse.Namespace, comparison: Comparison, a: Article, b: Article) -> Comparison:
    """The comparison with the reader's verdicts on the pair applied; two files have none."""
    from .store.verdicts import VerdictStore

    if all(os.path.lexists(spec) for spec in (args.a, args.b)):
        return comparison
    with _open_library(args.settings) as library:
        return VerdictStore(library).judged(comparison, a, b)


def _comparison_notes(args: argparse.Namespace, a: Article, b: Article) -> list[PassageNote]:
    """The notes on the compared passages; two files compared are not in the library and have none
    (nor is a library made for them)."""
    from .store.exporting import comparison_notes

    if all(os.path.lexists(spec) for spec in (args.a, args.b)):
        return []
    with _open_library(args.settings) as library:
        return comparison_notes(library, a, b)


def run_export(args: argparse.Namespace) -> int:
    from .store.exporting import ExportError, export_library

    folder = Path(args.folder).expanduser()
    try:
        with _open_library(args.settings) as library:
            count = export_library(library, folder, force=args.force)
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(terminal_line(f"{count} articles written to {folder}"))
    return 0


def run_notes(args: argparse.Namespace) -> int:
    from .store.notes import NoteStore

    with _open_library(args.settings) as library:
        store = NoteStore(library)
        if args.article:
            article_id = library.resolve(args.article)
            if article_id is None:
                raise CommandError(
                    f"{args.article}: no article in the library has that id (or it starts more than one)"
                )
            notes = store.for_article(article_id)
        else:
            notes = store.all()
        if args.format == "json":
            print(terminal_json(store.as_dicts(notes)))
        else:
            print(store.markdown(notes), end="")
    return 0


def run_config(args: argparse.Namespace) -> int:
    from .app import binding_catalogue
    from .store.config import default_config_text, render_config

    path = _config_path(args)
    if args.init:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:
                handle.write(default_config_text(binding_catalogue(), _theme_names()))
        except FileExistsError:
            raise CommandError(terminal_line(f"{path}: a config file is already there; it was left as it is")) from None
        except OSError as error:
            raise CommandError(terminal_line(f"{path}: cannot write it ({error.strerror or error})")) from None
        print(terminal_line(f"wrote {path}"))
        return 0
    state = "" if path.exists() else " (not there: the defaults are in effect; `cyberread config --init` writes one)"
    print(terminal_line(f"# config file: {path}{state}"))
    print(terminal_line(f"# library: {_locations(args.settings).database}"))
    print(render_config(args.settings, binding_catalogue()), end="")
    return 0


def run_phrases(args: argparse.Namespace) -> int:
    from .engine.corpus.phrases import PhraseSettings
    from .engine.corpus.spark import SparkUnavailable
    from .store.corpus_jobs import library_phrases

    for date in (args.since, args.until):
        if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            raise CommandError(terminal_line(f"{date}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    settings = PhraseSettings(min_articles=args.min_articles, min_outlets=args.min_outlets)
    with _open_library(args.settings) as library:
        try:
            phrases = library_phrases(library, settings, args.since, args.until, args.engine, args.master)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from None
        dates = {row.id: row.date for row in library.rows()}
        outlets = {row.id: row.outlet for row in library.rows()}
    if args.json:
        print(terminal_json([phrase.as_dict() for phrase in phrases]))
        return 0
    talking = [p for p in phrases if not p.boilerplate]
    furniture = [p for p in phrases if p.boilerplate]
    print(f"{len(talking)} talking points, {len(furniture)} boilerplate phrases")
    for heading, group in (("", talking), ("Boilerplate: repeated by one outlet in most of its articles", furniture)):
        if heading and group:
            print(f"\n{heading}")
        for phrase in group:
            span = f"{phrase.first or '—'} → {phrase.last or '—'}"
            print()
            print(terminal_line(f"“{phrase.text}”"))
            print(terminal_line(f"  {len(phrase.articles)} articles · {len(phrase.outlets)} outlets · {span}"))
            for article_id in phrase.articles:
                print(
                    terminal_line(
                        f"  {article_id}  {dates.get(article_id) or '----------'}  {outlets.get(article_id) or '-'}"
                    )
                )
    return 0


def resolve_article(args: argparse.Namespace, spec: str) -> Article:
    """The article `spec` names: a file path (read and cleaned, not added), else a library id or prefix."""
    path = Path(spec)
    if os.path.lexists(path):
        from .engine.ingest.articles import load_article

        try:
            return load_article(path)
        except ArticleError as error:
            raise CommandError(terminal_line(f"{spec}: {error}")) from None
    with _open_library(args.settings) as library:
        article_id = library.resolve(spec)
        article = library.get(article_id) if article_id else None
    if article is None:
        raise CommandError(terminal_line(f"{spec}: no such file, and no article in the library has that id"))
    return article


def _file_progress(paths: list[str]) -> Callable[[int, Path], None] | None:
    """A progress bar over the files under `paths`, for a person watching (they are counted first)."""
    from .progress import ProgressBar
    from .store.importing import article_files

    if not sys.stderr.isatty():
        return None
    bar = ProgressBar("reading", sum(1 for item in article_files(paths) if isinstance(item, Path)))

    def on_file(count: int, path: Path) -> None:
        bar.update(count, str(path))
        if count >= bar.total:
            bar.close()

    return on_file


# Web pages, feeds and versions


def _allow_private_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="fetch from this machine and private networks too (the config's fetch.allow_private_addresses)",
    )


def _add_db_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    database = commands.add_parser("db", help="the database keeping the library: which one, copies between them")
    actions = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="which database is in use (sqlite or postgresql) and its schema version")
    info.add_argument("--json", action="store_true", help="print JSON: {database, location, schema, articles, notes}")
    copy = actions.add_parser(
        "copy", help="copy a whole library, notes and all, into an empty one (SQLite to PostgreSQL or back)"
    )
    copy.add_argument(
        "--to", required=True, metavar="URL|PATH", help="a postgresql:// address, or a folder or library.sqlite3 file"
    )
    copy.add_argument("--from", dest="source", metavar="URL|PATH", help="copy this library (default: the one in use)")


def _add_feed_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    versions = commands.add_parser("versions", help="list the kept texts of a story fetched again after it changed")
    versions.add_argument("article", metavar="ID", help="library id (or unique prefix) of any version")
    versions.add_argument("--json", action="store_true", help="print JSON: a list of {id, fetched, words}")

    feeds = commands.add_parser("feeds", help="follow RSS and Atom feeds: add, list, remove, update, import, export")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="follow a feed (or the feed an HTML page links to)")
    add.add_argument("url", metavar="URL")
    _allow_private_flag(add)
    listing = actions.add_parser("list", help="the feeds followed")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("remove", help="stop following a feed (its articles stay)")
    remove.add_argument("feed", metavar="URL|NUMBER")
    update = actions.add_parser("update", help="fetch new entries as full articles, and new versions of seen ones")
    update.add_argument("feeds", nargs="*", metavar="URL|NUMBER", help="only these feeds (default: all)")
    update.add_argument("--since", metavar="DATE", help="only entries published on or after DATE (YYYY-MM-DD)")
    _allow_private_flag(update)
    opml_in = actions.add_parser("import", help="follow every feed an OPML file lists")
    opml_in.add_argument("file", metavar="FILE.opml")
    opml_out = actions.add_parser("export", help="write the feeds followed as OPML (to stdout, or FILE)")
    opml_out.add_argument("file", nargs="?", metavar="FILE")


def _address_list(name: str) -> list[str]:
    """The addresses in a file, one a line; blank lines and lines starting with # are skipped."""
    try:
        text = Path(name).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise CommandError(terminal_line(f"{name}: cannot read it ({error.strerror or error})")) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _fetcher(args: argparse.Namespace) -> Fetcher:
    from .engine.ingest.fetch import Fetcher

    policy = args.settings.fetch
    if getattr(args, "allow_private", False):
        policy = dataclasses.replace(policy, allow_private=True)
    return Fetcher(policy)


def _fetch_addresses(args: argparse.Namespace, library: Store, addresses: list[str], report: ImportReport) -> None:
    from .progress import ProgressBar
    from .store.fetching import import_addresses

    bar = ProgressBar("fetching", len(addresses))
    try:
        import_addresses(
            library, addresses, _fetcher(args), lambda done, _, item: bar.update(done, item), report=report
        )
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()


def run_versions(args: argparse.Namespace) -> int:
    with _open_library(args.settings) as library:
        article_id = library.resolve(args.article)
        versions = library.versions(article_id) if article_id else []
    if not versions:
        raise CommandError(
            terminal_line(f"{args.article}: no article in the library has that id (or it starts more than one)")
        )
    if args.json:
        print(terminal_json([version.summary() for version in versions]))
        return 0
    for number, version in enumerate(versions, 1):
        mark = "  (current)" if version.current else ""
        print(terminal_line(f"{number}  {version.id}  {version.fetched}  {version.words:>6} words{mark}"))
    return 0


def run_db(args: argparse.Namespace) -> int:
    from .store.notes import NoteStore

    if args.db_command == "info":
        with _connect(args.settings, None) as library:
            facts = {
                "database": library.kind,
                "location": library.location,
                "schema": library.schema_version,
                "articles": len(library),
                "notes": len(NoteStore(library)),
            }
        if args.json:
            print(json.dumps(facts, indent=2))
        else:
            for name, value in facts.items():
                print(terminal_line(f"{name}: {value}"))
        return 0
    with _connect(args.settings, args.source) as source, _connect(args.settings, args.to) as target:
        from .store.copying import copy_library

        counts = copy_library(source, target)
    print(terminal_line(f"Copied {counts.summary()} from {source.location} to {target.location}; counts checked."))
    return 0


def _connect(config: Config, spec: str | None) -> Store:
    """The library `spec` names (a postgresql:// address, a folder or a library.sqlite3 file), unseeded;
    None: the library in use."""
    from .store.opening import POSTGRES_SCHEMES, connect_library

    here = _locations(config)
    if spec is None:
        return connect_library(here, database_url(config.library_url), author_name(config.user_name))
    if spec.startswith(POSTGRES_SCHEMES):
        return connect_library(here, spec, author_name(config.user_name))
    path = Path(spec).expanduser()
    folder = path.parent if path.suffix == ".sqlite3" else path
    return connect_library(here.with_library_folder(folder), None, author_name(config.user_name))


def run_feeds(args: argparse.Namespace) -> int:
    from .engine.ingest.feeds import FeedError
    from .engine.ingest.fetch import FetchError

    try:
        with _open_library(args.settings) as library:
            return _FEED_ACTIONS[args.feeds_command](args, library)
    except (FeedError, FetchError) as error:
        raise CommandError(
            terminal_line(f"{getattr(args, 'url', None) or getattr(args, 'file', '')}: {error}")
        ) from None


def _feeds_add(args: argparse.Namespace, library: Store) -> int:
    from .store.fetching import add_feed

    row, feed = add_feed(library, _fetcher(args), args.url)
    if row is None:
        print(terminal_line(f"already following {args.url}"))
        return 0
    print(
        terminal_line(
            f"following {row.title or row.url} ({row.url}): {len(feed.entries)} entries;"
            " `cyberread feeds update` fetches them"
        )
    )
    return 0


def _feeds_list(args: argparse.Namespace, library: Store) -> int:
    from .store.feeds import FeedStore

    feeds = FeedStore(library).all()
    if args.json:
        print(terminal_json([feed.summary() for feed in feeds]))
        return 0
    for feed in feeds:
        checked = (feed.checked or "never")[:16].replace("T", " ")
        line = (
            f"{feed.id:>3}  {feed.fetched:>4}/{feed.entries:<4} checked {checked:<16}  {feed.title or '-'}  {feed.url}"
        )
        print(terminal_line(line))
    if not feeds:
        print("no feeds yet: `cyberread feeds add URL` follows one")
    return 0


def _feeds_remove(args: argparse.Namespace, library: Store) -> int:
    from .store.feeds import FeedStore

    store = FeedStore(library)
    feed = store.find(args.feed)
    if feed is None:
        raise CommandError(terminal_line(f"{args.feed}: no feed followed has that address or number (`feeds list`)"))
    store.remove(feed.id)
    print(terminal_line(f"no longer following {feed.title or feed.url}; its articles stay in the library"))
    return 0


def _feeds_update(args: argparse.Namespace, library: Store) -> int:
    from .progress import ProgressBar
    from .store.feeds import FeedStore
    from .store.fetching import FeedReport, update_feeds

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise CommandError(
                terminal_line(f"--since must be a date such as 2024-03-14, not {args.since!r}")
            ) from None
    store = FeedStore(library)
    chosen = None
    if args.feeds:
        chosen = [store.find(spec) for spec in args.feeds]
        if None in chosen:
            missing = args.feeds[chosen.index(None)]
            raise CommandError(terminal_line(f"{missing}: no feed followed has that address or number (`feeds list`)"))
    bar = ProgressBar("updating", 0)

    def on_done(done: int, total: int, item: str) -> None:
        bar.total = total
        bar.update(done, item)

    report = FeedReport()
    try:
        report = update_feeds(library, _fetcher(args), [f for f in chosen if f] if chosen else None, since, on_done)
    except KeyboardInterrupt:
        report.articles.interrupted = True
    finally:
        bar.close()
    for failure in report.articles.failures:
        print(f"cyberread: {failure}", file=sys.stderr)
    print(report.summary())
    if report.articles.interrupted:
        return 130
    return 1 if report.articles.failures else 0


def _feeds_import(args: argparse.Namespace, library: Store) -> int:
    from .store.fetching import import_opml

    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(terminal_line(f"{args.file}: cannot read it ({error.strerror or error})")) from None
    added, listed = import_opml(library, data)
    print(
        terminal_line(
            f"{added} feeds added, {len(listed) - added} already followed;"
            " `cyberread feeds update` fetches their entries"
        )
    )
    return 0


def _feeds_export(args: argparse.Namespace, library: Store) -> int:
    from .engine.ingest.feeds import OutlineFeed, write_opml
    from .store.feeds import FeedStore

    document = write_opml([OutlineFeed(feed.url, feed.title) for feed in FeedStore(library).all()])
    if not args.file:
        sys.stdout.write(document if not sys.stdout.isatty() else printed_text(document))
        return 0
    try:
        Path(args.file).write_text(document, encoding="utf-8")
    except OSError as error:
        raise CommandError(terminal_line(f"{args.file}: cannot write it ({error.strerror or error})")) from None
    print(terminal_line(f"wrote {args.file}"))
    return 0


_FEED_ACTIONS: dict[str, Callable[[argparse.Namespace, Store], int]] = {
    "add": _feeds_add,
    "list": _feeds_list,
    "remove": _feeds_remove,
    "update": _feeds_update,
    "import": _feeds_import,
    "export": _feeds_export,
}

_COMMANDS = {
    "app": run_app,
    "add": run_add,
    "list": run_list,
    "show": run_show,
    "compare": run_compare,
    "collate": run_collate,
    "stories": run_stories,
    "export": run_export,
    "config": run_config,
    "notes": run_notes,
    "phrases": run_phrases,
    "versions": run_versions,
    "feeds": run_feeds,
    "db": run_db,
}
