"""The `db` command: which database keeps the library, and whole copies between two of them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..engine.text.safe import terminal_line
from ..store.config import Config
from ..store.interface import Store
from ..store.opening import author_name, database_url
from .context import configured_locations


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
    with _connect(args.settings, args.source) as source, _connect(args.settings, args.to) as target:
        from ..store.copying import copy_library

        counts = copy_library(source, target)
    print(terminal_line(f"Copied {counts.summary()} from {source.location} to {target.location}; counts checked."))
    return 0


def _connect(config: Config, spec: str | None) -> Store:
    """The library `spec` names (a postgresql:// address, a folder or a library.sqlite3 file), unseeded;
    None: the library in use."""
    from ..store.opening import connect_library
    from ..store.settings import POSTGRES_SCHEMES

    here = configured_locations(config)
    if spec is None:
        return connect_library(here, database_url(config.library_url), author_name(config.user_name))
    if spec.startswith(POSTGRES_SCHEMES):
        return connect_library(here, spec, author_name(config.user_name))
    path = Path(spec).expanduser()
    folder = path.parent if path.suffix == ".sqlite3" else path
    return connect_library(here.with_library_folder(folder), None, author_name(config.user_name))
