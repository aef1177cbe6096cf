"""Related accounts: the articles of the library most likely to report the same event as a given one.

Candidates are the articles sharing the given one's rarest telling words (the names it keeps
mentioning, its title, its most frequent words), found in the full-text index: the cost grows with how
often those words occur, not with the size of the library. The candidates are then ranked by how much
of their wording they share with it, which takes a fraction of a millisecond a pair, and the likeliest
few are aligned in full: those reporting the same event come first.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from typing import NamedTuple

from ..engine.align.relatedness import one_event
from ..engine.corpus.signature import likeness, names, wording
from ..engine.ingest.articles import Article
from ..engine.text.words import WORD, is_function_word
from .interface import Store
from .library import ArticleRow

CANDIDATES = 40
SAME_STORY_CHECKED = 5
"""How many of the likeliest accounts are aligned in full to see whether they report the same event."""
TELLING_WORDS = 16
COMMON_SHARE = 0.05
"""A word found in more of the library than this says little about one event: its articles are
looked through only while too few candidates have been found."""
_INDEX_TOKEN = re.compile(r"[^\W_]+")
"""What the full-text index takes for one word: "china’s" is two, "china" and "s"."""


def telling_words(article: Article, count: int = TELLING_WORDS) -> list[str]:
    """The words most likely to be shared by another account of the same event: the names the article
    keeps mentioning, the words of its title, then its most frequent words."""
    frequent = Counter(
        word
        for word in WORD.findall(article.body.casefold())
        if len(word) > 2 and not word.isdigit() and not is_function_word(word)
    )
    title = [word.casefold() for word in WORD.findall(article.title) if len(word) > 2 and not is_function_word(word)]
    chosen: dict[str, None] = {}
    for word in [*names(article.body), *title, *(word for word, _ in frequent.most_common(count))]:
        for piece in _pieces(word):
            chosen.setdefault(piece)
    return list(chosen)[:count]


def _pieces(word: str) -> list[str]:
    return [piece for piece in _INDEX_TOKEN.findall(word) if len(piece) > 2]


class Related(NamedTuple):
    """An article offered for comparison: the share of wording it has in common with the one read (0 to
    1), its row, and whether it reports the same event (a translation shares little wording)."""

    score: float
    row: ArticleRow
    same_event: bool = False


def related_articles(library: Store, article: Article, limit: int = 20) -> list[Related]:
    """Other articles, most likely to report the same event first, each with the share of wording it
    has in common with `article` (0 to 1)."""
    own_rowid = library.rowid_of(article.id)
    if len(library) <= CANDIDATES + 1:
        rowids = [rowid for rowid in library.row_ids() if rowid != own_rowid]  # a small library: all of it
        shared_words: dict[int, float] = {}
    else:
        shared_words = _candidates(library, article, own_rowid)
        rowids = heapq.nlargest(CANDIDATES, shared_words, key=shared_words.__getitem__)
    own = wording(article.body)
    ranked = []
    for rowid, row in zip(rowids, library.rows_by_ids(rowids), strict=True):
        other = library.get(row.id) if row is not None else None
        if row is not None and other is not None and row.id != article.id:
            ranked.append((likeness(own, wording(other.body)), shared_words.get(rowid, 0.0), row))
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2].title.casefold()))
    # Shared wording ties an account of another event (an official's titles, stock phrases) with a
    # translation of the same speech: the likeliest few are aligned, and those that report the same
    # event, as story grouping decides it, come first.
    same = {row.id for _, _, row in ranked[:SAME_STORY_CHECKED] if _same_event(library, article, row.id)}
    ranked.sort(key=lambda item: item[2].id not in same)
    return [Related(round(score, 4), row, row.id in same) for score, _, row in ranked[:limit]]


def _same_event(library: Store, article: Article, other_id: str) -> bool:
    other = library.get(other_id)
    return other is not None and one_event(article.body, other.body)


def _candidates(library: Store, article: Article, own_rowid: int | None) -> dict[int, float]:
    """The articles sharing `article`'s telling words, each with the weight of the words it shares
    (rarer words weigh more)."""
    total = len(library)
    counted = []
    for word in telling_words(article):
        found = library.count_with_word(word)
        if found > (own_rowid is not None):
            counted.append((found, word))
    counted.sort()
    weights: defaultdict[int, float] = defaultdict(float)
    for found, word in counted:
        if found > total * COMMON_SHARE and (len(weights) > CANDIDATES or found > total / 2):
            break
        weight = math.log((1 + total) / found)
        for rowid in library.rowids_with_word(word):
            weights[rowid] += weight
    if own_rowid is not None:
        weights.pop(own_rowid, None)
    return dict(weights)
