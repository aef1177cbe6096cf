"""Whether two texts report the same event at all: accounts of one event name the same people, places
and organisations and give the same figures and dates, however they word the rest; two reports of
different football matches share "second half" and "he said", not names."""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.wordlists import FUNCTION_WORDS
from ..text.words import Token, term_list, tokenize

_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december".split()
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“‘(\[])\s*$")


@lru_cache(maxsize=65536)
def _name_terms(surface: str) -> tuple[str, ...]:
    return term_list(surface, {})


def anchors(text: str, tokens: list[Token] | None = None) -> set[str]:
    """The terms of a text that pin it to one event: names (capitalised words inside a sentence) and
    values (dates, ordinals, and numbers of two digits or more, or with a unit). `tokens`, when given,
    are the words of `text` tokenized already (with compound splits or not: a name's terms are its
    own, unsplit, either way)."""
    found: set[str] = set()
    for token in tokenize(text) if tokens is None else tokens:
        if not token.terms:
            continue
        term = token.terms[0]
        if term.startswith("#"):
            key = term[1:]
            if key.startswith(("date:", "ord:")) or len(key.strip("%pt$€£¥₹₽.")) >= 2:
                found.add(term)
            continue
        surface = token.surface
        if len(surface) < 2 or not surface[0].isupper() or surface.casefold() in FUNCTION_WORDS:
            continue
        if surface.casefold() in _NOT_NAMES or _SENTENCE_START.search(text[max(0, token.start - 3) : token.start]):
            continue
        found.update(_name_terms(surface))
    return found


def report_different_events(
    text_a: str,
    text_b: str,
    wanted: int,
    tokens_a: list[Token] | None = None,
    tokens_b: list[Token] | None = None,
) -> bool:
    """True when both texts name enough people, places and figures to tell (twice `wanted` each) and
    fewer than `wanted` of them are the same: two accounts of different events. Short passages, with
    too few names to judge by, are never called unrelated."""
    names_a, names_b = anchors(text_a, tokens_a), anchors(text_b, tokens_b)
    if min(len(names_a), len(names_b)) < 2 * wanted:
        return False
    return len(names_a & names_b) < wanted
