"""Related accounts: the articles of the library most likely to report the same event as a given one.

Candidates come from the full-text index (an OR of the article's most characteristic words, ranked by
bm25), so the cost does not grow with the library; only those few are compared by the engine.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter

from cyberread.engine.align import similarity_hint
from cyberread.engine.articles import Article
from cyberread.engine.normalize import WORD, is_function_word
from cyberread.store.library import ArticleRow, Library

CHARACTERISTIC_TERMS = 16
CANDIDATES = 40


def characteristic_terms(library: Library, article: Article, count: int = CHARACTERISTIC_TERMS) -> list[str]:
    """The words that best tell this article apart: frequent here, rare in the library (tf·idf)."""
    frequencies = Counter(
        word.casefold() for word in (m.group() for m in WORD.finditer(article.body))
        if len(word) > 2 and not word.isdigit() and not is_function_word(word.casefold())
    )
    if not frequencies:
        return []
    total = max(1, len(library))
    document_counts = _document_counts(library.connection, list(frequencies))
    weights = {
        term: tf * math.log((1 + total) / (1 + document_counts.get(term, 0)))
        for term, tf in frequencies.items()
    }
    return sorted(weights, key=lambda term: (-weights[term], term))[:count]


def _document_counts(connection: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    # fts5vocab exposes the index's own document counts; a temp table, so the library's schema is untouched.
    connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab USING fts5vocab(main, articles_fts, row)")
    counts: dict[str, int] = {}
    for start in range(0, len(terms), 500):
        chunk = terms[start : start + 500]
        marks = ",".join("?" * len(chunk))
        counts.update(connection.execute(f"SELECT term, doc FROM temp.articles_vocab WHERE term IN ({marks})", chunk))
    return counts


def related_articles(library: Library, article: Article, limit: int = 20) -> list[tuple[float, ArticleRow]]:
    """Other articles, most likely to report the same event first, each with the engine's similarity."""
    terms = characteristic_terms(library, article) or [article.title]
    query = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    # A small library is compared whole: every other article is a candidate.
    candidates = library.rows() if len(library) <= CANDIDATES else library.search_fts(query, limit=CANDIDATES + 1)
    scored = []
    for row in candidates:
        if row.id == article.id:
            continue
        other = library.get(row.id)
        if other is not None:
            scored.append((similarity_hint(article.body, other.body), row))
    scored.sort(key=lambda item: (-item[0], item[1].title.casefold()))
    return scored[:limit]
