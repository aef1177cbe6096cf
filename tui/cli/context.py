"""What the commands share: the one-line failure they report, the library the settings name, and the
article a name on the command line points to."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..engine.ingest.record import Article, ArticleError
from ..engine.text.safe import terminal_line
from ..store.config import Config
from ..store.interface import Store
from ..store.opening import author_name, database_url
from ..store.paths import Locations, locations


class CommandError(Exception):
    """A failure to report as one line on stderr, with exit status 1."""


def configured_locations(config: Config) -> Locations:
    """Where the files are, with the library in the folder the settings name."""
    return locations().with_library_folder(config.library_folder)


def open_library(config: Config, check_later: bool = False) -> Store:
    """The library the settings name (SQLite or PostgreSQL); a new one starts with the seed articles.
    `check_later`: see store.opening.connect_library."""
    from ..store import importing

    url, user = database_url(config.library_url), author_name(config.user_name)
    return importing.open_library(configured_locations(config), url, user, check_later)


def names_files(*specs: str) -> bool:
    """Whether every spec names a file (anything at that path): such articles are read, not looked up,
    so the library holds no notes or verdicts on them and need not be opened, nor its modules imported
    (8 ms of a two-file compare)."""
    return all(map(os.path.lexists, specs))


# Ids an error names when a prefix starts several; past them, how many more.
_IDS_NAMED = 3


def no_such_article(library: Store, spec: str, *, or_file: bool = False) -> CommandError:
    """The error for an id or prefix the library resolves to no article: what it starts, if several
    ("3 starts 2 articles' ids: 393acb6e7bb8 and 37dd875e45a4; give more of it")."""
    folded = spec.strip().casefold()
    starting = sorted(row.id for row in library.rows() if folded and row.id.startswith(folded))
    if len(starting) > 1:
        named = ", ".join(starting[:_IDS_NAMED])
        if len(starting) > _IDS_NAMED:
            named += f" and {len(starting) - _IDS_NAMED} more"
        return CommandError(terminal_line(f"{spec}: starts {len(starting)} articles' ids ({named}): give more of it"))
    web = folded.startswith(("http://", "https://"))
    unknown = f"no article in the library {'was fetched from that address' if web else 'has that id'}"
    return CommandError(terminal_line(f"{spec}: {'no such file, and ' if or_file and not web else ''}{unknown}"))


def resolve_article(args: argparse.Namespace, spec: str) -> Article:
    """The article `spec` names: a file path (read and cleaned, not added), else a library id or prefix."""
    path = Path(spec)
    if names_files(spec):
        from ..engine.ingest.articles import load_article

        try:
            return load_article(path)
        except ArticleError as error:
            raise CommandError(terminal_line(f"{spec}: {error}")) from None
    with open_library(args.settings) as library:
        article_id = library.resolve(spec)
        article = library.get(article_id) if article_id else None
        if article is None:
            raise no_such_article(library, spec, or_file=True)
    return article
