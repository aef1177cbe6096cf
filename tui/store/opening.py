"""Which database keeps the library: the SQLite file in the data folder, or a PostgreSQL server named by
`library.url` in the config or $CYBERREAD_DATABASE_URL. The rest of cyberread only sees a Store."""

from __future__ import annotations

import getpass
import os

from .common import LibraryError
from .interface import Store
from .library import Library
from .paths import Locations
from .settings import POSTGRES_SCHEMES, without_password

DATABASE_URL_VARIABLE = "CYBERREAD_DATABASE_URL"


def database_url(configured: str | None) -> str | None:
    """The PostgreSQL library to use, if any: $CYBERREAD_DATABASE_URL wins over the config's library.url."""
    return os.environ.get(DATABASE_URL_VARIABLE) or configured or None


def author_name(configured: str | None) -> str:
    """Who the notes written here are by: the config's user.name, else the login name."""
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name for this uid (a container)
        return ""


def connect_library(locations: Locations, url: str | None = None, user: str = "", check_later: bool = False) -> Store:
    """The library at `url` (PostgreSQL), else the SQLite library of `locations`; with `check_later`, the
    checks of a small SQLite library's pages wait for Store.check() (see Library)."""
    if not url:
        return Library(locations.database, user, check_later)
    if not url.startswith(POSTGRES_SCHEMES):
        raise LibraryError(f"{without_password(url)}: not a PostgreSQL address (postgresql://USER@HOST/DATABASE)")
    try:
        from .postgres.library import PostgresLibrary
    except ImportError:
        raise LibraryError("a PostgreSQL library needs its driver: pip install 'cyberread[postgres]'") from None
    return PostgresLibrary(url, locations.data_dir, user)
