"""The command line's grammar: every command, option and help line `cyberread --help` prints."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .. import __version__
from ..store.paths import HOME_VARIABLE
from .settings import CONFIG_VARIABLE


def format_name(value: str) -> str:
    """A --format as typed: any case, and "markdown" for "md"."""
    folded = value.strip().casefold()
    return "md" if folded == "markdown" else folded


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
    add.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help="also fetch the addresses in FILE, one a line (- reads them from standard input)",
    )
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
        type=format_name,
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
        type=format_name,
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

    remove = commands.add_parser(
        "remove",
        help="take articles out of the library, a copy of each kept for `add` to bring back; their notes stay",
    )
    remove.add_argument("articles", nargs="+", metavar="ID", help="library ids (or unique prefixes)")

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

    notes = commands.add_parser(
        "notes",
        help="print the notes (in a shared library, every author's), grouped by article, ready for a report;"
        " list, restore or empty the trash",
    )
    notes.add_argument("--format", type=format_name, choices=("md", "json"), default="md")
    notes.add_argument("--article", metavar="ID", help="only the notes on this article (id or unique prefix)")
    notes.add_argument("--author", metavar="NAME", help="only the notes NAME wrote (case aside; `--author me`: yours)")
    trash = notes.add_mutually_exclusive_group()
    trash.add_argument(
        "--trash",
        action="store_true",
        help="print the deleted notes, with their numbers and deletion times (JSON: the last deleted first)",
    )
    trash.add_argument(
        "--restore", type=_note_number, metavar="NOTE", help="bring note NOTE back from the trash as it was"
    )
    trash.add_argument(
        "--empty-trash",
        action="store_true",
        help="remove your deleted notes (of --article alone, if given) for good; a colleague's stay in the trash",
    )
    notes.add_argument(
        "--all-authors",
        action="store_true",
        help="with --empty-trash: remove every author's deleted notes, a colleague's too",
    )

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


def _note_number(text: str) -> int:
    """A note's number as `notes --trash` shows it: a whole number the databases can hold (a larger one
    made SQLite raise OverflowError)."""
    value = _at_least(1)(text)
    if value > NOTE_NUMBER_MAX:
        raise argparse.ArgumentTypeError(f"no note has the number {text}")
    return value


NOTE_NUMBER_MAX = 2**63 - 1
"""The largest number a note can have: a 64-bit integer in SQLite and PostgreSQL alike."""


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
        "--to",
        required=True,
        metavar="URL|PATH",
        help="a postgresql:// address, a folder (its library.sqlite3) or a .sqlite3 file of any name",
    )
    copy.add_argument(
        "--from",
        dest="source",
        metavar="URL|PATH",
        help="copy this library, which must exist: an address, a folder or a library file (default: the one in use)",
    )


def _add_feed_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    versions = commands.add_parser("versions", help="list the kept texts of a story fetched again after it changed")
    versions.add_argument("article", metavar="ID", help="library id (or unique prefix) of any version")
    versions.add_argument("--json", action="store_true", help="print JSON: a list of {id, fetched, words, current}")

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
    update.add_argument(
        "--retry",
        action="store_true",
        help="also ask again for the entries left alone after failing (not found, or three time-outs in a row)",
    )
    _allow_private_flag(update)
    opml_in = actions.add_parser("import", help="follow every feed an OPML file lists")
    opml_in.add_argument("file", metavar="FILE.opml")
    opml_out = actions.add_parser("export", help="write the feeds followed as OPML (to stdout, or FILE)")
    opml_out.add_argument("file", nargs="?", metavar="FILE")
