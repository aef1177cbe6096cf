"""Reading the words of two bodies for the aligner (matching.prepare): every word with its terms, and
the values, read before the pieces are known (`read_words`, while another process may cut them), then
each piece's terms and tokens cut from those (`read_pieces`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, itemgetter, sub

from ..text.checkpoints import check_in
from ..text.sentences import Piece
from ..text.values import body_values
from ..text.words import TextTokens, Token, WordScan, compound_splits, fallback_terms, stem_ahead, terms_by_surface

_TERMS = itemgetter(3)
"""A Token's terms."""
_START, _END = attrgetter("start"), attrgetter("end")
_ENTRY_TERMS, _CONTEXT = itemgetter(2), itemgetter(3)
"""Of an entry of `seen` (read_pieces): the piece's terms, and the kind of character before it."""
_WORD_CHARACTER = re.compile(r"\w")
"""A letter, a digit or "_": the characters `_kind_before` does not call 0."""


def _kind_before(text: str, start: int) -> int:
    """What `re` sees of the character before `start`: a letter or digit (2), "_" (1, a word character
    that is not one), or anything else or none (0)."""
    before = text[start - 1] if start else " "
    return 2 if before.isalnum() else 1 if before == "_" else 0


@dataclass(frozen=True)
class BodyWords:
    """The words of two bodies, read before their pieces are known (`read_words`): each body's
    reader of its pieces' tokens, the compounds split across both, and the terms' cache they fill."""

    readers: tuple[TextTokens, TextTokens]
    splits: dict[str, tuple[str, str]]
    cache: dict[str, tuple[str, ...]]


def read_words(text_a: str, text_b: str) -> BodyWords:
    """Every word of both bodies with its terms, and their values: what `prepare` reads of the texts
    without their pieces, so it may run while another process cuts them (compare.py)."""
    # A body compared with itself (compare_texts passes one string for both) is read once: one reader
    # serves both sides, as `prepare` empties it of what it gave for one before reading the other.
    same = text_b is text_a
    scans = [WordScan(text_a)]
    check_in()  # between steps that each take a second of a text of millions of words
    if not same:
        scans.append(WordScan(text_b))
    surfaces = {surface for scan in scans for surface in scan.surfaces}
    vocabulary = set(map(str.casefold, surfaces))
    check_in()
    stem_ahead(vocabulary)
    splits = compound_splits(vocabulary)
    cache: dict[str, tuple[str, ...]] = {}
    # One dict for the words of both: the second text's shared words are not read again.
    terms_of = terms_by_surface(surfaces, splits, cache)
    readers = []
    for scan in scans:
        values = body_values(scan.text)
        check_in()
        readers.append(TextTokens(scan, values, splits, cache, terms_of))
        check_in()
    return BodyWords((readers[0], readers[-1]), splits, cache)


def read_pieces(
    text: str, pieces: list[Piece], reader: TextTokens, seen: dict[str, tuple[int, list[Token], list[str], int]]
) -> tuple[list[list[str]], list[list[Token]]]:
    """Each piece's terms and tokens. A piece's words depend on its text and on the kind of character
    before it (a number's start looks one character back): a piece met before, on either side, has its
    terms reused, and its tokens moved from where it was met where that character differs in kind.
    `seen` holds the pieces met: where each was first, its tokens and terms, and that kind."""
    starts, ends = list(map(_START, pieces)), list(map(_END, pieces))
    texts = list(map(text.__getitem__, map(slice, starts, ends)))
    if any(map(_CONTEXT, seen.values())) or _WORD_CHARACTER.search(
        "".join(map(text.__getitem__, map(sub, filter(None, starts), repeat(1))))
    ):
        return _read_one_by_one(text, pieces, texts, reader, seen)
    # Where no piece follows a letter, digit or "_" (none that segment() cuts does), each piece's tokens
    # are its own, and its terms those of the first piece with its text: the tokens of all at once,
    # the terms of each text once (100,000 one-word pieces hold a dozen texts).
    tokens = reader.each(starts, ends)
    first = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1), strict=True))
    for piece_text, k in first.items():
        if piece_text not in seen:
            seen[piece_text] = (starts[k], tokens[k], _terms_of(tokens[k]), 0)
    return list(map(_ENTRY_TERMS, map(seen.__getitem__, texts))), tokens


def _read_one_by_one(
    text: str,
    pieces: list[Piece],
    texts: list[str],
    reader: TextTokens,
    seen: dict[str, tuple[int, list[Token], list[str], int]],
) -> tuple[list[list[str]], list[list[Token]]]:
    """read_pieces, a piece at a time."""
    terms = []
    tokens = []
    for p, piece_text in zip(pieces, texts, strict=True):
        before = seen.get(piece_text)
        context = _kind_before(text, p.start)
        if before is None:
            found = reader.of(p.start, p.end)
            piece_terms = _terms_of(found)
            seen[piece_text] = (p.start, found, piece_terms, context)
        elif before[3] == context:
            found = reader.of(p.start, p.end)
            piece_terms = before[2]
        else:
            shift = p.start - before[0]
            found = [Token(t.start + shift, t.end + shift, t.surface, t.terms) for t in before[1]]
            piece_terms = before[2]
        tokens.append(found)
        terms.append(piece_terms)
    return terms, tokens


def _terms_of(tokens: list[Token]) -> list[str]:
    """A piece's terms, from its tokens."""
    # Each token's terms chained in C: no Python step for each of a text's 100,000 terms.
    return list(chain.from_iterable(map(_TERMS, tokens))) or fallback_terms(t.surface for t in tokens)
