"""The `cyberread` command line: the app by default, and subcommands that print what the app shows.

This module reads the arguments, loads the settings and turns every failure into one line on stderr and an
exit status; the commands themselves live beside it, one module for each family."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from ..engine.text.safe import terminal_line
from ..store.config import ConfigError
from ..store.library import LibraryError
from ..store.paths import HOME_VARIABLE
from .compare import run_collate, run_compare
from .context import CommandError
from .corpus import run_phrases, run_stories
from .database import run_db
from .feeds import run_feeds, run_versions
from .library import run_add, run_app, run_export, run_list, run_notes, run_remove, run_show
from .parser import build_parser
from .settings import load_settings, run_config

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None, process_ends: bool = False) -> int:
    """Run the command `argv` names. `process_ends`: the process ends when this returns, without freeing
    what the command made (`__main__.launch`), so a command may leave its work unfreed."""
    args = build_parser().parse_args(argv)
    args.process_ends = process_ends
    if args.home:
        os.environ[HOME_VARIABLE] = str(Path(args.home).expanduser().resolve())
    handler = _COMMANDS[args.command or "app"]
    try:
        args.settings = load_settings(args)
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


_COMMANDS = {
    "app": run_app,
    "add": run_add,
    "list": run_list,
    "show": run_show,
    "compare": run_compare,
    "collate": run_collate,
    "stories": run_stories,
    "export": run_export,
    "remove": run_remove,
    "config": run_config,
    "notes": run_notes,
    "phrases": run_phrases,
    "versions": run_versions,
    "feeds": run_feeds,
    "db": run_db,
}
