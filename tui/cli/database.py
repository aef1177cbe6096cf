"""The `db` command: which database keeps the library, and whole copies between two of them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..engine.text.safe import terminal_line
from ..store.config import Config
from ..store.interface import Store
from ..store.opening import author_name, database_url
from .context import CommandError, configured_locations


def run_db(args: argparse.Namespace) -> int:
    from ..store.notes import NoteStore

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
    with _connect(args.settings, args.source, "--from") as source, _connect(args.settings, args.to, "--to") as target:
        from ..store.copying import copy_library

        counts = copy_library(source, target)
    print(terminal_line(f"Copied {counts.summary()} from {source.location} to {target.location}; counts checked."))
    return 0


def _connect(config: Config, spec: str | None, option: str = "") -> Store:
    """The library `spec` names (a postgresql:// address, a folder or a .sqlite3 file), unseeded; None:
    the library in use. The library copied from (`option` "--from") must be there already: a path
    mistyped is an error, not a new empty library copied as if it were the one meant."""
    from ..store.opening import connect_library
    from ..store.paths import LIBRARY_NAME
    from ..store.settings import POSTGRES_SCHEMES, without_password

    here = configured_locations(config)
    user = author_name(config.user_name)
    if spec is None:
        return connect_library(here, database_url(config.library_url), user)
    if spec.startswith(POSTGRES_SCHEMES):
        return connect_library(here, spec, user)
    if not spec.strip():
        raise CommandError(f"{option}: an empty path; name a folder, a .sqlite3 file or a postgresql:// address")
    if "://" in spec:
        raise CommandError(
            f"{option} {without_password(spec)}: not a PostgreSQL address (postgresql://USER@HOST/DATABASE)"
        )
    path = Path(spec).expanduser()
    if path.is_file() or (not path.is_dir() and path.suffix == ".sqlite3"):
        library = here.with_library_file(path)
    else:
        library = here.with_library_folder(path)
    if option == "--from" and not library.database.is_file():
        missing = f"no {LIBRARY_NAME} in that folder" if path.is_dir() else "no such file or folder"
        raise CommandError(f"--from {path}: {missing}; nothing copied")
    return connect_library(library, None, user)
