"""What a user typed in the search box, read alike by both libraries: field filters (`outlet:xinhua`,
`date:2024-04`, `author:"jane doe"`), words to leave out (`-xinhua`) and the words around them. Each
library turns them into its own index's query (library.py's fts_query, postgres/search.py's ts_query)."""

from __future__ import annotations

import re

FIELDS = ("title", "text", "body", "outlet", "date", "author")
"""The fields a filter may name; "text" and "body" are the same one."""
# A figure typed with its point or comma ("4.2", "65,000"): the index holds its digits as two words, and
# finds every article holding a word starting 4 and another starting 2; the text is then asked for it whole.
_FIGURE = re.compile(r"\d+(?:[.,]\d+)+")
_FILTER = re.compile(rf"(?i)\b(?P<field>{'|'.join(FIELDS)}):(?:\"(?P<quoted>[^\"]+)\"?|(?P<bare>[^\s\"]+))")


def field_filters(text: str) -> tuple[list[tuple[str, str]], str]:
    """The filters in `text` as (field, value), in order, the field case-folded; and the text with each
    filter made a space."""
    filters: list[tuple[str, str]] = []

    def taken(match: re.Match[str]) -> str:
        filters.append((match["field"].casefold(), match["quoted"] if match["quoted"] is not None else match["bare"]))
        return " "

    return filters, _FILTER.sub(taken, text)


def figures_in(text: str) -> list[str]:
    """The figures with a point or comma in what a user typed outside field filters and words left out,
    each to be found whole in an article's title or text (the index finds their parts anywhere)."""
    return _FIGURE.findall(left_out(field_filters(text)[1])[1])


_LEFT_OUT = re.compile(r"(?:^|(?<=\s))-(?P<word>[^\s-]\S*)")


def only_left_out(text: str) -> bool:
    """Whether a search holds words to leave out and nothing to find (`-xinhua`): it finds nothing, the
    index having no query for every article, and the user is told to name a word to find."""
    filters, rest = field_filters(text)
    without, rest = left_out(rest)
    return bool(without) and not rest.strip() and not filters


def left_out(text: str) -> tuple[list[str], str]:
    """The words typed with a minus before them (`china -xinhua`: articles without "xinhua"), and the
    text with each made a space. A minus inside a word ("anti-war") or alone is no such word."""
    words: list[str] = []

    def taken(match: re.Match[str]) -> str:
        words.append(match["word"])
        return " "

    return words, _LEFT_OUT.sub(taken, text)
