"""Opening a library's SQLite file: made new, brought up to date with a copy kept first, checked for
damage before anything is written into it, or opened for reading only where its folder cannot be written;
and the transaction every write of the library runs in."""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from collections.abc import Iterator, Set
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from .common import LibraryError
from .schema import MIGRATIONS, REQUIRED_COLUMNS, REQUIRED_TABLES, SCHEMA, SCHEMA_VERSION

_FULL_CHECK_BYTES = 128 * 1024 * 1024
"""Libraries up to this size (some 12,000 articles) are checked page by page each time they are opened (70
ms for 10,000 articles); larger ones before the first write, so a damaged file is never written into."""
_INDEX_CHECK_BYTES = 16 * 1024 * 1024
"""Libraries up to this size also have their full-text index checked on opening (0.4 s at 10,000 articles,
too slow to do on every start of a large library: there a damaged index fails the write that meets it)."""


class LibraryFile:
    """One library file, open, and what is known of its soundness: which checks passed, and which
    opening left for later. A damaged library is never written into."""

    def __init__(self, database: Path, check_later: bool = False) -> None:
        self.database = database
        self.created = False
        """True when opening made the library's schema."""
        self.read_only = False
        """True when the library's folder or file cannot be written: it is opened for reading only."""
        self.read_only_reason = ""
        """Why, for messages: "the folder is read-only", or what SQLite said of a full or failing disk."""
        self._checked = True
        """Whether the pages were checked; a large library is checked before its first write."""
        self._index_checked = True
        """Whether the full-text index was checked; a large library's is checked before articles are written."""
        self._check_later = check_later
        self.left_to_check: tuple[bool, bool] | None = None
        """The checks (pages, full-text index) opening left to check(), asked for with check_later."""
        self.connection = self._open()

    def before_writing(self) -> None:
        """Every check opening left undone, before the first write (raises LibraryError on damage)."""
        if self.left_to_check is not None:
            self.check()  # everything opening would have checked, the full-text index included
        if not self._checked:
            self._refuse_damage(self.connection, schema_version(self.connection), REQUIRED_TABLES, full=True)

    def before_writing_articles(self) -> None:
        """The full-text index checked before articles are written into it (a large library's is not on opening)."""
        if self._index_checked:
            return
        try:
            _check_index(self.connection)
        except sqlite3.DatabaseError as error:
            raise self.damaged(str(error)) from None
        self._index_checked = True

    def _open(self) -> sqlite3.Connection:
        try:
            self.database.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            # exist_ok passes over a folder: a file (or a link to one) is where the folder would be.
            raise LibraryError(f"{self.database.parent}: is a file, not the data folder it should be") from None
        except OSError as error:
            raise LibraryError(f"{self.database.parent}: cannot create the data folder ({error.strerror})") from None
        is_new = not self.database.exists() or self.database.stat().st_size == 0
        if not _writable(self.database):
            if is_new:
                raise LibraryError(
                    f"{self.database.parent}: the data folder is read-only; no library can be made there"
                )
            return self._open_read_only("the folder is read-only")
        try:
            connection = sqlite3.connect(self.database, timeout=10.0, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 10000")
            version = schema_version(connection)
            if not is_new:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.OperationalError as error:
            # Not the file's fault: the disk is full or failing, or the folder refuses the WAL files.
            if is_new:
                raise LibraryError(f"{self.database}: cannot make a library there ({error})") from None
            return self._open_read_only(f"the folder cannot be written: {error}")
        except sqlite3.DatabaseError as error:
            raise LibraryError(
                f"{self.database}: not a cyberread library or damaged ({error}); move it aside to start a new one"
            ) from None
        if version > SCHEMA_VERSION:
            connection.close()
            raise LibraryError(
                f"{self.database}: written by a newer cyberread (schema {version}, this one reads {SCHEMA_VERSION});"
                " upgrade cyberread, or point CYBERREAD_HOME elsewhere"
            )
        if not is_new and version == 0 and "articles" not in tables and tables:
            connection.close()
            raise LibraryError(
                f"{self.database}: not a cyberread library; move it aside or point CYBERREAD_HOME elsewhere"
            )
        if not is_new:
            # Before anything is written (WAL mode included): a damaged library is left exactly as it is.
            size = self.database.stat().st_size
            full, index = size <= _FULL_CHECK_BYTES, size <= _INDEX_CHECK_BYTES
            # Checked later only where opening writes nothing: no migration, WAL mode already on.
            later = self._check_later and (full or index) and version == SCHEMA_VERSION and _in_wal_mode(connection)
            self._refuse_damage(connection, version, tables, full=full and not later, index=index and not later)
            if later:
                self.left_to_check = (full, index)
        try:
            self._enable_wal(connection)
            if version < SCHEMA_VERSION:
                self._bring_up_to_date(connection)
        except sqlite3.OperationalError as error:
            connection.close()
            raise LibraryError(f"{self.database}: cannot write the library ({error})") from None
        except LibraryError:
            connection.close()
            raise
        return connection

    def _refuse_damage(
        self, connection: sqlite3.Connection, version: int, tables: Set[str], full: bool, index: bool = False
    ) -> None:
        """Raise LibraryError, closing `connection`, when the library is damaged: a schema version out of
        range, tables or columns missing, pages or the full-text index failing SQLite's own checks."""
        try:
            damage = _damage(connection, version, tables, full, index)
        except sqlite3.DatabaseError as error:
            damage = str(error)
        self._checked = full and damage is None
        self._index_checked = index and damage is None
        if damage is not None:
            connection.close()
            raise self.damaged(damage)

    def check(self) -> None:
        """The checks of the pages and the full-text index that opening left for later (check_later: the
        app shows its first frame before them), on a connection of its own, so from any thread. Raises
        LibraryError when the library is damaged. Until they pass, a write runs them first (before_writing), so
        a damaged library is never written into either way."""
        if self.left_to_check is None:
            return
        pages, index = self.left_to_check
        with closing(sqlite3.connect(self.database, timeout=10.0, isolation_level=None)) as connection:
            try:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                damage = _damage(connection, schema_version(connection), tables, pages, index)
            except sqlite3.DatabaseError as error:
                damage = str(error)
        if damage is not None:
            raise self.damaged(damage)
        self.left_to_check = None
        self._checked = self._checked or pages
        self._index_checked = self._index_checked or index

    def damaged(self, damage: str) -> LibraryError:
        """The error for a damaged library, whose file is left as it is."""
        return LibraryError(
            f"{self.database}: the library is damaged ({damage}); it was left as it is: move it aside to start"
            " a new one"
        )

    def _bring_up_to_date(self, connection: sqlite3.Connection) -> None:
        """Create the schema in a new library, or migrate an older one: a copy of it is saved first, and
        the migration runs in one transaction, so a failure leaves the library as it was."""
        # Two processes may open the same library at once: the version is read again under the lock.
        with transaction(connection):
            version = schema_version(connection)
            if version == 0:
                for statement in SCHEMA:
                    connection.execute(statement)
                self.created = True
            elif version < SCHEMA_VERSION:
                backup = self.backup_path(version)
                self._back_up(backup)
                try:
                    for step in range(version, SCHEMA_VERSION):
                        for statement in MIGRATIONS[step]:
                            connection.execute(statement)
                except sqlite3.Error as error:
                    raise LibraryError(
                        f"{self.database}: could not upgrade the library from schema {version} to {SCHEMA_VERSION}"
                        f" ({error}); it is unchanged, and a copy is in {backup}"
                    ) from None
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def backup_path(self, version: int) -> Path:
        """Where the copy of a library of schema `version` is kept before it is migrated."""
        return self.database.with_name(f"{self.database.name}.v{version}-backup")

    def _back_up(self, target: Path) -> None:
        # A second connection reads the last committed state while the first holds the write lock, so
        # the copy is exactly what the migration starts from. Written aside, then renamed into place:
        # an interrupted copy never passes for a backup.
        partial = target.with_name(target.name + ".partial")
        try:
            with (
                closing(sqlite3.connect(self.database, timeout=10.0)) as source,
                closing(sqlite3.connect(partial)) as copy,
            ):
                source.backup(copy)
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as error:
            with suppress(OSError):
                partial.unlink(missing_ok=True)
            raise LibraryError(
                f"{self.database}: cannot save a copy before upgrading the library ({error}); nothing was changed"
            ) from None

    def _open_read_only(self, reason: str) -> sqlite3.Connection:
        """The library of a read-only folder (a mounted archive, a full or locked-down disk), for reading.
        SQLite needs to write a WAL library's -shm file even to read; where it cannot, the library is
        opened as immutable, which is true while nothing can write the folder."""
        self.read_only, self.read_only_reason = True, reason
        location = "file:" + urllib.parse.quote(str(self.database.resolve()))
        for mode in ("?mode=ro", "?immutable=1"):
            try:
                connection = sqlite3.connect(location + mode, uri=True, isolation_level=None, check_same_thread=True)
                version = schema_version(connection)
                connection.execute("SELECT count(*) FROM articles").fetchone()
            except sqlite3.DatabaseError:
                continue
            if version != SCHEMA_VERSION:
                connection.close()
                newer = version > SCHEMA_VERSION
                raise LibraryError(
                    f"{self.database}: a library of schema {version} in a read-only folder; this cyberread reads"
                    f" {SCHEMA_VERSION} and "
                    + ("cannot read it" if newer else "must upgrade it once where it can write")
                )
            connection.execute("PRAGMA query_only = ON")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self._refuse_damage(connection, version, tables, full=self.database.stat().st_size <= _FULL_CHECK_BYTES)
            return connection
        raise LibraryError(
            f"{self.database}: cannot be opened for writing (a read-only or full folder?) nor for reading"
        )

    @staticmethod
    def _enable_wal(connection: sqlite3.Connection) -> None:
        # WAL lets one process read while another writes; synchronous=NORMAL keeps commits durable
        # against an application crash (SIGKILL), which is what the notes promise.
        with suppress(sqlite3.OperationalError):  # a read-only folder: reading still works
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")


def _writable(database: Path) -> bool:
    """Whether the library could be written: its folder (for the WAL files) and the file, if it exists.
    os.access also says no for a read-only mount, even to root."""
    folder_ok = os.access(database.parent, os.W_OK | os.X_OK)
    return folder_ok and (not database.exists() or os.access(database, os.W_OK))


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    if connection.in_transaction:
        yield
        return
    try:
        # Inside the try: a Ctrl-C between BEGIN and the try would leave the transaction open, and every
        # later write would join it without a COMMIT.
        connection.execute("BEGIN IMMEDIATE")
        yield
        # Inside the try too: a COMMIT that fails (a busy or full disk) may leave the transaction open.
        connection.execute("COMMIT")
    except BaseException:
        if in_transaction(connection):  # SQLite may have rolled back already (a full disk)
            connection.execute("ROLLBACK")
        raise


def in_transaction(connection: sqlite3.Connection) -> bool:
    # A call, not the attribute: mypy would keep the value read before the statements that changed it.
    return connection.in_transaction


def _damage(connection: sqlite3.Connection, version: int, tables: Set[str], full: bool, index: bool) -> str | None:
    """What is wrong with an existing library, or None."""
    if not 0 <= version <= SCHEMA_VERSION:
        return f"schema version {version}"
    if version == 0:
        return None  # made but never filled: the schema is created over it
    if missing := REQUIRED_TABLES - tables:
        return f"the table {sorted(missing)[0]} is missing"
    for table, required in REQUIRED_COLUMNS.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if missing := required - present:
            return f"the column {table}.{sorted(missing)[0]} is missing"
    if not full:
        return None
    problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        return "; ".join(problems)
    if not index:
        return None
    _check_index(connection)
    return None


def _check_index(connection: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError if the full-text index is damaged. It lives in its own tables, which
    quick_check reads only as pages. Its check is written as an INSERT and takes the write lock: while
    another process holds it (an import), the check is skipped rather than waited for."""
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
    finally:
        connection.execute("PRAGMA busy_timeout = 10000")


def _in_wal_mode(connection: sqlite3.Connection) -> bool:
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])
