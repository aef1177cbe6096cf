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

from ..engine.align.compare import segmented_pair
from ..engine.text.sentences import (
    PUNKT_WINDOW,
    SEGMENTER_VERSION,
    Piece,
    pieces_from_bytes,
    pieces_to_bytes,
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
        """How many bodies this cache had to segment (the rest were read)."""

    @staticmethod
    def key(body: str) -> str:
        # The engine's fingerprint too: an edit to where pieces fall that forgot SEGMENTER_VERSION
        # must not be served the old pieces.
        version = f"{SEGMENTER_VERSION}:{PUNKT_WINDOW}:{engine_fingerprint()}:".encode()
        return hashlib.blake2b(version + body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def pieces(self, body: str) -> list[Piece]:
        return self.pieces_of(body, "")[0]

    def pieces_of(self, body_a: str, body_b: str) -> tuple[list[Piece], list[Piece]]:
        """The pieces of two bodies (a comparison's): read where kept, else segmented (two long ones at
        once, engine/align/forked.py) and kept. An empty body has none, and is not kept."""
        bodies = (body_a, body_b)
        keys = [self.key(body) if body else "" for body in bodies]
        try:
            with closing(self._connect()) as connection:
                kept = [self._read(connection, k, body) if k else [] for k, body in zip(keys, bodies, strict=True)]
                if kept[0] is None or kept[1] is None:
                    found = self._segment(body_a if kept[0] is None else "", body_b if kept[1] is None else "")
                    for side, key in enumerate(keys):
                        if kept[side] is None:
                            self._write(connection, key, found[side])
                            kept[side] = found[side]
                return kept[0] or [], kept[1] or []
        except sqlite3.Error:
            return self._segment(body_a, body_b)

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

    def _segment(self, body_a: str, body_b: str) -> tuple[list[Piece], list[Piece]]:
        self.computed += bool(body_a) + bool(body_b)
        return segmented_pair(body_a, body_b)

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
