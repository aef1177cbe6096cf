"""Search on the PostgreSQL library: what a user typed, as a tsquery on the articles' index, folded as
the index folds its text, with field filters (`outlet:`, `date:`, `author:`) as the SQLite library reads them."""

from __future__ import annotations

import re
import unicodedata

from ..search_filters import field_filters, figures_in, left_out

_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)
_INDEX_WORD = re.compile(r"[^\W_]+")
# A field filter looks in the weights of that field; date and author share D, so they are rechecked.
_FIELD_WEIGHTS = {"title": "A", "text": "B", "body": "B", "outlet": "C", "date": "D", "author": "D"}
# What schema.py's cyberread_fold does, in Python: a query is folded as the index was.
_LATIN_MARKED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")
_MARKS_ON_LATIN = re.compile("([A-Za-z])[\u0300-\u036f]+")


class Query:
    """A tsquery for the index, and the exact rechecks of date: and author: filters."""

    def __init__(self, text: str, rechecks: tuple[tuple[str, str], ...], figures: tuple[str, ...] = ()) -> None:
        self.text = text
        self.rechecks = rechecks
        self.figures = figures
        """Figures with a point or comma the title or text must hold whole (search_filters.figures_in)."""

    def where(self) -> tuple[str, tuple[object, ...]]:
        if not self.text:
            return "FALSE", ()  # only words to leave out: nothing, as the SQLite library finds
        sql = "document @@ to_tsquery('simple', ?)"
        parameters: tuple[object, ...] = (self.text,)
        for column, term in self.rechecks:
            sql += f" AND cyberread_words({column}) @@ to_tsquery('simple', ?)"
            parameters += (term,)
        for figure in self.figures:
            sql += " AND (strpos(body, ?) > 0 OR strpos(title, ?) > 0)"
            parameters += (figure, figure)
        return sql, parameters


def ts_query(text: str) -> Query | None:
    """What a user typed as a query: every word a required prefix; `outlet:xinhua`, `date:2024-04` or
    `author:"jane doe"` look in that field alone, as the SQLite library's search does. Never a syntax
    error, whatever the user typed: each word is quoted."""
    parts: list[str] = []
    rechecks: list[tuple[str, str]] = []
    filters, rest = field_filters(text)
    without, rest = left_out(rest)
    for name, value in filters:
        for term in _words(value):
            parts.append(ts_word(term, prefix=True) + _FIELD_WEIGHTS[name])
            if name in ("date", "author"):
                rechecks.append((name, ts_word(term, prefix=True)))
    parts.extend(ts_word(term, prefix=True) for term in _words(rest))
    excluded = [_all(pieces) for word in without if (pieces := _words(word))]
    if excluded and not parts:
        return Query("", ())
    parts += [f"!({phrase})" for phrase in excluded]
    return Query(" & ".join(parts), tuple(rechecks), tuple(figures_in(text))) if parts else None


def _all(words: list[str]) -> str:
    """Every one of the words, as prefixes: "-new-york" leaves out the articles holding both, as the
    SQLite library's index (which keeps no positions) reads it."""
    return " & ".join(ts_word(word, prefix=True) for word in words)


def _words(text: str) -> list[str]:
    # Folded before it is split, as the index folds a text before splitting it. The index splits words
    # where the SQLite tokenizer does: at underscores and punctuation too.
    folded = fold_accents(unicodedata.normalize("NFC", text))
    return [piece for term in _SEARCH_TERM.findall(folded) for piece in _INDEX_WORD.findall(term)]


def fold_accents(text: str) -> str:
    """`text` as the index reads it (schema.py's cyberread_fold): Latin letters without their marks, so
    that `sao paulo` finds "São Paulo". Case is left to the index's dictionary, for the query and the
    text alike."""
    if not _LATIN_MARKED.search(text):
        return text
    return unicodedata.normalize("NFC", _MARKS_ON_LATIN.sub(r"\1", unicodedata.normalize("NFD", text)))


def ts_word(term: str, prefix: bool) -> str:
    """One word of a tsquery, quoted so that nothing a user typed is read as tsquery syntax."""
    quoted = "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"
    return quoted + (":*" if prefix else "")
