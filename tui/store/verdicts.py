"""The reader's verdicts on the matches of two articles (accepted, rejected, linked by hand), kept in
the library and re-anchored like notes when an article is re-imported or edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..engine.align.result import Comparison
from ..engine.align.verdicts import Verdict, VerdictKind, apply_verdicts
from ..engine.corpus.collate import PairTable
from ..engine.ingest.articles import Article
from .anchors import locate_passage
from .common import LibraryError
from .interface import Connection, Store

_KINDS: dict[str, VerdictKind] = {"accepted": "accepted", "rejected": "rejected", "linked": "linked"}
_COLUMNS = "id, kind, a_id, a_start, a_end, a_detached, b_id, b_start, b_end, b_detached, author"


class VerdictStore:
    """The verdicts of one library: save, list and delete them for a pair of articles. Stored for the
    pair in the order given; listed for either order, sides swapped as asked."""

    def __init__(self, library: Store, author: str | None = None) -> None:
        """`author`: who gives the verdicts saved here (default: the library's user, as for notes)."""
        self.library = library
        self.author = author if author is not None else (library.user or None)

    def save(self, a: Article, b: Article, verdict: Verdict) -> Verdict:
        """Keep `verdict` on passages of a and b; it replaces any earlier verdict on the same passages."""
        return self.save_replacing(a, b, verdict)[0]

    def save_replacing(self, a: Article, b: Article, verdict: Verdict) -> tuple[Verdict, list[Verdict]]:
        """`save`, and the verdicts it replaced (a colleague's among them, on a shared library)."""
        if verdict.kind not in _KINDS:
            raise LibraryError(f"no verdict {verdict.kind!r}")
        for article, (start, end) in ((a, verdict.a), (b, verdict.b)):
            if not 0 <= start < end <= len(article.body):
                raise LibraryError(f"the passage {start}-{end} is not in article {article.id}")
        with self.library.writing() as connection:
            replaced = [old for old in self.list(a.id, b.id) if (old.a, old.b) == (verdict.a, verdict.b)]
            for old in replaced:
                connection.execute("DELETE FROM verdicts WHERE id = ?", (old.id,))
            cursor = connection.execute(
                "INSERT INTO verdicts (kind, a_id, a_start, a_end, a_text, b_id, b_start, b_end, b_text, created,"
                " author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    verdict.kind,
                    a.id,
                    *verdict.a,
                    a.body[slice(*verdict.a)],
                    b.id,
                    *verdict.b,
                    b.body[slice(*verdict.b)],
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    self.author,
                ),
            )
            (verdict_id,) = cursor.fetchone()
        return Verdict(verdict.kind, verdict.a, verdict.b, int(verdict_id), author=self.author), replaced

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


def judged_pairs(library: Store, articles: Sequence[Article], pairs: PairTable) -> PairTable:
    """Every pair of a collation with the reader's verdicts on it applied, as the compare screen and
    `cyberread compare` apply them: a pair rejected there is not carried in the collation either."""
    store = VerdictStore(library)
    return pairs.with_each(lambda i, j, comparison: store.judged(comparison, articles[i], articles[j]))


def _verdict(row: tuple[Any, ...]) -> Verdict:
    verdict_id, kind, _, a_start, a_end, a_detached, _, b_start, b_end, b_detached, author = row
    detached = bool(a_detached or b_detached)
    return Verdict(_KINDS[kind], (a_start, a_end), (b_start, b_end), verdict_id, detached, author)


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
