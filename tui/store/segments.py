"""Where each body's sentences, clauses and pieces fall, kept by body in `segments.sqlite3` in the cache
folder: a comparison of two library articles does not segment them again (Punkt, the clause and piece
cuts: a third of preparing a comparison), in this session or the next.

The key is a digest of the body and the segmenter's version, so an article whose text changes (a new
version from its feed, a re-import) is segmented afresh, and so is every body after a change to where
pieces fall. It is a cache: safe to delete, never trusted blindly (pieces that do not tile their body
are computed again), and a cache that cannot be read or written costs a segmentation, not an error.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from ..engine.text.sentences import (
    PUNKT_WINDOW,
    SEGMENTER_VERSION,
    Piece,
    pieces_from_bytes,
    pieces_to_bytes,
    segment,
)
from .compare_cache import engine_fingerprint

CACHE_NAME = "segments.sqlite3"
# Bodies kept; past it the least recently used go (a 1,000-word article takes about 2 KB).
MAX_BODIES = 20_000
_SCHEMA = """CREATE TABLE IF NOT EXISTS segments (
    key TEXT PRIMARY KEY,
    pieces BLOB NOT NULL,
    used INTEGER NOT NULL
)"""


class SegmentCache:
    """Pieces by body, in one SQLite file; usable from any thread (a connection per call)."""

    def __init__(self, folder: Path, max_bodies: int = MAX_BODIES) -> None:
        self.path = folder / CACHE_NAME
        self.max_bodies = max_bodies
        self._clock = 0
        self._lock = threading.Lock()
        self.computed = 0
        """How many bodies were cut afresh and kept, here or by the caller (the rest were read)."""

    @staticmethod
    def key(body: str) -> str:
        # The engine's fingerprint too: an edit to where pieces fall that forgot SEGMENTER_VERSION
        # must not be served the old pieces.
        version = f"{SEGMENTER_VERSION}:{PUNKT_WINDOW}:{engine_fingerprint()}:".encode()
        return hashlib.blake2b(version + body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def pieces(self, body: str) -> list[Piece]:
        """One body's pieces: read where kept, else cut and kept."""
        kept, _ = self.kept(body, "")
        if kept is None:
            kept = segment(body)
            self.keep((body, kept))
        return kept

    def kept(self, body_a: str, body_b: str) -> tuple[list[Piece] | None, list[Piece] | None]:
        """The pieces kept of each body, None where none are (an empty body's are none, [])."""
        try:
            with closing(self._connect()) as connection:
                a, b = (self._read(connection, self.key(body), body) if body else [] for body in (body_a, body_b))
                return a, b
        except sqlite3.Error:
            return None, None

    def keep(self, *found: tuple[str, list[Piece]]) -> None:
        """Keep these bodies' pieces (cut by the caller; compare_pair lets the engine cut them while it
        reads their words). A cache that cannot be written costs the next comparison a segmentation."""
        found = tuple((body, pieces) for body, pieces in found if body)
        self.computed += len(found)
        try:
            with closing(self._connect()) as connection:
                for body, pieces in found:
                    self._write(connection, self.key(body), pieces)
        except sqlite3.Error:
            pass

    def _read(self, connection: sqlite3.Connection, key: str, body: str) -> list[Piece] | None:
        row = connection.execute("SELECT pieces FROM segments WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            found = pieces_from_bytes(row[0], body)
        except ValueError:
            return None  # damaged: segmented again and written over
        connection.execute("UPDATE segments SET used = ? WHERE key = ?", (self._tick(), key))
        return found

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        connection.execute(_SCHEMA)
        if not self._clock:
            self._clock = connection.execute("SELECT coalesce(max(used), 0) FROM segments").fetchone()[0]
        return connection

    def _tick(self) -> int:
        with self._lock:
            self._clock += 1
            return self._clock

    def _write(self, connection: sqlite3.Connection, key: str, pieces: list[Piece]) -> None:
        connection.execute(
            "INSERT OR REPLACE INTO segments (key, pieces, used) VALUES (?, ?, ?)",
            (key, pieces_to_bytes(pieces), self._tick()),
        )
        (count,) = connection.execute("SELECT count(*) FROM segments").fetchone()
        if count > self.max_bodies:
            connection.execute(
                "DELETE FROM segments WHERE key IN (SELECT key FROM segments ORDER BY used LIMIT ?)",
                (count - self.max_bodies,),
            )
