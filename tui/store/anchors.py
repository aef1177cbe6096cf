"""A passage found again in an edited article: the notes and verdicts on its old version follow it to
the new one, or are kept with their last known text, detached, when it is gone."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..engine.ingest.record import Article
from .interface import Connection

# Below this similarity (0-100) an edited passage counts as gone: the note is detached rather than
# pinned to text the user did not mark.
MIN_SIMILARITY = 80.0
# Short passages ("on Tuesday") fuzzy-match too many places to be trusted; they re-anchor only exactly.
_MIN_FUZZY_LENGTH = 40


def reanchor_notes(connection: Connection, old_article_id: str, new_article: Article) -> int:
    """Inside the caller's transaction: point every note on `old_article_id` (either side of a pair)
    at `new_article`, finding each passage again in its new body. A passage that cannot be found is
    kept with its last known text and marked detached."""
    moved = 0
    for side in ("passage", "partner"):
        id_column = "article_id" if side == "passage" else "partner_id"
        rows = connection.execute(
            f"SELECT id, {side}_start, {side}_text FROM notes WHERE {id_column} = ?", (old_article_id,)
        ).fetchall()
        for note_id, start, text in rows:
            found = locate_passage(new_article.body, text, start) if text is not None else None
            if found is not None:
                new_start, new_end = found
                connection.execute(
                    f"UPDATE notes SET {id_column} = ?, {side}_start = ?, {side}_end = ?, {side}_text = ?,"
                    f" {side}_detached = 0 WHERE id = ?",
                    (new_article.id, new_start, new_end, new_article.body[new_start:new_end], note_id),
                )
            else:
                # A whole-article note has nothing to find; a lost passage keeps its last known place.
                detached = 0 if text is None else 1
                connection.execute(
                    f"UPDATE notes SET {id_column} = ?, {side}_detached = ? WHERE id = ?",
                    (new_article.id, detached, note_id),
                )
            moved += 1
    return moved


def locate_passage(body: str, text: str, near: int = 0) -> tuple[int, int] | None:
    """Where `text` (a passage that was at offset `near` of an older version) is in `body`: the exact
    occurrence nearest `near`, else the most similar stretch if similar enough, else None."""
    if not text:
        return None
    best = None
    index = body.find(text)
    while index != -1:
        if best is None or abs(index - near) < abs(best - near):
            best = index
        index = body.find(text, index + 1)
    if best is not None:
        return best, best + len(text)
    if len(text) < _MIN_FUZZY_LENGTH:
        return None
    # The first look is loose: a window as long as the old passage scores low when words were added;
    # the stretch found after moving its edges must still be similar enough for its length.
    alignment = fuzz.partial_ratio_alignment(text, body, score_cutoff=MIN_SIMILARITY - 20)
    if alignment is None:
        return None
    start, end = _refine(body, text, alignment.dest_start, alignment.dest_end)
    if fuzz.ratio(text, body[start:end]) < _required_similarity(text):
        return None
    return start, end


def _required_similarity(text: str) -> float:
    # The shorter the passage, the likelier a different sentence shares most of its words.
    return MIN_SIMILARITY + max(0.0, (120 - len(text)) / 12)


def _refine(body: str, text: str, start: int, end: int) -> tuple[int, int]:
    # partial_ratio aligns a window exactly as long as the old passage; an edit that added or removed
    # words leaves its edges off, so move each edge to where the whole stretch reads most like the passage.
    slack = max(8, len(text) // 4)

    def score(s: int, e: int) -> tuple[float, int]:
        return fuzz.ratio(text, body[s:e]), -abs(s - start) - abs(e - end)

    for _ in range(2):
        start = max(range(max(0, start - slack), min(end, start + slack + 1)), key=lambda s: score(s, end))
        end = max(range(start + 1, min(len(body), end + slack) + 1), key=lambda e: score(start, e))
    return start, end
