"""Whether two texts report the same event at all: accounts of one event name the same people, places
and organisations and give the same figures and dates, however they word the rest; two reports of
different football matches share "second half" and "he said", not names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..text.wordlists import FUNCTION_WORDS
from ..text.words import Token, term_list, tokenize
from .names import NOT_NAMES

_SENTENCE_OPENERS = frozenset('.!?:"“‘([')


@lru_cache(maxsize=65536)
def _name_terms(surface: str) -> tuple[str, ...]:
    return term_list(surface, {})


def anchors(text: str, tokens: list[Token] | None = None) -> set[str]:
    """The terms of a text that pin it to one event: names (capitalised words inside a sentence) and
    values (dates, ordinals, and numbers of two digits or more, or with a unit). `tokens`, when given,
    are the words of `text` tokenized already (with compound splits or not: a name's terms are its
    own, unsplit, either way)."""
    found: set[str] = set()
    for _ in _new_anchors(text, tokens, found):
        pass
    return found


def _new_anchors(
    text: str, tokens: Iterable[Token] | None, found: set[str], openers: set[str] | None = None
) -> Iterator[str]:
    """Each anchor of the text (`anchors`) as it is first met, added to `found` before it is given:
    a caller that has its answer stops reading the text there. `openers`, where given, gathers the
    terms of the capitalised words that begin a sentence, names or not: the other text tells which
    (report_different_events)."""
    # Whether a word's spelling can make it a name, read once a word; where its terms are all found
    # already, where it stands is not asked.
    spelled_as_name: dict[str, bool] = {}
    for token in tokenize(text) if tokens is None else tokens:
        if not token.terms:
            continue
        term = token.terms[0]
        if term.startswith("#"):
            if term not in found and value_pins_event(term):
                found.add(term)
                yield term
            continue
        surface = token.surface
        name = spelled_as_name.get(surface)
        if name is None:
            name = spelled_as_name[surface] = _spelled_as_name(surface)
        if not name:
            continue
        # One term is the word's own stem; two are a compound's parts, and a name is not split.
        terms = token.terms if len(token.terms) == 1 else _name_terms(surface)
        if found.issuperset(terms):
            continue
        if not _starts_sentence(text, token.start):
            for name_term in terms:
                if name_term not in found:
                    found.add(name_term)
                    yield name_term
        elif openers is not None:
            openers.update(terms)


def value_pins_event(term: str) -> bool:
    """Whether a value's term ("#date:2023-07-25") pins its text to one event: a date, an ordinal, or a
    number of two digits or more or with a unit."""
    key = term[1:]
    return key.startswith(("date:", "ord:")) or len(key.strip("%pt$€£¥₹₽.")) >= 2


def _spelled_as_name(surface: str) -> bool:
    if len(surface) < 2 or not surface[0].isupper():
        return False
    folded = surface.casefold()
    return folded not in FUNCTION_WORDS and folded not in NOT_NAMES


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` begins a sentence, as far as the three characters before it tell: the
    text's start or blank space alone, or a sentence end, colon, opening quotation mark or bracket and
    then blank space or nothing."""
    before = text[max(0, at - 3) : at].rstrip()
    return not before or before[-1] in _SENTENCE_OPENERS


def report_different_events(
    text_a: str,
    text_b: str,
    wanted: int,
    tokens_a: list[Token] | None = None,
    tokens_b: list[Token] | None = None,
) -> bool:
    """True when both texts name enough people, places and figures to tell (twice `wanted` each) and
    fewer than `wanted` of them are the same: two accounts of different events. Short passages, with
    too few names to judge by, are never called unrelated.

    A capitalised word that begins a sentence may be a name or not ("Idroval, which runs the dam" /
    "Officials said"): it counts where the other text writes it capitalised inside a sentence, which
    settles that it is one. Two short accounts of a dam's overflow shared only its river and town
    otherwise, and were reported as different events."""
    names_a: set[str] = set()
    openers_a: set[str] = set()
    for _ in _new_anchors(text_a, tokens_a, names_a, openers_a):
        pass
    if len(names_a | openers_a) < 2 * wanted:
        return False
    # b's anchors are read until `wanted` of them are a's too, which settles it: accounts of one event
    # share their first few names within a few lines (the long pair: 13 ms of b's words not read).
    names_b: set[str] = set()
    openers_b: set[str] = set()
    shared = 0
    for term in _new_anchors(text_b, tokens_b, names_b, openers_b):
        shared += term in names_a or term in openers_a
        if shared >= wanted:
            return False
    shared += len((openers_b & names_a) - names_b)
    count_a = len(names_a | (openers_a & names_b))
    count_b = len(names_b | (openers_b & names_a))
    return count_a >= 2 * wanted and count_b >= 2 * wanted and shared < wanted
