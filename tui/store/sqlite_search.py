"""Search on the SQLite library: what a user typed, as an FTS5 query on the articles' index, with the
field filters both libraries read (search_filters.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .search_filters import field_filters


def fts_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word, as a prefix, all required, in the title, text,
    outlet, date or author; `outlet:xinhua`, `date:2024-04` or `author:"jane doe"` look in that field
    alone. Never an FTS5 syntax error, whatever the user typed."""
    filters, rest = field_filters(text)
    parts = [
        f"{_FIELD_COLUMNS[field]} : {_fts_term(term)}"
        for field, value in filters
        for term in _SEARCH_TERM.findall(value)
    ]
    parts.extend(_fts_term(term) for term in _SEARCH_TERM.findall(rest))
    return " ".join(parts) or None


_FIELD_COLUMNS = {
    "title": "title",
    "text": "body",
    "body": "body",
    "outlet": "outlet",
    "date": "date",
    "author": "author",
}
_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)


def fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"*'


JOINED_ARTICLES = " JOIN articles AS a ON a.rowid = articles_fts.rowid"


def figures_held(figures: Sequence[str]) -> tuple[str, str, tuple[str, ...]]:
    """What asks the articles the index matched for each figure whole in their title or text: the join
    to the articles, the condition (" AND ..."), its parameters; nothing without figures (no join)."""
    if not figures:
        return "", "", ()
    asked = "".join(" AND (instr(a.body, ?) OR instr(a.title, ?))" for _ in figures)
    return JOINED_ARTICLES, asked, tuple(f for f in figures for _ in "ab")
