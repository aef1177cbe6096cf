"""Search on the SQLite library: what a user typed, as an FTS5 query on the articles' index, with the
field filters both libraries read (search_filters.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .search_filters import field_filters, left_out


def fts_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word, as a prefix, all required, in the title, text,
    outlet, date or author; `outlet:xinhua`, `date:2024-04` or `author:"jane doe"` look in that field
    alone. Never an FTS5 syntax error, whatever the user typed."""
    filters, rest = field_filters(text)
    without, rest = left_out(rest)
    parts = [
        f"{_FIELD_COLUMNS[field]} : {_fts_term(term)}"
        for field, value in filters
        for term in _SEARCH_TERM.findall(value)
    ]
    parts.extend(_fts_term(term) for term in _SEARCH_TERM.findall(rest))
    # "a b NOT c": NOT binds before the implicit AND. Words only to leave out find nothing (FTS5 has no
    # query for every row): `list` says a search needs a word to find.
    excluded = [_fts_all(pieces) for word in without if (pieces := _SEARCH_TERM.findall(word))]
    if excluded and not parts:
        return NOTHING
    return " ".join(parts + [f"NOT {term}" for term in excluded]) or None


NOTHING = '"" NOT ""'
"""An FTS5 query no article matches."""


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


def _fts_all(words: list[str]) -> str:
    """Every one of the words, as prefixes: a word left out that is several ("-new-york") leaves out the
    articles holding all of them (the index keeps no positions for a phrase)."""
    return "(" + " ".join(map(_fts_term, words)) + ")"


JOINED_ARTICLES = " JOIN articles AS a ON a.rowid = articles_fts.rowid"


def figures_held(figures: Sequence[str]) -> tuple[str, str, tuple[str, ...]]:
    """What asks the articles the index matched for each figure whole in their title or text: the join
    to the articles, the condition (" AND ..."), its parameters; nothing without figures (no join)."""
    if not figures:
        return "", "", ()
    asked = "".join(" AND (instr(a.body, ?) OR instr(a.title, ?))" for _ in figures)
    return JOINED_ARTICLES, asked, tuple(f for f in figures for _ in "ab")
