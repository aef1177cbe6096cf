"""Cutting a body into the passages the aligner pairs: sentences (nltk Punkt, no data files), the
clauses of lists inside them, and the smaller comma/conjunction pieces a match may gain or shed."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from .wordlists import FUNCTION_WORDS
from .words import WORD

if TYPE_CHECKING:
    from .punkt import MemoPunktSentenceTokenizer

# Punkt without training data knows no abbreviations; these are the ones news copy uses. Single
# letters cover initials ("George W. Bush") and the parts of "U.S." / "U.N.".
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "amb",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "u.a.e",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "no",
        "nos",
        "vol",
        "fig",
        "approx",
        "est",
        "dept",
        "govt",
        "univ",
        "assn",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "corp",
        "co",
        "bros",
        "mt",
        "ft",
        "ave",
        "blvd",
        "rd",
        "int'l",
    ]
) | frozenset("abcdefghijklmnopqrstuvwxyz")

# A list item or clause with fewer content words than this is glued to its neighbour: "Firstly,"
# or "and an open" alone says too little to be paired with anything.
MIN_CLAUSE_WORDS = 3
MIN_PIECE_WORDS = 3

# Clause boundaries: the items of a list ("; ") and what follows "including" / a colon. Both patterns
# are written to start with the white space every cut begins with ("(?<=[;:])\s+|\s+(?=including\s)"
# as "\s(?:(?<=[;:]\s)\s*|\s*(?=including\s))", the same matches), so `re` skips to white space
# rather than trying each alternative at every character: 2.5 times faster.
_CLAUSE_CUT = re.compile(r"\s(?:(?<=[;:]\s)\s*|\s*(?=including\s))")
# Piece boundaries inside a clause: after a comma or dash, before a coordinating conjunction (but not
# inside a name: "National Security Advisers and High Representatives").
_PIECE_CUT = re.compile(
    r"\s(?:(?<=,\s)\s*|(?<=,[\"”’']\s)\s*|\s*(?=(?:and|or|but|as well as)\s+(?![A-Z]))|\s*(?=[—–-]+\s))"
)
_LINE = re.compile(r"[^\n]+")
# nltk stops each Punkt regex after 5 s of wall clock, and one paragraph of a megabyte overruns
# that (TimeoutError): a long line goes to Punkt in windows of about this many characters instead.
PUNKT_WINDOW = 4000
_UP_TO_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_NOT_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Piece:
    """The smallest passage the aligner moves: `body[start:end]`, trimmed of whitespace.

    Pieces tile the body: between two neighbours lies only whitespace. `clause`, `sentence` and
    `block` (one line of the body) number the larger units the piece belongs to, across the body.
    """

    start: int
    end: int
    clause: int
    sentence: int
    block: int


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> MemoPunktSentenceTokenizer:
    # Imported on first use: Punkt takes 0.05 s to import (nltk whole 0.14 s), which every start of the
    # app would pay.
    from .punkt import MemoPunktSentenceTokenizer, PunktParameters, StdlibLanguageVars, StdlibToken

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    tokenizer = MemoPunktSentenceTokenizer(lang_vars=StdlibLanguageVars(), token_cls=StdlibToken)
    tokenizer._params = params
    return tokenizer


def _word_count(text: str, start: int, end: int) -> int:
    """Content words only: "and an open" is too thin to stand alone though it has three words."""
    words = WORD.findall(text, start, end)
    return len(words) - sum(map(FUNCTION_WORDS.__contains__, map(str.lower, words)))


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str], min_words: int) -> list[tuple[int, int]]:
    """Split text[start:end] where `pattern` matches, then glue parts shorter than `min_words` on."""
    cuts = pattern.finditer(text, start, end)
    first = next(cuts, None)
    if first is None:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    position = start
    for found in chain([first], cuts):
        if found.start() > position:
            parts.append((position, found.start()))
            position = found.end()
    parts.append((position, end))
    parts = [_trim(text, s, e) for s, e in parts]
    glued: list[list[int]] = []  # [start, end, content words]
    for s, e in parts:
        if e <= s:
            continue
        words = _word_count(text, s, e)
        if glued and glued[-1][2] < min_words:
            glued[-1][1] = e
            glued[-1][2] += words
        else:
            glued.append([s, e, words])
    if len(glued) > 1 and glued[-1][2] < min_words:
        last = glued.pop()
        glued[-1][1] = last[1]
    return [(s, e) for s, e, _ in glued] or [(start, end)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`: one line never holds part of two sentences and vice versa."""
    spans = []
    possible_end = _possible_ends()
    for line in _LINE.finditer(text):
        if possible_end.search(text, line.start(), line.end()) is None:
            s, e = _trim(text, line.start(), line.end())  # one sentence: Punkt would find no end in it
            if e > s:
                spans.append((s, e))
            continue
        # Cut at Punkt's sentence starts but keep every character: the spans tile the line.
        bounds = [line.start() + s for s in _sentence_starts(line.group())]
        for s, e in zip(bounds, bounds[1:] + [line.end()], strict=True):
            s, e = _trim(text, s, e)
            if e > s:
                spans.append((s, e))
    return spans


def _sentence_starts(line: str) -> list[int]:
    """Offsets in `line` where Punkt starts a sentence, in order; the first is always 0.

    A line longer than PUNKT_WINDOW goes to Punkt a window at a time, each ending at whitespace. The
    last sentence Punkt finds in a window may run on past it, so the next window starts there and
    looks again, unless that sentence began in the window's first half: then the next window starts
    where this one ends, which keeps the work linear. So only in a sentence over half a window long
    can a break fall at a window's edge, where Punkt cannot see the next word, and be missed.
    """
    starts = [0]

    def add(found: list[int]) -> None:
        # Punkt's realignment of closing punctuation may hand back a start already passed.
        starts.extend(s for s in found if s > starts[-1])

    position = 0
    while len(line) - position > PUNKT_WINDOW:
        last_space = _UP_TO_LAST_SPACE.match(line, position + 1, position + PUNKT_WINDOW)
        if last_space:
            cut = last_space.end() - 1
            found = _starts_after(line, position, cut)
            if found and found[-1] > position + PUNKT_WINDOW // 2:
                add(found[:-1])
                position = found[-1]
                starts.append(position)
                continue
            add(found)
        else:  # a word longer than a window: no sentence starts inside it
            next_space = _SPACE.search(line, position + PUNKT_WINDOW)
            if not next_space:
                break
            cut = next_space.start()
        next_word = _NOT_SPACE.search(line, cut)
        if not next_word:
            break
        position = next_word.start()  # the sentence goes on: Punkt finds where it ends
    else:
        add(_starts_after(line, position, len(line)))
    return starts


def _starts_after(line: str, start: int, end: int) -> list[int]:
    """Punkt's sentence starts in line[start:end] after `start` (which may be mid-sentence)."""
    if _possible_ends().search(line, start, end) is None:
        return []  # no place where Punkt would even consider a break: a heading, a one-word line
    return [start + s for s, _ in _sentence_tokenizer().span_tokenize(line[start:end]) if s > 0]


@lru_cache(maxsize=1)
def _possible_ends() -> re.Pattern[str]:
    """Punkt's own finder of the places a sentence may end (a period, ? or ! before more text)."""
    from .punkt import StdlibLanguageVars

    return StdlibLanguageVars().period_context_re()


# Segmenting is a third of preparing a comparison and depends on the body alone: the bodies of the
# last few comparisons (the article a reader compares with one, then another) are cut once. Across
# sessions the store keeps pieces by body (store/segments.py), under this version: change it with
# any change to where pieces fall.
SEGMENT_CACHE = 32
SEGMENTER_VERSION = 1
_FIELDS = 5  # start, end, clause, sentence, block


def segment(text: str) -> list[Piece]:
    """The pieces of `text` in order, each tagged with its clause, sentence and line."""
    return list(_segment_once(text, PUNKT_WINDOW))


@lru_cache(maxsize=SEGMENT_CACHE)
def _segment_once(text: str, window: int) -> tuple[Piece, ...]:
    """`window` is part of the key: tests vary PUNKT_WINDOW."""
    return tuple(_segment(text))


def _segment(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    clause_no = sentence_no = block_no = 0
    line_of = _line_starts(text)
    for sentence_no, (s_start, s_end) in enumerate(sentences(text)):
        block_no = line_of(s_start)
        for c_start, c_end in _cut(text, s_start, s_end, _CLAUSE_CUT, MIN_CLAUSE_WORDS):
            for p_start, p_end in _cut(text, c_start, c_end, _PIECE_CUT, MIN_PIECE_WORDS):
                pieces.append(Piece(p_start, p_end, clause_no, sentence_no, block_no))
            clause_no += 1
    return pieces


def _line_starts(text: str) -> Callable[[int], int]:
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    return lambda offset: bisect.bisect_right(starts, offset) - 1


def pieces_to_bytes(pieces: list[Piece]) -> bytes:
    """The pieces as five 64-bit integers each, to be kept by the store."""
    return array("q", [n for p in pieces for n in (p.start, p.end, p.clause, p.sentence, p.block)]).tobytes()


def pieces_from_bytes(blob: bytes, text: str) -> list[Piece]:
    """The pieces `pieces_to_bytes` wrote for `text`; ValueError unless they tile it as segment's do
    (in order, inside the text, their numbers never going back): a damaged cache is never trusted."""
    numbers = array("q")
    if len(blob) % (numbers.itemsize * _FIELDS):
        raise ValueError("not a whole number of pieces")
    numbers.frombytes(blob)
    pieces = [Piece(*numbers[k : k + _FIELDS]) for k in range(0, len(numbers), _FIELDS)]
    last = Piece(0, 0, 0, 0, 0)
    for piece in pieces:
        in_order = last.end <= piece.start < piece.end <= len(text)
        numbered = piece.clause >= last.clause and piece.sentence >= last.sentence and piece.block >= last.block
        if not (in_order and numbered):
            raise ValueError("pieces out of order or outside the text")
        last = piece
    return pieces
