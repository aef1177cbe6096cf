"""The reader's verdicts on the matches of two articles (accepted, rejected, linked by hand), kept in
the library and re-anchored like notes when an article is re-imported or edited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..engine.align.result import Comparison
from ..engine.align.verdicts import Verdict, VerdictKind, apply_verdicts
from ..engine.ingest.articles import Article
from .anchors import locate_passage
from .common import LibraryError
from .interface import Connection, Store

_KINDS: dict[str, VerdictKind] = {"accepted": "accepted", "rejected": "rejected", "linked": "linked"}
_COLUMNS = "id, kind, a_id, a_start, a_end, a_detached, b_id, b_start, b_end, b_detached"


class VerdictStore:
    """The verdicts of one library: save, list and delete them for a pair of articles. Stored for the
    pair in the order given; listed for either order, sides swapped as asked."""

    def __init__(self, library: Store) -> None:
        self.library = library

    def save(self, a: Article, b: Article, verdict: Verdict) -> Verdict:
        """Keep `verdict` on passages of a and b; it replaces any earlier verdict on the same passages."""
        if verdict.kind not in _KINDS:
            raise LibraryError(f"no verdict {verdict.kind!r}")
        for article, (start, end) in ((a, verdict.a), (b, verdict.b)):
            if not 0 <= start < end <= len(article.body):
                raise LibraryError(f"the passage {start}-{end} is not in article {article.id}")
        with self.library.writing() as connection:
            for old in self.list(a.id, b.id):
                if (old.a, old.b) == (verdict.a, verdict.b) and old.id is not None:
                    connection.execute("DELETE FROM verdicts WHERE id = ?", (old.id,))
            cursor = connection.execute(
                "INSERT INTO verdicts (kind, a_id, a_start, a_end, a_text, b_id, b_start, b_end, b_text, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    verdict.kind,
                    a.id,
                    *verdict.a,
                    a.body[slice(*verdict.a)],
                    b.id,
                    *verdict.b,
                    b.body[slice(*verdict.b)],
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )
            (verdict_id,) = cursor.fetchone()
        return Verdict(verdict.kind, verdict.a, verdict.b, int(verdict_id))

    def list(self, a_id: str, b_id: str) -> list[Verdict]:
        """The verdicts on the pair, oldest first, with a's passages first whichever order they were saved in."""
        rows = self.library.connection.execute(
            f"SELECT {_COLUMNS} FROM verdicts WHERE (a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?) ORDER BY id",
            (a_id, b_id, b_id, a_id),
        ).fetchall()
        verdicts = [_verdict(row) for row in rows]
        return [v if row[2] == a_id else v.mirrored() for v, row in zip(verdicts, rows, strict=True)]

    def delete(self, verdict_id: int) -> bool:
        with self.library.writing() as connection:
            return connection.execute("DELETE FROM verdicts WHERE id = ?", (verdict_id,)).rowcount > 0

    def judged(self, comparison: Comparison, a: Article, b: Article) -> Comparison:
        """The comparison with the verdicts on a and b applied (unchanged for articles not in the library)."""
        verdicts = self.list(a.id, b.id)
        return apply_verdicts(comparison, verdicts, a.body, b.body) if verdicts else comparison


def _verdict(row: tuple[Any, ...]) -> Verdict:
    verdict_id, kind, _, a_start, a_end, a_detached, _, b_start, b_end, b_detached = row
    return Verdict(_KINDS[kind], (a_start, a_end), (b_start, b_end), verdict_id, bool(a_detached or b_detached))


def reanchor_verdicts(connection: Connection, old_article_id: str, new_article: Article) -> int:
    """Inside the caller's transaction: point the verdicts on `old_article_id` at `new_article`, each
    passage found again in its new body as a note's is; one that cannot be found is kept, detached."""
    moved = 0
    for side in ("a", "b"):
        rows = connection.execute(
            f"SELECT id, {side}_start, {side}_text FROM verdicts WHERE {side}_id = ?", (old_article_id,)
        ).fetchall()
        for verdict_id, start, text in rows:
            found = locate_passage(new_article.body, text, start)
            if found is None:
                connection.execute(
                    f"UPDATE verdicts SET {side}_id = ?, {side}_detached = 1 WHERE id = ?", (new_article.id, verdict_id)
                )
            else:
                connection.execute(
                    f"UPDATE verdicts SET {side}_id = ?, {side}_start = ?, {side}_end = ?, {side}_text = ?,"
                    f" {side}_detached = 0 WHERE id = ?",
                    (new_article.id, *found, new_article.body[slice(*found)], verdict_id),
                )
            moved += 1
    return moved
