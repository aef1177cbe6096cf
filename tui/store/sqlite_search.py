"""Search on the SQLite library: what a user typed, as an FTS5 query on the articles' index, with the
field filters both libraries read (search_filters.py)."""

from __future__ import annotations

import re

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
